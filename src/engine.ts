import type { PriceCatalog } from './catalog/catalog.js';
import { byModelSpend, byRecommendationSavings, sortByAmountFirst } from './domain/order.js';
import { summaryOf } from './domain/summary.js';
import { isLess } from './domain/compare.js';
import { InputError } from './errors.js';
import { ZERO, sumMoney, usd } from './money.js';
import { accountOfArn, parseModelId, type InferenceScope } from './model-id.js';
import type { Note, Worded } from './domain/notes.js';
import { baseModelOf, reviewProvisionedThroughput, type InventoryContext } from './recommend/inventory.js';
import { CUSTOM_MODEL_MODE, INVENTORY_MODES, MODEL_ADVICE_MODES } from './modes/registry.js';
import type { ModelAdviceContext } from './modes/mode.js';
import { buildPlans, type PlanInput } from './recommend/plan.js';
import { recommendationsForModel, type RecommendOptions } from './recommend/recommend.js';
import { STALE_PRICE_DAYS, type AdvisorReport, type ModelReport, type PriceSourceInfo, type Recommendation, type RequestQuantities } from './domain/report.js';
import { compareWithPrevious } from './domain/week-over-week.js';
import { attributeBySeries } from './replay/attribution.js';
import type { CustomUsageGroup } from './modes/custom-model.js';
import { PriceBook } from './modes/price-book.js';
import { replayModel, type ModelGroup, type ReplayContext } from './replay/scenarios.js';
import { ReplayShared } from './replay/shared.js';
import { buildLoadProfile, reportedPeak } from './replay/load-profile.js';
import { totalsOf, type ModelUsage, type UsageSnapshot } from './usage/usage.js';
import { systemClock } from './clock.js';
import { groupUsage } from './engine-groups.js';
import { alternativesFor } from './alternatives/alternatives.js';
import { forecastCommitments, type FitHistory, type ForecastOptions } from './forecast/commitments.js';
import { renewalAgainstForecast } from './forecast/renewal.js';
import type { ProvisionedThroughputRenewal } from './domain/forecast.js';
import type { ForecastHistory, ProvisionedThroughputInfo } from './usage/usage.js';
import type { Decimal } from 'decimal.js';
import type { AlternativesConfig } from './alternatives/config.js';

export { groupUsage, type GroupedUsage } from './engine-groups.js';

export interface AnalyzeOptions {
  /** Recommendations saving less than this many USD a month are dropped. Default 1. */
  minMonthlySavingsUsd?: string;
  /** …or less than this share of the model's current cost, in percent. Default 5. */
  minSavingsPercent?: string;
  /** Commitments expiring within this many days are flagged. Default 30. */
  expiryWarningDays?: number;
  /** Read shares for the prompt-cache what-if. Default [0.25, 0.5, 0.75]. */
  cacheReadShares?: number[];
  /** The AWS account the usage is from, carried into `report.account`. Default: unset. */
  account?: string;
  /** The clock, for reproducible reports. Default: now. */
  now?: Date;
  /** The previous period's usage, read from CloudWatch like this one: fills `report.weekOverWeek`. */
  previousSnapshot?: UsageSnapshot;
  /** Candidates, token ratios and accepted substitutions for `models[].alternatives` (an alternatives file); false leaves them out. */
  alternatives?: AlternativesConfig | false;
  /**
   * The commitments' forecast (`models[].forecast`), when given: about 6 ms per load simulated (three
   * per model with provisioned and Reserved plans, bench/advice-cost.bench.ts), so callers ask for it
   * (the CLI does) rather than every analysis paying it. Default: off.
   */
  forecast?: ForecastOptions | false;
  /**
   * The invocation logs' requests of each model line, by class (`priceRequests` in src/logs/): where
   * they cover the window, the on-demand figure and every what-if price each request at its own class
   * (long context, cache TTL, tier), so no bound is left; where they cover part of it, the rest keeps
   * the bounds. Keyed by the account the series names (undefined for one account), model, Region, scope.
   */
  requests?: RequestLookup;
}

/** Finds the logs' requests of one model line. */
export type RequestLookup = (accountId: string | undefined, modelId: string, region: string, scope: InferenceScope) => RequestQuantities | undefined;

