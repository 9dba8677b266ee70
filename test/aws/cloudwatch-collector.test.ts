import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type Dimension,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type ListMetricsCommandInput,
  type ListMetricsCommandOutput,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchUsageCollector,
  MAX_DATAPOINTS_PER_CALL,
  MetricQueryError,
  trimOf,
  planCollection,
} from '../../src/aws/cloudwatch-collector.js';
import { ConfigurationError } from '../../src/errors.js';
import { windowBasisText } from '../../src/report/format.js';
import { totalsOf, type ModelUsage } from '../../src/usage/usage.js';
import { adviceText } from '../../src/report/advice-text.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const HOUR = 3600;
const DAY = 86_400;
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

interface FakeMetric {
  namespace?: string;
  metricName: string;
  modelId: string;
  /** Extra dimensions besides ModelId (ServiceTier, ImageSize, …). */
  extraDimensions?: Dimension[];
  /** [epoch seconds, value] */
  points?: Array<[number, number]>;
}

interface FakeOptions {
  listPageSize?: number;
  /** Points per query per GetMetricData page; more are served on NextToken pages with StatusCode PartialData. */
  pointsPerPage?: number;
  /** Per-result overrides, keyed by `${metricName}|${modelId}`. */
  resultOverrides?: Record<string, Partial<MetricDataResult>>;
  topLevelMessages?: GetMetricDataCommandOutput['Messages'];
}

const cloudWatch = mockClient(CloudWatchClient);

/**
 * A CloudWatch stand-in: ListMetrics pages through `metrics`, GetMetricData answers each MetricStat query
 * from the matching metric's points in [StartTime, EndTime), **newest first** (CloudWatch's default order).
 */
function fakeCloudWatch(metrics: FakeMetric[], options: FakeOptions = {}): void {
  const pageSize = options.listPageSize ?? 500;
  cloudWatch.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput): ListMetricsCommandOutput => {
    const inNamespace = metrics.filter((m) => (m.namespace ?? 'AWS/Bedrock') === input.Namespace);
    const offset = Number(input.NextToken ?? 0);
    const page = inNamespace.slice(offset, offset + pageSize);
    return {
      $metadata: {},
      Metrics: page.map((m) => ({
        Namespace: m.namespace ?? 'AWS/Bedrock',
        MetricName: m.metricName,
        Dimensions: [{ Name: 'ModelId', Value: m.modelId }, ...(m.extraDimensions ?? [])],
      })),
      ...(offset + pageSize < inNamespace.length ? { NextToken: String(offset + pageSize) } : {}),
    };
  });
  cloudWatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput): GetMetricDataCommandOutput => {
    const start = input.StartTime!.getTime() / 1000;
    const end = input.EndTime!.getTime() / 1000;
    const page = Number(input.NextToken ?? 0);
    const perPage = options.pointsPerPage ?? Number.MAX_SAFE_INTEGER;
    let more = false;
    const results = (input.MetricDataQueries ?? []).map((q): MetricDataResult => {
      const stat = q.MetricStat!;
      const dims = stat.Metric!.Dimensions ?? [];
      const modelId = dims.find((d) => d.Name === 'ModelId')?.Value;
      // A series is its exact dimension set, names and values, in any order (as CloudWatch matches it).
      const match = metrics.find(
        (m) =>
          (m.namespace ?? 'AWS/Bedrock') === stat.Metric!.Namespace &&
          m.metricName === stat.Metric!.MetricName &&
          m.modelId === modelId &&
          dims.length === 1 + (m.extraDimensions?.length ?? 0) &&
          (m.extraDimensions ?? []).every((e) => dims.some((d) => d.Name === e.Name && d.Value === e.Value)),
      );
      const points = (match?.points ?? []).filter(([t]) => t >= start && t < end).sort((a, b) => b[0] - a[0]);
      const slice = points.slice(page * perPage, (page + 1) * perPage);
      const partial = points.length > (page + 1) * perPage;
      more ||= partial;
      return {
        Id: q.Id,
        Label: stat.Metric!.MetricName,
        Timestamps: slice.map(([t]) => new Date(t * 1000)),
        Values: slice.map(([, v]) => v),
        StatusCode: partial ? 'PartialData' : 'Complete',
        ...options.resultOverrides?.[`${stat.Metric!.MetricName}|${modelId}`],
      };
    });
    return {
      $metadata: {},
      MetricDataResults: results,
      ...(more ? { NextToken: String(page + 1) } : {}),
      ...(options.topLevelMessages ? { Messages: options.topLevelMessages } : {}),
    };
  });
}

function collector(): CloudWatchUsageCollector {
  return new CloudWatchUsageCollector({ client: new CloudWatchClient({ region: 'us-east-1' }), region: 'us-east-1', now: () => NOW });
}

