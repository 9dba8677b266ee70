import fc from 'fast-check';
import { COUNT_COLUMNS, SERIES_COLUMNS, type CompactLogRows } from '../../src/logs/log-rows.js';
import { ACCOUNT, SONNET_45 } from './log-fixture.js';

/**
 * The invocation-log query's rows as objects (as DuckDB's to_json or Athena give them) and in the
 * compact form the local reader fetches them in, for the tests of the compact reader and of what is
 * built from its read.
 */

/** The rows as objects, as DuckDB's to_json or Athena give them (every count a text). */
export type Row = Record<string, unknown>;

/** The same rows in the compact form: series numbered in order of first sight, the hour as YYYYMMDDHH. */
export function compactOf(rows: Row[]): CompactLogRows {
  const numbers = new Map<string, number>();
  const series: string[] = [];
  const seriesOf: number[] = [];
  const hourOf: Array<number | null> = [];
  for (const r of rows) {
    const text = JSON.stringify(Object.fromEntries(SERIES_COLUMNS.map((c) => [c, r[c] ?? null])));
    let n = numbers.get(text);
    if (n === undefined) numbers.set(text, (n = series.push(text) - 1));
    seriesOf.push(n);
    hourOf.push(r.hour === null ? null : Number(String(r.hour).replace(/[-T]/g, '')));
  }
  const counts = COUNT_COLUMNS.map((c) => rows.map((r) => (r[c] === null || r[c] === undefined ? null : Number(r[c]))));
  return { series, seriesOf, hourOf, counts };
}

export const hourRow = fc.record({
  kind: fc.constant('hour'),
  hour: fc.constantFrom('2026-11-02T09', '2026-11-02T10', '2026-12-31T23', '2027-01-01T00'),
  account_id: fc.constantFrom(ACCOUNT, '210987654321'),
  region: fc.constantFrom('us-east-1', 'eu-west-1'),
  model_id: fc.constantFrom(SONNET_45, `us.${SONNET_45}`, 'amazon.nova-lite-v1:0'),
  caller: fc.constantFrom('arn:aws:sts::1:assumed-role/a/s', 'arn:aws:sts::1:assumed-role/b/s', 'arn:aws:sts::1:assumed-role/a|b/s'),
  tags: fc.constantFrom('{}', '{"team":"a"}', '{"env":"prod","team":"a"}', '{"team":"a","env":"prod"}', '{"n":1}'),
  long_context_band: fc.constantFrom(0, 200000, 1000000),
  tier: fc.constantFrom('standard', 'priority', 'flex'),
  inference_region: fc.constantFrom('us-east-1', 'us-west-2'),
  streaming: fc.constantFrom(0, 1),
  errored: fc.constantFrom(0, 1),
  requests: fc.integer({ min: 1, max: 1e6 }).map(String),
  active_minutes: fc.integer({ min: 1, max: 60 }).map(String),
  input_tokens: fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constant(2 ** 53 - 1)).map(String),
  cache_read_tokens: fc.integer({ min: 0, max: 1e9 }).map(String),
  cache_write_5m_tokens: fc.integer({ min: 0, max: 1e9 }).map(String),
  cache_write_1h_tokens: fc.integer({ min: 0, max: 1e9 }).map(String),
  cache_write_unsplit_tokens: fc.integer({ min: 0, max: 1e9 }).map(String),
  output_tokens: fc.integer({ min: 0, max: 1e9 }).map(String),
  all_input_squared: fc.double({ min: 0, max: 1e30, noNaN: true }).map(String),
  duplicates: fc.integer({ min: 0, max: 5 }).map(String),
  file: fc.constant(null),
  bad_field: fc.constant(null),
});

/**
 * Rows of a few series (each row of a series its fields, with its own hour and counts), so that series
 * have several rows, as the logs' rows repeat a series hour after hour.
 */
export const seriesRows = (maxLength: number) =>
  fc.array(hourRow, { minLength: 1, maxLength: 4 }).chain((series) =>
    fc.array(fc.tuple(fc.nat({ max: series.length - 1 }), hourRow), { minLength: 1, maxLength }).map((picks) => {
      // Each (series, hour) once, as the query gives them.
      const seen = new Set<string>();
      return picks
        .map(([s, counts]) => ({ ...counts, ...Object.fromEntries(SERIES_FIELDS.map((k) => [k, series[s]![k]])) }))
        .filter((r) => !seen.has(`${JSON.stringify(SERIES_FIELDS.map((k) => r[k]))}|${r.hour}`) && seen.add(`${JSON.stringify(SERIES_FIELDS.map((k) => r[k]))}|${r.hour}`));
    }),
  );
const SERIES_FIELDS = ['account_id', 'region', 'model_id', 'caller', 'tags', 'long_context_band', 'tier', 'inference_region', 'streaming', 'errored'] as const;
