import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyTrend, fitForecast, servedAndOverflow, servedByTerm, simulateDays, simulatePaths, theilSen, utilisationOfServed, utilisationOver, writeHours, type ForecastFit } from '../../src/forecast/forecast.js';
import { modelUnitLoad, tokenColumns } from '../../src/forecast/commitments.js';
import { seeded } from '../../src/sample/sample.js';
import type { ModelUsage, UsageMetric } from '../../src/usage/usage.js';

/**
 * The futures are simulated day by day (simulateDays) and read without writing their hours
 * (servedByTerm, the widening's ranks from estimated day totals); these check that every number is the
 * double the hour-by-hour simulation gave, against that simulation as it was written before.
 */

/** Monday 2026-10-05 00:00 UTC. */
const MONDAY = Date.parse('2026-10-05T00:00:00Z') / 1000;

/** The hour-by-hour simulation and fan widening, as simulatePaths computed them before DayPaths. */
function referencePaths(fit: ForecastFit, fromHour: number, hours: number, paths: number, seed: number): Float64Array {
  const random = seeded(seed);
  const values = new Float64Array(paths * hours);
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  fit.dayWeekdays.forEach((w, d) => byWeekday[w]!.push(d));
  const dayRatio = fit.dayShapes.map((shape) => shape.reduce((a, b) => a + b, 0));
  const resampled = new Float64Array(fit.days);
  const firstHourOfDay = Math.floor((fromHour % 86_400) / 3600);
  for (let p = 0; p < paths; p++) {
    for (let d = 0; d < fit.days; d++) {
      const same = byWeekday[fit.dayWeekdays[d]!]!;
      resampled[d] = fit.fittedDaily[d]! * dayRatio[same[Math.floor(random() * same.length)]!]!;
    }
    const trend = p === 0 ? { slope: fit.slopePerDay, intercept: fit.intercept } : dailyTrend(resampled, { pairs: 2_000, random });
    let shape = fit.dayShapes[0]!;
    let level = 0;
    for (let i = 0; i < hours; i++) {
      const h = (firstHourOfDay + i) % 24;
      if (h === 0 || i === 0) {
        const t = fromHour + i * 3600;
        const dayIndex = Math.floor((t - fit.dayStart) / 86_400);
        const same = byWeekday[Math.floor(t / 86_400) % 7]!;
        const pick = same.length > 0 ? same[Math.floor(random() * same.length)]! : Math.floor(random() * fit.days);
        shape = fit.dayShapes[pick]!;
        level = Math.max(0, trend.intercept + trend.slope * dayIndex);
      }
      values[p * hours + i] = level * shape[h]!;
    }
  }
  const widening = fit.widening.log;
  if (!(widening > 0) || paths < 2) return values;
  const totals = new Float64Array(paths);
  const order = new Uint32Array(paths);
  for (let start = 0; start < hours;) {
    const length = Math.min(start === 0 ? 24 - firstHourOfDay : 24, hours - start);
    for (let p = 0; p < paths; p++) {
      let sum = 0;
      for (let i = 0; i < length; i++) sum += values[p * hours + start + i]!;
      totals[p] = sum;
      order[p] = p;
    }
    order.sort((a, b) => totals[a]! - totals[b]!);
    for (let rank = 0; rank < paths; rank++) {
      const p = order[rank]!;
      const factor = Math.exp((widening * (2 * ((rank + 0.5) / paths) - 1)) / 0.8);
      for (let i = 0; i < length; i++) values[p * hours + start + i]! *= factor;
    }
    start += length;
  }
  return values;
}

function sameDoubles(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) expect({ at: i, value: actual[i] }).toEqual({ at: i, value: expected[i] });
}

