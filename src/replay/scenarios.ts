import type { Decimal } from 'decimal.js';
import type { ModelPrices } from '../catalog/catalog.js';
import { perMonth } from '../money.js';
import type { ModelReport, ModelUsageSummary, PriceLine, Scenario } from '../domain/report.js';
import type { InferenceScope } from '../model-id.js';
import type { Note, Worded } from '../domain/notes.js';
import { BlendedRate } from './bill.js';
import { buildLoadProfile, reportedPeak, type ProfileOptions } from './load-profile.js';
import { summariseUsage, type ModelGroup, type ModelReplay, type ReplayContext } from './model-replay.js';
import type { ModeContext, ModelNotes } from '../modes/mode.js';
import { ON_DEMAND_HEAD, allParts, asBilled, isTokenModel } from '../modes/on-demand.js';
import { PriceBook } from '../modes/price-book.js';
import { PRICING_MODES, profileOptionsFor } from '../modes/registry.js';

export {
  DEFAULT_CACHE_WRITES_PER_READ, breakEvenReadShare, cacheWritePrice, summariseUsage, summaryOfTotals,
  type ModelGroup, type ModelReplay, type ReplayContext,
} from './model-replay.js';

/**
 * What replay asks of a model's profile pass besides totals and peaks: what the pricing modes ask for
 * (the unit histogram at the model's unit capacity, the overflow above the Reserved tier's minimum).
 */
export function replayProfileOptions(prices: ModelPrices | undefined): ProfileOptions {
  return profileOptionsFor(prices);
}

/**
 * One model group priced in every pricing mode (src/modes/, listed in the registry): its usage as
 * billed today first, then each mode that applies. A model that cannot be priced keeps its quantities
 * on unpriced lines, never $0.
 */
export function replayModel(group: ModelGroup, ctx: ReplayContext): ModelReplay {
  const model = ctx.catalog.model(group.modelId);
  const prices = ctx.catalog.prices(group.modelId, group.region, group.scope);
  const profile = buildLoadProfile(group.series, replayProfileOptions(prices));
  const usage = summariseUsage(profile);
  const monthly = (cost: Decimal | null) => (cost === null ? null : perMonth(cost, ctx.windowHours));
  const windowNote: Note = { says: 'monthly-scale-window', hours: ctx.windowHours };

  const base: Omit<ModelReport, 'priced' | 'scenarios' | 'currentMonthlyCost' | 'prices'> = {
    modelId: group.modelId,
    ...(model ? { name: model.name } : {}),
    region: group.region,
    scope: group.scope,
    invokedAs: [...group.invokedAs].sort(),
    usage,
    peak: reportedPeak(profile),
  };
  const book = new PriceBook(model, prices);
  const billed = asBilled(book, model, usage);
  const onDemand = book.bill(allParts(billed));

  if (!prices || billed.unpriceable) {
    const pricedRegions = model ? ctx.catalog.regionsFor(group.modelId) : [];
    const { modelId, region, scope } = group;
    const reason: Worded = billed.unpriceable
      ?? (!model
        ? { says: 'not-in-catalog', modelId, region }
        : pricedRegions.length === 0
          ? { says: 'no-verified-price', name: model.name, modelId, region }
          : { says: 'no-price-here', scope, modelId, region, pricedIn: pricedRegions, withHint: true });
    return {
      report: {
        ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null,
        // The quantities are still shown, each with no price: what would be billed, not $0.
        scenarios: [{ ...ON_DEMAND_HEAD, cost: null, monthlyCost: null, feasible: true, reason: { says: 'unpriced-because', reason }, assumptions: billed.assumptions, lines: onDemand.lines }],
        prices: [],
      },
      profile, model, prices,
    };
  }

  const onDemandCost = onDemand.result();
  const tokenModel = isTokenModel(model);
  const modeContext: ModeContext = {
    group, catalog: ctx.catalog, model, prices, book, profile, usage, billed,
    windowHours: ctx.windowHours, cacheReadShares: ctx.cacheReadShares, now: ctx.now,
    // Catalog-wide notes (discounts, list prices) are stated once in the report's assumptions.
    common: [windowNote, ...prices.notes],
    monthly, onDemand, onDemandCost,
    overflowRates: tokenModel ? overflowRates(book, billed, usage) : null,
  };
  const notes = (n: ModelNotes) => Object.assign(base, n);
  const scenarios: Scenario[] = [];
  for (const mode of PRICING_MODES) {
    if (mode.appliesTo === 'token-models' && !tokenModel) continue;
    scenarios.push(...mode.scenarios(modeContext, notes));
  }

  return {
    report: {
      ...base,
      priced: onDemandCost !== null,
      ...(onDemandCost === null ? { unpricedReason: onDemand.reason()! } : {}),
      currentMonthlyCost: monthly(onDemandCost),
      scenarios,
      prices: describePrices(prices),
    },
    profile, model, prices,
  };
}

