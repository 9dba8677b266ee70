import type { Decimal } from 'decimal.js';
import {
  CATALOG_SCHEMA_VERSION,
  type CatalogFile,
  type CatalogModelEntry,
  type CatalogPriceRow,
  type CatalogSource,
  type Modality,
  type PriceValue,
} from '../catalog/schema.js';
import type { InferenceScope } from '../model-id.js';
import { usd } from '../money.js';
import { classifyUsagetype, REGION_PREFIXES, type Dimension } from './classify.js';
import { LIFECYCLE_SOURCE_ID, LIFECYCLE_TABLE, lifecycleEntry } from './lifecycle.js';
import type { ModelDirectory } from './identity.js';
import { identifyRow, MODEL_TABLE, type IdentitySource } from './model-names.js';
import { CONSTRUCTED_USAGETYPE, parsePriceListEntry, type PriceListPage, type PriceListProduct } from './products.js';
import { REFERENCE_SOURCES } from './reference-sources.js';
import { InternalError } from '../errors.js';

/**
 * Price List rows → a catalog document (schema v2). The same code builds the bundled catalog from
 * recorded GetProducts pages (`npm run catalog:build`) and a live catalog from a real GetProducts
 * read (`prices refresh`, `--prices live`, the Lambdas), so the two can never disagree in form.
 * Every row that cannot be parsed, mapped to a model, classified or converted is returned in
 * `problems` by name; nothing is dropped in silence and nothing missing becomes $0.
 */

export type ProblemKind = 'malformed' | 'unmapped-model' | 'unclassified-usagetype' | 'unknown-unit' | 'zero-price' | 'region' | 'conflict';

export interface PipelineProblem {
  kind: ProblemKind;
  /** `servicename` (FoundationModels) or `model` (AmazonBedrock) of the row, when it has one. */
  name?: string;
  usagetype?: string;
  region?: string;
  reason: string;
  /** The page's source ID and the entry's index, for finding the row. */
  where: string;
}

/** One line per problem row, naming it: `unmapped-model Claude Sonnet 9 (Amazon Bedrock Edition) USE1-MP:… (us-east-1): no entry in …`. */
export function describeProblems(problems: PipelineProblem[]): string[] {
  return problems.map((p) => `${p.kind} ${p.name ?? '(no name)'} ${p.usagetype ?? ''}${p.region ? ` (${p.region})` : ''}: ${p.reason} [${p.where}]`);
}

/** Transcribed rows have no real SKU; their placeholder is kept out of the catalog. */
export const TRANSCRIBED_SKU_PREFIX = 'TRANSCRIBED-';

/** A Region whose prices are assumed equal to another's where no row of its own was read. */
export interface RegionParityRule {
  region: string;
  from: string;
  /** A source with reliability "derived" stating the rule. */
  sourceId: string;
  /**
   * The models AWS lists in `region` (a recorded ListFoundationModels / ListInferenceProfiles): only
   * these are derived, so a model AWS does not offer there (Nova Reel, Marengo) is not given a price
   * it can never be billed at. Absent, every model of `from` is derived.
   */
  offeredIn?: (modelId: string) => boolean;
}

export interface BuildInput {
  pages: PriceListPage[];
  /** The sources the pages cite (`PriceListPage.sourceId`). */
  sources: Readonly<Record<string, CatalogSource>>;
  generated: { by: string; at: string; from: string[] };
  /** Keep only these Regions (a live read of a few Regions). */
  regions?: string[];
  regionParity?: RegionParityRule[];
  /** Batch at half the on-demand rate, for models AWS lists as taking batch, in these Regions (see `deriveBatch`). */
  batchRule?: { regions: string[]; sourceId: string };
  /** Used when no row states a publication date and no source a read date. */
  today: string;
  /** The account's models (ListFoundationModels: ID, name, provider), to name models the table does not know. */
  directory?: ModelDirectory;
}

