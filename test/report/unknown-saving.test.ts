import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { byPlanSavings } from '../../src/domain/order.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import type { AdvisorReport, ModelPlan, PlanStep } from '../../src/domain/report.js';
import { sampleAnalysis } from './sample-report.js';
import { published as words } from '../fixtures/published-text.js';

/**
 * Issue 15: where no price is known the report never says $0.00. The sample's fifth plan moves Nova
 * Canvas (past its end of life, 2026-09-30) to a current model, and the catalog names no successor still
 * served: the saving is unknown. Each renderer says so, with why, and never "$0.00" or "$662.39 -> $662.39".
 */

const CANVAS = 'Amazon Nova Canvas (us-east-1)';
const UNKNOWN = 'saving unknown: no live successor is priced';
/** The plan's own line: its one required step (the migration) has an unknown cost too, for the same reason. */
const PLAN_UNKNOWN = 'saving and required cost unknown: no live successor is priced';

/** The sample with the Nova Canvas plan listed first, so every format that lists only the top plans (Slack: 3) shows it. */
function canvasFirst(): AdvisorReport {
  const report = sampleAnalysis();
  const plans = report.plans!;
  const canvas = plans.find((p) => p.modelId === 'amazon.nova-canvas-v1:0')!;
  return { ...report, plans: [canvas, ...plans.filter((p) => p !== canvas)] };
}

/** The lines of `text` that name the Nova Canvas plan. */
function canvasLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes(CANVAS) || l.includes('Amazon Nova Canvas (us-east-1)*'));
}

