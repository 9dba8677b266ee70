import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { usd } from '../../src/money.js';
import { PriceBook, tokens, unitHoursLine, units } from '../../src/modes/price-book.js';
import { BlendedRate } from '../../src/replay/bill.js';

const REGION = 'us-east-1';
const MODEL = 'amazon.titan-text-express-v1';
const OVERFLOW = { code: 'overflow-on-demand', side: 'input' } as const;

/** A bill's lines as plain figures, to compare two bills line by line. */
const figures = (bill: { lines: readonly { dimension: unknown; quantity: Decimal; unit: string; unitPrice: Decimal | null; cost: Decimal | null }[]; result(): Decimal | null }) => ({
  lines: bill.lines.map((l) => [l.dimension, l.quantity.toFixed(), l.unit, l.unitPrice?.toFixed() ?? null, l.cost?.toFixed() ?? null]),
  total: bill.result()?.toFixed() ?? null,
});

/**
 * A provisioned term bills its units and overflow straight onto one bill (`unitHoursBill`, `blendedBill`),
 * not through a list of components: the lines must be those `PriceBook.bill` makes of the same components.
 */
describe('PriceBook: unit hours and blended overflow billed line by line', () => {
  const catalog = PriceCatalog.bundled();
  const book = () => new PriceBook(catalog.model(MODEL), catalog.prices(MODEL, REGION, 'in-region'));

  it("2 units x 744 hours at Titan Text Express's $18.40 (1 month): one line of $27,379.20 at the term's line", () => {
    const bill = book().unitHoursBill('oneMonth', usd(2 * 744));
    expect(bill.lines).toHaveLength(1);
    expect(bill.lines[0]!.dimension).toBe(unitHoursLine('oneMonth'));
    expect(bill.lines[0]!.unit).toBe('model-unit hour');
    expect(bill.result()!.toFixed(2)).toBe('27379.20');
  });

  it('a term the row has no price for leaves its line unpriced, never $0', () => {
    const empty = new PriceBook(undefined, undefined);
    expect(empty.unitHourPrice('sixMonth')).toBeUndefined();
    const bill = empty.unitHoursBill('sixMonth', usd(10));
    expect(bill.lines).toHaveLength(1);
    expect(bill.result()).toBeNull();
  });

  it('the same lines as bill() of the same components, for any unit hours, overflow and blended rate', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('noCommit', 'oneMonth', 'sixMonth' as const),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (term, hours, overflow, cents, sideTokens) => {
          const rate = new BlendedRate(usd(new Decimal(cents).dividedBy(100)), sideTokens, 'on-demand-input-side');
          const a = book();
          const viaList = a.bill([units(unitHoursLine(term), usd(hours), 'model-unit hour', { modelUnitHour: term }), tokens(OVERFLOW, overflow, { blended: rate })]);
          const b = book();
          const lineByLine = b.blendedBill(OVERFLOW, overflow, rate, b.unitHoursBill(term, usd(hours)));
          expect(figures(lineByLine)).toEqual(figures(viaList));
          // The rate's unit-hour price, looked up with no reference: the one `price` gives.
          expect(b.unitHourPrice(term)).toBe(a.price({ modelUnitHour: term }));
        },
      ),
      { numRuns: 200 },
    );
  });
});
