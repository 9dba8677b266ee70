import { describe, expect, it } from 'vitest';
import { DUCKDB_TRINO_MACROS, invocationLogsSql } from '../../src/logs/logs-sql.js';
import { logFiles } from '../../src/logs/read-invocation-logs.js';
import { quoted, withDuckDb } from '../../src/sql/duckdb.js';
import { ACCOUNT, logKey, logRecord, SONNET_45, writeLogFolder } from './log-fixture.js';

/**
 * Which copy of a record delivered more than once the query keeps, and how it counts the others
 * (invocation-logs.sql, `numbered`): the copy with the smallest hour and minute, then model, then
 * caller, then input, output, cache-read and cache-write tokens, then tier and tags; every other copy
 * is one duplicate, counted on the kept copy's row. Copies here differ in exactly those fields, so a
 * query that kept another copy, or counted the copies another way, gives other rows. Both texts run
 * (DuckDB's, and Athena's on DuckDB as test/logs/athena-text.test.ts runs it). The expected rows are
 * worked out by hand from the records below.
 */
const ATHENA_ON_DUCKDB = [
  'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
];

const APP = `arn:aws:sts::${ACCOUNT}:assumed-role/app/session`;
const ALPHA = `arn:aws:sts::${ACCOUNT}:assumed-role/alpha/session`;
const ZETA = `arn:aws:sts::${ACCOUNT}:assumed-role/zeta/session`;
const at = (hhmmss: string) => `2026-11-02T${hhmmss}Z`;

const RECORDS = [
  // A, three times: 10:05 is the earliest, so its copy is kept although another has fewer tokens
  // and another is in hour 11 (hour 11 then has no row at all).
  logRecord({ requestId: 'A', timestamp: at('10:20:00'), input: 100, output: 10 }),
  logRecord({ requestId: 'A', timestamp: at('10:05:00'), input: 500, output: 50 }),
  logRecord({ requestId: 'A', timestamp: at('11:01:00'), input: 1, output: 1 }),
  // B, twice in the same minute: the model decides before the tokens ("anthropic." < "us.").
  logRecord({ requestId: 'B', timestamp: at('10:30:00'), modelId: `us.${SONNET_45}`, input: 7, output: 2 }),
  logRecord({ requestId: 'B', timestamp: at('10:30:00'), input: 9, output: 3 }),
  // C, twice with the same minute, model and caller: fewer input tokens win over fewer output tokens.
  logRecord({ requestId: 'C', timestamp: at('10:40:00'), input: 40, output: 4 }),
  logRecord({ requestId: 'C', timestamp: at('10:40:00'), input: 30, output: 99 }),
  // D, twice: the caller decides before the tokens ("alpha" < "zeta").
  logRecord({ requestId: 'D', timestamp: at('10:50:00'), caller: ZETA, input: 2, output: 2 }),
  logRecord({ requestId: 'D', timestamp: at('10:50:00'), caller: ALPHA, input: 6, output: 6 }),
  // E, once.
  logRecord({ requestId: 'E', timestamp: at('10:05:30'), input: 1, output: 1 }),
];

// Three bad records in one object, one of them with requestId A: bad records are counted by object
// and field, never as copies of a good record.
const BAD = [
  logRecord({ requestId: 'A', timestamp: at('10:05:00'), input: -1, output: 1 }),
  logRecord({ requestId: 'X', timestamp: at('10:06:00'), input: -2, output: 1 }),
  logRecord({ requestId: 'Y', timestamp: at('10:07:00'), input: -3, output: 1 }),
].map((r) => JSON.stringify(r)).join('\n');

type Row = Record<string, string | null>;

async function queryRows(): Promise<{ duck: Row[]; athena: Row[] }> {
  const dir = writeLogFolder(RECORDS, { extra: { [logKey('us-east-1', at('10:00:00'), 'bad.json.gz')]: `${BAD}\n` } });
  const files = await logFiles(dir);
  const thresholds = [200_000];
  return withDuckDb(async (connection) => {
    for (const macro of [...DUCKDB_TRINO_MACROS, ...ATHENA_ON_DUCKDB]) await connection.run(macro);
    await connection.run(`CREATE TABLE invocation_logs AS SELECT CAST(json AS VARCHAR) AS line, filename AS "$path" FROM read_ndjson_objects([${files.map(quoted).join(', ')}], filename = true, compression = 'gzip')`);
    const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])) as Row);
    return {
      duck: await rows(invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: thresholds })),
      athena: await rows(invocationLogsSql({ engine: 'athena', table: 'invocation_logs', longContextThresholds: thresholds })),
    };
  });
}

const summary = (r: Row) => ({
  hour: r.hour, model_id: r.model_id, caller: r.caller, requests: r.requests, active_minutes: r.active_minutes,
  input_tokens: r.input_tokens, output_tokens: r.output_tokens, all_input_squared: Number(r.all_input_squared), duplicates: r.duplicates,
});

describe('the copies of a record delivered more than once', () => {
  it('keeps the copy the ordering names and counts every other copy once, on its row', async () => {
    const { duck, athena } = await queryRows();
    for (const rows of [duck, athena]) {
      const hours = rows.filter((r) => r.kind === 'hour').map(summary).sort((a, b) => String(a.caller).localeCompare(String(b.caller)));
      expect(hours).toEqual([
        // D's copy from caller alpha: 6 + 6 tokens, its other copy one duplicate.
        { hour: '2026-11-02T10', model_id: SONNET_45, caller: ALPHA, requests: '1', active_minutes: '1', input_tokens: '6', output_tokens: '6', all_input_squared: 36, duplicates: '1' },
        // A (10:05, 500/50), B (10:30, 9/3), C (10:40, 30/99) and E (10:05, 1/1): minutes 05, 30 and 40;
        // input 500 + 9 + 30 + 1 = 540, output 50 + 3 + 99 + 1 = 153, squares 250,000 + 81 + 900 + 1;
        // duplicates 2 (A) + 1 (B) + 1 (C).
        { hour: '2026-11-02T10', model_id: SONNET_45, caller: APP, requests: '4', active_minutes: '3', input_tokens: '540', output_tokens: '153', all_input_squared: 250_982, duplicates: '4' },
      ]);
      const invalid = rows.filter((r) => r.kind === 'invalid');
      expect(invalid.map((r) => [String(r.file).endsWith('/bad.json.gz'), r.bad_field, r.requests])).toEqual([[true, 'input.inputTokenCount', '3']]);
    }
  });
});