function gmdInputs(): GetMetricDataCommandInput[] {
  return cloudWatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
}

function model(models: ModelUsage[], modelId: string): ModelUsage {
  const found = models.find((m) => m.modelId === modelId);
  if (!found) throw new Error(`no usage for ${modelId}; have ${models.map((m) => m.modelId).join(', ')}`);
  return found;
}

/** A window of the last `hours` hours, aligned to the hour, within the 1-minute tier. */
function recentWindow(hours: number): { start: Date; end: Date } {
  return { start: new Date((NOW_SEC - hours * HOUR) * 1000), end: NOW };
}

beforeEach(() => {
  cloudWatch.reset();
});

describe('planCollection: the slices', () => {
  it('reads data younger than 15 days at 60 s, 15 to 63 days at 300 s and older at 3600 s', () => {
    // Prepare: a 90-day window ending now.
    const start = new Date((NOW_SEC - 90 * DAY) * 1000);

    // Act
    const slices = planCollection(start, NOW, NOW).slices;

    // Assess: boundaries sit a safety margin inside each retention limit, aligned to the coarser period.
    const iso = (s: number) => new Date(s * 1000).toISOString();
    expect(slices.map((s) => [iso(s.start), iso(s.end), s.periodSeconds])).toEqual([
      ['2026-03-03T00:00:00.000Z', '2026-03-30T01:00:00.000Z', 3600],
      ['2026-03-30T01:00:00.000Z', '2026-05-17T00:10:00.000Z', 300],
      ['2026-05-17T00:10:00.000Z', '2026-06-01T00:00:00.000Z', 60],
    ]);
  });

  it('uses only the 1-minute period for a window within the last 15 days', () => {
    const slices = planCollection(new Date((NOW_SEC - 7 * DAY) * 1000), NOW, NOW).slices;

    expect(slices).toEqual([{ start: NOW_SEC - 7 * DAY, end: NOW_SEC, periodSeconds: 60 }]);
  });

  it('uses only the hourly period for a window that ended more than 63 days ago', () => {
    const slices = planCollection(new Date((NOW_SEC - 100 * DAY) * 1000), new Date((NOW_SEC - 70 * DAY) * 1000), NOW).slices;

    expect(slices).toEqual([{ start: NOW_SEC - 100 * DAY, end: NOW_SEC - 70 * DAY, periodSeconds: 3600 }]);
  });

  it('rounds an unaligned window start down and its end up to the period', () => {
    const start = new Date((NOW_SEC - 2 * HOUR + 17) * 1000);
    const end = new Date((NOW_SEC - HOUR + 5) * 1000);

    const slices = planCollection(start, end, NOW).slices;

    expect(slices).toEqual([{ start: NOW_SEC - 2 * HOUR, end: NOW_SEC - HOUR + 60, periodSeconds: 60 }]);
  });

  it('follows the clock: the same window read later moves to coarser periods', () => {
    const start = new Date((NOW_SEC - 10 * DAY) * 1000);
    const later = new Date((NOW_SEC + 10 * DAY) * 1000);

    const slices = planCollection(start, NOW, later).slices;

    expect(slices.map((s) => s.periodSeconds)).toEqual([300, 60]);
  });
});

