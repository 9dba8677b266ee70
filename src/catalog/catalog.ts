import type { Decimal } from 'decimal.js';
import { CatalogError } from '../errors.js';
import { utcDay } from '../clock.js';
import { HOURS_PER_MONTH, usd } from '../money.js';
import type { PriceAdjustment, PriceListFallback } from '../domain/lines.js';
import type { CatalogNote } from '../domain/notes.js';
import { resolveRateKey, type InferenceScope } from '../model-id.js';
import { ModelDirectory, type DirectoryEntry } from '../pricelist/identity.js';
import { bundledCatalogParts, type BundledCatalogParts } from './bundled-document.js';
import {
  COMMITMENT_TERMS,
  RESERVED_TERMS,
  catalogFileSchema,
  describeIssues,
  ratesFileSchema,
  type CatalogFile,
  type CatalogModelEntry,
  type CatalogPriceRow,
  type CatalogSource,
  type CommitmentTerm,
  type PriceValue,
  type RatesFile,
  type ReservedTerm,
  type TokenDimension,
} from './schema.js';

export interface PriceSource extends CatalogSource {
  id: string;
}

/** One price with where it came from. */
export interface Priced {
  usd: Decimal;
  source: PriceSource;
  /** The catalog row's own remark on the price, as its data file gives it. */
  note?: string;
  /** Rules applied to the price as read (made monthly, discounted), in order: cited with it. */
  adjustments?: PriceAdjustment[];
  /** The AWS Price List usage type the price was read from, when known. */
  usagetype?: string;
  /** The rule a derived price was computed by (e.g. "0.5 x input"); such a price is unverified. */
  derivedFrom?: string;
}

/** A price derived by a rule rather than read from a source that contains it: reported as unverified. */
export function isDerived(price: Priced): boolean {
  return price.derivedFrom !== undefined || price.source.reliability === 'derived';
}

/** Input and output sides of a Reserved-tier price, USD per 1K tokens-per-minute per month. */
export interface ReservedPrice {
  input?: Priced;
  output?: Priced;
}

export interface UnitCapacity {
  inputTokensPerMinute: number;
  outputTokensPerMinute: number;
  source: PriceSource;
}

/** Every price known for one model in one Region and inference scope. An absent price is unpriced, never zero. */
export interface ModelPrices {
  modelId: string;
  region: string;
  /** The scope that was asked for. */
  scope: InferenceScope;
  /** The scope of the row that answered (geo requests are priced at the source Region's rate). */
  priceScope: InferenceScope;
  perThousandTokens: Partial<Record<TokenDimension, Priced>>;
  /** The generated-image price at the model's default tier (usage never says which tier). */
  perImage?: Priced;
  /** Every generated-image tier the row prices, for the range shown beside the default. */
  perImageByTier: Record<string, Priced>;
  perInputImage?: Priced;
  /** Seconds of input video / audio (video-understanding models; CloudWatch does not report them). */
  perInputVideoSecond?: Priced;
  perInputAudioSecond?: Priced;
  /** The tier `perImage` is at: the model's `defaultTier`, or the one a rates file names. */
  imageTier?: string;
  perVideoSecondByTier: Record<string, Priced>;
  perThousandQueries?: Priced;
  perModelUnitHour: Partial<Record<CommitmentTerm, Priced>>;
  /**
   * Reserved tier per month: a month quoted as such, or the Price List's hourly price x 730 hours
   * (each such price says so in its note). What replay sizes and compares.
   */
  reservedPerThousandTpmMonth: Partial<Record<ReservedTerm, ReservedPrice>>;
  /** Reserved tier as the Price List prices it, per 1K TPM per hour. */
  reservedPerThousandTpmHour?: Partial<Record<ReservedTerm, ReservedPrice>>;
  modelUnitCapacity?: UnitCapacity;
  trainingPerThousandTokens?: Priced;
  storagePerMonth?: Priced;
  /** How the lookup got here (fallbacks, user rates), for the report's assumptions: notes, worded when published. */
  notes: CatalogNote[];
  /** The catalog row's own remark about its data (e.g. a price left out and why). */
  rowNote?: string;
}

export type CatalogModel = CatalogModelEntry;

/** A model's lifecycle as the catalog carries it: model-wide dates, and Region overrides where a source gives them. */
export type CatalogLifecycle = NonNullable<CatalogModelEntry['lifecycle']>;
/** A model's lifecycle in one Region: the model-wide dates with that Region's own put over them. */
export type RegionLifecycle = Omit<CatalogLifecycle, 'regions'>;

