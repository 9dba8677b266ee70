import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitSizer, buildLoadProfile, overflowAbove, shareOfBusiestHours, type LoadProfile, type UnitCapacity } from '../../src/replay/load-profile.js';
import type { ModelUsage } from '../../src/usage/usage.js';

/**
 * Replay builds the unit histogram and the overflow above the Reserved minimum inside the profile's
 * one pass over the usage, and writes the per-point columns only when something reads them. Each of
 * those must be what a separate pass over the columns finds.
 */
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;

function series(modelId: string, periodSeconds: number, start: number, points: Array<{ input: number; read: number; write: number; output: number }>): ModelUsage {
  return {
    modelId, region: 'us-east-1',
    segments: [{
      periodSeconds, start, length: points.length,
      metrics: {
        InputTokenCount: Float64Array.from(points.map((p) => p.input)),
        CacheReadInputTokenCount: Uint32Array.from(points.map((p) => p.read)),
        CacheWriteInputTokenCount: Float64Array.from(points.map((p) => p.write)),
        OutputTokenCount: Uint32Array.from(points.map((p) => p.output)),
      },
    }],
  };
}

const minute = (input: number[], output: number[]) => series('m', 60, T0, input.map((x, i) => ({ input: x, read: 0, write: 0, output: output[i]! })));

describe('the unit histogram built in the profile pass', () => {
  it('groups points by whole units needed and prices a unit count as worked by hand', () => {
    // One unit serves 100 input and 10 output tokens a minute. Needs: 0.5 -> 1 unit; 1.5 -> 2; max(2.5, 3) -> 3; idle.
    const usage = minute([50, 150, 250, 0], [0, 5, 30, 0]);
    const capacity = { inputTokensPerMinute: 100, outputTokensPerMinute: 10 };
    const profile = buildLoadProfile([usage], { unitCapacity: capacity });
    const histogram = profile.unitHistogram!;
    expect(histogram.top).toBe(3);
    // Group b holds [Σ input, Σ output, ..., Σ need x minutes, Σ minutes] at b x 6.
    expect([histogram.sums[6], histogram.sums[7], histogram.sums[10], histogram.sums[11]]).toEqual([50, 0, 0.5, 1]);
    expect([histogram.sums[12], histogram.sums[13], histogram.sums[16], histogram.sums[17]]).toEqual([150, 5, 1.5, 1]);
    expect([histogram.sums[18], histogram.sums[19], histogram.sums[22], histogram.sums[23]]).toEqual([250, 30, 3, 1]);
    const sizer = new UnitSizer(profile, capacity);
    expect(sizer.unitsForPeak).toBe(3);
    // 1 unit: the 2-unit minute serves 1/1.5 of its load, the 3-unit minute 1/3.
    // Input overflow (150 - 150/1.5) + (250 - 250/3) = 50 + 166.67 = 216.67; output (5 - 5/1.5) + (30 - 10) = 21.67.
    // Capacity used: the whole need of the 1-unit minute (0.5) + 1 unit in each of the two others = 2.5 of 4 unit-minutes.
    expect(sizer.evaluate(1, 4)).toEqual({ units: 1, overflowInputTokens: 217, overflowOutputTokens: 22, utilisation: 2.5 / 4 });
    expect(sizer.evaluate(3, 4)).toEqual({ units: 3, overflowInputTokens: 0, overflowOutputTokens: 0, utilisation: 5 / 12 });
  });

  it('is left out when the peak needs more groups than a direct index may hold, and the sizer sorts the points instead', () => {
    // 1 token a minute per unit: the 10,000-token minute needs 10,000 units, far past 2 x 2 points + 64.
    const usage = minute([10_000, 3], [0, 0]);
    const capacity = { inputTokensPerMinute: 1, outputTokensPerMinute: 1 };
    const profile = buildLoadProfile([usage], { unitCapacity: capacity });
    expect(profile.unitHistogram).toBeUndefined();
    const sizer = new UnitSizer(profile, capacity);
    expect(sizer.unitsForPeak).toBe(10_000);
    // 3 units: the 3-unit minute is served; the other overflows 10,000 - 3 x 10,000 / 10,000 = 9,997.
    expect(sizer.evaluate(3, 2).overflowInputTokens).toBe(9_997);
  });
});

