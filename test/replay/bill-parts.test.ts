import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelPrices, Priced } from '../../src/catalog/catalog.js';
import type { TokenDimension } from '../../src/catalog/schema.js';
import { usd } from '../../src/money.js';
import { scenarioFromBill } from '../../src/replay/bill.js';
import { PriceBook, combined, tokens, type CostComponent } from '../../src/modes/price-book.js';
import { costOfParts, scenarioOfParts } from '../../src/modes/bill-parts.js';
import { surelySpread, SCHEDULED_SHAPE_SHARE } from '../../src/modes/batch.js';
import { shareOfBusiestHours, type LoadProfile } from '../../src/replay/load-profile.js';

/**
 * A scenario made of bills priced apart (src/modes/bill-parts.ts) must be the very scenario one bill of
 * all their lines makes: the same lines in the same order, the same notes, the same exact cost in the
 * same precision, the same reason when a price is missing.
 */

const SOURCE = { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'];
const priced = (value: string, derivedFrom?: string): Priced => ({ usd: usd(value), source: SOURCE, ...(derivedFrom ? { derivedFrom } : {}) });

/** input, output and cacheRead are priced; cacheWrite5m is derived (a note); cacheWrite1h has no price. */
const PRICES = {
  perThousandTokens: { input: priced('0.003'), output: priced('0.015'), cacheRead: priced('0.0003'), cacheWrite5m: priced('0.00375', '1.25 x input') },
  perImageByTier: {}, perVideoSecondByTier: {}, perModelUnitHour: {}, reservedPerThousandTpmMonth: {}, notes: [],
} as unknown as ModelPrices;
const book = new PriceBook(undefined, PRICES);
const DIMENSIONS: TokenDimension[] = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h'];
const head = { mode: 'flex' as const, label: { says: 'flex-label' as const } };
const monthly = (cost: Decimal | null) => (cost === null ? null : cost.times(2));

/** Every Decimal with its digits and the precision it was computed in (as bench/engine-hash.ts reads a report). */
const exact = (value: unknown) => JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
  const raw = this[k];
  return raw instanceof Decimal ? `D${raw.toString()}@${(raw.constructor as typeof Decimal).precision}` : v;
});

const component = fc.tuple(fc.constantFrom(...DIMENSIONS), fc.integer({ min: 0, max: 2 ** 40 }))
  .map(([d, n]): CostComponent => tokens(d, n, { per1kTokens: d }));

describe('a scenario of parts priced apart', () => {
  it('is the scenario of one bill of all their components: lines, notes, cost and its precision, reason', () => {
    fc.assert(
      // Each part's total worked out beforehand or not: a sum takes a known total as one term, else the part's line costs.
      fc.property(fc.array(fc.tuple(fc.array(component, { maxLength: 3 }), fc.boolean()), { minLength: 1, maxLength: 4 }), (specs) => {
        const partComponents = specs.map(([c]) => c);
        const parts = specs.map(([c, totalled]) => {
          const part = book.bill(c);
          if (totalled) part.result();
          return part;
        });
        const ours = scenarioOfParts(head, parts, [{ says: 'flex-trades-latency' }], monthly, { variant: 'x' });
        const oneBill = scenarioFromBill(head, book.bill(partComponents.flat()), [{ says: 'flex-trades-latency' }], monthly, { variant: 'x' });
        expect(exact(ours)).toBe(exact(oneBill));
        expect(Object.keys(ours)).toEqual(Object.keys(oneBill));
        expect(exact(costOfParts(parts))).toBe(exact(book.bill(partComponents.flat()).result()));
        // The parts combined are that one bill: its lines (the parts' own objects, in order), notes, total and reason.
        const all = combined(parts);
        const one = book.bill(partComponents.flat());
        expect(exact([all.lines, all.notes, all.result(), all.reason()])).toBe(exact([one.lines, one.notes, one.result(), one.reason()]));
        expect(all.lines).toEqual(parts.flatMap((p) => p.lines));
        all.lines.forEach((line, i) => expect(line).toBe(parts.flatMap((p) => p.lines)[i]));
      }),
      { numRuns: 400 },
    );
  });

  it('1,000 input tokens at $0.003 and 2,000 output at $0.015 cost $0.003 + $0.03 = $0.033, on the parts\' own line objects', () => {
    const input = book.bill([tokens('input', 1000, { per1kTokens: 'input' })]);
    const output = book.bill([tokens('output', 2000, { per1kTokens: 'output' })]);
    const s = scenarioOfParts(head, [input, output], [], monthly);
    expect(s.cost!.toFixed()).toBe('0.033');
    expect(s.monthlyCost!.toFixed()).toBe('0.066');
    expect(s.lines![0]).toBe(input.lines[0]);
    expect(s.lines![1]).toBe(output.lines[0]);
    expect(s.assumptions).toEqual([]);
  });

  it('a part with no price leaves the scenario unpriced, with the dimension named, never $0', () => {
    const s = scenarioOfParts(head, [book.bill([tokens('input', 1000, { per1kTokens: 'input' })]), book.bill([tokens('cacheWrite1h', 5, { per1kTokens: 'cacheWrite1h' })])], [], monthly);
    expect(s.cost).toBeNull();
    expect(s.reason).toEqual({ says: 'unpriced-lines', dimensions: [{ code: 'cacheWrite1h' }] });
    expect(costOfParts([book.bill([tokens('cacheWrite1h', 5, { per1kTokens: 'cacheWrite1h' })])])).toBeNull();
  });
});

/** A profile with these hourly tokens (all the check reads). */
const profileOf = (hourly: number[]) => ({ hourlyTokens: Float64Array.from(hourly) }) as unknown as LoadProfile;

describe('spread traffic told apart before selecting the busiest hours', () => {
  it('says spread only where the busiest quarter carries less than the scheduled share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 }), { maxLength: 400 }), fc.integer({ min: 0, max: 420 }), (hourly, hours) => {
        const profile = profileOf(hourly);
        if (surelySpread(profile, hours)) expect(shareOfBusiestHours(profile, hours)).toBeLessThan(SCHEDULED_SHAPE_SHARE);
      }),
      { numRuns: 1000 },
    );
  });

  it('100 hours of 10 tokens, busiest 25: at most 25 x 10 of 1,000 = 0.25, spread; a 4-hour job of 1,000 an hour and 96 hours of 1 is not', () => {
    expect(surelySpread(profileOf(Array(100).fill(10)), 25)).toBe(true);
    // Bound 25 x 1,000 / 4,096 > 0.6, and the share is (4,000 + 21) / 4,096 = 0.98: scheduled.
    const job = [1000, 1000, 1000, 1000, ...Array(96).fill(1)];
    expect(surelySpread(profileOf(job), 25)).toBe(false);
    expect(shareOfBusiestHours(profileOf(job), 25)).toBeCloseTo(4021 / 4096, 12);
  });
});
