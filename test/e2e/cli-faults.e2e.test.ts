import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../src/aws/client-config.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { runCli } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The CLI under faults: a hung Region with --timeout (in-process, real SDK over HTTP to the stub), and
 * the installed binary (bin/ -> dist/) for what only a real process shows: a full disk, a reader that
 * closes the pipe, running out of memory. Each ends in one clear line and the documented exit code.
 */

const repo = join(import.meta.dirname, '..', '..');
const bin = join(repo, 'bin', 'bedrock-cost-advisor.js');
const work = mkdtempSync(join(tmpdir(), 'bca-faults-'));

let stub: AwsStub;


interface Exit {
  code: number | null;
  stderr: string;
}

/** Runs the built binary; `stdout` is a file descriptor, 'pipe', or 'closed' (a pipe whose reader is gone at once). */
function runBinary(args: string[], stdout: number | 'pipe' | 'closed', env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repo,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'],
    });
    if (stdout === 'closed') child.stdout!.destroy();
    else child.stdout?.resume();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A safety net for a child that never ends, not a speed bound: under the file's 120 s test limit.
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  // The binary runs dist/, so build it from the sources under test (esbuild, well under a second).
  const build = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  stub = await startAwsStub({ hangRegions: ['us-west-2'] });
  pointSdkAtStub(stub);
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

describe('CLI deadline', () => {
  it('--timeout cuts a hung Region off, names it as incomplete, and reports the rest', async () => {
    // Prepare: the healthy Region alone, twice (the first loads and compiles the CLI's modules), times
    // what reading it takes on this machine now; --timeout is three times that, 2 s at least (the idle
    // figure) and 10 s at most, so it stays well inside the SDK's 30 s request timeout.
    await runCli(['analyze', '--region', 'us-east-1', '--days', '2', '--format', 'json']);
    const healthyStarted = performance.now();
    await runCli(['analyze', '--region', 'us-east-1', '--days', '2', '--format', 'json']);
    const healthyMs = performance.now() - healthyStarted;
    const timeout = Math.min(10, Math.max(2, Math.ceil((3 * healthyMs) / 1000)));
    const started = performance.now();

    // Act
    const result = await runCli(['analyze', '--region', 'us-east-1', '--region', 'us-west-2', '--days', '2', '--timeout', String(timeout), '--format', 'json']);
    const elapsed = performance.now() - started;

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { models: Array<{ region: string }>; errors: Array<{ scope: string; message: string; code?: string }> };
    expect(report.errors).toEqual([{ scope: 'region us-west-2', message: expect.stringMatching(/^incomplete: deadline reached/), code: 'deadline-reached' }]);
    expect(new Set(report.models.map((m) => m.region))).toEqual(new Set(['us-east-1']));
    expect(result.stderr).toMatch(/warning: region us-west-2 was not analysed: incomplete: deadline reached/);
    // It waited for the hung Region until --timeout, not less (100 ms for the clocks' rounding), and
    // ended before the hung call's own request timeout (DEFAULT_TIMEOUTS, 30 s) could have: the
    // deadline cut it, and nothing after the deadline waited for it.
    expect(elapsed).toBeGreaterThanOrEqual(timeout * 1000 - 100);
    expect(elapsed).toBeLessThan(DEFAULT_TIMEOUTS.requestTimeoutMs);
  });

  it.each([['0'], ['604801'], ['1.5'], ['soon']])('rejects --timeout %s naming the flag', async (value) => {
    const result = await runCli(['analyze', '--region', 'us-east-1', '--timeout', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --timeout must be a whole number from 1 to 604800/);
  });

  it('rejects --timeout without --region', async () => {
    const result = await runCli(['analyze', '--sample', '--timeout', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --timeout only applies with --region\n');
  });
});

describe('unusable output paths (exit 2, one line)', () => {
  it.each([
    [['--out', join(work, 'missing-dir', 'report.txt')], /^error: cannot write --out .*missing-dir\/report\.txt: ENOENT \(no such file or directory\)$/],
    [['--out', work], /^error: cannot write --out .*: EISDIR \(is a directory\)$/],
    [['--out', '/dev/full'], /^error: cannot write --out \/dev\/full: ENOSPC \(no space left on the device\)$/],
  ])('analyze --sample %j', async (flags, pattern) => {
    const result = await runCli(['analyze', '--sample', ...flags]);
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, pattern);
    expect(result.stdout).toBe('');
  });

  it('--input that is a directory', async () => {
    const result = await runCli(['analyze', '--input', work]);
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^error: cannot read .*: EISDIR \(is a directory\)$/);
  });
});

describe('the binary', () => {
  it('standard output on a full disk: one line, exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const exit = await runBinary(['analyze', '--sample'], full);
      expect(exit.code).toBe(2);
      expectOneLine(exit.stderr, /^error: cannot write the report to standard output: ENOSPC \(no space left on the device\)$/);
    } finally {
      closeSync(full);
    }
  });

  it('a reader that closed the pipe: one line, exit 2', async () => {
    const exit = await runBinary(['analyze', '--sample', '--format', 'json'], 'closed');
    expect(exit.code).toBe(2);
    expectOneLine(exit.stderr, /^error: cannot write the report to standard output: EPIPE \(the reader closed the pipe\)$/);
  });

  it('out of memory: one line, exit 1, no V8 crash dump', async () => {
    // 26 MB of CSV under a 48 MB heap. The reader streams rows into compact storage, so long series fit;
    // 400,000 distinct series (one row each) do not, as each series has its own bookkeeping.
    const csv = join(work, 'big.csv');
    const rows = ['timestamp,region,modelId,metric,value'];
    for (let i = 0; i < 400_000; i++) rows.push(`2026-10-01T00:00:00Z,us-east-1,model-${i},InputTokenCount,${1000 + (i % 97)}`);
    writeFileSync(csv, rows.join('\n'));

    const exit = await runBinary(['analyze', '--input', csv], 'pipe', { NODE_OPTIONS: '--max-old-space-size=48' });

    expect(exit.code).toBe(1);
    expectOneLine(exit.stderr, /^error: out of memory \(the input is too large for this machine/);
  });
});
