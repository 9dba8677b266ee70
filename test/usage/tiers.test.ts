import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rejection } from '../fixtures/rejection.js';
import { UnitSizer, buildLoadProfile } from '../../src/replay/load-profile.js';
import { UsageCsvReader, parseUsageCsv } from '../../src/usage/csv.js';
import { parseSnapshot, serializeSnapshot } from '../../src/usage/snapshot.js';
import { UsageBuilder, inferPeriods, totalsOf, type UsageSnapshot } from '../../src/usage/usage.js';

const HEADER = 'timestamp,region,modelId,metric,value';
const MODEL = 'amazon.nova-micro-v1:0';
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const row = (t: number, value: number, metric = 'InputTokenCount', model = MODEL) => `${iso(t)},us-east-1,${model},${metric},${value}`;
const NOW = new Date('2026-11-24T00:00:00Z');


/**
 * A 30-day export as CloudWatch returns it: days 30..15 at 5 minutes, the last 15 days at 1 minute.
 * Every 5-minute point holds 5,000 input tokens (1,000 a minute) except one of 100,000 (20,000 a
 * minute, on average); every minute holds 1,000 except one spike of 30,000.
 */
const END = Date.parse('2026-11-20T00:00:00Z') / 1000;
const SPLIT = END - 15 * 86_400;
const START = END - 30 * 86_400;
const BUSY_FIVE = START + 3 * 86_400; // a 5-minute point of 100,000
const SPIKE = SPLIT + 7 * 86_400 + 600; // the one minute of 30,000
function tieredCsv(): string {
  const rows = [HEADER];
  for (let t = START; t < SPLIT; t += 300) rows.push(row(t, t === BUSY_FIVE ? 100_000 : 5_000));
  for (let t = SPLIT; t < END; t += 60) rows.push(row(t, t === SPIKE ? 30_000 : 1_000));
  return `${rows.join('\n')}\n`;
}

describe('a 30-day tiered export (15 days of 5-minute data, then 15 days of minutes)', () => {
  const csv = parseUsageCsv(tieredCsv(), 'tiered.csv', { now: NOW });
  const fromSnapshot = parseSnapshot(serializeSnapshot(csv), 'tiered.jsonl', { now: NOW });

  it.each([
    ['CSV', csv],
    ['snapshot', fromSnapshot],
  ])('%s: each tier keeps its own period, totals are exact and the window is [first, last + 60 s)', (_source, snapshot: UsageSnapshot) => {
    const [model] = snapshot.models;
    expect(model!.segments.map((s) => [s.periodSeconds, s.start, s.length])).toEqual([
      [300, START, 4_320], // 15 days x 288
      [60, SPLIT, 21_600], // 15 days x 1,440
    ]);
    // 4,319 x 5,000 + 100,000 + 21,599 x 1,000 + 30,000 = 21,595,000 + 100,000 + 21,599,000 + 30,000
    expect(totalsOf(model!).InputTokenCount).toBe(43_324_000);
    expect(snapshot.window).toMatchObject({ start: iso(START).replace('Z', '.000Z'), end: iso(END).replace('Z', '.000Z') });
  });

  it.each([
    ['CSV', csv],
    ['snapshot', fromSnapshot],
  ])('%s: the minute peak is the 30,000-token minute, from 60-second data, and sizing matches the hand count', (_source, snapshot: UsageSnapshot) => {
    const profile = buildLoadProfile(snapshot.models);
    // Read as one period per model, the 100,000-token 5-minute point would be a 100,000/minute peak.
    expect(profile.peakInputPerMinute).toBe(30_000);
    expect(profile.peakResolutionSeconds).toBe(60);
    expect(profile.finestResolutionSeconds).toBe(60);
    expect(profile.coarsestResolutionSeconds).toBe(300);
    const sizer = new UnitSizer(profile, { inputTokensPerMinute: 10_000, outputTokensPerMinute: 1_000 });
    // ceil(30,000 / 10,000) = 3 units, where the one-period reading bought 10.
    expect(sizer.unitsForPeak).toBe(3);
    // 2 units: only the spike minute (need 3) overflows: 30,000 - 2 x 30,000 / 3 = 10,000 tokens. The busy
    // 5-minute point needs exactly 2 (20,000 a minute) and fits.
    expect(sizer.evaluate(2, 30 * 1440).overflowInputTokens).toBe(10_000);
    // 1 unit: spike 30,000 - 10,000 = 20,000; busy point 100,000 - 100,000 / 2 = 50,000; the rest fits.
    expect(sizer.evaluate(1, 30 * 1440).overflowInputTokens).toBe(70_000);
  });
});

