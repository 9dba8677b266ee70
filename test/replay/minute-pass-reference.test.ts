import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLoadProfile, type LoadLevels, type UnitCapacity } from '../../src/replay/load-profile.js';
import type { CountArray, ModelUsage, UsageSegment } from '../../src/usage/usage.js';

/**
 * The profile pass over minute data against a straightforward reference written here, point by point
 * in time order, with no shortcut: every figure the pass hands replay (totals, peaks, clock hours, the
 * overflow above levels, the unit histogram's sums) must be the same number, bit for bit, on series
 * with idle minutes, spikes needing many units, counts near 2^31 and 2^32, sums near 2^53, gaps between
 * segments, and columns of either array type or missing.
 */
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
const TOKEN_METRICS = ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'OutputTokenCount'] as const;
const ALL_METRICS = [...TOKEN_METRICS, 'Invocations'] as const;

interface Reference {
  totals: Record<string, number>;
  points: number;
  peakIn: number;
  peakOut: number;
  hourly: number[];
  overflowIn: number;
  overflowOut: number;
  /** Per group b (units needed): [Σ input, Σ output, Σ input / need, Σ output / need, Σ need, Σ minutes]. */
  groups: number[][];
  topGroup: number;
}

/** The definition, point by point: a minute's need is max(input / capacity, output / capacity), its group ceil(need), at least 1. */
function reference(usage: ModelUsage, capacity?: UnitCapacity, levels?: LoadLevels): Reference | 'too large' {
  const totals: Record<string, number> = {};
  for (const metric of ALL_METRICS) {
    let sum = 0;
    for (const s of usage.segments) for (let i = 0; i < s.length; i++) sum += s.metrics[metric]?.[i] ?? 0;
    if (sum > Number.MAX_SAFE_INTEGER) return 'too large';
    totals[metric] = sum;
  }
  const out: Reference = { totals, points: 0, peakIn: 0, peakOut: 0, hourly: [], overflowIn: 0, overflowOut: 0, groups: [], topGroup: 0 };
  let hour = NaN;
  let hourTokens = 0;
  for (const s of usage.segments) {
    for (let i = 0; i < s.length; i++) {
      const at = (metric: (typeof TOKEN_METRICS)[number]) => s.metrics[metric]?.[i] ?? 0;
      const plain = at('InputTokenCount');
      const read = at('CacheReadInputTokenCount');
      const write = at('CacheWriteInputTokenCount');
      const output = at('OutputTokenCount');
      const input = plain + read + write;
      const h = Math.floor((s.start + i * 60) / 3600);
      if (h !== hour) {
        if (hourTokens > 0) out.hourly.push(hourTokens);
        hour = h;
        hourTokens = 0;
      }
      hourTokens += input + output;
      if (input === 0 && output === 0) continue;
      out.points++;
      out.peakIn = Math.max(out.peakIn, input);
      out.peakOut = Math.max(out.peakOut, output);
      if (levels) {
        // The Reserved tier's side: cache reads left out.
        out.overflowIn += Math.max(0, plain + write - levels.input);
        out.overflowOut += Math.max(0, output - levels.output);
      }
      if (capacity) {
        const need = Math.max(input / capacity.inputTokensPerMinute, output / capacity.outputTokensPerMinute);
        if (!(need > 0)) continue;
        // 2.0000000001 units of need is 2 units (the sizer's float guard).
        const b = need <= 1 ? 1 : Math.max(1, Math.ceil(need - 1e-9));
        const g = (out.groups[b] ??= [0, 0, 0, 0, 0, 0]);
        g[0]! += input;
        g[1]! += output;
        if (b > 1) {
          // Tokens / need as the sizer defines it: one division, 1 minute / need, times the tokens.
          g[2]! += input * (1 / need);
          g[3]! += output * (1 / need);
        }
        g[4]! += need;
        g[5]! += 1;
        out.topGroup = Math.max(out.topGroup, b);
      }
    }
  }
  if (hourTokens > 0) out.hourly.push(hourTokens);
  return out;
}

/** A minute count: idle, small, a spike, or near 2^31 and 2^32 (a Uint32Array's top). */
const countArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.nat(5_000) },
  { weight: 2, arbitrary: fc.integer({ min: 50_000, max: 3_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 32 - 4, max: 2 ** 32 - 1 }) },
);

interface SegmentPlan {
  gapMinutes: number;
  points: number[][];
  types: boolean[];
  present: boolean[];
}

const segmentArb = fc.record({
  gapMinutes: fc.oneof(fc.constant(0), fc.nat(200)),
  points: fc.array(fc.tuple(countArb, countArb, countArb, countArb, countArb), { minLength: 1, maxLength: 150 }),
  // Per metric: a Uint32Array (as read from CloudWatch) or a Float64Array, and present or absent.
  types: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  present: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { minLength: 5, maxLength: 5 }),
});

/**
 * Minute segments one after another from `startMinute`, each after its gap. `huge`: every count times
 * that factor, in Float64Arrays, so that sums come near (or pass) 2^53.
 */
function usageOf(startMinute: number, plans: SegmentPlan[], huge = 1): ModelUsage {
  const segments: UsageSegment[] = [];
  let start = T0 + startMinute * 60;
  for (const plan of plans) {
    start += plan.gapMinutes * 60;
    const metrics: UsageSegment['metrics'] = {};
    ALL_METRICS.forEach((metric, k) => {
      if (!plan.present[k]) return;
      const values = plan.points.map((p) => p[k]! * huge);
      const column: CountArray = plan.types[k] && huge === 1 ? Uint32Array.from(values) : Float64Array.from(values);
      metrics[metric] = column;
    });
    segments.push({ periodSeconds: 60, start, length: plan.points.length, metrics });
    start += plan.points.length * 60;
  }
  return { modelId: 'm', region: 'us-east-1', segments };
}

