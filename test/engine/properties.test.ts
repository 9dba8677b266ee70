import { adviceText } from '../../src/report/advice-text.js';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import type { AdvisorReport, ModelReport } from '../../src/domain/report.js';
import { UnitSizer, buildLoadProfile } from '../../src/replay/load-profile.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Properties of the replay on generated per-minute usage, against the bundled catalog with a rates
 * overlay that gives two models provisioned-throughput prices and model-unit capacity.
 */

const REGION = 'us-east-1';
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-02T00:00:00Z');
const NUM_RUNS = 60;
/** Wide enough that our own sums never round. */
const Wide = Decimal.clone({ precision: 120 });

const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';
const SONNET_45_GEO = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const QWEN3 = 'qwen.qwen3-32b-v1:0';

const catalog = PriceCatalog.bundled().withRates(
  {
    rates: [
      { model: NOVA_MICRO, region: REGION, provisioned: { noCommit: '0.20', oneMonth: '0.15', sixMonth: '0.10', unitTokensPerMinute: { input: 100_000, output: 10_000 } } },
      { model: NOVA_2_LITE, region: REGION, provisioned: { sixMonth: '1.00', unitTokensPerMinute: { input: 200_000, output: 20_000 } } },
    ],
  },
  'property-rates.json', TEST_READ_ON,
);

interface Point { I: number; O: number; R: number; W: number }
const MAX_TOKENS = 2_000_000;

/** A token count that is often zero, sometimes small, sometimes large. */
const tokens = (max = MAX_TOKENS) => fc.oneof(fc.constant(0), fc.nat({ max: 5_000 }), fc.nat({ max }));
const point = (cache: boolean) => fc.record({ I: tokens(), O: tokens(400_000), R: cache ? tokens() : fc.constant(0), W: cache ? tokens(500_000) : fc.constant(0) });
const series = (minutes: number, cache = true) => fc.array(point(cache), { minLength: minutes, maxLength: minutes });
const minutesArb = fc.integer({ min: 1, max: 90 });

function snapshotOf(models: Array<{ modelId: string; points: Point[] }>, minutes: number, extra: Partial<UsageSnapshot> = {}): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const { modelId, points } of models) {
    points.forEach((p, i) => {
      const timestamp = START + i * 60;
      const add = (metric: 'InputTokenCount' | 'OutputTokenCount' | 'CacheReadInputTokenCount' | 'CacheWriteInputTokenCount', value: number) =>
        builder.add({ region: REGION, modelId, metric, timestamp, periodSeconds: 60, value });
      add('InputTokenCount', p.I);
      add('OutputTokenCount', p.O);
      add('CacheReadInputTokenCount', p.R);
      add('CacheWriteInputTokenCount', p.W);
    });
  }
  return {
    // A fixed window, so adding tokens never changes the monthly scaling.
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + minutes * 60) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    ...extra,
  };
}

function onlyModel(report: AdvisorReport): ModelReport {
  expect(report.models).toHaveLength(1);
  return report.models[0]!;
}

const key = (s: { mode: string; variant?: string }) => `${s.mode}${s.variant ? ` ${s.variant}` : ''}`;

function costs(m: ModelReport): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const s of m.scenarios) if (s.cost !== null) out.set(key(s), s.cost);
  return out;
}

const add = (a: Point[], b: Point[], which: ReadonlyArray<keyof Point>): Point[] =>
  a.map((p, i) => {
    const q = b[i]!;
    return { I: p.I + (which.includes('I') ? q.I : 0), O: p.O + (which.includes('O') ? q.O : 0), R: p.R + (which.includes('R') ? q.R : 0), W: p.W + (which.includes('W') ? q.W : 0) };
  });

/** Two series of the same length: the base usage and the extra tokens to add. */
const baseAndExtra = minutesArb.chain((n) => fc.tuple(fc.constant(n), series(n), series(n)));

const AS_BILLED = new Set(['on-demand', 'on-demand-no-cache', 'on-demand-global', 'batch', 'flex', 'priority']);

