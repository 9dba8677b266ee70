/**
 * The embedded analytic engine both file readers use (the CUR bill, src/bill/cur-reader.ts, and the
 * invocation logs, src/logs/read-invocation-logs.ts): DuckDB through `@duckdb/node-api`, no server,
 * no network. It is imported only when a reader runs, so an analysis that reads neither never loads it.
 */
import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';

export { quoted } from './sql-template.js';

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

type DuckDbApi = typeof import('@duckdb/node-api');

/**
 * The package's name in the CLI's bundle (scripts/build.mjs defines it), so that esbuild bundles
 * `@duckdb/node-api`'s JavaScript in a chunk of its own, loaded by the `import()` below only when a
 * reader runs; its native binding, `@duckdb/node-bindings`, stays in node_modules. Undefined elsewhere.
 */
declare const BUNDLED_DUCKDB_API: '@duckdb/node-api' | undefined;

/**
 * `@duckdb/node-api`, loaded on first use. In the CLI's bundle, from the bundle: loading its 181
 * CommonJS files from node_modules cost about 0.1 s of CPU per run. Elsewhere (tsx, vitest) from
 * node_modules, by `require`: `import()` of it there makes Node scan the source of each of its modules
 * for their export names first (cjs-module-lexer), about 0.2 s of CPU per run. A CommonJS bundle (the
 * Lambdas, which read neither file) has no import.meta.url and its own `require`, and has no name
 * defined: the call stays opaque to esbuild, so no Lambda bundle carries DuckDB.
 */
export async function duckDbApi(): Promise<DuckDbApi> {
  // A bundled CommonJS module's import() gives its module.exports as `default`.
  if (typeof BUNDLED_DUCKDB_API !== 'undefined') return ((await import(BUNDLED_DUCKDB_API)) as { default: DuckDbApi }).default;
  const load = import.meta.url ? createRequire(import.meta.url) : require;
  return load('@duckdb/node-api') as DuckDbApi;
}

/** Runs `work` on a fresh in-memory database and closes it whatever happens. */
export async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>, settings: DuckDbSettings = {}): Promise<T> {
  const { DuckDBInstance } = await duckDbApi();
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

/**
 * The rows of `sql` as objects keyed by column name, each row handed over as one JSON text
 * (`to_json`) and parsed here: text and numbers as DuckDB gives them, NULL as null. Reading the same
 * rows value by value (`getRowObjectsJS`) decodes every text value on its own: measured 1.2 s for
 * 37,000 rows of 22 columns, most of the invocation-log reader's own time, where this takes 0.2 s.
 */
export async function queryRowObjects(connection: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  const result = await connection.runAndReadAll(`SELECT CAST(to_json(query_row) AS VARCHAR) FROM (${sql}) AS query_row`);
  return result.getRows().map((row) => JSON.parse(row[0] as string) as Record<string, unknown>);
}
