/**
 * What the advice beyond the modes costs the engine: analyze() timed with and without the alternatives
 * (up to 4 extra replays per model) and the commitments' forecast, on the same usage. Medians of
 * BENCH_RUNS runs (default 3). Not part of `npm test`.
 *
 * - synthetic: the bench:replay usage and catalog (bench.model-N, every mode priced, unit capacity
 *   known, so each model has provisioned and Reserved plans to forecast; no alternatives: the curated
 *   table has no candidates for them);
 * - real: the same minute shapes under ten text models of the bundled catalog that have candidates
 *   (Claude Opus, Sonnet, Haiku, Nova Pro, Lite, Premier, Llama, Mistral...), ten accounts each, priced
 *   at the bundled prices.
 *
 *   npm run bench:advice -- [models=300] [days=30]   (npx tsx bench/advice-cost.bench.ts …)
 */
import { analyze, type AnalyzeOptions } from '../src/engine.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { BENCH_END, benchCatalog, collectorSnapshot } from './fixtures.js';

const [models = 300, days = 30] = process.argv.slice(2).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const now = new Date(BENCH_END * 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(run: () => unknown): number {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

const REAL = [
  'anthropic.claude-opus-4-1-20250805-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0',
  'amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-premier-v1:0', 'amazon.nova-micro-v1:0',
  'meta.llama3-1-70b-instruct-v1:0', 'mistral.mistral-large-2402-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0',
];

const synthetic = collectorSnapshot(models, [[days, 60]]);
const real = collectorSnapshot(models, [[days, 60]]);
real.models.forEach((m, i) => {
  m.modelId = REAL[i % REAL.length]!;
  m.accountId = String(100000000000 + Math.floor(i / REAL.length));
});
const cases: Array<[string, AnalyzeOptions]> = [
  ['modes only (no alternatives, no forecast)', { alternatives: false, forecast: false }],
  ['+ alternatives', { forecast: false }],
  ['+ forecast', { alternatives: false, forecast: {} }],
  ['+ both (the CLI)', { forecast: {} }],
];
/**
 * The alternatives' cost on the replay as a ratio: analyze() with and without them, alternated in pairs
 * (so a loaded machine slows both alike), the ratio of the medians with the pairs' min and max.
 */
function alternativesRatio(snapshot: typeof real, catalog: PriceCatalog): void {
  const without: number[] = [];
  const withThem: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    let t0 = performance.now();
    analyze(snapshot, catalog, { now, alternatives: false, forecast: false });
    const a = performance.now() - t0;
    t0 = performance.now();
    analyze(snapshot, catalog, { now, forecast: false });
    const b = performance.now() - t0;
    without.push(a);
    withThem.push(b);
    ratios.push(b / a);
  }
  const ratio = median(withThem) / median(without);
  console.log(`  alternatives on the replay: ${(median(withThem) / 1000).toFixed(2)} s with, ${(median(without) / 1000).toFixed(2)} s without: ${ratio.toFixed(2)}x (pairs ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x)`);
}

for (const [name, snapshot, catalog] of [['synthetic', synthetic, benchCatalog(models)], ['real models', real, PriceCatalog.bundled()]] as const) {
  console.log(`${name}: ${models} models x ${days} days of minute data, median of ${RUNS}`);
  analyze(snapshot, catalog, { now, alternatives: false }); // warm-up: the first row must not pay the JIT
  let base = 0;
  for (const [label, options] of cases) {
    const report = analyze(snapshot, catalog, { now, ...options });
    const ms = time(() => analyze(snapshot, catalog, { now, ...options }));
    if (!base) base = ms;
    const alternatives = report.models.reduce((a, m) => a + (m.alternatives?.length ?? 0), 0);
    const forecasts = report.models.reduce((a, m) => a + (m.forecast?.commitments.length ?? 0), 0);
    console.log(`  ${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s  (${((ms / base - 1) * 100).toFixed(0).padStart(4)} %)  ${alternatives} alternatives, ${forecasts} commitment forecasts`);
  }
  if (name === 'real models') alternativesRatio(snapshot, catalog);
}
