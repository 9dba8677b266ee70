import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { analyze } from '../../src/engine.js';
import { publishedReport } from '../../src/report/published.js';
import { FOCUS_COLUMNS, focusCsv, focusParquet, focusRows } from '../../src/report/focus.js';
import { modelVersionOf } from '../../src/model-id.js';
import { NOW, OPUS, catalog, opusSnapshot } from '../fixtures/model-catalog.js';

/**
 * The column IDs of FOCUS 1.2, copied from the specification: FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec,
 * tag v1.2 (commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7), the "Column ID" of each file that
 * specification/columns/columns.mdpp includes; MANDATORY are those whose "Feature level" is Mandatory.
 */
const FOCUS_1_2_COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingAccountType', 'BillingCurrency', 'BillingPeriodEnd',
  'BillingPeriodStart', 'CapacityReservationId', 'CapacityReservationStatus', 'ChargeCategory', 'ChargeClass', 'ChargeDescription',
  'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory', 'CommitmentDiscountId', 'CommitmentDiscountName',
  'CommitmentDiscountQuantity', 'CommitmentDiscountStatus', 'CommitmentDiscountType', 'CommitmentDiscountUnit', 'ConsumedQuantity',
  'ConsumedUnit', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'InvoiceId', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice',
  'PricingCategory', 'PricingCurrency', 'PricingCurrencyContractedUnitPrice', 'PricingCurrencyEffectiveCost', 'PricingCurrencyListUnitPrice',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName', 'ResourceType',
  'ServiceCategory', 'ServiceName', 'ServiceSubcategory', 'SkuId', 'SkuMeter', 'SkuPriceDetails', 'SkuPriceId', 'SubAccountId',
  'SubAccountName', 'SubAccountType', 'Tags',
];
const MANDATORY = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
  'ChargeClass', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart', 'ContractedCost', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName',
];

function opusRows() {
  const report = analyze(opusSnapshot(), catalog, { now: NOW, account: '123456789012' });
  return focusRows(publishedReport(report), (id) => catalog.model(id));
}

describe('FOCUS export', () => {
  it('writes only FOCUS 1.2 column names (or x_ custom columns), every mandatory one among them', () => {
    for (const c of FOCUS_COLUMNS) expect(FOCUS_1_2_COLUMNS.includes(c) || c.startsWith('x_'), c).toBe(true);
    for (const c of MANDATORY) expect(FOCUS_COLUMNS as readonly string[]).toContain(c);
  });

  it('one row per priced line of the as-billed replay, with figures worked by hand', () => {
    const { rows, unpricedLines } = opusRows();
    expect(unpricedLines).toBe(0);
    const byMeter = new Map(rows.map((r) => [r.SkuMeter, r]));
    expect([...byMeter.keys()].sort()).toEqual(['Cache Read Input Tokens', 'Cache Write Input Tokens', 'Input Tokens', 'Output Tokens']);
    const input = byMeter.get('Input Tokens')!;
    // 10 minutes x 1,000 input tokens at $0.005 per 1K = $0.05.
    expect(input).toMatchObject({
      BilledCost: '0.05', EffectiveCost: '0.05', ListCost: '0.05', ContractedCost: '0.05', ListUnitPrice: '0.005',
      ConsumedQuantity: '10000', ConsumedUnit: 'Tokens', PricingQuantity: '10', PricingUnit: '1000 Tokens',
      BillingAccountId: '123456789012', BillingCurrency: 'USD', ChargeCategory: 'Usage', ChargeClass: null,
      ChargePeriodStart: '2026-10-01T00:00:00Z', ChargePeriodEnd: '2026-10-01T01:00:00Z', RegionId: 'us-east-1',
      ServiceName: 'Amazon Bedrock', ServiceCategory: 'AI and Machine Learning', ResourceId: OPUS,
    });
    expect(JSON.parse(input.SkuPriceDetails!)).toEqual({ ModelDeveloper: 'Anthropic', ModelFamily: 'Anthropic Claude', ModelId: OPUS, ModelVersion: 'v1:0' });
    // 2,000 output x 0.025/1K = 0.05; 30,000 reads x 0.0005/1K = 0.015; 1,000 writes x 0.00625/1K = 0.00625.
    expect(byMeter.get('Output Tokens')!.BilledCost).toBe('0.05');
    expect(byMeter.get('Cache Read Input Tokens')!.BilledCost).toBe('0.015');
    expect(byMeter.get('Cache Write Input Tokens')!.BilledCost).toBe('0.00625');
  });

  it('model versions read off the ID', () => {
    expect(modelVersionOf('anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('20250929-v1:0');
    expect(modelVersionOf('amazon.nova-micro-v1:0')).toBe('v1:0');
    expect(modelVersionOf('anthropic.claude-opus-5')).toBeNull();
  });

  it('CSV: a header of the columns, quoted fields where needed, null as empty', () => {
    const { rows } = opusRows();
    const csv = focusCsv(rows);
    const [header, first] = csv.split('\r\n');
    expect(header).toBe(FOCUS_COLUMNS.join(','));
    // SkuPriceDetails holds commas and quotes: one quoted field with doubled quotes.
    expect(first).toContain('"{""ModelDeveloper"":""Anthropic""');
    expect(first).toContain(',,'); // BillingAccountName is null
  });

  it('Parquet: the same columns, costs as exact decimals', async () => {
    const { rows } = opusRows();
    const bytes = focusParquet(rows);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const read = await parquetReadObjects({ file });
    expect(Object.keys(read[0]!)).toEqual([...FOCUS_COLUMNS]);
    const input = read.find((r) => r.SkuMeter === 'Input Tokens')!;
    expect(Number(input.BilledCost)).toBe(0.05);
    expect(Number(input.ConsumedQuantity)).toBe(10000);
    expect((input.ChargePeriodStart as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(input.SkuPriceDetails).toMatchObject({ ModelId: OPUS });
  });

  it('analyze --format focus writes CSV, and Parquet with --out FILE.parquet; Parquet needs --format focus', async () => {
    let out = '';
    const io = { stdout: (t: string) => { out += t; }, stderr: () => undefined };
    expect(await main(['analyze', '--sample', '--format', 'focus'], io)).toBe(0);
    expect(out.split('\r\n')[0]).toBe(FOCUS_COLUMNS.join(','));
    const dir = mkdtempSync(join(tmpdir(), 'focus-'));
    expect(await main(['analyze', '--sample', '--format', 'focus', '--out', join(dir, 'x.parquet')], io)).toBe(0);
    expect(readFileSync(join(dir, 'x.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    let err = '';
    expect(await main(['analyze', '--sample', '--format', 'json', '--out', join(dir, 'y.parquet')], { ...io, stderr: (t: string) => { err += t; } })).toBe(2);
    expect(err).toContain('Parquet is written only with --format focus');
  });
});
