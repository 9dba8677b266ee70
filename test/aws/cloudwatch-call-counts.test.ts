import { BedrockClient, ListCustomModelsCommand, ListFoundationModelsCommand, ListInferenceProfilesCommand, ListProvisionedModelThroughputsCommand } from '@aws-sdk/client-bedrock';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
  type ListMetricsCommandInput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchUsageCollector,
  MAX_DATAPOINTS_PER_CALL,
  MAX_QUERIES_PER_CALL,
  planCallCounts,
  planCollection,
} from '../../src/aws/cloudwatch-collector.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { memoizeByRegion, sourcesFromClients } from '../../src/aws/sources.js';
import { collectAccountSnapshot, runAccountAnalysis } from '../../src/service/analyze-account.js';
import { windowBasisText } from '../../src/report/format.js';

/**
 * What one collection asks CloudWatch for, counted on the requests the collector sends (not on its own
 * counters): GetMetricData calls, metrics requested (what CloudWatch bills, $0.01 per 1,000) and the
 * datapoints those queries span. The floor for calls is ceil(datapoints / 100,800); metrics requested
 * must be one per series per retention tier the window reaches.
 */

const NOW = new Date('2026-06-01T00:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const DAY = 86_400;
/** The four usage metrics the README's sizing assumes per model. */
const METRICS_PER_MODEL = ['InputTokenCount', 'OutputTokenCount', 'Invocations', 'CacheReadInputTokenCount'];
/** CloudWatch's ListMetrics page size. */
const LIST_PAGE = 500;

const cloudWatch = mockClient(CloudWatchClient);
const bedrock = mockClient(BedrockClient);

/** `models` models with four series each in AWS/Bedrock, none in AWS/BedrockMantle; every query answers no points. */
function fakeAccount(models: number): void {
  fakeListing(Array.from({ length: models }, (_, i) =>
    METRICS_PER_MODEL.map((MetricName) => ({ Namespace: 'AWS/Bedrock', MetricName, Dimensions: [{ Name: 'ModelId', Value: `vendor.model-${i}-v1:0` }] })),
  ).flat());
}

/** `metrics` listed in AWS/Bedrock in pages of 500, none in AWS/BedrockMantle; every query answers no points. */
function fakeListing(metrics: Metric[]): void {
  cloudWatch.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput) => {
    if (input.Namespace !== 'AWS/Bedrock') return { Metrics: [] };
    const offset = Number(input.NextToken ?? 0);
    const next = offset + LIST_PAGE;
    return { Metrics: metrics.slice(offset, next), ...(next < metrics.length ? { NextToken: String(next) } : {}) };
  });
  cloudWatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: [], Values: [] })),
  }));
}

function sent(): { calls: number; metrics: number; datapoints: number; listCalls: number; inputs: GetMetricDataCommandInput[] } {
  const inputs = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
  let datapoints = 0;
  for (const input of inputs) {
    const span = (input.EndTime!.getTime() - input.StartTime!.getTime()) / 1000;
    datapoints += (span / input.MetricDataQueries![0]!.MetricStat!.Period!) * input.MetricDataQueries!.length;
  }
  return {
    calls: inputs.length,
    metrics: inputs.reduce((n, i) => n + i.MetricDataQueries!.length, 0),
    datapoints,
    listCalls: cloudWatch.commandCalls(ListMetricsCommand).length,
    inputs,
  };
}

beforeEach(() => {
  cloudWatch.reset();
  bedrock.reset();
});

