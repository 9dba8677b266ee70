import { readFileSync } from 'node:fs';
import type { CatalogFile } from './schema.js';

/**
 * The price catalog shipped with the tool (src/catalog/data/bedrock-prices.json), parsed from its
 * text. A bundle carries the text as an esbuild define (scripts/bundle-defines.cjs, for the CLI and
 * every Lambda); a run from source reads the file. Why text: imported as a module, the 590 KB of
 * JSON became an object literal that every Lambda compiled at cold start, where V8 parses the same
 * data as JSON several times faster.
 */
declare const __BUNDLED_CATALOG_JSON__: string | undefined;

let document: CatalogFile | undefined;

/** The shipped document, parsed once per process (its check is PriceCatalog.bundled()'s). */
export function bundledCatalogDocument(): CatalogFile {
  // Resolved only here: in a CommonJS bundle import.meta.url is empty, and the bundled text is used instead.
  document ??= JSON.parse(
    typeof __BUNDLED_CATALOG_JSON__ === 'string' ? __BUNDLED_CATALOG_JSON__ : readFileSync(new URL('./data/bedrock-prices.json', import.meta.url), 'utf8'),
  ) as CatalogFile;
  return document;
}
