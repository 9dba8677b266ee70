import type { PricedLine, Scenario } from '../domain/report.js';
import { ReplayShared, type CacheWhatIfs } from '../replay/shared.js';
import { instruction } from '../domain/advice.js';
import type { Bill } from '../replay/bill.js';
import { rateLine, type LineDimension } from '../domain/lines.js';
import { priceParts, priced, scenarioOfParts } from './bill-parts.js';
import type { Decimal } from 'decimal.js';
import { DEFAULT_CACHE_WRITES_PER_READ, breakEvenReadShare } from '../replay/model-replay.js';
import type { AdviceContext, ModeContext, PricingMode } from './mode.js';
import { tokens, type CatalogPriceRef, type CostComponent } from './price-book.js';
import { longContextParts } from './on-demand.js';
import type { ModelUsageSummary } from '../domain/report.js';
import type { Note, Worded } from '../domain/notes.js';

/** The read share today: cache reads over all input (plain, read, written). */
function currentReadShare(ctx: AdviceContext): number {
  const u = ctx.replay.report.usage;
  const allInput = u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
  return allInput > 0 ? u.cacheReadInputTokens / allInput : 0;
}

/**
 * The middle of the read shares tried: the one conservative what-if that stands for caching. The share
 * that would stand at index (n - 1) / 2 if they were sorted, found by counting (no sorted copy: this is
 * asked for every prompt-cache scenario of every model, and the list is a handful of shares).
 */
function middleShare(shares: readonly number[]): number {
  const k = Math.floor((shares.length - 1) / 2);
  for (const s of shares) {
    let below = 0;
    let atMost = 0;
    for (const t of shares) {
      if (t < s) below++;
      if (t <= s) atMost++;
    }
    if (below <= k && k < atMost) return s;
  }
  return 0.5;
}

/**
 * The usage with `share` of all input read from cache and `writesPerRead` written per token read: the
 * quantities the what-if bills, named by price (so any row's book prices them). Undefined when the
 * share leaves fewer than no uncached tokens.
 */
function cachedComponents(u: ModelUsageSummary, share: number, ttl: '5m' | '1h', writesPerRead: number): CostComponent[] | undefined {
  const allInput = u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
  const reads = Math.round(allInput * share);
  const writes = Math.round(reads * writesPerRead);
  const uncached = allInput - reads - writes;
  if (uncached < 0) return undefined;
  return [
    tokens('input', uncached, { per1kTokens: 'input' }),
    tokens('cacheRead', reads, { per1kTokens: 'cacheRead' }),
    tokens(`cacheWrite${ttl}`, writes, { cacheWrite: ttl }),
    tokens('output', u.outputTokens, { per1kTokens: 'output' }),
  ];
}

/**
 * Requests the logs show above the long-context threshold keep their long-context rates: the what-if
 * caches the rest (the share of a long-context request's input that could be cached is not known).
 */
function withLongContext(components: CostComponent[] | undefined, longContext: readonly CostComponent[]): CostComponent[] | undefined {
  return components && longContext.length ? [...components, ...longContext] : components;
}

/** The prices the what-ifs name, one object each (every model's scenarios name the same ones). */
const INPUT: CatalogPriceRef = { per1kTokens: 'input' };
const CACHE_READ: CatalogPriceRef = { per1kTokens: 'cacheRead' };
const OUTPUT: CatalogPriceRef = { per1kTokens: 'output' };
const CACHE_WRITE: Readonly<Record<'5m' | '1h', CatalogPriceRef>> = { '5m': { cacheWrite: '5m' }, '1h': { cacheWrite: '1h' } };

/** Said of every prompt-cache what-if: one frozen note shared by every scenario. */
const SHARE_WHAT_IF: Note = Object.freeze({ says: 'cache-share-what-if' } as const);
/** …and where the logs show long-context requests, that those keep their rates. */
const SHARE_WHAT_IF_KEEPING_LONG_CONTEXT: readonly Note[] = Object.freeze([SHARE_WHAT_IF, Object.freeze({ says: 'logs-keep-long-context' } as const)]);
const SHARE_WHAT_IF_ONLY: readonly Note[] = Object.freeze([SHARE_WHAT_IF]);