/*
 * Expected figures, by hand. NOW is midnight, so every boundary below is on every period's grid.
 *
 * 15 days: the 1-minute tier starts at NOW - 15 d + 600 s (the retention safety margin), so the window
 *   loses its first 600 s (said in window.basis) and is one slice of 21,600 - 10 = 21,590 minutes.
 *   A call holds floor(100,800 / 21,590) = 4 queries (86,360 points).
 *   series S = 4 x models; calls = ceil(S / 4); metrics = S; datapoints = 21,590 S.
 *   1 model:    S = 4:     calls 1,   floor ceil(86,360 / 100,800) = 1.
 *   100 models: S = 400:   calls 100, datapoints 8,636,000, floor ceil(85.67) = 86  (+16.3 %).
 *   600 models: S = 2,400: calls 600, datapoints 51,816,000, floor ceil(514.05) = 515 (+16.5 %).
 *
 * 90 days: hourly [NOW - 90 d, ceil(NOW - 63 d + 600, 3600) = NOW - 63 d + 3600) = 27 d + 1 h = 649 points;
 *   5-minute [NOW - 63 d + 3600, NOW - 15 d + 600) = 48 d - 3,000 s = 4,144,200 s = 13,814 points;
 *   1-minute [NOW - 15 d + 600, NOW) = 21,590 points (nothing trimmed: the window starts long before).
 *   Per call: floor(100,800 / 649) = 155; floor(100,800 / 13,814) = 7; floor(100,800 / 21,590) = 4.
 *   Per series 649 + 13,814 + 21,590 = 36,053 points, 3 metrics.
 *   1 model:    calls 1 + 1 + 1 = 3; datapoints 144,212; floor ceil(1.43) = 2 (one call per tier at least).
 *   100 models: calls ceil(400/155) 3 + ceil(400/7) 58 + 100 = 161; datapoints 14,421,200; floor ceil(143.07) = 144 (+11.8 %).
 *   600 models: calls 16 + ceil(2400/7) 343 + 600 = 959; datapoints 86,527,200; floor ceil(858.40) = 859 (+11.6 %).
 *
 * ListMetrics: AWS/Bedrock in pages of 500 series (1 page up to 500, 5 pages for 2,400), plus one
 *   empty page for AWS/BedrockMantle. Cost = (metrics + ListMetrics calls) x $0.00001.
 */
const CASES = [
  { models: 1, days: 15, calls: 1, metrics: 4, datapoints: 86_360, floor: 1, listCalls: 2, cost: '0.00006' },
  { models: 100, days: 15, calls: 100, metrics: 400, datapoints: 8_636_000, floor: 86, listCalls: 2, cost: '0.00402' },
  { models: 600, days: 15, calls: 600, metrics: 2_400, datapoints: 51_816_000, floor: 515, listCalls: 6, cost: '0.02406' },
  { models: 1, days: 90, calls: 3, metrics: 12, datapoints: 144_212, floor: 2, listCalls: 2, cost: '0.00014' },
  { models: 100, days: 90, calls: 161, metrics: 1_200, datapoints: 14_421_200, floor: 144, listCalls: 2, cost: '0.01202' },
  { models: 600, days: 90, calls: 959, metrics: 7_200, datapoints: 86_527_200, floor: 859, listCalls: 6, cost: '0.07206' },
] as const;

