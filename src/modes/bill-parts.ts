import type { Decimal } from 'decimal.js';
import type { PricedLine, Scenario, ScenarioMode } from '../domain/report.js';
import type { Worded } from '../domain/notes.js';
import { scenarioFromBill, type Bill } from '../replay/bill.js';
import { combined } from './price-book.js';

/**
 * A scenario made of bills the price book priced apart, each once a model, and shared by the model's
 * scenarios that bill the same quantities at the same prices (every prompt-cache what-if bills the same
 * output tokens; its two TTLs the same uncached input and cache reads). Its lines are the parts' line
 * objects in order (a line is never changed once priced) and its cost their exact sum: each part's total
 * is summed once, and a scenario adds the parts' totals, the same exact number as adding every line.
 * A part with a note (a derived price) or a line with no price is rare: then the parts are combined
 * into one bill and the scenario made from it as any other, so its notes and its reason are the bill's.
 */
export function scenarioOfParts(
  head: { mode: ScenarioMode; label: Worded; variant?: string },
  parts: readonly Bill[],
  assumptions: Worded[],
  monthly: (cost: Decimal | null) => Decimal | null,
  extra?: Partial<Scenario>,
): Scenario {
  const lines: PricedLine[] = [];
  const cost = totalOfParts(parts, lines);
  if (cost === undefined) return scenarioFromBill(head, combined(parts), assumptions, monthly, extra);
  // The keys in scenarioFromBill's order (head, cost, monthly cost, feasible, assumptions, lines, extra).
  const scenario = Object.assign({}, head) as Scenario;
  scenario.cost = cost;
  scenario.monthlyCost = monthly(cost);
  scenario.feasible = true;
  scenario.assumptions = assumptions;
  scenario.lines = lines;
  return extra === undefined ? scenario : Object.assign(scenario, extra);
}

/**
 * The exact total of `parts` (in the precision a bill sums in), their lines appended to `lines` in
 * order; undefined when a part has a note or an unpriced line (`lines` is then not to be used).
 */
export function totalOfParts(parts: readonly Bill[], lines: PricedLine[]): Decimal | undefined {
  let total: Decimal | undefined;
  for (const part of parts) {
    if (part.notes.length > 0) return undefined;
    const sum = part.result();
    if (sum === null) return undefined;
    const partLines = part.lines;
    if (partLines.length === 0 && total !== undefined) continue;
    for (let i = 0; i < partLines.length; i++) lines.push(partLines[i]!);
    // A bill's total is in its own wide precision (a bill of no lines is its zero): adding in it is exact.
    total = total === undefined ? sum : total.plus(sum);
  }
  return total ?? combined([]).result()!;
}

/** The exact total of `parts` however they are noted (as one bill of their lines totals it), null when a line has no price. */
export function costOfParts(parts: readonly Bill[]): Decimal | null {
  let total: Decimal | undefined;
  for (const part of parts) {
    const sum = part.result();
    if (sum === null) return null;
    total = total === undefined ? sum : part.lines.length === 0 ? total : total.plus(sum);
  }
  return total ?? combined([]).result();
}
