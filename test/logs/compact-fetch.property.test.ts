import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DuckDBListVector, DuckDBStructVector, DuckDBVector } from '@duckdb/node-api';
import { COUNT_COLUMNS, InvocationLogError, invocationLogReadOf, invocationLogReadOfCompact } from '../../src/logs/log-rows.js';
import { compactRows, copyDoubles, doublesOf } from '../../src/logs/read-invocation-logs.js';
import { queryRowObjects, withDuckDb } from '../../src/sql/duckdb.js';

/**
 * The local reader fetches the query's counts as DOUBLEs copied straight from DuckDB's vectors
 * (compactRows, copyDoubles). The query gives its sums as text because a sum can pass 2^53: read as
 * objects (queryRowObjects, invocationLogReadOf, the form Athena's rows take), a count above
 * Number.MAX_SAFE_INTEGER is refused, never rounded. The compact fetch must give the same read for the
 * same rows, or refuse the same rows: here the rows are written by hand as the query's output (texts
 * of any whole number up to 2^64, zero, NULL), so no log record has to sum past 2^53.
 */

const sqlText = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

type Row = { hour: string; model: string; caller: string; band: number; streaming: number; counts: Array<string | null> };

/** The rows as the query's output: every column it gives, the counts as VARCHAR. */
function rowsSql(rows: Row[]): string {
  const columns = ['kind', 'hour', 'account_id', 'region', 'model_id', 'caller', 'tags', 'long_context_band', 'tier', 'inference_region', 'streaming', 'errored', ...COUNT_COLUMNS, 'file', 'bad_field'];
  if (rows.length === 0) return `SELECT ${columns.map((c) => `CAST(NULL AS VARCHAR) AS ${c}`).join(', ')} WHERE false`;
  const values = rows.map((r) =>
    `('hour', ${sqlText(r.hour)}, '123456789012', 'us-east-1', ${sqlText(r.model)}, ${sqlText(r.caller)}, '{"team":"a"}', ${r.band}, 'standard', 'us-east-1', ${r.streaming}, 0, ${r.counts.map((c) => `CAST(${sqlText(c)} AS VARCHAR)`).join(', ')}, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR))`);
  return `SELECT * FROM (VALUES ${values.join(', ')}) AS t(${columns.join(', ')})`;
}

/** A whole number's text: small, at and around 2^53, up to 2^64; or NULL (read as 0). */
const wholeText = fc.oneof(
  { arbitrary: fc.constantFrom('0', '1', String(2 ** 53 - 1), String(2 ** 53), '9007199254740993', '18446744073709551615'), weight: 2 },
  { arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 1e9 }).map(String), weight: 30 },
  { arbitrary: fc.constant(null), weight: 2 },
);
const squaresText = fc.oneof(fc.double({ min: 0, max: 1e30, noNaN: true }).map(String), fc.constant('0'));
const row: fc.Arbitrary<Row> = fc.record({
  hour: fc.constantFrom('2026-11-02T09', '2026-11-02T10', '2027-01-01T00'),
  model: fc.constantFrom('anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-lite-v1:0'),
  caller: fc.constantFrom('arn:aws:sts::1:assumed-role/a/s', 'arn:aws:sts::1:assumed-role/b/s'),
  band: fc.constantFrom(0, 200000),
  streaming: fc.constantFrom(0, 1),
  // The duplicates are summed over the rows as numbers, in the rows' order (each read's own): records
  // delivered twice, far below 2^53, where any order gives the same sum.
  counts: fc.tuple(...COUNT_COLUMNS.map((c) => (c === 'all_input_squared' ? squaresText : c === 'duplicates' ? fc.integer({ min: 0, max: 1e6 }).map(String) : wholeText))),
});

/** The read, or the fact that it was refused (an InvocationLogError). */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvocationLogError) return 'refused';
    throw error;
  }
}

