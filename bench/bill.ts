/**
 * The bill read of `npm run bench` (section 5), one step per process so each has its own peak RSS:
 *   generate DIR   a year of daily CUR 2.0 rows for 100 models x 10 accounts (4 token lines each), one
 *                  Parquet file per month under DIR/BILLING_PERIOD=YYYY-MM/, written by DuckDB;
 *   read DIR       ours: readCurBill (bedrock-bill.sql in DuckDB, rows to billed lines);
 *   reference DIR  DuckDB's own query over the same files (the same SQL, its result kept inside DuckDB).
 * Prints one JSON line.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { billSql, OPTIONAL_COLUMNS } from '../src/bill/bill-sql.js';
import { readCurBill } from '../src/bill/cur-reader.js';

const [mode, dir] = process.argv.slice(2) as [string, string];
const YEAR = { firstDay: '2026-01-01', endDay: '2027-01-01' };
export const BILL_MODELS = 100;
export const BILL_ACCOUNTS = 10;

async function generate(): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  let rows = 0;
  for (let month = 1; month <= 12; month++) {
    const period = `2026-${String(month).padStart(2, '0')}`;
    mkdirSync(join(dir, `BILLING_PERIOD=${period}`), { recursive: true });
    const file = join(dir, `BILLING_PERIOD=${period}`, 'part-0.parquet');
    // Days of the month x accounts x models x 4 token lines, with the documented CUR 2.0 columns and types.
    await c.run(`COPY (
      SELECT
        '999999999999' AS bill_payer_account_id,
        lpad(CAST(100000000000 + a AS VARCHAR), 12, '0') AS line_item_usage_account_id,
        'AmazonBedrock' AS line_item_product_code,
        'USE1-BenchModel' || m || '-' || kind AS line_item_usage_type,
        'InvokeModelInference' AS line_item_operation,
        'Usage' AS line_item_line_item_type,
        CAST(1000 + (m * 7 + a * 13 + day(d)) % 5000 AS DOUBLE) AS line_item_usage_amount,
        CAST((1000 + (m * 7 + a * 13 + day(d)) % 5000) * 0.00006 AS DOUBLE) AS line_item_unblended_cost,
        CAST((1000 + (m * 7 + a * 13 + day(d)) % 5000) * 0.000054 AS DOUBLE) AS line_item_net_unblended_cost,
        CAST(d AS TIMESTAMP) AS line_item_usage_start_date,
        '1K tokens' AS pricing_unit,
        MAP {'product_name': 'Amazon Bedrock', 'region': 'us-east-1'} AS product,
        CAST(NULL AS VARCHAR) AS line_item_resource_id,
        'arn:aws:iam::' || lpad(CAST(100000000000 + a AS VARCHAR), 12, '0') || ':role/app-' || (m % 5) AS line_item_iam_principal,
        MAP {'user:team': 'team-' || (m % 3)} AS resource_tags
      FROM range(${BILL_ACCOUNTS}) t(a), range(${BILL_MODELS}) u(m),
           (SELECT unnest(['input-tokens', 'output-tokens', 'cache-read-input-token-count', 'cache-write-input-token-count']) AS kind),
           (SELECT unnest(generate_series(DATE '${period}-01', last_day(DATE '${period}-01'), INTERVAL 1 DAY)) AS d)
    ) TO '${file}' (FORMAT parquet)`);
    const n = await c.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file}')`);
    rows += Number(n.getRowObjectsJS()[0]!.n);
  }
  c.closeSync();
  instance.closeSync();
  return rows;
}

const t0 = performance.now();
if (mode === 'generate') {
  const rows = await generate();
  console.log(JSON.stringify({ rows, ms: performance.now() - t0 }));
} else if (mode === 'read') {
  const bill = await readCurBill(dir, YEAR);
  console.log(JSON.stringify({ lines: bill.lines.length, ms: performance.now() - t0 }));
} else if (mode === 'reference') {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const source = `read_parquet('${join(dir, '**', '*.parquet')}', union_by_name = true)`;
  const sql = billSql({ engine: 'duckdb', source, present: new Set(OPTIONAL_COLUMNS), ...YEAR });
  // Materialised inside DuckDB (every column computed, nothing handed to JavaScript): a count alone would
  // let DuckDB skip the columns it does not need.
  await c.run(`CREATE TEMP TABLE bill AS ${sql}`);
  const result = await c.runAndReadAll('SELECT count(*) AS n FROM bill');
  console.log(JSON.stringify({ lines: Number(result.getRowObjectsJS()[0]!.n), ms: performance.now() - t0 }));
  c.closeSync();
  instance.closeSync();
} else {
  throw new Error(`bench/bill.ts: unknown mode ${mode}`);
}
