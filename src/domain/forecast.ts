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
  /** How: the trend, the seasonality and the fan (README "Commitments against a forecast"). */
  method: string;
  /** Whole days of history the fit used. */
  historyDays: number;
  /** The trend's change of the daily level over 30 days, relative to its level at the end of the history (0.1 = +10 %); null when that level is 0. */
  trendPer30Days: number | null;
  commitments: CommitmentForecast[];
  assumptions: string[];
}
