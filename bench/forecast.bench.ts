/**
 * `npm run bench` (section "forecast"): the commitments' forecast backtested. Each series is fitted on
 * its first 70 % of whole days and forecast over the rest; printed per series: the days checked, the
 * share of days whose total fell inside the P10-P90 fan (an 80 % interval: near 80 % is calibrated,
 * far below is overconfident) and the P50's weighted absolute percentage error, before and after the
 * fan's out-of-sample calibration (fitted on the first 70 % alone: the checked days are never seen). Series: the shipped
 * sample account's models (14 days of minute data, src/sample) and generated ones (seeded), 60 to 455
 * days: flat, growing, declining, strongly weekly, with outlier days, with a step change.
 *
 *   BENCH_QUICK=1 for 200 futures a series instead of 500
 */
import { seeded } from '../src/sample/sample.js';
import { sampleSnapshot } from '../src/sample/sample.js';
import { backtest, type HourlyLoad } from '../src/forecast/forecast.js';

const QUICK = process.env.BENCH_QUICK === '1';
const PATHS = QUICK ? 200 : 500;
const DAY = 86_400;
const START = Date.parse('2025-09-01T00:00:00Z') / 1000;

function generated(days: number, seed: number, daily: (d: number) => number, { weekend = 0.3, noise = 0.15, outliers = 0 } = {}): HourlyLoad {
  const random = seeded(seed);
  const values: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = Math.floor((START + d * DAY) / DAY) % 7; // 0 = Thursday
    const isWeekend = weekday === 2 || weekday === 3;
    let level = daily(d) * (isWeekend ? weekend : 1) * (1 + noise * (random() * 2 - 1));
    if (random() < outliers) level *= 4; // a backfill or a runaway day
    for (let h = 0; h < 24; h++) values.push(Math.round((level / 24) * (h >= 8 && h < 20 ? 1.6 : 0.4) * (1 + 0.1 * (random() * 2 - 1))));
  }
  return { hourStart: START, values };
}

function fromSample(): Array<[string, HourlyLoad]> {
  const snapshot = sampleSnapshot();
  const from = Date.parse(snapshot.window.start) / 1000;
  const hours = (Date.parse(snapshot.window.end) / 1000 - from) / 3600;
  return snapshot.models.map((m) => {
    const values = new Float64Array(hours);
    for (const s of m.segments) {
      for (const metric of ['InputTokenCount', 'OutputTokenCount'] as const) {
        const v = s.metrics[metric];
        if (!v) continue;
        for (let i = 0; i < s.length; i++) {
          const h = Math.floor((s.start + i * s.periodSeconds - from) / 3600);
          if (h >= 0 && h < hours) values[h]! += v[i] as number;
        }
      }
    }
    return [`sample ${m.modelId}`, { hourStart: from, values }] as [string, HourlyLoad];
  });
}

const series: Array<[string, HourlyLoad]> = [
  ...fromSample(),
  ['flat, 60 days', generated(60, 1, () => 1e6)],
  ['flat, 455 days', generated(455, 2, () => 1e6)],
  ['growing 1 %/day, 90 days', generated(90, 3, (d) => 1e6 * (1 + 0.01 * d))],
  ['growing 0.3 %/day, 455 days', generated(455, 4, (d) => 1e6 * (1 + 0.003 * d))],
  ['declining 0.5 %/day, 180 days', generated(180, 5, (d) => 1e6 * Math.max(0.05, 1 - 0.005 * d))],
  ['strongly weekly, 120 days', generated(120, 6, () => 1e6, { weekend: 0.05 })],
  ['noisy (+-40 %), 120 days', generated(120, 7, () => 1e6, { noise: 0.4 })],
  ['outlier days (3 %), 180 days', generated(180, 8, () => 1e6, { outliers: 0.03 })],
  ['step up x2 at day 100, 180 days', generated(180, 9, (d) => (d < 100 ? 1e6 : 2e6))],
];

console.log(`forecast backtest: fit on the first 70 % of whole days, ${PATHS} futures, P10-P90 coverage (80 % is calibrated) and P50 WAPE`);
console.log('  before: the fan as simulated (in-sample day shapes, bootstrap trend); after: widened by the out-of-sample');
console.log('  calibration (rolling origins within the fit part only, src/forecast/forecast.ts calibrateFan)');
const rows: Array<{ name: string; days: number; before: { coverage: number; wape: number }; after: { coverage: number; wape: number } }> = [];
const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits).padStart(digits ? 5 : 3)} %`;
for (const [name, load] of series) {
  const t0 = performance.now();
  const before = backtest(load, 0.7, { paths: PATHS, seed: 1, calibrate: false });
  const t1 = performance.now();
  const after = backtest(load, 0.7, { paths: PATHS, seed: 1 });
  const t2 = performance.now();
  if (!before || !after) {
    console.log(`  ${name}: too short to backtest`);
    continue;
  }
  rows.push({ name, days: after.days, before: { coverage: before.coverage80, wape: before.wape }, after: { coverage: after.coverage80, wape: after.wape } });
  console.log(`  ${name.slice(0, 48).padEnd(48)} ${String(after.days).padStart(4)} days  coverage ${pct(before.coverage80)} -> ${pct(after.coverage80)}  WAPE ${pct(before.wape, 1)} -> ${pct(after.wape, 1)}  (${(t1 - t0).toFixed(0)} -> ${(t2 - t1).toFixed(0)} ms)`);
}
const days = rows.reduce((a, r) => a + r.days, 0);
for (const which of ['before', 'after'] as const) {
  const coverage = rows.reduce((a, r) => a + r[which].coverage * r.days, 0) / days;
  const wape = rows.reduce((a, r) => a + r[which].wape, 0) / rows.length;
  console.log(`  overall ${which.padEnd(6)}: ${days} days checked, coverage ${(coverage * 100).toFixed(1)} % (target 80 %), mean WAPE ${(wape * 100).toFixed(1)} %`);
}
