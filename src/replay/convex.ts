import type { Decimal } from 'decimal.js';

/**
 * The whole number k in [lo, hi] with the lowest cost, for a cost that is convex in k (falls, then
 * rises): binary search on the sign of the marginal cost cost(k+1) - cost(k), so O(log(hi - lo))
 * evaluations instead of one per k. Ties go to the smaller k, as a loop keeping the first minimum would.
 */
export function convexMinimum(lo: number, hi: number, cost: (k: number) => Decimal): { k: number; cost: Decimal } {
  const memo = new Map<number, Decimal>();
  const at = (k: number): Decimal => {
    let c = memo.get(k);
    if (c === undefined) memo.set(k, (c = cost(k)));
    return c;
  };
  let low = lo;
  let high = hi;
  // Invariant: the first minimiser is in [low, high].
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (at(mid + 1).lessThan(at(mid))) low = mid + 1;
    else high = mid;
  }
  return { k: low, cost: at(low) };
}
