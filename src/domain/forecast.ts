import type { Decimal } from 'decimal.js';
import type { Command } from './advice.js';
import type { Worded } from './notes.js';
import type { CommitmentTerm } from '../catalog/schema.js';

/** A term a commitment renews at: a committed provisioned term (src/catalog/terms.ts). */
export type RenewalTermName = Exclude<CommitmentTerm, 'noCommit'>;

/**
 * A commitment against the forecast (src/forecast/): its utilisation over the whole term, as a fan.
 * Numbers, not money: shares of capacity and probabilities, rounded only when text is rendered.
 */
export interface CommitmentForecast {
  /** One of the report's commitment scenario modes. */
  mode: 'provisioned-1-month' | 'provisioned-6-month' | 'reserved-1-month' | 'reserved-3-month';
  /** A Reserved tier's side (input = input and cache writes, output); absent for provisioned throughput. */
  side?: 'input' | 'output';
  termMonths: number;
  termHours: number;
  /** The capacity the plan sizes: model units, or tokens per minute of one side. */
  capacity: number;
  capacityUnit: 'model units' | 'tokens per minute';
  /** Share of the capacity used over the term: the 10th, 50th and 90th percentiles of the simulated futures. */
  utilisation: { p10: number; p50: number; p90: number };
  /** The utilisation at which the commitment costs what its served tokens cost on demand; null when unpriced. */
  breakEvenUtilisation: number | null;
  /** Share of the futures whose utilisation falls below break-even; null without a break-even. */
  belowBreakEvenProbability: number | null;
  /** With a target utilisation: the largest capacity whose median utilisation reaches it (null: none does). */
  target?: { utilisation: number; capacity: number | null };
}

/** A model's load projected over each commitment term its plans consider. */
export interface ModelForecast {
  /** How: the trend, the seasonality and the fan (README "Commitments against a forecast"); published, in words. */
  method: Worded;
  /** Whole days of history the fit used. */
  historyDays: number;
  /** The trend's change of the daily level over 30 days, relative to its level at the end of the history (0.1 = +10 %); null when that level is 0. */
  trendPer30Days: number | null;
  commitments: CommitmentForecast[];
  assumptions: Worded[];
}

/** What to do with a provisioned throughput whose commitment ends soon. */
export type RenewalChoice = 'renew' | 'renew-fewer-units' | 'lapse-to-on-demand';

/**
 * Why the renewal advice is what it is, as data (`src/report/renewal-view.ts` words each):
 * - `likely-below-break-even` / `likely-above-break-even`: the chance the current units' term utilisation
 *   falls below break-even (`probability`), with `breakEvenUtilisation`, `p50Utilisation`, `units`, `termMonths`;
 * - `fewer-units-cheaper`: `units` of `currentUnits` cost least at the median future (`termMonths`, `p50Utilisation`);
 * - `on-demand-cheapest`: at the median future no number of units costs less than on demand (`termMonths`);
 * - `commitment-cheapest`: the chosen commitment costs less than on demand at the median future (`termMonths`, `units`);
 * - `on-demand-unpriced`: the served tokens have no on-demand price, so nothing can be compared.
 */
export type RenewalReasonCode =
  | 'likely-below-break-even'
  | 'likely-above-break-even'
  | 'fewer-units-cheaper'
  | 'on-demand-cheapest'
  | 'commitment-cheapest'
  | 'on-demand-unpriced';

export interface RenewalReason {
  code: RenewalReasonCode;
  figures?: Record<string, number>;
}

/** The term's cost across the simulated futures: the 10th, 50th and 90th percentiles. */
export interface CostFan {
  p10: Decimal;
  p50: Decimal;
  p90: Decimal;
}

/** One way through a renewal term: renew at some units (the load above them on demand), or none at all. */
export interface RenewalOption {
  choice: RenewalChoice;
  /** Model units committed (0 for lapse to on demand). */
  units: number;
  /** Share of the units used over the term (P10/P50/P90); null for lapse to on demand. */
  utilisation: { p10: number; p50: number; p90: number } | null;
  /** Share of futures whose utilisation falls below the term's break-even; null without one or without units. */
  belowBreakEvenProbability: number | null;
  /** Commitment plus the load above it priced on demand, over the whole term; null when on demand is unpriced. */
  termCost: CostFan | null;
}

/** A renewal term (1 or 6 months) from the commitment's end. */
export interface RenewalTerm {
  term: RenewalTermName;
  termMonths: number;
  termHours: number;
  hourlyRatePerUnit: Decimal;
  /** Utilisation at which a unit costs what its served tokens cost on demand; null when on demand is unpriced. */
  breakEvenUtilisation: number | null;
  /** Renew at the current units, the cheapest fewer units (when fewer exist), and lapse to on demand. */
  options: RenewalOption[];
}

/** `provisionedThroughputs[].renewal`: a commitment ending within the expiry window, against the forecast. */
export interface ProvisionedThroughputRenewal {
  method: Worded;
  /** Whole days of the throughput's own traffic the fit used. */
  historyDays: number;
  /** The renewal terms start when the current commitment ends. */
  termStart: string;
  terms: RenewalTerm[];
  /** The choice with the lowest median cost per hour over the terms; null when nothing can be compared. */
  advice: {
    choice: RenewalChoice | null;
    term?: RenewalTermName;
    units?: number;
    reasons: RenewalReason[];
    nextSteps: Command[];
  };
  assumptions: Worded[];
}
