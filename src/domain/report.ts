import { Decimal } from 'decimal.js';
import type { CommitmentTerm, ReservedTerm } from '../catalog/schema.js';
import type { InferenceScope } from '../model-id.js';
import type { Command, Confidence, ConfidenceReason } from './advice.js';
import type { Worded } from './notes.js';
import type { LineDimension, PriceCitation, PriceListFallback, PriceOrigin } from './lines.js';
import type { CollectionStats, ScopeError, WindowBasis } from '../usage/usage.js';
import type { Reconciliation } from './reconciliation.js';
import type { ModelAlternative } from './alternatives.js';
import type { ModelForecast, ProvisionedThroughputRenewal } from './forecast.js';

/**
 * The advisor's report. In memory, money is Decimal and exact; the one view of it that is published
 * (rounded once, `schema/report.schema.json`) is `published.ts`.
 */

export const SCENARIO_MODES = [
  'on-demand',
  'on-demand-no-cache',
  'on-demand-global',
  'prompt-cache',
  'batch',
  'flex',
  'priority',
  'provisioned-no-commit',
  'provisioned-1-month',
  'provisioned-6-month',
  'reserved-1-month',
  'reserved-3-month',
] as const;
export type ScenarioMode = (typeof SCENARIO_MODES)[number];

export type { Confidence };

export interface ModelUsageSummary {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  invocations: number;
  images: number;
  throttles: number;
}

export interface ProvisionedDetails {
  term: CommitmentTerm;
  hourlyRatePerUnit: Decimal;
  /** Units needed to serve the per-minute peak with no overflow. Absent when unit capacity is unknown. */
  unitsForPeak?: number;
  /** The cheapest number of units, with the rest served on demand. */
  bestUnits?: number;
  /** Share of purchased capacity used at the best mix (0..1). */
  utilisation?: number;
  /** Share of purchased capacity used if sized for the peak (0..1). */
  utilisationAtPeak?: number;
  overflowInputTokens?: number;
  overflowOutputTokens?: number;
  /** Cost of units sized for the peak, for the window. */
  costAtPeak?: Decimal;
  unitCapacity?: { inputTokensPerMinute: number; outputTokensPerMinute: number; source: string };
  /** When capacity is unknown: what one unit must deliver for this term to beat on demand. */
  breakEven?: { affordableUnits: number; inputTokensPerMinutePerUnit: number; outputTokensPerMinutePerUnit: number };
  /** Commitment risk, for 1- and 6-month terms. */
  risk?: CommitmentRisk;
}

export interface CommitmentRisk {
  termMonths: number;
  /** Hours of the term if bought at the report's date (calendar months, see `termEnd`). */
  termHours: number;
  /** The whole commitment: units x hourly rate x the term's hours. */
  commitmentTotal: Decimal;
  /** Months of current on-demand spend the commitment equals. */
  breakEvenMonths: Decimal;
  /**
   * Monthly savings (negative = loss) if usage halves with the same units; null when the overflow at
   * half the load cannot be priced (`unpricedReason` says why): unknown, never counted as $0.
   */
  monthlySavingsIfUsageHalves: Decimal | null;
  /** Why `monthlySavingsIfUsageHalves` is unknown; present exactly when it is null. */
  unpricedReason?: Worded;
}

/**
 * One priced line of a scenario: quantity x unit price = cost, with the price's source. A line whose
 * price is unknown has `unitPrice` and `cost` null, and makes its scenario unpriced.
 */
export interface PricedLine {
  /** What is priced, as a code (`input`, `cacheWrite5m`, model-unit hours at a term); published, in words (src/report/line-text.ts). */
  dimension: LineDimension;
  quantity: Decimal;
  /** The unit the price is per: `1K tokens`, `image`, `model-unit hour`, `1K TPM-month`, … */
  unit: string;
  unitPrice: Decimal | null;
  cost: Decimal | null;
  /**
   * The price's citation as data (its source and id, Price List usage type, derived or not), or a
   * blended rate's note; null when unpriced. Both are worded when published (src/report/line-text.ts).
   */
  source: PriceCitation | Worded | null;
}

