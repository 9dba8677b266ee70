import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClientConfig,
  type MessageData,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { ConfigurationError } from '../errors.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import { parseModelId } from '../model-id.js';
import { Money, toUsdString } from '../money.js';
import {
  ACCEPTED_METRIC_NAMES,
  UsageBuilder,
  canonicalMetricName,
  type CollectionStats,
  type ModelUsage,
  type UsageMetric,
} from '../usage/usage.js';

/**
 * Reads Bedrock runtime usage from CloudWatch: discovers every model with usage through ListMetrics,
 * then fetches per-period sums through GetMetricData at the finest resolution CloudWatch still keeps.
 */

/** `bedrock-runtime` traffic lands in `AWS/Bedrock`; `bedrock-mantle` (OpenAI/Anthropic-compatible APIs) in its own namespace. */
export const BEDROCK_NAMESPACES = ['AWS/Bedrock', 'AWS/BedrockMantle'] as const;

/** GetMetricData limits per call (API reference, GetMetricData). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/**
 * GetMetricData is billed per metric requested: $0.01 per 1,000 metrics in us-east-1
 * (https://aws.amazon.com/cloudwatch/pricing/, "API" section). Other Regions can differ a little,
 * so the estimate is indicative. Each MetricDataQuery in each call, NextToken pages included, counts.
 */
export const GET_METRIC_DATA_USD_PER_METRIC_REQUESTED = new Money('0.01').dividedBy(1000);

/**
 * ListMetrics is a standard API request: $0.01 per 1,000 requests (same page). The first 1,000,000
 * standard requests a month are free; that allowance is not subtracted, so the estimate is an upper bound.
 */
export const LIST_METRICS_USD_PER_REQUEST = new Money('0.01').dividedBy(1000);

/** A slice of the window read at one period. `start`/`end` are epoch seconds, end exclusive, both multiples of the period. */
export interface TimeSlice {
  start: number;
  end: number;
  periodSeconds: number;
}

const DAY_SECONDS = 86_400;

/**
 * CloudWatch keeps 60-s data 15 days, 300-s data 63 days and 3600-s data 455 days; a query whose
 * StartTime is older than its period's retention returns no points at all. Each tier covers data
 * younger than `maxAgeSeconds`.
 */
const RESOLUTION_TIERS = [
  { periodSeconds: 60, maxAgeSeconds: 15 * DAY_SECONDS },
  { periodSeconds: 300, maxAgeSeconds: 63 * DAY_SECONDS },
  { periodSeconds: 3600, maxAgeSeconds: Infinity },
] as const;

/**
 * Calls happen a little after `now` is read (and a large account takes minutes to read), so each
 * tier boundary is moved this much towards the present: a 1-minute query must never start at the
 * very edge of the 15-day retention.
 */
const RETENTION_SAFETY_SECONDS = 600;

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

/**
 * A slice at the window's start read at a coarser period than the rest, and no longer than
 * RETENTION_SAFETY_SECONDS plus that coarser period, is not read at all: the window starts at the finer
 * tier's boundary instead. A window of exactly 15 (or 63) days ending now starts that little before
 * the boundary (the safety margin, then the boundary's rounding up to the coarser period), so its first
 * 10 to 15 (or 10 to 70) minutes would otherwise cost a second query for every series, doubling the
 * metrics billed for a few datapoints each. A longer coarse slice holds data really past the finer
 * tier's retention, and is read.
 */
export function edgeTrimToleranceSeconds(coarsePeriodSeconds: number): number {
  return RETENTION_SAFETY_SECONDS + coarsePeriodSeconds;
}

/** What a collection reads: its slices, and where its window really starts. */
export interface CollectionPlan {
  slices: TimeSlice[];
  /** Epoch seconds: the requested start, or later by `trimmedSeconds` when the edge slice was dropped. */
  start: number;
  /** Seconds at the window's start not read (0, or at most `edgeTrimToleranceSeconds` of the dropped slice's period). */
  trimmedSeconds: number;
  /** Period of the tier whose retention edge caused the trim, when there was one. */
  trimmedAtPeriodSeconds?: number;
}

/**
 * Splits [start, end) into slices, oldest first, each read at the finest period CloudWatch still keeps
 * for it relative to `now`. Boundaries between tiers are rounded up to the coarser period (the coarser
 * tier takes the few extra minutes, never the finer one past its retention); the window's own start is
 * rounded down and its end up to the period, as CloudWatch itself rounds unaligned times. A slice longer
 * than MAX_DATAPOINTS_PER_CALL periods is cut so one query always fits in one call (no tier is that
 * long: 455 days of hours is 10,920 points). A coarse slice at the window's start no longer than
 * `edgeTrimToleranceSeconds` is dropped and the plan's `start` moves to where the next slice begins,
 * so each series is requested once per retention tier the window really reaches.
 */
