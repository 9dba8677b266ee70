import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogFile } from '../../src/catalog/schema.js';
import { buildCatalog } from '../../src/pricelist/build.js';
import { diffCatalogs } from '../../src/pricelist/diff.js';
import { usd } from '../../src/money.js';

/** Invariants of the pipeline, over generated prices and catalogs. */
const SOURCE = { title: 't', url: 'u', readOn: '2026-11-01', reliability: 'PL' as const };

function priceOf(serviceCode: string, attrs: Record<string, string>, unit: string, price: string): string {
  const document = buildCatalog({
    pages: [{ serviceCode, sourceId: 's', priceList: [JSON.stringify({ serviceCode, product: { sku: 'S', attributes: { servicecode: serviceCode, regionCode: 'us-east-1', ...attrs } }, terms: { OnDemand: { T: { priceDimensions: { R: { unit, pricePerUnit: { USD: price } } } } } } })] }],
    sources: { s: SOURCE },
    generated: { by: 't', at: 't', from: [] },
    today: '2026-11-24',
  }).document;
  const value = document.prices[0]?.perThousandTokens?.input;
  return typeof value === 'object' ? value.usd : String(value);
}

/** Non-zero USD amounts as AWS writes them, up to 10 decimal places. */
const amount = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 9_999_999_999 })).filter(([i, f]) => i + f > 0).map(([i, f]) => `${i}.${String(f).padStart(10, '0')}`);

describe('unit conversion is exact', () => {
  it('per 1K tokens is kept; per 1M tokens and FoundationModels "Units" are exactly a thousandth', () => {
    fc.assert(
      fc.property(amount, (price) => {
        const perK = priceOf('AmazonBedrock', { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-input-tokens' }, '1K tokens', price);
        const perM = priceOf('AmazonBedrock', { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-input-tokens' }, '1M tokens', price);
        const units = priceOf('AmazonBedrockFoundationModels', { servicename: 'Claude Haiku 4.5 (Amazon Bedrock Edition)', usagetype: 'USE1-MP:USE1_InputTokenCount-Units' }, 'Units', price);
        expect(usd(perK).equals(usd(price))).toBe(true);
        expect(usd(perM).times(1000).equals(usd(price))).toBe(true);
        expect(units).toBe(perM);
      }),
      { numRuns: 200 },
    );
  });
});

describe('diffCatalogs', () => {
  const row = fc.record({ model: fc.constantFrom('a', 'b', 'c'), region: fc.constantFrom('us-east-1', 'us-west-2'), input: fc.option(amount, { nil: undefined }), output: fc.option(amount, { nil: undefined }) });
  const catalogOf = (rows: Array<{ model: string; region: string; input: string | undefined; output: string | undefined }>): CatalogFile => {
    const unique = new Map(rows.map((r) => [`${r.model}|${r.region}`, r]));
    return {
      schemaVersion: 2, currency: 'USD', asOf: '2026-11-24', sources: {}, models: [],
      prices: [...unique.values()].map((r) => ({
        model: r.model, region: r.region, scope: 'in-region' as const, source: 's',
        perThousandTokens: { ...(r.input ? { input: r.input } : {}), ...(r.output ? { output: r.output } : {}) },
      })),
    };
  };

  it('finds nothing between a catalog and itself, and the reverse diff swaps added and removed', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.array(row, { maxLength: 8 }), (xs, ys) => {
        const a = catalogOf(xs);
        const b = catalogOf(ys);
        expect(diffCatalogs(a, a)).toEqual([]);
        const forward = diffCatalogs(a, b);
        const back = diffCatalogs(b, a);
        const flip = { added: 'removed', removed: 'added', changed: 'changed' } as const;
        expect(back.map((c) => ({ ...c, change: flip[c.change], old: c.new, new: c.old }))).toEqual(
          forward.map((c) => ({ ...c, old: c.old, new: c.new })),
        );
      }),
    );
  });
});
