import { describe, it, expect } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { CatalogError } from '../../src/errors.js';
import { usd } from '../../src/money.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { adviceText } from '../../src/report/advice-text.js';

const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

/** The example rates file: private Nova Micro rates plus the model-unit capacity the account team quoted. */
const exampleRates = () => ({
  rates: [
    {
      model: NOVA_MICRO,
      region: 'us-east-1',
      onDemand: { input: '0.00003', output: '0.00012' },
      batch: { input: '0.000015', output: '0.00006' },
      provisioned: {
        noCommit: '39.60',
        oneMonth: '35.00',
        sixMonth: '29.50',
        unitTokensPerMinute: { input: 500000, output: 100000 },
      },
    },
  ],
  discountPercent: '0',
});

function ratesError(document: unknown): CatalogError {
  try {
    PriceCatalog.bundled().withRates(document, 'rates.json', TEST_READ_ON);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return error as CatalogError;
  }
  throw new Error('expected the rates file to be rejected');
}

describe('rates overlay (withRates)', () => {
  it('overrides prices and sets unit capacity, sourced to the rates file', () => {
    const bundled = PriceCatalog.bundled();
    const catalog = bundled.withRates(exampleRates(), 'rates.json', TEST_READ_ON);
    const row = catalog.prices(NOVA_MICRO, 'us-east-1', 'in-region')!;
    const t = row.perThousandTokens;
    expect(t.input!.usd.equals(usd('0.00003'))).toBe(true);
    expect(t.input!.source.id).toBe('rates-file');
    expect(t.input!.source.reliability).toBe('user');
    expect(t.output!.usd.equals(usd('0.00012'))).toBe(true);
    expect(t.batchInput!.usd.equals(usd('0.000015'))).toBe(true);
    expect(t.batchOutput!.usd.equals(usd('0.00006'))).toBe(true);
    expect(row.perModelUnitHour.noCommit!.usd.equals(usd('39.60'))).toBe(true);
    expect(row.perModelUnitHour.oneMonth!.usd.equals(usd('35.00'))).toBe(true);
    expect(row.perModelUnitHour.sixMonth!.usd.equals(usd('29.50'))).toBe(true);
    expect(row.perModelUnitHour.sixMonth!.source.id).toBe('rates-file');
    expect(row.modelUnitCapacity).toMatchObject({ inputTokensPerMinute: 500000, outputTokensPerMinute: 100000 });
    expect(row.modelUnitCapacity!.source.id).toBe('rates-file');
    // Prices the file does not give keep their catalog value and source.
    expect(t.cacheRead!.usd.equals(usd('0.00000875'))).toBe(true);
    expect(t.cacheRead!.source.id).toBe('seed-article');
    // Geo falls back to the overridden in-Region row.
    expect(catalog.prices(NOVA_MICRO, 'us-east-1', 'geo')!.perThousandTokens.input!.source.id).toBe('rates-file');
    // The bundled catalog itself is untouched.
    const original = bundled.prices(NOVA_MICRO, 'us-east-1', 'in-region')!;
    expect(original.perThousandTokens.input!.usd.equals(usd('0.000035'))).toBe(true);
    expect(original.modelUnitCapacity).toBeUndefined();
    // Its list price is the Price List row's (USE1-NovaMicro-ProvisionedThroughput-NoCommit-ModelUnits, $60.50/h), not the file's.
    expect(original.perModelUnitHour.noCommit!.usd.toFixed()).toBe('60.5');
    expect(original.perModelUnitHour.noCommit!.source.id).toBe('pl-getproducts-bedrock-us-east-1-aws-samples');
  });

  it('discountPercent "10" lowers catalog list prices by exactly 10% but not rates-file prices', () => {
    const catalog = PriceCatalog.bundled().withRates({ ...exampleRates(), discountPercent: '10' }, 'rates.json', TEST_READ_ON);
    const nova = catalog.prices(NOVA_MICRO, 'us-east-1', 'in-region')!;
    expect(nova.perThousandTokens.input!.usd.equals(usd('0.00003'))).toBe(true);
    expect(nova.perModelUnitHour.noCommit!.usd.equals(usd('39.60'))).toBe(true);
    expect(nova.perThousandTokens.cacheRead!.usd.equals(usd('0.000007875'))).toBe(true);
    const sonnet = catalog.prices(SONNET_4, 'us-east-1', 'in-region')!;
    expect(sonnet.perThousandTokens.input!.usd.equals(usd('0.0027'))).toBe(true);
    expect(sonnet.perThousandTokens.cacheWrite5m!.usd.equals(usd('0.003375'))).toBe(true);
    const express = catalog.prices('amazon.titan-text-express-v1', 'us-east-1', 'in-region')!;
    expect(express.perModelUnitHour.oneMonth!.usd.equals(usd('16.56'))).toBe(true);
    const canvas = catalog.prices('amazon.nova-canvas-v1:0', 'us-east-1', 'in-region')!;
    // Default tier 1024x1024/standard: $0.04 less 10% = $0.036.
    expect(canvas.perImage!.usd.equals(usd('0.036'))).toBe(true);
    const storage = catalog.prices(NOVA_MICRO, 'us-east-1', 'in-region')!.storagePerMonth!;
    expect(storage.usd.equals(usd('1.755'))).toBe(true);
    expect(catalog.globalNotes.map(adviceText).join(' ')).toMatch(/10% discount/);
  });

  it('a rate for a model/Region the catalog lacks creates an in-Region row', () => {
    const catalog = PriceCatalog.bundled().withRates(
      { rates: [{ model: 'amazon.nova-premier-v1:0', region: 'us-east-1', onDemand: { input: '0.0025', output: '0.0125' } }] },
      'rates.json', TEST_READ_ON,
    );
    const row = catalog.prices('amazon.nova-premier-v1:0', 'us-east-1', 'in-region')!;
    expect(row.perThousandTokens.output!.usd.equals(usd('0.0125'))).toBe(true);
    expect(row.perThousandTokens.output!.source.id).toBe('rates-file');
  });

  it('rejects a bad amount, naming rates[0] (model region) and the field', () => {
    const bad = exampleRates();
    (bad.rates[0]!.onDemand as Record<string, string>).input = 'abc';
    const error = ratesError(bad);
    expect(error.message).toContain('rates.json');
    expect(error.message).toContain(`rates[0] (${NOVA_MICRO} us-east-1)`);
    expect(error.message).toContain('onDemand.input');
  });

  it('rejects an unknown field, a non-integer capacity and a discount of 100%', () => {
    const unknownField = { rates: [{ model: NOVA_MICRO, region: 'us-east-1', onDemand: { inptu: '0.1' } }] };
    expect(ratesError(unknownField).message).toContain(`rates[0] (${NOVA_MICRO} us-east-1)`);
    const capacity = exampleRates();
    capacity.rates[0]!.provisioned.unitTokensPerMinute.input = 1.5;
    expect(ratesError(capacity).message).toContain('provisioned.unitTokensPerMinute.input');
    expect(ratesError({ rates: [], discountPercent: '100' }).message).toMatch(/below 100/);
  });
});
