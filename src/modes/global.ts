import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { PriceBook, tokens } from './price-book.js';
import { ITEMS_KEPT_AS_BILLED, scenarioOfParts } from './bill-parts.js';
import type { Worded } from '../domain/notes.js';

/**
 * What every model's global scenario names, one frozen object each: the report keeps them, and a literal
 * inside `scenarios` would be pretenured part-way through a call, throwing its optimized code away.
 */
const GLOBAL_INPUT = Object.freeze({ code: 'global', rate: 'input' } as const);
const GLOBAL_OUTPUT = Object.freeze({ code: 'global', rate: 'output' } as const);
const GLOBAL_CACHE_READ = Object.freeze({ code: 'global', rate: 'cacheRead' } as const);
const GLOBAL_CACHE_WRITE = Object.freeze({ code: 'global', rate: 'cacheWrite5m' } as const);
const PER_1K_INPUT = Object.freeze({ per1kTokens: 'input' } as const);
const PER_1K_OUTPUT = Object.freeze({ per1kTokens: 'output' } as const);
const PER_1K_CACHE_READ = Object.freeze({ per1kTokens: 'cacheRead' } as const);
const CACHE_WRITE_5M = Object.freeze({ cacheWrite: '5m' } as const);
const HEAD = Object.freeze({ mode: 'on-demand-global', label: Object.freeze({ says: 'global-label' } as const) } as const);
const GLOBAL_DATA_RESIDENCY: Worded = Object.freeze({ says: 'global-data-residency' } as const);

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
      tokens(GLOBAL_INPUT, u.inputTokens, PER_1K_INPUT),
      tokens(GLOBAL_OUTPUT, u.outputTokens, PER_1K_OUTPUT),
      tokens(GLOBAL_CACHE_READ, u.cacheReadInputTokens, PER_1K_CACHE_READ),
      tokens(GLOBAL_CACHE_WRITE, u.cacheWriteInputTokens, CACHE_WRITE_5M),
    // Requests the logs show above the long-context threshold, at the global row's long-context rates.
    ].concat(ctx.billed.longContext));
    // `concat`, not a spread: the report keeps the list, and a literal's pretenuring throws away the code making it.
    const assumptions: Worded[] = ctx.common.concat(GLOBAL_DATA_RESIDENCY);
    if (ctx.billed.items.length) {
      assumptions.push(ITEMS_KEPT_AS_BILLED);
      return [scenarioOfParts(HEAD, [bill, ctx.billedParts.items], assumptions, ctx.monthly)];
    }
    return [scenarioFromBill(HEAD, bill, assumptions, ctx.monthly)];
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