/** Where nothing is read from cache today: the same note for every model. */
const CACHE_DEFAULT_READS: Note = Object.freeze({ says: 'cache-default-reads', readsPerWrite: 1 / DEFAULT_CACHE_WRITES_PER_READ } as const);

/**
 * The per-model notes the report keeps, built by stores on an empty object rather than from a literal
 * (V8's pretenuring of a literal whose objects all survive throws away the code allocating from it).
 */
function cacheWriteMix(writesPerRead: number): Note {
  const n = {} as { says: 'cache-write-mix'; writesPerRead: number };
  n.says = 'cache-write-mix';
  n.writesPerRead = writesPerRead;
  return n;
}
function cacheMinPrefix(tokens: number): Note {
  const n = {} as { says: 'cache-min-prefix'; tokens: number };
  n.says = 'cache-min-prefix';
  n.tokens = tokens;
  return n;
}

/**
 * A priced what-if, its keys in the report's order, made by stores on an empty object rather than from a
 * literal: the report keeps every scenario, and V8's pretenuring of a literal whose objects all survive
 * throws away the optimized code allocating from it (see provisionedScenario in provisioned.ts).
 */
function whatIfScenario(variant: string, label: Worded, cost: Decimal, monthlyCost: Decimal | null, assumptions: Worded[], lines: PricedLine[], promptCache: NonNullable<Scenario['promptCache']>): Scenario {
  const s = {} as Scenario;
  s.mode = 'prompt-cache';
  s.variant = variant;
  s.label = label;
  s.cost = cost;
  s.monthlyCost = monthlyCost;
  s.feasible = true;
  s.assumptions = assumptions;
  s.lines = lines;
  s.promptCache = promptCache;
  return s;
}

/*
 * A model's what-ifs in two steps: `scenarios`, once a model (its notes and the parts every what-if
 * shares), then `whatIfsByShare`, the loops over the TTLs and the read shares, which prices each share
 * once for every TTL where it writes nothing (`unwrittenWhatIfs`) and at each TTL's write rate where it
 * does (`writtenWhatIfs`). V8 compiles a function once it has run enough bytecode, with what it inlines:
 * the set-up run once a model is not compiled with the loops, nor the branch a model's data does not take.
 */

/** What a model's what-ifs at one TTL share: their variants, labels and figures (`ReplayShared.cacheWhatIfs`), and notes. */
interface TtlWhatIfs {
  readonly ttl: '5m' | '1h';
  readonly whatIfs: CacheWhatIfs;
  /** What each of its scenarios assumes (each gets a copy: the lifecycle and the logs add to a scenario's list). */
  readonly notes: readonly Worded[];
}

/** The lines a TTL's cache writes are billed on, one object each (a line's dimension is never changed). */
const WRITE_LINE: Readonly<Record<'5m' | '1h', LineDimension>> = { '5m': rateLine('cacheWrite5m'), '1h': rateLine('cacheWrite1h') };

/**
 * A what-if's parts in the order it lists them: input and cache reads (slot 0, set for each share), the
 * cache writes (slot 1, set for each TTL) where it writes, then the output (as billed today where the logs
 * split nothing: the same line, priced once a model), the long-context requests and the items, priced
 * once a model for every what-if. `written` is made only where the shares write (`writesPerRead` > 0).
 */
interface WhatIfParts {
  readonly unwritten: Bill[];
  readonly written: Bill[] | undefined;
}

function whatIfParts(ctx: ModeContext, writesPerRead: number): WhatIfParts {
  const longContext = ctx.billed.longContext;
  const outputPart = ctx.requests ? ctx.book.tokenBill('output', ctx.usage.outputTokens, OUTPUT) : ctx.billedParts.output;
  // Per-item charges (images on a text model) do not depend on caching: billed as today, never dropped.
  const kept: Bill[] = longContext.length ? [ctx.book.bill(longContext)] : [];
  if (ctx.billed.items.length) kept.push(ctx.billedParts.items);
  return {
    unwritten: [outputPart, outputPart].concat(kept),
    written: writesPerRead > 0 ? [outputPart, outputPart, outputPart].concat(kept) : undefined,
  };
}

/**
 * A model's what-ifs at `ttl`: the model's notes (`notes`, made once a model), or with the TTL's write
 * assumption where it has one. Run once a TTL, outside the loops over the shares: their compiled code does not hold it.
 */
