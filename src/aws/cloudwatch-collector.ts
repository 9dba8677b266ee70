import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClientConfig,
  type Dimension,
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
  checkedSum,
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
  /**
   * Set for one series of a finer dimension set, read because the metric has no ModelId-only series
   * for this model: its dimensions as ListMetrics gave them (ModelId among them), and the group whose
   * series are summed per time into the one column the ModelId-only series would have filled.
   */
  finer?: { dimensions: Dimension[]; group: FinerGroup; index: number };
}

/** A (namespace, metric name, model) read through the series of one finer dimension set, summed. */
interface FinerGroup {
  namespace: string;
  metricName: string;
  metric: UsageMetric;
  modelId: string;
  /** The set read, ModelId first (`ModelId + ImageSize + BucketedStepSize`). */
  dimensionNames: string[];
  /** Its series, each one query. */
  seriesCount: number;
  /** Other finer sets listed for the same metric and model: breakdowns of the same usage, not read. */
  notRead: string[][];
}

/**
 * The finer dimension sets AWS documents (monitoring-runtime-metrics.html; service-tiers-inference.html),
 * in the order one is preferred when a metric has several and no ModelId-only series: the image
 * breakdown for `OutputImageCount` (the set AWS names for it), then the service-tier breakdown. A set
 * AWS does not document comes after these, fewest dimensions first, then by name.
 */
const DOCUMENTED_FINER_SETS: ReadonlyArray<{ names: readonly string[]; metrics?: readonly string[] }> = [
  { names: ['ModelId', 'ImageSize', 'BucketedStepSize'], metrics: ['OutputImageCount'] },
  { names: ['ModelId', 'ServiceTier', 'ResolvedServiceTier'] },
];

/** A dimension set's key: its names, sorted (ListMetrics gives no order). */
function dimensionSetKey(names: readonly string[]): string {
  return [...names].sort().join('+');
}

