import type { ReservedTerm } from '../catalog/schema.js';
import { RESERVED_TERM_INFO } from '../catalog/terms.js';
import { instruction, provisionedSizingConfidence } from '../domain/advice.js';
import type { Scenario } from '../domain/report.js';
import { formatUsd } from '../money.js';
import { RESERVED_MINIMUM_TPM, ReservedTier } from '../replay/reserved.js';
import type { ModeContext, ModelNotes, PricingMode } from './mode.js';

function int(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The Reserved tier: tokens per minute reserved for a 1- or 3-month term, each side sized at its
 * cheapest level, the rest at Standard (sizing in src/replay/reserved.ts). With no Reserved price
 * published, the model's report says what a reservation would have to cost to pay.
 */
export const reservedMode: PricingMode = {
  id: 'reserved',
  scenarioModes: ['reserved-1-month', 'reserved-3-month'],
  needs: ['tokens', 'load-profile', 'level-overflow'],
  appliesTo: 'token-models',
  profileOptions: () => ({ overflowLevels: RESERVED_MINIMUM_TPM }),
  scenarios(ctx: ModeContext, notes: (n: ModelNotes) => void): Scenario[] {
    const { prices, usage: u, billed } = ctx;
    // The Reserved tier is sold for text generation (input and output tokens per minute).
    if (ctx.model?.modality !== 'text' || u.inputTokens + u.cacheWriteInputTokens + u.outputTokens === 0) return [];
    const terms = (Object.keys(RESERVED_TERM_INFO) as ReservedTerm[]).filter((t) => prices.reservedPerThousandTpmMonth[t]);
    const reserved = new ReservedTier({
      profile: ctx.profile, inputSide: ctx.book.bill([...billed.plainInput, ...billed.cacheWrite]), output: ctx.book.bill(billed.output),
      cacheRead: billed.cacheRead, book: ctx.book, windowHours: ctx.windowHours, common: ctx.common,
    });
    if (terms.length === 0) {
      const breakEven = reserved.breakEven();
      if (breakEven) notes({ reservedBreakEven: breakEven });
    }
    return terms.map((term) => reserved.scenario(term, prices.reservedPerThousandTpmMonth[term]!, ctx.monthly));
  },
  adviser: {
    action: 'buy-reserved-tier',
    buysCapacity: true,
    // Reserved capacity is bought in tokens per minute, so only the data's resolution is in doubt.
    confidence: (_s, ctx) => {
      const sizing = provisionedSizingConfidence(ctx.replay.profile.peakResolutionSeconds, 'not-needed');
      return { confidence: sizing.confidence, reasons: [sizing.reason] };
    },
    title: (s, where) =>
      `Reserve ${int(s.reserved?.input.level ?? 0)} input / ${int(s.reserved?.output.level ?? 0)} output tokens per minute of the Reserved tier (${RESERVED_TERM_INFO[s.reserved?.term ?? 'oneMonth'].label}) for ${where}`,
    risk: (s) => {
      const r = s.reserved;
      if (!r) return [];
      const months = RESERVED_TERM_INFO[r.term].months;
      // Not quantity x price: the reservation's month (priced by the book) over the months of its term.
      const total = r.reservationMonthlyCost.times(months);
      return [`a ${months}-month reservation of ${int(r.input.level)} input / ${int(r.output.level)} output TPM totals ${formatUsd(total)} (${formatUsd(r.reservationMonthlyCost)} a month) and cannot be cancelled; it is billed whether or not the tokens come`];
    },
    // The Reserved tier has no API to buy it: AWS sells it through the account team.
    nextSteps: (s, ctx) => {
      const r = s.reserved;
      return [
        instruction(`Ask your AWS account team for a Reserved tier quote of ${int(r?.input.level ?? 0)} input / ${int(r?.output.level ?? 0)} output TPM of ${ctx.replay.report.modelId} for ${RESERVED_TERM_INFO[r?.term ?? 'oneMonth'].months} month(s) (terms of 1 or 3 months)`),
        instruction('Once it is active, keep invoking the model as today: tokens above the reservation bill at Standard'),
      ];
    },
  },
};
