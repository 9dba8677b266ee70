import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rejection } from '../fixtures/rejection.js';
import { parseUsageCsv, timestampSeconds } from '../../src/usage/csv.js';
import { serializeSnapshot } from '../../src/usage/snapshot.js';
import { UsageBuilder } from '../../src/usage/usage.js';

/**
 * The reader's compact paths (issue 21): timestamps read from bytes, a file in series order (the
 * timestamp changes on every row), and points stored with 32-bit values and 16-bit line steps.
 */
const HEADER = 'timestamp,region,modelId,metric,value';
const NOW = new Date('2026-11-24T00:00:00Z');
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const METRICS = ['InputTokenCount', 'OutputTokenCount', 'CacheReadInputTokenCount', 'Invocations'];


describe('timestamps read from bytes', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');

  it('gives the seconds Date.parse gives, for every form an export writes, from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), fc.boolean(), (seconds, withSeconds) => {
        const text = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const form = withSeconds ? text : `${text.slice(0, 16)}Z`;
        expect(timestampSeconds(bytes(form), 0, form.length)).toBe(Date.parse(form) / 1000);
      }),
    );
  });

  it('leaves anything else to the text path (NaN), dates that do not exist included', () => {
    for (const text of ['2026-02-29T00:00:00Z', '2026-04-31T00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T00:60:00Z', '2026-11-01T00:00:60Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '1969-12-31T23:59:00Z', '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00.000Z', '2026-11-01 00:00:00Z', '2026-1a-01T00:00:00Z']) {
      expect(timestampSeconds(bytes(text), 0, text.length), text).toBeNaN();
    }
    expect(timestampSeconds(bytes('2024-02-29T00:00:00Z'), 0, 20)).toBe(Date.parse('2024-02-29T00:00:00Z') / 1000);
  });
});

/** Two models x 4 metrics x `minutes` minutes, every row's value distinct, in either order. */
function rowsOf(minutes: number, order: 'minute' | 'series'): string[] {
  const rows: string[] = [];
  const value = (m: number, k: number, i: number) => 1 + m * 1_000_003 + k * 10_007 + i * 7;
  if (order === 'minute') {
    for (let i = 0; i < minutes; i++) for (let m = 0; m < 2; m++) METRICS.forEach((metric, k) => rows.push(`${iso(T0 + i * 60)},us-east-1,bench.model-${m}-v1:0,${metric},${value(m, k, i)}`));
  } else {
    for (let m = 0; m < 2; m++) METRICS.forEach((metric, k) => { for (let i = 0; i < minutes; i++) rows.push(`${iso(T0 + i * 60)},us-east-1,bench.model-${m}-v1:0,${metric},${value(m, k, i)}`); });
  }
  return rows;
}

describe('row order', () => {
  it('reads a file in series order to the same usage as the same rows in minute order', () => {
    const byMinute = parseUsageCsv([HEADER, ...rowsOf(1_500, 'minute')].join('\n'), 'm.csv', { now: NOW });
    const bySeries = parseUsageCsv([HEADER, ...rowsOf(1_500, 'series')].join('\n'), 's.csv', { now: NOW });
    expect(serializeSnapshot({ ...bySeries, window: { ...bySeries.window, basis: { how: 'given' } } })).toBe(serializeSnapshot({ ...byMinute, window: { ...byMinute.window, basis: { how: 'given' } } }));
    expect(bySeries.models[0]!.segments[0]!.metrics.InputTokenCount![1_499]).toBe(1 + 1_499 * 7);
  });

  it('names the line of a bad timestamp in the middle of a series', () => {
    const rows = rowsOf(100, 'series');
    rows[40] = rows[40]!.replace(/^[^,]+/, '2026-11-01T00:40:30Z');
    rows[41] = rows[41]!.replace(/^[^,]+/, '2030-01-01T00:00:00Z');
    const message = rejection(() => parseUsageCsv([HEADER, ...rows].join('\n'), 'bad.csv', { now: NOW }));
    expect(message).toContain('bad.csv:42: timestamp "2026-11-01T00:40:30Z" is not on a whole minute');
    expect(message).toContain('bad.csv:43: timestamp "2030-01-01T00:00:00Z" is more than a day in the future');
  });
});

