import type { PriceCatalog } from '../catalog/catalog.js';
import { clearsFloor } from '../domain/advice.js';
import type { CustomModelReport, ModelReport, Recommendation } from '../domain/report.js';
import type { Note } from '../domain/notes.js';
import { perMonth, usd } from '../money.js';
import { buildLoadProfile, reportedPeak } from '../replay/load-profile.js';
import { summariseUsage } from '../replay/model-replay.js';
import { originOf } from '../replay/bill.js';
import { baseModelIdOf } from '../usage/resolve.js';
import type { CustomModelInfo, ModelUsage } from '../usage/usage.js';
import { deleteCustomModel } from './commands.js';
import type { InventoryContext, InventoryMode } from './mode.js';
import { PriceBook, tokens, units } from './price-book.js';

/** Usage recorded against one custom, deployed or imported model in one Region. */
export interface CustomUsageGroup {
  modelArn: string;
  region: string;
  custom?: CustomModelInfo;
  /** The catalog ID of the model it was trained from, when the inventory says. */
  baseModelId?: string;
  imported: boolean;
  invokedAs: string[];
  series: ModelUsage[];
}

/**
 * Custom-model usage gets its own report line, never folded into its base model (it is billed at
 * custom-model rates) and never dropped: priced where the catalog has the base model's Custom Model
 * on-Demand rates, otherwise shown as unpriced with the reason.
 */
export function replayCustomUsage(group: CustomUsageGroup, catalog: PriceCatalog, windowHours: number): ModelReport {
  const profile = buildLoadProfile(group.series);
  const usage = summariseUsage(profile);
  const name = group.custom ? `custom model ${group.custom.modelName}` : group.imported ? 'imported model' : 'custom model';
  const base: Omit<ModelReport, 'priced' | 'scenarios' | 'currentMonthlyCost' | 'prices'> = {
    modelId: group.modelArn,
    name: group.baseModelId ? `${name} (from ${group.baseModelId})` : name,
    region: group.region,
    scope: 'in-region',
    invokedAs: [...group.invokedAs].sort(),
    usage,
    peak: reportedPeak(profile),
  };
  const label: Note = { says: 'custom-on-demand-label' };
  const unpriced = (reason: Note): ModelReport => ({
    ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null, prices: [],
    scenarios: [{ mode: 'on-demand', label, cost: null, monthlyCost: null, feasible: true, reason: { says: 'unpriced-because', reason }, assumptions: [] }],
  });
  if (group.imported) return unpriced({ says: 'custom-import-unpriced' });
  if (!group.baseModelId) return unpriced({ says: 'custom-not-in-inventory', name, modelArn: group.modelArn });
  const prices = catalog.prices(group.baseModelId, group.region, 'in-region');
  const p = prices?.perThousandTokens;
  const allInput = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  const bill = new PriceBook(catalog.model(group.baseModelId), prices).bill([
    tokens({ code: 'custom-model', side: 'input' }, allInput, { per1kTokens: 'customModelInput' }),
    tokens({ code: 'custom-model', side: 'output' }, usage.outputTokens, { per1kTokens: 'customModelOutput' }),
  ]);
  const cost = bill.result();
  if (cost === null) return unpriced({ says: 'custom-rate-missing', baseModelId: group.baseModelId, region: group.region });
  const monthly = perMonth(cost, windowHours);
  const assumptions: Note[] = [{ says: 'custom-rates', baseModelId: group.baseModelId }];
  if (usage.cacheReadInputTokens + usage.cacheWriteInputTokens > 0) assumptions.push({ says: 'custom-cache-as-input' });
  const lines = (['customModelInput', 'customModelOutput'] as const).map((dimension) => ({
    dimension, unit: '1K tokens', usd: p![dimension]!.usd, source: originOf(p![dimension]!.source), readOn: p![dimension]!.source.readOn,
  }));
  return {
    ...base, priced: true, currentMonthlyCost: monthly, prices: lines,
    scenarios: [{ mode: 'on-demand', label, cost, monthlyCost: monthly, feasible: true, assumptions }],
  };
}

/**
 * A custom model kept in storage: billed by the month whether used or not. One with no provisioned
 * throughput and no invocations in the window is advised for deletion, its storage month priced by
 * the price book (one model-month at the base model's storage price).
 */
export function reviewCustomModel(model: CustomModelInfo, ctx: InventoryContext): { report: CustomModelReport; recommendation?: Recommendation } {
  const baseModelId = model.baseModelArn ? baseModelIdOf(model.baseModelArn) : undefined;
  const book = baseModelId ? new PriceBook(ctx.catalog.model(baseModelId), ctx.catalog.prices(baseModelId, model.region, 'in-region')) : undefined;
  const storage = book?.price({ storagePerMonth: true });
  const storageMonthly = storage ? book!.bill([units({ code: 'custom-model-storage' }, 1, 'model-month', { storagePerMonth: true })]).moneyResult() : null;
  const hasProvisionedThroughput = ctx.provisionedThroughputs.some((pt) => pt.modelArn === model.modelArn);
  const invocations = ctx.invocationsOf(model.modelArn);
  const report: CustomModelReport = {
    modelArn: model.modelArn, modelName: model.modelName, region: model.region,
    ...(baseModelId ? { baseModelId } : {}),
    storageMonthlyCost: storageMonthly, hasProvisionedThroughput, invocations,
  };
  if (!storage || storageMonthly === null || hasProvisionedThroughput || invocations > 0) return { report };
  const savings = storageMonthly;
  if (!clearsFloor(savings, savings, ctx.floor)) return { report };
  return {
    report,
    recommendation: {
      modelId: baseModelId ?? model.modelArn, region: model.region, action: 'delete-unused-custom-model',
      fromMode: 'custom-model-storage', toMode: 'delete',
      title: { says: 'delete-custom-model-title', name: model.modelName, region: model.region, monthlySavings: savings },
      // The plan names the Region once.
      advice: { reasons: [], step: { says: 'delete-custom-model', name: model.modelName } },
      currentMonthlyCost: savings, newMonthlyCost: usd(0), monthlySavings: savings, savingsPercent: usd(100), confidence: 'medium',
      assumptions: [{ says: 'custom-storage-cost', monthly: savings, source: storage.source.title }, { says: 'custom-model-unused' }],
      risk: [{ says: 'custom-delete-permanent' }],
      nextSteps: [deleteCustomModel(model.modelArn)],
    },
  };
}

/**
 * Custom models: their on-demand usage priced at the base model's Custom Model on-Demand rates
 * (`replayCustomUsage`), and the ones kept in storage unused advised for deletion.
 */
export const customModelMode: InventoryMode & { replayUsage: typeof replayCustomUsage } = {
  id: 'custom-model',
  needs: ['tokens', 'inventory'],
  replayUsage: replayCustomUsage,
  review(ctx: InventoryContext) {
    const customModels: CustomModelReport[] = [];
    const recommendations: Recommendation[] = [];
    for (const m of ctx.customModels) {
      const reviewed = reviewCustomModel(m, ctx);
      customModels.push(reviewed.report);
      if (reviewed.recommendation) recommendations.push(reviewed.recommendation);
    }
    return { customModels, recommendations };
  },
};
