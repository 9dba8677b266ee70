import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtest, calibrateFan, capacityForTarget, fitForecast, hourOfWeekProfile, pointForecast, quantile, simulatePaths, theilSen, utilisationOver, type ForecastPaths } from '../../src/forecast/forecast.js';

/** Monday 2026-10-05 00:00 UTC. */
const MONDAY = Date.parse('2026-10-05T00:00:00Z') / 1000;

function hourly(days: number, value: (day: number, hour: number) => number, start = MONDAY) {
  return { hourStart: start, values: Array.from({ length: days * 24 }, (_, i) => value(Math.floor(i / 24), i % 24)) };
}

describe('the trend: Theil-Sen on daily totals', () => {
  it('recovers a line through two wild outliers that would tilt least squares', () => {
    const y = Array.from({ length: 10 }, (_, x) => 3 + 2 * x);
    y[2] = 500;
    y[7] = -400;
    expect(theilSen(y)).toEqual({ slope: 2, intercept: 3 });
  });

  it('fits whole UTC days only: a history starting at noon drops its first half day', () => {
    // 240 a day (10 an hour), from Monday 12:00: 7.5 days of hours leave 7 whole days from Tuesday.
    const fit = fitForecast({ hourStart: MONDAY + 12 * 3600, values: Array(180).fill(10) })!;
    expect(fit.days).toBe(7);
    expect(fit.dayStart).toBe(MONDAY + 86_400);
    expect(fit).toMatchObject({ slopePerDay: 0, intercept: 240 });
    expect(new Set(hourOfWeekProfile(fit))).toEqual(new Set([1]));
    expect(fitForecast({ hourStart: MONDAY, values: Array(6 * 24).fill(10) })).toBeNull();
  });

  it('weekly seasonality: the point forecast repeats the hour of the week, on the trend', () => {
    // Weekdays 10 an hour from 09:00 to 17:00 (80 a day), weekends idle; no trend in the weekly sums.
    const load = hourly(28, (d, h) => (d % 7 < 5 && h >= 9 && h < 17 ? 10 : 0));
    const fit = fitForecast(load)!;
    const next = pointForecast(fit, MONDAY + 28 * 86_400, 7 * 24);
    // Four weeks: the trend runs through the 7-day means, 5 x 80 / 7 = 57.14 a day, slope 0; an office
    // hour's median ratio to it is 10 / (400 / 7 / 24) = 4.2, so the forecast is 400 / 7 / 24 x 4.2 = 10.
    expect(fit.slopePerDay).toBe(0);
    expect(fit.intercept).toBeCloseTo(400 / 7, 9);
    expect(next[10]).toBeCloseTo(10, 9); // Monday 10:00
    expect(next[3]).toBe(0); // Monday 03:00
    expect(next[5 * 24 + 10]).toBe(0); // Saturday 10:00
  });
});

