import type { Decimal } from 'decimal.js';
import { HOURS_PER_MONTH, usd } from '../money.js';

/**
 * Reserved service tier: a fixed price per 1K tokens-per-minute (TPM) per month, input and output
 * reserved separately; demand above the reservation spills to Standard at on-demand prices
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/service-tiers-inference.html).
 *
 * For one side, reserving L TPM over a window of H hours costs c x L, with c = price / 1000 x H / 730,
 * plus p per token above L in each minute. The overflow falls by the minutes above L for each extra
 * TPM, so the cost is convex in L and lowest where (minutes above L) x p = c. With the load's points
 * sorted by rate, that level is read off the running sum of minutes: O(points log points) for the
 * sort, then any level's overflow in O(log points).
 */

/** AWS's minimum reservation per side. */
export const RESERVED_MINIMUM_TPM = { input: 100_000, output: 10_000 } as const;
/** Reservations are priced per 1K TPM, so levels are whole thousands. */
export const RESERVED_LEVEL_STEP = 1000;

export class ReservedSizer {
  /** Rates (tokens per minute) sorted from the busiest point down. */
  private readonly rates: Float64Array;
  /** Running sums over the sorted points: tokens and minutes of the busiest i points. */
  private readonly cumTokens: Float64Array;
  private readonly cumMinutes: Float64Array;
  readonly totalTokens: number;

  constructor(ratePerMinute: ArrayLike<number>, minutes: ArrayLike<number>) {
    const n = ratePerMinute.length;
    // Points come in a few period lengths (1, 5, 60 minutes): each group's rates are sorted natively
    // (a typed-array sort, no comparator), then the groups are merged busiest first.
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const m = minutes[i] as number;
      let rates = groups.get(m);
      if (!rates) groups.set(m, (rates = []));
      rates.push(ratePerMinute[i] as number);
    }
    const sorted = [...groups].map(([m, rates]) => ({ m, rates: Float64Array.from(rates).sort(), next: rates.length - 1 }));
    this.rates = new Float64Array(n);
    this.cumTokens = new Float64Array(n + 1);
    this.cumMinutes = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      let pick = sorted[0]!;
      for (const g of sorted) if (g.next >= 0 && (pick.next < 0 || (g.rates[g.next] as number) > (pick.rates[pick.next] as number))) pick = g;
      const rate = pick.rates[pick.next--] as number;
      this.rates[j] = rate;
      this.cumTokens[j + 1] = (this.cumTokens[j] as number) + rate * pick.m;
      this.cumMinutes[j + 1] = (this.cumMinutes[j] as number) + pick.m;
    }
    this.totalTokens = Math.round(this.cumTokens[n] as number);
  }

  /** How many of the sorted points run above `level` TPM. */
  private countAbove(level: number): number {
    let lo = 0;
    let hi = this.rates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.rates[mid] as number) > level) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Tokens above `level` TPM over the window (billed at Standard). */
  overflow(level: number): number {
    const j = this.countAbove(level);
    return Math.max(0, Math.round((this.cumTokens[j] as number) - level * (this.cumMinutes[j] as number)));
  }

  /** Tokens the reservation serves at `level`. */
  served(level: number): number {
    return this.totalTokens - this.overflow(level);
  }

  /**
   * The cheapest level, in whole thousands of TPM and at least `minimum`. `breakEvenMinutes` is
   * reservation price per TPM over the window / Standard price per token: reserving one more TPM pays
   * while more minutes than that run above the level. `cost` prices a level exactly; it chooses
   * between the thousands either side of the real optimum.
   */
  cheapestLevel(minimum: number, breakEvenMinutes: number, cost: (level: number) => Decimal): number {
    let optimum = 0;
    for (let j = 0; j < this.rates.length; j++) {
      if ((this.cumMinutes[j + 1] as number) > breakEvenMinutes) {
        optimum = this.rates[j] as number;
        break;
      }
    }
    const below = Math.max(minimum, Math.floor(optimum / RESERVED_LEVEL_STEP) * RESERVED_LEVEL_STEP);
    const above = Math.max(minimum, Math.ceil(optimum / RESERVED_LEVEL_STEP) * RESERVED_LEVEL_STEP);
    return below === above || !cost(above).lessThan(cost(below)) ? below : above;
  }
}

/**
 * Tokens above `level` TPM, in one pass without sorting (for a single level, such as the minimum).
 * `less`, when given, is subtracted from each rate first (cache reads, which are not reserved), so no
 * array of the difference has to be built.
 */
export function overflowAbove(ratePerMinute: ArrayLike<number>, minutes: ArrayLike<number>, level: number, less?: ArrayLike<number>): number {
  let over = 0;
  for (let i = 0; i < ratePerMinute.length; i++) {
    const excess = (ratePerMinute[i] as number) - (less ? (less[i] as number) : 0) - level;
    if (excess > 0) over += excess * (minutes[i] as number);
  }
  return Math.round(over);
}

/**
 * The highest price per 1K TPM-month at which reserving `level` TPM pays for itself: what the tokens
 * it serves cost at Standard, per month, per 1K TPM. `sideCost` / `sideTokens` is the Standard price
 * per token of the side as billed in the window of `windowHours`.
 */
export function reservedBreakEvenPrice(sideCost: Decimal, sideTokens: number, served: number, level: number, windowHours: number): Decimal | null {
  if (sideTokens === 0 || level === 0) return null;
  return sideCost.times(served).times(HOURS_PER_MONTH).times(1000).dividedBy(usd(sideTokens).times(windowHours).times(level));
}