/**
 * The lifecycle that holds in `region`: a Region override replaces the dates it states (an `endOfLife` of
 * `null` removes the model-wide one: still served there) and its status; the rest stay model-wide.
 */
export function lifecycleIn(lifecycle: CatalogLifecycle | undefined, region: string): RegionLifecycle | undefined {
  if (!lifecycle) return undefined;
  const { regions, ...modelWide } = lifecycle;
  const here = regions?.[region];
  if (!here) return modelWide;
  const { endOfLife, ...rest } = { ...modelWide, ...here };
  return endOfLife === null || endOfLife === undefined ? rest : { ...rest, endOfLife };
}

/**
 * Where the catalog's prices came from, for the report's footer and staleness warning:
 * `bundled` (shipped with the tool), `file` (`--catalog FILE`), `live` (the Price List read during the run).
 */
export interface CatalogOrigin {
  kind: 'bundled' | 'file' | 'live';
  /** A file path, "bundled price catalog", or the Price List calls made. */
  name: string;
  /** Why these are not the prices asked for: the live Price List could not be read, so the bundled catalog stood in. */
  fallback?: PriceListFallback;
}

const USER_SOURCE_ID = 'rates-file';
/** Entries in a rates file: one per model, Region and scope is a few thousand at most. */
export const MAX_RATES_ENTRIES = 5_000;

function rowKey(model: string, region: string, scope: InferenceScope): string {
  return `${model}|${region}|${scope}`;
}

/**
 * A catalog's price rows by model, Region and scope. The bundled catalog's rows are resolved (parsed,
 * checked, priced) a Region at a time, on the Region's first look-up: a run pays for the Regions it
 * reads, not for all nineteen. Shared by the catalogs derived from one (`withFoundationModels`): a row,
 * once resolved, never changes.
 */
class PriceRows {
  private readonly byKey = new Map<string, ModelPrices>();
  /**
   * The same rows by Region, scope, then model ID, for `get`: three look-ups of strings the run already
   * holds (their hashes kept), not a key joined and hashed anew at each of them (every model line's
   * prices are looked up, in each mode that asks).
   */
  private readonly byRegion = new Map<string, Map<InferenceScope, Map<string, ModelPrices>>>();

  constructor(
    rows: Iterable<ModelPrices>,
    /** Regions not resolved yet, each with what resolves its rows (throwing a CatalogError for a bad row). */
    private readonly pending = new Map<string, () => ModelPrices[]>(),
  ) {
    for (const r of rows) this.add(r);
  }

  private add(r: ModelPrices): void {
    // Frozen: `prices` hands the row itself to every look-up (a copy per look-up was a copy per model
    // and mode), so no caller can change it for the next.
    const row = Object.freeze(r);
    this.byKey.set(rowKey(r.modelId, r.region, r.priceScope), row);
    let byScope = this.byRegion.get(r.region);
    if (byScope === undefined) this.byRegion.set(r.region, (byScope = new Map()));
    let byModel = byScope.get(r.priceScope);
    if (byModel === undefined) byScope.set(r.priceScope, (byModel = new Map()));
    byModel.set(r.modelId, row);
  }

  private resolve(region: string): void {
    const rowsOf = this.pending.get(region);
    if (!rowsOf) return;
    // Removed only once resolved: a Region with a bad row fails at every look-up, never reads as unpriced.
    const rows = rowsOf();
    this.pending.delete(region);
    for (const r of rows) this.add(r);
  }

  get(modelId: string, region: string, scope: InferenceScope): ModelPrices | undefined {
    this.resolve(region);
    return this.byRegion.get(region)?.get(scope)?.get(modelId);
  }

  /** A Region's rows. */
  inRegion(region: string): ModelPrices[] {
    this.resolve(region);
    return [...this.byKey.values()].filter((r) => r.region === region);
  }

  /** Every row, every Region resolved. */
  all(): ModelPrices[] {
    for (const region of [...this.pending.keys()]) this.resolve(region);
    return [...this.byKey.values()];
  }
}

/**
 * The price catalog: the bundled, sourced price list, optionally overlaid with a user's rates file.
 * Look-ups are by base model ID (see `parseModelId`), Region and inference scope.
 */
export class PriceCatalog {
  private readonly models = new Map<string, CatalogModel>();
  private readonly aliases = new Map<string, string>();
  private readonly rows: PriceRows;
  /**
   * Every model ID and alias, found with or without its first-version suffix (`…-v1:0`, `:0`); built on
   * the first ID that is not a model ID or alias as written (a Lambda's init and most runs need none).
   */
  private stemsDirectory: ModelDirectory | undefined;
  /** Models known only by their Price List name: found by the words of an invoked ID. Built on first use too. */
  private nameOnlyDirectory: ModelDirectory | undefined;
  private readonly canonicalCache = new Map<string, string>();
  /** Notes that apply to every price (a discount), repeated in each recommendation's assumptions. */
  readonly globalNotes: CatalogNote[] = [];
  /** Each rates-file row's model key as written and the model it resolved to, to warn about keys no usage matches. */
  readonly rateKeys: Array<{ file: string; index: number; key: string; modelId: string; region: string }> = [];

