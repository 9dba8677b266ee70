import type { Decimal } from 'decimal.js';
import { PriceCatalog } from '../catalog/catalog.js';
import type { CatalogFile, CatalogPriceRow, PriceValue, TokenDimension } from '../catalog/schema.js';
import { usd } from '../money.js';

/**
 * `npm run catalog:check`: what must hold for any catalog we ship or fetch.
 *  - it loads (schema, every cited source exists, no duplicate rows);
 *  - every price has a source, and a price from a derived source says what it was derived from;
 *  - invariants AWS pricing has always kept, each a bug other catalogs shipped when broken:
 *    batch ≤ on-demand, global ≤ regional, cache read ≤ input, 1h write ≥ 5m write, flex ≤ standard ≤ priority.
 * It also lists what is unpriced, so a gap is visible rather than silent.
 */
export interface CheckResult {
  violations: string[];
  /** Models with no price at all, and models priced somewhere but not in us-east-1. */
  unpriced: string[];
}

function amount(value: PriceValue | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  return usd(typeof value === 'string' ? value : value.usd);
}

/** Pairs that must satisfy `low ≤ high` within one row. */
const WITHIN_ROW: Array<[TokenDimension, TokenDimension, string]> = [
  ['batchInput', 'input', 'batch input above on-demand input'],
  ['batchOutput', 'output', 'batch output above on-demand output'],
  ['cacheRead', 'input', 'cache read above input'],
  ['cacheWrite5m', 'cacheWrite1h', '1h cache write below the 5m write'],
  ['flexInput', 'input', 'flex input above standard'],
  ['flexOutput', 'output', 'flex output above standard'],
  ['input', 'priorityInput', 'priority input below standard'],
  ['output', 'priorityOutput', 'priority output below standard'],
];

function rowLabel(r: CatalogPriceRow): string {
  return `${r.model} ${r.region} ${r.scope}`;
}

export function checkCatalog(document: CatalogFile, name: string): CheckResult {
  const violations: string[] = [];
  try {
    PriceCatalog.fromDocument(document, name);
  } catch (error) {
    violations.push((error as Error).message);
  }
  for (const row of document.prices) {
    const visit = (path: string, value: unknown): void => {
      if (value === undefined || value === null || (typeof value !== 'string' && typeof value !== 'object')) return;
      if (typeof value === 'string' || 'usd' in value) {
        const price = value as PriceValue;
        const sourceId = typeof price === 'string' ? row.source : price.source;
        const source = document.sources[sourceId];
        if (source?.reliability === 'derived' && (typeof price === 'string' || !price.derivedFrom)) {
          violations.push(`${rowLabel(row)} ${path}: derived (source ${sourceId}) but does not say what it was derived from`);
        }
        return;
      }
      for (const [k, v] of Object.entries(value as object)) visit(`${path}.${k}`, v);
    };
    // Every priced field; modelUnitCapacity holds token counts, not prices.
    for (const [field, value] of Object.entries(row)) if (typeof value === 'object' && field !== 'modelUnitCapacity') visit(field, value);

    const t = row.perThousandTokens ?? {};
    for (const [low, high, what] of WITHIN_ROW) {
      const l = amount(t[low]);
      const h = amount(t[high]);
      if (l && h && l.greaterThan(h)) violations.push(`${rowLabel(row)}: ${what} (${low} ${l.toFixed()} > ${high} ${h.toFixed()})`);
    }
  }
  const byKey = new Map(document.prices.map((r) => [`${r.model}|${r.region}|${r.scope}`, r]));
  for (const global of document.prices.filter((r) => r.scope === 'global')) {
    const regional = byKey.get(`${global.model}|${global.region}|in-region`);
    if (!regional) continue;
    for (const [dim, value] of Object.entries(global.perThousandTokens ?? {}) as Array<[TokenDimension, PriceValue]>) {
      const g = amount(value)!;
      const r = amount(regional.perThousandTokens?.[dim]);
      if (r && g.greaterThan(r)) violations.push(`${rowLabel(global)}: global ${dim} ${g.toFixed()} above the in-Region ${r.toFixed()}`);
    }
  }
  const pricedAnywhere = new Set(document.prices.map((r) => r.model));
  const pricedEast = new Set(document.prices.filter((r) => r.region === 'us-east-1').map((r) => r.model));
  const unpriced = document.models.flatMap((m) => {
    if (!pricedAnywhere.has(m.modelId)) return [`${m.modelId} (${m.name}): no price in any Region`];
    if (!pricedEast.has(m.modelId)) return [`${m.modelId} (${m.name}): no us-east-1 price (priced in ${[...new Set(document.prices.filter((r) => r.model === m.modelId).map((r) => r.region))].join(', ')})`];
    return [];
  });
  return { violations, unpriced };
}
