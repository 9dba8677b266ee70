import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, leadingNumber, leadingNumberAbove, moneyOf, sumMoney } from '../../src/money.js';

/**
 * `leadingNumber` orders Decimals by a float: where two floats differ, the Decimals differ the same way
 * (decimal.js's `comparedTo` says so). Checked on values of up to 45 digits at exponents from far below
 * to far above the exact powers of ten, both signs, zero, values a word apart and a last digit apart,
 * against decimal.js itself.
 */
const decimalText = (maxDigits: number, min: number, max: number) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min, max })).map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}e${exponent}`);
const edgeText = fc.constantFrom(
  '0', '-0', '1', '9999999', '10000000', '10000001', '99999999999999', '99999999999999.5', '100000000000000', '1e22', '1e23', '1e-22', '1e-23',
  '82269.00610598333333333333333333333333333', '82269.00610598333333333333333333333333334', '82269.006105983', '82269.0061059833', '-82269.0061059833',
  '9007199254740993', '9007199254740992.9999999999999999999999', '1e30', '1e-30', '1e8999999999999990', '1e-8999999999999990',
);
const value = fc.oneof(decimalText(45, -40, 40), decimalText(14, -12, 25), decimalText(45, -340, 320), edgeText);
/** A value and one a little way from it (its last digit, or a word, moved), so near-equal pairs are common. */
const pair = fc.oneof(
  fc.tuple(value, value),
  fc.tuple(value, fc.constantFrom('1e-45', '-1e-45', '1e-20', '1e-10', '1', '-1')).map(([x, d]) => [x, new Money(x).plus(new Money(x).abs().times(d)).toString()] as const),
);

describe('leadingNumber: a float that orders Decimals', () => {
  it('differs between two Decimals only the way the Decimals differ', () => {
    fc.assert(fc.property(pair, ([x, y]) => {
      const a = new Money(x);
      const b = new Money(y);
      const fa = leadingNumber(a);
      const fb = leadingNumber(b);
      if (fa < fb) expect(a.comparedTo(b)).toBe(-1);
      if (fa > fb) expect(a.comparedTo(b)).toBe(1);
    }), { numRuns: 30000 });
  });

  it('is 0 exactly where decimal.js\'s isZero says zero (recommendationsForModel tells a zero cost today by it)', () => {
    fc.assert(fc.property(fc.oneof(value, fc.constantFrom('0', '-0', 'NaN', 'Infinity', '-Infinity', '1e-9000000000000000')), (x) => {
      const a = new Money(x);
      expect(leadingNumber(a) === 0).toBe(a.isZero());
    }), { numRuns: 20000 });
  });

  it('tells most values of a few words apart by the float alone, and says nothing (NaN) past the exact powers of ten', () => {
    expect(leadingNumber(new Money('82269.0061')) < leadingNumber(new Money('82269.0062'))).toBe(true);
    expect(leadingNumber(new Money('-5')) < leadingNumber(new Money('0'))).toBe(true);
    expect(leadingNumber(new Money('0'))).toBe(0);
    expect(leadingNumber(new Money('1e40'))).toBeNaN();
    expect(leadingNumber(new Money('1e-40'))).toBeNaN();
    expect(leadingNumber(new Money(Infinity))).toBeNaN();
    expect(leadingNumber(new Money(NaN))).toBeNaN();
  });
});

describe('leadingNumberAbove: a float at or above a positive Decimal\'s own', () => {
  it('brackets decimal.js\'s toNumber with leadingNumber, and equals it where the value has two words or fewer', () => {
    fc.assert(fc.property(value, (x) => {
      const a = new Money(x);
      const above = leadingNumberAbove(a);
      if (a.isNegative()) {
        expect(above).toBeNaN();
        return;
      }
      const own = a.toNumber();
      const below = leadingNumber(a);
      // NaN (where leadingNumber is NaN) decides nothing: every comparison with it is false.
      if (Number.isNaN(above)) {
        expect(below).toBeNaN();
        return;
      }
      expect(below).toBeLessThanOrEqual(own);
      expect(own).toBeLessThanOrEqual(above);
      if ((a as unknown as { d: number[] }).d.length <= 2) expect(above).toBe(own);
    }), { numRuns: 30000 });
  });

  it('is above the float of a value with digits past its second word, and equal at those two words alone', () => {
    // 82269.0061059 (two words) and the same with a third word: a third word's digits move the bound up.
    expect(leadingNumberAbove(new Money('82269.0061059'))).toBe(82269.0061059);
    expect(leadingNumberAbove(new Money('82269.00610598333333333333333333333333333'))).toBe(82269.006106);
    expect(leadingNumber(new Money('82269.00610598333333333333333333333333333'))).toBe(82269.0061059);
    expect(leadingNumberAbove(new Money(0))).toBe(0);
  });
});

describe('moneyOf: the sum of one value', () => {
  const internals = (x: Decimal) => {
    const f = x as unknown as { s: number; e: number; d: number[] | null };
    return { s: f.s, e: f.e, d: f.d === null ? null : [...f.d], class: x.constructor };
  };
  const Wide = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
  const Narrow = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_HALF_EVEN });

  it('is zero plus x in Money (sign, exponent, digits and class) for Money and other classes, up to 45 digits, as sumMoney([x]) is', () => {
    // Most drawn values are short: values of 38 to 45 digits drawn apart, at the precision's edge.
    const long = fc.tuple(fc.stringMatching(/^[1-9][0-9]{37,44}$/), fc.integer({ min: -50, max: 20 })).map(([digits, exponent]) => `${digits}e${exponent}`);
    fc.assert(fc.property(fc.oneof(value, long), fc.constantFrom(Money, Wide, Narrow), (x, C) => {
      const a = new C(x);
      const added = internals(new Money(0).plus(a));
      expect(internals(moneyOf(a))).toEqual(added);
      expect(internals(sumMoney([a]))).toEqual(added);
    }), { numRuns: 30000 });
  });

  it('is the value itself where the sum would copy it, and a rounded sum where it would not', () => {
    const x = new Money('82269.00610598333333333333333333333333333');
    expect(moneyOf(x)).toBe(x);
    const past = new Money('82269.006105983333333333333333333333333333333');
    expect(moneyOf(past).toString()).toBe('82269.00610598333333333333333333333333333');
    const long = new Wide('82269.006105983333333333333333333333333333333');
    expect(moneyOf(long)).not.toBe(long);
    expect(moneyOf(long).toString()).toBe('82269.00610598333333333333333333333333333');
    expect(Object.is(moneyOf(new Money('-0')).isNeg(), sumMoney([new Money('-0')]).isNeg())).toBe(true);
  });
});
