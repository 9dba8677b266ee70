import type { ServerResponse } from 'node:http';
import { reply } from './pricing-stub.js';

/**
 * Athena on the loopback stub: awsJson1_1 (`x-amz-target: AmazonAthena.<Operation>`), in the shapes
 * of Athena's API reference. A query runs against the fixture whose `database.table` its FROM names
 * (none: it FAILS, as a missing table does); its first GetQueryExecution answers RUNNING, the next
 * SUCCEEDED (or FAILED when `failWith` is set); GetQueryResults pages the fixture's `rows` with the
 * column names as the first row of the first page, every value a VarCharValue, NextToken while rows remain.
 */
export interface AthenaFixture {
  /** `database.table` the query must read. */
  table: string;
  /** Result rows by column name. */
  rows: Array<Record<string, string | null>>;
  /** The query's result columns, in order; default the columns of src/bill/bedrock-bill.sql. */
  columns?: readonly string[];
  rowsPerPage?: number;
  /** The query fails with this reason. */
  failWith?: string;
  /** Queries started on this table, with their text. */
  queries?: string[];
  /** StartQueryExecution requests on this table, as sent (workgroup, database, result location). */
  starts?: Array<Record<string, unknown>>;
}

/** The stub's queries, in the order started (`q-1`, `q-2`, ...), each with the fixture it reads. */
export interface AthenaStubState {
  queries: Array<{ query: string; fixture: AthenaFixture | undefined; polls: number }>;
}

export const BILL_COLUMNS = ['account_id', 'product_code', 'service', 'region', 'usage_type', 'operation', 'line_item_type', 'usage_day', 'pricing_unit', 'resource_id', 'iam_principal', 'tags', 'quantity', 'unblended_cost', 'net_cost'];

export function handleAthena(fixtures: readonly AthenaFixture[], state: AthenaStubState, target: string, body: string, res: ServerResponse): number {
  const input = JSON.parse(body || '{}') as Record<string, unknown>;
  const invalid = (message: string) => reply(res, 400, { __type: 'InvalidRequestException', Message: message });
  const queryOf = (id: string) => state.queries[Number(id.slice(2)) - 1];
  switch (target) {
    case 'AmazonAthena.StartQueryExecution': {
      const query = String(input.QueryString ?? '');
      if (!query) return invalid('QueryString is required');
      const fixture = fixtures.find((f) => {
        const [database, table] = f.table.split('.');
        return query.includes(`FROM "${database}"."${table}"`);
      });
      if (fixture) {
        (fixture.queries ??= []).push(query);
        (fixture.starts ??= []).push(input);
      }
      state.queries.push({ query, fixture, polls: 0 });
      return reply(res, 200, { QueryExecutionId: `q-${state.queries.length}` });
    }
    case 'AmazonAthena.GetQueryExecution': {
      const id = String(input.QueryExecutionId ?? '');
      const run = queryOf(id);
      if (run === undefined) return invalid(`QueryExecution ${id} was not found`);
      run.polls++;
      const tableName = /FROM\s+("[^"]+"\."[^"]+")/.exec(run.query)?.[1] ?? 'the table';
      const state = run.polls === 1 ? 'RUNNING' : run.fixture?.failWith || !run.fixture ? 'FAILED' : 'SUCCEEDED';
      const reason = run.fixture ? run.fixture.failWith : `TABLE_NOT_FOUND: line 1: Table ${tableName} does not exist`;
      return reply(res, 200, {
        QueryExecution: {
          QueryExecutionId: id, Query: run.query, StatementType: 'DML',
          Status: { State: state, SubmissionDateTime: Date.now() / 1000, ...(state === 'FAILED' ? { StateChangeReason: reason } : {}) },
          Statistics: { DataScannedInBytes: state === 'SUCCEEDED' ? 1_234_567 : 0, EngineExecutionTimeInMillis: 900 },
        },
      });
    }
    case 'AmazonAthena.GetQueryResults': {
      const id = String(input.QueryExecutionId ?? '');
      const run = queryOf(id);
      if (run === undefined) return invalid(`QueryExecution ${id} was not found`);
      if (!run.fixture || run.fixture.failWith || run.polls < 2) return invalid(`Query has not yet finished. Current state: ${run.polls < 2 ? 'RUNNING' : 'FAILED'}`);
      const fixture = run.fixture;
      const columns = fixture.columns ?? BILL_COLUMNS;
      const size = fixture.rowsPerPage ?? 1000;
      const offset = Number(input.NextToken ?? 0);
      const page = fixture.rows.slice(offset, offset + size);
      const cell = (v: string | null | undefined) => (v === null || v === undefined ? {} : { VarCharValue: v });
      const rows = page.map((r) => ({ Data: columns.map((c) => cell(r[c])) }));
      return reply(res, 200, {
        ResultSet: {
          Rows: offset === 0 ? [{ Data: columns.map((c) => ({ VarCharValue: c })) }, ...rows] : rows,
          ResultSetMetadata: { ColumnInfo: columns.map((Name) => ({ Name, Type: 'varchar', CatalogName: 'hive', Label: Name })) },
        },
        UpdateCount: 0,
        ...(offset + size < fixture.rows.length ? { NextToken: String(offset + size) } : {}),
      });
    }
    default:
      return invalid(`stub does not implement ${target}`);
  }
}
