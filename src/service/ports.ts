import type { CollectionPlan } from '../usage/cloudwatch-plan.js';
import type { PublishedReport } from '../report/published.js';
import type { AdvisorReport } from '../domain/report.js';
import type { UsageWarning } from '../domain/notes.js';
import type { BillRead } from '../bill/billed-line.js';
import type {
  CollectionStats,
  CustomModelInfo,
  ForecastHistory,
  InferenceProfileInfo,
  ModelUsage,
  ProvisionedThroughputInfo,
} from '../usage/usage.js';

/**
 * The ports the service layer runs on. Each is a small interface with no AWS SDK type in it: the AWS
 * adapters (`src/aws/sources.ts`) implement them with CloudWatch and Bedrock clients, and a newcomer
 * adds another source (Bedrock invocation logs, a usage export) by implementing `UsageSource` alone;
 * the engine never changes. Prices come through `PriceListReader` (src/service/price-source.ts).
 */

export interface UsageRequest {
  start: Date;
  end: Date;
  /** Only these models (raw `ModelId` or base model ID). Default: every model found. */
  models?: string[];
  /** The clock retention tiers are measured from, for reproducible runs. Default: now. */
  now?: Date;
  /** Cancels the collection; the source then rejects with the signal's reason, never returns part of the window. */
  signal?: AbortSignal;
  /** Hourly sums over the whole window (the runaway watch, the forecast), not the finest resolution kept. */
  hourly?: boolean;
  /** Also read hourly sums over this many days before `end`, for the forecast alone (`UsageCollection.history`). */
  historyDays?: number;
}

export interface UsageCollection {
  models: ModelUsage[];
  /** What reading cost, when the source is billed per call (CloudWatch). */
  stats?: CollectionStats;
  /** What was read but looks wrong (both spellings of a cache metric at one time), for the report. */
  warnings?: UsageWarning[];
  /**
   * The grid a source on CloudWatch's retention tiers read (the collector's plan, trimmed at a retention
   * edge). The collector plans once; the service takes its plan rather than planning again.
   */
  plan?: CollectionPlan;
  /** With `historyDays`: the hourly sums of the same series over the longer window; its cost is in `stats`. */
  history?: ForecastHistory;
}

/** Usage of one account in one Region for a window. */
export interface UsageSource {
  collect(request: UsageRequest): Promise<UsageCollection>;
}

/** The control-plane inventory of one account in one Region. */
export interface Inventory {
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  foundationModels: Array<{ modelId: string; modelName?: string; providerName?: string; lifecycleStatus?: string }>;
}

export interface InventorySource {
  /** `signal` cancels the calls in flight; `read` then rejects with its reason. */
  read(signal?: AbortSignal): Promise<Inventory>;
}

/** The sources of one account, per Region (adapters build and cache one client per Region). */
export interface RegionSources {
  usage(region: string): UsageSource;
  inventory(region: string): InventorySource;
}

/** An AWS account to read; how it is entered (an assumed role) is the adapter's business. */
export interface AccountRef {
  accountId: string;
  /** The account's name in the organization, when listed from it. */
  name?: string;
}

export interface ReportPublisher<TResult = unknown> {
  /** `signal` cancels the publish in flight (the Lambda gave up on this invocation). */
  publish(report: PublishedReport, signal?: AbortSignal): Promise<TResult>;
}

/**
 * The bill for a finished report's days (Cost Explorer in the digest, when BILL_SOURCE turns it on):
 * the report is reconciled with it before it is published.
 */
export interface BillSource {
  readFor(report: Pick<AdvisorReport, 'window'>, accountIds: string[] | undefined, signal?: AbortSignal): Promise<BillRead>;
}