describe('the overflow above fixed levels, summed in the profile pass', () => {
  it('leaves cache reads out of the input side, and counts a 5-minute point at its average rate', () => {
    // 5-minute points: input 1,000 (200 of them cache reads) and 250 -> rates 200 (160 without reads) and 50 a minute.
    const usage = series('m', 300, T0, [{ input: 500, read: 200, write: 300, output: 100 }, { input: 250, read: 0, write: 0, output: 0 }]);
    const profile = buildLoadProfile([usage], { overflowLevels: { input: 100, output: 10 } });
    // Input side: (160 - 100) x 5 minutes = 300 tokens; output: (20 - 10) x 5 = 50.
    expect(profile.levelOverflow).toEqual({ levels: { input: 100, output: 10 }, inputTokens: 300, outputTokens: 50 });
    expect(overflowAbove(buildLoadProfile([usage]), { input: 100, output: 10 })).toEqual(profile.levelOverflow);
  });
});

/** Points of one series: period, alignment and values; zeros included, as idle minutes are. */
const seriesArb = fc.record({
  periodSeconds: fc.constantFrom(60, 300, 3600),
  offset: fc.nat(40),
  points: fc.array(
    fc.record({ input: fc.nat(3_000_000), read: fc.nat(1_000_000), write: fc.nat(200_000), output: fc.nat(300_000), idle: fc.boolean() }),
    { minLength: 1, maxLength: 50 },
  ),
});

type SeriesPoints = typeof seriesArb extends fc.Arbitrary<infer T> ? T : never;

function seriesOf(arbs: SeriesPoints[]): ModelUsage[] {
  return arbs.map((a, k) => series(`m${k}`, a.periodSeconds, T0 + a.offset * a.periodSeconds,
    a.points.map((p) => (p.idle ? { input: 0, read: 0, write: 0, output: 0 } : p))));
}

/** The histogram's group sums, from the columns one point at a time in time order, by its definition. */
function bruteForceGroups(profile: LoadProfile, capacity: UnitCapacity): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < profile.minutes.length; i++) {
    const input = profile.inputPerMinute[i]!;
    const output = profile.outputPerMinute[i]!;
    const minutes = profile.minutes[i]!;
    const need = Math.max(input / capacity.inputTokensPerMinute, output / capacity.outputTokensPerMinute);
    if (need <= 0) continue;
    const b = Math.max(1, Math.ceil(need - 1e-9));
    const sums = groups.get(b) ?? [0, 0, 0, 0];
    sums[0]! += input * minutes;
    sums[1]! += output * minutes;
    sums[2]! += need * minutes;
    sums[3]! += minutes;
    groups.set(b, sums);
  }
  return groups;
}

