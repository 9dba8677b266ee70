import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, Priced } from '../catalog/catalog.js';
import type { ImageTierRange, LongContextBound, ModelUsageSummary, RequestClassCounts, Scenario } from '../domain/report.js';
import type { TokenDimension } from '../catalog/schema.js';
import { rateLine, type LineDimension, type LineSide } from '../domain/lines.js';
import { perMonth, usd } from '../money.js';
import type { Note, Worded } from '../domain/notes.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { LoadProfile } from '../replay/load-profile.js';
import type { AsBilled, LoggedRequests, ModeContext, PricingMode } from './mode.js';
import { tokens, units, type CatalogPriceRef, type CostComponent, type PriceBook } from './price-book.js';

/**
 * On demand, as billed today: the figure every other mode is compared with. Text models bill input,
 * output and cache tokens; image models per image; rerank models per 1,000 queries; video models per
 * second of video generated, and video-understanding models per second of video and audio sent, which
 * CloudWatch does not report.
 */

export const ON_DEMAND_HEAD = { mode: 'on-demand' as const, label: { says: 'on-demand-label' as const } };

/** The token parts whose components are summed per line and price. */
const MERGED_PARTS = ['plainInput', 'output', 'cacheRead', 'cacheWrite', 'longContext'] as const;

/** The prices today's token parts name, one object each for every model (a component's price is never changed). */
const INPUT: CatalogPriceRef = Object.freeze({ per1kTokens: 'input' });
const OUTPUT: CatalogPriceRef = Object.freeze({ per1kTokens: 'output' });
const CACHE_READ: CatalogPriceRef = Object.freeze({ per1kTokens: 'cacheRead' });
const CACHE_WRITE_5M: CatalogPriceRef = Object.freeze({ cacheWrite: '5m' });
const CACHE_WRITE_AT_INPUT: LineDimension = Object.freeze({ code: 'cache-write-at-input' });
const NO_COMPONENTS: readonly CostComponent[] = Object.freeze([]);

/** The usage as billed today, as cost components in parts (other modes reuse the parts). */
export function asBilled(book: PriceBook, model: CatalogModel | undefined, usage: ModelUsageSummary, requests?: readonly RequestClassCounts[]): AsBilled {
  const prices = book.prices;
  const parts: AsBilled = { plainInput: [], output: [], cacheRead: [], cacheWrite: [], items: [], longContext: [], assumptions: [] };
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
      // Each part a list of exactly its one component (a list filled by `push` from empty reserves seventeen slots).
      parts.plainInput = [tokens('input', usage.inputTokens, INPUT)];
      parts.output = [tokens('output', usage.outputTokens, OUTPUT)];
      parts.cacheRead = [tokens('cacheRead', usage.cacheReadInputTokens, CACHE_READ)];
      const atInput = write5m.price === prices?.perThousandTokens.input;
      parts.cacheWrite = [tokens(atInput ? CACHE_WRITE_AT_INPUT : 'cacheWrite5m', usage.cacheWriteInputTokens, CACHE_WRITE_5M)];
      // Images reported for a text model have no price in its row: an unpriced line (the model's cost
      // then states what is missing), never $0 and never dropped.
      if (usage.images > 0) parts.items.push(units({ code: 'image' }, usage.images, 'image', { perImage: true }));
      if (usage.cacheWriteInputTokens > 0) {
        parts.assumptions.push({ says: model?.promptCache?.ttls.includes('1h') ? 'cache-writes-5m-not-1h' : 'cache-writes-5m' });
      }
      if (requests) {
        addRequestClasses(parts, requests);
        // Summed per line: one line per price, each sum priced once. Only the logs' classes add a second
        // component to a part (each holds one without them), so most models skip this loop.
        for (let i = 0; i < MERGED_PARTS.length; i++) {
          const part = MERGED_PARTS[i]!;
          parts[part] = mergedTokens(parts[part]);
        }
      }
      if (write5m.assumption && parts.cacheWrite.some((c) => 'tokens' in c && c.tokens > 0 && 'cacheWrite' in c.price && c.price.cacheWrite === '5m')) parts.assumptions.push(write5m.assumption);
      return parts;
    }
  }
}

/**
 * The requests the invocation logs counted, each class billed at its own rates, added to the parts:
 * those above the long-context threshold are also kept apart (`longContext`) for the what-ifs.
 */
function addRequestClasses(parts: AsBilled, requests: readonly RequestClassCounts[]): void {
  for (const c of requests) {
    const billed = requestClassParts(c).parts;
    parts.plainInput.push(...billed.plainInput);
    parts.output.push(...billed.output);
    parts.cacheRead.push(...billed.cacheRead);
    parts.cacheWrite.push(...billed.cacheWrite);
  }
  parts.longContext.push(...longContextParts(requests));
}

