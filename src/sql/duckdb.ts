/**
 * The embedded analytic engine both file readers use (the CUR bill, src/bill/cur-reader.ts, and the
 * invocation logs, src/logs/read-invocation-logs.ts): DuckDB through `@duckdb/node-api`, no server,
 * no network. It is imported only when a reader runs, so an analysis that reads neither never loads it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** A text literal for DuckDB SQL (a file path). */
export const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** DuckDB's message, first line only, without its "Invalid Input Error:" prefix. */
export function duckMessage(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '');
}

export interface DuckDbSettings {
  /** DuckDB's `memory_limit` ("600MB"): above it, large aggregations spill to `temp_directory`. */
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
}

/** DuckDB ran out of the memory it was given: a limit of the machine, not bad input. */
export function isDuckMemoryError(error: unknown): boolean {
  return /could not allocate|out of memory/i.test((error as Error)?.message ?? '');
}

/** Runs `work` on a fresh in-memory database and closes it whatever happens. */
export async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>, settings: DuckDbSettings = {}): Promise<T> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const options: Record<string, string> = {};
  if (settings.memoryLimit) options.memory_limit = settings.memoryLimit;
  if (settings.tempDirectory) options.temp_directory = settings.tempDirectory;
  if (settings.threads) options.threads = String(settings.threads);
  // Results are summed and sorted after: row order need not be kept, which lets large scans stream.
  options.preserve_insertion_order = 'false';
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
