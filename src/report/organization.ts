import { accountOfArn } from '../model-id.js';
import { sumMoney } from '../money.js';
import { plannedSavingsOf } from '../domain/summary.js';
import type { AccountSummary, AdvisorReport } from '../domain/report.js';
import type { Published, PublishedReport } from './published-view.js';

/**
 * The accounts of an organisation's report, as published. The engine side lays the accounts' reports
 * side by side (src/service/combine-reports.ts); here their figures are settled from the rounded lines
 * and shown.
 */

/**
 * Each account's money recomputed from the report's own lines (as the published report recomputes its
 * totals from rounded parts), so the accounts always add up to the organisation summary. Failed
 * accounts keep null.
 */
export function settleAccounts(report: Published<AdvisorReport>): Array<Published<AccountSummary>> | undefined {
  if (!report.accounts) return undefined;
  return report.accounts.map((a) => {
    if (a.pricedMonthlyCost === null) return a;
    const mine = (arn: string) => accountOfArn(arn) === a.accountId;
    const pricedMonthlyCost = sumMoney([
      ...report.models.filter((m) => m.accountId === a.accountId).flatMap((m) => (m.currentMonthlyCost ? [m.currentMonthlyCost] : [])),
      ...report.provisionedThroughputs.filter((pt) => mine(pt.provisionedModelArn)).flatMap((pt) => (pt.monthlyCost ? [pt.monthlyCost] : [])),
      ...report.customModels.filter((c) => mine(c.modelArn)).flatMap((c) => (c.storageMonthlyCost ? [c.storageMonthlyCost] : [])),
    ]);
    const plans = (report.plans ?? []).filter((p) => p.accountId === a.accountId);
    return { ...a, pricedMonthlyCost, potentialMonthlySavings: plannedSavingsOf(plans).potentialMonthlySavings, plans: plans.length };
  });
}

/** The "By account" table every text format shows: header row first; empty for a one-account report. */
export function accountRows(report: PublishedReport, money: (d: AccountSummary['pricedMonthlyCost']) => string): string[][] {
  if (!report.accounts?.length) return [];
  return [
    ['Account', 'Name', 'Spend/month', 'Savings/month', 'Plans', 'Status'],
    ...report.accounts.map((a) => [
      a.accountId,
      a.name ?? '',
      a.pricedMonthlyCost === null ? 'not read' : accountSpend(a.pricedMonthlyCost, a.unpriced, money),
      a.potentialMonthlySavings === null ? 'not read' : accountSavings(report, a.accountId, a.potentialMonthlySavings, money),
      String(a.plans),
      a.pricedMonthlyCost === null ? 'failed (see Not analysed)' : a.errors.length ? `partial (${a.errors.length} error${a.errors.length > 1 ? 's' : ''})` : 'ok',
    ]),
  ];
}

/**
 * An account's spend as its row shows them: the priced sum; "at least" that when some of its spend has
 * no price (it adds nothing, never $0), and "unknown" when nothing of it is priced.
 */
function accountSpend(priced: NonNullable<AccountSummary['pricedMonthlyCost']>, unpriced: number | undefined, money: (d: AccountSummary['pricedMonthlyCost']) => string): string {
  if (!unpriced) return money(priced);
  return priced.isZero() ? 'unknown' : `at least ${money(priced)}`;
}

/**
 * An account's savings as its row shows them: the known plans' sum; "at least" that when one of its
 * plans' saving is unknown (that plan adds nothing, never $0), and "unknown" when none is known.
 */
function accountSavings(report: PublishedReport, accountId: string, known: NonNullable<AccountSummary['potentialMonthlySavings']>, money: (d: AccountSummary['pricedMonthlyCost']) => string): string {
  const plans = (report.plans ?? []).filter((p) => p.accountId === accountId && p.steps.length > 0);
  const unknown = plans.filter((p) => p.monthlySavings === null).length;
  if (unknown === 0) return money(known);
  return unknown === plans.length && known.isZero() ? 'unknown' : `at least ${money(known)}`;
}

/** How many accounts a report covers: the organisation's count, else its account lines (0 or 1 for one account). */
export function accountCount(report: PublishedReport): number {
  return report.summary.accounts ?? report.accounts?.length ?? 0;
}
