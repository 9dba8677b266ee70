import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { thousandths, usd } from '../../src/money.js';
import { breakEvenReadShare } from '../../src/replay/model-replay.js';
import { reservedBreakEvenPrice } from '../../src/replay/reserved.js';

/**
 * Shortcuts in how money is computed must give the very number the long way gives: checked here on
 * hostile inputs (counts up to 2^53, prices and costs of up to 40 significant digits, windows whose
 * hours do not terminate), against the long way written out in this file.
 */
const Forty = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** The window's hours as the engine reads them: its whole milliseconds / 3,600,000, in 40 digits. */
const hoursOf = (minutes: number) => new Forty(minutes * 60_000).dividedBy(3_600_000);

/** The break-even price the long way: cost x served x 730 x 1000 / (tokens x hours x level), one step at a time in 40 digits. */
function longWay(cost: string, tokens: number, served: number, level: number, minutes: number): string {
  const numerator = new Forty(cost).times(served).times(730).times(1000);
  const denominator = new Forty(tokens).times(hoursOf(minutes)).times(level);
  return numerator.dividedBy(denominator).toFixed();
}

const mantissa = fc.stringMatching(/^[1-9][0-9]{0,39}$/);

describe('Reserved break-even price', () => {
  it('is the three-step product over the three-step product, to every digit, for any cost, count, level and window', () => {
    fc.assert(
      fc.property(
        mantissa, fc.integer({ min: 0, max: 45 }), fc.maxSafeNat(), fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 90 * 1440 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (digits, decimals, tokensRaw, level, minutes, servedShare) => {
          const tokens = Math.max(1, tokensRaw);
          const served = Math.floor(tokens * servedShare);
          const cost = usd(`${digits}e-${decimals}`);
          const windowHours = (minutes * 60_000) / 3_600_000;
          expect(reservedBreakEvenPrice(cost, tokens, served, level, windowHours)!.toFixed()).toBe(longWay(cost.toFixed(), tokens, served, level, minutes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('for small figures, where every step is exact: $6 of 1,000,000 tokens, 400,000 served at 100,000 TPM over 360 hours is 6 x 400,000 x 730,000 / (1,000,000 x 360 x 100,000) = $0.04866...', () => {
    // 1,752,000,000,000 / 36,000,000,000,000 = 0.0486666... (40 significant digits, the last rounded up).
    expect(reservedBreakEvenPrice(usd(6), 1_000_000, 400_000, 100_000, 360)!.toFixed()).toBe('0.04866666666666666666666666666666666666667');
  });
});

function priced(value: string): Priced {
  return { usd: usd(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'] };
}

describe('cache break-even read share', () => {
  it('is (write - input) / (write - read) as a float, 0 where writes cost no more than input, whatever prices came before', () => {
    const price = fc.tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 12 })).map(([d, s]) => `${d}e-${s}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(price, price, price), { minLength: 1, maxLength: 8 }), (triples) => {
        // The same triples twice, so a repeated triple is asked for again (the share is kept per distinct prices).
        for (const [input, read, write] of [...triples, ...triples]) {
          const premium = new Forty(write).minus(input);
          const expected = premium.lessThanOrEqualTo(0) ? 0 : premium.dividedBy(new Forty(write).minus(read)).toNumber();
          expect(breakEvenReadShare(priced(input), priced(read), priced(write))).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads equal prices written differently as the same prices: 0.0030 is 0.003', () => {
    // (0.00375 - 0.003) / (0.00375 - 0.0003) = 0.00075 / 0.00345 = 5 / 23 exactly: the float nearest 5/23.
    expect(breakEvenReadShare(priced('0.0030'), priced('0.0003'), priced('0.00375'))).toBe(5 / 23);
    expect(breakEvenReadShare(priced('0.003'), priced('0.00030'), priced('0.003750'))).toBe(5 / 23);
  });
});

describe('a count of tokens in thousands (`thousandths`)', () => {
  /** The long way: the count's digits with the decimal point moved three places, parsed. */
  const parsed = (count: number) => usd(`${count}e-3`);
  const internals = (d: Decimal) => {
    const x = d as unknown as { s: number; e: number; d: number[] };
    return { s: x.s, e: x.e, d: [...x.d], precision: (d.constructor as typeof Decimal).precision };
  };

  it('is the very Decimal the parse makes (sign, exponent, digit words, precision) for any count up to 2^53, and of any size', () => {
    const anySize = fc.integer({ min: 0, max: 15 }).chain((digits) => fc.integer({ min: 0, max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** digits) }));
    fc.assert(fc.property(fc.oneof(fc.maxSafeNat(), anySize), (count) => {
      expect(internals(thousandths(count))).toEqual(internals(parsed(count)));
    }), { numRuns: 5000 });
  });

  it('at the edges of its words: 0.001, 0.999, 1, 9,999.999, 10,000 (whole words of zeros dropped), 2^53 - 1, and a count that is not a safe whole number', () => {
    for (const count of [1, 999, 1000, 1001, 9_999_999, 10_000_000, 10_000_000_000, 70_000_000_000_000, 10_000_000_000_001, Number.MAX_SAFE_INTEGER, 0, -5, 1.5, 2 ** 60]) {
      expect(internals(thousandths(count))).toEqual(internals(parsed(count)));
    }
    // Written out: 1,234,567,890,123 tokens are 1,234,567,890.123 thousand, words [123, 4567890, 1230000] from e = 9.
    expect(internals(thousandths(1_234_567_890_123))).toEqual({ s: 1, e: 9, d: [123, 4_567_890, 1_230_000], precision: 40 });
    expect(thousandths(5).toFixed()).toBe('0.005');
  });
});
