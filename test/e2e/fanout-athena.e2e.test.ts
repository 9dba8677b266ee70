import type { Context } from 'aws-lambda';
import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AthenaClient } from '@aws-sdk/client-athena';
import { billAthenaQuery, logsAthenaQuery } from '../../src/aws/athena-sql.js';
import { DUCKDB_TRINO_MACROS, invocationLogsSql, longContextThresholds } from '../../src/logs/logs-sql.js';
import { logFiles } from '../../src/logs/read-invocation-logs.js';
import { withDuckDb } from '../../src/sql/duckdb.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { logRecord, writeLogFolder } from '../logs/log-fixture.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import type { AthenaFixture } from './athena-stub.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';
import { captureStdout, lambdaContext } from './harness.js';
import { runStateMachine, type Definition } from './state-machine-driver.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The deployed Athena path, whole: the digest (BILL_SOURCE=athena and an invocation-log table) builds
 * both queries from the .sql files and hands them to its state machine; the definition in
 * statemachine/digest-fanout.asl.json runs them on Athena (the loopback stub, awsJson1_1, through the
 * real client) and awaits them, then the Map, whose worker pages the log query's results (GetQueryResults)
 * and prices its item's requests through the modes, and the aggregator, which pages the bill's rows and
 * the logs' again (callers[]) and publishes the digest reconciled with the bill and priced per request. The log
 * rows the stub answers are invocation-logs.sql's own output over the same records, run by DuckDB.
 */

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:bedrock-cost-advisor-test-digest-fanout';
const BUCKET = 'bedrock-cost-advisor-test-runs';
const OWN_ACCOUNT = '123456789012';
const NOW = new Date('2026-11-30T08:00:00Z');
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
/** The account's Sonnet 4 traffic goes through the US cross-Region profile (the stub's usage), and so do its logged requests. */
const SONNET_4_US = `us.${SONNET_4}`;
const definition = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'statemachine', 'digest-fanout.asl.json'), 'utf8')) as Definition;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let stub: AwsStub;
let dynamo: LocalDynamoDb;
let digest: Handler;
let worker: Handler;
let aggregator: Handler;
let ceDigest: Handler;
let ceAggregator: Handler;

/** Billed lines as Athena returns bedrock-bill.sql's rows: every value text. Another account's line must be left out. */
const billLine = (account: string, usageType: string, quantity: string, unit: string, cost: string) => ({
  account_id: account, product_code: 'AmazonBedrock', service: 'Amazon Bedrock', region: 'us-east-1', usage_type: usageType, operation: 'InvokeModelInference',
  line_item_type: 'Usage', usage_day: '2026-11-29', pricing_unit: unit, resource_id: null, iam_principal: null, tags: null, quantity, unblended_cost: cost, net_cost: null,
});
const bill: AthenaFixture = {
  table: 'cur.data_export',
  rows: [
    billLine(OWN_ACCOUNT, 'USE1-Guardrails-ContentPolicyTextUnits', '1000', 'TextUnits', '0.75'),
    billLine(OWN_ACCOUNT, 'USE1-NovaMicro-input-tokens', '7200', '1K tokens', '0.252'),
    billLine('999999999999', 'USE1-Guardrails-ContentPolicyTextUnits', '9000', 'TextUnits', '6.75'),
  ],
  rowsPerPage: 2,
};
const logs: AthenaFixture = { table: 'logs.bedrock_invocation_logs', rows: [], rowsPerPage: 2 };
const RECORDS = [
  logRecord({ requestId: 'r1', timestamp: '2026-11-29T10:01:00Z', modelId: SONNET_4_US, input: 250_000, output: 100, caller: 'arn:aws:sts::123456789012:assumed-role/nightly-job/x' }),
  logRecord({ requestId: 'r2', timestamp: '2026-11-29T10:02:00Z', modelId: SONNET_4_US, input: 1_000, output: 50, caller: 'arn:aws:sts::123456789012:assumed-role/nightly-job/x' }),
  logRecord({ requestId: 'r3', timestamp: '2026-11-29T14:30:00Z', modelId: SONNET_4_US, input: 2_000, output: 60, caller: 'arn:aws:sts::123456789012:assumed-role/app/y', requestMetadata: { team: 'search' } }),
];