/** The requests above the long-context threshold, as billed: every part of each such class. */
export function longContextParts(requests: readonly RequestClassCounts[]): CostComponent[] {
  return requests.filter((c) => c.longContext).flatMap((c) => {
    const p = requestClassParts(c).parts;
    return [...p.plainInput, ...p.output, ...p.cacheRead, ...p.cacheWrite];
  });
}

/**
 * The input and output of the requests the logs show above the long-context threshold, as billed: for a
 * what-if that keeps the cache parts as billed (`cacheRead`, `cacheWrite` hold theirs) and reprices the rest.
 */
export function longContextSides(requests: LoggedRequests | undefined): readonly CostComponent[] {
  // Without the logs none (most models): no lists made for it.
  if (requests === undefined) return NO_COMPONENTS;
  return requests.quantities.classes.filter((c) => c.longContext).flatMap((c) => {
    const p = requestClassParts(c).parts;
    return [...p.plainInput, ...p.output];
  });
}

/**
 * The logs' request classes as another model bills them: a request above the threshold stays a
 * long-context one where that model has long-context rates, and is an ordinary one where it has none
 * (a migration, an alternative model). With `cacheAsInput`, for a model without prompt caching, every
 * cached token is input.
 */
export function classesOn(model: CatalogModel | undefined, classes: readonly RequestClassCounts[], cacheAsInput = false): RequestClassCounts[] {
  return classes.map((c) => {
    const t = c.tokens;
    return {
      ...c,
      longContext: c.longContext && model?.longContext !== undefined,
      ...(cacheAsInput ? { tokens: { input: t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h + t.cacheWriteUnsplit, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheWriteUnsplit: 0, output: t.output } } : {}),
    };
  });
}

