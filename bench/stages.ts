/**
 * One benchmark scenario in its own process (so its peak RSS is its own), timing every stage
 * separately: parse, resolve, load profiles, replay per mode, sizing, recommendations, render.
 * Prints one JSON line for bench/run.ts. Usage:
 *   tsx bench/stages.ts replay  MODELS DAYS RUNS [CAPACITY_DIVISOR]
 *   tsx bench/stages.ts replay-rss MODELS DAYS
 *   tsx bench/stages.ts replay-pairs MODELS DAYS RUNS   (warm: the reference and analyze() alternated, CPU and wall)
 *   tsx bench/stages.ts snapshot-file FILE MODELS DAYS  (minute data written as a usage snapshot)
 *   tsx bench/stages.ts replay-first MODELS DAYS [reference-first|ours-first]  (the first call of each in a fresh process)
 *   tsx bench/stages.ts replay-parts MODELS DAYS RUNS   (warm: the reference, the profile pass alone and analyze(), alternated)
 *   tsx bench/stages.ts sizing  MODELS DAYS RUNS DIVISOR...
 *   tsx bench/stages.ts csv     FILE MODELS RUNS
 *   tsx bench/stages.ts lambda  MODELS DAYS
 *   tsx bench/stages.ts digest  MODELS DAYS   (the lambda stage with the previous period, as the digest holds it)
 *   tsx bench/stages.ts aggregate ACCOUNTS REGIONS   (the fan-out's aggregator: merge every partial, build the message)
 */
import { DEFAULT_CACHE_READ_SHARES, analyze, groupUsage } from '../src/engine.js';
import { usd } from '../src/money.js';
import { recommendForModel } from '../src/recommend/recommend.js';
import { renderMarkdown, renderText } from '../src/report/render-text.js';
import { publishedReport, toPublishedJson } from '../src/report/published.js';
import { UnitSizer, buildLoadProfile } from '../src/replay/load-profile.js';
import { replayModel, replayProfileOptions } from '../src/replay/scenarios.js';
import { writeFileSync } from 'node:fs';
import { readUsageFile } from '../src/usage/read-file.js';
import { serializeSnapshot } from '../src/usage/snapshot.js';
import type { ModelUsage, UsageSnapshot } from '../src/usage/usage.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { buildSnsMessage } from '../src/report/sns-message.js';
import { SAMPLE_ACCOUNT, SAMPLE_DAYS, SAMPLE_END, sampleSnapshot } from '../src/sample/sample.js';
import { decodePartial, encodePartial, mergePartials, planFanOut, runPrefix, type FanOutRun } from '../src/service/fan-out.js';
import { BENCH_END, MODE_STAGES, REGION, benchCatalog, collectorSnapshot, load, modelIdOf, pointsOf } from './fixtures.js';

/** The report clock: the end of the bench window, so lifecycle and price age are what the fixtures say. */
const BENCH_NOW = new Date(BENCH_END * 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed<T>(run: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = run();
  return { ms: performance.now() - t0, value };
}
function medianOf(runs: number, run: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(timed(run).ms);
  return median(times);
}

/** Minute data for `models` x `days`, built straight into the compact arrays the builder produces. */
function minuteSnapshot(models: number, days: number): UsageSnapshot {
  const start = BENCH_END - days * 86_400;
  const n = days * 1440;
  const usage: ModelUsage[] = [];
  for (let i = 0; i < models; i++) {
    const input = new Uint32Array(n);
    const output = new Uint32Array(n);
    const reads = new Uint32Array(n);
    const invocations = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const l = load(i, start + k * 60, 60);
      input[k] = l.input;
      output[k] = l.output;
      reads[k] = l.reads;
      invocations[k] = l.invocations;
    }
    usage.push({ modelId: modelIdOf(i), region: REGION, segments: [{ periodSeconds: 60, start, length: n, metrics: { InputTokenCount: input, OutputTokenCount: output, CacheReadInputTokenCount: reads, Invocations: invocations } }] });
  }
  return { window: { start: new Date(start * 1000).toISOString(), end: new Date(BENCH_END * 1000).toISOString() }, models: usage, provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

/**
 * The reference: ONE plain pass over the same arrays, per model: the sum of every metric and the
 * per-minute peaks (input side = input + cache reads, and output), all read in the same loop.
 */
function referencePass(snapshot: UsageSnapshot): number {
  let check = 0;
  for (const m of snapshot.models) {
    for (const s of m.segments) {
      const input = s.metrics.InputTokenCount!;
      const reads = s.metrics.CacheReadInputTokenCount!;
      const output = s.metrics.OutputTokenCount!;
      const invocations = s.metrics.Invocations!;
      let sumIn = 0;
      let sumReads = 0;
      let sumOut = 0;
      let sumInvocations = 0;
      let peakIn = 0;
      let peakOut = 0;
      for (let i = 0; i < s.length; i++) {
        const x = input[i] as number;
        const r = reads[i] as number;
        const o = output[i] as number;
        sumIn += x;
        sumReads += r;
        sumOut += o;
        sumInvocations += invocations[i] as number;
        if (x + r > peakIn) peakIn = x + r;
        if (o > peakOut) peakOut = o;
      }
      check += sumIn + sumReads + sumOut + sumInvocations + peakIn + peakOut;
    }
  }
  return check;
}

/** CPU time (user + system, this process's threads) and wall time of one call, in ms. */
function cpuTimed(run: () => unknown): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall };
}

