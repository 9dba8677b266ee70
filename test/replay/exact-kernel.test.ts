import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { Money, exactSum, scaledInteger, timesCount } from '../../src/money.js';
import { Bill, BillFigures } from '../../src/replay/bill.js';

/**
 * The pricing kernel's whole-number shortcuts must make the very Decimal decimal.js makes the long way
 * (sign, exponent, digit words, class): checked here against decimal.js's parse, multiplication and
 * addition, on counts up to 2^53 and prices and costs of up to 40 digits.
 */
const Wide = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] };
  return { s: x.s, e: x.e, d: [...x.d], precision: (d.constructor as typeof Decimal).precision };
};

function priced(value: string): Priced {
  return { usd: new Money(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'] };
}

describe('scaledInteger: n x 10^-scale built from words', () => {
  it('is the Decimal the parse of "n e -scale" makes, for any n up to 2^53 and scale of either sign', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: -30, max: 60 }), (n, scale) => {
      expect(internals(scaledInteger(n, scale))).toEqual(internals(new Money(`${n}e${-scale}`)));
    }), { numRuns: 3000 });
  });

  it('is the parse\'s Decimal for n with trailing zeros, n of one to sixteen digits, n at 2^53 and at a word\'s edge, at every offset in a word, in Money and in a class of 200 digits', () => {
    const n = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 11 })).map(([m, zeros]) => m * 10 ** zeros),
      fc.integer({ min: 1, max: 15 }).chain((digits) => fc.integer({ min: 10 ** (digits - 1), max: 10 ** digits - 1 })),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 1000, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(1, 9_999_999, 10_000_000, 10_000_001, 99_999_999_999_999, 100_000_000_000_000, 1e15, 9e15, 2 ** 53 - 1),
    );
    fc.assert(fc.property(n, fc.integer({ min: -30, max: 40 }), (value, scale) => {
      expect(internals(scaledInteger(value, scale))).toEqual(internals(new Money(`${value}e${-scale}`)));
      expect(internals(scaledInteger(value, scale, Wide))).toEqual(internals(new Wide(`${value}e${-scale}`)));
    }), { numRuns: 5000 });
  });

  it('written out: 5 x 10^-3 is 0.005 (one word 50000 at e = -3); 1,234,567,890,123 x 10^-3 is words [123, 4567890, 1230000] from e = 9', () => {
    expect(internals(scaledInteger(5, 3))).toEqual({ s: 1, e: -3, d: [50_000], precision: 40 });
    expect(internals(scaledInteger(1_234_567_890_123, 3))).toEqual({ s: 1, e: 9, d: [123, 4_567_890, 1_230_000], precision: 40 });
    expect(internals(scaledInteger(21_000, 0))).toEqual({ s: 1, e: 4, d: [21_000], precision: 40 });
  });
});

describe('timesCount: a price x a count / 1000 as whole numbers', () => {
  it('is the product decimal.js makes, or undefined (the caller multiplies)', () => {
    const price = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999_999_999 })), fc.integer({ min: -8, max: 20 }));
    fc.assert(fc.property(price, fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.maxSafeNat()), ([digits, scale], count) => {
      const p = new Money(`${digits}e${-scale}`);
      const got = timesCount(p, count, 3);
      if (got !== undefined) expect(internals(got)).toEqual(internals(p.times(new Money(`${count}e-3`))));
    }), { numRuns: 3000 });
  });

  it('written out: $0.003 x 7,123,456,789 tokens / 1000 = $21,370.370367; a zero price and a count past 2^53 are left to decimal.js', () => {
    expect(timesCount(new Money('0.003'), 7_123_456_789, 3)!.toFixed()).toBe('21370.370367');
    expect(timesCount(new Money(0), 5, 3)).toBeUndefined();
    expect(timesCount(new Money('0.003'), 2 ** 60, 3)).toBeUndefined();
  });
});

describe('exactSum: positive Decimals added word by word', () => {
  const decimal = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 40n - 1n }), fc.integer({ min: -45, max: 15 })).map(([m, e]) => new Money(`${m}e${e}`));

  it('is the sum decimal.js makes adding one by one from a 200-digit copy of the first, or undefined', () => {
    fc.assert(fc.property(fc.array(decimal, { minLength: 1, maxLength: 12 }), (values) => {
      const got = exactSum(values, values.length, Wide);
      if (got === undefined) return;
      let want: Decimal = new Wide(values[0]!);
      for (const v of values.slice(1)) want = want.plus(v);
      expect(internals(got)).toEqual(internals(want));
    }), { numRuns: 3000 });
  });

  it('written out: 21,370.370367 + 0.00375 + 9,999,999.9999999 = 10,021,370.3741169 (a carry into a new word)', () => {
    const values = [new Money('21370.370367'), new Money('0.00375'), new Money('9999999.9999999')];
    expect(exactSum(values, 3, Wide)!.toFixed()).toBe('10021370.3741169');
    // A negative or zero value is left to decimal.js.
    expect(exactSum([new Money(-1), new Money(2)], 2, Wide)).toBeUndefined();
    expect(exactSum([new Money(0), new Money(2)], 2, Wide)).toBeUndefined();
  });
});

describe('a bill with the figures its price book shares', () => {
  it('has the lines, notes, total and reason of a bill without them, whatever counts and prices recur (derived, unpriced and three-word prices too)', () => {
    const derived = { ...priced('0.0015'), derivedFrom: '0.5 x input' };
    const derivedSource = priced('0.00375');
    derivedSource.source = { ...derivedSource.source, reliability: 'derived' } as Priced['source'];
    const prices = [...['0.003', '0.015', '0.0003', '0.00375', '1.23456789', '1.23456789012345'].map(priced), derived, derivedSource];
    const counts = fc.oneof(fc.constantFrom(0, 1, 999, 7_123_456_789, Number.MAX_SAFE_INTEGER, 2 ** 60), fc.integer({ min: 1, max: 1e12 }));
    fc.assert(fc.property(fc.array(fc.tuple(counts, fc.integer({ min: 0, max: prices.length })), { maxLength: 12 }), (items) => {
      const figures = new BillFigures();
      for (let round = 0; round < 2; round++) {
        const shared = new Bill(figures);
        const own = new Bill();
        for (const [count, p] of items) {
          shared.tokens(count, prices[p], { code: 'input' });
          own.tokens(count, prices[p], { code: 'input' });
        }
        expect(JSON.stringify(shared.lines)).toBe(JSON.stringify(own.lines));
        shared.lines.forEach((line, i) => expect(line.cost === null ? null : internals(line.cost)).toEqual(own.lines[i]!.cost === null ? null : internals(own.lines[i]!.cost!)));
        expect(JSON.stringify(shared.notes)).toBe(JSON.stringify(own.notes));
        expect(shared.result()?.toFixed()).toBe(own.result()?.toFixed());
        expect(JSON.stringify(shared.reason())).toBe(JSON.stringify(own.reason()));
      }
    }), { numRuns: 300 });
  });

  it('is unpriced when any line is, naming each missing dimension once, also after adding another bill', () => {
    const bill = new Bill(new BillFigures()).tokens(1000, priced('0.003'), { code: 'input' }).tokens(5, undefined, { code: 'output' });
    expect(bill.result()).toBeNull();
    const all = new Bill().tokens(2000, priced('0.003'), { code: 'input' });
    expect(all.result()!.toFixed()).toBe('0.006');
    all.add(bill).add(bill);
    expect(all.result()).toBeNull();
    expect(all.reason()).toEqual({ says: 'unpriced-lines', dimensions: [{ code: 'output' }] });
  });
});
