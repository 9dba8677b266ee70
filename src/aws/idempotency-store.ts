import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ConfigurationError } from '../errors.js';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * Where the digest records which schedule periods are published: a DynamoDB table with key `id` and
 * TTL attribute `expiration` (serverless.yml, IdempotencyTable), read and written by Powertools
 * Idempotency with GetItem, PutItem, UpdateItem and DeleteItem.
 */
export function createIdempotencyStore(tableName: string, region: string, options: AdvisorClientOptions<DynamoDBClientConfig> = {}): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    keyAttr: 'id',
    expiryAttr: 'expiration',
    awsSdkV3Client: new DynamoDBClient(awsClientConfig(region, options)),
  });
}

/** The store from the function's configuration: IDEMPOTENCY_TABLE, in the function's own Region (its own stack). */
export function idempotencyStoreFromEnv(table: string | undefined, region: string): DynamoDBPersistenceLayer {
  if (!table) throw new ConfigurationError('IDEMPOTENCY_TABLE: environment variable is not set (the DynamoDB table recording which periods have their digest)');
  return createIdempotencyStore(table, region);
}