interface Published {
  reconciliation?: { totals: { billedCost: string }; outsideReplay: Array<{ description?: string; usageType?: string; billedCost: string }> };
  invocationLogs?: { requests: number; source?: string; description?: string };
  callers?: Array<{ caller: string; requests: number }>;
  models: Array<{ modelId: string; requests?: { requests: number; longContextRequests: number }; scenarios?: Array<{ mode: string; assumptions: string[] }> }>;
  errors: Array<{ scope: string; message: string }>;
}
const published = (i = 0) => JSON.parse((JSON.parse(stub.publishes[i]!.message) as { sqs: string }).sqs) as Published;
const scheduled = (time: string) => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time, detail: {} });
const quietly = <T>(fn: () => Promise<T>) => captureStdout(fn).then((r) => r.result);

async function runExecution(aggregatorHandler: Handler = aggregator) {
  const execution = stub.executions.at(-1)!;
  const athena = new AthenaClient({ region: 'us-east-1', endpoint: stub.url, credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'x' } });
  return quietly(() => runStateMachine(definition, JSON.parse(execution.input), { functions: { '${FanoutWorkerArn}': worker, '${FanoutAggregatorArn}': aggregatorHandler }, objects: stub.objects, athena }));
}

beforeAll(async () => {
  // The rows the Athena query returns: the query file itself, run by DuckDB over the same records.
  const dir = writeLogFolder(RECORDS);
  const files = await logFiles(dir);
  const thresholds = longContextThresholds(PriceCatalog.bundled());
  logs.rows = await withDuckDb(async (connection) => {
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    const rows = (await connection.runAndReadAll(invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: thresholds }))).getRowObjectsJS();
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
  });
  logs.columns = Object.keys(logs.rows[0]!);

  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  stub = await startAwsStub({
    athena: [bill, logs],
    costExplorer: { perDay: [{ service: 'Amazon Bedrock', usageType: 'USE1-Guardrails-ContentPolicyTextUnits', quantity: '1000', unit: 'TextUnits', unblendedCost: '0.75' }], denied: false },
  });
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bedrock-cost-advisor-test-advice',
    REGIONS: 'us-east-1', ANALYSIS_DAYS: '2', PRICE_SOURCE: 'bundled', IDEMPOTENCY_TABLE, RUN_BUCKET: BUCKET, STATE_MACHINE_ARN, POWERTOOLS_LOG_LEVEL: 'ERROR',
    // One item, far below the threshold: the Athena queries alone make the run fan out.
    FANOUT_MIN_ITEMS: '40',
    BILL_SOURCE: 'athena', BILL_DATABASE: 'cur', BILL_TABLE: 'data_export',
    INVOCATION_LOGS_DATABASE: 'logs', INVOCATION_LOGS_TABLE: 'bedrock_invocation_logs',
    ATHENA_WORKGROUP: 'advisor', ATHENA_RESULTS_LOCATION: 's3://advisor-athena-results/bedrock-cost-advisor/',
  });
  digest = (await import('../../functions/digest.js')).handler as Handler;
  worker = (await import('../../functions/fanout-worker.js')).handler as Handler;
  const aggregatorModule = await import('../../functions/fanout-aggregator.js');
  aggregator = aggregatorModule.handler as Handler;
  // The same stack deployed with billSource=ce and no invocation-log table: a large run reads Cost Explorer in the aggregator.
  const athenaEnv = ['BILL_DATABASE', 'BILL_TABLE', 'INVOCATION_LOGS_DATABASE', 'INVOCATION_LOGS_TABLE'].map((k) => [k, process.env[k]] as const);
  for (const [k] of athenaEnv) delete process.env[k];
  process.env.BILL_SOURCE = 'ce';
  process.env.FANOUT_MIN_ITEMS = '1';
  const digestModule = await import('../../functions/digest.js');
  ceDigest = digestModule.createDigestHandler(digestModule.createDigestLambdaDeps()) as Handler;
  ceAggregator = aggregatorModule.createAggregatorHandler(aggregatorModule.createAggregatorLambdaDeps()) as Handler;
  for (const [k, v] of athenaEnv) process.env[k] = v;
  process.env.BILL_SOURCE = 'athena';
  process.env.FANOUT_MIN_ITEMS = '40';
}, 60_000);

