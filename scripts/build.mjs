// Bundles the CLI into dist/ so `npx bedrock-cost-advisor` and `npm start` run plain JavaScript.
// Runs from `prepare`, so `npm install` / `npm ci` build it with no manual step.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const { defines: bundleDefines } = createRequire(import.meta.url)('./bundle-defines.cjs');

/**
 * `splitting` keeps the AWS path (`import('./aws-path.js')`, behind --region) in its own chunk: without
 * it esbuild inlines the dynamic import and every offline run would load the AWS SDK. The SDK itself
 * stays external (a runtime dependency; bundling it only slows the build), as does every runtime
 * dependency but zod: zod is about a hundred ES modules, and Node resolving, reading and compiling them
 * one by one was ~90 ms of CPU at every CLI start (`--help` 390 -> 295 ms, Node 20), where esbuild's
 * one copy of the parts the CLI uses costs a few. Nothing external imports zod, so there is one copy.
 * `@duckdb/node-api` likewise (181 CommonJS files, about 0.1 s of CPU at each run that reads a bill
 * or invocation logs), in a chunk of its own behind an `import()`, so a run that reads neither never
 * loads it (the AWS path imports the log reader's record checks, not DuckDB). Its
 * native binding, `@duckdb/node-bindings` (a `.node` file per platform), stays external: the bundled
 * code `require`s it, and an ES module has no `require`, so every output file opens with one made by
 * `createRequire` (esbuild's answer to "Dynamic require of ... is not supported", evanw/esbuild#1921).
 */
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BUNDLED = new Set(['zod', '@duckdb/node-api']);
const NATIVE = ['@duckdb/node-bindings'];

export const CLI_BUILD = {
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...Object.keys(dependencies).filter((name) => !BUNDLED.has(name)), ...NATIVE].flatMap((name) => [name, `${name}/*`]),
  banner: { js: "import { createRequire as __bcaCreateRequire } from 'node:module';\nconst require = __bcaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  // The bill and invocation-log queries live in their .sql files alone, and the price catalog in its
  // .json: the bundle carries their text (scripts/bundle-defines.cjs).
  // src/sql/duckdb.ts imports BUNDLED_DUCKDB_API, the package's name: esbuild then bundles it.
  define: { ...bundleDefines(), BUNDLED_DUCKDB_API: JSON.stringify('@duckdb/node-api') },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await rm('dist', { recursive: true, force: true });
  await build(CLI_BUILD);
}
