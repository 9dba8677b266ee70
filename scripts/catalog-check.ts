import { readFileSync } from 'node:fs';
import type { CatalogFile } from '../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE, readLeftOutFigures, readListedModels } from '../src/pricelist/bundled.js';
import { checkCatalog, coverage, coverageTable, listedCoverage, readButUnpriced, readButUnpricedLines, readButUnpricedTable } from '../src/pricelist/check.js';

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

console.log('\nmodels priced, by Region and mode (a cell: models priced from a source that states the price, a Price List row or a cited transcription; +Nd: N more only by a derived rule):');
for (const line of coverageTable(coverage(document))) console.log(`  ${line}`);
console.log('\nread but unpriced, by Region: (model, mode) slots a recorded source shows AWS selling that the catalog leaves unpriced, by why they were left out (each figure and its reason is in the source page\'s leftOut):');
const gaps = readButUnpriced(document, readLeftOutFigures());
for (const line of readButUnpricedLines(gaps)) console.log(`  ${line}`);
console.log('\nread but unpriced, by Region and mode: the same slots by the mode they would price');
for (const line of readButUnpricedTable(gaps)) console.log(`  ${line}`);
const listed = readListedModels();
const c = listedCoverage(document, listed.region, listed.models);
const pct = (n: number) => `${((100 * n) / c.listed).toFixed(0)}%`;
console.log(`\n${c.region}: ${c.listed} models AWS lists (${listed.source.title}):`);
console.log(`  priced on demand: ${c.priced.length} (${pct(c.priced.length)})`);
console.log(`  known, unpriced in ${c.region}: ${c.unpriced.length}${c.unpriced.length ? `: ${c.unpriced.join(', ')}` : ''}`);
console.log(`  unrecognised (no Price List row read names them; "prices refresh" reads them live): ${c.unrecognised.length}${c.unrecognised.length ? `: ${c.unrecognised.join(', ')}` : ''}`);
for (const v of violations) console.error(`violation: ${v}`);
console.log(violations.length === 0 ? 'catalog check passed' : `${violations.length} violation(s)`);
process.exit(violations.length === 0 ? 0 : 1);
