import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvocationLogError, isLogRecordObject, logFiles, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { ACCOUNT, anthropicBody, converseBody, logKey, logRecord, SONNET_45, streamedBody, writeLogFolder } from './log-fixture.js';

const read = (dir: string) => readInvocationLogs(dir, { longContextThresholds: [200_000, 272_000] });
const T = '2026-11-02T10:15:00Z';

describe('invocation-log reader', () => {
  it('reads the 5m / 1h cache-write split from each of the three body shapes', async () => {
    const dir = writeLogFolder([
      logRecord({ requestId: 'invoke', timestamp: T, input: 10, output: 1, cacheWrite: 300, outputBody: anthropicBody(100, 200, 10, 1) }),
      logRecord({ requestId: 'stream', timestamp: T, operation: 'InvokeModelWithResponseStream', input: 10, output: 1, cacheWrite: 50, outputBody: streamedBody(20, 30, 10, 1) }),
      logRecord({ requestId: 'converse', timestamp: T, operation: 'Converse', input: 10, output: 1, cacheWrite: 7,
        outputBody: converseBody([{ ttl: '1h', inputTokens: 4 }, { ttl: '5m', inputTokens: 3 }], 10, 1) }),
      logRecord({ requestId: 'no-body', timestamp: T, input: 10, output: 1, cacheWrite: 9 }),
    ]);
    const { hours } = await read(dir);
    const sum = (k: 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'cacheWriteUnsplitTokens') => hours.reduce((n, h) => n + h[k], 0);
    expect(sum('cacheWrite5mTokens')).toBe(100 + 20 + 3);
    expect(sum('cacheWrite1hTokens')).toBe(200 + 30 + 4);
    expect(sum('cacheWriteUnsplitTokens')).toBe(9);
    expect(hours.find((h) => h.streaming)?.requests).toBe(1);
  });

  it('reads a ConverseStream record, whose logged body is one object (not a list of chunks), as streamed with its split', async () => {
    const dir = writeLogFolder([
      logRecord({ requestId: 'cs', timestamp: T, operation: 'ConverseStream', input: 10, output: 2, cacheWrite: 12,
        outputBody: converseBody([{ ttl: '5m', inputTokens: 5 }, { ttl: '1h', inputTokens: 7 }], 10, 2) }),
    ]);
    const [h] = (await read(dir)).hours;
    expect([h!.streaming, h!.requests, h!.cacheWrite5mTokens, h!.cacheWrite1hTokens, h!.cacheWriteUnsplitTokens]).toEqual([true, 1, 5, 7, 0]);
  });

  it('keeps a body split that does not add up to the record\'s cache writes out of the TTL columns', async () => {
    const dir = writeLogFolder([logRecord({ requestId: 'x', timestamp: T, input: 1, output: 1, cacheWrite: 500, outputBody: anthropicBody(100, 200, 1, 1) })]);
    const [h] = (await read(dir)).hours;
    expect([h!.cacheWrite5mTokens, h!.cacheWrite1hTokens, h!.cacheWriteUnsplitTokens]).toEqual([0, 0, 500]);
  });

  it('counts a record delivered twice once, and says so', async () => {
    const r = logRecord({ requestId: 'same', timestamp: T, input: 1000, output: 10 });
    const dir = writeLogFolder([r, r, logRecord({ requestId: 'other', timestamp: T, input: 1, output: 1 })]);
    const result = await read(dir);
    expect(result.duplicates).toBe(1);
    expect(result.hours.reduce((n, h) => n + h.requests, 0)).toBe(2);
    expect(result.hours.reduce((n, h) => n + h.inputTokens, 0)).toBe(1001);
  });

  it('keeps profile-ARN model IDs, rerouted Regions, tags and errors as classes', async () => {
    const profile = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/a1b2c3d4e5f6`;
    const dir = writeLogFolder([
      logRecord({ requestId: 'p', timestamp: T, modelId: profile, input: 5, output: 5, requestMetadata: { team: 'search', env: 'prod' } }),
      logRecord({ requestId: 'r', timestamp: T, modelId: `us.${SONNET_45}`, inferenceRegion: 'us-west-2', input: 5, output: 5 }),
      logRecord({ requestId: 'e', timestamp: T, errorCode: 'ValidationException' }),
    ]);
    const { hours } = await read(dir);
    expect(hours.find((h) => h.modelId === profile)?.tags).toEqual({ env: 'prod', team: 'search' });
    expect(hours.find((h) => h.modelId === `us.${SONNET_45}`)?.inferenceRegion).toBe('us-west-2');
    const errored = hours.find((h) => h.errored);
    expect(errored && [errored.requests, errored.inputTokens, errored.outputTokens]).toEqual([1, 0, 0]);
  });

  it('classifies the whole input (uncached + cache read + cache write) against each threshold, strictly above', async () => {
    const dir = writeLogFolder([
      logRecord({ requestId: 'at', timestamp: T, input: 199_000, cacheWrite: 1_000, output: 1 }),
      logRecord({ requestId: 'above', timestamp: T, input: 100_000, cacheRead: 100_001, output: 1 }),
      logRecord({ requestId: 'mantle', timestamp: T, input: 272_001, output: 1 }),
    ]);
    const bands = (await read(dir)).hours.map((h) => [h.longContextBand, h.requests]).sort();
    expect(bands).toEqual([[0, 1], [200_000, 1], [272_000, 1]]);
  });

  it('skips /data/ objects and the permission-check object', async () => {
    const dir = writeLogFolder([logRecord({ requestId: 'a', timestamp: T, input: 1, output: 1 })], {
      extra: {
        [`AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check`]: 'check',
        [logKey('us-east-1', T, 'data/large-body.json.gz')]: '{"not":"a record"}',
      },
    });
    expect((await read(dir)).files).toBe(1);
    expect(isLogRecordObject(`x/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/data/b.json.gz`)).toBe(false);
    expect(isLogRecordObject(`x/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/a.json.gz`)).toBe(true);
    expect(isLogRecordObject(`x/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check`)).toBe(false);
  });

  it('reads a copy of the bucket kept under a folder named data (only the layout below AWSLogs/ is tested)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bca-logs-'));
    const dir = join(parent, 'data', 'bedrock');
    mkdirSync(dir, { recursive: true });
    const source = writeLogFolder([logRecord({ requestId: 'a', timestamp: T, input: 3, output: 1 })]);
    cpSync(join(source, 'AWSLogs'), join(dir, 'AWSLogs'), { recursive: true });
    const read = await readInvocationLogs(dir, { longContextThresholds: [200_000] });
    expect([read.files, read.hours.reduce((n, h) => n + h.inputTokens, 0)]).toEqual([1, 3]);
  });

  it('names file, line and field of a bad record', async () => {
    const good = logRecord({ requestId: 'ok', timestamp: T, input: 1, output: 1 });
    const bad = { ...logRecord({ requestId: 'bad', timestamp: T, output: 1 }), input: { inputTokenCount: -5 } };
    const dir = writeLogFolder([good, bad]);
    const error = await read(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvocationLogError);
    expect((error as Error).message).toMatch(/_0001\.json\.gz:2: field input\.inputTokenCount must be a whole number of tokens, not "-5"/);
  });

  it('names the line of a record that is not JSON', async () => {
    const dir = writeLogFolder([logRecord({ requestId: 'ok', timestamp: T, input: 1, output: 1 })]);
    const file = join(dir, logKey('us-east-1', T, 'broken.json.gz'));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, gzipSync(`${JSON.stringify(logRecord({ requestId: 'b1', timestamp: T, input: 1, output: 1 }))}\n{"schemaType": "ModelInvocationLog",\n`));
    const error = await read(dir).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/broken\.json\.gz:2: not a JSON record/);
  });

  it('names a file that is not gzip', async () => {
    const dir = writeLogFolder([], { extra: { [logKey('us-east-1', T, 'plain.json.gz')]: Buffer.from('{"a":1}\n') } });
    const error = await read(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvocationLogError);
    expect((error as Error).message).toMatch(/plain\.json\.gz/);
  });

  it('refuses a folder with no log objects', async () => {
    const error = await read(writeLogFolder([])).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no log objects found/);
  });

  it('names a path that is not there, and a file that is not a log object, by the flag and the path', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'logs-missing-')), 'nowhere');
    const error = await read(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvocationLogError);
    expect((error as Error).message).toBe(`--invocation-logs ${missing}: ENOENT (no such file or directory)`);
    const text = join(mkdtempSync(join(tmpdir(), 'logs-text-')), 'records.json');
    writeFileSync(text, '{}\n');
    expect(((await read(text).catch((e: unknown) => e)) as Error).message).toMatch(new RegExp(`^--invocation-logs ${text}: not a \\.json\\.gz log object`));
  });

  it('lists the log objects of nested hour folders in path order, leaving out what is not a record object', async () => {
    const dir = writeLogFolder([
      logRecord({ requestId: 'a', timestamp: '2026-11-02T10:15:00Z', input: 1, output: 1 }),
      logRecord({ requestId: 'b', timestamp: '2026-11-03T09:15:00Z', input: 1, output: 1 }),
    ], { extra: { 'AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/02/10/data/body.json.gz': gzipSync('{}\n') } });
    const files = await logFiles(dir);
    expect(files.map((f) => f.slice(dir.length + 1).split('/').slice(4, 8).join('/'))).toEqual(['2026/11/02/10', '2026/11/03/09']);
  });
});
