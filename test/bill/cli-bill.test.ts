import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { serializeSnapshot } from '../../src/usage/snapshot.js';
import { billOf, NOVA_HOURLY, NOVA_LITE, snapshotOf, SONNET_HOURLY } from './bill-fixture.js';
import { writeCurParquet } from './cur-parquet.js';
import { testClock } from '../fixtures/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'bca-bill-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const usage = join(dir, 'usage.json');
const bill = join(dir, 'bill.parquet');

beforeAll(async () => {
  writeFileSync(usage, serializeSnapshot(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: SONNET_HOURLY }])));
  await writeCurParquet(bill, billOf({ discount: '0.1', guardrails: true }).lines);
}, 30_000);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

describe('analyze --bill PATH', () => {
  it('adds the reconciliation to the JSON report', async () => {
    const { code, stdout, stderr } = await run('analyze', '--input', usage, '--bill', bill, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rec = JSON.parse(stdout).reconciliation;
    // 0.9 x 175.464 = 157.9176 of tokens (157.91 as the sum of its rounded parts) + Guardrails 3.00 at list, less 10% = 2.70.
    expect(rec.totals.billedCost).toBe('160.61');
    expect(rec.totals.outsideReplayCost).toBe('2.70');
    expect(rec.effectiveRate.note).toBe('billed at 10% below list');
    expect(rec.models.map((m: { reconciled: boolean }) => m.reconciled)).toEqual([true, true]);
  });

  it('prints the section and the effective headline in the table', async () => {
    const { code, stdout } = await run('analyze', '--input', usage, '--bill', bill);
    expect(code).toBe(0);
    expect(stdout).toContain('Bill reconciliation');
    expect(stdout).toMatch(/Savings available: \$[\d,.]+\/month at the prices this account pays \(billed at 10% below list;/);
  });

  it.each([
    [['--bill', join(dir, 'nowhere.parquet')], /^error: --bill .*nowhere\.parquet: ENOENT/],
    [['--bill', usage], /^error: --bill .*usage\.json: not a Parquet file/],
    [['--bill', 'ce'], /^error: --bill ce reads Cost Explorer and only applies with --region/],
    [['--bill', ''], /^error: --bill must be "ce"/],
  ])('%s exits 2 with one named error', async (flags, message) => {
    const { code, stderr, stdout } = await run('analyze', '--input', usage, ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
