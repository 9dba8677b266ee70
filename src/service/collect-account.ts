import { untilAborted } from '../abort.js';
import { trimOf, type CollectionPlan } from '../usage/cloudwatch-plan.js';
import type {
  CollectionStats,
  CustomModelInfo,
  ForecastHistory,
  FoundationModelStatus,
  InferenceProfileInfo,
  ModelUsage,
  ProvisionedThroughputInfo,
  ScopeError,
  UsageSnapshot,
} from '../usage/usage.js';
import { systemClock, timerMs } from '../clock.js';
import { extentOf, INCOMPLETE, mergeCollectionStats } from '../usage/usage.js';
import type { RegionSources } from './ports.js';
import { errorCode, errorMessage } from './scope-errors.js';
import { AdvisorError } from '../errors.js';
import { isNote, scopeProblemOf, type UsageWarning } from '../domain/notes.js';
import { adviceText, noteText } from '../report/advice-text.js';

/**
 * One account's collection: usage and inventory read in every Region at once into one snapshot,
 * through the ports of `./ports.ts`. The analysis of it is ./analyze-account.ts's (which re-exports
 * this module); the runaway watch (./runaway-watch.ts) collects through this module alone, so its
 * Lambda does not load the engine and the orchestration it never runs.
 */

const SECONDS_PER_DAY = 86_400;

export interface AccountAnalysisRequest {
  /** Regions to read; each is collected independently, so one failing Region does not sink the run. */
  regions: string[];
  /** The window is [now - days, now]. */
  days: number;
  /** Restrict usage collection to these model IDs (as CloudWatch reports them). Default: every model found. */
  models?: string[];
  /** The clock. Default: now. */
  now?: Date;
  /** The account analysed (the Lambda's own, from its ARN): the report's `account`, for the digest's subject and thread. */
  account?: string;
  /**
   * Also read the period before the window (same length), so the report carries week over week from
   * CloudWatch itself rather than from stored state. Doubles the CloudWatch calls. Default false.
   */
  compareWithPreviousPeriod?: boolean;
  /**
   * When collection must stop (epoch milliseconds). Calls still running then are cancelled; a Region
   * not finished is named in `errors` as incomplete, and the Regions that finished are analysed.
   */
  deadline?: number;
  /**
   * Cancels the whole run (the Lambda's own timeout): nothing is analysed or published, and the run
   * rejects with the signal's reason. Unlike the deadline, no partial report comes out of it.
   */
  signal?: AbortSignal;
  /** Read hourly sums whatever the data's age (the runaway watch, the forecast's long history). */
  hourly?: boolean;
  /** Also read this many days before the run as hourly sums, for the forecast alone (`--history-days`). */
  historyDays?: number;
}

/**
 * Thrown when every requested Region failed: there is nothing to analyse and nothing is published.
 * `cause` is the first Region's underlying error (an AssumeRole refusal shows there for every Region).
 */
export class AccountCollectionError extends AdvisorError {
  override readonly name = 'AccountCollectionError';
  readonly code = 'account-collection';
  /** Nothing could be read (no credentials, no access): the user can fix that. */
  override readonly userCanFix = true;
  constructor(
    readonly errors: ScopeError[],
    options?: { cause?: unknown; what?: string },
  ) {
    super(`${options?.what ?? noteText({ says: 'every-region-failed' })}: ${errors.map((e) => `${e.scope}: ${adviceText(e.message)}`).join('; ')}`, options);
  }
}

/** The abort reason when the collection deadline passes; tells a deadline apart from any other cancellation. */
export class DeadlineReachedError extends AdvisorError {
  override readonly name = 'DeadlineReachedError';
  readonly code = INCOMPLETE;
}

interface RegionResult {
  models: ModelUsage[];
  warnings?: UsageWarning[];
  stats?: CollectionStats;
  /** The grid the Region's source read, when it reads CloudWatch. */
  plan?: CollectionPlan;
  /** The forecast's long hourly read, when asked for. */
  history?: ForecastHistory;
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  foundationModels: FoundationModelStatus[];
  errors: ScopeError[];
  /** True when usage could not be collected at all. */
  usageFailed: boolean;
  /** Why usage could not be collected, kept for the caller's `cause`. */
  usageFailure?: unknown;
}

/**
 * True when `failure` is the deadline's doing: the signal fired for the deadline and the part failed
 * by being aborted (the SDK's AbortError, or the reason itself), not with an error of its own that
 * happened to come first (an AccessDenied stays an AccessDenied).
 */
function cutOffByDeadline(signal: AbortSignal, failure: unknown): boolean {
  if (!signal.aborted || !(signal.reason instanceof DeadlineReachedError)) return false;
  return failure === signal.reason || (failure instanceof Error && failure.name === 'AbortError');
}

