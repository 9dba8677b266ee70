import { TrinoSQL } from 'dt-sql-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { billAthenaQuery, logsAthenaQuery } from '../../src/aws/athena-sql.js';
import { OPTIONAL_COLUMNS } from '../../src/bill/bill-sql.js';
import { invocationLogsSql, longContextThresholds } from '../../src/logs/logs-sql.js';

/**
 * No machine here reaches Athena, so the text the deployed digest hands to its state machine (made by
 * athenaRunQueries in functions/digest.ts with the two builders called here, every long-context
 * threshold of the bundled catalog, a 30-day window) is parsed as Trino SQL (Athena engine 3 is Trino)
 * by dt-sql-parser's TrinoSQL, a parser ANTLR generates from its Trino grammar (TrinoSql.g4). A
 * syntax error in either query then fails CI instead of the first deployed run. Syntax only: whether Athena knows each function is checked elsewhere, by running the Athena text
 * on DuckDB with those functions as macros (test/logs/athena-text.test.ts).
 */
const trino = new TrinoSQL();

/** The parser's complaints, each as its line, column and message. */
const syntaxErrors = (sql: string) => trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);

// ANTLR also prints each complaint on the console; the test reads them from validate() instead.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Athena text, parsed as Trino SQL', () => {
  const queries = {
    logs: { query: logsAthenaQuery({ database: 'logs', table: 'bedrock_invocation_logs', longContextThresholds: longContextThresholds() }) },
    bill: { query: billAthenaQuery({ database: 'cur', table: 'data_export' }, { start: '2026-11-05T00:00:00.000Z', end: '2026-12-05T00:00:00.000Z' }) },
  };

  it('the invocation-log query the digest submits has no syntax error', () => {
    expect(queries.logs.query).toContain('"logs"."bedrock_invocation_logs"');
    expect(syntaxErrors(queries.logs.query)).toEqual([]);
  });

  it('the bill query the digest submits has no syntax error, with the default and with every optional column', () => {
    expect(syntaxErrors(queries.bill.query)).toEqual([]);
    const everyColumn = billAthenaQuery({ database: 'cur', table: 'data_export', optionalColumns: [...OPTIONAL_COLUMNS] }, { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' });
    expect(syntaxErrors(everyColumn)).toEqual([]);
  });

  it('refuses what Trino would refuse: a dropped parenthesis, and the DuckDB text of the same query', () => {
    const broken = queries.logs.query.replace("json_extract_scalar(line, '$.schemaType')", "json_extract_scalar(line, '$.schemaType'");
    expect(broken).not.toBe(queries.logs.query);
    expect(syntaxErrors(broken).length).toBeGreaterThan(0);
    // DuckDB's read_json with a struct literal of columns and `name = value` arguments is not Trino.
    const duckdb = invocationLogsSql({ engine: 'duckdb', files: ['/logs/AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/a.json.gz'], longContextThresholds: [200_000] });
    expect(syntaxErrors(duckdb).length).toBeGreaterThan(0);
  });
});