function ttlWhatIfs(ctx: ModeContext, what: ReplayShared, ttl: '5m' | '1h', modelNotes: Worded[], whatIfNotes: readonly Note[], notes: readonly Worded[], writesPerRead: number): TtlWhatIfs {
  const write = ctx.book.cacheWrite(ttl);
  const be = breakEvenReadShare(ctx.prices.perThousandTokens.input, ctx.prices.perThousandTokens.cacheRead, write.price, ctx.shared) ?? NaN;
  return { ttl, whatIfs: what.cacheWhatIfs(ttl, ctx.cacheReadShares, be, writesPerRead), notes: write.assumption ? modelNotes.concat(write.assumption, whatIfNotes) : notes };
}

/**
 * Every what-if of the model in the report's order (TTL by TTL, share by share): each read share's
 * uncached input and cache reads priced once for all TTLs.
 */
function whatIfsByShare(ctx: ModeContext, perTtl: readonly TtlWhatIfs[], allInput: number, writesPerRead: number, parts: WhatIfParts): Scenario[] {
  const book = ctx.book;
  const shares = ctx.cacheReadShares;
  const n = shares.length;
  // A list of exactly its number (one filled by `push` from empty reserves seventeen slots).
  const out = new Array<Scenario>(perTtl.length * n);
  for (let i = 0; i < n; i++) {
    const reads = Math.round(allInput * shares[i]!);
    const written = Math.round(reads * writesPerRead);
    const uncached = allInput - reads - written;
    if (uncached < 0) {
      infeasibleWhatIfs(out, perTtl, i, n, shares[i]!);
      continue;
    }
    const readPart = book.tokenBill('cacheRead', reads, CACHE_READ, book.tokenBill('input', uncached, INPUT));
    // No tokens written bill no line at any price: no part for them.
    if (written === 0) unwrittenWhatIfs(out, perTtl, i, n, readPart, parts.unwritten, ctx.monthly);
    else writtenWhatIfs(out, perTtl, i, n, readPart, parts.written!, written, ctx);
  }
  return out;
}

/**
 * Share `i`'s what-ifs where it writes nothing: they bill the same at every TTL, so the cost, monthly
 * cost and lines are worked out once and shared (a figure and a frozen list are never changed).
 */
function unwrittenWhatIfs(out: Scenario[], perTtl: readonly TtlWhatIfs[], i: number, n: number, readPart: Bill, parts: Bill[], monthly: ModeContext['monthly']): void {
  parts[0] = readPart;
  if (!priceParts(parts, monthly)) {
    for (let t = 0; t < perTtl.length; t++) out[t * n + i] = notedWhatIf(perTtl[t]!, i, parts, monthly);
    return;
  }
  const cost = priced.cost;
  const monthlyCost = priced.monthlyCost;
  const lines = Object.freeze(priced.lines) as PricedLine[];
  for (let t = 0; t < perTtl.length; t++) {
    const w = perTtl[t]!.whatIfs;
    out[t * n + i] = whatIfScenario(w.variants[i]!, w.labels[i]!, cost, monthlyCost, perTtl[t]!.notes.slice(), lines, w.figures[i]!);
  }
}

/** Share `i`'s what-ifs where it writes `written` tokens: priced at each TTL's write rate. */
function writtenWhatIfs(out: Scenario[], perTtl: readonly TtlWhatIfs[], i: number, n: number, readPart: Bill, parts: Bill[], written: number, ctx: ModeContext): void {
  parts[0] = readPart;
  for (let t = 0; t < perTtl.length; t++) {
    const at = perTtl[t]!;
    parts[1] = ctx.book.tokenBill(WRITE_LINE[at.ttl], written, CACHE_WRITE[at.ttl]);
    const w = at.whatIfs;
    out[t * n + i] = !priceParts(parts, ctx.monthly) ? notedWhatIf(at, i, parts, ctx.monthly)
      : whatIfScenario(w.variants[i]!, w.labels[i]!, priced.cost, priced.monthlyCost, at.notes.slice(), priced.lines, w.figures[i]!);
  }
}

