import type { Decimal } from 'decimal.js';
import type { ModelReport, ScenarioMode } from '../domain/report.js';
import type { PublishedReport } from './published-view.js';
import { int, money, pct } from './format.js';

/**
 * The Reserved service tier set beside Priority and Standard for the same tokens, with the throttling
 * CloudWatch measured. Reserved buys tokens per minute that are there when Standard throttles; at the
 * prices AWS publishes a 1-month reservation costs about what Standard costs at full use, so it is rarely
 * a saving. It is shown here, from the scenarios every format already carries, so a team that is being
 * throttled can weigh it, and it is never counted as a saving when it costs more than Standard.
 */
export interface CapacityRow {
  model: string;
  region: string;
  standard: Decimal | null;
  priority: Decimal | null;
  reservedOneMonth: Decimal | null;
  reservedThreeMonth: Decimal | null;
  throttles: number;
  invocations: number;
}

function monthly(m: ModelReport, mode: ScenarioMode): Decimal | null {
  const s = m.scenarios.find((x) => x.mode === mode && x.feasible);
  return s?.monthlyCost ?? null;
}

/** Models with a priced Reserved scenario, busiest throttling first. */
export function capacityRows(report: PublishedReport): CapacityRow[] {
  return report.models.flatMap((m) => {
    const reservedOneMonth = monthly(m, 'reserved-1-month');
    const reservedThreeMonth = monthly(m, 'reserved-3-month');
    if (reservedOneMonth === null && reservedThreeMonth === null) return [];
    return [{
      model: m.name ?? m.modelId, region: m.region,
      standard: monthly(m, 'on-demand'), priority: monthly(m, 'priority'), reservedOneMonth, reservedThreeMonth,
      throttles: m.usage.throttles, invocations: m.usage.invocations,
    }];
  }).sort((a, b) => b.throttles - a.throttles);
}

const priced = (d: Decimal | null) => (d === null ? 'unpriced' : `${money(d)}/month`);

/** Reserved against Standard: what it costs beyond it, or saves; unpriced when either side is. */
function againstStandard(reserved: Decimal | null, standard: Decimal | null): string {
  if (reserved === null || standard === null) return 'not comparable with Standard (unpriced)';
  const diff = reserved.minus(standard);
  if (diff.isZero()) return 'the same as Standard';
  return diff.isPositive() ? `${money(diff)}/month more than Standard: guaranteed capacity, not a saving` : `${money(diff.negated())}/month less than Standard`;
}

/** One sentence per model, the same in every text format. */
export function capacitySentence(r: CapacityRow): string {
  const throttled = r.throttles > 0
    ? `${int(r.throttles)} throttled request(s) measured in the window${r.invocations > 0 ? ` (${pct(r.throttles / (r.invocations + r.throttles))} of attempts)` : ''}`
    : 'no throttled request measured in the window';
  const reserved = [
    ...(r.reservedOneMonth !== null ? [`Reserved 1 month ${priced(r.reservedOneMonth)} (${againstStandard(r.reservedOneMonth, r.standard)})`] : []),
    ...(r.reservedThreeMonth !== null ? [`Reserved 3 months ${priced(r.reservedThreeMonth)} (${againstStandard(r.reservedThreeMonth, r.standard)})`] : []),
  ];
  return `${r.model} (${r.region}): ${reserved.join('; ')}; Priority ${priced(r.priority)}; Standard ${priced(r.standard)}; ${throttled}`;
}

export const CAPACITY_NOTE =
  'The Reserved tier beside Priority and Standard for the same tokens, with the throttling CloudWatch measured (InvocationThrottles): Reserved buys tokens per minute that are there when Standard throttles; it is counted as a saving only where it costs less than Standard.';
