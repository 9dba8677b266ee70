import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { byRecommendationSavings, sortByAmountFirst } from '../../src/domain/order.js';
import type { Recommendation } from '../../src/domain/report.js';
import { usd } from '../../src/money.js';

/**
 * `sortByAmountFirst` orders by a float of each amount before the comparator: the result must be the
 * very order `Array.prototype.sort` with the comparator alone gives (stable, ties and unknowns included).
 * Amounts are drawn so that many share their leading float (digits past the 14th differ) or are equal.
 */
const amount = fc.oneof(
  fc.constant(null),
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 30 })).map(([n, scale]) => usd(`${n}e-${scale}`)),
  fc.tuple(fc.constantFrom('12345678901234', '-12345678901234', '0', '99999999999999'), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 12 }))
    .map(([lead, tail, scale]) => usd(`${lead}${tail}e-${scale}`)),
);
const modelId = fc.constantFrom('a', 'b', 'B', 'é', 'z-1');
const rec = fc.record({ monthlySavings: amount, modelId });

describe('sortByAmountFirst', () => {
  // Any amounts (unknown ones too: one sort with the whole comparator), and known ones alone (floats
  // first, then runs of equal floats by the comparator).
  const known = fc.record({ monthlySavings: amount.filter((a) => a !== null), modelId });
  it.each([['any amounts', rec], ['known amounts', known]] as const)('gives the order the comparator alone gives: %s', (_, row) => {
    fc.assert(fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
      const items = rows.map((r, i) => ({ ...r, i }) as unknown as Recommendation & { i: number });
      const expected = [...items].sort(byRecommendationSavings).map((r) => r.i);
      const sorted = sortByAmountFirst([...items], (r) => r.monthlySavings as Decimal | null, byRecommendationSavings);
      expect(sorted.map((r) => (r as unknown as { i: number }).i)).toEqual(expected);
    }), { numRuns: 400 });
  });

  it('puts unknown amounts after every known one, $0 and below included', () => {
    const items = [null, '0', '-3', null, '5'].map((s, i) => ({ monthlySavings: s === null ? null : usd(s), modelId: `m${i}` }) as unknown as Recommendation);
    expect(sortByAmountFirst(items, (r) => r.monthlySavings, byRecommendationSavings).map((r) => r.modelId)).toEqual(['m4', 'm1', 'm2', 'm0', 'm3']);
  });
});
