import type { CatalogFile, CatalogPriceRow, PriceValue } from '../catalog/schema.js';
import { usd } from '../money.js';

/** One price that differs between two catalogs. */
export interface PriceChange {
  change: 'added' | 'removed' | 'changed';
  model: string;
  region: string;
  scope: string;
  /** `perThousandTokens.input`, `perImage.1024x1024/standard`, `reservedPerThousandTpmMonth.oneMonth.input`, … */
  dimension: string;
  old?: string;
  new?: string;
}

function amount(value: PriceValue): string {
  return typeof value === 'string' ? value : value.usd;
}

/** Every price of a row, flattened to dimension path → USD. */
function pricesOf(row: CatalogPriceRow): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string, value: unknown): void => {
    if (value === undefined) return;
    if (typeof value === 'string' || (typeof value === 'object' && value !== null && 'usd' in value)) {
      out.set(path, amount(value as PriceValue));
      return;
    }
    if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(`${path}.${k}`, v);
  };
  for (const field of ['perThousandTokens', 'perImage', 'perInputImage', 'perInputVideoSecond', 'perInputAudioSecond', 'perVideoSecond', 'perThousandQueries', 'perModelUnitHour', 'reservedPerThousandTpmMonth', 'reservedPerThousandTpmHour', 'customization'] as const) {
    walk(field, row[field]);
  }
  return out;
}

/** Added, removed and changed prices from `before` to `after`, sorted by model, Region, scope, dimension. */
export function diffCatalogs(before: CatalogFile, after: CatalogFile): PriceChange[] {
  const index = (file: CatalogFile) => new Map(file.prices.map((r) => [`${r.model}|${r.region}|${r.scope}`, r]));
  const a = index(before);
  const b = index(after);
  const changes: PriceChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [model, region, scope] = key.split('|') as [string, string, string];
    const oldPrices = a.has(key) ? pricesOf(a.get(key)!) : new Map<string, string>();
    const newPrices = b.has(key) ? pricesOf(b.get(key)!) : new Map<string, string>();
    for (const dimension of new Set([...oldPrices.keys(), ...newPrices.keys()])) {
      const o = oldPrices.get(dimension);
      const n = newPrices.get(dimension);
      const base = { model, region, scope, dimension };
      if (o === undefined) changes.push({ change: 'added', ...base, new: n! });
      else if (n === undefined) changes.push({ change: 'removed', ...base, old: o });
      else if (!usd(o).equals(usd(n))) changes.push({ change: 'changed', ...base, old: o, new: n });
    }
  }
  return changes.sort((x, y) => x.model.localeCompare(y.model) || x.region.localeCompare(y.region) || x.scope.localeCompare(y.scope) || x.dimension.localeCompare(y.dimension));
}

/** One line per change, per 1K tokens as the catalog stores it: `changed  amazon.nova-pro-v1:0 us-east-1 in-region perThousandTokens.input 0.0008 -> 0.0009`. */
export function describeChanges(changes: PriceChange[]): string[] {
  return changes.map((c) => {
    const where = `${c.model} ${c.region} ${c.scope} ${c.dimension}`;
    if (c.change === 'added') return `added    ${where} ${c.new}`;
    if (c.change === 'removed') return `removed  ${where} ${c.old}`;
    return `changed  ${where} ${c.old} -> ${c.new}`;
  });
}