/** Reserved-tier sizing of one side (input = input + cache writes; output), from the per-minute load. */
export interface ReservedSide {
  /** Tokens per minute reserved. */
  level: number;
  /** Share of the reserved capacity used over the window (0..1). */
  utilisation: number;
  /** Tokens above the level, billed at Standard. */
  overflowTokens: number;
  pricePerThousandTpmMonth: Decimal;
}

export interface ReservedDetails {
  term: ReservedTerm;
  input: ReservedSide;
  output: ReservedSide;
  /** The reservation alone per month (both sides), before overflow. */
  reservationMonthlyCost: Decimal;
}

/**
 * Without a published Reserved price: the highest price per 1K TPM-month at which a reservation of
 * each side at its minimum level (100K input / 10K output TPM) would pay for itself at this load.
 * Larger reservations break even at lower prices, so no reservation pays above these.
 */
export interface ReservedBreakEven {
  inputPerThousandTpmMonth: Decimal | null;
  outputPerThousandTpmMonth: Decimal | null;
  inputLevel: number;
  outputLevel: number;
}

/** Worst case for requests above a model's long-context threshold, which CloudWatch sums cannot show. */
export interface LongContextBound {
  thresholdInputTokens: number;
  /** Input tokens (incl. cache) per invocation, on average; null without invocation counts. */
  averageInputPerInvocation: number | null;
  /** At most this many requests can be above the threshold (total input / threshold). */
  maxRequestsAbove: number;
  /** Share of input tokens in data points large enough to hold a long request (0..1). */
  worstCaseInputShare: number;
  /** The window's cost if all of those tokens were billed at long-context rates; null if unpriced. */
  worstCaseCost: Decimal | null;
  worstCaseMonthlyCost: Decimal | null;
  worstCaseLines: PricedLine[];
}

/** The range of an image model's cost across the tiers it is priced at. */
export interface ImageTierRange {
  tier: string;
  minMonthlyCost: Decimal;
  minTier: string;
  maxMonthlyCost: Decimal;
  maxTier: string;
}

export interface Scenario {
  mode: ScenarioMode;
  /** Distinguishes what-ifs of one mode, such as `read-50%-5m`. */
  variant?: string;
  label: Worded;
  /** Cost of the observed usage over the window; null when a needed price is unknown ("unpriced"). */
  cost: Decimal | null;
  /** The same, per 730-hour month. */
  monthlyCost: Decimal | null;
  feasible: boolean;
  /** Why it is not feasible, or which prices are missing. */
  reason?: Worded;
  assumptions: Worded[];
  /**
   * Quantity x price for every dimension billed; cost is their exact sum. The engine always sets it
   * (empty when nothing could be billed); optional only so hand-built reports in tests may omit it.
   */
  lines?: PricedLine[];
  provisioned?: ProvisionedDetails;
  reserved?: ReservedDetails;
  promptCache?: { readShare: number; ttl: '5m' | '1h'; breakEvenReadShare: number; writesPerRead: number };
  /** On-demand scenario of a model with a long-context surcharge. */
  longContext?: LongContextBound;
  /** On-demand scenario of an image model priced in several tiers. */
  imageTiers?: ImageTierRange;
}

export interface PriceLine {
  dimension: string;
  unit: string;
  usd: Decimal;
  /** The source's title, or the rates file: data, worded when published. */
  source: PriceOrigin;
  readOn: string;
}

