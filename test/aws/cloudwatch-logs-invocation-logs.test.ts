import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeLogGroupEvents } from '../../src/aws/cloudwatch-logs-invocation-logs.js';
import { InvocationLogError } from '../../src/logs/log-rows.js';
import { logRecord } from '../logs/log-fixture.js';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/bedrock/invocations';
const WINDOW = { start: Date.parse('2026-11-02T00:00:00Z'), end: Date.parse('2026-11-03T00:00:00Z') };

const record = (requestId: string, minute: number) => logRecord({ requestId, timestamp: `2026-11-02T10:${String(minute).padStart(2, '0')}:00Z`, input: 100 + minute, output: 10 });
const event = (stream: string, eventId: string, body: unknown) => ({ logStreamName: stream, eventId, timestamp: WINDOW.start, message: typeof body === 'string' ? body : JSON.stringify(body) });

/** What was written to the stream, as its lines. */
function sink(): { out: PassThrough; lines: () => string[] } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, lines: () => Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '') };
}

beforeEach(() => logs.reset());

describe('writeLogGroupEvents (CloudWatch Logs FilterLogEvents)', () => {
  it('reads every page over the window (an empty page with a token included), one line per event, and counts streams', async () => {
    // Prepare: three pages; the second is empty but carries a token, as the service answers while it searches.
    logs.on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event('s1', 'e1', record('a', 1)), event('s2', 'e2', record('b', 2))], nextToken: 't1' })
      .resolvesOnce({ events: [], nextToken: 't2' })
      .resolvesOnce({ events: [event('s1', 'e3', record('a', 1))] });
    const { out, lines } = sink();

    // Act
    const read = await writeLogGroupEvents(client, GROUP, WINDOW, out);

    // Assess: the window's end is exclusive, FilterLogEvents' endTime inclusive.
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 1, { logGroupIdentifier: GROUP, startTime: WINDOW.start, endTime: WINDOW.end - 1, limit: 10_000 });
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, { nextToken: 't1' });
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 3, { nextToken: 't2' });
    expect(read).toEqual({ events: 3, streams: 2, pages: 3 });
    // The duplicate (a in two pages) is written as delivered: the query counts a requestId once.
    expect(lines().map((l) => JSON.parse(l).requestId)).toEqual(['a', 'b', 'a']);
  });

  it('writes a record spread over several lines (pretty-printed JSON) as one line', async () => {
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [event('s1', 'e1', JSON.stringify(record('a', 1), null, 2))] });
    const { out, lines } = sink();
    await writeLogGroupEvents(client, GROUP, WINDOW, out);
    expect(lines()).toHaveLength(1);
    expect(JSON.parse(lines()[0]!)).toEqual(record('a', 1));
  });

  it.each([
    ['a count that is not a whole number', { ...record('b', 2), input: { inputTokenCount: 'many' } }, /stream s2 event e2: field input\.inputTokenCount must be a whole number of tokens, not "many"$/],
    ['a message that is not JSON', 'START RequestId: 42', /stream s2 event e2: not a JSON record \(/],
    ['a record of another schema', { ...record('b', 2), schemaVersion: '2.0' }, /stream s2 event e2: field schemaVersion must be "1\.0", not "2\.0"$/],
  ])('refuses %s, naming the group, stream and event ID', async (_what, bad, message) => {
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [event('s1', 'e1', record('a', 1)), event('s2', 'e2', bad)], nextToken: 't1' }).resolves({ events: [] });
    const { out, lines } = sink();
    const failure = writeLogGroupEvents(client, GROUP, WINDOW, out);
    await expect(failure).rejects.toBeInstanceOf(InvocationLogError);
    await expect(failure).rejects.toThrow(new RegExp(`^${GROUP.replace(/[/.]/g, '\\$&')} ${message.source}`));
    // Nothing of the bad page was written, and no later page was asked for.
    expect(lines()).toEqual([]);
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 1);
  });

  it('passes the run\'s abort signal to every call', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const { out } = sink();
    // aws-sdk-client-mock does not honour the signal itself: the send options carry it.
    await writeLogGroupEvents(client, GROUP, WINDOW, out, controller.signal);
    expect((logs.commandCalls(FilterLogEventsCommand)[0]!.args as unknown[])[1]).toMatchObject({ abortSignal: controller.signal });
  });
});
