import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced } from '../../src/catalog/catalog.js';
import { ONE, timesWholeOver, usd } from '../../src/money.js';
import { PriceBook, prorated } from '../../src/modes/price-book.js';
import { scenarioOfParts } from '../../src/modes/bill-parts.js';
import { Bill, scenarioFromBill } from '../../src/replay/bill.js';

/**
 * A monthly price prorated to a window (a Reserved reservation line) is priced in whole numbers where
 * they fit: checked against decimal.js's chain written out here in 40 digits, half-even, for levels and
 * hours whose product goes past 2^53, prices of 1 to 12 decimals and up to 16 digits, and windows whose
 * hours are not whole.
 */
const Forty = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const PER_MONTH = 1000 * 730;

/** The long way: price x level x hours / 730,000, each step in 40 digits. */
const chain = (price: string, level: number, hours: string) => new Forty(price).times(level).times(new Forty(hours)).dividedBy(PER_MONTH);

const price = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })), fc.integer({ min: 1, max: 12 })).map(([d, s]) => `${d}e-${s}`);
const level = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.maxSafeNat(), fc.integer({ min: 2 ** 40, max: Number.MAX_SAFE_INTEGER }));
/** Whole hours (a window of whole hours, the common case) or a window of whole minutes, whose hours may not terminate. */
const hours = fc.oneof(fc.integer({ min: 1, max: 24 * 400 }).map(String), fc.integer({ min: 1, max: 400 * 1440 }).map((m) => new Forty(m).dividedBy(60).toFixed()));

describe('timesWholeOver (a prorated price)', () => {
  it('is price x level x hours / 730,000 as decimal.js chains it, to every digit and its precision, or undefined', () => {
    let fast = 0;
    fc.assert(
      fc.property(price, level, hours, (p, l, h) => {
        const got = timesWholeOver(usd(p), l, usd(h), PER_MONTH);
        if (got === undefined) return;
        fast++;
        const want = chain(p, l, h);
        expect(got.toFixed()).toBe(want.toFixed());
        expect(got.precision()).toBe(want.precision());
        expect(got.constructor).toBe(usd(1).constructor);
      }),
      { numRuns: 4000 },
    );
    // The whole-number path is taken on a good share of the draws, not skipped by every one.
    expect(fast).toBeGreaterThan(200);
  });

  it('takes the long way where a factor is not whole, or the product passes 2^53', () => {
    expect(timesWholeOver(usd('0.5'), 1.5, usd(360), PER_MONTH)).toBeUndefined();
    expect(timesWholeOver(usd('0.5'), 3, usd('360.5'), PER_MONTH)).toBeUndefined();
    expect(timesWholeOver(usd('0.5'), 2 ** 50, usd(360), PER_MONTH)).toBeUndefined();
    expect(timesWholeOver(new Decimal('0.5'), 3, usd(360), PER_MONTH)).toBeUndefined();
  });

  it('by hand: 50,000 TPM for 360 hours at $3.50 per 1K TPM-month is 3.5 x 50,000 x 360 / 730,000 = $86.30136986...', () => {
    // 63,000,000 / 730,000 = 86.301369863013698630136986301369863013698630... (40 significant digits, ...69 and the next digit an 8: rounded up to ...70, whose zero is not written).
    expect(timesWholeOver(usd('3.5'), 50_000, usd(360), PER_MONTH)!.toFixed()).toBe('86.3013698630136986301369863013698630137');
    // Its quantity, 50,000 / 1,000 x 360 / 730 = 24.65753424657534246575342465753424657534 (the next digit a 2: kept).
    expect(timesWholeOver(ONE, 50_000, usd(360), PER_MONTH)!.toFixed()).toBe('24.65753424657534246575342465753424657534');
  });
});

function pricedAt(value: string): Priced {
  return { usd: usd(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'] };
}

describe('a prorated line in a bill', () => {
  it('has the quantity and cost of the chain, for any level, price and window', () => {
    fc.assert(
      fc.property(price, level, hours, (p, l, h) => {
        const book = new PriceBook(undefined, { reservedPerThousandTpmMonth: { oneMonth: { input: pricedAt(p) } } } as never);
        const line = book.bill([prorated({ code: 'reserved-tpm', term: 'oneMonth', side: 'input' } as never, l, usd(h), '1K TPM-month', { reservedTpmMonth: 'oneMonth', side: 'input' } as never)]).lines[0]!;
        expect(line.quantity.toFixed()).toBe(new Forty(l).times(new Forty(h)).dividedBy(PER_MONTH).toFixed());
        expect(line.cost!.toFixed()).toBe(chain(p, l, h).toFixed());
      }),
      { numRuns: 500 },
    );
  });
});

describe("a scenario's lines", () => {
  const head = { mode: 'on-demand' as const, label: { says: 'on-demand-label' as const } };
  const bill = (n: number) => {
    const b = new Bill();
    for (let i = 0; i < n; i++) b.tokens(1000 + i, pricedAt('0.001'), { code: 'input' } as never);
    return b;
  };

  it('are the bill lines, the same objects in order, in an array of their own', () => {
    const b = bill(3);
    const s = scenarioFromBill(head, b, [], (c) => c);
    expect(s.lines).not.toBe(b.lines);
    expect(s.lines!.length).toBe(3);
    s.lines!.forEach((line, i) => expect(line).toBe(b.lines[i]));
  });

  it("are the parts' lines in order, however many parts, and one scenario's lines are never another's", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 }), (sizes) => {
        const parts = sizes.map(bill);
        const a = scenarioOfParts(head, parts, [], (c) => c);
        const b = scenarioOfParts(head, parts, [], (c) => c);
        const all = parts.flatMap((p) => p.lines);
        expect(a.lines).toEqual(all);
        a.lines!.forEach((line, i) => expect(line).toBe(all[i]));
        expect(a.lines).not.toBe(b.lines);
        expect(b.lines).toEqual(all);
      }),
      { numRuns: 200 },
    );
  });
});
