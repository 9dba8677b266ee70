import type { ReservedTerm } from '../catalog/schema.js';
import { RESERVED_TERM_INFO } from '../catalog/terms.js';
import { instruction, provisionedSizingConfidence } from '../domain/advice.js';
import type { Decimal } from 'decimal.js';
import type { Scenario } from '../domain/report.js';
import { exactHours } from '../money.js';
import { RESERVED_MINIMUM_TPM, ReservedTier, reservedBreakEven } from '../replay/reserved.js';
import type { Bill } from '../replay/bill.js';
import type { ModeContext, ModelNotes, PricingMode } from './mode.js';
import { combined } from './price-book.js';

/**
 * The Reserved tier: tokens per minute reserved for a 1- or 3-month term, each side sized at its
 * cheapest level, the rest at Standard (sizing in src/replay/reserved.ts). With no Reserved price
 * published, the model's report says what a reservation would have to cost to pay.
 */
/** The Reserved terms in their order, listed once (not for every model). */
const RESERVED_TERMS = Object.keys(RESERVED_TERM_INFO) as readonly ReservedTerm[];
/** The mode's common case reads the terms by name (`oneMonth`, `threeMonth`): a term added to ReservedTerm fails to compile here. */
const TERMS_READ_BY_NAME: ReservedTerm extends 'oneMonth' | 'threeMonth' ? true : never = true;
void TERMS_READ_BY_NAME;

export const reservedMode: PricingMode = {
  id: 'reserved',
  scenarioModes: ['reserved-1-month', 'reserved-3-month'],
  needs: ['tokens', 'load-profile', 'level-overflow'],
  appliesTo: 'token-models',
  profileOptions: () => ({ overflowLevels: RESERVED_MINIMUM_TPM }),
  scenarios(ctx: ModeContext, notes: (n: ModelNotes) => void): Scenario[] {
    const { prices, usage: u } = ctx;
    // The Reserved tier is sold for text generation (input and output tokens per minute).
    if (ctx.model?.modality !== 'text' || u.inputTokens + u.cacheWriteInputTokens + u.outputTokens === 0) return [];
    // The input side and the output as billed today are today's parts (`billedParts`, priced by the same
    // book): their lines, not priced again. The input side is the plain input then the cache writes, as
    // one bill only when there are writes (the same lines in the same order, so the same exact sum).
    const parts = ctx.billedParts;
    const inputSide = parts.cacheWrite.lines.length === 0 ? parts.plainInput : combined([parts.plainInput, parts.cacheWrite]);
    const hours = ctx.shared?.exactHours(ctx.windowHours) ?? exactHours(ctx.windowHours);
    const published = prices.reservedPerThousandTpmMonth;
    // Most models have no Reserved price (straight reads of the two terms, not a loop over them for every
    // model): their report says what one would have to cost, with no tier to size.
    if (!published.oneMonth && !published.threeMonth) {
      const breakEven = reservedBreakEven(ctx.profile, inputSide, parts.output, hours);
      if (breakEven) notes({ reservedBreakEven: breakEven });
      return [];
    }
    return pricedScenarios(ctx, inputSide, hours);
  },
  adviser: {
    action: 'buy-reserved-tier',
    buysCapacity: true,
    // Reserved capacity is bought in tokens per minute, so only the data's resolution is in doubt.
    confidence: (_s, ctx) => {
      const sizing = provisionedSizingConfidence(ctx.replay.profile.peakResolutionSeconds, 'not-needed');
      return { confidence: sizing.confidence, reasons: [sizing.reason] };
    },
    title: (s, where) => ({
      says: 'reserve-tier', where, inputTpm: s.reserved?.input.level ?? 0, outputTpm: s.reserved?.output.level ?? 0, term: s.reserved?.term ?? 'oneMonth',
    }),
    risk: (s) => {
      const r = s.reserved;
      if (!r) return [];
      const months = RESERVED_TERM_INFO[r.term].months;
      // Not quantity x price: the reservation's month (priced by the book) over the months of its term.
      const total = r.reservationMonthlyCost.times(months);
      return [{ says: 'reservation-total', months, inputTpm: r.input.level, outputTpm: r.output.level, total, monthly: r.reservationMonthlyCost }];
    },
    // The Reserved tier has no API to buy it: AWS sells it through the account team.
    nextSteps: (s, ctx) => {
      const r = s.reserved;
      return [
        instruction({
          says: 'ask-reserved-quote', modelId: ctx.replay.report.modelId, inputTpm: r?.input.level ?? 0, outputTpm: r?.output.level ?? 0,
          months: RESERVED_TERM_INFO[r?.term ?? 'oneMonth'].months,
        }),
        instruction({ says: 'reserved-keep-invoking' }),
      ];
    },
  },
};

/** A model's Reserved scenarios, a term each with a published price (a rare case: its own function). */
function pricedScenarios(ctx: ModeContext, inputSide: Bill, hours: Decimal): Scenario[] {
  const published = ctx.prices.reservedPerThousandTpmMonth;
  const reserved = new ReservedTier({
    profile: ctx.profile, inputSide, output: ctx.billedParts.output,
    cacheRead: ctx.billed.cacheRead, items: ctx.billed.items, book: ctx.book, windowHours: ctx.windowHours, hours, common: ctx.common,
  });
  const out: Scenario[] = [];
  for (let i = 0; i < RESERVED_TERMS.length; i++) {
    const term = RESERVED_TERMS[i]!;
    const price = published[term];
    if (price) out.push(reserved.scenario(term, price, ctx.monthly));
  }
  return out;
}
