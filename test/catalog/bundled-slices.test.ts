import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundledCatalogParts, slicedParts } from '../../src/catalog/bundled-document.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { CatalogError } from '../../src/errors.js';
import type { CatalogFile } from '../../src/catalog/schema.js';

/**
 * A bundle carries the catalog sliced by Region (scripts/bundle-defines.cjs) and a run resolves only
 * the Regions it looks up (PriceCatalog.bundled()). Checked against the file as JSON.parse reads it.
 */
const { catalogSlices } = createRequire(import.meta.url)('../../scripts/bundle-defines.cjs') as { catalogSlices: (text: string) => string };
const fileText = readFileSync(new URL('../../src/catalog/data/bedrock-prices.json', import.meta.url), 'utf8');
const file = JSON.parse(fileText) as CatalogFile;

describe('the bundled catalog, sliced by Region', () => {
  it('reads back as the file: the document without prices, then each Region its own rows in file order', () => {
    const parts = slicedParts(catalogSlices(fileText));
    const { prices, ...head } = file;
    expect(parts.head).toEqual(head);
    const regions = [...new Set(prices.map((r) => r.region))];
    expect(parts.regions).toEqual(regions);
    expect(regions.length).toBeGreaterThan(1);
    for (const region of regions) expect(parts.rowsIn(region)).toEqual(prices.filter((r) => r.region === region));
    expect(parts.rowsIn('xx-nowhere-1')).toEqual([]);
  });

  it('is the same parts from source as from the bundle', () => {
    const fromSource = bundledCatalogParts();
    const fromBundle = slicedParts(catalogSlices(fileText));
    expect(fromSource.regions).toEqual(fromBundle.regions);
    for (const region of fromBundle.regions) expect(fromSource.rowsIn(region)).toEqual(fromBundle.rowsIn(region));
  });

  it('prices every row as a catalog read whole does', () => {
    const whole = PriceCatalog.fromDocument(file, 'the file');
    const bundled = PriceCatalog.bundled();
    for (const row of file.prices.slice(0, 200)) {
      expect(bundled.prices(row.model, row.region, row.scope)).toEqual(whole.prices(row.model, row.region, row.scope));
    }
    const byKey = (r: { modelId: string; region: string; priceScope: string }) => `${r.modelId}|${r.region}|${r.priceScope}`;
    expect(bundled.allPrices().map(byKey).sort()).toEqual(whole.allPrices().map(byKey).sort());
    const region = file.prices[0]!.region;
    expect(bundled.pricesIn(region).map(byKey)).toEqual(file.prices.filter((r) => r.region === region).map((r) => `${r.model}|${r.region}|${r.scope}`));
  });

  it('refuses a Region with a bad row when it is looked up, naming the row, and every time after', () => {
    const { prices, ...head } = file;
    const [bad, ...rest] = prices.filter((r) => r.region === 'us-west-2');
    const broken = catalogSlices(JSON.stringify({ ...head, prices: [{ ...bad, source: 'no-such-source' }, ...rest] }));
    const catalog = PriceCatalog.fromParts(slicedParts(broken), 'the broken catalog', { kind: 'bundled', name: 'the broken catalog' });
    const lookUp = () => catalog.prices(bad!.model, 'us-west-2', bad!.scope);
    for (let i = 0; i < 2; i++) {
      expect(lookUp).toThrow(CatalogError);
      expect(lookUp).toThrow(`the broken catalog is not a valid price catalog:\nentry us-west-2 prices[0] (${bad!.model} us-west-2 ${bad!.scope}): source: unknown source "no-such-source"`);
    }
    // Another Region is not refused.
    expect(catalog.prices(bad!.model, 'us-east-1', bad!.scope)).toBeUndefined();
  });

  it('refuses bad models or sources when it is built, before any Region is read', () => {
    const { prices: _prices, ...head } = file;
    const twice = catalogSlices(JSON.stringify({ ...head, models: [...head.models, head.models[0]], prices: [] }));
    expect(() => PriceCatalog.fromParts(slicedParts(twice), 'x', { kind: 'bundled', name: 'x' })).toThrow(/entry models\[\d+\] \(.*\): duplicate model/);
  });
});
