import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priced, PriceSource } from '../../src/catalog/catalog.js';
import { Money } from '../../src/money.js';
import { PriceBook, tokens } from '../../src/modes/price-book.js';
import { Bill, citePrice } from '../../src/replay/bill.js';
import { ReplayShared } from '../../src/replay/shared.js';
import { rateLine } from '../../src/domain/lines.js';
import type { ModelPrices } from '../../src/catalog/catalog.js';

/**
 * Fewer objects per model, the same report: a price's citation is the analysis's one for its source and
 * usage type (`ReplayShared.citation`), a bill's first lines sit in an array of exactly their number, and
 * a token line is priced without a list of components (`PriceBook.tokenBill`).
 */
const source = (id: string, reliability: PriceSource['reliability'] = 'PL'): PriceSource => ({
  id, title: `Source ${id}`, url: `https://example.invalid/${id}`, readOn: '2026-11-24', reliability,
});

describe('ReplayShared.citation', () => {
  it('is what citePrice makes, for any mix of usage type, derivation, note and adjustments', () => {
    fc.assert(fc.property(
      fc.constantFrom('PL', 'AWS', 'user', 'derived') as fc.Arbitrary<PriceSource['reliability']>,
      fc.option(fc.constantFrom('USE1-Tokens-In', 'USE1-Tokens-Out', ''), { nil: undefined }),
      fc.option(fc.constantFrom('0.5 x input'), { nil: undefined }),
      fc.option(fc.constantFrom('a remark', ''), { nil: undefined }),
      fc.option(fc.constantFrom([], [{ rule: 'discount' as const, percent: '10' }]), { nil: undefined }),
      (reliability, usagetype, derivedFrom, note, adjustments) => {
        const price: Priced = { usd: new Money('0.003'), source: source('s', reliability) };
        if (usagetype !== undefined) price.usagetype = usagetype;
        if (derivedFrom !== undefined) price.derivedFrom = derivedFrom;
        if (note !== undefined) price.note = note;
        if (adjustments !== undefined) price.adjustments = [...adjustments];
        const shared = new ReplayShared();
        const cited = shared.citation(price);
        // The same keys in the same order (the report's JSON keeps it).
        expect(JSON.stringify(cited)).toBe(JSON.stringify(citePrice(price)));
        expect(cited).toEqual(citePrice(price));
      },
    ));
  });

  it('is one frozen object for prices from one source with one usage type, and only those', () => {
    const shared = new ReplayShared();
    const s = source('s');
    const input: Priced = { usd: new Money('0.003'), source: s, usagetype: 'USE1-In' };
    const otherModelsInput: Priced = { usd: new Money('0.004'), source: s, usagetype: 'USE1-In' };
    const output: Priced = { usd: new Money('0.015'), source: s, usagetype: 'USE1-Out' };
    const bare: Priced = { usd: new Money('0.003'), source: s };
    const elsewhere: Priced = { usd: new Money('0.003'), source: source('t'), usagetype: 'USE1-In' };
    const one = shared.citation(input);
    expect(one).toEqual({ cites: 'price', origin: { cites: 'source', title: 'Source s' }, id: 's', usageType: 'USE1-In' });
    expect(Object.isFrozen(one)).toBe(true);
    expect(shared.citation(otherModelsInput)).toBe(one);
    expect(shared.citation(output)).not.toBe(one);
    expect(shared.citation(output)).toEqual({ cites: 'price', origin: { cites: 'source', title: 'Source s' }, id: 's', usageType: 'USE1-Out' });
    expect(shared.citation(bare)).toEqual({ cites: 'price', origin: { cites: 'source', title: 'Source s' }, id: 's' });
    expect(shared.citation(bare)).toBe(shared.citation({ usd: new Money('1'), source: s }));
    expect(shared.citation(elsewhere)).not.toBe(one);
    // The origin is the analysis's one for the source, in every citation from it.
    expect(shared.citation(output).origin).toBe(one.origin);
    // A price that says more than its source and usage type has its own citation.
    const noted: Priced = { usd: new Money('0.003'), source: s, usagetype: 'USE1-In', note: 'list price' };
    expect(shared.citation(noted)).not.toBe(shared.citation(noted));
    expect(shared.citation(noted)).toEqual({ cites: 'price', origin: { cites: 'source', title: 'Source s' }, id: 's', usageType: 'USE1-In', note: 'list price' });
    const derived: Priced = { usd: new Money('0.0015'), source: s, derivedFrom: '0.5 x input' };
    expect(shared.citation(derived)).toEqual({ cites: 'price', origin: { cites: 'source', title: 'Source s' }, id: 's', derived: { from: '0.5 x input' } });
    // Another analysis has its own objects.
    expect(new ReplayShared().citation(input)).not.toBe(one);
  });
});