describe('planCollection at a retention edge', () => {
  const iso = (s: number) => new Date(s * 1000).toISOString();

  it('reads a 15-day window ending now once per series: the 10 minutes at the 1-minute retention edge are left out and said so', () => {
    // Prepare: 15 days before NOW starts exactly at the 1-minute retention edge; the safety margin
    // (600 s) puts the 60-s tier's start at NOW - 15 d + 600 s, already a multiple of 300 s.
    const start = new Date((NOW_SEC - 15 * DAY) * 1000);

    // Act
    const plan = planCollection(start, NOW, NOW);

    // Assess: one 60-s slice, the window starting 600 s later, and the reason in words.
    expect(plan.slices).toEqual([{ start: NOW_SEC - 15 * DAY + 600, end: NOW_SEC, periodSeconds: 60 }]);
    expect(plan.start).toBe(NOW_SEC - 15 * DAY + 600);
    expect(plan.trimmedSeconds).toBe(600);
    expect(trimOf(plan)).toEqual({ minutes: 10, retentionDays: 15, periodMinutes: 1 });
    expect(windowBasisText({ how: 'days-before-run', days: 15, hourly: false, trim: trimOf(plan)! })).toBe(
      "the 15 days before the run, widened to CloudWatch's period grid, starting 10 minutes later, at the edge of CloudWatch's 15-day retention of 1-minute data " +
      '(reading those minutes at a coarser period would request every metric a second time)',
    );
  });

  it('trims a 63-day window at the 5-minute retention edge: the hourly slice there is one hour, within 600 s + 3600 s', () => {
    // 63 days before NOW: the 300-s tier starts at ceil(NOW - 63 d + 600 s, 3600 s) = NOW - 63 d + 3600 s.
    const plan = planCollection(new Date((NOW_SEC - 63 * DAY) * 1000), NOW, NOW);

    expect(plan.slices.map((s) => [iso(s.start), s.periodSeconds])).toEqual([
      ['2026-03-30T01:00:00.000Z', 300],
      ['2026-05-17T00:10:00.000Z', 60],
    ]);
    expect(plan.trimmedSeconds).toBe(3600);
    expect(trimOf(plan)).toEqual({ minutes: 60, retentionDays: 63, periodMinutes: 5 });
  });

  it('reads a coarse slice longer than the tolerance: 16 days is one day at 5 minutes plus 15 at 1 minute', () => {
    const plan = planCollection(new Date((NOW_SEC - 16 * DAY) * 1000), NOW, NOW);

    expect(plan.slices.map((s) => [s.start, s.end, s.periodSeconds])).toEqual([
      [NOW_SEC - 16 * DAY, NOW_SEC - 15 * DAY + 600, 300],
      [NOW_SEC - 15 * DAY + 600, NOW_SEC, 60],
    ]);
    expect(plan.start).toBe(NOW_SEC - 16 * DAY);
    expect(plan.trimmedSeconds).toBe(0);
  });

  it('never trims a window that fits in one tier, however short', () => {
    const plan = planCollection(new Date((NOW_SEC - 300) * 1000), NOW, NOW);

    expect(plan.slices).toEqual([{ start: NOW_SEC - 300, end: NOW_SEC, periodSeconds: 60 }]);
    expect(plan.trimmedSeconds).toBe(0);
  });

  it('trims exactly at the tolerance (600 s + one 300-s period) and not one period beyond it', () => {
    // The coarse slice is [start, NOW - 15 d + 600); 900 s of it is trimmed, 1,200 s is read.
    const edge = NOW_SEC - 15 * DAY + 600;
    expect(planCollection(new Date((edge - 900) * 1000), NOW, NOW).trimmedSeconds).toBe(900);
    expect(planCollection(new Date((edge - 1200) * 1000), NOW, NOW).slices.map((s) => s.periodSeconds)).toEqual([300, 60]);
  });
});