  private constructor(
    readonly sources: ReadonlyMap<string, PriceSource>,
    models: CatalogModel[],
    rows: ModelPrices[] | PriceRows,
    /** The date the prices are as of (the catalog file's `asOf`). */
    readonly asOf: string,
    readonly origin: CatalogOrigin,
  ) {
    for (const m of models) {
      this.models.set(m.modelId, m);
      for (const alias of m.aliases ?? []) this.aliases.set(alias, m.modelId);
    }
    this.rows = rows instanceof PriceRows ? rows : new PriceRows(rows);
  }

  private get stems(): ModelDirectory {
    if (!this.stemsDirectory) {
      const spellings: DirectoryEntry[] = [...this.models.values()].flatMap((m) => [m.modelId, ...(m.aliases ?? [])].map((id) => ({ modelId: id, name: '', canonical: m.modelId })));
      this.stemsDirectory = new ModelDirectory(spellings);
    }
    return this.stemsDirectory;
  }

  private get nameOnly(): ModelDirectory {
    return (this.nameOnlyDirectory ??= new ModelDirectory([...this.models.values()].filter((m) => m.identity === 'price-list-name').map((m) => ({ modelId: m.modelId, name: m.name }))));
  }

  /** Validates a catalog document; `name` is used in error messages (a file path or "bundled catalog"). */
  static fromDocument(document: unknown, name: string, origin: CatalogOrigin = { kind: 'file', name }): PriceCatalog {
    const parsed = catalogFileSchema.safeParse(document);
    if (!parsed.success) {
      const doc = document as { prices?: Array<{ model?: unknown; region?: unknown }>; models?: Array<{ modelId?: unknown }> };
      throw new CatalogError(
        `${name} is not a valid price catalog:\n` +
          describeIssues(parsed.error, (path) => {
            const [list, index] = path;
            if (list === 'prices' && typeof index === 'number') {
              const row = doc.prices?.[index];
              return `entry prices[${index}] (${String(row?.model)} ${String(row?.region)})`;
            }
            if (list === 'models' && typeof index === 'number') {
              return `entry models[${index}] (${String(doc.models?.[index]?.modelId)})`;
            }
            return 'catalog';
          }),
      );
    }
    return PriceCatalog.fromValidated(parsed.data, name, origin);
  }

  private static fromValidated(file: CatalogFile, name: string, origin: CatalogOrigin): PriceCatalog {
    const head = checkHead(file);
    const problems = [...head.problems];
    const rows = resolveRows(file.prices, (i) => `prices[${i}]`, head, problems);
    if (problems.length > 0) throw new CatalogError(`${name} is not a valid price catalog:\n${problems.join('\n')}`);
    return new PriceCatalog(head.sources, file.models, rows, file.asOf, origin);
  }

  /** The catalog shipped with the tool. */
  /** `fallback`: why the bundled catalog stands in for the live Price List (the report says it in every format). */
  static bundled(fallback?: PriceListFallback): PriceCatalog {
    const name = 'bundled price catalog (src/catalog/data/bedrock-prices.json)';
    // The shipped document is its own schema parse (every amount a string, no defaulted field), which
    // test/catalog/schema.test.ts asserts on every CI run; so it skips the zod pass, which was a third
    // of every Lambda's cold init, and keeps the checks across entries (sources, duplicates, models):
    // those of the models and sources here, those of a Region's rows when the Region is first looked up.
    return PriceCatalog.fromParts(bundledCatalogParts(), name, { kind: 'bundled', name, ...(fallback ? { fallback } : {}) });
  }

  /** A catalog of checked parts (the bundled catalog's), each Region's rows resolved on its first look-up. */
  static fromParts(parts: BundledCatalogParts, name: string, origin: CatalogOrigin): PriceCatalog {
    const head = checkHead(parts.head);
    const fail = (problems: string[]) => new CatalogError(`${name} is not a valid price catalog:\n${problems.join('\n')}`);
    if (head.problems.length > 0) throw fail(head.problems);
    const pending = new Map(parts.regions.map((region) => [region, () => {
      const problems: string[] = [];
      const rows = resolveRows(parts.rowsIn(region), (i) => `${region} prices[${i}]`, head, problems);
      if (problems.length > 0) throw fail(problems);
      return rows;
    }]));
    return new PriceCatalog(head.sources, parts.head.models, new PriceRows([], pending), parts.head.asOf, origin);
  }

