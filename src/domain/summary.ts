import type { Decimal as Money } from 'decimal.js';
import { sumMoney } from '../money.js';
import type { AdvisorReport } from './report.js';

/**
 * A report's summary from its lines, in one place: the engine computes it so, and so does a merge of
 * reports (the Regions of one account), so both add the same amounts in the same order and agree to
 * the last of Money's 40 digits. Spend counts what is priced; what is not is counted beside it, never
 * added in as $0. The headline is the sum of the plans: each saving counted once, upper bounds apart.
 */
/** The savings the headline adds: the priced plans' (an unknown saving adds nothing, never $0), and how many are unknown when any is. */
export function plannedSavingsOf(plans: ReadonlyArray<{ monthlySavings: AdvisorReport['summary']['potentialMonthlySavings'] | null }>): { potentialMonthlySavings: AdvisorReport['summary']['potentialMonthlySavings']; unpricedPlans?: number } {
  // A list filled by `push` (see `planSaving`), not `flatMap`'s, which is a holey array.
  const priced: Array<AdvisorReport['summary']['potentialMonthlySavings']> = [];
  for (let i = 0; i < plans.length; i++) {
    const saving = plans[i]!.monthlySavings;
    if (saving !== null) priced.push(saving);
  }
  const unpriced = plans.length - priced.length;
  return { potentialMonthlySavings: sumMoney(priced), ...(unpriced ? { unpricedPlans: unpriced } : {}) };
}

/**
 * A plan's saving from its steps: their sum, or unknown (null, with the first unknown step's reason)
 * when any step's saving is: a sum with an unknown part is not a figure, and is never read as $0.
 */
export function planSaving<S extends { monthlySavings: Money | null; unpricedReason?: unknown }>(steps: readonly S[]): { monthlySavings: Money | null; unpricedReason?: S['unpricedReason'] } {
  // One pass, no closure: the engine asks this once per plan. Filled by `push`, not made at its length
  // (`new Array(n)`): an array made with holes stays a holey one, and `exactSum`, compiled for the packed
  // lists every bill sums, met one once a plan, was thrown away ("wrong map") and compiled again.
  const savings: Money[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.monthlySavings === null) return step.unpricedReason !== undefined ? { monthlySavings: null, unpricedReason: step.unpricedReason } : { monthlySavings: null };
    savings.push(step.monthlySavings);
  }
  return { monthlySavings: sumMoney(savings) };
}

/**
 * The summary's required cost from the plans (or an organisation's from its accounts' summaries): the
 * sum of the known ones, and how many are unknown when any is (a plan whose `requiredMonthlyCost` is
 * null, or a summary's own `unpricedRequiredPlans`): an unknown one adds nothing, never $0, and the sum
 * is then a floor. Nothing (both absent, not $0) when no plan has a required cost.
 */
export function requiredCostOf(plans: ReadonlyArray<{ requiredMonthlyCost?: Money | null; unpricedRequiredPlans?: number }>): { requiredMonthlyCost?: Money; unpricedRequiredPlans?: number } {
  const required: Money[] = [];
  let unknown = 0;
  let any = false;
  for (const p of plans) {
    if (p.requiredMonthlyCost === null) unknown++;
    else if (p.requiredMonthlyCost) required.push(p.requiredMonthlyCost);
    if (p.unpricedRequiredPlans) unknown += p.unpricedRequiredPlans;
    if (p.requiredMonthlyCost !== undefined) any = true;
  }
  if (!any && unknown === 0) return {};
  return { requiredMonthlyCost: sumMoney(required), ...(unknown ? { unpricedRequiredPlans: unknown } : {}) };
}

/**
 * A plan's required cost from its steps: the sum of their `requiredMonthlyCost`, or unknown (null, with
 * why) when `unknown` gives the reason a required step's cost is unknown, whether or not another step's
 * is known. Nothing only when the plan has no required step of known or unknown cost.
 */
export function planRequiredCost<R>(steps: ReadonlyArray<{ requiredMonthlyCost?: Money }>, unknown: R | undefined): { requiredMonthlyCost?: Money | null; requiredCostUnpricedReason?: R } {
  const required: Money[] = [];
  for (const s of steps) if (s.requiredMonthlyCost) required.push(s.requiredMonthlyCost);
  // A required step of unknown cost makes the plan's required cost unknown, even with no priced one
  // beside it: a change the plan cannot avoid is never left out as if it cost nothing.
  if (required.length === 0 && unknown === undefined) return {};
  return unknown !== undefined ? { requiredMonthlyCost: null, requiredCostUnpricedReason: unknown } : { requiredMonthlyCost: sumMoney(required) };
}

/** The plans' upper bounds: a plan without one adds nothing to their sum (a sum plus zero is the same sum), so it is left out. */
function upperBoundsOf(plans: NonNullable<AdvisorReport['plans']>): Money[] {
  const bounds: Money[] = [];
  for (const p of plans) if (p.upTo) bounds.push(p.upTo.monthlySavings);
  return bounds;
}

/** `{ unpricedCustomModels }` when a custom model's storage has no price, else nothing (absent, as `unpricedPlans`). */
export function unpricedCustomModelsOf(customModels: ReadonlyArray<{ storageMonthlyCost: unknown }>): { unpricedCustomModels?: number } {
  const unpriced = customModels.filter((c) => c.storageMonthlyCost === null).length;
  return unpriced ? { unpricedCustomModels: unpriced } : {};
}

export function summaryOf(lines: Pick<AdvisorReport, 'models' | 'provisionedThroughputs' | 'customModels' | 'recommendations' | 'unpriced'> & { plans: NonNullable<AdvisorReport['plans']> }): AdvisorReport['summary'] {
  const { models, plans, provisionedThroughputs, customModels } = lines;
  // The priced amounts in one list (models, then throughputs, then storage), with no list per line.
  const priced: Money[] = [];
  for (const m of models) if (m.currentMonthlyCost) priced.push(m.currentMonthlyCost);
  let unpricedThroughputs = 0;
  for (const pt of provisionedThroughputs) {
    if (pt.monthlyCost) priced.push(pt.monthlyCost);
    else unpricedThroughputs++;
  }
  for (const c of customModels) if (c.storageMonthlyCost) priced.push(c.storageMonthlyCost);
  const pricedMonthlyCost = sumMoney(priced);
  return {
    currentMonthlyCost: pricedMonthlyCost,
    pricedMonthlyCost,
    ...plannedSavingsOf(plans),
    recommendations: lines.recommendations.length,
    modelsAnalysed: models.length,
    unpricedModels: lines.unpriced.length,
    unpricedProvisionedThroughputs: unpricedThroughputs,
    ...unpricedCustomModelsOf(customModels),
    plans: plans.length,
    upToMonthlySavings: sumMoney(upperBoundsOf(plans)),
    ...requiredCostOf(plans),
  };
}
