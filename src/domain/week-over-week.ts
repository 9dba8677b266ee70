import type { AdvisorReport, WeekOverWeek } from './report.js';

/**
 * Week over week from CloudWatch itself: the previous period is analysed like this one (same prices,
 * same rules), so the change in spend and in savings needs no stored state.
 */
export function compareWithPrevious(current: AdvisorReport, previous: AdvisorReport): WeekOverWeek {
  const spendPartial = leavesOutSpend(current) || leavesOutSpend(previous);
  const savingsPartial = !!current.summary.unpricedPlans || !!previous.summary.unpricedPlans;
  const now = current.summary.currentMonthlyCost;
  const before = previous.summary.currentMonthlyCost;
  const spendChange = now.minus(before);
  return {
    previousWindow: { start: previous.window.start, end: previous.window.end },
    previousMonthlyCost: before,
    currentMonthlyCost: now,
    spendChange,
    ...(before.isZero() ? {} : { changePercent: spendChange.dividedBy(before).times(100) }),
    previousPotentialMonthlySavings: previous.summary.potentialMonthlySavings,
    savingsChange: current.summary.potentialMonthlySavings.minus(previous.summary.potentialMonthlySavings),
    ...(spendPartial ? { pricedSpendOnly: true as const } : {}),
    ...(savingsPartial ? { knownSavingsOnly: true as const } : {}),
  };
}

/** Whether a report's spend leaves something out: an unpriced model, provisioned throughput or custom model's storage. */
function leavesOutSpend(r: AdvisorReport): boolean {
  const s = r.summary;
  return s.unpricedModels > 0 || s.unpricedProvisionedThroughputs > 0 || (s.unpricedCustomModels ?? r.customModels.filter((c) => c.storageMonthlyCost === null).length) > 0;
}
