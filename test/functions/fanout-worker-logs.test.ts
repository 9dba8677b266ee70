import { AthenaClient, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createObservability } from '../../functions/middleware.js';
import type { AdvisorConfig } from '../../functions/config.js';
import { AthenaQueryResults } from '../../src/aws/athena-results.js';
import { longContextThresholds } from '../../src/logs/logs-sql.js';
import { readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { decodePartial, pricesKey, type FanOutRun, type PartialReport, type RunStore } from '../../src/service/fan-out.js';
import type { RegionSources } from '../../src/service/ports.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { captureStdout, lambdaContext } from '../e2e/harness.js';
import { logRecord, SONNET_45, writeLogFolder } from '../logs/log-fixture.js';
import { logsCatalog, logsCatalogDocument } from '../logs/logs-catalog.js';

/**
 * The fan-out worker at the Athena boundary (aws-sdk-client-mock): handed the invocation-log query the
 * state machine ran, it pages GetQueryResults once per query however many items a warm worker serves,
 * keeps its own account's and Region's rows, and prices them through the modes; handed none (`{}`) it
 * sends nothing to Athena; rows naming a bad record leave the item to CloudWatch's sums.
 */

const athena = mockClient(AthenaClient);
const A = '111111111111';
const B = '222222222222';
const run: FanOutRun = { period: '2026-W45', now: '2026-11-03T00:00:00Z', days: 1, bucket: 'runs', prefix: 'runs/2026-W45/', mode: 'organization' };
const logs = { queryExecutionId: 'q-logs', database: 'logs', table: 'bedrock_invocation_logs' };

/** Account A: one request above 200K (long context) and one below; account B: one below. All in us-east-1. */
const RECORDS: Record<string, Array<Record<string, unknown>>> = {
  [A]: [logRecord({ requestId: 'a1', timestamp: '2026-11-02T10:01:00Z', input: 250_000, output: 100 }), logRecord({ requestId: 'a2', timestamp: '2026-11-02T10:02:00Z', input: 1_000, output: 100 })],
  [B]: [logRecord({ requestId: 'b1', timestamp: '2026-11-02T11:00:00Z', input: 2_000, output: 100 })],
};

const COLUMNS = ['kind', 'hour', 'account_id', 'region', 'model_id', 'caller', 'tags', 'long_context_band', 'tier', 'inference_region', 'streaming', 'errored', 'requests', 'active_minutes',
  'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_write_unsplit_tokens', 'output_tokens', 'all_input_squared', 'duplicates', 'file', 'bad_field'];
let rows: Array<Array<string | null>>;
let usage: Map<string, UsageSnapshot>;

const cells = (values: Array<string | null>) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
/** Athena's answer: the header row, then the rows, two a page. */
function answer(body: Array<Array<string | null>>) {
  const all = [COLUMNS, ...body];
  const pages = Math.ceil(all.length / 2);
  for (let p = 0; p < pages; p++) {
    const page = { ResultSet: { ResultSetMetadata: { ColumnInfo: COLUMNS.map((Name) => ({ Name, Type: 'varchar' })) }, Rows: all.slice(p * 2, p * 2 + 2).map(cells) }, ...(p + 1 < pages ? { NextToken: `t${p + 1}` } : {}) };
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-logs', MaxResults: 1000, ...(p > 0 ? { NextToken: `t${p}` } : {}) }).resolves(page);
  }
}

function handler() {
  const objects = new Map<string, string>([[pricesKey(run), JSON.stringify({ document: logsCatalogDocument(), origin: logsCatalog().origin, notes: [] })]]);
  const store: RunStore & { objects: Map<string, string> } = { objects, get: async (k) => objects.get(k), put: async (k, v) => void objects.set(k, v) };
  const sourcesOf = (account: string): RegionSources => ({
    usage: () => ({ collect: async () => ({ models: usage.get(account)!.models.map(({ accountId: _a, ...m }) => m) }) }),
    inventory: () => ({ read: async () => ({ provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] }) }),
  });
  const run1 = createWorkerHandler({
    config: {} as AdvisorConfig, observability: createObservability(), sources: sourcesOf(A), accountSources: (t) => sourcesOf(t.accountId),
    runStore: () => store, queryResults: () => new AthenaQueryResults(new AthenaClient({ region: 'us-east-1' })),
  }) as (event: unknown, context: Context) => Promise<{ key: string }>;
  const invoke = async (event: unknown) => {
    const { key } = (await captureStdout(() => run1(event, lambdaContext('fanoutWorker')))).result;
    return decodePartial(store.objects.get(key)!) as Extract<PartialReport, { status: 'analysed' }>;
  };
  return invoke;
}

const item = (accountId: string) => ({ accountId, region: 'us-east-1', roleArn: `arn:aws:iam::${accountId}:role/advisor` });
const sonnet = (p: Extract<PartialReport, { status: 'analysed' }>) => p.report.models.find((m) => m.modelId === SONNET_45)!;