describe('CloudWatchUsageCollector', () => {
  it('discovers models in AWS/Bedrock and AWS/BedrockMantle, following ListMetrics NextToken', async () => {
    // Prepare: three Bedrock metrics over two pages, one Mantle metric.
    const t = NOW_SEC - HOUR;
    fakeCloudWatch(
      [
        { metricName: 'InputTokenCount', modelId: HAIKU, points: [[t, 100]] },
        { metricName: 'OutputTokenCount', modelId: HAIKU, points: [[t, 10]] },
        { metricName: 'InputTokenCount', modelId: 'amazon.nova-micro-v1:0', points: [[t, 7]] },
        { namespace: 'AWS/BedrockMantle', metricName: 'InputTokenCount', modelId: 'openai.gpt-oss-120b-1:0', points: [[t, 3]] },
      ],
      { listPageSize: 2 },
    );

    // Act
    const { models, stats } = await collector().collect(recentWindow(3));

    // Assess
    expect(models.map((m) => m.modelId).sort()).toEqual([HAIKU, 'amazon.nova-micro-v1:0', 'openai.gpt-oss-120b-1:0'].sort());
    expect(cloudWatch).toHaveReceivedCommandWith(ListMetricsCommand, { Namespace: 'AWS/Bedrock', NextToken: '2' });
    expect(cloudWatch).toHaveReceivedCommandWith(ListMetricsCommand, { Namespace: 'AWS/BedrockMantle' });
    expect(stats.listMetricsCalls).toBe(3);
    expect(model(models, 'openai.gpt-oss-120b-1:0').namespace).toBe('AWS/BedrockMantle');
    expect(totalsOf(model(models, HAIKU))).toMatchObject({ InputTokenCount: 100, OutputTokenCount: 10 });
  });

  it('reads both cache-metric spellings as the canonical metric: at one time counted once (the canonical value) with a warning, at different times added', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'CacheReadInputTokens', modelId: HAIKU, points: [[t, 40]] },
      { metricName: 'CacheReadInputTokenCount', modelId: HAIKU, points: [[t, 2]] },
      { metricName: 'CacheWriteInputTokens', modelId: HAIKU, points: [[t, 5]] },
      { metricName: 'CacheWriteInputTokenCount', modelId: HAIKU, points: [[t + 60, 6]] },
    ]);

    const { models, warnings } = await collector().collect(recentWindow(3));

    const totals = totalsOf(model(models, HAIKU));
    // Issue 18: two names of one metric at one time are the same tokens, not 42.
    expect(totals.CacheReadInputTokenCount).toBe(2);
    expect(totals.CacheWriteInputTokenCount).toBe(11);
    expect(warnings?.map(adviceText)).toEqual([expect.stringMatching(/^anthropic\.claude-3-haiku-20240307-v1:0 \(us-east-1\): AWS\/Bedrock CacheReadInputTokens and AWS\/Bedrock CacheReadInputTokenCount both given at 1 time\(s\)/)]);
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(gmdInputs()[0]!.MetricDataQueries).toHaveLength(4);
  });

  it('places points by their timestamps when CloudWatch returns them newest first', async () => {
    // Prepare: values that differ per minute, served newest first by the fake.
    const first = NOW_SEC - 2 * HOUR;
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [[first, 1], [first + 60, 2], [first + 180, 4]] }]);

    // Act
    const { models } = await collector().collect(recentWindow(3));

    // Assess
    const segment = model(models, HAIKU).segments[0]!;
    expect(segment.periodSeconds).toBe(60);
    expect(segment.start).toBe(first);
    expect(Array.from(segment.metrics.InputTokenCount!)).toEqual([1, 2, 0, 4]);
    expect(gmdInputs()[0]).toMatchObject({ ScanBy: 'TimestampAscending' });
  });

  it('reads each part of a 90-day window at the finest period CloudWatch still keeps', async () => {
    // Prepare: one point in each tier.
    const start = new Date((NOW_SEC - 90 * DAY) * 1000);
    const old = NOW_SEC - 80 * DAY;
    const middle = NOW_SEC - 30 * DAY;
    const recent = NOW_SEC - DAY;
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [[old, 1], [middle, 2], [recent, 3]] }]);

    // Act
    const { models } = await collector().collect({ start, end: NOW });

    // Assess: one call per tier, with that tier's period, and one segment per period.
    const calls = gmdInputs().map((i) => ({ start: i.StartTime!.toISOString(), period: i.MetricDataQueries![0]!.MetricStat!.Period }));
    expect(calls).toEqual([
      { start: '2026-03-03T00:00:00.000Z', period: 3600 },
      { start: '2026-03-30T01:00:00.000Z', period: 300 },
      { start: '2026-05-17T00:10:00.000Z', period: 60 },
    ]);
    const segments = model(models, HAIKU).segments;
    expect(segments.map((s) => [s.periodSeconds, s.start])).toEqual([[3600, old], [300, middle], [60, recent]]);
    expect(totalsOf(model(models, HAIKU)).InputTokenCount).toBe(6);
  });

  it('packs up to 500 queries in one GetMetricData call: 600 metrics take 2 calls', async () => {
    // Prepare: 600 models, a 3-hour window (180 points per query, far below the datapoint limit).
    fakeCloudWatch(Array.from({ length: 600 }, (_, i) => ({ metricName: 'Invocations', modelId: `model-${i}` })));

    // Act
    const { stats } = await collector().collect(recentWindow(3));

    // Assess
    expect(gmdInputs().map((i) => i.MetricDataQueries!.length)).toEqual([500, 100]);
    expect(stats.getMetricDataCalls).toBe(2);
    expect(stats.metricsRequested).toBe(600);
  });

  it('keeps every GetMetricData call at or under 100,800 datapoints', async () => {
    // Prepare: 14 days at 1 minute = 20,160 points per query, so at most 5 queries per call.
    fakeCloudWatch(Array.from({ length: 12 }, (_, i) => ({ metricName: 'InputTokenCount', modelId: `model-${i}` })));
    const window = { start: new Date((NOW_SEC - 14 * DAY) * 1000), end: NOW };

    // Act
    await collector().collect(window);

    // Assess
    const inputs = gmdInputs();
    expect(inputs.map((i) => i.MetricDataQueries!.length)).toEqual([5, 5, 2]);
    for (const input of inputs) {
      const points = (input.EndTime!.getTime() - input.StartTime!.getTime()) / 1000 / input.MetricDataQueries![0]!.MetricStat!.Period!;
      expect(points * input.MetricDataQueries!.length).toBeLessThanOrEqual(MAX_DATAPOINTS_PER_CALL);
    }
  });

  it('follows GetMetricData NextToken while results report PartialData', async () => {
    // Prepare: 5 points served 2 per page.
    const t = NOW_SEC - 2 * HOUR;
    fakeCloudWatch(
      [{ metricName: 'OutputTokenCount', modelId: HAIKU, points: [[t, 1], [t + 60, 2], [t + 120, 3], [t + 180, 4], [t + 240, 5]] }],
      { pointsPerPage: 2 },
    );

    // Act
    const { models, stats } = await collector().collect(recentWindow(3));

    // Assess
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 3);
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricDataCommand, { NextToken: '2' });
    expect(totalsOf(model(models, HAIKU)).OutputTokenCount).toBe(15);
    expect(stats.datapoints).toBe(5);
    expect(stats.metricsRequested).toBe(3);
  });

  it('ignores metrics the advisor does not use', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'InvocationLatency', modelId: HAIKU, points: [[t, 900]] },
      { metricName: 'Invocations', modelId: HAIKU, points: [[t, 2]] },
    ]);

    await collector().collect(recentWindow(3));

    const names = gmdInputs().flatMap((i) => i.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.MetricName));
    expect(names).toEqual(['Invocations']);
  });

  it('keeps profile IDs and ARNs exactly as CloudWatch reported them', async () => {
    const t = NOW_SEC - HOUR;
    const appProfile = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    const fmArn = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0';
    fakeCloudWatch([
      { metricName: 'InputTokenCount', modelId: SONNET_PROFILE, points: [[t, 1]] },
      { metricName: 'InputTokenCount', modelId: appProfile, points: [[t, 2]] },
      { metricName: 'InputTokenCount', modelId: fmArn, points: [[t, 3]] },
    ]);

    const { models } = await collector().collect(recentWindow(3));

    expect(models.map((m) => m.modelId).sort()).toEqual([appProfile, fmArn, SONNET_PROFILE].sort());
    expect(models.every((m) => m.region === 'us-east-1')).toBe(true);
  });

  it('filters models by raw ModelId or by base model ID', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'InputTokenCount', modelId: HAIKU, points: [[t, 1]] },
      { metricName: 'InputTokenCount', modelId: `us.${HAIKU}`, points: [[t, 2]] },
      { metricName: 'InputTokenCount', modelId: SONNET_PROFILE, points: [[t, 4]] },
      { metricName: 'InputTokenCount', modelId: 'amazon.nova-micro-v1:0', points: [[t, 8]] },
    ]);

    const { models } = await collector().collect({ ...recentWindow(3), models: [HAIKU, SONNET_PROFILE] });

    expect(models.map((m) => m.modelId).sort()).toEqual([HAIKU, `us.${HAIKU}`, SONNET_PROFILE].sort());
  });

  it('queries a requested model directly when ListMetrics (two weeks of history) does not list it', async () => {
    // Prepare: the model has points but is missing from ListMetrics, as after two idle weeks.
    const start = new Date((NOW_SEC - 30 * DAY) * 1000);
    const usedLongAgo = 'cohere.command-r-plus-v1:0';
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [[NOW_SEC - HOUR, 1]] }]);
    cloudWatch.on(ListMetricsCommand).resolves({ Metrics: [] });

    // Act
    await collector().collect({ start, end: NOW, models: [usedLongAgo] });

    // Assess: every accepted spelling is asked for, in AWS/Bedrock.
    const asked = gmdInputs()[0]!.MetricDataQueries!.map((q) => q.MetricStat!.Metric!);
    expect(asked.every((m) => m.Namespace === 'AWS/Bedrock' && m.Dimensions![0]!.Value === usedLongAgo)).toBe(true);
    expect(asked.map((m) => m.MetricName)).toEqual(expect.arrayContaining(['InputTokenCount', 'CacheReadInputTokens', 'CacheReadInputTokenCount']));
  });

  it('counts API calls and datapoints and estimates the cost at $0.01 per 1,000 metrics requested', async () => {
    // Prepare: 3 metrics, 2 ListMetrics calls (one per namespace), 1 GetMetricData call.
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'InputTokenCount', modelId: HAIKU, points: [[t, 1], [t + 60, 1]] },
      { metricName: 'OutputTokenCount', modelId: HAIKU, points: [[t, 1]] },
      { metricName: 'Invocations', modelId: HAIKU, points: [] },
    ]);

    // Act
    const { stats } = await collector().collect(recentWindow(3));

    // Assess: 3 metrics x $0.00001 + 2 ListMetrics requests x $0.00001.
    expect(stats).toEqual({ listMetricsCalls: 2, getMetricDataCalls: 1, metricsRequested: 3, datapoints: 3, estimatedCostUsd: '0.00005' });
  });

  it('names the metric when a GetMetricData result carries error messages', async () => {
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [] }], {
      resultOverrides: { [`InputTokenCount|${HAIKU}`]: { StatusCode: 'InternalError', Messages: [{ Code: 'InternalError', Value: 'Internal service error' }] } },
    });

    const collecting = collector().collect(recentWindow(3));

    await expect(collecting).rejects.toBeInstanceOf(MetricQueryError);
    await expect(collecting).rejects.toThrow(/InputTokenCount for ModelId anthropic\.claude-3-haiku-20240307-v1:0.*Internal service error/);
  });

  it('fails when CloudWatch answers a result with Forbidden', async () => {
    fakeCloudWatch([{ metricName: 'OutputTokenCount', modelId: HAIKU, points: [] }], {
      resultOverrides: { [`OutputTokenCount|${HAIKU}`]: { StatusCode: 'Forbidden' } },
    });

    await expect(collector().collect(recentWindow(3))).rejects.toThrow(/OutputTokenCount.*Forbidden/);
  });

  it('fails when the whole GetMetricData call carries an error message', async () => {
    fakeCloudWatch([{ metricName: 'OutputTokenCount', modelId: HAIKU, points: [] }], {
      topLevelMessages: [{ Code: 'MaxMetricsExceeded', Value: 'Maximum number of allowed metrics exceeded' }],
    });

    await expect(collector().collect(recentWindow(3))).rejects.toThrow(/Maximum number of allowed metrics exceeded/);
  });

  it('rejects a window whose start is not before its end', async () => {
    fakeCloudWatch([]);

    await expect(collector().collect({ start: NOW, end: NOW })).rejects.toBeInstanceOf(ConfigurationError);
    expect(cloudWatch).toHaveReceivedCommandTimes(ListMetricsCommand, 0);
  });

  it('accepts a fixed Date as the clock', async () => {
    const start = new Date((NOW_SEC - 30 * DAY) * 1000);
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [[NOW_SEC - HOUR, 1]] }]);
    const fixed = new CloudWatchUsageCollector({ client: new CloudWatchClient({ region: 'us-east-1' }), region: 'us-east-1', now: NOW });

    await fixed.collect({ start, end: NOW });

    expect(gmdInputs().map((i) => i.MetricDataQueries![0]!.MetricStat!.Period)).toEqual([300, 60]);
  });

  it('returns no models and makes no GetMetricData call when nothing is listed', async () => {
    fakeCloudWatch([]);

    const { models, stats } = await collector().collect(recentWindow(3));

    expect(models).toEqual([]);
    expect(stats.getMetricDataCalls).toBe(0);
    expect(stats.estimatedCostUsd).toBe('0.00002');
  });
});