export interface BuildResult {
  document: CatalogFile;
  problems: PipelineProblem[];
  /** How many price dimensions were read into the catalog. */
  pricesRead: number;
  /**
   * Every price dimension of every entry is accounted for: read into the catalog (`pricesRead`),
   * the same price as an earlier page for the same slot (`duplicates`), outside the Regions asked
   * for (`outsideRegions`), or a problem. Nothing else happens to a row.
   */
  dimensionsSeen: number;
  duplicates: number;
  outsideRegions: number;
}

type PricePath =
  | { field: 'perThousandTokens'; key: string }
  | { field: 'perImage' | 'perVideoSecond'; key: string }
  | { field: 'perInputImage' | 'perInputVideoSecond' | 'perInputAudioSecond' | 'perThousandQueries' }
  | { field: 'perModelUnitHour'; key: string }
  | { field: 'reserved'; term: string; direction: string; basis: ReservedBasis }
  | { field: 'customization'; key: 'trainingPerThousandTokens' | 'storagePerMonth' };

/** What a Reserved row's price is per: a 1K TPM for an hour (every row AWS publishes), or for a month. */
type ReservedBasis = 'hour' | 'month';

function pathOf(d: Dimension, unit: string): PricePath {
  switch (d.kind) {
    case 'token':
      return { field: 'perThousandTokens', key: d.dimension };
    case 'image':
      return { field: 'perImage', key: d.tier };
    case 'videoSecond':
      return { field: 'perVideoSecond', key: d.tier };
    case 'inputImage':
      return { field: 'perInputImage' };
    case 'inputVideoSecond':
      return { field: 'perInputVideoSecond' };
    case 'inputAudioSecond':
      return { field: 'perInputAudioSecond' };
    case 'query':
      return { field: 'perThousandQueries' };
    case 'modelUnitHour':
      return { field: 'perModelUnitHour', key: d.term };
    case 'reserved':
      return { field: 'reserved', term: d.term, direction: d.direction, basis: /mo/i.test(unit) ? 'month' : 'hour' };
    case 'training':
      return { field: 'customization', key: 'trainingPerThousandTokens' };
    case 'storage':
      return { field: 'customization', key: 'storagePerMonth' };
  }
}

/**
 * The factor from a row's stated unit to the catalog's unit for that dimension, or why not.
 * FoundationModels rows state `Units` and mean per 1M tokens: read per 1K, the us-west-2 offer file's
 * Claude Haiku 4.5 input row ("1.1") would be $1,100 per 1M tokens, a thousand times the list price
 * on https://aws.amazon.com/bedrock/pricing/. AmazonBedrock rows state `1K tokens`.
 */