  /**
   * The catalog's own ID for a model ID or one of its aliases, with or without its first-version
   * suffix (`nvidia.nemotron-nano-3-30b` is `nvidia.nemotron-nano-3-30b:0`); a model known only by
   * its Price List name is found by the words of the ID (`anthropic.claude-sonnet-9-v1:0` is
   * "Claude Sonnet 9"). An ID nothing matches comes back as it is, and stays unpriced.
   */
  canonicalId(modelId: string): string {
    let id = this.canonicalCache.get(modelId);
    if (id === undefined) {
      const direct = this.aliases.get(modelId) ?? (this.models.has(modelId) ? modelId : undefined);
      const found = direct ?? this.stems.byModelId(modelId);
      id = typeof found === 'string' ? found : (found?.canonical ?? this.nameOnly.byIdKey(modelId)?.modelId ?? modelId);
      this.canonicalCache.set(modelId, id);
    }
    return id;
  }

  /**
   * The catalog with the account's own model IDs (ListFoundationModels: `modelId`, `modelName`) as
   * aliases of the models they name, word for word: the live path's directory, so a model the
   * Price List names only by display name ("Claude Sonnet 9 (Amazon Bedrock Edition)") is found by
   * the ID the account invokes. An ID the catalog already resolves is left as it is.
   */
  withFoundationModels(listed: ReadonlyArray<{ modelId: string; modelName?: string }>): PriceCatalog {
    // The directory of names is built only for a listed model the catalog does not already know by ID
    // (none, for usage from a file): building it costs more than many analyses of small accounts.
    let byName: ModelDirectory | undefined;
    const added = new Map<string, string[]>();
    for (const fm of listed) {
      if (!fm.modelName || this.models.has(this.canonicalId(fm.modelId))) continue;
      byName ??= new ModelDirectory([...this.models.values()].map((m) => ({ modelId: m.modelId, name: m.name })));
      const target = byName.byName(fm.modelName);
      if (target) added.set(target.modelId, [...(added.get(target.modelId) ?? []), fm.modelId]);
    }
    if (added.size === 0) return this;
    const models = [...this.models.values()].map((m) => (added.has(m.modelId) ? { ...m, aliases: [...new Set([...(m.aliases ?? []), ...added.get(m.modelId)!])] } : m));
    const catalog = new PriceCatalog(this.sources, models, this.rows, this.asOf, this.origin);
    catalog.globalNotes.push(...this.globalNotes);
    catalog.rateKeys.push(...this.rateKeys);
    return catalog;
  }

  model(modelId: string): CatalogModel | undefined {
    return this.models.get(this.canonicalId(modelId));
  }

  allModels(): CatalogModel[] {
    return [...this.models.values()];
  }

  allPrices(): ModelPrices[] {
    return this.rows.all();
  }

  /** Every row priced in one Region. */
  pricesIn(region: string): ModelPrices[] {
    return this.rows.inRegion(region);
  }

  /**
   * Prices for a model as invoked in a Region and scope. Geo cross-Region requests are billed at the
   * source Region's rate (AWS pricing page), so a geo look-up falls back to the in-Region row. A
   * global request is never priced at the regional rate: that is the 10% error other catalogs shipped.
   */
  prices(requestedId: string, region: string, scope: InferenceScope): ModelPrices | undefined {
    const modelId = this.canonicalId(requestedId);
    // A row is found under the scope it prices (its `scope` is that one): the row itself answers.
    const exact = this.rows.get(modelId, region, scope);
    if (exact) return exact;
    if (scope === 'geo') {
      const regional = this.rows.get(modelId, region, 'in-region');
      if (regional) {
        return {
          ...regional,
          scope,
          notes: [...regional.notes, { says: 'geo-at-source-rate' }],
        };
      }
    }
    return undefined;
  }

  /** Regions the catalog has any price for, for a model. */
  regionsFor(modelId: string): string[] {
    const id = this.canonicalId(modelId);
    return [...new Set(this.rows.all().filter((r) => r.modelId === id).map((r) => r.region))].sort();
  }

