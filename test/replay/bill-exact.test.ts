import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { BlendedRate, Bill } from '../../src/replay/bill.js';
import { usd } from '../../src/money.js';

/** A price as the catalog gives one: a decimal string with its source. */
function priced(value: string): Priced {
  return { usd: usd(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'] };
}

describe('Bill lines are exact', () => {
  it('a token line is the count in thousands at the price per 1,000 tokens, to the last digit', () => {
    // 9,007,199,254,740,991 tokens (2^53 - 1) at $0.00375 per 1K: 9,007,199,254,740.991 thousands x 0.00375
    // = $33,776,997,205.27871625, worked digit by digit.
    const line = new Bill().tokens(2 ** 53 - 1, priced('0.00375'), { code: 'cacheWrite5m' }).lines[0]!;
    expect(line.quantity.toFixed()).toBe('9007199254740.991');
    expect(line.cost!.toFixed()).toBe('33776997205.27871625');
  });

  it('for any count below 2^53 and any catalog price, quantity x 1,000 is the count and cost = price x quantity exactly', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 9 }), (count, digits, scale) => {
        const price = priced(`${digits}e-${scale}`);
        const line = new Bill().tokens(count, price, { code: 'input' }).lines[0];
        if (count === 0) {
          expect(line).toBeUndefined();
          return;
        }
        // BigInt arithmetic, independent of decimal.js: the count's digits are the quantity's, shifted 3 places.
        expect(line!.quantity.times(1000).toFixed()).toBe(BigInt(count).toString());
        expect(line!.cost!.times(10 ** scale).times(1000).toFixed()).toBe((BigInt(count) * BigInt(digits)).toString());
      }),
      { numRuns: 300 },
    );
  });

  it('a blended rate prices a count as side cost x count / side tokens, the same Decimal each time it is asked', () => {
    // $10 over 3 tokens: 1,000 tokens cost 10 x 1,000 / 3 = 3,333.33...; the unit price per 1K is the same.
    const rate = new BlendedRate(usd('10'), 3, 'on-demand-output');
    const bill = new Bill().atBlendedRate({ code: 'overflow-on-demand', side: 'input' }, 1000, rate).atBlendedRate({ code: 'overflow-on-demand', side: 'output' }, 1000, rate);
    expect(bill.lines[0]!.cost!.toFixed(10)).toBe('3333.3333333333');
    expect(bill.lines[0]!.unitPrice!.toFixed(10)).toBe('3333.3333333333');
    expect(bill.lines[1]!.cost).toBe(bill.lines[0]!.cost);
    expect(bill.lines[0]!.source).toEqual({ says: 'blended-rate', blended: 'on-demand-output' });
    // No tokens on the side: no rate, so an unpriced line (never $0, and no division by zero).
    const empty = new Bill().atBlendedRate({ code: 'overflow-on-demand', side: 'input' }, 5, new BlendedRate(usd('10'), 0, 'on-demand-output'));
    expect(empty.lines.map((l) => [l.quantity.toFixed(), l.unitPrice, l.cost])).toEqual([['0.005', null, null]]);
    expect(empty.result()).toBeNull();
  });
});
