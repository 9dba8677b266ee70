import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UnitSizer, buildLoadProfile } from '../../src/replay/load-profile.js';
import { convexMinimum } from '../../src/replay/convex.js';
import { RESERVED_LEVEL_STEP, ReservedSizer } from '../../src/replay/reserved.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Invariants of the priced lines and of the two searches that replaced loops: the cheapest
 * provisioned unit count (binary search on a convex cost) and the cheapest Reserved level (read off
 * the sorted load). Each search is checked against brute force on small generated loads.
 */

const REGION = 'us-east-1';
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-02T00:00:00Z');
const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const SONNET_45_GEO = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const UNKNOWN = 'acme.not-in-any-catalog-v1:0';
/** Wide enough that our own sums never round. */
const Wide = Decimal.clone({ precision: 120 });

// Nova Micro gains provisioned throughput and Reserved prices, so every kind of line appears.
const catalog = PriceCatalog.bundled().withRates(
  {
    rates: [{
      model: NOVA_MICRO, region: REGION,
      provisioned: { noCommit: '0.20', oneMonth: '0.15', sixMonth: '0.10', unitTokensPerMinute: { input: 100_000, output: 10_000 } },
      reserved: { oneMonth: { input: '0.50', output: '2.00' }, threeMonth: { input: '0.40', output: '1.60' } },
    }],
  },
  'lines-rates.json', TEST_READ_ON,
);

interface Point { I: number; O: number; R: number; W: number }
const tokens = (max: number) => fc.oneof(fc.constant(0), fc.nat({ max: 5_000 }), fc.nat({ max }));
const point = fc.record({ I: tokens(2_000_000), O: tokens(400_000), R: tokens(1_000_000), W: tokens(300_000) });
const load = fc.integer({ min: 1, max: 60 }).chain((n) => fc.array(point, { minLength: n, maxLength: n }));

