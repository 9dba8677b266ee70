import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUsageFile } from '../../src/usage/read-file.js';
import { totalsOf } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';

/**
 * `--input` takes the CloudWatch console's wide CSV download: a time column, then one column per graphed
 * series headed by its label, an empty cell where a series has no point. The labels follow the naming
 * rule "<region> <modelId> <MetricName>", which the dynamic label
 * ${PROP('Region')} ${PROP('Dim.ModelId')} ${PROP('MetricName')} writes for every series of a search
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/graph-dynamic-labels.html).
 * Expected totals below are the cell sums, added by hand.
 */

const dir = mkdtempSync(join(tmpdir(), 'bca-wide-'));
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
let n = 0;

function file(text: string): string {
  const path = join(dir, `wide-${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

const HEADER = `Time,us-east-1 ${HAIKU} InputTokenCount,us-east-1 ${HAIKU} OutputTokenCount,us-west-2 amazon.nova-micro-v1:0 InputTokenCount`;

describe('the console wide CSV as --input', () => {
  it('reads each column as the series its label names, skipping empty cells', async () => {
    const path = file(
      [
        HEADER,
        '2026-11-01 00:00:00 UTC,1000,100,',
        '2026-11-01 00:01:00 UTC,2000,,7',
        '2026-11-01 00:02:00 UTC,,50,3',
      ].join('\r\n') + '\r\n',
    );
    const snapshot = await readUsageFile(path, { now: TEST_NOW });
    const haiku = snapshot.models.find((m) => m.modelId === HAIKU)!;
    expect(haiku.region).toBe('us-east-1');
    expect(totalsOf(haiku)).toMatchObject({ InputTokenCount: 3000, OutputTokenCount: 150 });
    const micro = snapshot.models.find((m) => m.region === 'us-west-2')!;
    expect(totalsOf(micro).InputTokenCount).toBe(10);
    expect(snapshot.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T00:03:00.000Z' });
  });

  it('reads quoted labels and ISO times with an offset, and shifts an offset to UTC', async () => {
    const path = file(
      [
        `"Time","us-east-1 ${HAIKU} InputTokenCount"`,
        '2026-11-01T01:00:00+01:00,5',
        '2026-11-01T01:01:00+01:00,6',
      ].join('\n'),
    );
    const snapshot = await readUsageFile(path, { now: TEST_NOW });
    expect(totalsOf(snapshot.models[0]!).InputTokenCount).toBe(11);
    expect(snapshot.window.start).toBe('2026-11-01T00:00:00.000Z');
  });

  it.each([
    [
      'a column whose label is the console default (the metric name only)',
      `Time,InputTokenCount\n2026-11-01 00:00:00 UTC,1\n`,
      /wide-\d+\.csv:1: column 2 header "InputTokenCount" does not name the Region, model and metric.*\$\{PROP\('Dim\.ModelId'\)\}/,
    ],
    [
      'a time without its zone (the graph may be in local time)',
      `${HEADER}\n2026-11-01 00:00:00,1,1,1\n`,
      /wide-\d+\.csv:2: time "2026-11-01 00:00:00" is not an ISO 8601 time with its zone/,
    ],
    [
      'a fractional value (an Average graphed instead of a Sum)',
      `${HEADER}\n2026-11-01 00:00:00 UTC,1,1,1\n2026-11-01 00:01:00 UTC,1,2.5,1\n`,
      /wide-\d+\.csv:3: column 3 \("us-east-1 anthropic\.claude-3-haiku-20240307-v1:0 OutputTokenCount"\): value "2\.5" is not a non-negative whole number/,
    ],
    [
      'the same series in two columns',
      `Time,us-east-1 ${HAIKU} InputTokenCount,us-east-1  ${HAIKU}  InputTokenCount\n2026-11-01 00:00:00 UTC,1,1\n`,
      /:1: columns 2 and 3 are both/,
    ],
    [
      'a row with a missing cell',
      `${HEADER}\n2026-11-01 00:00:00 UTC,1,1\n`,
      /wide-\d+\.csv:2: not valid CSV: 3 fields where the header has 4/,
    ],
    [
      'a geographic profile from another Region',
      `Time,us-east-1 eu.${HAIKU} InputTokenCount\n2026-11-01 00:00:00 UTC,1\n2026-11-01 00:01:00 UTC,1\n`,
      /wide-\d+\.csv:2: column 2 .*cannot have been called in us-east-1/,
    ],
    [
      'a metric that is not a Bedrock usage metric',
      `Time,us-east-1 ${HAIKU} InvocationLatency\n2026-11-01 00:00:00 UTC,1\n2026-11-01 00:01:00 UTC,1\n`,
      /column 2 .*metric "InvocationLatency" is not a Bedrock usage metric/,
    ],
    [
      'the same time twice',
      `${HEADER}\n2026-11-01 00:00:00 UTC,1,1,1\n2026-11-01 00:00:00 UTC,2,2,2\n`,
      /wide-\d+\.csv:3: column 2 .*duplicate InputTokenCount.*wide-\d+\.csv:2: column 2/,
    ],
  ])('refuses %s, naming the line and column', async (_what, text, message) => {
    await expect(readUsageFile(file(text), { now: TEST_NOW })).rejects.toThrow(message);
  });

  it('keeps the canonical CSV header error for a header that names canonical columns', async () => {
    await expect(readUsageFile(file('timestamp,region,metric,value\n'), { now: TEST_NOW })).rejects.toThrow(/header is missing column\(s\) modelId/);
  });
});
