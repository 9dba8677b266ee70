import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStub, type AwsStub } from './aws-stub.js';

/**
 * The analyze Lambda as `serverless invoke local` runs it (osls, serverless-esbuild's bundle, middy and
 * Powertools), against the loopback stub: its response is the published report, and validates against
 * schema/report.schema.json. It once returned exact money with a float's digits in it
 * ("184.8359999999999853319313560162693913754"), which the schema refuses.
 */

const repo = join(import.meta.dirname, '..', '..');
const serverlessBin = join(repo, 'node_modules', 'osls', 'bin', 'serverless.js');
const schema = JSON.parse(readFileSync(join(repo, 'schema', 'report.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

let stub: AwsStub;
let home: string;

beforeAll(async () => {
  stub = await startAwsStub();
  home = await mkdtemp(join(tmpdir(), 'advisor-invoke-'));
});

afterAll(async () => {
  await stub?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Runs `serverless invoke local -f analyze --stage local` and returns its printed response. */
function invokeLocal(data: unknown): Promise<{ response: unknown; output: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    SLS_SCHEMA_CACHE_BASE_DIR: join(home, 'schema-cache'),
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: stub.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverlessBin, 'invoke', 'local', '-f', 'analyze', '--stage', 'local', '--data', JSON.stringify(data)], { cwd: repo, env });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`invoke local timed out:\n${output}`));
    }, 150_000);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`invoke local exited with ${code}:\n${output}`));
      // Log lines (one JSON object each) come first; the response is printed last, indented, from a line "{".
      const start = output.split('\n').findIndex((line) => line === '{');
      if (start < 0) return reject(new Error(`no response in the output:\n${output}`));
      resolve({ response: JSON.parse(output.split('\n').slice(start).join('\n')), output });
    });
  });
}

describe('analyze through serverless invoke local', () => {
  it('returns the published report, which validates against the schema', async () => {
    // Act
    const { response } = await invokeLocal({ days: 7, regions: ['us-east-1'] });

    // Assess
    const report = (response as { report: { summary: Record<string, unknown>; window: { hours: number }; models: unknown[] } }).report;
    const ok = validate(report);
    expect(ajv.errorsText(validate.errors), 'schema errors').toBe('No errors');
    expect(ok).toBe(true);
    expect(report.models.length).toBeGreaterThan(0);
    // The window is on CloudWatch's minute grid, not whole hours: the case a float's digits came from.
    expect(Number.isInteger(report.window.hours)).toBe(false);
    expect(report.summary.currentMonthlyCost).toMatch(/^\d+\.\d{2}$/);
    // The headline is never negative: a required change that costs money is shown apart (the stub's legacy model costs more at its successor).
    expect(report.summary.potentialMonthlySavings).toMatch(/^\d+\.\d{2}$/);
    expect(report.summary.requiredMonthlyCost).toMatch(/^\d+\.\d{2}$/);
  }, 180_000);
});
