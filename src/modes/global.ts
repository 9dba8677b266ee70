import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { PriceBook, tokens } from './price-book.js';
import { ITEMS_KEPT_AS_BILLED, scenarioOfParts } from './bill-parts.js';
import type { Worded } from '../domain/notes.js';

/** On demand through the global cross-Region profile, at the global row's prices. */
export const globalMode: PricingMode = {
  id: 'global',
  scenarioModes: ['on-demand-global'],
  needs: ['tokens'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const { group, usage: u } = ctx;
    if (group.scope === 'global') return [];
    const globalPrices = ctx.catalog.prices(group.modelId, group.region, 'global');
    if (!globalPrices) return [];
    const bill = new PriceBook(ctx.model, globalPrices).bill([
      tokens({ code: 'global', rate: 'input' }, u.inputTokens, { per1kTokens: 'input' }),
      tokens({ code: 'global', rate: 'output' }, u.outputTokens, { per1kTokens: 'output' }),
      tokens({ code: 'global', rate: 'cacheRead' }, u.cacheReadInputTokens, { per1kTokens: 'cacheRead' }),
      tokens({ code: 'global', rate: 'cacheWrite5m' }, u.cacheWriteInputTokens, { cacheWrite: '5m' }),
      // Requests the logs show above the long-context threshold, at the global row's long-context rates.
      ...ctx.billed.longContext,
    ]);
    const head = { mode: 'on-demand-global', label: { says: 'global-label' } } as const;
    const assumptions: Worded[] = [...ctx.common, { says: 'global-data-residency' }];
    if (ctx.billed.items.length) {
      assumptions.push(ITEMS_KEPT_AS_BILLED);
      return [scenarioOfParts(head, [bill, ctx.billedParts.items], assumptions, ctx.monthly)];
    }
    return [scenarioFromBill(head, bill, assumptions, ctx.monthly)];
  },
  adviser: {
    action: 'use-global-cross-region-profile',
    // Routing changes the row the tokens are priced at, not what is billed: it composes with prompt caching.
    stack: {
      layer: 'routing',
      book: (ctx) => {
        const r = ctx.replay.report;
        const globalPrices = r.scope === 'global' ? undefined : ctx.catalog.prices(r.modelId, r.region, 'global');
        return globalPrices ? new PriceBook(ctx.replay.model, globalPrices) : undefined;
      },
    },
    confidence: () => ({ confidence: 'medium', reasons: [{ code: 'data-residency', confidence: 'medium' }] }),
    title: (_s, where) => ({ says: 'use-global-profile', where }),
    nextSteps: (_s, ctx) => [instruction({ says: 'call-global-profile', modelId: ctx.replay.report.modelId })],
  },
};
