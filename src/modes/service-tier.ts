import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import type { Bill } from '../replay/bill.js';
import type { TokenDimension } from '../catalog/schema.js';
import { ITEMS_KEPT_AS_BILLED, scenarioOfParts } from './bill-parts.js';
import type { ModeContext, PricingMode } from './mode.js';
import type { CatalogPriceRef } from './price-book.js';
import { longContextSides } from './on-demand.js';
import type { Note, Worded } from '../domain/notes.js';

/** Each tier's scenario head, rates and what it assumes, whatever the model: frozen, shared by every scenario. */
const TIERS = [
  {
    head: Object.freeze({ mode: 'flex', label: Object.freeze({ says: 'flex-label' }) } as const), assumption: Object.freeze({ says: 'flex-trades-latency' } as const),
    input: 'flexInput', output: 'flexOutput', inputRef: { per1kTokens: 'flexInput' }, outputRef: { per1kTokens: 'flexOutput' },
  },
  {
    head: Object.freeze({ mode: 'priority', label: Object.freeze({ says: 'priority-label' }) } as const), assumption: Object.freeze({ says: 'priority-premium' } as const),
    input: 'priorityInput', output: 'priorityOutput', inputRef: { per1kTokens: 'priorityInput' }, outputRef: { per1kTokens: 'priorityOutput' },
  },
] as const satisfies ReadonlyArray<{ input: TokenDimension; output: TokenDimension; inputRef: CatalogPriceRef; outputRef: CatalogPriceRef; head: unknown; assumption: Note }>;
const CACHE_AT_STANDARD: Note = Object.freeze({ says: 'tier-cache-at-standard' } as const);
const KEEP_LONG_CONTEXT: Note = Object.freeze({ says: 'logs-keep-long-context' } as const);

/**
 * What a model's tier scenarios say after the tier's own note, by which applies (long context kept,
 * cached tokens at standard rates, items kept; bit 1, 2, 4), in that order: one frozen list each.
 */
const NOTES_BY_KIND: ReadonlyArray<readonly Note[]> = Array.from({ length: 8 }, (_, kind) => Object.freeze([
  ...(kind & 1 ? [KEEP_LONG_CONTEXT] : []), ...(kind & 2 ? [CACHE_AT_STANDARD] : []), ...(kind & 4 ? [ITEMS_KEPT_AS_BILLED] : []),
]));

/** The Flex and Priority service tiers: their input and output rates; cached tokens at standard rates. */
export const serviceTierMode: PricingMode = {
  id: 'service-tier',
  scenarioModes: ['flex', 'priority'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const p = ctx.prices.perThousandTokens;
    const u = ctx.usage;
    let first: Scenario | undefined;
    let second: Scenario | undefined;
    // A tier's parts: its own input and output (first, set per tier), then what it keeps as billed.
    let parts: Bill[] | undefined;
    let notes: readonly Note[] = NOTES_BY_KIND[0]!;
    // Indexed, not for-of: for-of runs the iterator protocol in a try/finally, bytecode run for every model (it makes this function hot sooner) and optimized with it.
    for (let i = 0; i < TIERS.length; i++) {
      const tier = TIERS[i]!;
      if (!p[tier.input] && !p[tier.output]) continue;
      // Cached tokens are billed as today (the same parts, priced once a model), and requests above
      // the long-context threshold keep their input and output as billed: no tier publishes a rate for them.
      if (parts === undefined) {
        parts = [ctx.billedParts.cacheRead, ctx.billedParts.cacheRead, ctx.billedParts.cacheWrite];
        const longContext = longContextSides(ctx.requests);
        if (longContext.length) parts.push(ctx.book.bill(longContext));
        if (ctx.billed.items.length) parts.push(ctx.billedParts.items);
        notes = NOTES_BY_KIND[(ctx.billed.longContext.length ? 1 : 0) | (u.cacheReadInputTokens + u.cacheWriteInputTokens > 0 ? 2 : 0) | (ctx.billed.items.length ? 4 : 0)]!;
      }
      parts[0] = ctx.book.tokenBill(tier.output, u.outputTokens, tier.outputRef, ctx.book.tokenBill(tier.input, u.inputTokens, tier.inputRef));
      const scenario = scenarioOfParts(tier.head, parts, ctx.common.concat(tier.assumption, notes), ctx.monthly);
      if (first === undefined) first = scenario;
      else second = scenario;
    }
    return second ? [first!, second] : first ? [first] : [];
  },
  // Priority costs more by design: only Flex is ever advised.
  adviser: {
    action: 'switch-pricing-mode',
    eligible: (s) => s.mode === 'flex',
    confidence: () => ({ confidence: 'medium', reasons: [{ code: 'flex-latency', confidence: 'medium' }] }),
    title: (_s, where) => ({ says: 'use-flex', where }),
    risk: () => [{ says: 'flex-delayed' }],
    nextSteps: () => [instruction({ says: 'set-flex-tier' })],
  },
};
