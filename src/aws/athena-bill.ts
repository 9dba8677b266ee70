import type { AthenaClient } from '@aws-sdk/client-athena';
import { billReadOfAthenaRows } from '../bill/bill-rows.js';
import type { BillRead } from '../bill/billed-line.js';
import { billSql, OPTIONAL_COLUMNS } from '../bill/bill-sql.js';
import { billReadDays } from '../bill/reconcile.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillSource } from '../service/ports.js';
import { athenaTable, AthenaQueryError, runAthenaQuery } from './athena-query.js';
import { readAthenaResults } from './athena-results.js';

export { AthenaQueryError, createAthenaClient } from './athena-query.js';

/**
 * The bill of an organisation's payer account: the same query as the CLI's DuckDB reader
 * (src/bill/bedrock-bill.sql), run by Athena over the CUR 2.0 / Data Exports table in S3, started and
 * awaited here (the deployed digest has its state machine do that instead; see billAthenaQuery).
 * Athena bills by data scanned ($5 per TB in most Regions, 10 MB minimum per query; AWS Athena
 * pricing): a month of a Bedrock-heavy export is megabytes, so a query costs about $0.00005.
 */

export interface AthenaBillConfig {
  /** The Glue database and table of the export (the Data Exports / CUR 2.0 Athena integration). */
  database: string;
  table: string;
  /** The workgroup to run in (its result location and limits apply). Default `primary`. */
  workGroup?: string;
  /** Where results go when the workgroup sets none: `s3://bucket/prefix/`. */
  outputLocation?: string;
  /** Optional CUR 2.0 columns the table has. Default: net cost and resource tags (in every CUR 2.0 table). */
  optionalColumns?: string[];
  /** Milliseconds between GetQueryExecution polls; default 1,000. */
  pollMs?: number;
  /** Give up after this long, ms; default 120,000 (a Lambda still has time to publish the advice). */
  timeoutMs?: number;
}

/** The CUR 2.0 optional columns every Data Exports table has. */
export const DEFAULT_OPTIONAL_COLUMNS = ['line_item_net_unblended_cost', 'resource_tags'];

/** The Athena text of bedrock-bill.sql over `database.table` for the report's days (whole UTC days). */
export function billAthenaQuery(config: Pick<AthenaBillConfig, 'database' | 'table' | 'optionalColumns'>, window: Pick<AdvisorReport['window'], 'start' | 'end'>): string {
  const present = new Set(config.optionalColumns ?? DEFAULT_OPTIONAL_COLUMNS);
  for (const c of present) if (!(OPTIONAL_COLUMNS as readonly string[]).includes(c)) throw new AthenaQueryError(`unknown optional column ${c}`);
  const days = billReadDays({ window });
  return billSql({ engine: 'athena', source: athenaTable(config.database, config.table), present, firstDay: days.firstDay, endDay: days.endDay });
}

export class AthenaBillReader implements BillSource {
  constructor(
    private readonly client: AthenaClient,
    private readonly config: AthenaBillConfig,
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {
    athenaTable(config.database, config.table);
  }

  async readFor(report: Pick<AdvisorReport, 'window'>, accountIds: string[] | undefined, signal?: AbortSignal): Promise<BillRead> {
    const { database, table } = this.config;
    const query = billAthenaQuery(this.config, report.window);
    const finished = await runAthenaQuery(
      this.client,
      { query, database, workGroup: this.config.workGroup ?? 'primary', ...(this.config.outputLocation ? { outputLocation: this.config.outputLocation } : {}) },
      { timeoutMs: this.config.timeoutMs ?? 120_000, ...(this.config.pollMs !== undefined ? { pollMs: this.config.pollMs } : {}), ...(this.sleep ? { sleep: this.sleep } : {}), ...(signal ? { signal } : {}) },
    );
    const results = await readAthenaResults(this.client, finished.id, signal);
    const description = `Athena query ${finished.id} over ${database}.${table} (${finished.requests + results.requests} API calls, ${finished.scannedBytes} bytes scanned)`;
    return billReadOfAthenaRows(results.rows, `${database}.${table}`, description, accountIds);
  }
}
