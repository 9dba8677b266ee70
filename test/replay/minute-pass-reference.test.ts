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

/*
 * The minute pass sizes an hour from its figures when they prove every minute of it needs at most one
 * unit (least input above 0, peak input at most the capacity, peak output below the binding line), and
 * minute by minute otherwise. Busy hours near those edges, against the same reference: clean hours
 * (every minute inside, the figures' path), and hours where one minute is idle, at or past the capacity,
 * or has its output side at the binding line (the minute-by-minute path), with and without cache writes.
 */
interface BusyPlan {
  capacity: UnitCapacity;
  levels: LoadLevels;
  startMinute: number;
  /** Seconds past the minute the series starts at (CloudWatch aligns minutes; a hand-made file may not). */
  offsetSeconds: number;
  /** Where the minutes are cut into two segments (a share of them; none at 0), and the gap between, in minutes. */
  cut: { at: number; gapMinutes: number };
  minutes: Array<{ input: number; outputShift: number; readShare: number; writeShare: number }>;
  present: { reads: boolean; writes: boolean; invocations: boolean };
  float: boolean;
}

const busyPlanArb: fc.Arbitrary<BusyPlan> = fc
  .record({ inCap: fc.integer({ min: 2, max: 5_000 }), outCap: fc.integer({ min: 1, max: 5_000 }), clean: fc.boolean() })
  .chain(({ inCap, outCap, clean }) => {
    const input = clean
      ? fc.integer({ min: 1, max: inCap })
      : fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: 1, max: inCap }) },
          { weight: 2, arbitrary: fc.constantFrom(inCap - 1, inCap, inCap + 1) },
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.integer({ min: inCap + 1, max: 5 * inCap }) },
        );
    // The output as a shift from where it would bind (input x outCap / inCap): below it, at it, or above.
    const outputShift = clean
      ? fc.integer({ min: -1_000, max: -1 })
      : fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -1_000, max: -1 }) }, { weight: 3, arbitrary: fc.integer({ min: -1, max: 1 }) }, { weight: 1, arbitrary: fc.nat(1_000) });
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    return fc.record({
      capacity: fc.constant({ inputTokensPerMinute: inCap, outputTokensPerMinute: outCap }),
      levels: fc.record({ input: fc.nat(inCap), output: fc.nat(outCap) }),
      startMinute: fc.nat(2 * 1440),
      offsetSeconds: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(59) }),
      cut: fc.record({ at: fc.oneof(fc.constant(0), share), gapMinutes: fc.oneof(fc.constant(0), fc.nat(90)) }),
      minutes: fc.array(fc.record({ input, outputShift, readShare: share, writeShare: share }), { minLength: 1, maxLength: 300 }),
      present: fc.record({ reads: fc.boolean(), writes: fc.boolean(), invocations: fc.boolean() }),
      float: fc.boolean(),
    });
  });

function busyUsage(plan: BusyPlan): ModelUsage {
  const { inputTokensPerMinute: inCap, outputTokensPerMinute: outCap } = plan.capacity;
  const columns = { plain: [] as number[], reads: [] as number[], writes: [] as number[], output: [] as number[], invocations: [] as number[] };
  for (const m of plan.minutes) {
    const reads = plan.present.reads ? Math.floor(m.input * m.readShare) : 0;
    const writes = plan.present.writes ? Math.floor((m.input - reads) * m.writeShare) : 0;
    columns.plain.push(m.input - reads - writes);
    columns.reads.push(reads);
    columns.writes.push(writes);
    columns.output.push(Math.max(0, Math.round((m.input * outCap) / inCap) + m.outputShift));
    columns.invocations.push(m.input > 0 ? 1 : 0);
  }
  const segment = (from: number, to: number, start: number): UsageSegment => {
    const column = (values: number[]): CountArray => (plan.float ? Float64Array.from(values.slice(from, to)) : Uint32Array.from(values.slice(from, to)));
    const metrics: UsageSegment['metrics'] = { InputTokenCount: column(columns.plain), OutputTokenCount: column(columns.output) };
    if (plan.present.reads) metrics.CacheReadInputTokenCount = column(columns.reads);
    if (plan.present.writes) metrics.CacheWriteInputTokenCount = column(columns.writes);
    if (plan.present.invocations) metrics.Invocations = column(columns.invocations);
    return { periodSeconds: 60, start, length: to - from, metrics };
  };
  const start = T0 + plan.startMinute * 60 + plan.offsetSeconds;
  const n = plan.minutes.length;
  const cut = Math.floor(n * plan.cut.at);
  // A second segment picks up the clock hour the first left open (after no gap or a short one) or a later one.
  const segments = cut > 0 ? [segment(0, cut, start), segment(cut, n, start + (cut + plan.cut.gapMinutes) * 60)] : [segment(0, n, start)];
  return { modelId: 'm', region: 'us-east-1', segments };
}

