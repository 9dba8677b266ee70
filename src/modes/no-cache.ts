import type { Scenario } from '../domain/report.js';
import { scenarioOfParts } from './bill-parts.js';
import type { ModeContext, PricingMode } from './mode.js';
import type { CatalogPriceRef } from './price-book.js';
import type { LineDimension } from '../domain/lines.js';
import type { Note, Worded } from '../domain/notes.js';

/** The scenario's head and what it assumes, whatever the model: frozen, shared by every scenario. */
const NO_CACHE_HEAD = Object.freeze({ mode: 'on-demand-no-cache', label: Object.freeze({ says: 'no-cache-label' }) } as const);
const BILLED_AS_INPUT: Note = Object.freeze({ says: 'cache-billed-as-input' } as const);
const KEEP_LONG_CONTEXT: Note = Object.freeze({ says: 'logs-keep-long-context' } as const);
const INPUT: CatalogPriceRef = { per1kTokens: 'input' };
const OUTPUT: CatalogPriceRef = { per1kTokens: 'output' };
/** The line every model's input is billed on here, one object for all (a line's dimension is never changed). */
const INPUT_WITH_CACHED: LineDimension = Object.freeze({ code: 'input-with-cached' });

/** On demand without prompt caching: what caching saves today. Shown, never advised. */
export const noCacheMode: PricingMode = {
  id: 'no-cache',
  scenarioModes: ['on-demand-no-cache'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const u = ctx.usage;
    if (u.cacheReadInputTokens + u.cacheWriteInputTokens === 0) return [];
    const allInput = u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
    const input = ctx.book.tokenBill(INPUT_WITH_CACHED, allInput, INPUT);
    // Output as billed today where the logs split nothing (the same line, priced once a model).
    const parts = [input, ctx.requests ? ctx.book.tokenBill('output', u.outputTokens, OUTPUT) : ctx.billedParts.output];
    const assumptions: Worded[] = ctx.common.concat(BILLED_AS_INPUT);
    const longContext = ctx.billed.longContext;
    if (longContext.length) {
      parts.push(ctx.book.bill(longContext));
      assumptions.push(KEEP_LONG_CONTEXT);
    }
    // Per-item charges (images on a text model) do not depend on caching: billed as today, never dropped.
    if (ctx.billed.items.length) parts.push(ctx.billedParts.items);
    return [scenarioOfParts(NO_CACHE_HEAD, parts, assumptions, ctx.monthly)];
  },
};
