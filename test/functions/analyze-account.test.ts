import { BedrockClient, ListCustomModelsCommand, ListFoundationModelsCommand, ListInferenceProfilesCommand, ListProvisionedModelThroughputsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { adviceText } from '../../src/report/advice-text.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import {
  AccountCollectionError,
  PublisherMissingError,
  collectAccountSnapshot,
  mergeCollectionStats,
  runAccountAnalysis,
} from '../../src/service/analyze-account.js';
import { memoizeByRegion, sourcesFromClients } from '../../src/aws/sources.js';

/** Orchestration only: the SDK clients are mocked, the adapters and the engine are real. */

const NOW = new Date('2026-06-01T00:00:00Z');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const cloudWatch = mockClient(CloudWatchClient);
const bedrock = mockClient(BedrockClient);

function clients() {
  return sourcesFromClients({
    cloudWatch: (region) => new CloudWatchClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    bedrock: (region) => new BedrockClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  });
}

beforeEach(() => {
  cloudWatch.reset();
  bedrock.reset();
  cloudWatch.on(ListMetricsCommand, { Namespace: 'AWS/Bedrock' }).resolves({
    Metrics: ['InputTokenCount', 'OutputTokenCount'].map((MetricName) => ({ Namespace: 'AWS/Bedrock', MetricName, Dimensions: [{ Name: 'ModelId', Value: MODEL }] })),
  });
  cloudWatch.on(ListMetricsCommand, { Namespace: 'AWS/BedrockMantle' }).resolves({ Metrics: [] });
  cloudWatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }>; StartTime: Date }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: [input.StartTime], Values: [1_000_000] })),
  }));
  bedrock.on(ListProvisionedModelThroughputsCommand).resolves({ provisionedModelSummaries: [] });
  bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [] });
  bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: [] });
  bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries: [] });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('mergeCollectionStats', () => {
  it('sums counters and cost exactly, and is undefined when no Region reported', () => {
    const a = { listMetricsCalls: 2, getMetricDataCalls: 3, metricsRequested: 30, datapoints: 100, estimatedCostUsd: '0.00032' };
    const b = { listMetricsCalls: 1, getMetricDataCalls: 1, metricsRequested: 7, datapoints: 5, estimatedCostUsd: '0.00008' };
    expect(mergeCollectionStats([a, undefined, b])).toEqual({ listMetricsCalls: 3, getMetricDataCalls: 4, metricsRequested: 37, datapoints: 105, estimatedCostUsd: '0.0004' });
    expect(mergeCollectionStats([undefined])).toBeUndefined();
  });
});

describe('memoizeByRegion', () => {
  it('builds one client per Region and reuses it', () => {
    const create = vi.fn((region: string) => ({ region }));
    const get = memoizeByRegion(create);
    expect(get('us-east-1')).toBe(get('us-east-1'));
    get('us-west-2');
    expect(create).toHaveBeenCalledTimes(2);
  });
});

describe('collectAccountSnapshot', () => {
  it('uses the window [now - days, now] and merges every Region', async () => {
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1', 'us-west-2'], days: 7, now: NOW }, clients());
    expect(snapshot.window).toMatchObject({ start: '2026-05-25T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' });
    expect(snapshot.models.map((m) => m.region).sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.collection?.listMetricsCalls).toBe(4);
  });

  it('records a Region whose calls fail and keeps the others', async () => {
    // Prepare: CloudWatch in us-west-2 denies access.
    cloudWatch.on(ListMetricsCommand).callsFake(async (input: { Namespace: string }, getClient: () => CloudWatchClient) => {
      const region = await getClient().config.region();
      if (region === 'us-west-2') throw Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
      return input.Namespace === 'AWS/Bedrock'
        ? { Metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'InputTokenCount', Dimensions: [{ Name: 'ModelId', Value: MODEL }] }] }
        : { Metrics: [] };
    });

    // Act
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1', 'us-west-2'], days: 7, now: NOW }, clients());

    // Assess
    expect(snapshot.errors).toEqual([{ scope: 'region us-west-2', message: { says: 'usage-failed', cause: 'AccessDeniedException: User is not authorized' }, code: 'AccessDeniedException' }]);
    expect(adviceText(snapshot.errors[0]!.message)).toBe('usage collection failed: AccessDeniedException: User is not authorized');
    expect(snapshot.models.map((m) => m.region)).toEqual(['us-east-1']);
  });

  it('keeps the usage of a Region whose inventory cannot be read, and says what is missing', async () => {
    bedrock.on(ListCustomModelsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 1, now: NOW }, clients());
    expect(snapshot.models).toHaveLength(1);
    expect(snapshot.errors).toHaveLength(1);
    expect(adviceText(snapshot.errors[0]!.message)).toMatch(/^Bedrock inventory could not be read \(provisioned throughputs and custom models omitted\): AccessDeniedException: denied/);
  });

  it('throws naming every Region when all of them fail', async () => {
    cloudWatch.on(ListMetricsCommand).rejects(new Error('boom'));
    await expect(collectAccountSnapshot({ regions: ['us-east-1', 'eu-west-1'], days: 1, now: NOW }, clients())).rejects.toThrow(AccountCollectionError);
    await expect(collectAccountSnapshot({ regions: ['us-east-1', 'eu-west-1'], days: 1, now: NOW }, clients())).rejects.toThrow(/region us-east-1: .*boom.*region eu-west-1: .*boom/);
  });
});

