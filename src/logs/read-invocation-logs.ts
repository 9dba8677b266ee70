import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describeFileError, InputError, OutOfMemoryError } from '../errors.js';
import { duckMessage, isDuckMemoryError, withDuckDb, type DuckDbSettings } from '../sql/duckdb.js';
import type { InvocationLogRead } from './invocation-log.js';
import { DUCKDB_TRINO_MACROS, invocationLogsSql } from './logs-sql.js';
import { recordTextProblem } from './record-check.js';
import { COUNT_COLUMNS, InvocationLogError, invocationLogReadOfCompact, SERIES_COLUMNS, type CompactLogRows } from './log-rows.js';
import type { DuckDBConnection, DuckDBListVector, DuckDBStructVector, DuckDBVector } from '@duckdb/node-api';
import { isLogRecordObject } from './log-object.js';

export { InvocationLogError };

/**
 * Reads Bedrock model invocation logs from a folder laid out as the S3 bucket is
 * (`AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/*.json.gz`) and sums them per
 * hour with DuckDB, the query in ./invocation-logs.sql (the same one Athena runs over the bucket).
 * Objects under `/data/` (large bodies delivered apart) and the permission-check object are not
 * records and are skipped. A bad record stops the read with its file, line and field (exit 2): a
 * report is never built on part of a file.
 */

export { isLogRecordObject };

/**
 * The log objects under `path`, sorted. The folders are walked and the objects measured with the
 * synchronous calls: a promise and a thread-pool hand-off per folder and per object (about 370
 * folders and 336 objects for two weeks of hourly logs) took 80-150 ms of CPU, the synchronous calls
 * 45-50 ms (measured over the bench's 100,000 records, alternated); nothing else runs while the CLI
 * lists the logs.
 */
export async function logFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new InvocationLogError(`--invocation-logs ${path}: ${describeFileError(error)}`);
  }
  if (info.isFile()) {
    if (!path.endsWith('.json.gz')) throw new InvocationLogError(`--invocation-logs ${path}: not a .json.gz log object (give the folder laid out as the log bucket: AWSLogs/{account}/BedrockModelInvocationLogs/...)`);
    return [path];
  }
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isLogRecordObject(full)) found.push(full);
    }
  };
  walk(path);
  if (found.length === 0) {
    throw new InvocationLogError(`--invocation-logs ${path}: no log objects found (expected AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/*.json.gz, as the bucket is laid out)`);
  }
  return found.sort();
}

/**
 * Up to this many bytes of log objects, DuckDB runs the query on one thread. At 100,000 bench records
 * (5.4 MB of objects) its second thread cost more CPU than it saved wall time on a shared two-core
 * machine: the query and its compact fetch took 0.99 s of CPU on one thread against 1.14 s on two
 * (median of 7 alternated runs in one process, load average 9), the wall time 2.3 s against 3.1 s.
 * Above it (a million bench records is about 54 MB), DuckDB's default: one thread a core.
 */
export const ONE_THREAD_BYTES = 64 * 1024 * 1024;

/** The objects' bytes, counted up to ONE_THREAD_BYTES (synchronous calls, as logFiles). */
function totalBytes(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      // A file gone since it was listed is named by DuckDB's read below.
    }
    if (total > ONE_THREAD_BYTES) break;
  }
  return total;
}

export interface InvocationLogReadOptions {
  /** Every long-context threshold the catalog knows. */
  longContextThresholds: readonly number[];
  duckdb?: DuckDbSettings;
}

export async function readInvocationLogs(path: string, options: InvocationLogReadOptions): Promise<InvocationLogRead> {
  const files = await logFiles(path);
  const threads = options.duckdb?.threads ?? (totalBytes(files) <= ONE_THREAD_BYTES ? 1 : undefined);
  const rows = await withDuckDb(async (connection) => {
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    try {
      return await compactRows(connection, invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: options.longContextThresholds }));
    } catch (error) {
      if (isDuckMemoryError(error)) throw new OutOfMemoryError(`--invocation-logs ${path}: the aggregation ran out of memory (${duckMessage(error)})`, { cause: error });
      // The file is named when DuckDB says which; the line, by reading the files again record by record.
      const message = duckMessage(error);
      const named = files.find((f) => message.includes(f));
      await locateBadRecord(named ? [named] : files);
      throw new InvocationLogError(`--invocation-logs ${named ?? path}: ${message}`);
    }
  }, { ...options.duckdb, ...(threads ? { threads } : {}) });
  const read = invocationLogReadOfCompact(rows, `${path} (${files.length} object${files.length === 1 ? '' : 's'})`, files.length);
  if ('invalid' in read) {
    await locateBadRecord([read.invalid.file]);
    throw new InvocationLogError(`${read.invalid.file}: a record has a bad ${read.invalid.field}`);
  }
  return read;
}

