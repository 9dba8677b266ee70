import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { buildPlans, plannedCost } from '../../src/recommend/plan.js';
import { adviceText } from '../../src/report/advice-text.js';
import type { Recommendation } from '../../src/domain/report.js';
import { published } from '../fixtures/published-text.js';

/**
 * A plan weighs and adds savings: an unknown one (null, with its reason) is not $0. Buying capacity for
 * the on-demand traffic and shedding existing units act on the same tokens, so a plan keeps the larger
 * side; with one side unknown there is no larger side to keep, and dropping the unknown one as if it
 * saved $0 would hide it. A planned cost with an unknown saving or required cost is unknown.
 */
const UNKNOWN = { says: 'saving-unknown-on-demand-unpriced', modelId: 'acme.nocap-v1:0', region: 'us-east-1' } as const;

function rec(over: Partial<Recommendation> & Pick<Recommendation, 'action' | 'fromMode' | 'toMode' | 'monthlySavings'>): Recommendation {
  const current = usd(1000);
  return {
    modelId: 'acme.nocap-v1:0', region: 'us-east-1', title: published(`${over.action}`), currentMonthlyCost: current,
    newMonthlyCost: over.monthlySavings === null ? null : current.minus(over.monthlySavings), savingsPercent: usd(0), confidence: 'medium',
    assumptions: [], nextSteps: [], advice: { step: published(over.action), reasons: [] }, ...over,
  };
}

describe('a plan never weighs or adds an unknown saving as $0', () => {
  const shed = rec({ action: 'reduce-provisioned-throughput', fromMode: 'provisioned', toMode: 'on-demand', monthlySavings: usd(300) });

  it('an unknown "buy units" saving is not superseded by a known shedding one: both listed, the plan unknown with the reason, and it says why', () => {
    const buy = rec({ action: 'buy-provisioned-throughput', fromMode: 'on-demand', toMode: 'provisioned-1-month', monthlySavings: null, newMonthlyCost: null, unpricedReason: UNKNOWN });
    const [plan, ...rest] = buildPlans({ replays: [], provisioned: [], recommendations: [buy, shed], windowHours: 24 });
    expect(rest).toEqual([]);
    // Before: $300 >= "$0", so the buy was dropped and the plan claimed $300 as if known.
    expect(plan!.actions).toEqual(['buy-provisioned-throughput', 'reduce-provisioned-throughput']);
    expect(plan!.monthlySavings).toBeNull();
    expect(plan!.plannedMonthlyCost).toBeNull();
    expect(plan!.unpricedReason).toEqual(UNKNOWN);
    // Each step's why, the unknown one's with its reason last (the published key order).
    expect(JSON.stringify(plan!.why)).toBe(JSON.stringify([
      { says: 'plan-step-why', fromMode: 'on-demand', currentMonthly: usd(1000), newMonthly: null, unpricedReason: UNKNOWN },
      { says: 'plan-step-why', fromMode: 'provisioned', currentMonthly: usd(1000), newMonthly: usd(700) },
    ]));
    expect(plan!.assumptions).toContainEqual({ says: 'plan-unweighed' });
    expect(adviceText({ says: 'plan-unweighed' })).toContain('cannot be weighed');
  });

  it('an unknown shedding saving does not let a known "buy units" saving win as if the shedding saved $0', () => {
    const buy = rec({ action: 'buy-reserved-tier', fromMode: 'on-demand', toMode: 'reserved-1-month', monthlySavings: usd(200) });
    const unknownShed = { ...shed, monthlySavings: null, newMonthlyCost: null, unpricedReason: UNKNOWN };
    const [plan] = buildPlans({ replays: [], provisioned: [], recommendations: [buy, shed, unknownShed], windowHours: 24 });
    expect(plan!.actions).toEqual(['buy-reserved-tier', 'reduce-provisioned-throughput']);
    expect(plan!.steps).toHaveLength(3);
    expect(plan!.monthlySavings).toBeNull();
    expect(plan!.assumptions).toContainEqual({ says: 'plan-unweighed' });
  });

  it('known on both sides, the larger side is kept as before and no note is added', () => {
    const buy = rec({ action: 'buy-provisioned-throughput', fromMode: 'on-demand', toMode: 'provisioned-1-month', monthlySavings: usd(100) });
    const [plan] = buildPlans({ replays: [], provisioned: [], recommendations: [buy, shed], windowHours: 24 });
    expect(plan!.actions).toEqual(['reduce-provisioned-throughput']);
    expect(plan!.monthlySavings!.toFixed()).toBe('300');
    expect(plan!.assumptions).not.toContainEqual({ says: 'plan-unweighed' });
  });

  it('a required step whose cost is unknown leaves the planned cost unknown with its reason, never today less the known savings', () => {
    const migrate = rec({ action: 'migrate-model', fromMode: 'on-demand', toMode: 'on-demand', monthlySavings: null, newMonthlyCost: null, unpricedReason: { says: 'saving-unknown-no-live-successor' } });
    const storage = rec({ action: 'delete-unused-custom-model', fromMode: 'custom-model-storage', toMode: 'delete', monthlySavings: usd('1.95') });
    const [plan] = buildPlans({ replays: [], provisioned: [], recommendations: [migrate, storage], windowHours: 24 });
    expect(plan!.monthlySavings).toBeNull();
    expect(plan!.plannedMonthlyCost).toBeNull();
    expect(plan!.unpricedReason).toEqual({ says: 'saving-unknown-no-live-successor' });
    // The migration is required: its unknown cost is the plan's required cost too, never none.
    expect(plan!.requiredMonthlyCost).toBeNull();
    expect(plan!.requiredCostUnpricedReason).toEqual({ says: 'saving-unknown-no-live-successor' });
  });

  it('plannedCost: today less the savings plus the required cost; no required step adds nothing; unknown savings give null', () => {
    // By hand: 1,000 - 300 + 250 = 950; 1,000 - 300 = 700.
    expect(plannedCost(usd(1000), usd(300), usd(250))!.toFixed()).toBe('950');
    expect(plannedCost(usd(1000), usd(300), undefined)!.toFixed()).toBe('700');
    expect(plannedCost(usd(1000), null, usd(250))).toBeNull();
    expect(plannedCost(usd(1000), null, undefined)).toBeNull();
  });
});
