import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import type { LineDimension } from '../../src/domain/lines.js';
import type { CommitmentRisk } from '../../src/domain/report.js';
import { ifUsageHalves } from '../../src/modes/provisioned.js';
import { Bill } from '../../src/replay/bill.js';
import { adviceText } from '../../src/report/advice-text.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { sampleAnalysis } from '../report/sample-report.js';

/**
 * "Monthly savings if usage halves" is half today's on-demand month, less the units' month and the
 * half-load overflow priced on demand. An overflow with no price is not $0: the saving is unknown, with
 * why, never the units against a free overflow (it was `overflow ?? ZERO`).
 */
const INPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'input' };
const OUTPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'output' };
const price = (usd: string): Priced => ({ usd: new Decimal(usd), source: { id: 'test', title: 'a test price', url: 'https://aws.amazon.com/bedrock/pricing/', readOn: '2026-11-01' } } as Priced);

describe('commitment risk: the saving if usage halves', () => {
  it('priced: $400 half on demand - ($300 of units + 2,000,000 overflow tokens x $0.0008/1K = $1.60) = $98.40 (730-hour window)', () => {
    const overflow = new Bill().tokens(2_000_000, price('0.0008'), INPUT_OVERFLOW);
    // Its month: $1.60 over a 730-hour window (a month's 730 hours) is $1.60.
    const risk = ifUsageHalves(new Decimal(400), new Decimal(300), overflow, new Decimal('1.6'));
    expect(risk.monthlySavingsIfUsageHalves?.toFixed(2)).toBe('98.40');
    expect(risk.unpricedReason).toBeUndefined();
  });

  it('an unpriced overflow leaves it unknown (null, with the bill\'s reason), never $400 - $300 - $0 = $100', () => {
    const overflow = new Bill().tokens(2_000_000, price('0.0008'), INPUT_OVERFLOW).tokens(500_000, undefined, OUTPUT_OVERFLOW);
    const risk = ifUsageHalves(new Decimal(400), new Decimal(300), overflow, null);
    expect(risk.monthlySavingsIfUsageHalves).toBeNull();
    expect(risk.unpricedReason).toEqual({ says: 'unpriced-lines', dimensions: [OUTPUT_OVERFLOW] });
  });

  it('is worded as unknown with why, never as a saving or a loss', () => {
    expect(adviceText({ says: 'pt-if-usage-halves', monthlySavings: null, unpricedReason: { says: 'unpriced-lines', dimensions: [OUTPUT_OVERFLOW] } }))
      .toBe('if usage halves, the saving against on demand is unknown, not zero (unpriced: no output overflow on demand price in the catalog)');
    // The known cases read as they did.
    expect(adviceText({ says: 'pt-if-usage-halves', monthlySavings: new Decimal('-9680.11') })).toBe('if usage halves, the commitment loses $9,680.11 a month against on demand');
    expect(adviceText({ says: 'pt-if-usage-halves', monthlySavings: new Decimal('12.5') })).toBe('if usage halves, it still saves $12.50 a month');
  });

  it('is published as null with its reason in words, and the schema accepts that and nothing less', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
    const validate = ajv.compile(schema);
    // The sample analysed for this file alone (no other test here reads it), with one risk made unknown.
    const report = sampleAnalysis();
    const risks = report.models.flatMap((m) => m.scenarios.flatMap((s) => (s.provisioned?.risk ? [s.provisioned.risk] : [])));
    expect(risks.length).toBeGreaterThan(0);
    const risk: CommitmentRisk = risks[0]!;
    risk.monthlySavingsIfUsageHalves = null;
    risk.unpricedReason = { says: 'unpriced-lines', dimensions: [OUTPUT_OVERFLOW] };
    const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(report)))) as { models: Array<{ scenarios: Array<{ provisioned?: { risk?: Record<string, unknown> } }> }> };
    const published = json.models.flatMap((m) => m.scenarios.flatMap((s) => (s.provisioned?.risk ? [s.provisioned.risk] : [])));
    expect(published[0]).toMatchObject({ monthlySavingsIfUsageHalves: null, unpricedReason: 'unpriced: no output overflow on demand price in the catalog' });
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    // Null with no reason, or "0.00" passed off with a reason, is refused.
    delete published[0]!.unpricedReason;
    expect(validate(json)).toBe(false);
    published[0]!.monthlySavingsIfUsageHalves = '0.00';
    published[0]!.unpricedReason = 'unpriced: no output overflow on demand price in the catalog';
    expect(validate(json)).toBe(false);
  });
});