/** A history of `days` days (plus a partial one) from `startHour` hours after a Monday: noisy, flat (every path ties), or sparse. */
const history = fc.record({
  days: fc.integer({ min: 7, max: 30 }),
  extraHours: fc.integer({ min: 0, max: 30 }),
  startHour: fc.integer({ min: 0, max: 23 }),
  kind: fc.constantFrom('noisy', 'flat', 'sparse', 'fractional'),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

function loadOf(h: { days: number; extraHours: number; startHour: number; kind: string; seed: number }) {
  const random = seeded(h.seed);
  const values = Array.from({ length: h.days * 24 + h.extraHours }, (_, i) => {
    const daily = 10 + 8 * Math.sin(((i % 24) / 24) * 2 * Math.PI);
    if (h.kind === 'flat') return 7;
    if (h.kind === 'sparse') return random() < 0.7 ? 0 : Math.floor(random() * 5);
    if (h.kind === 'fractional') return daily * random();
    return Math.round(daily * 1000 * (0.5 + random()) * (1 + i / 2000));
  });
  return { hourStart: MONDAY + h.startHour * 3600, values };
}

describe('futures day by day: the same doubles as hour by hour', () => {
  it('simulatePaths writes the hours the reference simulation and widening wrote, fan widened or not, from any hour of the day', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 24 * 40 }), fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 3, noNaN: true }),
        (h, offsetHours, hours, paths, seed, widening) => {
          const fit = fitForecast(loadOf(h), 7, { calibrate: false });
          if (!fit) return;
          fit.widening = { log: widening, days: 1 };
          const from = MONDAY + offsetHours * 3600;
          sameDoubles(simulatePaths(fit, from, hours, { paths, seed }).values, referencePaths(fit, from, hours, paths, seed));
        }),
      { numRuns: 150 },
    );
  });

  it('ties between paths keep path order: a flat history gives nine paths the same day totals', () => {
    const fit = fitForecast({ hourStart: MONDAY, values: Array(14 * 24).fill(5) }, 7, { calibrate: false })!;
    fit.widening = { log: 1, days: 1 };
    const simulated = simulatePaths(fit, MONDAY + 14 * 86_400, 48, { paths: 10, seed: 3 });
    sameDoubles(simulated.values, referencePaths(fit, MONDAY + 14 * 86_400, 48, 10, 3));
    // Path 0 keeps the fitted level, 120 a day; the nine refits land on 119.99999999999997, a tie, so
    // they rank 0 to 8 in path order and path 0 ranks 9: factor e^(1 x (2 x (rank + 0.5) / 10 - 1) / 0.8).
    const factor = (rank: number) => Math.exp((2 * ((rank + 0.5) / 10) - 1) / 0.8);
    expect(simulated.values[0]).toBeCloseTo(5 * factor(9), 12);
    for (let p = 1; p < 10; p++) expect(simulated.values[p * 48 + 30]).toBeCloseTo(5 * factor(p - 1), 12);
  });

  it('servedByTerm sums what servedAndOverflow sums over the written hours, for every term at once', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 800 }), fc.double({ min: 0, max: 3, noNaN: true }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 900 }), fc.double({ min: 0, max: 900, noNaN: true })), { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 2e4, noNaN: true }),
        (h, fromHourOfDay, hours, widening, terms, capacity) => {
          const fit = fitForecast(loadOf(h), 7, { calibrate: false });
          if (!fit) return;
          fit.widening = { log: widening, days: 1 };
          const days = simulateDays(fit, MONDAY + 35 * 86_400 + fromHourOfDay * 3600, hours, { paths: 7, seed: 11 });
          const written = writeHours(days);
          const served = servedByTerm(days, capacity, terms);
          terms.forEach((term, k) => {
            const expected = servedAndOverflow(written, capacity, term);
            sameDoubles(served[k]!, expected.served);
            expect(utilisationOfServed(served[k]!, capacity, Math.min(term, hours), 0.5)).toEqual(utilisationOver(written, capacity, 0.5, term));
          });
        }),
      { numRuns: 150 },
    );
  });
});

