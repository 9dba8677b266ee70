import { AthenaClient, GetQueryResultsCommand, type AthenaClientConfig, type GetQueryResultsCommandOutput } from '@aws-sdk/client-athena';
import type { QueryResultsReader } from '../service/fan-out-logs.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * The rows of a finished Athena query, page by page (GetQueryResults, at most 1,000 rows a page). Its
 * own module: the fan-out aggregator reads the results of the queries the state machine ran and sends
 * nothing else to Athena (its role has athena:GetQueryResults alone).
 */
export interface AthenaRows {
  rows: Array<Record<string, string | null>>;
  /** GetQueryResults calls made. */
  requests: number;
}

export async function readAthenaResults(client: AthenaClient, queryExecutionId: string, signal?: AbortSignal): Promise<AthenaRows> {
  const rows: Array<Record<string, string | null>> = [];
  let header: string[] | undefined;
  let token: string | undefined;
  let requests = 0;
  do {
    const page: GetQueryResultsCommandOutput = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId: queryExecutionId, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
      abortable(signal),
    );
    requests++;
    header ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '');
    // The first row of the first page repeats the column names.
    const body = (page.ResultSet?.Rows ?? []).slice(token === undefined ? 1 : 0);
    for (const row of body) rows.push(Object.fromEntries((header ?? []).map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null])));
    token = page.NextToken;
  } while (token);
  return { rows, requests };
}

/** The aggregator's reader of the queries its state machine ran, in the stack's own Region. */
export class AthenaQueryResults implements QueryResultsReader {
  constructor(private readonly client: AthenaClient) {}

  async rows(queryExecutionId: string, signal?: AbortSignal): Promise<Array<Record<string, string | null>>> {
    return (await readAthenaResults(this.client, queryExecutionId, signal)).rows;
  }
}

export function createAthenaResultsReader(region: string, options: AdvisorClientOptions<AthenaClientConfig> = {}): AthenaQueryResults {
  return new AthenaQueryResults(new AthenaClient(awsClientConfig(region, options)));
}