export function planCollection(start: Date, end: Date, now: Date): CollectionPlan {
  const startSec = Math.floor(start.getTime() / 1000);
  const endSec = Math.ceil(end.getTime() / 1000);
  const nowSec = Math.floor(now.getTime() / 1000);
  const tierSlices: Array<{ from: number; to: number; periodSeconds: number }> = [];
  // Walk from the coarsest tier (oldest data) to the finest.
  let lower = -Infinity;
  for (let i = RESOLUTION_TIERS.length - 1; i >= 0; i--) {
    const tier = RESOLUTION_TIERS[i]!;
    const finer = RESOLUTION_TIERS[i - 1];
    // The upper edge of this tier: where the next finer tier's retention begins, aligned to this period.
    const upper = finer ? ceilTo(nowSec - finer.maxAgeSeconds + RETENTION_SAFETY_SECONDS, tier.periodSeconds) : Infinity;
    const from = Math.max(startSec, lower);
    const to = Math.min(endSec, upper);
    lower = upper;
    if (from < to) tierSlices.push({ from, to, periodSeconds: tier.periodSeconds });
  }
  let planStart = startSec;
  let trimmed: { seconds: number; periodSeconds: number } | undefined;
  const edge = tierSlices[0];
  if (edge && tierSlices.length > 1 && edge.to - edge.from <= edgeTrimToleranceSeconds(edge.periodSeconds)) {
    tierSlices.shift();
    planStart = edge.to;
    trimmed = { seconds: edge.to - startSec, periodSeconds: tierSlices[0]!.periodSeconds };
  }
  const slices: TimeSlice[] = [];
  for (const { from, to, periodSeconds } of tierSlices) {
    const alignedStart = floorTo(from, periodSeconds);
    const alignedEnd = ceilTo(to, periodSeconds);
    const maxSpan = MAX_DATAPOINTS_PER_CALL * periodSeconds;
    for (let s = alignedStart; s < alignedEnd; s += maxSpan) {
      slices.push({ start: s, end: Math.min(alignedEnd, s + maxSpan), periodSeconds });
    }
  }
  return {
    slices,
    start: planStart,
    trimmedSeconds: trimmed?.seconds ?? 0,
    ...(trimmed ? { trimmedAtPeriodSeconds: trimmed.periodSeconds } : {}),
  };
}

/** Says in words why a window starts later than asked, for the report's `window.basis`. */
export function describeTrim(plan: CollectionPlan): string | undefined {
  if (plan.trimmedSeconds === 0 || plan.trimmedAtPeriodSeconds === undefined) return undefined;
  const tier = RESOLUTION_TIERS.find((t) => t.periodSeconds === plan.trimmedAtPeriodSeconds)!;
  return (
    `starting ${Math.round(plan.trimmedSeconds / 60)} minutes later, at the edge of CloudWatch's ` +
    `${tier.maxAgeSeconds / DAY_SECONDS}-day retention of ${plan.trimmedAtPeriodSeconds / 60}-minute data ` +
    `(reading those minutes at a coarser period would request every metric a second time)`
  );
}

/**
 * GetMetricData calls and metrics requested for `seriesCount` series over a plan, and the datapoints
 * they ask for: the collector's own packing, computed without calling AWS (the README's cost table).
 */
export function planCallCounts(plan: CollectionPlan, seriesCount: number): { calls: number; metricsRequested: number; datapoints: number } {
  let calls = 0;
  let datapoints = 0;
  for (const slice of plan.slices) {
    const perCall = queriesPerCall(slice);
    calls += Math.ceil(seriesCount / perCall);
    datapoints += seriesCount * pointsIn(slice);
  }
  return { calls, metricsRequested: seriesCount * plan.slices.length, datapoints };
}

function pointsIn(slice: TimeSlice): number {
  return (slice.end - slice.start) / slice.periodSeconds;
}

/**
 * All queries in one call share StartTime and EndTime, so a call holds as many whole series of one
 * slice as fit under both per-call limits. Splitting a slice in time to fill calls better would
 * request each series once more per extra piece, and metrics requested are what CloudWatch bills.
 */
function queriesPerCall(slice: TimeSlice): number {
  return Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / pointsIn(slice))));
}

