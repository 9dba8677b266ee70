import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, anthropicBody, converseBody, logRecord, SONNET_45, writeLogFolder } from '../logs/log-fixture.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { runCli } from './harness.js';
import type { LogGroupFixture } from './logs-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';

/**
 * `analyze --invocation-logs <log group ARN>` with the real CloudWatch Logs client over HTTP (awsJson1_1,
 * `Logs_20140328.FilterLogEvents`) against the loopback stub: the events read page by page over the
 * window, a request delivered in two streams counted once, the report the one the same records give
 * from a folder, and a bad event named by its group, stream and event ID.
 */
loopbackTimeouts();
const GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/bedrock/model-invocations`;
const BAD_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/bedrock/bad`;

const RECORDS = [
  logRecord({ requestId: 'a', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 10, cacheWrite: 300, outputBody: anthropicBody(100, 200, 1_000, 10) }),
  logRecord({ requestId: 'b', timestamp: '2026-11-02T11:01:00Z', input: 250_000, output: 10, requestMetadata: { team: 'x' } }),
  logRecord({ requestId: 'c', timestamp: '2026-11-02T12:30:00Z', input: 2_000, output: 20, cacheWrite: 50, operation: 'Converse', outputBody: converseBody([{ ttl: '1h', inputTokens: 50 }], 2_000, 20) }),
];
const at = (r: Record<string, unknown>) => Date.parse(String(r.timestamp));
const group: LogGroupFixture = {
  arn: GROUP,
  eventsPerPage: 2,
  events: [
    ...RECORDS.map((r, i) => ({ logStreamName: i === 1 ? 'stream-b' : 'stream-a', timestamp: at(r), message: JSON.stringify(r) })),
    // Delivered again in another stream: the same request, counted once.
    { logStreamName: 'stream-b', timestamp: at(RECORDS[0]!) + 5, message: JSON.stringify(RECORDS[0]) },
  ],
};
const badGroup: LogGroupFixture = {
  arn: BAD_GROUP,
  events: [
    { logStreamName: 'stream-a', timestamp: at(RECORDS[0]!), message: JSON.stringify(RECORDS[0]) },
    { logStreamName: 'stream-z', timestamp: at(RECORDS[1]!), eventId: '38001', message: JSON.stringify({ ...RECORDS[1], output: { outputTokenCount: -1 } }) },
  ],
};

let stub: AwsStub;
beforeAll(async () => {
  stub = await startAwsStub({ logGroups: [group, badGroup] });
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1' });
});
beforeEach(() => stub.reset());
afterAll(async () => {
  await stub?.close();
});

