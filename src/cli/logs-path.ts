import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInvocationLogFolder } from '../logs/cli-logs.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { invocationLogSource } from '../logs/log-source.js';
import { InvocationLogError } from '../logs/log-rows.js';

export interface RemoteLogsOptions {
  /** The Region of s3:// reads (a log group's is in its ARN). */
  region: string;
  profile?: string;
  /** A log group is read over this window (epoch ms, end exclusive): the analysis window. */
  window: { start: number; end: number };
  /** --timeout (epoch ms on the run's timer): logs from AWS not read by then stop the run. */
  deadline?: number;
}

/**
 * `--invocation-logs PATH`: a local folder laid out as the log bucket, `s3://bucket/prefix` (the objects
 * copied into a temporary folder in the same layout), or a CloudWatch Logs group's ARN (its events in
 * the window written to a temporary gzipped JSON-lines file); each then read by the same reader and
 * query. Errors name the S3 object or the log group, not the temporary copy.
 */
export async function readInvocationLogsFrom(path: string, remote: RemoteLogsOptions): Promise<InvocationLogRead> {
  const source = invocationLogSource(path);
  if (source.kind === 'folder') return readInvocationLogFolder(path);
  const root = await mkdtemp(join(tmpdir(), 'bedrock-invocation-logs-'));
  const named = (error: unknown, as: (text: string) => string): never => {
    if (!(error instanceof InvocationLogError)) throw error;
    throw new InvocationLogError(as(error.message), { cause: error });
  };
  try {
    const aws = await import('./aws-path.js');
    if (source.kind === 's3') {
      const downloaded = await aws.downloadInvocationLogs(source.uri, root, remote.region, remote.profile, remote.deadline);
      const bucketRoot = `s3://${/^s3:\/\/([^/]+)/.exec(source.uri)![1]}/`;
      try {
        const read = await readInvocationLogFolder(root);
        // Set, not copied (`{ ...read }` would build the hours the reader keeps as columns).
        read.description = `${path} (${downloaded.objects} object${downloaded.objects === 1 ? '' : 's'})`;
        return read;
      } catch (error) {
        return named(error, (m) => m.split(`${root}/`).join(bucketRoot).split(root).join(path));
      }
    }
    const file = join(root, 'events.json.gz');
    const events = await aws.downloadLogGroupEvents(source, file, remote.window, remote.profile, remote.deadline);
    const span = `${new Date(remote.window.start).toISOString()} to ${new Date(remote.window.end).toISOString()}`;
    if (events.events === 0) throw new InvocationLogError(`--invocation-logs ${source.arn}: no log events from ${span}`);
    try {
      const read = await readInvocationLogFolder(file);
      read.description = `${source.arn} (${events.events} event${events.events === 1 ? '' : 's'} in ${events.streams} stream${events.streams === 1 ? '' : 's'}, ${span})`;
      return read;
    } catch (error) {
      // The events were checked one by one as they arrived; what the query still refuses is named by the group.
      return named(error, (m) => m.split(file).join(source.arn));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
