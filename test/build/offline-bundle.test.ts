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

let built: Promise<Metafile> | undefined;
const cliMetafile = () => (built ??= build({ ...CLI_BUILD, outdir: mkdtempSync(join(tmpdir(), 'bca-build-')), metafile: true, write: false, logLevel: 'silent' }).then((r) => r.metafile!));

describe('the offline CLI bundle', () => {
  it('loads no AWS SDK module unless --region asks for it: the AWS path is a chunk behind a dynamic import', async () => {
    const meta = await cliMetafile();
    const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/cli.js'))!;
    const loaded = [...staticallyLoaded(meta, entry)];
    expect(loaded.filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    // …while the AWS path still is reachable, through a dynamic import of its own chunk.
    const dynamic = meta.outputs[entry]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
    expect(dynamic.some((p) => /aws-path-[A-Z0-9]+\.js$/.test(p))).toBe(true);
    const awsChunk = dynamic.find((p) => /aws-path/.test(p))!;
    expect(staticallyLoaded(meta, awsChunk).has('@aws-sdk/client-cloudwatch')).toBe(true);
  });

  // @duckdb/node-api's 181 CommonJS files cost about 0.1 s of CPU per run loaded from node_modules;
  // bundled, they are one chunk that only a bill or log read imports. The .node binding stays external.
  it('bundles @duckdb/node-api in its own chunk, behind a dynamic import, with only the native binding external', async () => {
    const meta = await cliMetafile();
    const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));
    const external = outputs.flatMap(([, o]) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((p) => p.startsWith('@duckdb/node-api'))).toEqual([]);
    expect(external).toContain('@duckdb/node-bindings');
    const withApi = outputs.filter(([, o]) => Object.keys(o.inputs).some((i) => i.startsWith('node_modules/@duckdb/node-api/'))).map(([file]) => file);
    expect(withApi).toHaveLength(1);
    const apiChunk = withApi[0]!;
    expect(Object.keys(meta.outputs[apiChunk]!.inputs).filter((i) => i.startsWith('src/'))).toEqual([]);
    // Not loaded by starting the CLI, nor by the AWS path (which imports the log reader's record checks).
    const entry = outputs.find(([file]) => file.endsWith('/cli.js'))![0];
    expect(staticallyLoaded(meta, entry).has(apiChunk)).toBe(false);
    const awsChunk = meta.outputs[entry]!.imports.find((i) => /aws-path-[A-Z0-9]+\.js$/.test(i.path))!.path;
    expect(staticallyLoaded(meta, awsChunk).has(apiChunk)).toBe(false);
    const importers = outputs.filter(([, o]) => o.imports.some((i) => i.path === apiChunk));
    expect(importers.flatMap(([, o]) => o.imports.filter((i) => i.path === apiChunk).map((i) => i.kind))).toEqual(['dynamic-import']);
  }, 60_000);
  // The usage file reader and writer and the alternatives file build their zod schemas as they load (about
  // a tenth of the CLI's module loading at every start): only --input, --save-usage and --alternatives load them.
  it('loads the usage snapshot and alternatives modules only when a run reads or writes those files', async () => {
    const meta = await cliMetafile();
    const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/cli.js'))!;
    const inputsOf = (file: string) => Object.keys(meta.outputs[file]!.inputs);
    const startup = [entry, ...staticallyLoaded(meta, entry)].filter((f) => meta.outputs[f]).flatMap(inputsOf);
    const lazy = ['src/usage/snapshot.ts', 'src/usage/read-file.ts', 'src/alternatives/config.ts'];
    expect(startup.filter((i) => lazy.includes(i))).toEqual([]);
    const everywhere = Object.keys(meta.outputs).filter((f) => f.endsWith('.js')).flatMap(inputsOf);
    for (const module of lazy) expect(everywhere).toContain(module);
  }, 60_000);

  // A CSV read (--input FILE.csv) needs neither the snapshot reader's zod schemas nor classic zod: the
  // reader loads them when the file turns out to be JSON. A JSON report needs no text renderer: each
  // format loads its own.
  it('reads a usage CSV into a JSON report without loading the usage snapshot module, classic zod or a text renderer', async () => {
    const meta = await cliMetafile();
    const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/cli.js'))!;
    const inputsOf = (file: string) => Object.keys(meta.outputs[file]!.inputs);
    const readFile = Object.keys(meta.outputs).find((f) => f.endsWith('.js') && inputsOf(f).includes('src/usage/read-file.ts'))!;
    const csvRun = [entry, readFile, ...staticallyLoaded(meta, entry), ...staticallyLoaded(meta, readFile)].filter((f) => meta.outputs[f]).flatMap(inputsOf);
    expect(csvRun).toContain('src/usage/csv.ts');
    const unused = ['src/usage/snapshot.ts', 'src/report/render-text.ts', 'src/report/email.ts'];
    expect(csvRun.filter((i) => unused.includes(i) || i.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    expect(meta.outputs[readFile]!.imports.filter((i) => i.kind === 'dynamic-import').flatMap((i) => inputsOf(i.path))).toContain('src/usage/snapshot.ts');
  }, 60_000);
});
