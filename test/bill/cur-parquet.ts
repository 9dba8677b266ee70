import { DuckDBInstance } from '@duckdb/node-api';
import type { BilledLine } from '../../src/bill/billed-line.js';

/**
 * Writes small CUR 2.0 / Data Exports Parquet files in a test, with DuckDB's own `COPY ... TO (FORMAT
 * parquet)`, in the documented column names and types: `product` and `resource_tags` as maps of
 * strings, amounts and costs as DOUBLE, the usage start as TIMESTAMP. Each daily line is split into
 * hourly rows, as the export has them, so the reader's daily sum is exercised.
 */
export const CUR_COLUMNS: Record<string, string> = {
  bill_payer_account_id: 'VARCHAR',
  line_item_usage_account_id: 'VARCHAR',
  line_item_product_code: 'VARCHAR',
  line_item_usage_type: 'VARCHAR',
  line_item_operation: 'VARCHAR',
  line_item_line_item_type: 'VARCHAR',
  line_item_usage_amount: 'DOUBLE',
  line_item_unblended_cost: 'DOUBLE',
  line_item_net_unblended_cost: 'DOUBLE',
  line_item_usage_start_date: 'TIMESTAMP',
  pricing_unit: 'VARCHAR',
  product: 'MAP(VARCHAR, VARCHAR)',
  line_item_resource_id: 'VARCHAR',
  line_item_iam_principal: 'VARCHAR',
  resource_tags: 'MAP(VARCHAR, VARCHAR)',
};

const lit = (v: string | undefined) => (v === undefined ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

export interface WriteOptions {
  /** Columns left out of the file (a hostile export). */
  omit?: string[];
  /** Columns written with another type (a hostile export). */
  retype?: Record<string, string>;
  hours?: number;
}

export async function writeCurParquet(file: string, lines: BilledLine[], options: WriteOptions = {}): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const columns = Object.entries(CUR_COLUMNS).filter(([name]) => !options.omit?.includes(name));
  await c.run(`CREATE TABLE cur (${columns.map(([n, t]) => `${n} ${options.retype?.[n] ?? t}`).join(', ')})`);
  const hours = options.hours ?? 24;
  const rows: string[] = [];
  for (const l of lines) {
    for (let h = 0; h < hours; h++) {
      const perHour = (d: { toFixed(): string }) => `${d.toFixed()} / ${hours}`;
      const productCode = l.productCode ?? (l.service.endsWith('(Amazon Bedrock Edition)') ? 'AmazonBedrockFoundationModels' : 'AmazonBedrock');
      const values: Record<string, string> = {
        bill_payer_account_id: lit('999999999999'),
        line_item_usage_account_id: lit(l.accountId),
        line_item_product_code: lit(productCode),
        line_item_usage_type: lit(l.usageType),
        line_item_operation: lit(l.operation ?? 'InvokeModelInference'),
        line_item_line_item_type: lit(l.lineItemType ?? 'Usage'),
        line_item_usage_amount: perHour(l.quantity),
        line_item_unblended_cost: perHour(l.unblendedCost),
        line_item_net_unblended_cost: l.netCost ? perHour(l.netCost) : 'NULL',
        line_item_usage_start_date: `TIMESTAMP '${l.day} ${String(h).padStart(2, '0')}:00:00'`,
        pricing_unit: lit(l.unit),
        product: `MAP {'product_name': ${lit(l.service)}, 'region': 'us-east-1'}`,
        line_item_resource_id: lit(l.resourceId),
        line_item_iam_principal: lit(l.iamPrincipal),
        resource_tags: l.tags ? `MAP {${Object.entries(l.tags).map(([k, v]) => `${lit(k)}: ${lit(v)}`).join(', ')}}` : 'NULL',
      };
      rows.push(`(${columns.map(([n, t]) => (options.retype?.[n] ? `CAST(${values[n]} AS ${options.retype[n]})` : t.startsWith('MAP') && values[n] === 'NULL' ? `CAST(NULL AS ${t})` : values[n])).join(', ')})`);
    }
  }
  for (let i = 0; i < rows.length; i += 500) await c.run(`INSERT INTO cur VALUES ${rows.slice(i, i + 500).join(', ')}`);
  await c.run(`COPY cur TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  c.closeSync();
  instance.closeSync();
}