let createWorkerHandler: typeof import('../../functions/fanout-worker.js').createWorkerHandler;

beforeAll(async () => {
  // The module builds its Lambda handler on import, from the environment.
  process.env.TOPIC_ARN ??= 'arn:aws:sns:us-east-1:123456789012:advice';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.REGIONS ??= 'us-east-1';
  ({ createWorkerHandler } = await import('../../functions/fanout-worker.js'));
  // Each account's records read on their own, then named as that account's (the fixture logs one account).
  const thresholds = longContextThresholds(logsCatalog());
  const hours = (await Promise.all([A, B].map(async (account) => (await readInvocationLogs(writeLogFolder(RECORDS[account]!), { longContextThresholds: thresholds })).hours.map((h) => ({ ...h, accountId: account }))))).flat();
  // Athena's rows of invocation-logs.sql are the hours as text (kind 'hour').
  rows = hours.map((h) => ['hour', h.hour, h.accountId, h.region, h.modelId, h.caller, JSON.stringify(h.tags), String(h.longContextBand), h.tier, h.inferenceRegion, h.streaming ? '1' : '0', h.errored ? '1' : '0',
    String(h.requests), String(h.activeMinutes), String(h.inputTokens), String(h.cacheReadTokens), String(h.cacheWrite5mTokens), String(h.cacheWrite1hTokens), String(h.cacheWriteUnsplitTokens),
    String(h.outputTokens), String(h.allInputSquared), '0', null, null]);
  // Each account's CloudWatch sums: the same requests.
  usage = new Map([A, B].map((account) => [account, snapshotFromLogs(hours.filter((h) => h.accountId === account))]));
});

beforeEach(() => athena.reset());

describe('the fan-out worker with the run\'s invocation-log query', () => {
  it('pages the query once for two items, and prices each item\'s own requests through the modes', async () => {
    answer(rows);
    const invoke = handler();
    const a = await invoke({ run, item: item(A), logs });
    const b = await invoke({ run, item: item(B), logs });
    // Header + 3 rows at two a page: 2 pages, read once by the warm worker.
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    // A's on-demand figure is the per-request sum (250 x 0.006 + 0.1 x 0.0225 = 1.50225; 1 x 0.003 + 0.1 x 0.015 = 0.0045),
    // with no long-context bound left; B's holds B's request alone (2 x 0.003 + 0.1 x 0.015 = 0.0075).
    const onDemand = (p: Extract<PartialReport, { status: 'analysed' }>) => sonnet(p).scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand(a).cost!.toFixed()).toBe('1.50675');
    expect(onDemand(a).longContext).toBeUndefined();
    expect(onDemand(a).assumptions).toContainEqual(expect.objectContaining({ says: 'logs-long-context', longContextRequests: 1, requests: 2 }));
    expect(onDemand(b).cost!.toFixed()).toBe('0.0075');
    expect(onDemand(b).assumptions).toContainEqual(expect.objectContaining({ says: 'logs-long-context', longContextRequests: 0, requests: 1 }));
    // callers[] and the logs' summary are the aggregator's, set once over every item.
    expect(a.report.callers).toBeUndefined();
    expect(a.report.invocationLogs).toBeUndefined();
  });

  it('sends nothing to Athena when the state machine hands it no query ({}), and prices CloudWatch\'s sums', async () => {
    const a = await handler()({ run, item: item(A), logs: {} });
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 0);
    // At standard rates with the bound: 251 x 0.003 + 0.2 x 0.015 = 0.756.
    const onDemand = sonnet(a).scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost!.toFixed()).toBe('0.756');
    expect(onDemand.assumptions).not.toContainEqual(expect.objectContaining({ says: 'logs-long-context' }));
  });

  it('leaves the item to CloudWatch\'s sums when the query found a bad record (the aggregator names it)', async () => {
    answer([...rows, ['invalid', null, null, null, null, null, null, null, null, null, null, null, '1', null, null, null, null, null, null, null, null, null, 'AWSLogs/x/y.json.gz', 'output.outputTokenCount']]);
    const a = await handler()({ run, item: item(A), logs });
    expect(sonnet(a).scenarios.find((s) => s.mode === 'on-demand')!.cost!.toFixed()).toBe('0.756');
  });

  it('fails the item when the rows cannot be read, so Step Functions retries it, and the retry reads them again', async () => {
    athena.on(GetQueryResultsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const invoke = handler();
    await expect(invoke({ run, item: item(A), logs })).rejects.toThrow(/Rate exceeded/);
    // The failed read is not kept: the retry (the same warm worker) reads the rows again.
    athena.reset();
    answer(rows);
    const a = await invoke({ run, item: item(A), logs });
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(sonnet(a).scenarios.find((s) => s.mode === 'on-demand')!.cost!.toFixed()).toBe('1.50675');
  });
});
