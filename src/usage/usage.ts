/**
 * Observed Bedrock usage: per model and Region, time series of the CloudWatch runtime metrics.
 *
 * Series run to millions of points (1,000 models x 15 days of minutes), so values live in one
 * Float64Array per metric per segment rather than one object per point. Token counts are integers
 * and a Float64 holds every integer below 2^53 exactly, so sums stay exact.
 */

/** Metric names as CloudWatch spells them (the canonical spelling where AWS uses two). */
export const USAGE_METRICS = [
  'InputTokenCount',
  'OutputTokenCount',
  'CacheReadInputTokenCount',
  'CacheWriteInputTokenCount',
  'Invocations',
  'OutputImageCount',
  'InvocationThrottles',
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/**
 * AWS's metrics table spells the cache metrics `CacheReadInputTokens`/`CacheWriteInputTokens`;
 * its quota docs, live accounts and invocation logs use `…TokenCount`. Both are accepted.
 */
const METRIC_ALIASES: Record<string, UsageMetric> = {
  CacheReadInputTokens: 'CacheReadInputTokenCount',
  CacheWriteInputTokens: 'CacheWriteInputTokenCount',
};

export function canonicalMetricName(name: string): UsageMetric | undefined {
  if ((USAGE_METRICS as readonly string[]).includes(name)) return name as UsageMetric;
  // Own keys only: a plain-object lookup would accept "valueOf" or "constructor" as a metric (found by fuzzing).
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
}

/** Every spelling CloudWatch may use, for discovery. */
export const ACCEPTED_METRIC_NAMES: readonly string[] = [...USAGE_METRICS, ...Object.keys(METRIC_ALIASES)];

/** A run of equally spaced points: point i covers [start + i*period, start + (i+1)*period). */
export interface UsageSegment {
  periodSeconds: number;
  /** Epoch seconds of the first point. */
  start: number;
  length: number;
  /** Absent metric = zero throughout. */
  metrics: Partial<Record<UsageMetric, Float64Array>>;
}

export interface ModelUsage {
  /** The `ModelId` dimension value as CloudWatch reported it. */
  modelId: string;
  region: string;
  /** `AWS/Bedrock` or `AWS/BedrockMantle`. */
  namespace?: string;
  /** Disjoint, in time order. */
  segments: UsageSegment[];
}

export type UsageTotals = Record<UsageMetric, number>;

export function emptyTotals(): UsageTotals {
  return Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as UsageTotals;
}

export function totalsOf(usage: ModelUsage): UsageTotals {
  const totals = emptyTotals();
  for (const segment of usage.segments) {
    for (const metric of USAGE_METRICS) {
      const values = segment.metrics[metric];
      if (!values) continue;
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i] as number;
      totals[metric] += sum;
    }
  }
  return totals;
}

/**
 * Collects points in any order (CloudWatch returns newest first by default; CSV rows come as the
 * user wrote them) and builds dense segments. Points of the same metric, time and period are summed,
 * so the same model seen through two namespaces or spellings adds up. Points are kept in flat
 * number arrays until `build`, not one object per point, because a month of minutes for a thousand
 * models is tens of millions of points.
 */
export class UsageBuilder {
  private readonly series = new Map<string, { modelId: string; region: string; namespace?: string; byPeriod: Map<number, Map<UsageMetric, { t: number[]; v: number[] }>> }>();

