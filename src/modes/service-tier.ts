import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens } from './price-book.js';
import { longContextSides } from './on-demand.js';
import type { Note } from '../domain/notes.js';

/** Each tier's scenario head and what it assumes, whatever the model: frozen, shared by every scenario. */
const TIER_CONSTANTS = {
  flex: { head: Object.freeze({ mode: 'flex', label: Object.freeze({ says: 'flex-label' }) } as const), assumption: Object.freeze({ says: 'flex-trades-latency' } as const) },
  priority: { head: Object.freeze({ mode: 'priority', label: Object.freeze({ says: 'priority-label' }) } as const), assumption: Object.freeze({ says: 'priority-premium' } as const) },
} as const;
const CACHE_AT_STANDARD: Note = Object.freeze({ says: 'tier-cache-at-standard' } as const);

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
    for (const tier of ['flex', 'priority'] as const) {
      const inputKey = tier === 'flex' ? 'flexInput' : 'priorityInput';
      const outputKey = tier === 'flex' ? 'flexOutput' : 'priorityOutput';
      if (!p[inputKey] && !p[outputKey]) continue;
      const bill = ctx.book.bill([
        tokens(inputKey, u.inputTokens, { per1kTokens: inputKey }),
        tokens(outputKey, u.outputTokens, { per1kTokens: outputKey }),
        ...ctx.billed.cacheRead, ...ctx.billed.cacheWrite,
        // No long-context rate is published per tier: requests above the threshold stay as billed.
        ...longContextSides(ctx.requests),
      ]);
      const constants = TIER_CONSTANTS[tier];
      out.push(scenarioFromBill(constants.head, bill, [...ctx.common, constants.assumption,
        ...(ctx.billed.longContext.length ? [{ says: 'logs-keep-long-context' as const }] : []),
        ...(u.cacheReadInputTokens + u.cacheWriteInputTokens > 0 ? [CACHE_AT_STANDARD] : [])], ctx.monthly));
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
