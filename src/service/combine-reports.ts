import { uniqueWorded, type Worded } from '../domain/notes.js';
import { sumMoney } from '../money.js';
import { mergeCollectionStats, type ScopeError } from '../usage/usage.js';
import type { AccountSummary, AdvisorReport } from '../domain/report.js';
import { byModelSpend, byPlanSavings, byRecommendationSavings } from '../domain/order.js';
import { requiredCostOf, summaryOf, unpricedCustomModelsOf } from '../domain/summary.js';
import { compareWithPrevious } from '../domain/week-over-week.js';
import { InternalError } from '../errors.js';

/**
 * One report over several AWS accounts. Each account is analysed on its own (a provisioned throughput,
 * a commitment or a batch job belongs to one account, so a plan never pools two accounts' traffic),
 * then the reports are laid side by side: lines are stamped with their account, totals are sums of
 * the accounts' totals, and `accounts[]` keeps each account's own figures. An account that could not
 * be read is named in `errors` as `account <id>` and listed with null money, never $0.
 */

export interface AnalysedAccount {
  accountId: string;
  name?: string;
  report: AdvisorReport;
  /** The previous period's report, for week over week (absent = no comparison for the organisation). */
  previous?: AdvisorReport;
}

export interface FailedAccount {
  accountId: string;
  name?: string;
  error: ScopeError;
}

/** Scope of an account's own error lines: `account 111122223333` or `account 111122223333 region us-east-1`. */
export function accountScope(accountId: string, scope?: string): string {
  return scope ? `account ${accountId} ${scope}` : `account ${accountId}`;
}

function stamp<T extends object>(accountId: string, items: T[]): Array<T & { accountId: string }> {
  return items.map((item) => ({ ...item, accountId }));
}

/**
 * The accounts' upper bounds ("up to", batch) summed: an account's own total, or its plans' bounds when
 * its report predates the total. An account with neither is unknown, counted apart
 * (`upToUnknownAccounts`) and never added as $0: the sum is then at least what it says.
 */
function upperBoundsOf(reports: readonly AdvisorReport[]): Pick<AdvisorReport['summary'], 'upToMonthlySavings' | 'upToUnknownAccounts'> {
  const bounds = reports.map((r) => r.summary.upToMonthlySavings ?? (r.plans ? sumMoney(r.plans.flatMap((p) => (p.upTo ? [p.upTo.monthlySavings] : []))) : null));
  const unknown = bounds.filter((b) => b === null).length;
  return { upToMonthlySavings: sumMoney(bounds.flatMap((b) => (b === null ? [] : [b]))), ...(unknown ? { upToUnknownAccounts: unknown } : {}) };
}

/** `{ unpriced }`: an account's models, throughputs and custom models with no price, when there is one (never added as $0). */
function unpricedSpendOf(report: AdvisorReport): Pick<AccountSummary, 'unpriced'> {
  const s = report.summary;
  const count = s.unpricedModels + s.unpricedProvisionedThroughputs + (unpricedCustomModelsOf(report.customModels).unpricedCustomModels ?? 0);
  return count ? { unpriced: count } : {};
}