export interface ModelReport {
  /** Base model ID prices are keyed on. */
  modelId: string;
  /** The AWS account the usage is from, in a report over several accounts. */
  accountId?: string;
  name?: string;
  region: string;
  scope: InferenceScope;
  /** The identifiers seen in CloudWatch that were folded into this line. */
  invokedAs: string[];
  usage: ModelUsageSummary;
  peak: { inputTokensPerMinute: number; outputTokensPerMinute: number; resolutionSeconds: number };
  priced: boolean;
  unpricedReason?: Worded;
  currentMonthlyCost: Decimal | null;
  bestMode?: ScenarioMode;
  scenarios: Scenario[];
  prices: PriceLine[];
  /** When no Reserved price is published for the model: what a reservation would have to cost to pay. */
  reservedBreakEven?: ReservedBreakEven;
  /** The same traffic priced on other models (successor, cheaper tiers): what-ifs, out of the headline unless accepted. */
  alternatives?: ModelAlternative[];
  /** Each commitment the plans consider, against a forecast of the model's load over its term. */
  forecast?: ModelForecast;
  /** The model's lifecycle status at the report's date, when it is not active. */
  lifecycle?: { status: 'legacy' | 'extended-access' | 'end-of-life'; since?: string; endOfLife?: string; successor?: string };
  /** Cost per identifier the model was invoked through (application or cross-Region profile): cost by team. */
  attribution?: ProfileAttribution[];
  /** Every request of the model in the invocation logs, priced at its own class (`--invocation-logs`). */
  requests?: ModelRequests;
}

export interface ProfileAttribution {
  /** The identifier seen in CloudWatch: a profile ARN or ID, or the model ID itself. */
  invokedAs: string;
  /** The application profile's name, or the system-defined profile's ID. */
  profileName?: string;
  kind: 'application-profile' | 'cross-region-profile' | 'model';
  usage: ModelUsageSummary;
  /** Its on-demand cost per month at the model's prices; null when unpriced. */
  monthlyCost: Decimal | null;
}

/**
 * Actions that are not a choice: a model at end of life must be left whatever it costs. When one costs
 * money, the plan shows it as a required cost, apart from the savings.
 */
export const REQUIRED_ACTIONS: ReadonlySet<RecommendationAction> = new Set(['migrate-model']);

export type RecommendationAction =
  | 'switch-pricing-mode'
  | 'enable-prompt-caching'
  | 'move-to-batch'
  | 'use-global-cross-region-profile'
  | 'buy-provisioned-throughput'
  | 'buy-reserved-tier'
  | 'delete-idle-provisioned-throughput'
  | 'reduce-provisioned-throughput'
  | 'review-expiring-commitment'
  | 'delete-unused-custom-model'
  | 'migrate-model';

export interface Recommendation {
  modelId: string;
  /** The AWS account it applies to, in a report over several accounts. */
  accountId?: string;
  region: string;
  /** For a mode change: the inference scope of the traffic it moves (absent = in-Region). */
  scope?: InferenceScope;
  action: RecommendationAction;
  fromMode: ScenarioMode | 'provisioned' | 'custom-model-storage';
  toMode: ScenarioMode | 'delete' | 'on-demand';
  title: Worded;
  currentMonthlyCost: Decimal;
  /** Null when the cost after the step is unknown (`unpricedReason` says why): never today's cost again. */
  newMonthlyCost: Decimal | null;
  /** Null when the saving is unknown (`unpricedReason` says why), never $0. */
  monthlySavings: Decimal | null;
  /** Savings as a share of the current monthly cost, in percent; null with the saving. */
  savingsPercent: Decimal | null;
  /** Why the saving is unknown (a successor with no price, a renewal that cannot be compared); present exactly when it is. */
  unpricedReason?: Worded;
  confidence: Confidence;
  assumptions: Worded[];
  risk?: Worded[];
  /** What to do, in order, as data (`src/report/commands.ts` writes it out). */
  nextSteps?: Command[];
  /** For `migrate-model`: the model to move to. */
  successorModelId?: string;
  /** The same advice as data: plans are composed from it, never from the sentences above. */
  advice: Advice;
  /**
   * Set when the step is taken on top of another step for the same traffic (global routing on top of
   * prompt caching): `currentMonthlyCost` is then the cost after that step, and the saving is what the
   * combined replay adds to it.
   */
  stacksOn?: ScenarioMode;
}

/** A recommendation as data. */
export interface Advice {
  /** Why the confidence is what it is: codes with their figures (the assumptions word them). */
  reasons: ConfidenceReason[];
  /** What to do, as a plan step says it: the title without its savings and without the Region the plan already names. */
  step: Worded;
  /**
   * The existing provisioned throughput the advice changes (deleted, resized, served on demand): the
   * step is dated when its commitment ends. Absent for a decision to take now (whether to renew).
   */
  provisionedModelArn?: string;
}