describe('GetMetricData calls and metrics requested per collection', () => {
  it.each(CASES)('$models models x $days days: $calls calls, $metrics metrics requested, USD $cost', async (c) => {
    // Prepare
    fakeAccount(c.models);
    const collector = new CloudWatchUsageCollector({ client: new CloudWatchClient({ region: 'us-east-1' }), region: 'us-east-1', now: NOW });

    // Act
    const { stats } = await collector.collect({ start: new Date((NOW_SEC - c.days * DAY) * 1000), end: NOW });

    // Assess: what was sent, what the collector reports, and what the plan predicts, all alike.
    const s = sent();
    expect({ calls: s.calls, metrics: s.metrics, datapoints: s.datapoints, listCalls: s.listCalls }).toEqual({
      calls: c.calls, metrics: c.metrics, datapoints: c.datapoints, listCalls: c.listCalls,
    });
    expect(Math.ceil(s.datapoints / MAX_DATAPOINTS_PER_CALL)).toBe(c.floor);
    expect(stats).toMatchObject({ getMetricDataCalls: c.calls, metricsRequested: c.metrics, listMetricsCalls: c.listCalls, estimatedCostUsd: c.cost });
    const plan = planCollection(new Date((NOW_SEC - c.days * DAY) * 1000), NOW, NOW);
    expect(planCallCounts(plan, c.models * METRICS_PER_MODEL.length)).toEqual({ calls: c.calls, metricsRequested: c.metrics, datapoints: c.datapoints });
    for (const input of s.inputs) {
      const points = (input.EndTime!.getTime() - input.StartTime!.getTime()) / 1000 / input.MetricDataQueries![0]!.MetricStat!.Period!;
      expect(input.MetricDataQueries!.length).toBeLessThanOrEqual(MAX_QUERIES_PER_CALL);
      expect(points * input.MetricDataQueries!.length).toBeLessThanOrEqual(MAX_DATAPOINTS_PER_CALL);
    }
  });

  it('requests a metric listed only under finer dimensions once per series of the one set read, and no other set', async () => {
    // Prepare: 100 models with the four ModelId-only series, and OutputImageCount only under finer sets:
    // 6 ImageSize x BucketedStepSize series and 2 ServiceTier x ResolvedServiceTier series each.
    const models = 100;
    const images = ['512x512/50', '512x512/100', '1024x1024/50', '1024x1024/100', '2048x2048/50', '2048x2048/100'];
    const metrics = Array.from({ length: models }, (_, i) => {
      const ModelId = { Name: 'ModelId', Value: `vendor.image-${i}-v1:0` };
      return [
        ...METRICS_PER_MODEL.map((MetricName) => ({ Namespace: 'AWS/Bedrock', MetricName, Dimensions: [ModelId] })),
        ...images.map((image) => {
          const [size, steps] = image.split('/');
          return { Namespace: 'AWS/Bedrock', MetricName: 'OutputImageCount', Dimensions: [ModelId, { Name: 'ImageSize', Value: size }, { Name: 'BucketedStepSize', Value: steps }] };
        }),
        ...['default', 'flex'].map((t) => ({ Namespace: 'AWS/Bedrock', MetricName: 'OutputImageCount', Dimensions: [ModelId, { Name: 'ServiceTier', Value: t }, { Name: 'ResolvedServiceTier', Value: t }] })),
      ];
    }).flat();
    fakeListing(metrics);
    const collector = new CloudWatchUsageCollector({ client: new CloudWatchClient({ region: 'us-east-1' }), region: 'us-east-1', now: NOW });
    const start = new Date((NOW_SEC - 15 * DAY) * 1000);

    // Act
    const { stats } = await collector.collect({ start, end: NOW });

    // Assess, by hand: 400 ModelId-only series + 600 image series = 1,000 read (the 200 tier series are
    // not); 15 days is 4 queries a call: 250 calls, 1,000 metrics, 21,590,000 points. The listing holds
    // 1,200 series: 3 pages, plus the empty AWS/BedrockMantle page. (1,000 + 4) x $0.00001 = $0.01004.
    const s = sent();
    expect({ calls: s.calls, metrics: s.metrics, datapoints: s.datapoints, listCalls: s.listCalls }).toEqual({ calls: 250, metrics: 1_000, datapoints: 21_590_000, listCalls: 4 });
    expect(stats).toMatchObject({ getMetricDataCalls: 250, metricsRequested: 1_000, listMetricsCalls: 4, estimatedCostUsd: '0.01004' });
    expect(planCallCounts(planCollection(start, NOW, NOW), 1_000)).toEqual({ calls: 250, metricsRequested: 1_000, datapoints: 21_590_000 });
    const read = s.inputs.flatMap((i) => i.MetricDataQueries!).filter((q) => q.MetricStat!.Metric!.MetricName === 'OutputImageCount');
    expect(read).toHaveLength(600);
    expect(read.every((q) => q.MetricStat!.Metric!.Dimensions!.map((d) => d.Name).join('+') === 'ModelId+ImageSize+BucketedStepSize')).toBe(true);
  });

  it('stays within 10% of the datapoint floor only where a call can be filled without a second query per series', () => {
    // The cases above, measured: the 10% target holds for one model over 15 days and for short windows
    // whose slice divides 100,800 (7 days: 10,080 points, 10 queries fill a call exactly). It misses at
    // 15 days (+16.3 % / +16.5 %: 4 queries of 21,590 points fill 86 % of a call, a fifth would not fit)
    // and at 90 days (+11.8 % / +11.6 %), and with one model over 90 days (3 calls, floor 2: the three
    // tiers cannot share a call, their StartTime differs). Only splitting a slice in time would fill
    // calls better, and that requests each series once per piece, above the metrics target.
    const excess = CASES.map((c) => Math.round((c.calls / c.floor - 1) * 1000) / 10);
    expect(excess).toEqual([0, 16.3, 16.5, 50, 11.8, 11.6]);
    const sevenDays = planCallCounts(planCollection(new Date((NOW_SEC - 7 * DAY) * 1000), NOW, NOW), 400);
    // 400 series x 10,080 points = 4,032,000 = exactly 40 full calls.
    expect(sevenDays).toEqual({ calls: 40, metricsRequested: 400, datapoints: 4_032_000 });
  });

  it('requests each series once per retention tier the window reaches, for any length of 1 to 455 days and any clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 455 }),
        fc.integer({ min: 0, max: 7 * DAY - 1 }),
        fc.integer({ min: 1, max: 5_000 }),
        (days, offset, series) => {
          const now = new Date((NOW_SEC + offset) * 1000);
          const plan = planCollection(new Date(now.getTime() - days * DAY * 1000), now, now);
          const tiers = days <= 15 ? 1 : days <= 63 ? 2 : 3;
          const counts = planCallCounts(plan, series);
          expect(counts.metricsRequested).toBe(series * tiers);
          // Nothing is lost but the few minutes at a retention edge, and those are at most 600 s + one hour.
          expect(plan.start - (now.getTime() / 1000 - days * DAY)).toBeLessThanOrEqual(600 + 3600);
          expect(plan.slices.at(-1)!.end).toBeGreaterThanOrEqual(Math.ceil(now.getTime() / 1000));
          // A call never exceeds either limit, so never fewer calls than the floor and the tiers.
          expect(counts.calls).toBeGreaterThanOrEqual(Math.max(Math.ceil(counts.datapoints / MAX_DATAPOINTS_PER_CALL), tiers));
        },
      ),
    );
  });
});

