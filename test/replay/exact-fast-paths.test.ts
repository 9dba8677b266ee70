import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { usd } from '../../src/money.js';
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
