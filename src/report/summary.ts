import { ZERO, sumMoney } from '../money.js';
import type { AdvisorReport } from './report.js';

/**
 * A report's summary from its lines, in one place: the engine computes it so, and so does a merge of
 * reports (the Regions of one account), so both add the same amounts in the same order and agree to
 * the last of Money's 40 digits. Spend counts what is priced; what is not is counted beside it, never
 * added in as $0. The headline is the sum of the plans: each saving counted once, upper bounds apart.
 */
/** `{ requiredMonthlyCost }` when some plan has a required cost, else nothing (the field is absent, not $0). */
export function requiredCostOf(plans: ReadonlyArray<{ requiredMonthlyCost?: AdvisorReport['summary']['currentMonthlyCost'] }>): { requiredMonthlyCost?: AdvisorReport['summary']['currentMonthlyCost'] } {
  const required = plans.flatMap((p) => (p.requiredMonthlyCost ? [p.requiredMonthlyCost] : []));
  return required.length ? { requiredMonthlyCost: sumMoney(required) } : {};
}

export function summaryOf(lines: Pick<AdvisorReport, 'models' | 'provisionedThroughputs' | 'customModels' | 'recommendations' | 'unpriced'> & { plans: NonNullable<AdvisorReport['plans']> }): AdvisorReport['summary'] {
  const { models, plans, provisionedThroughputs, customModels } = lines;
  const pricedMonthlyCost = sumMoney([
    ...models.flatMap((m) => (m.currentMonthlyCost ? [m.currentMonthlyCost] : [])),
    ...provisionedThroughputs.flatMap((pt) => (pt.monthlyCost ? [pt.monthlyCost] : [])),
    ...customModels.flatMap((c) => (c.storageMonthlyCost ? [c.storageMonthlyCost] : [])),
  ]);
  return {
    currentMonthlyCost: pricedMonthlyCost,
    pricedMonthlyCost,
    potentialMonthlySavings: sumMoney(plans.map((p) => p.monthlySavings)),
    recommendations: lines.recommendations.length,
    modelsAnalysed: models.length,
    unpricedModels: lines.unpriced.length,
    unpricedProvisionedThroughputs: provisionedThroughputs.filter((pt) => pt.monthlyCost === null).length,
    plans: plans.length,
    upToMonthlySavings: sumMoney(plans.map((p) => p.upTo?.monthlySavings ?? ZERO)),
    ...requiredCostOf(plans),
  };
}
