import type { CatalogSource } from '../catalog/schema.js';
import { buildCatalog, type BuildResult } from './build.js';
import type { PriceListPage } from './products.js';

/** What a Price List read hands the pipeline. */
export interface PriceListPages {
  pages: PriceListPage[];
  /** One source per service code, dated the day of the read. */
  sources: Record<string, CatalogSource>;
  /** The calls made, for the catalog's `generated.from`: `GetProducts AmazonBedrock us-east-1 (3 pages, 250 products)`. */
  calls: string[];
}

/**
 * A catalog from a live Price List read of some Regions: the same builder as the bundled catalog,
 * with no derivation rule (what was not read is unpriced) and the calls made as its origin.
 */
export function buildLiveCatalog(read: PriceListPages, regions: string[], today: string, by: string): BuildResult {
  return buildCatalog({
    pages: read.pages,
    sources: read.sources,
    generated: { by, at: today, from: read.calls },
    regions,
    today,
  });
}