  /**
   * Lays a user's rates file over the catalog. Rates-file prices replace catalog prices for that
   * model and Region (every scope unless one is named); `discountPercent` lowers every catalog list
   * price but not the user's own rates, which are already what they pay. `readOn` is when the file was
   * read (the run's clock): the rates' source says so, as every price's source does.
   */
  withRates(document: unknown, fileName: string, readOn: Date): PriceCatalog {
    // Counted before the schema runs: a file of tens of thousands of entries is refused at once, not after seconds of checking.
    const entries = (document as { rates?: unknown } | null)?.rates;
    if (Array.isArray(entries) && entries.length > MAX_RATES_ENTRIES) {
      throw new CatalogError(`${fileName}: rates has ${entries.length} entries, over the limit of ${MAX_RATES_ENTRIES} (one per model, Region and scope is at most a few thousand)`);
    }
    const parsed = ratesFileSchema.safeParse(document);
    if (!parsed.success) {
      const doc = document as { rates?: Array<{ model?: unknown; region?: unknown }> };
      throw new CatalogError(
        `${fileName} is not a valid rates file:\n` +
          describeIssues(parsed.error, (path) => {
            const [list, index] = path;
            if (list === 'rates' && typeof index === 'number') {
              const r = doc.rates?.[index];
              return `rates[${index}] (${String(r?.model)} ${String(r?.region)})`;
            }
            return fileName;
          }),
      );
    }
    return this.applyRates(parsed.data, fileName, readOn);
  }

  private applyRates(rates: RatesFile, fileName: string, readOn: Date): PriceCatalog {
    const userSource: PriceSource = {
      id: USER_SOURCE_ID,
      title: `your rates file ${fileName}`,
      url: fileName,
      readOn: utcDay(readOn),
      reliability: 'user',
    };
    const sources = new Map(this.sources);
    sources.set(USER_SOURCE_ID, userSource);
    const discount = rates.discountPercent ? usd(rates.discountPercent) : undefined;
    const factor = discount && !discount.isZero() ? usd(1).minus(discount.dividedBy(100)) : undefined;
    const rows = new Map<string, ModelPrices>();
    for (const row of this.rows.all()) rows.set(rowKey(row.modelId, row.region, row.priceScope), factor ? discountRow(row, factor, discount!) : cloneRow(row));
    const userPrice = (value: string): Priced => ({ usd: usd(value), source: userSource });

    const rateKeys: PriceCatalog['rateKeys'] = [];
    const firstEntry = new Map<string, number>();
    for (const [index, written] of rates.rates.entries()) {
      // Keys are normalised like usage (profile IDs, ARNs, suffixes, aliases): src/usage/resolve.ts.
      const resolved = resolveRateKey(written.model, (id) => this.canonicalId(id));
      const rate = { ...written, model: resolved.modelId, ...(written.scope ?? resolved.scope ? { scope: written.scope ?? resolved.scope } : {}) };
      // The same model, Region and scope twice: the last would silently win over the first.
      const entryKey = `${rate.model}|${rate.region}|${rate.scope ?? 'any scope'}`;
      const earlier = firstEntry.get(entryKey);
      if (earlier !== undefined) {
        throw new CatalogError(`${fileName}: rates[${index}] (${written.model} ${written.region}) gives rates for the same model, Region and scope as rates[${earlier}]; give each once`);
      }
      firstEntry.set(entryKey, index);
      rateKeys.push({ file: fileName, index, key: written.model, modelId: rate.model, region: rate.region });
      const scopes: InferenceScope[] = rate.scope ? [rate.scope] : ['in-region', 'geo', 'global'];
      const existingScopes = scopes.filter((s) => rows.has(rowKey(rate.model, rate.region, s)));
      // A rate for a model/Region the catalog lacks creates an in-Region row (geo falls back to it).
      const targets = existingScopes.length > 0 ? existingScopes : [rate.scope ?? 'in-region'];
      for (const scope of targets) {
        const key = rowKey(rate.model, rate.region, scope);
        const row = rows.get(key) ?? {
          modelId: rate.model, region: rate.region, scope, priceScope: scope,
          perThousandTokens: {}, perImageByTier: {}, perVideoSecondByTier: {}, perModelUnitHour: {}, reservedPerThousandTpmMonth: {}, notes: [],
        };
        const t = row.perThousandTokens;
        const set = (dim: TokenDimension, v: string | undefined) => { if (v !== undefined) t[dim] = userPrice(v); };
        set('input', rate.onDemand?.input);
        set('output', rate.onDemand?.output);
        set('cacheRead', rate.onDemand?.cacheRead);
        set('cacheWrite5m', rate.onDemand?.cacheWrite);
        set('cacheWrite30m', rate.onDemand?.cacheWrite30m);
        set('cacheWrite1h', rate.onDemand?.cacheWrite1h);
        set('batchInput', rate.batch?.input);
        set('batchOutput', rate.batch?.output);
        set('flexInput', rate.flex?.input);
        set('flexOutput', rate.flex?.output);
        set('priorityInput', rate.priority?.input);
        set('priorityOutput', rate.priority?.output);
        if (rate.imageTier !== undefined) {
          // The tier the account generates at; its catalog price applies unless `image` gives one.
          const tierPrice = row.perImageByTier[rate.imageTier];
          if (!tierPrice && rate.image === undefined) {
            throw new CatalogError(`${fileName}: rates (${rate.model} ${rate.region}) imageTier: no catalog price for tier "${rate.imageTier}" (known: ${Object.keys(row.perImageByTier).join(', ') || 'none'}); give "image" too`);
          }
          row.imageTier = rate.imageTier;
          if (tierPrice) row.perImage = tierPrice;
        }
        if (rate.image !== undefined) {
          row.perImage = userPrice(rate.image);
          if (row.imageTier !== undefined) row.perImageByTier = { ...row.perImageByTier, [row.imageTier]: row.perImage };
        }
        const pt = rate.provisioned;
        for (const term of COMMITMENT_TERMS) {
          const value = pt?.[term];
          if (value !== undefined) row.perModelUnitHour[term] = userPrice(value);
        }
        if (pt?.unitTokensPerMinute) {
          row.modelUnitCapacity = {
            inputTokensPerMinute: pt.unitTokensPerMinute.input,
            outputTokensPerMinute: pt.unitTokensPerMinute.output,
            source: userSource,
          };
        }
        for (const term of RESERVED_TERMS) {
          const reserved = rate.reserved?.[term];
          if (!reserved) continue;
          row.reservedPerThousandTpmMonth[term] = {
            ...row.reservedPerThousandTpmMonth[term],
            ...(reserved.input !== undefined ? { input: userPrice(reserved.input) } : {}),
            ...(reserved.output !== undefined ? { output: userPrice(reserved.output) } : {}),
          };
        }
        row.notes = [...row.notes, { says: 'rates-file-prices', file: fileName }];
        rows.set(key, row);
      }
    }
    const catalog = new PriceCatalog(sources, [...this.models.values()], [...rows.values()], this.asOf, this.origin);
    catalog.globalNotes.push(...this.globalNotes);
    catalog.rateKeys.push(...this.rateKeys, ...rateKeys);
    catalog.globalNotes.push(factor ? { says: 'rates-discount', percent: discount!.toFixed(), file: fileName } : { says: 'rates-private-only', file: fileName });
    return catalog;
  }
}

