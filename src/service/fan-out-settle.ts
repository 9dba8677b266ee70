import { billReadOfAthenaRows } from '../bill/bill-rows.js';
import { AthenaQueryError, InternalError } from '../errors.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import type { AdvisorReport } from '../domain/report.js';
import { attachMergedInvocationLogs } from '../logs/apply-logs.js';
import { invocationLogReadOfRows } from '../logs/log-rows.js';
import { errorCode, errorMessage, reconcileWithBill } from './analyze-account.js';
import type { AthenaRunQuery, FailedRunQuery, FanOutInput, FanOutItem, FinishedRunQuery, LogInventory } from './fan-out.js';
import type { BillSource } from './ports.js';
import { athenaQueryDescription, type QueryResultsReader } from './fan-out-logs.js';

/**
 * What the fan-out's aggregator adds to the merged report before it publishes: the bill (Cost
 * Explorer, or the rows of the Athena query the state machine ran over the CUR 2.0 export) and the
 * invocation logs (the hourly aggregates of the Athena query over the log bucket), as the one-Lambda
 * digest and the CLI add them. A bill or logs that cannot be read is named in the report's errors and
 * the advice is still published.
 */

export interface SettleDeps {
  /** The run's prices (the same every worker used). */
  catalog: PriceCatalog;
  /** Cost Explorer, when BILL_SOURCE is ce. */
  bill?: BillSource;
  /** Reads the Athena queries' rows; called only when the run has queries. */
  queryResults?: () => QueryResultsReader;
  /**
   * The analysed items' inventories (their partials carry them, `mergedLogInventory`): the logs name a
   * model as it was invoked, and an application-inference-profile, provisioned or custom model ARN is
   * matched to its model line through them. Without it, such a request is in callers[] and a warning.
   */
  inventory?: LogInventory;
  signal?: AbortSignal;
}

const NO_INVENTORY: LogInventory = { provisionedThroughputs: [], customModels: [], inferenceProfiles: [] };

/** The accounts the run analysed: the bill of a payer account holds every member's lines. */
function analysedAccounts(input: FanOutInput, items: readonly FanOutItem[]): string[] | undefined {
  if (input.run.mode === 'organization') return [...new Set(items.map((i) => i.accountId))];
  return input.run.account ? [input.run.account] : undefined;
}

/** Step Functions' cause of a failed .sync query is the query's GetQueryExecution output: its reason is what to say. */
function reasonOf(cause: string): string {
  try {
    const reason = (JSON.parse(cause) as { QueryExecution?: { Status?: { StateChangeReason?: string } } }).QueryExecution?.Status?.StateChangeReason;
    if (reason) return reason;
  } catch {
    // Not the query's output (a timeout, a permission): said as it came.
  }
  return cause.slice(0, 500);
}

async function rowsOf(deps: SettleDeps, query: AthenaRunQuery, finished: FinishedRunQuery | undefined, failed: FailedRunQuery | undefined) {
  if (!finished) {
    const cause = failed?.Cause ? `: ${reasonOf(failed.Cause)}` : '';
    throw new AthenaQueryError(`the Athena query over ${query.database}.${query.table} did not finish (${failed?.Error ?? 'no result from the state machine'}${cause})`);
  }
  // The wiring gives a reader whenever the run has queries (functions/fanout-aggregator.ts).
  if (!deps.queryResults) throw new InternalError('no Athena results reader is configured');
  return deps.queryResults().rows(finished.queryExecutionId, deps.signal);
}

export async function settleFanOutReport(report: AdvisorReport, input: FanOutInput, items: readonly FanOutItem[], deps: SettleDeps): Promise<void> {
  const accountIds = analysedAccounts(input, items);
  const bill = input.athena?.bill;
  if (bill) {
    // The state machine's Athena query is this run's bill: reconciled as every other bill is.
    const athenaBill: BillSource = {
      readFor: async () => {
        const rows = await rowsOf(deps, bill, input.billQuery, input.billQueryFailed);
        const id = input.billQuery!.queryExecutionId;
        return billReadOfAthenaRows(rows, `${bill.database}.${bill.table}`, athenaQueryDescription({ queryExecutionId: id, database: bill.database, table: bill.table }), accountIds);
      },
    };
    await reconcileWithBill(report, { bill: athenaBill, catalog: deps.catalog }, accountIds);
  } else {
    await reconcileWithBill(report, deps, accountIds, deps.signal);
  }
  const logs = input.athena?.logs;
  if (logs) {
    try {
      const rows = await rowsOf(deps, logs, input.logsQuery, input.logsQueryFailed);
      const id = input.logsQuery!.queryExecutionId;
      const read = invocationLogReadOfRows(rows, athenaQueryDescription({ queryExecutionId: id, database: logs.database, table: logs.table }));
      attachMergedInvocationLogs(report, read, deps.catalog, deps.inventory ?? NO_INVENTORY);
    } catch (error) {
      report.errors.push({ scope: 'invocation logs', message: { says: 'source-unread', source: 'invocation-logs', cause: errorMessage(error) }, ...errorCode(error) });
    }
  }
}