/** The finer sets listed for one metric and model, the one to read first. */
function rankFinerSets(metricName: string, setKeys: Iterable<string>): Array<{ key: string; names: string[] }> {
  const ranked = [...setKeys].map((key) => {
    const names = key.split('+');
    const documented = DOCUMENTED_FINER_SETS.findIndex((d) => dimensionSetKey(d.names) === key && (!d.metrics || d.metrics.includes(metricName)));
    const display = documented >= 0 ? [...DOCUMENTED_FINER_SETS[documented]!.names] : ['ModelId', ...names.filter((n) => n !== 'ModelId')];
    return { key, names: display, rank: documented >= 0 ? documented : DOCUMENTED_FINER_SETS.length };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.names.length - b.names.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ranked.map(({ key, names }) => ({ key, names }));
}

/**
 * The points of finer series, kept per group, slice and series until every call is done: a group's
 * series can land in different calls (and pages), and their sum per time must not depend on the
 * order the calls finish in. Values are whole counts (Sum of a count metric), so the sums are exact.
 * Summed here rather than by a metric-math SUM: each series is a query either way (the expression would
 * be one more), and here each keeps its own status, messages and whole-number check.
 */
class FinerSums {
  private readonly parts = new Map<FinerGroup, Map<TimeSlice, Array<Array<{ timestamps: number[]; values: ArrayLike<number> }>>>>();

  add(group: FinerGroup, index: number, slice: TimeSlice, timestamps: number[], values: ArrayLike<number>): void {
    let bySlice = this.parts.get(group);
    if (!bySlice) this.parts.set(group, (bySlice = new Map()));
    let series = bySlice.get(slice);
    if (!series) bySlice.set(slice, (series = Array.from({ length: group.seriesCount }, () => [])));
    series[index]!.push({ timestamps, values });
  }

  /** Adds each group's sums to `builder`, a series per slice, in the groups' order; returns those that had points. */
  flushInto(groups: readonly FinerGroup[], builder: UsageBuilder, region: string): FinerGroup[] {
    const withPoints: FinerGroup[] = [];
    for (const group of groups) {
      const bySlice = this.parts.get(group);
      if (!bySlice) continue;
      const slices = [...bySlice.keys()].sort((a, b) => a.start - b.start);
      for (const slice of slices) {
        const series = bySlice.get(slice)!;
        const sums = new Map<number, number>();
        // Series in their listed order, pages in the order they came: the same sums whatever the calls' order.
        for (const pages of series) {
          for (const { timestamps, values } of pages) {
            for (let i = 0; i < timestamps.length; i++) {
              const t = timestamps[i]!;
              sums.set(t, checkedSum((sums.get(t) ?? 0) + (values[i] as number), () => `${group.modelId} (${region}) ${group.metricName} under ${group.dimensionNames.join(' + ')}`));
            }
          }
        }
        const times = [...sums.keys()].sort((a, b) => a - b);
        builder.addSeries({
          region,
          modelId: group.modelId,
          namespace: group.namespace,
          metric: group.metric,
          metricName: group.metricName,
          periodSeconds: slice.periodSeconds,
          timestamps: times,
          values: times.map((t) => sums.get(t)!),
        });
      }
      withPoints.push(group);
    }
    this.parts.clear();
    return withPoints;
  }
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
    const { refs, groups } = await this.discover(req.models, counters, req.signal);
    const builder = new UsageBuilder();
    const finerSums = new FinerSums();

    const plan = req.hourly ? planHourlyCollection(req.start, req.end) : planCollection(req.start, req.end, this.now());
    const tasks: Array<() => Promise<void>> = [];
    for (const slice of plan.slices) {
      const perCall = queriesPerCall(slice);
      for (let i = 0; i < refs.length; i += perCall) {
        const batch = refs.slice(i, i + perCall);
        tasks.push(() => this.fetchBatch(batch, slice, builder, finerSums, counters, req.signal));
      }
    }
    // The forecast's long read: the same series (discovered once), hourly, into a builder of its own.
    const historyBuilder = req.historyDays ? new UsageBuilder() : undefined;
    const historySums = new FinerSums();
    const historyPlan = req.historyDays ? planHourlyCollection(new Date(req.end.getTime() - req.historyDays * 86_400_000), req.end) : undefined;
    for (const slice of historyPlan?.slices ?? []) {
      const perCall = queriesPerCall(slice);
      for (let i = 0; i < refs.length; i += perCall) {
        const batch = refs.slice(i, i + perCall);
        tasks.push(() => this.fetchBatch(batch, slice, historyBuilder!, historySums, counters, req.signal));
      }
    }
    await runWithConcurrency(tasks, this.concurrency, req.signal);
    // Each finer group's series summed per time, once every call is in; said in the report where the window had points.
    const summed = finerSums.flushInto(groups, builder, this.region);
    if (historyBuilder) historySums.flushInto(groups, historyBuilder, this.region);
    const finerNotes: UsageWarning[] = summed.map((g) => ({
      says: 'metric-finer-dimensions', series: `${g.modelId} (${this.region})`, metric: `${g.namespace} ${g.metricName}`,
      dimensions: g.dimensionNames, seriesRead: g.seriesCount, ...(g.notRead.length ? { notRead: g.notRead } : {}),
    }));

    // The advisor's own CloudWatch fees (constants cited where they are defined), not Bedrock prices: no price book holds them.
    const cost = GET_METRIC_DATA_USD_PER_METRIC_REQUESTED.times(counters.metricsRequested)
      .plus(LIST_METRICS_USD_PER_REQUEST.times(counters.listMetricsCalls));
    const models = builder.build();
    const warnings = [...builder.warnings, ...finerNotes];
    const history: ForecastHistory | undefined = historyBuilder && historyPlan
      ? { window: { start: new Date(historyPlan.start * 1000).toISOString(), end: new Date((historyPlan.slices.at(-1)?.end ?? historyPlan.start) * 1000).toISOString() }, models: historyBuilder.build() }
      : undefined;
    return {
      models, stats: { ...counters, estimatedCostUsd: toUsdString(cost) }, plan,
      ...(warnings.length ? { warnings } : {}),
      ...(history ? { history } : {}),
    };
  }

  /**
   * Lists every Bedrock metric with a `ModelId` dimension (ListMetrics returns those with other
   * dimensions too) and picks, for each (namespace, metric name, model), what to read: its series with
   * `ModelId` as the only dimension when there is one. The same usage is also published under finer
   * dimension sets (ModelId+ServiceTier+ResolvedServiceTier, ModelId+ImageSize+BucketedStepSize); those
   * are breakdowns of the ModelId-only series, so reading them as well would count usage twice. Only
   * where a metric has no ModelId-only series for a model are the series of ONE finer set read (every
   * series of it, summed per time by `FinerSums`): never two sets, which are two breakdowns of one usage.
   *
   * ListMetrics returns only metrics with data in the last two weeks. A model named in `models` that
   * discovery did not find is therefore queried directly in `AWS/Bedrock` under every accepted metric name.
   */
  private async discover(
    filter: string[] | undefined,
    counters: { listMetricsCalls: number },
    signal: AbortSignal | undefined,
  ): Promise<{ refs: MetricRef[]; groups: FinerGroup[] }> {
    const wanted = filter ? new Set(filter) : undefined;
    const matchedFilters = new Set<string>();
    const refs = new Map<string, MetricRef>();
    const keyOf = (namespace: string, metricName: string, modelId: string): string => `${namespace}\u0000${metricName}\u0000${modelId}`;
    const addRef = (ref: MetricRef): void => {
      refs.set(keyOf(ref.namespace, ref.metricName, ref.modelId), ref);
    };
    /** Per (namespace, metric name, model) with finer series: the filters it matched and each set's series, by key. */
    const finer = new Map<string, {
      namespace: string; metricName: string; metric: UsageMetric; modelId: string; matches: string[];
      sets: Map<string, Map<string, Dimension[]>>;
    }>();

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
          const modelDimensions = dimensions.filter((d) => d.Name === 'ModelId');
          const only = modelDimensions[0];
          if (modelDimensions.length !== 1 || !only?.Value) continue;
          if (dimensions.some((d) => !d.Name || !d.Value)) continue;
          if (!m.MetricName || !ACCEPTED_METRIC_NAMES.includes(m.MetricName)) continue;
          const metric = canonicalMetricName(m.MetricName);
          if (!metric) continue;
          const matches = wanted ? [only.Value, parseModelId(only.Value).baseModelId].filter((id) => wanted.has(id)) : [];
          if (wanted && matches.length === 0) continue;
          const ns = m.Namespace ?? namespace;
          if (dimensions.length === 1) {
            for (const id of matches) matchedFilters.add(id);
            addRef({ namespace: ns, metricName: m.MetricName, metric, modelId: only.Value });
            continue;
          }
          // A finer series: kept aside until the whole listing says whether a ModelId-only one exists.
          const key = keyOf(ns, m.MetricName, only.Value);
          let entry = finer.get(key);
          if (!entry) finer.set(key, (entry = { namespace: ns, metricName: m.MetricName, metric, modelId: only.Value, matches, sets: new Map() }));
          const setKey = dimensionSetKey(dimensions.map((d) => d.Name!));
          let series = entry.sets.get(setKey);
          if (!series) entry.sets.set(setKey, (series = new Map()));
          series.set(dimensions.map((d) => `${d.Name}=${d.Value}`).sort().join('\u0000'), dimensions.map((d) => ({ Name: d.Name!, Value: d.Value! })));
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }

    const finerRefs: MetricRef[] = [];
    const groups: FinerGroup[] = [];
    for (const [key, entry] of finer) {
      if (refs.has(key)) continue;
      const [chosen, ...others] = rankFinerSets(entry.metricName, entry.sets.keys());
      const series = [...entry.sets.get(chosen!.key)!.values()];
      const group: FinerGroup = {
        namespace: entry.namespace, metricName: entry.metricName, metric: entry.metric, modelId: entry.modelId,
        dimensionNames: chosen!.names, seriesCount: series.length, notRead: others.map((o) => o.names),
      };
      groups.push(group);
      for (const id of entry.matches) matchedFilters.add(id);
      series.forEach((dimensions, index) => {
        finerRefs.push({ namespace: entry.namespace, metricName: entry.metricName, metric: entry.metric, modelId: entry.modelId, finer: { dimensions, group, index } });
      });
    }

    for (const modelId of filter ?? []) {
      if (matchedFilters.has(modelId)) continue;
      for (const metricName of ACCEPTED_METRIC_NAMES) {
        addRef({ namespace: 'AWS/Bedrock', metricName, metric: canonicalMetricName(metricName)!, modelId });
      }
    }
    return { refs: [...refs.values(), ...finerRefs], groups };
  }

  private async fetchBatch(
    batch: MetricRef[],
    slice: TimeSlice,
    builder: UsageBuilder,
    finerSums: FinerSums,
    counters: { getMetricDataCalls: number; metricsRequested: number; datapoints: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const queries: MetricDataQuery[] = batch.map((ref, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: { Namespace: ref.namespace, MetricName: ref.metricName, Dimensions: ref.finer?.dimensions ?? [{ Name: 'ModelId', Value: ref.modelId }] },
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
            `CloudWatch could not read ${ref.namespace} ${ref.metricName} for ${seriesName(ref)} in ${this.region}` +
              ` (status ${result.StatusCode ?? 'unknown'}${result.Messages?.length ? `: ${describeMessages(result.Messages)}` : ''})`,
            { namespace: ref.namespace, metricName: ref.metricName, modelId: ref.modelId },
          );
        }
        const timestamps = (result.Timestamps ?? []).map((t) => Math.round(t.getTime() / 1000));
        const values = result.Values ?? [];
        if (timestamps.length !== values.length) {
          throw new MetricQueryError(
            `CloudWatch returned ${timestamps.length} timestamps but ${values.length} values for ${ref.metricName} of ${seriesName(ref)}`,
            { namespace: ref.namespace, metricName: ref.metricName, modelId: ref.modelId },
          );
        }
        counters.datapoints += values.length;
        if (values.length === 0) continue;
        if (ref.finer) {
          // Summed with the group's other series once every call is in; a sum of whole counts is whole.
          const bad = values.findIndex((v) => !Number.isSafeInteger(v) || v < 0);
          if (bad >= 0) {
            throw new MetricQueryError(
              `CloudWatch returned ${values[bad]} for ${ref.namespace} ${ref.metricName} of ${seriesName(ref)} in ${this.region} at ${new Date(timestamps[bad]! * 1000).toISOString()}: ` +
                'a count summed with the other series of its dimension set must be a whole number',
              { namespace: ref.namespace, metricName: ref.metricName, modelId: ref.modelId },
            );
          }
          finerSums.add(ref.finer.group, ref.finer.index, slice, timestamps, values);
          continue;
        }
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

/** `ModelId X`, or for a finer series every dimension (`ModelId X, ImageSize 1024x1024, BucketedStepSize 50`). */
function seriesName(ref: MetricRef): string {
  return (ref.finer?.dimensions ?? [{ Name: 'ModelId', Value: ref.modelId }]).map((d) => `${d.Name} ${d.Value}`).join(', ');
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
