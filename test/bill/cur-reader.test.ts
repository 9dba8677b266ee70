import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BillInputError, readCurBill } from '../../src/bill/cur-reader.js';
import { reconcile } from '../../src/bill/reconcile.js';
import { ACCOUNT, billOf, catalog, dayLines, NOVA_HOURLY, NOVA_LITE, replayOf, snapshotOf, SONNET_HOURLY } from './bill-fixture.js';
import { writeCurParquet } from './cur-parquet.js';

const DAYS = { firstDay: '2026-11-01', endDay: '2026-11-03' };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cur-'));
  mkdirSync(join(dir, 'export', 'BILLING_PERIOD=2026-11'), { recursive: true });
  const withTags = billOf({ discount: '0.1', guardrails: true }).lines.map((l) => ({ ...l, tags: { 'user:team': l.iamPrincipal?.endsWith('chat-app') ? 'chat' : 'batch' } }));
  await writeCurParquet(join(dir, 'export', 'BILLING_PERIOD=2026-11', 'part-0.parquet'), withTags);
  // A day outside the window, in a second file of the same folder: left out by the query.
  await writeCurParquet(join(dir, 'export', 'BILLING_PERIOD=2026-11', 'part-1.parquet'), dayLines('2026-11-05'));
  await writeCurParquet(join(dir, 'no-net.parquet'), billOf().lines, { omit: ['line_item_net_unblended_cost', 'line_item_iam_principal', 'resource_tags'] });
  await writeCurParquet(join(dir, 'missing-column.parquet'), billOf().lines, { omit: ['line_item_usage_type'] });
  await writeCurParquet(join(dir, 'cost-as-text.parquet'), billOf().lines, { retype: { line_item_unblended_cost: 'VARCHAR' } });
  await writeCurParquet(join(dir, 'empty.parquet'), []);
  writeFileSync(join(dir, 'not-parquet.parquet'), 'line_item_usage_type,cost\nUSE1-NovaLite-input-tokens,1\n');
  writeFileSync(join(dir, 'zero-bytes.parquet'), '');
  mkdirSync(join(dir, 'no-files'));
}, 60_000);

describe('reading a CUR 2.0 export with DuckDB', () => {
  it('sums the hourly rows of a folder over the window, exactly', async () => {
    const bill = await readCurBill(join(dir, 'export'), DAYS);
    expect(bill.source.kind).toBe('cur');
    // 7 line kinds (6 token + Guardrails), each summed over the 2 days; the 5 November file is outside the window.
    expect(bill.lines).toHaveLength(7);
    const input = bill.lines.find((l) => l.usageType === 'USE1-Claude4.6Sonnet-input-tokens')!;
    expect(input.quantity.toFixed()).toBe('24000'); // 2 x 12,000
    expect(input.unblendedCost.toFixed()).toBe('79.2'); // 2 x 39.60
    expect(input.netCost!.toFixed()).toBe('71.28'); // 79.20 x 0.9
    expect(input).toMatchObject({ day: '2026-11-01', lastDay: '2026-11-02', service: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)', accountId: ACCOUNT, region: 'us-east-1', unit: '1K tokens', iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app', tags: { 'user:team': 'chat' } });
    // 1.152 / 24 = 0.048 an hour, 48 hours: summed as decimals, not doubles.
    expect(bill.lines.find((l) => l.usageType === 'USE1-NovaLite-output-tokens')!.unblendedCost.toFixed()).toBe('2.304');
  });

  it('reconciles what it read like the lines it was written from', async () => {
    const report = replayOf(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: SONNET_HOURLY }]));
    const fromFile = reconcile(report, await readCurBill(join(dir, 'export'), DAYS), catalog);
    const fromLines = reconcile(report, billOf({ discount: '0.1', guardrails: true }), catalog);
    expect(fromFile.totals.billedCost.toFixed()).toBe(fromLines.totals.billedCost.toFixed());
    expect(fromFile.effectiveRate!.billedToListRatio.toFixed()).toBe('0.9');
    expect(fromFile.callers!.filter((c) => c.kind === 'tag').map((c) => c.name).sort()).toEqual(['user:team=batch', 'user:team=chat']);
  });

  it('reads an export without the optional columns (no net cost, principal or tags)', async () => {
    const bill = await readCurBill(join(dir, 'no-net.parquet'), DAYS);
    expect(bill.lines).toHaveLength(6);
    expect(bill.lines.every((l) => l.netCost === undefined && l.iamPrincipal === undefined && l.tags === undefined)).toBe(true);
  });

  it.each([
    ['missing-column.parquet', /missing-column\.parquet: column line_item_usage_type is missing/],
    ['cost-as-text.parquet', /cost-as-text\.parquet: column line_item_unblended_cost is VARCHAR, expected a number/],
    ['empty.parquet', /empty\.parquet: the export has no rows/],
    ['not-parquet.parquet', /not-parquet\.parquet: not a Parquet file/],
    ['zero-bytes.parquet', /zero-bytes\.parquet: not a Parquet file/],
    ['no-files', /no-files: the folder holds no \.parquet file/],
    ['nowhere.parquet', /nowhere\.parquet: ENOENT \(no such file or directory\)/],
  ])('%s: a named error', async (name, message) => {
    const error = await readCurBill(join(dir, name), DAYS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BillInputError);
    expect((error as Error).message).toMatch(message);
  });
});
