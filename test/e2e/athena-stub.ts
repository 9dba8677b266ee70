import type { ServerResponse } from 'node:http';
import { reply } from './pricing-stub.js';

/**
 * Athena on the loopback stub: awsJson1_1 (`x-amz-target: AmazonAthena.<Operation>`), in the shapes
 * of Athena's API reference. A query runs against `table` only (anything else FAILS, as a missing
 * table does); its first GetQueryExecution answers RUNNING, the next SUCCEEDED (or FAILED when
 * `failWith` is set); GetQueryResults pages `rows` with the column names as the first row of the
 * first page, every value a VarCharValue.
 */
export interface AthenaFixture {
  /** `database.table` the query must read. */
  table: string;
  /** Result rows by column name (the columns of src/bill/bedrock-bill.sql). */
  rows: Array<Record<string, string | null>>;
  rowsPerPage?: number;
  /** The query fails with this reason. */
  failWith?: string;
  /** Queries started, with their text. */
  queries?: string[];
}

const COLUMNS = ['account_id', 'product_code', 'service', 'region', 'usage_type', 'operation', 'line_item_type', 'usage_day', 'pricing_unit', 'resource_id', 'iam_principal', 'tags', 'quantity', 'unblended_cost', 'net_cost'];

export function handleAthena(fixture: AthenaFixture, target: string, body: string, res: ServerResponse): number {
  const input = JSON.parse(body || '{}') as Record<string, unknown>;
  const invalid = (message: string) => reply(res, 400, { __type: 'InvalidRequestException', Message: message });
  const [database, table] = fixture.table.split('.');
  switch (target) {
    case 'AmazonAthena.StartQueryExecution': {
      const query = String(input.QueryString ?? '');
      if (!query) return invalid('QueryString is required');
      (fixture.queries ??= []).push(query);
      return reply(res, 200, { QueryExecutionId: `q-${fixture.queries.length}` });
    }
    case 'AmazonAthena.GetQueryExecution': {
      const id = String(input.QueryExecutionId ?? '');
      const n = Number(id.slice(2));
      const query = fixture.queries?.[n - 1];
      if (query === undefined) return invalid(`QueryExecution ${id} was not found`);
      const polls = ((fixture as { polls?: Record<string, number> }).polls ??= {});
      polls[id] = (polls[id] ?? 0) + 1;
      const readsTable = query.includes(`FROM "${database}"."${table}"`);
      const state = polls[id] === 1 ? 'RUNNING' : fixture.failWith || !readsTable ? 'FAILED' : 'SUCCEEDED';
      const reason = fixture.failWith ?? (readsTable ? undefined : `TABLE_NOT_FOUND: line 1: Table '${fixture.table}' does not exist`);
      return reply(res, 200, {
        QueryExecution: {
          QueryExecutionId: id, Query: query, StatementType: 'DML',
          Status: { State: state, SubmissionDateTime: Date.now() / 1000, ...(state === 'FAILED' ? { StateChangeReason: reason } : {}) },
          Statistics: { DataScannedInBytes: state === 'SUCCEEDED' ? 1_234_567 : 0, EngineExecutionTimeInMillis: 900 },
        },
      });
    }
    case 'AmazonAthena.GetQueryResults': {
      const size = fixture.rowsPerPage ?? 1000;
      const offset = Number(input.NextToken ?? 0);
      const page = fixture.rows.slice(offset, offset + size);
      const cell = (v: string | null | undefined) => (v === null || v === undefined ? {} : { VarCharValue: v });
      const rows = page.map((r) => ({ Data: COLUMNS.map((c) => cell(r[c])) }));
      return reply(res, 200, {
        ResultSet: {
          Rows: offset === 0 ? [{ Data: COLUMNS.map((c) => ({ VarCharValue: c })) }, ...rows] : rows,
          ResultSetMetadata: { ColumnInfo: COLUMNS.map((Name) => ({ Name, Type: 'varchar', CatalogName: 'hive', Label: Name })) },
        },
        UpdateCount: 0,
        ...(offset + size < fixture.rows.length ? { NextToken: String(offset + size) } : {}),
      });
    }
    default:
      return invalid(`stub does not implement ${target}`);
  }
}
