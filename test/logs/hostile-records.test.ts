import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/logs/record-check.js';
import { InvocationLogError, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { logKey, logRecord, writeLogFolder } from './log-fixture.js';

/**
 * Hostile records: each run takes valid records and overwrites fields with any JSON value. The reader
 * must either read them all, summing exactly the tokens of the records (each once), or refuse with an
 * InvocationLogError naming a file; and it refuses exactly when a record fails the record check.
 */
const FIELDS = [
  ['schemaType'], ['schemaVersion'], ['timestamp'], ['accountId'], ['region'], ['requestId'], ['operation'], ['modelId'],
  ['identity', 'arn'], ['requestMetadata'], ['errorCode'], ['input', 'inputTokenCount'], ['input', 'cacheReadInputTokenCount'],
  ['input', 'cacheWriteInputTokenCount'], ['output', 'outputTokenCount'], ['output', 'outputBodyJson'], ['identity'], ['input'],
] as const;

const hostileValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.constantFrom(0, 1e15, 2 ** 53, 1.5, -1),
  fc.string({ maxLength: 8 }), fc.constantFrom('', '1.0', 'ModelInvocationLog', '2026-11-02T10:00:00Z', '123456789012', 'us-east-1', '12', '00012'),
  fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
  fc.constant({ usage: { cache_creation: { ephemeral_5m_input_tokens: -1 } } }),
  fc.constant({ usage: { cacheDetails: [{ ttl: '2h', inputTokens: 5 }] } }),
  fc.constant([{ type: 'message_start', message: { usage: { cache_creation: { ephemeral_1h_input_tokens: 'many' } } } }]),
);

function setPath(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = record;
  for (const key of path.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object' || Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path.at(-1)!] = value;
}

const mutation = fc.record({ record: fc.nat({ max: 2 }), field: fc.constantFrom(...FIELDS), value: hostileValue });

describe('hostile invocation-log records', () => {
  it('are read exactly or refused with the file named, and refused exactly when a record check fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const records = [0, 1, 2].map((i) => logRecord({ requestId: `r${i}`, timestamp: `2026-11-02T10:0${i}:00Z`, input: 100 * (i + 1), output: 10 }));
        for (const m of mutations) setPath(records[m.record]!, m.field, m.value);
        // One object holds the three records, whatever their fields now say.
        const dir = writeLogFolder([], { extra: { [logKey('us-east-1', '2026-11-02T10:00:00Z', 'hostile.json.gz')]: `${records.map((r) => JSON.stringify(r)).join('\n')}\n` } });
        const expectedBad = records.some((r) => checkRecord(JSON.parse(JSON.stringify(r))) !== undefined);
        const result = await readInvocationLogs(dir, { longContextThresholds: [200_000] }).then((read) => ({ read }), (error: unknown) => ({ error }));
        if ('error' in result) {
          expect(result.error).toBeInstanceOf(InvocationLogError);
          expect((result.error as Error).message).toMatch(/\.json\.gz/);
          expect(expectedBad).toBe(true);
        } else {
          expect(expectedBad).toBe(false);
          const ids = new Set(records.map((r) => String(r.requestId)));
          expect(result.read.hours.reduce((n, h) => n + h.requests, 0)).toBe(ids.size);
          // Each distinct request once: where every copy of an ID counts the same input, that count, once.
          const inputsById = new Map<string, Set<number>>();
          for (const r of records) {
            const count = Number((r.input as { inputTokenCount?: unknown } | undefined)?.inputTokenCount ?? 0);
            inputsById.set(String(r.requestId), (inputsById.get(String(r.requestId)) ?? new Set()).add(count));
          }
          if ([...inputsById.values()].every((s) => s.size === 1)) {
            const expected = [...inputsById.values()].reduce((n, s) => n + [...s][0]!, 0);
            expect(result.read.hours.reduce((n, h) => n + h.inputTokens, 0)).toBe(expected);
          }
        }
      }),
      { numRuns: 30, seed: 19 },
    );
  });
});
