// The queries live in their .sql files alone; every bundle (the CLI's, scripts/build.mjs, and each
// Lambda's, serverless.yml custom.esbuild.define) carries their text as these esbuild defines, read by
// src/sql/sql-template.ts. A run from source reads the files themselves.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const QUERY_FILES = {
  __BEDROCK_BILL_SQL__: 'src/bill/bedrock-bill.sql',
  __INVOCATION_LOGS_SQL__: 'src/logs/invocation-logs.sql',
};

module.exports.QUERY_FILES = QUERY_FILES;
module.exports.defines = () =>
  Object.fromEntries(Object.entries(QUERY_FILES).map(([name, file]) => [name, JSON.stringify(readFileSync(join(__dirname, '..', file), 'utf8'))]));
