import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BedrockClient, ListCustomModelsCommand, ListFoundationModelsCommand, ListInferenceProfilesCommand, ListProvisionedModelThroughputsCommand } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { BedrockInventoryReader } from '../../src/aws/bedrock-inventory.js';
import { PriceCatalog, type CatalogModel } from '../../src/catalog/catalog.js';
import { PROVISIONED_TERMS, termEnd, termHours, termOfApiDuration } from '../../src/catalog/terms.js';
import { analyze } from '../../src/engine.js';
import { CatalogError } from '../../src/errors.js';
import { adviceText } from '../../src/report/advice-text.js';
import { usd } from '../../src/money.js';
import { lifecycleAt } from '../../src/modes/lifecycle.js';
import { PriceBook } from '../../src/modes/price-book.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { publishedReport } from '../../src/report/published.js';

const REGION = 'us-east-1';
const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/golden/catalog.json', import.meta.url)), 'utf8')) as {
  asOf: string; models: Array<{ modelId: string }>; prices: unknown[];
};

describe('commitment terms (one table, calendar months)', () => {
  it("AWS's example: 2 units of Titan Text Express at $18.40 over a 31-day month = $27,379.20", () => {
    const catalog = PriceCatalog.bundled();
    const book = new PriceBook(catalog.model('amazon.titan-text-express-v1'), catalog.prices('amazon.titan-text-express-v1', REGION, 'in-region'));
    const hourly = book.prices?.perModelUnitHour.oneMonth;
    expect(hourly?.usd.toFixed()).toBe('18.4');
    // Bought 2026-01-01, a 1-month term ends 2026-02-01: 31 days = 744 hours; 2 x 18.40 x 744 = 27,379.20.
    expect(termHours(new Date('2026-01-01T00:00:00Z'), 1)).toBe(744);
    expect(book.termTotal('oneMonth', 2, new Date('2026-01-01T00:00:00Z'), 1)!.toFixed(2)).toBe('27379.20');
    // The same term bought in February runs 28 days: 2 x 18.40 x 672 = 24,729.60.
    expect(book.termTotal('oneMonth', 2, new Date('2026-02-01T00:00:00Z'), 1)!.toFixed(2)).toBe('24729.60');
  });

  it('a term ends on the same day months later, or on the last day of a shorter month', () => {
    const end = (start: string, months: number) => termEnd(new Date(start), months).toISOString();
    expect(end('2026-01-31T10:00:00Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(end('2028-01-31T00:00:00Z', 1)).toBe('2028-02-29T00:00:00.000Z'); // leap year
    expect(end('2026-03-31T00:00:00Z', 1)).toBe('2026-04-30T00:00:00.000Z');
    expect(end('2026-08-31T00:00:00Z', 6)).toBe('2027-02-28T00:00:00.000Z');
    expect(end('2026-11-15T12:00:00Z', 3)).toBe('2027-02-15T12:00:00.000Z');
    expect(end('2026-11-15T12:00:00Z', 0)).toBe('2026-11-15T12:00:00.000Z');
  });

  it('maps the Bedrock API commitment durations through the one table', () => {
    expect(termOfApiDuration(undefined)).toBe('noCommit');
    expect(termOfApiDuration('OneMonth')).toBe('oneMonth');
    expect(termOfApiDuration('SixMonths')).toBe('sixMonth');
    expect(PROVISIONED_TERMS[termOfApiDuration('SixMonths')]).toMatchObject({ months: 6, mode: 'provisioned-6-month' });
  });
});

describe('lifecycle status at the report date', () => {
  const model = (lifecycle: CatalogModel['lifecycle']): CatalogModel => ({ modelId: 'm', name: 'M', provider: 'p', modality: 'text', ...(lifecycle ? { lifecycle } : {}) });
  const dated = model({ status: 'legacy', legacyFrom: '2026-03-01', extendedAccessFrom: '2026-06-01', endOfLife: '2027-03-01', successor: 'n', source: 's' });

  it('the dates decide, whatever status the catalog recorded when it was made', () => {
    expect(lifecycleAt(dated, new Date('2026-02-28T23:00:00Z'))).toBeUndefined();
    expect(lifecycleAt(dated, new Date('2026-03-01T00:00:00Z'))).toEqual({ status: 'legacy', since: '2026-03-01', endOfLife: '2027-03-01', successor: 'n' });
    expect(lifecycleAt(dated, new Date('2026-06-01T00:00:00Z'))?.status).toBe('extended-access');
    expect(lifecycleAt(dated, new Date('2027-03-01T00:00:00Z'))).toMatchObject({ status: 'end-of-life', since: '2027-03-01' });
  });

  it('LEGACY from ListFoundationModels marks a model the catalog has no dates for; ACTIVE does not', () => {
    expect(lifecycleAt(model(undefined), new Date('2026-11-01T00:00:00Z'), 'LEGACY')).toEqual({ status: 'legacy' });
    expect(lifecycleAt(model(undefined), new Date('2026-11-01T00:00:00Z'), 'ACTIVE')).toBeUndefined();
    expect(lifecycleAt(undefined, new Date('2026-11-01T00:00:00Z'), 'LEGACY')).toEqual({ status: 'legacy' });
    // A status the catalog gives without dates stands as given.
    expect(lifecycleAt(model({ status: 'extended-access', source: 's' }), new Date('2026-11-01T00:00:00Z'))).toEqual({ status: 'extended-access' });
  });

  it('the inventory reader carries modelLifecycle.status from ListFoundationModels', async () => {
    const bedrock = mockClient(BedrockClient);
    bedrock.on(ListProvisionedModelThroughputsCommand).resolves({ provisionedModelSummaries: [] });
    bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [] });
    bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: [] });
    bedrock.on(ListFoundationModelsCommand).resolves({
      modelSummaries: [
        { modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', modelArn: 'arn:a', modelLifecycle: { status: 'LEGACY' } },
        { modelId: 'amazon.nova-micro-v1:0', modelArn: 'arn:b', modelLifecycle: { status: 'ACTIVE' } },
        { modelId: 'amazon.nova-lite-v1:0', modelArn: 'arn:c' },
      ],
    });
    const inventory = await new BedrockInventoryReader({ client: new BedrockClient({ region: REGION }), region: REGION }).read();
    expect(inventory.foundationModels.map((m) => [m.modelId, m.lifecycleStatus])).toEqual([
      ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'LEGACY'], ['amazon.nova-micro-v1:0', 'ACTIVE'], ['amazon.nova-lite-v1:0', undefined],
    ]);
    bedrock.restore();
  });
});

