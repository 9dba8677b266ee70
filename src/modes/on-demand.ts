import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, Priced } from '../catalog/catalog.js';
import type { ImageTierRange, LongContextBound, ModelUsageSummary, Scenario } from '../domain/report.js';
import { perMonth, usd } from '../money.js';
import type { Note, Worded } from '../domain/notes.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { LoadProfile } from '../replay/load-profile.js';
import type { AsBilled, ModeContext, PricingMode } from './mode.js';
import { tokens, units, type PriceBook } from './price-book.js';

/**
 * On demand, as billed today: the figure every other mode is compared with. Text models bill input,
 * output and cache tokens; image models per image; rerank models per 1,000 queries; video models per
 * second of video generated, and video-understanding models per second of video and audio sent, which
 * CloudWatch does not report.
 */

export const ON_DEMAND_HEAD = { mode: 'on-demand' as const, label: 'On demand (as billed)' };

/** The usage as billed today, as cost components in parts (other modes reuse the parts). */
export function asBilled(book: PriceBook, model: CatalogModel | undefined, usage: ModelUsageSummary): AsBilled {
  const prices = book.prices;
  const parts: AsBilled = { plainInput: [], output: [], cacheRead: [], cacheWrite: [], items: [], assumptions: [] };
  switch (model?.modality) {
    case 'image': {
      const tier = prices?.imageTier;
      parts.items.push(units(tier ? { code: 'image', tier } : { code: 'image' }, usage.images, 'image', { perImage: true }));
      parts.assumptions.push({ says: 'images-per-image' });
      return parts;
    }
    case 'rerank':
      // Rerank bills per 1,000 queries; CloudWatch counts invocations, and one request is one query.
      parts.items.push(units({ code: 'rerank-queries' }, usd(usage.invocations).dividedBy(1000), '1K queries', { per1kQueries: true }));
      parts.assumptions.push({ says: 'rerank-per-query' });
      return parts;
    case 'video':
      parts.unpriceable = { says: 'video-seconds-unpriced' };
      return parts;
    default: {
      // Seconds of video and audio sent to a model are billed, and CloudWatch does not report them. A
      // model whose input is only media (TwelveLabs Pegasus: no input-token price) cannot be priced
      // from CloudWatch at all; one that also takes text (Nova Multimodal Embeddings) is priced on its
      // tokens, saying that media seconds are left out.
      if (prices?.perInputVideoSecond || prices?.perInputAudioSecond) {
        if (!prices.perThousandTokens.input) {
          parts.unpriceable = { says: 'media-seconds-unpriced' };
          return parts;
        }
        parts.assumptions.push({ says: 'media-seconds-left-out' });
      }
      const write5m = book.cacheWrite('5m');
      parts.plainInput.push(tokens('input', usage.inputTokens, { per1kTokens: 'input' }));
      parts.output.push(tokens('output', usage.outputTokens, { per1kTokens: 'output' }));
      parts.cacheRead.push(tokens('cacheRead', usage.cacheReadInputTokens, { per1kTokens: 'cacheRead' }));
      const atInput = write5m.price === prices?.perThousandTokens.input;
      parts.cacheWrite.push(tokens(atInput ? { code: 'cache-write-at-input' } : 'cacheWrite5m', usage.cacheWriteInputTokens, { cacheWrite: '5m' }));
      // Images reported for a text model have no price in its row: an unpriced line (the model's cost
      // then states what is missing), never $0 and never dropped.
      if (usage.images > 0) parts.items.push(units({ code: 'image' }, usage.images, 'image', { perImage: true }));
      if (usage.cacheWriteInputTokens > 0) {
        parts.assumptions.push({ says: model?.promptCache?.ttls.includes('1h') ? 'cache-writes-5m-not-1h' : 'cache-writes-5m' });
        if (write5m.assumption) parts.assumptions.push(write5m.assumption);
      }
      return parts;
    }
  }
}

/** Every part of the usage as billed today, in the order the on-demand scenario lists them. */
export function allParts(billed: AsBilled) {
  return [...billed.plainInput, ...billed.output, ...billed.cacheRead, ...billed.cacheWrite, ...billed.items];
}

