/**
 * Inputs for the benchmarks: a CloudWatch-shaped CSV export, snapshots built the way the collector
 * builds them, and a synthetic catalog that prices every mode for every bench model.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { UsageBuilder, type ModelUsage, type UsageSnapshot } from '../src/usage/usage.js';

export const BENCH_END = Date.parse('2026-11-23T00:00:00Z') / 1000;
export const REGION = 'us-east-1';
export const modelIdOf = (i: number) => `bench.model-${i}-v1:0`;

/** Tokens in one period for model i at time t: a daily curve, so peaks and idle hours both exist. */
export function load(i: number, t: number, periodSeconds: number): { input: number; output: number; reads: number; invocations: number } {
  const hour = (t / 3600) % 24;
  const level = (0.3 + 0.7 * Math.max(0, Math.sin((Math.PI * hour) / 24))) * (periodSeconds / 60) * (1 + (i % 7));
  // A little deterministic jitter, so values are not all equal.
  const jitter = 1 + (((t / periodSeconds) * 2654435761 + i * 40503) % 1000) / 10_000;
  return {
    input: Math.round(120_000 * level * jitter),
    output: Math.round(12_000 * level * jitter),
    reads: Math.round(200_000 * level * jitter),
    invocations: Math.round(40 * level * jitter),
  };
}

const METRICS = ['InputTokenCount', 'OutputTokenCount', 'CacheReadInputTokenCount', 'Invocations'] as const;

/**
 * Row orders a CloudWatch-shaped export comes in: `minute` (every series' rows of one minute together,
 * as a dashboard export of many series writes them) or `series` (one series after another, each in
 * time order, as a per-model export writes them).
 */
export type CsvOrder = 'minute' | 'series';

/** Writes `models` x `days` of minute data, 4 metrics a minute, in the given row order; returns the row count. */
export async function writeCsv(path: string, models: number, days: number, order: CsvOrder = 'minute'): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  out.write('timestamp,region,modelId,metric,value\n');
  const start = BENCH_END - days * 86_400;
  let rows = 0;
  let buffer = '';
  const flush = async () => {
    if (buffer.length > 1 << 22) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  const stamp = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const valueOf = (l: ReturnType<typeof load>, metric: number) => (metric === 0 ? l.input : metric === 1 ? l.output : metric === 2 ? l.reads : l.invocations);
  if (order === 'minute') {
    for (let t = start; t < BENCH_END; t += 60) {
      const ts = stamp(t);
      for (let i = 0; i < models; i++) {
        const l = load(i, t, 60);
        const prefix = `${ts},${REGION},${modelIdOf(i)},`;
        buffer += `${prefix}${METRICS[0]},${l.input}\n${prefix}${METRICS[1]},${l.output}\n${prefix}${METRICS[2]},${l.reads}\n${prefix}${METRICS[3]},${l.invocations}\n`;
        rows += 4;
      }
      await flush();
    }
  } else {
    for (let i = 0; i < models; i++) {
      for (let metric = 0; metric < METRICS.length; metric++) {
        const suffix = `,${REGION},${modelIdOf(i)},${METRICS[metric]},`;
        for (let t = start; t < BENCH_END; t += 60) {
          buffer += `${stamp(t)}${suffix}${valueOf(load(i, t, 60), metric)}\n`;
          rows++;
        }
        await flush();
      }
    }
  }
  out.write(buffer);
  out.end();
  await once(out, 'finish');
  return rows;
}

/**
 * A snapshot as the collector returns it: through `UsageBuilder.addSeries`, one call per metric and
 * tier. `tiers` lists [days, period] from oldest to newest, e.g. [[15, 300], [15, 60]].
 */
