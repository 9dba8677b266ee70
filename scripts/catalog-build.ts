import { writeFileSync } from 'node:fs';
import { describeProblems } from '../src/pricelist/build.js';
import { BUNDLED_CATALOG_FILE, buildBundledCatalog, catalogText, LEFT_OUT_ON_PURPOSE, unexpectedProblems } from '../src/pricelist/bundled.js';

/**
 * `npm run catalog:build`: regenerates src/catalog/data/bedrock-prices.json from the recorded Price
 * List pages. Fails (exit 1) if any recorded row cannot be read, mapped or classified, or two
 * pages disagree, unless bundled.ts lists the row as left out on purpose with why: the recorded
 * pages are ours, so every other such row is a bug to fix, not to ship.
 */
const result = buildBundledCatalog();
const unexpected = unexpectedProblems(result.problems);
for (const line of describeProblems(unexpected)) console.error(line);
if (unexpected.length > 0) {
  console.error(`${unexpected.length} problem(s); catalog not written`);
  process.exit(1);
}
console.log(`left out on purpose (${LEFT_OUT_ON_PURPOSE.length}):`);
for (const l of LEFT_OUT_ON_PURPOSE) console.log(`  ${l.usagetype} (${l.kind}): ${l.why}`);
writeFileSync(BUNDLED_CATALOG_FILE, catalogText(result));
console.log(`wrote ${BUNDLED_CATALOG_FILE}: ${result.document.models.length} models, ${result.document.prices.length} price rows, ${result.pricesRead} prices read, as of ${result.document.asOf}`);
