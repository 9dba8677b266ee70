import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../bench/cold-init.js';

/**
 * What a Lambda bundle carries is compiled on every cold start, so it is checked here on the bundle
 * esbuild makes the way serverless.yml's `custom.esbuild` makes it. zod is imported as a namespace
 * (`import * as z from 'zod/mini'` on the functions' paths): esbuild then keeps only what is used, where
 * `import { z } from 'zod'` kept all of zod's error-message locales (366 KB of the 755 KB zod put into
 * every function). zod/mini, not classic zod: classic put 106 KB into every function and attaches
 * dozens of methods to each schema it builds (src/catalog/zod-locale.ts).
 * The price catalog goes in as JSON text sliced by Region (scripts/bundle-defines.cjs), parsed a Region at a time.
 */
const { defines, catalogSlices } = createRequire(import.meta.url)('../../scripts/bundle-defines.cjs') as { defines: () => Record<string, string>; catalogSlices: (text: string) => string };

async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const result = await build({ ...esbuildOptions, entryPoints: [entry], write: false, metafile: true, logLevel: 'silent', define: defines(), outfile: 'out.cjs' });
  // The output's inputs with bytes in it: the metafile's top-level inputs also list what was shaken out.
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([file]) => file);
  return { inputs, text: result.outputFiles[0]!.text };
}

let digest: Promise<{ inputs: string[]; text: string }> | undefined;
const digestBundle = () => (digest ??= bundle('functions/digest.ts'));

/** serverless.yml's `custom.esbuild` block, read on its own (the rest of the file has CloudFormation tags). */
function serverlessEsbuild(): Record<string, unknown> {
  const block = /^ {2}esbuild:\n((?: {4}.*\n|\s*\n)+)/m.exec(readFileSync('serverless.yml', 'utf8'))![1]!;
  return load(block) as Record<string, unknown>;
}

describe('Lambda bundles', () => {
  it('are built by the bench and these tests with the options serverless.yml deploys them with', () => {
    const deployed = serverlessEsbuild();
    const { logLevel: _quiet, ...options } = esbuildOptions;
    for (const [key, value] of Object.entries(options)) expect({ [key]: deployed[key] }).toEqual({ [key]: value });
    // Minified with names kept: error classes and stack traces keep the names the code gives them.
    expect(deployed).toMatchObject({ minify: true, keepNames: true });
  });

  it('carry no zod locale but English', async () => {
    const { inputs } = await digestBundle();
    expect(inputs.some((f) => f.includes('node_modules/zod/'))).toBe(true);
    // locales/index.js itself may appear as the few bytes of a lazy module's init (the function loads
    // zod on first use, bench/cold-init.ts); a locale it re-exports would appear as its own file.
    expect(inputs.filter((f) => /node_modules\/zod\/.*locales\/(?!en\.|index\.js$)/.test(f))).toEqual([]);
  }, 60_000);

  it('carry zod/mini, not classic zod', async () => {
    // The modules that check input on a function's path: the analyze event (analyze), the fan-out inputs
    // (fanout-aggregator), the catalog, Price List and Chatbot schemas (digest, and every function).
    for (const { inputs } of [await digestBundle(), await bundle('functions/analyze.ts'), await bundle('functions/fanout-aggregator.ts')]) {
      expect(inputs.some((f) => f.includes('node_modules/zod/v4/mini/'))).toBe(true);
      expect(inputs.filter((f) => f.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    }
  }, 120_000);

  it('carry the price catalog once, compressed and sliced by Region, not as an object literal to compile', async () => {
    const { inputs, text } = await digestBundle();
    expect(inputs).not.toContain('src/catalog/data/bedrock-prices.json');
    expect(inputs).toContain('src/catalog/bundled-document.ts');
    // The catalog's text as esbuild prints the define (its own escaping), found once in the function.
    const probe = await build({ ...esbuildOptions, stdin: { contents: 'console.log(__BUNDLED_CATALOG_JSON__);', loader: 'ts' }, write: false, logLevel: 'silent', define: defines() });
    const printed = /console\.log\(([\s\S]*)\);/.exec(probe.outputFiles[0]!.text)![1]!;
    expect(printed.length).toBeGreaterThan(catalogSlices(readFileSync('src/catalog/data/bedrock-prices.json', 'utf8')).length);
    expect(text.split(printed).length - 1).toBe(1);
  }, 60_000);
});
