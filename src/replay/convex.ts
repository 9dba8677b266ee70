import type { Decimal } from 'decimal.js';

/**
 * How far apart two estimates must be, relative to their size, for their order to be the order of
 * the exact costs: an estimate within 1e-12 of its cost (a few float operations on the same
 * quantities are within 1e-15) cannot reverse a difference a thousand times that.
 */
const DECISIVE = 1e-9;

/**
 * A cost to minimise over whole numbers: `cost` prices a count exactly; `estimate`, when there is
 * one, is the same cost as a float, within a relative 1e-12 of `cost(k)` (never below zero). An
 * object, so a caller searching many times (every term of every model) passes its methods, not
 * closures made for each search.
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
 *
 * The count alone: a caller that bills the chosen count itself (a model's provisioned terms) does not
 * have the search price it too. `f.cost` may be asked for a count more than once (a close step's count,
 * then the caller's): such a caller keeps what it priced (`convexMinimumOf` does, for any cost).
 */
export function cheapestCount(lo: number, hi: number, f: ConvexCost): number {
  let low = lo;
  let high = hi;
  // Invariant: the first minimiser is in [low, high].
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    // The step's sign from the estimates where they differ decisively, else 0. A close step (rare:
    // estimates a thousandth of a millionth apart) is priced apart, so the search's compiled loop
    // holds no exact arithmetic.
    let step = 0;
    if (f.estimate) {
      // mid + 1's estimate, then mid's, from one call site: the compiled loop holds one copy of the
      // estimate and what it inlines, not two.
      let x = 0;
      for (let k = mid + 1; k >= mid; k--) {
        const y = f.estimate(k);
        if (k > mid) x = y;
        else {
          const margin = DECISIVE * (Math.abs(x) + Math.abs(y));
          step = x - y < -margin ? -1 : x - y > margin ? 1 : 0;
        }
      }
    }
    if (step === 0 ? exactlyCheaper(f, mid) : step < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether `k + 1` costs less than `k`, priced exactly. */
function exactlyCheaper(f: ConvexCost, k: number): boolean {
  return f.cost(k + 1).lessThan(f.cost(k));
}

/** `cheapestCount` with the minimum's cost, each count priced once (`f.cost` asked at most once per count). */
export function convexMinimumOf(lo: number, hi: number, f: ConvexCost): { k: number; cost: Decimal } {
  const memo = new Map<number, Decimal>();
  const cost = (k: number): Decimal => {
    let c = memo.get(k);
    if (c === undefined) memo.set(k, (c = f.cost(k)));
    return c;
  };
  // The estimate called as `f`'s method (an object's estimate may read its own fields).
  const k = cheapestCount(lo, hi, f.estimate ? { cost, estimate: (j) => f.estimate!(j) } : { cost });
  return { k, cost: cost(k) };
}

/** `convexMinimumOf` with the cost (and its float estimate) as functions. */
export function convexMinimum(lo: number, hi: number, cost: (k: number) => Decimal, estimate?: (k: number) => number): { k: number; cost: Decimal } {
  return convexMinimumOf(lo, hi, estimate ? { cost, estimate } : { cost });
}
