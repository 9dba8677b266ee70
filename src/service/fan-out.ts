import { asReported, isScopeProblem, type PartialReportProblem, type ScopeProblem } from '../domain/notes.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { combineAccountReports, combineRegionReports, type AnalysedAccount, type FailedAccount } from './combine-reports.js';
import type { AdvisorReport } from '../domain/report.js';
import { fromExactJson, toExactJson } from '../report/report-codec.js';
import { compareWithPrevious } from '../domain/week-over-week.js';
import type { ScopeError, UsageSnapshot } from '../usage/usage.js';
import { AccountCollectionError, DIGEST_ANALYZE_OPTIONS, collectAccountPeriods, errorCode, errorMessage, type AccountAnalysisRequest } from './analyze-account.js';
import { runAnalysis, type AnalysisResult } from './run-analysis.js';
import { failedAccount, stampAccount } from './analyze-accounts.js';
import type { AccountRef, RegionSources } from './ports.js';
import type { SharedCatalog } from './price-source.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { detachRunWideLogFigures } from '../logs/apply-logs.js';

/**
 * The digest fanned out over (account, Region) items, for runs too large for one Lambda: a starter
 * writes the run's items and prices to a run store (S3) and starts a state machine (Step Functions,
 * a Distributed Map over the items); a worker collects and analyses one item and writes its partial
 * report; an aggregator reads every partial, merges them into one report and publishes it once.
 *
 * Nothing here knows S3 or Step Functions: they are the `RunStore` and `FanOutStarter` ports, and
 * the orchestration lives in `statemachine/digest-fanout.asl.json`. Every worker of a run is handed
 * the same clock, window length and prices, so the partial reports add up exactly to the report one
 * Lambda would have built (`combineRegionReports`, then `combineAccountReports`).
 */

export { DEFAULT_FANOUT_MIN_ITEMS } from '../limits.js';

/** Partial reports read at once by the aggregator (S3 GETs, small objects). */
export const PARTIAL_READ_CONCURRENCY = 32;

/** One unit of work: one account in one Region. */
export interface FanOutItem extends AccountRef {
  region: string;
  /** The member role to assume; absent = the advisor's own account, read with its own credentials. */
  roleArn?: string;
  externalId?: string;
}

/** What every worker and the aggregator of one run share (the state machine hands it to each). */
export interface FanOutRun {
  /** The schedule period (`2026-W48`): names the execution and keys the one publish. */
  period: string;
  /** The run's clock (ISO 8601): every worker reads the same window, so every partial shares it. */
  now: string;
  days: number;
  /** The forecast's long hourly read (FORECAST_HISTORY_DAYS), days to 455: each worker reads it for its item. */
  historyDays?: number;
  /** Where the run's items, prices and partial reports are kept. */
  bucket: string;
  /** Key prefix of this run's objects, `runs/<period>/`. */
  prefix: string;
  /** `organization`: accounts entered through member roles, one report with a section per account; `own-account`: the advisor's own account. */
  mode: 'organization' | 'own-account';
  /** The advisor's own account ID in `own-account` mode (the report's `account`). */
  account?: string;
}

/** The state machine's input: the run, and where its items list is (the Distributed Map's ItemReader reads it). */
export interface FanOutInput {
  run: FanOutRun;
  itemsKey: string;
  /** Where the Distributed Map writes its own results (one manifest per Map Run). */
  resultsPrefix: string;
  /** The Athena queries the state machine starts and awaits before the Map (absent: none). */
  athena?: AthenaRunQueries;
  /** Added by the state machine: each query it ran (`RunBillQuery`, `RunLogsQuery`), or why it failed. */
  billQuery?: FinishedRunQuery;
  billQueryFailed?: FailedRunQuery;
  logsQuery?: FinishedRunQuery;
  logsQueryFailed?: FailedRunQuery;
}

/**
 * The queries of one run on Athena, their text built by the digest from the .sql files the CLI runs on
 * DuckDB; the state machine runs them (`athena:startQueryExecution.sync`), the aggregator reads their
 * rows. Records never pass through a Lambda: only the billed lines and the hourly aggregates do.
 */
