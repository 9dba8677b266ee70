import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, difference, exactDifference, usd } from '../../src/money.js';

/**
 * `exactDifference` (x - y in whole base-1e7 words) must give exactly what decimal.js's `x.minus(y)`
 * gives: sign (zero's too), exponent, digit words and class. Checked on hostile inputs (up to 60 digits,
 * either sign, zero of either sign, huge and tiny exponents and the ends of the exponent range, operands
 * of different scales and of different classes, precisions from 1 to 60 and 200, both rounding modes
 * that decide zero's sign) against decimal.js itself; where it does not answer, decimal.js rounded the
 * difference, or left the exponent range, or the operands' words span more than the precision and two.
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], class: d.constructor, precision: (d.constructor as typeof Decimal).precision };
};

const classes = new Map<string, typeof Decimal>([['40/6', Money]]);
const inPrecision = (precision: number, rounding: Decimal.Rounding = Decimal.ROUND_HALF_EVEN): typeof Decimal => {
  let C = classes.get(`${precision}/${rounding}`);
  if (!C) classes.set(`${precision}/${rounding}`, (C = Decimal.clone({ precision, rounding })));
  return C;
};
/** Wide enough that no difference of these tests rounds: to tell a rounded difference from an exact one. */
const Exact = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15 });

/** A decimal string of up to `maxDigits` significant digits at an exponent in [min, max], either sign. */
const decimalText = (maxDigits: number, min = -60, max = 40) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min, max })).map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}e${exponent}`);
/** Values that stress borrows, carries and cancellation: runs of 9s and 0s, a word's edge, zero of either sign, the range's ends. */
const edgeText = fc.constantFrom(
  '0', '-0', '1', '-1', '9999999', '10000000', '10000001', '-9999999', '0.0000001', '9999999.9999999', '1e-7', '1e7', '1e14', '1e-14',
  '9999999999999999999999999999999999999999', '-9999999999999999999999999999999999999999', '1e40', '1e39', '-1e39', '1e-40',
  '123456789012345678901234567890123456789', '123456789012345678901234567890123456788', '0.5', '-0.5', '1e30', '1e-30',
  '1e8999999999999990', '-1e8999999999999990', '1e-8999999999999990', '9e15', '-9e15', 'Infinity', '-Infinity', 'NaN',
);
/** `y` near `x` (x times a factor close to one, or x plus a small step): differences that cancel most of their digits. */
const nearPair = fc.tuple(decimalText(40, -30, 30), fc.constantFrom('0', '1', '-1', '1e-7', '-1e-7', '1e-39', '5e-20', '0.999999999')).map(([x, step]) => [x, new Exact(x).plus(step).toString()] as const);

/**
 * The property: where `exactDifference` answers, it is decimal.js's Decimal; where it does not, decimal.js
 * rounded the difference (it is not the exact one), or the difference is not finite or left the exponent
 * range, or the operands' words span more than the precision and two words.
 */
function agrees(C: typeof Decimal, x: string, y: string, Y: typeof Decimal = C): void {
  const fast = exactDifference(new C(x), new Y(y));
  const long = new C(x).minus(new Y(y));
  if (fast !== undefined) {
    expect(internals(fast)).toEqual(internals(long));
    expect(internals(difference(new C(x), new Y(y)))).toEqual(internals(long));
    return;
  }
  const finite = new C(x).isFinite() && new Y(y).isFinite();
  const exact = new Exact(x).minus(new Exact(y));
  const rounded = !long.equals(exact);
  const outOfRange = !long.isFinite() || (long.isZero() && !exact.isZero());
  const wide = finite && wordSpan(new C(x), new Y(y)) > Math.ceil(C.precision / 7) + 2;
  expect(!finite || rounded || outOfRange || wide).toBe(true);
  expect(internals(difference(new C(x), new Y(y)))).toEqual(internals(long));
}

/** Base-1e7 words from the top word of either operand to the lowest word of either (their digits aligned on the point). */
function wordSpan(a: Decimal, b: Decimal): number {
  const top = (v: Decimal) => Math.floor(v.e / 7);
  const low = (v: Decimal) => Math.floor((v.e - v.precision() + 1) / 7);
  const words = (a as unknown as { d: number[] }).d;
  const wordsB = (b as unknown as { d: number[] }).d;
  // decimal.js keeps a zero as one word at exponent 0.
  const tops = [words[0] === 0 ? 0 : top(a), wordsB[0] === 0 ? 0 : top(b)];
  const lows = [words[0] === 0 ? 0 : low(a), wordsB[0] === 0 ? 0 : low(b)];
  return Math.max(...tops) - Math.min(...lows) + 1;
}

describe('exactDifference: x - y in whole words', () => {
  it('is the very Decimal of decimal.js in 40 digits, for operands of up to 40 digits, either sign, any scales', () => {
    fc.assert(fc.property(fc.oneof(decimalText(40), edgeText), fc.oneof(decimalText(40), edgeText), (x, y) => agrees(Money, x, y)), { numRuns: 30000 });
  });

  it('is the very Decimal of decimal.js at every precision from 1 to 60 and at 200, for operands of up to 60 digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(200)), fc.oneof(decimalText(60, -300, 300), decimalText(60), edgeText), fc.oneof(decimalText(60, -300, 300), decimalText(60), edgeText),
        (precision, x, y) => agrees(inPrecision(precision), x, y)),
      { numRuns: 30000 },
    );
  });

  it('is the very Decimal where most digits cancel (y near x), and when rounding to -Infinity (zero is -0 there)', () => {
    fc.assert(
      fc.property(nearPair, fc.oneof(fc.constant(40), fc.integer({ min: 1, max: 60 })), fc.constantFrom(Decimal.ROUND_HALF_EVEN, Decimal.ROUND_FLOOR), fc.boolean(),
        ([x, y], precision, rounding, swap) => agrees(inPrecision(precision, rounding), swap ? y : x, swap ? x : y)),
      { numRuns: 20000 },
    );
  });

  it('is the very Decimal in x\'s class when y is of a wider one (a line sum of 200 digits from a Money)', () => {
    const Wide = inPrecision(200);
    fc.assert(fc.property(fc.oneof(decimalText(40), edgeText), fc.oneof(decimalText(80, -60, 60), edgeText), (x, y) => agrees(Money, x, y, Wide)), { numRuns: 10000 });
  });

  it('answers for the differences money makes (monthly figures of up to 40 digits within a few words of each other)', () => {
    fc.assert(
      fc.property(decimalText(40, -10, 8), decimalText(40, -10, 8), (x, y) => {
        const a = new Money(x).abs();
        const b = new Money(y).abs();
        // Operands whose words span at most the precision and two words, and whose difference fits: it answers.
        if (wordSpan(a, b) > Math.ceil(40 / 7) + 2 || !new Exact(a).minus(b).equals(a.minus(b))) return;
        const fast = exactDifference(a, b);
        expect(fast).toBeDefined();
        expect(internals(fast!)).toEqual(internals(a.minus(b)));
      }),
      { numRuns: 10000 },
    );
  });

  it('written out: 10 - 0.001, 0.001 - 10, a borrow through every word, zeros of either sign, a rounded difference not answered', () => {
    expect(exactDifference(usd(10), usd('0.001'))!.toFixed()).toBe('9.999');
    expect(exactDifference(usd('0.001'), usd(10))!.toFixed()).toBe('-9.999');
    expect(exactDifference(usd('100000000000000000000'), usd('1e-7'))!.toFixed()).toBe('99999999999999999999.9999999');
    expect(exactDifference(usd(-3), usd(4))!.toFixed()).toBe('-7');
    expect(internals(exactDifference(usd(5), usd(5))!)).toEqual(internals(new Money(0)));
    expect(internals(exactDifference(usd('-0'), usd(0))!)).toEqual({ s: -1, e: 0, d: [0], class: Money, precision: 40 });
    expect(internals(exactDifference(usd(0), usd('-0'))!)).toEqual({ s: 1, e: 0, d: [0], class: Money, precision: 40 });
    expect(internals(exactDifference(usd('-0'), usd('-0'))!)).toEqual({ s: 1, e: 0, d: [0], class: Money, precision: 40 });
    expect(internals(exactDifference(usd(0), usd(7))!)).toEqual(internals(usd(-7)));
    // 1e30 - 1e-30 has 60 digits: decimal.js rounds it to 40, so no answer here.
    expect(exactDifference(usd('1e30'), usd('1e-30'))).toBeUndefined();
    expect(exactDifference(usd('Infinity'), usd(1))).toBeUndefined();
    expect(difference(usd('1e30'), usd('1e-30')).toFixed()).toBe(usd('1e30').minus('1e-30').toFixed());
  });
});
