import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { lambdaContext } from './harness.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';

/**
 * The scheduled digest with BILL_SOURCE=ce: the real Cost Explorer client over HTTP against the
 * loopback stub, the digest reconciled with the bill before it is published; and off by default.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-test-advice';
type Handler = (event: unknown, context: Context) => Promise<unknown>;
let stub: AwsStub;
let dynamo: LocalDynamoDb;
let withBill: Handler;
let withoutBill: Handler;
let withHistory: Handler;
/** The long hourly read each collection was asked for (the digest built with FORECAST_HISTORY_DAYS=30). */
const historyAsked: Array<number | undefined> = [];
const costExplorer = {
  perDay: [
    { service: 'Amazon Bedrock', usageType: 'USE1-NovaMicro-input-tokens', quantity: '7200', unit: '1K tokens', unblendedCost: '0.252' },
    { service: 'Amazon Bedrock', usageType: 'USE1-Guardrails-ContentPolicyTextUnits', quantity: '1000', unit: 'TextUnits', unblendedCost: '0.75' },
  ],
  denied: false,
};
const scheduled = (time: string) => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time, detail: {} });

beforeAll(async () => {
  stub = await startAwsStub({ costExplorer });
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, IDEMPOTENCY_TABLE, AWS_REGION: 'us-east-1', TOPIC_ARN,
    REGIONS: 'us-east-1', ANALYSIS_DAYS: '3', PRICE_SOURCE: 'bundled', POWERTOOLS_LOG_LEVEL: 'ERROR', BILL_SOURCE: 'ce',
  });
  const digest = await import('../../functions/digest.js');
  withBill = digest.handler as Handler;
  process.env.BILL_SOURCE = '';
  withoutBill = digest.createDigestHandler(digest.createDigestLambdaDeps()) as Handler;
  // The deploy parameter forecastHistoryDays reaches the collector through the handler's own config.
  process.env.FORECAST_HISTORY_DAYS = '30';
  const deps = digest.createDigestLambdaDeps();
  delete process.env.FORECAST_HISTORY_DAYS;
  withHistory = digest.createDigestHandler({
    ...deps,
    sources: {
      ...deps.sources,
      usage: (region) => {
        const real = deps.sources.usage(region);
        return { collect: (request) => { historyAsked.push(request.historyDays); return real.collect(request); } };
      },
    },
  }) as Handler;
}, 30_000);

afterAll(async () => {
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => {
  stub.reset();
  historyAsked.length = 0;
  costExplorer.denied = false;
});

const emailOf = (i = 0) => (JSON.parse(stub.publishes[i]!.message) as { default: string }).default;

describe('the digest with BILL_SOURCE=ce', () => {
  it('reads the bill from Cost Explorer before it publishes, and the digest carries the reconciliation', async () => {
    await withBill(scheduled('2026-11-16T08:00:00Z'), lambdaContext('digest'));
    const ce = stub.requests.filter((r) => r.service === 'ce');
    expect(ce.map((r) => r.operation)).toEqual(expect.arrayContaining(['GetDimensionValues', 'GetCostAndUsage']));
    expect(stub.publishes).toHaveLength(1);
    expect(stub.requests.findIndex((r) => r.service === 'sns')).toBe(stub.requests.length - 1);
    const email = emailOf();
    expect(email).toContain('BILL RECONCILIATION');
    expect(email).toMatch(new RegExp(`Bill: Cost Explorer GetCostAndUsage.*\\(${ce.length} request\\(s\\), \\$0\\.0${ce.length}\\)`, 's'));
    expect(email).toMatch(/Outside the replay: Guardrails/);
  });

  it('names a bill it cannot read and still publishes the advice', async () => {
    costExplorer.denied = true;
    const response = (await withBill(scheduled('2026-11-23T08:00:00Z'), lambdaContext('digest'))) as { errors: Array<{ scope: string }> };
    expect(stub.publishes).toHaveLength(1);
    expect(response.errors.map((e) => e.scope)).toEqual(['bill']);
    expect(emailOf()).toMatch(/bill: the bill could not be read: AccessDeniedException/);
    expect(emailOf()).not.toContain('BILL RECONCILIATION');
  });

  it('reads no bill when BILL_SOURCE is empty (the default)', async () => {
    await withoutBill(scheduled('2026-11-30T08:00:00Z'), lambdaContext('digest'));
    expect(stub.publishes).toHaveLength(1);
    expect(stub.requests.filter((r) => r.service === 'ce')).toEqual([]);
  });

  it("asks the collector for FORECAST_HISTORY_DAYS' long read once per Region, this period only, and none without it", async () => {
    await withHistory(scheduled('2026-12-07T08:00:00Z'), lambdaContext('digest'));
    expect(stub.publishes).toHaveLength(1);
    // This period's collection carries the long read; the previous period's (week over week) does not.
    expect(historyAsked).toEqual([30, undefined]);
    historyAsked.length = 0;
    await withoutBill(scheduled('2026-12-14T08:00:00Z'), lambdaContext('digest'));
    expect(historyAsked).toEqual([]);
  });
});
