import type { Scenario } from '../domain/report.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens } from './price-book.js';
import type { Note } from '../domain/notes.js';

/** The scenario's head and what it assumes, whatever the model: frozen, shared by every scenario. */
const NO_CACHE_HEAD = Object.freeze({ mode: 'on-demand-no-cache', label: Object.freeze({ says: 'no-cache-label' }) } as const);
const BILLED_AS_INPUT: Note = Object.freeze({ says: 'cache-billed-as-input' } as const);

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
    const bill = ctx.book.bill([
      tokens({ code: 'input-with-cached' }, allInput, { per1kTokens: 'input' }),
      tokens('output', u.outputTokens, { per1kTokens: 'output' }),
      ...ctx.billed.longContext,
    ]);
    return [scenarioFromBill(NO_CACHE_HEAD, bill, [...ctx.common, BILLED_AS_INPUT, ...(ctx.billed.longContext.length ? [{ says: 'logs-keep-long-context' as const }] : [])], ctx.monthly)];
  },
};
