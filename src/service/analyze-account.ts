import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { BedrockInventoryReader } from '../aws/bedrock-inventory.js';
import { CloudWatchUsageCollector } from '../aws/cloudwatch-collector.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { analyze, type AnalyzeOptions } from '../engine.js';
import { usd, ZERO } from '../money.js';
import type { AdvisorReport } from '../report/report.js';
import type {
  CollectionStats,
  CustomModelInfo,
  InferenceProfileInfo,
  ModelUsage,
  ProvisionedThroughputInfo,
  ScopeError,
  UsageSnapshot,
} from '../usage/usage.js';
import { extentOf } from '../usage/usage.js';

/**
 * Orchestration for one account: collect usage and inventory in every Region at once, build one
 * snapshot, run the pure engine, and publish the finished report. No SDK calls of its own: the AWS
 * details live in the adapters under `src/aws/`, and the clients come in through `AwsClientFactories`.
 */

const SECONDS_PER_DAY = 86_400;

export interface AccountAnalysisRequest {
  /** Regions to read; each is collected independently, so one failing Region does not sink the run. */
  regions: string[];
  /** The window is [now - days, now]. */
  days: number;
  /** Restrict usage collection to these model IDs (as CloudWatch reports them). Default: every model found. */
  models?: string[];
  /** The clock. Default: now. */
  now?: Date;
}

/** One client per Region, built by the caller (handlers cache them at module scope). */
export interface AwsClientFactories {
  cloudWatch(region: string): CloudWatchClient;
  bedrock(region: string): BedrockClient;
}

export interface ReportPublisher<TResult = unknown> {
  publish(report: AdvisorReport): Promise<TResult>;
}

export interface AccountAnalysisDeps<TPublished = unknown> extends AwsClientFactories {
  catalog: PriceCatalog;
  /** Required when `publish` is true. */
  publisher?: ReportPublisher<TPublished>;
  publish: boolean;
  /** Passed to the engine; `now` defaults to the request's clock. */
  analyzeOptions?: AnalyzeOptions;
}

export interface AccountAnalysisResult<TPublished = unknown> {
  report: AdvisorReport;
  /** Present only when the report was published. */
  published?: TPublished;
}

/** Thrown when every requested Region failed: there is nothing to analyse and nothing is published. */
export class AccountCollectionError extends Error {
  override readonly name = 'AccountCollectionError';
  constructor(readonly errors: ScopeError[]) {
    super(`usage collection failed in every Region: ${errors.map((e) => `${e.scope}: ${e.message}`).join('; ')}`);
  }
}

/** Thrown when publishing is asked for but no publisher was configured. */
export class PublisherMissingError extends Error {
  override readonly name = 'PublisherMissingError';
}

/** Returns `create` memoized per Region, so each Region's client is built once and then reused. */
export function memoizeByRegion<T>(create: (region: string) => T): (region: string) => T {
  const byRegion = new Map<string, T>();
  return (region) => {
    let client = byRegion.get(region);
    if (client === undefined) {
      client = create(region);
      byRegion.set(region, client);
    }
    return client;
  };
}

interface RegionResult {
  models: ModelUsage[];
  stats?: CollectionStats;
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  errors: ScopeError[];
  /** True when usage could not be collected at all. */
  usageFailed: boolean;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // SDK errors carry the service's error code as `name` (AccessDeniedException, ThrottlingException…).
    return error.name && error.name !== 'Error' && !error.message.startsWith(error.name) ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}

