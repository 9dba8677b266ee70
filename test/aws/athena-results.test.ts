import { AthenaClient, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryResults } from '../../src/aws/athena-results.js';
import { downloadInvocationLogObjects } from '../../src/aws/s3-invocation-logs.js';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);

const cells = (values: Array<string | null>) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
const meta = { ColumnInfo: [{ Name: 'usage_type', Type: 'varchar' }, { Name: 'quantity', Type: 'varchar' }] };

describe("the aggregator's reader of a finished query", () => {
  beforeEach(() => athena.reset());

  it('pages GetQueryResults to the end, dropping the header row of the first page only, a missing value null', async () => {
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-9', MaxResults: 1000 })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [cells(['usage_type', 'quantity']), cells(['USE1-a', '1'])] }, NextToken: 't1' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-9', MaxResults: 1000, NextToken: 't1' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [cells(['usage_type', null])] } });
    const rows = await new AthenaQueryResults(new AthenaClient({ region: 'us-east-1' })).rows('q-9');
    // The second page's first row is data: a header is only the first page's.
    expect(rows).toEqual([{ usage_type: 'USE1-a', quantity: '1' }, { usage_type: 'usage_type', quantity: null }]);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
  });
});

describe('invocation-log objects from S3', () => {
  beforeEach(() => s3.reset());
  // The SDK's stream body, as far as the reader uses it.
  const body = (text: string) => ({ transformToByteArray: async () => new TextEncoder().encode(text) }) as never;
  const key = 'AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/a.json.gz';

  it('lists every page, reads only the log objects, and writes each under its key', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'logs', Prefix: 'AWSLogs/' }).resolves({ Contents: [{ Key: key }, { Key: 'AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/data/big.json.gz' }], NextContinuationToken: 'n', IsTruncated: true });
    s3.on(ListObjectsV2Command, { Bucket: 'logs', Prefix: 'AWSLogs/', ContinuationToken: 'n' }).resolves({ Contents: [{ Key: 'AWSLogs/123456789012/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check' }] });
    s3.on(GetObjectCommand, { Bucket: 'logs', Key: key }).resolves({ Body: body('gz bytes') });
    const into = mkdtempSync(join(tmpdir(), 's3-logs-'));
    expect(await downloadInvocationLogObjects(new S3Client({ region: 'us-east-1' }), 's3://logs/AWSLogs/', into)).toEqual({ objects: 1, skipped: 2 });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(readFileSync(join(into, key), 'utf8')).toBe('gz bytes');
  });

  it('refuses a URI that is not s3://bucket/prefix and a key that climbs out of the folder', async () => {
    await expect(downloadInvocationLogObjects(new S3Client({ region: 'us-east-1' }), 'https://logs/x', tmpdir())).rejects.toThrow(/expected s3:\/\/bucket\/prefix/);
    // Laid out as a log object, but written there it would land outside the folder.
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: `../../${key}` }] });
    await expect(downloadInvocationLogObjects(new S3Client({ region: 'us-east-1' }), 's3://logs/', mkdtempSync(join(tmpdir(), 's3-logs-')))).rejects.toThrow(`s3://logs/../../${key}: not a log object key`);
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });
});
