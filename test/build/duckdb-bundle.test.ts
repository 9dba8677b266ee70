import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { CLI_BUILD } from '../../scripts/build.mjs';
import { serializeSnapshot } from '../../src/usage/snapshot.js';
import { billOf, NOVA_HOURLY, NOVA_LITE, snapshotOf, SONNET_HOURLY } from '../bill/bill-fixture.js';
import { writeCurParquet } from '../bill/cur-parquet.js';
import { logRecord, writeLogFolder } from '../logs/log-fixture.js';
import { TEST_NOW } from '../fixtures/clock.js';

/**
 * The CLI's bundle carries `@duckdb/node-api`'s JavaScript (loading its files from node_modules cost
 * about 0.1 s of CPU per run) and loads only the native binding, `@duckdb/node-bindings`, from
 * node_modules (test/build/offline-bundle.test.ts checks the chunks). Here the built CLI runs as
 * installed: bin/ beside dist/, node_modules reachable above them. A preload records, as each thread
 * exits (the CLI runs in a worker), every `@duckdb` module Node loaded.
 */
describe('the built CLI reading a bill and invocation logs', () => {
  const root = mkdtempSync(join(tmpdir(), 'bca-built-cli-'));
  const probe = join(root, 'probe.cjs');
  const loadedFile = join(root, 'loaded.jsonl');
  const usage = join(root, 'usage.json');
  const bill = join(root, 'bill.parquet');
  let logs = '';

  beforeAll(async () => {
    await build({ ...CLI_BUILD, outdir: join(root, 'dist'), logLevel: 'silent' });
    cpSync('bin', join(root, 'bin'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(loadedFile)}, Object.keys(require('node:module')._cache).filter((p) => p.includes('@duckdb')).join('\\n') + '\\n'));\n`);
    writeFileSync(usage, serializeSnapshot(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: SONNET_HOURLY }])));
    await writeCurParquet(bill, billOf({ discount: '0.1', guardrails: true }).lines);
    logs = writeLogFolder([
      logRecord({ requestId: 'a', timestamp: '2026-11-01T00:10:00Z', input: 2_000, output: 100 }),
      logRecord({ requestId: 'b', timestamp: '2026-11-01T01:20:00Z', input: 5_000, output: 500 }),
    ]);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function cli(...argv: string[]): { status: number | null; stdout: string; stderr: string; duckdb: string[] } {
    rmSync(loadedFile, { force: true });
    // The CLI's clock pinned (SOURCE_DATE_EPOCH, read by cliClock) to the tests' instant: the fixtures'
    // window is November 2026, and CI runs the suite with the machine's clock a year back too.
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(TEST_NOW.getTime() / 1000) };
    const run = spawnSync(process.execPath, ['--require', probe, join(root, 'bin/bedrock-cost-advisor.js'), ...argv], { encoding: 'utf8', cwd: root, env });
    const duckdb = (existsSync(loadedFile) ? readFileSync(loadedFile, 'utf8') : '').split('\n').filter(Boolean).map((p) => p.replace(/^.*node_modules\//, ''));
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, duckdb: [...new Set(duckdb)].sort() };
  }

  it('reads a CUR bill with DuckDB from the bundle: only the native binding comes from node_modules', () => {
    const { status, stdout, stderr, duckdb } = cli('analyze', '--input', usage, '--bill', bill, '--format', 'json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // test/bill/cli-bill.test.ts works these out by hand: 157.91 of tokens and 2.70 of Guardrails, 10% below list.
    expect(JSON.parse(stdout).reconciliation.totals.billedCost).toBe('160.61');
    expect(duckdb.filter((p) => p.startsWith('@duckdb/node-api'))).toEqual([]);
    // The binding's loader and its platform package's .node file (@duckdb/node-bindings-linux-x64 here).
    expect(duckdb).toContain('@duckdb/node-bindings/duckdb.js');
    expect(duckdb.filter((p) => !p.startsWith('@duckdb/node-bindings'))).toEqual([]);
    expect(duckdb.some((p) => p.endsWith('/duckdb.node'))).toBe(true);
  }, 60_000);

  it('reads invocation logs the same way', () => {
    const { status, stdout, stderr, duckdb } = cli('analyze', '--invocation-logs', logs, '--format', 'json');
    expect(stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout).invocationLogs.requests).toBe(2);
    expect(duckdb.filter((p) => p.startsWith('@duckdb/node-api'))).toEqual([]);
    expect(duckdb).toContain('@duckdb/node-bindings/duckdb.js');
  }, 60_000);

  it('loads no DuckDB module at all for a run that reads neither', () => {
    const { status, duckdb } = cli('analyze', '--input', usage, '--format', 'json');
    expect(status).toBe(0);
    expect(duckdb).toEqual([]);
  }, 60_000);
});
