import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitSizer, buildLoadProfile, shareOfBusiestHours, type LoadProfile } from '../../src/replay/load-profile.js';
import type { ModelUsage } from '../../src/usage/usage.js';

/**
 * The arrays a profile keeps (its clock hours, its unit histogram's sums, a sizer's groups) are views
 * carved in turn from shared blocks, and the busiest hours are selected in shared room. These check
 * that no profile's figures are touched by those built after it, against plain references written
 * here: sums, peaks and per-hour tokens over random minute arrays with idle minutes, gaps between
 * segments and counts near 2^53.
 */
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;

interface Plain {
  input: number;
  output: number;
  peakIn: number;
  peakOut: number;
  hourly: number[];
}

/** The definition, minute by minute: tokens per clock hour with traffic, in time order, and the peaks. */
function plainFigures(usage: ModelUsage): Plain {
  const out: Plain = { input: 0, output: 0, peakIn: 0, peakOut: 0, hourly: [] };
  let hour = NaN;
  let tokens = 0;
  for (const s of usage.segments) {
    for (let i = 0; i < s.length; i++) {
      const input = s.metrics.InputTokenCount![i]!;
      const output = s.metrics.OutputTokenCount![i]!;
      out.input += input;
      out.output += output;
      const h = Math.floor((s.start + i * 60) / 3600);
      if (h !== hour) {
        if (tokens > 0) out.hourly.push(tokens);
        hour = h;
        tokens = 0;
      }
      tokens += input + output;
      if (input > out.peakIn) out.peakIn = input;
      if (output > out.peakOut) out.peakOut = output;
    }
  }
  if (tokens > 0) out.hourly.push(tokens);
  return out;
}

/** A minute count: idle, small, large, or a share of 2^53 (scaled down by the number of minutes). */
const countArb = (minutes: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.nat(5_000) },
    { weight: 2, arbitrary: fc.integer({ min: 1_000_000, max: 4_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: Math.floor(2 ** 52 / minutes) - 5, max: Math.floor(2 ** 52 / minutes) }) },
  );

/** Minute segments of one series, each after a gap, input and output only (in Float64Arrays, for counts past 2^32). */
const seriesArb = fc
  .array(fc.record({ gap: fc.oneof(fc.constant(0), fc.nat(300)), length: fc.integer({ min: 1, max: 400 }) }), { minLength: 1, maxLength: 3 })
  .chain((plans) => {
    const minutes = plans.reduce((n, p) => n + p.length, 0);
    return fc.tuple(
      fc.constant(plans),
      fc.array(fc.array(fc.tuple(countArb(minutes), countArb(minutes)), { minLength: minutes, maxLength: minutes }), { minLength: 1, maxLength: 1 }),
    );
  })
  .map(([plans, [points]]): ModelUsage => {
    let start = T0;
    let at = 0;
    const segments = plans.map((plan) => {
      start += plan.gap * 60;
      const slice = points!.slice(at, at + plan.length);
      at += plan.length;
      const segment = {
        periodSeconds: 60,
        start,
        length: plan.length,
        metrics: { InputTokenCount: Float64Array.from(slice, (p) => p[0]), OutputTokenCount: Float64Array.from(slice, (p) => p[1]) },
      };
      start += plan.length * 60;
      return segment;
    });
    return { modelId: 'm', region: 'us-east-1', segments };
  });

const CAPACITY = { inputTokensPerMinute: 1_000_000, outputTokensPerMinute: 100_000 };