describe('an unknown saving in every renderer (the sample\'s Nova Canvas plan)', () => {
  const view = publishedReport(sampleAnalysis());

  it('is null in the engine\'s plan and recommendation, with why, and adds nothing to the headline', () => {
    const report = sampleAnalysis();
    const plan = report.plans!.find((p) => p.modelId === 'amazon.nova-canvas-v1:0')!;
    expect(plan.monthlySavings).toBeNull();
    expect(plan.plannedMonthlyCost).toBeNull();
    expect(plan.steps.map((s) => s.monthlySavings)).toEqual([null]);
    const rec = report.recommendations.find((r) => r.modelId === 'amazon.nova-canvas-v1:0')!;
    expect([rec.monthlySavings, rec.newMonthlyCost, rec.savingsPercent]).toEqual([null, null, null]);
    expect(rec.unpricedReason).toEqual({ says: 'saving-unknown-no-live-successor' });
    expect(report.summary.unpricedPlans).toBe(1);
    // Listed after every priced plan.
    expect(report.plans!.at(-1)).toBe(plan);
  });

  it('table (CLI): the plan says the saving is unknown and why, never $0.00 or "$662.39 -> $662.39"', () => {
    const text = renderText(view);
    const lines = canvasLines(text);
    expect(lines).toEqual([`5. ${CANVAS}: ${PLAN_UNKNOWN} ($662.39 -> unknown)`]);
    expect(text).not.toContain('$662.39 -> $662.39');
    expect(text).toContain(`now: Migrate amazon.nova-canvas-v1:0 to a current model (the catalog names no successor still served) (${UNKNOWN})`);
    expect(text).not.toMatch(/saves? \$0\.00\/month/);
  });

  it('markdown', () => {
    const md = renderMarkdown(view);
    const lines = canvasLines(md);
    expect(lines).toEqual([`### 5. ${CANVAS}: ${PLAN_UNKNOWN} ($662.39 -> unknown)`]);
    expect(md).not.toMatch(/saves? \$0\.00\/month/);
    expect(md).not.toContain('$662.39 -> $662.39');
  });

  it('HTML', async () => {
    const html = await renderHtml(view);
    const section = /<section class="plan" data-plan="amazon.nova-canvas-v1:0">[\s\S]*?<\/section>/.exec(html)![0];
    expect(section).toContain(`<span class="plan-savings">${PLAN_UNKNOWN}</span>`);
    expect(section).toContain(`<em>(${UNKNOWN})</em>`);
    expect(section).not.toContain('$0.00');
  });

  it('email digest: the plan, its step and the top actions', () => {
    const email = renderEmailDigest(publishedReport(canvasFirst()));
    const head = canvasLines(email);
    expect(head.length).toBeGreaterThan(0);
    for (const line of head) expect(line).not.toContain('$0.00');
    // The email wraps at 80 columns: the plan's line is read with its wrap undone.
    expect(email.replace(/\s+/g, ' ')).toContain(`1. ${CANVAS}: ${PLAN_UNKNOWN}`);
    const flat = email.replace(/\s+/g, ' ');
    expect(flat).toContain(`${CANVAS}, ${PLAN_UNKNOWN}. Now: Migrate`);
    expect(flat).toContain(`still served) (${UNKNOWN}).`);
    expect(email).not.toMatch(/\(\$0\.00\/month\)/);
  });

  it('Slack / Amazon Q custom notification', () => {
    const notification = buildChatbotNotification(publishedReport(canvasFirst()));
    const line = notification.content.description.split('\n').find((l) => l.startsWith('1. '))!;
    expect(line).toContain(`1. *${CANVAS}*: ${PLAN_UNKNOWN}, confidence low.`);
    expect(line).not.toContain('$0.00');
    expect(notification.content.description).toContain("*Savings available: at least $109,036.25/month* (1 plan's saving is unknown, not in the total)");
    expect(notification.metadata?.additionalContext).toMatchObject({ potentialMonthlySavings: 'at least $109,036.25', unpricedPlans: '1' });
  });

  it('JSON: null for the amounts, never "0.00", and the reason in unpricedReason', () => {
    const json = toPublishedJson(view) as unknown as {
      summary: { potentialMonthlySavings: string; unpricedPlans?: number };
      plans: Array<{ modelId: string; monthlySavings: string | null; plannedMonthlyCost: string | null; unpricedReason?: string; steps: Array<{ monthlySavings: string | null; unpricedReason?: string }> }>;
      recommendations: Array<{ modelId: string; monthlySavings: string | null; newMonthlyCost: string | null; savingsPercent: string | null; unpricedReason?: string }>;
    };
    const plan = json.plans.find((p) => p.modelId === 'amazon.nova-canvas-v1:0')!;
    expect(plan).toMatchObject({ monthlySavings: null, plannedMonthlyCost: null, unpricedReason: 'no live successor is priced' });
    expect(plan.steps).toEqual([expect.objectContaining({ monthlySavings: null, unpricedReason: 'no live successor is priced' })]);
    const rec = json.recommendations.find((r) => r.modelId === 'amazon.nova-canvas-v1:0')!;
    expect(rec).toMatchObject({ monthlySavings: null, newMonthlyCost: null, savingsPercent: null, unpricedReason: 'no live successor is priced' });
    // By hand: 106,199.77 + 2,794.62 + 39.91 + 1.95, the four priced plans; Nova Canvas counted apart.
    expect(json.summary).toMatchObject({ potentialMonthlySavings: '109036.25', unpricedPlans: 1 });
  });
});

describe('the order of plans with an unknown saving', () => {
  const base = sampleAnalysis().plans![0]!;
  const plan = (modelId: string, monthlySavings: Decimal | null): ModelPlan => ({ ...base, modelId, region: 'us-east-1', monthlySavings });

  it('puts every unknown saving after every priced one (even $0), then orders by model ID', () => {
    const plans = [plan('c', null), plan('z', usd(5)), plan('a', null), plan('b', usd(0)), plan('y', usd(7))];
    expect([...plans].sort(byPlanSavings).map((p) => p.modelId)).toEqual(['y', 'z', 'b', 'a', 'c']);
    expect([...plans].reverse().sort(byPlanSavings).map((p) => p.modelId)).toEqual(['y', 'z', 'b', 'a', 'c']);
  });
});