/** A catalog's sources by ID, its models' IDs and default image tiers, and what is wrong with its models. */
interface CheckedHead {
  sources: Map<string, PriceSource>;
  modelIds: Set<string>;
  defaultTiers: Map<string, string>;
  problems: string[];
}

function checkHead(file: Pick<CatalogFile, 'sources' | 'models'>): CheckedHead {
  const sources = new Map<string, PriceSource>();
  for (const [id, s] of Object.entries(file.sources)) sources.set(id, { id, ...s });
  const problems: string[] = [];
  const modelIds = new Set<string>();
  const defaultTiers = new Map<string, string>();
  file.models.forEach((m, i) => {
    if (modelIds.has(m.modelId)) problems.push(`entry models[${i}] (${m.modelId}): duplicate model`);
    // The first entry's tier, as a search of the list finds it (a duplicate is refused above anyway).
    else if (m.defaultTier !== undefined) defaultTiers.set(m.modelId, m.defaultTier);
    modelIds.add(m.modelId);
    const lifecycleRefs = [m.lifecycle?.source, ...Object.values(m.lifecycle?.regions ?? {}).map((r) => r.source)];
    for (const ref of [m.promptCache?.source, m.batch?.source, m.provisionedThroughput?.source, m.longContext?.source, ...lifecycleRefs]) {
      if (ref !== undefined && !sources.has(ref)) problems.push(`entry models[${i}] (${m.modelId}): unknown source "${ref}"`);
    }
  });
  return { sources, modelIds, defaultTiers, problems };
}

/** Price rows resolved against the checked models and sources; each problem is added to `problems`, naming its row. */
function resolveRows(prices: readonly CatalogPriceRow[], entry: (index: number) => string, head: CheckedHead, problems: string[]): ModelPrices[] {
  const seen = new Set<string>();
  return prices.map((row, i) => {
    const label = `entry ${entry(i)} (${row.model} ${row.region} ${row.scope})`;
    if (!head.modelIds.has(row.model)) problems.push(`${label}: model is not listed under "models"`);
    const key = rowKey(row.model, row.region, row.scope);
    if (seen.has(key)) problems.push(`${label}: duplicate of an earlier row`);
    seen.add(key);
    return resolveRow(row, head.sources, head.defaultTiers.get(row.model), (msg) => problems.push(`${label}: ${msg}`));
  });
}

