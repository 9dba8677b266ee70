import { describe, expect, it } from 'vitest';
import { alternativeRows } from '../../src/report/alternatives-view.js';
import { focusRows } from '../../src/report/focus.js';
import { isIncomplete, scopeErrorLine } from '../../src/report/format.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { priceSourceLine, renderText } from '../../src/report/render-text.js';
import { usd } from '../../src/money.js';
import { lineText } from '../../src/report/line-text.js';
import type { AdvisorReport, ModelReport, PricedLine } from '../../src/domain/report.js';
import type { ModelAlternative } from '../../src/domain/alternatives.js';
import { reportFixture } from '../fixtures/advisor-report.js';
import { sampleAnalysis } from './sample-report.js';
import { published } from '../fixtures/published-text.js';

/**
 * Issue 16, "no text is parsed anywhere": each renderer that once decided by reading published words
 * back now decides by a code carried as data. Each case is checked with the words changed: words that
 * look like the old signal decide nothing, and the code decides with any words.
 */

describe('renderers decide by data, whatever the words say', () => {
  it('a scope cut off by the deadline is told by its code, not by a message that starts with "incomplete"', () => {
    const cutOff = { scope: 'region us-west-2', message: published('time ran out before this Region was read'), code: 'deadline-reached' };
    const failed = { scope: 'region eu-west-1', message: published('incomplete credentials: AccessDenied') };
    expect([isIncomplete(cutOff), isIncomplete(failed)]).toEqual([true, false]);
    expect(scopeErrorLine(cutOff)).toBe('region us-west-2: time ran out before this Region was read');
    expect(scopeErrorLine(failed)).toBe('Not analysed: region eu-west-1: incomplete credentials: AccessDenied');
    const text = renderText(publishedReport(reportFixture([], { errors: [cutOff, failed] })));
    expect(text).toContain('Not analysed or incomplete');
    expect(renderText(publishedReport(reportFixture([], { errors: [failed] })))).toMatch(/\nNot analysed\n/);
  });

  it('an assumed token ratio is told by its basis code, not by an "ASSUMPTION" prefix', () => {
    const alternative = (basis: ModelAlternative['tokenRatio']['basis']): ModelAlternative => ({
      modelId: 'acme.other-v1:0', scope: 'in-region', relation: 'cheaper-tier', basis: { says: 'alt-named-in-file' }, accepted: false,
      monthlyCost: usd('10'), monthlyCostRange: { low: usd('8'), high: usd('12') }, monthlySavings: usd('5'), monthlySavingsRange: { low: usd('3'), high: usd('7') },
      switchCost: usd('0'), coldCacheReadTokens: 0, tokenRatio: { low: 0.8, high: 1.25, basis }, assumptions: [],
    });
    const model = sampleAnalysis().models[0]!;
    const report = (basis: ModelAlternative['tokenRatio']['basis']): AdvisorReport =>
      reportFixture([], { models: [{ ...model, alternatives: [alternative(basis)] }] });
    const measured = alternativeRows(publishedReport(report({ ratio: 'measured', source: 'ASSUMPTION-free: 200 of our prompts' })))[0]!;
    const assumed = alternativeRows(publishedReport(report({ ratio: 'assumed', low: 0.8, high: 1.25 })))[0]!;
    expect(measured.why).toBe('0.80x to 1.25x the tokens');
    expect(assumed.why).toBe('0.80x to 1.25x the tokens (assumed)');
    // The JSON report still carries the basis in words.
    const json = toPublishedJson(publishedReport(report({ ratio: 'measured', source: 'ASSUMPTION-free: 200 of our prompts' }))) as { models: Array<{ alternatives: Array<{ tokenRatio: { basis: string } }> }> };
    expect(json.models[0]!.alternatives[0]!.tokenRatio.basis).toBe('from the alternatives file: ASSUMPTION-free: 200 of our prompts');
  });

  it("the FOCUS export's SkuPriceId is the citation's usage type, not words cut out of the citation", () => {
    const sample = sampleAnalysis();
    const model = sample.models.find((m) => m.scenarios.some((s) => s.mode === 'on-demand' && s.lines?.some((l) => l.cost !== null)))!;
    const withLines = (line: (l: PricedLine) => PricedLine): ModelReport => ({
      ...model,
      scenarios: model.scenarios.map((s) => (s.mode === 'on-demand' ? { ...s, lines: s.lines!.filter((l) => l.cost !== null).slice(0, 1).map(line) } : s)),
    });
    const cite = (title: string, usageType?: string) => (l: PricedLine): PricedLine =>
      ({ ...l, source: { cites: 'price', origin: { cites: 'source', title }, id: 'x', ...(usageType ? { usageType } : {}) } });
    const row = (m: ModelReport) => focusRows(publishedReport(reportFixture([], { models: [m] })), () => undefined).rows[0]!;
    const typed = row(withLines(cite('A page, usagetype WRONG-words', 'USE1-Real-Type')));
    expect(typed.SkuPriceId).toBe('USE1-Real-Type');
    expect(typed.x_PriceSource).toBe('A page, usagetype WRONG-words [x, usagetype USE1-Real-Type]');
    // Words that look like a usage type are not one: the id is then built from the line's data.
    const untyped = row(withLines(cite('A page [p, usagetype LOOKS-LIKE-ONE]')));
    const first = model.scenarios.find((s) => s.mode === 'on-demand')!.lines!.find((l) => l.cost !== null)!;
    expect(untyped.SkuPriceId).toBe(`${model.region}/${model.scope}/${model.modelId}/${lineText(first.dimension)}`);
    expect(untyped.SkuPriceId).not.toContain('LOOKS-LIKE-ONE');
  });

  it('the footer names the rates files by the prices\' origin, not by a title that starts "your rates file "', () => {
    const sample = sampleAnalysis();
    const model = sample.models[0]!;
    const price = model.prices[0]!;
    const footer = (prices: ModelReport['prices']) => priceSourceLine(publishedReport(reportFixture([], { models: [{ ...model, prices }] })));
    expect(footer([{ ...price, source: { cites: 'rates-file', file: 'team-rates.json' } }])).toContain('; your rates from team-rates.json.');
    expect(footer([{ ...price, source: { cites: 'source', title: 'your rates file lookalike.json' } }])).not.toContain('your rates from');
    // Published, the origin reads as it always did.
    const json = toPublishedJson(publishedReport(reportFixture([], { models: [{ ...model, prices: [{ ...price, source: { cites: 'rates-file', file: 'team-rates.json' } }] }] }))) as { models: Array<{ prices: Array<{ source: string }> }> };
    expect(json.models[0]!.prices[0]!.source).toBe('your rates file team-rates.json');
  });
});
