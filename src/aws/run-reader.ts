import { GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../errors.js';
import type { RunReader } from '../service/fan-out.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * Reads the fan-out's run store in one S3 bucket (the stack's `RunBucket`): items, prices and partial
 * reports of a run under `runs/<period>/`. Apart from ./run-store.ts (which writes too) so the
 * aggregator, which only reads, holds no code that writes.
 */
export class S3RunReader implements RunReader {
  constructor(
    protected readonly client: S3Client,
    protected readonly bucket: string,
  ) {}

  /**
   * `undefined` for a key with no object. S3 answers NoSuchKey only to a caller allowed to list the
   * bucket (otherwise AccessDenied), so the roles that read partials also have s3:ListBucket on the
   * run prefix (serverless.yml).
   */
  async get(key: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), abortable(signal));
      return await out.Body!.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

/**
 * Path-style addressing so a loopback endpoint (AWS_ENDPOINT_URL in tests) serves every bucket;
 * real S3 accepts path-style requests too.
 */
export function createS3Client(region: string, options: AdvisorClientOptions<S3ClientConfig> = {}): S3Client {
  return new S3Client({ ...awsClientConfig(region, options), forcePathStyle: true });
}

/** The bucket from the function's configuration: RUN_BUCKET, in the function's own Region (its own stack). */
export function runBucketFromEnv(bucket: string | undefined): string {
  if (!bucket) throw new ConfigurationError('RUN_BUCKET: environment variable is not set (the S3 bucket of the fan-out runs)');
  return bucket;
}

export function runReaderFromEnv(bucket: string | undefined, region: string): S3RunReader {
  return new S3RunReader(createS3Client(region), runBucketFromEnv(bucket));
}
