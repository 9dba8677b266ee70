import { Decimal } from 'decimal.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { lineUpOf } from '../alternatives/table.js';
import type { PricedLine } from '../domain/report.js';
import type { PublishedReport } from './published-view.js';
import { isCitation, tokenKindOf, type LineDimension, type TokenKind } from '../domain/lines.js';
import { lineText } from './line-text.js';
import { modelVersionOf } from '../model-id.js';
import { lineSourceText } from './format.js';

/**
 * The FOCUS export (`analyze --format focus`): each model's replayed, priced lines as billed today (the
 * on-demand scenario), one row per line, in the columns of the FinOps Open Cost and Usage Specification
 * 1.2 (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2, commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7,
 * specification/columns/*.md), with the model identity in SkuPriceDetails as ModelDeveloper, ModelFamily,
 * ModelId and ModelVersion (FOCUS-defined properties since FOCUS_Spec pull request #2442).
 *
 * What it is and is not: a replay of CloudWatch usage at catalog prices over the report's window, not an
 * invoice. ChargePeriod and BillingPeriod are that window; every cost column holds the replayed cost
 * (list prices, or your rates-file prices when given). A line with no price is left out (FOCUS costs
 * cannot be null, and an unpriced line is never $0): `unpricedLines` counts them. It reads the published view,
 * like every renderer: a line's cost and quantity at six decimals, its unit price as quoted, the figures the JSON
 * report's `lines[]` show, so the two never disagree.
 */
export const FOCUS_COLUMNS = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart',
  'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName',
  'ListCost', 'ListUnitPrice', 'PricingCategory', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName',
  'RegionId', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceCategory', 'ServiceName', 'ServiceSubcategory',
  'SkuMeter', 'SkuPriceDetails', 'SkuPriceId', 'SubAccountId',
  // Provider-defined columns start with x_ (FOCUS: custom columns).
  'x_InferenceScope', 'x_PriceSource',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];
export type FocusRow = Record<FocusColumn, string | null>;

const DECIMAL_COLUMNS: ReadonlySet<FocusColumn> = new Set([
  'BilledCost', 'ConsumedQuantity', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'ListCost', 'ListUnitPrice', 'PricingQuantity',
]);
const DATE_COLUMNS: ReadonlySet<FocusColumn> = new Set(['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart']);

export interface FocusModelInfo {
  provider: string;
  name: string;
}

/** How a line's unit reads in FOCUS: the priced unit, and the consumed one with its factor. */
function units(line: PricedLine): { pricingUnit: string; consumedUnit: string; perPricingUnit: number } {
  switch (line.unit) {
    case '1K tokens':
      return { pricingUnit: '1000 Tokens', consumedUnit: 'Tokens', perPricingUnit: 1000 };
    case '1K queries':
      return { pricingUnit: '1000 Queries', consumedUnit: 'Queries', perPricingUnit: 1000 };
    case 'image':
      return { pricingUnit: 'Images', consumedUnit: 'Images', perPricingUnit: 1 };
    default:
      return { pricingUnit: line.unit, consumedUnit: line.unit, perPricingUnit: 1 };
  }
}

/** The token type, as FOCUS's AI examples name meters ("Input Tokens", "Output Tokens"), by the line's code. */
const METERS: Record<TokenKind, string> = {
  input: 'Input Tokens',
  output: 'Output Tokens',
  cacheRead: 'Cache Read Input Tokens',
  cacheWrite: 'Cache Write Input Tokens',
  image: 'Images',
  query: 'Queries',
};

export function skuMeterOf(dimension: LineDimension): string {
  const kind = tokenKindOf(dimension);
  return kind ? METERS[kind] : lineText(dimension);
}

function iso(text: string): string {
  return new Date(text).toISOString().replace('.000Z', 'Z');
}

function exact(d: Decimal): string {
  return d.toFixed();
}

