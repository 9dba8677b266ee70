import type { Decimal } from 'decimal.js';
import { formatUsd } from '../money.js';
import { adviceText } from './advice-text.js';
import type { PublishedReport } from './published-view.js';
import type { Reconciliation } from '../domain/reconciliation.js';

/**
 * The bill reconciliation in words and rows, once, for every text format (table, markdown, email,
 * HTML, Slack): each renderer lays these out its own way. Takes the published report, so every
 * figure is the one the JSON shows.
 */

const money = (d: Decimal | null | undefined) => (d === null || d === undefined ? 'unpriced' : formatUsd(d));
const pctText = (d: Decimal | null) => (d === null ? '-' : `${d.toDecimalPlaces(1).toFixed(1)}%`);

/** The headline's savings: at the prices the account pays when a bill was read, with list beside it. */
export function headlineSavings(report: PublishedReport): { amount: Decimal; note: string } {
  const r = report.reconciliation;
  const list = report.summary.potentialMonthlySavings;
  if (!r?.effectiveRate) return { amount: list, note: '' };
  return {
    amount: r.totals.potentialMonthlySavingsAtEffectiveRate,
    note: ` at the prices this account pays (${adviceText(r.effectiveRate.note)}; ${formatUsd(list)}/month at list)`,
  };
}

/** Where the bill came from and what reading it cost. */
export function sourceSentence(r: Reconciliation): string {
  const cost = r.source.requests !== undefined ? ` (${r.source.requests} request(s), ${money(r.source.requestCost)})` : '';
  return `Bill: ${r.source.description}${cost}, ${r.days.first} to ${r.days.last}.`;
}

/** The section's opening sentences: the whole bill, what the advice covers, how many models agree, the effective rate. */
export function summarySentences(r: Reconciliation): string[] {
  const t = r.totals;
  const out = [
    sourceSentence(r),
    `Billed ${money(t.billedCost)} for Bedrock; the advice covers ${pctText(t.adviceCoveragePercent)} of it (${money(t.coveredByReplayCost)}); ` +
      `${money(t.outsideReplayCost)} is outside the replay and ${money(t.notReplayedUsageCost)} is model usage CloudWatch did not report.`,
    `${t.modelsReconciled} of ${t.models} model line(s) reconciled (within 1% of the replay).`,
  ];
  if (r.effectiveRate) out.push(`Effective rate: ${adviceText(r.effectiveRate.note)} (${r.effectiveRate.basis} cost). Savings at it: ${money(t.potentialMonthlySavingsAtEffectiveRate)}/month; at list: ${money(t.potentialMonthlySavingsAtList)}/month.`);
  return out;
}

export function modelRows(r: Reconciliation): string[][] {
  const rows = [['Model', 'Region', 'Billed', 'At list', 'Replayed', 'Drift', 'Status']];
  for (const m of r.models) {
    const status = m.reconciled ? 'reconciled' : m.reasons[0] !== undefined ? adviceText(m.reasons[0]) : 'drift';
    const rate = m.effectiveRateNote !== undefined ? `; ${adviceText(m.effectiveRateNote)}` : '';
    rows.push([`${m.modelId}${m.accountId ? ` (${m.accountId})` : ''}`, m.region, money(m.billedCost), money(m.billedAtListCost), money(m.replayedCost), pctText(m.driftPercent), `${status}${rate}`]);
  }
  return rows;
}

/** Charges outside the replay, one row per category (usage types summed). */
export function outsideRows(r: Reconciliation): string[][] {
  const byCategory = new Map<string, { cost: Decimal; usageTypes: string[] }>();
  for (const o of r.outsideReplay) {
    const prev = byCategory.get(o.category);
    if (prev) {
      prev.cost = prev.cost.plus(o.billedCost);
      prev.usageTypes.push(o.usageType);
    } else byCategory.set(o.category, { cost: o.billedCost, usageTypes: [o.usageType] });
  }
  const rows = [['Outside the replay', 'Billed', 'Usage types']];
  for (const [category, v] of byCategory) rows.push([category, money(v.cost), v.usageTypes.slice(0, 3).join(', ') + (v.usageTypes.length > 3 ? `, +${v.usageTypes.length - 3}` : '')]);
  return rows.length > 1 ? rows : [];
}

/** Cost by caller (IAM principal or tag), largest first; `limit` rows at most. */
export function callerRows(r: Reconciliation, limit = 10): string[][] {
  if (!r.callers?.length) return [];
  const rows = [['Caller', 'Kind', 'Billed']];
  for (const c of r.callers.slice(0, limit)) rows.push([c.name, c.kind, money(c.billedCost)]);
  if (r.callers.length > limit) rows.push([`${r.callers.length - limit} more`, '', '']);
  return rows;
}
