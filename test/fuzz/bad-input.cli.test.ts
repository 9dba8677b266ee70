import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from '../e2e/aws-stub.js';
import { lambdaContext, runCli } from '../e2e/harness.js';
import { CSV_HEADER, FIELDS, RATES, SNAPSHOT, badValueOf, oneFault, validRows } from './generators.js';
import { loopbackTimeouts } from '../e2e/stub-timeouts.js';

loopbackTimeouts();

/**
 * A sample of the fuzz suite's bad inputs through the real binary (exit 2, one `error:` message, no
 * stack, nothing on stdout), and through the publishing paths: a bad rates file after an AWS read with
 * --publish, and a bad analyze event asking to publish, each publish nothing.
 */

const repo = join(import.meta.dirname, '..', '..');
const bin = join(repo, 'bin', 'bedrock-cost-advisor.js');
const dir = mkdtempSync(join(tmpdir(), 'bca-fuzz-cli-'));
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-fuzz-advice';
const SEED = 20261124;

function runBinary(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Bad files of each kind, drawn from the fuzz generators with a fixed seed: [kind, file, flag]. */
function sampleBadFiles(): Array<[string, string, '--input' | '--rates']> {
  const files: Array<[string, string, '--input' | '--rates']> = [];
  const csvFaults = fc.sample(fc.constantFrom(...FIELDS).chain((f) => badValueOf[f].map((v) => ({ f, v }))), { numRuns: 4, seed: SEED });
  csvFaults.forEach(({ f, v }, i) => {
    const rows = validRows(3);
    rows[1]![FIELDS.indexOf(f)] = v;
    const file = join(dir, `bad-${i}.csv`);
    writeFileSync(file, [CSV_HEADER, ...rows.map((r) => r.join(','))].join('\n'));
    files.push([`CSV with a bad ${f}`, file, '--input']);
  });
  fc.sample(oneFault(SNAPSHOT), { numRuns: 4, seed: SEED }).forEach(({ document, mentions }, i) => {
    const file = join(dir, `bad-${i}.json`);
    writeFileSync(file, JSON.stringify(document));
    files.push([`snapshot (${mentions.join(', ')})`, file, '--input']);
  });
  fc.sample(oneFault(RATES), { numRuns: 4, seed: SEED }).forEach(({ document, mentions }, i) => {
    const file = join(dir, `bad-rates-${i}.json`);
    writeFileSync(file, JSON.stringify(document));
    files.push([`rates (${mentions.join(', ')})`, file, '--rates']);
  });
  return files;
}

let stub: AwsStub;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  stub = await startAwsStub();
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1', TOPIC_ARN, REGIONS: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'CRITICAL' });
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

describe('the binary on a sample of bad files', () => {
  it.each(sampleBadFiles())('%s: exit 2, an error naming the file, no stack, nothing on stdout', async (_kind, file, flag) => {
    const args = flag === '--rates' ? ['analyze', '--sample', '--rates', file] : ['analyze', '--input', file];
    const result = await runBinary(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toContain(file);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});

describe('bad input publishes nothing', () => {
  it('a bad rates file after reading AWS with --publish: exit 2, no Publish', async () => {
    const [, ratesFile] = sampleBadFiles().find(([, , flag]) => flag === '--rates')!;
    const { code, stderr } = await runCli(['analyze', '--region', 'us-east-1', '--days', '1', '--rates', ratesFile, '--publish', TOPIC_ARN]);
    expect(code).toBe(2);
    expect(stderr).toContain(ratesFile);
    expect(stub.publishes).toHaveLength(0);
  });

  it('bad analyze events asking to publish: rejected before any AWS call', async () => {
    const { handler } = await import('../../functions/analyze.js');
    const context = lambdaContext('analyze', 60_000);
    const events = fc.sample(
      fc.oneof(fc.record({ publish: fc.constant(true), days: fc.integer({ min: 456 }) }), fc.record({ publish: fc.constant(true), regions: fc.constant(['mars-1']) }), fc.record({ publish: fc.constant('yes') })),
      { numRuns: 20, seed: SEED },
    );
    const requestsBefore = stub.requests.length;
    for (const event of events) await expect(handler(event, context)).rejects.toThrow(/invalid analyze event: (days|regions\.0|publish): /);
    expect(stub.requests.length).toBe(requestsBefore);
    expect(stub.publishes).toHaveLength(0);
  });
});