export function unitFactor(d: Dimension, unit: string, serviceCode: string): Decimal | string {
  const u = unit.trim().toLowerCase();
  switch (d.kind) {
    case 'token':
    case 'training':
      if (u === '1k tokens') return usd(1);
      if (u === '1m tokens' || (u === 'units' && serviceCode === 'AmazonBedrockFoundationModels')) return usd(1).dividedBy(1000);
      if (u === 'tokens' || u === 'token') return usd(1000);
      return `unit "${unit}" is not a token unit this pipeline knows`;
    case 'image':
    case 'inputImage':
      return /^(images?|image units?)$/.test(u) ? usd(1) : `unit "${unit}" is not per image`;
    case 'videoSecond':
    case 'inputVideoSecond':
    case 'inputAudioSecond':
      return /^(seconds?|secs?)$/.test(u) ? usd(1) : `unit "${unit}" is not per second`;
    case 'query':
      if (u === '1k queries') return usd(1);
      if (u === 'query' || u === 'queries') return usd(1000);
      return `unit "${unit}" is not per query`;
    case 'modelUnitHour':
      // FoundationModels rows state `Units` and mean one model-unit hour ("Provisioned Throughput
      // Hourly Price (1 Month Commit)"), as their `Units` mean 1M tokens on token rows.
      if (u === 'units' && serviceCode === 'AmazonBedrockFoundationModels') return usd(1);
      return /^(hours?|hrs?)$/.test(u) ? usd(1) : `unit "${unit}" is not per hour`;
    case 'reserved': {
      // Every Reserved row AWS publishes is priced per 1K tokens-per-minute per *hour*, whatever its
      // unit label: FoundationModels rows say `Units` (or `1M TPM Hour`) while their descriptions say
      // "Per Hour per 1K Input TPM Reserved 1 Month Global", AmazonBedrock rows say `1KTPMHour`. The
      // arithmetic settles it: Claude Sonnet 4.6's $0.198 (1 month, geo input) is 1K TPM for an hour,
      // 60,000 tokens, at its $3.30 per 1M Standard rate. So `1M TPM Hour` is read as per 1K, as the
      // description states; a per-month unit (a rates file's) is kept per month (`pathOf`).
      if (u === 'units' && serviceCode === 'AmazonBedrockFoundationModels') return usd(1);
      const match = /^(1k|1m)? ?tpm[ -]?(?:per )?(month|mo|hour|hr|h)?$/.exec(u.replace(/\s+/g, ' '));
      if (!match) return `unit "${unit}" is not per tokens-per-minute`;
      const perMonth = match[2] !== undefined && match[2].startsWith('mo');
      if (match[1] === undefined) return usd(1000);
      // "1M TPM Hour" is AWS's label on rows whose descriptions say per 1K (above); a per-month unit means what it says.
      return match[1] === '1m' && perMonth ? usd(1).dividedBy(1000) : usd(1);
    }
    case 'storage':
      return /month/.test(u) ? usd(1) : `unit "${unit}" is not per month`;
  }
}

interface RowDraft {
  row: CatalogPriceRow;
  /** Where each price slot was filled from, to tell duplicates from conflicts. */
  filled: Map<string, { usd: Decimal; where: string }>;
}

function slotName(p: PricePath): string {
  if (p.field === 'reserved') return `reserved.${p.basis}.${p.term}.${p.direction}`;
  return 'key' in p ? `${p.field}.${p.key}` : p.field;
}

function place(row: CatalogPriceRow, p: PricePath, value: PriceValue): void {
  switch (p.field) {
    case 'perThousandTokens':
      row.perThousandTokens = { ...row.perThousandTokens, [p.key]: value };
      return;
    case 'perImage':
    case 'perVideoSecond':
      row[p.field] = { ...row[p.field], [p.key]: value };
      return;
    case 'perInputImage':
    case 'perInputVideoSecond':
    case 'perInputAudioSecond':
    case 'perThousandQueries':
      row[p.field] = value;
      return;
    case 'perModelUnitHour':
      row.perModelUnitHour = { ...row.perModelUnitHour, [p.key]: value };
      return;
    case 'reserved': {
      const field = p.basis === 'hour' ? 'reservedPerThousandTpmHour' : 'reservedPerThousandTpmMonth';
      const terms = row[field] ?? {};
      const term = p.term as 'oneMonth' | 'threeMonth';
      terms[term] = { ...terms[term], [p.direction]: value };
      row[field] = terms;
      return;
    }
    case 'customization':
      row.customization = { ...row.customization, [p.key]: value };
  }
}

function rowName(product: PriceListProduct): string | undefined {
  const a = product.attributes;
  return product.serviceCode === 'AmazonBedrockFoundationModels' ? a.servicename : (a.model ?? a.titanModel ?? a.servicename);
}

