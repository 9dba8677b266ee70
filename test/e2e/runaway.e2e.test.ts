import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub, type FixtureAccount } from './aws-stub.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';
import { captureStdout, lambdaContext } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';
import { chatbotNotificationSchema } from '../../src/report/chatbot.js';

loopbackTimeouts();

/**
 * The scheduled runaway watch from handler to SNS: the real SDK clients read CloudWatch's hourly sums
 * and the Bedrock inventory from the loopback stub, the incidents are marked on dynalite, and each
 * alert is one captured Publish. The Lambda's clock is the schedule's: 00:30 UTC the day after a loop
 * burnt Claude 3 Haiku tokens for three hours.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-test-advice';
const NOW = new Date('2026-11-30T00:30:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SURGE_FROM = Date.parse('2026-11-29T14:00:00Z') / 1000;

/**
 * Haiku at 40,000 input and 4,000 output tokens a minute, times 1.5 in business hours (the stub's
 * shape): 3,600,000 and 360,000 an hour. From 14:00 to 17:00 on 29 November, ten times that.
 * Nova Micro runs steady and must stay quiet.
 */
const ACCOUNT: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: [
        { modelId: HAIKU, perMinute: { InputTokenCount: 40_000, OutputTokenCount: 4_000, Invocations: 50 }, surge: { from: SURGE_FROM, to: SURGE_FROM + 3 * 3600, factor: 10 } },
        { modelId: 'amazon.nova-micro-v1:0', perMinute: { InputTokenCount: 5_000, OutputTokenCount: 1_000, Invocations: 10 } },
      ],
    },
  },
};

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let stub: AwsStub;
let dynamo: LocalDynamoDb;
let handler: Handler;

interface WatchResult {
  watched: number;
  window: { start: string; end: string };
  incidents: Array<{ id: string; costSoFar: string; hours: number; sent: boolean; messageId?: string }>;
  errors: unknown[];
  collection?: { getMetricDataCalls: number; metricsRequested: number };
}

const scheduled = (time: string) => ({ version: '0', id: `evt-${time}`, 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time, region: 'us-east-1', resources: [], detail: {} });
const run = (time = NOW.toISOString()) => captureStdout(() => handler(scheduled(time), lambdaContext('runaway'))).then((r) => r.result as WatchResult);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  stub = await startAwsStub({ account: ACCOUNT });
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    TOPIC_ARN,
    REGIONS: 'us-east-1',
    PRICE_SOURCE: 'bundled',
    IDEMPOTENCY_TABLE,
    RUNAWAY_BASELINE_DAYS: '14',
    RUNAWAY_COOLDOWN_HOURS: '20',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  handler = (await import('../../functions/runaway.js')).handler as Handler;
});

afterAll(async () => {
  vi.useRealTimers();
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => {
  stub.reset();
  vi.setSystemTime(NOW);
});

describe('the runaway watch over the wire', () => {
  it('publishes one alert for the three hours, with the cost so far, then nothing on a retry or the next day', async () => {
    const result = await run();

    // 14 baseline days and the 2 judged days, read as hourly sums: one metric requested per series.
    expect(result.window).toEqual({ start: '2026-11-14T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' });
    expect(result.collection).toMatchObject({ getMetricDataCalls: 1, metricsRequested: 6 });
    expect(stub.requests.filter((r) => r.operation === 'GetMetricData')).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(result.watched).toBe(2);
    // Per surge hour: 36,000,000 input x $0.00025/1K = $9 and 3,600,000 output x $0.00125/1K = $4.50
    // (Claude 3 Haiku, us-east-1 on-demand list prices): $13.50 an hour, $40.50 in three.
    expect(result.incidents).toEqual([expect.objectContaining({ costSoFar: '40.5', hours: 3, sent: true })]);
    expect(stub.publishes).toHaveLength(1);
    const publish = stub.publishes[0]!;
    expect(publish.topicArn).toBe(TOPIC_ARN);
    expect(publish.messageStructure).toBe('json');
    expect(publish.subject).toMatch(/^Bedrock runaway spend: \$40\.50 in 3 h, Claude 3 Haiku/);
    const forms = JSON.parse(publish.message) as Record<string, string>;
    expect(forms.email).toContain('From 2026-11-29 14:00 UTC to 2026-11-29 17:00 UTC');
    // The usual business hour: 3,600,000 x 0.00025/1K + 360,000 x 0.00125/1K = $0.90 + $0.45.
    expect(forms.email).toContain('14:00 UTC $13.50 (usually $1.35)');
    expect(forms.email).toContain('Cost so far: $40.50, of which $36.45 above the usual spend');
    expect(chatbotNotificationSchema.safeParse(JSON.parse(forms.https!)).success).toBe(true);
    expect(JSON.parse(forms.sqs!)).toMatchObject({ kind: 'runaway-spend', account: '123456789012', startedAt: '2026-11-29T14:00:00.000Z', costSoFar: '40.5', excessCost: '36.45' });
    // String attributes a subscription filter policy can select on.
    expect(publish.params).toMatchObject({
      'MessageAttributes.entry.1.Name': 'kind',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'runaway-spend',
    });

    // A retried run: the incident is marked, nothing is sent.
    const again = await run();
    expect(again.incidents).toEqual([expect.objectContaining({ id: result.incidents[0]!.id, sent: false, messageId: publish.messageId })]);
    // The next day's run (past the 20-hour cooldown) still judges the 29th: the same incident, not sent again.
    vi.setSystemTime(new Date('2026-12-01T00:30:00Z'));
    const nextDay = await run('2026-12-01T00:30:00Z');
    expect(nextDay.incidents.map((i) => [i.id, i.sent])).toEqual([[result.incidents[0]!.id, false]]);
    expect(stub.publishes).toHaveLength(1);
    // Two marks: the incident and its series' cooldown.
    expect((await dynamo.items()).map((i) => String(i.id).split('#')[0]).sort()).toEqual(['bedrock-cost-advisor-runaway-incident', 'bedrock-cost-advisor-runaway-series']);
  });
});

describe('the runaway watch when SNS refuses', () => {
  it('fails the run without marking the incident, so the retry sends it', async () => {
    // Another day's surge, so the first test's marks do not answer.
    vi.setSystemTime(new Date('2026-12-10T00:30:00Z'));
    // The stub reads the fixture at each call: Haiku alone now, surging for one hour on 9 December.
    ACCOUNT.regions['us-east-1']!.models = [{ ...ACCOUNT.regions['us-east-1']!.models[0]!, surge: { from: SURGE_FROM + 10 * 86_400, to: SURGE_FROM + 10 * 86_400 + 3600, factor: 10 } }];
    stub.publishFailure.status = 500;
    await expect(run('2026-12-10T00:30:00Z')).rejects.toThrow(/1 runaway alert\(s\) could not be sent/);
    expect(stub.publishes).toHaveLength(0);
    stub.publishFailure.status = undefined;
    const retried = await run('2026-12-10T00:30:00Z');
    expect(retried.incidents).toEqual([expect.objectContaining({ costSoFar: '13.5', hours: 1, sent: true })]);
    expect(stub.publishes).toHaveLength(1);
  });
});
