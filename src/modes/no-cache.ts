import type { Scenario } from '../domain/report.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens } from './price-book.js';

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
    return [scenarioFromBill({ mode: 'on-demand-no-cache', label: { says: 'no-cache-label' } }, bill,
      [...ctx.common, { says: 'cache-billed-as-input' }, ...(ctx.billed.longContext.length ? [{ says: 'logs-keep-long-context' as const }] : [])], ctx.monthly)];
  },
};
