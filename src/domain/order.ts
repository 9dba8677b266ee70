import { ZERO } from '../money.js';
import type { ModelPlan, ModelReport, Recommendation } from './report.js';

/**
 * The order of a report's lists, in one place: the engine sorts with these, and so does every merge of
 * reports (Regions of one account, accounts of an organisation), so a merged report reads the same as
 * one analysed in a single pass.
 */

/** Spend first (unpriced counts as none), then model ID and Region. */
export function byModelSpend(a: ModelReport, b: ModelReport): number {
  return (b.currentMonthlyCost ?? ZERO).comparedTo(a.currentMonthlyCost ?? ZERO) || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}

/** Savings first, then model ID. */
export function byRecommendationSavings(a: Recommendation, b: Recommendation): number {
  return b.monthlySavings.comparedTo(a.monthlySavings) || a.modelId.localeCompare(b.modelId);
}

/** Savings first, then the upper bound, then model ID and Region. */
export function byPlanSavings(a: ModelPlan, b: ModelPlan): number {
  return b.monthlySavings.comparedTo(a.monthlySavings)
    || (b.upTo?.monthlySavings ?? ZERO).comparedTo(a.upTo?.monthlySavings ?? ZERO)
    || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region);
}
