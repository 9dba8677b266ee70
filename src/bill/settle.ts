import type { Decimal } from 'decimal.js';
import { sumMoney, usd } from '../money.js';
import type { DimensionReconciliation, ModelReconciliation, Reconciliation } from '../domain/reconciliation.js';

/**
 * The reconciliation as published: its amounts already rounded (src/report/published.ts), every total
 * recomputed from the rounded parts, so the models and charges shown add up to the totals shown.
 */
export function settleReconciliation(r: Reconciliation, potentialMonthlySavingsAtList: Decimal): Reconciliation {
  const sumOrNull = (values: Array<Decimal | null>) => (values.some((v) => v === null) ? null : sumMoney(values as Decimal[]));
  const models: ModelReconciliation[] = r.models.map((m) => ({
    ...m,
    billedCost: sumMoney(m.dimensions.map((d: DimensionReconciliation) => d.billedCost)),
    billedAtListCost: sumOrNull(m.dimensions.map((d) => d.billedAtListCost)),
    replayedCost: m.replayedCost === null ? null : sumOrNull(m.dimensions.map((d) => d.replayedCost)),
  }));
  const covered = sumMoney(models.filter((m) => m.inReplay).map((m) => m.billedCost));
  const notReplayed = sumMoney(models.filter((m) => !m.inReplay).map((m) => m.billedCost));
  const outside = sumMoney(r.outsideReplay.map((o) => o.billedCost));
  const billed = covered.plus(notReplayed).plus(outside);
  return {
    ...r,
    models,
    totals: {
      ...r.totals,
      billedCost: billed,
      coveredByReplayCost: covered,
      notReplayedUsageCost: notReplayed,
      outsideReplayCost: outside,
      replayedCost: sumMoney(models.flatMap((m) => (m.replayedCost === null ? [] : [m.replayedCost]))),
      adviceCoveragePercent: billed.isZero() ? null : covered.times(100).dividedBy(billed).toDecimalPlaces(2),
      potentialMonthlySavingsAtList,
      potentialMonthlySavingsAtEffectiveRate: sumMoney(r.savings.map((s) => s.monthlySavingsAtEffectiveRate)),
    },
    ...(r.effectiveRate ? { effectiveRate: { ...r.effectiveRate } } : {}),
  };
}

