import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';
import { anthropicBody, logRecord, SONNET_45, writeLogFolder } from './log-fixture.js';
import { logsCatalogDocument } from './logs-catalog.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** Two hours of Sonnet 4.5: one request above 200K input tokens, one cache write of each TTL, one nightly caller. */
const logs = writeLogFolder([
  logRecord({ requestId: 'long', timestamp: '2026-11-01T00:10:00Z', input: 230_000, output: 1_000 }),
  logRecord({ requestId: 'cached', timestamp: '2026-11-01T00:20:00Z', input: 2_000, output: 100, cacheWrite: 3_000, outputBody: anthropicBody(1_000, 2_000, 2_000, 100) }),
  logRecord({ requestId: 'job', timestamp: '2026-11-01T01:20:00Z', caller: 'arn:aws:sts::123456789012:assumed-role/etl-batch-role/run', input: 5_000, output: 500, requestMetadata: { team: 'data' } }),
]);

describe('analyze --invocation-logs', () => {
  it('alone: the logs are the usage, the long-context bound gives way to the exact count, and the JSON matches the schema', async () => {
    const { code, stdout, stderr } = await run('analyze', '--invocation-logs', logs, '--format', 'json');
    expect(stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const valid = validate(json);
    expect(ajv.errorsText(validate.errors), 'schema errors').toBe('No errors');
    expect(valid).toBe(true);
    const model = json.models.find((m: { modelId: string }) => m.modelId === SONNET_45);
    expect(model.requests).toMatchObject({ requests: 3, longContextRequests: 1, coverage: { complete: true, hours: 2 } });
    expect(model.requests.tokens).toMatchObject({ cacheWrite5m: 1_000, cacheWrite1h: 2_000 });
    const onDemand = model.scenarios.find((s: { mode: string }) => s.mode === 'on-demand');
    expect(onDemand.longContext).toBeUndefined();
    expect(onDemand.assumptions.join(' ')).toMatch(/invocation logs show 1 of 3 request\(s\) above 200,000 input tokens.*exact/);
    expect(json.callers.map((c: { caller: string }) => c.caller)).toContain('arn:aws:sts::123456789012:assumed-role/etl-batch-role/run');
    expect(json.invocationLogs).toMatchObject({ requests: 3, duplicates: 0 });
  });

  it('beside --input covering a longer window: the bound stays and the logs say which part they price', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-logs-cli-'));
    const csv = join(dir, 'usage.csv');
    writeFileSync(csv, ['timestamp,region,modelId,metric,value',
      ...['00', '01', '02', '03'].flatMap((h) => [`2026-11-01T${h}:00:00Z,us-east-1,${SONNET_45},InputTokenCount,240000`, `2026-11-01T${h}:00:00Z,us-east-1,${SONNET_45},OutputTokenCount,1500`, `2026-11-01T${h}:00:00Z,us-east-1,${SONNET_45},Invocations,3`])].join('\n'));
    // The test catalog: the built-in one has no long-context price for Sonnet 4.5 in us-east-1 (unpriced, never $0).
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify(logsCatalogDocument()));
    const { code, stdout } = await run('analyze', '--input', csv, '--invocation-logs', logs, '--catalog', catalog, '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const model = json.models.find((m: { modelId: string }) => m.modelId === SONNET_45);
    expect(model.requests.coverage).toMatchObject({ complete: false, hours: 2, windowHours: 4 });
    const onDemand = model.scenarios.find((s: { mode: string }) => s.mode === 'on-demand');
    expect(onDemand.longContext).toBeDefined();
    expect(onDemand.assumptions.join(' ')).toMatch(/for 2026-11-01T00:00:00Z to 2026-11-01T02:00:00Z; the bound above holds for the rest/);
    // Exact for the covered hours, at Sonnet 4.5's test prices (golden-cases.ts): the long request
    // 230 x 0.006 + 1 x 0.0225 = 1.4025; the cached one 2 x 0.003 + 0.1 x 0.015 + 1 x 0.00375 (5m) + 2 x 0.006 (1h)
    // = 0.02325; the job 5 x 0.003 + 0.5 x 0.015 = 0.0225: 1.44825. CloudWatch's two other hours at
    // standard rates: 480 x 0.003 + 3 x 0.015 = 1.485. CloudWatch's hours 00 and 01 are replaced, not added.
    expect(onDemand.cost).toBe('2.933250');
    // 2.93325 x 730 / 4 = 535.318125
    expect(onDemand.monthlyCost).toBe('535.32');
    expect(model.currentMonthlyCost).toBe('535.32');
    expect(json.summary.currentMonthlyCost).toBe('535.32');
    expect(model.usage).toMatchObject({ inputTokens: 480_000 + 237_000, outputTokens: 3_000 + 1_600, cacheWriteInputTokens: 3_000 });
    // The bound covers only the rest: both its points hold over 200K, so worst case they bill at
    // long-context rates (480 x 0.006 + 3 x 0.0225 = 2.9475) beside the exact 1.44825: 4.39575 x 182.5 = 802.224...
    expect(onDemand.longContext.worstCaseMonthlyCost).toBe('802.22');
  });

  it('shows a per-request section in the table, markdown and email formats', async () => {
    for (const format of ['table', 'markdown', 'email']) {
      const { code, stdout } = await run('analyze', '--invocation-logs', logs, '--format', format);
      expect(code).toBe(0);
      expect(stdout).toMatch(/per-request prices/i);
      expect(stdout).toMatch(/etl-batch-role/);
    }
  });

  it('exits 2 naming file, line and field of a bad record, and prints no report', async () => {
    const bad = writeLogFolder([logRecord({ requestId: 'a', timestamp: '2026-11-01T00:10:00Z', input: 1, output: 1 }), { ...logRecord({ requestId: 'b', timestamp: '2026-11-01T00:11:00Z', input: 1, output: 1 }), schemaVersion: '2.0' }]);
    const { code, stdout, stderr } = await run('analyze', '--invocation-logs', bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: .*\.json\.gz:2: field schemaVersion must be "1\.0", not "2\.0"\n$/);
  });

  it('refuses --invocation-logs with --sample, and an empty path', async () => {
    expect((await run('analyze', '--sample', '--invocation-logs', logs)).code).toBe(2);
    expect((await run('analyze', '--invocation-logs', '')).code).toBe(2);
  });
});