/**
 * The query's rows, fetched compact (CompactLogRows): DuckDB groups the rows by series (every column
 * but the hour and the counts) and gives each series once, its JSON text beside a list of its rows'
 * hour and counts, every one a DOUBLE (an exact integer up to 2^53, as Number() of the count's text
 * was), so that few texts cross from DuckDB and the doubles are read straight from its vectors. The
 * query itself is the one Athena runs, unchanged: only this wrapper is DuckDB's.
 * A hash GROUP BY over the query's rows, not a window numbering them: the window sorted every row on
 * the series' 13 columns, about twice the CPU time of grouping them (37,489 rows at 100,000 records).
 * The series are ordered by their columns (a few hundred rows), so they are numbered as a sort would.
 */
export async function compactRows(connection: DuckDBConnection, sql: string): Promise<CompactLogRows> {
  // Every number is given (a NULL hour, on a row of bad records, as NaN; a NULL count as 0, as the
  // compact reader reads them), so each column's doubles are copied as they lie (`doublesOf`).
  const result = await connection.run(`WITH log_rows AS (${sql})
  SELECT CAST(to_json({${SERIES_COLUMNS.map((c) => `'${c}': ${c}`).join(', ')}}) AS VARCHAR) AS series_text,
    list(struct_pack(hour_number := coalesce(CAST(replace(replace(hour, '-', ''), 'T', '') AS DOUBLE), CAST('NaN' AS DOUBLE)), ${COUNT_COLUMNS.map((c) => `${c} := coalesce(${c}::DOUBLE, 0)`).join(', ')})) AS series_rows
  FROM log_rows
  GROUP BY ${SERIES_COLUMNS.join(', ')}
  ORDER BY ${SERIES_COLUMNS.join(', ')}`);
  // Every row's numbers go into typed arrays sized first (the rows are counted from the lists'
  // lengths): pushed into plain arrays holding a null among doubles, each double was a heap object of
  // its own (400,000 at 37,489 rows), most of this function's garbage.
  const chunks = Array.from({ length: result.chunkCount }, (_, c) => result.getChunk(c));
  let total = 0;
  for (const chunk of chunks) {
    const rows = chunk.getColumnVector(1) as DuckDBListVector;
    for (let r = 0; r < chunk.rowCount; r++) total += rows.getEntryLength(r);
  }
  const series: string[] = [];
  const seriesOf = new Int32Array(total);
  const hourOf = new Float64Array(total);
  const counts = COUNT_COLUMNS.map(() => new Float64Array(total));
  let at = 0;
  for (const chunk of chunks) {
    const text = chunk.getColumnVector(0) as DuckDBVector<string>;
    const rows = chunk.getColumnVector(1) as DuckDBListVector;
    const entries = rows.childVector as DuckDBStructVector;
    const columns = [hourOf, ...counts].map((into, k) => ({ into, from: entries.entryVectorAt(k) as DuckDBVector<number | null> }));
    for (let r = 0; r < chunk.rowCount; r++) {
      const s = series.push(text.getItem(r)!) - 1;
      const offset = rows.getEntryOffset(r);
      const length = rows.getEntryLength(r);
      seriesOf.fill(s, at, at + length);
      for (const { into, from } of columns) copyDoubles(from, offset, length, into, at);
      at += length;
    }
  }
  return { series, seriesOf, hourOf, counts };
}

/**
 * Copies `length` doubles of a DOUBLE vector from `offset` into `into` at `at`: straight from the
 * vector's own array when it holds one as @duckdb/node-api 1.x does (one copy, where calling
 * getItem for each was most of this function's time: 375,000 calls at 37,489 rows), else one by one.
 * Only for a vector without NULLs (the query above gives none).
 */
export function copyDoubles(from: DuckDBVector<number | null>, offset: number, length: number, into: Float64Array, at: number): void {
  const items = doublesOf(from);
  if (items) {
    into.set(items.subarray(offset, offset + length), at);
    return;
  }
  for (let i = 0; i < length; i++) into[at + i] = from.getItem(offset + i) ?? NaN;
}

/** The array a DOUBLE vector reads its items from, when it has one the size of the vector (its `items`, not a public field). */
export function doublesOf(vector: DuckDBVector<number | null>): Float64Array | undefined {
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === vector.itemCount ? items : undefined;
}

/**
 * Reads files line by line and throws at the first record that is not JSON or fails a check, naming
 * file, line and field. Returns when every record passes (the caller then reports what it knows).
 */
export async function locateBadRecord(files: readonly string[]): Promise<void> {
  for (const file of files) {
    let lineNumber = 0;
    const input = createReadStream(file).pipe(createGunzip());
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        const problem = recordTextProblem(line);
        if (problem) throw new InvocationLogError(`${file}:${lineNumber}: ${problem}`);
      }
    } catch (error) {
      if (error instanceof InvocationLogError) throw error;
      throw new InvocationLogError(`${file}${lineNumber ? `:${lineNumber + 1}` : ''}: cannot read as gzipped JSON lines (${describeFileError(error)})`);
    } finally {
      lines.close();
      input.destroy();
    }
  }
}