/** Lays the accounts' reports side by side; needs at least one analysed account (the caller fails the run otherwise). */
export function combineAccountReports(analysed: AnalysedAccount[], failed: FailedAccount[] = []): AdvisorReport {
  const ordered = [...analysed].sort((a, b) => a.accountId.localeCompare(b.accountId));
  const first = ordered[0]?.report;
  if (!first) throw new InternalError('combineAccountReports: no account was analysed');
  const reports = ordered.map((a) => a.report);
  const sum = (pick: (r: AdvisorReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const start = reports.map((r) => r.window.start).sort()[0]!;
  const end = reports.map((r) => r.window.end).sort().at(-1)!;

  const accounts: AccountSummary[] = [
    ...ordered.map((a) => ({
      accountId: a.accountId,
      ...(a.name ? { name: a.name } : {}),
      pricedMonthlyCost: a.report.summary.pricedMonthlyCost,
      potentialMonthlySavings: a.report.summary.potentialMonthlySavings,
      plans: a.report.plans?.length ?? 0,
      ...unpricedSpendOf(a.report),
      errors: a.report.errors,
    })),
    ...failed.map((f) => ({ accountId: f.accountId, ...(f.name ? { name: f.name } : {}), pricedMonthlyCost: null, potentialMonthlySavings: null, plans: 0, errors: [f.error] })),
  ].sort((a, b) => a.accountId.localeCompare(b.accountId));

  const pricedMonthlyCost = sumMoney(reports.map((r) => r.summary.pricedMonthlyCost));
  const warnings = [...new Set(reports.flatMap((r) => r.warnings ?? []))];
  const collection = mergeCollectionStats(reports.map((r) => r.collection));
  // The organisation's report is no one account's: its lines carry `accountId`, and it has no `account`.
  const { account: _oneAccount, ...firstShared } = first;
  const combined: AdvisorReport = {
    ...firstShared,
    window: { ...first.window, start, end, hours: (Date.parse(end) - Date.parse(start)) / 3_600_000 },
    summary: {
      currentMonthlyCost: pricedMonthlyCost,
      pricedMonthlyCost,
      potentialMonthlySavings: sumMoney(reports.map((r) => r.summary.potentialMonthlySavings)),
      // Plans whose saving is unknown, counted beside the total they add nothing to.
      ...(sum((r) => r.summary.unpricedPlans ?? 0) ? { unpricedPlans: sum((r) => r.summary.unpricedPlans ?? 0) } : {}),
      recommendations: sum((r) => r.summary.recommendations),
      modelsAnalysed: sum((r) => r.summary.modelsAnalysed),
      unpricedModels: sum((r) => r.summary.unpricedModels),
      unpricedProvisionedThroughputs: sum((r) => r.summary.unpricedProvisionedThroughputs),
      // Counted from the accounts' lists (each account's report is whole), so an account's report written before the summary counted them counts too.
      ...unpricedCustomModelsOf(ordered.flatMap((a) => a.report.customModels)),
      plans: sum((r) => r.summary.plans ?? 0),
      ...upperBoundsOf(reports),
      ...requiredCostOf(reports.map((r) => r.summary)),
      accounts: accounts.length,
    },
    models: ordered
      .flatMap((a) => stamp(a.accountId, a.report.models))
      .sort((a, b) => byModelSpend(a, b) || a.accountId.localeCompare(b.accountId)),
    plans: ordered.flatMap((a) => stamp(a.accountId, a.report.plans ?? [])).sort((a, b) => byPlanSavings(a, b) || a.accountId.localeCompare(b.accountId)),
    recommendations: ordered
      .flatMap((a) => stamp(a.accountId, a.report.recommendations))
      .sort((a, b) => byRecommendationSavings(a, b) || a.accountId.localeCompare(b.accountId)),
    provisionedThroughputs: ordered.flatMap((a) => a.report.provisionedThroughputs),
    customModels: ordered.flatMap((a) => a.report.customModels),
    unpriced: ordered.flatMap((a) => stamp(a.accountId, a.report.unpriced)),
    errors: [
      ...failed.map((f) => f.error),
      ...ordered.flatMap((a) => a.report.errors.map((e) => ({ ...e, scope: accountScope(a.accountId, e.scope) }))),
    ],
    accounts,
    assumptions: [
      ...first.assumptions,
      { says: 'accounts-analysed-apart' },
      ...(failed.length > 0 ? [{ says: 'accounts-unread', count: failed.length } as const] : []),
    ],
  };
  delete combined.warnings;
  delete combined.collection;
  delete combined.weekOverWeek;
  if (warnings.length) combined.warnings = warnings;
  if (collection) combined.collection = collection;
  // Week over week only when every analysed account has its previous period and none failed: a
  // missing account would show as a drop in spend that did not happen.
  const previous = ordered.map((a) => a.previous);
  if (failed.length === 0 && previous.every((p) => p !== undefined)) {
    combined.weekOverWeek = compareWithPrevious(combined, combineAccountReports(ordered.map((a, i) => ({ accountId: a.accountId, report: previous[i]! }))));
  }
  return combined;
}

/**
 * One account's report from its Regions' reports, each analysed on its own (the fan-out's workers read
 * one account in one Region each). The engine already plans per model and Region, so laying the
 * Regions side by side gives what one analysis of all of them gives: totals are sums, lists keep the
 * engine's order (`./order.ts`), assumptions and warnings are kept once each. All parts must share
 * one window and one catalog (the fan-out hands every worker the run's window and prices).
 */
export function combineRegionReports(reports: AdvisorReport[]): AdvisorReport {
  const first = reports[0];
  if (!first) throw new InternalError('combineRegionReports: no Region was analysed');
  if (reports.length === 1) return first;
  const mismatched = reports.find((r) => r.window.start !== first.window.start || r.window.end !== first.window.end || r.priceSource.name !== first.priceSource.name);
  if (mismatched) throw new InternalError(`combineRegionReports: the Regions' reports disagree on window or prices (${mismatched.window.start}/${mismatched.window.end}, ${mismatched.priceSource.name})`);
  const once = (lists: Worded[][]) => uniqueWorded(lists.flat());
  const lines = {
    models: reports.flatMap((r) => r.models).sort(byModelSpend),
    plans: reports.flatMap((r) => r.plans ?? []).sort(byPlanSavings),
    recommendations: reports.flatMap((r) => r.recommendations).sort(byRecommendationSavings),
    provisionedThroughputs: reports.flatMap((r) => r.provisionedThroughputs),
    customModels: reports.flatMap((r) => r.customModels),
    // The engine lists unpriced models in its model order: after every priced one, by model ID and Region.
    unpriced: reports.flatMap((r) => r.unpriced).sort((a, b) => a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region)),
  };
  const warnings = uniqueWorded(reports.flatMap((r) => r.warnings ?? []));
  const collection = mergeCollectionStats(reports.map((r) => r.collection));
  const combined: AdvisorReport = {
    ...first,
    ...lines,
    summary: summaryOf(lines),
    errors: reports.flatMap((r) => r.errors),
    assumptions: once(reports.map((r) => r.assumptions)),
  };
  delete combined.warnings;
  delete combined.collection;
  delete combined.weekOverWeek;
  if (warnings.length) combined.warnings = warnings;
  if (collection) combined.collection = collection;
  return combined;
}