describe('CloudWatchUsageCollector: the forecast\'s long hourly read (historyDays)', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('reads the same series hourly over 455 days in one query each, beside the window, and counts what it cost', async () => {
    // Prepare: two series; Haiku has one point 400 days back (hourly data only) and one in the window.
    fakeCloudWatch([
      { metricName: 'InputTokenCount', modelId: HAIKU, points: [[NOW_SEC - 400 * DAY, 5_000], [NOW_SEC - 2 * HOUR, 700]] },
      { metricName: 'OutputTokenCount', modelId: HAIKU, points: [[NOW_SEC - 400 * DAY, 900]] },
    ]);

    // Act
    const result = await collector().collect({ start: new Date((NOW_SEC - 7 * DAY) * 1000), end: NOW, historyDays: 455 });

    // Assess: the window read at 1 minute, the history at 1 hour over [NOW - 455 d, NOW) in one call.
    const inputs = gmdInputs();
    const hourly = inputs.filter((i) => i.MetricDataQueries![0]!.MetricStat!.Period === 3600);
    expect(hourly).toHaveLength(1);
    expect(hourly[0]!.StartTime).toEqual(new Date((NOW_SEC - 455 * DAY) * 1000));
    expect(hourly[0]!.EndTime).toEqual(NOW);
    expect(hourly[0]!.MetricDataQueries).toHaveLength(2);
    expect(result.history!.window).toEqual({ start: new Date((NOW_SEC - 455 * DAY) * 1000).toISOString(), end: NOW.toISOString() });
    const history = model(result.history!.models, HAIKU);
    expect(totalsOf(history)).toMatchObject({ InputTokenCount: 5_700, OutputTokenCount: 900 });
    expect(history.segments.every((s) => s.periodSeconds === 3600)).toBe(true);
    // The window holds only its own point: the history never enters the replayed usage.
    expect(totalsOf(model(result.models, HAIKU)).InputTokenCount).toBe(700);
    // Cost: 2 series in the 1-minute window (one call) + 2 in the history (one call) = 4 metrics requested,
    // $0.01 per 1,000 (https://aws.amazon.com/cloudwatch/pricing/), plus 2 ListMetrics pages (one per namespace) at $0.01 per 1,000.
    expect(result.stats.getMetricDataCalls).toBe(2);
    expect(result.stats.metricsRequested).toBe(4);
    expect(result.stats.estimatedCostUsd).toBe('0.00006');
  });

  it('reads no history unless asked', async () => {
    fakeCloudWatch([{ metricName: 'InputTokenCount', modelId: HAIKU, points: [[NOW_SEC - 2 * HOUR, 700]] }]);
    const result = await collector().collect({ start: new Date((NOW_SEC - 7 * DAY) * 1000), end: NOW });
    expect(result.history).toBeUndefined();
    expect(gmdInputs().every((i) => i.MetricDataQueries![0]!.MetricStat!.Period === 60)).toBe(true);
  });
});

