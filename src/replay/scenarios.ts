import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, PriceCatalog, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm, ReservedTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, RESERVED_TERM_INFO, commitmentTotal, termHours, type ProvisionedTermInfo } from '../catalog/terms.js';
import { HOURS_PER_MONTH, ZERO, exactHours, formatUsd, perMonth, usd } from '../money.js';
import type { InferenceScope } from '../model-id.js';
import type {
  CommitmentRisk,
  ImageTierRange,
  LongContextBound,
  ModelReport,
  ModelUsageSummary,
  PriceLine,
  ProvisionedDetails,
  Scenario,
} from '../report/report.js';
import type { ModelUsage, UsageTotals } from '../usage/usage.js';
import { BlendedRate, Bill, scenarioFromBill } from './bill.js';
import { convexMinimum } from './convex.js';
import { UnitSizer, buildLoadProfile, reportedPeak, type LoadProfile, type ProfileOptions } from './load-profile.js';
import { RESERVED_MINIMUM_TPM, ReservedTier } from './reserved.js';
import { sizingResolutionAssumptions } from '../recommend/recommend.js';

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
  /** The report's date: a commitment bought now runs its calendar term from here. */
  now: Date;
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

export function summariseUsage(profile: LoadProfile): ModelUsageSummary {
  return summaryOfTotals(profile.totals);
}

