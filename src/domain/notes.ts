import type { Decimal } from 'decimal.js';
import type { CommitmentTerm, ReservedTerm } from '../catalog/schema.js';
import type { InferenceScope } from '../model-id.js';
import type { LineDimension } from './lines.js';

/** How sure a recommendation is. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * Why a recommendation's confidence is what it is, as data: a reason code with its figures. Plans
 * are composed from these (never from the sentences); src/report/advice-text.ts is the one place each is worded.
 */
export type ReasonCode =
  /** Global profile: the price difference is exact; data-residency rules decide. */
  | 'data-residency'
  /** Flex: the price is exact; not every caller accepts slower responses. */
  | 'flex-latency'
  /** Batch: the traffic has the shape of a scheduled job (`busiestQuarterPercent`, `activeHours`, `windowHours`). */
  | 'scheduled-shape'
  /** Prompt caching is already in use: raising the cached share is a known lever. */
  | 'cache-in-use'
  /** Prompt caching is not in use: savings depend on a stable, reusable prefix. */
  | 'cache-prefix-unknown'
  /** Capacity sized from averages coarser than a minute (`peakResolutionSeconds`). */
  | 'sized-from-averages'
  /** Capacity sized from per-minute load against the model-unit capacity in the rates file. */
  | 'sized-per-minute-rates-file'
  /** Capacity sized from per-minute load, no model-unit capacity needed (Reserved: bought in tokens per minute). */
  | 'sized-per-minute'
  /** Capacity sized from per-minute load, with a model-unit capacity not from the account team. */
  | 'sized-per-minute-catalog-capacity'
  /** Fewer than 7 days observed: the confidence is lowered one level. */
  | 'short-window';

export interface ConfidenceReason {
  code: ReasonCode;
  /** The level this reason sets, or `lowered` when it lowers the level another set. */
  confidence: Confidence | 'lowered';
  figures?: Record<string, number>;
}

/**
 * Advice is data. The advice layers (src/modes/, src/recommend/) state what they found and what to do
 * as notes: a code (`says`) with typed figures (Decimal money, integer tokens, YYYY-MM-DD dates, model
 * IDs, Regions). Only src/report/advice-text.ts words them, when the report is published
 * (`publishedReport`), from the exact figures; so the JSON report, every text format, the Lambdas and
 * the fan-out say the same words. Adding a code here without its words there fails to compile.
 *
 * A field that people read holds `Worded`: a note. Every layer states one (a code and its data; text
 * from outside, such as an error's own message or the catalog's remark, is a field of a note). The
 * other arm is the published view only: `Published<T>` words each note as `PublishedText`, which only
 * src/report/ makes, and the renderers read that view through the engine's types. A plain string is
 * not `Worded` (test/architecture/worded.test.ts keeps it so).
 */
export type Worded = Note | PublishedText;

declare const PUBLISHED_TEXT: unique symbol;
/**
 * A note's words in the published view: a string only src/report/ makes (`publishedText` in
 * src/report/published.ts), so no other layer can put a sentence where a note belongs.
 */
export type PublishedText = string & { readonly [PUBLISHED_TEXT]: true };

/** A provisioned throughput as advice names it: "provisioned throughput <name> (2 unit(s) of <model>, <Region>)". */
export interface ThroughputRef {
  name: string;
  units: number;
  modelId: string;
  region: string;
}

/** Where a day falls against the usage window. */
export type WindowSide = 'before' | 'during' | 'after';

/** A model as a title names it: its ID, with its Region (and scope when not in-Region) unless a plan names them already. */
export interface ModelPlace {
  modelId: string;
  region?: string;
  scope?: InferenceScope;
}

/**
 * Notes with no figures: the same sentence wherever stated. Their words are a table in
 * src/report/advice-text.ts (`FIXED_TEXT`, a Record over these codes, so none can be left unworded).
 */
export type FixedNoteCode =
  | 'pt-deleting-breaks-callers'
  | 'pt-lapse-keeps-running'
  | 'point-callers-at-base-model'
  | 'renew-or-delete'
  | 'recommit-or-delete'
  // batch
  | 'batch-label'
  | 'batch-upper-bound'
  | 'batch-no-cache'
  | 'batch-limits'
  | 'batch-breaks-latency'
  | 'find-waiting-callers'
  // global
  | 'global-label'
  | 'global-data-residency'
  // service tiers
  | 'flex-label'
  | 'priority-label'
  | 'flex-trades-latency'
  | 'priority-premium'
  | 'tier-cache-at-standard'
  | 'flex-delayed'
  | 'set-flex-tier'
  | 'invoke-provisioned-with-fallback'
  | 'pt-billed-every-hour'
  | 'pt-overflow-on-demand'
  | 'pt-input-capacity-all-input'
  | 'pt-no-commit-limit'
  | 'pt-overflow-unpriced'
  // plans (src/recommend/plan.ts)
  | 'plan-upper-bound'
  | 'point-callers-at-new-throughput'
  | 'joint-sized-together'
  | 'joint-sized-together-by-request-class'
  | 'callers-fall-back'
  | 'plan-batch-only'
  /** Buying capacity and shedding existing units act on the same tokens, and one saving is unknown: both are listed, not weighed. */
  | 'plan-unweighed'
  // custom models
  | 'custom-on-demand-label'
  | 'custom-cache-as-input'
  | 'custom-model-unused'
  | 'custom-delete-permanent'
  | 'custom-import-unpriced'
  // lifecycle
  | 'no-successor-unknown'
  /** Why a migration's saving is unknown: the catalog names no successor still served, so none is priced. */
  | 'saving-unknown-no-live-successor'
  | 'test-successor-first'
  | 'pick-current-model'
  // on demand
  | 'images-per-image'
  | 'rerank-per-query'
  | 'cache-writes-5m-not-1h'
  | 'cache-writes-5m'
  | 'video-seconds-unpriced'
  | 'media-seconds-unpriced'
  | 'media-seconds-left-out'
  // Reserved
  | 'reserved-keep-invoking'
  // no cache
  | 'no-cache-label'
  | 'cache-billed-as-input'
  // prompt cache
  | 'cache-share-what-if'
  | 'cache-put-prefix-first'
  | 'cache-add-checkpoint'
  // invocation logs (src/logs/price-requests.ts)
  | 'logs-each-request-own-class'
  | 'logs-ttl-unknown-5m'
  | 'logs-geo-source-rate'
  | 'logs-monthly-scale'
  | 'batch-nothing-priced'
  // usage the advisor cannot tie to a model (src/usage/resolve.ts, src/engine.ts)
  | 'profile-unresolved'
  | 'pt-not-in-inventory'
  // forecasts (src/forecast/)
  | 'forecast-method'
  | 'forecast-utilisation-hourly'
  | 'forecast-break-even'
  | 'renewal-term-cost'
  | 'renewal-hourly-peaks'
  | 'renewal-lapse-keeps-billing'
  | 'point-callers-at-new-arn'
  // Reserved tier (src/replay/reserved.ts)
  | 'reserved-sides'
  | 'reserved-cheapest-level'
  // on demand (src/modes/on-demand.ts): the scenario as billed today
  | 'on-demand-label'
  /** A model with no price and no reason more exact than that. */
  | 'unpriced'
  // the report's own assumptions (src/engine.ts)
  | 'unpriced-never-zero'
  // a report of several accounts (src/service/combine-reports.ts)
  | 'accounts-analysed-apart'
  | 'derived-unverified'
  | 'ranked-by-weighted-savings'
  // the price catalog (src/catalog/catalog.ts)
  | 'geo-at-source-rate'
  // bill reconciliation (src/bill/reconcile.ts)
  | 'bill-not-in-replay'
  | 'replay-not-on-bill'
  | 'bill-effective-rate-applies-alike'
  | 'bill-tiers-folded'
  | 'billed-at-list'
  // alternatives (src/alternatives/alternatives.ts)
  | 'alt-quality-unmeasured'
  | 'alt-responses-change'
  | 'alt-named-in-file'
  | 'alt-accepted-in-file'
  | 'alt-successor';

