import type { PriceCatalog } from '../catalog/catalog.js';
import { perMonth } from '../money.js';
import type { ModelReport } from '../domain/report.js';
import type { CustomModelInfo, ModelUsage } from '../usage/usage.js';
import { Bill } from './bill.js';
import { buildLoadProfile, reportedPeak } from './load-profile.js';
import { summariseUsage } from './scenarios.js';

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
  const label = 'Custom model on demand (as billed)';
  const unpriced = (reason: string): ModelReport => ({
    ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null, prices: [],
    scenarios: [{ mode: 'on-demand', label, cost: null, monthlyCost: null, feasible: true, reason: `unpriced: ${reason}`, assumptions: [] }],
  });
  if (group.imported) return unpriced('Custom Model Import is billed per custom model unit minute (the ModelCopy metric), which the advisor does not read');
  if (!group.baseModelId) return unpriced(`${name} ${group.modelArn} is not in the Bedrock inventory, so its base model and rates are unknown`);
  const prices = catalog.prices(group.baseModelId, group.region, 'in-region');
  const p = prices?.perThousandTokens;
  const allInput = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  const bill = new Bill().tokens(allInput, p?.customModelInput, 'custom-model input').tokens(usage.outputTokens, p?.customModelOutput, 'custom-model output');
  const cost = bill.result();
  if (cost === null) return unpriced(`no Custom Model on-Demand rate for ${group.baseModelId} in ${group.region} in the catalog`);
  const monthly = perMonth(cost, windowHours);
  const assumptions = [`priced at ${group.baseModelId}'s Custom Model on-Demand rates`];
  if (usage.cacheReadInputTokens + usage.cacheWriteInputTokens > 0) assumptions.push('cache reads and writes priced as custom-model input: no custom-model cache rates are published');
  const lines = (['customModelInput', 'customModelOutput'] as const).map((dimension) => ({
    dimension, unit: '1K tokens', usd: p![dimension]!.usd, source: p![dimension]!.source.title, readOn: p![dimension]!.source.readOn,
  }));
  return {
    ...base, priced: true, currentMonthlyCost: monthly, prices: lines,
    scenarios: [{ mode: 'on-demand', label, cost, monthlyCost: monthly, feasible: true, assumptions }],
  };
}
