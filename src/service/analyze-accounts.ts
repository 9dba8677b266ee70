import { asReported, type ScopeProblem } from '../domain/notes.js';
import { accountScope, type FailedAccount } from './combine-reports.js';
import { mergeCollectionStats, type UsageSnapshot } from '../usage/usage.js';
import {
  AccountCollectionError,
  analysisDeps,
  collectAccountSnapshot,
  collectPreviousPeriod,
  errorCode,
  type AccountAnalysisDeps,
  type AccountAnalysisRequest,
  type AccountAnalysisResult,
} from './analyze-account.js';
import type { AccountRef, RegionSources } from './ports.js';
import { runAnalysis, type CollectedAccounts } from './run-analysis.js';

export { analyzeAccounts, type CollectedAccounts } from './run-analysis.js';

/**
 * Many accounts in one run: each account is collected through its own sources (an assumed role per
 * account, built by the adapter), analysed on its own, and the reports are combined into one with an
 * organisation summary and a line per account (`src/service/combine-reports.ts`). One account that cannot
 * be read is named in `errors` as `account <id>` and the others are still analysed and published;
 * when none can be read, nothing is published.
 */

/** Accounts collected at once: each already reads its Regions concurrently, and CloudWatch limits are per account. */
export const ACCOUNT_CONCURRENCY = 4;

export interface AccountsAnalysisDeps<TPublished = unknown, TAccount extends AccountRef = AccountRef> extends Omit<AccountAnalysisDeps<TPublished>, 'sources'> {
  accounts: TAccount[];
  /** The sources of one account (its own clients per Region, with that account's credentials). */
  sourcesFor(account: TAccount): RegionSources;
}

/** Runs `work` over `items`, at most `limit` at once, results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The account's usage lines carry its ID, so the same model in two accounts stays two lines. */
export function stampAccount(snapshot: UsageSnapshot, accountId: string): UsageSnapshot {
  return { ...snapshot, models: snapshot.models.map((m) => ({ ...m, accountId })) };
}

/**
 * Why an account could not be read, in one line: an AssumeRole refusal shows once, not once per Region.
 * The message is the underlying error's own (it names the role); its name or code goes to `code`.
 */
function accountFailure(account: AccountRef, error: unknown): FailedAccount & { cause: unknown } {
  const cause = error instanceof AccountCollectionError && error.cause !== undefined ? error.cause : error;
  const regions = error instanceof AccountCollectionError ? error.errors.map((e) => e.scope) : [];
  return { ...failedAccount(account, asReported(cause instanceof Error ? cause.message : String(cause)), regions, errorCode(cause).code), cause: error };
}

/**
 * An account none of whose Regions could be read, named once: `why` is the first Region's own error
 * (an AssumeRole refusal reads the same in every Region), `regionScopes` the Regions that failed.
 */
export function failedAccount(account: AccountRef, why: ScopeProblem, regionScopes: string[], code?: string): FailedAccount {
  return {
    accountId: account.accountId,
    ...(account.name ? { name: account.name } : {}),
    error: { scope: accountScope(account.accountId), message: { says: 'account-failed', why, regions: regionScopes }, ...(code ? { code } : {}) },
  };
}

/**
 * Reads every account, `ACCOUNT_CONCURRENCY` at a time; an account that cannot be read is kept in
 * `failed`. Rejects (with the first failure as cause) only when no account could be read.
 */
export async function collectAccounts<TAccount extends AccountRef>(
  request: AccountAnalysisRequest,
  accounts: TAccount[],
  sourcesFor: (account: TAccount) => RegionSources,
): Promise<CollectedAccounts> {
  const unique = [...new Map(accounts.map((a) => [a.accountId, a])).values()];
  type Outcome = { ok: true; value: CollectedAccounts['collected'][number] } | { ok: false; failed: FailedAccount & { cause: unknown } };
  const outcomes = await mapLimited(unique, ACCOUNT_CONCURRENCY, async (account): Promise<Outcome> => {
    const sources = sourcesFor(account);
    const ref: AccountRef = { accountId: account.accountId, ...(account.name ? { name: account.name } : {}) };
    let snapshot: UsageSnapshot;
    try {
      snapshot = stampAccount(await collectAccountSnapshot(request, sources), account.accountId);
    } catch (error) {
      request.signal?.throwIfAborted();
      return { ok: false, failed: accountFailure(account, error) };
    }
    const comparable = request.compareWithPreviousPeriod && snapshot.errors.length === 0;
    const previous = comparable ? await collectPreviousPeriod(request, sources, snapshot) : undefined;
    return { ok: true, value: { account: ref, snapshot, ...(previous ? { previous: stampAccount(previous, account.accountId) } : {}) } };
  });
  request.signal?.throwIfAborted();
  const collected = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.failed]));
  if (collected.length === 0) throw new AccountCollectionError(failed.map((f) => f.error), { cause: failed[0]?.cause, what: 'no account could be read' });
  return { collected, failed: failed.map(({ cause: _cause, ...f }) => f) };
}