export const DEFAULT_CACHE_READ_SHARES = [0.25, 0.5, 0.75];

/**
 * A price missing from a model's bill is missing in its Region: the replay's note names the lines, and
 * here gains the Region, so the report says where the price is missing and how to get it (never $0).
 */
function placeUnpricedLines(report: ModelReport): void {
  if (report.unpricedReason !== undefined) report.unpricedReason = placed(report.unpricedReason, report.region);
  for (const s of report.scenarios) if (s.reason !== undefined) s.reason = placed(s.reason, report.region);
}

function placed(reason: Worded, region: string): Worded {
  return typeof reason === 'object' && reason.says === 'unpriced-lines' ? { ...reason, region } : reason;
}

/** Replays a usage snapshot against every pricing mode and returns the report. Pure: no I/O. */
export function analyze(snapshot: UsageSnapshot, catalog: PriceCatalog, options: AnalyzeOptions = {}): AdvisorReport {
  const now = options.now ?? systemClock.now();
  const start = Date.parse(snapshot.window.start);
  const end = Date.parse(snapshot.window.end);
  const windowHours = (end - start) / 3_600_000;
  if (!(windowHours > 0)) throw new InputError(`the usage window ${snapshot.window.start} to ${snapshot.window.end} is empty or reversed`);
  const recommendOptions: RecommendOptions = {
    minMonthlySavingsUsd: usd(options.minMonthlySavingsUsd ?? '1'),
    minSavingsPercent: usd(options.minSavingsPercent ?? '5'),
    windowHours,
    cacheReadShares: options.cacheReadShares ?? DEFAULT_CACHE_READ_SHARES,
    catalog,
  };

  // The account's own model IDs and names (ListFoundationModels) find models the Price List names only by name.
  catalog = catalog.withFoundationModels(snapshot.foundationModels ?? []);
  const { groups, provisionedUsage, customGroups, customUsage, unresolved } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  const models: ModelReport[] = [];
  const recommendations: Recommendation[] = [];
  const errors = [...snapshot.errors];
  const lookup = options.requests;
  const replayContext: ReplayContext = {
    catalog, windowHours, cacheReadShares: recommendOptions.cacheReadShares, now, shared: new ReplayShared(),
    ...(lookup ? { requestsOf: (group: ModelGroup) => lookup(group.series[0]?.accountId, group.modelId, group.region, group.scope) } : {}),
  };
  const apiLifecycle = new Map<string, string>();
  for (const fm of snapshot.foundationModels ?? []) {
    if (fm.lifecycleStatus) apiLifecycle.set(`${fm.region}|${catalog.canonicalId(parseModelId(fm.modelId).baseModelId)}`, fm.lifecycleStatus);
  }
  const replays: PlanInput['replays'] = [];
  for (const group of groups) {
    // A fault in one model is reported and the rest of the report still runs. Its scope names the
    // model line (`lineOf`); why it failed is data (`part-failed`).
    try {
      const replay = replayModel(group, replayContext);
      placeUnpricedLines(replay.report);
      replay.report.attribution = attributeBySeries(group, replay, snapshot.inferenceProfiles, windowHours);
      models.push(replay.report);
      // What the plans read of the replay, without its profile (that the minutes' arrays can go).
      const planned: PlanInput['replays'][number]['replay'] = { report: replay.report, prices: replay.prices, model: replay.model };
      if (replay.logged) planned.logged = replay.logged;
      replays.push({ replay: planned, series: group.series });
      recommendations.push(...recommendationsForModel(replay, recommendOptions));
      // One context for every model-advice mode, its optional field set only when there is one (no
      // object spread, copied key by key at run time, for every model).
      const adviceContext: ModelAdviceContext = { replay, group, catalog, windowHours, now, window: snapshot.window };
      const apiLifecycleStatus = apiLifecycle.size > 0 ? apiLifecycle.get(`${group.region}|${group.modelId}`) : undefined;
      if (apiLifecycleStatus) adviceContext.apiLifecycleStatus = apiLifecycleStatus;
      for (let i = 0; i < MODEL_ADVICE_MODES.length; i++) recommendations.push(...MODEL_ADVICE_MODES[i]!.advise(adviceContext));
      const best = cheapestMode(replay.report);
      if (best) replay.report.bestMode = best;
      if (options.alternatives !== false) try { // false: left out (bench/advice-cost.bench.ts measures them)
        const alternatives = alternativesFor(replay, group, replayContext, options.alternatives);
        if (alternatives.alternatives.length > 0) replay.report.alternatives = alternatives.alternatives;
        // An accepted move to the lifecycle successor is already the migration recommendation: counted once.
        if (alternatives.recommendations.length > 0) {
          recommendations.push(...alternatives.recommendations.filter((r) => !recommendations.some((m) =>
            m.action === 'migrate-model' && m.modelId === r.modelId && m.region === r.region && m.successorModelId === r.successorModelId)));
        }
      } catch (error) {
        errors.push({ scope: `alternatives for ${lineOf(group)}`, message: { says: 'part-failed', part: 'pricing', cause: (error as Error).message } });
      }
      if (options.forecast) {
        try {
          const forecast = forecastCommitments(replay.report, group.series, snapshot.window, now, options.forecast, historyOf(group.series, snapshot.forecastHistory));
          if (forecast) replay.report.forecast = forecast;
        } catch (error) {
          errors.push({ scope: `forecast for ${lineOf(group)}`, message: { says: 'part-failed', part: 'forecast', cause: (error as Error).message } });
        }
      }
    } catch (error) {
      errors.push({ scope: `model ${lineOf(group)}`, message: { says: 'part-failed', part: 'replay', cause: (error as Error).message } });
    }
  }
  for (const group of customGroups) {
    try {
      models.push(CUSTOM_MODEL_MODE.replayUsage(group, catalog, windowHours));
    } catch (error) {
      errors.push({ scope: `custom model ${group.modelArn} (${group.region})`, message: { says: 'part-failed', part: 'replay', cause: (error as Error).message } });
    }
  }
  for (const u of unresolved) {
    // Unpriced, but its tokens are real usage: the line shows them (an ARN row once showed 0 tokens).
    const profile = buildLoadProfile([u.series]);
    const t = profile.totals;
    models.push({
      modelId: u.modelId, region: u.region, scope: 'in-region', invokedAs: [u.modelId],
      ...(u.series.accountId ? { accountId: u.series.accountId } : {}),
      usage: {
        inputTokens: t.InputTokenCount, outputTokens: t.OutputTokenCount, cacheReadInputTokens: t.CacheReadInputTokenCount, cacheWriteInputTokens: t.CacheWriteInputTokenCount,
        invocations: t.Invocations, images: t.OutputImageCount, throttles: t.InvocationThrottles,
      },
      peak: reportedPeak(profile),
      priced: false, unpricedReason: u.reason, currentMonthlyCost: null, scenarios: [], prices: [],
    });
  }

  const inventoryContext: InventoryContext = {
    catalog, windowHours, now, expiryWarningDays: options.expiryWarningDays ?? 30, floor: recommendOptions,
    customModels: snapshot.customModels, provisionedThroughputs: snapshot.provisionedThroughputs,
    invocationsOf: (modelArn) => (customUsage.get(modelArn) ?? []).reduce((sum, u) => sum + totalsOf(u).Invocations, 0),
  };
  const provisionedForPlans: PlanInput['provisioned'] = [];
  const provisionedThroughputs = snapshot.provisionedThroughputs.map((pt) => {
    const usage = provisionedUsage.get(pt.provisionedModelArn) ?? [];
    const reviewed = reviewProvisionedThroughput(pt, usage, inventoryContext);
    recommendations.push(...reviewed.recommendations);
    const expiring = reviewed.report.commitment !== 'none' && pt.commitmentExpirationTime !== undefined
      && reviewed.report.daysToExpiry !== undefined && reviewed.report.daysToExpiry <= inventoryContext.expiryWarningDays;
    if (options.forecast && expiring) {
      try {
        const modelId = catalog.canonicalId(reviewed.report.modelId);
        const account = accountOfArn(pt.provisionedModelArn);
        // The model's in-Region on-demand traffic in the same account: the throughput could serve it too.
        const onDemand = replays.find((r) => r.replay.report.modelId === modelId && r.replay.report.region === pt.region && r.replay.report.scope === 'in-region'
          && (r.replay.report.accountId === undefined || account === undefined || r.replay.report.accountId === account));
        const renewal = renewalOf(pt, now, usage, modelId, reviewed.windowOnDemandCost, catalog, snapshot.window, options.forecast,
          onDemand ? { series: onDemand.series, windowCost: onDemand.replay.report.scenarios[0]?.cost ?? null } : undefined,
          historyOf([...usage, ...(onDemand?.series ?? [])], snapshot.forecastHistory));
        if (renewal) reviewed.report.renewal = renewal;
      } catch (error) {
        errors.push({ scope: `renewal of ${pt.provisionedModelArn}`, message: { says: 'part-failed', part: 'forecast', cause: (error as Error).message } });
      }
    }
    provisionedForPlans.push({ info: pt, usage, report: reviewed.report });
    return reviewed.report;
  });
  const customModels: AdvisorReport['customModels'] = [];
  for (const mode of INVENTORY_MODES) {
    const reviewed = mode.review(inventoryContext);
    customModels.push(...reviewed.customModels);
    recommendations.push(...reviewed.recommendations);
  }

  // Without a rates file there are no rows to match: no list of every model line to build.
  const warnings = [...(snapshot.warnings ?? []), ...(catalog.rateKeys.length === 0 ? [] : unmatchedRateKeys(catalog, [
    ...groups.map((g) => ({ modelId: g.modelId, region: g.region })),
    ...customGroups.flatMap((g) => (g.baseModelId ? [{ modelId: g.baseModelId, region: g.region }] : [])),
    ...snapshot.provisionedThroughputs.map((pt) => ({ modelId: catalog.canonicalId(baseModelOf(pt, snapshot.customModels)), region: pt.region })),
  ]))];

  sortByAmountFirst(recommendations, (r) => r.monthlySavings, byRecommendationSavings);
  sortByAmountFirst(models, (m) => m.currentMonthlyCost, byModelSpend);
  const unpriced = models.filter((m) => !m.priced).map((m) => ({ modelId: m.modelId, region: m.region, invokedAs: m.invokedAs, reason: m.unpricedReason ?? { says: 'unpriced' } }));
  // The headline is the sum of the plans: each saving counted once, upper bounds apart.
  const plans = buildPlans({ replays, provisioned: provisionedForPlans, recommendations, windowHours });
  const priceSource = priceSourceOf(catalog, now);
  const stalePrices = priceSource.ageDays > STALE_PRICE_DAYS;

  const report: AdvisorReport = {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    ...(options.account ? { account: options.account } : {}),
    window: { start: snapshot.window.start, end: snapshot.window.end, hours: windowHours, ...(snapshot.window.basis ? { basis: snapshot.window.basis } : {}) },
    currency: 'USD',
    summary: summaryOf({ models, plans, recommendations, provisionedThroughputs, customModels, unpriced }),
    models,
    plans,
    recommendations,
    provisionedThroughputs,
    customModels,
    unpriced,
    errors,
    ...(warnings.length ? { warnings } : {}),
    assumptions: [
      { says: 'prices-from', name: priceSource.name, asOf: priceSource.asOf },
      ...(stalePrices ? [{ says: 'prices-stale', ageDays: priceSource.ageDays, staleDays: STALE_PRICE_DAYS } as const] : []),
      { says: 'unpriced-never-zero' },
      { says: 'derived-unverified' },
      { says: 'monthly-scale-hours', hours: Math.round(windowHours) },
      { says: 'ranked-by-weighted-savings' },
      ...catalog.globalNotes,
    ],
    priceSource,
    stalePrices,
    ...(snapshot.collection ? { collection: snapshot.collection } : {}),
  };
  if (options.previousSnapshot) {
    // The logs priced this window's requests, not the previous period's.
    const { previousSnapshot, requests: _thisWindow, ...rest } = options;
    report.weekOverWeek = compareWithPrevious(report, analyze(previousSnapshot, catalog, rest));
  }
  return report;
}