async function collectRegion(
  region: string,
  window: { start: Date; end: Date },
  request: AccountAnalysisRequest,
  sources: RegionSources,
  signal: AbortSignal,
): Promise<RegionResult> {
  const scope = `region ${region}`;
  // Usage and inventory are independent calls; run both and report each failure on its own.
  // Each part is raced against the signal: a credential provider (a hung STS AssumeRole) runs before
  // any call sees the signal, and the deadline must bound that wait too.
  const [usage, inventory] = await Promise.allSettled([
    untilAborted(sources.usage(region).collect({
      start: window.start,
      end: window.end,
      ...(request.models ? { models: request.models } : {}),
      ...(request.now ? { now: request.now } : {}),
      ...(request.hourly ? { hourly: true } : {}),
      ...(request.historyDays ? { historyDays: request.historyDays } : {}),
      signal,
    }), signal),
    untilAborted(sources.inventory(region).read(signal), signal),
  ]);
  const result: RegionResult = { models: [], provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [], errors: [], usageFailed: false };
  if (usage.status === 'fulfilled') {
    result.models = usage.value.models;
    if (usage.value.stats) result.stats = usage.value.stats;
    if (usage.value.plan) result.plan = usage.value.plan;
    if (usage.value.history) result.history = usage.value.history;
    if (usage.value.warnings?.length) result.warnings = usage.value.warnings.map((w) => ({ ...w, scope }));
  } else {
    result.usageFailed = true;
    result.usageFailure = usage.reason;
    const late = cutOffByDeadline(signal, usage.reason);
    // A Region cut off by the deadline is missing, so the totals are partial: its code (`INCOMPLETE`, the
    // deadline's own) is how every renderer tells it from a failure, never its words.
    result.errors.push(late ? { scope, message: { says: 'usage-incomplete' }, code: INCOMPLETE } : { scope, message: { says: 'usage-failed', cause: errorMessage(usage.reason) }, ...errorCode(usage.reason) });
  }
  const inventoryLate = inventory.status === 'rejected' && cutOffByDeadline(signal, inventory.reason);
  if (inventory.status === 'fulfilled') {
    result.provisionedThroughputs = inventory.value.provisionedThroughputs;
    result.customModels = inventory.value.customModels;
    result.inferenceProfiles = inventory.value.inferenceProfiles;
    result.foundationModels = inventory.value.foundationModels.map((m) => ({
      modelId: m.modelId, region, ...(m.modelName ? { modelName: m.modelName } : {}), ...(m.providerName ? { providerName: m.providerName } : {}),
      ...(m.lifecycleStatus ? { lifecycleStatus: m.lifecycleStatus } : {}),
    }));
  } else if (!result.usageFailed) {
    // Usage without inventory is still worth analysing, but provisioned throughputs and custom
    // models in this Region will be missing from the report: say so.
    result.errors.push(inventoryLate ? { scope, message: { says: 'inventory-incomplete' }, code: INCOMPLETE } : {
      scope,
      message: { says: 'inventory-failed', cause: errorMessage(inventory.reason) },
      ...errorCode(inventory.reason),
    });
  } else if (!inventoryLate) {
    const usageError = result.errors[0]!;
    if (isNote(usageError.message) && usageError.message.says === 'usage-failed') usageError.message = { ...usageError.message, inventoryCause: errorMessage(inventory.reason) };
  }
  return result;
}

/** The window [now - days, now]. */
function lastDays(request: AccountAnalysisRequest): { start: Date; end: Date } {
  const end = request.now ?? systemClock.now();
  return { start: new Date(end.getTime() - request.days * SECONDS_PER_DAY * 1000), end };
}

/**
 * The period just before the snapshot's window, for week over week. Its failure costs only the
 * comparison: it is reported in the snapshot's errors and the analysis goes on.
 */
export async function collectPreviousPeriod(request: AccountAnalysisRequest, sources: RegionSources, snapshot: UsageSnapshot): Promise<UsageSnapshot | undefined> {
  const end = new Date(snapshot.window.start);
  const start = new Date(end.getTime() - request.days * SECONDS_PER_DAY * 1000);
  try {
    // The forecast's long read is the run's, not the previous period's: it is read once.
    const { historyDays: _once, ...previousRequest } = request;
    const previous = await collectAccountSnapshot(previousRequest, sources, { start, end });
    // The run paid for these calls too: the report's collection cost is the whole run's.
    const both = mergeCollectionStats([snapshot.collection, previous.collection]);
    if (both) snapshot.collection = both;
    // A previous period read only in part (a Region failed or the deadline cut it) would show a drop
    // in spend that did not happen: no comparison is better than a wrong one.
    if (previous.errors.length === 0) return previous;
    snapshot.errors.push({ scope: 'previous period', message: { says: 'previous-period-partial', errors: previous.errors.map((e) => ({ scope: e.scope, message: scopeProblemOf(e.message) })) } });
    return undefined;
  } catch (error) {
    request.signal?.throwIfAborted();
    snapshot.errors.push({ scope: 'previous period', message: { says: 'previous-period-failed', cause: errorMessage(error) } });
    return undefined;
  }
}