function resolveRow(row: CatalogPriceRow, sources: ReadonlyMap<string, PriceSource>, defaultTier: string | undefined, problem: (msg: string) => void): ModelPrices {
  const price = (value: PriceValue, field: string): Priced => {
    const sourceId = typeof value === 'string' ? row.source : value.source;
    const source = sources.get(sourceId);
    if (!source) problem(`${field}: unknown source "${sourceId}"`);
    const amount = typeof value === 'string' ? value : value.usd;
    const extra = typeof value === 'string' ? {} : {
      ...(value.note ? { note: value.note } : {}),
      ...(value.usagetype ? { usagetype: value.usagetype } : {}),
      ...(value.derivedFrom ? { derivedFrom: value.derivedFrom } : {}),
    };
    return { usd: usd(amount), source: source ?? { id: sourceId, title: sourceId, url: '', readOn: '1970-01-01', reliability: '3P' }, ...extra };
  };
  const priceAll = <K extends string>(values: Partial<Record<K, PriceValue>> | undefined, field: string): Record<K, Priced> => {
    const out = {} as Record<K, Priced>;
    for (const [key, value] of Object.entries(values ?? {}) as Array<[K, PriceValue]>) out[key] = price(value, `${field}.${key}`);
    return out;
  };
  const perThousandTokens: Partial<Record<TokenDimension, Priced>> = priceAll(row.perThousandTokens, 'perThousandTokens');
  const perModelUnitHour: Partial<Record<CommitmentTerm, Priced>> = priceAll(row.perModelUnitHour, 'perModelUnitHour');
  const perImageByTier = priceAll(row.perImage, 'perImage');
  const perVideoSecondByTier = priceAll(row.perVideoSecond, 'perVideoSecond');
  const reservedPerThousandTpmHour: Partial<Record<ReservedTerm, ReservedPrice>> = {};
  for (const [term, pair] of Object.entries(row.reservedPerThousandTpmHour ?? {}) as Array<[ReservedTerm, { input?: PriceValue; output?: PriceValue }]>) {
    reservedPerThousandTpmHour[term] = priceAll(pair, `reservedPerThousandTpmHour.${term}`);
  }
  // A reservation is billed by the hour for every hour of its month: a month of the hourly price is
  // 730 hours of it (the month every monthly figure uses), input and output apart. A price quoted
  // per month wins over the hourly one.
  const reservedPerThousandTpmMonth: Partial<Record<ReservedTerm, ReservedPrice>> = {};
  for (const [term, pair] of Object.entries(reservedPerThousandTpmHour) as Array<[ReservedTerm, ReservedPrice]>) {
    // Not quantity x price: a price converted from per hour to per month (its unit), before any usage.
    const month = (p: Priced | undefined): Priced | undefined =>
      p && { ...p, usd: p.usd.times(HOURS_PER_MONTH), adjustments: [...(p.adjustments ?? []), { rule: 'per-hour-to-month', perHour: p.usd.toFixed(), hours: HOURS_PER_MONTH }] };
    const input = month(pair.input);
    const output = month(pair.output);
    reservedPerThousandTpmMonth[term] = { ...(input ? { input } : {}), ...(output ? { output } : {}) };
  }
  for (const [term, pair] of Object.entries(row.reservedPerThousandTpmMonth ?? {}) as Array<[ReservedTerm, { input?: PriceValue; output?: PriceValue }]>) {
    reservedPerThousandTpmMonth[term] = { ...reservedPerThousandTpmMonth[term], ...priceAll(pair, `reservedPerThousandTpmMonth.${term}`) };
  }
  const tiers = Object.keys(perImageByTier);
  const imageTier = defaultTier ?? (tiers.length === 1 ? tiers[0] : undefined);
  if (tiers.length > 1 && imageTier === undefined) problem('perImage: several tiers but the model names no defaultTier');
  if (imageTier !== undefined && tiers.length > 0 && !perImageByTier[imageTier]) problem(`perImage: no price for the model's defaultTier "${imageTier}"`);
  const perImage = imageTier !== undefined ? perImageByTier[imageTier] : undefined;
  const capacity = row.modelUnitCapacity;
  let modelUnitCapacity: UnitCapacity | undefined;
  if (capacity) {
    const source = sources.get(capacity.source);
    if (!source) problem(`modelUnitCapacity: unknown source "${capacity.source}"`);
    else modelUnitCapacity = { inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source };
  }
  if (!sources.has(row.source)) problem(`source: unknown source "${row.source}"`);
  return {
    modelId: row.model,
    region: row.region,
    scope: row.scope,
    priceScope: row.scope,
    perThousandTokens,
    ...(perImage ? { perImage, imageTier: imageTier! } : {}),
    perImageByTier,
    perVideoSecondByTier,
    ...(row.perInputImage !== undefined ? { perInputImage: price(row.perInputImage, 'perInputImage') } : {}),
    ...(row.perInputVideoSecond !== undefined ? { perInputVideoSecond: price(row.perInputVideoSecond, 'perInputVideoSecond') } : {}),
    ...(row.perInputAudioSecond !== undefined ? { perInputAudioSecond: price(row.perInputAudioSecond, 'perInputAudioSecond') } : {}),
    ...(row.perThousandQueries !== undefined ? { perThousandQueries: price(row.perThousandQueries, 'perThousandQueries') } : {}),
    perModelUnitHour,
    reservedPerThousandTpmMonth,
    ...(Object.keys(reservedPerThousandTpmHour).length > 0 ? { reservedPerThousandTpmHour } : {}),
    ...(modelUnitCapacity ? { modelUnitCapacity } : {}),
    ...(row.customization?.trainingPerThousandTokens !== undefined
      ? { trainingPerThousandTokens: price(row.customization.trainingPerThousandTokens, 'customization.trainingPerThousandTokens') }
      : {}),
    ...(row.customization?.storagePerMonth !== undefined
      ? { storagePerMonth: price(row.customization.storagePerMonth, 'customization.storagePerMonth') }
      : {}),
    notes: [],
    ...(row.note ? { rowNote: row.note } : {}),
  };
}