describe('points stored compactly', () => {
  it('names both lines of a duplicate more than 65,535 lines apart (a line step past 16 bits)', () => {
    // One series' rows at lines 2..3 and, after 70,000 rows of another model, its duplicate.
    const other = Array.from({ length: 70_000 }, (_, i) => `${iso(T0 + Math.floor(i / 4) * 60)},us-east-1,bench.model-9-v1:0,${METRICS[i % 4]},5`);
    const rows = [HEADER, `${iso(T0)},us-east-1,m,InputTokenCount,1`, `${iso(T0 + 60)},us-east-1,m,InputTokenCount,2`, ...other, `${iso(T0 + 120)},us-east-1,m,InputTokenCount,3`, `${iso(T0 + 60)},us-east-1,m,InputTokenCount,4`];
    const message = rejection(() => parseUsageCsv(rows.join('\n'), 'far.csv', { now: NOW }));
    expect(message).toBe(`far.csv:${rows.length}: duplicate InputTokenCount for m (us-east-1) at 2026-11-01T00:01:00.000Z, already given at far.csv:3`);
  });

  it('keeps values past 32 bits exact, in a series whose earlier values fit', () => {
    const big = 2 ** 40 + 3;
    const rows = [HEADER, ...Array.from({ length: 40 }, (_, i) => `${iso(T0 + i * 60)},us-east-1,m,InputTokenCount,${i === 30 ? big : i}`)];
    const usage = parseUsageCsv(rows.join('\n'), 'big.csv', { now: NOW });
    const values = usage.models[0]!.segments[0]!.metrics.InputTokenCount!;
    expect(values[30]).toBe(big);
    expect(values[29]).toBe(29);
    expect(values[31]).toBe(31);
  });
});

describe('a series built without a second copy', () => {
  it('keeps a column that came in one streak, a point for every minute of its segment, as the segment\'s array', () => {
    const builder = new UsageBuilder();
    const input = builder.columnsFor('us-east-1', 'm', undefined, 'InputTokenCount');
    const output = builder.columnsFor('us-east-1', 'm', undefined, 'OutputTokenCount');
    // A file by series: 2,000 minutes of input, then the same 2,000 of output (one past 32 bits).
    for (let i = 0; i < 2_000; i++) input.push(T0 + i * 60, i * 3, 2 + i, 0);
    for (let i = 0; i < 2_000; i++) output.push(T0 + i * 60, i === 1_000 ? 2 ** 40 : i, 2_002 + i, 0);
    const kept = output.exactValues();
    const [model] = builder.build();
    const segment = model!.segments[0]!;
    expect(model!.segments.length).toBe(1);
    expect(segment.length).toBe(2_000);
    expect(segment.metrics.OutputTokenCount).toBe(kept); // the column's own array, not a copy
    expect(segment.metrics.OutputTokenCount).toBeInstanceOf(Float64Array);
    expect([segment.metrics.OutputTokenCount![999], segment.metrics.OutputTokenCount![1_000], segment.metrics.OutputTokenCount![1_999]]).toEqual([999, 2 ** 40, 1_999]);
    // The first column doubled its chunks (no column before it to size them): copied, as before.
    expect(segment.metrics.InputTokenCount).toBeInstanceOf(Uint32Array);
    expect([segment.metrics.InputTokenCount![0], segment.metrics.InputTokenCount![1_999]]).toEqual([0, 5_997]);
  });

  it('adds up a metric given under two namespaces, and copies a column with gaps into its segment', () => {
    const builder = new UsageBuilder();
    const first = builder.columnsFor('us-east-1', 'm', 'AWS/Bedrock', 'InputTokenCount');
    const second = builder.columnsFor('us-east-1', 'm', 'AWS/BedrockMantle', 'InputTokenCount');
    const gaps = builder.columnsFor('us-east-1', 'm', 'AWS/Bedrock', 'OutputTokenCount');
    for (let i = 0; i < 1_500; i++) first.push(T0 + i * 60, 10, 2 + i, 0);
    for (let i = 0; i < 1_500; i++) second.push(T0 + i * 60, 1, 1_502 + i, 0);
    for (let i = 0; i < 1_500; i += 2) gaps.push(T0 + i * 60, 7, 3_002 + i, 0);
    const segment = builder.build()[0]!.segments[0]!;
    expect(segment.length).toBe(1_500);
    expect([segment.metrics.InputTokenCount![0], segment.metrics.InputTokenCount![1_499]]).toEqual([11, 11]);
    expect([segment.metrics.OutputTokenCount![0], segment.metrics.OutputTokenCount![1], segment.metrics.OutputTokenCount![1_498]]).toEqual([7, 0, 7]);
  });
});