describe('the cost of a run (README table)', () => {
  /** ListMetrics pages: AWS/Bedrock in pages of 500 series, plus one (empty) AWS/BedrockMantle page. */
  const listCalls = (series: number) => Math.ceil(series / LIST_PAGE) + 1;
  const usd = (n: number) => `$${(n / 100_000).toFixed(5).replace(/0+$/, '').replace(/\.$/, '')}`;

  it('prints the CloudWatch charges for 10, 100 and 1,000 models x 15 and 90 days, from the plan', () => {
    const rows: string[] = [];
    const figures: Record<string, { calls: number; metrics: number; withPrevious: number }> = {};
    for (const days of [15, 90]) {
      for (const modelCount of [10, 100, 1_000]) {
        const series = modelCount * METRICS_PER_MODEL.length;
        const plan = planCollection(new Date((NOW_SEC - days * DAY) * 1000), NOW, NOW);
        const run = planCallCounts(plan, series);
        // The digest also reads the period before (week over week), ending where this window starts.
        const previousPlan = planCollection(new Date((plan.start - days * DAY) * 1000), new Date(plan.start * 1000), NOW);
        const previous = planCallCounts(previousPlan, series);
        // Billed units: metrics requested plus ListMetrics requests, each $0.01 per 1,000.
        const units = run.metricsRequested + listCalls(series);
        const digestUnits = units + previous.metricsRequested + listCalls(series);
        figures[`${modelCount}x${days}`] = { calls: run.calls, metrics: run.metricsRequested, withPrevious: digestUnits };
        rows.push(
          `| ${modelCount.toLocaleString('en-US')} x ${days} | ${series.toLocaleString('en-US')} | ${run.metricsRequested.toLocaleString('en-US')} | ` +
            `${run.calls.toLocaleString('en-US')} | ${Math.ceil(run.datapoints / MAX_DATAPOINTS_PER_CALL).toLocaleString('en-US')} | ${usd(units)} | ` +
            `${(previous.calls + run.calls).toLocaleString('en-US')} | ${usd(digestUnits)} |`,
        );
      }
    }
    console.log(rows.join('\n'));

    // Checked by hand: 1,000 models x 15 days = 4,000 series, 4,000 metrics in ceil(4,000 / 4) = 1,000
    // calls, plus 8 + 1 ListMetrics pages: 4,009 x $0.00001 = $0.04009. The previous 15 days are all at
    // 300 s (4,320 points, 23 a call): 4,000 metrics more in ceil(4,000 / 23) = 174 calls, 9 pages.
    expect(figures['1000x15']).toEqual({ calls: 1_000, metrics: 4_000, withPrevious: 4_009 + 4_009 });
    // 1,000 models x 90 days: 12,000 metrics; calls ceil(4,000/155) 26 + ceil(4,000/7) 572 + 1,000 = 1,598.
    expect(figures['1000x90']).toEqual({ calls: 1_598, metrics: 12_000, withPrevious: 12_009 + 4_009 });
  });
});