describe('utilisation of a commitment over its term', () => {
  it('a flat load of 10 an hour uses capacity 20 half, and capacity 5 whole, in every future', () => {
    const fit = fitForecast(hourly(14, () => 10))!;
    const paths = simulatePaths(fit, MONDAY + 14 * 86_400, 720, { paths: 50 });
    // Floating sums of 720 hours: equal to 1e-12.
    const half = utilisationOver(paths, 20, 0.6);
    for (const q of [half.p10, half.p50, half.p90]) expect(q).toBeCloseTo(0.5, 12);
    expect(half.belowBreakEvenProbability).toBe(1);
    expect(utilisationOver(paths, 20, 0.4).belowBreakEvenProbability).toBe(0);
    const whole = utilisationOver(paths, 5);
    for (const q of [whole.p10, whole.p50, whole.p90]) expect(q).toBeCloseTo(1, 12);
    // The largest capacity used at least 80 %: 10 / C >= 0.8 gives C <= 12.5, so 12 in steps of 1, 10 in steps of 5.
    expect(capacityForTarget(paths, 1, 0.8)).toBe(12);
    expect(capacityForTarget(paths, 5, 0.8)).toBe(10);
    expect(capacityForTarget(paths, 20, 0.8)).toBeNull();
  });

  it('a steady growth is projected on its line: the median term utilisation is the line clipped at the capacity', () => {
    // Daily totals 240 + 24 d, flat within the day: 10 + d an hour. Noise-free, so every future is the line.
    const fit = fitForecast(hourly(14, (d) => 10 + d))!;
    expect(fit).toMatchObject({ slopePerDay: 24, intercept: 240 });
    const paths = simulatePaths(fit, MONDAY + 14 * 86_400, 30 * 24, { paths: 20 });
    // Days 14..43 run at 24..53 an hour; capacity 40 serves min(24 + k, 40) on day k.
    let served = 0;
    for (let k = 0; k < 30; k++) served += Math.min(24 + k, 40) * 24;
    const u = utilisationOver(paths, 40);
    expect(u.p50).toBeCloseTo(served / (40 * 720), 9);
    expect(u.p10).toBeCloseTo(u.p90, 9);
  });

  it('property: utilisation is a share, its fan is ordered, and more capacity is never used more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 24 * 8, maxLength: 24 * 10 }), fc.integer({ min: 1, max: 2000 }), (values, capacity) => {
        const fit = fitForecast({ hourStart: MONDAY, values });
        if (!fit) return;
        const paths = simulatePaths(fit, MONDAY + 10 * 86_400, 48, { paths: 30, seed: 7 });
        const a = utilisationOver(paths, capacity);
        const b = utilisationOver(paths, capacity * 2);
        for (const u of [a, b]) {
          expect(u.p10).toBeGreaterThanOrEqual(0);
          expect(u.p90).toBeLessThanOrEqual(1);
          expect(u.p10).toBeLessThanOrEqual(u.p50);
          expect(u.p50).toBeLessThanOrEqual(u.p90);
        }
        expect(b.p50).toBeLessThanOrEqual(a.p50 + 1e-12);
      }),
      { numRuns: 40, seed: 20 },
    );
  });
});

describe('the backtest', () => {
  it('a noise-free line is forecast exactly; a noisy weekly series is mostly inside its 80 % fan', () => {
    const line = backtest(hourly(30, (d) => 10 + d))!;
    expect(line.days).toBe(9); // 70 % of 30 days fit (21), 9 checked
    expect(line.wape).toBeLessThan(1e-9);
    // Weekday 100-ish an hour, weekends 20, each day scaled by a fixed pseudo-random factor in 0.8-1.2.
    const noise = (d: number) => 0.8 + 0.4 * ((Math.sin(d * 12.9898) * 43758.5453) % 1 + 1) % 1;
    const noisy = backtest(hourly(63, (d, h) => (d % 7 < 5 ? 100 : 20) * noise(d) * (h >= 8 && h < 20 ? 1.5 : 0.5)))!;
    expect(noisy.days).toBe(19);
    expect(noisy.coverage80).toBeGreaterThanOrEqual(0.6);
    expect(noisy.wape).toBeLessThan(0.2);
  });
});

/** Each simulated day's total per path, as sorted P10/P50/P90 across the paths. */
function dailyFan(paths: ForecastPaths): Array<{ p10: number; p50: number; p90: number }> {
  const out: Array<{ p10: number; p50: number; p90: number }> = [];
  for (let d = 0; d < paths.hours / 24; d++) {
    const totals = new Float64Array(paths.paths);
    for (let p = 0; p < paths.paths; p++) for (let h = 0; h < 24; h++) totals[p]! += paths.values[p * paths.hours + d * 24 + h]!;
    totals.sort();
    out.push({ p10: quantile(totals, 0.1), p50: quantile(totals, 0.5), p90: quantile(totals, 0.9) });
  }
  return out;
}