export function focusRows(report: PublishedReport, modelInfo: (modelId: string) => FocusModelInfo | undefined): { rows: FocusRow[]; unpricedLines: number } {
  const rows: FocusRow[] = [];
  let unpricedLines = 0;
  const start = iso(report.window.start);
  const end = iso(report.window.end);
  for (const m of report.models) {
    const asBilled = m.scenarios.find((s) => s.mode === 'on-demand');
    if (!asBilled?.lines) continue;
    const info = modelInfo(m.modelId);
    const account = m.accountId ?? report.account ?? null;
    for (const line of asBilled.lines) {
      if (line.cost === null || line.unitPrice === null) {
        unpricedLines++;
        continue;
      }
      const u = units(line);
      const meter = skuMeterOf(line.dimension);
      const source = lineSourceText(line.source);
      const usageType = line.source !== null && isCitation(line.source) && line.source.cites === 'price' ? line.source.usageType : undefined;
      const details: Record<string, string> = {
        ...(info ? { ModelDeveloper: info.provider } : {}),
        ...(lineUpOf(m.modelId) ?? info?.name ? { ModelFamily: (lineUpOf(m.modelId) ?? info?.name)! } : {}),
        ModelId: m.modelId,
        ...(modelVersionOf(m.modelId) ? { ModelVersion: modelVersionOf(m.modelId)! } : {}),
      };
      rows.push({
        BilledCost: exact(line.cost),
        BillingAccountId: account,
        BillingAccountName: null,
        BillingCurrency: report.currency,
        BillingPeriodEnd: end,
        BillingPeriodStart: start,
        ChargeCategory: 'Usage',
        ChargeClass: null,
        ChargeDescription: `${m.name ?? m.modelId} ${meter.toLowerCase()} (${m.scope}), replayed from CloudWatch`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodEnd: end,
        ChargePeriodStart: start,
        ConsumedQuantity: exact(line.quantity.times(u.perPricingUnit)),
        ConsumedUnit: u.consumedUnit,
        ContractedCost: exact(line.cost),
        ContractedUnitPrice: exact(line.unitPrice),
        EffectiveCost: exact(line.cost),
        InvoiceIssuerName: 'Amazon Web Services',
        ListCost: exact(line.cost),
        ListUnitPrice: exact(line.unitPrice),
        PricingCategory: 'Standard',
        PricingQuantity: exact(line.quantity),
        PricingUnit: u.pricingUnit,
        ProviderName: 'Amazon Web Services',
        PublisherName: 'Amazon Web Services',
        RegionId: m.region,
        ResourceId: m.modelId,
        ResourceName: m.name ?? m.modelId,
        ResourceType: 'Foundation Model',
        ServiceCategory: 'AI and Machine Learning',
        ServiceName: 'Amazon Bedrock',
        ServiceSubcategory: 'Generative AI',
        SkuMeter: meter,
        SkuPriceDetails: JSON.stringify(details),
        SkuPriceId: usageType ?? `${m.region}/${m.scope}/${m.modelId}/${lineText(line.dimension)}`,
        SubAccountId: null,
        x_InferenceScope: m.scope,
        x_PriceSource: source,
      });
    }
  }
  return { rows, unpricedLines };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; null is an empty field. */
function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function focusCsv(rows: readonly FocusRow[]): string {
  const lines = [FOCUS_COLUMNS.join(',')];
  for (const row of rows) lines.push(FOCUS_COLUMNS.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Money and quantities as DECIMAL(38, 18): exact, read by DuckDB, Spark and pandas as decimals. */
const SCALE = 18;
const TEN_TO_SCALE = new Decimal(10).pow(SCALE);

function unscaled(text: string): bigint {
  // Catalog prices times integer counts end well within 18 decimals; anything finer rounds half even here, once.
  return BigInt(new Decimal(text).times(TEN_TO_SCALE).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed());
}

export function focusParquet(rows: readonly FocusRow[]): Uint8Array {
  const columnData = FOCUS_COLUMNS.map((name) => {
    const values = rows.map((r) => r[name]);
    if (DECIMAL_COLUMNS.has(name)) return { name, data: values.map((v) => (v === null ? null : unscaled(v))) };
    if (DATE_COLUMNS.has(name)) return { name, data: values.map((v) => (v === null ? null : new Date(v))) };
    // A JSON column takes the value and encodes it itself.
    if (name === 'SkuPriceDetails') return { name, data: values.map((v) => (v === null ? null : (JSON.parse(v) as unknown))) };
    return { name, data: values };
  });
  const schema = [
    { name: 'root', num_children: FOCUS_COLUMNS.length },
    ...FOCUS_COLUMNS.map((name) => {
      if (DECIMAL_COLUMNS.has(name)) {
        return { name, repetition_type: 'OPTIONAL' as const, type: 'FIXED_LEN_BYTE_ARRAY' as const, type_length: 16, converted_type: 'DECIMAL' as const, scale: SCALE, precision: 38 };
      }
      if (DATE_COLUMNS.has(name)) return { name, repetition_type: 'OPTIONAL' as const, type: 'INT64' as const, converted_type: 'TIMESTAMP_MILLIS' as const };
      if (name === 'SkuPriceDetails') return { name, repetition_type: 'OPTIONAL' as const, type: 'BYTE_ARRAY' as const, converted_type: 'JSON' as const };
      return { name, repetition_type: 'OPTIONAL' as const, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
    }),
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, schema }));
}
