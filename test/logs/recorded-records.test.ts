import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { locateBadRecord, logFiles, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { logKey } from './log-fixture.js';
import { RECORDED_CONVERSE, RECORDED_CONVERSE_STREAM, RECORDED_INVOKE_STREAM } from './recorded-records.js';

/**
 * The published records of real requests (recorded-records.ts) through the reader, each written as
 * Bedrock delivers it: one JSON line in a gzipped object under its own account's and Region's hour.
 * The expected figures are read off the published text by hand.
 */
function bucketOf(texts: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'recorded-logs-'));
  for (const text of texts) {
    const r = JSON.parse(text) as { accountId: string; region: string; timestamp: string; requestId: string };
    const key = logKey(r.region, r.timestamp, `${r.accountId}_BedrockModelInvocationLogs_${r.region}_${r.requestId}.json.gz`, r.accountId);
    mkdirSync(join(root, key, '..'), { recursive: true });
    writeFileSync(join(root, key), gzipSync(`${JSON.stringify(JSON.parse(text))}\n`));
  }
  return root;
}

describe('published records of real requests', () => {
  it('passes the record-by-record checks the reader names bad lines with', async () => {
    const files = await logFiles(bucketOf([RECORDED_CONVERSE, RECORDED_CONVERSE_STREAM, RECORDED_INVOKE_STREAM]));
    expect(files).toHaveLength(3);
    await expect(locateBadRecord(files)).resolves.toBeUndefined();
  });

  it('reads each with its own figures: rerouted Regions, streaming, a profile ARN, cache writes of unknown TTL, long context', async () => {
    const read = await readInvocationLogs(bucketOf([RECORDED_CONVERSE, RECORDED_CONVERSE_STREAM, RECORDED_INVOKE_STREAM]), { longContextThresholds: [200_000] });
    expect(read.duplicates).toBe(0);
    const row = (modelId: string) => {
      const rows = read.hours.filter((h) => h.modelId === modelId);
      expect(rows, modelId).toHaveLength(1);
      const h = rows[0]!;
      return {
        hour: h.hour, account: h.accountId, region: h.region, inferenceRegion: h.inferenceRegion, caller: h.caller, streaming: h.streaming, errored: h.errored,
        requests: h.requests, longContextBand: h.longContextBand,
        tokens: [h.inputTokens, h.cacheReadTokens, h.cacheWrite5mTokens, h.cacheWrite1hTokens, h.cacheWriteUnsplitTokens, h.outputTokens],
      };
    };
    // Converse: 255 in, 113 out, no cache; processed in us-east-2 for a us-west-2 request.
    expect(row('global.anthropic.claude-opus-4-5-20251101-v1:0')).toEqual({
      hour: '2026-04-19T13', account: '123456789012', region: 'us-west-2', inferenceRegion: 'us-east-2', caller: 'arn:aws:iam::123456789012:user/your-iam-username',
      streaming: false, errored: false, requests: 1, longContextBand: 0, tokens: [255, 0, 0, 0, 0, 113],
    });
    // ConverseStream: its body is one object with no cacheDetails, so its 24,479 written tokens have no TTL.
    expect(row('global.anthropic.claude-opus-4-6-v1')).toEqual({
      hour: '2026-04-19T23', account: '123456789012', region: 'us-west-2', inferenceRegion: 'us-east-2', caller: 'arn:aws:iam::123456789012:user/your-br-api-key',
      streaming: true, errored: false, requests: 1, longContextBand: 0, tokens: [3, 0, 0, 0, 24_479, 52],
    });
    // InvokeModelWithResponseStream under a system-profile ARN: 6 + 0 + 225,913 = 225,919 input tokens, above 200K;
    // the body list holds no message_start, so the writes have no TTL either.
    expect(row('arn:aws:bedrock:us-west-2:565521294060:inference-profile/global.anthropic.claude-opus-4-7')).toEqual({
      hour: '2026-04-20T00', account: '565521294060', region: 'us-west-2', inferenceRegion: 'us-east-1', caller: 'arn:aws:iam::565521294060:user/your-br-api-key',
      streaming: true, errored: false, requests: 1, longContextBand: 200_000, tokens: [6, 0, 0, 0, 225_913, 167],
    });
  });
});
