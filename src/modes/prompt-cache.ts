import type { PricedLine, Scenario } from '../domain/report.js';
import { ReplayShared } from '../replay/shared.js';
import { instruction } from '../domain/advice.js';
import type { Bill } from '../replay/bill.js';
import { rateLine } from '../domain/lines.js';
import { linesOfParts, partsTotal, scenarioOfParts } from './bill-parts.js';
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
    const writesPerRead = R > 0 ? W / R : DEFAULT_CACHE_WRITES_PER_READ;
    const mixNote: Note = R > 0 ? cacheWriteMix(writesPerRead) : CACHE_DEFAULT_READS;
    const minTokens = model.promptCache.minTokensPerCheckpoint;
    const minNote: Note | undefined = minTokens ? cacheMinPrefix(minTokens) : undefined;
    // Every scenario's list is these notes then the TTL's, then the what-if's own: the common part is
    // built once a model and each scenario's list is one copy of it (a list each: others append to it).
    // `concat`, not spreads: a spread runs the iterator protocol in bytecode (every model, and optimized with it).
    const modelNotes: Worded[] = ctx.common.concat(mixNote);
    if (minNote) modelNotes.push(minNote);
    const longContext = ctx.billed.longContext;
    const whatIfNotes = longContext.length ? SHARE_WHAT_IF_KEEPING_LONG_CONTEXT : SHARE_WHAT_IF_ONLY;
    // What the what-ifs share is priced once a model: the output tokens and the long-context requests
    // for every one (output as billed today where the logs split nothing: the same line, priced once),
    // each read share's uncached input and cache reads for both TTLs; only the cache writes are priced
    // per TTL and share (cachedComponents, split in parts).
    const shares = ctx.cacheReadShares;
    const n = shares.length;
    const outputPart = ctx.requests ? book.tokenBill('output', u.outputTokens, OUTPUT) : ctx.billedParts.output;
    const longContextPart = longContext.length ? book.bill(longContext) : undefined;
    // Per-item charges (images on a text model) do not depend on caching: billed as today, never dropped.
    const itemsPart = ctx.billed.items.length ? ctx.billedParts.items : undefined;
    const keptParts: readonly Bill[] = longContextPart && itemsPart ? [longContextPart, itemsPart] : longContextPart ? [longContextPart] : itemsPart ? [itemsPart] : NO_PARTS;
    // A what-if's parts in the order it lists them (input and cache reads, writes, output, long context,
    // items), without writes or with them: a list a model, its read and write parts set for each scenario in turn.
    const unwrittenParts: Bill[] = [outputPart, outputPart].concat(keptParts);
    let writtenParts: Bill[] | undefined;
    // Lists of exactly the shares' number (one filled by `push` from empty reserves seventeen slots).
    const writes = new Array<number>(n);
    const readParts = new Array<Bill | undefined>(n);
    for (let i = 0; i < n; i++) {
      const reads = Math.round(allInput * shares[i]!);
      const written = Math.round(reads * writesPerRead);
      const uncached = allInput - reads - written;
      writes[i] = written;
      readParts[i] = uncached < 0 ? undefined : book.tokenBill('cacheRead', reads, CACHE_READ, book.tokenBill('input', uncached, INPUT));
    }
    // A share that writes nothing bills the same at every TTL: its cost, monthly cost and lines are
    // worked out for the first TTL and shared by the next (a figure and a frozen list are never changed).
    const unwritten = new Array<{ cost: Decimal; monthlyCost: Decimal | null; lines: PricedLine[] } | undefined>(n);
    const ttls = model.promptCache.ttls;
    const out = new Array<Scenario>(ttls.length * n);
    let at = 0;
    const what = ctx.shared ?? new ReplayShared();
    // Indexed, not for-of: for-of runs the iterator protocol in a try/finally, bytecode run for every model (it makes this function hot sooner) and optimized with it.
    for (let t = 0; t < ttls.length; t++) {
      const ttl = ttls[t]!;
      const write = book.cacheWrite(ttl);
      const be = breakEvenReadShare(p.input, p.cacheRead, write.price, ctx.shared) ?? NaN;
      const ttlNotes = write.assumption ? modelNotes.concat(write.assumption) : modelNotes;
      const writeRef = CACHE_WRITE[ttl];
      const writeLine = rateLine(ttl === '5m' ? 'cacheWrite5m' : 'cacheWrite1h');
      const whatIfs = what.cacheWhatIfs(ttl, shares, be, writesPerRead);
      for (let i = 0; i < n; i++) {
        const variant = whatIfs.variants[i]!;
        const label = whatIfs.labels[i]!;
        const assumptions: Worded[] = ttlNotes.concat(whatIfNotes);
        const readPart = readParts[i];
        if (!readPart) {
          out[at++] = { mode: 'prompt-cache', variant, label, cost: null, monthlyCost: null, feasible: false,
            reason: { says: 'cache-share-infeasible', readShare: shares[i]! }, assumptions, lines: [] };
          continue;
        }
        const promptCache = whatIfs.figures[i]!;
        const same = unwritten[i];
        if (same !== undefined) {
          out[at++] = whatIfScenario(variant, label, same.cost, same.monthlyCost, assumptions, same.lines, promptCache);
          continue;
        }
        const written = writes[i]!;
        // No tokens written bill no line at any price: no part for them.
        let billed = unwrittenParts;
        if (written > 0) {
          billed = writtenParts ??= [outputPart, outputPart, outputPart].concat(keptParts);
          billed[1] = book.tokenBill(writeLine, written, writeRef);
        }
        billed[0] = readPart;
        const cost = partsTotal(billed);
        if (cost === undefined) {
          out[at++] = scenarioOfParts({ mode: 'prompt-cache', variant, label }, billed, assumptions, ctx.monthly, { promptCache });
          continue;
        }
        const lines = linesOfParts(billed);
        const monthlyCost = ctx.monthly(cost);
        if (written === 0) unwritten[i] = { cost, monthlyCost, lines: Object.freeze(lines) as PricedLine[] };
        out[at++] = whatIfScenario(variant, label, cost, monthlyCost, assumptions, lines, promptCache);
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