describe('runAccountAnalysis', () => {
  const catalog = PriceCatalog.bundled();

  it('publishes the finished report exactly once', async () => {
    const publish = vi.fn(async (report: AdvisorReport) => ({ messageId: 'm-1', models: report.models.length }));
    const result = await runAccountAnalysis({ regions: ['us-east-1'], days: 7, now: NOW }, { sources: clients(), catalog, publish: true, publisher: { publish } });
    expect(publish).toHaveBeenCalledTimes(1);
    // The published view (rounded once) is what goes out, the same object the caller returns.
    expect(publish).toHaveBeenCalledWith(result.view, undefined);
    expect(result.published).toEqual({ messageId: 'm-1', models: result.report.models.length });
    expect(result.report.models.length).toBeGreaterThan(0);
  });

  it('does not publish when publishing is off', async () => {
    const publish = vi.fn();
    const result = await runAccountAnalysis({ regions: ['us-east-1'], days: 7, now: NOW }, { sources: clients(), catalog, publish: false, publisher: { publish } });
    expect(publish).not.toHaveBeenCalled();
    expect(result.published).toBeUndefined();
  });

  it('publishes nothing when collection fails everywhere', async () => {
    cloudWatch.on(ListMetricsCommand).rejects(new Error('boom'));
    const publish = vi.fn();
    await expect(runAccountAnalysis({ regions: ['us-east-1'], days: 7, now: NOW }, { sources: clients(), catalog, publish: true, publisher: { publish } })).rejects.toThrow(AccountCollectionError);
    expect(publish).not.toHaveBeenCalled();
  });

  it('refuses to start when publishing is asked for without a publisher', async () => {
    await expect(runAccountAnalysis({ regions: ['us-east-1'], days: 7, now: NOW }, { sources: clients(), catalog, publish: true })).rejects.toThrow(PublisherMissingError);
    expect(cloudWatch.calls()).toHaveLength(0);
  });
});

describe('deadline and cancellation', () => {
  it('names every Region as incomplete when the deadline has already passed, and publishes nothing', async () => {
    const publish = vi.fn();
    const running = runAccountAnalysis(
      { regions: ['us-east-1', 'eu-west-1'], days: 1, now: NOW, deadline: Date.now() - 1 },
      { sources: clients(), catalog: PriceCatalog.bundled(), publish: true, publisher: { publish } },
    );
    await expect(running).rejects.toThrow(AccountCollectionError);
    await expect(running).rejects.toThrow(/region us-east-1: incomplete: deadline reached.*region eu-west-1: incomplete: deadline reached/);
    expect(publish).not.toHaveBeenCalled();
  });

  it('a cancellation from outside (the Lambda gave up) rejects with its reason: no report, no Publish', async () => {
    // Prepare: the caller cancels while the first GetMetricData is answered.
    const controller = new AbortController();
    const cancelled = new Error('invocation timed out');
    cloudWatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }>; StartTime: Date }) => {
      controller.abort(cancelled);
      return { MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: [input.StartTime], Values: [1] })) };
    });
    const publish = vi.fn();

    // Act
    const running = runAccountAnalysis(
      { regions: ['us-east-1'], days: 1, now: NOW, signal: controller.signal },
      { sources: clients(), catalog: PriceCatalog.bundled(), publish: true, publisher: { publish } },
    );

    // Assess
    await expect(running).rejects.toBe(cancelled);
    expect(publish).not.toHaveBeenCalled();
  });

  it('a Region that failed on its own is reported with its own error, even once the deadline has passed', async () => {
    // Prepare: ListMetrics is refused; the mock answers whatever the signal says, the deadline is already gone.
    const denied = Object.assign(new Error('User is not authorized to perform cloudwatch:ListMetrics'), { name: 'AccessDeniedException' });
    cloudWatch.on(ListMetricsCommand).rejects(denied);

    // Act / Assess
    await expect(collectAccountSnapshot({ regions: ['us-east-1'], days: 1, now: NOW, deadline: Date.now() - 1 }, clients())).rejects.toThrow(
      /region us-east-1: usage collection failed: AccessDeniedException: User is not authorized/,
    );
  });

  it('a deadline far off changes nothing: the report is complete', async () => {
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 1, now: NOW, deadline: Date.now() + 60_000 }, clients());
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.models.map((m) => m.modelId)).toEqual([MODEL]);
  });
});
