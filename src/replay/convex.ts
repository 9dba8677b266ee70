import type { Decimal } from 'decimal.js';

/**
 * How far apart two estimates must be, relative to their size, for their order to be the order of
 * the exact costs: an estimate within 1e-12 of its cost (a few float operations on the same
 * quantities are within 1e-15) cannot reverse a difference a thousand times that.
 */
const DECISIVE = 1e-9;

/**
 * The whole number k in [lo, hi] with the lowest cost, for a cost that is convex in k (falls, then
 * rises): binary search on the sign of the marginal cost cost(k+1) - cost(k), so O(log(hi - lo))
 * evaluations instead of one per k. Ties go to the smaller k, as a loop keeping the first minimum would.
 *
 * `estimate`, when given, is the cost as a float, within a relative 1e-12 of `cost(k)` (never below
 * zero): a step whose estimates differ by more than `DECISIVE` of their size is decided on them, and
 * only a closer one prices both counts exactly. The search then takes the same steps as with the exact
 * costs alone, and only the counts it cannot tell apart otherwise, and the minimum, are priced.
 */
export function convexMinimum(lo: number, hi: number, cost: (k: number) => Decimal, estimate?: (k: number) => number): { k: number; cost: Decimal } {
  const memo = new Map<number, Decimal>();
  const at = (k: number): Decimal => {
    let c = memo.get(k);
    if (c === undefined) memo.set(k, (c = cost(k)));
    return c;
  };
  const cheaper = (a: number, b: number): boolean => {
    if (estimate) {
      const x = estimate(a);
      const y = estimate(b);
      const margin = DECISIVE * (Math.abs(x) + Math.abs(y));
      if (x - y < -margin) return true;
      if (x - y > margin) return false;
    }
    return at(a).lessThan(at(b));
  };
  let low = lo;
  let high = hi;
  // Invariant: the first minimiser is in [low, high].
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (cheaper(mid + 1, mid)) low = mid + 1;
    else high = mid;
  }
  return { k: low, cost: at(low) };
}