/**
 * CPU time the process spends from now until it is idle (under 1 ms of CPU in a 20 ms sleep: the
 * background compile and GC threads done), in ms; at most 2 s of waiting.
 */
async function cpuUntilIdle(): Promise<number> {
  let spent = 0;
  for (let i = 0; i < 100; i++) {
    const c0 = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const c = process.cpuUsage(c0);
    spent += (c.user + c.system) / 1000;
    if (c.user + c.system < 1000) break;
  }
  return spent;
}

/**
 * cpuTimed, with the CPU the call left running on background threads (its compile jobs) added up to
 * idle. BENCH_MARK=1 prints markers around the call, for a --trace-opt log to be cut by call.
 */
async function cpuTimedToIdle(run: () => unknown, name: string): Promise<{ cpu: number; wall: number; tailCpu: number }> {
  if (process.env.BENCH_MARK === '1') console.log(`@@start ${name}`);
  const timing = cpuTimed(run);
  if (process.env.BENCH_MARK === '1') console.log(`@@return ${name}`);
  const tailCpu = await cpuUntilIdle();
  if (process.env.BENCH_MARK === '1') console.log(`@@idle ${name}`);
  return { cpu: timing.cpu + tailCpu, wall: timing.wall, tailCpu };
}

/** Every stage of the analysis, timed apart; `analyze` is the same work end to end. */
function stageTimes(snapshot: UsageSnapshot, models: number, runs: number, capacityDivisor = 1) {
  const catalog = benchCatalog(models, 'provisioned', capacityDivisor);
  const windowHours = (Date.parse(snapshot.window.end) - Date.parse(snapshot.window.start)) / 3_600_000;
  const now = new Date(Date.parse(snapshot.window.end));
  const options = { minMonthlySavingsUsd: usd('1'), minSavingsPercent: usd('5'), windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES };
  const resolve = medianOf(runs, () => groupUsage(snapshot, (id) => catalog.canonicalId(id)));
  const { groups } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  // The profile pass as replay runs it: with the unit histogram and the Reserved overflow it builds.
  const profiles = medianOf(runs, () => {
    for (const g of groups) buildLoadProfile(g.series, replayProfileOptions(catalog.prices(g.modelId, g.region, g.scope)));
  });
  // Replay per mode: a catalog pricing one more mode each time; each mode's cost is the difference.
  const perMode: Record<string, number> = {};
  let previous = 0;
  for (const stage of MODE_STAGES) {
    const staged = benchCatalog(models, stage, capacityDivisor);
    const ms = medianOf(runs, () => {
      for (const g of groups) replayModel(g, { catalog: staged, windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES, now: BENCH_NOW });
    });
    perMode[stage] = Math.max(0, ms - previous);
    previous = ms;
  }
  // Sizing and recommendations, model by model (holding every model's replay at once would measure
  // the bench's memory, not the engine's): the sizer (its histogram comes from the profile pass, timed
  // above), then a binary search over unit counts as a convex search makes it; then the recommendation.
  const sizingRuns: number[] = [];
  const recommendationRuns: number[] = [];
  for (let r = 0; r < runs; r++) {
    let sizingMs = 0;
    let recommendMs = 0;
    for (const g of groups) {
      const replay = replayModel(g, { catalog, windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES, now: BENCH_NOW });
      const cap = replay.prices?.modelUnitCapacity;
      if (cap) {
        sizingMs += timed(() => {
          const sizer = new UnitSizer(replay.profile, cap);
          let lo = 0;
          let hi = sizer.unitsForPeak;
          while (lo < hi) {
            const mid = Math.floor((lo + hi) / 2);
            if (sizer.evaluate(mid, windowHours * 60).overflowInputTokens > sizer.evaluate(mid + 1, windowHours * 60).overflowInputTokens * 2) lo = mid + 1;
            else hi = mid;
          }
        }).ms;
      }
      recommendMs += timed(() => recommendForModel(replay, options)).ms;
    }
    sizingRuns.push(sizingMs);
    recommendationRuns.push(recommendMs);
  }
  const sizing = median(sizingRuns);
  const recommendations = median(recommendationRuns);
  const report = analyze(snapshot, catalog, { now });
  const render = medianOf(runs, () => {
    const view = publishedReport(report);
    return [renderText(view), renderMarkdown(view), JSON.stringify(toPublishedJson(view))];
  });
  const total = medianOf(runs, () => analyze(snapshot, catalog, { now }));
  return { resolve, profiles, perMode, replayAllModes: previous, sizing, recommendations, render, analyze: total, scenarios: report.models.reduce((a, m) => a + m.scenarios.length, 0) };
}

