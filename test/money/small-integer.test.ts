import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, smallInteger, usd } from '../../src/money.js';

/**
 * smallInteger hands decimal.js a whole number below 1e7 as a small integer rather than a float that
 * holds it (a speed matter: see its comment). It must be the same number: the same Decimal, digit for
 * digit and sign for sign, for any number at all.
 */
const same = (a: number, b: number) => expect(Object.is(a, b)).toBe(true);

describe('smallInteger', () => {
  it('is the same number for any double, and makes the same Decimal', () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer({ min: -20_000_000, max: 20_000_000 }).map((n) => n / 1), fc.integer().map((n) => n * 1.0)), (n) => {
      same(smallInteger(n), n);
      if (Number.isFinite(n)) expect(new Money(smallInteger(n)).toString()).toBe(new Money(n).toString());
    }), { numRuns: 5000 });
  });

  it('keeps the sign of zero, and leaves large, fractional and non-finite numbers as they are', () => {
    same(smallInteger(-0), -0);
    expect(new Money(smallInteger(-0)).isNegative()).toBe(true);
    same(smallInteger(0), 0);
    same(smallInteger(73), 73);
    same(smallInteger(9_999_999), 9_999_999);
    same(smallInteger(-9_999_999), -9_999_999);
    same(smallInteger(2_628_000_000), 2_628_000_000);
    same(smallInteger(4_294_967_296 + 5), 4_294_967_301);
    same(smallInteger(0.5), 0.5);
    same(smallInteger(Number.NaN), Number.NaN);
    same(smallInteger(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    // 730 hours x 3,600,000 ms over a 360-hour window, reduced by their common factor: 73 / 36.
    expect(usd((730 * 3_600_000) / 36_000_000).toString()).toBe('73');
    expect(usd(2.5).toString()).toBe('2.5');
  });
});
