import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import type { Bill } from '../replay/bill.js';
import { rateLine } from '../domain/lines.js';
import { partsTotal, scenarioOfParts } from './bill-parts.js';
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

/** No parts kept as billed (most models). */
const NO_PARTS: readonly Bill[] = Object.freeze([]);

/** Said of every prompt-cache what-if: one frozen note shared by every scenario. */
const SHARE_WHAT_IF: Note = Object.freeze({ says: 'cache-share-what-if' } as const);
/** …and where the logs show long-context requests, that those keep their rates. */
const SHARE_WHAT_IF_KEEPING_LONG_CONTEXT: readonly Note[] = Object.freeze([SHARE_WHAT_IF, Object.freeze({ says: 'logs-keep-long-context' } as const)]);

type WhatIfFigures = NonNullable<Scenario['promptCache']>;

/**
 * One TTL's what-ifs, share by share: their variant, label and figures, frozen. They depend on the
 * shares, the TTL, the break-even share and the writes per read alone, so every model with the same
 * ones (a provider's models share prices; a model that writes no cache has no writes per read) shares
 * the last model's objects instead of six of its own in the report. Never changed once made.
 */
interface TtlWhatIfs {
  readonly shares: readonly number[];
  readonly breakEven: number;
  readonly writesPerRead: number;
  readonly variants: readonly string[];
  readonly labels: readonly Worded[];
  readonly figures: readonly WhatIfFigures[];
}
const lastWhatIfs: Record<'5m' | '1h', TtlWhatIfs | undefined> = { '5m': undefined, '1h': undefined };

