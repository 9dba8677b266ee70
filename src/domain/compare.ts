import type { Decimal } from 'decimal.js';

/**
 * `a.comparedTo(b)`, read from the two values' own digits (decimal.js's documented, read-only `d`, `e`
 * and `s`: base-1e7 words, decimal exponent, sign) without the copy of `b` that `comparedTo` (and so
 * `lessThan`, `greaterThan`, ...) makes first. The engine sorts and picks among thousands of amounts
 * per analysis; each comparison made a Decimal and sliced its digits only to read them. The same
 * algorithm as decimal.js's own; anything but two finite values in range (NaN, an infinity, an
 * exponent past the constructor's limits) is left to `comparedTo`.
 */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  const limits = a.constructor as unknown as { maxE: number; minE: number };
  if (!ad || !bd || b.e > limits.maxE || b.e < limits.minE) return a.comparedTo(b);
  const as = a.s;
  const bs = b.s;
  // Either zero?
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -bs : 0;
  if (as !== bs) return as;
  if (a.e !== b.e) return (a.e > b.e) !== (as < 0) ? 1 : -1;
  const n = ad.length < bd.length ? ad.length : bd.length;
  for (let i = 0; i < n; i++) {
    const x = ad[i]!;
    const y = bd[i]!;
    if (x !== y) return (x > y) !== (as < 0) ? 1 : -1;
  }
  return ad.length === bd.length ? 0 : (ad.length > bd.length) !== (as < 0) ? 1 : -1;
}

/** `a < b`, as `a.lessThan(b)`. */
export function isLess(a: Decimal, b: Decimal): boolean {
  return compareDecimals(a, b) < 0;
}