describe('profile arrays carved from shared blocks (properties)', () => {
  it('every profile keeps its own hours, peaks and histogram after many more are built', () => {
    fc.assert(
      fc.property(fc.array(seriesArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (series, rounds) => {
        // Enough profiles to fill several blocks (each holds 65,536 slots), checked only once all are built.
        const built: Array<{ plain: Plain; profile: LoadProfile; sums: number[] }> = [];
        for (let r = 0; r < rounds; r++) {
          for (const usage of series) {
            const profile = buildLoadProfile([usage], { unitCapacity: CAPACITY });
            built.push({ plain: plainFigures(usage), profile, sums: [...(profile.unitHistogram?.sums ?? [])] });
          }
        }
        for (const { plain, profile, sums } of built) {
          expect(profile.totals.InputTokenCount).toBe(plain.input);
          expect(profile.totals.OutputTokenCount).toBe(plain.output);
          expect(profile.peakInputPerMinute).toBe(plain.peakIn);
          expect(profile.peakOutputPerMinute).toBe(plain.peakOut);
          expect([...profile.hourlyTokens]).toEqual(plain.hourly);
          expect(profile.activeHours).toBe(plain.hourly.length);
          expect([...(profile.unitHistogram?.sums ?? [])]).toEqual(sums);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('no two profiles share a slot: their hours and sums are separate ranges of memory', () => {
    const usage: ModelUsage = {
      modelId: 'm',
      region: 'us-east-1',
      segments: [{ periodSeconds: 60, start: T0, length: 3 * 1440, metrics: { InputTokenCount: new Float64Array(3 * 1440).fill(7), OutputTokenCount: new Float64Array(3 * 1440).fill(1) } }],
    };
    const ranges: Array<{ buffer: ArrayBufferLike; from: number; to: number }> = [];
    for (let k = 0; k < 400; k++) {
      const profile = buildLoadProfile([usage], { unitCapacity: CAPACITY });
      for (const a of [profile.hourlyTokens, profile.unitHistogram!.sums]) ranges.push({ buffer: a.buffer, from: a.byteOffset, to: a.byteOffset + a.byteLength });
    }
    ranges.sort((a, b) => (a.buffer === b.buffer ? a.from - b.from : 0));
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]!.buffer === ranges[i - 1]!.buffer) expect(ranges[i]!.from).toBeGreaterThanOrEqual(ranges[i - 1]!.to);
    }
    // Each one's 72 hours of 8 tokens a minute, untouched by the 399 others.
    const profile = buildLoadProfile([usage], { unitCapacity: CAPACITY });
    expect([...profile.hourlyTokens]).toEqual(Array.from({ length: 72 }, () => 480));
  });

  it('sizers built one after another each price from their own sums', () => {
    fc.assert(
      fc.property(fc.array(seriesArb, { minLength: 2, maxLength: 6 }), (series) => {
        const capacity = { inputTokensPerMinute: 2_000, outputTokensPerMinute: 500 };
        const sizers = series.map((usage) => new UnitSizer(buildLoadProfile([usage]), capacity));
        const before = sizers.map((s) => [0, 1, 2, 5].map((k) => s.evaluate(k, 1440)));
        // More sizers, carving after the first ones, then the first ones asked again.
        for (const usage of series) new UnitSizer(buildLoadProfile([usage], { unitCapacity: capacity }), capacity);
        expect(sizers.map((s) => [0, 1, 2, 5].map((k) => s.evaluate(k, 1440)))).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});

describe('shareOfBusiestHours selecting in shared room (properties)', () => {
  /** The definition: every hour sorted, busiest first, the first ceil(hours) summed over the total. */
  function sortedShare(hourly: number[], hours: number): number {
    const all = hourly.reduce((a, b) => a + b, 0);
    if (!(all > 0)) return 0;
    const k = Math.ceil(hours);
    if (k >= hourly.length) return 1;
    if (k <= 0) return 0;
    const busiest = [...hourly].sort((a, b) => b - a).slice(0, k);
    return busiest.reduce((a, b) => a + b, 0) / all;
  }

  const hourArb = fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 1_000 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 50_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2 ** 41, max: 2 ** 42 }) },
  );

  it('gives the sorted definition, call after call, for hours of any length, and leaves the profile as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(hourArb, { maxLength: 900 }), fc.double({ min: 0, max: 1000, noNaN: true })), { minLength: 1, maxLength: 6 }), (cases) => {
        for (const [hourly, hours] of cases) {
          const profile = { hourlyTokens: Float64Array.from(hourly) } as unknown as LoadProfile;
          expect(shareOfBusiestHours(profile, hours)).toBe(sortedShare(hourly, hours));
          expect([...profile.hourlyTokens]).toEqual(hourly);
        }
      }),
      { numRuns: 200 },
    );
  });
});