export interface ProvisionedThroughputReport {
  provisionedModelArn: string;
  provisionedModelName: string;
  region: string;
  modelId: string;
  modelUnits: number;
  commitment: 'none' | 'OneMonth' | 'SixMonths';
  commitmentExpirationTime?: string;
  daysToExpiry?: number;
  monthlyCost: Decimal | null;
  usage: ModelUsageSummary;
  /** Monthly on-demand cost of the tokens this throughput actually served. */
  onDemandEquivalentMonthlyCost: Decimal | null;
  /** Peak-minute utilisation of the purchased units (0..1), when unit capacity is known. */
  peakUtilisation?: number;
  averageUtilisation?: number;
  status: string;
  /** Why its hourly price is unknown; it is still reviewed, never priced at $0. */
  unpricedReason?: Worded;
  /** What the review found when no priced recommendation can be made (idle, under-used, expiring). */
  findings?: Worded[];
  /**
   * Unpriced, but with traffic priced on demand: the hourly price per unit below which keeping it
   * (at its units, every hour of the month) costs less than its measured traffic on demand, beside
   * the published model-unit prices for the same term in its Region.
   */
  keepBelow?: {
    term: CommitmentTerm;
    hourlyPerUnit: Decimal;
    comparable: Array<{ modelId: string; name?: string; hourlyPerUnit: Decimal }>;
    /** When no other model's price for the term is published in its Region: this model's own published prices for the term in other Regions. */
    elsewhere?: Array<{ region: string; hourlyPerUnit: Decimal }>;
  };
  /** A commitment ending within the expiry window: renew, renew at fewer units or lapse, against the forecast of its traffic. */
  renewal?: ProvisionedThroughputRenewal;
}

export interface CustomModelReport {
  modelArn: string;
  modelName: string;
  region: string;
  baseModelId?: string;
  storageMonthlyCost: Decimal | null;
  hasProvisionedThroughput: boolean;
  invocations: number;
}

/**
 * One step of a plan. `when` is "now" or the ISO date (YYYY-MM-DD) from which the step can be taken,
 * such as the day a commitment ends.
 */
export interface PlanStep {
  when: string;
  /** What to do, in a sentence. */
  action: Worded;
  /** The exact next steps, in order, as data: AWS CLI calls or instructions (`src/report/commands.ts` writes them out). */
  commands: Command[];
  /**
   * What this step alone saves per month once taken (steps of one plan add up to the plan's savings);
   * null when it is unknown (`unpricedReason` says why), never $0.
   */
  monthlySavings: Decimal | null;
  /** Why the saving is unknown; present exactly when `monthlySavings` is null. */
  unpricedReason?: Worded;
  /**
   * A required change that costs money (moving off a model at end of life): what it adds per month.
   * Its `monthlySavings` is then 0: a cost that must be paid is never netted against a saving.
   */
  requiredMonthlyCost?: Decimal;
}

/**
 * Everything the advisor suggests for one model in one Region, as one ordered, dated plan: mode
 * changes and what the account already pays for (provisioned throughput, commitments, custom models)
 * are combined, so no two pieces of advice contradict each other and no saving is counted twice.
 */
