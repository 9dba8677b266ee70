// Bundles the CLI into dist/ so `npx bedrock-cost-advisor` and `npm start` run plain JavaScript.
// Runs from `prepare`, so `npm install` / `npm ci` build it with no manual step.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // The AWS SDK stays external: it is a runtime dependency and bundling it only slows the build.
  packages: 'external',
  logLevel: 'warning',
});