/**
 * Where a token ratio comes from, as data: measured (the alternatives file's `source`), one tokenizer,
 * a published ratio (its citation), or the assumption across families. It stays data in the published
 * view, so a renderer tells an assumed ratio by `ratio`, never by its words; src/report/advice-text.ts
 * (`ratioBasisText`) words it, and the JSON report carries those words.
 */
export type RatioBasis =
  | { ratio: 'measured'; source: string }
  | { ratio: 'same-tokenizer'; family: string }
  | { ratio: 'published'; citation: string }
  | { ratio: 'assumed'; from?: string; to?: string; low: number; high: number };

const RATIO_BASES: ReadonlySet<string> = new Set<RatioBasis['ratio']>(['measured', 'same-tokenizer', 'published', 'assumed']);

export function isRatioBasis(value: unknown): value is RatioBasis {
  return value !== null && typeof value === 'object' && RATIO_BASES.has((value as { ratio?: unknown }).ratio as string);
}

/** What a blended rate blends: each side's cost as billed today over its tokens. */
export type BlendedSide = 'on-demand-input-side' | 'on-demand-output' | 'standard-input-side' | 'request-class-input' | 'request-class-output';

/** Why batch cannot price some of a caller's requests. */
export type BatchExclusion = { why: 'long-context' } | { why: 'no-batch-price'; modelId: string; region: string };

/** What an identity ARN says about who calls, and why. */
export type CallerKindWhy =
  | { is: 'iam-user' }
  | { is: 'root-user' }
  | { is: 'identity-center-session'; role: string }
  | { is: 'person-session'; session: string }
  | { is: 'job-role'; role: string }
  | { is: 'job-session'; session: string }
  | { is: 'unknown' };

