import type { Decimal } from 'decimal.js';
import { money } from './format.js';
import type { PublishedReport } from './published-view.js';
import { adviceText } from './advice-text.js';

export interface AlternativeRow {
  modelId: string;
  region: string;
  to: string;
  /** `$a–$b/month`, or one figure when the tokenizers match, or `unpriced`. */
  perMonth: string;
  /** Savings against today across the tokenizer range (negative: it costs more). */
  savings: string;
  switchOnce: string;
  accepted: boolean;
  /** Why the figure is a range. */
  why: string;
}

function range(low: Decimal, high: Decimal): string {
  return low.equals(high) ? money(low) : `${money(low)} to ${money(high)}`;
}

/**
 * The "same traffic on another model" rows every format shows: what-ifs, out of the headline unless
 * accepted in the alternatives file (quality is not measured).
 */
export function alternativeRows(report: PublishedReport): AlternativeRow[] {
  const rows: AlternativeRow[] = [];
  for (const m of report.models) {
    for (const a of m.alternatives ?? []) {
      const ratio = a.tokenRatio.low === a.tokenRatio.high ? 'same tokenizer' : `${a.tokenRatio.low.toFixed(2)}x to ${a.tokenRatio.high.toFixed(2)}x the tokens`;
      rows.push({
        modelId: m.modelId, region: m.region, to: a.name ?? a.modelId,
        perMonth: a.monthlyCostRange ? range(a.monthlyCostRange.low, a.monthlyCostRange.high) : 'unpriced',
        savings: a.monthlySavingsRange ? range(a.monthlySavingsRange.low, a.monthlySavingsRange.high) : 'unknown',
        switchOnce: money(a.switchCost),
        accepted: a.accepted,
        why: a.unpricedReason !== undefined ? adviceText(a.unpricedReason) : (a.tokenRatio.basis.ratio === 'assumed' ? `${ratio} (assumed)` : ratio),
      });
    }
  }
  return rows;
}

export const ALTERNATIVES_NOTE =
  'What-ifs: the same recorded tokens priced on another model. Quality is not measured, so none is in the savings above unless accepted in an alternatives file; a range is the tokenizer difference (see each model\'s assumptions in the JSON report).';

/** One line for a short message (Slack): the what-if that saves most, at its least saving, or nothing. */
export function bestAlternativeLine(report: PublishedReport): string | undefined {
  let best: { model: string; to: string; low: Decimal; high: Decimal } | undefined;
  for (const m of report.models) {
    for (const a of m.alternatives ?? []) {
      const s = a.monthlySavingsRange;
      if (!s || !s.low.greaterThan(0) || a.accepted) continue;
      if (!best || s.low.greaterThan(best.low)) best = { model: m.name ?? m.modelId, to: a.name ?? a.modelId, low: s.low, high: s.high };
    }
  }
  if (!best) return undefined;
  return `What-if: ${best.model}'s traffic on ${best.to} would save ${range(best.low, best.high)}/month (quality not measured; not in the savings).`;
}
