/**
 * `npm run bench`: every target of issues 7 and 21 as a ratio to a reference measured in the same run,
 * the two alternated (A B, B A, ...) so that a busy machine slows both alike. Each ratio is given in
 * CPU time (user + system, every thread: the main figure on a shared machine) and wall time, each with
 * its spread over the pairs (min / median / max); the verdict is on the CPU median. Memory targets are
 * a child's peak RSS. A summary table with the date closes the run. Not part of `npm test`.
 *
 *   BENCH_RUNS=5 (default; pairs per ratio) · BENCH_QUICK=1 for a small smoke run · BENCH_KEEP=1 keeps the files
 *   BENCH_ONLY=replay,csv,bill,logs,init,lambda runs only those sections
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRatesFile, writeCsv, type CsvOrder } from './fixtures.js';
import { buildCatalogProbe, buildColdInitPair, buildFirstInvocationBundle, buildFirstUseProbe, FIRST_INVOCATION_LIMIT, HANDLERS, LAMBDA_ENV } from './cold-init.js';
import { MAX_FANOUT_ACCOUNTS } from '../src/limits.js';
import { systemClock } from '../src/clock.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const runs = (section: string) => !ONLY || ONLY.has(section);
const REPLAY_MODELS = QUICK ? 100 : 1000;
const CSV_SIZES = QUICK ? [10] : [10, 100, 200];
const LAMBDA_MODELS = QUICK ? 30 : 300;
const FANOUT_ACCOUNTS = QUICK ? 50 : MAX_FANOUT_ACCOUNTS;
const LOG_RECORDS = QUICK ? 20_000 : 100_000;
const dir = mkdtempSync(join(tmpdir(), 'bca-bench-'));
const today = systemClock.now().toISOString().slice(0, 10);

interface Timing {
  cpu: number;
  wall: number;
}
interface Spread {
  min: number;
  median: number;
  max: number;
}
const summary: Array<{ target: string; figure: string; pass: boolean }> = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spreadOf = (xs: number[]): Spread => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const x = (s: Spread) => `${s.median.toFixed(2)}x (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;

function verdict(target: string, figure: string, pass: boolean): void {
  summary.push({ target, figure, pass });
  console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${target}: ${figure}`);
}

/** Ratios of pairs, ours over the reference, in CPU and wall time, with the verdict on the CPU median. */
function ratioVerdict(target: string, limit: number, pairs: Array<{ ours: Timing; reference: Timing }>, what = ''): Spread {
  const cpu = spreadOf(pairs.map((p) => p.ours.cpu / p.reference.cpu));
  const wall = spreadOf(pairs.map((p) => p.ours.wall / p.reference.wall));
  const oursCpu = median(pairs.map((p) => p.ours.cpu));
  const refCpu = median(pairs.map((p) => p.reference.cpu));
  console.log(`    ${pairs.length} alternated pairs${what}: CPU ours ${fmt(oursCpu)}, reference ${fmt(refCpu)}; wall ours ${fmt(median(pairs.map((p) => p.ours.wall)))}, reference ${fmt(median(pairs.map((p) => p.reference.wall)))}`);
  verdict(`${target} <= ${limit}x`, `CPU ${x(cpu)}, wall ${x(wall)}`, cpu.median <= limit);
  return cpu;
}

/** A child process: its wall time, and its peak RSS and CPU time (every thread) through bench/rss-probe.mjs. */
function child(args: string[], env: Record<string, string> = {}): Timing & { rssMiB: number; stdout: string } {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--import', './bench/rss-probe.mjs', ...args], { env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const probe = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuMs: number };
  rmSync(rssFile);
  return { wall, cpu: probe.cpuMs, rssMiB: probe.maxRSS / 1024, stdout: result.stdout };
}

/** Runs the two sides `n` times, alternating which goes first. */
function alternate<R extends Timing, O extends Timing>(n: number, reference: () => R, ours: () => O): Array<{ ours: O; reference: R }> {
  const pairs: Array<{ ours: O; reference: R }> = [];
  for (let r = 0; r < n; r++) {
    if (r % 2 === 0) {
      const ref = reference();
      pairs.push({ reference: ref, ours: ours() });
    } else {
      const o = ours();
      pairs.push({ ours: o, reference: reference() });
    }
  }
  return pairs;
}

