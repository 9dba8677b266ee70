import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * Where the digest records which schedule periods are published: a DynamoDB table with key `id` and
 * TTL attribute `expiration` (serverless.yml, IdempotencyTable), read and written by Powertools
 * Idempotency with GetItem, PutItem, UpdateItem and DeleteItem.
 */
export function createIdempotencyStore(tableName: string, region: string, options: AdvisorClientOptions<DynamoDBClientConfig> = {}): DynamoDBPersistenceLayer {
  return idempotencyStoreOn(tableName, createIdempotencyClient(region, options));
}

/** The DynamoDB client the stores use; one client can serve several stores (the runaway watch's two). */
export function createIdempotencyClient(region: string, options: AdvisorClientOptions<DynamoDBClientConfig> = {}): DynamoDBClient {
  return new DynamoDBClient(awsClientConfig(region, options));
}

/** A store on the table through a client built elsewhere. */
export function idempotencyStoreOn(tableName: string, client: DynamoDBClient): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({ tableName, keyAttr: 'id', expiryAttr: 'expiration', awsSdkV3Client: client });
}
