import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { scenarioFromBill } from '../replay/bill.js';
import { shareOfBusiestHours, type LoadProfile } from '../replay/load-profile.js';
import type { AdviceContext, ModeContext, PricingMode } from './mode.js';
import { tokens } from './price-book.js';
import type { Note } from '../domain/notes.js';

/** Share of tokens in the busiest quarter of the window's hours at or above which traffic looks scheduled. */
export const SCHEDULED_SHAPE_SHARE = 0.6;

/**
 * Traffic confined to a few hours of each day (a nightly job) puts most of its tokens in the busiest
 * quarter of the window's hours; interactive use, even with a daily curve, does not.
 */
function busiestQuarterShare(ctx: AdviceContext): number {
  // Asked twice for a model (whether to advise, then how sure) one after the other: worked out once.
  const { profile } = ctx.replay;
  const hours = Math.max(1, Math.ceil(ctx.windowHours / 4));
  if (lastShare.profile !== profile || lastShare.hours !== hours) lastShare = { profile, hours, share: shareOfBusiestHours(profile, hours) };
  return lastShare.share;
}
let lastShare: { profile: LoadProfile | undefined; hours: number; share: number } = { profile: undefined, hours: NaN, share: 0 };

/** What every batch scenario is and assumes, whatever the model: frozen, shared by every scenario. */
const BATCH_HEAD = Object.freeze({ mode: 'batch', label: Object.freeze({ says: 'batch-label' }) } as const);
const BATCH_ASSUMPTIONS: readonly Note[] = Object.freeze([
  Object.freeze({ says: 'batch-upper-bound' } as const), Object.freeze({ says: 'batch-no-cache' } as const), Object.freeze({ says: 'batch-limits' } as const),
]);

/** Batch inference: every token at batch rates, an upper bound (CloudWatch cannot tell which traffic can wait). */
export const batchMode: PricingMode = {
  id: 'batch',
  scenarioModes: ['batch'],
  needs: ['tokens', 'load-profile'],
  appliesTo: 'token-models',
  scenarios(ctx: ModeContext): Scenario[] {
    const p = ctx.prices.perThousandTokens;
    if (!(ctx.model?.batch?.supported || p.batchInput || p.batchOutput)) return [];
    const u = ctx.usage;
    const bill = ctx.book.bill([
      tokens('batchInput', u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens, { per1kTokens: 'batchInput' }),
      tokens('batchOutput', u.outputTokens, { per1kTokens: 'batchOutput' }),
      // No batch long-context rate is published: requests above the threshold stay as billed.
      ...ctx.billed.longContext,
    ]);
    return [scenarioFromBill(BATCH_HEAD, bill, [...ctx.common, ...BATCH_ASSUMPTIONS, ...(ctx.billed.longContext.length ? [{ says: 'logs-keep-long-context' as const }] : [])], ctx.monthly)];
  },
  adviser: {
    action: 'move-to-batch',
    upperBound: true,
    // Only advised when traffic has the shape of a scheduled job, never for load spread like
    // interactive use (the scenario still shows the figure).
    eligible: (_s, ctx) => busiestQuarterShare(ctx) >= SCHEDULED_SHAPE_SHARE,
    confidence: (_s, ctx) => ({
      confidence: 'medium',
      reasons: [{
        code: 'scheduled-shape', confidence: 'medium',
        figures: { busiestQuarterPercent: Math.round(busiestQuarterShare(ctx) * 100), activeHours: ctx.replay.profile.activeHours, windowHours: Math.round(ctx.windowHours) },
      }],
    }),
    title: (_s, where) => ({ says: 'move-to-batch', where }),
    risk: () => [{ says: 'batch-breaks-latency' }],
    nextSteps: (_s, ctx) => [
      instruction({ says: 'find-waiting-callers' }),
      instruction({ says: 'submit-batch-jobs', modelId: ctx.replay.report.modelId }),
    ],
  },
};
