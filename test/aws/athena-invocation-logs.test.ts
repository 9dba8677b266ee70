import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryError, readInvocationLogsWithAthena } from '../../src/aws/athena-invocation-logs.js';
import { invocationLogsSql } from '../../src/logs/logs-sql.js';
import { readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { anthropicBody, logRecord, writeLogFolder } from '../logs/log-fixture.js';

const athena = mockClient(AthenaClient);
const config = { database: 'bedrock', table: 'invocation_logs', workGroup: 'advisor', longContextThresholds: [200_000], pollMs: 0 };
const COLUMNS = ['kind', 'hour', 'account_id', 'region', 'model_id', 'caller', 'tags', 'long_context_band', 'tier', 'inference_region', 'streaming', 'errored',
  'requests', 'active_minutes', 'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_write_unsplit_tokens', 'output_tokens',
  'all_input_squared', 'duplicates', 'file', 'bad_field'];

/** Athena's GetQueryResults page: column names as the first row of the first page, every value text. */
function page(rows: Array<Record<string, unknown>>, first: boolean, next?: string) {
  const asRow = (values: Array<string | null>) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: COLUMNS.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: [...(first ? [asRow(COLUMNS)] : []), ...rows.map((r) => asRow(COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c])))))],
    },
    ...(next ? { NextToken: next } : {}),
  };
}

describe('invocation logs on Athena', () => {
  beforeEach(() => athena.reset());

  it('starts the query in the workgroup, awaits it, pages the results and reads the same hours DuckDB does', async () => {
    // The rows Athena returns are the query's own output over the same records, computed here by DuckDB.
    const dir = writeLogFolder([
      logRecord({ requestId: 'a', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 10, cacheWrite: 300, outputBody: anthropicBody(100, 200, 1_000, 10) }),
      logRecord({ requestId: 'b', timestamp: '2026-11-02T11:01:00Z', input: 250_000, output: 10, requestMetadata: { team: 'x' } }),
    ]);
    const local = await readInvocationLogs(dir, { longContextThresholds: [200_000] });
    const rows = local.hours.map((h) => ({
      kind: 'hour', hour: h.hour, account_id: h.accountId, region: h.region, model_id: h.modelId, caller: h.caller, tags: JSON.stringify(h.tags),
      long_context_band: h.longContextBand, tier: h.tier, inference_region: h.inferenceRegion, streaming: h.streaming ? 1 : 0, errored: h.errored ? 1 : 0,
      requests: h.requests, active_minutes: h.activeMinutes, input_tokens: h.inputTokens, cache_read_tokens: h.cacheReadTokens, cache_write_5m_tokens: h.cacheWrite5mTokens,
      cache_write_1h_tokens: h.cacheWrite1hTokens, cache_write_unsplit_tokens: h.cacheWriteUnsplitTokens, output_tokens: h.outputTokens, all_input_squared: h.allInputSquared, duplicates: 0,
    }));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } }).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolvesOnce(page(rows.slice(0, 1), true, 'next')).resolves(page(rows.slice(1), false));

    const read = await readInvocationLogsWithAthena(new AthenaClient({ region: 'us-east-1' }), config);
    expect(read.hours).toEqual(local.hours);
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 2);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    const sent = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(sent.WorkGroup).toBe('advisor');
    expect(sent.QueryString).toBe(invocationLogsSql({ engine: 'athena', table: '"bedrock"."invocation_logs"', longContextThresholds: [200_000] }));
    expect(sent.QueryString).toContain('"$path"');
  });

  it('names a failed query and its reason, and bad records by object and field', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'Table not found' } } });
    await expect(readInvocationLogsWithAthena(new AthenaClient({ region: 'us-east-1' }), config)).rejects.toThrow(/q-2 failed: Table not found/);

    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves(page([{ kind: 'invalid', requests: 2, file: 's3://logs/AWSLogs/1/x.json.gz', bad_field: 'schemaVersion' }], true));
    await expect(readInvocationLogsWithAthena(new AthenaClient({ region: 'us-east-1' }), config)).rejects.toThrow(/x\.json\.gz: 2 record\(s\) have a bad schemaVersion/);
  });

  it('accepts only plain Glue names', async () => {
    await expect(readInvocationLogsWithAthena(new AthenaClient({ region: 'us-east-1' }), { ...config, table: 'x"; DROP' })).rejects.toBeInstanceOf(AthenaQueryError);
  });
});
