import type { Decimal } from 'decimal.js';

/**
 * How far apart two estimates must be, relative to their size, for their order to be the order of
 * the exact costs: an estimate within 1e-12 of its cost (a few float operations on the same
 * quantities are within 1e-15) cannot reverse a difference a thousand times that.
 */
const DECISIVE = 1e-9;

/**
 * A cost to minimise over whole numbers: `cost` prices a count exactly (asked at most once per count
 * by the search); `estimate`, when there is one, is the same cost as a float, within a relative 1e-12
 * of `cost(k)` (never below zero). An object, so a caller searching many times (every term of every
 * model) passes its methods, not closures made for each search.
 */
export interface ConvexCost {
  cost(k: number): Decimal;
  estimate?(k: number): number;
}

/**
 * The whole number k in [lo, hi] with the lowest cost, for a cost that is convex in k (falls, then
 * rises): binary search on the sign of the marginal cost cost(k+1) - cost(k), so O(log(hi - lo))
 * evaluations instead of one per k. Ties go to the smaller k, as a loop keeping the first minimum would.
 *
 * A step whose estimates differ by more than `DECISIVE` of their size is decided on them, and only a
 * closer one prices both counts exactly. The search then takes the same steps as with the exact costs
 * alone, and only the counts it cannot tell apart otherwise, and the minimum, are priced.
 */
export function convexMinimumOf(lo: number, hi: number, f: ConvexCost): { k: number; cost: Decimal } {
  // Exact costs priced so far, made on the first close step (most searches price only their minimum).
  let memo: Map<number, Decimal> | undefined;
  let low = lo;
  let high = hi;
  // Invariant: the first minimiser is in [low, high].
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    let cheaper: boolean | undefined;
    if (f.estimate) {
      const x = f.estimate(mid + 1);
      const y = f.estimate(mid);
      const margin = DECISIVE * (Math.abs(x) + Math.abs(y));
      if (x - y < -margin) cheaper = true;
      else if (x - y > margin) cheaper = false;
    }
    if (cheaper === undefined) {
      memo ??= new Map();
      cheaper = pricedAt(f, memo, mid + 1).lessThan(pricedAt(f, memo, mid));
    }
    if (cheaper) low = mid + 1;
    else high = mid;
  }
  return { k: low, cost: memo ? pricedAt(f, memo, low) : f.cost(low) };
}

/** `f.cost(k)`, priced once per count. */
function pricedAt(f: ConvexCost, memo: Map<number, Decimal>, k: number): Decimal {
  let c = memo.get(k);
  if (c === undefined) memo.set(k, (c = f.cost(k)));
  return c;
}

/** `convexMinimumOf` with the cost (and its float estimate) as functions. */
export function convexMinimum(lo: number, hi: number, cost: (k: number) => Decimal, estimate?: (k: number) => number): { k: number; cost: Decimal } {
  return convexMinimumOf(lo, hi, estimate ? { cost, estimate } : { cost });
}