/** Provisioned overflow is priced at each side's blended on-demand rate as billed today; null when a side is unpriced. */
function overflowRates(book: PriceBook, billed: ModeContext['billed'], usage: ModeContext['usage']): ModeContext['overflowRates'] {
  const inputSideCost = book.bill([...billed.plainInput, ...billed.cacheRead, ...billed.cacheWrite]).moneyResult();
  const outputSideCost = book.bill(billed.output).moneyResult();
  if (inputSideCost === null || outputSideCost === null) return null;
  const allInput = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  return {
    input: new BlendedRate(inputSideCost, allInput, 'on-demand-input-side'),
    output: new BlendedRate(outputSideCost, usage.outputTokens, 'on-demand-output'),
  };
}

function describePrices(prices: ModelPrices): PriceLine[] {
  const lines: PriceLine[] = [];
  for (const [dimension, price] of Object.entries(prices.perThousandTokens)) {
    if (price) lines.push({ dimension, unit: '1K tokens', usd: price.usd, source: price.source.title, readOn: price.source.readOn });
  }
  if (prices.perImage) lines.push({ dimension: 'image', unit: 'image', usd: prices.perImage.usd, source: prices.perImage.source.title, readOn: prices.perImage.source.readOn });
  for (const [term, price] of Object.entries(prices.perModelUnitHour)) {
    if (price) lines.push({ dimension: `modelUnit.${term}`, unit: 'model-unit hour', usd: price.usd, source: price.source.title, readOn: price.source.readOn });
  }
  for (const [term, pair] of Object.entries(prices.reservedPerThousandTpmMonth)) {
    for (const [side, price] of Object.entries(pair ?? {})) {
      if (price) lines.push({ dimension: `reserved.${term}.${side}`, unit: '1K TPM-month', usd: price.usd, source: price.source.title, readOn: price.source.readOn });
    }
  }
  if (prices.perThousandQueries) {
    const q = prices.perThousandQueries;
    lines.push({ dimension: 'queries', unit: '1K queries', usd: q.usd, source: q.source.title, readOn: q.source.readOn });
  }
  return lines;
}

/**
 * The as-billed monthly cost of usage with these sums on a model: what `replayModel` puts in
 * `currentMonthlyCost`, from the sums alone. As billed depends on the token and unit sums only, so a
 * what-if that needs that one figure (the alternatives) skips the walk over every point and every other
 * mode's scenarios. Null with the reason when unpriced, never $0.
 */
export function asBilledMonthlyCost(modelId: string, region: string, scope: InferenceScope, usage: ModelUsageSummary, ctx: ReplayContext):
  { monthlyCost: Decimal | null; prices: ModelPrices | undefined; unpricedReason?: Worded } {
  const model = ctx.catalog.model(modelId);
  const prices = ctx.catalog.prices(modelId, region, scope);
  if (!prices) return { monthlyCost: null, prices, unpricedReason: { says: 'no-price-here', scope, modelId, region, withHint: true } };
  const book = new PriceBook(model, prices);
  const billed = asBilled(book, model, usage);
  if (billed.unpriceable) return { monthlyCost: null, prices, unpricedReason: billed.unpriceable };
  const onDemand = book.bill(allParts(billed));
  const cost = onDemand.result();
  return cost === null ? { monthlyCost: null, prices, unpricedReason: onDemand.reason()! } : { monthlyCost: perMonth(cost, ctx.windowHours), prices };
}
