import { describe, expect, it, vi } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import type { PlanInput } from '../../src/recommend/plan.js';
import * as plan from '../../src/recommend/plan.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../../src/sample/sample.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

/** The plan input the engine passes (the sample account), kept to be planned again with one more recommendation. */
let captured: PlanInput | undefined;
vi.mock('../../src/recommend/plan.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/recommend/plan.js')>();
  return { ...original, buildPlans: (input: PlanInput) => { captured = input; return original.buildPlans(input); } };
});

/**
 * The joint provisioned plan (the sample's Nova 2 Lite: route to the idle units now, one unit when the
 * commitment ends) replaces the model's other advice when it saves at least as much as that advice.
 * A piece of that advice whose saving is unknown cannot be shown to save less: it is not replaced as
 * if it saved $0, so it stands, and the plan's saving is unknown with its reason.
 */
describe('the joint provisioned plan and advice whose saving is unknown', () => {
  analyze(sampleSnapshot(), PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON), { now: new Date(SAMPLE_END) });
  const input = captured!;
  const LITE = 'amazon.nova-2-lite-v1:0';

  it('with known advice only, the joint plan stands (as the sample shows: $106,199.77 a month)', () => {
    const lite = plan.buildPlans(input).find((p) => p.modelId === LITE)!;
    expect(lite.monthlySavings!.toFixed(2)).toBe('106199.77');
  });

  it('an in-Region on-demand step with an unknown saving is not superseded by the joint plan', () => {
    const unknown = {
      modelId: LITE, region: 'us-east-1', action: 'switch-pricing-mode' as const, fromMode: 'on-demand' as const, toMode: 'flex' as const,
      title: { says: 'flex-label' as const }, currentMonthlyCost: input.replays.find((r) => r.replay.report.modelId === LITE && r.replay.report.scope === 'in-region')!.replay.report.currentMonthlyCost!,
      newMonthlyCost: null, monthlySavings: null, savingsPercent: null, unpricedReason: { says: 'unpriced' as const },
      confidence: 'low' as const, assumptions: [], nextSteps: [], advice: { reasons: [], step: { says: 'flex-label' as const } },
    };
    const lite = plan.buildPlans({ ...input, recommendations: [...input.recommendations, unknown] }).find((p) => p.modelId === LITE)!;
    // Before: the joint plan's $106,199.77 was weighed against the other advice with the unknown one as $0,
    // and replaced it: the plan claimed a known saving and the unknown step was gone.
    expect(lite.actions).toContain('switch-pricing-mode');
    expect(lite.monthlySavings).toBeNull();
    expect(lite.plannedMonthlyCost).toBeNull();
    expect(lite.unpricedReason).toEqual({ says: 'unpriced' });
  });
});