afterAll(async () => {
  vi.useRealTimers();
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => {
  stub.reset();
  bill.queries = [];
  bill.starts = [];
  logs.queries = [];
  delete bill.failWith;
  delete logs.failWith;
});

vi.setConfig({ testTimeout: 60_000 });

describe('the digest with its bill and invocation logs on Athena, run by the state machine', () => {
  it('hands the state machine the queries made from the .sql files; the aggregator pages their rows and publishes the digest reconciled and priced per request', async () => {
    const started = (await quietly(() => digest(scheduled('2026-11-30T08:00:00Z'), lambdaContext('digest')))) as { fannedOut: { items: number } };
    expect(started.fannedOut.items).toBe(1);
    const input = JSON.parse(stub.executions[0]!.input) as { athena: { workGroup: string; outputLocation: string; bill: { query: string }; logs: { query: string } } };
    // The text is the files' own: the bill's over the window [now - 2 days, now] in whole UTC days.
    expect(input.athena.bill.query).toBe(billAthenaQuery({ database: 'cur', table: 'data_export' }, { start: '2026-11-28T08:00:00.000Z', end: NOW.toISOString() }));
    expect(input.athena.bill.query).toContain("CAST('2026-11-28' AS TIMESTAMP)");
    expect(input.athena.bill.query).toContain("CAST('2026-12-01' AS TIMESTAMP)");
    expect(input.athena.logs.query).toBe(logsAthenaQuery({ database: 'logs', table: 'bedrock_invocation_logs', longContextThresholds: longContextThresholds(PriceCatalog.bundled()) }));
    expect(stub.requests.filter((r) => r.service === 'athena')).toEqual([]); // the digest itself sends nothing to Athena

    const { mapRuns } = await runExecution();
    expect(mapRuns).toEqual([{ items: 1, succeeded: 1, failed: [] }]);
    // Each query started in the workgroup with the result location, awaited (RUNNING, SUCCEEDED), then paged by the aggregator.
    expect(bill.starts![0]).toMatchObject({ WorkGroup: 'advisor', QueryExecutionContext: { Database: 'cur' }, ResultConfiguration: { OutputLocation: 's3://advisor-athena-results/bedrock-cost-advisor/' } });
    const athenaOps = stub.requests.filter((r) => r.service === 'athena').map((r) => r.operation);
    expect(athenaOps.filter((o) => o === 'StartQueryExecution')).toHaveLength(2);
    expect(athenaOps.filter((o) => o === 'GetQueryExecution')).toHaveLength(4);
    // 3 bill rows at 2 a page (the aggregator), and the log rows at 2 a page twice: the worker reads them
    // before it prices its item, the aggregator again for callers[].
    expect(athenaOps.filter((o) => o === 'GetQueryResults')).toHaveLength(2 + 2 * Math.ceil(logs.rows.length / 2));
    expect(stub.publishes).toHaveLength(1);

    const report = published();
    expect(report.errors.filter((e) => e.scope === 'bill' || e.scope === 'invocation logs')).toEqual([]);
    // The payer's bill holds another account's line: only the analysed account's are reconciled.
    // (The published view gives cents; the other account's $6.75 would make it 7.75.)
    expect(report.reconciliation!.totals.billedCost).toBe(new Decimal('0.75').plus('0.252').toFixed(2));
    expect(JSON.stringify(report.reconciliation!.outsideReplay)).toContain('Guardrails');
    // Three records, one above Sonnet 4's 200K threshold, two callers.
    expect(report.invocationLogs?.requests).toBe(3);
    expect(report.models.filter((m) => m.requests).map((m) => [m.modelId, m.requests!.requests, m.requests!.longContextRequests])).toEqual([[expect.stringContaining(SONNET_4), 3, 1]]);
    expect(report.models.find((m) => m.requests)?.requests).toMatchObject({ requests: 3, longContextRequests: 1 });
    // The worker priced the logged hours through the modes: the on-demand figure is the per-request sum there, not CloudWatch's set beside them.
    const onDemand = report.models.find((m) => m.requests)!.scenarios!.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.assumptions.join('\n')).toMatch(/the invocation logs show 1 of 3 request\(s\) above 200,000 input tokens; this figure prices each request at its own rates/);
    expect(onDemand.assumptions.join('\n')).not.toMatch(/read after the model was priced/);
    expect(report.callers?.map((c) => [c.caller, c.requests]).sort()).toEqual([['arn:aws:sts::123456789012:assumed-role/app/y', 1], ['arn:aws:sts::123456789012:assumed-role/nightly-job/x', 2]]);
  });

  it('names a bill query that failed, and still publishes the advice with the invocation logs', async () => {
    bill.failWith = 'HIVE_BAD_DATA: Error parsing field value';
    await quietly(() => digest(scheduled('2026-12-07T08:00:00Z'), lambdaContext('digest')));
    await runExecution();
    expect(stub.publishes).toHaveLength(1);
    const report = published();
    expect(report.reconciliation).toBeUndefined();
    const billError = report.errors.find((e) => e.scope === 'bill');
    expect(billError?.message).toMatch(/^the bill could not be read: the Athena query over cur\.data_export did not finish \(States\.TaskFailed: HIVE_BAD_DATA: Error parsing field value\)$/);
    expect(report.invocationLogs?.requests).toBe(3);
  });

  it('names a logs query that failed: the workers get no query ({}) and price CloudWatch\'s sums, and the digest still goes out', async () => {
    logs.failWith = 'HIVE_CURSOR_ERROR: Unexpected end of input';
    await quietly(() => digest(scheduled('2026-12-21T08:00:00Z'), lambdaContext('digest')));
    const { mapRuns } = await runExecution();
    expect(mapRuns).toEqual([{ items: 1, succeeded: 1, failed: [] }]);
    // Only the bill's rows are paged: no worker reads a failed query.
    expect(stub.requests.filter((r) => r.service === 'athena' && r.operation === 'GetQueryResults')).toHaveLength(2);
    const report = published();
    expect(report.errors.find((e) => e.scope === 'invocation logs')?.message).toMatch(/^the invocation logs could not be read: the Athena query over logs\.bedrock_invocation_logs did not finish \(States\.TaskFailed: HIVE_CURSOR_ERROR: Unexpected end of input\)$/);
    expect(report.models.some((m) => m.requests)).toBe(false);
    expect(report.invocationLogs).toBeUndefined();
  });

  it('reads the Cost Explorer bill in the aggregator when a billSource=ce run fans out (and runs no query)', async () => {
    const started = (await quietly(() => ceDigest(scheduled('2026-12-14T08:00:00Z'), lambdaContext('digest')))) as { fannedOut: { items: number } };
    expect(started.fannedOut.items).toBe(1);
    expect(JSON.parse(stub.executions[0]!.input)).not.toHaveProperty('athena');
    await runExecution(ceAggregator);
    expect(stub.requests.filter((r) => r.service === 'athena')).toEqual([]);
    expect(stub.requests.filter((r) => r.service === 'ce').map((r) => r.operation)).toEqual(expect.arrayContaining(['GetCostAndUsage']));
    expect(stub.publishes).toHaveLength(1);
    const report = published();
    expect(report.errors.filter((e) => e.scope === 'bill')).toEqual([]);
    expect(JSON.stringify(report.reconciliation?.outsideReplay)).toContain('Guardrails');
    expect(report.invocationLogs).toBeUndefined();
  });
});
