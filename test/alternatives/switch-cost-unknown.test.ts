import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { CATALOG_DOCUMENT, HAIKU, NOW, OPUS, SONNET, catalog as fixtureCatalog, opusSnapshot } from '../fixtures/model-catalog.js';

/**
 * An accepted switch starts with a cold cache: the reads of its first cache lifetime are billed as
 * writes once. Where the candidate's row has no price for that write, the switch cost is unknown: the
 * alternative and its recommendation must say so, with the missing price, never leave it unsaid as if
 * the switch cost nothing. Round, made-up prices (as in test/fixtures/model-catalog.ts), with Sonnet's
 * 1-hour cache-write price left out.
 */
const document = structuredClone(CATALOG_DOCUMENT);
delete (document.prices.find((p) => p.model === SONNET)!.perThousandTokens as { cacheWrite1h?: string }).cacheWrite1h;
const catalog = PriceCatalog.fromDocument(document, 'test catalog without Sonnet 1h writes');

describe('an accepted switch whose cold-cache cost is unknown', () => {
  const report = analyze(opusSnapshot(), catalog, { now: NOW, alternatives: { accepted: [{ from: OPUS, to: SONNET, cacheLifetime: '1h' }] } });
  const model = report.models.find((m) => m.modelId === OPUS)!;
  const sonnet = model.alternatives!.find((a) => a.modelId === SONNET)!;
  const rec = report.recommendations.find((r) => r.successorModelId === SONNET)!;

  it('keeps the alternative and its saving, and the switch cost is null with the missing price named', () => {
    // 10 x 0.003 + 2 x 0.015 + 30 x 0.0003 + 1 x 0.00375 = 0.07275 per window; x 730 = 53.1075; today 88.5125.
    expect(sonnet.monthlyCost!.toFixed()).toBe('53.1075');
    expect(sonnet.switchCost).toBeNull();
    // The first hour's reads (all ten minutes, 30,000) would be billed as 1-hour writes: no such price for Sonnet.
    expect(sonnet.coldCacheReadTokens).toBe(30_000);
    const cold = sonnet.assumptions.map(adviceText).find((t) => t.startsWith('the switch starts with a cold cache'))!;
    expect(cold).toContain('unpriced: no');
    expect(cold).toContain('1h');
  });

  it('its recommendation says the switch cost is unknown and why, never leaves it out', () => {
    expect(rec.action).toBe('migrate-model');
    expect(rec.monthlySavings!.toFixed()).toBe('35.405'); // 88.5125 - 53.1075, one tokenizer: no range
    const unknown = rec.assumptions.find((a) => typeof a === 'object' && 'says' in a && a.says === 'alt-switch-cost-unknown');
    expect(unknown).toBeDefined();
    const text = adviceText(unknown!);
    expect(text).toMatch(/^the switch's one-time cost for the cold cache is unknown, not zero: unpriced: no /);
    expect(text).toContain('1h');
    expect(rec.assumptions.some((a) => typeof a === 'object' && 'says' in a && a.says === 'alt-switch-cost')).toBe(false);
  });

  it('a known switch cost is still stated as before: 30 x (0.002 - 0.0001) = $0.057 on Haiku', () => {
    const r = analyze(opusSnapshot(), catalog, { now: NOW, alternatives: { accepted: [{ from: OPUS, to: HAIKU, cacheLifetime: '1h' }] } });
    const haikuRec = r.recommendations.find((x) => x.successorModelId === HAIKU)!;
    expect(haikuRec.assumptions).toContainEqual({ says: 'alt-switch-cost', switchCost: expect.anything() });
    const note = haikuRec.assumptions.find((a) => typeof a === 'object' && 'says' in a && a.says === 'alt-switch-cost') as { switchCost: { toFixed(): string } };
    expect(note.switchCost.toFixed()).toBe('0.057');
  });

  it('the published JSON still follows the schema', () => {
    const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(toPublishedJson(publishedReport(report))), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('an accepted switch whose cost there is unknown', () => {
  // Nova Pro is not in the fixture catalog: the switch the user accepted cannot be priced.
  const NOVA_PRO = 'amazon.nova-pro-v1:0';
  const report = analyze(opusSnapshot(), fixtureCatalog, { now: NOW, alternatives: { accepted: [{ from: OPUS, to: NOVA_PRO }] } });
  const rec = report.recommendations.find((r) => r.successorModelId === NOVA_PRO);

  it('is a step with an unknown saving and its reason, not left out as if it did not exist', () => {
    expect(rec).toBeDefined();
    expect(rec!.action).toBe('migrate-model');
    expect(rec!.monthlySavings).toBeNull();
    expect(rec!.newMonthlyCost).toBeNull();
    expect(rec!.unpricedReason).toEqual({ says: 'alt-not-in-catalog', modelId: NOVA_PRO });
    expect(rec!.assumptions.map(adviceText)).toContain('amazon.nova-pro-v1:0 is not in the price catalog: the cost there is unknown, not zero');
    // Today: 88.5125 a month (see alternatives.test.ts), the same before the switch.
    expect(rec!.currentMonthlyCost.toFixed()).toBe('88.5125');
  });

  it("the model's plan is unknown with that reason, never today's other savings as if the switch saved $0", () => {
    const plan = report.plans!.find((p) => p.modelId === OPUS)!;
    expect(plan.actions).toContain('migrate-model');
    expect(plan.monthlySavings).toBeNull();
    expect(plan.plannedMonthlyCost).toBeNull();
    expect(plan.unpricedReason).toEqual({ says: 'alt-not-in-catalog', modelId: NOVA_PRO });
  });
});