async function collectRegion(region: string, window: { start: Date; end: Date }, request: AccountAnalysisRequest, clients: AwsClientFactories): Promise<RegionResult> {
  const scope = `region ${region}`;
  // Usage and inventory are independent calls; run both and report each failure on its own.
  const [usage, inventory] = await Promise.allSettled([
    new CloudWatchUsageCollector({ client: clients.cloudWatch(region), region, ...(request.now ? { now: request.now } : {}) }).collect({
      start: window.start,
      end: window.end,
      ...(request.models ? { models: request.models } : {}),
    }),
    new BedrockInventoryReader({ client: clients.bedrock(region), region }).read(),
  ]);
  const result: RegionResult = { models: [], provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [], usageFailed: false };
  if (usage.status === 'fulfilled') {
    result.models = usage.value.models;
    result.stats = usage.value.stats;
  } else {
    result.usageFailed = true;
    result.errors.push({ scope, message: `CloudWatch usage collection failed: ${errorMessage(usage.reason)}` });
  }
  if (inventory.status === 'fulfilled') {
    result.provisionedThroughputs = inventory.value.provisionedThroughputs;
    result.customModels = inventory.value.customModels;
    result.inferenceProfiles = inventory.value.inferenceProfiles;
  } else if (!result.usageFailed) {
    // Usage without inventory is still worth analysing, but provisioned throughputs and custom
    // models in this Region will be missing from the report: say so.
    result.errors.push({ scope, message: `Bedrock inventory could not be read (provisioned throughputs and custom models omitted): ${errorMessage(inventory.reason)}` });
  } else {
    result.errors[0]!.message += `; Bedrock inventory could not be read either: ${errorMessage(inventory.reason)}`;
  }
  return result;
}

/** Sums counters and cost; undefined when no Region reported stats. */
export function mergeCollectionStats(all: Array<CollectionStats | undefined>): CollectionStats | undefined {
  const present = all.filter((s): s is CollectionStats => s !== undefined);
  if (present.length === 0) return undefined;
  let cost = ZERO;
  const merged = { listMetricsCalls: 0, getMetricDataCalls: 0, metricsRequested: 0, datapoints: 0 };
  for (const s of present) {
    merged.listMetricsCalls += s.listMetricsCalls;
    merged.getMetricDataCalls += s.getMetricDataCalls;
    merged.metricsRequested += s.metricsRequested;
    merged.datapoints += s.datapoints;
    cost = cost.plus(usd(s.estimatedCostUsd));
  }
  return { ...merged, estimatedCostUsd: cost.toFixed() };
}

/**
 * Collects usage and inventory from every Region concurrently into one snapshot. A Region whose calls
 * fail is recorded in `errors` as `{ scope: 'region <name>', message }`; the others are kept.
 */
export async function collectAccountSnapshot(request: AccountAnalysisRequest, clients: AwsClientFactories): Promise<UsageSnapshot> {
  const end = request.now ?? new Date();
  const start = new Date(end.getTime() - request.days * SECONDS_PER_DAY * 1000);
  const regions = [...new Set(request.regions)];
  const results = await Promise.all(regions.map((region) => collectRegion(region, { start, end }, request, clients)));
  const models = results.flatMap((r) => r.models);
  // CloudWatch answers on its period grid, so the data can start before and end after the request.
  const extent = extentOf(models);
  const snapshot: UsageSnapshot = {
    window: {
      start: new Date(Math.min(start.getTime(), extent.start * 1000)).toISOString(),
      end: new Date(Math.max(end.getTime(), extent.end * 1000)).toISOString(),
      basis: `the ${request.days} days before the run, widened to CloudWatch's period grid`,
    },
    models,
    provisionedThroughputs: results.flatMap((r) => r.provisionedThroughputs),
    customModels: results.flatMap((r) => r.customModels),
    inferenceProfiles: results.flatMap((r) => r.inferenceProfiles),
    errors: results.flatMap((r) => r.errors),
  };
  const stats = mergeCollectionStats(results.map((r) => r.stats));
  if (stats) snapshot.collection = stats;
  if (regions.length > 0 && results.every((r) => r.usageFailed)) throw new AccountCollectionError(snapshot.errors);
  return snapshot;
}

/**
 * Collects, analyses and (optionally) publishes. Publishing happens once, after the whole report is
 * built, so a failure anywhere before it never sends a partial digest.
 */
export async function runAccountAnalysis<TPublished>(request: AccountAnalysisRequest, deps: AccountAnalysisDeps<TPublished>): Promise<AccountAnalysisResult<TPublished>> {
  if (deps.publish && !deps.publisher) throw new PublisherMissingError('publishing was requested but no publisher is configured');
  const snapshot = await collectAccountSnapshot(request, deps);
  const report = analyze(snapshot, deps.catalog, { ...(request.now ? { now: request.now } : {}), ...deps.analyzeOptions });
  if (!deps.publish || !deps.publisher) return { report };
  const published = await deps.publisher.publish(report);
  return { report, published };
}
