import type { AdvisorReport, WeekOverWeek } from './report.js';

/**
 * Week over week from CloudWatch itself: the previous period is analysed like this one (same prices,
 * same rules), so the change in spend and in savings needs no stored state.
 */
export function compareWithPrevious(current: AdvisorReport, previous: AdvisorReport): WeekOverWeek {
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
  };
}