/** Builds a catalog document from Price List pages. */
export function buildCatalog(input: BuildInput): BuildResult {
  const problems: PipelineProblem[] = [];
  const drafts = new Map<string, RowDraft>();
  const usedSources = new Set<string>();
  const regionFilter = input.regions ? new Set(input.regions) : undefined;
  let newestPublication: string | undefined;
  let pricesRead = 0;
  let dimensionsSeen = 0;
  let duplicates = 0;
  let outsideRegions = 0;
  /** Models the table does not know, identified from the rows themselves. */
  const discovered = new Map<string, { name: string; provider: string; identity: IdentitySource; kinds: Set<Dimension['kind']> }>();

  input.pages.forEach((page) => {
    if (!input.sources[page.sourceId]) throw new InternalError(`page cites source "${page.sourceId}", which is not among the sources given`);
    page.priceList.forEach((entry, index) => {
      const where = `${page.sourceId}[${index}]`;
      // An entry counts once until its dimensions are read: a problem found before stands for it whole.
      dimensionsSeen++;
      const product = parsePriceListEntry(entry);
      if ('error' in product) {
        problems.push({ kind: 'malformed', reason: product.error, where });
        return;
      }
      const attrs = product.attributes;
      const usagetype = attrs.usagetype ?? '';
      const name = rowName(product);
      const report = (kind: ProblemKind, reason: string, region?: string) =>
        problems.push({ kind, ...(name ? { name } : {}), usagetype, ...(region ? { region } : {}), reason, where });
      const classified = classifyUsagetype(usagetype);
      if ('unclassified' in classified) return report('unclassified-usagetype', classified.unclassified, attrs.regionCode);
      const prefixRegion = classified.regionPrefix ? REGION_PREFIXES[classified.regionPrefix] : undefined;
      const region = attrs.regionCode ?? prefixRegion;
      if (!region) return report('region', 'no regionCode and no known Region prefix on the usagetype');
      if (prefixRegion !== undefined && attrs.regionCode !== undefined && prefixRegion !== attrs.regionCode) {
        return report('region', `usagetype prefix ${classified.regionPrefix} is ${prefixRegion} but regionCode is ${attrs.regionCode}`, region);
      }
      if (regionFilter && !regionFilter.has(region)) {
        outsideRegions++;
        return;
      }
      const model = identifyRow({ ...attrs, servicecode: attrs.servicecode ?? product.serviceCode }, classified.modelToken, input.directory);
      if (!model) return report('unmapped-model', 'the row names no model (no servicename, model attribute or model in the usagetype)', region);
      if (!model.entry) {
        const known = discovered.get(model.modelId) ?? { name: model.name, provider: model.provider, identity: model.identity!, kinds: new Set<Dimension['kind']>() };
        known.kinds.add(classified.dimension.kind);
        discovered.set(model.modelId, known);
      }
      if (product.priceDimensions.length === 0) return report('malformed', 'no on-demand price dimension', region);
      if (product.publicationDate && (!newestPublication || product.publicationDate > newestPublication)) newestPublication = product.publicationDate;

      dimensionsSeen += product.priceDimensions.length - 1;
      for (const dimension of product.priceDimensions) {
        const factor = unitFactor(classified.dimension, dimension.unit, product.serviceCode);
        if (typeof factor === 'string') {
          report('unknown-unit', factor, region);
          continue;
        }
        // Not quantity x price: a Price List rate converted to the catalog's unit (per 1K tokens, per image).
        const amount = usd(dimension.usd).times(factor);
        if (amount.isZero()) {
          // A $0 row would price usage at nothing; it is reported so a person decides what it means.
          report('zero-price', 'price is 0', region);
          continue;
        }
        // Geo cross-Region requests bill at the source Region's in-Region rate (AWS pricing page) and
        // the catalog looks geo up on the in-Region row; a `_Geo` row (the Reserved tier's
        // `Reserved_1Month_InputTPM_Geo`) therefore belongs on that row, or a geo look-up would find
        // a row holding only reservations and lose every token price.
        const scope: InferenceScope = classified.scope === 'geo' ? 'in-region' : classified.scope;
        const key = `${model.modelId}|${region}|${scope}`;
        const draft = drafts.get(key) ?? { row: { model: model.modelId, region, scope, source: page.sourceId }, filled: new Map() };
        drafts.set(key, draft);
        const path = pathOf(classified.dimension, dimension.unit);
        const slot = slotName(path);
        const earlier = draft.filled.get(slot);
        if (earlier) {
          if (!earlier.usd.equals(amount)) {
            report('conflict', `${slot} is ${earlier.usd.toFixed()} from ${earlier.where} but ${amount.toFixed()} here; the first is kept`, region);
          } else duplicates++;
          continue;
        }
        draft.filled.set(slot, { usd: amount, where });
        const sku = product.sku.startsWith(TRANSCRIBED_SKU_PREFIX) ? undefined : product.sku;
        // A usagetype a transcription wrote by the pattern was not read: the price cites its source and where in it.
        const constructed = attrs[CONSTRUCTED_USAGETYPE] === 'true';
        const derivedPage = input.sources[page.sourceId]!.reliability === 'derived';
        const traced = constructed ? (dimension.description ? { [derivedPage ? 'derivedFrom' : 'note']: dimension.description } : {}) : { usagetype };
        place(draft.row, path, { usd: amount.toFixed(), source: page.sourceId, ...traced, ...(sku ? { sku } : {}) });
        usedSources.add(page.sourceId);
        pricesRead++;
      }
    });
  });

  const rows = [...drafts.values()].map((d) => d.row);
  const derivedSources = new Set<string>();
  if (input.batchRule && deriveBatch(rows, input.batchRule) > 0) derivedSources.add(input.batchRule.sourceId);
  for (const rule of input.regionParity ?? []) {
    for (const copy of deriveRegion(rows, rule)) {
      rows.push(copy);
      derivedSources.add(rule.sourceId);
    }
  }
  // Rows in the model table's order (families together), then Region and scope: stable diffs.
  // Models identified from the rows follow the table's, by ID.
  const discoveredIds = [...discovered.keys()].sort();
  const order = new Map([...MODEL_TABLE.map((m) => m.modelId), ...discoveredIds].map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.model)! - order.get(b.model)! || a.region.localeCompare(b.region) || a.scope.localeCompare(b.scope));

  const readDates = [...usedSources].map((id) => input.sources[id]!.readOn);
  const asOf = newestPublication?.slice(0, 10) ?? readDates.sort().at(-1) ?? input.today;
  const models: CatalogModelEntry[] = MODEL_TABLE.map((m) => {
    const dates = LIFECYCLE_TABLE[m.modelId];
    return {
      modelId: m.modelId,
      name: m.name,
      provider: m.provider,
      modality: m.modality,
      ...m.facts,
      ...(dates ? { lifecycle: lifecycleEntry(dates, asOf, LIFECYCLE_SOURCE_ID) } : {}),
    };
  });
  for (const id of discoveredIds) {
    const d = discovered.get(id)!;
    models.push({ modelId: id, name: d.name, provider: d.provider, modality: modalityOf(d.kinds), identity: d.identity });
  }

  const sources: Record<string, CatalogSource> = { ...REFERENCE_SOURCES };
  for (const id of [...usedSources, ...derivedSources]) sources[id] = input.sources[id] ?? REFERENCE_SOURCES[id]!;
  const document: CatalogFile = {
    schemaVersion: CATALOG_SCHEMA_VERSION,
    currency: 'USD',
    asOf,
    generated: input.generated,
    sources,
    models,
    prices: rows,
  };
  return { document, problems, pricesRead, dimensionsSeen, duplicates, outsideRegions };
}