function sameShares(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The what-ifs of `ttl` for these figures: the last model's when they match, else made (labels and variants kept when the shares are the same). */
export function whatIfsOf(ttl: '5m' | '1h', shares: readonly number[], breakEven: number, writesPerRead: number): TtlWhatIfs {
  const last = lastWhatIfs[ttl];
  // The shares by value (a caller may pass a new list with the same shares, or change a list it passed).
  const same = last !== undefined && sameShares(last.shares, shares);
  if (same && Object.is(last.breakEven, breakEven) && Object.is(last.writesPerRead, writesPerRead)) return last;
  const variants = same ? last.variants : Object.freeze(shares.map((share) => `read-${Math.round(share * 100)}%-${ttl}`));
  const labels = same ? last.labels : Object.freeze(shares.map((readShare): Worded => Object.freeze({ says: 'prompt-cache-label', readShare, ttl } as const)));
  const figures = Object.freeze(shares.map((readShare): WhatIfFigures => Object.freeze({ readShare, ttl, breakEvenReadShare: breakEven, writesPerRead })));
  const made: TtlWhatIfs = { shares: same ? last.shares : Object.freeze(shares.slice()), breakEven, writesPerRead, variants, labels, figures };
  lastWhatIfs[ttl] = made;
  return made;
}

/** Prompt-cache what-ifs: each read share tried, at each TTL the model caches for. */
export const promptCacheMode: PricingMode = {
  id: 'prompt-cache',
  scenarioModes: ['prompt-cache'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const { model, usage: u, prices, book } = ctx;
    const I = u.inputTokens;
    const R = u.cacheReadInputTokens;
    const W = u.cacheWriteInputTokens;
    const allInput = I + R + W;
    if (!model?.promptCache || allInput === 0) return [];
    const p = prices.perThousandTokens;
    const out: Scenario[] = [];
    const writesPerRead = R > 0 ? W / R : DEFAULT_CACHE_WRITES_PER_READ;
    const mixNote: Note = R > 0
      ? { says: 'cache-write-mix', writesPerRead }
      : { says: 'cache-default-reads', readsPerWrite: 1 / DEFAULT_CACHE_WRITES_PER_READ };
    const minNote: Note | undefined = model.promptCache.minTokensPerCheckpoint
      ? { says: 'cache-min-prefix', tokens: model.promptCache.minTokensPerCheckpoint }
      : undefined;
    // Every scenario's list is these notes then the TTL's, then the what-if's own: the common part is
    // built once a model and each scenario's list is one copy of it (a list each: others append to it).
    const modelNotes: Worded[] = [...ctx.common, mixNote];
    if (minNote) modelNotes.push(minNote);
    const longContext = ctx.billed.longContext;
    const whatIfNotes = longContext.length ? SHARE_WHAT_IF_KEEPING_LONG_CONTEXT : [SHARE_WHAT_IF];
    // What the what-ifs share is priced once a model (scenarioOfParts): the output tokens and the
    // long-context requests for every one, each read share's uncached input and cache reads for both
    // TTLs; only the cache writes are priced per TTL and share (cachedComponents, split in parts).
    const shares = ctx.cacheReadShares;
    const n = shares.length;
    const outputPart = book.tokenBill('output', u.outputTokens, OUTPUT);
    const longContextPart = longContext.length ? book.bill(longContext) : undefined;
    // Per-item charges (images on a text model) do not depend on caching: billed as today, never dropped.
    const itemsPart = ctx.billed.items.length ? ctx.billedParts.items : undefined;
    const keptParts: readonly Bill[] = longContextPart && itemsPart ? [longContextPart, itemsPart] : longContextPart ? [longContextPart] : itemsPart ? [itemsPart] : NO_PARTS;
    // Lists of exactly the shares' number (one filled by `push` from empty reserves seventeen slots).
    const writes = new Array<number>(n);
    const readParts = new Array<Bill | undefined>(n);
    // Each share's total of the parts every TTL bills (undefined when a part has a note or no price).
    const shared = new Array<Decimal | undefined>(n);
    for (let i = 0; i < n; i++) {
      const reads = Math.round(allInput * shares[i]!);
      const written = Math.round(reads * writesPerRead);
      const uncached = allInput - reads - written;
      writes[i] = written;
      const readPart = uncached < 0 ? undefined : book.tokenBill('cacheRead', reads, CACHE_READ, book.tokenBill('input', uncached, INPUT));
      readParts[i] = readPart;
      shared[i] = readPart && partsTotal(keptParts.length === 0 ? [readPart, outputPart] : [readPart, outputPart, ...keptParts]);
    }
    for (const ttl of model.promptCache.ttls) {
      const write = book.cacheWrite(ttl);
      const be = breakEvenReadShare(p.input, p.cacheRead, write.price, ctx.shared) ?? NaN;
      const ttlNotes = write.assumption ? [...modelNotes, write.assumption] : modelNotes;
      const writeRef = CACHE_WRITE[ttl];
      const writeLine = rateLine(ttl === '5m' ? 'cacheWrite5m' : 'cacheWrite1h');
      const whatIfs = whatIfsOf(ttl, shares, be, writesPerRead);
      for (let i = 0; i < shares.length; i++) {
        const share = shares[i]!;
        const variant = whatIfs.variants[i]!;
        const label = whatIfs.labels[i]!;
        const assumptions: Worded[] = ttlNotes.concat(whatIfNotes);
        const readPart = readParts[i];
        if (!readPart) {
          out.push({ mode: 'prompt-cache', variant, label, cost: null, monthlyCost: null, feasible: false,
            reason: { says: 'cache-share-infeasible', readShare: share }, assumptions, lines: [] });
          continue;
        }
        const writePart = book.tokenBill(writeLine, writes[i]!, writeRef);
        const promptCache = whatIfs.figures[i]!;
        const base = shared[i];
        const writeCost = writePart.notes.length === 0 ? writePart.result() : null;
        if (base === undefined || writeCost === null) {
          const parts = [readPart, writePart, outputPart, ...keptParts];
          out.push(scenarioOfParts({ mode: 'prompt-cache', variant, label }, parts, assumptions, ctx.monthly, { promptCache }));
          continue;
        }
        // The lines in the order the what-if lists them (input, cache reads, writes, output, long context, items).
        const lines = readPart.lines.concat(writePart.lines, outputPart.lines);
        for (const part of keptParts) for (const line of part.lines) lines.push(line);
        const cost = writePart.lines.length > 0 ? base.plus(writeCost) : base;
        out.push({ mode: 'prompt-cache', variant, label, cost, monthlyCost: ctx.monthly(cost), feasible: true, assumptions, lines, promptCache });
      }
    }
    return out;
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
