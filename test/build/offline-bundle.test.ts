import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { CLI_BUILD } from '../../scripts/build.mjs';

/** Every module the entry loads before running: static imports, followed through chunks. */
function staticallyLoaded(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      visit(imp.path);
    }
  };
  visit(entry);
  return seen;
}

describe('the offline CLI bundle', () => {
  it('loads no AWS SDK module unless --region asks for it: the AWS path is a chunk behind a dynamic import', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bca-build-'));
    const result = await build({ ...CLI_BUILD, outdir, metafile: true, write: false, logLevel: 'silent' });
    const meta = result.metafile!;
    const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/cli.js'))!;
    const loaded = [...staticallyLoaded(meta, entry)];
    expect(loaded.filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    // …while the AWS path still is reachable, through a dynamic import of its own chunk.
    const dynamic = meta.outputs[entry]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
    expect(dynamic.some((p) => /aws-path-[A-Z0-9]+\.js$/.test(p))).toBe(true);
    const awsChunk = dynamic.find((p) => /aws-path/.test(p))!;
    expect(staticallyLoaded(meta, awsChunk).has('@aws-sdk/client-cloudwatch')).toBe(true);
  });
});
