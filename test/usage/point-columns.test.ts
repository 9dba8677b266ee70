import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnTurns, PointColumns } from '../../src/usage/point-columns.js';

type Point = [t: number, v: number, line: number, period: number];

function roundTrip(points: Point[]): Point[] {
  const columns = new PointColumns();
  for (const [t, v, line, period] of points) columns.push(t, v, line, period);
  expect(columns.length).toBe(points.length);
  const out: Point[] = [];
  columns.forEach((t, v, line, period) => out.push([t, v, line, period]));
  // The series builder's way to read times and periods, from the same storage, without a call a point.
  const times = new Float64Array(points.length);
  const periods = new Uint16Array(points.length).fill(7);
  columns.timesInto(times, periods);
  expect([...times]).toEqual(points.map(([t]) => t));
  expect([...periods]).toEqual(points.map(([, , , period]) => period));
  return out;
}

/**
 * Bytes the chunks hold per slot for `n` points pushed by `make(i)`. Per slot, not per point: the last
 * chunk's unfilled slots are zero pages a process never touches, so they cost address space, not memory.
 */
function bytesPerSlot(n: number, make: (i: number) => Point): number {
  const columns = new PointColumns();
  for (let i = 0; i < n; i++) columns.push(...make(i));
  const bytes = columns.chunks.reduce((sum, c) => sum + c.v.byteLength + (c.t?.byteLength ?? 0) + (c.lineSteps?.byteLength ?? 0) + (c.lines?.byteLength ?? 0) + (c.runs?.length ?? 0) * 8, 0);
  return bytes / columns.chunks.reduce((sum, c) => sum + c.v.length, 0);
}

const T0 = 1_764_547_200; // 2025-12-01T00:00:00Z

/**
 * Two columns taking turns on every row (a file by minute: no streak, no expectation), the reader
 * estimating each will end with `estimate` points; the first column's value at minute i is i x `step`.
 */
function byMinute(estimate: number, n: number, step: number): PointColumns {
  const turns = new ColumnTurns();
  turns.finalLength = () => estimate;
  const a = new PointColumns(turns);
  const b = new PointColumns(turns);
  for (let i = 0; i < n; i++) {
    a.push(T0 + i * 60, i * step, 2 + 2 * i, 0);
    b.push(T0 + i * 60, 1, 3 + 2 * i, 0);
  }
  return a;
}