/** Thrown when CloudWatch reports an error for a query (or for the whole call); names the metric. */
export class MetricQueryError extends Error {
  override readonly name = 'MetricQueryError';
  constructor(
    message: string,
    readonly metric?: { namespace: string; metricName: string; modelId: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One CloudWatch metric to read: a namespace, the metric name as CloudWatch spells it, one ModelId. */
interface MetricRef {
  namespace: string;
  metricName: string;
  metric: UsageMetric;
  modelId: string;
}

export interface CollectRequest {
  start: Date;
  end: Date;
  /** Only these models: each entry matches the raw `ModelId` dimension or its base model ID. */
  models?: string[];
  /**
   * Aborts the collection: calls in flight are cancelled, no new call starts, and `collect` rejects
   * with the signal's reason. A collection never returns part of its window as if it were all of it.
   */
  signal?: AbortSignal;
}

export interface CollectResult {
  models: ModelUsage[];
  stats: CollectionStats;
  /** The plan read; its `start` is later than the request's when the retention edge was trimmed (`describeTrim`). */
  plan: CollectionPlan;
}

export interface CloudWatchUsageCollectorOptions {
  client: CloudWatchClient;
  region: string;
  /** The clock the retention tiers are measured from: a function, or a fixed instant for reproducible runs. Default: the system clock. */
  now?: (() => Date) | Date;
  /** GetMetricData calls in flight at once (the API allows 50 TPS per account and Region). Default 4. */
  concurrency?: number;
}

export class CloudWatchUsageCollector {
  private readonly client: CloudWatchClient;
  private readonly region: string;
  private readonly now: () => Date;
  private readonly concurrency: number;

  constructor(opts: CloudWatchUsageCollectorOptions) {
    this.client = opts.client;
    this.region = opts.region;
    const now = opts.now;
    this.now = now instanceof Date ? () => now : (now ?? (() => new Date()));
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    if (!(req.start.getTime() < req.end.getTime())) {
      throw new ConfigurationError(`Collection window start (${req.start.toISOString()}) must be before its end (${req.end.toISOString()})`);
    }
    const counters = { listMetricsCalls: 0, getMetricDataCalls: 0, metricsRequested: 0, datapoints: 0 };
    const refs = await this.discover(req.models, counters, req.signal);
    const builder = new UsageBuilder();

    const plan = planCollection(req.start, req.end, this.now());
    const tasks: Array<() => Promise<void>> = [];
    for (const slice of plan.slices) {
      const perCall = queriesPerCall(slice);
      for (let i = 0; i < refs.length; i += perCall) {
        const batch = refs.slice(i, i + perCall);
        tasks.push(() => this.fetchBatch(batch, slice, builder, counters, req.signal));
      }
    }
    await runWithConcurrency(tasks, this.concurrency, req.signal);

    const cost = GET_METRIC_DATA_USD_PER_METRIC_REQUESTED.times(counters.metricsRequested)
      .plus(LIST_METRICS_USD_PER_REQUEST.times(counters.listMetricsCalls));
    return { models: builder.build(), stats: { ...counters, estimatedCostUsd: toUsdString(cost) }, plan };
  }

  /**
   * Lists every Bedrock metric with exactly one dimension, `ModelId`. The same tokens are also published
   * under finer dimension sets (ModelId+ServiceTier+ResolvedServiceTier, ModelId+ImageSize+BucketedStepSize);
   * those are breakdowns of the ModelId-only series, so reading them as well would count usage twice.
   *
   * ListMetrics returns only metrics with data in the last two weeks. A model named in `models` that
   * discovery did not find is therefore queried directly in `AWS/Bedrock` under every accepted metric name.
   */
  private async discover(filter: string[] | undefined, counters: { listMetricsCalls: number }, signal: AbortSignal | undefined): Promise<MetricRef[]> {
    const wanted = filter ? new Set(filter) : undefined;
    const matchedFilters = new Set<string>();
    const refs = new Map<string, MetricRef>();
    const addRef = (ref: MetricRef): void => {
      refs.set(`${ref.namespace}\u0000${ref.metricName}\u0000${ref.modelId}`, ref);
    };

    for (const namespace of BEDROCK_NAMESPACES) {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new ListMetricsCommand({ Namespace: namespace, Dimensions: [{ Name: 'ModelId' }], ...(nextToken ? { NextToken: nextToken } : {}) }),
          abortable(signal),
        );
        counters.listMetricsCalls++;
        for (const m of page.Metrics ?? []) {
          const dimensions = m.Dimensions ?? [];
          const only = dimensions[0];
          if (dimensions.length !== 1 || only?.Name !== 'ModelId' || !only.Value) continue;
          if (!m.MetricName || !ACCEPTED_METRIC_NAMES.includes(m.MetricName)) continue;
          const metric = canonicalMetricName(m.MetricName);
          if (!metric) continue;
          if (wanted) {
            const matches = [only.Value, parseModelId(only.Value).baseModelId].filter((id) => wanted.has(id));
            if (matches.length === 0) continue;
            for (const id of matches) matchedFilters.add(id);
          }
          addRef({ namespace: m.Namespace ?? namespace, metricName: m.MetricName, metric, modelId: only.Value });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }

    for (const modelId of filter ?? []) {
      if (matchedFilters.has(modelId)) continue;
      for (const metricName of ACCEPTED_METRIC_NAMES) {
        addRef({ namespace: 'AWS/Bedrock', metricName, metric: canonicalMetricName(metricName)!, modelId });
      }
    }
    return [...refs.values()];
  }

  private async fetchBatch(
    batch: MetricRef[],
    slice: TimeSlice,
    builder: UsageBuilder,
    counters: { getMetricDataCalls: number; metricsRequested: number; datapoints: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const queries: MetricDataQuery[] = batch.map((ref, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: { Namespace: ref.namespace, MetricName: ref.metricName, Dimensions: [{ Name: 'ModelId', Value: ref.modelId }] },
        Period: slice.periodSeconds,
        Stat: 'Sum',
      },
      ReturnData: true,
    }));
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(slice.start * 1000),
          EndTime: new Date(slice.end * 1000),
          // Ascending is requested, but points are placed by their own timestamps whatever the order.
          ScanBy: 'TimestampAscending',
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        abortable(signal),
      );
      counters.getMetricDataCalls++;
      counters.metricsRequested += queries.length;
      if (page.Messages?.length) {
        throw new MetricQueryError(`GetMetricData failed for ${batch.length} Bedrock metrics in ${this.region}: ${describeMessages(page.Messages)}`);
      }
      for (const result of page.MetricDataResults ?? []) {
        const index = /^m(\d+)$/.exec(result.Id ?? '');
        const ref = index ? batch[Number(index[1])] : undefined;
        if (!ref) throw new MetricQueryError(`GetMetricData returned a result for unknown query id "${result.Id}"`);
        const failed = result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden';
        if (failed || result.Messages?.length) {
          throw new MetricQueryError(
            `CloudWatch could not read ${ref.namespace} ${ref.metricName} for ModelId ${ref.modelId} in ${this.region}` +
              ` (status ${result.StatusCode ?? 'unknown'}${result.Messages?.length ? `: ${describeMessages(result.Messages)}` : ''})`,
            { namespace: ref.namespace, metricName: ref.metricName, modelId: ref.modelId },
          );
        }
        const timestamps = (result.Timestamps ?? []).map((t) => Math.round(t.getTime() / 1000));
        const values = result.Values ?? [];
        if (timestamps.length !== values.length) {
          throw new MetricQueryError(
            `CloudWatch returned ${timestamps.length} timestamps but ${values.length} values for ${ref.metricName} of ${ref.modelId}`,
            { namespace: ref.namespace, metricName: ref.metricName, modelId: ref.modelId },
          );
        }
        counters.datapoints += values.length;
        if (values.length === 0) continue;
        builder.addSeries({
          region: this.region,
          modelId: ref.modelId,
          namespace: ref.namespace,
          metric: ref.metric,
          metricName: ref.metricName,
          periodSeconds: slice.periodSeconds,
          timestamps,
          values,
        });
      }
      // A `PartialData` status means more points follow on the next page, so the token is followed whatever the status.
      nextToken = page.NextToken;
    } while (nextToken);
  }
}

function describeMessages(messages: MessageData[]): string {
  return messages.map((m) => [m.Code, m.Value].filter(Boolean).join(': ')).join('; ');
}

async function runWithConcurrency(tasks: Array<() => Promise<void>>, concurrency: number, signal: AbortSignal | undefined): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After a failure the other workers stop taking tasks: the collection is lost anyway, and every call costs.
    while (!failed && !signal?.aborted && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  // Workers that saw the abort between two tasks stop quietly; the collection as a whole must not.
  signal?.throwIfAborted();
}

/**
 * A CloudWatch client for the collector, with the shared timeouts and throttling backoff
 * (client-config.ts); `options` override any default (tests pass endpoints).
 */
export function createCloudWatchClient(region: string, options: AdvisorClientOptions<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient(awsClientConfig(region, options));
}