describe('a bill\'s lines', () => {
  const p = (usd: string): Priced => ({ usd: new Money(usd), source: source('s') });
  const dims = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'batchInput', 'batchOutput', 'flexInput'] as const;

  it('are every line added, in order, through one bill, another bill added, and a bill of bills', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 7 }),
      fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 7 }),
      (first, second) => {
        const a = new Bill();
        first.forEach((n, i) => a.tokens(n, p('0.003'), rateLine(dims[i]!)));
        const b = new Bill();
        second.forEach((n, i) => b.tokens(n, p('0.015'), rateLine(dims[i]!)));
        // A zero count makes no line; every other count one, in the order added.
        const expectedA = first.flatMap((n, i) => (n === 0 ? [] : [{ code: dims[i], thousands: n / 1000 }]));
        const expectedB = second.flatMap((n, i) => (n === 0 ? [] : [{ code: dims[i], thousands: n / 1000 }]));
        const seen = (bill: Bill) => bill.lines.map((l) => ({ code: l.dimension.code, thousands: l.quantity.toNumber() }));
        expect(seen(a)).toEqual(expectedA);
        const both = new Bill().add(a).add(b);
        expect(seen(both)).toEqual([...expectedA, ...expectedB]);
        // Adding a bill leaves it as it was.
        expect(seen(b)).toEqual(expectedB);
        // The total is the sum of the costs written out: 0.003 and 0.015 per 1,000 tokens.
        const total = first.reduce((t, n) => t + n * 3, 0) + second.reduce((t, n) => t + n * 15, 0);
        expect(both.result()!.eq(new Money(total).dividedBy(1_000_000))).toBe(true);
      },
    ));
  });

  it('can be added to after they were read: the lines read stay as they were', () => {
    const bill = new Bill().tokens(1000, p('0.003'), rateLine('input'));
    const read = bill.lines;
    bill.tokens(2000, p('0.015'), rateLine('output'));
    expect(read.map((l) => l.dimension.code)).toEqual(['input']);
    expect(bill.lines.map((l) => l.dimension.code)).toEqual(['input', 'output']);
  });
});

describe('PriceBook.tokenBill', () => {
  const s = source('s');
  const prices = {
    perThousandTokens: { input: { usd: new Money('0.003'), source: s }, output: { usd: new Money('0.015'), source: s, derivedFrom: '5 x input' } },
    perImageByTier: {}, perModelUnitHour: {}, reservedPerThousandTpmMonth: {}, notes: [],
  } as unknown as ModelPrices;

  it('prices what bill([tokens(...)]) prices: the same lines, notes and total, priced or not', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (i, o) => {
      const book = new PriceBook(undefined, prices);
      const viaList = book.bill([tokens('input', i, { per1kTokens: 'input' }), tokens('output', o, { per1kTokens: 'output' }), tokens('cacheRead', i, { per1kTokens: 'cacheRead' })]);
      const direct = book.tokenBill('cacheRead', i, { per1kTokens: 'cacheRead' }, book.tokenBill('output', o, { per1kTokens: 'output' }, book.tokenBill('input', i, { per1kTokens: 'input' })));
      expect(JSON.stringify(direct.lines)).toBe(JSON.stringify(viaList.lines));
      expect(direct.notes).toEqual(viaList.notes);
      // No cache-read price: unpriced (null) whenever there are cache reads, never $0.
      if (i > 0) {
        expect(direct.result()).toBeNull();
        expect(viaList.result()).toBeNull();
      } else {
        expect(direct.result()!.eq(new Money(o).times('0.015').dividedBy(1000))).toBe(true);
        expect(viaList.result()!.eq(direct.result()!)).toBe(true);
      }
    }));
  });
});
