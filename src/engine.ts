import type { PriceCatalog } from './catalog/catalog.js';
import { InputError } from './errors.js';
import { ZERO, sumMoney, usd } from './money.js';
import { parseModelId, type InferenceScope } from './model-id.js';
import { reviewCustomModel, reviewProvisionedThroughput, type InventoryContext } from './recommend/inventory.js';
import { buildPlans, type PlanInput } from './recommend/plan.js';
import { recommendForModel, type RecommendOptions } from './recommend/recommend.js';
import type { AdvisorReport, ModelReport, Recommendation } from './report/report.js';
import { compareWithPrevious } from './report/week-over-week.js';
import { attributeBySeries } from './replay/attribution.js';
import { replayModel, type ModelGroup } from './replay/scenarios.js';
import { totalsOf, type InferenceProfileInfo, type ModelUsage, type UsageSnapshot } from './usage/usage.js';

export interface AnalyzeOptions {
  /** Recommendations saving less than this many USD a month are dropped. Default 1. */
  minMonthlySavingsUsd?: string;
  /** …or less than this share of the model's current cost, in percent. Default 5. */
  minSavingsPercent?: string;
  /** Commitments expiring within this many days are flagged. Default 30. */
  expiryWarningDays?: number;
  /** Read shares for the prompt-cache what-if. Default [0.25, 0.5, 0.75]. */
  cacheReadShares?: number[];
  /** The clock, for reproducible reports. Default: now. */
  now?: Date;
  /** The previous period's usage, read from CloudWatch like this one: fills `report.weekOverWeek`. */
  previousSnapshot?: UsageSnapshot;
}

export const DEFAULT_CACHE_READ_SHARES = [0.25, 0.5, 0.75];

