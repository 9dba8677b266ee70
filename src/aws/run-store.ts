import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { RunStore } from '../service/fan-out.js';
import { abortable } from './client-config.js';
import { S3RunReader, createS3Client, runBucketFromEnv } from './run-reader.js';

/**
 * The fan-out's run store in one S3 bucket: reads (./run-reader.ts) and writes. Objects are JSON,
 * encrypted by the bucket's default (SSE-S3), and the bucket's lifecycle rule deletes them after a
 * few weeks.
 */
export class S3RunStore extends S3RunReader implements RunStore {
  async put(key: string, body: string, signal?: AbortSignal): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }), abortable(signal));
  }
}

/** The store from the function's configuration: RUN_BUCKET, in the function's own Region (its own stack). */
export function runStoreFromEnv(bucket: string | undefined, region: string): S3RunStore {
  return new S3RunStore(createS3Client(region), runBucketFromEnv(bucket));
}
