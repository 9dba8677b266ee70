import type { Decimal } from 'decimal.js';
import type { PricedLine, Scenario, ScenarioMode } from '../domain/report.js';
import type { Note, Worded } from '../domain/notes.js';
import { scenarioFromBill, totalOfBills, type Bill } from '../replay/bill.js';
import { combined } from './price-book.js';

/**
 * Per-item charges billed today beside a text model's tokens (images, `AsBilled.items`): a what-if that
 * reprices the tokens at another rate (batch, Flex, Priority, the global row) has no per-item price of
 * its own, so it keeps them as billed (today's price, or unpriced) and says so; dropping them would
 * count them as $0 and claim their cost as a saving.
 */
export const ITEMS_KEPT_AS_BILLED: Note = Object.freeze({ says: 'items-kept-as-billed' } as const);

/**
 * A scenario made of bills the price book priced apart, each once a model, and shared by the model's
 * scenarios that bill the same quantities at the same prices (every prompt-cache what-if bills the same
 * output tokens; its two TTLs the same uncached input and cache reads). Its lines are the parts' line
 * objects in order (a line is never changed once priced) and its cost their exact sum, added in one pass
 * over the parts' line costs (or a part's total where it is known): the same exact number as one bill's.
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
  if (!priceParts(parts, monthly)) return scenarioFromBill(head, combined(parts), assumptions, monthly, extra);
  // The keys in scenarioFromBill's order (head, cost, monthly cost, feasible, assumptions, lines, extra).
  const scenario = Object.assign({}, head) as Scenario;
  scenario.cost = priced.cost;
  scenario.monthlyCost = priced.monthlyCost;
  scenario.feasible = true;
  scenario.assumptions = assumptions;
  scenario.lines = priced.lines;
  return extra === undefined ? scenario : Object.assign(scenario, extra);
}

/** What `priceParts` found for the parts it priced last: read straight after it, before pricing others. */
export const priced: { cost: Decimal; monthlyCost: Decimal | null; lines: PricedLine[] } = { cost: null!, monthlyCost: null, lines: null! };

/**
 * Prices `parts` as one scenario of theirs bills them: their exact total, its monthly figure and their
 * lines (a new array), left in `priced`; false (and `priced` not to be read) when a part has a note or
 * a line has no price. One function for every scenario of parts (`scenarioOfParts`, the prompt-cache
 * what-ifs): the chain is run, and compiled, in one place rather than in each of them.
 */
export function priceParts(parts: readonly Bill[], monthly: (cost: Decimal | null) => Decimal | null): boolean {
  const cost = totalOfBills(parts, false);
  if (cost == null) return false;
  priced.cost = cost;
  priced.monthlyCost = monthly(cost);
  priced.lines = linesOfParts(parts);
  return true;
}

/**
 * The parts' lines in order, in an array of exactly their number: a scenario keeps its lines for the
 * report, and an array filled by `push` from empty reserves seventeen slots (a line's is one).
 */
export function linesOfParts(parts: readonly Bill[]): PricedLine[] {
  if (parts.length === 1) return parts[0]!.lines.slice();
  const scratch = scenarioLines;
  let n = 0;
  for (let k = 0; k < parts.length; k++) {
    const partLines = parts[k]!.lines;
    for (let i = 0; i < partLines.length; i++) scratch[n++] = partLines[i];
  }
  const lines = scratch.slice(0, n) as PricedLine[];
  for (let i = 0; i < n; i++) scratch[i] = undefined;
  return lines;
}
/** The lines `linesOfParts` gathers, reused from one scenario to the next (let go of after each). */
const scenarioLines: Array<PricedLine | undefined> = [];

/** The exact total of `parts` however they are noted (as one bill of their lines totals it), null when a line has no price. */
export function costOfParts(parts: readonly Bill[]): Decimal | null {
  return totalOfBills(parts, true) as Decimal | null;
}
