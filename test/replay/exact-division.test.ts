import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Money, exactSum, perMonth, scaledInteger, sumMoney, timesOverInteger, timesWhole, usd, wholeNumber } from '../../src/money.js';

/**
 * The whole-word shortcuts of src/money.ts must give the very Decimal decimal.js gives the long way
 * (sign, exponent, digit words and class): checked here on hostile inputs (up to 60 significant digits,
 * values near and above 2^53, tiny and huge exponents, zero, negatives, factors up to the shortcut's
 * limit and past it), against decimal.js's own arithmetic written out in this file.
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], precision: (d.constructor as typeof Decimal).precision };
};

/** A bill's wide precision (src/replay/bill.ts sums lines in 200 digits). */
const Wide = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });

/** A decimal string of up to `maxDigits` significant digits at any scale, either sign. */
const decimalText = (maxDigits: number) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min: -60, max: 40 })).map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}e${exponent}`);
/** Digits that stress carries and rounding: runs of 9s and 0s, halves (5 then zeros), near 2^53. */
const edgeText = fc.constantFrom(
  '9999999999999999999999999999999999999999', '99999999999999999999999999999999999999995', '5', '15', '25', '0.5', '1.5',
  '9007199254740991', '9007199254740993', '18014398509481984e-10', '1e-30', '1e30', '4999999999999999999999999999999999999999e-5',
  '5000000000000000000000000000000000000000', '5000000000000000000000000000000000000001', '123456789012345678901234567890123456',
);
const factor = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 900_000_000 }), fc.constantFrom(1, 7, 36, 73, 9_999_999, 10_000_000, 10_000_001, 899_999_999, 900_000_000, 900_000_001, 2 ** 31));

describe('timesOverInteger: x times a whole number over a whole number', () => {
  it('is the very Decimal of x.times(n).dividedBy(d) in 40 and in 200 digits, or undefined (never another number)', () => {
    fc.assert(
      fc.property(fc.oneof(decimalText(60), edgeText), factor, factor, fc.boolean(), (text, numerator, denominator, wide) => {
        const Ctor = wide ? Wide : Money;
        const x = new Ctor(text);
        const fast = timesOverInteger(x, numerator, denominator, Ctor);
        const product = x.times(numerator);
        const long = product.dividedBy(denominator);
        if (fast === undefined) {
          // Only where the shortcut does not apply: a factor past its limit, or a product decimal.js rounded.
          expect(numerator > 900_000_000 || denominator > 900_000_000 || !product.equals(new Wide(text).times(numerator))).toBe(true);
        } else {
          expect(internals(fast)).toEqual(internals(long));
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('written out: 1 x 73 / 36 = 2.027... (40 digits, the last rounded up), 36 x 73 / 36 = 73, 5 x 1 / 2 = 2.5, a half rounded to even', () => {
    expect(timesOverInteger(usd(1), 73, 36)!.toFixed()).toBe('2.027777777777777777777777777777777777778');
    expect(timesOverInteger(usd(36), 73, 36)!.toFixed()).toBe('73');
    expect(timesOverInteger(usd(5), 1, 2)!.toFixed()).toBe('2.5');
    // 41 digits ...45 / 1 in 40 digits: the dropped 5 is exactly half, the kept 4 is even, so it stays.
    expect(timesOverInteger(usd('12345678901234567890123456789012345678945'), 1, 1)).toBeUndefined();
    // 0.0000001 x 1 / 3: words past the point; 40 threes.
    expect(timesOverInteger(usd('1e-7'), 1, 3)!.toFixed()).toBe(`0.0000000${'3'.repeat(40)}`);
    // 9,999,999.5 x 2 / 1 = 19,999,999: a carry into a new word. Negative: the same digits.
    expect(timesOverInteger(usd('-9999999.5'), 2, 1)!.toFixed()).toBe('-19999999');
    // Zero is decimal.js's zero of the product's sign (0 x 73 / 36 keeps the sign of the zero).
    expect(internals(timesOverInteger(usd(0), 73, 36)!)).toEqual({ s: 1, e: 0, d: [0], precision: 40 });
    expect(internals(timesOverInteger(usd('-0'), 73, 36)!)).toEqual({ s: -1, e: 0, d: [0], precision: 40 });
    expect(timesOverInteger(usd(1), 0, 36)).toBeUndefined();
    expect(timesOverInteger(usd(1), 73, 1.5)).toBeUndefined();
  });

  it('rounds up through every word: 40 nines x 1 / 1 with a ninth of a unit more rounds to the next power of ten', () => {
    // 99...9 (40 nines) + 8/9 of the last unit, divided by 9: (9 x 10^40 - 1) / 9 / 10^k ...
    // Written as 89999...9 (41 digits, 8 then 40 nines) / 9 = 99999...9.888...: 40 nines then 8s, rounded up to 10^40.
    const x = new Money('8' + '9'.repeat(39)).times(10).plus(9);
    expect(timesOverInteger(x, 1, 9)!.toFixed()).toBe(`1${'0'.repeat(40)}`);
  });
});

describe('perMonth with the whole-word quotient', () => {
  it('is the Money long way (cost x 730 h / window), to every digit, for costs of up to 36 digits, in either class, over windows of any minutes', () => {
    fc.assert(
      fc.property(fc.oneof(decimalText(36), edgeText), fc.integer({ min: 1, max: 120 * 1440 }), fc.boolean(), (text, minutes, wide) => {
        const cost = wide ? new Wide(text) : new Money(text);
        // The long way perMonth takes for such a cost: 730 x 3,600,000 / window ms, with the common factor out.
        const monthMs = 730 * 3_600_000;
        const windowMs = minutes * 60_000;
        let a = monthMs;
        let b = windowMs;
        while (b !== 0) [a, b] = [b, a % b];
        const long = new Money(cost).times(monthMs / a).dividedBy(windowMs / a);
        if (cost.precision() <= 36) expect(internals(perMonth(cost, windowMs / 3_600_000))).toEqual(internals(long));
      }),
      { numRuns: 5000 },
    );
  });

  it('written out: $36 over 360 hours is $73 a month; $1 over 360 hours is 73 / 36 in 40 digits', () => {
    expect(perMonth(usd(36), 360).toFixed()).toBe('73');
    expect(perMonth(usd(1), 360).toFixed()).toBe('2.027777777777777777777777777777777777778');
  });
});

describe('whole-word sums and counts, at their exact size', () => {
  it('exactSum and sumMoney are the very Decimal of adding one by one, or (exactSum) undefined', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(decimalText(30), edgeText), { minLength: 1, maxLength: 12 }), (texts) => {
        const values = texts.map((t) => new Money(t));
        let long: Decimal = new Money(0);
        for (const v of values) long = long.plus(v);
        expect(internals(sumMoney(values))).toEqual(internals(long));
        const wide = texts.map((t) => new Wide(t));
        let wideLong: Decimal = wide[0]!;
        for (const v of wide.slice(1)) wideLong = wideLong.plus(v);
        const fast = exactSum(wide, wide.length, Wide);
        if (fast !== undefined) expect(internals(fast)).toEqual(internals(wide.length === 1 ? new Wide(wide[0]!) : wideLong));
        else expect(wide.some((v) => !v.greaterThan(0))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(sumMoney([])).toBe(sumMoney([]));
    // One value that adding to zero would only copy is the sum itself.
    const one = usd('82269.0061');
    expect(sumMoney([one])).toBe(one);
    expect(sumMoney([]).toFixed()).toBe('0');
    expect(sumMoney([usd('0.1'), usd('0.2')]).toFixed()).toBe('0.3');
    // Sums that carry into a new word: 9,999,999 + 1 = 10,000,000 (words [1, 0] then [1]).
    expect(internals(sumMoney([usd(9_999_999), usd(1)]))).toEqual({ s: 1, e: 7, d: [1], precision: 40 });
  });

  it('sumMoney is the very Decimal of adding one by one in Money, for any class, up to 45 digits, and arrays of any kind', () => {
    // Values of Money's precision and past it (38 to 45 digits: at the edge of what one sum keeps as it
    // is), in Money and in classes of other precisions; arrays packed, holey (`new Array(n)` filled in
    // place, as src/domain/summary.ts makes them) and of one value.
    const Narrow = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_HALF_EVEN });
    const long = fc.tuple(fc.stringMatching(/^[1-9][0-9]{37,44}$/), fc.integer({ min: -50, max: 20 })).map(([digits, exponent]) => `${digits}e${exponent}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(decimalText(30), edgeText, long), fc.constantFrom(Money, Wide, Narrow)), { minLength: 1, maxLength: 6 }), fc.boolean(), (drawn, holey) => {
        const values = drawn.map(([t, C]) => new C(t));
        let oneByOne: Decimal = new Money(0);
        for (const v of values) oneByOne = oneByOne.plus(v);
        const list: Decimal[] = holey ? new Array(values.length) : [];
        for (let i = 0; i < values.length; i++) list[i] = values[i]!;
        expect(internals(sumMoney(list))).toEqual(internals(oneByOne));
        expect(list).toEqual(values);
      }),
      { numRuns: 5000 },
    );
  });

  it('sumMoney of many positive values whose total outruns Money\'s digits is the very Decimal of adding one by one (each partial sum rounded)', () => {
    // A report's savings over many models: 40-digit values of one magnitude (the total needs more digits
    // than Money keeps, so every partial sum is rounded), runs of 9s that carry through every word,
    // halves that tie, terms a few words or many words apart (decimal.js cuts a far smaller term short),
    // values of more digits than Money's and of a wider class.
    const magnitude = fc.integer({ min: -12, max: 12 });
    const term = fc.oneof(
      fc.tuple(fc.stringMatching(/^[1-9][0-9]{30,44}$/), magnitude).map(([digits, exponent]) => `${digits}e${exponent - digits.length + 6}`),
      fc.tuple(fc.constantFrom('9999999999999999999999999999999999999999', '5', '15', '4999999999999999999999999999999999999999', '5000000000000000000000000000000000000001', '1'), magnitude).map(([digits, exponent]) => `${digits}e${exponent}`),
      fc.tuple(fc.stringMatching(/^[1-9][0-9]{0,8}$/), fc.integer({ min: -80, max: 80 })).map(([digits, exponent]) => `${digits}e${exponent}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(term, fc.boolean()), { minLength: 2, maxLength: 40 }), (drawn) => {
        const values = drawn.map(([t, wide]) => (wide ? new Wide(t) : new Money(t)));
        let oneByOne: Decimal = new Money(0);
        for (const v of values) oneByOne = oneByOne.plus(v);
        expect(internals(sumMoney(values))).toEqual(internals(oneByOne));
      }),
      { numRuns: 5000 },
    );
    // Such a total is added in words, without decimal.js's plus: 1,000 savings of 40 digits.
    const savings = Array.from({ length: 1000 }, (_, i) => new Money(`143971.${String(8126875583333 + i * 7919).padStart(13, '0')}${'3'.repeat(21)}`));
    let expected: Decimal = new Money(0);
    for (const v of savings) expected = expected.plus(v);
    const plus = vi.spyOn(Money.prototype, 'plus');
    const total = sumMoney(savings);
    expect(plus).not.toHaveBeenCalled();
    plus.mockRestore();
    expect(internals(total)).toEqual(internals(expected));
    // 0.5e-39 ties at Money's last place: 1 + 5e-40 stays 1 (even), 1.000...01 + 5e-40 rounds up.
    expect(sumMoney([usd(1), usd('5e-40')]).toFixed()).toBe('1');
    expect(sumMoney([usd('1.000000000000000000000000000000000000001'), usd('5e-40')]).toFixed()).toBe('1.000000000000000000000000000000000000002');
  });

  it('scaledInteger digit arrays are exactly as long as their words (no spare slots of a grown array are visible)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: -30, max: 30 }), (n, scale) => {
        fc.pre(n > 0);
        const made = scaledInteger(n, scale);
        expect(internals(made)).toEqual(internals(new Money(`${n}e${-scale}`)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('whole quantities (`wholeNumber`, `timesWhole`)', () => {
  it('reads a Decimal as a number exactly when it is a whole number from 1 to 2^53 - 1, and multiplies as decimal.js does', () => {
    const quantity = fc.oneof(fc.maxSafeNat(), fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e21, 1e22, 10_000_000, 9_999_999, 100_000_000_000_000), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.oneof(decimalText(20), edgeText), quantity, fc.boolean(), (priceText, q, asDecimal) => {
        const exactQuantity = new Money(BigInt(Math.trunc(q)).toString()).plus(new Money(q).minus(Math.trunc(q)));
        const whole = wholeNumber(exactQuantity);
        if (exactQuantity.isInteger() && exactQuantity.greaterThan(0) && exactQuantity.lessThanOrEqualTo(Number.MAX_SAFE_INTEGER)) expect(whole).toBe(Number(exactQuantity.toFixed()));
        else expect(whole).toBeUndefined();
        const price = new Money(priceText);
        const fast = timesWhole(price, asDecimal ? exactQuantity : q);
        if (fast !== undefined) expect(internals(fast)).toEqual(internals(price.times(exactQuantity)));
      }),
      { numRuns: 5000 },
    );
  });

  it('written out: 1e21 and 2^53 are refused, 2^53 - 1 read; $0.5 x 730 hours = $365; a price of another class is left to decimal.js', () => {
    expect(wholeNumber(new Money('1e21'))).toBeUndefined();
    expect(wholeNumber(new Money(2 ** 53))).toBeUndefined();
    expect(wholeNumber(new Money(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(wholeNumber(new Money('12e13'))).toBe(120_000_000_000_000);
    expect(wholeNumber(new Money('1.5'))).toBeUndefined();
    expect(wholeNumber(new Money(0))).toBeUndefined();
    expect(timesWhole(usd('0.5'), new Money(730))!.toFixed()).toBe('365');
    expect(timesWhole(new Wide('0.5'), 730)).toBeUndefined();
  });
});
