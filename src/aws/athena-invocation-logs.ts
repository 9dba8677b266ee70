import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import { timerMs } from '../clock.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { invocationLogsSql } from '../logs/logs-sql.js';
import { hourOf } from '../logs/read-invocation-logs.js';

/**
 * The invocation logs of a whole account or organisation, at any scale: the same query as the CLI's
 * DuckDB reader (src/logs/invocation-logs.sql), run by Athena over the log bucket, started and
 * awaited (StartQueryExecution, GetQueryExecution until it ends, GetQueryResults page by page). Only
 * the hourly aggregates come back: billions of records never pass through a Lambda.
 *
 * The table is one string column `line` over the bucket's `.json.gz` objects (a text table, one
 * record a line; Athena reads gzip by extension), for example:
 *   CREATE EXTERNAL TABLE bedrock_invocation_logs (line string)
 *   ROW FORMAT DELIMITED LINES TERMINATED BY '\n'
 *   LOCATION 's3://BUCKET/AWSLogs/ACCOUNT/BedrockModelInvocationLogs/'
 * The query names each object by Athena's `"$path"`; objects under `/data/` and the permission check
 * must be outside the table's location or excluded by the query's caller.
 */

export interface AthenaLogsConfig {
  database: string;
  table: string;
  /** The workgroup to run in (its result location and limits apply). */
  workGroup: string;
  longContextThresholds: readonly number[];
  /** Milliseconds between GetQueryExecution polls; default 1,000. */
  pollMs?: number;
  /** Give up after this long, ms; default 600,000. */
  timeoutMs?: number;
}

/** Thrown when the query fails, is cancelled or outlasts its time. */
export class AthenaLogsError extends Error {
  override readonly name = 'AthenaLogsError';
}

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** Athena query states that end a query. */
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export async function readInvocationLogsWithAthena(
  client: AthenaClient,
  config: AthenaLogsConfig,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<InvocationLogRead> {
  for (const [key, value] of [['database', config.database], ['table', config.table]] as const) {
    // Quoted into the SQL: only plain Glue names are accepted.
    if (!IDENTIFIER.test(value)) throw new AthenaLogsError(`Athena ${key} "${value}" must be letters, digits and underscores`);
  }
  const query = invocationLogsSql({ engine: 'athena', source: `"${config.database}"."${config.table}"`, longContextThresholds: config.longContextThresholds });
  const started = await client.send(new StartQueryExecutionCommand({ QueryString: query, QueryExecutionContext: { Database: config.database }, WorkGroup: config.workGroup }));
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaLogsError('StartQueryExecution returned no QueryExecutionId');
  const timeoutMs = config.timeoutMs ?? 600_000;
  const deadline = timerMs() + timeoutMs;
  for (;;) {
    const execution = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = execution.QueryExecution?.Status?.State ?? 'UNKNOWN';
    if (state === 'SUCCEEDED') break;
    if (FINAL.has(state)) throw new AthenaLogsError(`Athena query ${id} ${state.toLowerCase()}: ${execution.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
    if (timerMs() >= deadline) throw new AthenaLogsError(`Athena query ${id} still ${state} after ${timeoutMs} ms`);
    await sleep(config.pollMs ?? 1_000);
  }
  const rows: Array<Record<string, string | null>> = [];
  let header: string[] | undefined;
  let token: string | undefined;
  do {
    const page: GetQueryResultsCommandOutput = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }));
    header ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '');
    // The first row of the first page repeats the column names.
    const body = (page.ResultSet?.Rows ?? []).slice(token === undefined ? 1 : 0);
    for (const row of body) rows.push(Object.fromEntries((header ?? []).map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null])));
    token = page.NextToken;
  } while (token);
  const invalid = rows.filter((r) => r.kind === 'invalid');
  if (invalid.length > 0) {
    const first = invalid.sort((a, b) => String(a.file).localeCompare(String(b.file)))[0]!;
    throw new AthenaLogsError(`${first.file}: ${first.requests} record(s) have a bad ${first.bad_field}`);
  }
  const hourRows = rows.filter((r) => r.kind === 'hour');
  return {
    description: `Athena query ${id} over ${config.database}.${config.table}`,
    files: 0,
    hours: hourRows.map((r) => hourOf(r)),
    duplicates: hourRows.reduce((n, r) => n + Number(r.duplicates ?? 0), 0),
  };
}