/** A scenario of bench/stages.ts in its own process; its last stdout line is JSON. */
function stages(...args: Array<string | number>): Record<string, any> & { rssMiB: number } {
  const out = child(['--import', 'tsx', 'bench/stages.ts', ...args.map(String)]);
  return { ...JSON.parse(out.stdout.trim().split('\n').pop()!), rssMiB: out.rssMiB };
}

try {
  console.log(`bedrock-cost-advisor bench, ${today}: ${RUNS} alternated pairs per ratio, node ${process.version}, ${process.platform}/${process.arch}${QUICK ? ', QUICK (small sizes)' : ''}`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

  // --- 1. Replay: 1,000 models x 15 days of minutes, every mode priced --------------------------------
  if (runs('replay')) {
    console.log(`\n1. Replay: ${REPLAY_MODELS} models x 15 days of minute data, every mode priced, against ONE pass over the same typed arrays (per model: every metric's sum and the per-minute peaks)`);
    const warm = stages('replay-pairs', REPLAY_MODELS, 15, RUNS);
    console.log(`    ${warm.points.toLocaleString('en-US')} values; warm (the two alternated in one process, each run once before)`);
    ratioVerdict('replay warm, analyze() / one pass', 3, warm.pairs);
    // Not a target: where the warm time goes, so a change is aimed where it can show.
    const parts = stages('replay-parts', REPLAY_MODELS, 15, RUNS).parts as Array<Record<'reference' | 'pass' | 'ours', Timing>>;
    const share = (f: (p: Record<'reference' | 'pass' | 'ours', Timing>) => number) => x(spreadOf(parts.map(f)));
    console.log(`    of which (${parts.length} alternated triples, CPU / reference): the profile pass alone ${share((p) => p.pass.cpu / p.reference.cpu)}; the rest of analyze() (pricing, sizing, recommending) ${share((p) => (p.ours.cpu - p.pass.cpu) / p.reference.cpu)}`);
    const first = Array.from({ length: RUNS }, (_, k) => stages('replay-first', REPLAY_MODELS, 15, k % 2 === 0 ? 'reference-first' : 'ours-first').pairs[0]);
    console.log('    first call in a fresh process (each pair its own process, which side runs first alternated)');
    ratioVerdict('replay first call, analyze() / one pass', 5, first);
    const once = stages('replay-rss', REPLAY_MODELS, 15);
    verdict('replay peak RSS <= 600 MiB (one analysis in its own process)', `${once.rssMiB.toFixed(0)} MiB (the usage arrays alone: ${((once.points * 4) / 1_048_576).toFixed(0)} MiB)`, once.rssMiB <= 600);
    const half = stages('replay-pairs', REPLAY_MODELS, 7.5, RUNS);
    const linear = median(warm.pairs.map((p: { ours: Timing }) => p.ours.cpu)) / median(half.pairs.map((p: { ours: Timing }) => p.ours.cpu));
    verdict('replay cost at most linear in points (15 vs 7.5 days: 2x the points) <= 2.5x', `${linear.toFixed(2)}x the CPU time`, linear <= 2.5);
    const sizing = stages('sizing', REPLAY_MODELS, 15, RUNS, 1, 100, 1000);
    const [one, , thousand] = sizing.sizing as Array<{ divisor: number; unitsForPeak: number; ms: number }>;
    // Alternated rounds in one process, as every other ratio: a ratio of two single medians failed the
    // target on a slow sample alone (3.08x at af2c56c with the code unchanged since a 2.01x run).
    ratioVerdict('sizing flat in units needed (1,000x smaller units vs 1x)', 3, sizing.pairs, ` (peak needs ${one!.unitsForPeak} vs ${thousand!.unitsForPeak} units)`);
  }

  // --- 2. CSV against DuckDB, both row orders -----------------------------------------------------
  if (runs('csv')) {
    console.log('\n2. CSV, end to end (`analyze --input`, every mode priced) against DuckDB (read_csv + GROUP BY: per-model sums and per-minute peaks) over the same file');
    const floorFile = join(dir, 'floor.csv');
    await writeCsv(floorFile, 1, 1);
    const floorRates = join(dir, 'floor-rates.json');
    writeFileSync(floorRates, JSON.stringify(benchRatesFile(1)));
    const cli = (file: string, rates: string) => child(['bin/bedrock-cost-advisor.js', 'analyze', '--input', file, '--rates', rates, '--format', 'json', '--out', join(dir, 'report.json'), '--quiet']);
    const floor = Math.min(...[0, 1, 2].map(() => cli(floorFile, floorRates).rssMiB));
    console.log(`    process floor: ${floor.toFixed(0)} MiB peak RSS for 1 model x 1 day`);
    for (const models of CSV_SIZES) {
      const rates = join(dir, `rates-${models}.json`);
      writeFileSync(rates, JSON.stringify(benchRatesFile(models)));
      for (const order of ['minute', 'series'] as CsvOrder[]) {
        const file = join(dir, `usage-${models}-${order}.csv`);
        const rows = await writeCsv(file, models, 15, order);
        console.log(`  ${models} models x 15 days, rows grouped by ${order}: ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB`);
        const n = models >= 200 ? Math.max(3, RUNS - 2) : RUNS;
        const pairs = alternate(n, () => child(['bench/csv-duckdb.mjs', file]), () => cli(file, rates));
        ratioVerdict(`CSV ${models} models, ${order} order, CPU / DuckDB's`, 1.5, pairs);
        if (models === CSV_SIZES[CSV_SIZES.length - 1]) {
          const peak = Math.max(...pairs.map((p) => p.ours.rssMiB));
          const bytes = ((peak - floor) * 1_048_576) / rows;
          verdict(`CSV ${models} models, ${order} order, peak memory <= 12 bytes a point above the floor`, `${bytes.toFixed(1)} bytes (${peak.toFixed(0)} MiB peak, DuckDB ${Math.max(...pairs.map((p) => p.reference.rssMiB)).toFixed(0)} MiB); 1,000 models x 15 days at this rate: ${((floor * 1_048_576 + bytes * 1000 * 21_600 * 4) / 1_073_741_824).toFixed(2)} GiB`, bytes <= 12);
        }
        if (models === 100 && order === 'minute') {
          // The same usage as a snapshot (--save-usage's format) must stay cheaper to read than the CSV.
          const snapshotFile = join(dir, 'usage-100.jsonl');
          stages('snapshot-file', snapshotFile, models, 15);
          const lead = alternate(RUNS, () => cli(file, rates), () => cli(snapshotFile, rates));
          ratioVerdict('snapshot input, CPU / the same usage as CSV', 1, lead);
          rmSync(snapshotFile);
        }
        if (process.env.BENCH_KEEP !== '1') rmSync(file);
      }
    }
  }

  // --- 3. The bill: a year of daily CUR 2.0 rows ----------------------------------------------------
  if (runs('bill')) {
    const billDir = join(dir, 'cur');
    const generated = JSON.parse(child(['--import', 'tsx', 'bench/bill.ts', 'generate', billDir]).stdout.trim());
    console.log(`\n3. Bill: a year of daily CUR 2.0 rows, 100 models x 10 accounts x 4 token lines = ${generated.rows.toLocaleString('en-US')} rows in 12 monthly Parquet files, read by readCurBill against DuckDB's own query over the same files (both in a tsx process)`);
    const pairs = alternate(RUNS, () => child(['--import', 'tsx', 'bench/bill.ts', 'reference', billDir]), () => child(['--import', 'tsx', 'bench/bill.ts', 'read', billDir]));
    ratioVerdict("bill read, CPU / DuckDB's own query", 1.5, pairs);
    const rss = Math.max(...pairs.map((p) => p.ours.rssMiB));
    verdict('bill read peak RSS <= 1,024 MiB', `${rss.toFixed(0)} MiB (DuckDB's own query: ${Math.max(...pairs.map((p) => p.reference.rssMiB)).toFixed(0)} MiB)`, rss <= 1024);
  }

  // --- 4. Invocation logs ----------------------------------------------------------------------------
  if (runs('logs')) {
    const logsDir = join(dir, 'logs');
    const listFile = join(dir, 'log-files.txt');
    const generated = JSON.parse(child(['--import', 'tsx', 'bench/logs.bench.ts', 'generate', logsDir, listFile, String(LOG_RECORDS)]).stdout.trim());
    console.log(`\n4. Invocation logs: ${LOG_RECORDS.toLocaleString('en-US')} records in ${generated.files} hourly .json.gz objects, \`analyze --invocation-logs\` against DuckDB's read_json + GROUP BY over the same files`);
    const pairs = alternate(Math.max(3, RUNS - 2), () => child(['bench/logs-baseline.mjs', listFile]), () => child(['bin/bedrock-cost-advisor.js', 'analyze', '--invocation-logs', logsDir, '--format', 'json', '--out', join(dir, 'logs-report.json'), '--quiet']));
    ratioVerdict("invocation logs, CPU / DuckDB's read_json", 1.5, pairs);
    const rss = Math.max(...pairs.map((p) => p.ours.rssMiB));
    verdict('invocation logs peak RSS <= 1,024 MiB', `${rss.toFixed(0)} MiB (DuckDB: ${Math.max(...pairs.map((p) => p.reference.rssMiB)).toFixed(0)} MiB)`, rss <= 1024);
  }

  // --- 5. Lambda cold init against its SDK clients alone ---------------------------------------------
  if (runs('init')) {
    console.log('\n5. Lambda cold init: `require` of the function bundle (esbuild as serverless-esbuild: bundle everything, cjs, node22, minified with names kept, both sides) against a bundle of its SDK clients alone, each in a fresh process');
    const bundles = join(dir, 'bundles');
    for (const handler of HANDLERS) {
      const pair = await buildColdInitPair(handler, bundles);
      const probe = (file: string) => {
        const out = child(['bench/require-probe.cjs', file], LAMBDA_ENV);
        return JSON.parse(out.stdout.trim()) as Timing;
      };
      console.log(`  ${handler} (${pair.sdk.join(', ')})`);
      ratioVerdict(`${handler} cold init, CPU / its SDK clients alone`, 1.3, alternate(RUNS, () => probe(pair.clients), () => probe(pair.bundle)));
      // Init and then what the first invocation evaluates: the modules the handler import()s (see
      // FIRST_INVOCATION_LIMIT for the target's reasoning), against the same clients' bundle.
      const first = await buildFirstInvocationBundle(handler, bundles);
      const firstProbe = () => JSON.parse(child(['bench/first-invocation-probe.cjs', first.bundle], LAMBDA_ENV).stdout.trim()) as Timing & { initCpu: number };
      const pairs = alternate(RUNS, () => probe(pair.clients), firstProbe);
      const lazyCpu = spreadOf(pairs.map((p) => p.ours.cpu - p.ours.initCpu));
      console.log(`    + the first invocation's ${first.modules.length} import()ed modules evaluated (${first.modules.map((m) => m.replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1').replace(/^(src|functions)\//, '').replace(/\.ts$/, '')).join(', ')}): ${fmt(lazyCpu.median)} of CPU (${fmt(lazyCpu.min)}-${fmt(lazyCpu.max)}) after init`);
      ratioVerdict(`${handler} init + first invocation's imports, CPU / its SDK clients alone`, FIRST_INVOCATION_LIMIT, pairs);
    }
    // The catalog resolves a Region's rows on its first look-up: what init no longer does, the first
    // analysis of a Region does for that Region alone (us-east-1: the most rows), shown here beside it.
    const catalogProbe = await buildCatalogProbe(bundles, 'us-east-1');
    const catalog = Array.from({ length: RUNS }, () => JSON.parse(child([catalogProbe]).stdout.trim()) as { init: number; firstRegion: number; everyRegion: number });
    const cpuOf = (k: 'init' | 'firstRegion' | 'everyRegion') => `${fmt(median(catalog.map((c) => c[k])))} (${fmt(Math.min(...catalog.map((c) => c[k])))}-${fmt(Math.max(...catalog.map((c) => c[k])))})`;
    console.log(`  the bundled catalog, CPU median (min-max) of ${RUNS} fresh processes: at init ${cpuOf('init')}; + the first analysis's Region (us-east-1) ${cpuOf('firstRegion')}; + every other Region ${cpuOf('everyRegion')}`);
    // Built on first use, not at init: the zod schemas (each on its first parse) and the runaway
    // watch's clients; what each costs the first invocation that needs it.
    const firstUseProbe = await buildFirstUseProbe(bundles);
    const schemas = Array.from({ length: RUNS }, () => JSON.parse(child([firstUseProbe], LAMBDA_ENV).stdout.trim()) as Record<string, number>);
    const ms1 = (v: number) => `${v.toFixed(1)} ms`;
    const schemaCpu = (k: string) => `${ms1(median(schemas.map((c) => c[k]!)))} (${ms1(Math.min(...schemas.map((c) => c[k]!)))}-${ms1(Math.max(...schemas.map((c) => c[k]!)))})`;
    console.log(`  built on first use, not at init (what the first invocation pays), CPU median (min-max) of ${RUNS} fresh processes: zod schemas' first parse ${Object.keys(schemas[0]!).filter((k) => k !== 'runawayClients').map((k) => `${k} ${schemaCpu(k)}`).join('; ')}; the runaway watch's SNS and DynamoDB clients ${schemaCpu('runawayClients')}`);
  }

  // --- 6. Lambda memory: models x days, the digest, the fan-out aggregator ----------------------------
  if (runs('lambda')) {
    console.log('\n6. Lambda memory: snapshots as the collector returns them (15 days of minutes, older days at 5 minutes), analysed and rendered');
    const grid: Array<[number, number]> = QUICK ? [[LAMBDA_MODELS, 30]] : [[50, 7], [50, 30], [100, 7], [100, 30], [300, 7], [300, 30]];
    let target: Record<string, any> | undefined;
    // The README's sizing table, row for row: datapoints (4 metrics a model), peak RSS, and the suggested
    // memorySize (peak RSS plus a third, rounded up to a multiple of 128 MB).
    const suggested = (rssMiB: number) => Math.ceil((rssMiB * 4) / 3 / 128) * 128;
    const rows: Array<{ points: number; rssMiB: number }> = [];
    console.log('    | models x days | datapoints (4 metrics) | time | peak RSS | suggested `memorySize` |\n    |---|---|---|---|---|');
    for (const [models, days] of grid) {
      const l = stages('lambda', models, days);
      console.log(`    | ${models} x ${days} | ${(l.points / 1e6).toFixed(1)} M | ${fmt(l.ms)} | ${l.rssMiB.toFixed(0)} MiB | ${suggested(l.rssMiB)} MB |`);
      rows.push({ points: l.points, rssMiB: l.rssMiB });
      if (models === LAMBDA_MODELS && days === 30) target = l;
    }
    if (rows.length > 1) {
      const [small, large] = [rows[0]!, rows[rows.length - 1]!];
      console.log(`    growth from the smallest row to the largest: ${((large.rssMiB - small.rssMiB) / ((large.points - small.points) / 1e6)).toFixed(1)} MiB of peak RSS per million datapoints`);
    }
    const yml = readFileSync('serverless.yml', 'utf8');
    const memoryOf = (fn: string) => Number(new RegExp(`${fn}:[\\s\\S]*?memorySize:\\s*(\\d+)`).exec(yml)?.[1] ?? 0);
    verdict(`${LAMBDA_MODELS} models x 30 days within the analyze function's memory (${memoryOf('analyze')} MB)`, `${target!.rssMiB.toFixed(0)} MiB`, target!.rssMiB <= memoryOf('analyze'));
    const digest = stages('digest', LAMBDA_MODELS, 30);
    verdict(`${LAMBDA_MODELS} models x 30 days and the 30 before within the digest function's memory (${memoryOf('digest')} MB)`, `${digest.rssMiB.toFixed(0)} MiB`, digest.rssMiB <= memoryOf('digest'));
    const aggregate = stages('aggregate', FANOUT_ACCOUNTS, 2);
    verdict(`${FANOUT_ACCOUNTS.toLocaleString('en-US')} accounts x 2 Regions merged within the aggregator's memory (${memoryOf('fanoutAggregator')} MB)`, `${aggregate.rssMiB.toFixed(0)} MiB (${fmt(aggregate.ms)}, a ${(aggregate.messageBytes / 1024).toFixed(0)} KiB message)`, aggregate.rssMiB <= memoryOf('fanoutAggregator'));
  }
} finally {
  if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

const failed = summary.filter((r) => !r.pass);
const width = Math.max(...summary.map((r) => r.target.length));
console.log(`\nSummary, ${today} (ratios: median (min-max) over alternated pairs; verdict on the CPU median)`);
for (const r of summary) console.log(`  ${r.pass ? 'PASS' : 'FAIL'}  ${r.target.padEnd(width)}  ${r.figure}`);
console.log(`${summary.length - failed.length} of ${summary.length} targets met`);
process.exitCode = failed.length ? 1 : 0;
