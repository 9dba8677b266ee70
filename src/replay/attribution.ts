import type { Decimal } from 'decimal.js';
import { perMonth } from '../money.js';
import { parseModelId } from '../model-id.js';
import type { ProfileAttribution } from '../domain/report.js';
import { totalsOf, type InferenceProfileInfo } from '../usage/usage.js';
import { PriceBook, tokens, units } from '../modes/price-book.js';
import { summaryOfTotals, type ModelGroup, type ModelReplay } from './scenarios.js';

/**
 * Cost by team: a model group folds every identifier it was invoked through (the bare model ID, a
 * `us.` profile, an application inference profile's ARN) into one line. This prices each of those
 * series on its own, with the very prices the group was billed at (same Region, same scope, same
 * cache-write rule), so the parts add up to the model's on-demand cost.
 */
export function attributeBySeries(
  group: ModelGroup,
  replay: ModelReplay,
  profiles: readonly InferenceProfileInfo[],
  windowHours: number,
): ProfileAttribution[] {
  const { prices, model } = replay;
  // One series is the whole model: replay already has its totals and cost (no second pass over the points).
  if (group.series.length === 1) {
    return [describe(group.series[0]!.modelId, profiles, replay.report.usage, replay.report.currentMonthlyCost)];
  }
  const isImageModel = model?.modality === 'image';
  const book = new PriceBook(model, prices);
  const bySeries = new Map<string, ProfileAttribution>();
  for (const series of group.series) {
    // Totals only: a second per-minute profile of every series would double replay's memory traffic.
    const usage = summaryOfTotals(totalsOf(series));
    const cost = book.bill([
      ...(isImageModel ? [] : [
        tokens('input', usage.inputTokens, { per1kTokens: 'input' }), tokens('output', usage.outputTokens, { per1kTokens: 'output' }),
        tokens('cacheRead', usage.cacheReadInputTokens, { per1kTokens: 'cacheRead' }), tokens('cacheWrite5m', usage.cacheWriteInputTokens, { cacheWrite: '5m' }),
      ]),
      units({ code: 'image' }, usage.images, 'image', { perImage: true }),
    ]).result();
    bySeries.set(series.modelId, describe(series.modelId, profiles, usage, cost === null ? null : perMonth(cost, windowHours)));
  }
  return [...bySeries.values()];
}

/** Names what a series was invoked through: an application profile by its name, a system profile by its ID. */
function describe(invokedAs: string, profiles: readonly InferenceProfileInfo[], usage: ProfileAttribution['usage'], monthlyCost: Decimal | null): ProfileAttribution {
  const parsed = parseModelId(invokedAs);
  const profile = profiles.find((x) => x.inferenceProfileArn === invokedAs || x.inferenceProfileId === invokedAs);
  const kind: ProfileAttribution['kind'] = parsed.kind === 'application-inference-profile'
    ? 'application-profile'
    : parsed.kind === 'inference-profile' ? 'cross-region-profile' : 'model';
  const profileName = profile?.inferenceProfileName ?? (kind === 'model' ? undefined : parsed.kind === 'inference-profile' ? invokedAs : parsed.baseModelId);
  return { invokedAs, ...(profileName ? { profileName } : {}), kind, usage, monthlyCost };
}
