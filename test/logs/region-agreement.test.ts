import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/logs/record-check.js';
import { InvocationLogError, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { isRegionCode } from '../../src/region.js';
import { logKey, logRecord, writeLogFolder } from './log-fixture.js';

/**
 * One Region test everywhere (src/region.ts): the invocation-log query (DuckDB here, Athena in an
 * account) and the record check that names the bad line accept and refuse the same Region codes as the
 * CLI and the Lambda. The query once had its own pattern.
 */
const ACCEPTED = ['us-east-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'ap-southeast-2'];
const REFUSED = ['us_east_1', 'US-EAST-1', 'us-east', 'useast1', 'us-east-1a', 'north-america-east-1'];

async function readsWith(region: string): Promise<'read' | 'refused'> {
  const record = logRecord({ requestId: 'r1', timestamp: '2026-11-02T10:00:00Z', input: 100, output: 10 });
  record.region = region;
  const dir = writeLogFolder([], { extra: { [logKey('us-east-1', '2026-11-02T10:00:00Z', 'region.json.gz')]: `${JSON.stringify(record)}\n` } });
  try {
    await readInvocationLogs(dir, { longContextThresholds: [200_000] });
    return 'read';
  } catch (error) {
    expect(error).toBeInstanceOf(InvocationLogError);
    return 'refused';
  }
}

describe('Region codes in invocation logs', () => {
  it.each(ACCEPTED.map((r) => [r]))('%s is read, as the CLI and the Lambda accept it', async (region) => {
    expect(isRegionCode(region)).toBe(true);
    expect(await readsWith(region)).toBe('read');
  }, 60_000);

  it.each(REFUSED.map((r) => [r]))('%s is refused, naming the region field, as the CLI and the Lambda refuse it', async (region) => {
    expect(isRegionCode(region)).toBe(false);
    const record = logRecord({ requestId: 'r1', timestamp: '2026-11-02T10:00:00Z', input: 100, output: 10 });
    record.region = region;
    expect(checkRecord(JSON.parse(JSON.stringify(record)))?.field).toBe('region');
    expect(await readsWith(region)).toBe('refused');
  }, 60_000);
});
