import type { InvocationLogRead } from '../logs/invocation-log.js';
import { InvocationLogError, invocationLogReadOfRows } from '../logs/log-rows.js';
import type { FanOutRun, FanOutItem, WorkerLogsQuery } from './fan-out.js';

/**
 * The invocation-log query the fan-out's state machine runs on Athena before its workers: each worker
 * reads the rows of its own account and Region (the hourly aggregates, never the records) and hands
 * them to `runAnalysis`, as the CLI hands it the rows DuckDB made; the aggregator reads them all once
 * more for callers[] and the logs' summary. Only the query's ID passes through Step Functions.
 */

/** The rows of a query the state machine ran (Athena GetQueryResults, page by page). */
export interface QueryResultsReader {
  rows(queryExecutionId: string, signal?: AbortSignal): Promise<Array<Record<string, string | null>>>;
}

type Rows = ReadonlyArray<Record<string, string | null>>;

/** How the report names a source read from the state machine's query (the bill's or the logs'). */
export function athenaQueryDescription(query: WorkerLogsQuery): string {
  return `Athena query ${query.queryExecutionId} over ${query.database}.${query.table}, run by the digest's state machine`;
}

/**
 * One item's rows: its Region's, and in an organisation its account's (in the advisor's own account
 * every account the bucket logs is read, as the CLI and the aggregator read them there: the model
 * lines carry no account). A bad record anywhere in the query's files (`kind = 'invalid'`) refuses the
 * whole read, in every worker and in the aggregator alike.
 */
export function itemLogRows(rows: Rows, run: Pick<FanOutRun, 'mode'>, item: Pick<FanOutItem, 'accountId' | 'region'>): Rows {
  return rows.filter((r) => r.kind !== 'hour' || (r.region === item.region && (run.mode !== 'organization' || r.account_id === item.accountId)));
}

/**
 * The worker's read of the run's logs, for its item; undefined when the logs cannot be used (a bad
 * record: the aggregator names it once in the report's errors), so the item is priced from CloudWatch
 * like every other. A fault reading the results rejects, and Step Functions retries the item.
 */
export async function readItemLogs(
  query: WorkerLogsQuery, run: Pick<FanOutRun, 'mode'>, item: Pick<FanOutItem, 'accountId' | 'region'>,
  rowsOf: (queryExecutionId: string) => Promise<Rows>,
): Promise<InvocationLogRead | undefined> {
  const rows = itemLogRows(await rowsOf(query.queryExecutionId), run, item);
  try {
    return invocationLogReadOfRows(rows, athenaQueryDescription(query));
  } catch (error) {
    if (error instanceof InvocationLogError) return undefined;
    throw error;
  }
}