export type Note =
  | { says: FixedNoteCode }
  // --- Any recommendation ---
  /** A recommendation's title: its step with what it saves a month ("(upper bound)" when it is one). */
  | { says: 'title'; step: Worded; monthlySavings: Decimal; upperBound?: boolean }
  /** A confidence reason as an assumption states it: "confidence medium: …". */
  | { says: 'confidence'; reason: ConfidenceReason }
  /** A confidence reason without its level, as a plan prints it after "Confidence: high". */
  | { says: 'confidence-detail'; reason: ConfidenceReason }
  /** Part of the window has only coarser data than a minute (a capacity scenario's sizing may be low there). */
  | { says: 'part-coarse-data'; coarsestResolutionSeconds: number }
  // --- Provisioned throughput the account holds (src/recommend/inventory.ts) ---
  /** Worded with how to get the missing price (src/report/advice-text.ts, `priceHint`). */
  | { says: 'pt-unpriced'; modelId: string; region: string; /** Set when the model is priced but not at its term. */ term?: CommitmentTerm }
  | { says: 'pt-idle-unpriced'; arn: string; committed: boolean; endsOn?: string }
  | { says: 'pt-under-used-unpriced'; averageUtilisation?: number }
  | {
    says: 'pt-keep-below'; term: CommitmentTerm; hourlyPerUnit: Decimal; onDemandMonthly: Decimal; units: number; region: string;
    comparable: Array<{ label: string; hourlyPerUnit: Decimal }>;
    /** The model's own published prices for the term in other Regions, when none is published in its own. */
    elsewhere?: Array<{ region: string; hourlyPerUnit: Decimal }>;
  }
  | { says: 'pt-commitment-ends-unpriced'; endsOn?: string; days: number; keepBelow?: Decimal; idle: boolean }
  /** A commitment whose expiration time is before the run: `daysAgo` whole days; `term` the rate the figure uses. */
  | { says: 'pt-commitment-ended'; endedOn: string; daysAgo: number; term: CommitmentTerm }
  | { says: 'pt-units-billed-hourly'; units: number; hourlyPerUnit: Decimal; term: CommitmentTerm }
  | { says: 'pt-not-cancellable-before'; endsOn?: string }
  | { says: 'pt-delete-idle'; pt: ThroughputRef; committed: boolean; endsOn?: string }
  | { says: 'pt-no-invocations'; arn: string }
  | { says: 'pt-reduce'; pt: ThroughputRef; /** Set when the commitment ends within the warning window. */ endsOn?: string; keepUnits?: number; averageUtilisation?: number }
  | { says: 'pt-under-used'; thresholdPercent: number }
  | { says: 'pt-on-demand-equivalent'; monthly: Decimal }
  | { says: 'pt-on-demand-unknown'; modelId: string; region: string }
  | { says: 'pt-change-after'; endsOn?: string }
  /** `endedOn`: the commitment ended before the run (the throughput still bills); `endsOn` otherwise. */
  | { says: 'pt-renewal-cheapest'; pt: ThroughputRef; endsOn?: string; endedOn?: string; compared: boolean; averageUtilisation?: number }
  /** Why a renewal decision's saving is unknown: the throughput's traffic has no on-demand price to compare it with. */
  | { says: 'saving-unknown-on-demand-unpriced'; modelId: string; region: string }
  // --- Instructions (a next step no API call can take) ---
  | { says: 'delete-throughput-after'; arn: string; committed: boolean; endsOn?: string }
  // --- Pricing modes' titles and notes (src/modes/) ---
  | { says: 'move-to-batch'; where: ModelPlace }
  | { says: 'submit-batch-jobs'; modelId: string }
  | { says: 'use-global-profile'; where: ModelPlace }
  | { says: 'call-global-profile'; modelId: string }
  | { says: 'use-flex'; where: ModelPlace }
  | { says: 'reserve-tier'; where: ModelPlace; inputTpm: number; outputTpm: number; term: ReservedTerm }
  | { says: 'reservation-total'; months: number; inputTpm: number; outputTpm: number; total: Decimal; monthly: Decimal }
  | { says: 'ask-reserved-quote'; modelId: string; inputTpm: number; outputTpm: number; months: number }
  | { says: 'prompt-cache-label'; readShare: number; ttl: string }
  | { says: 'cache-write-mix'; writesPerRead: number }
  | { says: 'cache-default-reads'; readsPerWrite: number }
  | { says: 'cache-min-prefix'; tokens: number }
  | { says: 'cache-share-infeasible'; readShare: number }
  | { says: 'enable-prompt-caching'; where: ModelPlace; readShare: number; ttl: string }
  | { says: 'buy-provisioned'; where: ModelPlace; units: number; mode: string }
  /** "Provisioned throughput, 6-month commitment", with the units chosen when sized. */
  | { says: 'provisioned-label'; term: CommitmentTerm; sized?: { units: number; unitsForPeak: number } }
  | { says: 'pt-term-unpriced'; term: CommitmentTerm; modelId: string; region: string }
  /** `itemsKept`: the model's per-item charges stay as billed, so the months are of its tokens' on-demand spend. */
  | { says: 'pt-commitment-total'; termMonths: number; units: number; total: Decimal; breakEvenMonths: Decimal; itemsKept?: true }
  /** `monthlySavings` null: unknown (the half-load overflow has no price), with `unpricedReason`, never $0. */
  | { says: 'pt-if-usage-halves'; monthlySavings: Decimal | null; unpricedReason?: Worded }
  | { says: 'pt-context-variants'; variants: string[] }
  | { says: 'pt-committed-quota'; term: CommitmentTerm }
  | {
    says: 'pt-capacity-unknown';
    /** Set when today's on-demand spend is known: what it pays for. */
    breakEven?: { affordableUnits: number; inputTokensPerMinutePerUnit: number; outputTokensPerMinutePerUnit: number };
    /** The model's per-item charges stay as billed: only its tokens' on-demand spend pays for units. */
    itemsKept?: true;
  }
  | { says: 'pt-unit-capacity'; inputTokensPerMinute: number; outputTokensPerMinute: number; source: string }
  | { says: 'pt-term-hours'; months: number; boughtOn: string; termHours: number }
  // --- Priced lines (src/replay/bill.ts) ---
  /** A line priced at a price derived by a rule (`derivedFrom`), not read from a source: unverified. */
  | { says: 'derived-price'; dimension: LineDimension; derivedFrom?: string; title: string }
  /**
   * A bill with lines no price was found for: "unpriced: no <dimensions> price in the catalog", and with
   * `region` (set by the engine, which knows where the model ran), for that Region and how to get it.
   */
  | { says: 'unpriced-lines'; dimensions: LineDimension[]; region?: string }
  /**
   * A line priced at a side's rate as billed today (src/replay/bill.ts, BlendedRate): what was blended,
   * `blended` a code, or a test's own words.
   */
  | { says: 'blended-rate'; blended: BlendedSide }
  | { says: 'reserved-label'; term: ReservedTerm; levels?: { inputTpm: number; outputTpm: number } }
  // --- On demand (src/modes/on-demand.ts) ---
  | { says: 'image-tier-range'; tier: string; tiers: number; minMonthly: Decimal; minTier: string; maxMonthly: Decimal; maxTier: string }
  /**
   * The long-context surcharge CloudWatch sums cannot settle: at most `maxRequestsAbove` requests could
   * cross `threshold`; the worst case bills `worstCaseInputShare` of input at long-context rates.
   */
  | {
    says: 'long-context-bound'; threshold: number; maxRequestsAbove: number; averageInputPerInvocation: number | null;
    worstCaseInputShare: number; worstCaseMonthly: Decimal | null; /** Why the worst case is unpriced, when it is. */ unpricedReason?: Worded;
  }
  // --- Lifecycle (src/modes/lifecycle.ts) ---
  /**
   * A non-active model's status, worded against the usage window: `sinceIs` / `endOfLifeIs` say where
   * those days fall (a model billed in the window was served in it).
   */
  | {
    says: 'lifecycle'; name: string; status: 'legacy' | 'extended-access' | 'end-of-life'; since?: string; endOfLife?: string;
    sinceIs?: WindowSide; endOfLifeIs?: WindowSide;
    /** Past extended access today, but in it during the window: the day it began, and where that falls. */
    extendedAccessFrom?: string; extendedAccessIs?: WindowSide;
    /** Billed in extended access in the window, but the price book holds only the model's standard rates: the cost shown is a floor. */
    extendedAccessUnpriced?: true;
  }
  | { says: 'extended-access-unknown'; name: string }
  /** Moving off a model: `successor` is the successor's name (absent when AWS names none); `monthlySavings` null when unpriced. */
  | { says: 'migrate-title'; where: ModelPlace; successor?: string; monthlySavings: Decimal | null }
  | { says: 'migrate-step'; modelId: string; successor?: string; monthlySavings: Decimal | null }
  | { says: 'successor-replayed'; successor: string; scope: InferenceScope }
  | { says: 'successor-unpriced'; successor: string; region: string }
  | { says: 'successor-retired'; successor: string; since: string }
  /** Why a migration's saving is unknown: the successor has no price in the Region. */
  | { says: 'saving-unknown-successor-unpriced'; successor: string; region: string }
  | { says: 'invoke-successor'; successorId: string; modelId: string }
  // --- Custom models (src/modes/custom-model.ts) ---
  | { says: 'custom-rates'; baseModelId: string }
  /** Usage of a custom model the inventory does not list (`name`: "custom model X", "imported model", ...). */
  | { says: 'custom-not-in-inventory'; name: string; modelArn: string }
  | { says: 'custom-rate-missing'; baseModelId: string; region: string }
  /**
   * No price for the model at this scope in this Region: the Regions it is priced in (when it is
   * priced somewhere) and how to get a price (`hint`, the catalog's), when the report says.
   */
  | { says: 'no-price-here'; scope: InferenceScope; modelId: string; region: string; pricedIn?: string[]; withHint?: boolean }
  /** A model the catalog does not have, or has with no verified price yet; worded with how to get a price. */
  | { says: 'not-in-catalog'; modelId: string; region: string }
  | { says: 'no-verified-price'; name: string; modelId: string; region: string }
  /** Monthly figures scale the window (`hours`) to a 730-hour month. */
  | { says: 'monthly-scale-window'; hours: number }
  /** The model publishes no cache-write rate: cache writes are priced at its input rate (unverified). */
  | { says: 'cache-writes-at-input'; name: string }
  /** Reserved: the minimum reservation per side, in tokens per minute. */
  | { says: 'reserved-minimum'; inputTpm: number; outputTpm: number }
  | { says: 'reserved-billed-monthly'; term: ReservedTerm }
  /** A Reserved scenario with prices missing: each `missing` one (reserved input or output at `term`, Standard input or output). */
  | { says: 'reserved-unpriced'; term: ReservedTerm; missing: Array<'reserved-input' | 'reserved-output' | 'standard-input' | 'standard-output'> }
  /** A model's on-demand line is unpriced, and why (the reason as the model's report states it). */
  | { says: 'unpriced-because'; reason: Worded }
  /** The bill's reconciliation: the replay of this model and Region is unpriced (why, when known). */
  | { says: 'bill-region-unpriced'; reason?: Worded }
  | { says: 'delete-custom-model'; name: string }
  | { says: 'delete-custom-model-title'; name: string; region: string; monthlySavings: Decimal }
  | { says: 'custom-storage-cost'; monthly: Decimal; source: string }
  /** A step priced on top of another (`after`, the scenario mode of the step before it): its saving is after that step's. */
  | { says: 'stacked-on'; after: string }
  // --- Plans (src/recommend/plan.ts) ---
  /** Why a step: what is paid for today (`fromMode`) and after it. */
  | { says: 'plan-step-why'; fromMode: string; currentMonthly: Decimal; newMonthly: Decimal | null; unpricedReason?: Worded }
  /** Why a step stacked on another: the cost after that step (`after`), and with this one too. */
  | { says: 'plan-stacked-why'; after: string; afterMonthly: Decimal; newMonthly: Decimal }
  | {
    says: 'joint-why'; units: number; modelId: string; throughputs: string; averageUtilisation?: number;
    throughputMonthly: Decimal; onDemandMonthly: Decimal; peakInputTokensPerMinute: number;
  }
  | { says: 'route-to-throughput'; arn: string; modelId: string }
  | { says: 'route-now'; modelId: string; throughputs: string; units: number }
  | { says: 'route-and-resize'; modelId: string; throughputs: string; resizeTo?: number }
  | { says: 'serve-all-on-demand'; modelId: string; throughputs: string; whenCommitmentEnds: boolean }
  | { says: 'buy-for-all'; modelId: string; throughputs: string; whenCommitmentEnds: boolean; units: number; term: CommitmentTerm }
  | { says: 'joint-unit-capacity'; inputTokensPerMinute: number; outputTokensPerMinute: number; source: string }
  | { says: 'joint-monthly-scale'; windowDays: number }
  | { says: 'joint-not-cancellable'; endsOn: string }
  | { says: 'new-commitment-binds'; term: CommitmentTerm }
  // --- Forecasts (src/forecast/) ---
  /** What the forecast is fitted to: `historyDays` read for it (--history-days), or the report's own window. */
  | { says: 'forecast-fitted-to'; days: number; history: boolean }
  /** The fan of simulated futures; `renewal`: the advice is the option with the lowest median cost per hour. */
  | { says: 'forecast-fan'; paths: number; seed: number; renewal: boolean }
  /**
   * The renewal's load: the model's usage over `days` (read for the forecast, or the window), the
   * throughput's traffic, and `onDemandModelId`'s on-demand traffic when it can move there.
   */
  | { says: 'renewal-load'; days: number; history: boolean; provisionedModelArn: string; onDemandModelId?: string }
  | { says: 'renewal-terms-start'; day: string }
  // --- The report as a whole (src/engine.ts) ---
  /** Where the prices come from (`name`) and their date. */
  | { says: 'prices-from'; name: string; asOf: string }
  /** The prices are `ageDays` old, over `staleDays`. */
  | { says: 'prices-stale'; ageDays: number; staleDays: number }
  /** Monthly figures scale the observed hours to a month. */
  | { says: 'monthly-scale-hours'; hours: number }
  // --- The price catalog (src/catalog/catalog.ts, src/service/price-source.ts) ---
  /** Some of a model's prices come from the rates file `file`. */
  | { says: 'rates-file-prices'; file: string }
  /** Every list price less the rates file's discount (`percent`, exact as written). */
  | { says: 'rates-discount'; percent: string; file: string }
  /** List prices, private pricing only where the rates file gives it. */
  | { says: 'rates-private-only'; file: string }
  /** The price catalog's own remark on the model's row (`remark`, as the catalog writes it: a price left out and why). */
  | { says: 'price-catalog-note'; remark: string }
  /** Accounts of an organisation run (`count`) that could not be read and are not in its totals. */
  | { says: 'accounts-unread'; count: number }
  /** Price List rows the live read could not map to a model or classify: not priced. */
  | { says: 'price-list-unmapped'; rows: number }
  /** Live prices asked for and not read (`why`, the cause's message): the bundled catalog, as of `asOf`, priced the run. */
  | { says: 'price-list-fallback'; why: string; asOf: string }
  /**
   * The usage reader's warning: one series (`series`, "<model> (<Region>)") gave a metric under two names
   * (`given` and `countedAs`) at `times` times, the first at `first`; the tokens were counted once.
   * `scope` ("region us-east-1") when a collection of several Regions says which.
   */
  | { says: 'metric-two-names'; series: string; given: string; countedAs: string; times: number; first: string; scope?: string }
  /**
   * The usage reader's note: one series (`series`, "<model> (<Region>)") had no `metric` ("<namespace>
   * <name>") under `ModelId` alone, so its `seriesRead` series under `dimensions` (ModelId first) were read
   * and summed per time; `notRead`: other dimension sets listed for it, breakdowns of the same usage, not
   * read. `scope` as for `metric-two-names`.
   */
  | { says: 'metric-finer-dimensions'; series: string; metric: string; dimensions: string[]; seriesRead: number; notRead?: string[][]; scope?: string }
  /** A rates-file row (`file`, `rates[index]`, its model as written `key`, read as `modelId`) that no usage or inventory matches. */
  | { says: 'rates-key-unmatched'; file: string; index: number; key: string; modelId: string; region: string }
  // --- Bill reconciliation (src/bill/reconcile.ts) ---
  /** Cache tokens the bill has (`billedTokens`) and CloudWatch never reported. */
  | { says: 'bill-cache-absent'; dimension: 'cacheRead' | 'cacheWrite'; billedTokens: number }
  /** Tokens billed at a service tier (`billedAs`: the bill's dimensions) the replay prices at Standard. */
  | { says: 'bill-tiered'; billedAs: string[] }
  /** The bill's whole days hold `hours` the replay's window does not. */
  | { says: 'bill-window-edge'; hours: number }
  /** The bill's whole days (`first` to `last`, YYYY-MM-DD) run `hours` beyond the replay window. */
  | { says: 'bill-daily-edge'; first: string; last: string; hours: number }
  | { says: 'bill-lines-outside-days'; lines: number; first: string; last: string }
  | { says: 'bill-lines-other-accounts'; lines: number; account: string }
  /** How drift is measured: a model within `withinPercent` is reconciled. */
  | { says: 'bill-drift-measure'; withinPercent: number }
  /** The bill's cost against the same lines at list prices (`ratio`, billed / list), off list by more than the bill's own rounding. */
  | { says: 'billed-off-list'; ratio: Decimal }
  /** Why a billed line is outside the replay: its line item type, or its usage type with what it is or what did not match. */
  | { says: 'outside-line-item'; lineItemType: string }
  | { says: 'outside-usage-type'; usageType: string; /** What the usage type is, as the Price List names it (a term, a kind). */ detail?: string[] }
  | { says: 'outside-unclassified'; usageType: string; /** Why the usage type could not be classified, as the Price List classifier states it (src/pricelist/classify.ts). */ why: string }
  | { says: 'outside-model-unknown'; usageType: string; model: string }
  | { says: 'outside-region-unknown'; usageType: string; regionPrefix?: string }
  | { says: 'outside-unit-unknown'; usageType: string; unit: string }
  // --- Invocation logs (src/logs/apply-logs.ts) ---
  /**
   * The logs' exact count of long-context requests. `partial`: the part of the window the logs cover
   * (the bound holds for the rest); else they cover it all, and `replacesBound` says the bound was dropped.
   */
  | { says: 'logs-long-context'; longContextRequests: number; requests: number; threshold: number; partial?: { start: string; end: string }; replacesBound?: boolean }
  /** The logs name each cache write's TTL: `cacheWriteTokens` in all, `cacheWrite1hTokens` of them at 1 hour. */
  | { says: 'logs-cache-ttl'; cacheWriteTokens: number; cacheWrite1hTokens: number; cacheWriteUnsplitTokens?: number; partial?: { start: string; end: string } }
  | { says: 'logs-keep-long-context' }
  /** Per-item charges billed today beside a text model's tokens (images): a what-if that changes the token rates keeps them at today's price. */
  | { says: 'items-kept-as-billed' }
  /** Log requests for model lines (model ID, Region) the usage does not have. */
  | { says: 'logs-unmatched-lines'; lines: Array<{ modelId: string; region: string }> }
  // --- Invocation logs priced request by request (src/logs/price-requests.ts, batch-evidence.ts) ---
  /** A service tier's long-context requests: no long-context rate is published for the tier. */
  | { says: 'logs-tier-long-context-unpriced'; tier: string }
  /** A service tier the catalog has no price for. */
  | { says: 'logs-tier-unpriced'; tier: string }
  /** Requests of a model the logs cannot price one by one (`kind`: custom, imported, provisioned, ...). */
  | { says: 'logs-priced-from-replay'; kind: string }
  /** Cache-write tokens whose record names no TTL (no body delivered). */
  | { says: 'logs-ttl-missing'; tokens: number }
  /** The logs cover part of the window (`hours` of `windowHours`). */
  | { says: 'logs-partial-coverage'; start: string; end: string; hours: number; windowHours: number }
  /** A caller's requests batch cannot price, in the order met. */
  | { says: 'batch-not-counted'; excluded: BatchExclusion[] }
  /** Evidence that a caller can wait for batch: each figure with the threshold it passed. */
  | { says: 'signal-non-streaming'; share: number; atLeast: number }
  | { says: 'signal-off-hours'; share: number; atLeast: number }
  | { says: 'signal-bursts'; perActiveMinute: number; atLeast: number }
  | { says: 'signal-alike'; variation: number; atMost: number; requests: number }
  | { says: 'signal-job'; why: CallerKindWhy }
  | { says: 'signal-person'; why: CallerKindWhy }
  // --- Alternative models (src/alternatives/alternatives.ts) ---
  | { says: 'alt-not-in-catalog'; modelId: string }
  | { says: 'alt-no-price'; name: string; region: string }
  /** An alternative unpriced (`reason`): its cost is unknown, not zero. */
  | { says: 'alt-unknown-not-zero'; reason: Worded }
  | { says: 'alt-same-tokens'; name: string; scope: InferenceScope }
  | { says: 'alt-token-counts'; basis: RatioBasis }
  /** Why a model is a candidate: a tier of a family's table (`tier`, `ownTier` when a tier below), cited by `title` and `url`. */
  | { says: 'alt-same-tier'; tier: string; family: string; title: string; url: string }
  | { says: 'alt-cheaper-tier'; tier: string; ownTier: string; family: string; title: string; url: string }
  | { says: 'alt-other-scope'; scope: InferenceScope; name: string; ownScope: InferenceScope; region: string }
  | { says: 'alt-no-prompt-cache'; name: string }
  /** The cold cache after a switch: `coldReadTokens` read in the first `lifetime` billed as writes once (`switchCost`, null when unpriced). */
  /** Switching to the model accepted in the alternatives file (`to`: its name, else its ID). */
  | { says: 'alt-switch'; where: ModelPlace; to: string }
  | { says: 'alt-accepted'; to: string; from: string }
  /** The saving of an accepted switch: the least across the tokenizer range (`low`x to `high`x the tokens). */
  | { says: 'alt-least-saving'; low: number; high: number; basis: RatioBasis }
  | { says: 'alt-switch-cost'; switchCost: Decimal }
  /** An accepted switch's one-time cold-cache cost is unknown (`reason`): not $0. */
  | { says: 'alt-switch-cost-unknown'; reason: Worded }
  /** `scope`: the profile to invoke through, when not in-Region. */
  | { says: 'invoke-alternative'; modelId: string; scope?: InferenceScope; instead: string }
  | { says: 'alt-cold-cache'; coldReadTokens: number; lifetime: '5m' | '1h'; switchCost: Decimal | null; unpricedReason?: Worded }
  // --- Scope errors: why a Region, account or source was not read (ScopeError.message) ---
  /**
   * Text as its source gave it: an error's own message (AWS names the role or the Region in it), or a
   * scope error read back from a snapshot or a stored partial written before its reason was data.
   */
  | { says: 'as-reported'; text: string }
  /** The Region's usage could not be read (`cause`); `inventoryCause` when its Bedrock inventory failed too. */
  | { says: 'usage-failed'; cause: string; inventoryCause?: string }
  /** The Region's Bedrock inventory could not be read (`cause`): its provisioned throughputs and custom models are left out. */
  | { says: 'inventory-failed'; cause: string }
  /** The run's deadline passed before the Region's usage was read (its code is INCOMPLETE). */
  | { says: 'usage-incomplete' }
  /** The run's deadline passed before the Region's Bedrock inventory was read (its code is INCOMPLETE). */
  | { says: 'inventory-incomplete' }
  /** Week over week left out: the previous period was read only in part (its `errors`). */
  | { says: 'previous-period-partial'; errors: Array<{ scope: string; message: ScopeProblem }> }
  /** Week over week left out: the previous period could not be read (`cause`). */
  | { says: 'previous-period-failed'; cause: string }
  /** Every Region of an account failed (`regions`, each as its scope names it), for `why` (the first Region's own reason). */
  | { says: 'account-failed'; why: ScopeProblem; regions: string[] }
  /** Usage collection failed in every Region requested (the message of `AccountCollectionError`). */
  | { says: 'every-region-failed' }
  /** A scope not analysed, and why (`why`). */
  | { says: 'not-analysed'; why: ScopeProblem }
  /** A fan-out item's stored partial report (`key`) could not be merged, and why. */
  | { says: 'partial-report-invalid'; key: string; problem: PartialReportProblem }
  /** A fan-out item whose worker left no partial report (it failed past its retries or timed out). */
  | { says: 'partial-report-missing' }
  /** A source of the run (`source`) could not be read (`cause`): the report goes on without it. */
  | { says: 'source-unread'; source: 'invocation-logs' | 'bill'; cause: string }
  /** A runaway alert could not be sent (`cause`). */
  | { says: 'alert-not-sent'; cause: string }
  /** One model's part of the analysis failed (`part`), with the error's own message: the rest of the report stands. */
  | { says: 'part-failed'; part: 'pricing' | 'forecast' | 'replay'; cause: string };

