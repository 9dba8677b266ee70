import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInvocationLogFolder } from '../logs/cli-logs.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { InvocationLogError } from '../logs/log-rows.js';

/**
 * `--invocation-logs PATH`: a local folder laid out as the log bucket, or `s3://bucket/prefix` (the
 * objects copied into a temporary folder in the same layout, then read by the same reader; errors name
 * the S3 object, not the copy).
 */
export async function readInvocationLogsFrom(path: string, aws: { region: string; profile?: string }): Promise<InvocationLogRead> {
  if (!path.startsWith('s3://')) return readInvocationLogFolder(path);
  const root = await mkdtemp(join(tmpdir(), 'bedrock-invocation-logs-'));
  try {
    const { downloadInvocationLogs } = await import('./aws-path.js');
    const downloaded = await downloadInvocationLogs(path, root, aws.region, aws.profile);
    const bucketRoot = `s3://${/^s3:\/\/([^/]+)/.exec(path)![1]}/`;
    try {
      const read = await readInvocationLogFolder(root);
      return { ...read, description: `${path} (${downloaded.objects} object${downloaded.objects === 1 ? '' : 's'})` };
    } catch (error) {
      if (!(error instanceof InvocationLogError)) throw error;
      throw new InvocationLogError(error.message.split(`${root}/`).join(bucketRoot).split(root).join(path));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
