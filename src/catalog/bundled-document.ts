import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { CatalogFile, CatalogPriceRow } from './schema.js';

/**
 * The price catalog shipped with the tool (src/catalog/data/bedrock-prices.json). A bundle carries it
 * as an esbuild define (scripts/bundle-defines.cjs `catalogSlices`, for the CLI and every Lambda): a
 * line `NAME<TAB>BASE64` per slice, each a JSON text compressed with raw deflate; slice `head` is the
 * document without its prices, then one slice per Region holds its rows. So a run inflates and parses
 * the models and sources, then only the Regions it looks up (a Lambda's init 64 KB of JSON, not 1.27 MB),
 * and the bundle carries 87 KB of text for V8 to scan at every cold start, not 1.27 MB. A run from
 * source reads the file.
 */
declare const __BUNDLED_CATALOG_JSON__: string | undefined;

/** The shipped catalog in parts: everything but the prices at once, each Region's price rows on demand. */
export interface BundledCatalogParts {
  head: Omit<CatalogFile, 'prices'>;
  /** The Regions with price rows, in the order they first appear in the file. */
  regions: readonly string[];
  /** A Region's price rows in file order, parsed on its first call ([] for a Region with none). Not to be changed. */
  rowsIn(region: string): CatalogPriceRow[];
}

let parts: BundledCatalogParts | undefined;

/** The shipped catalog's parts, read once per process (its checks are PriceCatalog.bundled()'s). */
export function bundledCatalogParts(): BundledCatalogParts {
  parts ??= typeof __BUNDLED_CATALOG_JSON__ === 'string' ? slicedParts(__BUNDLED_CATALOG_JSON__) : fileParts();
  return parts;
}

/** The shipped document whole (every Region's rows, Region after Region). */
export function bundledCatalogDocument(): CatalogFile {
  const { head, regions, rowsIn } = bundledCatalogParts();
  return { ...head, prices: regions.flatMap((region) => rowsIn(region)) };
}

/** The parts of the catalog as a bundle carries it (scripts/bundle-defines.cjs `catalogSlices`). */
export function slicedParts(text: string): BundledCatalogParts {
  const slices = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    slices.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const read = (name: string): unknown => JSON.parse(inflateRawSync(Buffer.from(slices.get(name)!, 'base64')).toString('utf8'));
  const head = read('head') as BundledCatalogParts['head'];
  slices.delete('head');
  const parsed = new Map<string, CatalogPriceRow[]>();
  return {
    head,
    regions: [...slices.keys()],
    rowsIn: (region) => {
      let rows = parsed.get(region);
      if (!rows) parsed.set(region, (rows = slices.has(region) ? (read(region) as CatalogPriceRow[]) : []));
      return rows;
    },
  };
}

function fileParts(): BundledCatalogParts {
  // Resolved only here: in a CommonJS bundle import.meta.url is empty, and the bundled text is used instead.
  const { prices, ...head } = JSON.parse(readFileSync(new URL('./data/bedrock-prices.json', import.meta.url), 'utf8')) as CatalogFile;
  const byRegion = new Map<string, CatalogPriceRow[]>();
  for (const row of prices) {
    const rows = byRegion.get(row.region);
    if (rows) rows.push(row);
    else byRegion.set(row.region, [row]);
  }
  return { head, regions: [...byRegion.keys()], rowsIn: (region) => byRegion.get(region) ?? [] };
}
