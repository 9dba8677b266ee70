import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvocationLogError } from '../logs/log-rows.js';
import { isLogRecordObject } from '../logs/read-invocation-logs.js';
import { abortable } from './client-config.js';

/**
 * `--invocation-logs s3://bucket/prefix`: the log bucket's objects under a prefix (ListObjectsV2 page by
 * page, then GetObject each), copied into a local folder in the bucket's own layout, where the DuckDB
 * reader reads them as it reads any folder: the same strictness, the same query. Objects under `/data/`
 * and the permission-check object are not records and are not downloaded.
 */

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = S3_URI.exec(uri);
  if (!match) throw new InvocationLogError(`--invocation-logs ${uri}: expected s3://bucket/prefix`);
  return { bucket: match[1]!, prefix: match[2] ?? '' };
}

export interface DownloadedLogs {
  /** Log objects copied. */
  objects: number;
  /** Objects under the prefix that hold no records (`/data/` bodies, the permission check, other files). */
  skipped: number;
}

export async function downloadInvocationLogObjects(client: S3Client, uri: string, into: string, signal?: AbortSignal): Promise<DownloadedLogs> {
  const { bucket, prefix } = parseS3Uri(uri);
  let objects = 0;
  let skipped = 0;
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const { Key: key } of page.Contents ?? []) {
      if (!key) continue;
      if (!isLogRecordObject(key)) {
        skipped++;
        continue;
      }
      // Written under its own key: a key that climbs out of the folder is no log object.
      if (key.split('/').some((part) => part === '..' || part === '.') || key.startsWith('/')) throw new InvocationLogError(`s3://${bucket}/${key}: not a log object key`);
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), abortable(signal));
      if (!object.Body) throw new InvocationLogError(`s3://${bucket}/${key}: GetObject returned no body`);
      const file = join(into, key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, await object.Body.transformToByteArray());
      objects++;
    }
  }
  if (objects === 0) throw new InvocationLogError(`--invocation-logs ${uri}: no log objects under this prefix (expected AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/*.json.gz)`);
  return { objects, skipped };
}
