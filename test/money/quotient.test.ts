import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, exactHours, quotient, timesOver, timesOverInteger, timesWhole } from '../../src/money.js';

/**
 * The provisioned commitment's figures worked out in whole words must be the very Decimals decimal.js
 * makes: the break-even months (`quotient`: a term's total over a month of on-demand spend of up to 40
 * digits, a divisor of several words), half a month (`timesOverInteger` over 2) and a unit count's hours
 * (`timesWhole`). Sign, exponent, digit words and class are compared, on hostile operands (40 digits and
 * more, runs of 9s, halves on the rounding digit, zero, huge and tiny exponents, other precisions).
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], precision: (d.constructor as typeof Decimal).precision };
};
const LineSum = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });
const Short = Decimal.clone({ precision: 7, rounding: Decimal.ROUND_HALF_EVEN });
const Up = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_UP });

const decimalText = (maxDigits: number, min = -60, max = 40) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min, max })).map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}e${exponent}`);
const edgeText = fc.constantFrom(
  '0', '-0', '1', '2', '3', '5', '0.5', '9999999', '10000000', '10000001', '9007199254740991', '9007199254740993',
  '9999999999999999999999999999999999999999', '99999999999999999999999999999999999999995', '5000000000000000000000000000000000000001',
  '1234567890123456789012345678901234567890', '0.0000000000000000000000000000000000000001', '1e30', '1e-30', '1e8999999999999990',
  '1e-8999999999999990', '2628000000', '18250', '1e45',
);
const operand = fc.oneof(decimalText(40), decimalText(60), edgeText);

describe('quotient: x.dividedBy(y) in x\'s class', () => {
  it('is decimal.js\'s Decimal for operands of up to 60 digits, either sign, zero dividends, in Money', () => {
    fc.assert(
      fc.property(operand, operand, (x, y) => {
        fc.pre(!new Money(y).isZero());
        expect(internals(quotient(new Money(x), new Money(y)))).toEqual(internals(new Money(x).dividedBy(new Money(y))));
      }),
      { numRuns: 20000 },
    );
  });

  it('divides in the dividend\'s class, whatever the divisor\'s (200 digits, 7 digits, another rounding)', () => {
    fc.assert(
      fc.property(fc.constantFrom<typeof Decimal>(LineSum, Short, Up, Money), fc.constantFrom<typeof Decimal>(LineSum, Short, Money), operand, operand, (X, Y, x, y) => {
        fc.pre(!new Y(y).isZero());
        expect(internals(quotient(new X(x), new Y(y)))).toEqual(internals(new X(x).dividedBy(new Y(y))));
      }),
      { numRuns: 5000 },
    );
  });

  it('written out: 1 / 3 is 0.333...3 (40 digits), 35,040 / 1,752 is 20, 0 / 7 is 0, 2 / 3 rounds up the last digit', () => {
    expect(quotient(new Money(1), new Money(3)).toFixed()).toBe(`0.${'3'.repeat(40)}`);
    expect(quotient(new Money(35040), new Money(1752)).toFixed()).toBe('20');
    expect(quotient(new Money(0), new Money(7)).toFixed()).toBe('0');
    expect(quotient(new Money(2), new Money(3)).toFixed()).toBe(`0.${'6'.repeat(39)}7`);
    // The words answer for a month of 40 digits (a divisor of six words): decimal.js is the fallback, not the path.
    expect(timesOver(new Money('87600.5'), 1, new Money(`1234.${'5678901'.repeat(5)}1`), 1)).toBeDefined();
  });
});

describe('half a month in whole words (timesOverInteger over 2)', () => {
  it('is x.dividedBy(2), to every digit: 40-digit odd figures round half-even', () => {
    fc.assert(
      fc.property(operand, (x) => {
        const fast = timesOverInteger(new Money(x), 1, 2, Money);
        const long = new Money(x).dividedBy(2);
        if (fast !== undefined) expect(internals(fast)).toEqual(internals(long));
        else expect(new Money(x).precision() > 40 || !long.isFinite() || long.isZero()).toBe(true);
      }),
      { numRuns: 20000 },
    );
    // 41 digits when halved (a half after 40 whole digits): the 40th rounds to even, down then up.
    expect(timesOverInteger(new Money(`3${'0'.repeat(38)}1`), 1, 2, Money)!.toFixed()).toBe(`15${'0'.repeat(38)}`);
    expect(timesOverInteger(new Money(`3${'0'.repeat(38)}3`), 1, 2, Money)!.toFixed()).toBe(`15${'0'.repeat(37)}2`);
  });
});

describe('a unit count\'s hours in whole words (timesWhole)', () => {
  it('is hours.times(k) for windows of any whole minutes and counts from 0 to 2^40', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 1440 }), fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 40 })), (minutes, k) => {
        const hours = exactHours(minutes / 60);
        const fast = timesWhole(hours, k) ?? hours.times(k);
        expect(internals(fast)).toEqual(internals(hours.times(k)));
      }),
      { numRuns: 10000 },
    );
  });
});