describe('CloudWatchUsageCollector: metrics published under finer dimension sets', () => {
  const CANVAS = 'amazon.nova-canvas-v1:0';
  const image = (size: string, steps: string): Dimension[] => [{ Name: 'ImageSize', Value: size }, { Name: 'BucketedStepSize', Value: steps }];
  const tier = (asked: string, served: string): Dimension[] => [{ Name: 'ServiceTier', Value: asked }, { Name: 'ResolvedServiceTier', Value: served }];
  const dimensionNames = (q: MetricDataQuery): string[] => q.MetricStat!.Metric!.Dimensions!.map((d) => d.Name!);
  const queries = (): MetricDataQuery[] => gmdInputs().flatMap((i) => i.MetricDataQueries!);

  it('reads a metric listed only under ImageSize + BucketedStepSize: every series of the set once, summed per minute across calls and pages', async () => {
    // Prepare: six image series (one with no points) and a ModelId-only Invocations series.
    const t = NOW_SEC - HOUR;
    fakeCloudWatch(
      [
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[t, 3], [t + 60, 1]] },
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[t, 2]] },
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '100'), points: [[t + 60, 4]] },
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('2048x2048', '50'), points: [[t + 120, 5]] },
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '100'), points: [] },
        { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1280x720', '50'), points: [[t, 1]] },
        { metricName: 'Invocations', modelId: CANVAS, points: [[t, 2]] },
      ],
      { pointsPerPage: 1 },
    );
    // 15 days: one 1-minute slice of 21,590 points (the first 600 s trimmed), so 4 queries a call.
    const window = { start: new Date((NOW_SEC - 15 * DAY) * 1000), end: NOW };

    // Act
    const { models, stats, warnings } = await collector().collect(window);

    // Assess: per minute by hand, t: 3 + 2 + 1 = 6; t+60: 1 + 4 = 5; t+120: 5. Invocations 2 at t.
    const segment = model(models, CANVAS).segments[0]!;
    expect(segment.start).toBe(t);
    expect(Array.from(segment.metrics.OutputImageCount!)).toEqual([6, 5, 5]);
    expect(totalsOf(model(models, CANVAS))).toMatchObject({ OutputImageCount: 16, Invocations: 2 });
    // 7 series (Invocations first, then the six image series in listed order): calls of 4 and 3 queries.
    // One point a page: the first call needs a second page for the 1024x1024/50 series' second point.
    // (Calls run concurrently, so their order on the wire is not fixed.)
    expect(gmdInputs().map((i) => i.MetricDataQueries!.length).sort()).toEqual([3, 4, 4]);
    // Metrics requested: 4 + 4 (the second page asks again) + 3 = 11. Points: Invocations 1, images 2 + 1 + 1 + 1 + 0 + 1 = 6.
    expect(stats).toMatchObject({ getMetricDataCalls: 3, metricsRequested: 11, datapoints: 7 });
    const imageQueries = queries().filter((q) => q.MetricStat!.Metric!.MetricName === 'OutputImageCount');
    expect(new Set(imageQueries.map((q) => JSON.stringify(q.MetricStat!.Metric!.Dimensions))).size).toBe(6);
    for (const q of imageQueries) expect(dimensionNames(q)).toEqual(['ModelId', 'ImageSize', 'BucketedStepSize']);
    expect(warnings?.map(adviceText)).toEqual([
      'amazon.nova-canvas-v1:0 (us-east-1): CloudWatch publishes AWS/Bedrock OutputImageCount with no series under ModelId alone; ' +
        'its 6 series under ModelId + ImageSize + BucketedStepSize were read and added up per period',
    ]);
  });

  it('reads only the ModelId-only series where finer ones are listed beside it: nothing is counted twice', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'InputTokenCount', modelId: HAIKU, extraDimensions: tier('flex', 'flex'), points: [[t, 60]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, points: [[t, 100]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, extraDimensions: tier('default', 'default'), points: [[t, 40]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[t, 3]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[t, 4]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, points: [[t, 7]] },
    ]);

    const { models, warnings, stats } = await collector().collect(recentWindow(3));

    // 100 and 7, the ModelId-only sums; 200 or 14 would be the breakdowns counted again.
    expect(totalsOf(model(models, HAIKU)).InputTokenCount).toBe(100);
    expect(totalsOf(model(models, CANVAS)).OutputImageCount).toBe(7);
    expect(queries().map(dimensionNames)).toEqual([['ModelId'], ['ModelId']]);
    expect(stats.metricsRequested).toBe(2);
    expect(warnings).toBeUndefined();
  });

  it('reads one finer set where several are listed and no ModelId-only series: the documented one for the metric', async () => {
    // Prepare: the service-tier sets listed first, so the choice is not the listing's order.
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: tier('default', 'default'), points: [[t, 7]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[t, 3]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[t, 4]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, extraDimensions: [{ Name: 'ContextWindow', Value: 'standard' }], points: [[t, 100]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, extraDimensions: tier('flex', 'flex'), points: [[t, 60]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, extraDimensions: tier('default', 'default'), points: [[t, 40]] },
    ]);

    const { models, warnings } = await collector().collect(recentWindow(3));

    // Images: 3 + 4 from the image set (the tier set's 7 is the same images); tokens: 60 + 40 from the tier set.
    expect(totalsOf(model(models, CANVAS)).OutputImageCount).toBe(7);
    expect(totalsOf(model(models, HAIKU)).InputTokenCount).toBe(100);
    expect(queries().map((q) => [q.MetricStat!.Metric!.MetricName, dimensionNames(q).join('+')])).toEqual([
      ['OutputImageCount', 'ModelId+ImageSize+BucketedStepSize'],
      ['OutputImageCount', 'ModelId+ImageSize+BucketedStepSize'],
      ['InputTokenCount', 'ModelId+ServiceTier+ResolvedServiceTier'],
      ['InputTokenCount', 'ModelId+ServiceTier+ResolvedServiceTier'],
    ]);
    expect(warnings?.map(adviceText)).toEqual([
      'amazon.nova-canvas-v1:0 (us-east-1): CloudWatch publishes AWS/Bedrock OutputImageCount with no series under ModelId alone; ' +
        'its 2 series under ModelId + ImageSize + BucketedStepSize were read and added up per period ' +
        '(not ModelId + ServiceTier + ResolvedServiceTier: a breakdown of the same usage, which would count it twice)',
      'anthropic.claude-3-haiku-20240307-v1:0 (us-east-1): CloudWatch publishes AWS/Bedrock InputTokenCount with no series under ModelId alone; ' +
        'its 2 series under ModelId + ServiceTier + ResolvedServiceTier were read and added up per period ' +
        '(not ModelId + ContextWindow: a breakdown of the same usage, which would count it twice)',
    ]);
  });

  it('reads the finer set of a requested model instead of querying it directly under every metric name', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[t, 3]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[t, 4]] },
      { metricName: 'InputTokenCount', modelId: HAIKU, points: [[t, 100]] },
    ]);

    const { models } = await collector().collect({ ...recentWindow(3), models: [CANVAS] });

    expect(models.map((m) => m.modelId)).toEqual([CANVAS]);
    expect(totalsOf(model(models, CANVAS)).OutputImageCount).toBe(7);
    expect(queries()).toHaveLength(2);
  });

  it('sums the finer series hourly too: the runaway watch\'s read and the forecast\'s history see the images', async () => {
    const hour = NOW_SEC - 2 * HOUR;
    fakeCloudWatch([
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[hour, 30]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[hour, 12]] },
    ]);

    const { models, history } = await collector().collect({ ...recentWindow(3), hourly: true, historyDays: 2 });

    expect(model(models, CANVAS).segments.map((s) => [s.periodSeconds, s.start, Array.from(s.metrics.OutputImageCount!)])).toEqual([[3600, hour, [42]]]);
    expect(totalsOf(model(history!.models, CANVAS)).OutputImageCount).toBe(42);
  });

  it('fails naming every dimension of a finer series whose count is not a whole number', async () => {
    const t = NOW_SEC - HOUR;
    fakeCloudWatch([
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('1024x1024', '50'), points: [[t, 3]] },
      { metricName: 'OutputImageCount', modelId: CANVAS, extraDimensions: image('512x512', '50'), points: [[t, 1.5]] },
    ]);

    await expect(collector().collect(recentWindow(3))).rejects.toThrow(
      new MetricQueryError(
        'CloudWatch returned 1.5 for AWS/Bedrock OutputImageCount of ModelId amazon.nova-canvas-v1:0, ImageSize 512x512, BucketedStepSize 50 in us-east-1 ' +
          'at 2026-05-31T23:00:00.000Z: a count summed with the other series of its dimension set must be a whole number',
        { namespace: 'AWS/Bedrock', metricName: 'OutputImageCount', modelId: CANVAS },
      ),
    );
  });
});
