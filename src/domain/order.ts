import type { Decimal } from 'decimal.js';
import { compareDecimals } from './compare.js';
import type { ModelPlan, ModelReport, Recommendation } from './report.js';

/**
 * The order of a report's lists, in one place: the engine sorts with these, and so does every merge of
 * reports (Regions of one account, accounts of an organisation), so a merged report reads the same as
 * one analysed in a single pass.
 */

/** Larger amounts first; an unknown amount (null) after every known one, never ranked as $0. */
function byAmount(a: Decimal | null, b: Decimal | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
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
