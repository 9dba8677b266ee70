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
 */
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BUNDLED = new Set(['zod']);

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
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)).flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
  // The bill and invocation-log queries live in their .sql files alone, and the price catalog in its
  // .json: the bundle carries their text (scripts/bundle-defines.cjs).
  define: bundleDefines(),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await rm('dist', { recursive: true, force: true });
  await build(CLI_BUILD);
}