describe('the minute pass sizing an hour from its figures or minute by minute (properties)', () => {
  it('finds every figure, bit for bit, on busy hours near the capacity and the binding line', () => {
    fc.assert(
      fc.property(busyPlanArb, (plan) => {
        expectSame(busyUsage(plan), plan.capacity, plan.levels);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees on hand-made hours: one clean, one with an idle minute, one with a minute at two units', () => {
    // 100 input and 10 output tokens a minute per unit; three whole clock hours of 50-token minutes, 2 output each.
    const minutes = Array.from({ length: 180 }, () => ({ input: 50, outputShift: -3, readShare: 0.5, writeShare: 0.5 }));
    minutes[70] = { input: 0, outputShift: 0, readShare: 0, writeShare: 0 };
    minutes[150] = { input: 200, outputShift: -10, readShare: 0, writeShare: 0 };
    const plan: BusyPlan = {
      capacity: { inputTokensPerMinute: 100, outputTokensPerMinute: 10 },
      levels: { input: 20, output: 1 },
      startMinute: 0,
      offsetSeconds: 0,
      cut: { at: 0, gapMinutes: 0 },
      minutes,
      present: { reads: true, writes: true, invocations: true },
      float: false,
    };
    const profile = buildLoadProfile([busyUsage(plan)], { unitCapacity: plan.capacity, overflowLevels: plan.levels });
    const sums = profile.unitHistogram!.sums;
    // One unit: 178 minutes of 0.5 units (the idle minute and the 2-unit minute left out); two units: the 200-token minute.
    expect([sums[6], sums[7], sums[10], sums[11]]).toEqual([178 * 50, 178 * 2, 89, 178]);
    expect(profile.unitHistogram!.top).toBe(2);
    expect([sums[12], sums[13], sums[16], sums[17]]).toEqual([200, 10, 2, 1]);
    expectSame(busyUsage(plan), plan.capacity, plan.levels);
  });

  it('carries the open clock hour to the next segment, however many hours the last one spanned', () => {
    // Minutes 0-149 (two and a half hours), then minutes 179-208: minute 179 is still in the third hour.
    const minutes = Array.from({ length: 180 }, (_, i) => ({ input: 10 + (i % 13), outputShift: -1, readShare: 0.3, writeShare: 0 }));
    const plan: BusyPlan = {
      capacity: { inputTokensPerMinute: 100, outputTokensPerMinute: 10 },
      levels: { input: 15, output: 0 },
      startMinute: 0,
      offsetSeconds: 0,
      cut: { at: 150 / 180, gapMinutes: 29 },
      minutes,
      present: { reads: true, writes: false, invocations: true },
      float: false,
    };
    const usage = busyUsage(plan);
    expect(usage.segments.map((s) => (s.start - T0) / 60)).toEqual([0, 179]);
    // Hours 0, 1 and 2 (minutes 120-149 and 179), then hour 3 (minutes 180-208).
    expect(buildLoadProfile([usage], { unitCapacity: plan.capacity, overflowLevels: plan.levels }).hourlyTokens.length).toBe(4);
    expectSame(usage, plan.capacity, plan.levels);
  });

  it('sizes minute by minute when a capacity is infinite, where the figures prove nothing', () => {
    // Output 0 throughout: with an infinite input capacity every minute needs 0 units and belongs to no group.
    const minutes = Array.from({ length: 120 }, (_, i) => ({ input: 1 + (i % 7), outputShift: -1_000, readShare: 0, writeShare: 0 }));
    for (const capacity of [
      { inputTokensPerMinute: Infinity, outputTokensPerMinute: 10 },
      { inputTokensPerMinute: 100, outputTokensPerMinute: Infinity },
    ]) {
      const plan: BusyPlan = { capacity, levels: { input: 3, output: 0 }, startMinute: 0, offsetSeconds: 0, cut: { at: 0, gapMinutes: 0 }, minutes, present: { reads: false, writes: false, invocations: true }, float: false };
      expectSame(busyUsage({ ...plan, capacity: { inputTokensPerMinute: 100, outputTokensPerMinute: 10 } }), capacity, plan.levels);
    }
  });
});