describe('one pass for everything replay reads (properties)', () => {
  it('the fused histogram and overflow equal separate passes over the columns, for one series or several, any periods, any unit size', () => {
    fc.assert(
      fc.property(
        fc.array(seriesArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(1, 1_000, 1_000_000),
        fc.record({ input: fc.nat(2_000_000), output: fc.nat(200_000) }),
        (arbs, divisor, levels) => {
          const usage = seriesOf(arbs);
          const capacity = { inputTokensPerMinute: 1_000_000 / divisor, outputTokensPerMinute: 100_000 / divisor };
          const fused = buildLoadProfile(usage, { unitCapacity: capacity, overflowLevels: levels });
          const plain = buildLoadProfile(usage);
          // The lazily built columns and every figure of the pass are the same either way.
          expect(Array.from(fused.inputPerMinute)).toEqual(Array.from(plain.inputPerMinute));
          expect(Array.from(fused.cacheReadPerMinute)).toEqual(Array.from(plain.cacheReadPerMinute));
          expect(Array.from(fused.outputPerMinute)).toEqual(Array.from(plain.outputPerMinute));
          expect(Array.from(fused.minutes)).toEqual(Array.from(plain.minutes));
          expect([fused.totals, fused.peakInputPerMinute, fused.peakOutputPerMinute, fused.peakResolutionSeconds, Array.from(fused.hourlyTokensDescending)])
            .toEqual([plain.totals, plain.peakInputPerMinute, plain.peakOutputPerMinute, plain.peakResolutionSeconds, Array.from(plain.hourlyTokensDescending)]);

          // The histogram, when kept, holds exactly the groups the definition gives.
          const histogram = fused.unitHistogram;
          if (histogram) {
            const expected = bruteForceGroups(plain, capacity);
            for (let b = 0; b <= histogram.top; b++) {
              const at = b * 6;
              expect([histogram.sums[at], histogram.sums[at + 1], histogram.sums[at + 4], histogram.sums[at + 5]]).toEqual(expected.get(b) ?? [0, 0, 0, 0]);
            }
            expect(histogram.top).toBe(Math.max(0, ...expected.keys()));
          }

          // The sizer prices every unit count the same from the fused histogram as from the columns.
          const fromPass = new UnitSizer(fused, capacity);
          const fromColumns = new UnitSizer(plain, capacity);
          expect(fromPass.unitsForPeak).toBe(fromColumns.unitsForPeak);
          const counts = new Set([0, 1, 2, Math.floor(fromPass.unitsForPeak / 2), fromPass.unitsForPeak - 1, fromPass.unitsForPeak, fromPass.unitsForPeak + 1]);
          for (const k of counts) {
            if (k < 0) continue;
            // ...and as the per-point definition does: a minute needing more than k units overflows 1 - k / need of its load.
            let overflowIn = 0;
            let overflowOut = 0;
            for (let i = 0; i < plain.minutes.length; i++) {
              const need = Math.max(plain.inputPerMinute[i]! / capacity.inputTokensPerMinute, plain.outputPerMinute[i]! / capacity.outputTokensPerMinute);
              if (need <= k + 1e-9) continue;
              overflowIn += plain.inputPerMinute[i]! * plain.minutes[i]! * (1 - k / need);
              overflowOut += plain.outputPerMinute[i]! * plain.minutes[i]! * (1 - k / need);
            }
            expect(Math.abs(fromPass.evaluate(k, 1440).overflowInputTokens - Math.round(overflowIn))).toBeLessThanOrEqual(1);
            expect(Math.abs(fromPass.evaluate(k, 1440).overflowOutputTokens - Math.round(overflowOut))).toBeLessThanOrEqual(1);
            expect(fromPass.evaluate(k, 1440)).toEqual(fromColumns.evaluate(k, 1440));
            expect(fromPass.evaluate(k, 1440, 0.5)).toEqual(fromColumns.evaluate(k, 1440, 0.5));
          }

          // The overflow above the levels, by its definition over the columns.
          let inputTokens = 0;
          let outputTokens = 0;
          for (let i = 0; i < plain.minutes.length; i++) {
            inputTokens += Math.max(0, plain.inputPerMinute[i]! - plain.cacheReadPerMinute[i]! - levels.input) * plain.minutes[i]!;
            outputTokens += Math.max(0, plain.outputPerMinute[i]! - levels.output) * plain.minutes[i]!;
          }
          expect(fused.levelOverflow).toEqual({ levels, inputTokens, outputTokens });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the peaks of one series of several segments are the largest rates of its columns, from the finest data that reaches them', () => {
    fc.assert(
      fc.property(fc.array(seriesArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (arbs, evenValues) => {
        // Consecutive segments of one series (as CloudWatch's tiers come: 5-minute, then 1-minute), values
        // made a few rates shared by every period when asked, so that ties across periods are common.
        let start = T0;
        const segments = arbs.map((a) => {
          const points = a.points.map((p) => (p.idle ? { input: 0, read: 0, write: 0, output: 0 } : evenValues
            ? { input: (p.input % 4) * 5 * a.periodSeconds, read: 0, write: 0, output: (p.output % 3) * 5 * a.periodSeconds } : p));
          const segment = series('m', a.periodSeconds, start, points).segments[0]!;
          start += points.length * a.periodSeconds;
          return segment;
        });
        const profile = buildLoadProfile([{ modelId: 'm', region: 'us-east-1', segments }]);
        const peakOf = (rates: Float64Array) => {
          let peak = 0;
          let finest = 0;
          for (let i = 0; i < rates.length; i++) {
            const period = profile.minutes[i]! * 60;
            if (rates[i]! > peak || (rates[i] === peak && peak > 0 && period < finest)) {
              peak = rates[i]!;
              finest = period;
            }
          }
          return { peak, finest };
        };
        const input = peakOf(profile.inputPerMinute);
        const output = peakOf(profile.outputPerMinute);
        expect([profile.peakInputPerMinute, profile.peakOutputPerMinute, profile.peakResolutionSeconds])
          .toEqual([input.peak, output.peak, Math.max(input.finest, output.finest)]);
      }),
      { numRuns: 300 },
    );
  });

  it('clock-hour totals are the tokens of each hour, for consecutive segments of any periods and starts, aligned or not', () => {
    fc.assert(
      fc.property(
        fc.nat(3599),
        fc.array(fc.record({ periodSeconds: fc.constantFrom(60, 300, 3600), values: fc.array(fc.nat(100_000), { minLength: 1, maxLength: 90 }) }), { minLength: 1, maxLength: 3 }),
        (shift, parts) => {
          // One series, its segments back to back from T0 + shift: hours may split a segment anywhere.
          const segments = [];
          const expected = new Map<number, number>();
          let start = T0 + shift;
          for (const part of parts) {
            segments.push({ periodSeconds: part.periodSeconds, start, length: part.values.length, metrics: { InputTokenCount: Float64Array.from(part.values), OutputTokenCount: Float64Array.from(part.values, (v) => v % 7) } });
            part.values.forEach((v, i) => {
              // A point counts in the clock hour it starts in.
              const hour = Math.floor((start + i * part.periodSeconds) / 3600);
              expected.set(hour, (expected.get(hour) ?? 0) + v + (v % 7));
            });
            start += part.values.length * part.periodSeconds;
          }
          const profile = buildLoadProfile([{ modelId: 'm', region: 'us-east-1', segments }]);
          const busiestFirst = [...expected.values()].filter((v) => v > 0).sort((a, b) => b - a);
          expect(Array.from(profile.hourlyTokensDescending)).toEqual(busiestFirst);
          expect(profile.activeHours).toBe(busiestFirst.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the busiest hours\' share is the top hours of the sorted totals over all of them, ties and repeats included', () => {
    fc.assert(
      fc.property(
        // Few distinct values, so ties and equal hours are common; minutes of one hour each carry one value.
        fc.array(fc.constantFrom<number>(0, 1, 5, 60, 600, 7_000, 123_456), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 0, max: 220 }),
        (perHour, hours) => {
          const input = new Float64Array(perHour.length * 60);
          perHour.forEach((v, h) => { input[h * 60] = v; });
          const profile = buildLoadProfile([{ modelId: 'm', region: 'us-east-1', segments: [{ periodSeconds: 60, start: T0, length: input.length, metrics: { InputTokenCount: input } }] }]);
          const sorted = perHour.filter((v) => v > 0).sort((a, b) => b - a);
          const all = sorted.reduce((a, v) => a + v, 0);
          const top = sorted.slice(0, hours).reduce((a, v) => a + v, 0);
          expect(shareOfBusiestHours(profile, hours)).toBe(all > 0 ? top / all : 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the minute pass divides once where the output side cannot bind', () => {
  it('sums the same need, bit for bit, as max(input / capacity, output / capacity) when the two sides are about equal', () => {
    // Loads where output / output capacity lies within a few parts in a billion of input / input
    // capacity: the pass skips the output division only below that band, so every need must be the
    // larger quotient exactly. The expected sum is the definition's, point by point in time order.
    const capacityArb = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 0.001, max: 1e7, noNaN: true }));
    fc.assert(
      fc.property(
        capacityArb, capacityArb,
        fc.array(fc.record({ input: fc.integer({ min: 0, max: 50_000_000 }), nudge: fc.integer({ min: -3, max: 3 }) }), { minLength: 1, maxLength: 40 }),
        (inCap, outCap, loads) => {
          const points = loads.map(({ input, nudge }) => {
            const output = Math.max(0, Math.round((input * outCap) / inCap) + nudge);
            return { input, read: 0, write: 0, output };
          });
          const capacity: UnitCapacity = { inputTokensPerMinute: inCap, outputTokensPerMinute: outCap };
          const profile = buildLoadProfile([series('m', 60, T0, points)], { unitCapacity: capacity });
          let need = 0;
          let minutes = 0;
          for (const p of points) {
            const n = Math.max(p.input / inCap, p.output / outCap);
            if (n > 0 && n <= 1) {
              need += n;
              minutes++;
            }
          }
          const histogram = profile.unitHistogram;
          if (!histogram) return;
          expect([histogram.sums[6 + 4], histogram.sums[6 + 5]]).toEqual([minutes > 0 ? need : 0, minutes]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