/** Why a fan-out item's stored partial report was not merged. */
export type PartialReportProblem =
  | { is: 'not-json'; cause: string }
  | { is: 'no-item' }
  | { is: 'other-run'; run?: { period: string; now: string }; thisRun: { period: string; now: string } }
  | { is: 'other-item'; accountId: string; region: string; thisAccountId: string; thisRegion: string }
  | { is: 'missing-fields'; status: string };

/** The notes a scope error's message is: why a Region, account or source was not read, as data. */
export type ScopeProblem = Extract<Note, { says: ScopeProblemCode }>;
export const SCOPE_PROBLEM_CODES = [
  'as-reported', 'usage-failed', 'inventory-failed', 'usage-incomplete', 'inventory-incomplete', 'previous-period-partial', 'previous-period-failed',
  'account-failed', 'every-region-failed', 'not-analysed', 'partial-report-invalid', 'partial-report-missing', 'source-unread', 'alert-not-sent', 'part-failed',
] as const;
export type ScopeProblemCode = (typeof SCOPE_PROBLEM_CODES)[number];

/** Whether `value` is a scope error's reason (a note whose code is a scope problem's). */
export function isScopeProblem(value: unknown): value is ScopeProblem {
  return isNote(value) && (SCOPE_PROBLEM_CODES as readonly string[]).includes(value.says);
}

