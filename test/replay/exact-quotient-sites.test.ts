import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_MONTH, Money, exactHours } from '../../src/money.js';
import { percentOf } from '../../src/domain/advice.js';
import { reservedBreakEvenMinutes, reservedBreakEvenPrice } from '../../src/replay/reserved.js';
import { BlendedRate } from '../../src/replay/bill.js';

/**
 * The divisions on analyze()'s path that are worked out in whole words (`timesOver`) must give the very
 * Decimal decimal.js gives them the long way, written out here as decimal.js's own chain: a percentage,
 * Reserved's break-even price, a blended rate's price per 1,000 tokens and cost (and its float estimate).
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], precision: (d.constructor as typeof Decimal).precision };
};
/** A monthly figure as analyze() makes them: up to 40 digits (a quotient by the window), at a cent's scale or a million dollars'. */
const amount = (maxDigits: number) =>
  fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`)), fc.integer({ min: -45, max: 10 })).map(([negative, digits, exponent]) => new Money(`${negative ? '-' : ''}${digits}e${exponent}`));
const positive = (maxDigits: number) => amount(maxDigits).map((x) => x.abs());

describe('percentOf in whole words', () => {
  it('is part.dividedBy(whole).times(100), to every digit, either sign, zero parts included', () => {
    fc.assert(
      fc.property(fc.oneof(amount(40), fc.constant(new Money(0)), fc.constant(new Money('-0'))), amount(40), (part, whole) => {
        expect(internals(percentOf(part, whole))).toEqual(internals(part.dividedBy(whole).times(100)));
      }),
      { numRuns: 10000 },
    );
  });

  it('written out: 1 of 3 is 33.33...3 (40 digits), 1 of 8 is 12.5, anything of 0 is 0', () => {
    expect(percentOf(new Money(1), new Money(3)).toFixed()).toBe(`33.${'3'.repeat(38)}`);
    expect(percentOf(new Money(1), new Money(8)).toFixed()).toBe('12.5');
    expect(percentOf(new Money(5), new Money(0)).toFixed()).toBe('0');
  });
});

describe('reservedBreakEvenPrice in whole words', () => {
  it('is decimal.js\'s chain (cost x served x 730 x 1000 over tokens x level x hours), for windows of any minutes', () => {
    fc.assert(
      fc.property(positive(20), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 90 * 1440 }),
        (sideCost, sideTokens, servedPerMille, levelThousands, minutes) => {
          const served = Math.floor((sideTokens * servedPerMille) / 1000);
          const level = levelThousands * 1000;
          const windowHours = minutes / 60;
          const hours = exactHours(windowHours);
          const long = sideCost.times(served).times(HOURS_PER_MONTH).times(1000).dividedBy(new Money(sideTokens).times(hours).times(level));
          const got = reservedBreakEvenPrice(sideCost, sideTokens, served, level, windowHours);
          // The chain rounds only where a product passes 40 digits; then the function keeps that chain too.
          expect(got).not.toBeNull();
          expect(internals(got!)).toEqual(internals(long));
        }),
      { numRuns: 5000 },
    );
  });
});

describe('reservedBreakEvenPrice of a bill\'s total as summed', () => {
  // A bill sums its lines in 200 digits: the price reads that total in Money (`usd`, an exact copy of its digits).
  const LineSum = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });
  it('is the price of its Money copy, for totals of up to 60 digits (past Money\'s 40 too)', () => {
    fc.assert(
      fc.property(fc.oneof(positive(20), positive(40), positive(60)), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 90 * 1440 }),
        (cost, sideTokens, servedPerMille, levelThousands, minutes) => {
          const total = new LineSum(cost.toFixed());
          const served = Math.floor((sideTokens * servedPerMille) / 1000);
          const level = levelThousands * 1000;
          const windowHours = minutes / 60;
          const inMoney = new Money(total);
          const long = inMoney.times(served).times(HOURS_PER_MONTH).times(1000).dividedBy(new Money(sideTokens).times(exactHours(windowHours)).times(level));
          expect(internals(reservedBreakEvenPrice(total, sideTokens, served, level, windowHours)!)).toEqual(internals(long));
          expect(internals(reservedBreakEvenPrice(total, sideTokens, served, level, windowHours)!)).toEqual(internals(reservedBreakEvenPrice(inMoney, sideTokens, served, level, windowHours)!));
        }),
      { numRuns: 5000 },
    );
  });
});

describe('reservedBreakEvenMinutes in whole words', () => {
  it('is decimal.js\'s chain (price x hours x tokens over cost x 730,000) as a float, for windows of any minutes and prices of several words', () => {
    fc.assert(
      fc.property(fc.oneof(positive(12), positive(30)), fc.integer({ min: 1, max: 90 * 1440 }), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })), fc.oneof(positive(20), positive(40)),
        (price, minutes, sideTokens, sideCost) => {
          const hours = exactHours(minutes / 60);
          const long = price.times(hours).times(sideTokens).dividedBy(sideCost.times(1000 * HOURS_PER_MONTH)).toNumber();
          expect(reservedBreakEvenMinutes(price, hours, sideTokens, sideCost)).toBe(long);
        }),
      { numRuns: 10000 },
    );
  });

  it('written out: $144.54 per 1K TPM-month over 730 hours against 1,000 tokens for $3.30 is 43.8 minutes; a zero cost is infinite', () => {
    // $144.54 x 730 h x 1,000 tokens / ($3.30 x 730,000) = 105,514,200 / 2,409,000 = 43.8.
    expect(reservedBreakEvenMinutes(new Money('144.54'), exactHours(730), 1000, new Money('3.3'))).toBe(43.8);
    expect(reservedBreakEvenMinutes(new Money('144.54'), exactHours(730), 1000, new Money(0))).toBe(Infinity);
  });
});

describe('BlendedRate in whole words', () => {
  it('prices per 1,000 tokens and any count as decimal.js does (cost x count / tokens), and estimates a token with the cost\'s float', () => {
    fc.assert(
      fc.property(positive(25), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 2 ** 45 }), (sideCost, sideTokens, count) => {
        const rate = new BlendedRate(sideCost, sideTokens, 'standard-input-side');
        expect(internals(rate.perThousandTokens)).toEqual(internals(sideCost.times(1000).dividedBy(sideTokens)));
        expect(internals(rate.cost(count))).toEqual(internals(sideCost.times(count).dividedBy(sideTokens)));
        expect(rate.perTokenEstimate()).toBe(sideCost.toNumber() / sideTokens);
        // A count times it is within a relative 1e-15 of the count's exact cost (the sizing search's estimates).
        const exact = rate.cost(count).toNumber();
        expect(Math.abs(count * rate.perTokenEstimate() - exact)).toBeLessThanOrEqual(1e-15 * exact);
      }),
      { numRuns: 5000 },
    );
  });

  it('written out: $3 over 4,000 tokens is $0.75 per 1,000 and $0.00075 a token; $1 over 3 tokens costs 0.333...3 (40 digits) for one', () => {
    const rate = new BlendedRate(new Money(3), 4000, 'standard-input-side');
    expect(rate.perThousandTokens.toFixed()).toBe('0.75');
    expect(rate.cost(1).toFixed()).toBe('0.00075');
    expect(new BlendedRate(new Money(1), 3, 'standard-input-side').cost(1).toFixed()).toBe(`0.${'3'.repeat(40)}`);
  });
});