describe('the compact fetch of the counts', () => {
  it('reads every whole number up to 2^53 - 1 exactly and refuses one above, as the rows read as objects do', async () => {
    await withDuckDb(async (connection) => {
      await fc.assert(
        fc.asyncProperty(fc.array(row, { maxLength: 6 }), async (rows) => {
          const sql = rowsSql(rows);
          const asObjects = await queryRowObjects(connection, sql);
          const compact = await compactRows(connection, sql);
          const expected = outcome(() => invocationLogReadOf(asObjects, 'd', 1));
          expect(outcome(() => invocationLogReadOfCompact(compact, 'd', 1))).toEqual(expected);
          // A count is refused exactly when one of the rows holds a text above 2^53 - 1 (NULL is 0).
          const tooLarge = rows.some((r) => r.counts.some((c, k) => COUNT_COLUMNS[k] !== 'all_input_squared' && COUNT_COLUMNS[k] !== 'duplicates' && c !== null && BigInt(c) > BigInt(Number.MAX_SAFE_INTEGER)));
          expect(expected === 'refused').toBe(tooLarge);
        }),
        { numRuns: 80 },
      );
    });
  });

  it('gives 2^53 - 1, zero and NULL (as 0) exactly, and an empty result as no hours', async () => {
    await withDuckDb(async (connection) => {
      const counts = COUNT_COLUMNS.map((c) => (c === 'input_tokens' ? String(2 ** 53 - 1) : c === 'output_tokens' ? null : '0'));
      const read = invocationLogReadOfCompact(await compactRows(connection, rowsSql([{ hour: '2026-11-02T09', model: 'm', caller: 'c', band: 0, streaming: 0, counts }])), 'd', 1);
      expect('hours' in read && read.hours.map((h) => [h.inputTokens, h.outputTokens, h.requests])).toEqual([[9007199254740991, 0, 0]]);
      expect(invocationLogReadOfCompact(await compactRows(connection, rowsSql([])), 'd', 0)).toEqual({ description: 'd', files: 0, hours: [], duplicates: 0 });
    });
  });
});

describe('copying a DOUBLE vector', () => {
  it('copies straight from the vector DuckDB gives (@duckdb/node-api keeps its items in a Float64Array), the same values as getItem', async () => {
    await withDuckDb(async (connection) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (lists) => {
          const sql = lists.map((l, i) => `SELECT ${i} AS n, [${l.map((v) => `struct_pack(v := CAST('${v}' AS DOUBLE))`).join(', ')}]::STRUCT(v DOUBLE)[] AS l`).join(' UNION ALL ');
          const result = await connection.run(`SELECT l FROM (${sql}) ORDER BY n`);
          const got: number[][] = [];
          for (let c = 0; c < result.chunkCount; c++) {
            const chunk = result.getChunk(c);
            const list = chunk.getColumnVector(0) as DuckDBListVector;
            const values = (list.childVector as DuckDBStructVector).entryVectorAt(0) as DuckDBVector<number | null>;
            if (list.childVector.itemCount > 0) expect(doublesOf(values)).toBeInstanceOf(Float64Array);
            for (let r = 0; r < chunk.rowCount; r++) {
              const into = new Float64Array(list.getEntryLength(r) + 2);
              copyDoubles(values, list.getEntryOffset(r), list.getEntryLength(r), into, 1);
              const oneByOne = Array.from({ length: list.getEntryLength(r) }, (_, i) => values.getItem(list.getEntryOffset(r) + i));
              expect(Array.from(into)).toEqual([0, ...oneByOne, 0]);
              got.push(Array.from(into.subarray(1, -1)));
            }
          }
          expect(got).toEqual(lists.map((l) => l.map((v) => Number(String(v)))));
        }),
        { numRuns: 40 },
      );
    });
  });

  it('reads one by one a vector that has no array of its own', () => {
    const values = [1.5, 2 ** 53 - 1, 0, -3];
    const vector = { itemCount: values.length, getItem: (i: number) => values[i] ?? null } as unknown as DuckDBVector<number | null>;
    expect(doublesOf(vector)).toBeUndefined();
    const into = new Float64Array(3);
    copyDoubles(vector, 1, 3, into, 0);
    expect(Array.from(into)).toEqual([2 ** 53 - 1, 0, -3]);
  });
});