/** Replays a usage snapshot against every pricing mode and returns the report. Pure: no I/O. */
export function analyze(snapshot: UsageSnapshot, catalog: PriceCatalog, options: AnalyzeOptions = {}): AdvisorReport {
  const now = options.now ?? new Date();
  const start = Date.parse(snapshot.window.start);
  const end = Date.parse(snapshot.window.end);
  const windowHours = (end - start) / 3_600_000;
  if (!(windowHours > 0)) throw new InputError(`the usage window ${snapshot.window.start} to ${snapshot.window.end} is empty or reversed`);
  const recommendOptions: RecommendOptions = {
    minMonthlySavingsUsd: usd(options.minMonthlySavingsUsd ?? '1'),
    minSavingsPercent: usd(options.minSavingsPercent ?? '5'),
    windowHours,
    cacheReadShares: options.cacheReadShares ?? DEFAULT_CACHE_READ_SHARES,
  };

  const { groups, provisionedUsage, customUsage, unresolved } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  const models: ModelReport[] = [];
  const recommendations: Recommendation[] = [];
  const errors = [...snapshot.errors];
  const replays: PlanInput['replays'] = [];
  for (const group of groups) {
    // A fault in one model is reported and the rest of the report still runs.
    try {
      const replay = replayModel(group, { catalog, windowHours, cacheReadShares: recommendOptions.cacheReadShares });
      replay.report.attribution = attributeBySeries(group, replay, snapshot.inferenceProfiles, windowHours);
      models.push(replay.report);
      replays.push({ replay, series: group.series });
      const rec = recommendForModel(replay, recommendOptions);
      if (rec) recommendations.push(rec);
      const best = cheapestMode(replay.report);
      if (best) replay.report.bestMode = best;
    } catch (error) {
      errors.push({ scope: `model ${group.modelId} (${group.region}, ${group.scope})`, message: `replay failed: ${(error as Error).message}` });
    }
  }
  for (const u of unresolved) {
    models.push({
      modelId: u.modelId, region: u.region, scope: 'in-region', invokedAs: [u.modelId],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, invocations: 0, images: 0, throttles: 0 },
      peak: { inputTokensPerMinute: 0, outputTokensPerMinute: 0, resolutionSeconds: 0 },
      priced: false, unpricedReason: u.reason, currentMonthlyCost: null, scenarios: [], prices: [],
    });
  }

  const inventoryContext: InventoryContext = {
    catalog, windowHours, now, expiryWarningDays: options.expiryWarningDays ?? 30, options: recommendOptions, customModels: snapshot.customModels,
  };
  const provisionedForPlans: PlanInput['provisioned'] = [];
  const provisionedThroughputs = snapshot.provisionedThroughputs.map((pt) => {
    const usage = provisionedUsage.get(pt.provisionedModelArn) ?? [];
    const reviewed = reviewProvisionedThroughput(pt, usage, inventoryContext);
    recommendations.push(...reviewed.recommendations);
    provisionedForPlans.push({ info: pt, usage, report: reviewed.report });
    return reviewed.report;
  });
  const customModels = snapshot.customModels.map((m) => {
    const invocations = (customUsage.get(m.modelArn) ?? []).reduce((sum, u) => sum + totalsOf(u).Invocations, 0);
    const reviewed = reviewCustomModel(m, snapshot.provisionedThroughputs, invocations, inventoryContext);
    if (reviewed.recommendation) recommendations.push(reviewed.recommendation);
    return reviewed.report;
  });

  recommendations.sort((a, b) => b.monthlySavings.comparedTo(a.monthlySavings) || a.modelId.localeCompare(b.modelId));
  models.sort((a, b) => (b.currentMonthlyCost ?? ZERO).comparedTo(a.currentMonthlyCost ?? ZERO) || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region));
  const unpriced = models.filter((m) => !m.priced).map((m) => ({ modelId: m.modelId, region: m.region, invokedAs: m.invokedAs, reason: m.unpricedReason ?? 'unpriced' }));
  // The headline is the sum of the plans: each saving counted once, upper bounds apart.
  const plans = buildPlans({ replays, provisioned: provisionedForPlans, recommendations, windowHours });
  const currentMonthlyCost = sumMoney([
    ...models.map((m) => m.currentMonthlyCost ?? ZERO),
    ...provisionedThroughputs.map((pt) => pt.monthlyCost ?? ZERO),
    ...customModels.map((c) => c.storageMonthlyCost ?? ZERO),
  ]);

  const report: AdvisorReport = {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    window: { start: snapshot.window.start, end: snapshot.window.end, hours: windowHours },
    currency: 'USD',
    summary: {
      currentMonthlyCost,
      potentialMonthlySavings: sumMoney(plans.map((p) => p.monthlySavings)),
      recommendations: recommendations.length,
      modelsAnalysed: models.length,
      unpricedModels: unpriced.length,
      plans: plans.length,
      upToMonthlySavings: sumMoney(plans.map((p) => p.upTo?.monthlySavings ?? ZERO)),
    },
    models,
    plans,
    recommendations,
    provisionedThroughputs,
    customModels,
    unpriced,
    errors,
    assumptions: [
      'prices are list prices from the bundled catalog (each with its source and date) unless a rates file says otherwise; EDP and private discounts are not included unless given',
      'a model with a missing price is reported as unpriced, never as $0',
      `monthly figures scale the observed ${Math.round(windowHours)} hours to a 730-hour month`,
      'recommendations are chosen by savings weighted by confidence (high 1, medium 0.75, low 0.5) and ranked by savings',
      ...catalog.globalNotes,
    ],
    ...(snapshot.collection ? { collection: snapshot.collection } : {}),
  };
  if (options.previousSnapshot) {
    const { previousSnapshot, ...rest } = options;
    report.weekOverWeek = compareWithPrevious(report, analyze(previousSnapshot, catalog, rest));
  }
  return report;
}

