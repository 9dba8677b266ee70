import { adviceText } from '../../src/report/advice-text.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { priceRequests, modelKey } from '../../src/logs/price-requests.js';
import { readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { ModelResolver } from '../../src/usage/resolve.js';
import { DAYTIME_PERSON, LONG_CONTEXT_RECORDS, NIGHTLY_JOB, nightlyBatchRecords, TTL_MIX_RECORDS } from './golden-cases.js';
import { logRecord, SONNET_45, writeLogFolder, type RecordSpec } from './log-fixture.js';
import { logsCatalog } from './logs-catalog.js';

/**
 * Per-request prices in the engine (the three golden cases' records are in golden-cases.ts, their
 * report goldens in golden-reports.test.ts). Every expected figure is worked by hand from the per-1K prices in
 * logs-catalog.ts (input 0.003, output 0.015, cache read 0.0003, cache write 5m 0.00375 / 1h 0.006;
 * above 200K: input 0.006, output 0.0225, cache read 0.0006; batch 0.0015 / 0.0075).
 */
const HOUR = 3_600_000;
const catalog = logsCatalog();

async function priced(records: RecordSpec[], window?: { start: string; hours: number }) {
  const read = await readInvocationLogs(writeLogFolder(records.map(logRecord)), { longContextThresholds: [200_000] });
  const start = Date.parse(window?.start ?? '2026-11-02T10:00:00Z');
  return priceRequests(read, {
    catalog,
    resolver: new ModelResolver(undefined, (id) => catalog.canonicalId(id)),
    window: { start, end: start + (window?.hours ?? 1) * HOUR },
    perAccount: false,
  });
}
const sonnet = modelKey(undefined, SONNET_45, 'us-east-1', 'in-region');

describe('per-request prices', () => {
  it('golden: long-context requests priced exactly, the request at the threshold not', async () => {
    // Figures worked by hand in golden-cases.ts.
    const result = await priced(LONG_CONTEXT_RECORDS);
    const m = result.models.get(sonnet)!;
    expect(m.requests).toBe(3);
    expect(m.longContextRequests).toBe(2);
    expect(m.cost!.toFixed()).toBe('2.799006');
    const long = m.classes.find((c) => c.longContext)!;
    expect(long.cost!.toFixed()).toBe(new Decimal('0.981').plus('1.202256').toFixed());
    expect(long.lines.map((l) => l.dimension.code).sort()).toEqual(['longContextCacheRead', 'longContextInput', 'longContextOutput']);
    expect(m.coverage.complete).toBe(true);
    // One hour priced, scaled to 730: 2.799006 x 730 = 2043.27438
    expect(m.monthlyCost!.toFixed()).toBe('2043.27438');
  });

  it('golden: a 5m / 1h mix from the three body shapes, and writes of unknown TTL at the 5-minute rate', async () => {
    const result = await priced(TTL_MIX_RECORDS);
    const m = result.models.get(sonnet)!;
    // 5m: 2,000 + 0 + 6,000; 1h: 3,000 + 4,000 + 1,000; unknown: 800
    expect(m.tokens).toEqual({ input: 3_600, cacheRead: 0, cacheWrite5m: 8_000, cacheWrite1h: 8_000, cacheWriteUnsplit: 800, output: 1_800 });
    // 3.6 x 0.003 + 1.8 x 0.015 + 8 x 0.00375 + 8 x 0.006 + 0.8 x 0.00375 = 0.0108 + 0.027 + 0.03 + 0.048 + 0.003
    expect(m.cost!.toFixed()).toBe('0.1188');
    expect(m.assumptions.map(adviceText).join(' ')).toMatch(/800 cache-write tokens have no TTL/);
  });

  it('golden: a nightly job is ranked first for batch, with its evidence; a person last', async () => {
    const [job, person] = [NIGHTLY_JOB, DAYTIME_PERSON];
    const records = nightlyBatchRecords();
    const result = await priced(records, { start: '2026-11-02T02:00:00Z', hours: 13 });
    const [first, second] = result.callers;
    expect(first!.caller).toBe(job);
    // On demand: 1,200 x 0.003 + 120 x 0.015 = 5.4; batch: 1,200 x 0.0015 + 120 x 0.0075 = 2.7
    expect(first!.batch.onDemandCost!.toFixed()).toBe('5.4');
    expect(first!.batch.batchCost!.toFixed()).toBe('2.7');
    // 2.7 over 13 hours x 730 / 13
    expect(first!.batch.monthlySavings!.toFixed(6)).toBe(new Decimal('2.7').times(730).dividedBy(13).toFixed(6));
    const e = first!.batch.evidence;
    expect([e.nonStreamingShare, e.offHoursShare, e.requestsPerActiveMinute, e.inputSizeVariation, e.callerKind]).toEqual([1, 1, 60, 0, 'job']);
    expect(e.signals.map(adviceText).join(' | ')).toMatch(/do not stream.*off hours.*bursts.*alike.*job/);
    expect(second!.caller).toBe(person);
    // 200 x 0.003 + 25 x 0.015 = 0.975 on demand, half at batch
    expect(second!.batch.onDemandCost!.toFixed()).toBe('0.975');
    expect(second!.batch.evidence.callerKind).toBe('person');
    expect(second!.batch.evidence.signals.map(adviceText).join(' ')).toMatch(/against: the caller is a person/);
  });

  it('a caller\'s cost is the sum of its classes, and the callers add up to the models', async () => {
    const result = await priced([
      { requestId: 'a', timestamp: '2026-11-02T10:01:00Z', caller: 'arn:aws:iam::123456789012:user/bob', input: 250_000, output: 10 },
      { requestId: 'b', timestamp: '2026-11-02T10:02:00Z', caller: 'arn:aws:iam::123456789012:user/bob', input: 1_000, output: 10, requestMetadata: { team: 'x' } },
      { requestId: 'c', timestamp: '2026-11-02T10:03:00Z', input: 3_000, output: 30 },
    ]);
    const models = [...result.models.values()].reduce((d, m) => d.plus(m.cost!), new Decimal(0));
    const callers = result.callers.reduce((d, c) => d.plus(c.cost!), new Decimal(0));
    expect(callers.toFixed()).toBe(models.toFixed());
    expect(result.callers).toHaveLength(3);
  });

  it('says which part of the window the logs cover, and prices nothing outside it', async () => {
    const result = await priced([
      { requestId: 'in', timestamp: '2026-11-02T11:30:00Z', input: 1_000, output: 1 },
      { requestId: 'out', timestamp: '2026-11-03T11:30:00Z', input: 1_000, output: 1 },
    ], { start: '2026-11-02T10:00:00Z', hours: 24 });
    const m = result.models.get(sonnet)!;
    expect(m.coverage).toMatchObject({ start: '2026-11-02T11:00:00Z', end: '2026-11-02T12:00:00Z', hours: 1, windowHours: 24, complete: false });
    expect(result.summary.outsideWindow).toBe(1);
    expect(m.assumptions.map(adviceText).join(' ')).toMatch(/cover 2026-11-02T11:00:00Z to 2026-11-02T12:00:00Z \(1 of 24 hours\)/);
  });

  it('leaves an application profile it cannot resolve unpriced, never $0', async () => {
    const profile = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz';
    const result = await priced([{ requestId: 'p', timestamp: '2026-11-02T10:01:00Z', modelId: profile, input: 1_000, output: 1 }]);
    expect(result.models.size).toBe(0);
    expect(result.summary.unresolved).toEqual([{ modelId: profile, region: 'us-east-1', requests: 1, reason: { says: 'profile-unresolved' } }]);
    expect(adviceText(result.summary.unresolved[0]!.reason)).toMatch(/application inference profile could not be resolved to a model/);
  });
});
