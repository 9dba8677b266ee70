// Files a bundle carries as text, as esbuild defines: every bundle (the CLI's, scripts/build.mjs, and
// each Lambda's, serverless.yml custom.esbuild.define) gets them; a run from source reads the files.
// - The queries live in their .sql files alone (read by src/sql/sql-template.ts).
// - The bundled price catalog is carried compressed and sliced by Region (`catalogSlices`), read by
//   src/catalog/bundled-document.ts: a run inflates and parses only the Regions it looks up (a Lambda's
//   init the models and sources alone, 64 KB of JSON), and the bundle holds 87 KB of text for V8 to scan
//   instead of 1.27 MB. A string literal costs its length at every cold start, read or not: the JSON
//   text as a literal took ~45 ms of a Lambda's require uncalled and ~15 ms more when read (Node 20);
//   as an object literal, what esbuild makes of an imported .json file, it was compiled, which is slower still.
const { deflateRawSync } = require('node:zlib');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const QUERY_FILES = {
  __BEDROCK_BILL_SQL__: 'src/bill/bedrock-bill.sql',
  __INVOCATION_LOGS_SQL__: 'src/logs/invocation-logs.sql',
};
const CATALOG_FILE = { __BUNDLED_CATALOG_JSON__: 'src/catalog/data/bedrock-prices.json' };
const TEXT_FILES = { ...QUERY_FILES, ...CATALOG_FILE };

/**
 * The catalog as a bundle carries it, the format src/catalog/bundled-document.ts reads: one line per
 * slice, `NAME<TAB>BASE64`, each slice a JSON text compressed with raw deflate. The first slice, named
 * `head`, is the document without its prices; then one per Region, named by it, holding its rows: the
 * Regions in the order they first appear in the file, each Region's rows in file order.
 */
function catalogSlices(text) {
  const { prices, ...head } = JSON.parse(text);
  const byRegion = new Map();
  for (const row of prices) {
    const rows = byRegion.get(row.region) ?? [];
    rows.push(row);
    byRegion.set(row.region, rows);
  }
  const slice = (name, value) => `${name}\t${deflateRawSync(JSON.stringify(value), { level: 9 }).toString('base64')}`;
  return [slice('head', head), ...[...byRegion].map(([region, rows]) => slice(region, rows))].join('\n');
}

/** How a file's text is carried: the queries as they are, the catalog sliced by Region. */
const ENCODINGS = { __BUNDLED_CATALOG_JSON__: catalogSlices };

module.exports.QUERY_FILES = QUERY_FILES;
module.exports.TEXT_FILES = TEXT_FILES;
module.exports.catalogSlices = catalogSlices;
module.exports.defines = () =>
  Object.fromEntries(Object.entries(TEXT_FILES).map(([name, file]) => {
    const text = readFileSync(join(__dirname, '..', file), 'utf8');
    return [name, JSON.stringify(ENCODINGS[name] ? ENCODINGS[name](text) : text)];
  }));