describe('sparse and coarse data', () => {
  it('reads sparse minutes as minutes with zero usage between them, not as 2-minute periods', () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const snapshot = parseUsageCsv([HEADER, row(t0, 600), row(t0 + 120, 600), row(t0 + 240, 600)].join('\n'), 'sparse.csv', { now: NOW });
    const profile = buildLoadProfile(snapshot.models);
    expect(snapshot.models[0]!.segments.map((s) => [s.periodSeconds, s.length])).toEqual([[60, 5]]);
    // 600 tokens in one minute is 600 a minute; as a 2-minute period it would have been 300.
    expect(profile.peakInputPerMinute).toBe(600);
    expect(profile.totals.InputTokenCount).toBe(1_800);
    expect(snapshot.window.end).toBe('2026-11-01T00:05:00.000Z');
  });

  it('labels a peak taken from hourly averages with its 3600-second resolution', () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const snapshot = parseUsageCsv([HEADER, row(t0, 60_000), row(t0 + 7_200, 120_000)].join('\n'), 'hourly.csv', { now: NOW });
    const profile = buildLoadProfile(snapshot.models);
    expect(profile.peakInputPerMinute).toBe(2_000); // 120,000 over 60 minutes
    expect(profile.peakResolutionSeconds).toBe(3600);
  });

  it('infers periods from alignment and neighbour spacing, coarse to fine', () => {
    const h = 1_700_006_400; // on an hour boundary
    // Two hourly points, two 5-minute points, then minutes (one off the 5-minute grid).
    expect(Array.from(inferPeriods([h, h + 3_600, h + 7_200, h + 7_500, h + 7_800, h + 7_860, h + 7_980]))).toEqual([3600, 3600, 300, 300, 60, 60, 60]);
    // A minute off the 5-minute grid makes everything after it minutes, even on 5-minute boundaries.
    expect(Array.from(inferPeriods([h + 60, h + 600, h + 3_600]))).toEqual([60, 60, 60]);
  });
});

