import type { Decimal } from 'decimal.js';
import { ZERO } from '../money.js';
import { compareDecimals } from './compare.js';
import type { ModelPlan, ModelReport, Recommendation } from './report.js';

/**
 * The order of a report's lists, in one place: the engine sorts with these, and so does every merge of
 * reports (Regions of one account, accounts of an organisation), so a merged report reads the same as
 * one analysed in a single pass.
 */

/** Spend first (unpriced counts as none), then model ID and Region. */
export function byModelSpend(a: ModelReport, b: ModelReport): number {
  return compareDecimals(b.currentMonthlyCost ?? ZERO, a.currentMonthlyCost ?? ZERO) || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}

/** Larger savings first; an unknown saving (null) after every priced one, never ranked as $0. */
function bySaving(a: Decimal | null, b: Decimal | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareDecimals(b, a);
}

/** Savings first (unknown ones last), then model ID. */
export function byRecommendationSavings(a: Recommendation, b: Recommendation): number {
  return bySaving(a.monthlySavings, b.monthlySavings) || a.modelId.localeCompare(b.modelId);
}

/** Savings first (unknown ones last), then the upper bound, then model ID and Region. */
export function byPlanSavings(a: ModelPlan, b: ModelPlan): number {
  return bySaving(a.monthlySavings, b.monthlySavings)
    || compareDecimals(b.upTo?.monthlySavings ?? ZERO, a.upTo?.monthlySavings ?? ZERO)
    || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}
