import type { Decimal } from 'decimal.js';
import { usd } from '../money.js';
import { clearsFloor, percentOf, type ConfidenceReason, type SavingsFloor } from '../domain/advice.js';
import { uniqueWorded, type ModelPlace } from '../domain/notes.js';
import type { Confidence, Recommendation, RecommendationAction, Scenario } from '../domain/report.js';
import type { ModelReplay } from '../replay/scenarios.js';
import type { AdviceContext, ModeAdviser } from '../modes/mode.js';
import { PRICING_MODES, adviserFor } from '../modes/registry.js';

export interface RecommendOptions extends SavingsFloor {
  windowHours: number;
  cacheReadShares: readonly number[];
}

const CONFIDENCE_WEIGHT: Record<Confidence, number> = { high: 1, medium: 0.75, low: 0.5 };
const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };

/** Actions that buy capacity for a model's on-demand traffic: they act on the same tokens as any shedding of existing units. */
export const CAPACITY_ACTIONS: ReadonlySet<RecommendationAction> = new Set(
  PRICING_MODES.flatMap((m) => (m.adviser?.buysCapacity ? [m.adviser.action] : [])),
);

/** Actions whose savings are an upper bound (every token priced as if it could move): a plan shows them as "up to". */
export const UPPER_BOUND_ACTIONS: ReadonlySet<RecommendationAction> = new Set(
  PRICING_MODES.flatMap((m) => (m.adviser?.upperBound ? [m.adviser.action] : [])),
);

export { clearsFloor, percentOf } from '../domain/advice.js';

/**
 * The one recommendation for a model: the cheapest feasible mode against today's on-demand bill,
 * weighing each candidate's savings by how sure we are of it. A low-confidence "upper bound" must
 * save twice as much as a high-confidence switch to be chosen over it. Each mode's module decides
 * whether its scenario may be advised, how sure it is and what to do (src/modes/); this only compares.
 */
export function recommendForModel(replay: ModelReplay, options: RecommendOptions): Recommendation | undefined {
  const { report } = replay;
  const current = report.currentMonthlyCost;
  if (current === null || current.isZero()) return undefined;
  const ctx: AdviceContext = { replay, windowHours: options.windowHours, cacheReadShares: options.cacheReadShares };

  let best: { scenario: Scenario; adviser: ModeAdviser; savings: Decimal; confidence: Confidence; score: number; reasons: ConfidenceReason[] } | undefined;
  for (const scenario of report.scenarios) {
    const adviser = adviserFor(scenario.mode);
    if (!adviser || !scenario.feasible || scenario.monthlyCost === null) continue;
    if (adviser.eligible && !adviser.eligible(scenario, ctx)) continue;
    const savings = current.minus(scenario.monthlyCost);
    if (savings.lessThanOrEqualTo(0)) continue;
    const { confidence, reasons } = confidenceFor(adviser, scenario, ctx);
    const score = savings.toNumber() * CONFIDENCE_WEIGHT[confidence];
    if (!best || score > best.score) best = { scenario, adviser, savings, confidence, score, reasons };
  }
  if (!best || !clearsFloor(best.savings, current, options)) return undefined;
  const { scenario, adviser, savings, confidence, reasons } = best;
  const where: ModelPlace = { modelId: report.modelId, region: report.region, ...(report.scope !== 'in-region' ? { scope: report.scope } : {}) };
  const risk = adviser.risk?.(scenario) ?? [];
  return {
    modelId: report.modelId,
    region: report.region,
    ...(report.scope !== 'in-region' ? { scope: report.scope } : {}),
    action: adviser.action,
    fromMode: 'on-demand',
    toMode: scenario.mode,
    title: { says: 'title', step: adviser.title(scenario, where), monthlySavings: savings, ...(adviser.upperBound ? { upperBound: true } : {}) },
    currentMonthlyCost: current,
    newMonthlyCost: scenario.monthlyCost!,
    monthlySavings: savings,
    savingsPercent: percentOf(savings, current),
    confidence,
    // A low sizing confidence is both the scenario's assumption and the recommendation's reason: say it once.
    assumptions: uniqueWorded([...reasons.map((reason) => ({ says: 'confidence' as const, reason })), ...scenario.assumptions]),
    ...(risk.length ? { risk } : {}),
    nextSteps: adviser.nextSteps(scenario, ctx),
    // The plan names the model's Region once, so its step names the model alone.
    advice: { reasons, step: adviser.title(scenario, { modelId: report.modelId }) },
  };
}

/** The mode's confidence, lowered one level when less than a week was observed. */
function confidenceFor(adviser: ModeAdviser, scenario: Scenario, ctx: AdviceContext): { confidence: Confidence; reasons: ConfidenceReason[] } {
  const set = adviser.confidence(scenario, ctx);
  let confidence = set.confidence;
  const reasons = [...set.reasons];
  if (ctx.windowHours < 7 * 24 && confidence !== 'low') {
    confidence = LOWER[confidence];
    reasons.push({ code: 'short-window', confidence: 'lowered' });
  }
  return { confidence, reasons };
}

/** The lower of two confidences. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_WEIGHT[a] <= CONFIDENCE_WEIGHT[b] ? a : b;
}