function snapshot(modelId: string, metrics: Partial<Record<'InputTokenCount' | 'OutputTokenCount' | 'OutputImageCount' | 'Invocations', number>>): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const [metric, value] of Object.entries(metrics) as Array<[keyof typeof metrics, number]>) {
    builder.add({ region: REGION, modelId, metric, timestamp: Date.parse('2026-11-01T00:00:00Z') / 1000, periodSeconds: 3600, value });
  }
  return { window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z' }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

describe('rates file: Reserved prices, image tier, cache TTLs', () => {
  const catalog = PriceCatalog.fromDocument(golden, 'golden catalog');

  it('a named image tier prices the images; a price given for it replaces the catalog one', () => {
    const premium = catalog.withRates({ rates: [{ model: 'acme.canvas-v1:0', region: REGION, imageTier: '2048x2048/premium' }] }, 'tier.json', TEST_READ_ON);
    const s = analyze(snapshot('acme.canvas-v1:0', { OutputImageCount: 10 }), premium, { now: new Date('2026-11-02T00:00:00Z') }).models[0]!.scenarios[0]!;
    // 10 images x $0.08 (2048x2048/premium in the catalog).
    expect(s.cost?.toFixed()).toBe('0.8');
    expect(s.imageTiers?.tier).toBe('2048x2048/premium');
    const own = catalog.withRates({ rates: [{ model: 'acme.canvas-v1:0', region: REGION, imageTier: '2048x2048/premium', image: '0.07' }] }, 'own.json', TEST_READ_ON);
    expect(own.prices('acme.canvas-v1:0', REGION, 'in-region')?.perImage?.usd.toFixed()).toBe('0.07');
    expect(own.prices('acme.canvas-v1:0', REGION, 'in-region')?.perImage?.source.reliability).toBe('user');
  });

  it('an image tier the catalog does not price, with no price of its own, is rejected by name', () => {
    expect(() => catalog.withRates({ rates: [{ model: 'acme.canvas-v1:0', region: REGION, imageTier: '4096x4096/ultra' }] }, 'bad.json', TEST_READ_ON))
      .toThrow(CatalogError);
    expect(() => catalog.withRates({ rates: [{ model: 'acme.canvas-v1:0', region: REGION, imageTier: '4096x4096/ultra' }] }, 'bad.json', TEST_READ_ON))
      .toThrow(/bad\.json: rates \(acme\.canvas-v1:0 us-east-1\) imageTier: no catalog price for tier "4096x4096\/ultra"/);
  });

  it('Reserved prices and 30-minute cache writes from the rates file reach the book; a bad amount names its field', () => {
    const rated = catalog.withRates({ rates: [{ model: 'acme.legacy-v1:0', region: REGION, reserved: { threeMonth: { input: '12.5', output: '50' } }, onDemand: { cacheWrite30m: '0.0075' } }] }, 'mine.json', TEST_READ_ON);
    const prices = rated.prices('acme.legacy-v1:0', REGION, 'in-region')!;
    expect(prices.reservedPerThousandTpmMonth.threeMonth?.input?.usd.toFixed()).toBe('12.5');
    expect(prices.reservedPerThousandTpmMonth.threeMonth?.output?.source.id).toBe('rates-file');
    expect(prices.perThousandTokens.cacheWrite30m?.usd.toFixed()).toBe('0.0075');
    expect(() => catalog.withRates({ rates: [{ model: 'acme.legacy-v1:0', region: REGION, reserved: { oneMonth: { input: 'cheap' } } }] }, 'mine.json', TEST_READ_ON))
      .toThrow(/rates\[0\] \(acme\.legacy-v1:0 us-east-1\) rates\.0\.reserved\.oneMonth\.input: expected a non-negative decimal amount/);
  });

  it('a discount lowers Reserved and tiered image prices too, and the default tier once', () => {
    const discounted = catalog.withRates({ rates: [], discountPercent: '10' }, 'd.json', TEST_READ_ON);
    expect(discounted.prices('acme.reserved-v1:0', REGION, 'in-region')?.reservedPerThousandTpmMonth.oneMonth?.input?.usd.toFixed()).toBe('27');
    const canvas = discounted.prices('acme.canvas-v1:0', REGION, 'in-region')!;
    expect(canvas.perImage?.usd.toFixed()).toBe('0.036');
    expect(canvas.perImageByTier['2048x2048/premium']?.usd.toFixed()).toBe('0.072');
  });
});

describe('modalities CloudWatch cannot fully price', () => {
  it('a video model is unpriced with the reason, never $0', () => {
    const doc = structuredClone(golden) as { models: unknown[]; prices: unknown[] };
    doc.models.push({ modelId: 'acme.video-v1:0', name: 'Acme Video', provider: 'Acme', modality: 'video' });
    doc.prices.push({ model: 'acme.video-v1:0', region: REGION, scope: 'in-region', source: 'golden-list', perVideoSecond: { '720p': '0.08' } });
    const report = analyze(snapshot('acme.video-v1:0', { Invocations: 4 }), PriceCatalog.fromDocument(doc, 'video catalog'), { now: new Date('2026-11-02T00:00:00Z') });
    const m = report.models[0]!;
    expect(m.priced).toBe(false);
    expect(m.currentMonthlyCost).toBeNull();
    // The engine states a code; the published view words it.
    expect(m.unpricedReason).toEqual({ says: 'video-seconds-unpriced' });
    expect(publishedReport(report).models[0]!.unpricedReason).toBe('video models bill per second of video generated, which CloudWatch does not report');
    expect(report.summary.pricedMonthlyCost.toFixed()).toBe('0');
    expect(report.summary.unpricedModels).toBe(1);
  });
});

describe('price source', () => {
  it('a catalog as of the report date is not stale; the bundled catalog names itself', () => {
    const fresh = PriceCatalog.fromDocument({ ...golden, asOf: '2026-10-20' }, 'fresh.json');
    const report = analyze(snapshot('acme.legacy-v1:0', { InputTokenCount: 1000 }), fresh, { now: new Date('2026-11-19T12:00:00Z') });
    // 2026-10-20 to 2026-11-19 is 30 days: not older than 30.
    expect(report.priceSource).toEqual({ kind: 'file', name: 'fresh.json', asOf: '2026-10-20', ageDays: 30 });
    expect(report.stalePrices).toBe(false);
    expect(report.assumptions.some((a) => adviceText(a).startsWith('warning:'))).toBe(false);
    // A catalog dated after the report (a fixed clock) is current, not -3 days old.
    expect(analyze(snapshot('acme.legacy-v1:0', { InputTokenCount: 1000 }), fresh, { now: new Date('2026-10-17T00:00:00Z') }).priceSource.ageDays).toBe(0);
    const bundled = analyze(snapshot('amazon.nova-micro-v1:0', { InputTokenCount: 1000 }), PriceCatalog.bundled(), { now: new Date('2026-11-19T00:00:00Z') });
    expect(bundled.priceSource.kind).toBe('bundled');
    expect(bundled.priceSource.asOf).toBe(PriceCatalog.bundled().asOf);
  });

  it('keeps money exact in the summary: priced spend adds priced models only', () => {
    const report = analyze(snapshot('acme.legacy-v1:0', { InputTokenCount: 1000, OutputTokenCount: 100 }), PriceCatalog.fromDocument(golden, 'g'), { now: new Date('2026-11-02T00:00:00Z') });
    // 1,000 x $0.006/1K + 100 x $0.03/1K = $0.009 an hour, x 730 = $6.57.
    expect(report.summary.pricedMonthlyCost.equals(usd('6.57'))).toBe(true);
  });
});