/** The per-metric hourly sums as the forecast computed them before tokenColumns: one walk per metric list. */
function referenceSums(series: readonly ModelUsage[], metrics: UsageMetric[], fromHour: number, hours: number): Float64Array {
  const sums = new Float64Array(hours);
  for (const usage of series) {
    for (const s of usage.segments) {
      for (const metric of metrics) {
        const values = s.metrics[metric];
        if (!values) continue;
        for (let i = 0; i < s.length; i++) {
          const h = Math.floor((s.start + i * s.periodSeconds - fromHour) / 3600);
          if (h >= 0 && h < hours) sums[h]! += values[i] as number;
        }
      }
    }
  }
  return sums;
}

describe('token columns: one walk of the points', () => {
  it('each column adds its metrics and points in the order the per-metric sums did (so even fractions agree)', () => {
    const metrics: UsageMetric[] = ['InputTokenCount', 'OutputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount'];
    const segment = fc.record({
      period: fc.constantFrom(60, 300, 3600),
      length: fc.integer({ min: 1, max: 300 }),
      startMinutes: fc.integer({ min: -600, max: 3_000 }),
      present: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      whole: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 60 }), (models, hours) => {
        const fromHour = MONDAY;
        const series: ModelUsage[] = models.map((segments) => ({
          modelId: 'm', region: 'us-east-1',
          segments: segments.map((s) => {
            const random = seeded(s.seed);
            const m: ModelUsage['segments'][number]['metrics'] = {};
            metrics.forEach((metric, k) => {
              if (s.present[k]) m[metric] = Float64Array.from({ length: s.length }, () => (s.whole ? Math.floor(random() * 1e6) : random() * 1e6));
            });
            return { periodSeconds: s.period, start: fromHour + s.startMinutes * 60, length: s.length, metrics: m };
          }),
        }));
        const columns = tokenColumns(series, fromHour, hours);
        sameDoubles(columns.input, referenceSums(series, ['InputTokenCount', 'CacheWriteInputTokenCount'], fromHour, hours));
        sameDoubles(columns.unitInput, referenceSums(series, ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount'], fromHour, hours));
        sameDoubles(columns.output, referenceSums(series, ['OutputTokenCount'], fromHour, hours));
        const capacity = { inputTokensPerMinute: 50_000, outputTokensPerMinute: 5_000 };
        const unitInput = referenceSums(series, ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount'], fromHour, hours);
        const output = referenceSums(series, ['OutputTokenCount'], fromHour, hours);
        sameDoubles(modelUnitLoad(series, capacity, fromHour, hours), Array.from(unitInput, (v, i) => Math.max(v / (50_000 * 60), output[i]! / (5_000 * 60))));
      }),
      { numRuns: 150 },
    );
  });
});

describe('Theil-Sen working arrays', () => {
  it('a fit is the same whatever was fitted before it, sampled or not, short or past the shared arrays', () => {
    const random = seeded(9);
    const long = Array.from({ length: 120 }, (_, i) => 3 * i + 50 * random()); // 7,140 pairs: its own arrays
    const short = [5, 1, 4, 1, 5, 9, 2, 6];
    const first = theilSen(short);
    const sampled = theilSen(long, { pairs: 2_000, random: seeded(4) });
    expect(theilSen(long)).toEqual(theilSen(long));
    expect(theilSen(short)).toEqual(first);
    expect(theilSen(long, { pairs: 2_000, random: seeded(4) })).toEqual(sampled);
    // 28 pairs of 8 points: slopes sorted, the median between the 14th and 15th.
    const slopes: number[] = [];
    for (let i = 0; i < short.length; i++) for (let j = i + 1; j < short.length; j++) slopes.push((short[j]! - short[i]!) / (j - i));
    slopes.sort((a, b) => a - b);
    expect(first.slope).toBe((slopes[13]! + slopes[14]!) / 2);
  });
});
