import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';
import { ACCOUNT, logKey, logRecord, SONNET_45, writeLogFolder } from './log-fixture.js';
import { logsCatalogDocument } from './logs-catalog.js';
import { gzipSync } from 'node:zlib';

/**
 * `analyze --invocation-logs DIR` alone over two accounts: the window runs from the first account's
 * first hour to the other's last, and the logs are all the usage there is, so each account is covered
 * over the whole window (an hour without a record had no request). Its coverage line said "partial"
 * (and "the rest of the window keeps the CloudWatch bounds", with no CloudWatch read), and each
 * account's per-request monthly figure was scaled from its own hours rather than the window's.
 * Figures at the logs catalog's Sonnet 4.5 prices per 1K tokens (input 0.003, output 0.015).
 */
const OTHER = '210987654321';

async function run(dir: string, ...extra: string[]) {
  const catalog = join(mkdtempSync(join(tmpdir(), 'accounts-coverage-')), 'catalog.json');
  writeFileSync(catalog, JSON.stringify(logsCatalogDocument()));
  let stdout = '';
  let stderr = '';
  const code = await main(['analyze', '--invocation-logs', dir, '--catalog', catalog, ...extra], { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  expect(code, stderr).toBe(0);
  return stdout;
}

function twoAccounts(): string {
  // ACCOUNT at 10:05 (1,000 in, 100 out: 0.003 + 0.0015 = 0.0045); OTHER at 12:05 (2,000 in, 200 out: 0.006 + 0.003 = 0.009).
  const other = { ...logRecord({ requestId: 'b1', timestamp: '2026-11-02T12:05:00Z', input: 2_000, output: 200, caller: `arn:aws:sts::${OTHER}:assumed-role/app/s` }), accountId: OTHER };
  return writeLogFolder([logRecord({ requestId: 'a1', timestamp: '2026-11-02T10:05:00Z', input: 1_000, output: 100 })], {
    extra: { [logKey('us-east-1', '2026-11-02T12:05:00Z', `${OTHER}_BedrockModelInvocationLogs_us-east-1_2026110212_0001.json.gz`, OTHER)]: gzipSync(`${JSON.stringify(other)}\n`) },
  });
}

describe('the logs alone over several accounts', () => {
  it('cover the whole window for each account, and scale each one\'s figures by the window (3 hours), not by its own hour', async () => {
    const json = JSON.parse(await run(twoAccounts(), '--format', 'json')) as {
      window: { hours: number };
      invocationLogs: { coverage: Array<{ accountId: string; complete: boolean; hours: number; windowHours: number; start: string; end: string }> };
      models: Array<{ accountId?: string; modelId: string; requests: { cost: string; monthlyCost: string; coverage: { complete: boolean } } }>;
    };
    expect(json.window.hours).toBe(3);
    expect(json.invocationLogs.coverage.map((c) => [c.accountId, c.complete, c.hours, c.start, c.end])).toEqual([
      [OTHER, true, 3, '2026-11-02T10:00:00Z', '2026-11-02T13:00:00Z'],
      [ACCOUNT, true, 3, '2026-11-02T10:00:00Z', '2026-11-02T13:00:00Z'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    const line = (account: string) => json.models.find((m) => m.accountId === account && m.modelId === SONNET_45)!.requests;
    // 0.0045 x 730 / 3 = 1.095, $1.10 in the JSON's cents (it was x 730 / 1 = 3.285, from the account's one hour);
    // 0.009 x 730 / 3 = 2.19 (was 6.57).
    expect(new Decimal(line(ACCOUNT).cost).equals('0.0045')).toBe(true);
    expect(new Decimal(line(ACCOUNT).monthlyCost).equals(new Decimal('0.0045').times(730).dividedBy(3).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN))).toBe(true);
    expect(new Decimal(line(OTHER).monthlyCost).equals('2.19')).toBe(true);
    expect(line(OTHER).coverage.complete).toBe(true);
  });

  it('say so in words, one line per account', async () => {
    const table = await run(twoAccounts(), '--format', 'table');
    expect(table).toContain(`${ACCOUNT} us-east-1: the logs cover the whole window, so long context and cache TTL are exact, not bounds.`);
    expect(table).toContain(`${OTHER} us-east-1: the logs cover the whole window, so long context and cache TTL are exact, not bounds.`);
    expect(table).not.toMatch(/the logs cover .* hours\); the rest of the window keeps the CloudWatch bounds/);
  });
});