export function collectorSnapshot(models: number, tiers: Array<[days: number, periodSeconds: number]>, end = BENCH_END): UsageSnapshot {
  const totalDays = tiers.reduce((a, [d]) => a + d, 0);
  const start = end - totalDays * 86_400;
  const builder = new UsageBuilder();
  for (let i = 0; i < models; i++) {
    let t0 = start;
    for (const [days, period] of tiers) {
      const n = (days * 86_400) / period;
      const times = new Float64Array(n);
      const columns = { InputTokenCount: new Float64Array(n), OutputTokenCount: new Float64Array(n), CacheReadInputTokenCount: new Float64Array(n), Invocations: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        const t = t0 + k * period;
        const l = load(i, t, period);
        times[k] = t;
        columns.InputTokenCount[k] = l.input;
        columns.OutputTokenCount[k] = l.output;
        columns.CacheReadInputTokenCount[k] = l.reads;
        columns.Invocations[k] = l.invocations;
      }
      for (const [metric, values] of Object.entries(columns)) {
        builder.addSeries({ region: REGION, modelId: modelIdOf(i), namespace: 'AWS/Bedrock', metric: metric as (typeof METRICS)[number], periodSeconds: period, timestamps: times, values });
      }
      t0 += days * 86_400;
    }
  }
  return {
    window: { start: new Date(start * 1000).toISOString(), end: new Date(BENCH_END * 1000).toISOString() },
    models: builder.build(),
    provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

/** Which modes the synthetic catalog prices: each stage adds one, so differences time each mode. */
export const MODE_STAGES = ['on-demand', 'prompt-cache', 'batch', 'flex-priority', 'provisioned'] as const;
export type ModeStage = (typeof MODE_STAGES)[number];

/** A catalog pricing the bench models for the modes up to and including `upTo`; unit capacity divided by `capacityDivisor`. */
export function benchCatalog(models: number, upTo: ModeStage = 'provisioned', capacityDivisor = 1): PriceCatalog {
  const on = (stage: ModeStage) => MODE_STAGES.indexOf(stage) <= MODE_STAGES.indexOf(upTo);
  const entries = [];
  const prices = [];
  for (let i = 0; i < models; i++) {
    const modelId = modelIdOf(i);
    entries.push({
      modelId, name: `Bench ${i}`, provider: 'Bench', modality: 'text',
      ...(on('prompt-cache') ? { promptCache: { ttls: ['5m', '1h'], source: 's' } } : {}),
      ...(on('batch') ? { batch: { supported: true, source: 's' } } : {}),
      ...(on('provisioned') ? { provisionedThroughput: { supported: true, source: 's' } } : {}),
    });
    prices.push({
      model: modelId, region: REGION, scope: 'in-region', source: 's',
      perThousandTokens: {
        input: '0.003', output: '0.015',
        ...(on('prompt-cache') ? { cacheRead: '0.0003', cacheWrite5m: '0.00375', cacheWrite1h: '0.006' } : { cacheRead: '0.0003' }),
        ...(on('batch') ? { batchInput: '0.0015', batchOutput: '0.0075' } : {}),
        ...(on('flex-priority') ? { flexInput: '0.0015', flexOutput: '0.0075', priorityInput: '0.00525', priorityOutput: '0.02625' } : {}),
      },
      ...(on('provisioned')
        ? {
            perModelUnitHour: { noCommit: '40', oneMonth: '35', sixMonth: '25' },
            modelUnitCapacity: { inputTokensPerMinute: 4_000_000 / capacityDivisor, outputTokensPerMinute: 400_000 / capacityDivisor, source: 's' },
          }
        : {}),
    });
  }
  return PriceCatalog.fromDocument(
    { schemaVersion: 2, currency: 'USD', asOf: '2026-11-24', sources: { s: { title: 'bench (synthetic)', url: 'https://example.invalid/bench', readOn: '2026-11-24', reliability: 'PL' } }, models: entries, prices },
    'bench catalog',
  );
}

/** The same prices as a rates file, for the CLI end-to-end run (the bundled catalog lacks bench models). */
export function benchRatesFile(models: number): object {
  return {
    rates: Array.from({ length: models }, (_, i) => ({
      model: modelIdOf(i), region: REGION,
      onDemand: { input: '0.003', output: '0.015', cacheRead: '0.0003', cacheWrite: '0.00375' },
      batch: { input: '0.0015', output: '0.0075' },
      flex: { input: '0.0015', output: '0.0075' },
      priority: { input: '0.00525', output: '0.02625' },
      provisioned: { noCommit: '40', oneMonth: '35', sixMonth: '25', unitTokensPerMinute: { input: 4_000_000, output: 400_000 } },
    })),
  };
}

export function pointsOf(models: readonly ModelUsage[]): number {
  let n = 0;
  for (const m of models) for (const s of m.segments) n += s.length * Object.keys(s.metrics).length;
  return n;
}