/** A what-if whose parts carry a note (a derived price) or a line with no price (rare): made as any other scenario of parts. */
function notedWhatIf(at: TtlWhatIfs, i: number, parts: readonly Bill[], monthly: ModeContext['monthly']): Scenario {
  const w = at.whatIfs;
  return scenarioOfParts({ mode: 'prompt-cache', variant: w.variants[i]!, label: w.labels[i]! }, parts, at.notes.slice(), monthly, { promptCache: w.figures[i]! });
}

/** Share `i`'s what-ifs where it would leave fewer than no uncached tokens: infeasible at every TTL. */
function infeasibleWhatIfs(out: Scenario[], perTtl: readonly TtlWhatIfs[], i: number, n: number, readShare: number): void {
  for (let t = 0; t < perTtl.length; t++) {
    const w = perTtl[t]!.whatIfs;
    out[t * n + i] = {
      mode: 'prompt-cache', variant: w.variants[i]!, label: w.labels[i]!, cost: null, monthlyCost: null, feasible: false,
      reason: { says: 'cache-share-infeasible', readShare }, assumptions: perTtl[t]!.notes.slice(), lines: [],
    };
  }
}

/** Prompt-cache what-ifs: each read share tried, at each TTL the model caches for. */
export const promptCacheMode: PricingMode = {
  id: 'prompt-cache',
  scenarioModes: ['prompt-cache'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const { model, usage: u } = ctx;
    const R = u.cacheReadInputTokens;
    const W = u.cacheWriteInputTokens;
    const allInput = u.inputTokens + R + W;
    const cache = model?.promptCache;
    if (!cache || allInput === 0 || cache.ttls.length === 0) return [];
    const writesPerRead = R > 0 ? W / R : DEFAULT_CACHE_WRITES_PER_READ;
    // Every scenario's list is these notes then the TTL's, then the what-if's own: the common part is
    // built once a model and each scenario's list is one copy of it (a list each: others append to it).
    // `concat`, not spreads: a spread runs the iterator protocol in bytecode (every model, and optimized with it).
    const modelNotes: Worded[] = ctx.common.concat(R > 0 ? cacheWriteMix(writesPerRead) : CACHE_DEFAULT_READS);
    if (cache.minTokensPerCheckpoint) modelNotes.push(cacheMinPrefix(cache.minTokensPerCheckpoint));
    // The notes every TTL's what-ifs state where its write price needs no assumption (one list; each scenario copies it).
    const whatIfNotes = ctx.billed.longContext.length ? SHARE_WHAT_IF_KEEPING_LONG_CONTEXT : SHARE_WHAT_IF_ONLY;
    const notes = modelNotes.concat(whatIfNotes);
    const what = ctx.shared ?? new ReplayShared();
    const perTtl = cache.ttls.map((ttl) => ttlWhatIfs(ctx, what, ttl, modelNotes, whatIfNotes, notes, writesPerRead));
    return whatIfsByShare(ctx, perTtl, allInput, writesPerRead, whatIfParts(ctx, writesPerRead));
  },
  adviser: {
    action: 'enable-prompt-caching',
    // Caching changes what is billed (input into cache reads and writes), at whichever row bills it.
    stack: {
      layer: 'quantities',
      components: (s, ctx) => {
        if (!s.promptCache) return undefined;
        const logged = ctx.replay.logged;
        const cached = cachedComponents(logged?.whatIfUsage ?? ctx.replay.report.usage, s.promptCache.readShare, s.promptCache.ttl, s.promptCache.writesPerRead);
        return withLongContext(cached, longContextParts(logged?.quantities.classes ?? []));
      },
    },
    // One conservative what-if stands for caching: the middle read share, and only above today's.
    eligible: (s, ctx) => {
      const middle = middleShare(ctx.cacheReadShares);
      return s.promptCache?.readShare === middle && middle > currentReadShare(ctx);
    },
    confidence: (_s, ctx) => {
      const confidence = ctx.replay.report.usage.cacheReadInputTokens > 0 ? 'medium' : 'low';
      return { confidence, reasons: [{ code: confidence === 'medium' ? 'cache-in-use' : 'cache-prefix-unknown', confidence }] };
    },
    title: (s, where) => ({ says: 'enable-prompt-caching', where, readShare: s.promptCache?.readShare ?? 0, ttl: String(s.promptCache?.ttl) }),
    nextSteps: () => [instruction({ says: 'cache-put-prefix-first' }), instruction({ says: 'cache-add-checkpoint' })],
  },
};
