import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real DynamoDB-protocol server (dynalite, in memory) on a loopback port, with the advisor's
 * idempotency table created as serverless.yml declares it: key `id` (string). Point the SDK at `url`
 * with AWS_ENDPOINT_URL_DYNAMODB.
 */

export const IDEMPOTENCY_TABLE = 'bedrock-cost-advisor-test-idempotency';

export interface LocalDynamoDb {
  url: string;
  /** Every item of the idempotency table, unmarshalled to plain strings/numbers. */
  items(): Promise<Array<Record<string, string | number>>>;
  close(): Promise<void>;
}

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
  await client.send(
    new CreateTableCommand({
      TableName: IDEMPOTENCY_TABLE,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    url,
    items: async () => {
      const out = await client.send(new ScanCommand({ TableName: IDEMPOTENCY_TABLE }));
      return (out.Items ?? []).map((item) =>
        Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : JSON.stringify(v))])),
      );
    },
    close: async () => {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
