import type { AthenaClient } from '@aws-sdk/client-athena';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { invocationLogsSql } from '../logs/logs-sql.js';
import { firstInvalid, invocationLogReadOf } from '../logs/log-rows.js';
import { athenaTable, AthenaQueryError, runAthenaQuery } from './athena-query.js';
import { readAthenaResults } from './athena-results.js';

/**
 * The invocation logs of a whole account or organisation, at any scale: the same query as the CLI's
 * DuckDB reader (src/logs/invocation-logs.sql), run by Athena over the log bucket. Only the hourly
 * aggregates come back: billions of records never pass through a Lambda. Here the query is started
 * and awaited by the caller; the deployed digest has its state machine do it (logsAthenaQuery gives
 * the text) and its aggregator read the rows (invocationLogReadOfAthena).
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

export { AthenaQueryError };

/** The Athena text of invocation-logs.sql over `database.table`. */
export function logsAthenaQuery(config: Pick<AthenaLogsConfig, 'database' | 'table' | 'longContextThresholds'>): string {
  return invocationLogsSql({ engine: 'athena', source: athenaTable(config.database, config.table), longContextThresholds: config.longContextThresholds });
}

/** The rows of a finished Athena run of invocation-logs.sql as a read; a bad record fails the read, its file named. */
export function invocationLogReadOfAthena(rows: ReadonlyArray<Record<string, string | null>>, description: string): InvocationLogRead {
  const invalid = firstInvalid(rows);
  if (invalid) throw new AthenaQueryError(`${invalid.file}: ${invalid.requests} record(s) have a bad ${invalid.field}`);
  return invocationLogReadOf(rows, description, 0);
}

export async function readInvocationLogsWithAthena(
  client: AthenaClient,
  config: AthenaLogsConfig,
  sleep?: (ms: number) => Promise<void>,
): Promise<InvocationLogRead> {
  const query = logsAthenaQuery(config);
  const finished = await runAthenaQuery(
    client,
    { query, database: config.database, workGroup: config.workGroup },
    { timeoutMs: config.timeoutMs ?? 600_000, ...(config.pollMs !== undefined ? { pollMs: config.pollMs } : {}), ...(sleep ? { sleep } : {}) },
  );
  const { rows } = await readAthenaResults(client, finished.id);
  return invocationLogReadOfAthena(rows, `Athena query ${finished.id} over ${config.database}.${config.table}`);
}