function snapshotOf(modelId: string, points: Point[]): UsageSnapshot {
  const builder = new UsageBuilder();
  points.forEach((p, i) => {
    const timestamp = START + i * 60;
    for (const [metric, value] of [['InputTokenCount', p.I], ['OutputTokenCount', p.O], ['CacheReadInputTokenCount', p.R], ['CacheWriteInputTokenCount', p.W], ['Invocations', 1]] as const) {
      builder.add({ region: REGION, modelId, metric, timestamp, periodSeconds: 60, value });
    }
  });
  return {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + points.length * 60) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('priced lines', () => {
  it('every scenario cost is the exact sum of its line costs, and null exactly when a line has no price', () => {
    let checked = 0;
    fc.assert(
      fc.property(load, fc.constantFrom(NOVA_MICRO, SONNET_45_GEO, UNKNOWN), (points, modelId) => {
        const report = analyze(snapshotOf(modelId, points), catalog, { now: NOW });
        for (const m of report.models) {
          for (const s of m.scenarios) {
            if (!s.feasible || s.lines === undefined || s.lines.length === 0) continue;
            checked++;
            const anyUnpriced = s.lines.some((l) => l.cost === null);
            expect(s.cost === null, `${m.modelId} ${s.mode}`).toBe(anyUnpriced);
            if (s.cost === null) continue;
            const sum = s.lines.reduce((acc, l) => acc.plus(l.cost!.toFixed()), new Wide(0));
            expect(sum.toFixed(), `${m.modelId} ${s.mode} ${s.variant ?? ''}`).toBe(new Wide(s.cost.toFixed()).toFixed());
            for (const l of s.lines) {
              // A line with a price names its source; a line without one carries no cost, never $0.
              if (l.unitPrice === null) expect(l.cost).toBeNull();
              else expect(l.source).toBeTruthy();
            }
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThan(40);
  });

  it('a model missing from the catalog keeps its quantities as lines with no price', () => {
    const report = analyze(snapshotOf(UNKNOWN, [{ I: 2_000, O: 500, R: 0, W: 0 }]), catalog, { now: NOW });
    const s = report.models[0]!.scenarios[0]!;
    expect(s.cost).toBeNull();
    expect(s.lines?.map((l) => ({ ...l, quantity: l.quantity.toFixed() }))).toEqual([
      { dimension: { code: 'input' }, quantity: '2', unit: '1K tokens', unitPrice: null, cost: null, source: null },
      { dimension: { code: 'output' }, quantity: '0.5', unit: '1K tokens', unitPrice: null, cost: null, source: null },
    ]);
    // Nothing priced: the summary says $0 of priced spend and one unpriced model, never "spend $0".
    expect(report.summary.pricedMonthlyCost.isZero()).toBe(true);
    expect(report.summary.unpricedModels).toBe(1);
  });
});

describe('cheapest provisioned unit count by binary search', () => {
  it('convexMinimum finds the first minimum of any convex sequence (brute force on generated parabolas)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 80 }), fc.nat({ max: 7 }), (lo, span, vertex, curve) => {
        const hi = lo + span;
        const cost = (k: number) => new Decimal((k - vertex) ** 2 * curve + 3);
        let bestK = lo;
        for (let k = lo; k <= hi; k++) if (cost(k).lessThan(cost(bestK))) bestK = k;
        expect(convexMinimum(lo, hi, cost)).toEqual({ k: bestK, cost: cost(bestK) });
      }),
      { numRuns: 200 },
    );
  });

  it('the engine picks a unit count no dearer than any count a loop would try', () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 20_000, max: 400_000 }), fc.integer({ min: 2_000, max: 40_000 }), (points, capIn, capOut) => {
        const snapshot = snapshotOf(NOVA_MICRO, points);
        const capacity = { inputTokensPerMinute: capIn, outputTokensPerMinute: capOut };
        const rated = PriceCatalog.bundled().withRates({ rates: [{ model: NOVA_MICRO, region: REGION, provisioned: { sixMonth: '0.10', unitTokensPerMinute: { input: capIn, output: capOut } } }] }, 'r.json', TEST_READ_ON);
        const s = analyze(snapshot, rated, { now: NOW }).models[0]!.scenarios.find((x) => x.mode === 'provisioned-6-month')!;
        if (s.cost === null) return;
        const sizer = new UnitSizer(buildLoadProfile(snapshot.models), capacity);
        const onDemand = analyze(snapshot, rated, { now: NOW }).models[0]!.scenarios[0]!.cost!;
        const I = points.reduce((a, p) => a + p.I + p.R + p.W, 0);
        const O = points.reduce((a, p) => a + p.O, 0);
        // The input and output sides as billed today, for the blended overflow rate.
        const inputSide = onDemand.minus(new Wide(O).times('0.00014').dividedBy(1000));
        for (let k = 0; k <= sizer.unitsForPeak; k++) {
          const mix = sizer.evaluate(k, points.length);
          const overflow = (I > 0 ? inputSide.times(mix.overflowInputTokens).dividedBy(I) : new Wide(0))
            .plus(O > 0 ? new Wide(mix.overflowOutputTokens).times('0.00014').dividedBy(1000) : 0);
          // The window's hours from its whole minutes (a float's hours would put its own digits in the cost).
          const loopCost = new Wide('0.10').times(k).times(points.length).dividedBy(60).plus(overflow);
          // Equal up to the last digit of a 40-digit division.
          expect(s.cost.minus(loopCost.toFixed()).lessThanOrEqualTo('1e-30'), `k=${k}: ${loopCost.toFixed()} < chosen ${s.cost.toFixed()}`).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('cheapest Reserved level from the sorted load', () => {
  it('no level in whole thousands of TPM at or above the minimum costs less than the chosen one (brute force)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ rate: fc.nat({ max: 300_000 }), minutes: fc.constantFrom(1, 5) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('0.001', '0.003', '0.0001'),
        fc.constantFrom(0, 10_000, 100_000),
        (points, pricePerThousandTpmMonth, standardPerThousand, minimum) => {
          const sizer = new ReservedSizer(points.map((p) => p.rate), points.map((p) => p.minutes));
          const hours = points.reduce((a, p) => a + p.minutes, 0) / 60;
          const cost = (level: number) =>
            new Wide(pricePerThousandTpmMonth).times(level).times(hours).dividedBy(1000 * 730)
              .plus(new Wide(sizer.overflow(level)).times(standardPerThousand).dividedBy(1000));
          const breakEvenMinutes = (pricePerThousandTpmMonth / 1000) * (hours / 730) / (Number(standardPerThousand) / 1000);
          const chosen = sizer.cheapestLevel(minimum, breakEvenMinutes, cost);
          expect(chosen % RESERVED_LEVEL_STEP).toBe(0);
          expect(chosen).toBeGreaterThanOrEqual(minimum);
          const top = Math.max(minimum, Math.ceil(Math.max(...points.map((p) => p.rate)) / 1000) * 1000);
          for (let level = minimum; level <= top; level += RESERVED_LEVEL_STEP) {
            expect(cost(chosen).lessThanOrEqualTo(cost(level).plus('1e-30')), `level ${level} beats ${chosen}`).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('overflow is the tokens above the level, minute by minute', () => {
    // 3 minutes at 50K, 1 at 150K, 5 minutes (one 5-minute point) at 120K TPM.
    const sizer = new ReservedSizer([50_000, 150_000, 50_000, 50_000, 120_000], [1, 1, 1, 1, 5]);
    expect(sizer.totalTokens).toBe(3 * 50_000 + 150_000 + 5 * 120_000);
    expect(sizer.overflow(100_000)).toBe(50_000 + 5 * 20_000);
    expect(sizer.overflow(150_000)).toBe(0);
    expect(sizer.overflow(0)).toBe(sizer.totalTokens);
  });
});
