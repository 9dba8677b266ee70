import type { Decimal } from 'decimal.js';
import { PriceCatalog } from '../catalog/catalog.js';
import type { CatalogFile, CatalogPriceRow, PriceValue, TokenDimension } from '../catalog/schema.js';
import { usd } from '../money.js';
import { parseModelId } from '../model-id.js';

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

/** One column of the coverage table: a mode and how a row prices it. */
interface ModeColumn {
  label: string;
  priced: (row: CatalogPriceRow) => boolean;
  /**
   * Priced by a stated rule rather than a price of the mode's own: a model whose cache writes bill as
   * input tokens (Amazon Nova: `promptCache.writesBilledAsInput`; AWS lists its write rows at $0.00)
   * has its 5-minute writes priced wherever its input is, and a report prices them so.
   */
  pricedByRule?: (row: CatalogPriceRow, writesAsInput: ReadonlySet<string>) => boolean;
}

/** The models whose cache writes a report prices at their input rate (promptCache.writesBilledAsInput). */
function writesBilledAsInput(document: CatalogFile): Set<string> {
  return new Set(document.models.filter((m) => m.promptCache?.writesBilledAsInput).map((m) => m.modelId));
}

const has = (record: object | undefined, ...keys: string[]) => keys.some((k) => (record as Record<string, unknown> | undefined)?.[k] !== undefined);
const reservedHas = (row: CatalogPriceRow, term: string) => has(row.reservedPerThousandTpmHour, term) || has(row.reservedPerThousandTpmMonth, term);

/** The modes the report compares, in its order. */
export const COVERAGE_MODES: readonly ModeColumn[] = [
  { label: 'on-demand', priced: (r) => has(r.perThousandTokens, 'input', 'output') || has(r.perImage, ...Object.keys(r.perImage ?? {})) || r.perThousandQueries !== undefined || r.perVideoSecond !== undefined || r.perInputVideoSecond !== undefined },
  { label: 'cache read', priced: (r) => has(r.perThousandTokens, 'cacheRead') },
  { label: 'cache 5m', priced: (r) => has(r.perThousandTokens, 'cacheWrite5m'), pricedByRule: (r, asInput) => asInput.has(r.model) && has(r.perThousandTokens, 'input') },
  { label: 'cache 1h', priced: (r) => has(r.perThousandTokens, 'cacheWrite1h') },
  // Only models that bill a request above a threshold at other rates have this mode (Claude Sonnet 4 / 4.5, OpenAI).
  { label: 'long ctx', priced: (r) => has(r.perThousandTokens, 'longContextInput', 'longContextOutput') },
  { label: 'batch', priced: (r) => has(r.perThousandTokens, 'batchInput', 'batchOutput') },
  { label: 'flex', priced: (r) => has(r.perThousandTokens, 'flexInput', 'flexOutput') },
  { label: 'priority', priced: (r) => has(r.perThousandTokens, 'priorityInput', 'priorityOutput') },
  { label: 'PT none', priced: (r) => has(r.perModelUnitHour, 'noCommit') },
  { label: 'PT 1m', priced: (r) => has(r.perModelUnitHour, 'oneMonth') },
  { label: 'PT 6m', priced: (r) => has(r.perModelUnitHour, 'sixMonth') },
  { label: 'Reserved 1m', priced: (r) => reservedHas(r, 'oneMonth') },
  { label: 'Reserved 3m', priced: (r) => reservedHas(r, 'threeMonth') },
];

export interface CoverageRow {
  region: string;
  /** Models with any price in the Region. */
  models: number;
  /** Per mode: models priced in it (any scope), and how many of those only by a derived rule. */
  priced: Record<string, { read: number; derived: number }>;
}

/**
 * The row with only the prices read from a source that contains them: every price from a derived
 * source, or naming what it was derived from, taken out (a row read from the Price List may carry a
 * few derived prices beside its read ones, and the row's own source says nothing about those).
 */
function readPricesOnly(row: CatalogPriceRow, derivedSources: ReadonlySet<string>): CatalogPriceRow {
  const isDerived = (v: PriceValue) => (typeof v === 'string' ? derivedSources.has(row.source) : derivedSources.has(v.source) || v.derivedFrom !== undefined);
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string' || (typeof value === 'object' && value !== null && 'usd' in value)) return isDerived(value as PriceValue) ? undefined : value;
    if (typeof value !== 'object' || value === null) return value;
    const kept = Object.entries(value).map(([k, v]) => [k, strip(v)] as const).filter(([, v]) => v !== undefined);
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    if (['model', 'region', 'scope', 'source', 'note', 'modelUnitCapacity'].includes(field)) out[field] = value;
    else if (strip(value) !== undefined) out[field] = strip(value);
  }
  return out as CatalogPriceRow;
}

