import { writeFileSync } from 'node:fs';
import { describeProblems } from '../src/pricelist/build.js';
import { BUNDLED_CATALOG_FILE, buildBundledCatalog, catalogText } from '../src/pricelist/bundled.js';

/**
 * `npm run catalog:build`: regenerates src/catalog/data/bedrock-prices.json from the recorded Price
 * List pages. Fails (exit 1) if any recorded row cannot be read, mapped or classified, or two
 * pages disagree: the recorded pages are ours, so every such row is a bug to fix, not to ship.
 */
const result = buildBundledCatalog();
for (const line of describeProblems(result.problems)) console.error(line);
if (result.problems.length > 0) {
  console.error(`${result.problems.length} problem(s); catalog not written`);
  process.exit(1);
}
writeFileSync(BUNDLED_CATALOG_FILE, catalogText(result));
console.log(`wrote ${BUNDLED_CATALOG_FILE}: ${result.document.models.length} models, ${result.document.prices.length} price rows, ${result.pricesRead} prices read, as of ${result.document.asOf}`);
