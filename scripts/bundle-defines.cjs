// Files a bundle carries as text, as esbuild defines: every bundle (the CLI's, scripts/build.mjs, and
// each Lambda's, serverless.yml custom.esbuild.define) gets them; a run from source reads the files.
// - The queries live in their .sql files alone (read by src/sql/sql-template.ts).
// - The bundled price catalog is carried as its JSON text and parsed at load (src/catalog/bundled-document.ts):
//   V8 parses a JSON text several times faster than it compiles the same data as an object literal, which
//   is what esbuild makes of an imported .json file, and every Lambda loads the catalog at cold start.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const QUERY_FILES = {
  __BEDROCK_BILL_SQL__: 'src/bill/bedrock-bill.sql',
  __INVOCATION_LOGS_SQL__: 'src/logs/invocation-logs.sql',
};
const CATALOG_FILE = { __BUNDLED_CATALOG_JSON__: 'src/catalog/data/bedrock-prices.json' };
const TEXT_FILES = { ...QUERY_FILES, ...CATALOG_FILE };

module.exports.QUERY_FILES = QUERY_FILES;
module.exports.TEXT_FILES = TEXT_FILES;
module.exports.defines = () =>
  Object.fromEntries(Object.entries(TEXT_FILES).map(([name, file]) => [name, JSON.stringify(readFileSync(join(__dirname, '..', file), 'utf8'))]));
