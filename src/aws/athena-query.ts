import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand, type AthenaClientConfig } from '@aws-sdk/client-athena';
import { timerMs } from '../clock.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * One Athena query started and awaited (StartQueryExecution, then GetQueryExecution until it ends), for
 * a caller that runs it itself (the CLI against Athena, tests). The deployed digest does not: its state
 * machine starts and awaits the queries (statemachine/digest-fanout.asl.json, `athena:startQueryExecution.sync`)
 * and the aggregator only reads their results (./athena-results.ts).
 */

/** Thrown when a query fails, is cancelled or outlasts its time, or its names are not plain Glue names. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
}

export interface AthenaQuery {
  query: string;
  database: string;
  /** The workgroup to run in (its result location and limits apply). */
  workGroup: string;
  /** Where results go when the workgroup sets none: `s3://bucket/prefix/`. */
  outputLocation?: string;
}

export interface AthenaWait {
  /** Milliseconds between GetQueryExecution polls; default 1,000. */
  pollMs?: number;
  /** Give up after this long, ms. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

export interface FinishedQuery {
  id: string;
  /** StartQueryExecution and GetQueryExecution calls made. */
  requests: number;
  scannedBytes: number;
}

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** A Glue database or table name, checked because it is quoted into the SQL: `"database"."table"`. */
export function athenaTable(database: string, table: string): string {
  for (const [key, value] of [['database', database], ['table', table]] as const) {
    if (!IDENTIFIER.test(value)) throw new AthenaQueryError(`Athena ${key} "${value}" must be letters, digits and underscores`);
  }
  return `"${database}"."${table}"`;
}

export function createAthenaClient(region: string, options: AdvisorClientOptions<AthenaClientConfig> = {}): AthenaClient {
  return new AthenaClient(awsClientConfig(region, options));
}

export async function runAthenaQuery(client: AthenaClient, q: AthenaQuery, wait: AthenaWait): Promise<FinishedQuery> {
  const { signal } = wait;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: q.query,
      QueryExecutionContext: { Database: q.database },
      WorkGroup: q.workGroup,
      ...(q.outputLocation ? { ResultConfiguration: { OutputLocation: q.outputLocation } } : {}),
    }),
    abortable(signal),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('StartQueryExecution returned no QueryExecutionId');
  let requests = 1;
  const deadline = timerMs() + wait.timeoutMs;
  for (;;) {
    const execution = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), abortable(signal));
    requests++;
    const state = execution.QueryExecution?.Status?.State ?? 'UNKNOWN';
    const scannedBytes = execution.QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
    if (state === 'SUCCEEDED') return { id, requests, scannedBytes };
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${execution.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
    }
    if (timerMs() >= deadline) throw new AthenaQueryError(`Athena query ${id} still ${state} after ${wait.timeoutMs} ms`);
    signal?.throwIfAborted();
    await sleep(wait.pollMs ?? 1_000);
  }
}