describe('PointColumns', () => {
  it('gives back every point as pushed, whatever the pattern of times and lines', () => {
    // Steady runs broken at random, shuffled times, CloudWatch's newest-first order, lines 0 (collector)
    // or far apart (beyond a 16-bit step), values past 32 bits: every storage path and switch between them.
    const point = fc.tuple(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 2 ** 32, max: 2 ** 50 })),
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 31 })),
      fc.constantFrom(0, 60, 300, 3600),
    );
    const steady = fc.record({ t: fc.integer({ min: T0, max: T0 + 1e6 }), dt: fc.constantFrom(60, -60, 300, 3600, 0, 7), line: fc.integer({ min: 1, max: 1e6 }), dl: fc.integer({ min: -5, max: 70_000 }), n: fc.integer({ min: 1, max: 300 }), v: fc.integer({ min: 0, max: 1e6 }) })
      .map(({ t, dt, line, dl, n, v }) => Array.from({ length: n }, (_, k): Point => [t + k * dt, v + k, Math.max(1, line + k * dl), 0]));
    const pattern = fc.array(fc.oneof(steady, fc.array(point, { maxLength: 40 })), { maxLength: 12 }).map((parts) => parts.flat());
    fc.assert(fc.property(pattern, (points) => {
      const lineless = points.every(([, , line]) => line === 0) || points.every(([, , line]) => line !== 0);
      fc.pre(lineless); // a column's points all have a source line (CSV) or none do (CloudWatch)
      expect(roundTrip(points)).toEqual(points);
    }), { numRuns: 400 });
  });

  it('stores a steady column (one point a minute, rows a fixed number of lines apart) at its values alone', () => {
    const n = 21_600; // 15 days of minutes
    expect(bytesPerSlot(n, (i) => [T0 + i * 60, 1000 + i, 2 + i * 400, 0])).toBeLessThan(4.1); // 4 bytes of value, and a run per chunk
  });

  it('falls back to 32-bit times and 16-bit line steps where nothing runs, not to runs that cost more', () => {
    const n = 20_000;
    let x = 12345;
    const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
    const bytes = bytesPerSlot(n, (i) => [T0 + (random() % 100_000), i, 2 + i * 3 + (random() % 3), 0]);
    expect(bytes).toBeLessThan(10.1); // 4 value + 4 time + 2 line step
    expect(bytes).toBeGreaterThan(9.9);
  });

  it('a column a long streak is over for holds its points in chunks of their size, and still takes more', () => {
    const turns = new ColumnTurns();
    const a = new PointColumns(turns);
    const b = new PointColumns(turns);
    // 21,600 points (15 days of minutes): chunks of 16, 32, ... 8,192 hold 16,368, the 16,384 after them 5,232.
    for (let i = 0; i < 21_600; i++) a.push(T0 + i * 60, i, 2 + i, 0);
    const slots = (c: PointColumns) => c.chunks.reduce((sum, chunk) => sum + chunk.v.length, 0);
    expect(slots(a)).toBe(16_368 + 16_384);
    b.push(T0, 1, 1, 0);
    expect(slots(a)).toBe(21_600);
    a.push(T0 + 21_600 * 60, 7, 30_000, 0);
    const last: Point[] = [];
    a.forEach((t, v, line, period) => last.push([t, v, line, period]));
    expect(last.length).toBe(21_601);
    expect(last[21_599]).toEqual([T0 + 21_599 * 60, 21_599, 21_601, 0]);
    expect(last[21_600]).toEqual([T0 + 21_600 * 60, 7, 30_000, 0]);
  });

  it('gives back the points of every column as pushed when columns take turns in streaks of any length', () => {
    // Streaks past the 1,024 points that make the column before shrink its last chunk, and short ones
    // (a file by minute); shuffled times and far-apart lines put chunks in explicit form before a shrink.
    const streak = fc.record({ column: fc.integer({ min: 0, max: 2 }), n: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1_000, max: 3_000 })), shuffled: fc.boolean(), period: fc.constantFrom(0, 60) });
    fc.assert(
      fc.property(fc.array(streak, { minLength: 1, maxLength: 12 }), (streaks) => {
        const turns = new ColumnTurns();
        const columns = [0, 1, 2].map(() => new PointColumns(turns));
        const expected: Point[][] = [[], [], []];
        let line = 1;
        for (const { column, n, shuffled, period } of streaks) {
          for (let k = 0; k < n; k++) {
            const at = expected[column]!.length;
            const point: Point = [T0 + (shuffled ? (at * 7919) % 10_007 : at) * 60, at * 3 + column, shuffled ? line * 70_001 : line, period];
            line++;
            columns[column]!.push(...point);
            expected[column]!.push(point);
          }
        }
        columns.forEach((c, i) => {
          const out: Point[] = [];
          c.forEach((t, v, l, p) => out.push([t, v, l, p]));
          expect(out).toEqual(expected[i]);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a new column after one that came in a single long streak (a file by series) gets one chunk of that length, holding it whole', () => {
    const turns = new ColumnTurns();
    const a = new PointColumns(turns);
    const b = new PointColumns(turns);
    for (let i = 0; i < 21_600; i++) a.push(T0 + i * 60, i, 2 + i, 0);
    for (let i = 0; i < 21_600; i++) b.push(T0 + i * 60, 5 + i, 21_602 + i, 0);
    // a doubled from 16 (and was cut to its points when b started); b's one chunk is a's 21,600 slots.
    expect(a.chunks.length).toBe(11); // 16, 32, ... 16,384
    expect(a.exactValues()).toBeUndefined();
    expect(b.chunks.map((c) => c.v.length)).toEqual([21_600]);
    const values = b.exactValues()!;
    expect(values.length).toBe(21_600);
    expect([values[0], values[21_599]]).toEqual([5, 21_604]);
  });

  it('a short column after a long one is cut to its points at its first turn, and the column after it starts small', () => {
    const turns = new ColumnTurns();
    const long = new PointColumns(turns);
    const short = new PointColumns(turns);
    const next = new PointColumns(turns);
    for (let i = 0; i < 5_000; i++) long.push(T0 + i * 60, i, 2 + i, 0);
    for (let i = 0; i < 3; i++) short.push(T0 + i * 60, i, 5_002 + i, 0);
    expect(short.chunks[0]!.v.length).toBe(5_000); // made to the long column's length...
    next.push(T0, 1, 5_005, 0);
    expect(short.chunks[0]!.v.length).toBe(3); // ...and cut to its 3 points when the next column took over
    expect(next.chunks[0]!.v.length).toBe(16); // a 3-point streak sets no expectation
    const out: Point[] = [];
    short.forEach((t, v, line, period) => out.push([t, v, line, period]));
    expect(out).toEqual([[T0, 0, 5_002, 0], [T0 + 60, 1, 5_003, 0], [T0 + 120, 2, 5_004, 0]]);
  });

  it('a column read a row at a time, once past 1,000 points, gets one chunk for all it will hold, and its values are moved into it in order', () => {
    // The reader's estimate: this column will end with 10,000 points (here, told outright).
    const a = byMinute(10_000, 10_000, 2);
    // Chunks of 16 to 512 hold 1,008 points; then one of 10,000 x 1.02 + 16 = 10,216 slots.
    expect(a.chunks.map((c) => c.v.length)).toEqual([16, 32, 64, 128, 256, 512, 10_216]);
    const values = a.takeAllValues()!;
    expect(values.length).toBe(10_000);
    expect([values[0], values[1_007], values[1_008], values[9_999]]).toEqual([0, 2_014, 2_016, 19_998]);
    expect(values.buffer.byteLength).toBe(10_216 * 4); // the chunk itself, not a copy
  });

  it('a column whose estimate fell short keeps its chunks and gives no single array', () => {
    const a = byMinute(5_000, 9_000, 1);
    expect(a.takeAllValues()).toBeUndefined();
    const out: number[] = [];
    a.forEach((_t, v) => out.push(v));
    expect(out).toEqual(Array.from({ length: 9_000 }, (_, i) => i));
  });
});
