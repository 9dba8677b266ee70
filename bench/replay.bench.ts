/**
 * Replay benchmark: 1,000 models, a 30-day window with CloudWatch's real resolution mix (15 days of
 * minutes, 15 days of 5-minute points), every pricing mode priced (a synthetic catalog prices every
 * dimension and gives unit capacity, so provisioned-throughput sizing runs for every model).
 *
 * Target: the replay of 1,000 models in about a second on the project's 2-core machines.
 * Run: npm run bench            (BENCH_MODELS=N to change the model count)
 */
import { PriceCatalog } from '../src/catalog/catalog.js';
import { analyze } from '../src/engine.js';
import type { ModelUsage, UsageSnapshot } from '../src/usage/usage.js';

const MODELS = Number(process.env.BENCH_MODELS ?? 1000);
const TARGET_MS = 1500; // "about a second", with headroom for a loaded CI machine
const END = Date.parse('2026-11-23T00:00:00Z') / 1000;
const DAYS = 30;

function catalogDocument(n: number) {
  const models = [];
  const prices = [];
  for (let i = 0; i < n; i++) {
    const modelId = `bench.model-${i}-v1:0`;
    models.push({ modelId, name: `Bench ${i}`, provider: 'Bench', modality: 'text', promptCache: { ttls: ['5m', '1h'], source: 's' }, batch: { supported: true, source: 's' }, provisionedThroughput: { supported: true, source: 's' } });
    prices.push({
      model: modelId, region: 'us-east-1', scope: 'in-region', source: 's',
      perThousandTokens: { input: '0.003', output: '0.015', cacheRead: '0.0003', cacheWrite5m: '0.00375', cacheWrite1h: '0.006', batchInput: '0.0015', batchOutput: '0.0075', flexInput: '0.0015', flexOutput: '0.0075', priorityInput: '0.00525', priorityOutput: '0.02625' },
      perModelUnitHour: { noCommit: '40', oneMonth: '35', sixMonth: '25' },
      modelUnitCapacity: { inputTokensPerMinute: 400_000, outputTokensPerMinute: 40_000, source: 's' },
    });
  }
  return { schemaVersion: 2, currency: 'USD', asOf: '2026-11-24', sources: { s: { title: 'bench', url: 'bench', readOn: '2026-11-24', reliability: 'derived' } }, models, prices };
}

function series(i: number): ModelUsage {
  // Two resolutions, as the collector returns them: 5-minute for days 30..15, minutes for the last 15.
  const start = END - DAYS * 86_400;
  const split = END - 15 * 86_400;
  const coarse = (split - start) / 300;
  const fine = (END - split) / 60;
  const make = (n: number, period: number, t0: number) => {
    const input = new Float64Array(n);
    const output = new Float64Array(n);
    const reads = new Float64Array(n);
    const writes = new Float64Array(n);
    const invocations = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const hour = ((t0 + k * period) / 3600) % 24;
      const load = (0.3 + 0.7 * Math.max(0, Math.sin((Math.PI * hour) / 24))) * (period / 60) * (1 + (i % 7));
      input[k] = Math.round(120_000 * load);
      output[k] = Math.round(12_000 * load);
      reads[k] = Math.round(200_000 * load);
      writes[k] = Math.round(20_000 * load);
      invocations[k] = Math.round(40 * load);
    }
    return { periodSeconds: period, start: t0, length: n, metrics: { InputTokenCount: input, OutputTokenCount: output, CacheReadInputTokenCount: reads, CacheWriteInputTokenCount: writes, Invocations: invocations } };
  };
  return { modelId: `bench.model-${i}-v1:0`, region: 'us-east-1', segments: [make(coarse, 300, start), make(fine, 60, split)] };
}

const catalog = PriceCatalog.fromDocument(catalogDocument(MODELS), 'bench catalog');
const heapBefore = process.memoryUsage().heapUsed;
const snapshot: UsageSnapshot = {
  window: { start: new Date((END - DAYS * 86_400) * 1000).toISOString(), end: new Date(END * 1000).toISOString() },
  models: Array.from({ length: MODELS }, (_, i) => series(i)),
  provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
};
const points = snapshot.models.reduce((s, m) => s + m.segments.reduce((a, seg) => a + seg.length * Object.keys(seg.metrics).length, 0), 0);
const heapUsage = process.memoryUsage().heapUsed - heapBefore + process.memoryUsage().arrayBuffers;

// One warm-up run so the JIT has seen the code, then the timed runs.
analyze(snapshot, catalog, { now: new Date(END * 1000) });
const runs: number[] = [];
let report;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  report = analyze(snapshot, catalog, { now: new Date(END * 1000) });
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const median = runs[1]!;
const scenarios = report!.models.reduce((s, m) => s + m.scenarios.length, 0);
const rss = process.memoryUsage().rss;

console.log(`models: ${MODELS}, datapoints: ${points.toLocaleString('en-US')} (${DAYS}-day window, 15 d at 60 s + 15 d at 300 s)`);
console.log(`usage memory: ${(heapUsage / 1_048_576).toFixed(0)} MiB (typed arrays), process RSS ${(rss / 1_048_576).toFixed(0)} MiB`);
console.log(`replay: median ${median.toFixed(0)} ms of 3 runs (min ${runs[0]!.toFixed(0)}, max ${runs[2]!.toFixed(0)}); ${scenarios.toLocaleString('en-US')} scenarios, ${report!.recommendations.length} recommendations`);
console.log(`per model: ${(median / MODELS).toFixed(2)} ms`);
const ok = median <= (TARGET_MS * MODELS) / 1000;
console.log(`${ok ? 'PASS' : 'FAIL'}: target ${TARGET_MS} ms per 1,000 models`);
process.exitCode = ok ? 0 : 1;
