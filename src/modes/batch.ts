import type { Scenario } from '../domain/report.js';
import { instruction } from '../domain/advice.js';
import { shareOfBusiestHours, type LoadProfile } from '../replay/load-profile.js';
import type { AdviceContext, ModeContext, PricingMode } from './mode.js';
import type { CatalogPriceRef } from './price-book.js';
import { ITEMS_KEPT_AS_BILLED, scenarioOfParts } from './bill-parts.js';
import type { Note, Worded } from '../domain/notes.js';

/** Share of tokens in the busiest quarter of the window's hours at or above which traffic looks scheduled. */
export const SCHEDULED_SHAPE_SHARE = 0.6;

/**
 * Traffic confined to a few hours of each day (a nightly job) puts most of its tokens in the busiest
 * quarter of the window's hours; interactive use, even with a daily curve, does not.
 */
function busiestQuarterShare(ctx: AdviceContext): number {
  // Asked twice for a model that may be advised (whether to advise, then how sure): a selection over
  // the window's hours, microseconds, so worked out each time rather than kept past the call.
  return shareOfBusiestHours(ctx.replay.profile, busiestQuarterHours(ctx));
}
const busiestQuarterHours = (ctx: AdviceContext) => Math.max(1, Math.ceil(ctx.windowHours / 4));

/**
 * Whether the busiest quarter's share is surely below `SCHEDULED_SHAPE_SHARE`, from one pass over the
 * hours and no selection: the busiest k hours carry at most k times the busiest one, so when that bound
 * is below the threshold so is the share (a quotient of floats never grows as its numerator falls).
 * Spread traffic, most models', is told apart at once; anything else is asked of `shareOfBusiestHours`.
 */
export function surelySpread(profile: LoadProfile, hours: number): boolean {
  const hourly = profile.hourlyTokens;
  const k = Math.ceil(hours);
  if (k <= 0 || k >= hourly.length) return false;
  let all = 0;
  let busiest = 0;
  for (let i = 0; i < hourly.length; i++) {
    const h = hourly[i] as number;
    all += h;
    if (h > busiest) busiest = h;
  }
  // Whole numbers summed exactly (below 2^53), so the busiest k hours' exact sum is within the bound.
  return all > 0 && all <= Number.MAX_SAFE_INTEGER && (k * busiest) / all < SCHEDULED_SHAPE_SHARE;
}

/** What every batch scenario is and assumes, whatever the model: frozen, shared by every scenario. */
const BATCH_HEAD = Object.freeze({ mode: 'batch', label: Object.freeze({ says: 'batch-label' }) } as const);
const BATCH_INPUT: CatalogPriceRef = { per1kTokens: 'batchInput' };
const BATCH_OUTPUT: CatalogPriceRef = { per1kTokens: 'batchOutput' };
const KEEP_LONG_CONTEXT: Note = Object.freeze({ says: 'logs-keep-long-context' } as const);
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
    const book = ctx.book;
    const assumptions: Worded[] = ctx.common.concat(BATCH_ASSUMPTIONS);
    // Every token at batch rates: the two lines added to one bill, with no list of components.
    const bill = book.tokenBill('batchOutput', u.outputTokens, BATCH_OUTPUT, book.tokenBill('batchInput', u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens, BATCH_INPUT));
    // No batch long-context rate is published: requests above the threshold stay as billed.
    const longContext = ctx.billed.longContext;
    if (longContext.length) {
      bill.add(book.bill(longContext));
      assumptions.push(KEEP_LONG_CONTEXT);
    }
    // Per-item charges (images on a text model) have no batch rate: they stay as billed, never $0.
    if (ctx.billed.items.length) {
      assumptions.push(ITEMS_KEPT_AS_BILLED);
      return [scenarioOfParts(BATCH_HEAD, [bill, ctx.billedParts.items], assumptions, ctx.monthly)];
    }
    // A bill of its own as a scenario of one part (the same scenario as `scenarioFromBill` makes of it):
    // every model's batch, Flex, Priority and no-cache scenarios are made by the one function.
    return [scenarioOfParts(BATCH_HEAD, [bill], assumptions, ctx.monthly)];
  },
  adviser: {
    action: 'move-to-batch',
    upperBound: true,
    // Only advised when traffic has the shape of a scheduled job, never for load spread like
    // interactive use (the scenario still shows the figure).
    eligible: (_s, ctx) => !surelySpread(ctx.replay.profile, busiestQuarterHours(ctx)) && busiestQuarterShare(ctx) >= SCHEDULED_SHAPE_SHARE,
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
