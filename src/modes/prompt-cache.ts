import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import { DEFAULT_CACHE_WRITES_PER_READ, breakEvenReadShare } from '../replay/model-replay.js';
import type { AdviceContext, ModeContext, PricingMode } from './mode.js';
import { tokens, type CostComponent } from './price-book.js';
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

/** Said of every prompt-cache what-if: one frozen note shared by every scenario. */
const SHARE_WHAT_IF: Note = Object.freeze({ says: 'cache-share-what-if' } as const);
/** …and where the logs show long-context requests, that those keep their rates. */
const SHARE_WHAT_IF_KEEPING_LONG_CONTEXT: readonly Note[] = Object.freeze([SHARE_WHAT_IF, Object.freeze({ says: 'logs-keep-long-context' } as const)]);

/** Prompt-cache what-ifs: each read share tried, at each TTL the model caches for. */
export const promptCacheMode: PricingMode = {
  id: 'prompt-cache',
  scenarioModes: ['prompt-cache'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const { model, usage: u, prices } = ctx;
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
    const whatIfNotes = ctx.billed.longContext.length ? SHARE_WHAT_IF_KEEPING_LONG_CONTEXT : [SHARE_WHAT_IF];
    for (const ttl of model.promptCache.ttls) {
      const write = ctx.book.cacheWrite(ttl);
      const be = breakEvenReadShare(p.input, p.cacheRead, write.price);
      const ttlNotes = write.assumption ? [...modelNotes, write.assumption] : modelNotes;
      for (const share of ctx.cacheReadShares) {
        const components = withLongContext(cachedComponents(u, share, ttl, writesPerRead), ctx.billed.longContext);
        const head = {
          mode: 'prompt-cache' as const, variant: `read-${Math.round(share * 100)}%-${ttl}`,
          label: { says: 'prompt-cache-label' as const, readShare: share, ttl },
        };
        const assumptions: Worded[] = ttlNotes.concat(whatIfNotes);
        if (!components) {
          out.push({ ...head, cost: null, monthlyCost: null, feasible: false,
            reason: { says: 'cache-share-infeasible', readShare: share }, assumptions, lines: [] });
          continue;
        }
        const bill = ctx.book.bill(components);
        out.push(scenarioFromBill(head, bill, assumptions, ctx.monthly, { promptCache: { readShare: share, ttl, breakEvenReadShare: be ?? NaN, writesPerRead } }));
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
