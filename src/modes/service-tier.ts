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

/** The Flex and Priority service tiers: their input and output rates; cached tokens at standard rates. */
export const serviceTierMode: PricingMode = {
  id: 'service-tier',
  scenarioModes: ['flex', 'priority'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const p = ctx.prices.perThousandTokens;
    const u = ctx.usage;
    const out: Scenario[] = [];
    let kept: Bill[] | undefined;
    let notes: Worded[] | undefined;
    for (const tier of TIERS) {
      if (!p[tier.input] && !p[tier.output]) continue;
      // Cached tokens are billed as today (the same parts, priced once a model), and requests above
      // the long-context threshold keep their input and output as billed: no tier publishes a rate for them.
      if (kept === undefined) {
        kept = [ctx.billedParts.cacheRead, ctx.billedParts.cacheWrite];
        const longContext = longContextSides(ctx.requests);
        if (longContext.length) kept.push(ctx.book.bill(longContext));
        notes = [];
        if (ctx.billed.longContext.length) notes.push(KEEP_LONG_CONTEXT);
        if (u.cacheReadInputTokens + u.cacheWriteInputTokens > 0) notes.push(CACHE_AT_STANDARD);
        if (ctx.billed.items.length) {
          kept.push(ctx.billedParts.items);
          notes.push(ITEMS_KEPT_AS_BILLED);
        }
      }
      const own = ctx.book.tokenBill(tier.output, u.outputTokens, tier.outputRef, ctx.book.tokenBill(tier.input, u.inputTokens, tier.inputRef));
      const assumptions = ctx.common.concat(tier.assumption, notes!);
      out.push(scenarioOfParts(tier.head, [own, ...kept], assumptions, ctx.monthly));
    }
    return out;
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