function cloneRow(row: ModelPrices): ModelPrices {
  return {
    ...row,
    perThousandTokens: { ...row.perThousandTokens },
    perImageByTier: { ...row.perImageByTier },
    perVideoSecondByTier: { ...row.perVideoSecondByTier },
    perModelUnitHour: { ...row.perModelUnitHour },
    reservedPerThousandTpmMonth: { ...row.reservedPerThousandTpmMonth },
    notes: [...row.notes],
  };
}

function discountRow(row: ModelPrices, factor: Decimal, percent: Decimal): ModelPrices {
  // Not quantity x price: a price discounted by the rates file's factor, before any usage.
  const off = (p: Priced): Priced => ({ ...p, usd: p.usd.times(factor), adjustments: [...(p.adjustments ?? []), { rule: 'discount', percent: percent.toFixed() }] });
  const mapValues = <K extends string>(rec: Partial<Record<K, Priced>>) =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, off(v as Priced)])) as Partial<Record<K, Priced>>;
  const perImageByTier = mapValues(row.perImageByTier) as Record<string, Priced>;
  return {
    ...row,
    perThousandTokens: mapValues(row.perThousandTokens),
    perModelUnitHour: mapValues(row.perModelUnitHour),
    reservedPerThousandTpmMonth: Object.fromEntries(
      Object.entries(row.reservedPerThousandTpmMonth).map(([term, pair]) => [term, mapValues(pair as ReservedPrice)]),
    ) as Partial<Record<ReservedTerm, ReservedPrice>>,
    ...(row.reservedPerThousandTpmHour
      ? { reservedPerThousandTpmHour: Object.fromEntries(Object.entries(row.reservedPerThousandTpmHour).map(([term, pair]) => [term, mapValues(pair as ReservedPrice)])) as Partial<Record<ReservedTerm, ReservedPrice>> }
      : {}),
    // The default-tier price is one of the tiers: discount it once, through the tier table.
    ...(row.perImage ? { perImage: row.imageTier !== undefined && perImageByTier[row.imageTier] ? perImageByTier[row.imageTier]! : off(row.perImage) } : {}),
    perImageByTier,
    perVideoSecondByTier: mapValues(row.perVideoSecondByTier) as Record<string, Priced>,
    ...(row.perInputImage ? { perInputImage: off(row.perInputImage) } : {}),
    ...(row.perInputVideoSecond ? { perInputVideoSecond: off(row.perInputVideoSecond) } : {}),
    ...(row.perInputAudioSecond ? { perInputAudioSecond: off(row.perInputAudioSecond) } : {}),
    ...(row.perThousandQueries ? { perThousandQueries: off(row.perThousandQueries) } : {}),
    ...(row.trainingPerThousandTokens ? { trainingPerThousandTokens: off(row.trainingPerThousandTokens) } : {}),
    ...(row.storagePerMonth ? { storagePerMonth: off(row.storagePerMonth) } : {}),
    notes: [...row.notes],
  };
}