describe('cost is monotone in tokens', () => {
  it('adding input, output or cache-write tokens never lowers any priced scenario (Nova Micro, every mode incl. what-ifs and provisioned)', () => {
    fc.assert(
      fc.property(baseAndExtra, ([minutes, base, extra]) => {
        const before = costs(onlyModel(analyze(snapshotOf([{ modelId: NOVA_MICRO, points: base }], minutes), catalog, { now: NOW })));
        const more = add(base, extra, ['I', 'O', 'W']);
        const after = costs(onlyModel(analyze(snapshotOf([{ modelId: NOVA_MICRO, points: more }], minutes), catalog, { now: NOW })));
        for (const [k, cost] of before) {
          const c = after.get(k);
          if (c === undefined) continue; // e.g. a what-if that became infeasible
          expect(c.greaterThanOrEqualTo(cost), `${k}: ${c.toFixed()} < ${cost.toFixed()}`).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('adding any tokens, cache reads included, never lowers an as-billed scenario (on-demand, no-cache, global, batch, flex, priority)', () => {
    fc.assert(
      fc.property(baseAndExtra, fc.constantFrom(NOVA_MICRO, SONNET_45_GEO, HAIKU_35, QWEN3), ([minutes, base, extra], modelId) => {
        const before = costs(onlyModel(analyze(snapshotOf([{ modelId, points: base }], minutes), catalog, { now: NOW })));
        const more = add(base, extra, ['I', 'O', 'R', 'W']);
        const after = costs(onlyModel(analyze(snapshotOf([{ modelId, points: more }], minutes), catalog, { now: NOW })));
        for (const [k, cost] of before) {
          if (!AS_BILLED.has(k)) continue;
          const c = after.get(k);
          if (c === undefined) continue;
          expect(c.greaterThanOrEqualTo(cost), `${modelId} ${k}: ${c.toFixed()} < ${cost.toFixed()}`).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('batch', () => {
  const BATCH_MODELS = ['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', HAIKU_35,
    'anthropic.claude-sonnet-4-20250514-v1:0', SONNET_45_GEO, 'global.anthropic.claude-opus-4-5-20251101-v1:0', 'meta.llama3-3-70b-instruct-v1:0', QWEN3] as const;

  it('costs no more than on demand without caching wherever batch prices exist', () => {
    let compared = 0;
    fc.assert(
      fc.property(minutesArb.chain((n) => fc.tuple(fc.constant(n), series(n))), fc.constantFrom(...BATCH_MODELS), ([minutes, points], modelId) => {
        const m = onlyModel(analyze(snapshotOf([{ modelId, points }], minutes), catalog, { now: NOW }));
        const batch = m.scenarios.find((s) => s.mode === 'batch');
        if (!batch || batch.cost === null) return;
        // With no cached tokens there is no separate no-cache scenario: on demand is the no-cache bill.
        const noCache = m.scenarios.find((s) => s.mode === 'on-demand-no-cache') ?? m.scenarios.find((s) => s.mode === 'on-demand');
        if (!noCache || noCache.cost === null) return;
        compared++;
        expect(batch.cost.lessThanOrEqualTo(noCache.cost), `${modelId}: batch ${batch.cost.toFixed()} > ${noCache.cost.toFixed()}`).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(compared).toBeGreaterThan(NUM_RUNS / 3);
  });
});

describe('provisioned throughput', () => {
  it('the best unit mix never costs more than all on demand, nor than full provisioning for the peak', () => {
    let checked = 0;
    fc.assert(
      fc.property(minutesArb.chain((n) => fc.tuple(fc.constant(n), series(n))), fc.constantFrom(NOVA_MICRO, NOVA_2_LITE), ([minutes, points], modelId) => {
        // Nova 2 Lite has no cache price: keep its traffic uncached so on demand stays priced.
        const usable = modelId === NOVA_2_LITE ? points.map((p) => ({ ...p, R: 0, W: 0 })) : points;
        const report = analyze(snapshotOf([{ modelId, points: usable }], minutes), catalog, { now: NOW });
        const m = onlyModel(report);
        const onDemand = m.scenarios.find((s) => s.mode === 'on-demand')!.cost!;
        for (const s of m.scenarios) {
          if (!s.mode.startsWith('provisioned-') || s.cost === null) continue;
          const pt = s.provisioned!;
          checked++;
          expect(s.cost.lessThanOrEqualTo(onDemand), `${s.mode}: ${s.cost.toFixed()} > on demand ${onDemand.toFixed()}`).toBe(true);
          expect(s.cost.lessThanOrEqualTo(pt.costAtPeak!), `${s.mode}: ${s.cost.toFixed()} > at peak ${pt.costAtPeak!.toFixed()}`).toBe(true);
          expect(pt.bestUnits).toBeLessThanOrEqual(pt.unitsForPeak!);
          // The unit part of the cost is k x rate x window hours, the hours from the window's whole minutes
          // (never its float hours: 1 minute is 0.016666666666666666 as a float); to 25 places, as a third of a cent does not end.
          const atPeak = new Wide(pt.hourlyRatePerUnit.toFixed()).times(pt.unitsForPeak!).times(minutes).dividedBy(60);
          expect(pt.costAtPeak!.toDecimalPlaces(25).toFixed()).toBe(atPeak.toDecimalPlaces(25).toFixed());
          expect(report.window.hours).toBe(minutes / 60);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(checked).toBeGreaterThan(NUM_RUNS);
  });

  it('UnitSizer: overflow is non-increasing in units and zero at unitsForPeak; utilisation stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        minutesArb.chain((n) => series(n)),
        fc.integer({ min: 20_000, max: 1_000_000 }),
        fc.integer({ min: 4_000, max: 100_000 }),
        (points, capIn, capOut) => {
          const usage = snapshotOf([{ modelId: NOVA_MICRO, points }], points.length).models;
          const profile = buildLoadProfile(usage);
          const sizer = new UnitSizer(profile, { inputTokensPerMinute: capIn, outputTokensPerMinute: capOut });
          const windowMinutes = points.length;
          let prev = sizer.evaluate(0, windowMinutes);
          // No units: everything overflows.
          const allIn = points.reduce((s, p) => s + p.I + p.R + p.W, 0);
          const allOut = points.reduce((s, p) => s + p.O, 0);
          expect(prev.overflowInputTokens).toBe(allIn);
          expect(prev.overflowOutputTokens).toBe(allOut);
          for (let k = 1; k <= sizer.unitsForPeak + 2; k++) {
            const next = sizer.evaluate(k, windowMinutes);
            expect(next.overflowInputTokens).toBeLessThanOrEqual(prev.overflowInputTokens);
            expect(next.overflowOutputTokens).toBeLessThanOrEqual(prev.overflowOutputTokens);
            expect(next.utilisation).toBeGreaterThanOrEqual(0);
            expect(next.utilisation).toBeLessThanOrEqual(1);
            prev = next;
          }
          const atPeak = sizer.evaluate(sizer.unitsForPeak, windowMinutes);
          expect(atPeak.overflowInputTokens).toBe(0);
          expect(atPeak.overflowOutputTokens).toBe(0);
          // And one unit fewer than the peak needs does overflow (when there is any load).
          if (sizer.unitsForPeak > 0) {
            const short = sizer.evaluate(sizer.unitsForPeak - 1, windowMinutes);
            expect(short.overflowInputTokens + short.overflowOutputTokens).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('money is exact', () => {
  const MODELS = [NOVA_MICRO, NOVA_2_LITE, SONNET_45_GEO, HAIKU_35, 'acme.unknown-v1:0'] as const;
  const account = minutesArb.chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.uniqueArray(fc.constantFrom(...MODELS), { minLength: 1, maxLength: MODELS.length }),
      fc.array(series(n), { minLength: MODELS.length, maxLength: MODELS.length }),
      fc.integer({ min: 0, max: 3 }), // provisioned units (0 = none)
      fc.boolean(), // an unused custom model
    ),
  );

  it('summary totals equal the sums of the parts and monthly = cost x 730 / window hours (to 25 decimal places)', () => {
    fc.assert(
      fc.property(account, ([minutes, modelIds, allSeries, ptUnits, custom]) => {
        const models = modelIds.map((modelId, i) => ({
          modelId,
          points: modelId === NOVA_2_LITE ? allSeries[i]!.map((p) => ({ ...p, R: 0, W: 0 })) : allSeries[i]!,
        }));
        const snapshot = snapshotOf(models, minutes, {
          provisionedThroughputs: ptUnits > 0 ? [{
            provisionedModelArn: `arn:aws:bedrock:${REGION}:111122223333:provisioned-model/p1`, provisionedModelName: 'p1', region: REGION,
            modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${NOVA_2_LITE}:256k`, modelUnits: ptUnits, status: 'InService',
          }] : [],
          customModels: custom ? [{
            modelArn: `arn:aws:bedrock:${REGION}:111122223333:custom-model/${NOVA_MICRO}:128k/c1`, modelName: 'c1', region: REGION,
            baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/${NOVA_MICRO}:128k`,
          }] : [],
        });
        const report = analyze(snapshot, catalog, { now: NOW });
        let current = new Wide(0);
        for (const m of report.models) if (m.currentMonthlyCost) current = current.plus(m.currentMonthlyCost.toFixed());
        for (const pt of report.provisionedThroughputs) if (pt.monthlyCost) current = current.plus(pt.monthlyCost.toFixed());
        for (const c of report.customModels) if (c.storageMonthlyCost) current = current.plus(c.storageMonthlyCost.toFixed());
        // Parts are 40-significant-digit amounts; compare at 25 decimal places (far below a cent, far above rounding).
        const at25 = (x: Decimal) => new Wide(x.toFixed()).toDecimalPlaces(25).toFixed();
        expect(at25(report.summary.currentMonthlyCost)).toBe(at25(current));
        // The headline is the sum of the plans (each saving counted once), not of the raw recommendations.
        // A plan whose saving is unknown (null) adds nothing.
        const savings = (report.plans ?? []).reduce((s, p) => (p.monthlySavings === null ? s : s.plus(p.monthlySavings.toFixed())), new Wide(0));
        expect(at25(report.summary.potentialMonthlySavings)).toBe(at25(savings));
        expect(report.summary.recommendations).toBe(report.recommendations.length);
        expect(report.summary.unpricedModels).toBe(report.models.filter((m) => !m.priced).length);
        for (const r of report.recommendations) {
          // An unknown saving is null with its cost after, and says why; never $0.
          if (r.monthlySavings === null || r.newMonthlyCost === null) {
            expect(r.monthlySavings, adviceText(r.title)).toBeNull();
            expect(r.newMonthlyCost, adviceText(r.title)).toBeNull();
            expect(r.unpricedReason, adviceText(r.title)).toBeDefined();
            continue;
          }
          expect(r.monthlySavings.equals(r.currentMonthlyCost.minus(r.newMonthlyCost)), adviceText(r.title)).toBe(true);
          expect(r.monthlySavings.isNegative()).toBe(false);
        }
        for (const m of report.models) {
          for (const s of m.scenarios) {
            if (s.cost === null) {
              expect(s.monthlyCost).toBeNull();
              continue;
            }
            // The window's hours from its whole minutes, never its float hours (1 minute is 0.016666666666666666 as a float).
            const exact = new Wide(s.cost.toFixed()).times(HOURS_PER_MONTH).times(60).dividedBy(minutes);
            // Equal to 25 decimal places (where the month does not end, the engine rounds at 40 digits).
            expect(at25(s.monthlyCost!), `${m.modelId} ${key(s)}`).toBe(exact.toDecimalPlaces(25).toFixed());
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
