import { readFileSync } from 'node:fs';
import type { CatalogFile } from '../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE } from '../src/pricelist/bundled.js';
import { checkCatalog } from '../src/pricelist/check.js';

/** `npm run catalog:check [FILE]`: checks the bundled catalog (or FILE); exit 1 on any violation. */
const file = process.argv[2] ?? BUNDLED_CATALOG_FILE;
let document: CatalogFile;
try {
  document = JSON.parse(readFileSync(file, 'utf8')) as CatalogFile;
} catch (error) {
  console.error(`error: cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
const { violations, unpriced } = checkCatalog(document, file);
console.log(`${file}: ${document.models.length} models, ${document.prices.length} price rows, as of ${document.asOf}`);
console.log(`unpriced (${unpriced.length}):`);
for (const line of unpriced) console.log(`  ${line}`);
for (const v of violations) console.error(`violation: ${v}`);
console.log(violations.length === 0 ? 'catalog check passed' : `${violations.length} violation(s)`);
process.exit(violations.length === 0 ? 0 : 1);
