import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What a Lambda bundle carries is compiled on every cold start, so it is checked here on the bundle
 * esbuild makes the way serverless.yml's `custom.esbuild` makes it. zod is imported as a namespace
 * (`import * as z from 'zod'`): esbuild then keeps only what is used, where `import { z } from 'zod'`
 * kept all of zod's error-message locales (366 KB of the 755 KB zod put into every function).
 */
const { defines } = createRequire(import.meta.url)('../../scripts/sql-defines.cjs') as { defines: () => Record<string, string> };

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'silent', define: defines(), outfile: 'out.cjs' });
  // The output's inputs with bytes in it: the metafile's top-level inputs also list what was shaken out.
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([file]) => file);
}

describe('Lambda bundles', () => {
  it('carry no zod locale but English', async () => {
    const inputs = await bundledInputs('functions/digest.ts');
    expect(inputs.some((f) => f.includes('node_modules/zod/'))).toBe(true);
    expect(inputs.filter((f) => /node_modules\/zod\/.*locales\/(?!en\.)/.test(f))).toEqual([]);
  }, 60_000);
});
