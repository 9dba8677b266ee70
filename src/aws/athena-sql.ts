import { AthenaQueryError } from '../errors.js';
import { billSql, OPTIONAL_COLUMNS } from '../bill/bill-sql.js';
import { billReadDays } from '../bill/reconcile.js';
import type { AdvisorReport } from '../domain/report.js';
import { invocationLogsSql } from '../logs/logs-sql.js';

/**
 * The Athena text of the two queries (src/bill/bedrock-bill.sql, src/logs/invocation-logs.sql), made
 * from the same files the CLI runs on DuckDB. No call to Athena here: the digest builds the text and
 * hands it to its state machine, which starts and awaits the queries.
 */

export { AthenaQueryError };

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** A Glue database and table, checked because they are quoted into the SQL: `"database"."table"`. */
export function athenaTable(database: string, table: string): string {
  for (const [key, value] of [['database', database], ['table', table]] as const) {
    if (!IDENTIFIER.test(value)) throw new AthenaQueryError(`Athena ${key} "${value}" must be letters, digits and underscores`);
  }
  return `"${database}"."${table}"`;
}

/** The CUR 2.0 optional columns every Data Exports table has. */
export const DEFAULT_OPTIONAL_COLUMNS = ['line_item_net_unblended_cost', 'resource_tags'];

export interface AthenaTableRef {
  database: string;
  table: string;
}

/** bedrock-bill.sql over the export's table, for the window's days (whole UTC days). */
export function billAthenaQuery(config: AthenaTableRef & { optionalColumns?: string[] }, window: Pick<AdvisorReport['window'], 'start' | 'end'>): string {
  const present = new Set(config.optionalColumns ?? DEFAULT_OPTIONAL_COLUMNS);
  for (const c of present) if (!(OPTIONAL_COLUMNS as readonly string[]).includes(c)) throw new AthenaQueryError(`unknown optional column ${c}`);
  const days = billReadDays({ window });
  return billSql({ engine: 'athena', source: athenaTable(config.database, config.table), present, firstDay: days.firstDay, endDay: days.endDay });
}

/** invocation-logs.sql over the log bucket's table. */
export function logsAthenaQuery(config: AthenaTableRef & { longContextThresholds: readonly number[] }): string {
  return invocationLogsSql({ engine: 'athena', table: athenaTable(config.database, config.table), longContextThresholds: config.longContextThresholds });
}
