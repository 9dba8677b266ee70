import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { priceRequests, modelKey } from '../../src/logs/price-requests.js';
import { readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { ModelResolver } from '../../src/usage/resolve.js';
import { anthropicBody, converseBody, logRecord, SONNET_45, streamedBody, writeLogFolder, type RecordSpec } from './log-fixture.js';
import { logsCatalog } from './logs-catalog.js';

/**
 * Goldens for per-request prices. Every expected figure is worked by hand from the per-1K prices in
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
    const result = await priced([
      // 150,000 + 60,000 read = 210,000 > 200K: 150 x 0.006 + 60 x 0.0006 + 2 x 0.0225 = 0.9 + 0.036 + 0.045 = 0.981
      { requestId: 'lc-1', timestamp: '2026-11-02T10:05:00Z', input: 150_000, cacheRead: 60_000, output: 2_000 },
      // 199,000 + 1,000 written = 200,000, not above: 199 x 0.003 + 1 x 0.00375 + 1 x 0.015 = 0.597 + 0.00375 + 0.015 = 0.61575
      { requestId: 'at-threshold', timestamp: '2026-11-02T10:06:00Z', input: 199_000, cacheWrite: 1_000, output: 1_000, outputBody: anthropicBody(1_000, 0, 199_000, 1_000) },
      // 200,001 > 200K: 200.001 x 0.006 + 0.1 x 0.0225 = 1.200006 + 0.00225 = 1.202256
      { requestId: 'lc-2', timestamp: '2026-11-02T10:07:00Z', input: 200_001, output: 100 },
    ]);
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
    const result = await priced([
      { requestId: 'invoke', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 500, cacheWrite: 5_000, outputBody: anthropicBody(2_000, 3_000, 1_000, 500) },
      { requestId: 'stream', timestamp: '2026-11-02T10:02:00Z', operation: 'InvokeModelWithResponseStream', input: 2_000, output: 1_000, cacheWrite: 4_000, outputBody: streamedBody(0, 4_000, 2_000, 1_000) },
      { requestId: 'converse', timestamp: '2026-11-02T10:03:00Z', operation: 'Converse', input: 500, output: 250, cacheWrite: 7_000,
        outputBody: converseBody([{ ttl: '1h', inputTokens: 1_000 }, { ttl: '5m', inputTokens: 6_000 }], 500, 250) },
      { requestId: 'no-body', timestamp: '2026-11-02T10:04:00Z', input: 100, output: 50, cacheWrite: 800 },
    ]);
    const m = result.models.get(sonnet)!;
    // 5m: 2,000 + 0 + 6,000; 1h: 3,000 + 4,000 + 1,000; unknown: 800
    expect(m.tokens).toEqual({ input: 3_600, cacheRead: 0, cacheWrite5m: 8_000, cacheWrite1h: 8_000, cacheWriteUnsplit: 800, output: 1_800 });
    // 3.6 x 0.003 + 1.8 x 0.015 + 8 x 0.00375 + 8 x 0.006 + 0.8 x 0.00375 = 0.0108 + 0.027 + 0.03 + 0.048 + 0.003
    expect(m.cost!.toFixed()).toBe('0.1188');
    expect(m.assumptions.join(' ')).toMatch(/800 cache-write tokens have no TTL/);
  });

  it('golden: a nightly job is ranked first for batch, with its evidence; a person last', async () => {
    const job = 'arn:aws:sts::123456789012:assumed-role/nightly-summaries-job/run-1';
    const person = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0a1b2c/alice@example.com';
    const records: RecordSpec[] = [];
    // 120 alike requests at 02:00-02:01 UTC on a Monday, not streamed.
    for (let i = 0; i < 120; i++) records.push({ requestId: `job-${i}`, timestamp: `2026-11-02T02:0${i % 2}:${String(i % 60).padStart(2, '0')}Z`, caller: job, input: 10_000, output: 1_000 });
    // 50 streamed requests in working hours, one a minute.
    for (let i = 0; i < 50; i++) records.push({ requestId: `chat-${i}`, timestamp: `2026-11-02T14:${String(i).padStart(2, '0')}:00Z`, caller: person, operation: 'ConverseStream', input: 4_000, output: 500 });
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
    expect(e.signals.join(' | ')).toMatch(/do not stream.*off hours.*bursts.*alike.*job/);
    expect(second!.caller).toBe(person);
    // 200 x 0.003 + 25 x 0.015 = 0.975 on demand, half at batch
    expect(second!.batch.onDemandCost!.toFixed()).toBe('0.975');
    expect(second!.batch.evidence.callerKind).toBe('person');
    expect(second!.batch.evidence.signals.join(' ')).toMatch(/against: the caller is a person/);
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
    expect(m.assumptions.join(' ')).toMatch(/cover 2026-11-02T11:00:00Z to 2026-11-02T12:00:00Z \(1 of 24 hours\)/);
  });

  it('leaves an application profile it cannot resolve unpriced, never $0', async () => {
    const profile = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz';
    const result = await priced([{ requestId: 'p', timestamp: '2026-11-02T10:01:00Z', modelId: profile, input: 1_000, output: 1 }]);
    expect(result.models.size).toBe(0);
    expect(result.summary.unresolved).toEqual([{ modelId: profile, region: 'us-east-1', requests: 1, reason: expect.stringMatching(/application inference profile/) }]);
  });
});
