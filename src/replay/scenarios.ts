import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, PriceCatalog, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { HOURS_PER_MONTH, ZERO, perMonth, usd } from '../money.js';
import type { InferenceScope } from '../model-id.js';
import type {
  CommitmentRisk,
  ModelReport,
  ModelUsageSummary,
  PriceLine,
  ProvisionedDetails,
  Scenario,
  ScenarioMode,
} from '../report/report.js';
import type { ModelUsage } from '../usage/usage.js';
import { Bill } from './bill.js';
import { UnitSizer, buildLoadProfile, reportedPeak, type LoadProfile } from './load-profile.js';

/** Usage of one base model in one Region and scope, possibly seen under several IDs. */
export interface ModelGroup {
  modelId: string;
  region: string;
  scope: InferenceScope;
  invokedAs: string[];
  series: ModelUsage[];
}

export interface ReplayContext {
  catalog: PriceCatalog;
  windowHours: number;
  cacheReadShares: readonly number[];
}

/** Everything replay learned about one model, for the recommender. */
export interface ModelReplay {
  report: ModelReport;
  profile: LoadProfile;
  model: CatalogModel | undefined;
  prices: ModelPrices | undefined;
}

/** Reads per write assumed for a cache what-if when the model does not cache today. */
export const DEFAULT_CACHE_WRITES_PER_READ = 0.25;

const TERMS: Array<{ term: CommitmentTerm; mode: ScenarioMode; months: number; label: string }> = [
  { term: 'noCommit', mode: 'provisioned-no-commit', months: 0, label: 'no-commitment' },
  { term: 'oneMonth', mode: 'provisioned-1-month', months: 1, label: '1-month commitment' },
  { term: 'sixMonth', mode: 'provisioned-6-month', months: 6, label: '6-month commitment' },
];

export function summariseUsage(profile: LoadProfile): ModelUsageSummary {
  const t = profile.totals;
  return {
    inputTokens: t.InputTokenCount,
    outputTokens: t.OutputTokenCount,
    cacheReadInputTokens: t.CacheReadInputTokenCount,
    cacheWriteInputTokens: t.CacheWriteInputTokenCount,
    invocations: t.Invocations,
    images: t.OutputImageCount,
    throttles: t.InvocationThrottles,
  };
}

/** Cache writes price: the published 5-minute rate, or the input rate where writes are billed as input. */
function cacheWritePrice(model: CatalogModel | undefined, prices: ModelPrices, ttl: '5m' | '1h'): { price: Priced | undefined; assumption?: string } {
  const published = ttl === '1h' ? prices.perThousandTokens.cacheWrite1h : prices.perThousandTokens.cacheWrite5m;
  if (published) return { price: published };
  if (ttl === '5m' && model?.promptCache?.writesBilledAsInput && prices.perThousandTokens.input) {
    return {
      price: prices.perThousandTokens.input,
      assumption: `${model.name} publishes no cache-write rate; cache writes priced at the input rate (UNVERIFIED)`,
    };
  }
  return { price: undefined };
}