  private pointsFor(region: string, modelId: string, namespace: string | undefined, metric: UsageMetric, periodSeconds: number): { t: number[]; v: number[] } {
    const key = `${region}\u0000${modelId}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = { modelId, region, byPeriod: new Map(), ...(namespace ? { namespace } : {}) };
      this.series.set(key, entry);
    }
    let byMetric = entry.byPeriod.get(periodSeconds);
    if (!byMetric) entry.byPeriod.set(periodSeconds, (byMetric = new Map()));
    let points = byMetric.get(metric);
    if (!points) byMetric.set(metric, (points = { t: [], v: [] }));
    return points;
  }

  add(point: { region: string; modelId: string; namespace?: string; metric: UsageMetric; timestamp: number; periodSeconds: number; value: number }): void {
    const points = this.pointsFor(point.region, point.modelId, point.namespace, point.metric, point.periodSeconds);
    points.t.push(point.timestamp);
    points.v.push(point.value);
  }

  /** Adds many points of one metric at once (the collector's path). */
  addSeries(args: { region: string; modelId: string; namespace?: string; metric: UsageMetric; periodSeconds: number; timestamps: ArrayLike<number>; values: ArrayLike<number> }): void {
    const points = this.pointsFor(args.region, args.modelId, args.namespace, args.metric, args.periodSeconds);
    for (let i = 0; i < args.timestamps.length; i++) {
      points.t.push(args.timestamps[i] as number);
      points.v.push(args.values[i] as number);
    }
  }

  build(): ModelUsage[] {
    const models: ModelUsage[] = [];
    for (const entry of this.series.values()) {
      const segments: UsageSegment[] = [];
      for (const [periodSeconds, byMetric] of entry.byPeriod) {
        let min = Infinity;
        let max = -Infinity;
        for (const { t } of byMetric.values()) {
          for (let i = 0; i < t.length; i++) {
            const x = t[i] as number;
            if (x < min) min = x;
            if (x > max) max = x;
          }
        }
        const start = Math.floor(min / periodSeconds) * periodSeconds;
        const length = Math.floor((max - start) / periodSeconds) + 1;
        const metrics: Partial<Record<UsageMetric, Float64Array>> = {};
        for (const [metric, { t, v }] of byMetric) {
          const values = new Float64Array(length);
          for (let i = 0; i < t.length; i++) values[Math.floor(((t[i] as number) - start) / periodSeconds)]! += v[i] as number;
          metrics[metric] = values;
        }
        segments.push({ periodSeconds, start, length, metrics });
      }
      segments.sort((a, b) => a.start - b.start);
      models.push({ modelId: entry.modelId, region: entry.region, ...(entry.namespace ? { namespace: entry.namespace } : {}), segments });
    }
    models.sort((a, b) => a.region.localeCompare(b.region) || a.modelId.localeCompare(b.modelId));
    return models;
  }
}

/** A provisioned throughput as the Bedrock control plane lists it. */
export interface ProvisionedThroughputInfo {
  provisionedModelArn: string;
  provisionedModelName: string;
  region: string;
  /** The model behind it: a foundation-model ARN or a custom-model ARN. */
  modelArn: string;
  /** The foundation model it is ultimately based on, when known. */
  foundationModelArn?: string;
  modelUnits: number;
  status: string;
  /** Absent = no commitment. */
  commitmentDuration?: 'OneMonth' | 'SixMonths';
  /** ISO 8601. */
  commitmentExpirationTime?: string;
  creationTime?: string;
}

export interface CustomModelInfo {
  modelArn: string;
  modelName: string;
  region: string;
  baseModelArn?: string;
  customizationType?: string;
  creationTime?: string;
}

export interface InferenceProfileInfo {
  inferenceProfileArn: string;
  inferenceProfileId: string;
  /** The name its owner gave it (an application profile is usually named for a team or app). */
  inferenceProfileName?: string;
  region: string;
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
  /** Foundation-model ARNs the profile routes to. */
  modelArns: string[];
}

/** A foundation model as ListFoundationModels lists it in a Region, with its lifecycle status. */
export interface FoundationModelStatus {
  modelId: string;
  region: string;
  /** `modelLifecycle.status`: `ACTIVE` or `LEGACY`. */
  lifecycleStatus?: string;
}

/** A failure confined to one Region (or account): reported, while the rest still runs. */
export interface ScopeError {
  scope: string;
  message: string;
}

/** Everything the engine needs about an account: usage plus the control-plane inventory. */
export interface UsageSnapshot {
  window: { start: string; end: string };
  models: ModelUsage[];
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  /** Foundation models of each Region read, for their lifecycle status (absent when not read). */
  foundationModels?: FoundationModelStatus[];
  /** Regions or accounts whose collection failed. */
  errors: ScopeError[];
  /** What collecting cost (CloudWatch API calls), when the snapshot came from AWS. */
  collection?: CollectionStats;
}

export interface CollectionStats {
  listMetricsCalls: number;
  getMetricDataCalls: number;
  /** Metrics requested across GetMetricData calls: what CloudWatch bills for. */
  metricsRequested: number;
  datapoints: number;
  /** USD, decimal string. */
  estimatedCostUsd: string;
}
