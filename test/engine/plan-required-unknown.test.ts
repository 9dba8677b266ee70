import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { buildPlans } from '../../src/recommend/plan.js';
import { requiredCostOf } from '../../src/domain/summary.js';
import { digestSubject } from '../../src/report/email.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderText } from '../../src/report/render-text.js';
import type { AdvisorReport, ModelPlan, Recommendation } from '../../src/domain/report.js';
import { published } from '../fixtures/published-text.js';
import { sampleAnalysis } from '../report/sample-report.js';

/**
 * A plan's required cost (what moving off a model at end of life adds) is a sum like its saving: with
 * one required step priced and another whose cost is unknown, the plan's required cost is unknown, with
 * why, never the priced step's alone; the summary adds only the known ones and counts the rest, and says
 * "at least". The engine makes one migration per model from its lifecycle, so the plan is built here from
 * its recommendations: a move that costs $250/month more, and one to a successor with no price.
 */
const MODEL = 'acme.legacy-v1:0';
const UNPRICED = { says: 'saving-unknown-successor-unpriced', successor: 'Acme Next', region: 'us-east-1' } as const;

function rec(over: Partial<Recommendation> & Pick<Recommendation, 'action' | 'fromMode' | 'toMode' | 'monthlySavings'>): Recommendation {
  const current = usd(1000);
  return {
    modelId: MODEL, region: 'us-east-1', title: published(`${over.action}`), currentMonthlyCost: current,
    newMonthlyCost: over.monthlySavings === null ? null : current.minus(over.monthlySavings), savingsPercent: usd(0), confidence: 'medium',
    assumptions: [], nextSteps: [], advice: { step: published(`${over.action} step`), reasons: [] }, ...over,
  };
}

const dearer = rec({ action: 'migrate-model', fromMode: 'on-demand', toMode: 'on-demand', monthlySavings: usd(-250) });
const unknown = rec({ action: 'migrate-model', fromMode: 'on-demand', toMode: 'on-demand', monthlySavings: null, newMonthlyCost: null, unpricedReason: UNPRICED, advice: { step: published('move to Acme Next'), reasons: [] } });

