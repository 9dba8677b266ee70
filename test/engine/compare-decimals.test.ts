import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, isLess } from '../../src/domain/compare.js';
import { Money, usd } from '../../src/money.js';

/**
 * The engine compares amounts from their digits rather than through `comparedTo` (which copies its
 * argument first): the answer must be decimal.js's own for every pair, of any sign, exponent and
 * length, zeros of either sign, NaN and the infinities, and values of another precision.
 */
const Wide = Decimal.clone({ precision: 200 });
const digits = fc.stringMatching(/^[0-9]{1,45}$/);
const value = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('', '-'), digits, fc.integer({ min: -30, max: 30 }), fc.constantFrom(Money, Wide, Decimal)).map(([sign, d, e, C]) => new C(`${sign}${d}e${e}`)) },
  // Near neighbours: the same leading digits, one longer, one word apart.
  { weight: 2, arbitrary: fc.constantFrom('143979.056675875', '143979.0566758750000001', '143979.05667587', '-143979.056675875', '10000000', '9999999.9999999', '0.0000001', '1e-7') .map((v) => new Money(v)) },
  { weight: 1, arbitrary: fc.constantFrom(new Money(0), new Money(-0), new Money(NaN), new Money(Infinity), new Money(-Infinity), new Money('1e9000000000000000'), new Money('-1e-9000000000000000')) },
);

describe('compareDecimals', () => {
  it('answers as comparedTo for any two values', () => {
    fc.assert(fc.property(value, value, (a, b) => {
      expect(Object.is(compareDecimals(a, b), a.comparedTo(b))).toBe(true);
      expect(isLess(a, b)).toBe(a.lessThan(b));
    }), { numRuns: 5000 });
  });

  it('orders amounts that share leading digits by the digits after them', () => {
    expect(compareDecimals(usd('143979.0566758750000001'), usd('143979.056675875'))).toBe(1);
    expect(compareDecimals(usd('-143979.0566758750000001'), usd('-143979.056675875'))).toBe(-1);
    expect(compareDecimals(usd('0.5'), usd('0.50'))).toBe(0);
    expect(compareDecimals(usd(0), new Money(-0))).toBe(0);
    expect(Number.isNaN(compareDecimals(new Money(NaN), usd(1)))).toBe(true);
  });
});