/**
 * The accounts' snapshots as one, for saving or rendering: every usage line, inventory item and error
 * carries its account, and `accounts` keeps each account's own window and cost, and each failed
 * account's error, so `splitAccountSnapshot` gives back what `collectAccounts` gave.
 */
export function mergeAccountSnapshots({ collected, failed }: CollectedAccounts): UsageSnapshot {
  const snapshots = collected.map((c) => c.snapshot);
  const collection = mergeCollectionStats(snapshots.map((s) => s.collection));
  const owned = <T extends object>(pick: (s: UsageSnapshot) => T[]) => collected.flatMap((c) => pick(c.snapshot).map((item) => ({ ...item, accountId: c.account.accountId })));
  return {
    window: {
      start: snapshots.map((s) => s.window.start).sort()[0]!,
      end: snapshots.map((s) => s.window.end).sort().at(-1)!,
      ...(snapshots[0]?.window.basis ? { basis: snapshots[0].window.basis } : {}),
    },
    models: owned((s) => s.models),
    provisionedThroughputs: owned((s) => s.provisionedThroughputs),
    customModels: owned((s) => s.customModels),
    inferenceProfiles: owned((s) => s.inferenceProfiles),
    foundationModels: owned((s) => s.foundationModels ?? []),
    errors: owned((s) => s.errors),
    ...(collection ? { collection } : {}),
    accounts: [
      ...collected.map(({ account, snapshot }) => ({ ...account, window: snapshot.window, ...(snapshot.collection ? { collection: snapshot.collection } : {}) })),
      ...failed.map((f) => ({ accountId: f.accountId, ...(f.name ? { name: f.name } : {}), error: f.error })),
    ],
  };
}

/**
 * A snapshot of several accounts (one with `accounts`, as `mergeAccountSnapshots` writes it) back into
 * each account's own snapshot and the accounts that failed, as `collectAccounts` gave them, so a
 * replay analyses each account on its own as the live run did. Undefined for a snapshot of one account.
 * A saved snapshot has no previous period: the replay has no week over week.
 */
export function splitAccountSnapshot(snapshot: UsageSnapshot): CollectedAccounts | undefined {
  if (!snapshot.accounts) return undefined;
  const collected = snapshot.accounts.flatMap(({ accountId, name, window, collection, error }) => {
    if (error) return [];
    // The account's own items, without the account field its live snapshot never had (usage lines keep it, as live).
    const own = <T extends { accountId?: string }>(items: T[]) => items.filter((i) => i.accountId === accountId).map(({ accountId: _mine, ...item }) => item as T);
    const mine: UsageSnapshot = {
      window: window ?? snapshot.window,
      models: snapshot.models.filter((m) => m.accountId === accountId),
      provisionedThroughputs: own(snapshot.provisionedThroughputs),
      customModels: own(snapshot.customModels),
      inferenceProfiles: own(snapshot.inferenceProfiles),
      ...(snapshot.foundationModels ? { foundationModels: own(snapshot.foundationModels) } : {}),
      errors: own(snapshot.errors),
      ...(collection ? { collection } : {}),
    };
    return [{ account: { accountId, ...(name ? { name } : {}) }, snapshot: mine }];
  });
  const failed = snapshot.accounts.flatMap(({ accountId, name, error }) => (error ? [{ accountId, ...(name ? { name } : {}), error }] : []));
  return { collected, failed };
}

/**
 * Collects, analyses and (optionally) publishes one report over `deps.accounts`. Publishing happens
 * once, after every account is done; the run rejects (nothing published) only when no account could
 * be read, or when `request.signal` aborts.
 */
export async function runAccountsAnalysis<TPublished, TAccount extends AccountRef>(request: AccountAnalysisRequest, deps: AccountsAnalysisDeps<TPublished, TAccount>): Promise<AccountAnalysisResult<TPublished>> {
  const { report, view, published } = await runAnalysis({
    collect: async () => ({ accounts: await collectAccounts(request, deps.accounts, deps.sourcesFor) }),
    ...analysisDeps(request, deps),
  });
  return { report, view, ...(published !== undefined ? { published } : {}) };
}