function cheapestMode(report: ModelReport): ModelReport['bestMode'] {
  let best: ModelReport['scenarios'][number] | undefined;
  for (const s of report.scenarios) {
    if (!s.feasible || s.monthlyCost === null || s.mode === 'on-demand-no-cache') continue;
    if (!best || s.monthlyCost.lessThan(best.monthlyCost!)) best = s;
  }
  return best?.mode;
}

interface GroupedUsage {
  groups: ModelGroup[];
  /** Usage recorded against a provisioned model's ARN: that throughput's utilisation. */
  provisionedUsage: Map<string, ModelUsage[]>;
  customUsage: Map<string, ModelUsage[]>;
  unresolved: Array<{ modelId: string; region: string; reason: string }>;
}

/**
 * Folds the many spellings of a model (bare ID, ARN, `us.` profile, context suffix) into one line
 * per base model, Region and scope, and routes provisioned-model and application-profile usage.
 */
export function groupUsage(snapshot: UsageSnapshot, canonicalId: (modelId: string) => string = (id) => id): GroupedUsage {
  const groups = new Map<string, ModelGroup>();
  const provisionedUsage = new Map<string, ModelUsage[]>();
  const customUsage = new Map<string, ModelUsage[]>();
  const unresolved: GroupedUsage['unresolved'] = [];
  const profiles = new Map<string, InferenceProfileInfo>();
  for (const p of snapshot.inferenceProfiles) {
    profiles.set(p.inferenceProfileArn, p);
    profiles.set(p.inferenceProfileId, p);
  }
  const ptByArn = new Map(snapshot.provisionedThroughputs.map((pt) => [pt.provisionedModelArn, pt]));
  const ptById = new Map(snapshot.provisionedThroughputs.map((pt) => [pt.provisionedModelArn.split('/').pop()!, pt]));

  for (const usage of snapshot.models) {
    const parsed = parseModelId(usage.modelId);
    let baseModelId = parsed.baseModelId;
    let scope: InferenceScope = parsed.scope;
    if (parsed.kind === 'provisioned-model') {
      const pt = ptByArn.get(usage.modelId) ?? ptById.get(parsed.baseModelId);
      const key = pt?.provisionedModelArn ?? usage.modelId;
      provisionedUsage.set(key, [...(provisionedUsage.get(key) ?? []), usage]);
      if (!pt) unresolved.push({ modelId: usage.modelId, region: usage.region, reason: 'provisioned model not found in the Bedrock inventory' });
      continue;
    }
    if (parsed.kind === 'custom-model') {
      customUsage.set(usage.modelId, [...(customUsage.get(usage.modelId) ?? []), usage]);
      continue;
    }
    if (parsed.kind === 'application-inference-profile') {
      const profile = profiles.get(usage.modelId) ?? profiles.get(parsed.baseModelId);
      const first = profile?.modelArns[0];
      if (!profile || !first) {
        unresolved.push({ modelId: usage.modelId, region: usage.region, reason: 'application inference profile could not be resolved to a model (no Bedrock inventory for it)' });
        continue;
      }
      const target = parseModelId(first);
      baseModelId = target.baseModelId;
      // A profile that routes to the model in several Regions is a copy of a cross-Region profile.
      const regions = new Set(profile.modelArns.map((arn) => parseModelId(arn).arnRegion ?? ''));
      scope = target.scope !== 'in-region' ? target.scope : regions.size > 1 ? 'geo' : 'in-region';
    }
    baseModelId = canonicalId(baseModelId);
    const key = `${usage.region}|${baseModelId}|${scope}`;
    const group = groups.get(key);
    if (group) {
      group.series.push(usage);
      if (!group.invokedAs.includes(usage.modelId)) group.invokedAs.push(usage.modelId);
    } else {
      groups.set(key, { modelId: baseModelId, region: usage.region, scope, invokedAs: [usage.modelId], series: [usage] });
    }
  }
  return { groups: [...groups.values()], provisionedUsage, customUsage, unresolved };
}
