import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { digestSubject, renderEmailDigest } from '../../src/report/email.js';
import { publishedReport } from '../../src/report/published.js';
import { renderText } from '../../src/report/render-text.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW, TEST_READ_ON } from '../fixtures/clock.js';

/**
 * A required change that costs money is a cost, never a negative saving. On the test accounts the
 * headline once read -$6,140.32 and the subject "no savings found": two migrations off end-of-life
 * models that cost more were netted against a real saving. Here Acme Legacy (extended access, end of
 * life 2027-03-01) moves to Acme Chat Pro, priced by a rates file at ten times Acme Legacy's rates.
 */

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const NOW = new Date('2026-11-02T00:00:00.000Z');
const D = Decimal.clone({ precision: 60 });
const d = (v: string | number) => new D(v);

function newModes(): UsageSnapshot {
  const snapshot = parseUsageCsv(readFileSync(`${GOLDEN_DIR}new-modes.csv`, 'utf8'), 'new-modes.csv', { now: TEST_NOW });
  const inventory = `${GOLDEN_DIR}new-modes.inventory.json`;
  if (existsSync(inventory)) Object.assign(snapshot, JSON.parse(readFileSync(inventory, 'utf8')) as Partial<UsageSnapshot>);
  return snapshot;
}

const catalog = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN_DIR}catalog.json`, 'utf8')), 'golden catalog').withRates(
  { rates: [{ model: 'acme.chat-pro-v1:0', region: 'us-east-1', onDemand: { input: '0.06', output: '0.3' } }] },
  'dearer-successor.json', TEST_READ_ON,
);

describe('a migration that costs more', () => {
  const report = analyze(newModes(), catalog, { now: NOW });
  const view = publishedReport(report);

  it('is a required cost in its plan and in the summary, and the headline stays the other plans\' savings', () => {
    // 12M input and 1.2M output tokens in 2 hours: $0.006/$0.03 per 1K today = $108; at $0.06/$0.3 = $1,080.
    const now = d(12_000_000).times('0.006').plus(d(1_200_000).times('0.03')).dividedBy(1000);
    const then = d(12_000_000).times('0.06').plus(d(1_200_000).times('0.3')).dividedBy(1000);
    const requiredMonthly = then.minus(now).times(730).dividedBy(2); // $354,780
    const plan = report.plans!.find((p) => p.modelId === 'acme.legacy-v1:0')!;
    expect(plan.actions).toContain('migrate-model');
    const step = plan.steps.find((s) => s.requiredMonthlyCost)!;
    expect(step.monthlySavings!.isZero()).toBe(true);
    expect(step.requiredMonthlyCost!.toFixed()).toBe(requiredMonthly.toFixed());
    expect(plan.requiredMonthlyCost!.toFixed()).toBe(requiredMonthly.toFixed());
    expect(plan.plannedMonthlyCost!.toFixed()).toBe(plan.currentMonthlyCost.minus(plan.monthlySavings!).plus(requiredMonthly.toFixed()).toFixed());

    expect(report.summary.requiredMonthlyCost!.toFixed()).toBe(requiredMonthly.toFixed());
    expect(report.summary.potentialMonthlySavings.isNegative()).toBe(false);
    // A plan whose saving is unknown (Acme Rerank, no live successor) adds nothing.
    const otherSavings = report.plans!.filter((p) => p !== plan).reduce((sum, p) => (p.monthlySavings === null ? sum : sum.plus(p.monthlySavings.toFixed())), d(0));
    expect(report.summary.potentialMonthlySavings.toFixed()).toBe(otherSavings.plus(plan.monthlySavings!.toFixed()).toFixed());
    expect(otherSavings.greaterThan(0)).toBe(true);
  });

  it('is said apart in the text and the subject, which still names the savings', () => {
    // Another plan's saving is unknown (Acme Rerank, no live successor), so the savings named are a floor;
    // its migration is required too, at an unknown cost, so the required cost named is a floor as well.
    expect(digestSubject(view)).toMatch(/^Bedrock: save at least \$[\d,]+\.\d{2}\/month; at least \$354,780\.00\/month required/);
    expect(renderText(view)).toContain("Required changes: at least $354,780.00/month more, to move off models at end of life (apart from the savings, never netted against them; 1 plan's required cost is unknown, not in the total)");
    expect(renderText(view)).toContain('required, costs $354,780.00/month more');
    expect(renderEmailDigest(view)).toContain('Required changes: at least $354,780.00/month more');
  });
});
