import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/harness.js';

/** `analyze --input` of a usage snapshot of several accounts, written by hand as the README documents it. */

const dir = mkdtempSync(join(tmpdir(), 'bca-cli-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runCli(argv);

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const NOVA = 'amazon.nova-micro-v1:0';
const NOV_1 = 1_793_491_200; // 2026-11-01T00:00:00Z

// Both accounts read over the same day; A used Nova Micro for 2 billion input tokens in one hour, B
// for 1 billion. Nova Micro input in us-east-1 is $0.035 per 1M (its AmazonBedrock Price List row), and a window
// scales to a 730-hour month: B = 1,000 x 0.035 = $35 a day = 35 x 730 / 24 = $1,064.583… a month,
// A twice that, $2,129.166…; over a 48-hour window, half: B $532.291…, A $1,064.583….
const header = {
  format: 'bedrock-cost-advisor/usage-snapshot@2',
  window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
  provisionedThroughputs: [],
  customModels: [],
  inferenceProfiles: [],
  errors: [{ accountId: B, scope: 'region eu-west-1', message: 'usage collection failed: AccessDenied', code: 'AccessDenied' }],
  accounts: [
    { accountId: A, name: 'team-a', window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' } },
    { accountId: B, window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' } },
    { accountId: C, error: { scope: `account ${C}`, message: 'account not analysed: AccessDenied', code: 'AccessDenied' } },
  ],
};
const segment = (accountId: string, tokens: number) => ({ modelId: NOVA, accountId, region: 'us-east-1', periodSeconds: 3600, start: NOV_1, length: 1, metrics: { InputTokenCount: [tokens] } });

function snapshotFile(name: string, lines: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return path;
}

interface JsonReport {
  window: { start: string; end: string; hours: number };
  accounts: Array<{ accountId: string; name?: string; pricedMonthlyCost: string | null; errors: Array<{ scope: string }> }>;
  models: Array<{ accountId?: string }>;
  errors: Array<{ scope: string }>;
}

describe('analyze --input with a snapshot of several accounts', () => {
  const good = snapshotFile('accounts.jsonl', [header, segment(A, 2_000_000_000), segment(B, 1_000_000_000)]);

  it('analyses each account on its own and names the account that was not read', async () => {
    const { code, stdout, stderr } = await run('analyze', '--input', good, '--prices', 'bundled', '--format', 'json', '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.accounts.map((a) => [a.accountId, a.name, a.pricedMonthlyCost === null])).toEqual([[A, 'team-a', false], [B, undefined, false], [C, undefined, true]]);
    const cost = (id: string) => report.accounts.find((a) => a.accountId === id)!.pricedMonthlyCost;
    expect([cost(A), cost(B)]).toEqual(['2129.17', '1064.58']);
    expect(report.models.map((m) => m.accountId).sort()).toEqual([A, B]);
    expect(report.errors.map((e) => e.scope)).toEqual([`account ${C}`, `account ${B} region eu-west-1`]);
    expect(report.accounts.find((a) => a.accountId === B)!.errors.map((e) => e.scope)).toEqual(['region eu-west-1']);
  });

  it('with --start/--end analyses every account over the window given', async () => {
    const given = JSON.parse((await run('analyze', '--input', good, '--start', '2026-11-01T00:00:00Z', '--end', '2026-11-03T00:00:00Z', '--prices', 'bundled', '--format', 'json')).stdout) as JsonReport;
    expect(given.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z', hours: 48 });
    // The same tokens over 48 hours instead of 24: half the monthly rate, in every account.
    expect(given.accounts.map((a) => a.pricedMonthlyCost)).toEqual(['1064.58', '532.29', null]);
  });

  it('exits 2 naming the file, line and field of a bad account ID, with no stack trace', async () => {
    const bad = snapshotFile('bad.jsonl', [header, segment(A, 1), segment('22222222222', 1)]);
    const { code, stdout, stderr } = await run('analyze', '--input', bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${bad}:3: segment of ${NOVA} (us-east-1): accountId: "22222222222": expected a 12-digit AWS account ID\n`);
  });
});
