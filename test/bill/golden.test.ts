import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/bill/reconcile.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import { digestSubject, renderEmailDigest } from '../../src/report/email.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { ACCOUNT, billOf, catalog, NOVA_HOURLY, NOVA_LITE, replayOf, snapshotOf, SONNET_HOURLY } from './bill-fixture.js';

/**
 * Golden reports for the four bill cases, every text format. The key figures of each are derived by
 * hand in bill-fixture.ts and asserted here from the published JSON, apart from the golden files.
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/bill/golden.test.ts
 */

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);

const SONNET_GEO = 'us.anthropic.claude-sonnet-4-6';
interface Case { name: string; usage: UsageSnapshot; report: AdvisorReport; figures: Record<string, string> }

function build(name: string, sonnetHourly: typeof SONNET_HOURLY, bill: Parameters<typeof billOf>[0], figures: Record<string, string>): Case {
  const usage = snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: SONNET_GEO, hourly: sonnetHourly }]);
  const report = replayOf(usage);
  report.reconciliation = reconcile(report, billOf(bill), catalog);
  return { name, usage, report, figures };
}

const cases: Case[] = [
  // 2 days x $87.732 (bill-fixture.ts); the replay prices the same tokens at the same list prices.
  build('bill-agrees', SONNET_HOURLY, {}, { billedCost: '175.46', replayedCost: '175.46', adviceCoveragePercent: '100.00', modelsReconciled: '2' }),
  // Sonnet replayed without cache: 2 x 59.40 + Nova 5.184 = 123.984; drift (170.28 - 118.80) / 118.80 = 43.33%.
  build('cache-missing', { input: SONNET_HOURLY.input, output: SONNET_HOURLY.output }, {}, { billedCost: '175.46', replayedCost: '123.98', adviceCoveragePercent: '100.00', modelsReconciled: '1', sonnetDrift: '43.33' }),
  // Net cost 0.9 x list, published as the sum of its parts in cents (each dimension's two days, rounded
  // half even): Sonnet 71.28 + 35.64 + 28.51 + 17.82, Nova 2.59 + 2.07 = 157.91 (exactly 157.9176).
  build('discount-10', SONNET_HOURLY, { discount: '0.1' }, { billedCost: '157.91', replayedCost: '175.46', adviceCoveragePercent: '100.00', modelsReconciled: '2', discountPercent: '10.00' }),
  // Guardrails $1.50 a day beside the tokens: 175.464 + 3 = 178.464; covered 175.464 / 178.464 = 98.32%.
  build('guardrails', SONNET_HOURLY, { guardrails: true }, { billedCost: '178.46', replayedCost: '175.46', adviceCoveragePercent: '98.32', modelsReconciled: '2', outsideReplayCost: '3.00' }),
];

function checkGolden(file: string, actual: string): void {
  const path = `${DIR}${file}`;
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/bill/golden.test.ts`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(cases)('the $name bill case', (c) => {
  const json = toPublishedJson(publishedReport(c.report)) as { reconciliation: { totals: Record<string, string | number>; models: Array<Record<string, unknown>>; effectiveRate?: Record<string, string>; savings: Array<Record<string, string>> }; summary: Record<string, string> };
  const rec = json.reconciliation;

  it('states the figures derived by hand', () => {
    expect(rec.totals.billedCost).toBe(c.figures.billedCost);
    expect(rec.totals.replayedCost).toBe(c.figures.replayedCost);
    expect(rec.totals.adviceCoveragePercent).toBe(c.figures.adviceCoveragePercent);
    expect(String(rec.totals.modelsReconciled)).toBe(c.figures.modelsReconciled);
    if (c.figures.sonnetDrift) expect(rec.models.find((m) => m.modelId === 'anthropic.claude-sonnet-4-6-v1:0')!.driftPercent).toBe(c.figures.sonnetDrift);
    if (c.figures.discountPercent) expect(rec.effectiveRate!.discountPercent).toBe(c.figures.discountPercent);
    if (c.figures.outsideReplayCost) expect(rec.totals.outsideReplayCost).toBe(c.figures.outsideReplayCost);
  });

  it('validates against schema/report.schema.json', () => {
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['table.txt', () => renderText(publishedReport(c.report))],
    ['md', () => renderMarkdown(publishedReport(c.report))],
    ['json', () => `${JSON.stringify(json.reconciliation, null, 2)}\n`],
    ['email.txt', () => `Subject: ${digestSubject(publishedReport(c.report), { account: ACCOUNT })}\n\n${renderEmailDigest(publishedReport(c.report), { account: ACCOUNT })}`],
    ['slack.json', () => `${JSON.stringify(buildChatbotNotification(publishedReport(c.report), { account: ACCOUNT }), null, 2)}\n`],
  ])('%s matches its golden file', (ext, render) => {
    checkGolden(`${c.name}.${ext}`, render());
  });

  it('every format has the section; the email keeps to 80 columns', async () => {
    expect(renderText(publishedReport(c.report))).toContain('Bill reconciliation');
    expect(renderMarkdown(publishedReport(c.report))).toContain('## Bill reconciliation');
    const email = renderEmailDigest(publishedReport(c.report), { account: ACCOUNT });
    expect(email).toContain('BILL RECONCILIATION');
    expect(email.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(buildChatbotNotification(publishedReport(c.report), { account: ACCOUNT }).content.description).toMatch(/Bill: \$\d/);
    const html = await renderHtml(publishedReport(c.report), { usage: c.usage });
    expect(html).toContain('<h2>Bill reconciliation</h2>');
    expect(html).toContain('<h2>Cost by caller</h2>');
  });
});

describe('the headline with a bill read', () => {
  it('uses the savings at the effective rate, with list beside it', () => {
    const discounted = cases[2]!;
    const json = toPublishedJson(publishedReport(discounted.report)) as { summary: { potentialMonthlySavings: string }; reconciliation: { totals: { potentialMonthlySavingsAtEffectiveRate: string } } };
    // The plans save 235.425 and 16.425 a month at list, published half even as 235.42 + 16.42 = 251.84;
    // at 90%: 211.8825 and 14.7825, published 211.88 + 14.78 = 226.66.
    expect(json.summary.potentialMonthlySavings).toBe('251.84');
    expect(json.reconciliation.totals.potentialMonthlySavingsAtEffectiveRate).toBe('226.66');
    expect(renderText(publishedReport(discounted.report))).toContain('Savings available: $226.66/month at the prices this account pays (billed at 10% below list; $251.84/month at list)');
  });
});