/**
 * A model line as a fault's scope names it (a label, as `region us-east-1` is): made only where a part
 * fails, not for every model.
 */
function lineOf(group: ModelGroup): string {
  return `${group.modelId} (${group.region}, ${group.scope})`;
}

/** Which catalog priced the report, and how old its prices are on the report's date. */
function priceSourceOf(catalog: PriceCatalog, now: Date): PriceSourceInfo {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // A catalog dated after the report (a fixed clock replaying old usage) is simply current: 0 days.
  const ageDays = Math.max(0, Math.floor((today - Date.parse(`${catalog.asOf}T00:00:00Z`)) / 86_400_000));
  return { kind: catalog.origin.kind, name: catalog.origin.name, asOf: catalog.asOf, ageDays, ...(catalog.origin.fallback ? { fallback: catalog.origin.fallback } : {}) };
}

/**
 * The mode of the cheapest feasible priced scenario (the first of equal costs), once per model. An
 * indexed loop: a for-of compiles the array iterator's protocol into its code (issue 21).
 */
function cheapestMode(report: ModelReport): ModelReport['bestMode'] {
  const scenarios = report.scenarios;
  let best: ModelReport['scenarios'][number] | undefined;
  for (let i = 0; i < scenarios.length; i++) {
    const s = scenarios[i]!;
    if (!s.feasible || s.monthlyCost === null || s.mode === 'on-demand-no-cache') continue;
    if (!best || isLess(s.monthlyCost, best.monthlyCost!)) best = s;
  }
  return best?.mode;
}

