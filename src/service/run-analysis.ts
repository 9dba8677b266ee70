import type { PriceCatalog } from '../catalog/catalog.js';
import { analyze, type AnalyzeOptions } from '../engine.js';
import type { AdvisorReport } from '../domain/report.js';
import { compareWithPrevious } from '../domain/week-over-week.js';
import { reconcile } from '../bill/reconcile.js';
import { AdvisorError, InternalError } from '../errors.js';
import { errorCode, errorMessage } from './scope-errors.js';
import { combineAccountReports, type AnalysedAccount, type FailedAccount } from './combine-reports.js';
import { publishedReport, type PublishedReport } from '../report/published.js';
import type { UsageSnapshot } from '../usage/usage.js';
import { attachInvocationLogs, priceLoggedRequests, type LoggedRequestsRead } from '../logs/apply-logs.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import type { AccountRef, BillSource, ReportPublisher } from './ports.js';

export { errorCode, errorMessage };

/**
 * The one orchestration: collect -> analyse -> add evidence -> reconcile with the bill -> week over week
 * -> the published view -> publish. The CLI, the analyze and digest Lambdas and the fan-out's workers
 * all run `runAnalysis`; what differs between them is only where the usage comes from (a `collect`
 * adapter: CloudWatch in one account or many, the embedded sample, a file, invocation logs) and which
 * options they pass. `analyze` and `reconcile` are called here and nowhere else in src/ or functions/
 * (test/architecture/orchestration.test.ts checks it), so no caller can skip a step.
 */

/** Each account's snapshot (and previous period), or why it could not be read. */
export interface CollectedAccounts {
  collected: Array<{ account: AccountRef; snapshot: UsageSnapshot; previous?: UsageSnapshot }>;
  failed: FailedAccount[];
}

/**
 * What a `collect` adapter gives: one account's usage (and its previous period, for week over week), or
 * several accounts', each analysed on its own and combined. `snapshot` beside `accounts` is their usage
 * as one, for whatever the caller does with it (the CLI renders charts from it and prices its Regions).
 */
export type Collected =
  | { snapshot: UsageSnapshot; previousSnapshot?: UsageSnapshot; accounts?: undefined }
  | { accounts: CollectedAccounts; snapshot?: UsageSnapshot; previousSnapshot?: undefined };

/** Thrown when publishing is asked for but no publisher was configured. */
export class PublisherMissingError extends AdvisorError {
  override readonly name = 'PublisherMissingError';
  readonly code = 'publisher-missing';
}

export interface AnalysisPipeline<TPublished = unknown> {
  /** Where the usage comes from. */
  collect: () => Promise<Collected>;
  /** The prices, when they are known before collecting (the Lambdas'). */
  catalog?: PriceCatalog;
  analyzeOptions?: AnalyzeOptions;
  /**
   * The prices and options when they depend on what was collected: the CLI prices the Regions its usage
   * names, and reads its rates and alternatives files only once the usage is in hand. Overrides
   * `catalog` and `analyzeOptions`.
   */
  prepare?: (collected: Collected) => Promise<{ catalog: PriceCatalog; analyzeOptions?: AnalyzeOptions }>;
  /**
   * The previous period is returned as a report of its own rather than compared here (the fan-out's
   * workers: their aggregator compares the merged Regions). Analysed without the forecast, which only
   * the current period states.
   */
  keepPreviousReport?: boolean;
  /**
   * The invocation logs over the collected usage's window (the CLI's `--invocation-logs`): read once the
   * usage is in hand, their requests are priced by class and handed to the analysis as a quantity (the
   * modes price each request at its own class), then set beside each model and caller.
   */
  invocationLogs?: (collected: Collected, window: { start: number; end: number }) => Promise<InvocationLogRead>;
  /** When set, the report is reconciled with the bill before it is published. */
  bill?: BillSource;
  /**
   * The bill was asked for by name (the CLI's `--bill`): one that cannot be read fails the run (a bad
   * file is the user's to fix). Otherwise it is one of the report's errors and the advice still goes out.
   */
  billRequired?: boolean;
  /**
   * Hands the finished report to the caller before it is published (the CLI writes its output): a
   * publish that fails then still leaves the report written.
   */
  output?: (result: AnalysisResult<TPublished>) => Promise<void>;
  /** Required when `publish` is true. */
  publisher?: ReportPublisher<TPublished>;
  publish?: boolean;
  /** Cancels the run: nothing is published after it aborts. */
  signal?: AbortSignal;
}

export interface AnalysisResult<TPublished = unknown> {
  /** The report as computed: exact money, for metrics, logs and the FOCUS export. */
  report: AdvisorReport;
  /** The report as published (rounded once): what the response, the digest and every renderer show. */
  view: PublishedReport;
  /** What was collected, for a caller that shows or keeps it. */
  collected: Collected;
  /** The prices the report was computed with. */
  catalog: PriceCatalog;
  /** With `keepPreviousReport`: the previous period's own report. */
  previous?: AdvisorReport;
  /** Present only when the report was published. */
  published?: TPublished;
}

