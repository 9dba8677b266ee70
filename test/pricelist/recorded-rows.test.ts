import { describe, expect, it } from 'vitest';
import type { CatalogPriceRow } from '../../src/catalog/schema.js';
import { usd } from '../../src/money.js';
import { unitFactor } from '../../src/pricelist/build.js';
import { buildBundledCatalog, bundledDirectory, LEFT_OUT_ON_PURPOSE, readRecordedPages, unexpectedProblems } from '../../src/pricelist/bundled.js';
import { classifyUsagetype, REGION_PREFIXES } from '../../src/pricelist/classify.js';
import { identifyRow } from '../../src/pricelist/model-names.js';
import { parsePriceListEntry } from '../../src/pricelist/products.js';

/**
 * Nothing in a recorded page is dropped quietly: every price dimension of every row is in the
 * bundled catalog, is the same price another page already gave, or is listed by usagetype with
 * the reason it is left out.
 */
const result = buildBundledCatalog();

/** Every amount a catalog row holds, wherever in the row. */
function amountsOf(row: CatalogPriceRow): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if ('usd' in v) out.push(usd(String((v as { usd: string }).usd)).toFixed());
    else Object.values(v).forEach(visit);
  };
  for (const [field, value] of Object.entries(row)) if (field !== 'modelUnitCapacity') visit(value);
  return out;
}

describe('every recorded row is accounted for', () => {
  it('read, a duplicate of an earlier page, or a problem: the counts add up', () => {
    expect(result.outsideRegions).toBe(0);
    expect(result.pricesRead + result.duplicates + result.problems.length).toBe(result.dimensionsSeen);
    expect(result.dimensionsSeen).toBeGreaterThan(400);
  });

  it('every problem is left out on purpose with its reason, and every such entry still matches a row', () => {
    expect(unexpectedProblems(result.problems)).toEqual([]);
    for (const left of LEFT_OUT_ON_PURPOSE) {
      expect(result.problems.some((p) => p.usagetype === left.usagetype && p.kind === left.kind), `${left.usagetype} no longer a problem`).toBe(true);
    }
  });

  it('each row of a known dimension has its price in the catalog, on its model, Region and scope', () => {
    const byKey = new Map(result.document.prices.map((r) => [`${r.model}|${r.region}|${r.scope}`, r]));
    let checked = 0;
    const directory = bundledDirectory();
    for (const { page } of readRecordedPages()) {
      for (const entry of page.priceList) {
        const product = parsePriceListEntry(entry);
        if ('error' in product) continue;
        const usagetype = product.attributes.usagetype ?? '';
        const classified = classifyUsagetype(usagetype);
        if ('unclassified' in classified || LEFT_OUT_ON_PURPOSE.some((l) => l.usagetype === usagetype)) continue;
        const region = product.attributes.regionCode ?? REGION_PREFIXES[classified.regionPrefix ?? '']!;
        const model = identifyRow({ ...product.attributes, servicecode: product.serviceCode }, classified.modelToken, directory)!;
        const scope = classified.scope === 'geo' ? 'in-region' : classified.scope;
        const row = byKey.get(`${model.modelId}|${region}|${scope}`);
        expect(row, `${usagetype} (${page.sourceId}) has no catalog row`).toBeDefined();
        for (const d of product.priceDimensions) {
          const factor = unitFactor(classified.dimension, d.unit, product.serviceCode);
          expect(typeof factor, `${usagetype}: ${String(factor)}`).not.toBe('string');
          const amount = usd(d.usd).times(factor as ReturnType<typeof usd>).toFixed();
          expect(amountsOf(row!), `${usagetype} ${amount} (${page.sourceId}) is missing from ${model.modelId} ${region} ${scope}`).toContain(amount);
          checked++;
        }
      }
    }
    expect(checked).toBe(result.pricesRead + result.duplicates);
  });
});