/** A scope error's reason as a scope problem: a note as it is, published text (read back) as reported. */
export function scopeProblemOf(message: ScopeProblem | PublishedText): ScopeProblem {
  return typeof message === 'string' ? asReported(message) : message;
}

/** An error's own message as a scope problem's reason. */
export function asReported(text: string): ScopeProblem {
  return { says: 'as-reported', text };
}

export type NoteCode = Note['says'];

/** What the price catalog notes: how a lookup got its prices, or what applies to every price. */
export type CatalogNote = { says: 'geo-at-source-rate' } | Extract<Note, { says: 'rates-file-prices' | 'rates-discount' | 'rates-private-only' | 'price-list-unmapped' | 'price-list-fallback' }>;

/** What a usage reader warns of: input read but looking wrong (a metric under two names), or read another way (a metric under finer dimensions only). */
export type UsageWarning = Extract<Note, { says: 'metric-two-names' | 'metric-finer-dimensions' }>;

/** Whether a worded value is a note (a string is published text: the note already in words). */
export function isNote(value: unknown): value is Note {
  return value !== null && typeof value === 'object' && typeof (value as { says?: unknown }).says === 'string';
}

/** A key under which two notes with the same code and figures are the same note: advice states each once. */
export function wordingKey(value: Worded): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Which wordings of a list `addUnique` has met, by the same keys as `wordingKey` but computed only where
 * two could be equal. Equal keys mean the same note: two notes' keys (their JSON) can be equal only when
 * their codes are, so a note is keyed only once another of its code is met; and a note's key starts
 * with "{", so published text that does not is compared as it stands. Published text that does start
 * with "{" could equal a note's key: the list is then keyed whole, as `wordingKey` keys it.
 */
