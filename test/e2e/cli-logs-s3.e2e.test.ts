import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, anthropicBody, logKey, logRecord, writeLogFolder } from '../logs/log-fixture.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { runCli } from './harness.js';

/**
 * `analyze --invocation-logs s3://bucket/prefix` with the real S3 client over HTTP (REST-XML) against
 * the loopback stub: the log objects listed page by page (ListObjectsV2) and read (GetObject), the
 * `/data/` bodies and the permission-check object never read; the report is the one the same objects
 * give from a local folder, and a bad record is named by its S3 object and line.
 */
const BUCKET = 'bedrock-logs';
let stub: AwsStub;
let folder: string;

const RECORDS = [
  logRecord({ requestId: 'a', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 10, cacheWrite: 300, outputBody: anthropicBody(100, 200, 1_000, 10) }),
  logRecord({ requestId: 'b', timestamp: '2026-11-02T11:01:00Z', input: 250_000, output: 10, requestMetadata: { team: 'x' } }),
  logRecord({ requestId: 'c', timestamp: '2026-11-02T12:30:00Z', input: 2_000, output: 20 }),
];

function filesOf(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[`${BUCKET}/${relative(root, full).split(sep).join('/')}`] = readFileSync(full);
    }
  };
  walk(root);
  return out;
}

const notRecords = {
  // A large body delivered apart, and the permission check: neither holds records, and neither parses as one.
  [`${BUCKET}/${logKey('us-east-1', '2026-11-02T10:00:00Z', 'data/body.json.gz')}`]: gzipSync('not a record\n'),
  [`${BUCKET}/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check`]: Buffer.from('check'),
};

beforeAll(async () => {
  folder = writeLogFolder(RECORDS);
  const badKey = `${BUCKET}/bad/${logKey('us-east-1', '2026-11-02T10:00:00Z', `${ACCOUNT}_BedrockModelInvocationLogs_us-east-1_bad.json.gz`)}`;
  const bad = `${JSON.stringify(RECORDS[0])}\n${JSON.stringify({ ...RECORDS[1], input: { ...(RECORDS[1]!.input as object), inputTokenCount: 'many' } })}\n`;
  stub = await startAwsStub({ files: { ...filesOf(folder), ...notRecords, [badKey]: gzipSync(bad) }, listPageSize: 2 });
  pointSdkAtStub(stub);
});

afterAll(async () => {
  await stub?.close();
});

describe('bedrock-cost-advisor analyze --invocation-logs s3://…', () => {
  it('lists and reads the log objects and reports exactly what the same objects give from a folder', async () => {
    const fromS3 = await runCli(['analyze', '--invocation-logs', `s3://${BUCKET}/AWSLogs/`, '--format', 'json']);
    expect(fromS3.stderr).toBe('');
    expect(fromS3.code).toBe(0);
    const s3Calls = stub.requests.filter((r) => r.service === 's3');
    const objects = Object.keys(filesOf(folder)).length;
    // Every key under the prefix listed, 2 a page; only the log objects read.
    expect(s3Calls.filter((r) => r.operation === 'ListObjectsV2')).toHaveLength(Math.ceil((objects + 2) / 2));
    expect(s3Calls.filter((r) => r.operation === 'GetObject')).toHaveLength(objects);
    const local = await runCli(['analyze', '--invocation-logs', folder, '--format', 'json']);
    const a = JSON.parse(fromS3.stdout);
    const b = JSON.parse(local.stdout);
    expect(a.invocationLogs.requests).toBe(3);
    expect({ ...a.invocationLogs, description: undefined, source: undefined }).toEqual({ ...b.invocationLogs, description: undefined, source: undefined });
    expect(a.callers).toEqual(b.callers);
    expect(a.models).toEqual(b.models);
    expect(JSON.stringify(a.invocationLogs)).toContain(`s3://${BUCKET}/AWSLogs/`);
  });

  it('names a bad record by its S3 object, line and field, exit 2', async () => {
    const result = await runCli(['analyze', '--invocation-logs', `s3://${BUCKET}/bad/`, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`s3://${BUCKET}/bad/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/[^ ]+_bad\\.json\\.gz:2: field input\\.inputTokenCount`));
    expect(result.stderr).not.toContain('bedrock-invocation-logs-');
  });

  it('refuses a prefix with no log objects, naming it', async () => {
    const result = await runCli(['analyze', '--invocation-logs', `s3://${BUCKET}/nothing-here/`, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--invocation-logs s3://${BUCKET}/nothing-here/: no log objects under this prefix`);
  });
});
