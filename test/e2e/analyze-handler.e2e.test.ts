import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { captureStdout, lambdaContext } from './harness.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * From handler invocation to the captured SNS Publish, with the real SDK clients talking HTTP to a
 * loopback stub. The environment is set before the handler modules are imported: their SDK clients
 * and configuration are built at module scope, as on a Lambda cold start.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-test-advice';

let stub: AwsStub;
let dynamo: LocalDynamoDb;
let analyzeHandler: (event: unknown, context: Context) => Promise<unknown>;
let digestHandler: (event: unknown, context: Context) => Promise<unknown>;

interface JsonReport {
  account?: string;
  summary: { potentialMonthlySavings: string; modelsAnalysed: number; recommendations: number };
  models: Array<{ region: string; modelId: string }>;
  errors: Array<{ scope: string; message: string }>;
  collection?: { listMetricsCalls: number; getMetricDataCalls: number; estimatedCostUsd: string };
}

beforeAll(async () => {
  stub = await startAwsStub({ failRegions: ['eu-west-1'] });
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    IDEMPOTENCY_TABLE,
    AWS_REGION: 'us-east-1',
    TOPIC_ARN,
    REGIONS: 'us-east-1,us-west-2,eu-west-1',
    ANALYSIS_DAYS: '30',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  analyzeHandler = (await import('../../functions/analyze.js')).handler as typeof analyzeHandler;
  digestHandler = (await import('../../functions/digest.js')).handler as typeof digestHandler;
});

afterAll(async () => {
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => stub.reset());

describe('analyze handler over the wire', () => {
  it('publishes one JSON-structured digest with a default entry when publish is true', async () => {
    // Act
    const response = (await analyzeHandler({ days: 7, regions: ['us-east-1'], publish: true }, lambdaContext('analyze'))) as {
      report: JsonReport;
      published?: { messageId: string; bytes: number };
    };

    // Assess
    expect(stub.publishes).toHaveLength(1);
    const publish = stub.publishes[0]!;
    expect(publish.topicArn).toBe(TOPIC_ARN);
    expect(publish.region).toBe('us-east-1');
    expect(publish.messageStructure).toBe('json');
    const message = JSON.parse(publish.message) as Record<string, unknown>;
    expect(typeof message.default).toBe('string');
    expect((message.default as string).length).toBeGreaterThan(0);
    expect(response.published?.messageId).toBe(publish.messageId);
    expect(response.report.models.map((m) => m.region)).toContain('us-east-1');
    expect(response.report.summary.modelsAnalysed).toBeGreaterThan(0);
    // The account comes from the function's own ARN (arn:aws:lambda:us-east-1:123456789012:function:analyze).
    expect(response.report.account).toBe('123456789012');
    expect(publish.subject).toContain('account 123456789012');
  });

  it('names a failing Region in the report while the other Regions are still analysed', async () => {
    // Act
    const response = (await analyzeHandler({ days: 3, publish: false }, lambdaContext('analyze'))) as { report: JsonReport; published?: unknown };

    // Assess
    expect(stub.publishes).toHaveLength(0);
    expect(response.published).toBeUndefined();
    const { report } = response;
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.scope).toBe('region eu-west-1');
    expect(report.errors[0]!.message).toMatch(/AccessDenied/);
    const analysedRegions = new Set(report.models.map((m) => m.region));
    expect(analysedRegions).toEqual(new Set(['us-east-1', 'us-west-2']));
    expect(stub.requests.some((r) => r.region === 'eu-west-1' && r.status === 403)).toBe(true);
    // Collection stats are summed over the Regions that answered.
    expect(report.collection?.listMetricsCalls).toBe(4);
    expect(report.collection?.getMetricDataCalls).toBeGreaterThanOrEqual(2);
  });

  it('emits potential savings and the CloudWatch call count as EMF metrics', async () => {
    // Act
    const { result, lines } = await captureStdout(() => analyzeHandler({ days: 2, regions: ['us-west-2'] }, lambdaContext('analyze')));

    // Assess
    const report = (result as { report: JsonReport }).report;
    const emf = lines
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .find((doc) => doc && '_aws' in doc && 'PotentialMonthlySavingsUsd' in doc);
    expect(emf).toBeDefined();
    expect(emf!.PotentialMonthlySavingsUsd).toBe(Number(report.summary.potentialMonthlySavings));
    expect(emf!.CloudWatchApiCalls).toBe(report.collection!.listMetricsCalls + report.collection!.getMetricDataCalls);
    const directives = (emf!._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics;
    expect(directives[0]!.Namespace).toBe('BedrockCostAdvisor');
  });

  it('rejects an invalid event naming the field, before any AWS call', async () => {
    await expect(analyzeHandler({ days: 0 }, lambdaContext('analyze'))).rejects.toThrow(/days: expected an integer between 1 and 455/);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('digest handler over the wire', () => {
  it('publishes exactly once per scheduled run, after the whole report is built', async () => {
    // Prepare
    const scheduledEvent = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-16T08:00:00Z', detail: {} };

    // Act
    const response = (await digestHandler(scheduledEvent, lambdaContext('digest'))) as { messageId: string; errors: Array<{ scope: string }> };

    // Assess
    expect(stub.publishes).toHaveLength(1);
    expect(response.messageId).toBe(stub.publishes[0]!.messageId);
    expect(response.errors.map((e) => e.scope)).toEqual(['region eu-west-1']);
    const publishIndex = stub.requests.findIndex((r) => r.service === 'sns');
    expect(publishIndex).toBe(stub.requests.length - 1);
    const message = JSON.parse(stub.publishes[0]!.message) as Record<string, unknown>;
    expect(typeof message.default).toBe('string');
  });

  it('publishes nothing when every Region fails', async () => {
    // Prepare
    stub.failRegions.add('us-east-1');
    stub.failRegions.add('us-west-2');
    try {
      // Act / Assess
      await expect(digestHandler({ source: 'aws.events', time: '2026-11-09T08:00:00Z' }, lambdaContext('digest'))).rejects.toThrow(/usage collection failed in every Region/);
      expect(stub.publishes).toHaveLength(0);
    } finally {
      stub.failRegions.delete('us-east-1');
      stub.failRegions.delete('us-west-2');
    }
  });
});
