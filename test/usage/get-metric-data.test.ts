import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUsageFile } from '../../src/usage/read-file.js';
import { totalsOf } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';

/**
 * `--input` takes what `aws cloudwatch get-metric-data` prints. Its shape is MetricDataResult of the
 * CloudWatch API reference (Id, Label, Timestamps, Values, StatusCode; "Timestamps[x] is Values[x]"),
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html, with the
 * CLI's ISO 8601 timestamps. The query's Label names the Region, model and metric (README, Usage input).
 */

const dir = mkdtempSync(join(tmpdir(), 'bca-gmd-'));
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

function file(document: unknown, pretty = true): string {
  const path = join(dir, `gmd-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, pretty ? JSON.stringify(document, null, 4) : JSON.stringify(document));
  return path;
}

const output = (results: unknown[]) => ({ MetricDataResults: results, Messages: [] });
const result = (id: string, label: string, points: Array<[string, number]>, status = 'Complete') => ({
  Id: id,
  Label: label,
  // Newest first, as GetMetricData returns by default (ScanBy TimestampDescending).
  Timestamps: points.map(([t]) => t).reverse(),
  Values: points.map(([, v]) => v).reverse(),
  StatusCode: status,
});

describe('get-metric-data JSON as --input', () => {
  it.each([true, false])('reads every result as the series its Label names (pretty-printed: %s)', async (pretty) => {
    const path = file(output([
      result('in0', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00+00:00', 1000], ['2026-11-01T00:01:00+00:00', 2000]]),
      result('out0', `us-east-1 ${HAIKU} OutputTokenCount`, [['2026-11-01T00:00:00+00:00', 100], ['2026-11-01T00:01:00+00:00', 50]]),
      result('in1', 'us-west-2 amazon.nova-micro-v1:0 InputTokenCount', [['2026-11-01T00:00:00+00:00', 7], ['2026-11-01T00:01:00+00:00', 0]]),
    ]), pretty);
    const snapshot = await readUsageFile(path, { now: TEST_NOW });
    const haiku = snapshot.models.find((m) => m.modelId === HAIKU)!;
    expect(haiku.region).toBe('us-east-1');
    expect(totalsOf(haiku)).toMatchObject({ InputTokenCount: 3000, OutputTokenCount: 150 });
    expect(totalsOf(snapshot.models.find((m) => m.region === 'us-west-2')!).InputTokenCount).toBe(7);
    expect(snapshot.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T00:02:00.000Z' });
  });

  it.each([
    ['a Label that does not name Region, model and metric (the default Label is the metric name)', [result('m1', 'InputTokenCount', [['2026-11-01T00:00:00Z', 1]])], /MetricDataResults\[0\] \(Id "m1"\)\.Label "InputTokenCount" does not name the Region, model and metric/],
    ['PartialData (the rest behind a NextToken)', [result('m1', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00Z', 1]], 'PartialData')], /\.StatusCode is "PartialData", not "Complete"/],
    ['a fractional value', [result('m1', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00Z', 1.5], ['2026-11-01T00:01:00Z', 1]])], /MetricDataResults\[0\] \(Id "m1"\) point 1 \(2026-11-01T00:00:00Z\): value "1.5" is not a non-negative whole number/],
    ['a metric that is not a Bedrock usage metric', [result('m1', `us-east-1 ${HAIKU} InvocationLatency`, [['2026-11-01T00:00:00Z', 1], ['2026-11-01T00:01:00Z', 1]])], /MetricDataResults\[0\] \(Id "m1"\) point 1 \(2026-11-01T00:00:00Z\): metric "InvocationLatency" is not a Bedrock usage metric/],
    ['a geo profile from another Region', [result('m1', `us-east-1 eu.${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00Z', 1], ['2026-11-01T00:01:00Z', 1]])], /cannot have been called in us-east-1/],
    ['the same series twice', [result('a', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00Z', 1], ['2026-11-01T00:01:00Z', 1]]), result('b', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:00:00Z', 1]])], /MetricDataResults\[1\] \(Id "b"\) point 0 .*: duplicate InputTokenCount .* already given at .*MetricDataResults\[0\] \(Id "a"\) point 1/],
    ['every point at one timestamp', [result('m1', `us-east-1 ${HAIKU} InputTokenCount`, [['2026-11-01T00:05:00Z', 1000000]])], /every row is at one timestamp/],
  ])('refuses %s, naming the result', async (_what, results, message) => {
    await expect(readUsageFile(file(output(results)), { now: TEST_NOW })).rejects.toThrow(message);
  });
});