/**
 * One signal that aborts at the deadline (reason: DeadlineReachedError) or when the caller's signal
 * aborts (its own reason). `dispose` clears the timer so a finished run leaves nothing pending.
 */
function collectionStop(request: Pick<AccountAnalysisRequest, 'deadline' | 'signal'>): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onCancel = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onCancel, { once: true });
  let timer: NodeJS.Timeout | undefined;
  if (request.deadline !== undefined) {
    const reached = () => controller.abort(new DeadlineReachedError(`deadline reached at ${new Date(request.deadline!).toISOString()}`));
    const wait = request.deadline - timerMs();
    if (wait <= 0) reached();
    else timer = setTimeout(reached, wait);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCancel);
    },
  };
}

/**
 * Collects usage and inventory from every Region concurrently into one snapshot. A Region whose calls
 * fail is recorded in `errors` as `{ scope: 'region <name>', message }`; the others are kept.
 */
export async function collectAccountSnapshot(
  request: AccountAnalysisRequest,
  sources: RegionSources,
  window: { start: Date; end: Date } = lastDays(request),
): Promise<UsageSnapshot> {
  request.signal?.throwIfAborted();
  const { start, end } = window;
  const regions = [...new Set(request.regions)];
  const stop = collectionStop(request);
  // One clock for every Region: each plans the same slices, so the window below is every Region's window.
  const now = request.now ?? systemClock.now();
  let results: RegionResult[];
  try {
    results = await Promise.all(regions.map((region) => collectRegion(region, { start, end }, { ...request, now }, sources, stop.signal)));
  } finally {
    stop.dispose();
  }
  // Cancelled from outside (not the deadline): what was collected is not a report.
  request.signal?.throwIfAborted();
  const models = results.flatMap((r) => r.models);
  // CloudWatch answers on its period grid, so the data can start before and end after the request.
  // The window is the grid that was asked for, not the data that came back: every Region (and every
  // fan-out worker, which reads one Region) of a run then has the same window and the same monthly
  // scaling, so their reports add up. Minutes on that grid with no data are zero usage.
  // Every Region's collector planned the same grid from the same clock: the first one's plan is the
  // run's. A source that is not on CloudWatch's tiers (a file, a test) has none: its window is the request's.
  const plan = results.find((r) => r.plan)?.plan;
  const trim = plan ? trimOf(plan) : undefined;
  const extent = extentOf(models);
  const requestStart = start.getTime() / 1000;
  const gridStart = plan ? Math.min(plan.start, plan.slices[0]?.start ?? plan.start) : requestStart;
  const gridEnd = Math.max(end.getTime() / 1000, plan?.slices.at(-1)?.end ?? 0);
  const snapshot: UsageSnapshot = {
    window: {
      start: new Date(Math.min(gridStart, extent.start) * 1000).toISOString(),
      end: new Date(Math.max(gridEnd, extent.end) * 1000).toISOString(),
      basis: { how: 'days-before-run', days: request.days, hourly: request.hourly === true, ...(trim ? { trim } : {}) },
    },
    models,
    provisionedThroughputs: results.flatMap((r) => r.provisionedThroughputs),
    customModels: results.flatMap((r) => r.customModels),
    inferenceProfiles: results.flatMap((r) => r.inferenceProfiles),
    foundationModels: results.flatMap((r) => r.foundationModels),
    errors: results.flatMap((r) => r.errors),
  };
  const warnings = results.flatMap((r) => r.warnings ?? []);
  if (warnings.length) snapshot.warnings = warnings;
  // Every Region read the same hourly grid back from the same end: the first one's window is the run's.
  const histories = results.flatMap((r) => (r.history ? [r.history] : []));
  if (histories.length) snapshot.forecastHistory = { window: histories[0]!.window, models: histories.flatMap((h) => h.models) };
  const stats = mergeCollectionStats(results.map((r) => r.stats));
  if (stats) snapshot.collection = stats;
  if (regions.length > 0 && results.every((r) => r.usageFailed)) throw new AccountCollectionError(snapshot.errors, { cause: results[0]!.usageFailure });
  return snapshot;
}

/**
 * The account's usage for the window and, with `compareWithPreviousPeriod`, for the period before it:
 * the one collection the Lambdas and the CLI share, so both report week over week.
 */
export async function collectAccountPeriods(request: AccountAnalysisRequest, sources: RegionSources): Promise<{ snapshot: UsageSnapshot; previousSnapshot?: UsageSnapshot }> {
  const snapshot = await collectAccountSnapshot(request, sources);
  // Week over week compares whole periods only: when this period was read in part (a Region failed
  // or was cut off), its errors already say so, and a comparison would show a drop that did not happen.
  const comparable = request.compareWithPreviousPeriod && snapshot.errors.length === 0;
  const previousSnapshot = comparable ? await collectPreviousPeriod(request, sources, snapshot) : undefined;
  return { snapshot, ...(previousSnapshot ? { previousSnapshot } : {}) };
}
