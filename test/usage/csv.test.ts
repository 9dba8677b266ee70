import { describe, expect, it } from 'vitest';
import { UsageInputError } from '../../src/errors.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import { parseSnapshot, serializeSnapshot } from '../../src/usage/snapshot.js';
import { totalsOf, type UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';
import { adviceText } from '../../src/report/advice-text.js';
import { asReported } from '../../src/domain/notes.js';

const HEADER = 'timestamp,region,modelId,metric,value';
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

/** The error a bad file raises (the test fails if none is raised). */
function errorOf(text: string, fileName = 'bad.csv'): UsageInputError {
  try {
    parseUsageCsv(text, fileName, { now: TEST_NOW });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageInputError);
    return error as UsageInputError;
  }
  throw new Error('expected the CSV to be rejected');
}

describe('parseUsageCsv rejects malformed rows, naming file and line', () => {
  it.each([
    ['a value that is not a number', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,12x', 'value "12x" is not a non-negative whole number'],
    ['a negative value', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,-5', 'value "-5" is not a non-negative whole number'],
    ['a fractional value', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,1.5', 'value "1.5" is not a non-negative whole number'],
    ['a value beyond exact integers', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,99999999999999999999', 'value "99999999999999999999" is not a non-negative whole number'],
    ['an unknown metric', '2026-11-01T00:01:00Z,us-east-1,m,InputTokens,5', 'metric "InputTokens" is not a Bedrock usage metric'],
    ['a timestamp without a time', '2026-11-01,us-east-1,m,InputTokenCount,5', 'timestamp "2026-11-01" is not an ISO 8601 date-time'],
    ['a timestamp without a zone', '2026-11-01T00:01:00,us-east-1,m,InputTokenCount,5', 'timestamp "2026-11-01T00:01:00" is not an ISO 8601 date-time'],
    ['a month that does not exist', '2026-13-01T00:01:00Z,us-east-1,m,InputTokenCount,5', 'timestamp "2026-13-01T00:01:00Z"'],
    ['a bad region', '2026-11-01T00:01:00Z,US East,m,InputTokenCount,5', 'region "US East" is not an AWS Region code'],
    ['an empty model ID', '2026-11-01T00:01:00Z,us-east-1,,InputTokenCount,5', 'modelId is empty'],
  ])('%s: bad.csv:3', (_what, badRow, message) => {
    const error = errorOf(csv('2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1', badRow));
    expect(error.message).toContain(`bad.csv:3: ${message}`);
    expect(error.message).toMatch(/^bad\.csv has 1 bad row\(s\):/);
  });

  it('reports every bad row with its own line, counting blank lines and CRLF line ends', () => {
    const text = [HEADER, '2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '', '2026-11-01T00:01:00Z,useast,m,Foo,1', '2026-11-01T00:02:00Z,us-east-1,m,InputTokenCount,x'].join('\r\n');
    const error = errorOf(text, 'usage/day1.csv');
    expect(error.message).toContain('usage/day1.csv has 3 bad row(s)');
    expect(error.message).toContain('usage/day1.csv:4: region "useast"');
    expect(error.message).toContain('usage/day1.csv:4: metric "Foo"');
    expect(error.message).toContain('usage/day1.csv:5: value "x"');
  });

  it('caps the list at 20 problems and says "at least"', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `2026-11-01T00:${String(i).padStart(2, '0')}:00Z,us-east-1,m,InputTokenCount,bad`);
    const error = errorOf(csv(...rows));
    expect(error.message).toMatch(/^bad\.csv has at least 20 bad row\(s\)/);
    expect(error.message.split('\n').filter((l) => l.startsWith('bad.csv:'))).toHaveLength(20);
  });

  it('names the file and line of a broken CSV record (unclosed quote, wrong column count)', () => {
    expect(errorOf(csv('2026-11-01T00:00:00Z,us-east-1,"m,InputTokenCount,1')).message).toMatch(/^bad\.csv:2: not valid CSV/);
    expect(errorOf(csv('2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount')).message).toMatch(/^bad\.csv:3: not valid CSV/);
  });

  it('names the header line when a column is missing, and rejects empty files', () => {
    expect(errorOf('timestamp,region,model,metric,value\n2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1\n').message).toBe(
      'bad.csv:1: header is missing column(s) modelId; expected "timestamp,region,modelId,metric,value"',
    );
    expect(errorOf('').message).toContain('bad.csv: empty file');
    expect(errorOf(`${HEADER}\n`).message).toContain('bad.csv: no data rows');
  });

  // BUG (src/usage/csv.ts:50, `ISO_8601.test(timestamp) ? Date.parse(timestamp) : NaN`): the regex
  // checks the shape only and V8's Date.parse rolls impossible days over, so "2026-02-30T00:00:00Z"
  // is silently read as 2026-03-02 instead of being rejected as a bad timestamp.
  it('rejects an impossible calendar date (February 30) as a bad timestamp', () => {
    const error = errorOf(csv('2026-02-30T00:00:00Z,us-east-1,m,InputTokenCount,1'));
    expect(error.message).toContain('bad.csv:2: timestamp "2026-02-30T00:00:00Z"');
  });
});

describe('parseUsageCsv reads good files', () => {
  it('accepts both cache-metric spellings: at different times they add up, at one time they are one metric counted once, with a warning', () => {
    const snapshot = parseUsageCsv(csv(
      '2026-11-01T00:00:00Z,us-east-1,m,CacheReadInputTokens,60000',
      '2026-11-01T00:00:00Z,us-east-1,m,CacheReadInputTokenCount,60000',
      '2026-11-01T00:00:00Z,us-east-1,m,CacheWriteInputTokens,3',
      '2026-11-01T00:01:00Z,us-east-1,m,CacheWriteInputTokenCount,4',
    ), 'ok.csv', { now: TEST_NOW });
    const totals = totalsOf(snapshot.models[0]!);
    // Issue 18: the two names at one timestamp were added, 120,000 tokens for 60,000.
    expect(totals.CacheReadInputTokenCount).toBe(60_000);
    expect(totals.CacheWriteInputTokenCount).toBe(7);
    expect(snapshot.warnings?.map(adviceText)).toEqual([
      'm (us-east-1): CacheReadInputTokens and CacheReadInputTokenCount both given at 1 time(s) (first 2026-11-01T00:00:00.000Z); they are two names of one metric, so those tokens are counted once, as CacheReadInputTokenCount',
    ]);
  });

  it('at one time with different values, the canonical spelling is the one counted', () => {
    const snapshot = parseUsageCsv(csv(
      '2026-11-01T00:00:00Z,us-east-1,m,CacheReadInputTokenCount,20',
      '2026-11-01T00:00:00Z,us-east-1,m,CacheReadInputTokens,100',
      '2026-11-01T00:01:00Z,us-east-1,m,CacheReadInputTokens,5',
    ), 'ok.csv', { now: TEST_NOW });
    expect(totalsOf(snapshot.models[0]!).CacheReadInputTokenCount).toBe(25);
    expect(snapshot.warnings).toHaveLength(1);
  });

  it.each([
    [60, ['2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z', '2026-11-01T00:03:00Z'], '2026-11-01T00:04:00.000Z'],
    [300, ['2026-11-01T00:00:00Z', '2026-11-01T00:05:00Z', '2026-11-01T00:15:00Z'], '2026-11-01T00:20:00.000Z'],
    [3600, ['2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', '2026-11-01T05:00:00Z'], '2026-11-01T06:00:00.000Z'],
  ])('infers a %i-second period from the smallest gap; the window ends one period after the last point', (period, times, end) => {
    const snapshot = parseUsageCsv(csv(...times.map((t) => `${t},us-east-1,m,InputTokenCount,10`)), 'ok.csv', { now: TEST_NOW });
    const [segment] = snapshot.models[0]!.segments;
    expect(segment!.periodSeconds).toBe(period);
    expect(snapshot.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end });
    // Gaps stay gaps: zero-filled points, not interpolated traffic.
    expect(totalsOf(snapshot.models[0]!).InputTokenCount).toBe(30);
  });

  it('infers the period per model; a model seen once reads at the coarsest period its timestamp allows', () => {
    const snapshot = parseUsageCsv(csv(
      '2026-11-01T00:00:00Z,us-east-1,minute,InputTokenCount,1',
      '2026-11-01T00:01:00Z,us-east-1,minute,InputTokenCount,1',
      '2026-11-01T00:00:00Z,us-west-2,hourly,InputTokenCount,1',
      '2026-11-01T01:00:00Z,us-west-2,hourly,InputTokenCount,1',
      '2026-11-01T00:30:00Z,eu-west-1,once,InputTokenCount,1',
    ), 'ok.csv', { now: TEST_NOW });
    const period = (id: string) => snapshot.models.find((m) => m.modelId === id)!.segments[0]!.periodSeconds;
    expect(period('minute')).toBe(60);
    expect(period('hourly')).toBe(3600);
    // 00:30 is on a 5-minute boundary but not an hour's, and nothing nearby says it is a minute.
    expect(period('once')).toBe(300);
    expect(snapshot.window.end).toBe('2026-11-01T02:00:00.000Z');
  });

  it('converts zone offsets to UTC and skips a byte-order mark', () => {
    const snapshot = parseUsageCsv(`\uFEFF${csv('2026-11-01T02:00:00+02:00,us-east-1,m,InputTokenCount,5', '2026-11-01T00:01:00Z,us-east-1,m,InputTokenCount,5')}`, 'ok.csv', { now: TEST_NOW });
    expect(snapshot.window.start).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('usage snapshot JSON', () => {
  const source = csv(
    '2026-11-01T00:00:00Z,us-east-1,us.anthropic.claude-sonnet-4-5-20250929-v1:0,InputTokenCount,9007199254740',
    '2026-11-01T00:01:00Z,us-east-1,us.anthropic.claude-sonnet-4-5-20250929-v1:0,CacheReadInputTokens,123456789',
    '2026-11-01T00:03:00Z,us-east-1,us.anthropic.claude-sonnet-4-5-20250929-v1:0,OutputTokenCount,7',
    '2026-11-01T00:00:00Z,us-west-2,amazon.nova-micro-v1:0,InputTokenCount,1',
    '2026-11-01T01:00:00Z,us-west-2,amazon.nova-micro-v1:0,Invocations,2',
  );

  it('round-trips through serializeSnapshot and parseSnapshot with totals, segments and window exactly preserved', () => {
    const original: UsageSnapshot = {
      ...parseUsageCsv(source, 'ok.csv', { now: TEST_NOW }),
      provisionedThroughputs: [{ provisionedModelArn: 'arn:aws:bedrock:us-east-1:1:provisioned-model/p', provisionedModelName: 'p', region: 'us-east-1', modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:24k', modelUnits: 1, status: 'InService', commitmentDuration: 'SixMonths', commitmentExpirationTime: '2027-01-01T00:00:00.000Z' }],
      errors: [{ scope: 'eu-west-1', message: asReported('AccessDenied') }],
    };
    const copy = parseSnapshot(serializeSnapshot(original), 'copy.json', { now: TEST_NOW });
    expect(copy.window).toEqual(original.window);
    expect(copy.models.map((m) => [m.region, m.modelId, totalsOf(m)])).toEqual(original.models.map((m) => [m.region, m.modelId, totalsOf(m)]));
    expect(totalsOf(copy.models.find((m) => m.region === 'us-east-1')!).InputTokenCount).toBe(9_007_199_254_740);
    expect(copy.models.map((m) => m.segments.map((s) => [s.periodSeconds, s.start, s.length]))).toEqual(original.models.map((m) => m.segments.map((s) => [s.periodSeconds, s.start, s.length])));
    expect(copy.provisionedThroughputs).toEqual(original.provisionedThroughputs);
    expect(copy.errors).toEqual(original.errors);
    // And the copy serialises to the same text.
    expect(serializeSnapshot(copy)).toBe(serializeSnapshot(original));
  });

  it('rejects a snapshot whose metric arrays do not match the segment length, naming the file and path', () => {
    const lines = serializeSnapshot(parseUsageCsv(source, 'ok.csv', { now: TEST_NOW })).split('\n');
    const segment = JSON.parse(lines[1]!) as { metrics: Record<string, number[]> };
    segment.metrics.InputTokenCount!.push(1);
    lines[1] = JSON.stringify(segment);
    expect(() => parseSnapshot(lines.join('\n'), 'snap.json', { now: TEST_NOW })).toThrow(/^snap\.json:2: segment of .*: metrics\.InputTokenCount: has \d+ values but the segment length is \d+/);
    expect(() => parseSnapshot('{"format": "nope"', 'snap.json', { now: TEST_NOW })).toThrow(/^snap\.json: not valid JSON/);
  });
});