/** Analyses each account on its own and combines the reports (pure: no I/O). */
export function analyzeAccounts({ collected, failed }: CollectedAccounts, catalog: PriceCatalog, options: AnalyzeOptions = {}): AdvisorReport {
  const { previousSnapshot: _ignored, ...perAccount } = options;
  const analysed: AnalysedAccount[] = collected.map(({ account, snapshot, previous }) => {
    const own = { ...perAccount, account: account.accountId };
    const report = analyze(snapshot, catalog, own);
    const previousReport = previous ? analyze(previous, catalog, own) : undefined;
    if (previousReport) report.weekOverWeek = compareWithPrevious(report, previousReport);
    return { accountId: account.accountId, ...(account.name ? { name: account.name } : {}), report, ...(previousReport ? { previous: previousReport } : {}) };
  });
  return combineAccountReports(analysed, failed);
}

/**
 * Sets the report beside the bill, when a bill source is configured. A bill that cannot be read is a
 * fault of its own: named in the report's errors, and the advice is still published (unless `required`).
 */
export async function reconcileWithBill(
  report: AdvisorReport,
  deps: { bill?: BillSource | undefined; catalog: PriceCatalog },
  accountIds: string[] | undefined,
  signal?: AbortSignal,
  required = false,
): Promise<void> {
  if (!deps.bill) return;
  if (required) {
    report.reconciliation = reconcile(report, await deps.bill.readFor(report, accountIds, signal), deps.catalog);
    return;
  }
  try {
    report.reconciliation = reconcile(report, await deps.bill.readFor(report, accountIds, signal), deps.catalog);
  } catch (error) {
    signal?.throwIfAborted();
    report.errors.push({ scope: 'bill', message: { says: 'source-unread', source: 'bill', cause: errorMessage(error) }, ...errorCode(error) });
  }
}

/**
 * Collects, analyses and (optionally) publishes. Publishing happens once, after the whole report is
 * built, so a failure anywhere before it never sends a partial digest.
 */
export async function runAnalysis<TPublished>(pipeline: AnalysisPipeline<TPublished>): Promise<AnalysisResult<TPublished>> {
  if (pipeline.publish && !pipeline.publisher) throw new PublisherMissingError('publishing was requested but no publisher is configured');
  const collected = await pipeline.collect();
  const prepared = pipeline.prepare ? await pipeline.prepare(collected) : undefined;
  const catalog = prepared?.catalog ?? pipeline.catalog;
  if (!catalog) throw new InternalError('no prices were given to the analysis (neither catalog nor prepare)');
  let options = prepared ? (prepared.analyzeOptions ?? {}) : (pipeline.analyzeOptions ?? {});
  let logged: LoggedRequestsRead | undefined;
  if (pipeline.invocationLogs) {
    const usage = collected.snapshot ?? collected.accounts?.collected[0]?.snapshot;
    if (!usage) throw new InternalError('no usage was collected to read the invocation logs against');
    const window = { start: Date.parse(usage.window.start), end: Date.parse(usage.window.end) };
    // Several accounts are analysed on their own and their model lines carry their account.
    const perAccount = collected.accounts !== undefined || usage.models.some((m) => m.accountId !== undefined);
    logged = priceLoggedRequests(await pipeline.invocationLogs(collected, window), catalog, usage, window, perAccount);
    options = { ...options, requests: logged.lookup };
  }
  let report: AdvisorReport;
  let previous: AdvisorReport | undefined;
  if (collected.accounts) {
    report = analyzeAccounts(collected.accounts, catalog, options);
  } else if (pipeline.keepPreviousReport) {
    const { previousSnapshot: _compared, ...current } = options;
    report = analyze(collected.snapshot, catalog, current);
    // The logs priced this window's requests, not the previous period's (as the engine does for week over week).
    const { forecast: _current, requests: _thisWindow, ...before } = current;
    previous = collected.previousSnapshot ? analyze(collected.previousSnapshot, catalog, before) : undefined;
  } else {
    // Week over week: the engine analyses the previous period with the same options and compares.
    report = analyze(collected.snapshot, catalog, { ...options, ...(collected.previousSnapshot ? { previousSnapshot: collected.previousSnapshot } : {}) });
  }
  if (logged) attachInvocationLogs(report, logged.priced);
  const accountIds = collected.accounts?.collected.map((c) => c.account.accountId);
  await reconcileWithBill(report, { bill: pipeline.bill, catalog }, accountIds, pipeline.signal, pipeline.billRequired);
  const view = publishedReport(report);
  const result: AnalysisResult<TPublished> = { report, view, collected, catalog, ...(previous ? { previous } : {}) };
  if (pipeline.output) await pipeline.output(result);
  if (!pipeline.publish || !pipeline.publisher) return result;
  // The caller gave up (the Lambda timed out early and has already failed): a digest sent now would
  // be a second one once Lambda retries the invocation.
  pipeline.signal?.throwIfAborted();
  return { ...result, published: await pipeline.publisher.publish(view, pipeline.signal) };
}