describe('strict input checks', () => {
  const t0 = Date.parse('2026-11-01T00:00:00Z') / 1000;

  it('rejects a duplicate row (same time, Region, model, metric), naming both lines', () => {
    const message = rejection(() => parseUsageCsv([HEADER, row(t0, 1), row(t0 + 60, 2), row(t0 + 120, 3), row(t0 + 60, 2)].join('\n'), 'dup.csv', { now: NOW }));
    expect(message).toBe(`dup.csv:5: duplicate InputTokenCount for ${MODEL} (us-east-1) at 2026-11-01T00:01:00.000Z, already given at dup.csv:3`);
  });

  it('rejects timestamps before 2023, more than a day ahead, or off the minute, each with its line', () => {
    const message = rejection(() => parseUsageCsv([HEADER, '1970-01-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '9999-01-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '2026-11-01T00:00:30Z,us-east-1,m,InputTokenCount,1', '2026-11-25T01:00:00Z,us-east-1,m,InputTokenCount,1'].join('\n'), 'time.csv', { now: NOW }));
    expect(message).toContain('time.csv:2: timestamp "1970-01-01T00:00:00Z" is before 2023');
    expect(message).toContain('time.csv:3: timestamp "9999-01-01T00:00:00Z" is more than a day in the future');
    expect(message).toContain('time.csv:4: timestamp "2026-11-01T00:00:30Z" is not on a whole minute');
    expect(message).toContain('time.csv:5: timestamp "2026-11-25T01:00:00Z" is more than a day in the future');
  });

  it('names a bad timestamp the same way inside a file in series order, where each row is read as the one the last predicts', () => {
    // Rows of one series one after the other: from the third row on, each is read on the predicted
    // path, whose timestamp (a new one every row) is checked there.
    const series = (last: string, window?: { start: number; end: number }) =>
      rejection(() => parseUsageCsv([HEADER, row(t0, 1), row(t0 + 60, 1), row(t0 + 120, 1), `${last},us-east-1,${MODEL},InputTokenCount,1`, row(t0 + 240, 1)].join('\n'), 's.csv', { now: NOW, ...(window ? { window } : {}) }));
    expect(series('2022-11-01T00:03:00Z')).toBe('s.csv has 1 bad row(s):\ns.csv:5: timestamp "2022-11-01T00:03:00Z" is before 2023, before Amazon Bedrock existed');
    expect(series('2026-11-01T00:03:30Z')).toBe('s.csv has 1 bad row(s):\ns.csv:5: timestamp "2026-11-01T00:03:30Z" is not on a whole minute; CloudWatch periods for Bedrock are 60, 300 or 3600 s');
    expect(series('2026-12-01T00:03:00Z')).toBe('s.csv has 1 bad row(s):\ns.csv:5: timestamp "2026-12-01T00:03:00Z" is more than a day in the future');
    expect(series('2026-11-01T00:03:00Z', { start: t0, end: t0 + 180 })).toBe(
      's.csv has 2 bad row(s):\ns.csv:5: timestamp "2026-11-01T00:03:00Z" is outside the window 2026-11-01T00:00:00.000Z to 2026-11-01T00:03:00.000Z\ns.csv:6: timestamp "2026-11-01T00:04:00Z" is outside the window 2026-11-01T00:00:00.000Z to 2026-11-01T00:03:00.000Z',
    );
  });

  it('rejects a point at a period CloudWatch does not keep, naming its line, or its series and time when it has none', () => {
    const builder = new UsageBuilder((line) => `u.csv:${line}`);
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'InputTokenCount', timestamp: t0, periodSeconds: 60, value: 1, line: 2 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'InputTokenCount', timestamp: t0 + 60, periodSeconds: 120, value: 1, line: 3 });
    expect(rejection(() => builder.build())).toBe('u.csv:3: period 120 s; CloudWatch keeps Bedrock metrics at 60, 300 or 3600 s');
    const lineless = new UsageBuilder();
    lineless.add({ region: 'us-east-1', modelId: MODEL, metric: 'OutputTokenCount', timestamp: t0, periodSeconds: 900, value: 1 });
    expect(rejection(() => lineless.build())).toBe(`${MODEL} (us-east-1) at 2026-11-01T00:00:00.000Z: period 900 s; CloudWatch keeps Bedrock metrics at 60, 300 or 3600 s`);
  });

  it('rejects rows outside an explicit window by line, and states the window it used', () => {
    const window = { start: t0, end: t0 + 3_600 };
    expect(rejection(() => parseUsageCsv([HEADER, row(t0, 1), row(t0 + 3_600, 1)].join('\n'), 'w.csv', { now: NOW, window }))).toContain('w.csv:3: timestamp "2026-11-01T01:00:00Z" is outside the window 2026-11-01T00:00:00.000Z to 2026-11-01T01:00:00.000Z');
    const ok = parseUsageCsv([HEADER, row(t0 + 60, 1)].join('\n'), 'w.csv', { now: NOW, window });
    expect(ok.window).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z', basis: { how: 'given' } });
  });

  it('rejects a token sum that would pass 2^53 instead of rounding it', () => {
    const big = 2 ** 52; // exact, but two of them are 2^53
    const message = rejection(() => parseUsageCsv([HEADER, row(t0, big), row(t0 + 60, big)].join('\n'), 'big.csv', { now: NOW }));
    expect(message).toMatch(/InputTokenCount: token sum 9007199254740992 passes 2\^53/);
  });

  const snapshotWith = (segments: object[], window = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z' }) =>
    [JSON.stringify({ format: 'bedrock-cost-advisor/usage-snapshot@2', window }), ...segments.map((s) => JSON.stringify({ modelId: MODEL, region: 'us-east-1', ...s }))].join('\n');

  it('rejects overlapping snapshot segments, naming both', () => {
    const text = snapshotWith([
      { periodSeconds: 300, start: t0, length: 3, metrics: { InputTokenCount: [1, 2, 3] } },
      { periodSeconds: 60, start: t0 + 600, length: 2, metrics: { InputTokenCount: [1, 1] } },
    ]);
    expect(rejection(() => parseSnapshot(text, 'snap.jsonl', { now: NOW }))).toBe(`snap.jsonl:3: segment of ${MODEL} (us-east-1) overlaps snap.jsonl:2: segment of ${MODEL} (us-east-1): the same minutes would be counted twice`);
  });

  it('rejects a snapshot whose data falls outside its window, naming the segment', () => {
    // A 1-hour window holding 7 days of hourly data would be billed as 168x the spend.
    const text = snapshotWith([{ periodSeconds: 3600, start: t0, length: 168, metrics: { InputTokenCount: Array.from({ length: 168 }, () => 1) } }]);
    expect(rejection(() => parseSnapshot(text, 'snap.jsonl', { now: NOW }))).toContain('snap.jsonl:2: segment of amazon.nova-micro-v1:0 (us-east-1) covers 2026-11-01T00:00:00.000Z to 2026-11-08T00:00:00.000Z, outside the snapshot window');
  });

  it('accepts only 60, 300 and 3600-second segments', () => {
    const text = snapshotWith([{ periodSeconds: 120, start: t0, length: 1, metrics: { InputTokenCount: [1] } }]);
    expect(rejection(() => parseSnapshot(text, 'snap.jsonl', { now: NOW }))).toContain('snap.jsonl:2: segment of amazon.nova-micro-v1:0 (us-east-1): periodSeconds: 120');
  });
});