describe('generated plans with unknown savings (property)', () => {
  const sample = sampleAnalysis();
  const { upTo: _upTo, requiredMonthlyCost: _required, ...base } = sample.plans![0]!;
  // Amounts of 0 to $100,000.00 with up to 7 decimals: some round to $0.00 when priced.
  const amount = fc.bigInt({ min: 0n, max: 10n ** 12n }).map((n) => usd(n.toString()).dividedBy(10_000_000));
  const stepSpec = fc.option(amount, { nil: null, freq: 3 });
  const REASON = 'no price for the successor here';

  it('never shows an unknown plan\'s saving as $0.00, and the headline is the sum of the priced plans only', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(stepSpec, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (specs) => {
      const plans: ModelPlan[] = specs.map((spec, i) => {
        const steps: PlanStep[] = spec.map((s) => (s === null
          ? { when: 'now', action: words(`step of plan ${i}`), commands: [], monthlySavings: null, unpricedReason: words(REASON) }
          : { when: 'now', action: words(`step of plan ${i}`), commands: [], monthlySavings: s }));
        const unknown = spec.includes(null);
        const total = spec.reduce<Decimal>((t, s) => (s === null ? t : t.plus(s)), usd(0));
        return {
          ...base, modelId: `gen.m${i}`, name: `Gen ${i}`, region: 'us-east-1', steps, why: [], assumptions: [], risks: [],
          currentMonthlyCost: total.plus(1000), monthlySavings: unknown ? null : total, plannedMonthlyCost: unknown ? null : usd(1000),
          ...(unknown ? { unpricedReason: words(REASON) } : {}),
        };
      });
      const view = publishedReport({ ...sample, plans, summary: { ...sample.summary, plans: plans.length } });

      // Expected by hand from the specs: each priced step rounded to cents (half even), summed per plan, then
      // over the priced plans only; a plan with any unknown step adds nothing.
      const cents = (d: Decimal) => new Decimal(d.toFixed()).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
      const unknownPlans = specs.filter((spec) => spec.includes(null)).length;
      const expected = specs.filter((spec) => !spec.includes(null))
        .reduce((t, spec) => t.plus(spec.reduce<Decimal>((p, s) => p.plus(cents(s!)), new Decimal(0))), new Decimal(0));
      const json = toPublishedJson(view) as unknown as { summary: { potentialMonthlySavings: string; unpricedPlans?: number }; plans: Array<{ modelId: string; monthlySavings: string | null }> };
      expect(json.summary.potentialMonthlySavings).toBe(expected.toFixed(2));
      expect(json.summary.unpricedPlans).toBe(unknownPlans || undefined);

      const shown = `$${expected.toNumber().toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/month`;
      const pricedPlans = specs.length - unknownPlans;
      const headline = unknownPlans === 0 ? shown : pricedPlans === 0 && expected.isZero() ? 'unknown' : `at least ${shown}`;
      const md = renderMarkdown(view);
      const email = renderEmailDigest(view).replace(/\n(?! *\n)\s*/g, ' ');
      const slack = buildChatbotNotification(view).content.description;
      const html = await renderHtml(view);
      expect(md).toContain(`Savings available: ${headline}`);
      expect(email).toContain(`Savings available: ${headline}`);
      expect(html).toContain(`Savings available: ${headline}`);
      if (!expected.isZero() || unknownPlans) expect(slack).toContain(`Savings available: ${headline}*`);

      specs.forEach((spec, i) => {
        if (!spec.includes(null)) return;
        const title = `Gen ${i} (us-east-1)`;
        expect(json.plans.find((p) => p.modelId === `gen.m${i}`)!.monthlySavings).toBeNull();
        expect(md).toContain(`${title}: saving unknown: ${REASON} (`);
        expect(md).not.toMatch(new RegExp(`${title}: save \\$`));
        expect(email).toContain(`${title}: saving unknown: ${REASON}`);
        expect(email).not.toMatch(new RegExp(`${title}[:,] save \\$`));
        const section = new RegExp(`<section class="plan" data-plan="gen.m${i}">.*?</h3>`).exec(html)![0];
        expect(section).toContain(`<span class="plan-savings">saving unknown: ${REASON}</span>`);
        expect(section).not.toContain('$0.00');
        const slackLine = slack.split('\n').find((l) => l.includes(`*${title}*`));
        if (slackLine) {
          expect(slackLine).toContain(`*${title}*: saving unknown: ${REASON}`);
          expect(slackLine).not.toContain('$0.00');
        }
        for (const text of [md, email, html]) expect(text).not.toContain(`${title}: save $0.00`);
      });
    }), { numRuns: 40 });
  }, 120_000);
});
