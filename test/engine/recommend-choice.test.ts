import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_END, REGION, benchCatalog, collectorSnapshot, modelIdOf } from '../../bench/fixtures.js';
import { DEFAULT_CACHE_READ_SHARES, groupUsage } from '../../src/engine.js';
import { adviserFor } from '../../src/modes/registry.js';
import { recommendationsForModel } from '../../src/recommend/recommend.js';
import { replayModel, type ModelReplay } from '../../src/replay/scenarios.js';
import { usd } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import type { Scenario } from '../../src/domain/report.js';

/**
 * The recommendation is the advised scenario with the highest score (its saving x the weight of its
 * confidence), the first of equal ones in scenario order. recommendationsForModel asks the modes only
 * about steps that could still be chosen (largest saving first); whatever the scenarios cost, it must
 * choose what asking every mode about every scenario, in order, chooses: written out here that way.
 */
const WEIGHT = { high: 1, medium: 0.75, low: 0.5 } as const;
const LOWER = { high: 'medium', medium: 'low', low: 'low' } as const;

function chosenByAskingAll(replay: ModelReplay, windowHours: number): { scenario: Scenario; savings: Decimal; confidence: string } | undefined {
  const current = replay.report.currentMonthlyCost;
  if (current === null || current.isZero()) return undefined;
  const ctx = { replay, windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES };
  let best: { scenario: Scenario; savings: Decimal; confidence: string; score: number } | undefined;
  for (const scenario of replay.report.scenarios) {
    const adviser = adviserFor(scenario.mode);
    if (!adviser || !scenario.feasible || scenario.monthlyCost === null) continue;
    if (adviser.eligible && !adviser.eligible(scenario, ctx)) continue;
    const savings = current.minus(scenario.monthlyCost);
    if (savings.lessThanOrEqualTo(0)) continue;
    let { confidence } = adviser.confidence(scenario, ctx);
    if (windowHours < 7 * 24) confidence = LOWER[confidence];
    const score = savings.toNumber() * WEIGHT[confidence];
    if (!best || score > best.score) best = { scenario, savings, confidence, score };
  }
  if (!best || best.savings.lessThan(1) || best.savings.dividedBy(current).times(100).lessThan(5)) return undefined;
  return best;
}

/** Hourly points of one bench model, all its traffic in two hours of the day: the shape of a scheduled job (batch is advised). */
function scheduledSnapshot(days: number): UsageSnapshot {
  const builder = new UsageBuilder();
  const start = BENCH_END - days * 86_400;
  for (let h = 0; h < days * 24; h++) {
    const busy = h % 24 === 2 || h % 24 === 3;
    for (const [metric, value] of [['InputTokenCount', busy ? 90_000_000 : 1000], ['OutputTokenCount', busy ? 9_000_000 : 100], ['Invocations', busy ? 900 : 1]] as const) {
      builder.add({ region: REGION, modelId: modelIdOf(0), metric, timestamp: start + h * 3600, periodSeconds: 3600, value });
    }
  }
  return { window: { start: new Date(start * 1000).toISOString(), end: new Date(BENCH_END * 1000).toISOString() }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

const catalog = benchCatalog(1);
const now = new Date(BENCH_END * 1000);
function replayOf(snapshot: UsageSnapshot): { replay: ModelReplay; windowHours: number } {
  const windowHours = (Date.parse(snapshot.window.end) - Date.parse(snapshot.window.start)) / 3_600_000;
  const { groups } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  return { replay: replayModel(groups[0]!, { catalog, windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES, now }), windowHours };
}

// Minute data over a day (a short window: every confidence lowered), hourly over 8 days (capacity sized
// from averages), and a scheduled shape over 8 days.
const cases = [replayOf(collectorSnapshot(1, [[1, 60]])), replayOf(collectorSnapshot(1, [[8, 3600]])), replayOf(scheduledSnapshot(8))];

describe('recommendationsForModel', () => {
  it('the scheduled case has batch advised (the property below meets steps batch wins), the others not', () => {
    const { replay, windowHours } = cases[2]!;
    expect(recommendationsForModel(replay, { minMonthlySavingsUsd: usd(1), minSavingsPercent: usd(5), windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES, catalog }).map((r) => r.toMode)).toEqual(['batch']);
    expect(adviserFor('batch')!.eligible!(replay.report.scenarios.find((s) => s.mode === 'batch')!, { replay, windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES })).toBe(true);
  });

  it('chooses what asking every mode about every scenario in order chooses, whatever the scenarios cost', () => {
    // Costs from a few fractions of today's, so equal savings, equal scores at different confidences (0.6 x 0.5 = 0.4 x 0.75)
    // and savings under the floors all occur; and costs so small that today less each rounds to the same
    // 40-digit saving (unequal costs, equal savings), which the scan meets in order of cost. And costs a
    // 14th to 20th digit apart, whose savings share their top words (leadingNumber's bracket of the score
    // cannot tell them apart, their floats then decide): equal floats, and floats one apart.
    const fraction = fc.constantFrom('0.2', '0.25', '0.3', '0.4', '0.5', '0.5', '0.9', '0.96', '0.999', '1', '1.2', 'null', '1e-45', '1.1e-45', '1e-46',
      '0.60000000000001', '0.6000000000000000001', '0.59999999999999999', '0.40000000000000001', '0.3999999999999', '0.50000000000000000001');
    fc.assert(fc.property(fc.constantFrom(0, 1, 2), fc.array(fc.tuple(fraction, fc.boolean()), { minLength: 20, maxLength: 20 }), (which, drawn) => {
      const { replay: real, windowHours } = cases[which]!;
      const current = real.report.currentMonthlyCost!;
      const scenarios = real.report.scenarios.map((s, i) => {
        const [f, feasible] = drawn[i]!;
        return { ...s, feasible: feasible || i % 3 === 0, monthlyCost: f === 'null' ? null : current.times(f) };
      });
      const replay = { ...real, report: { ...real.report, scenarios } };
      const expected = chosenByAskingAll(replay, windowHours);
      const got = recommendationsForModel(replay, { minMonthlySavingsUsd: usd(1), minSavingsPercent: usd(5), windowHours, cacheReadShares: DEFAULT_CACHE_READ_SHARES, catalog });
      if (!expected) {
        expect(got).toEqual([]);
        return;
      }
      expect(got[0]!.toMode).toBe(expected.scenario.mode);
      expect(got[0]!.newMonthlyCost).toBe(expected.scenario.monthlyCost);
      expect(got[0]!.confidence).toBe(expected.confidence);
      expect(got[0]!.monthlySavings!.toFixed()).toBe(expected.savings.toFixed());
      expect(got[0]!.savingsPercent!.toFixed()).toBe(expected.savings.dividedBy(current).times(100).toFixed());
    }), { numRuns: 1500 });
  });
});