/** Models priced per Region and mode: read from a Price List row, or only derived by a stated rule. */
export function coverage(document: CatalogFile): CoverageRow[] {
  const derivedSources = new Set(Object.entries(document.sources).filter(([, s]) => s.reliability === 'derived').map(([id]) => id));
  const regions = [...new Set(document.prices.map((r) => r.region))].sort();
  const asInput = writesBilledAsInput(document);
  return regions.map((region) => {
    const rows = document.prices.filter((r) => r.region === region);
    const readRows = rows.map((r) => readPricesOnly(r, derivedSources));
    const priced: CoverageRow['priced'] = {};
    for (const mode of COVERAGE_MODES) {
      const read = new Set(readRows.filter((r) => mode.priced(r)).map((r) => r.model));
      const derived = new Set(rows.filter((r) => (mode.priced(r) || mode.pricedByRule?.(r, asInput)) && !read.has(r.model)).map((r) => r.model));
      priced[mode.label] = { read: read.size, derived: derived.size };
    }
    return { region, models: new Set(rows.map((r) => r.model)).size, priced };
  });
}

/** The coverage table as text: a cell is models priced, "+N derived" where a rule (not a row) prices N more. */
export function coverageTable(rows: CoverageRow[]): string[] {
  const cell = (c: { read: number; derived: number }) => (c.derived > 0 ? `${c.read}+${c.derived}d` : String(c.read));
  const header = ['Region', 'models', ...COVERAGE_MODES.map((m) => m.label)];
  const body = rows.map((r) => [r.region, String(r.models), ...COVERAGE_MODES.map((m) => cell(r.priced[m.label]!))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}

/** A model as ListFoundationModels lists it. */
export interface ListedModel {
  modelId: string;
  modelName: string;
  inferenceTypesSupported?: string[];
}

export interface ListedCoverage {
  region: string;
  /** Base models listed (context-length variants and provisioned-only IDs left out). */
  listed: number;
  priced: string[];
  /** Known to the catalog, but no price in the Region. */
  unpriced: string[];
  /** Not in the catalog at all: no Price List row read names it. */
  unrecognised: string[];
}

/**
 * The models AWS lists in a Region (ListFoundationModels) against the catalog: priced on demand
 * there, known but unpriced, or not recognised. Context-length variants (`…:24k`) and IDs callable
 * only as provisioned throughput are the same models and are not counted again.
 */
export function listedCoverage(document: CatalogFile, region: string, listed: readonly ListedModel[]): ListedCoverage {
  const catalog = PriceCatalog.fromDocument(document, 'coverage');
  const onDemand = COVERAGE_MODES[0]!;
  const base = listed.filter((m) => !parseModelId(m.modelId).contextSuffix && (m.inferenceTypesSupported ?? []).some((t) => t !== 'PROVISIONED'));
  const out: ListedCoverage = { region, listed: base.length, priced: [], unpriced: [], unrecognised: [] };
  for (const m of base) {
    const id = catalog.canonicalId(m.modelId);
    const label = `${m.modelId} (${m.modelName})`;
    if (!catalog.model(id)) out.unrecognised.push(label);
    else if (document.prices.some((r) => r.model === id && r.region === region && onDemand.priced(r))) out.priced.push(label);
    else out.unpriced.push(label);
  }
  return out;
}

/** A figure a read source gives that the catalog left out, with why (a recorded page's `leftOut`). */
export interface LeftOutSlot {
  model: string;
  region: string;
  tier: 'standard' | 'global' | 'batch' | 'flex' | 'priority' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'longContext';
  /** Where the tier does not say (a global batch or cache rate); else the tier's own scope. */
  scope?: 'in-region' | 'global';
  reason: string;
}

/** The coverage mode (and scope) a source's tier prices. */
const TIER_MODE: Readonly<Record<LeftOutSlot['tier'], { mode: string; scope: 'in-region' | 'global' }>> = {
  standard: { mode: 'on-demand', scope: 'in-region' },
  global: { mode: 'on-demand', scope: 'global' },
  batch: { mode: 'batch', scope: 'in-region' },
  flex: { mode: 'flex', scope: 'in-region' },
  priority: { mode: 'priority', scope: 'in-region' },
  cacheRead: { mode: 'cache read', scope: 'in-region' },
  cacheWrite: { mode: 'cache 5m', scope: 'in-region' },
  cacheWrite1h: { mode: 'cache 1h', scope: 'in-region' },
  longContext: { mode: 'long ctx', scope: 'in-region' },
};

export interface ReadButUnpriced {
  region: string;
  /** (model, mode, scope) slots a read source shows AWS selling there that the catalog leaves unpriced. */
  slots: number;
  /** The same slots by why they were left out (a slot counts once, under its first figure's reason). */
  byReason: Record<string, number>;
  /** The same slots by the coverage mode they would price (in-Region and global on-demand both count as on-demand). */
  byMode: Record<string, number>;
}

/**
 * Per Region, the slots a read source prices that the catalog does not: each left-out figure's
 * model is resolved as a report resolves a model ID, and it counts only if no price in the catalog
 * (from that source or any other) covers its mode and scope there. This is the gap between "AWS
 * sells it there" and "the catalog prices it", with the reasons, so it can be quoted honestly.
 */
export function readButUnpriced(document: CatalogFile, leftOut: readonly LeftOutSlot[]): ReadButUnpriced[] {
  const catalog = PriceCatalog.fromDocument(document, 'gap');
  const modes = new Map(COVERAGE_MODES.map((m) => [m.label, m]));
  const rows = new Map<string, CatalogPriceRow[]>();
  for (const r of document.prices) rows.set(`${r.model}|${r.region}|${r.scope}`, [...(rows.get(`${r.model}|${r.region}|${r.scope}`) ?? []), r]);
  const asInput = writesBilledAsInput(document);
  const counted = new Map<string, string>();
  for (const figure of leftOut) {
    const { mode } = TIER_MODE[figure.tier];
    const scope = figure.scope ?? TIER_MODE[figure.tier].scope;
    const model = catalog.canonicalId(figure.model);
    const slot = `${figure.region}|${model}|${mode}|${scope}`;
    if (counted.has(slot)) continue;
    const column = modes.get(mode)!;
    const priced = (rows.get(`${model}|${figure.region}|${scope}`) ?? []).some((r) => column.priced(r) || column.pricedByRule?.(r, asInput));
    if (!priced) counted.set(slot, figure.reason);
  }
  const byRegion = new Map<string, ReadButUnpriced>();
  for (const [slot, reason] of counted) {
    const region = slot.slice(0, slot.indexOf('|'));
    const mode = slot.split('|')[2]!;
    const entry = byRegion.get(region) ?? { region, slots: 0, byReason: {}, byMode: {} };
    entry.slots++;
    entry.byReason[reason] = (entry.byReason[reason] ?? 0) + 1;
    entry.byMode[mode] = (entry.byMode[mode] ?? 0) + 1;
    byRegion.set(region, entry);
  }
  return [...byRegion.values()].sort((a, b) => a.region.localeCompare(b.region));
}

/**
 * The gap as a table of Regions x the modes a read source can show (on-demand, cache, batch, Flex,
 * Priority), in the coverage table's order: a cell is the (model, mode) slots left unpriced there.
 */
export function readButUnpricedTable(gaps: readonly ReadButUnpriced[]): string[] {
  const shown = new Set(Object.values(TIER_MODE).map((t) => t.mode));
  const modes = COVERAGE_MODES.map((m) => m.label).filter((l) => shown.has(l));
  const header = ['Region', 'slots', ...modes];
  const total = (mode: string) => gaps.reduce((n, g) => n + (g.byMode[mode] ?? 0), 0);
  const body = [
    ...gaps.map((g) => [g.region, String(g.slots), ...modes.map((m) => String(g.byMode[m] ?? 0))]),
    ['all', String(gaps.reduce((n, g) => n + g.slots, 0)), ...modes.map((m) => String(total(m)))],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}

/** The gap as text, one line per Region: `eu-west-2  12: rounded-tier 8, disputed 4`. */
export function readButUnpricedLines(gaps: readonly ReadButUnpriced[]): string[] {
  const width = Math.max(0, ...gaps.map((g) => g.region.length));
  const reasons = (g: ReadButUnpriced) => Object.entries(g.byReason).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([r, n]) => `${r} ${n}`).join(', ');
  const total = gaps.reduce((n, g) => n + g.slots, 0);
  return [...gaps.map((g) => `${g.region.padEnd(width)}  ${String(g.slots).padStart(3)}: ${reasons(g)}`), `${'all'.padEnd(width)}  ${String(total).padStart(3)}`];
}
