import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvocationLogError, invocationLogReadOf, invocationLogReadOfCompact, sortedRows } from '../../src/logs/log-rows.js';
import { compactOf, hourRow } from './compact-fixture.js';
import { DUCKDB_TRINO_MACROS, invocationLogsSql } from '../../src/logs/logs-sql.js';
import { logFiles, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { queryRowObjects, withDuckDb } from '../../src/sql/duckdb.js';
import { ACCOUNT, anthropicBody, logRecord, SONNET_45, writeLogFolder } from './log-fixture.js';

/**
 * The local reader fetches the query's rows compact (a series' text once, every count a number); the
 * read it builds must be the one invocationLogReadOf builds from the same rows as objects, the form
 * Athena and the earlier reader give: the same hours, values, order, duplicates and first bad file.
 */

const invalidRow = fc.record({
  kind: fc.constant('invalid'),
  hour: fc.constant(null),
  account_id: fc.constant(ACCOUNT), region: fc.constant('us-east-1'), model_id: fc.constant(SONNET_45), caller: fc.constant('c'), tags: fc.constant('{}'),
  long_context_band: fc.constant(0), tier: fc.constant('standard'), inference_region: fc.constant('us-east-1'), streaming: fc.constant(0), errored: fc.constant(0),
  requests: fc.integer({ min: 1, max: 9 }).map(String),
  active_minutes: fc.constant('0'), input_tokens: fc.constant('0'), cache_read_tokens: fc.constant('0'), cache_write_5m_tokens: fc.constant('0'),
  cache_write_1h_tokens: fc.constant('0'), cache_write_unsplit_tokens: fc.constant('0'), output_tokens: fc.constant('0'), all_input_squared: fc.constant('0'),
  duplicates: fc.constant('0'),
  file: fc.constantFrom('/logs/a.json.gz', '/logs/b.json.gz'),
  bad_field: fc.constantFrom('timestamp', 'input.inputTokenCount'),
});

describe('the compact form of the invocation-log rows', () => {
  it('reads to the same hours, in the same order, with the same duplicates, as the rows as objects', () => {
    fc.assert(
      fc.property(fc.array(hourRow, { maxLength: 40 }), (rows) => {
        const compact = invocationLogReadOfCompact(compactOf(rows), 'd', 3);
        expect(compact).toEqual(invocationLogReadOf(rows, 'd', 3));
      }),
      { numRuns: 200 },
    );
  });

  it('names the same first bad file as the rows as objects, whatever the good rows beside it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hourRow, invalidRow), { maxLength: 12 }).filter((rows) => rows.some((r) => r.kind === 'invalid')), (rows) => {
        // The first bad row (in the rows' order) of the file first by name.
        const bad = rows.filter((r) => r.kind === 'invalid') as Array<{ file: string; bad_field: string; requests: string }>;
        const firstFile = bad.map((b) => b.file).sort((a, b) => a.localeCompare(b))[0];
        const first = bad.find((b) => b.file === firstFile)!;
        const read = invocationLogReadOfCompact(compactOf(rows), 'd', 1);
        expect(read).toEqual({ invalid: { file: first.file, field: first.bad_field, requests: first.requests } });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a count that is not a whole number, naming the column', () => {
    const row = fc.sample(hourRow, { numRuns: 1, seed: 1 })[0]!;
    for (const [column, value] of [['output_tokens', '1.5'], ['requests', '-1'], ['input_tokens', String(2 ** 53)]] as const) {
      expect(() => invocationLogReadOfCompact(compactOf([{ ...row, [column]: value }]), 'd', 1)).toThrow(new InvocationLogError(`invocation-log aggregate: ${column} is not a whole number (${Number(value)})`));
    }
  });

  it('refuses a row whose series has no text, and an hour row without its hour', () => {
    const row = fc.sample(hourRow, { numRuns: 1, seed: 2 })[0]!;
    const compact = compactOf([row]);
    expect(() => invocationLogReadOfCompact({ ...compact, series: [] }, 'd', 1)).toThrow(/series 0 has no text/);
    expect(() => invocationLogReadOfCompact({ ...compact, hourOf: [null] }, 'd', 1)).toThrow(/hour is not YYYYMMDDHH/);
  });
});

describe('the order of the compact rows', () => {
  // Rows 0-5 with ranks 2, 0, 2, 1, 0, 1; row 5 is not kept. By rank, ties in index order: 1, 4 (rank
  // 0), 3 (rank 1), 0, 2 (rank 2).
  const rank = [2, 0, 2, 1, 0, 1];
  const kept = [0, 1, 2, 3, 4];
  it('sorts by rank, ties by index, as numbers', () => {
    expect(Array.from(sortedRows(kept, 6, (i) => rank[i]!, 3))).toEqual([1, 4, 3, 0, 2]);
  });
  it('gives the same order with a comparator when rank x rows would pass 2^53', () => {
    expect(Array.from(sortedRows(kept, 6, (i) => rank[i]!, 2 ** 53))).toEqual([1, 4, 3, 0, 2]);
  });
});

describe('the local reader', () => {
  it('gives the read invocationLogReadOf gives over the same query\'s rows as objects', async () => {
    const T = (h: number, m: number) => `2026-11-02T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
    const twice = logRecord({ requestId: 'twice', timestamp: T(10, 1), input: 300_000, output: 9, cacheWrite: 300, outputBody: anthropicBody(100, 200, 300_000, 9) });
    const records = [
      twice, twice,
      ...Array.from({ length: 30 }, (_, i) => logRecord({
        requestId: `r${i}`, timestamp: T(9 + (i % 3), i), input: 1000 * i, output: i, cacheRead: i % 4,
        caller: `arn:aws:sts::${ACCOUNT}:assumed-role/app-${i % 4}/s`, requestMetadata: i % 2 ? { team: `t${i % 3}`, env: 'prod' } : undefined,
        operation: i % 5 ? 'InvokeModel' : 'InvokeModelWithResponseStream', modelId: i % 7 ? SONNET_45 : `us.${SONNET_45}`,
        inferenceRegion: i % 6 ? undefined : 'us-west-2',
      })),
      logRecord({ requestId: 'err', timestamp: T(11, 59), errorCode: 'ThrottlingException' }),
    ];
    const dir = writeLogFolder(records);
    const thresholds = [200_000, 272_000];
    const files = await logFiles(dir);
    const rows = await withDuckDb(async (connection) => {
      for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
      return queryRowObjects(connection, invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: thresholds }));
    });
    const read = await readInvocationLogs(dir, { longContextThresholds: thresholds });
    expect(read.hours.length).toBeGreaterThan(10);
    expect(read.duplicates).toBe(1);
    expect(read).toEqual(invocationLogReadOf(rows, read.description, files.length));
  });
});