export interface ModelPlan {
  modelId: string;
  /** The AWS account the plan is for, in a report over several accounts. */
  accountId?: string;
  name?: string;
  region: string;
  /** Monthly cost today of everything the plan touches (on-demand spend, provisioned throughput, storage). */
  currentMonthlyCost: Decimal;
  /** Monthly cost once every step is taken; null when a step's saving is unknown. */
  plannedMonthlyCost: Decimal | null;
  /**
   * What the headline adds up: the steps' savings, never negative. Never includes an upper bound. Null
   * when a step's saving is unknown: the plan then adds nothing to the headline, which counts it apart
   * (`summary.unpricedPlans`) and is a floor.
   */
  monthlySavings: Decimal | null;
  /** Why the saving is unknown (the first step whose saving is); present exactly when `monthlySavings` is null. */
  unpricedReason?: Worded;
  /**
   * What the plan's required steps add per month (present when one is known to add a cost):
   * plannedMonthlyCost = current - savings + required. Null when another required step's cost is
   * unknown (`requiredCostUnpricedReason` says why): a sum with an unknown part is not a figure, never
   * the known part alone. A plan whose required steps are all unknown has none: its saving is unknown.
   */
  requiredMonthlyCost?: Decimal | null;
  /** Why the plan's required cost is unknown (the first required step whose cost is); present exactly when `requiredMonthlyCost` is null. */
  requiredCostUnpricedReason?: Worded;
  /** The recommended mode for the model's on-demand traffic once the plan is done. */
  recommendedMode: ScenarioMode | 'provisioned' | 'unchanged';
  confidence: Confidence;
  /** Why the confidence is what it is; printed once, with the confidence. */
  confidenceReasons: Worded[];
  /** Why this plan, in a sentence or two. */
  why: Worded[];
  assumptions: Worded[];
  risks: Worded[];
  steps: PlanStep[];
  /** A saving that is only an upper bound (batch): shown apart as "up to", never in a total. */
  upTo?: { mode: ScenarioMode; monthlySavings: Decimal; note: Worded; step: PlanStep };
  /** The recommendations this plan folds in or supersedes. */
  actions: RecommendationAction[];
}

/**
 * One account of a report over several. A failed account (role not assumable, every Region failed)
 * has null money, never $0: its spend is unknown, and its `errors` say why.
 */
export interface AccountSummary {
  accountId: string;
  /** The account's name in the organization, when listed from it. */
  name?: string;
  pricedMonthlyCost: Decimal | null;
  potentialMonthlySavings: Decimal | null;
  /** Plans listed for this account. */
  plans: number;
  /**
   * What the account spends on with no price (models, provisioned throughputs, custom models' storage):
   * not in `pricedMonthlyCost`, which is then a floor. Present when one is; data, so a message trimmed
   * to fit SNS (no lists) still knows it.
   */
  unpriced?: number;
  errors: ScopeError[];
}

export interface AdvisorReport {
  schemaVersion: 1;
  generatedAt: string;
  /** The AWS account analysed, when the caller knows it (the Lambda's own account): names the digest and its Slack thread. */
  account?: string;
  /** `basis`: how the window was set (given with --start/--end, read off the data, or the snapshot's own). */
  window: { start: string; end: string; hours: number; basis?: WindowBasis };
  currency: 'USD';
  summary: {
    /** Same as `pricedMonthlyCost` (kept for existing consumers): spend for what is priced only. */
    currentMonthlyCost: Decimal;
    /** Monthly spend of everything priced; unpriced models and throughputs are counted, never added as $0. */
    pricedMonthlyCost: Decimal;
    /** The sum of the priced plans' savings; a plan whose saving is unknown adds nothing (counted in `unpricedPlans`). */
    potentialMonthlySavings: Decimal;
    recommendations: number;
    modelsAnalysed: number;
    unpricedModels: number;
    unpricedProvisionedThroughputs: number;
    /**
     * Custom models whose storage has no price (left out of the spend, never added as $0). In the
     * summary so a message trimmed to fit SNS, which drops the custom-model list, still counts them.
     * Present when one is; a report written before this field counts them from `customModels`.
     */
    unpricedCustomModels?: number;
    /** Plans listed (one per model and Region with something to do). */
    plans?: number;
    /** Plans whose saving is unknown (never counted as $0): potentialMonthlySavings is then a floor. Present when one is. */
    unpricedPlans?: number;
    /** Sum of the plans' upper-bound savings ("up to"), never part of potentialMonthlySavings. */
    upToMonthlySavings?: Decimal;
    /**
     * Accounts of an organisation report whose upper bound is unknown (their report states none and
     * lists no plans to add it from): they add nothing to `upToMonthlySavings`, which is then "at least",
     * never read as their $0. Present when one is.
     */
    upToUnknownAccounts?: number;
    /**
     * What required changes add per month (moving off end-of-life models), never netted into
     * potentialMonthlySavings: the plans' whose required cost is known. Present when one does.
     */
    requiredMonthlyCost?: Decimal;
    /**
     * Plans whose required cost is unknown (`requiredMonthlyCost` null): they add nothing to
     * `requiredMonthlyCost`, which is then at least what it says, never their $0. Present when one is.
     */
    unpricedRequiredPlans?: number;
    /** Accounts an organisation report covers, read or not (`accounts[]` may list fewer in a message trimmed to fit SNS). */
    accounts?: number;
  };
  models: ModelReport[];
  /** One plan per model and Region; summary.potentialMonthlySavings is exactly the sum of their savings. */
  plans?: ModelPlan[];
  recommendations: Recommendation[];
  provisionedThroughputs: ProvisionedThroughputReport[];
  customModels: CustomModelReport[];
  unpriced: Array<{ modelId: string; region: string; invokedAs: string[]; reason: Worded; accountId?: string }>;
  errors: ScopeError[];
  /** One line per account, in a report over several accounts (the organisation summary is `summary`). */
  accounts?: AccountSummary[];
  /** Input that was used but looks wrong (a rates-file key no usage matches), each naming what to check. */
  warnings?: Worded[];
  /** What every figure in the report assumes: notes, and the catalog's own notes, worded when the report is published. */
  assumptions: Worded[];
  /** Which price catalog was used and how old its prices are. */
  priceSource: PriceSourceInfo;
  /** True when the prices are older than `STALE_PRICE_DAYS`. */
  stalePrices: boolean;
  collection?: CollectionStats;
  /** This period against the previous one, both read from CloudWatch (no state is stored). */
  weekOverWeek?: WeekOverWeek;
  /** The replay set beside the bill, when a bill was read (`--bill`, or the digest's BILL_SOURCE). */
  reconciliation?: Reconciliation;
  /** Cost per caller (identity ARN) and requestMetadata tag, ranked by batch saving (`--invocation-logs`). */
  callers?: CallerReport[];
  /** What the invocation logs covered, when read. */
  invocationLogs?: InvocationLogSummary;
}

