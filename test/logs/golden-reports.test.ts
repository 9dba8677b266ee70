import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';
import { DAYTIME_PERSON, LONG_CONTEXT_RECORDS, NIGHTLY_JOB, nightlyBatchRecords, TTL_MIX_RECORDS } from './golden-cases.js';
import { logRecord, SONNET_45, writeLogFolder, type RecordSpec } from './log-fixture.js';
import { logsCatalogDocument } from './logs-catalog.js';

/**
 * Golden reports of the three per-request cases (issue 19): `analyze --invocation-logs DIR` at the
 * test catalog's Sonnet 4.5 prices, in JSON, table and markdown. A change to per-request pricing or
 * its rendering shows up as a reviewable diff; the key figures are asserted beside each golden from
 * the hand-worked sums in golden-cases.ts, never from the golden itself.
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/logs/golden-reports.test.ts
 */

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validateReport = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);

const FORMATS = { json: 'json', table: 'table.txt', markdown: 'md' } as const;
type Format = keyof typeof FORMATS;

/** The CLI's output for each format; the temporary paths (log folder, catalog file) replaced by placeholders so the goldens do not depend on them. */
async function reports(records: RecordSpec[]): Promise<Record<Format, string>> {
  const logs = writeLogFolder(records.map(logRecord));
  const catalog = join(mkdtempSync(join(tmpdir(), 'logs-golden-catalog-')), 'catalog.json');
  writeFileSync(catalog, JSON.stringify(logsCatalogDocument()));
  const out = {} as Record<Format, string>;
  for (const format of Object.keys(FORMATS) as Format[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['analyze', '--invocation-logs', logs, '--catalog', catalog, '--format', format], { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    expect(code, stderr).toBe(0);
    out[format] = stdout.split(catalog).join('<catalog>').split(logs).join('<invocation-logs>');
  }
  return out;
}

function checkGolden(file: string, actual: string): void {
  const path = `${DIR}${file}`;
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/logs/golden-reports.test.ts`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

interface ModelJson { modelId: string; requests: { requests: number; longContextRequests: number; cost: string; monthlyCost: string; tokens: Record<string, number>; coverage: { complete: boolean } } }
interface CallerJson { caller: string; batch: { onDemandCost: string; batchCost: string; monthlySavings: string; evidence: { callerKind: string } } }
interface ScenarioJson { mode: string; cost: string; monthlyCost: string; longContext?: unknown }
interface ReportJson { summary: { currentMonthlyCost: string; upToMonthlySavings?: string }; models: Array<ModelJson & { currentMonthlyCost: string; scenarios: ScenarioJson[] }>; callers: CallerJson[] }

const sameMoney = (actual: string, expected: Decimal.Value) => expect(new Decimal(actual).equals(expected), `${actual} = ${new Decimal(expected).toFixed()}`).toBe(true);

describe.each([
  { name: 'long-context', records: () => LONG_CONTEXT_RECORDS },
  { name: 'cache-ttl-mix', records: () => TTL_MIX_RECORDS },
  { name: 'nightly-batch', records: nightlyBatchRecords },
])('the $name per-request report', ({ name, records }) => {
  let out: Record<Format, string>;
  let json: ReportJson;
  beforeAll(async () => {
    out = await reports(records());
    json = JSON.parse(out.json) as ReportJson;
  });

  it.each(Object.keys(FORMATS) as Format[])('%s matches its golden file', (format) => {
    checkGolden(`${name}.${FORMATS[format]}`, out[format]);
  });

  it('JSON matches the report schema', () => {
    expect(validateReport(json), ajv.errorsText(validateReport.errors)).toBe(true);
  });

  it('holds the figures worked by hand', () => {
    const line = json.models.find((m) => m.modelId === SONNET_45)!;
    const sonnet = line.requests;
    const scenario = (mode: string) => line.scenarios.find((s) => s.mode === mode)!;
    expect(sonnet.coverage.complete).toBe(true);
    if (name === 'long-context') {
      // 0.981 + 0.61575 + 1.202256; 2 of 3 above 200K; x 730 hours for the one hour observed.
      expect([sonnet.requests, sonnet.longContextRequests]).toEqual([3, 2]);
      sameMoney(sonnet.cost, '2.799006');
      sameMoney(sonnet.monthlyCost, '2043.27');
      expect(out.table).toMatch(/3 request\(s\), \$2,043\.27\/month at per-request prices; 2 above the long-context threshold/);
      // The logs cover the window: the on-demand figure, the model's cost and the headline are the exact sum, and no bound is left.
      sameMoney(scenario('on-demand').cost, '2.799006');
      expect(scenario('on-demand').longContext).toBeUndefined();
      sameMoney(line.currentMonthlyCost, '2043.27');
      sameMoney(json.summary.currentMonthlyCost, '2043.27');
      expect(out.table).toMatch(/Bedrock spend: \$2\.80 in 1 hour, \$2,043\.27\/month\./);
      // Batch: the request at the threshold moves (200 x 0.0015 + 1 x 0.0075 = 0.3075), the two above keep
      // their long-context price (0.981 + 1.202256): 2.490756. Saving (2.799006 - 2.490756) x 730 = 225.0225.
      sameMoney(scenario('batch').cost, '2.490756');
      sameMoney(json.summary.upToMonthlySavings!, '225.02');
      // Without caching: 200 x 0.003 + 1 x 0.015 = 0.615 beside the same 2.183256: 2.798256.
      sameMoney(scenario('on-demand-no-cache').cost, '2.798256');
    }
    if (name === 'cache-ttl-mix') {
      expect(sonnet.tokens).toEqual({ input: 3_600, cacheRead: 0, cacheWrite5m: 8_000, cacheWrite1h: 8_000, cacheWriteUnsplit: 800, output: 1_800 });
      sameMoney(sonnet.cost, '0.1188');
      // 0.1188 x 730 = 86.724
      sameMoney(sonnet.monthlyCost, '86.72');
      // Each write at its own TTL in the on-demand figure and the headline too (at 5 minutes all: 3.6 x 0.003
      // + 1.8 x 0.015 + 16.8 x 0.00375 = 0.1008, which the report no longer shows).
      sameMoney(scenario('on-demand').cost, '0.1188');
      sameMoney(json.summary.currentMonthlyCost, '86.72');
    }
    if (name === 'nightly-batch') {
      const [first, second] = json.callers;
      expect([first!.caller, second!.caller]).toEqual([NIGHTLY_JOB, DAYTIME_PERSON]);
      sameMoney(first!.batch.onDemandCost, '5.4');
      sameMoney(first!.batch.batchCost, '2.7');
      // 2.7 saved in 13 hours, x 730 / 13 = 151.615...
      sameMoney(first!.batch.monthlySavings, '151.62');
      expect(first!.batch.evidence.callerKind).toBe('job');
      sameMoney(second!.batch.batchCost, '0.4875');
      // On demand 5.4 + 0.975 = 6.375 over 13 hours: x 730 / 13 = 357.98...
      sameMoney(scenario('on-demand').cost, '6.375');
      sameMoney(json.summary.currentMonthlyCost, '357.98');
      // The table ranks the job above the person too.
      expect(out.table.indexOf('nightly-summaries-job')).toBeLessThan(out.table.indexOf('AWSReservedSSO_Developer'));
      expect(out.table.indexOf('nightly-summaries-job')).toBeGreaterThan(-1);
    }
  });
});
