import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, ONE, numberOf, perMonth, scaledInteger, timesOver, timesOverInteger, usd } from '../../src/money.js';

/**
 * `timesOver` (x times a whole number over y times a whole number, rounded once) and `numberOf` (a
 * Decimal's float) must give exactly what decimal.js gives the long way: sign, exponent, digit words and
 * class for the quotient, the same float for the number. Checked on hostile inputs (up to 60 digits, huge
 * and tiny exponents, zero, negatives, divisors of one word and of many, factors up to 2^53, precisions
 * from 1 to 200, exact halves built to land on the rounding digit) against decimal.js itself.
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], precision: (d.constructor as typeof Decimal).precision };
};

/** decimal.js's classes at every precision the tests use, made once each. */
const classes = new Map<number, typeof Decimal>([[40, Money]]);
const inPrecision = (precision: number): typeof Decimal => {
  let C = classes.get(precision);
  if (!C) classes.set(precision, (C = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN })));
  return C;
};
/** Wide enough that no product of these tests rounds: to tell a rounded product from an exact one. */
const Exact = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15 });

/** A decimal string of up to `maxDigits` significant digits at an exponent in [min, max], either sign. */
const decimalText = (maxDigits: number, min = -60, max = 40) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min, max })).map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}e${exponent}`);
/** Digits that stress carries and rounding: runs of 9s and 0s, halves, values near 2^53 and a word's edge. */
const edgeText = fc.constantFrom(
  '9999999999999999999999999999999999999999', '99999999999999999999999999999999999999995', '5', '15', '25', '0.5', '1.5', '-0', '0',
  '9007199254740991', '9007199254740993', '1e-30', '1e30', '9999999', '10000000', '10000001', '99999999999999', '100000000000000',
  '5000000000000000000000000000000000000000', '5000000000000000000000000000000000000001', '123456789012345678901234567890123456',
  '3', '7', '1e15', '1e-15', '4999999999999999999999999999999999999999e-5', '1e8999999999999990', '1e-8999999999999990',
);
const factor = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(1, 2, 100, 1000, 9_999_999, 10_000_000, 10_000_001, 900_000_000, 900_000_001, 2 ** 31, 99_999_999_999_999, 1e14, 2 ** 53 - 1),
);

/** The long way, as decimal.js makes it in `C`. */
const longWay = (C: typeof Decimal, x: string, a: number, y: string, b: number) => new C(x).times(a).dividedBy(new C(y).times(b));

/**
 * The property: where `timesOver` answers, it is decimal.js's Decimal; where it does not, decimal.js
 * rounded a product (more digits than the precision), or its quotient left the exponent range, or the
 * divisor is zero.
 */
function agrees(C: typeof Decimal, x: string, a: number, y: string, b: number): void {
  const fast = timesOver(new C(x), a, new C(y), b, C);
  const long = longWay(C, x, a, y, b);
  if (fast !== undefined) {
    expect(internals(fast)).toEqual(internals(long));
    return;
  }
  const productRounded = !new C(x).times(a).equals(new Exact(x).times(a)) || !new C(y).times(b).equals(new Exact(y).times(b));
  expect(productRounded || new C(y).isZero() || !long.isFinite() || long.isZero()).toBe(true);
}

describe('timesOver: x times a whole number over y times a whole number, rounded once', () => {
  it('is the very Decimal of decimal.js in 40 digits, for operands of up to 40 digits, either sign, any factors', () => {
    fc.assert(
      fc.property(fc.oneof(decimalText(40), edgeText), factor, fc.oneof(decimalText(40), edgeText), factor, (x, a, y, b) => agrees(Money, x, a, y, b)),
      { numRuns: 20000 },
    );
  });

  it('is the very Decimal of decimal.js at every precision from 1 to 60 and at 200, or undefined only where decimal.js rounded a product', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(200)), fc.oneof(decimalText(60), edgeText), factor, fc.oneof(decimalText(60), edgeText), factor,
        (precision, x, a, y, b) => agrees(inPrecision(precision), x, a, y, b)),
      { numRuns: 20000 },
    );
  });

  it('answers for the products money makes (up to 20 digits each side, factors below 2^53 that keep them within 40 digits)', () => {
    fc.assert(
      fc.property(decimalText(20), fc.integer({ min: 1, max: 99_999_999_999 }), decimalText(20), fc.integer({ min: 1, max: 99_999_999_999 }), (x, a, y, b) => {
        const fast = timesOver(new Money(x), a, new Money(y), b);
        expect(fast).toBeDefined();
        expect(internals(fast!)).toEqual(internals(longWay(Money, x, a, y, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds exact halves to even and anything past a half up, with divisors of one word and of many', () => {
    // K x 10^n / 2^n is K x 5^n exactly: at a precision one digit short of it, the dropped digit is a 5
    // with nothing after it (K odd), a tie: half-even keeps an even last digit. With 2^n - 1 or 2^n + 1
    // as the divisor the quotient does not end, just off the tie on either side.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 132 }), fc.integer({ min: 0, max: 499_999 }).map((k) => 2 * k + 1), fc.integer({ min: -40, max: 40 }), fc.constantFrom(-1n, 0n, 1n),
        (n, k, shift, off) => {
          const quotient = BigInt(k) * 5n ** BigInt(n);
          const precision = quotient.toString().length - 1;
          const divisor = (2n ** BigInt(n) + off).toString();
          if (divisor === '0' || divisor.length > precision || String(k).length > precision) return;
          agrees(inPrecision(precision), `${k}e${n + shift}`, 1, divisor, 1);
          agrees(inPrecision(precision), `-${k}e${n + shift}`, 1, divisor, 1);
        }),
      { numRuns: 3000 },
    );
  });

  it('written out: 1 / 3 in 40 threes; 2 / 3 ends in 7; 5 / 2 = 2.5; at one digit 5 / 2 is 2 (even), 7 / 2 is 4', () => {
    expect(timesOver(usd(1), 1, usd(3), 1)!.toFixed()).toBe(`0.${'3'.repeat(40)}`);
    expect(timesOver(usd(2), 1, usd(3), 1)!.toFixed()).toBe(`0.${'6'.repeat(39)}7`);
    expect(timesOver(usd(5), 1, ONE, 2)!.toFixed()).toBe('2.5');
    const One = inPrecision(1);
    expect(timesOver(new One(5), 1, new One(2), 1, One)!.toFixed()).toBe('2');
    expect(timesOver(new One(7), 1, new One(2), 1, One)!.toFixed()).toBe('4');
    // A divisor of three words: 1 / (1e14 + 1) = 1e-14 - 1e-28 + 1e-42 - ... = 9.9999999999999 (14 digits),
    // 14 zeros, then 14 nines and more: the 41st digit is a 9, so the 40 digits round up to ...0001.
    expect(timesOver(usd(1), 1, usd('100000000000001'), 1)!.toExponential()).toBe('9.999999999999900000000000001e-15');
    // Zero keeps the quotient's sign; a zero divisor, a factor of 0 or a fraction is not answered.
    expect(internals(timesOver(usd('-0'), 7, usd(3), 1)!)).toEqual({ s: -1, e: 0, d: [0], precision: 40 });
    expect(internals(timesOver(usd(0), 7, usd(-3), 1)!)).toEqual({ s: -1, e: 0, d: [0], precision: 40 });
    expect(timesOver(usd(1), 1, usd(0), 1)).toBeUndefined();
    expect(timesOver(usd(1), 0, usd(3), 1)).toBeUndefined();
    expect(timesOver(usd(1), 1.5, usd(3), 1)).toBeUndefined();
    expect(timesOver(usd(1), 1, usd(3), 2 ** 53)).toBeUndefined();
  });
});

describe('numberOf: a Decimal as the nearest float', () => {
  const same = (text: string) => {
    const x = new Money(text);
    expect(Object.is(numberOf(x), x.toNumber())).toBe(true);
  };

  it('is toNumber, to the bit, for values of up to 25 digits at any scale, either sign', () => {
    fc.assert(fc.property(fc.oneof(decimalText(25, -340, 320), decimalText(16, -30, 30), edgeText), same), { numRuns: 20000 });
  });

  it('is toNumber at the edges: 2^53 and past it, 0.1, 1e22 and 1e23, the float range\'s ends, zero of either sign', () => {
    for (const text of ['9007199254740991', '9007199254740992', '9007199254740993', '0.1', '0.3', '1e22', '1e23', '1e-22', '1e-23', '5e-324', '2e-324',
      '1.7976931348623157e308', '1.8e308', '0', '-0', '-0.1', '123456789012345678901234e-7', '12345678901234e-21', '999999999999999.9'])
      same(text);
  });
});

describe('numberOf: values of many words (written out and parsed), as toNumber parses decimal.js\'s text', () => {
  const same = (x: Decimal) => expect(Object.is(numberOf(x), x.toNumber())).toBe(true);
  /** The exact decimal text of a float's neighbourhood: `x` = m x 2^k, `twice` = 2m + `odd` over 2^(k + 1) (the midpoint above x for odd 1). */
  const halfway = (x: number, odd: bigint): string => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const exponent = Number((bits >> 52n) & 0x7ffn);
    const fraction = bits & ((1n << 52n) - 1n);
    const m = exponent === 0 ? fraction : fraction | (1n << 52n);
    const k = (exponent === 0 ? 1 : exponent) - 1075 - 1;
    const twice = 2n * m + odd;
    return k >= 0 ? (twice << BigInt(k)).toString() : `${(twice * 5n ** BigInt(-k)).toString()}e${k}`;
  };
  const Wide = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });

  it('is toNumber, to the bit, for values of up to 60 digits at any scale, either sign, in Money and in a class of 200 digits', () => {
    fc.assert(fc.property(fc.oneof(decimalText(60, -360, 330), decimalText(45, -45, 20), edgeText), (text) => {
      same(new Money(text));
      same(new (inPrecision(200))(text));
    }), { numRuns: 20000 });
  });

  it('is toNumber for the figures arithmetic makes: quotients and differences of 40 digits', () => {
    fc.assert(fc.property(decimalText(20, -12, 6), decimalText(20, -12, 6), fc.integer({ min: 1, max: 1_000_000 }), (a, b, n) => {
      same(new Money(a).dividedBy(n));
      same(new Money(a).dividedBy(n).minus(new Money(b).dividedBy(n + 7)));
    }), { numRuns: 5000 });
  });

  it('is toNumber at and next to the halfway points between floats (ties to even; a digit past 40 breaks a tie), subnormals and the largest floats included', () => {
    const floats = fc.oneof(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.double({ min: 1e-20, max: 1e20, noNaN: true }),
      fc.double({ min: 4e-324, max: 2.2250738585072014e-308, noNaN: true }), fc.constantFrom(1, 2 ** 53, 2 ** 53 + 2, 0.1, 1.7976931348623157e308, 5e-324));
    fc.assert(fc.property(floats, fc.boolean(), (x, negative) => {
      if (!(x > 0)) return;
      const sign = negative ? '-' : '';
      const mid = halfway(x, 1n);
      const [digits, exponent = '0'] = mid.split('e');
      for (const text of [mid, `${digits}1e${Number(exponent) - 1}`, `${BigInt(digits!) - 1n}9e${Number(exponent) - 1}`, halfway(x, 0n)]) same(new Wide(sign + text));
    }), { numRuns: 5000 });
  });

  it('is toNumber for zero of either sign and past the float range\'s ends, with many digits', () => {
    for (const text of ['0', '-0', '1234567890123456789012345678901234567890e8999999999999950', '-1234567890123456789012345678901234567890e-8999999999999990',
      '1797693134862315708145274237317043567981e269', '1797693134862315808145274237317043567981e269', '2470328229206232720882538e-348', '2470328229206232720882539e-348'])
      same(new Wide(text));
  });
});

describe('Decimals made from words (every shortcut\'s result) at the ends of the exponent range', () => {
  it('are decimal.js\'s own: past the largest exponent infinite, past the smallest zero, in between the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.oneof(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -9e15 - 40, max: -9e15 + 40 }), fc.integer({ min: 9e15 - 40, max: 9e15 + 40 })),
        (n, scale) => {
          expect(internals(scaledInteger(n, scale))).toEqual(internals(new Money(`${n}e${-scale}`)));
        }),
      { numRuns: 5000 },
    );
  });
});

describe('timesOverInteger at the ends of the exponent range', () => {
  it('is decimal.js\'s x.times(n).dividedBy(d) where it answers, and does not answer where decimal.js\'s product or quotient is infinite or zero', () => {
    fc.assert(
      fc.property(fc.oneof(decimalText(40, 9e15 - 50, 9e15), decimalText(40, -9e15, -9e15 + 50), edgeText), fc.integer({ min: 1, max: 900_000_000 }), fc.integer({ min: 1, max: 900_000_000 }),
        (x, a, b) => {
          const fast = timesOverInteger(new Money(x), a, b);
          const long = new Money(x).times(a).dividedBy(b);
          if (fast !== undefined) expect(internals(fast)).toEqual(internals(long));
          else expect(!new Money(x).times(a).equals(new Exact(x).times(a)) || !long.isFinite() || long.isZero()).toBe(true);
        }),
      { numRuns: 5000 },
    );
  });
});

/**
 * `timesOver`'s division by a divisor of one number (a word times a factor, up to 900,000,000: every
 * monthly figure's 730 h / window hours, some twelve thousand quotients a 1,000-model run), checked
 * against decimal.js at several precisions on the cases that loop can get wrong: divisors at either end
 * of a word (1, 9,999,999) and at any place, divisors a factor makes (5 x 2e7 is 1e8, past 900,000,000
 * the long division's), quotients just past a half whose excess shows only in words after the precision,
 * and exact halves (divisors of 2s), which round to even. And `perMonth`'s fraction (its common factor
 * taken out) for windows of any whole milliseconds up to 2^53.
 */
/** Precisions for the one-word divisions: around a word's seven digits and its multiples, Money's 40, a bill's 200. */
const PRECISIONS = [1, 2, 5, 7, 8, 9, 13, 14, 15, 21, 27, 28, 29, 35, 40, 41, 60, 200];
/** A divisor's word: any, and the ends of a word and the fractions money divides by. */
const word = fc.oneof(fc.integer({ min: 1, max: 9_999_999 }), fc.constantFrom(1, 2, 3, 7, 36, 73, 9_999_999, 5_000_000, 1_000_000, 4_999_999));

describe('timesOver by a divisor of one word', () => {
  it('is decimal.js\'s quotient at every precision here, for a word at any place, either sign, small and large factors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRECISIONS), decimalText(60, -40, 40), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 900_000_000 }), fc.integer({ min: 1, max: 2 ** 40 })),
        word, fc.integer({ min: -30, max: 30 }), fc.boolean(), (precision, x, a, w, place, negative) => {
          agrees(inPrecision(precision), x, a, `${negative ? '-' : ''}${w}e${place}`, 1);
        }),
      { numRuns: 20000 },
    );
  });

  it('is decimal.js\'s quotient where a factor makes the divisor one word and zero words (5 x 2e7, 3 x 1e14), or past one word', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRECISIONS), decimalText(40, -40, 40), fc.integer({ min: 1, max: 900_000_000 }), word,
        fc.constantFrom(10_000_000, 20_000_000, 1e14, 3e14, 900_000_000, 900_000_001, 2 ** 31, 99_999_999_999_999), (precision, x, a, w, b) => {
          agrees(inPrecision(precision), x, a, String(w), b);
        }),
      { numRuns: 10000 },
    );
  });

  it('timesOverInteger is x.times(n).dividedBy(d) at every precision here where it answers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRECISIONS), decimalText(60, -40, 40), fc.integer({ min: 1, max: 900_000_000 }), fc.oneof(word, fc.integer({ min: 1, max: 900_000_000 })), (precision, text, n, d) => {
        const C = inPrecision(precision);
        const x = new C(text);
        const fast = timesOverInteger(x, n, d, C);
        if (fast !== undefined) expect(internals(fast)).toEqual(internals(x.times(n).dividedBy(d)));
        else expect(!x.times(n).equals(new Exact(text).times(n)) || String(d).replace(/0+$/, '').length > precision).toBe(true);
      }),
      { numRuns: 10000 },
    );
  });

  it('rounds up a quotient just past a half, where the excess shows only in words after the precision', () => {
    // x (P digits) x 10^j = Q y + (y + 1) / 2 for an odd divisor y not a multiple of 5, Q of P digits: the
    // quotient is Q + 1/2 + 1/(2y), and for a y of seven digits the 1/(2y) shows some eight digits past
    // the half. x is found modulo y: x = (y + 1) / 2 x 10^-j (mod y), then moved into P digits.
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PRECISIONS.filter((p) => p >= 9 && p <= 60)), fc.integer({ min: 1, max: 4_999_999 }).map((k) => 2 * k + 1), fc.bigInt({ min: 0n, max: 10n ** 60n }), fc.boolean(), fc.integer({ min: -20, max: 20 }),
        (precision, yOdd, top, negative, shift) => {
          if (yOdd % 5 === 0 || yOdd < 3) return;
          const y = BigInt(yOdd);
          const P = BigInt(precision);
          const j = BigInt(String(yOdd).length);
          // 10^-1 modulo y is (k y + 1) / 10 for the k in 0..9 that makes it whole; 10^-j is its j-th power.
          const k = BigInt([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((c) => (c * (yOdd % 10) + 1) % 10 === 0)!);
          let residue = (y + 1n) / 2n;
          for (let step = 0n; step < j; step++) residue = (residue * ((k * y + 1n) / 10n)) % y;
          // x in [10^(P-1), 10^P): the smallest such x with that residue, plus a random multiple of y.
          const low = 10n ** (P - 1n);
          let x = low + ((residue - (low % y) + y) % y);
          const room = (10n ** P - 1n - x) / y;
          if (room < 0n) return;
          x += (top % (room + 1n)) * y;
          const q = (x * 10n ** j - (y + 1n) / 2n) / y;
          if (q.toString().length !== precision) return;
          checked++;
          const C = inPrecision(precision);
          const xs = `${negative ? '-' : ''}${x}e${shift}`;
          agrees(C, xs, 1, String(yOdd), 1);
          const fast = timesOver(new C(xs), 1, new C(String(yOdd)), 1, C);
          expect(fast).toBeDefined();
          // Q + 1 in its last digit: not Q, which an exact half would keep where Q is even.
          expect(BigInt(fast!.abs().toFixed().replace('.', '').replace(/^0+/, '').padEnd(precision, '0').slice(0, precision))).toBe(q + 1n);
        }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(500);
  });

  it('rounds an exact half to even: an odd x over 2^k (one word up to 2^23) whose quotient has one digit more than the precision, a 5', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 40n }), fc.integer({ min: 1, max: 23 }), fc.boolean(), fc.integer({ min: -20, max: 20 }), (r, k, negative, shift) => {
        // x / 2^k = x 5^k / 10^k: for an odd x, digits ending in a 5. At a precision one digit short of
        // them the dropped digit is that 5 with nothing after it: a tie, kept even (H = x 5^k div 10).
        const x = 2n * r + 1n;
        const scaled = x * 5n ** BigInt(k);
        const precision = scaled.toString().length - 1;
        if (precision < 1 || precision > 60 || x.toString().length > precision) return;
        checked++;
        const H = scaled / 10n;
        const C = inPrecision(precision);
        const xs = `${negative ? '-' : ''}${x}e${shift}`;
        agrees(C, xs, 1, String(2 ** k), 1);
        const fast = timesOver(new C(xs), 1, new C(String(2 ** k)), 1, C);
        expect(fast).toBeDefined();
        const kept = H % 2n === 0n ? H : H + 1n;
        expect(fast!.abs().toFixed().replace('.', '').replace(/^0+/, '').padEnd(precision, '0').slice(0, precision)).toBe(kept.toString().slice(0, precision));
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it('perMonth is cost x 730 h / the window, rounded once to 40 digits, for windows of any whole milliseconds up to 2^53', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,35}$/), fc.integer({ min: 0, max: 30 }), fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(2_628_000_000, 1_296_000_000, 2 ** 53 - 1, 2 ** 53 - 2, 3_600_000, 1)),
        (digits, decimals, windowMs) => {
          const cost = new Money(`${digits}e-${decimals}`);
          // The window as hours (a float), and the whole milliseconds perMonth reads back from them.
          const hours = windowMs / 3_600_000;
          const ms = Math.round(hours * 3_600_000);
          const expected = new Exact(cost).times(730 * 3_600_000).dividedBy(ms).toSignificantDigits(40, Decimal.ROUND_HALF_EVEN);
          expect(internals(perMonth(cost, hours))).toEqual(internals(new Money(expected)));
        }),
      { numRuns: 5000 },
    );
  });

  it('written out: 1 / 7, 2 / 9,999,999 at 40 digits, 5 / 2 at one digit, and a month of a cost over 15 days (73 / 36)', () => {
    expect(timesOver(new Money(1), 1, new Money(7), 1)!.toFixed()).toBe(`0.${'142857'.repeat(6)}1429`);
    expect(timesOver(new Money(2), 1, new Money(9_999_999), 1)!.toExponential()).toBe(new Money(2).dividedBy(9_999_999).toExponential());
    const One = inPrecision(1);
    expect(timesOver(new One(5), 1, new One(2), 1, One)!.toFixed()).toBe('2');
    expect(timesOver(new One(15), 1, new One(2), 1, One)).toBeUndefined();
    expect(perMonth(new Money('12.5'), 360).toFixed()).toBe('25.34722222222222222222222222222222222222');
    // 36 x 73 / 36 ends: 73 exactly.
    expect(timesOverInteger(new Money(36), 73, 36)!.toFixed()).toBe('73');
  });
});