export function replayModel(group: ModelGroup, ctx: ReplayContext): ModelReplay {
  const profile = buildLoadProfile(group.series);
  const model = ctx.catalog.model(group.modelId);
  const prices = ctx.catalog.prices(group.modelId, group.region, group.scope);
  const usage = summariseUsage(profile);
  const monthly = (cost: Decimal | null) => (cost === null ? null : perMonth(cost, ctx.windowHours));
  const windowNote = `monthly figures scale the ${fmtHours(ctx.windowHours)} window to a 730-hour month`;

  const base: Omit<ModelReport, 'priced' | 'scenarios' | 'currentMonthlyCost' | 'prices'> = {
    modelId: group.modelId,
    ...(model ? { name: model.name } : {}),
    region: group.region,
    scope: group.scope,
    invokedAs: [...group.invokedAs].sort(),
    usage,
    peak: reportedPeak(profile),
  };

  if (!prices) {
    const pricedRegions = model ? ctx.catalog.regionsFor(group.modelId) : [];
    const reason = !model
      ? `model ${group.modelId} is not in the price catalog`
      : pricedRegions.length === 0
        ? `the catalog has no verified price for ${model.name} (${group.modelId}) yet`
        : `no ${group.scope} price for ${group.modelId} in ${group.region} (priced in ${pricedRegions.join(', ')})`;
    return {
      report: {
        ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null,
        scenarios: [{ mode: 'on-demand', label: 'On demand (as billed)', cost: null, monthlyCost: null, feasible: true, reason: `unpriced: ${reason}`, assumptions: [] }],
        prices: [],
      },
      profile, model, prices,
    };
  }

  const p = prices.perThousandTokens;
  const I = usage.inputTokens;
  const O = usage.outputTokens;
  const R = usage.cacheReadInputTokens;
  const W = usage.cacheWriteInputTokens;
  const N = usage.images;
  const allInput = I + R + W;
  const isImageModel = model?.modality === 'image';
  const scenarios: Scenario[] = [];
  // Catalog-wide notes (discounts, list prices) are stated once in the report's assumptions.
  const common = [windowNote, ...prices.notes];
  const imageNote = isImageModel ? ['image models are billed per image; prompt tokens are not billed'] : [];

  // --- on-demand, as billed -------------------------------------------------------------------
  const write5m = cacheWritePrice(model, prices, '5m');
  // Priced once in parts: the on-demand bill is their sum, and provisioned-throughput overflow is
  // priced at the input and output sides' blended rates.
  const plainInputBill = new Bill().tokens(I, p.input, 'input');
  const outputBill = new Bill().tokens(O, p.output, 'output');
  const cacheBill = new Bill().tokens(R, p.cacheRead, 'cache-read').tokens(W, write5m.price, 'cache-write');
  const onDemandBill = new Bill();
  if (!isImageModel) onDemandBill.add(plainInputBill).add(outputBill).add(cacheBill);
  onDemandBill.units(N, prices.perImage, 'per-image');
  const onDemandCost = onDemandBill.result();
  const onDemandAssumptions = [...common, ...imageNote];
  if (W > 0) {
    onDemandAssumptions.push(
      model?.promptCache?.ttls.includes('1h')
        ? 'cache writes priced at the 5-minute rate: CloudWatch does not split 5-minute and 1-hour writes, and 1-hour writes cost 2x input instead of 1.25x'
        : 'cache writes priced at the 5-minute write rate',
    );
  }
  if (write5m.assumption && W > 0) onDemandAssumptions.push(write5m.assumption);
  scenarios.push({
    mode: 'on-demand', label: 'On demand (as billed)', cost: onDemandCost, monthlyCost: monthly(onDemandCost), feasible: true,
    ...(onDemandBill.reason() ? { reason: onDemandBill.reason()! } : {}), assumptions: onDemandAssumptions,
  });

  const inputSideCost = isImageModel ? null : new Bill().add(plainInputBill).add(cacheBill).result();
  const outputSideCost = isImageModel ? null : outputBill.result();

  if (!isImageModel) {
    // --- on-demand without caching: what caching saves today ------------------------------------
    if (R + W > 0) {
      const bill = new Bill().tokens(allInput, p.input, 'input').tokens(O, p.output, 'output');
      const cost = bill.result();
      scenarios.push({
        mode: 'on-demand-no-cache', label: 'On demand without prompt caching', cost, monthlyCost: monthly(cost), feasible: true,
        ...(bill.reason() ? { reason: bill.reason()! } : {}),
        assumptions: [...common, 'cache reads and writes billed as ordinary input tokens'],
      });
    }

    // --- on-demand through the global cross-Region profile ---------------------------------------
    if (group.scope !== 'global') {
      const globalPrices = ctx.catalog.prices(group.modelId, group.region, 'global');
      if (globalPrices) {
        const gp = globalPrices.perThousandTokens;
        const gWrite = cacheWritePrice(model, globalPrices, '5m');
        const bill = new Bill().tokens(I, gp.input, 'global input').tokens(O, gp.output, 'global output').tokens(R, gp.cacheRead, 'global cache-read').tokens(W, gWrite.price, 'global cache-write');
        const cost = bill.result();
        scenarios.push({
          mode: 'on-demand-global', label: `On demand via the global. profile`, cost, monthlyCost: monthly(cost), feasible: true,
          ...(bill.reason() ? { reason: bill.reason()! } : {}),
          assumptions: [...common, 'global cross-Region inference may serve requests from any commercial Region: check data-residency requirements first'],
        });
      }
    }

    // --- prompt-cache what-ifs -------------------------------------------------------------------
    if (model?.promptCache && allInput > 0) {
      const writesPerRead = R > 0 ? W / R : DEFAULT_CACHE_WRITES_PER_READ;
      const mixNote = R > 0
        ? `cache writes keep today's mix of ${fmtRatio(writesPerRead)} written tokens per token read`
        : `assumes each cached prefix is read ${fmtRatio(1 / DEFAULT_CACHE_WRITES_PER_READ)} times per write (the model does not cache today)`;
      const minNote = model.promptCache.minTokensPerCheckpoint
        ? `assumes cached prefixes are at least ${model.promptCache.minTokensPerCheckpoint.toLocaleString('en-US')} tokens (shorter ones are not cached)`
        : undefined;
      for (const ttl of model.promptCache.ttls) {
        const write = cacheWritePrice(model, prices, ttl);
        for (const share of ctx.cacheReadShares) {
          const reads = Math.round(allInput * share);
          const writes = Math.round(reads * writesPerRead);
          const uncached = allInput - reads - writes;
          const variant = `read-${Math.round(share * 100)}%-${ttl}`;
          const label = `Prompt cache: ${Math.round(share * 100)}% of input read from cache, ${ttl} writes`;
          const be = breakEvenReadShare(p.input, p.cacheRead, write.price);
          const assumptions = [...common, mixNote, ...(minNote ? [minNote] : []), ...(write.assumption ? [write.assumption] : []),
            'what-if: the share of input served from cache depends on how much of each prompt is a stable prefix'];
          if (uncached < 0) {
            scenarios.push({ mode: 'prompt-cache', variant, label, cost: null, monthlyCost: null, feasible: false,
              reason: `at today's write mix a ${Math.round(share * 100)}% read share needs more cache writes than there is input`, assumptions });
            continue;
          }
          const bill = new Bill().tokens(uncached, p.input, 'input').tokens(reads, p.cacheRead, 'cache-read').tokens(writes, write.price, `cache-write-${ttl}`).tokens(O, p.output, 'output');
          const cost = bill.result();
          scenarios.push({
            mode: 'prompt-cache', variant, label, cost, monthlyCost: monthly(cost), feasible: true,
            ...(bill.reason() ? { reason: bill.reason()! } : {}), assumptions,
            promptCache: { readShare: share, ttl, breakEvenReadShare: be ?? NaN, writesPerRead },
          });
        }
      }
    }

    // --- batch --------------------------------------------------------------------------------------
    if (model?.batch?.supported || p.batchInput || p.batchOutput) {
      const bill = new Bill().tokens(allInput, p.batchInput, 'batch-input').tokens(O, p.batchOutput, 'batch-output');
      const cost = bill.result();
      scenarios.push({
        mode: 'batch', label: 'Batch inference', cost, monthlyCost: monthly(cost), feasible: true,
        ...(bill.reason() ? { reason: bill.reason()! } : {}),
        assumptions: [...common,
          'upper bound: CloudWatch cannot tell interactive from latency-tolerant traffic, so this prices all of it at batch rates',
          'batch has no prompt caching: cached input is billed at the batch input rate',
          'batch jobs return within their timeout (24 h minimum), need at least 100 records per job (default quota), and do not support tool calling'],
      });
    }

    // --- service tiers -----------------------------------------------------------------------------
    for (const tier of ['flex', 'priority'] as const) {
      const tierIn = tier === 'flex' ? p.flexInput : p.priorityInput;
      const tierOut = tier === 'flex' ? p.flexOutput : p.priorityOutput;
      if (!tierIn && !tierOut) continue;
      const bill = new Bill().tokens(I, tierIn, `${tier}-input`).tokens(O, tierOut, `${tier}-output`).tokens(R, p.cacheRead, 'cache-read').tokens(W, write5m.price, 'cache-write');
      const cost = bill.result();
      scenarios.push({
        mode: tier, label: tier === 'flex' ? 'Flex service tier' : 'Priority service tier', cost, monthlyCost: monthly(cost), feasible: true,
        ...(bill.reason() ? { reason: bill.reason()! } : {}),
        assumptions: [...common,
          tier === 'flex' ? 'Flex trades latency for price: requests may be queued or slower' : 'Priority buys lower latency at a premium; shown for comparison',
          ...(R + W > 0 ? ['cache reads and writes priced at standard rates (tier rates for cached tokens are not published)'] : [])],
      });
    }

    // --- provisioned throughput ----------------------------------------------------------------------
    const ptSupported = model?.provisionedThroughput?.supported ?? false;
    const anyPtPrice = Object.keys(prices.perModelUnitHour).length > 0;
    if (ptSupported || anyPtPrice) {
      // One sizer serves every term: the load and the unit capacity are the same.
      const sizer = prices.modelUnitCapacity ? new UnitSizer(profile, prices.modelUnitCapacity) : undefined;
      for (const { term, mode, months, label } of TERMS) {
        const rate = prices.perModelUnitHour[term];
        if (!rate) {
          if (ptSupported) {
            scenarios.push({ mode, label: `Provisioned throughput, ${label}`, cost: null, monthlyCost: null, feasible: false,
              reason: `unpriced: no ${label} model-unit price for ${group.modelId} in ${group.region}`, assumptions: common });
          }
          continue;
        }
        scenarios.push(provisionedScenario({
          mode, term, months, label, rate, prices, profile, ...(sizer ? { sizer } : {}), windowHours: ctx.windowHours,
          onDemandMonthly: monthly(onDemandCost), inputSideCost, outputSideCost, allInput, output: O, common,
          ...(model?.provisionedThroughput?.contextVariants ? { contextVariants: model.provisionedThroughput.contextVariants } : {}),
        }));
      }
    }
  }

  const priceLines = describePrices(prices);
  return {
    report: {
      ...base,
      priced: onDemandCost !== null,
      ...(onDemandCost === null ? { unpricedReason: onDemandBill.reason()! } : {}),
      currentMonthlyCost: monthly(onDemandCost),
      scenarios,
      prices: priceLines,
    },
    profile, model, prices,
  };
}