/** A level that wanders day to day (a random walk), which the in-sample day shapes do not show. */
function wandering(days: number, seed: number, scale = 1): { hourStart: number; values: number[] } {
  let level = 1000;
  let a = seed;
  const random = () => ((a = (a * 16807) % 2147483647) / 2147483647);
  const levels = Array.from({ length: days }, () => (level *= 1 + 0.12 * (random() - 0.5)));
  return hourly(days, (d, h) => scale * levels[d]! * (h >= 8 && h < 20 ? 1.5 : 0.5));
}

describe('the fan calibrated out of sample', () => {
  it('leaves a noise-free fan as it is: every later day of the fit falls on its line', () => {
    const fit = fitForecast(hourly(30, (d) => 10 + d))!;
    expect(fit.widening.log).toBe(0);
    expect(fit.widening.days).toBeGreaterThan(0);
  });

  it('widens a fan the history shows too narrow, from the fit\'s own days only, keeping each day\'s median', () => {
    const load = wandering(90, 3);
    const fit = fitForecast(load)!;
    const plain = fitForecast(load, 7, { calibrate: false })!;
    expect(fit.widening.log).toBeGreaterThan(0);
    // Only the fit's days: calibrating again from the same fit gives the same widening.
    expect(calibrateFan(plain)).toEqual(fit.widening);
    const from = MONDAY + 90 * 86_400;
    const wide = dailyFan(simulatePaths(fit, from, 28 * 24, { paths: 101, seed: 5 }));
    const narrow = dailyFan(simulatePaths(plain, from, 28 * 24, { paths: 101, seed: 5 }));
    wide.forEach((w, d) => {
      const n = narrow[d]!;
      expect(w.p50).toBeCloseTo(n.p50, 6);
      // P10 and P90 move out by about e^w (interpolated between paths).
      expect(Math.log(n.p10 / w.p10)).toBeGreaterThan(fit.widening.log * 0.8);
      expect(Math.log(w.p90 / n.p90)).toBeGreaterThan(fit.widening.log * 0.8);
    });
  });

  it('covers more of the checked days than the fan as simulated, on a wandering level', () => {
    const load = wandering(120, 11);
    const before = backtest(load, 0.7, { paths: 200, calibrate: false })!;
    const after = backtest(load, 0.7, { paths: 200 })!;
    expect(after.coverage80).toBeGreaterThanOrEqual(before.coverage80);
    expect(after.coverage80).toBeGreaterThanOrEqual(0.6);
    expect(after.wape).toBeCloseTo(before.wape, 2); // the median barely moves
  });

  it('property: each day\'s fan is ordered, and scaling the load scales the fan (so more load never forecasts less)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.double({ min: 1, max: 50, noNaN: true }), (seed, scale) => {
        const base = fitForecast(wandering(35, seed))!;
        const scaled = fitForecast(wandering(35, seed, scale))!;
        expect(scaled.widening.log).toBeCloseTo(base.widening.log, 9);
        const from = MONDAY + 35 * 86_400;
        const a = dailyFan(simulatePaths(base, from, 7 * 24, { paths: 30, seed: 2 }));
        const b = dailyFan(simulatePaths(scaled, from, 7 * 24, { paths: 30, seed: 2 }));
        a.forEach((x, d) => {
          const y = b[d]!;
          for (const f of [x, y]) {
            expect(f.p10).toBeLessThanOrEqual(f.p50);
            expect(f.p50).toBeLessThanOrEqual(f.p90);
          }
          for (const q of ['p10', 'p50', 'p90'] as const) {
            expect(y[q]).toBeGreaterThanOrEqual(x[q] * (1 - 1e-9));
            expect(y[q] / scale).toBeCloseTo(x[q], 6 - Math.ceil(Math.log10(Math.max(1, x[q]))));
          }
        });
      }),
      { numRuns: 25, seed: 20 },
    );
  });
});