/** The report's usage summary of exact integer totals. */
export function summaryOfTotals(t: UsageTotals): ModelUsageSummary {
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
export function cacheWritePrice(model: CatalogModel | undefined, prices: ModelPrices, ttl: '5m' | '1h'): { price: Priced | undefined; assumption?: string } {
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

/** The bill of usage as billed today, in parts: plain input, output, cache, and per-item charges. */
interface AsBilled {
  plainInput: Bill;
  output: Bill;
  cacheRead: Bill;
  cacheWrite: Bill;
  /** Images, rerank queries: what a non-token model bills for. */
  items: Bill;
  /** Why the model cannot be priced from CloudWatch metrics at all (video seconds are not reported). */
  unpriceable?: string;
  assumptions: string[];
}

function asBilled(model: CatalogModel | undefined, prices: ModelPrices | undefined, usage: ModelUsageSummary): AsBilled {
  const p = prices?.perThousandTokens ?? {};
  const parts: AsBilled = { plainInput: new Bill(), output: new Bill(), cacheRead: new Bill(), cacheWrite: new Bill(), items: new Bill(), assumptions: [] };
  switch (model?.modality) {
    case 'image': {
      const tier = prices?.imageTier;
      parts.items.units(usage.images, prices?.perImage, `image${tier ? ` ${tier}` : ''}`, 'image');
      parts.assumptions.push('image models are billed per image; prompt tokens are not billed');
      return parts;
    }
    case 'rerank':
      // Rerank bills per 1,000 queries; CloudWatch counts invocations, and one request is one query.
      parts.items.units(usd(usage.invocations).dividedBy(1000), prices?.perThousandQueries, 'rerank queries', '1K queries');
      parts.assumptions.push('rerank priced per 1,000 queries, counting one query per invocation; a request with many documents may count as several queries (UNVERIFIED here), so this can be low');
      return parts;
    case 'video':
      parts.unpriceable = 'video models bill per second of video generated, which CloudWatch does not report';
      return parts;
    default: {
      const write5m = prices ? cacheWritePrice(model, prices, '5m') : { price: undefined };
      parts.plainInput.tokens(usage.inputTokens, p.input, 'input');
      parts.output.tokens(usage.outputTokens, p.output, 'output');
      parts.cacheRead.tokens(usage.cacheReadInputTokens, p.cacheRead, 'cacheRead');
      parts.cacheWrite.tokens(usage.cacheWriteInputTokens, write5m.price, write5m.price === p.input ? 'cacheWrite (at the input rate)' : 'cacheWrite5m');
      if (usage.cacheWriteInputTokens > 0) {
        parts.assumptions.push(
          model?.promptCache?.ttls.includes('1h')
            ? 'cache writes priced at the 5-minute rate: CloudWatch does not split 5-minute and 1-hour writes, and 1-hour writes cost 2x input instead of 1.25x'
            : 'cache writes priced at the 5-minute write rate',
        );
        if (write5m.assumption) parts.assumptions.push(write5m.assumption);
      }
      return parts;
    }
  }
}

/**
 * What replay asks of a model's profile pass besides totals and peaks: the unit histogram at the
 * model's unit capacity, and the overflow above the Reserved tier's minimum reservation.
 */
export function replayProfileOptions(prices: ModelPrices | undefined): ProfileOptions {
  return { ...(prices?.modelUnitCapacity ? { unitCapacity: prices.modelUnitCapacity } : {}), overflowLevels: RESERVED_MINIMUM_TPM };
}

export function replayModel(group: ModelGroup, ctx: ReplayContext): ModelReplay {
  const model = ctx.catalog.model(group.modelId);
  const prices = ctx.catalog.prices(group.modelId, group.region, group.scope);
  const profile = buildLoadProfile(group.series, replayProfileOptions(prices));
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
  const billed = asBilled(model, prices, usage);
  const onDemandBill = new Bill().add(billed.plainInput).add(billed.output).add(billed.cacheRead).add(billed.cacheWrite).add(billed.items);
  const onDemandHead = { mode: 'on-demand' as const, label: 'On demand (as billed)' };

  if (!prices || billed.unpriceable) {
    const pricedRegions = model ? ctx.catalog.regionsFor(group.modelId) : [];
    const reason = billed.unpriceable
      ?? (!model
        ? `model ${group.modelId} is not in the price catalog`
        : pricedRegions.length === 0
          ? `the catalog has no verified price for ${model.name} (${group.modelId}) yet`
          : `no ${group.scope} price for ${group.modelId} in ${group.region} (priced in ${pricedRegions.join(', ')})`);
    return {
      report: {
        ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null,
        // The quantities are still shown, each with no price: what would be billed, not $0.
        scenarios: [{ ...onDemandHead, cost: null, monthlyCost: null, feasible: true, reason: `unpriced: ${reason}`, assumptions: billed.assumptions, lines: onDemandBill.lines }],
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
  const allInput = I + R + W;
  const isTokenModel = model?.modality !== 'image' && model?.modality !== 'rerank';
  const scenarios: Scenario[] = [];
  // Catalog-wide notes (discounts, list prices) are stated once in the report's assumptions.
  const common = [windowNote, ...prices.notes];

  // --- on-demand, as billed -------------------------------------------------------------------
  const onDemandCost = onDemandBill.result();
  const onDemandExtra: Partial<Scenario> = {};
  // The catalog row's own remark (a price left out and why, extended-access rates) is part of the figure.
  const onDemandAssumptions = [...common, ...billed.assumptions, ...(prices.rowNote ? [`price catalog note: ${prices.rowNote}`] : [])];
  const tiers = imageTierRange(prices, usage.images, ctx.windowHours);
  if (tiers) {
    onDemandExtra.imageTiers = tiers.range;
    onDemandAssumptions.push(tiers.assumption);
  }
  if (isTokenModel && model?.longContext) {
    const bound = longContextBound(profile, usage, model.longContext.thresholdInputTokens, prices, model, monthly);
    onDemandExtra.longContext = bound.details;
    onDemandAssumptions.push(bound.assumption);
  }
  scenarios.push(scenarioFromBill(onDemandHead, onDemandBill, onDemandAssumptions, monthly, onDemandExtra));

  const inputSideCost = isTokenModel ? new Bill().add(billed.plainInput).add(billed.cacheRead).add(billed.cacheWrite).moneyResult() : null;
  const outputSideCost = isTokenModel ? billed.output.moneyResult() : null;
  // Provisioned overflow is priced at each side's blended on-demand rate as billed today.
  const overflowRates = inputSideCost !== null && outputSideCost !== null
    ? {
        input: new BlendedRate(inputSideCost, allInput, 'on-demand input, cache-read and cache-write cost as billed today / their tokens'),
        output: new BlendedRate(outputSideCost, O, 'on-demand output cost as billed today / output tokens'),
      }
    : null;

  if (isTokenModel) {
    // --- on-demand without caching: what caching saves today ------------------------------------
    if (R + W > 0) {
      const bill = new Bill().tokens(allInput, p.input, 'input (cached tokens billed as input)').tokens(O, p.output, 'output');
      scenarios.push(scenarioFromBill({ mode: 'on-demand-no-cache', label: 'On demand without prompt caching' }, bill,
        [...common, 'cache reads and writes billed as ordinary input tokens'], monthly));
    }

    // --- on-demand through the global cross-Region profile ---------------------------------------
    if (group.scope !== 'global') {
      const globalPrices = ctx.catalog.prices(group.modelId, group.region, 'global');
      if (globalPrices) {
        const gp = globalPrices.perThousandTokens;
        const gWrite = cacheWritePrice(model, globalPrices, '5m');
        const bill = new Bill().tokens(I, gp.input, 'global input').tokens(O, gp.output, 'global output').tokens(R, gp.cacheRead, 'global cacheRead').tokens(W, gWrite.price, 'global cacheWrite5m');
        scenarios.push(scenarioFromBill({ mode: 'on-demand-global', label: 'On demand via the global. profile' }, bill,
          [...common, 'global cross-Region inference may serve requests from any commercial Region: check data-residency requirements first'], monthly));
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
        const be = breakEvenReadShare(p.input, p.cacheRead, write.price);
        for (const share of ctx.cacheReadShares) {
          const reads = Math.round(allInput * share);
          const writes = Math.round(reads * writesPerRead);
          const uncached = allInput - reads - writes;
          const head = {
            mode: 'prompt-cache' as const, variant: `read-${Math.round(share * 100)}%-${ttl}`,
            label: `Prompt cache: ${Math.round(share * 100)}% of input read from cache, ${ttl} writes`,
          };
          const assumptions = [...common, mixNote, ...(minNote ? [minNote] : []), ...(write.assumption ? [write.assumption] : []),
            'what-if: the share of input served from cache depends on how much of each prompt is a stable prefix'];
          if (uncached < 0) {
            scenarios.push({ ...head, cost: null, monthlyCost: null, feasible: false,
              reason: `at today's write mix a ${Math.round(share * 100)}% read share needs more cache writes than there is input`, assumptions, lines: [] });
            continue;
          }
          const bill = new Bill().tokens(uncached, p.input, 'input').tokens(reads, p.cacheRead, 'cacheRead').tokens(writes, write.price, `cacheWrite${ttl}`).tokens(O, p.output, 'output');
          scenarios.push(scenarioFromBill(head, bill, assumptions, monthly, { promptCache: { readShare: share, ttl, breakEvenReadShare: be ?? NaN, writesPerRead } }));
        }
      }
    }

    // --- batch --------------------------------------------------------------------------------------
    if (model?.batch?.supported || p.batchInput || p.batchOutput) {
      const bill = new Bill().tokens(allInput, p.batchInput, 'batchInput').tokens(O, p.batchOutput, 'batchOutput');
      scenarios.push(scenarioFromBill({ mode: 'batch', label: 'Batch inference' }, bill, [...common,
        'upper bound: CloudWatch cannot tell interactive from latency-tolerant traffic, so this prices all of it at batch rates',
        'batch has no prompt caching: cached input is billed at the batch input rate',
        'batch jobs return within their timeout (24 h minimum), need at least 100 records per job (default quota), and do not support tool calling'], monthly));
    }

    // --- service tiers -----------------------------------------------------------------------------
    for (const tier of ['flex', 'priority'] as const) {
      const tierIn = tier === 'flex' ? p.flexInput : p.priorityInput;
      const tierOut = tier === 'flex' ? p.flexOutput : p.priorityOutput;
      if (!tierIn && !tierOut) continue;
      const bill = new Bill().tokens(I, tierIn, `${tier}Input`).tokens(O, tierOut, `${tier}Output`).add(billed.cacheRead).add(billed.cacheWrite);
      scenarios.push(scenarioFromBill({ mode: tier, label: tier === 'flex' ? 'Flex service tier' : 'Priority service tier' }, bill, [...common,
        tier === 'flex' ? 'Flex trades latency for price: requests may be queued or slower' : 'Priority buys lower latency at a premium; shown for comparison',
        ...(R + W > 0 ? ['cache reads and writes priced at standard rates (tier rates for cached tokens are not published)'] : [])], monthly));
    }

    // --- Reserved tier -----------------------------------------------------------------------------
    const reservedTerms = (Object.keys(RESERVED_TERM_INFO) as ReservedTerm[]).filter((t) => prices.reservedPerThousandTpmMonth[t]);
    // The Reserved tier is sold for text generation (input and output tokens per minute).
    if (model?.modality === 'text' && I + W + O > 0) {
      const reserved = new ReservedTier({
        profile, inputSide: new Bill().add(billed.plainInput).add(billed.cacheWrite), output: billed.output, cacheRead: billed.cacheRead,
        outputPrice: p.output, windowHours: ctx.windowHours, common,
      });
      if (reservedTerms.length === 0) {
        const breakEven = reserved.breakEven();
        if (breakEven) base.reservedBreakEven = breakEven;
      }
      for (const term of reservedTerms) scenarios.push(reserved.scenario(term, prices.reservedPerThousandTpmMonth[term]!, monthly));
    }

    // --- provisioned throughput ----------------------------------------------------------------------
    const ptSupported = model?.provisionedThroughput?.supported ?? false;
    const anyPtPrice = Object.keys(prices.perModelUnitHour).length > 0;
    if (ptSupported || anyPtPrice) {
      // One sizer serves every term: the load and the unit capacity are the same.
      const sizer = prices.modelUnitCapacity ? new UnitSizer(profile, prices.modelUnitCapacity) : undefined;
      for (const [term, info] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, ProvisionedTermInfo]>) {
        const rate = prices.perModelUnitHour[term];
        const label = `Provisioned throughput, ${info.label}`;
        if (!rate) {
          if (ptSupported) {
            scenarios.push({ mode: info.mode, label, cost: null, monthlyCost: null, feasible: false,
              reason: `unpriced: no ${info.label} model-unit price for ${group.modelId} in ${group.region}`, assumptions: common, lines: [] });
          }
          continue;
        }
        scenarios.push(provisionedScenario({
          term, info, label, rate, prices, profile, ...(sizer ? { sizer } : {}), windowHours: ctx.windowHours, now: ctx.now,
          onDemandMonthly: monthly(onDemandCost), overflowRates, common,
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

/**
 * Image models are priced at one tier (resolution and quality), which CloudWatch does not report;
 * the range across the row's tiers shows how far off that can be.
 */
function imageTierRange(prices: ModelPrices, images: number, windowHours: number): { range: ImageTierRange; assumption: string } | undefined {
  const tier = prices.imageTier;
  const entries = Object.entries(prices.perImageByTier);
  if (tier === undefined || images === 0 || entries.length < 2) return undefined;
  const monthlyAt = (price: Priced) => perMonth(price.usd.times(images), windowHours);
  let min = entries[0]!;
  let max = entries[0]!;
  for (const entry of entries) {
    if (entry[1].usd.lessThan(min[1].usd)) min = entry;
    if (entry[1].usd.greaterThan(max[1].usd)) max = entry;
  }
  const range: ImageTierRange = { tier, minMonthlyCost: monthlyAt(min[1]), minTier: min[0], maxMonthlyCost: monthlyAt(max[1]), maxTier: max[0] };
  return {
    range,
    assumption: `images priced at the ${tier} tier (CloudWatch does not report resolution or quality; a rates file can name your tier with "imageTier"); across its ${entries.length} tiers the month ranges from ${formatUsd(range.minMonthlyCost)} (${min[0]}) to ${formatUsd(range.maxMonthlyCost)} (${max[0]})`,
  };
}

/**
 * Requests above a long-context threshold bill every token at the long-context rates, but CloudWatch
 * only has sums. A data point whose input (incl. cache) is at most the threshold cannot hold such a
 * request, since each request's tokens land in one point; so the worst case bills every token of the
 * larger points at long-context rates. With per-minute data that bound is tight, with hourly data loose.
 */
function longContextBound(
  profile: LoadProfile,
  usage: ModelUsageSummary,
  threshold: number,
  prices: ModelPrices,
  model: CatalogModel,
  monthly: (cost: Decimal | null) => Decimal | null,
): { details: LongContextBound; assumption: string } {
  let nonRead = 0;
  let reads = 0;
  let out = 0;
  for (let i = 0; i < profile.inputPerMinute.length; i++) {
    const minutes = profile.minutes[i] as number;
    const inTokens = (profile.inputPerMinute[i] as number) * minutes;
    if (inTokens <= threshold) continue;
    const readTokens = (profile.cacheReadPerMinute[i] as number) * minutes;
    nonRead += inTokens - readTokens;
    reads += readTokens;
    out += (profile.outputPerMinute[i] as number) * minutes;
  }
  const I = usage.inputTokens;
  const W = usage.cacheWriteInputTokens;
  const R = usage.cacheReadInputTokens;
  const O = usage.outputTokens;
  const allInput = I + R + W;
  const nonReadShare = I + W > 0 ? Math.min(1, nonRead / (I + W)) : 0;
  const lcI = Math.round(I * nonReadShare);
  const lcW = Math.round(W * nonReadShare);
  const lcR = Math.min(R, Math.round(reads));
  const lcO = Math.min(O, Math.round(out));
  const p = prices.perThousandTokens;
  const write = cacheWritePrice(model, prices, '5m').price;
  const worst = new Bill()
    .tokens(I - lcI, p.input, 'input').tokens(lcI, p.longContextInput, 'longContextInput')
    .tokens(O - lcO, p.output, 'output').tokens(lcO, p.longContextOutput, 'longContextOutput')
    .tokens(R - lcR, p.cacheRead, 'cacheRead').tokens(lcR, p.longContextCacheRead, 'longContextCacheRead')
    .tokens(W - lcW, write, 'cacheWrite5m').tokens(lcW, p.longContextCacheWrite5m, 'longContextCacheWrite5m');
  const worstCaseCost = worst.result();
  const maxRequestsAbove = Math.min(Math.floor(allInput / threshold), usage.invocations > 0 ? usage.invocations : Infinity);
  const average = usage.invocations > 0 ? allInput / usage.invocations : null;
  const share = allInput > 0 ? (lcI + lcW + lcR) / allInput : 0;
  const details: LongContextBound = {
    thresholdInputTokens: threshold,
    averageInputPerInvocation: average,
    maxRequestsAbove,
    worstCaseInputShare: share,
    worstCaseCost,
    worstCaseMonthlyCost: monthly(worstCaseCost),
    worstCaseLines: worst.lines,
  };
  const t = threshold.toLocaleString('en-US');
  const averageText = average !== null ? `; requests average ${Math.round(average).toLocaleString('en-US')} input tokens (incl. cache)` : '';
  const worstText = share === 0
    ? 'no data point holds enough input for one, so no long-context charge is possible'
    : worstCaseCost === null
      ? `the data points that could hold one carry ${Math.round(share * 100)}% of input; their long-context cost is unpriced (${worst.reason()})`
      : `worst case, the data points that could hold one (${Math.round(share * 100)}% of input) billed at long-context rates: ${formatUsd(monthly(worstCaseCost)!)}/month instead of the on-demand figure`;
  return {
    details,
    assumption: `long context: requests above ${t} input tokens bill at long-context rates, and CloudWatch sums cannot show which requests crossed it. At most ${maxRequestsAbove.toLocaleString('en-US')} request(s) could (total input / threshold)${averageText}; ${worstText}`,
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
  term: CommitmentTerm;
  info: ProvisionedTermInfo;
  label: string;
  rate: Priced;
  prices: ModelPrices;
  profile: LoadProfile;
  sizer?: UnitSizer;
  windowHours: number;
  now: Date;
  onDemandMonthly: Decimal | null;
  /** Each side's on-demand rate as billed today; null when either side is unpriced. */
  overflowRates: { input: BlendedRate; output: BlendedRate } | null;
  common: string[];
  contextVariants?: string[];
}

function provisionedScenario(a: ProvisionedArgs): Scenario {
  const { mode, months } = a.info;
  const unitMonthly = a.rate.usd.times(HOURS_PER_MONTH);
  const assumptions = [...a.common,
    'provisioned units are billed every hour of the month, used or not',
    'overflow beyond the purchased units is served on demand at today\'s blended rate: the application must fall back to the base model ID when the provisioned model throttles',
    'all input tokens, cached or not, count against unit input capacity'];
  if (a.contextVariants?.length) assumptions.push(`provisioned model IDs carry a context-length variant (${a.contextVariants.join(', ')}); the price assumes the variant that fits your prompts`);
  if (months > 0) assumptions.push(`a ${a.info.label} cannot be cancelled before its term ends; committed units need a quota increase through AWS Support`);
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
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: false, reason, assumptions, provisioned: details, lines: [] };
  }

  assumptions.push(`one model unit serves ${capacity.inputTokensPerMinute.toLocaleString('en-US')} input and ${capacity.outputTokensPerMinute.toLocaleString('en-US')} output tokens per minute (source: ${capacity.source.title})`);
  assumptions.push(...sizingResolutionAssumptions(a.profile));
  if (a.overflowRates === null) {
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: true, reason: 'unpriced: on-demand overflow cannot be priced', assumptions, lines: [] };
  }
  const windowMinutes = a.windowHours * 60;
  const sizer = a.sizer;
  // The search prices each unit count once, and the chosen count's bill is the one it priced.
  const bills = new Map<number, Bill>();
  const bill = (units: number): Bill => {
    let priced = bills.get(units);
    if (!priced) bills.set(units, (priced = provisionedBill(a, units, sizer.evaluate(units, windowMinutes))));
    return priced;
  };
  // cost(k) = k x rate x hours + overflow(k) x on-demand price is convex in k: the overflow falls by
  // less with each extra unit. So the cheapest k is found in O(log units) evaluations, then priced exactly.
  const best = convexMinimum(0, sizer.unitsForPeak, (k) => bill(k).result()!);
  const chosen = { units: best.k, cost: best.cost, mix: sizer.evaluate(best.k, windowMinutes) };
  const atPeak = sizer.evaluate(sizer.unitsForPeak, windowMinutes);
  const details: ProvisionedDetails = {
    term: a.term,
    hourlyRatePerUnit: a.rate.usd,
    unitsForPeak: sizer.unitsForPeak,
    bestUnits: chosen.units,
    utilisation: chosen.mix.utilisation,
    utilisationAtPeak: atPeak.utilisation,
    overflowInputTokens: chosen.mix.overflowInputTokens,
    overflowOutputTokens: chosen.mix.overflowOutputTokens,
    costAtPeak: a.rate.usd.times(sizer.unitsForPeak).times(exactHours(a.windowHours)),
    unitCapacity: { inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.id },
  };
  const monthlyCost = perMonth(chosen.cost, a.windowHours);
  if (months > 0 && chosen.units > 0 && a.onDemandMonthly && !a.onDemandMonthly.isZero()) {
    details.risk = commitmentRisk(a, sizer, chosen.units, windowMinutes);
    assumptions.push(`a commitment's total is its hourly price x units x the hours of its term from the purchase date (calendar months: the same day ${months} month(s) later, or that month's last day); this one, bought ${a.now.toISOString().slice(0, 10)}, runs ${details.risk.termHours} hours`);
  }
  const label = chosen.units === 0
    ? `${a.label}: no units pay at this load (peak needs ${sizer.unitsForPeak})`
    : `${a.label}: ${chosen.units} unit(s)${chosen.units < sizer.unitsForPeak ? `, overflow on demand (peak needs ${sizer.unitsForPeak})` : ''}`;
  const chosenBill = bill(chosen.units);
  return { mode, label, cost: chosen.cost, monthlyCost, feasible: true, assumptions: [...assumptions, ...chosenBill.notes], lines: chosenBill.lines, provisioned: details };
}

/**
 * `units` model units for the window plus their overflow on demand. Overflow is priced at each side's
 * blended on-demand rate as billed today (input side: input, cache reads and writes together), since
 * CloudWatch cannot say which kind of token overflowed.
 */
function provisionedBill(a: ProvisionedArgs, units: number, mix: { overflowInputTokens: number; overflowOutputTokens: number }): Bill {
  const bill = new Bill().units(exactHours(a.windowHours).times(units), a.rate, `model-unit hours (${a.term})`, 'model-unit hour');
  bill.atBlendedRate('input overflow on demand', mix.overflowInputTokens, a.overflowRates!.input);
  bill.atBlendedRate('output overflow on demand', mix.overflowOutputTokens, a.overflowRates!.output);
  return bill;
}

function commitmentRisk(a: ProvisionedArgs, sizer: UnitSizer, units: number, windowMinutes: number): CommitmentRisk {
  const unitsMonthly = a.rate.usd.times(units).times(HOURS_PER_MONTH);
  const total = commitmentTotal(a.rate.usd, units, a.now, a.info.months);
  const onDemandMonthly = a.onDemandMonthly!;
  const half = sizer.evaluate(units, windowMinutes, 0.5);
  const halfOverflow = provisionedBill(a, 0, half).result() ?? ZERO;
  return {
    termMonths: a.info.months,
    termHours: termHours(a.now, a.info.months),
    commitmentTotal: total,
    breakEvenMonths: total.dividedBy(onDemandMonthly),
    monthlySavingsIfUsageHalves: onDemandMonthly.dividedBy(2).minus(unitsMonthly.plus(perMonth(halfOverflow, a.windowHours))),
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

function fmtHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}-day` : `${hours.toFixed(1)}-hour`;
}

function fmtRatio(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
