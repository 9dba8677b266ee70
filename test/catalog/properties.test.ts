import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PriceCatalog, type Priced } from '../../src/catalog/catalog.js';
import { usd } from '../../src/money.js';

const rows = PriceCatalog.bundled().allPrices();
const costOf = (p: Priced | undefined, tokens: number) => (p ? p.usd.times(tokens).dividedBy(1000) : undefined);

describe('tier ordering holds for every row and any token volume', () => {
  it('batch <= on-demand, and flex <= standard <= priority, where present', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rows),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (row, inputTokens, outputTokens) => {
          const t = row.perThousandTokens;
          const pairs: Array<[Priced | undefined, Priced | undefined]> = [
            [t.batchInput, t.input], [t.batchOutput, t.output],
            [t.flexInput, t.input], [t.flexOutput, t.output],
            [t.input, t.priorityInput], [t.output, t.priorityOutput],
          ];
          for (const [cheaper, dearer] of pairs) {
            if (!cheaper || !dearer) continue;
            const tokens = cheaper === t.batchOutput || cheaper === t.flexOutput || cheaper === t.output ? outputTokens : inputTokens;
            expect(costOf(cheaper, tokens)!.lessThanOrEqualTo(costOf(dearer, tokens)!)).toBe(true);
          }
          // A batch price never appears without the on-demand price it discounts.
          if (t.batchInput) expect(t.input).toBeDefined();
          if (t.batchOutput) expect(t.output).toBeDefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the property has rows to bite on', () => {
    expect(rows.filter((r) => r.perThousandTokens.batchInput).length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.perThousandTokens.flexInput && r.perThousandTokens.priorityInput).length).toBeGreaterThan(0);
    expect(usd('0.000075').lessThan(usd('0.00015'))).toBe(true);
  });
});
