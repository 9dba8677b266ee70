import { filledQuery } from '../sql/sql-template.js';
import { InternalError } from '../errors.js';

/** The bill query (./bedrock-bill.sql) with its placeholders filled for one engine (src/sql/sql-template.ts loads it). */

/** The CUR 2.0 columns the query cannot run without. */
export const REQUIRED_COLUMNS = [
  'line_item_usage_account_id',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_operation',
  'line_item_line_item_type',
  'line_item_usage_amount',
  'line_item_unblended_cost',
  'line_item_usage_start_date',
  'pricing_unit',
  'product',
  'line_item_resource_id',
] as const;

/** Columns read when the export has them. */
export const OPTIONAL_COLUMNS = ['line_item_net_unblended_cost', 'line_item_iam_principal', 'resource_tags'] as const;

export type BillEngine = 'duckdb' | 'athena';

export interface BillQuery {
  engine: BillEngine;
  /** A FROM clause: `read_parquet([...])` or a quoted Athena table. */
  source: string;
  /** Optional columns the export has. */
  present: ReadonlySet<string>;
  firstDay: string;
  /** The day after the last day read. */
  endDay: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function billSql(q: BillQuery): string {
  if (!ISO_DAY.test(q.firstDay) || !ISO_DAY.test(q.endDay)) throw new InternalError(`bill days must be ISO dates, got ${q.firstDay} and ${q.endDay}`);
  const mapValue = (key: string) => (q.engine === 'duckdb' ? `product['${key}']` : `element_at(product, '${key}')`);
  const optional = (column: string, expression = column) => (q.present.has(column) ? expression : 'CAST(NULL AS VARCHAR)');
  const values: Record<string, string> = {
    source: q.source,
    product_name: mapValue('product_name'),
    product_region: mapValue('region'),
    net_cost: q.present.has('line_item_net_unblended_cost') ? 'line_item_net_unblended_cost' : 'CAST(NULL AS DOUBLE)',
    iam_principal: optional('line_item_iam_principal'),
    tags: optional('resource_tags', q.engine === 'duckdb' ? 'CAST(to_json(resource_tags) AS VARCHAR)' : 'json_format(CAST(resource_tags AS JSON))'),
    first_day: q.firstDay,
    end_day: q.endDay,
  };
  return filledQuery('bill/bedrock-bill.sql', values);
}