describe("the report's window and the run's CloudWatch cost", () => {
  function clients() {
    return sourcesFromClients({
      cloudWatch: memoizeByRegion((region: string) => new CloudWatchClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })),
      bedrock: memoizeByRegion((region: string) => new BedrockClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })),
    });
  }

  beforeEach(() => {
    bedrock.on(ListProvisionedModelThroughputsCommand).resolves({ provisionedModelSummaries: [] });
    bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [] });
    bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: [] });
    bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries: [] });
  });

  it('a 15-day run in two Regions starts 10 minutes late, says why, and requests each series once', async () => {
    fakeAccount(3);

    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1', 'eu-west-1'], days: 15, now: NOW }, clients());

    // 2026-06-01 minus 15 days is 2026-05-17T00:00; the 1-minute tier starts 600 s later.
    expect(snapshot.window.start).toBe('2026-05-17T00:10:00.000Z');
    expect(windowBasisText(snapshot.window.basis!)).toBe(
      "the 15 days before the run, widened to CloudWatch's period grid, starting 10 minutes later, at the edge of CloudWatch's 15-day retention of 1-minute data (reading those minutes at a coarser period would request every metric a second time)",
    );
    // 3 models x 4 series x 2 Regions = 24 metrics in 2 x ceil(12 / 4) = 6 calls, every one at 60 s.
    expect(snapshot.collection).toMatchObject({ metricsRequested: 24, getMetricDataCalls: 6 });
    expect(new Set(sent().inputs.map((i) => i.MetricDataQueries![0]!.MetricStat!.Period))).toEqual(new Set([60]));
  });

  it("counts the previous period's calls (week over week) in the run's cost", async () => {
    fakeAccount(1);
    const catalog = PriceCatalog.bundled();

    const { report } = await runAccountAnalysis({ regions: ['us-east-1'], days: 15, now: NOW, compareWithPreviousPeriod: true }, { sources: clients(), catalog, publish: false });

    // This period: 4 metrics at 60 s in 1 call. The previous 15 days [2026-05-02T00:10, 2026-05-17T00:10)
    // are all at 300 s: 4 metrics in 1 call. ListMetrics twice per period: 4 calls.
    // (8 + 4) x $0.00001 = $0.00012.
    expect(report.collection).toMatchObject({ getMetricDataCalls: 2, metricsRequested: 8, listMetricsCalls: 4, estimatedCostUsd: '0.00012' });
    expect(sent().inputs.map((i) => [i.StartTime!.toISOString(), i.MetricDataQueries![0]!.MetricStat!.Period])).toEqual(
      expect.arrayContaining([['2026-05-17T00:10:00.000Z', 60], ['2026-05-02T00:10:00.000Z', 300]]),
    );
  });
});