export interface WeekOverWeek {
  previousWindow: { start: string; end: string };
  previousMonthlyCost: Decimal;
  currentMonthlyCost: Decimal;
  /** currentMonthlyCost - previousMonthlyCost. */
  spendChange: Decimal;
  /** Percent change in spend; absent when the previous period cost nothing. */
  changePercent?: Decimal;
  previousPotentialMonthlySavings: Decimal;
  /** Savings available now minus savings available then. */
  savingsChange: Decimal;
  /**
   * Either period has spend with no price (a model, provisioned throughput or custom model's storage):
   * both figures are what is priced, and the change is between those, not the whole spend. Present when so.
   */
  pricedSpendOnly?: true;
  /** Either period has a plan whose saving is unknown: the savings compared are the known ones only. Present when so. */
  knownSavingsOnly?: true;
}

/** Prices older than this many days are flagged in the report. */
export const STALE_PRICE_DAYS = 30;

export interface PriceSourceInfo {
  /** `bundled` (shipped with the tool), `file` (`--catalog FILE`), `live` (the Price List read during the run). */
  kind: 'bundled' | 'file' | 'live';
  name: string;
  /** The date the prices are as of (ISO date). */
  asOf: string;
  /** Days from `asOf` to the report's date. */
  ageDays: number;
  /** Present when live prices were asked for and could not be read: why, and so the bundled catalog priced the run. */
  fallback?: PriceListFallback;
}

// --- Invocation logs: what they add to a report ---------------------------------------------------

/**
 * What the invocation logs add to a report: every request priced at its own class (long context or
 * not, cache TTL, service tier), summed per model (`models[].requests`) and per caller and tag
 * (`callers[]`). Money is Decimal here and an exact decimal string in the JSON report.
 */

export interface RequestTokens {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Cache writes whose TTL no body said (bodies not delivered): priced at the 5-minute rate. */
  cacheWriteUnsplit: number;
  output: number;
}

/** The part of the report's window the logs cover, for one account and Region. */
export interface LogCoverage {
  accountId: string;
  region: string;
  /** First covered hour and the end of the last, ISO, clipped to the window. */
  start: string;
  end: string;
  hours: number;
  windowHours: number;
  /** The logs cover the whole window: long context and cache TTL are exact, not bounds. */
  complete: boolean;
}