describe('a plan whose required cost has an unknown part', () => {
  const [plan, ...rest] = buildPlans({ replays: [], provisioned: [], recommendations: [dearer, unknown], windowHours: 24 });

  it('is unknown with why, never the known $250 alone', () => {
    expect(rest).toEqual([]);
    // Before: requiredMonthlyCost 250, as if the move with no price required nothing.
    expect(plan!.requiredMonthlyCost).toBeNull();
    expect(plan!.requiredCostUnpricedReason).toEqual(UNPRICED);
    expect(plan!.monthlySavings).toBeNull();
    expect(plan!.plannedMonthlyCost).toBeNull();
    // The priced step still says what it costs.
    expect(plan!.steps.map((s) => s.requiredMonthlyCost?.toFixed() ?? null)).toEqual(['250', null]);
  });

  it('a saving unknown for another reason is said apart from the required cost\'s reason', async () => {
    const { planEffect } = await import('../../src/report/format.js');
    const noCap = rec({ action: 'buy-provisioned-throughput', fromMode: 'on-demand', toMode: 'provisioned-1-month', monthlySavings: null, newMonthlyCost: null, unpricedReason: { says: 'saving-unknown-no-live-successor' } });
    const [both] = buildPlans({ replays: [], provisioned: [], recommendations: [noCap, dearer, unknown], windowHours: 24 });
    const legacy = publishedReport({ ...sampleAnalysis(), plans: [both!] }).plans![0]!;
    expect(planEffect(legacy)).toBe('saving unknown: no live successor is priced; required cost unknown: Acme Next has no price in us-east-1');
  });

  it('with the priced move alone, the required cost is that move\'s, as before', () => {
    const [only] = buildPlans({ replays: [], provisioned: [], recommendations: [dearer], windowHours: 24 });
    expect(only!.requiredMonthlyCost!.toFixed()).toBe('250');
    expect(only!.requiredCostUnpricedReason).toBeUndefined();
  });

  it('the summary adds the known plans only and counts the unknown one; an account\'s count carries into an organisation\'s', () => {
    // By hand: 100 known from the other plan; this plan adds nothing and is counted.
    expect(requiredCostOf([{ requiredMonthlyCost: usd(100) }, plan!, {}])).toEqual({ requiredMonthlyCost: usd(100), unpricedRequiredPlans: 1 });
    expect(requiredCostOf([plan!])).toEqual({ requiredMonthlyCost: usd(0), unpricedRequiredPlans: 1 });
    expect(requiredCostOf([{}, {}])).toEqual({});
    expect(requiredCostOf([{ requiredMonthlyCost: usd(100), unpricedRequiredPlans: 2 }, { requiredMonthlyCost: usd(5) }]))
      .toEqual({ requiredMonthlyCost: usd(105), unpricedRequiredPlans: 2 });
  });

  describe('published', () => {
    const sample = sampleAnalysis();
    const other: ModelPlan = { ...plan!, modelId: 'acme.other-v1:0', name: 'Acme Other', requiredMonthlyCost: usd(100), steps: [{ ...plan!.steps[0]!, requiredMonthlyCost: usd(100) }] };
    delete other.requiredCostUnpricedReason;
    const legacy: ModelPlan = { ...plan!, name: 'Acme Legacy' };
    const plans = [...sample.plans!, legacy, other];
    const report: AdvisorReport = { ...sample, plans, summary: { ...sample.summary, plans: plans.length, ...requiredCostOf(plans) } };
    const view = publishedReport(report);
    const json = JSON.parse(JSON.stringify(toPublishedJson(view))) as {
      summary: Record<string, unknown>;
      plans: Array<{ modelId: string; requiredMonthlyCost?: string | null; requiredCostUnpricedReason?: string; plannedMonthlyCost: string | null }>;
    };

    it('JSON: the plan\'s required cost is null with its reason, the summary at least the known $100.00 and two unknown; valid against the schema', () => {
      const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
      const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
      const validate = ajv.compile(schema);
      expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
      const p = json.plans.find((x) => x.modelId === MODEL)!;
      expect(p).toMatchObject({ requiredMonthlyCost: null, requiredCostUnpricedReason: 'Acme Next has no price in us-east-1', plannedMonthlyCost: null });
      expect(json.plans.find((x) => x.modelId === 'acme.other-v1:0')!.requiredMonthlyCost).toBe('100.00');
      // Two unknown: this plan, and the sample's Nova Canvas plan, whose one required step (a migration to
      // a successor with no price) has an unknown cost.
      expect(json.summary).toMatchObject({ requiredMonthlyCost: '100.00', unpricedRequiredPlans: 2 });
      // The schema refuses a null required cost without its reason, and a reason beside a known one.
      const { requiredCostUnpricedReason: _reason, ...bare } = p;
      expect(validate({ ...json, plans: [bare] })).toBe(false);
      expect(validate({ ...json, plans: [{ ...p, requiredMonthlyCost: '5.00' }] })).toBe(false);
    });

    it('text: the plan says its required cost is unknown and why, the headline "at least" and how many', () => {
      const text = renderText(view);
      // One reason for both unknowns, said once; today's cost beside an unknown planned cost.
      expect(text).toContain('Acme Legacy (us-east-1): saving and required cost unknown: Acme Next has no price in us-east-1 ($2,000.00 -> unknown)');
      expect(text).not.toMatch(/Acme Legacy \(us-east-1\):[^\n]*required changes cost \$250\.00/);
      expect(text).toContain("Required changes: at least $100.00/month more, to move off models at end of life (apart from the savings, never netted against them; 2 plans' required costs are unknown, not in the total).");
      expect(digestSubject(view)).toContain('; at least $100.00/month required');
    });

    it('with no required cost known, the headline says an unknown amount, never $0.00', () => {
      const only = [...sample.plans!, legacy];
      const alone = publishedReport({ ...sample, plans: only, summary: { ...sample.summary, plans: only.length, ...requiredCostOf(only) } });
      expect(renderText(alone)).toContain('Required changes: an unknown amount more');
      expect(renderText(alone)).not.toContain('Required changes: $0.00');
      expect(digestSubject(alone)).toContain('; required cost unknown');
    });
  });
});
