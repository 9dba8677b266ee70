import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import { serializeSnapshot } from '../../src/usage/snapshot.js';
import { TEST_NOW, testClock } from '../fixtures/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'bca-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const HEADER = 'timestamp,region,modelId,metric,value';
/** Two hours of Nova Micro traffic plus a model the catalog does not know. */
const GOOD_CSV = [
  HEADER,
  '2026-11-01T00:00:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000000',
  '2026-11-01T00:00:00Z,us-east-1,amazon.nova-micro-v1:0,OutputTokenCount,1000000',
  '2026-11-01T01:00:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,3000000',
  '2026-11-01T01:00:00Z,us-east-1,amazon.nova-micro-v1:0,CacheReadInputTokens,500000',
  '2026-11-01T00:00:00Z,us-east-1,acme.unknown-model-v9:0,InputTokenCount,5000',
  '2026-11-01T01:00:00Z,us-east-1,acme.unknown-model-v9:0,OutputTokenCount,500',
].join('\n');
const DECIMAL = /^-?\d+(\.\d+)?$/;
const STACK_FRAME = /^\s+at /m;

describe('CLI: bad input', () => {
  it('a malformed CSV row exits 2 with file:line on stderr and no stack trace', async () => {
    const bad = file('bad.csv', [HEADER, '2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,lots'].join('\n'));
    const { code, stdout, stderr } = await run('analyze', '--input', bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad}:3: value "lots" is not a non-negative whole number`);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('a missing input file exits 2 naming the file', async () => {
    const { code, stderr } = await run('analyze', '--input', join(dir, 'nope.csv'));
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read');
    expect(stderr).toContain('nope.csv');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('an unknown flag exits 2 naming the flag', async () => {
    const { code, stderr } = await run('analyze', '--sample', '--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('--frobnicate');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('an invalid rates file exits 2 naming rates[0]', async () => {
    const rates = file('rates.json', JSON.stringify({ rates: [{ model: 'amazon.nova-micro-v1:0', region: 'us-east-1', onDemand: { input: '-0.1' } }] }));
    const { code, stderr } = await run('analyze', '--input', file('ok.csv', GOOD_CSV), '--rates', rates);
    expect(code).toBe(2);
    expect(stderr).toContain('rates[0]');
    expect(stderr).toContain(rates);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('a rates file that is not JSON exits 2 naming the file', async () => {
    const rates = file('rates-broken.json', '{ "rates": [');
    const { code, stderr } = await run('analyze', '--sample', '--rates', rates);
    expect(code).toBe(2);
    expect(stderr).toContain(`${rates}: not valid JSON`);
  });

  it.each([
    [['analyze'], 'give exactly one of'],
    [['analyze', '--sample', '--input', 'x.csv'], 'give exactly one of'],
    [['analyze', '--sample', '--format', 'xml'], '--format must be table, markdown, json, html or email'],
    [['analyze', '--sample', '--days', '3'], '--days only applies with --region'],
    [['analyze', '--sample', '--min-savings', 'ten'], '--min-savings must be a non-negative number'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('%j exits 2: %s', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('CLI: reports', () => {
  it('an unknown model is listed as unpriced and the report still renders, exit 0', async () => {
    const { code, stdout, stderr } = await run('analyze', '--input', file('unknown.csv', GOOD_CSV));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Unpriced');
    expect(stdout).toMatch(/- acme\.unknown-model-v9:0 \(us-east-1\): model acme\.unknown-model-v9:0 is not in the price catalog/);
    expect(stdout).toContain('amazon.nova-micro-v1:0');
    expect(stdout).toMatch(/^Bedrock spend: \$[\d,.]+ in [^,]+, \$[\d,.]+\/month for what is priced; not in the totals: 1 unpriced model\.$/m);
  });

  it('--format json has the documented shape, with money as exact decimal strings', async () => {
    const { code, stdout } = await run('analyze', '--input', file('json.csv', GOOD_CSV), '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      window: { start: string; end: string; hours: number };
      summary: { currentMonthlyCost: string; potentialMonthlySavings: string };
      models: Array<{ modelId: string; usage: { inputTokens: number }; scenarios: Array<{ mode: string; cost: string | null; monthlyCost: string | null; feasible: boolean; assumptions: string[] }> }>;
      recommendations: Array<{ monthlySavings: string }>;
      unpriced: Array<{ modelId: string }>;
    };
    expect(report.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T02:00:00.000Z', hours: 2, basis: expect.stringMatching(/^from the first timestamp in .*json\.csv to the last plus its period$/) });
    const micro = report.models.find((m) => m.modelId === 'amazon.nova-micro-v1:0')!;
    expect(micro.usage.inputTokens).toBe(4_000_000);
    expect(micro.scenarios.length).toBeGreaterThan(1);
    for (const s of micro.scenarios) {
      expect(typeof s.mode).toBe('string');
      expect(typeof s.feasible).toBe('boolean');
      expect(Array.isArray(s.assumptions)).toBe(true);
      if (s.cost !== null) expect(s.cost).toMatch(DECIMAL);
      if (s.monthlyCost !== null) expect(s.monthlyCost).toMatch(DECIMAL);
    }
    // On demand: 4M x 0.000035/1K + 1M x 0.00014/1K + 0.5M x 0.00000875/1K = 0.14 + 0.14 + 0.004375.
    expect(micro.scenarios.find((s) => s.mode === 'on-demand')?.cost).toBe('0.284375');
    expect(report.summary.currentMonthlyCost).toMatch(DECIMAL);
    expect(report.recommendations.length).toBeGreaterThan(0);
    for (const r of report.recommendations) expect(r.monthlySavings).toMatch(DECIMAL);
    expect(report.unpriced.map((u) => u.modelId)).toEqual(['acme.unknown-model-v9:0']);
  });

  it('--format markdown renders headings and tables', async () => {
    const { code, stdout } = await run('analyze', '--input', file('md.csv', GOOD_CSV), '--format', 'markdown');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Bedrock cost advisor report/);
    expect(stdout).toContain('| Model | Region |');
  });

  it('--out FILE writes the report there and nothing to stdout', async () => {
    const out = join(dir, 'report.json');
    const { code, stdout } = await run('analyze', '--input', file('out.csv', GOOD_CSV), '--format', 'json', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const written = JSON.parse(readFileSync(out, 'utf8')) as { window: { hours: number } };
    expect(written.window.hours).toBe(2);
  });

  it('a JSON usage snapshot as --input gives the same report as the CSV it came from', async () => {
    const csvPath = file('same.csv', GOOD_CSV);
    const snapshotPath = file('same.json', serializeSnapshot(parseUsageCsv(GOOD_CSV, csvPath, { now: TEST_NOW })));
    const fromCsv = await run('analyze', '--input', csvPath, '--format', 'json');
    const fromSnapshot = await run('analyze', '--input', snapshotPath, '--format', 'json');
    expect(fromSnapshot.code).toBe(0);
    const strip = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), generatedAt: undefined });
    expect(strip(fromSnapshot.stdout)).toEqual(strip(fromCsv.stdout));
  });

  it('--sample exits 0 and the table mentions every sample workload', async () => {
    const { code, stdout, stderr } = await run('analyze', '--sample');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const workload of [
      'anthropic.claude-sonnet-4-5-20250929-v1:0', // chat app through the us. profile
      'amazon.nova-2-lite-v1:0', // document pipeline
      'amazon.nova-micro-v1:0', // nightly job
      'amazon.titan-embed-text-v2:0', // embeddings
      'amazon.nova-canvas-v1:0', // images
      'amazon.nova-premier-v1:0', // unpriced trial
      'support-bot', // provisioned throughput
      'support-tone-v3', // custom model
    ]) {
      expect(stdout, workload).toContain(workload);
    }
    expect(stdout).toContain('9–22 Nov 2026 (14 days)');
  });

  it('--sample is deterministic', async () => {
    const a = await run('analyze', '--sample', '--format', 'json');
    const b = await run('analyze', '--sample', '--format', 'json');
    expect(b.stdout).toBe(a.stdout);
  });

  it.each([[['--help']], [['analyze', '--help']], [['help']], [['analyze', '-h']]])('%j prints the help and exits 0', async (argv) => {
    const { code, stdout } = await run(...argv);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage:');
    expect(stdout).toContain('--input FILE');
  });

  it('no arguments prints the help but exits 2', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(2);
    expect(stdout).toContain('Usage:');
  });
});

describe('CLI: the clock', () => {
  async function runWithEnv(env: Record<string, string>, ...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { env, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  }

  it('SOURCE_DATE_EPOCH pins the run: the report is generated at that instant, and a rates file is read on that day', async () => {
    const csv = file('pinned.csv', GOOD_CSV);
    const rates = file('pinned-rates.json', JSON.stringify({ rates: [{ model: 'amazon.nova-micro-v1:0', region: 'us-east-1', onDemand: { input: '0.00003', output: '0.00012' } }] }));
    // 1796342400 s is 2026-12-04T00:00:00Z: 20791 days of 86,400 s after 1970-01-01.
    const result = await runWithEnv({ SOURCE_DATE_EPOCH: '1796342400' }, 'analyze', '--input', csv, '--rates', rates, '--format', 'json');

    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { generatedAt: string; models: Array<{ prices?: Array<{ source: string; readOn: string }> }> };
    expect(report.generatedAt).toBe('2026-12-04T00:00:00.000Z');
    const fromRates = report.models.flatMap((m) => m.prices ?? []).filter((p) => p.source.includes('pinned-rates.json'));
    expect(fromRates.length).toBeGreaterThan(0);
    expect(new Set(fromRates.map((l) => l.readOn))).toEqual(new Set(['2026-12-04']));
  });

  it('a SOURCE_DATE_EPOCH that is not whole seconds is refused by name, exit 2', async () => {
    const result = await runWithEnv({ SOURCE_DATE_EPOCH: 'yesterday' }, 'analyze', '--sample');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, not "yesterday"\n');
  });

  it('the embedded sample is the same report on any day: its clock is the sample\'s own', async () => {
    const today = await runWithEnv({}, 'analyze', '--sample', '--format', 'json');
    const later = await runWithEnv({ SOURCE_DATE_EPOCH: '1893456000' }, 'analyze', '--sample', '--format', 'json');
    expect(today.code).toBe(0);
    expect(later.stdout).toBe(today.stdout);
    expect((JSON.parse(today.stdout) as { generatedAt: string }).generatedAt).toBe('2026-11-23T00:00:00.000Z');
  });
});
