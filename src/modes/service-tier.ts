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

/**
 * What the tiers keep as billed beyond the cached tokens, added to `parts`: the long-context requests'
 * input and output (only where the logs show any) and the per-item charges; the kind of notes that
 * says so (`NOTES_BY_KIND`). A function of its own: most models have neither, and `scenarios`, run
 * once a model, carries none of it.
 */
function keptKind(ctx: ModeContext, parts: Bill[]): number {
  const longContext = longContextSides(ctx.requests);
  if (longContext.length) parts.push(ctx.book.bill(longContext));
  if (ctx.billed.items.length) parts.push(ctx.billedParts.items);
  const u = ctx.usage;
  return (ctx.billed.longContext.length ? 1 : 0) | (u.cacheReadInputTokens + u.cacheWriteInputTokens > 0 ? 2 : 0) | (ctx.billed.items.length ? 4 : 0);
}

/** The Flex and Priority service tiers: their input and output rates; cached tokens at standard rates. */
export const serviceTierMode: PricingMode = {
  id: 'service-tier',
  scenarioModes: ['flex', 'priority'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const p = ctx.prices.perThousandTokens;
    const flex = TIERS[0];
    const priority = TIERS[1];
    const flexPriced = !!(p.flexInput || p.flexOutput);
    const priorityPriced = !!(p.priorityInput || p.priorityOutput);
    if (!flexPriced && !priorityPriced) return [];
    // A tier's parts: its own input and output (slot 0, set per tier), then what it keeps as billed:
    // cached tokens as today (the same parts, priced once a model), and requests above the
    // long-context threshold and per-item charges as billed (no tier publishes a rate for them).
    const billed = ctx.billedParts;
    const parts = [billed.cacheRead, billed.cacheRead, billed.cacheWrite];
    const notes = NOTES_BY_KIND[keptKind(ctx, parts)]!;
    const u = ctx.usage;
    const book = ctx.book;
    // Straight-line, no loop over the tiers nor a function a tier: this runs once a model, and V8
    // compiles a function once it has run enough bytecode (a loop's body counted at every turn, and a
    // small function's after a fraction of that), late in an analysis's first call, where the few
    // models left never pay the compile back.
    let first: Scenario | undefined;
    if (flexPriced) {
      parts[0] = book.tokenBill(flex.output, u.outputTokens, flex.outputRef, book.tokenBill(flex.input, u.inputTokens, flex.inputRef));
      first = scenarioOfParts(flex.head, parts, ctx.common.concat(flex.assumption, notes), ctx.monthly);
      if (!priorityPriced) return [first];
    }
    parts[0] = book.tokenBill(priority.output, u.outputTokens, priority.outputRef, book.tokenBill(priority.input, u.inputTokens, priority.inputRef));
    const second = scenarioOfParts(priority.head, parts, ctx.common.concat(priority.assumption, notes), ctx.monthly);
    return first === undefined ? [second] : [first, second];
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