export interface AthenaRunQueries {
  workGroup: string;
  /** `s3://bucket/prefix/`: where Athena writes the results the aggregator reads. */
  outputLocation: string;
  bill?: AthenaRunQuery;
  logs?: AthenaRunQuery;
}

export interface AthenaRunQuery {
  database: string;
  table: string;
  query: string;
}

/** The state machine's ResultSelector of a finished query. */
export interface FinishedRunQuery {
  queryExecutionId: string;
}

/** The state machine's Catch of a failed query: Step Functions' error name and cause. */
export interface FailedRunQuery {
  Error?: string;
  Cause?: string;
}

/** What the Map hands each worker (its ItemSelector): the run, one item, and the invocation-log query when it ran. */
export interface WorkerInput {
  run: FanOutRun;
  item: FanOutItem;
  /** The finished invocation-log query (`{}` or absent: none, or it failed, which the aggregator names). */
  logs?: WorkerLogsQuery | { queryExecutionId?: undefined };
}

/** The invocation-log query the state machine ran before the Map: the worker reads its item's rows of it. */
export interface WorkerLogsQuery extends FinishedRunQuery {
  database: string;
  table: string;
}

/** One item's outcome, written by its worker, stamped with its run (`run`: the period and clock it was read for). */
export type PartialReport = { run?: RunStamp } & (
  | { item: FanOutItem; status: 'analysed'; report: AdvisorReport; previous?: AdvisorReport; inventory?: LogInventory }
  | { item: FanOutItem; status: 'failed'; errors: ScopeError[]; why: ScopeProblem; code?: string }
);

/**
 * The part of an item's Bedrock inventory the aggregator needs to read invocation logs: a request is
 * logged under the model ID it was invoked with, which may be an application inference profile's ARN
 * (or a provisioned or custom model's), and only the inventory says which model that is. System
 * profiles are left out: their IDs name their model (`us.anthropic...`), and every Region lists dozens.
 */
export type LogInventory = Pick<UsageSnapshot, 'provisionedThroughputs' | 'customModels' | 'inferenceProfiles'>;

export function logInventoryOf(snapshot: UsageSnapshot): LogInventory {
  return {
    provisionedThroughputs: snapshot.provisionedThroughputs,
    customModels: snapshot.customModels,
    inferenceProfiles: snapshot.inferenceProfiles.filter((p) => p.type === 'APPLICATION'),
  };
}