/** One class of requests of one model: priced at its own rates. */
export interface RequestClass {
  /** Above the model's long-context threshold: the whole request billed at long-context rates. */
  longContext: boolean;
  /** `standard`, `priority`, `flex`, or what the body said. */
  tier: string;
  streaming: boolean;
  /** The records carry an `errorCode`; their tokens, when any, are still billed. */
  errored: boolean;
  requests: number;
  tokens: RequestTokens;
  /** Over the covered hours; null when a needed price is unknown (unpriced, never $0). */
  cost: Decimal | null;
  lines: PricedLine[];
  unpricedReason?: Worded;
}

/** A class of requests before pricing: the quantities the on-demand mode bills (`request-classes`). */
export type RequestClassCounts = Pick<RequestClass, 'longContext' | 'tier' | 'streaming' | 'errored' | 'requests' | 'tokens'>;

/**
 * One model's requests as the invocation logs counted them over the hours they cover: the quantity a
 * mode reads as `request-classes` (src/modes/mode.ts). Tokens are exact integer sums per class.
 */
export interface RequestQuantities {
  coverage: LogCoverage;
  classes: RequestClassCounts[];
}

export interface ModelRequests {
  coverage: LogCoverage;
  requests: number;
  longContextRequests: number;
  /** Requests served in another Region by cross-Region inference (`inferenceRegion`). */
  reroutedRequests: number;
  erroredRequests: number;
  tokens: RequestTokens;
  /** Sum of the classes' costs over the covered hours; null when any class is unpriced. */
  cost: Decimal | null;
  /** The same per 730-hour month, scaled from the covered hours. */
  monthlyCost: Decimal | null;
  classes: RequestClass[];
  assumptions: Worded[];
}

/** Evidence in the logs that a caller's requests can wait: figures, and the signals they support. */
export interface BatchEvidence {
  /** Share of requests through InvokeModel / Converse rather than a streaming operation (0..1). */
  nonStreamingShare: number;
  /** Share of requests between 20:00 and 06:00 UTC or on a Saturday or Sunday (0..1). */
  offHoursShare: number;
  /** Requests per minute with any request: high means bursts. */
  requestsPerActiveMinute: number;
  /** Hours with any request. */
  activeHours: number;
  /** Coefficient of variation of each request's whole input (0 = all alike); null below 2 requests. */
  inputSizeVariation: number | null;
  /** What the identity ARN says the caller is. */
  callerKind: 'job' | 'person' | 'unknown';
  /** The statements these figures support, each with its threshold: notes worded when the report is published. */
  signals: Worded[];
}

export interface CallerBatch {
  /** Requests that batch could price: not errored, not long context (no batch long-context rate). */
  requests: number;
  inputTokens: number;
  outputTokens: number;
  onDemandCost: Decimal | null;
  batchCost: Decimal | null;
  /** onDemandCost - batchCost per 730-hour month; null when either is unpriced. */
  monthlySavings: Decimal | null;
  /** Why batch prices less than all of the caller's requests, or none. */
  reason?: Worded;
  evidence: BatchEvidence;
}

export interface CallerReport {
  accountId: string;
  /** `identity.arn`. */
  caller: string;
  /** `requestMetadata` of the requests. */
  tags: Record<string, string>;
  /** Base model IDs called. */
  models: string[];
  requests: number;
  tokens: RequestTokens;
  cost: Decimal | null;
  monthlyCost: Decimal | null;
  batch: CallerBatch;
}

export interface InvocationLogSummary {
  source: string;
  coverage: LogCoverage[];
  requests: number;
  /** Records delivered twice (same requestId), counted once. */
  duplicates: number;
  /** Requests outside the report's window, not counted. */
  outsideWindow: number;
  /** Requests of models the report cannot price from the logs (an unresolved profile ARN). */
  unresolved: Array<{ modelId: string; region: string; requests: number; reason: Worded }>;
  assumptions: Worded[];
}