const [scenario, ...args] = process.argv.slice(2);
const out: Record<string, unknown> = { scenario };
if (scenario === 'replay') {
  const [models, days, runs, divisor] = args.map(Number) as [number, number, number, number?];
  const snapshot = minuteSnapshot(models, days);
  out.points = pointsOf(snapshot.models);
  out.reference = medianOf(runs, () => referencePass(snapshot));
  Object.assign(out, stageTimes(snapshot, models, runs, divisor ?? 1));
} else if (scenario === 'replay-pairs') {
  // Warm: the reference pass and analyze() alternated in one process (each run once first, so both
  // are compiled), each timed in CPU and wall time; the pairs give the ratio's spread.
  const [models, days, runs] = args.map(Number) as [number, number, number];
  const snapshot = minuteSnapshot(models, days);
  const catalog = benchCatalog(models);
  const now = new Date(BENCH_END * 1000);
  out.points = pointsOf(snapshot.models);
  referencePass(snapshot);
  analyze(snapshot, catalog, { now });
  const pairs: Array<{ ours: { cpu: number; wall: number }; reference: { cpu: number; wall: number } }> = [];
  for (let r = 0; r < runs; r++) {
    // The order alternates too, so neither side always runs right after a collection of the other's garbage.
    const first = r % 2 === 0;
    const reference = first ? cpuTimed(() => referencePass(snapshot)) : undefined;
    const ours = cpuTimed(() => analyze(snapshot, catalog, { now }));
    pairs.push({ ours, reference: reference ?? cpuTimed(() => referencePass(snapshot)) });
  }
  out.pairs = pairs;
} else if (scenario === 'replay-parts') {
  // Where the warm replay's time goes: the reference, the profile pass alone (every model's
  // buildLoadProfile with the options replay gives it, so with the unit histogram and the overflow
  // levels) and analyze(), alternated in one process. The pass is a floor analyze() cannot go below.
  const [models, days, runs] = args.map(Number) as [number, number, number];
  const snapshot = minuteSnapshot(models, days);
  const catalog = benchCatalog(models);
  const now = new Date(BENCH_END * 1000);
  const { groups } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  const profileOptions = groups.map((g) => replayProfileOptions(catalog.prices(g.modelId, g.region, g.scope)));
  const profilePass = () => groups.forEach((g, i) => buildLoadProfile(g.series, profileOptions[i]));
  referencePass(snapshot);
  profilePass();
  analyze(snapshot, catalog, { now });
  const sides: Array<[string, () => unknown]> = [['reference', () => referencePass(snapshot)], ['pass', profilePass], ['ours', () => analyze(snapshot, catalog, { now })]];
  const parts: Array<Record<string, { cpu: number; wall: number }>> = [];
  for (let r = 0; r < runs; r++) {
    // Each run starts with the next side, so no side always follows another's garbage.
    const part: Record<string, { cpu: number; wall: number }> = {};
    for (let k = 0; k < sides.length; k++) {
      const [name, run] = sides[(r + k) % sides.length]!;
      part[name] = cpuTimed(run);
    }
    parts.push(part);
  }
  out.parts = parts;
} else if (scenario === 'replay-first') {
  // The first call in a fresh process, as a CLI run makes it: the reference's first pass and
  // analyze()'s first call, each timed once, in the order the caller names (bench/run.ts alternates
  // it from process to process, so neither side always runs on the heap the other left).
  const [models, days] = args.slice(0, 2).map(Number) as [number, number];
  const oursFirst = args[2] === 'ours-first';
  const snapshot = minuteSnapshot(models, days);
  const catalog = benchCatalog(models);
  out.points = pointsOf(snapshot.models);
  const runReference = () => cpuTimedToIdle(() => referencePass(snapshot), 'reference');
  const runOurs = () => cpuTimedToIdle(() => analyze(snapshot, catalog, { now: new Date(BENCH_END * 1000) }), 'ours');
  // V8 compiles hot functions on background threads, which process.cpuUsage() counts: the compile
  // jobs the set-up queued (the catalog's schema, the fixtures) would land in whichever call is timed
  // first, so both calls start on an idle process, and each call's figure runs until the compile
  // jobs it queued itself have finished.
  out.setUpTailMs = await cpuUntilIdle();
  let reference: Awaited<ReturnType<typeof cpuTimedToIdle>>;
  let ours: Awaited<ReturnType<typeof cpuTimedToIdle>>;
  if (oursFirst) {
    ours = await runOurs();
    reference = await runReference();
  } else {
    reference = await runReference();
    ours = await runOurs();
  }
  out.pairs = [{ ours, reference }];
} else if (scenario === 'snapshot-file') {
  // The usage of a bench CSV (minute data) as a usage snapshot, the format --save-usage writes.
  const [file, models, days] = [args[0]!, Number(args[1]), Number(args[2])];
  writeFileSync(file, serializeSnapshot(minuteSnapshot(models, days)));
} else if (scenario === 'replay-rss') {
  // One analysis of the usage, as a run of the tool makes it: its peak RSS is what analyze() needs.
  const [models, days] = args.map(Number) as [number, number];
  const snapshot = minuteSnapshot(models, days);
  out.points = pointsOf(snapshot.models);
  const t0 = performance.now();
  analyze(snapshot, benchCatalog(models), { now: new Date(BENCH_END * 1000) });
  out.ms = performance.now() - t0;
} else if (scenario === 'sizing') {
  const [models, days, runs, ...divisors] = args.map(Number) as [number, number, number, ...number[]];
  const snapshot = minuteSnapshot(models, days);
  const profiles = snapshot.models.map((m) => buildLoadProfile([m]));
  out.points = pointsOf(snapshot.models);
  const units = divisors.map(() => 0);
  const sizeAll = (d: number) => {
    const divisor = divisors[d]!;
    const cap = { inputTokensPerMinute: 4_000_000 / divisor, outputTokensPerMinute: 400_000 / divisor };
    for (const p of profiles) {
      const sizer = new UnitSizer(p, cap);
      units[d] = Math.max(units[d]!, sizer.unitsForPeak);
      // Probes as a convex search makes them: O(log units) evaluations.
      for (let k = sizer.unitsForPeak; k > 0; k = Math.floor(k / 2)) sizer.evaluate(k, days * 1440);
    }
  };
  // Every divisor once per round, the order reversed from round to round (as every other figure is
  // alternated), so a slow moment of the machine does not fall on one divisor's runs only; each round's
  // times are kept, for ratios taken within a round.
  // Each divisor run once before, unrecorded: the first run of all compiles the sizer (the replay's warm
  // figures are taken the same way).
  for (let d = 0; d < divisors.length; d++) sizeAll(d);
  const rounds: Array<Array<{ cpu: number; wall: number }>> = [];
  for (let r = 0; r < runs; r++) {
    const round: Array<{ cpu: number; wall: number }> = [];
    const order = divisors.map((_, d) => d);
    if (r % 2 === 1) order.reverse();
    for (const d of order) round[d] = cpuTimed(() => sizeAll(d));
    rounds.push(round);
  }
  out.sizing = divisors.map((divisor, d) => ({ divisor, unitsForPeak: units[d]!, ms: median(rounds.map((round) => round[d]!.wall)) }));
  // The first divisor against the last, round by round.
  out.pairs = rounds.map((round) => ({ reference: round[0]!, ours: round[divisors.length - 1]! }));
} else if (scenario === 'csv') {
  const [file, modelsText, runsText] = args as [string, string, string];
  const models = Number(modelsText);
  const runs = Number(runsText);
  const t0 = performance.now();
  const snapshot = await readUsageFile(file, { now: BENCH_NOW });
  out.parse = performance.now() - t0;
  out.points = pointsOf(snapshot.models);
  Object.assign(out, stageTimes(snapshot, models, runs));
} else if (scenario === 'lambda' || scenario === 'digest') {
  const [models, days] = args.map(Number) as [number, number];
  // As the collector returns it: minutes for the last 15 days, 5-minute points before.
  const tiers: Array<[number, number]> = days > 15 ? [[days - 15, 300], [15, 60]] : [[days, 60]];
  const t0 = performance.now();
  const snapshot = collectorSnapshot(models, tiers);
  // The digest also holds the period before, for week over week: 5-minute data up to 63 days old, hourly past it.
  const previousEnd = BENCH_END - days * 86_400;
  const previous = scenario === 'digest' ? collectorSnapshot(models, [[days, 2 * days > 63 ? 3600 : 300]], previousEnd) : undefined;
  const report = analyze(snapshot, benchCatalog(models), { now: new Date(BENCH_END * 1000), ...(previous ? { previousSnapshot: previous } : {}) });
  const view = publishedReport(report);
  renderText(view);
  JSON.stringify(toPublishedJson(view));
  out.points = pointsOf(snapshot.models) + (previous ? pointsOf(previous.models) : 0);
  out.ms = performance.now() - t0;
} else if (scenario === 'aggregate') {
  // The fan-out's aggregator: every (account, Region) item's partial report read as text (as from S3),
  // decoded, merged into one organisation report and built into the SNS message. Each partial is the
  // sample account's report with its previous period (the sample has more models than most items).
  const [accounts, regions] = args.map(Number) as [number, number];
  const now = new Date(SAMPLE_END);
  const report = analyze(sampleSnapshot(), PriceCatalog.bundled(), { now });
  const items = planFanOut(Array.from({ length: accounts }, (_, i) => ({ accountId: String(100_000_000_000 + i) })), ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'].slice(0, regions));
  const run: FanOutRun = { period: '2026-W48', now: now.toISOString(), days: SAMPLE_DAYS, bucket: 'bench', prefix: runPrefix('2026-W48'), mode: 'organization' };
  const text = encodePartial({ item: items[0]!, status: 'analysed', report, previous: report }, run);
  const t0 = performance.now();
  const partials = items.map((item) => {
    // Each account's own copy, as its worker wrote it: the account stamped where the report carries it.
    const partial = decodePartial(text.split(SAMPLE_ACCOUNT).join(item.accountId));
    partial.item = item;
    return partial;
  });
  const merged = mergePartials(run, items, partials);
  const message = buildSnsMessage(publishedReport(merged));
  out.ms = performance.now() - t0;
  out.items = items.length;
  out.partialBytes = text.length;
  out.models = merged.models.length;
  out.messageBytes = message.bytes;
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
