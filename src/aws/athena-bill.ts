import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClientConfig,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import { billedLineOf } from '../bill/bill-rows.js';
import type { BilledLine, BillRead } from '../bill/billed-line.js';
import { billSql, OPTIONAL_COLUMNS } from '../bill/bill-sql.js';
import { billReadDays } from '../bill/reconcile.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillSource } from '../service/ports.js';
import { timerMs } from '../clock.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * The bill of an organisation's payer account: the same query as the CLI's DuckDB reader
 * (src/bill/bedrock-bill.sql), run by Athena over the CUR 2.0 / Data Exports table in S3, started and
 * awaited (StartQueryExecution, GetQueryExecution until it ends, GetQueryResults page by page).
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

/** Thrown when the query fails, is cancelled or outlasts its time; the digest names it and still publishes. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
}

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

export function createAthenaClient(region: string, options: AdvisorClientOptions<AthenaClientConfig> = {}): AthenaClient {
  return new AthenaClient(awsClientConfig(region, options));
}

export class AthenaBillReader implements BillSource {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: AthenaClient,
    private readonly config: AthenaBillConfig,
    sleep?: (ms: number) => Promise<void>,
  ) {
    for (const [key, value] of [['database', config.database], ['table', config.table]] as const) {
      // Quoted into the SQL: only plain Glue names are accepted.
      if (!IDENTIFIER.test(value)) throw new AthenaQueryError(`Athena ${key} "${value}" must be letters, digits and underscores`);
    }
    this.sleep = sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async readFor(report: Pick<AdvisorReport, 'window'>, accountIds: string[] | undefined, signal?: AbortSignal): Promise<BillRead> {
    const days = billReadDays(report);
    const present = new Set(this.config.optionalColumns ?? ['line_item_net_unblended_cost', 'resource_tags']);
    for (const c of present) if (!(OPTIONAL_COLUMNS as readonly string[]).includes(c)) throw new AthenaQueryError(`unknown optional column ${c}`);
    const query = billSql({ engine: 'athena', source: `"${this.config.database}"."${this.config.table}"`, present, firstDay: days.firstDay, endDay: days.endDay });
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: query,
        QueryExecutionContext: { Database: this.config.database },
        WorkGroup: this.config.workGroup ?? 'primary',
        ...(this.config.outputLocation ? { ResultConfiguration: { OutputLocation: this.config.outputLocation } } : {}),
      }),
      abortable(signal),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AthenaQueryError('StartQueryExecution returned no QueryExecutionId');
    let requests = 1;
    const deadline = timerMs() + (this.config.timeoutMs ?? 120_000);
    let scanned = 0;
    for (;;) {
      const execution = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), abortable(signal));
      requests++;
      const state = execution.QueryExecution?.Status?.State;
      scanned = execution.QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${execution.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
      }
      if (timerMs() >= deadline) throw new AthenaQueryError(`Athena query ${id} still ${state ?? 'unknown'} after ${this.config.timeoutMs ?? 120_000} ms`);
      signal?.throwIfAborted();
      await this.sleep(this.config.pollMs ?? 1_000);
    }
    const lines: BilledLine[] = [];
    let header: string[] | undefined;
    let token: string | undefined;
    do {
      const page: GetQueryResultsCommandOutput = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
        abortable(signal),
      );
      requests++;
      const rows = page.ResultSet?.Rows ?? [];
      header ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '');
      // The first row of the first page repeats the column names.
      const body = token === undefined ? rows.slice(1) : rows;
      for (const row of body) {
        const record = Object.fromEntries((header ?? []).map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null]));
        lines.push(billedLineOf(record, `Athena ${this.config.database}.${this.config.table}`));
      }
      token = page.NextToken;
    } while (token);
    const wanted = accountIds ? new Set(accountIds) : undefined;
    return {
      source: {
        kind: 'athena',
        description: `Athena query ${id} over ${this.config.database}.${this.config.table} (${requests} API calls, ${scanned} bytes scanned)`,
      },
      lines: wanted ? lines.filter((l) => l.accountId === undefined || wanted.has(l.accountId)) : lines,
    };
  }
}
