import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFileError, InputError } from '../errors.js';
import { usd } from '../money.js';
import { duckDbApi, duckMessage, quoted } from '../sql/duckdb.js';
import type { BilledLine, BillRead } from './billed-line.js';
import { BilledRows, BillInputError } from './bill-rows.js';
import { billSql, OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './bill-sql.js';

/**
 * Reads the Bedrock lines of a CUR 2.0 / Data Exports Parquet file, or every `.parquet` file under a
 * folder, with DuckDB (`@duckdb/node-api`, an embedded analytic engine: no server, no network). The
 * query is ./bedrock-bill.sql, the same one Athena runs over an organisation's export in S3.
 * DuckDB is imported only here, when a bill is read: an analysis without `--bill` never loads it.
 */

export { BillInputError };

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*|BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)$/i;
const TEMPORAL = /^(TIMESTAMP.*|DATE)$/i;
const STRING_MAP = /^MAP\(VARCHAR, ?VARCHAR\)$/i;

/** What each column must be; a column of another type is named with what it is. */
function expectedType(column: string): { test: RegExp; what: string } {
  if (column === 'line_item_usage_amount' || column.endsWith('_cost')) return { test: NUMERIC, what: 'a number' };
  if (column === 'line_item_usage_start_date') return { test: TEMPORAL, what: 'a timestamp' };
  if (column === 'product' || column === 'resource_tags') return { test: STRING_MAP, what: 'a map of strings' };
  return { test: /^VARCHAR$/i, what: 'text' };
}

async function parquetFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new BillInputError(`--bill ${path}: ${describeFileError(error)}`);
  }
  if (info.isFile()) return [path];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.parquet')) found.push(full);
    }
  };
  await walk(path);
  if (found.length === 0) throw new BillInputError(`--bill ${path}: the folder holds no .parquet file (a CUR 2.0 / Data Exports export in Parquet is expected)`);
  return found.sort();
}

export interface CurReadOptions {
  /** The first day read and the day after the last, ISO dates. */
  firstDay: string;
  endDay: string;
}

export async function readCurBill(path: string, options: CurReadOptions): Promise<BillRead> {
  const files = await parquetFiles(path);
  const { DuckDBInstance } = await duckDbApi();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source = `read_parquet([${files.map(quoted).join(', ')}], union_by_name = true)`;
    let columns: Map<string, string>;
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      columns = new Map(described.getRowObjectsJS().map((r) => [String(r.column_name), String(r.column_type)]));
    } catch (error) {
      const message = duckMessage(error);
      const which = /'([^']+)'/.exec(message)?.[1] ?? path;
      if (/magic bytes|not a parquet|too small to be a Parquet file/i.test(message)) throw new BillInputError(`--bill ${which}: not a Parquet file (${message})`);
      throw new BillInputError(`--bill ${path}: cannot read as Parquet: ${message}`);
    }
    for (const column of REQUIRED_COLUMNS) {
      const type = columns.get(column);
      if (type === undefined) throw new BillInputError(`--bill ${path}: column ${column} is missing (CUR 2.0 / Data Exports columns expected: ${REQUIRED_COLUMNS.join(', ')})`);
    }
    for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
      const type = columns.get(column);
      if (type === undefined) continue;
      const expected = expectedType(column);
      if (!expected.test.test(type)) throw new BillInputError(`--bill ${path}: column ${column} is ${type}, expected ${expected.what}`);
    }
    const present = new Set(OPTIONAL_COLUMNS.filter((c) => columns.has(c)));
    const lines: BilledLine[] = [];
    const rowsOf = new BilledRows(path);
    try {
      // Streamed a chunk at a time: a year of daily lines is millions of rows, never all held as raw rows.
      // Column by column from each chunk: row by row (yieldRowsJs) was many times slower on a year of lines.
      const result = await connection.stream(billSql({ engine: 'duckdb', source, present, firstDay: options.firstDay, endDay: options.endDay }));
      const names = result.columnNames();
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        // Every column of the query is text (VARCHAR), so its values are strings or null as they are.
        const columns = chunk.getColumns() as Array<Array<string | null>>;
        for (let row = 0; row < chunk.rowCount; row++) lines.push(rowsOf.lineAt(names, columns, row));
      }
    } catch (error) {
      if (error instanceof BillInputError) throw error;
      throw new BillInputError(`--bill ${path}: ${duckMessage(error)}`);
    }
    if (lines.length === 0) {
      // No Bedrock line in the window: say so when the export is empty altogether (counted only then).
      const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${source}`);
      if (Number(count.getRowObjectsJS()[0]?.n ?? 0) === 0) throw new BillInputError(`--bill ${path}: the export has no rows`);
    }
    return {
      source: { kind: 'cur', description: `CUR 2.0 export ${path} (${files.length} Parquet file${files.length === 1 ? '' : 's'})` },
      lines,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
