import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClientConfig,
  type MessageData,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { systemClock } from '../clock.js';
import { AdvisorError, ConfigurationError } from '../errors.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import { parseModelId } from '../model-id.js';
import type { UsageWarning } from '../domain/notes.js';
import { Money, toUsdString } from '../money.js';
import {
  ACCEPTED_METRIC_NAMES,
  UsageBuilder,
  canonicalMetricName,
  type CollectionStats,
  type ForecastHistory,
  type ModelUsage,
  type UsageMetric,
} from '../usage/usage.js';
import {
  MAX_DATAPOINTS_PER_CALL,
  MAX_QUERIES_PER_CALL,
  trimOf,
  edgeTrimToleranceSeconds,
  planCallCounts,
  planCollection,
  planHourlyCollection,
  queriesPerCall,
  type CollectionPlan,
  type TimeSlice,
} from '../usage/cloudwatch-plan.js';

/** The plan's names, for callers that know the collector. */
export {
  MAX_DATAPOINTS_PER_CALL,
  MAX_QUERIES_PER_CALL,
  trimOf,
  edgeTrimToleranceSeconds,
  planCallCounts,
  planCollection,
  type CollectionPlan,
  type TimeSlice,
};


/**
 * Reads Bedrock runtime usage from CloudWatch: discovers every model with usage through ListMetrics,
 * then fetches per-period sums through GetMetricData at the finest resolution CloudWatch still keeps.
 */

/** `bedrock-runtime` traffic lands in `AWS/Bedrock`; `bedrock-mantle` (OpenAI/Anthropic-compatible APIs) in its own namespace. */
export const BEDROCK_NAMESPACES = ['AWS/Bedrock', 'AWS/BedrockMantle'] as const;


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

/** Thrown when CloudWatch reports an error for a query (or for the whole call); names the metric. */
export class MetricQueryError extends AdvisorError {
  override readonly name = 'MetricQueryError';
  readonly code = 'metric-query';
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
  /** Read hourly sums whatever the data's age (planHourlyCollection): one metric requested per series. */
  hourly?: boolean;
  /**
   * Also read the same series as hourly sums over this many days before `end` (at most 455, CloudWatch's
   * hourly retention), for the forecast: 455 days are 10,920 points, so one query holds a series' whole
   * read (one metric requested, $0.00001), where the finest tiers would request three. Counted in `stats`.
   */
  historyDays?: number;
}

export interface CollectResult {
  models: ModelUsage[];
  stats: CollectionStats;
  /** The plan read; its `start` is later than the request's when the retention edge was trimmed (`trimOf`). */
  plan: CollectionPlan;
  /** Both spellings of a cache metric at one time (counted once), said in the report. */
  warnings?: UsageWarning[];
  /** With `historyDays`: the same series' hourly sums over the longer window. */
  history?: ForecastHistory;
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
    this.now = now instanceof Date ? () => now : (now ?? systemClock.now);
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    if (!(req.start.getTime() < req.end.getTime())) {
      throw new ConfigurationError(`Collection window start (${req.start.toISOString()}) must be before its end (${req.end.toISOString()})`);
    }
    const counters = { listMetricsCalls: 0, getMetricDataCalls: 0, metricsRequested: 0, datapoints: 0 };
    const refs = await this.discover(req.models, counters, req.signal);
    const builder = new UsageBuilder();

    const plan = req.hourly ? planHourlyCollection(req.start, req.end) : planCollection(req.start, req.end, this.now());
    const tasks: Array<() => Promise<void>> = [];
    for (const slice of plan.slices) {
      const perCall = queriesPerCall(slice);
      for (let i = 0; i < refs.length; i += perCall) {
        const batch = refs.slice(i, i + perCall);
        tasks.push(() => this.fetchBatch(batch, slice, builder, counters, req.signal));
      }
    }
    // The forecast's long read: the same series (discovered once), hourly, into a builder of its own.
    const historyBuilder = req.historyDays ? new UsageBuilder() : undefined;
    const historyPlan = req.historyDays ? planHourlyCollection(new Date(req.end.getTime() - req.historyDays * 86_400_000), req.end) : undefined;
    for (const slice of historyPlan?.slices ?? []) {
      const perCall = queriesPerCall(slice);
      for (let i = 0; i < refs.length; i += perCall) {
        const batch = refs.slice(i, i + perCall);
        tasks.push(() => this.fetchBatch(batch, slice, historyBuilder!, counters, req.signal));
      }
    }
    await runWithConcurrency(tasks, this.concurrency, req.signal);

    // The advisor's own CloudWatch fees (constants cited where they are defined), not Bedrock prices: no price book holds them.
    const cost = GET_METRIC_DATA_USD_PER_METRIC_REQUESTED.times(counters.metricsRequested)
      .plus(LIST_METRICS_USD_PER_REQUEST.times(counters.listMetricsCalls));
    const models = builder.build();
    const history: ForecastHistory | undefined = historyBuilder && historyPlan
      ? { window: { start: new Date(historyPlan.start * 1000).toISOString(), end: new Date((historyPlan.slices.at(-1)?.end ?? historyPlan.start) * 1000).toISOString() }, models: historyBuilder.build() }
      : undefined;
    return {
      models, stats: { ...counters, estimatedCostUsd: toUsdString(cost) }, plan,
      ...(builder.warnings.length ? { warnings: [...builder.warnings] } : {}),
      ...(history ? { history } : {}),
    };
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

export { createCloudWatchClient } from './region-clients.js';
