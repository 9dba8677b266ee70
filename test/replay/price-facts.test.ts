import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { Money, oneWordKey, priceDigits, timesDigits } from '../../src/money.js';
import { Bill, BillFigures, citePrice, factsOf } from '../../src/replay/bill.js';
import { ReplayShared } from '../../src/replay/shared.js';

/**
 * A price read once a book as a whole number and a power of ten (`priceDigits`), and a token cost as that
 * whole number times the count (`timesDigits`): the very Decimal decimal.js's multiplication makes
 * (sign, exponent, digit words, class), checked against decimal.js for prices of 1 to 12 decimals and
 * counts up to and past 2^53.
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] };
  return { s: x.s, e: x.e, d: [...x.d], precision: (d.constructor as typeof Decimal).precision };
};

const price = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999_999_999 })), fc.integer({ min: 1, max: 12 }));
const count = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 2 ** 53, max: 2 ** 70, noNaN: true }).map(Math.floor));

describe('priceDigits and timesDigits', () => {
  it('is price x count / 1000 as decimal.js multiplies it, or undefined (then decimal.js multiplies)', () => {
    let fast = 0;
    fc.assert(fc.property(price, count, ([digits, decimals], n) => {
      const p = new Money(`${digits}e-${decimals}`);
      const d = priceDigits(p);
      // Every positive price whose digits fall in at most two words (seven digits each, aligned on the
      // decimal point) has its digits read; a longer one is left to decimal.js.
      if (d === undefined) {
        expect(internals(p).d.length).toBeGreaterThan(2);
        return;
      }
      // The digits and power of ten are the price: mantissa x 10^-scale, the mantissa with no trailing zero.
      expect(new Money(`${d!.mantissa}e${-d!.scale}`).eq(p)).toBe(true);
      expect(d!.mantissa % 10).not.toBe(0);
      const got = timesDigits(d!, n, 3);
      if (got === undefined) {
        // Left to decimal.js only where the whole-number product would pass 2^53.
        expect(n > Number.MAX_SAFE_INTEGER || d!.mantissa * n > Number.MAX_SAFE_INTEGER).toBe(true);
        return;
      }
      fast++;
      expect(internals(got)).toEqual(internals(p.times(new Money(`${BigInt(n)}e-3`))));
    }), { numRuns: 4000 });
    expect(fast).toBeGreaterThan(500);
  });

  it('written out: $0.00025 is 25 x 10^-5; x 7,123,456,789 tokens / 1000 = 178,086,419,725 x 10^-8 = $1,780.86419725', () => {
    const d = priceDigits(new Money('0.00025'))!;
    expect(d).toEqual({ mantissa: 25, scale: 5 });
    expect(timesDigits(d, 7_123_456_789, 3)!.toFixed()).toBe('1780.86419725');
    // $40 an hour is 4 x 10^1: its mantissa carries no zero.
    expect(priceDigits(new Money(40))).toEqual({ mantissa: 4, scale: -1 });
  });

  it('reads no digits of a zero or negative price or one of three words, and multiplies no count that is not whole and not negative', () => {
    expect(priceDigits(new Money(0))).toBeUndefined();
    expect(priceDigits(new Money('-0.003'))).toBeUndefined();
    // 1.23456789012345 is the words 1, 2345678, 9012345.
    expect(priceDigits(new Money('1.23456789012345'))).toBeUndefined();
    const d = priceDigits(new Money('0.003'))!;
    expect(timesDigits(d, 1.5, 3)).toBeUndefined();
    expect(timesDigits(d, -5, 3)).toBeUndefined();
    // -0 x a positive price is -0 to decimal.js: left to it.
    expect(timesDigits(d, -0, 3)).toBeUndefined();
  });

  it('a count of zero is decimal.js\'s product of the price and zero (+0 in Money), at every shift, for prices of one and two words', () => {
    fc.assert(fc.property(price, fc.integer({ min: -3, max: 6 }), ([digits, decimals], shift) => {
      const p = new Money(`${digits}e-${decimals}`);
      const d = priceDigits(p);
      if (d === undefined) return;
      const got = timesDigits(d, 0, shift);
      expect(got).toBeDefined();
      expect(internals(got!)).toEqual(internals(p.times(new Money(`0e${-shift}`))));
      expect(internals(got!)).toEqual(internals(p.times(0)));
      expect(got!.constructor).toBe(Money);
    }), { numRuns: 500 });
  });
});

function pricedAt(value: string, extra: Partial<Priced> = {}): Priced {
  return { usd: new Money(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'], ...extra };
}

describe("a bill's token lines from its price book's facts", () => {
  it("shares one citation object per price across a book's lines", () => {
    const p = pricedAt('0.003', { usagetype: 'USE1-In' });
    const figures = new BillFigures();
    const a = new Bill(figures).tokens(1000, p, { code: 'input' });
    const b = new Bill(figures).tokens(2000, p, { code: 'input' });
    expect(a.lines[0]!.source).toBe(b.lines[0]!.source);
    expect(a.lines[0]!.source).toEqual({ cites: 'price', origin: { cites: 'source', title: 'test source' }, id: 's', usageType: 'USE1-In' });
    // $0.003 x 2,000 / 1000 = $0.006.
    expect(b.lines[0]!.cost!.toFixed()).toBe('0.006');
  });
});

describe('price facts shared by the models of one analysis', () => {
  // Every row's prices from one catalog source (one object), as the catalog gives them.
  const SOURCE = pricedAt('1').source;
  const priceOf = (v: string, extra: Partial<Priced> = {}): Priced => ({ ...pricedAt(v, extra), source: SOURCE });
  // Values of one word (up to seven digits aligned on the decimal point) and of more, of either sign, and zero.
  const value = fc.tuple(fc.integer({ min: -9_999_999, max: 99_999_999_999 }), fc.integer({ min: 0, max: 14 })).map(([digits, decimals]) => `${digits}e-${decimals}`);

  it('keys a one-word positive value exactly: equal keys for equal values and only those (decimal.js equality)', () => {
    fc.assert(fc.property(value, value, (a, b) => {
      const x = new Money(a);
      const y = new Money(b);
      const kx = oneWordKey(x);
      const ky = oneWordKey(y);
      const words = (d: Decimal) => (d as unknown as { d: number[] }).d.length;
      expect(kx !== undefined).toBe(x.greaterThan(0) && words(x) === 1);
      if (kx !== undefined && ky !== undefined) expect(kx === ky).toBe(x.equals(y));
    }), { numRuns: 3000 });
    // 0.003 written as 0.0030 is the same value and key; 0.03 (another exponent) is another.
    expect(oneWordKey(new Money('0.003'))).toBe(oneWordKey(new Money('0.0030')));
    expect(oneWordKey(new Money('0.003'))).not.toBe(oneWordKey(new Money('0.03')));
  });

  it("are the price's own facts, one frozen object for every price of the same value and citation", () => {
    fc.assert(fc.property(fc.array(fc.tuple(value, fc.constantFrom('', 'USE1-In'), fc.boolean()), { minLength: 1, maxLength: 10 }), (specs) => {
      const shared = new ReplayShared();
      const made = specs.map(([v, usagetype, derived]) => {
        const price = priceOf(v, { ...(usagetype ? { usagetype } : {}), ...(derived ? { derivedFrom: '0.5 x input' } : {}) });
        return { price, facts: shared.priceFacts(price) };
      });
      for (const { price, facts } of made) {
        // What a book without the analysis works out for the price, field by field.
        expect(facts).toEqual(factsOf(price, citePrice(price)));
        for (const other of made) {
          const alike = other.price.usd.equals(price.usd) && other.price.usagetype === price.usagetype;
          if (facts === other.facts) expect(alike).toBe(true);
          // Plain prices (no rule, no note) of one word of digits and the same value and usage type: one frozen object.
          else {
            const plain = (p: Priced) => p.derivedFrom === undefined && oneWordKey(p.usd) !== undefined;
            if (alike && plain(price) && plain(other.price)) expect(other.facts).toBe(facts);
          }
        }
      }
      // Two rows' prices of one value and source: one object.
      const a = shared.priceFacts(priceOf('0.0015'));
      expect(shared.priceFacts(priceOf('0.00150'))).toBe(a);
      expect(shared.priceFacts(priceOf('0.0015', { derivedFrom: '0.5 x input' }))).not.toBe(a);
      expect(Object.isFrozen(a)).toBe(true);
      expect(a.digits).toEqual({ mantissa: 15, scale: 4 });
      // A price asked for again (on another line) gets the facts it got, cited on its own or not.
      const derived = priceOf('0.0015', { derivedFrom: '0.5 x input' });
      expect(shared.priceFacts(derived)).toBe(shared.priceFacts(derived));
      for (const { price, facts } of made) expect(shared.priceFacts(price)).toBe(facts);
    }), { numRuns: 300 });
  });
});

describe("a bill's unit lines from its price book's facts", () => {
  const exact = (value: unknown) => JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
    const raw = this[k];
    return raw instanceof Decimal ? `D${raw.toString()}@${(raw.constructor as typeof Decimal).precision}` : v;
  });
  const SOURCE = pricedAt('1').source;
  const unitPrice = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99_999_999_999_999 })), fc.integer({ min: -2, max: 6 }), fc.boolean())
    .map(([digits, decimals, derived]): Priced => ({ usd: new Money(`${digits}e${-decimals}`), source: SOURCE, ...(derived ? { derivedFrom: '0.5 x input' } : {}) }));
  const quantity = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 2 ** 53, max: 2 ** 60, noNaN: true }).map(Math.floor));

  it('are the lines decimal.js prices, price x quantity, with or without the book (and the analysis) sharing figures', () => {
    fc.assert(fc.property(unitPrice, quantity, (price, n) => {
      const own = new Bill().units(n, price, { code: 'model-unit-hours', term: 'noCommit' }, 'model-unit hour');
      const booked = new Bill(new BillFigures(new ReplayShared())).units(n, price, { code: 'model-unit-hours', term: 'noCommit' }, 'model-unit hour');
      expect(exact([booked.lines, booked.notes, booked.result()])).toBe(exact([own.lines, own.notes, own.result()]));
      if (n === 0) {
        expect(booked.lines).toEqual([]);
        return;
      }
      // Independently: the quantity is the count as decimal.js reads it, the cost price x that quantity.
      const line = booked.lines[0]!;
      expect(exact(line.quantity)).toBe(exact(new Money(n)));
      expect(exact(line.cost)).toBe(exact(price.usd.times(new Money(n))));
    }), { numRuns: 3000 });
    // $40 an hour x 730 unit-hours = $29,200.
    expect(new Bill(new BillFigures()).units(730, pricedAt('40'), { code: 'model-unit-hours', term: 'noCommit' }, 'model-unit hour').lines[0]!.cost!.toFixed()).toBe('29200');
  });
});

describe("a bill's token lines, with the book's figures or without", () => {
  const exact = (value: unknown) => JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
    const raw = this[k];
    return raw instanceof Decimal ? `D${raw.toString()}@${(raw.constructor as typeof Decimal).precision}` : v;
  });
  const SOURCE = pricedAt('1').source;
  const tokenPrice = fc.option(fc.tuple(fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99_999_999_999_999 })), fc.integer({ min: 0, max: 12 }), fc.boolean())
    .map(([digits, decimals, derived]): Priced => ({ usd: new Money(`${digits}e${-decimals}`), source: SOURCE, ...(derived ? { derivedFrom: '0.5 x input' } : {}) })), { nil: undefined });
  const tokenCount = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 2 ** 53, max: 2 ** 62, noNaN: true }).map(Math.floor));

  it('are price x count / 1000 as decimal.js multiplies it, however often a book bills a count at a price', () => {
    fc.assert(fc.property(fc.array(fc.tuple(tokenCount, tokenPrice), { minLength: 1, maxLength: 6 }), (lines) => {
      const figures = new BillFigures(new ReplayShared());
      // Each line twice in one book (a count billed again at the same price in another scenario), and in a bill of no book.
      for (let round = 0; round < 2; round++) {
        for (const [n, price] of lines) {
          const own = new Bill().tokens(n, price, { code: 'input' });
          const booked = new Bill(figures).tokens(n, price, { code: 'input' });
          expect(exact([booked.lines, booked.notes, booked.result()])).toBe(exact([own.lines, own.notes, own.result()]));
          if (n === 0) {
            expect(booked.lines).toEqual([]);
            continue;
          }
          // Independently: the quantity is the count in thousands as decimal.js reads the number's text, the cost the price times it.
          const line = booked.lines[0]!;
          const thousands = new Money(`${n}e-3`);
          expect(exact(line.quantity)).toBe(exact(thousands));
          expect(line.cost === null ? null : exact(line.cost)).toBe(price ? exact(price.usd.times(thousands)) : null);
          expect(booked.notes.length).toBe(price?.derivedFrom ? 1 : 0);
        }
      }
    }), { numRuns: 1500 });
    // $0.003 per 1,000 tokens x 2,500 tokens = $0.0075, the same line's quantity object for the same count.
    const figures = new BillFigures();
    const a = new Bill(figures).tokens(2500, pricedAt('0.003'), { code: 'input' });
    const b = new Bill(figures).tokens(2500, pricedAt('0.003'), { code: 'output' });
    expect(a.lines[0]!.cost!.toFixed()).toBe('0.0075');
    expect(b.lines[0]!.quantity).toBe(a.lines[0]!.quantity);
  });
});