describe('bedrock-cost-advisor analyze --invocation-logs <log group ARN>', () => {
  it('reads the group over the last --days, page by page, and reports exactly what the same records give from a folder', async () => {
    // The run's clock is 2026-12-05: 40 days back covers 2026-11-02.
    const fromGroup = await runCli(['analyze', '--invocation-logs', GROUP, '--days', '40', '--format', 'json']);
    expect(fromGroup.stderr).toBe('');
    expect(fromGroup.code).toBe(0);
    const calls = stub.requests.filter((r) => r.service === 'logs');
    // 4 events, 2 a page; every call signed for the group's Region.
    expect(calls.map((c) => [c.operation, c.region, c.status])).toEqual(Array(2).fill(['FilterLogEvents', 'us-east-1', 200]));
    expect(group.requests![0]).toMatchObject({ logGroupIdentifier: GROUP, startTime: Date.parse('2026-10-26T00:00:00Z'), endTime: Date.parse('2026-12-05T00:00:00Z') - 1 });
    const local = await runCli(['analyze', '--invocation-logs', writeLogFolder(RECORDS), '--format', 'json']);
    const a = JSON.parse(fromGroup.stdout);
    const b = JSON.parse(local.stdout);
    expect(a.invocationLogs.requests).toBe(3);
    expect(a.invocationLogs.duplicates).toBe(1);
    expect({ ...a.invocationLogs, source: undefined, duplicates: undefined }).toEqual({ ...b.invocationLogs, source: undefined, duplicates: undefined });
    expect(a.invocationLogs.source).toBe(`${GROUP} (4 events in 2 streams, 2026-10-26T00:00:00.000Z to 2026-12-05T00:00:00.000Z)`);
    expect(a.callers).toEqual(b.callers);
    expect(a.models).toEqual(b.models);
    // Worked by hand: request c's cache write is 50 tokens at 1 hour (Converse cacheDetails), a's 100 at 5 minutes and 200 at 1 hour.
    const model = a.models.find((m: { modelId: string }) => m.modelId === SONNET_45);
    expect(model.requests.tokens).toMatchObject({ cacheWrite5m: 100, cacheWrite1h: 250 });
  });

  it('alone, reads the last 30 days by default: records older than that are not in the window', async () => {
    const result = await runCli(['analyze', '--invocation-logs', GROUP, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --invocation-logs ${GROUP}: no log events from 2026-11-05T00:00:00.000Z to 2026-12-05T00:00:00.000Z\n`);
  });

  it('beside --input, reads the group over the usage window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-cwlogs-'));
    const csv = join(dir, 'usage.csv');
    writeFileSync(csv, ['timestamp,region,modelId,metric,value', ...['10', '11', '12'].flatMap((h) => [
      `2026-11-02T${h}:00:00Z,us-east-1,${SONNET_45},InputTokenCount,90000`,
      `2026-11-02T${h}:00:00Z,us-east-1,${SONNET_45},OutputTokenCount,20`,
      `2026-11-02T${h}:00:00Z,us-east-1,${SONNET_45},Invocations,1`,
    ])].join('\n'));
    const result = await runCli(['analyze', '--input', csv, '--invocation-logs', GROUP, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(group.requests![0]).toMatchObject({ startTime: Date.parse('2026-11-02T10:00:00Z'), endTime: Date.parse('2026-11-02T13:00:00Z') - 1 });
    const model = JSON.parse(result.stdout).models.find((m: { modelId: string }) => m.modelId === SONNET_45);
    expect(model.requests).toMatchObject({ requests: 3, longContextRequests: 1, coverage: { complete: true } });
  });

  it('names a bad event by its group, stream and event ID and field, exit 2, no report', async () => {
    const result = await runCli(['analyze', '--invocation-logs', BAD_GROUP, '--days', '40', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: ${BAD_GROUP} stream stream-z event 38001: field output.outputTokenCount must be a whole number of tokens, not "-1"\n`);
  });

  it('refuses a group that does not exist, a Region that denies access, and text that is no log group ARN, each exit 2 naming the flag', async () => {
    const missing = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/nope`;
    const notFound = await runCli(['analyze', '--invocation-logs', missing, '--days', '40']);
    expect(notFound.code).toBe(2);
    expect(notFound.stderr).toBe(`error: --invocation-logs ${missing}: The specified log group does not exist.\n`);

    stub.failRegions.add('eu-west-1');
    const deniedGroup = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/bedrock/model-invocations`;
    const denied = await runCli(['analyze', '--invocation-logs', deniedGroup]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(new RegExp(`^error: --invocation-logs ${deniedGroup.replace(/[/.]/g, '\\$&')}: .*not authorized to perform: logs:FilterLogEvents.* \\(reading a log group needs logs:FilterLogEvents on it\\)\\n$`));

    const ambiguous = await runCli(['analyze', '--invocation-logs', 'arn:aws:s3:::bedrock-logs']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^error: --invocation-logs arn:aws:s3:::bedrock-logs: not a CloudWatch Logs log group ARN; give a log group as arn:aws:logs:/);
    // Refused before any call.
    expect(stub.requests.filter((r) => r.operation === 'FilterLogEvents')).toHaveLength(2);
  });

  it('refuses --days with a log group beside other usage, and with a folder', async () => {
    const withFolder = await runCli(['analyze', '--invocation-logs', writeLogFolder(RECORDS), '--days', '40']);
    expect(withFolder.code).toBe(2);
    expect(withFolder.stderr).toBe('error: --days only applies with --region or with a log group ARN given alone to --invocation-logs\n');
  });
});
