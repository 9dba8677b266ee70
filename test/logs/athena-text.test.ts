import { describe, expect, it } from 'vitest';
import { DUCKDB_TRINO_MACROS, invocationLogsSql } from '../../src/logs/logs-sql.js';
import { logFiles } from '../../src/logs/read-invocation-logs.js';
import { quoted, withDuckDb } from '../../src/sql/duckdb.js';
import { ACCOUNT, anthropicBody, converseBody, logKey, logRecord, SONNET_45, streamedBody, writeLogFolder } from './log-fixture.js';

/**
 * The Athena text of invocation-logs.sql is run, not only compared as text: on DuckDB, over a table
 * shaped as the Athena one (one string column `line`, and `"$path"`), with the Trino functions it
 * calls defined as macros (json_extract_scalar, json_format; regexp_like, bitwise_or_agg and
 * bit_count as the CLI defines them). It must read what the CLI's DuckDB text reads from the same
 * records: every Trino function it names exists with that arity, and the two ways of reading a
 * record's fields ({{fields}}) agree.
 */
const ATHENA_ON_DUCKDB = [
  'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
];

const T = '2026-11-02T10:15:00Z';

describe('the Athena text of the invocation-log query', () => {
  it('runs, and gives the rows the DuckDB text gives over the same records', async () => {
    const profile = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/a1b2c3d4e5f6`;
    const twice = logRecord({ requestId: 'twice', timestamp: '2026-11-02T10:47:30Z', input: 7, output: 3 });
    const dir = writeLogFolder([
      logRecord({ requestId: 'invoke', timestamp: T, input: 10, output: 1, cacheWrite: 300, outputBody: anthropicBody(100, 200, 10, 1) }),
      logRecord({ requestId: 'stream', timestamp: T, operation: 'InvokeModelWithResponseStream', input: 10, output: 1, cacheWrite: 50, outputBody: streamedBody(20, 30, 10, 1) }),
      logRecord({ requestId: 'converse', timestamp: T, operation: 'Converse', input: 10, output: 1, cacheWrite: 7, inputBody: { serviceTier: { type: 'priority' } },
        outputBody: converseBody([{ ttl: '1h', inputTokens: 4 }, { ttl: '5m', inputTokens: 3 }], 10, 1) }),
      logRecord({ requestId: 'long', timestamp: T, input: 250_000, cacheRead: 1_000, output: 5 }),
      logRecord({ requestId: 'p', timestamp: T, modelId: profile, input: 5, output: 5, requestMetadata: { team: 'search', env: 'prod' } }),
      logRecord({ requestId: 'r', timestamp: T, modelId: `us.${SONNET_45}`, inferenceRegion: 'us-west-2', input: 5, output: 5 }),
      logRecord({ requestId: 'e', timestamp: T, errorCode: 'ValidationException' }),
      twice,
      twice,
    ], { extra: { [logKey('us-east-1', T, 'bad.json.gz')]: `${JSON.stringify(logRecord({ requestId: 'bad', timestamp: T, input: -1, output: 1 }))}\nnot json\n` } });
    const files = await logFiles(dir);
    const thresholds = [200_000, 272_000];
    const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
    const [duck, athena] = await withDuckDb(async (connection) => {
      for (const macro of [...DUCKDB_TRINO_MACROS, ...ATHENA_ON_DUCKDB]) await connection.run(macro);
      await connection.run(`CREATE TABLE invocation_logs AS SELECT CAST(json AS VARCHAR) AS line, filename AS "$path" FROM read_ndjson_objects([${files.map(quoted).join(', ')}], filename = true, compression = 'gzip', ignore_errors = true)`);
      // The table's location also holds the permission-check object and a body delivered apart: the
      // CLI never lists them, and the Athena text must leave them out by itself.
      const root = `${dir}/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs`;
      await connection.run(`INSERT INTO invocation_logs VALUES ('not a record', ${quoted(`${root}/amazon-bedrock-logs-permission-check`)}),
        (${quoted(JSON.stringify({ content: 'a large body' }))}, ${quoted(`${root}/us-east-1/2026/11/02/10/data/large-body.json.gz`)})`);
      const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
      return [
        await rows(invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: thresholds })),
        await rows(invocationLogsSql({ engine: 'athena', table: 'invocation_logs', longContextThresholds: thresholds })),
      ];
    });
    expect(sorted(athena)).toEqual(sorted(duck));
    // Figures read off the records above, not off either text.
    const hours = duck.filter((r) => r.kind === 'hour');
    expect(hours.reduce((n, r) => n + Number(r.requests), 0)).toBe(8);
    expect(hours.reduce((n, r) => n + Number(r.duplicates), 0)).toBe(1);
    const plain = hours.find((r) => r.model_id === SONNET_45 && r.long_context_band === '0' && r.tier === 'standard' && r.streaming === '0' && r.errored === '0');
    // invoke and twice (10:15 and 10:47): two active minutes, 10 + 7 input tokens.
    expect([plain?.requests, plain?.active_minutes, plain?.input_tokens]).toEqual(['2', '2', '17']);
    expect(hours.find((r) => r.tier === 'priority')?.cache_write_1h_tokens).toBe('4');
    expect(hours.find((r) => r.long_context_band === '200000')?.input_tokens).toBe('250000');
    const invalid = duck.filter((r) => r.kind === 'invalid');
    expect(invalid.map((r) => [String(r.file).endsWith('bad.json.gz'), r.bad_field]).sort()).toEqual([[true, 'input.inputTokenCount'], [true, 'schemaType']]);
  });
});