const capacityArb = fc.oneof(
  fc.constant({ inputTokensPerMinute: 4_000_000, outputTokensPerMinute: 400_000 }),
  fc.record({ inputTokensPerMinute: fc.integer({ min: 1, max: 10_000_000 }), outputTokensPerMinute: fc.integer({ min: 1, max: 1_000_000 }) }),
  // About equal sides, so that the output side binds at some minutes and not at others.
  fc.integer({ min: 1, max: 5_000 }).map((c) => ({ inputTokensPerMinute: c, outputTokensPerMinute: c })),
);
const levelsArb = fc.oneof(
  fc.constant({ input: 100_000, output: 10_000 }),
  fc.record({ input: fc.nat(4_000_000), output: fc.nat(400_000) }),
);

function expectSame(usage: ModelUsage, capacity?: UnitCapacity, levels?: LoadLevels): void {
  const want = reference(usage, capacity, levels);
  const build = () => buildLoadProfile([usage], { ...(capacity ? { unitCapacity: capacity } : {}), ...(levels ? { overflowLevels: levels } : {}) });
  if (want === 'too large') {
    expect(build).toThrow(/passes 2\^53/);
    return;
  }
  const profile = build();
  for (const metric of ALL_METRICS) expect(profile.totals[metric]).toBe(want.totals[metric]);
  // Each metric's sum is checked against 2^53; past it together, an hour's tokens are not exact in any order.
  if (TOKEN_METRICS.reduce((a, metric) => a + want.totals[metric]!, 0) > Number.MAX_SAFE_INTEGER) return;
  expect(profile.peakInputPerMinute).toBe(want.peakIn);
  expect(profile.peakOutputPerMinute).toBe(want.peakOut);
  expect(profile.peakResolutionSeconds).toBe(want.points > 0 ? 60 : 0);
  expect([...profile.hourlyTokens]).toEqual(want.hourly);
  expect(profile.activeHours).toBe(want.hourly.length);
  // The points with traffic, from the columns built on demand.
  expect(profile.inputPerMinute.length).toBe(want.points);
  if (levels) expect(profile.levelOverflow).toEqual({ levels, inputTokens: want.overflowIn, outputTokens: want.overflowOut });
  if (capacity) {
    // The direct index holds up to 2 x points + 64 groups; past it the sizer sorts instead.
    const points = usage.segments.reduce((n, s) => n + s.length, 0);
    if (want.topGroup > 2 * points + 64) {
      expect(profile.unitHistogram).toBeUndefined();
      return;
    }
    const histogram = profile.unitHistogram!;
    expect(histogram.top).toBe(want.topGroup);
    for (let b = 0; b <= want.topGroup; b++) {
      expect([...histogram.sums.subarray(b * 6, b * 6 + 6)]).toEqual(want.groups[b] ?? [0, 0, 0, 0, 0, 0]);
    }
  }
}

describe('the minute pass against a point-by-point reference (properties)', () => {
  it('finds every figure, bit for bit, with and without a unit capacity and levels', () => {
    fc.assert(
      fc.property(fc.nat(2 * 1440), fc.array(segmentArb, { minLength: 1, maxLength: 3 }), fc.option(capacityArb), fc.option(levelsArb), (startMinute, plans, capacity, levels) => {
        expectSame(usageOf(startMinute, plans), capacity ?? undefined, levels ?? undefined);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps sums exact up to 2^53, and refuses a series whose sum passes it', () => {
    // Counts scaled so a few hundred points sum to around 2^53: 2^53 / (150 x 3 points x 2^32) is about 4,660.
    fc.assert(
      fc.property(fc.nat(1440), fc.array(segmentArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 6_000 }), capacityArb, levelsArb, (startMinute, plans, huge, capacity, levels) => {
        expectSame(usageOf(startMinute, plans, huge), capacity, levels);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on a hand-made series: an idle hour, a spike, an hour crossing a gap', () => {
    // Minutes 0-2 busy, 3-62 idle (a whole idle clock hour), then after a 90-minute gap a spike of 3 units.
    const idle = Array.from({ length: 60 }, () => [0, 0, 0, 0, 0]);
    const usage = usageOf(0, [
      { gapMinutes: 0, points: [[10, 5, 0, 2, 1], [20, 0, 0, 0, 1], [0, 0, 0, 7, 1], ...idle], types: [true, true, true, true, true], present: [true, true, false, true, true] },
      { gapMinutes: 90, points: [[250, 0, 0, 1, 1], [40, 0, 0, 0, 1]], types: [false, true, true, false, true], present: [true, true, true, true, true] },
    ]);
    const capacity = { inputTokensPerMinute: 100, outputTokensPerMinute: 10 };
    const profile = buildLoadProfile([usage], { unitCapacity: capacity, overflowLevels: { input: 15, output: 5 } });
    // Hour 0: 17 + 20 + 7 tokens; minutes 3-62 idle; hour 2 (minutes 153-154): 251 + 40.
    expect([...profile.hourlyTokens]).toEqual([44, 291]);
    expect(profile.totals.InputTokenCount).toBe(320);
    expect(profile.totals.Invocations).toBe(5);
    // Above 15 input (cache reads left out): 20 - 15, 250 - 15, 40 - 15; above 5 output: 7 - 5.
    expect(profile.levelOverflow).toMatchObject({ inputTokens: 5 + 235 + 25, outputTokens: 2 });
    // The 250-token minute needs 2.5 units: group 3; the four other busy minutes are in group 1.
    expect(profile.unitHistogram!.top).toBe(3);
    expect(profile.unitHistogram!.sums[11]).toBe(4);
    expectSame(usage, capacity, { input: 15, output: 5 });
  });
});