/** The read share of cache traffic at which caching breaks even: (w - 1) / ((w - 1) + (1 - r)). */
export function breakEvenReadShare(input: Priced | undefined, read: Priced | undefined, write: Priced | undefined): number | undefined {
  if (!input || !read || !write || input.usd.isZero()) return undefined;
  const w = write.usd.dividedBy(input.usd);
  const r = read.usd.dividedBy(input.usd);
  const premium = w.minus(1);
  if (premium.lessThanOrEqualTo(0)) return 0;
  return premium.dividedBy(premium.plus(usd(1).minus(r))).toNumber();
}

interface ProvisionedArgs {
  mode: ScenarioMode;
  term: CommitmentTerm;
  months: number;
  label: string;
  rate: Priced;
  prices: ModelPrices;
  profile: LoadProfile;
  sizer?: UnitSizer;
  windowHours: number;
  onDemandMonthly: Decimal | null;
  inputSideCost: Decimal | null;
  outputSideCost: Decimal | null;
  allInput: number;
  output: number;
  common: string[];
  contextVariants?: string[];
}

function provisionedScenario(a: ProvisionedArgs): Scenario {
  const title = `Provisioned throughput, ${a.label}`;
  const unitMonthly = a.rate.usd.times(HOURS_PER_MONTH);
  const assumptions = [...a.common,
    'provisioned units are billed every hour of the month, used or not',
    'overflow beyond the purchased units is served on demand at today\'s blended rate: the application must fall back to the base model ID when the provisioned model throttles',
    'all input tokens, cached or not, count against unit input capacity'];
  if (a.contextVariants?.length) assumptions.push(`provisioned model IDs carry a context-length variant (${a.contextVariants.join(', ')}); the price assumes the variant that fits your prompts`);
  if (a.months > 0) assumptions.push(`a ${a.label} cannot be cancelled before its term ends; committed units need a quota increase through AWS Support`);
  else assumptions.push('no-commitment units are limited to 2 per account by default');

  const capacity = a.prices.modelUnitCapacity;
  if (!capacity || !a.sizer) {
    // Without the units' throughput we can only say what one unit must deliver to pay off.
    const details: ProvisionedDetails = { term: a.term, hourlyRatePerUnit: a.rate.usd };
    let reason = 'model-unit capacity unknown: AWS does not publish tokens per minute per model unit; add "unitTokensPerMinute" from your account team to a rates file';
    if (a.onDemandMonthly) {
      const affordable = a.onDemandMonthly.dividedToIntegerBy(unitMonthly).toNumber();
      details.breakEven = {
        affordableUnits: affordable,
        inputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakInputPerMinute / affordable) : 0,
        outputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakOutputPerMinute / affordable) : 0,
      };
      reason += affordable > 0
        ? `. Break-even: today's on-demand spend pays for ${affordable} unit(s), so each must serve at least ${details.breakEven.inputTokensPerMinutePerUnit.toLocaleString('en-US')} input and ${details.breakEven.outputTokensPerMinutePerUnit.toLocaleString('en-US')} output tokens per minute at the peak`
        : `. One unit costs more per month than all of today's on-demand spend, so this term cannot win at any capacity`;
    }
    return { mode: a.mode, label: title, cost: null, monthlyCost: null, feasible: false, reason, assumptions, provisioned: details };
  }

  assumptions.push(`one model unit serves ${capacity.inputTokensPerMinute.toLocaleString('en-US')} input and ${capacity.outputTokensPerMinute.toLocaleString('en-US')} output tokens per minute (source: ${capacity.source.title})`);
  if (a.profile.coarsestResolutionSeconds > 60) {
    assumptions.push(`part of the window has only ${a.profile.coarsestResolutionSeconds / 60}-minute data: peaks inside those periods are averaged away, so sizing may be low there`);
  }
  const windowMinutes = a.windowHours * 60;
  const sizer = a.sizer;
  const overflowCost = (overflowIn: number, overflowOut: number): Decimal | null => {
    if (a.inputSideCost === null || a.outputSideCost === null) return null;
    const inPart = a.allInput > 0 ? a.inputSideCost.times(overflowIn).dividedBy(a.allInput) : ZERO;
    const outPart = a.output > 0 ? a.outputSideCost.times(overflowOut).dividedBy(a.output) : ZERO;
    return inPart.plus(outPart);
  };
  const unitCost = (units: number) => a.rate.usd.times(units).times(a.windowHours);

  let best: { units: number; cost: Decimal; mix: ReturnType<UnitSizer['evaluate']> } | undefined;
  const maxUnits = Math.min(sizer.unitsForPeak, 10_000);
  for (let k = 0; k <= maxUnits; k++) {
    const mix = sizer.evaluate(k, windowMinutes);
    const over = overflowCost(mix.overflowInputTokens, mix.overflowOutputTokens);
    if (over === null) {
      return { mode: a.mode, label: title, cost: null, monthlyCost: null, feasible: true, reason: 'unpriced: on-demand overflow cannot be priced', assumptions };
    }
    const cost = unitCost(k).plus(over);
    if (!best || cost.lessThan(best.cost)) best = { units: k, cost, mix };
  }
  const atPeak = sizer.evaluate(sizer.unitsForPeak, windowMinutes);
  const chosen = best!;
  const details: ProvisionedDetails = {
    term: a.term,
    hourlyRatePerUnit: a.rate.usd,
    unitsForPeak: sizer.unitsForPeak,
    bestUnits: chosen.units,
    utilisation: chosen.mix.utilisation,
    utilisationAtPeak: atPeak.utilisation,
    overflowInputTokens: chosen.mix.overflowInputTokens,
    overflowOutputTokens: chosen.mix.overflowOutputTokens,
    costAtPeak: unitCost(sizer.unitsForPeak),
    unitCapacity: { inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.id },
  };
  const monthlyCost = perMonth(chosen.cost, a.windowHours);
  if (a.months > 0 && chosen.units > 0 && a.onDemandMonthly && !a.onDemandMonthly.isZero()) {
    details.risk = commitmentRisk(a, sizer, chosen.units, windowMinutes, overflowCost);
  }
  const label = chosen.units === 0
    ? `${title}: no units pay at this load (peak needs ${sizer.unitsForPeak})`
    : `${title}: ${chosen.units} unit(s)${chosen.units < sizer.unitsForPeak ? `, overflow on demand (peak needs ${sizer.unitsForPeak})` : ''}`;
  return { mode: a.mode, label, cost: chosen.cost, monthlyCost, feasible: true, assumptions, provisioned: details };
}

function commitmentRisk(
  a: ProvisionedArgs,
  sizer: UnitSizer,
  units: number,
  windowMinutes: number,
  overflowCost: (i: number, o: number) => Decimal | null,
): CommitmentRisk {
  const unitsMonthly = a.rate.usd.times(units).times(HOURS_PER_MONTH);
  const commitmentTotal = unitsMonthly.times(a.months);
  const onDemandMonthly = a.onDemandMonthly!;
  const half = sizer.evaluate(units, windowMinutes, 0.5);
  const halfOverflowMonthly = perMonth(overflowCost(half.overflowInputTokens, half.overflowOutputTokens) ?? ZERO, a.windowHours);
  return {
    termMonths: a.months,
    commitmentTotal,
    breakEvenMonths: commitmentTotal.dividedBy(onDemandMonthly),
    monthlySavingsIfUsageHalves: onDemandMonthly.dividedBy(2).minus(unitsMonthly.plus(halfOverflowMonthly)),
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
  return lines;
}

function fmtHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}-day` : `${hours.toFixed(1)}-hour`;
}

function fmtRatio(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