describe('properties', () => {
  /** Minute traffic for 6 hours, split into hourly, 5-minute and minute tiers as CloudWatch would keep it. */
  const tiered = fc.record({
    minutes: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })), { minLength: 360, maxLength: 360 }),
    hourlyUntil: fc.integer({ min: 0, max: 6 }).map((h) => h * 60),
    fiveMinuteSpan: fc.integer({ min: 0, max: 72 }).map((n) => n * 5),
  });
  const base = Date.parse('2026-11-01T00:00:00Z') / 1000;
  function csvOf(t: { minutes: number[]; hourlyUntil: number; fiveMinuteSpan: number }): { csv: string; tierEnds: [number, number] } {
    const fiveUntil = Math.min(360, t.hourlyUntil + t.fiveMinuteSpan);
    const rows = [HEADER];
    const emit = (from: number, to: number, step: number) => {
      for (let m = from; m < to; m += step) {
        let sum = 0;
        for (let k = m; k < m + step; k++) sum += t.minutes[k]!;
        // CloudWatch publishes no point for a period without traffic.
        if (sum > 0) rows.push(row(base + m * 60, sum));
      }
    };
    emit(0, t.hourlyUntil, 60);
    emit(t.hourlyUntil, fiveUntil, 5);
    emit(fiveUntil, 360, 1);
    return { csv: rows.join('\n'), tierEnds: [t.hourlyUntil, fiveUntil] };
  }

  it('splitting a series into any mix of tiers never changes its token total', () => {
    fc.assert(
      fc.property(tiered, (t) => {
        const { csv } = csvOf(t);
        const total = t.minutes.reduce((a, b) => a + b, 0);
        if (total === 0) return;
        const snapshot = parseUsageCsv(csv, 'p.csv', { now: NOW });
        expect(totalsOf(snapshot.models[0]!).InputTokenCount).toBe(total);
        expect(buildLoadProfile(snapshot.models).totals.InputTokenCount).toBe(total);
      }),
      { numRuns: 150 },
    );
  });

  it('peaks never exceed the peak of the minute data the tiers were made from', () => {
    fc.assert(
      fc.property(tiered, (t) => {
        if (t.minutes.every((m) => m === 0)) return;
        const snapshot = parseUsageCsv(csvOf(t).csv, 'p.csv', { now: NOW });
        const profile = buildLoadProfile(snapshot.models);
        expect(profile.peakInputPerMinute).toBeLessThanOrEqual(Math.max(...t.minutes));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the CSV fast path', () => {
  const base = Date.parse('2026-11-01T00:00:00Z') / 1000;
  const series = [
    ['us-east-1', 'amazon.nova-micro-v1:0', 'InputTokenCount'],
    ['us-east-1', 'amazon.nova-micro-v1:0', 'OutputTokenCount'],
    ['us-east-1', 'amazon.nova-micro-v1:00', 'InputTokenCount'],
    ['us-west-2', 'amazon.nova-micro-v1:0', 'InputTokenCount'],
    ['us-east-1', 'amazon.nova-micro-v1:0', 'CacheReadInputTokens'],
  ] as const;

  it('reads any row order, any mix of plain and padded or quoted rows, to the same per-series sums', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ s: fc.integer({ min: 0, max: series.length - 1 }), minute: fc.integer({ min: 0, max: 30 }) }), { selector: (r) => `${r.s}/${r.minute}`, maxLength: 80 }),
        fc.array(fc.nat(99_999_999), { minLength: 80, maxLength: 80 }),
        fc.array(fc.constantFrom('plain', 'plain', 'plain', 'padded', 'quoted'), { minLength: 80, maxLength: 80 }),
        (points, values, styles) => {
          if (points.length === 0) return;
          const expected = new Map<string, number>();
          const rows = points.map((p, i) => {
            const [region, model, metric] = series[p.s]!;
            const key = `${region}|${model}|${metric === 'CacheReadInputTokens' ? 'CacheReadInputTokenCount' : metric}`;
            expected.set(key, (expected.get(key) ?? 0) + values[i]!);
            const t = iso(base + p.minute * 60);
            const style = styles[i];
            return style === 'padded' ? `${t}, ${region},${model} ,${metric},${values[i]}` : style === 'quoted' ? `"${t}","${region}","${model}",${metric},"${values[i]}"` : `${t},${region},${model},${metric},${values[i]}`;
          });
          const text = [HEADER, ...rows].join('\n');
          // One timestamp alone gives no window to read (issue 18): refused, whatever the row style.
          if (new Set(points.map((p) => p.minute)).size === 1) {
            expect(() => parseUsageCsv(text, 'fast.csv', { now: NOW })).toThrow(/every row is at one timestamp/);
            return;
          }
          const snapshot = parseUsageCsv(text, 'fast.csv', { now: NOW });
          const got = new Map<string, number>();
          for (const m of snapshot.models) {
            for (const [metric, total] of Object.entries(totalsOf(m))) if (total > 0) got.set(`${m.region}|${m.modelId}|${metric}`, total);
          }
          for (const [key, total] of [...expected]) if (total === 0) expected.delete(key);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('timestamps of a file in series order', () => {
  // Each row of one series after another has a new timestamp, read from its bytes on the predicted
  // path, mostly from its minute and second alone. The same rows with the value padded take the text
  // path (Date.parse) instead: both must accept the same rows at the same times and name the same problems.
  const outcome = (text: string) => {
    try {
      return JSON.stringify(parseUsageCsv(text, 's.csv', { now: NOW }).models);
    } catch (error) {
      return (error as Error).message;
    }
  };
  const start = Date.parse('2026-11-01T22:40:00Z') / 1000;
  // A step forward (mostly a minute, across hours and days), or a timestamp broken in its minute,
  // second or last bytes; written with or without seconds.
  const step = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(60, 60, 120, 3600, 86_400).map((dt) => ({ dt, broken: undefined as string | undefined })) },
    { weight: 1, arbitrary: fc.constantFrom(':60:00Z', ':5a:00Z', ':05:60Z', ':05:5xZ', ':05:00X', ':0500Z', ':05:30Z', '-05:00Z', ':99:99Z', ':0/:00Z').map((broken) => ({ dt: 60, broken })) },
  );
  it('are read from their bytes as Date.parse reads them, and a broken one is named as the text path names it', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 40 }), fc.boolean(), (steps, withSeconds) => {
        let t = start;
        const stamps = steps.map(({ dt, broken }) => {
          t += dt;
          const text = iso(t);
          const plain = withSeconds ? text : text.replace(/:00Z$/, 'Z');
          return broken === undefined ? plain : `${text.slice(0, 13)}${withSeconds ? broken : broken.replace(/:\w\wZ$|:\w\wX$/, (m) => m.slice(3))}`;
        });
        const rows = (pad: string) => [HEADER, ...stamps.map((stamp, i) => `${stamp},us-east-1,${MODEL},InputTokenCount,${pad}${i + 1}`)].join('\n');
        expect(outcome(rows(''))).toBe(outcome(rows(' ')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the CSV reader fed in chunks', () => {
  it('gives the same usage whatever the chunk boundaries and line ends (LF or CRLF)', () => {
    const base = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const lines = [HEADER];
    for (let m = 0; m < 40; m++) {
      for (const model of ['a.one-v1:0', 'b.two-v1:0']) {
        for (const metric of ['InputTokenCount', 'OutputTokenCount']) lines.push(`${iso(base + m * 60)},us-east-1,${model},${metric},${(m * 7919 + model.length * 31 + metric.length) % 100_000}`);
      }
    }
    const whole = parseUsageCsv(lines.join('\n'), 'c.csv', { now: NOW });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 20 }), fc.boolean(), (cuts, crlf) => {
        const bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'));
        const reader = new UsageCsvReader('c.csv', { now: NOW });
        const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
        let from = 0;
        for (const at of [...points, bytes.length]) {
          reader.push(bytes.subarray(from, at));
          from = at;
        }
        const chunked = reader.finish();
        expect(chunked.models.map((m) => [m.modelId, totalsOf(m)])).toEqual(whole.models.map((m) => [m.modelId, totalsOf(m)]));
        expect(chunked.window).toEqual(whole.window);
      }),
      { numRuns: 150 },
    );
  });
});

describe('hostile CSV shapes', () => {
  it('rejects a line of megabytes by its line number instead of carrying it', () => {
    const reader = new UsageCsvReader('long.csv', { now: NOW });
    reader.push(`${HEADER}\n2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1\n`);
    expect(() => {
      for (let i = 0; i < 20; i++) reader.push(Buffer.alloc(100_000, 65));
    }).toThrow(/^long\.csv:3: not valid CSV: a line longer than 1 MiB$/);
  });
});
