import { CloudWatchLogsClient, FilterLogEventsCommand, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvocationLogError } from '../logs/log-rows.js';
import { recordTextProblem } from '../logs/record-check.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * `--invocation-logs arn:aws:logs:REGION:ACCOUNT:log-group:NAME`: Bedrock sends one event per request to
 * a CloudWatch Logs group, the event's message being the record
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html). Every stream of
 * the group is read with FilterLogEvents over the analysis window, page by page
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html).
 *
 * Each message gets the same strict check as a line of a log object (src/logs/record-check.ts), named
 * by its group, stream and event ID, and is then written as one line of gzipped JSON to `out`, a file
 * the DuckDB reader aggregates with the same query as a log folder. Nothing is held in memory beyond one
 * page (at most 10,000 events or 1 MB): a group of any size streams to disk. A request delivered twice
 * (in two streams, or twice in one) is counted once, by its requestId, in the query.
 */

export function createCloudWatchLogsClient(region: string, options: AdvisorClientOptions<CloudWatchLogsClientConfig> = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient(awsClientConfig(region, options));
}

/** Epoch milliseconds, end exclusive. */
export interface LogEventWindow {
  start: number;
  end: number;
}

export interface LogGroupRead {
  events: number;
  streams: number;
  /** FilterLogEvents calls made. */
  pages: number;
}

/** The most events FilterLogEvents returns in one page (its `limit` bound). */
const PAGE_LIMIT = 10_000;

export async function writeLogGroupEvents(client: CloudWatchLogsClient, groupArn: string, window: LogEventWindow, out: Writable, signal?: AbortSignal): Promise<LogGroupRead> {
  const streams = new Set<string>();
  let events = 0;
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        logGroupIdentifier: groupArn,
        startTime: window.start,
        // FilterLogEvents' endTime is inclusive; the window's end is not.
        endTime: window.end - 1,
        limit: PAGE_LIMIT,
        ...(nextToken ? { nextToken } : {}),
      }),
      abortable(signal),
    );
    pages++;
    const lines: string[] = [];
    for (const event of page.events ?? []) {
      const message = event.message ?? '';
      const problem = recordTextProblem(message);
      if (problem) throw new InvocationLogError(`${groupArn} stream ${event.logStreamName ?? '(none)'} event ${event.eventId ?? '(none)'}: ${problem}`);
      // A valid JSON text holds line breaks only between tokens: as spaces, the record is one line.
      lines.push(message.replace(/[\r\n]+/g, ' '));
      if (event.logStreamName) streams.add(event.logStreamName);
    }
    events += lines.length;
    if (lines.length > 0 && !out.write(`${lines.join('\n')}\n`)) await once(out, 'drain', signal ? { signal } : {});
    // CloudWatch Logs may answer a page with no events and a token while it searches: the token decides.
    nextToken = page.nextToken;
  } while (nextToken);
  return { events, streams: streams.size, pages };
}
