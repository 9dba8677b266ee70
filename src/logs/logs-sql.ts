import { filledQuery } from '../sql/sql-template.js';

/** The invocation-log query (./invocation-logs.sql) with its placeholders filled for one engine (src/sql/sql-template.ts loads it). */

export type LogsEngine = 'duckdb' | 'athena';

export interface LogsQuery {
  engine: LogsEngine;
  /** A FROM clause: `read_ndjson_objects([...])` or a quoted Athena table. */
  source: string;
  /** Every long-context threshold the catalog knows (input tokens), to classify each request once. */
  longContextThresholds: readonly number[];
}

/**
 * DuckDB runs the Athena (Trino) dialect through these macros, so the query file has one text.
 * `json_extract` returns JSON text in DuckDB already; `json_format` only makes it VARCHAR.
 */
export const DUCKDB_TRINO_MACROS = [
  'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
] as const;

/** The CASE that names the largest threshold a request's whole input is above (0 when none). */
export function longContextBandSql(thresholds: readonly number[]): string {
  const distinct = [...new Set(thresholds)].filter((t) => Number.isSafeInteger(t) && t > 0).sort((a, b) => b - a);
  if (distinct.length === 0) return '0';
  const input = '(input_tokens + cache_read_tokens + cache_write_tokens)';
  return `CASE ${distinct.map((t) => `WHEN ${input} > ${t} THEN ${t}`).join(' ')} ELSE 0 END`;
}

export function invocationLogsSql(q: LogsQuery): string {
  const values: Record<string, string> = {
    source: q.source,
    line: q.engine === 'duckdb' ? 'json' : 'line',
    file: q.engine === 'duckdb' ? 'filename' : '"$path"',
    long_context_band: longContextBandSql(q.longContextThresholds),
  };
  return filledQuery('logs/invocation-logs.sql', values);
}