class WordingsMet {
  private readonly texts = new Set<string>();
  /** Per code: the one note met so far, until a second comes and the code's notes are keyed. */
  private readonly firstOfCode = new Map<string, Note>();
  private readonly keysOfCode = new Map<string, Set<string>>();
  /** Every key, once a text starting with "{" is met (undefined until then). */
  private all: Set<string> | undefined;

  constructor(list: readonly Worded[]) {
    for (const item of list) this.add(item);
  }

  /** Adds `item`; false when an equal wording was met before. */
  add(item: Worded): boolean {
    const keys = this.keysFor(item);
    if (keys === undefined) {
      this.firstOfCode.set((item as Note).says, item as Note);
      return true;
    }
    const key = wordingKey(item);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  /** Whether an equal wording was met. */
  has(item: Worded): boolean {
    const keys = this.keysFor(item);
    return keys !== undefined && keys.has(wordingKey(item));
  }

  /** The keys `item`'s must be told from, or undefined for a note the first of its code. */
  private keysFor(item: Worded): Set<string> | undefined {
    if (this.all === undefined && typeof item === 'string' && item.startsWith('{')) {
      // Could equal a note's key: from here on every wording is keyed, as wordingKey keys it.
      const all = new Set([...this.texts, ...[...this.firstOfCode.values()].map(wordingKey)]);
      for (const keys of this.keysOfCode.values()) for (const key of keys) all.add(key);
      this.all = all;
    }
    if (this.all !== undefined) return this.all;
    if (typeof item === 'string') return this.texts;
    const keyed = this.keysOfCode.get(item.says);
    if (keyed !== undefined) return keyed;
    const first = this.firstOfCode.get(item.says);
    if (first === undefined) return undefined;
    // A second note of this code: from here on the code's notes are told apart by their keys.
    this.firstOfCode.delete(item.says);
    const keys = new Set([wordingKey(first)]);
    this.keysOfCode.set(item.says, keys);
    return keys;
  }
}

/**
 * Lists at most this long are deduplicated by comparing each wording with the others (a plan's
 * assumptions, a recommendation's: a handful each), not through `WordingsMet`'s sets and maps.
 */
const SMALL_LIST = 16;
/** The keys one such comparison has made, emptied when it returns (nothing outlives the call). */
const SCRATCH_KEYS = new Map<Worded, string>();

/** `wordingKey(a) === wordingKey(b)`, computing the keys only where they could be equal (`keys` holds those made). */
function sameWording(a: Worded, b: Worded, keys: Map<Worded, string>): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') {
    // Texts differ (they are not the same string); a text equals a note only as the note's key, which starts with "{".
    if (typeof a === 'string' && typeof b === 'string') return false;
    const text = (typeof a === 'string' ? a : b) as string;
    return text.startsWith('{') && text === keyOf(typeof a === 'string' ? b : a, keys);
  }
  // Two notes' keys (their JSON) are equal only when their codes are.
  if (a.says !== b.says) return false;
  return sameFields(a, b) || (sameJson(a, b, 0) ?? keyOf(a, keys) === keyOf(b, keys));
}

