import { anthropicBody, converseBody, streamedBody, type RecordSpec } from './log-fixture.js';

/**
 * The records of the three per-request goldens (issue 19): long-context requests priced exactly, a
 * 5m / 1h cache-write mix, a nightly job ranked first for batch. Both the engine tests
 * (price-requests.test.ts) and the report goldens (golden-reports.test.ts) read these, and each
 * asserts the figures worked by hand in the comments, at Claude Sonnet 4.5's per-1K prices
 * (input 0.003, output 0.015, cache read 0.0003, cache write 5m 0.00375 / 1h 0.006; above 200K:
 * input 0.006, output 0.0225, cache read 0.0006; batch 0.0015 / 0.0075).
 */

/** Three requests in one hour: two above 200K input tokens (total 2.799006), one exactly at it. */
export const LONG_CONTEXT_RECORDS: RecordSpec[] = [
  // 150,000 + 60,000 read = 210,000 > 200K: 150 x 0.006 + 60 x 0.0006 + 2 x 0.0225 = 0.9 + 0.036 + 0.045 = 0.981
  { requestId: 'lc-1', timestamp: '2026-11-02T10:05:00Z', input: 150_000, cacheRead: 60_000, output: 2_000 },
  // 199,000 + 1,000 written = 200,000, not above: 199 x 0.003 + 1 x 0.00375 + 1 x 0.015 = 0.597 + 0.00375 + 0.015 = 0.61575
  { requestId: 'at-threshold', timestamp: '2026-11-02T10:06:00Z', input: 199_000, cacheWrite: 1_000, output: 1_000, outputBody: anthropicBody(1_000, 0, 199_000, 1_000) },
  // 200,001 > 200K: 200.001 x 0.006 + 0.1 x 0.0225 = 1.200006 + 0.00225 = 1.202256
  { requestId: 'lc-2', timestamp: '2026-11-02T10:07:00Z', input: 200_001, output: 100 },
];

/**
 * Cache writes split by the three body shapes, and one write with no body (priced at the 5-minute rate).
 * 5m: 2,000 + 0 + 6,000 = 8,000; 1h: 3,000 + 4,000 + 1,000 = 8,000; no TTL: 800; input 3,600; output 1,800.
 * 3.6 x 0.003 + 1.8 x 0.015 + 8 x 0.00375 + 8 x 0.006 + 0.8 x 0.00375 = 0.0108 + 0.027 + 0.03 + 0.048 + 0.003 = 0.1188
 */
export const TTL_MIX_RECORDS: RecordSpec[] = [
  { requestId: 'invoke', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 500, cacheWrite: 5_000, outputBody: anthropicBody(2_000, 3_000, 1_000, 500) },
  { requestId: 'stream', timestamp: '2026-11-02T10:02:00Z', operation: 'InvokeModelWithResponseStream', input: 2_000, output: 1_000, cacheWrite: 4_000, outputBody: streamedBody(0, 4_000, 2_000, 1_000) },
  { requestId: 'converse', timestamp: '2026-11-02T10:03:00Z', operation: 'Converse', input: 500, output: 250, cacheWrite: 7_000,
    outputBody: converseBody([{ ttl: '1h', inputTokens: 1_000 }, { ttl: '5m', inputTokens: 6_000 }], 500, 250) },
  { requestId: 'no-body', timestamp: '2026-11-02T10:04:00Z', input: 100, output: 50, cacheWrite: 800 },
];

export const NIGHTLY_JOB = 'arn:aws:sts::123456789012:assumed-role/nightly-summaries-job/run-1';
export const DAYTIME_PERSON = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0a1b2c/alice@example.com';

/**
 * 13 hours (02:00-15:00 UTC, Monday 2026-11-02). The job: 120 alike requests at 02:00-02:01, not
 * streamed, 10,000 in / 1,000 out each: on demand 1,200 x 0.003 + 120 x 0.015 = 5.4, batch
 * 1,200 x 0.0015 + 120 x 0.0075 = 2.7. The person: 50 streamed requests in working hours, one a
 * minute, 4,000 in / 500 out: 200 x 0.003 + 25 x 0.015 = 0.975 on demand, 0.4875 at batch.
 */
export function nightlyBatchRecords(): RecordSpec[] {
  const records: RecordSpec[] = [];
  for (let i = 0; i < 120; i++) records.push({ requestId: `job-${i}`, timestamp: `2026-11-02T02:0${i % 2}:${String(i % 60).padStart(2, '0')}Z`, caller: NIGHTLY_JOB, input: 10_000, output: 1_000 });
  for (let i = 0; i < 50; i++) records.push({ requestId: `chat-${i}`, timestamp: `2026-11-02T14:${String(i).padStart(2, '0')}:00Z`, caller: DAYTIME_PERSON, operation: 'ConverseStream', input: 4_000, output: 500 });
  return records;
}
