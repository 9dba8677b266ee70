import type { CatalogModel, ModelPrices } from '../catalog/catalog.js';
import { perMonth } from '../money.js';
import { parseModelId } from '../model-id.js';
import type { ProfileAttribution } from '../report/report.js';
import type { InferenceProfileInfo } from '../usage/usage.js';
import { Bill } from './bill.js';
import { buildLoadProfile } from './load-profile.js';
import { cacheWritePrice, summariseUsage, type ModelGroup } from './scenarios.js';

/**
 * Cost by team: a model group folds every identifier it was invoked through (the bare model ID, a
 * `us.` profile, an application inference profile's ARN) into one line. This prices each of those
 * series on its own, with the very prices the group was billed at (same Region, same scope, same
 * cache-write rule), so the parts add up to the model's on-demand cost.
 */
export function attributeBySeries(
  group: ModelGroup,
  prices: ModelPrices | undefined,
  model: CatalogModel | undefined,
  profiles: readonly InferenceProfileInfo[],
  windowHours: number,
): ProfileAttribution[] {
  const p = prices?.perThousandTokens;
  const isImageModel = model?.modality === 'image';
  const write = prices ? cacheWritePrice(model, prices, '5m').price : undefined;
  const bySeries = new Map<string, ProfileAttribution>();
  for (const series of group.series) {
    const usage = summariseUsage(buildLoadProfile([series]));
    const bill = new Bill();
    if (!isImageModel) {
      bill.tokens(usage.inputTokens, p?.input, 'input').tokens(usage.outputTokens, p?.output, 'output')
        .tokens(usage.cacheReadInputTokens, p?.cacheRead, 'cache-read').tokens(usage.cacheWriteInputTokens, write, 'cache-write');
    }
    bill.units(usage.images, prices?.perImage, 'per-image');
    const cost = bill.result();
    const parsed = parseModelId(series.modelId);
    const profile = profiles.find((x) => x.inferenceProfileArn === series.modelId || x.inferenceProfileId === series.modelId);
    const kind: ProfileAttribution['kind'] = parsed.kind === 'application-inference-profile'
      ? 'application-profile'
      : parsed.kind === 'inference-profile' ? 'cross-region-profile' : 'model';
    const profileName = profile?.inferenceProfileName ?? (kind === 'model' ? undefined : parsed.kind === 'inference-profile' ? series.modelId : parsed.baseModelId);
    bySeries.set(series.modelId, {
      invokedAs: series.modelId,
      ...(profileName ? { profileName } : {}),
      kind,
      usage,
      monthlyCost: cost === null ? null : perMonth(cost, windowHours),
    });
  }
  return [...bySeries.values()];
}