/**
 * Whether two plain notes have the same keys in the same order, each holding the very same value: they
 * then write the same JSON. A plan's confidence note and the recommendation's, made apart from the one
 * reason, are told equal so, without `sameJson`'s walk (compiled for every plan otherwise, issue 21).
 */
function sameFields(a: Note, b: Note): boolean {
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || (a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  }
  return true;
}

/**
 * Whether two values write the same JSON, where that can be told without writing it: true for the
 * very same value, or plain objects (arrays) with the same keys in the same order (the same length)
 * whose values all do; false where one pair of those values surely differs (two different strings,
 * booleans or finite numbers); undefined otherwise (a Decimal, NaN, a key JSON leaves out, ...):
 * the caller writes both.
 */
function sameJson(a: unknown, b: unknown, depth: number): boolean | undefined {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== typeof b) return undefined;
  // Distinct strings, booleans and finite numbers (0 and -0 are not distinct) write distinct JSON.
  if (ta === 'string' || ta === 'boolean') return false;
  if (ta === 'number') return Number.isFinite(a) && Number.isFinite(b) ? false : undefined;
  if (ta !== 'object' || a === null || b === null || depth > 3) return undefined;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return undefined;
  if (isArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    let known = true;
    for (let i = 0; i < x.length; i++) {
      const same = sameJson(x[i], y[i], depth + 1);
      if (same === false) return false;
      if (same === undefined) known = false;
    }
    return known ? true : undefined;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return undefined;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return undefined;
  for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return undefined;
  let known = true;
  let differs = false;
  for (const k of kx) {
    const vx = x[k];
    const vy = y[k];
    // A key JSON leaves out (undefined, a function) makes the two key lists differ in the JSON.
    if (vx === undefined || vy === undefined || typeof vx === 'function' || typeof vy === 'function' || typeof vx === 'symbol' || typeof vy === 'symbol') return undefined;
    const same = sameJson(vx, vy, depth + 1);
    if (same === false) differs = true;
    else if (same === undefined) known = false;
  }
  return differs ? false : known ? true : undefined;
}