/** Every analysed item's inventory, each ARN once (an account's items each list the same account-wide items). */
export function mergedLogInventory(partials: ReadonlyArray<PartialReport | undefined>): LogInventory {
  const once = <T>(items: T[], key: (item: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];
  const inventories = partials.flatMap((p) => (p?.status === 'analysed' && p.inventory ? [p.inventory] : []));
  return {
    provisionedThroughputs: once(inventories.flatMap((i) => i.provisionedThroughputs), (t) => t.provisionedModelArn),
    customModels: once(inventories.flatMap((i) => i.customModels), (m) => m.modelArn),
    inferenceProfiles: once(inventories.flatMap((i) => i.inferenceProfiles), (p) => p.inferenceProfileArn),
  };
}

/** What ties a partial report to its run: a partial of another run (another period, another clock) is not merged. */
export interface RunStamp {
  period: string;
  now: string;
}

/** Reads a run's objects: the text under a key, undefined when there is none. */
export interface RunReader {
  get(key: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** Keeps a run's objects: put a text under a key, get it back. */
export interface RunStore extends RunReader {
  put(key: string, body: string, signal?: AbortSignal): Promise<void>;
}

/** What starting the period's fan-out did. */
export interface StartedFanOut {
  executionArn: string;
  /** The period's run was already running or done: nothing new was started. */
  alreadyStarted: boolean;
  /** Executions of this period that failed, timed out or were aborted, which this start runs again. */
  replaces?: string[];
  /** The existing execution's status (RUNNING, SUCCEEDED) when `alreadyStarted`. */
  status?: string;
}

/** Starts the fan-out's state machine. Starting a name twice starts it once (`alreadyStarted`); a failed run is started again. */
export interface FanOutStarter {
  start(name: string, input: string, signal?: AbortSignal): Promise<StartedFanOut>;
}

export const itemsKey = (run: Pick<FanOutRun, 'prefix'>) => `${run.prefix}items.json`;
export const pricesKey = (run: Pick<FanOutRun, 'prefix'>) => `${run.prefix}prices.json`;
export const partialKey = (run: Pick<FanOutRun, 'prefix'>, item: Pick<FanOutItem, 'accountId' | 'region'>) => `${run.prefix}partials/${item.accountId}/${item.region}.json`;
export const resultsPrefix = (run: Pick<FanOutRun, 'prefix'>) => `${run.prefix}map-results/`;
export const runPrefix = (period: string) => `runs/${period}/`;

/** Step Functions execution names: 1-80 of letters, digits, `-` and `_`; one execution per period. */
export function executionName(period: string): string {
  return `digest-${period}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}

/** Every (account, Region) pair, accounts in the order given (each once), Regions in the order given. */
export function planFanOut(accounts: Array<Omit<FanOutItem, 'region'>>, regions: string[]): FanOutItem[] {
  const unique = [...new Map(accounts.map((a) => [a.accountId, a])).values()];
  return unique.flatMap((account) => [...new Set(regions)].map((region) => ({ ...account, region })));
}

/**
 * Writes the run's prices, then its items, then starts the state machine. A retried start (Lambda
 * retries the scheduled event) finds the items written and the execution started under the same
 * name, so the run starts once and its prices are the first attempt's.
 */
export async function startFanOut(
  input: { run: FanOutRun; items: FanOutItem[]; prices: SharedCatalog; athena?: AthenaRunQueries },
  deps: { store: RunStore; starter: FanOutStarter; signal?: AbortSignal },
): Promise<StartedFanOut & { items: number }> {
  const { run, items, prices } = input;
  if ((await deps.store.get(itemsKey(run), deps.signal)) === undefined) {
    await deps.store.put(pricesKey(run), JSON.stringify(prices), deps.signal);
    await deps.store.put(itemsKey(run), JSON.stringify(items), deps.signal);
  }
  deps.signal?.throwIfAborted();
  const stateMachineInput: FanOutInput = { run, itemsKey: itemsKey(run), resultsPrefix: resultsPrefix(run), ...(input.athena ? { athena: input.athena } : {}) };
  const started = await deps.starter.start(executionName(run.period), JSON.stringify(stateMachineInput), deps.signal);
  return { ...started, items: items.length };
}

/**
 * The worker's part: one account in one Region, collected and analysed as `runAccountsAnalysis` would
 * for that Region (the period before it too, for week over week). A Region that cannot be read is a
 * `failed` partial, not an exception: the aggregator names it. Anything else (a bug, the store down)
 * rejects, so Step Functions retries the item.
 */
export async function analyseItem(
  input: WorkerInput,
  deps: {
    sources: RegionSources;
    catalog: PriceCatalog;
    /**
     * The item's invocation logs (its account's and Region's hourly rows of the run's query): priced by
     * the modes as the CLI prices them, so the on-demand figure is the per-request sum where they cover.
     */
    invocationLogs?: () => Promise<InvocationLogRead | undefined>;
    deadline?: number;
    signal?: AbortSignal;
  },
): Promise<PartialReport> {
  const { run, item } = input;
  const now = new Date(run.now);
  const request: AccountAnalysisRequest = {
    regions: [item.region],
    days: run.days,
    ...(run.historyDays !== undefined ? { historyDays: run.historyDays } : {}),
    now,
    compareWithPreviousPeriod: true,
    ...(deps.deadline !== undefined ? { deadline: deps.deadline } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  const stamp = (snapshot: UsageSnapshot) => (run.mode === 'organization' ? stampAccount(snapshot, item.accountId) : snapshot);
  // The report's account: the item's in an organisation, the advisor's own otherwise (when known).
  const account = run.mode === 'organization' ? item.accountId : run.account;
  // Read before the usage: logs that cannot be used leave the item to CloudWatch's sums (and the aggregator names why).
  const logs = await deps.invocationLogs?.();
  let analysed: AnalysisResult;
  try {
    analysed = await runAnalysis({
      // As in one Lambda: only a Region read whole is compared with its previous period.
      collect: async () => {
        const { snapshot, previousSnapshot } = await collectAccountPeriods(request, deps.sources);
        return { snapshot: stamp(snapshot), ...(previousSnapshot ? { previousSnapshot: stamp(previousSnapshot) } : {}) };
      },
      catalog: deps.catalog,
      // The digest's period is forecast as the single-Lambda digest's is; the period before is only compared.
      analyzeOptions: { now, ...(account ? { account } : {}), ...DIGEST_ANALYZE_OPTIONS },
      // The aggregator compares the merged Regions with their merged previous period.
      keepPreviousReport: true,
      ...(logs ? { invocationLogs: async () => logs } : {}),
    });
  } catch (error) {
    deps.signal?.throwIfAborted();
    if (!(error instanceof AccountCollectionError)) throw error;
    const cause = error.cause ?? error;
    return { item, status: 'failed', errors: error.errors, why: asReported(cause instanceof Error ? cause.message : errorMessage(cause)), ...errorCode(cause) };
  }
  const { report, previous, collected } = analysed;
  const snapshot = collected.snapshot!;
  // The aggregator sets them once, over every item's rows, as the CLI does over all of them.
  detachRunWideLogFigures(report);
  return { item, status: 'analysed', report, ...(previous ? { previous } : {}), inventory: logInventoryOf(snapshot) };
}

/** The worker's partial as stored: stamped with its run, so the aggregator can tell it from another run's. */
export function encodePartial(partial: PartialReport, run: Pick<FanOutRun, 'period' | 'now'>): string {
  return toExactJson({ ...partial, run: { period: run.period, now: run.now } });
}

export function decodePartial(text: string): PartialReport {
  return fromExactJson<PartialReport>(text);
}

/**
 * One stored partial, checked before it is merged: text that is not a partial report (corrupt,
 * truncated), a partial of another run, or one for another item than its key names (account B under
 * A's key) becomes that item's failure, named, and never costs the other items or is merged as theirs.
 */
export function checkedPartial(text: string, run: FanOutRun, item: FanOutItem): PartialReport {
  const key = partialKey(run, item);
  const failed = (problem: PartialReportProblem): PartialReport => {
    const why: ScopeProblem = { says: 'partial-report-invalid', key, problem };
    return { item, status: 'failed', errors: [{ scope: `region ${item.region}`, message: { says: 'not-analysed', why } }], why, code: 'InvalidPartialReport' };
  };
  let partial: PartialReport;
  try {
    partial = decodePartial(text);
  } catch (error) {
    return failed({ is: 'not-json', cause: (error as Error).message });
  }
  const p = partial as Partial<PartialReport> & { report?: Partial<AdvisorReport>; errors?: unknown };
  if (!p || typeof p !== 'object' || !p.item || typeof p.item !== 'object') return failed({ is: 'no-item' });
  if (!p.run || p.run.period !== run.period || p.run.now !== run.now) {
    return failed({ is: 'other-run', ...(p.run ? { run: { period: String(p.run.period), now: String(p.run.now) } } : {}), thisRun: { period: run.period, now: run.now } });
  }
  if (p.item.accountId !== item.accountId || p.item.region !== item.region) {
    return failed({ is: 'other-item', accountId: String(p.item.accountId), region: String(p.item.region), thisAccountId: item.accountId, thisRegion: item.region });
  }
  const inventory = (p as { inventory?: Partial<Record<keyof LogInventory, unknown>> }).inventory;
  const wellFormed = p.status === 'analysed'
    ? Array.isArray(p.report?.models) && Array.isArray(p.report?.errors) && typeof p.report?.window?.start === 'string' && p.report?.summary !== undefined
      && (inventory === undefined || (Array.isArray(inventory.provisionedThroughputs) && Array.isArray(inventory.customModels) && Array.isArray(inventory.inferenceProfiles)))
    : p.status === 'failed' && Array.isArray(p.errors) && isScopeProblem((p as { why?: unknown }).why);
  if (!wellFormed) return failed({ is: 'missing-fields', status: String(JSON.stringify(p.status)) });
  return partial;
}

/** Reads every item's partial report, `PARTIAL_READ_CONCURRENCY` at a time; a missing one is `undefined`, a bad one that item's failure (`checkedPartial`). */
export async function readPartials(run: FanOutRun, items: FanOutItem[], store: RunReader, signal?: AbortSignal): Promise<Array<PartialReport | undefined>> {
  const partials = new Array<PartialReport | undefined>(items.length);
  let next = 0;
  const reader = async () => {
    while (next < items.length) {
      const i = next++;
      const text = await store.get(partialKey(run, items[i]!), signal);
      partials[i] = text === undefined ? undefined : checkedPartial(text, run, items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTIAL_READ_CONCURRENCY, items.length) }, reader));
  return partials;
}

/** Said of an item whose worker left nothing: it failed past its retries or timed out. */
export const MISSING_PARTIAL: ScopeProblem = { says: 'partial-report-missing' };

/**
 * The aggregator's merge: per account, its Regions side by side; then the accounts (organization
 * mode) or the one account. Rejects with `AccountCollectionError` when nothing could be analysed,
 * as one Lambda would: then nothing is published.
 */
export function mergePartials(run: FanOutRun, items: FanOutItem[], partials: Array<PartialReport | undefined>): AdvisorReport {
  const byAccount = new Map<string, Array<{ item: FanOutItem; partial: PartialReport | undefined }>>();
  items.forEach((item, i) => {
    const list = byAccount.get(item.accountId) ?? [];
    list.push({ item, partial: partials[i] });
    byAccount.set(item.accountId, list);
  });
  const analysed: AnalysedAccount[] = [];
  const failed: FailedAccount[] = [];
  for (const [accountId, parts] of byAccount) {
    const ref = { accountId, ...(parts[0]!.item.name ? { name: parts[0]!.item.name } : {}) };
    const reports = parts.flatMap(({ partial }) => (partial?.status === 'analysed' ? [partial] : []));
    // Each Region's errors in the Regions' order, as one collection of all of them lists them.
    const errors = parts.flatMap(({ item, partial }) =>
      partial === undefined ? [{ scope: `region ${item.region}`, message: MISSING_PARTIAL }] : partial.status === 'failed' ? partial.errors : partial.report.errors,
    );
    if (reports.length === 0) {
      // The advisor's own account, unread everywhere: nothing to analyse, as in one Lambda.
      if (run.mode === 'own-account') throw new AccountCollectionError(errors);
      const first = parts.find(({ partial }) => partial?.status === 'failed')?.partial as Extract<PartialReport, { status: 'failed' }> | undefined;
      failed.push(failedAccount(ref, first?.why ?? MISSING_PARTIAL, errors.map((e) => e.scope), first?.code));
      continue;
    }
    const report = combineRegionReports(reports.map((p) => p.report));
    report.errors = errors;
    // Week over week only when every Region was read whole, this period and the one before.
    const previous = errors.length === 0 && reports.length === parts.length && reports.every((p) => p.previous) ? combineRegionReports(reports.map((p) => p.previous!)) : undefined;
    delete report.weekOverWeek;
    if (previous) report.weekOverWeek = compareWithPrevious(report, previous);
    analysed.push({ ...ref, report, ...(previous ? { previous } : {}) });
  }
  if (analysed.length === 0) throw new AccountCollectionError(failed.map((f) => f.error), { what: 'no account could be read' });
  if (run.mode === 'own-account') return analysed[0]!.report;
  return combineAccountReports(analysed, failed);
}