/**
 * The modality of a model the table does not know, from what its rows price: images, video seconds,
 * queries, speech tokens; anything priced per token is text. An embedding model priced per input
 * token reads as text: its output-token price is then simply absent.
 */
function modalityOf(kinds: ReadonlySet<Dimension['kind']>): Modality {
  if (kinds.has('image')) return 'image';
  if (kinds.has('videoSecond')) return 'video';
  if (kinds.has('query')) return 'rerank';
  if (kinds.has('inputImage') || kinds.has('inputAudioSecond')) return 'embedding';
  return 'text';
}

/**
 * Batch prices for a model AWS lists as taking batch (its `batch.supported` fact, from the batch
 * inference page) where no batch row was read: half the on-demand rate, input and output apart. The
 * rule is the pricing page's ("batch ... 50% lower price than on-demand" for the models that offer
 * it), and every batch price the Price List rows give keeps it exactly (a test checks each one).
 * Only a price read from a source is halved, never one derived already; each says what it halved.
 * Returns how many prices were derived.
 */
function deriveBatch(rows: CatalogPriceRow[], rule: { regions: string[]; sourceId: string }): number {
  const takesBatch = new Set(MODEL_TABLE.filter((m) => m.facts?.batch?.supported === true).map((m) => m.modelId));
  let derived = 0;
  for (const row of rows) {
    if (!rule.regions.includes(row.region) || !takesBatch.has(row.model) || !row.perThousandTokens) continue;
    const t = row.perThousandTokens;
    for (const [from, to] of [['input', 'batchInput'], ['output', 'batchOutput']] as const) {
      const base = t[from];
      if (base === undefined || t[to] !== undefined || typeof base === 'string' || base.derivedFrom !== undefined) continue;
      t[to] = { usd: usd(base.usd).dividedBy(2).toFixed(), source: rule.sourceId, derivedFrom: `0.5 x ${from} ${base.usagetype ?? base.note ?? ''} (source ${base.source})`.replace(/\s+\(/, ' (') };
      derived++;
    }
  }
  return derived;
}

/**
 * Copies every row of `rule.from` for a model and scope (in-Region, global) that has no row in
 * `rule.region` (and, where the rule names them, only for the models AWS lists there), each price
 * marked derived and naming what it was copied from. A row read for the
 * Region is never overlaid: what was read wins, and what was not read in either stays unpriced.
 * The unit is the scope, not the model, so reading a model's in-Region rows in us-west-2 does not
 * take away its (derived) global prices there.
 */
function deriveRegion(rows: CatalogPriceRow[], rule: RegionParityRule): CatalogPriceRow[] {
  const key = (r: CatalogPriceRow) => `${r.model}|${r.scope}`;
  const present = new Set(rows.filter((r) => r.region === rule.region).map(key));
  const derive = (value: PriceValue): PriceValue => {
    const original = typeof value === 'string' ? { usd: value, source: '' } : value;
    return {
      usd: original.usd,
      source: rule.sourceId,
      derivedFrom: `${rule.from} ${original.usagetype ?? original.derivedFrom ?? original.note ?? 'row'} (source ${original.source})`,
    };
  };
  const mapValues = <T extends Record<string, PriceValue | undefined>>(record: T | undefined): T | undefined =>
    record === undefined ? undefined : (Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === undefined ? v : derive(v)])) as T);
  return rows
    .filter((r) => r.region === rule.from && !present.has(key(r)) && (rule.offeredIn?.(r.model) ?? true))
    .map((r) => {
      const copy: CatalogPriceRow = {
        model: r.model,
        region: rule.region,
        scope: r.scope,
        source: rule.sourceId,
        note: `${rule.region} has no Price List row for this model; assumed equal to ${rule.from}.`,
      };
      const tokens = mapValues(r.perThousandTokens);
      if (tokens) copy.perThousandTokens = tokens;
      const images = mapValues(r.perImage);
      if (images) copy.perImage = images;
      const video = mapValues(r.perVideoSecond);
      if (video) copy.perVideoSecond = video;
      if (r.perInputImage !== undefined) copy.perInputImage = derive(r.perInputImage);
      if (r.perInputVideoSecond !== undefined) copy.perInputVideoSecond = derive(r.perInputVideoSecond);
      if (r.perInputAudioSecond !== undefined) copy.perInputAudioSecond = derive(r.perInputAudioSecond);
      if (r.perThousandQueries !== undefined) copy.perThousandQueries = derive(r.perThousandQueries);
      // Commitments, reservations and customization are bought per Region and never assumed equal.
      return copy;
    })
    .filter((r) => r.perThousandTokens || r.perImage || r.perVideoSecond || r.perInputImage || r.perInputVideoSecond || r.perInputAudioSecond || r.perThousandQueries);
}
