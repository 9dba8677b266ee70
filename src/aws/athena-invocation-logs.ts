import type { AthenaClient } from '@aws-sdk/client-athena';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { invocationLogReadOfRows } from '../logs/log-rows.js';
import { AthenaQueryError, runAthenaQuery } from './athena-query.js';
import { logsAthenaQuery } from './athena-sql.js';
import { readAthenaResults } from './athena-results.js';

/**
 * The invocation logs of a whole account or organisation, at any scale: the same query as the CLI's
 * DuckDB reader (src/logs/invocation-logs.sql), run by Athena over the log bucket. Only the hourly
 * aggregates come back: billions of records never pass through a Lambda. Here the query is started
 * and awaited by the caller; the deployed digest has its state machine do it (logsAthenaQuery gives
 * the text) and its aggregator read the rows (src/logs/log-rows.ts).
 *
 * The table is one string column `line` over the bucket's `.json.gz` objects (a text table, one
 * record a line; Athena reads gzip by extension), for example:
 *   CREATE EXTERNAL TABLE bedrock_invocation_logs (line string)
 *   ROW FORMAT DELIMITED LINES TERMINATED BY '\n'
 *   LOCATION 's3://BUCKET/AWSLogs/ACCOUNT/BedrockModelInvocationLogs/'
 * The query names each object by Athena's `"$path"` and reads only the objects of the bucket's layout
 * that hold records (src/logs/log-object.ts): the permission-check object and the bodies delivered
 * apart under `data/`, both inside that location, are left out by the query itself.
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

export { AthenaQueryError, logsAthenaQuery };

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
  return invocationLogReadOfRows(rows, `Athena query ${finished.id} over ${config.database}.${config.table}`);
}