function keyOf(note: Worded, keys: Map<Worded, string>): string {
  let key = keys.get(note);
  if (key === undefined) keys.set(note, (key = wordingKey(note)));
  return key;
}

/** Whether `list` holds a wording equal to `item`. */
function holds(list: readonly Worded[], item: Worded, keys: Map<Worded, string>): boolean {
  for (let i = 0; i < list.length; i++) if (sameWording(list[i]!, item, keys)) return true;
  return false;
}

/**
 * Whether `items` are notes of pairwise different codes: then no two are the same wording (two notes'
 * keys, their JSON, are equal only when their codes are), and nothing is to be compared further.
 */
function ofDistinctCodes(items: readonly Worded[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (typeof item === 'string') return false;
    const says = item.says;
    for (let j = 0; j < i; j++) if ((items[j] as Note).says === says) return false;
  }
  return true;
}

/** `items` added to `list`, each once (by code and figures for a note, by text for published text). */
export function addUnique(list: Worded[], items: readonly Worded[]): void {
  if (items.length === 0) return;
  // Nothing to compare with: the common case (a plan's first step, its notes each of its own code) keys
  // nothing and compares nothing but codes.
  if (list.length === 0 && (items.length === 1 || (items.length <= SMALL_LIST && ofDistinctCodes(items)))) {
    for (let i = 0; i < items.length; i++) list.push(items[i]!);
    return;
  }
  addComparing(list, items);
}

/**
 * `addUnique` where its items must be compared with each other or with the list: apart, so the common
 * case compiles (for every plan) without the comparisons it does not make (issue 21).
 */
function addComparing(list: Worded[], items: readonly Worded[]): void {
  if (list.length + items.length <= SMALL_LIST) {
    try {
      for (const item of items) if (!holds(list, item, SCRATCH_KEYS)) list.push(item);
    } finally {
      if (SCRATCH_KEYS.size > 0) SCRATCH_KEYS.clear();
    }
    return;
  }
  const met = new WordingsMet(list);
  for (const item of items) if (met.add(item)) list.push(item);
}

/** `items` with duplicates left out, first kept. */
export function uniqueWorded(items: readonly Worded[]): Worded[] {
  // A recommendation's assumptions, once per model: most often every note of its own code. Told so
  // without `addUnique`, whose comparisons (and the keys they may make) are the plans' to compile:
  // the per-model pass no longer shapes its feedback and code for the plans' lists (issue 21).
  if (items.length <= SMALL_LIST && ofDistinctCodes(items)) return items.slice();
  const out: Worded[] = [];
  addUnique(out, items);
  // A copy of exactly its length: the list grew a push at a time, and a recommendation keeps it.
  return out.slice();
}

/** `items` without those whose wording one of `stated` already has (`wordingKey`'s keys), in order. */
export function withoutWorded<T extends Worded>(items: readonly T[], stated: readonly Worded[]): T[] {
  if (stated.length === 0) return [...items];
  if (items.length + stated.length <= SMALL_LIST) {
    try {
      return items.filter((item) => !holds(stated, item, SCRATCH_KEYS));
    } finally {
      if (SCRATCH_KEYS.size > 0) SCRATCH_KEYS.clear();
    }
  }
  const met = new WordingsMet(stated);
  // Each item is compared with `stated` alone, not with the items kept before it (so a copy by its
  // key, not added): an item equal to an earlier item stays, as filtering by the stated keys keeps it.
  return items.filter((item) => !met.has(item));
}

/**
 * `items` without the notes that state one of `reasons` (`{ says: 'confidence', reason }`), as
 * `withoutWorded` leaves them out. A recommendation states each of its reasons so, with the very reason
 * (`recommendation`): such a note is told by its code, its keys and its reason's identity, and every
 * other note by its code alone, without a stated note made per reason to compare with (for every plan,
 * issue 21). Anything else (published text that may read as a note's key, a confidence note made
 * apart) goes to `withoutWorded` with the stated notes.
 */
export function withoutConfidenceNotes(items: readonly Worded[], reasons: readonly ConfidenceReason[]): Worded[] {
  if (reasons.length === 0) return items.slice();
  const out: Worded[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (typeof item === 'string') {
      if (item.startsWith('{')) return withoutStatedNotes(items, reasons);
      out.push(item);
    } else if (item.says !== 'confidence') out.push(item);
    else if (!statesOneOf(item, reasons)) return withoutStatedNotes(items, reasons);
  }
  return out;
}

/** `withoutConfidenceNotes` where its items are not told so: compared with the stated notes themselves. */
function withoutStatedNotes(items: readonly Worded[], reasons: readonly ConfidenceReason[]): Worded[] {
  return withoutWorded(items, reasons.map((reason): Note => ({ says: 'confidence', reason })));
}

/** Whether `note` is a plain `{ says, reason }` (those keys, in that order) whose reason is one of `reasons` itself: it then writes a stated note's JSON. */
function statesOneOf(note: Note, reasons: readonly ConfidenceReason[]): boolean {
  if (Object.getPrototypeOf(note) !== Object.prototype) return false;
  const keys = Object.keys(note);
  if (keys.length !== 2 || keys[0] !== 'says' || keys[1] !== 'reason') return false;
  const reason = (note as Extract<Note, { says: 'confidence' }>).reason;
  for (let i = 0; i < reasons.length; i++) if (reasons[i] === reason) return true;
  return false;
}
