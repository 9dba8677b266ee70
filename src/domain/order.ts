import type { Decimal } from 'decimal.js';
import { leadingNumber } from '../money.js';
import { compareDecimals } from './compare.js';
import type { ModelPlan, ModelReport, Recommendation } from './report.js';

/**
 * The order of a report's lists, in one place: the engine sorts with these, and so does every merge of
 * reports (Regions of one account, accounts of an organisation), so a merged report reads the same as
 * one analysed in a single pass.
 */

/** Larger amounts first; an unknown amount (null) after every known one, never ranked as $0. */
function byAmount(a: Decimal | null, b: Decimal | null): number {
  // Only tests against null on the unknown branch (no a === b): a compare the sort reaches late, after
  // V8 compiled this, would have no type feedback and throw the compiled code away (issue 21).
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compareDecimals(b, a);
}

/**
 * Spend first, then model ID and Region. A model whose spend is unknown (unpriced) comes after every
 * priced one, even one at $0: its spend may be anything, so it is not ranked among the smallest.
 */
export function byModelSpend(a: ModelReport, b: ModelReport): number {
  return byAmount(a.currentMonthlyCost, b.currentMonthlyCost) || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}

const bySaving = byAmount;

/** Savings first (unknown ones last), then model ID. */
export function byRecommendationSavings(a: Recommendation, b: Recommendation): number {
  return bySaving(a.monthlySavings, b.monthlySavings) || a.modelId.localeCompare(b.modelId);
}

/**
 * Savings first (unknown ones last), then the upper bound (a plan with none after every plan with one,
 * never ranked as a $0 bound), then model ID and Region.
 */
export function byPlanSavings(a: ModelPlan, b: ModelPlan): number {
  return bySaving(a.monthlySavings, b.monthlySavings)
    || byAmount(a.upTo?.monthlySavings ?? null, b.upTo?.monthlySavings ?? null)
    || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}

/** An item with the float of its amount (`sortByAmountFirst`): NaN for an unknown amount. */
interface Keyed<T> { item: T; order: number }

/** Larger floats first; equal ones stay as they were (the sort is stable). For floats, never NaN. */
function byOrder<T>(a: Keyed<T>, b: Keyed<T>): number {
  return b.order - a.order;
}

/**
 * Sorts `items` in place by `compare`, whose first key is `amountOf` (larger first, unknown last), comparing
 * a float of each amount read once (`leadingNumber`): where two floats differ the amounts differ the same
 * way, so the order is the one `compare` gives; equal floats and unknown amounts (NaN) are left to `compare`.
 * With every float known (the common case), the sort compares floats alone, in one comparator for every
 * list, and `compare` then orders each run of equal floats: the sort's comparator never meets a tie it
 * has not compiled for, nor another list's `compare` (each was a deopt and a recompile, issue 21).
 */
export function sortByAmountFirst<T>(items: T[], amountOf: (item: T) => Decimal | null, compare: (a: T, b: T) => number): T[] {
  const keyed: Array<Keyed<T>> = [];
  let unknown = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const amount = amountOf(item);
    const order = amount === null ? NaN : leadingNumber(amount);
    if (order !== order) unknown = true;
    keyed.push({ item, order });
  }
  if (unknown) keyed.sort((a, b) => (a.order > b.order ? -1 : a.order < b.order ? 1 : compare(a.item, b.item)));
  else {
    keyed.sort(byOrder);
    // Each run of equal floats, in the order the items came (stable), sorted by `compare`: the order one
    // stable sort by float, then `compare`, gives.
    for (let start = 0, end = 1; start < keyed.length; start = end++) {
      while (end < keyed.length && keyed[end]!.order === keyed[start]!.order) end++;
      if (end - start > 1) {
        const run = keyed.slice(start, end).sort((a, b) => compare(a.item, b.item));
        for (let i = 0; i < run.length; i++) keyed[start + i] = run[i]!;
      }
    }
  }
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}