/** Rates-file rows whose model, once normalised, is not in the usage or inventory: most likely a typo. */
function unmatchedRateKeys(catalog: PriceCatalog, seen: Array<{ modelId: string; region: string }>): Note[] {
  const seenKeys = new Set(seen.map((s) => `${s.modelId}|${s.region}`));
  return catalog.rateKeys
    .filter((r) => !seenKeys.has(`${r.modelId}|${r.region}`))
    .map((r) => ({ says: 'rates-key-unmatched', file: r.file, index: r.index, key: r.key, modelId: r.modelId, region: r.region }));
}

/**
 * A commitment ending within the expiry window, against the forecast of its own traffic (src/forecast/renewal.ts):
 * undefined when its model's unit capacity or every renewal term's price is unknown.
 */
function renewalOf(pt: ProvisionedThroughputInfo, now: Date, usage: ModelUsage[], modelId: string, windowOnDemandCost: Decimal | null, catalog: PriceCatalog, window: { start: string; end: string }, forecast: ForecastOptions,
  onDemand: { series: readonly ModelUsage[]; windowCost: Decimal | null } | undefined, history: FitHistory | undefined): ProvisionedThroughputRenewal | undefined {
  const prices = catalog.prices(modelId, pt.region, 'in-region');
  const unitCapacity = prices?.modelUnitCapacity;
  if (!prices || !unitCapacity || !pt.commitmentExpirationTime) return undefined;
  // A commitment that has ended can be replaced now: a new term starts at the run, not on a day gone.
  const termStartsAt = Date.parse(pt.commitmentExpirationTime) < now.getTime() ? now.toISOString() : pt.commitmentExpirationTime;
  return renewalAgainstForecast({
    provisionedModelArn: pt.provisionedModelArn, modelId, contextVariants: catalog.model(modelId)?.provisionedThroughput?.contextVariants,
    modelUnits: pt.modelUnits, termStartsAt, series: usage, window,
    unitCapacity, book: new PriceBook(catalog.model(modelId), prices), windowOnDemandCost, ...(onDemand ? { onDemand } : {}), ...(history ? { history } : {}),
  }, forecast);
}

/**
 * The long read of the same series (`--history-days`): matched by model ID as CloudWatch reported it,
 * Region, account and namespace. Undefined when there is none or it holds none of them.
 */
function historyOf(series: readonly ModelUsage[], history: ForecastHistory | undefined): FitHistory | undefined {
  if (!history) return undefined;
  const key = (u: ModelUsage) => `${u.modelId}|${u.region}|${u.accountId ?? ''}|${u.namespace ?? ''}`;
  const wanted = new Set(series.map(key));
  const found = history.models.filter((m) => wanted.has(key(m)));
  return found.length ? { series: found, window: history.window } : undefined;
}
