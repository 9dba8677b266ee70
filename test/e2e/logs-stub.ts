import type { ServerResponse } from 'node:http';
import { reply } from './pricing-stub.js';

/**
 * CloudWatch Logs on the loopback stub: awsJson1_1 (`x-amz-target: Logs_20140328.FilterLogEvents`), in
 * the shapes of the CloudWatch Logs API reference (API_FilterLogEvents.html). A group is found by
 * `logGroupIdentifier` (its ARN, without `:*`) or `logGroupName`; events with `startTime <= timestamp
 * <= endTime` (both inclusive, as the service documents them) are answered in time order, `limit` (and
 * the fixture's page size) at a time, with a `nextToken` while events remain. A group not in the
 * fixture answers ResourceNotFoundException, as the service does.
 */
export interface LogGroupEvent {
  logStreamName: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
  eventId?: string;
}

export interface LogGroupFixture {
  /** The group's ARN, `arn:aws:logs:REGION:ACCOUNT:log-group:NAME`. */
  arn: string;
  events: LogGroupEvent[];
  /** Events per page at most (default 10,000, the service's own bound). */
  eventsPerPage?: number;
  /** Every FilterLogEvents request on this group, as sent. */
  requests?: Array<Record<string, unknown>>;
}

export function handleCloudWatchLogs(groups: readonly LogGroupFixture[], target: string, body: string, res: ServerResponse): number {
  const input = JSON.parse(body || '{}') as Record<string, unknown>;
  if (target !== 'Logs_20140328.FilterLogEvents') return reply(res, 400, { __type: 'UnknownOperationException', message: `stub does not implement ${target}` });
  const identifier = String(input.logGroupIdentifier ?? input.logGroupName ?? '');
  const group = groups.find((g) => g.arn === identifier || g.arn.split(':log-group:')[1] === identifier);
  if (!group) return reply(res, 400, { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  (group.requests ??= []).push(input);
  const start = input.startTime === undefined ? -Infinity : Number(input.startTime);
  const end = input.endTime === undefined ? Infinity : Number(input.endTime);
  const matching = group.events
    .map((e, i) => ({ ...e, eventId: e.eventId ?? `${String(e.timestamp).padStart(20, '0')}${String(i).padStart(36, '0')}` }))
    .filter((e) => e.timestamp >= start && e.timestamp <= end)
    .sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  const size = Math.min(Number(input.limit ?? 10_000), group.eventsPerPage ?? 10_000);
  const offset = Number(input.nextToken ?? 0);
  const page = matching.slice(offset, offset + size);
  const more = offset + size < matching.length;
  return reply(res, 200, {
    events: page.map((e) => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 1_000, eventId: e.eventId })),
    searchedLogStreams: [],
    ...(more ? { nextToken: String(offset + size) } : {}),
  });
}