/** Token components on the same line at the same price summed into one (integers, priced once), in first-seen order. */
function mergedTokens(components: CostComponent[]): CostComponent[] {
  // One component (every part without the logs' classes) has nothing to merge with: the list as it is.
  if (components.length < 2) return components;
  const byLine = new Map<string, CostComponent>();
  const out: CostComponent[] = [];
  for (const c of components) {
    if (!('tokens' in c) || 'blended' in c.price) {
      out.push(c);
      continue;
    }
    const key = JSON.stringify([c.dimension, c.price]);
    const seen = byLine.get(key);
    if (seen && 'tokens' in seen) seen.tokens += c.tokens;
    else {
      const copy = { ...c };
      byLine.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

/** A standard rate's long-context counterpart, for requests whose whole input was above the threshold. */
const LONG_CONTEXT = {
  input: 'longContextInput', output: 'longContextOutput', cacheRead: 'longContextCacheRead',
  cacheWrite5m: 'longContextCacheWrite5m', cacheWrite1h: 'longContextCacheWrite1h',
} as const satisfies Record<string, TokenDimension>;

/** Why a class's input and output have no price: no long-context rate for its tier, or a tier the catalog does not know. */
export type UnpricedTier = 'long-context-tier' | 'unknown-tier';

type TokenParts = Pick<AsBilled, 'plainInput' | 'output' | 'cacheRead' | 'cacheWrite'>;

/**
 * How one class of requests is billed on demand, as components (the price book multiplies): the
 * long-context rates for every token when its whole input was above the model's threshold, its cache
 * writes at the TTL its body names (the 5-minute rate when no body named it), its service tier's input
 * and output rates. The one rule for a request class: the on-demand scenario and each model's and
 * caller's per-request figures (src/logs/price-requests.ts) both bill these.
 */
export function requestClassParts(c: RequestClassCounts): { parts: TokenParts; unpricedTier?: UnpricedTier } {
  const t = c.tokens;
  const long = c.longContext;
  const none: CatalogPriceRef = { unpublished: true };
  const pick = (standard: CatalogPriceRef, longContext: CatalogPriceRef) => (long ? longContext : standard);
  let input: CatalogPriceRef = none;
  let output: CatalogPriceRef = none;
  let unpriced: UnpricedTier | undefined;
  if (c.tier === 'standard') {
    input = pick({ per1kTokens: 'input' }, { per1kTokens: 'longContextInput' });
    output = pick({ per1kTokens: 'output' }, { per1kTokens: 'longContextOutput' });
  } else if (c.tier === 'priority' || c.tier === 'flex') {
    // No long-context rate is published per tier: such requests stay unpriced rather than guessed.
    if (!long) {
      input = { per1kTokens: c.tier === 'priority' ? 'priorityInput' : 'flexInput' };
      output = { per1kTokens: c.tier === 'priority' ? 'priorityOutput' : 'flexOutput' };
    }
    if (long) unpriced = 'long-context-tier';
  } else {
    unpriced = 'unknown-tier';
  }
  const dim = (base: keyof typeof LONG_CONTEXT): TokenDimension => (long ? LONG_CONTEXT[base] : base);
  const tierDim = (side: LineSide): LineDimension => (c.tier === 'standard' ? rateLine(dim(side))
    : c.tier === 'flex' || c.tier === 'priority' ? rateLine(`${c.tier}${side === 'input' ? 'Input' : 'Output'}`) : { code: 'unknown-tier', tier: c.tier, side });
  const write5m = pick({ cacheWrite: '5m' }, { per1kTokens: 'longContextCacheWrite5m' });
  const write1h = pick({ cacheWrite: '1h' }, { per1kTokens: 'longContextCacheWrite1h' });
  const parts: TokenParts = {
    plainInput: [tokens(tierDim('input'), t.input, input)],
    output: [tokens(tierDim('output'), t.output, output)],
    // Cached tokens at the standard cache rates in every tier: tier rates for them are not published.
    cacheRead: [tokens(dim('cacheRead'), t.cacheRead, pick({ per1kTokens: 'cacheRead' }, { per1kTokens: 'longContextCacheRead' }))],
    cacheWrite: [
      tokens(dim('cacheWrite5m'), t.cacheWrite5m, write5m),
      tokens(dim('cacheWrite1h'), t.cacheWrite1h, write1h),
      tokens({ code: 'cache-write-ttl-unknown', longContext: long }, t.cacheWriteUnsplit, write5m),
    ],
  };
  return unpriced ? { parts, unpricedTier: unpriced } : { parts };
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
    const { prices, model, profile } = ctx;
    const extra: Partial<Scenario> = {};
    // The catalog row's own remark (a price left out and why, extended-access rates) is part of the figure.
    // `concat`, not spreads: a spread runs the iterator protocol in bytecode, for every model.
    const assumptions: Worded[] = ctx.common.concat(ctx.billed.assumptions);
    if (prices.rowNote) assumptions.push(catalogRowNote(prices.rowNote));
    const tiers = imageTierRange(ctx.book, prices, ctx.usage.images, ctx.windowHours);
    if (tiers) {
      extra.imageTiers = tiers.range;
      assumptions.push(tiers.assumption);
    }
    const logged = ctx.requests;
    if (isTokenModel(model) && model?.longContext) {
      const threshold = model.longContext.thresholdInputTokens;
      // Where the logs cover the window, each request is priced at its own class and no bound is left;
      // where they cover part of it, the bound holds for CloudWatch's points outside the covered hours.
      const rest = logged ? logged.rest : { profile, usage: ctx.usage };
      if (rest) {
        const bound = longContextBound(rest.profile, rest.usage, threshold, ctx.book, ctx.monthly, ctx.billed.longContext.concat(logged ? standardRequestParts(logged.quantities.classes) : []));
        extra.longContext = bound.details;
        assumptions.push(bound.assumption);
      }
      if (logged) {
        const { coverage, classes } = logged.quantities;
        const count = (which: (c: RequestClassCounts) => boolean) => classes.reduce((n, c) => n + (which(c) ? c.requests : 0), 0);
        assumptions.push({
          says: 'logs-long-context', longContextRequests: count((c) => c.longContext), requests: count(() => true), threshold,
          ...(logged.rest ? { partial: { start: coverage.start, end: coverage.end } } : { replacesBound: true }),
        });
      }
    }
    if (logged) {
      const t = logged.quantities.classes.reduce((sum, c) => ({
        write: sum.write + c.tokens.cacheWrite5m + c.tokens.cacheWrite1h + c.tokens.cacheWriteUnsplit, oneHour: sum.oneHour + c.tokens.cacheWrite1h, unsplit: sum.unsplit + c.tokens.cacheWriteUnsplit,
      }), { write: 0, oneHour: 0, unsplit: 0 });
      const { coverage } = logged.quantities;
      if (t.write > 0) {
        assumptions.push({
          says: 'logs-cache-ttl', cacheWriteTokens: t.write, cacheWrite1hTokens: t.oneHour,
          ...(t.unsplit > 0 ? { cacheWriteUnsplitTokens: t.unsplit } : {}), ...(logged.rest ? { partial: { start: coverage.start, end: coverage.end } } : {}),
        });
      }
    }
    return [scenarioFromBill(ON_DEMAND_HEAD, ctx.onDemand, assumptions, ctx.monthly, extra)];
  },
};

/**
 * The catalog row's remark as the report keeps it, built by stores on an empty object rather than from a
 * literal in `scenarios`: V8's pretenuring of a literal whose objects all survive part-way through a call
 * throws away the optimized code allocating from it.
 */
function catalogRowNote(remark: string): Note {
  const n = {} as { says: 'price-catalog-note'; remark: string };
  n.says = 'price-catalog-note';
  n.remark = remark;
  return n;
}

/** The logs' requests below the long-context threshold, as billed: in the worst case beside the bound, as they are. */
function standardRequestParts(classes: readonly RequestClassCounts[]): CostComponent[] {
  return classes.filter((c) => !c.longContext).flatMap((c) => {
    const p = requestClassParts(c).parts;
    return [...p.plainInput, ...p.output, ...p.cacheRead, ...p.cacheWrite];
  });
}

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
  /** The hours the invocation logs cover, priced request by request: in the worst case as they are. */
  covered: readonly CostComponent[] = [],
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
    ...covered,
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