export const onDemandMode: PricingMode = {
  id: 'on-demand',
  scenarioModes: ['on-demand'],
  needs: ['tokens', 'items', 'load-profile'],
  appliesTo: 'all-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const { prices, usage, model, profile } = ctx;
    const extra: Partial<Scenario> = {};
    // The catalog row's own remark (a price left out and why, extended-access rates) is part of the figure.
    const assumptions: Worded[] = [...ctx.common, ...ctx.billed.assumptions, ...(prices.rowNote ? [`price catalog note: ${prices.rowNote}`] : [])];
    const tiers = imageTierRange(ctx.book, prices, usage.images, ctx.windowHours);
    if (tiers) {
      extra.imageTiers = tiers.range;
      assumptions.push(tiers.assumption);
    }
    if (isTokenModel(model) && model?.longContext) {
      const bound = longContextBound(profile, usage, model.longContext.thresholdInputTokens, ctx.book, ctx.monthly);
      extra.longContext = bound.details;
      assumptions.push(bound.assumption);
    }
    return [scenarioFromBill(ON_DEMAND_HEAD, ctx.onDemand, assumptions, ctx.monthly, extra)];
  },
};

/** Billed per token: not per image or per query. */
export function isTokenModel(model: CatalogModel | undefined): boolean {
  return model?.modality !== 'image' && model?.modality !== 'rerank';
}

/**
 * Image models are priced at one tier (resolution and quality), which CloudWatch does not report;
 * the range across the row's tiers shows how far off that can be.
 */
function imageTierRange(book: PriceBook, prices: ModelPrices, images: number, windowHours: number): { range: ImageTierRange; assumption: Note } | undefined {
  const tier = prices.imageTier;
  const entries = Object.entries(prices.perImageByTier);
  if (tier === undefined || images === 0 || entries.length < 2) return undefined;
  const monthlyAt = (tierName: string) => perMonth(book.bill([units({ code: 'image', tier: tierName }, images, 'image', { perImageTier: tierName })]).result()!, windowHours);
  let min = entries[0]!;
  let max = entries[0]!;
  for (const entry of entries) {
    if (entry[1].usd.lessThan(min[1].usd)) min = entry;
    if (entry[1].usd.greaterThan(max[1].usd)) max = entry;
  }
  const range: ImageTierRange = { tier, minMonthlyCost: monthlyAt(min[0]), minTier: min[0], maxMonthlyCost: monthlyAt(max[0]), maxTier: max[0] };
  return {
    range,
    assumption: { says: 'image-tier-range', tier, tiers: entries.length, minMonthly: range.minMonthlyCost, minTier: min[0], maxMonthly: range.maxMonthlyCost, maxTier: max[0] },
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
  book: PriceBook,
  monthly: (cost: Decimal | null) => Decimal | null,
): { details: LongContextBound; assumption: Note } {
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
  const worst = book.bill([
    tokens('input', I - lcI, { per1kTokens: 'input' }), tokens('longContextInput', lcI, { per1kTokens: 'longContextInput' }),
    tokens('output', O - lcO, { per1kTokens: 'output' }), tokens('longContextOutput', lcO, { per1kTokens: 'longContextOutput' }),
    tokens('cacheRead', R - lcR, { per1kTokens: 'cacheRead' }), tokens('longContextCacheRead', lcR, { per1kTokens: 'longContextCacheRead' }),
    tokens('cacheWrite5m', W - lcW, { cacheWrite: '5m' }), tokens('longContextCacheWrite5m', lcW, { per1kTokens: 'longContextCacheWrite5m' }),
  ]);
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
  const reason = worstCaseCost === null ? worst.reason() : undefined;
  return {
    details,
    assumption: {
      says: 'long-context-bound', threshold, maxRequestsAbove, averageInputPerInvocation: average, worstCaseInputShare: share,
      worstCaseMonthly: monthly(worstCaseCost), ...(reason ? { unpricedReason: reason } : {}),
    },
  };
}
