import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';
import { anthropicBody, converseBody, SONNET_45, streamedBody, writeLogFolder } from './log-fixture.js';
import { logsCatalogDocument } from './logs-catalog.js';
import { RECORDED_CONVERSE, RECORDED_CONVERSE_STREAM, RECORDED_INVOKE_STREAM } from './recorded-records.js';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { logKey } from './log-fixture.js';

/**
 * End to end: `analyze --invocation-logs DIR` on records in the shape of the published real record
 * (RECORDED_CONVERSE's envelope, aleck31/bedrock-invocation-analytics@a38b71a), one per case the reader
 * must price: each of the three body shapes that split 5-minute from 1-hour cache writes (Anthropic
 * InvokeModel, the streamed list's message_start, Converse cacheDetails), a system-profile ARN as the
 * model ID, a request rerouted by cross-Region inference, and an error. The figures are worked by hand
 * at the test catalog's Sonnet 4.5 prices per 1K tokens (logs-catalog.ts: input 0.003, output 0.015,
 * cache write 5m 0.00375, 1h 0.006), never read from the code.
 */
const ENVELOPE = JSON.parse(RECORDED_CONVERSE) as Record<string, unknown>;

function recordedShape(r: { requestId: string; minute: string; operation: string; modelId: string; input: number; cacheWrite: number; output: number; body?: unknown; inferenceRegion?: string; errorCode?: string }) {
  const input = { ...(ENVELOPE.input as object), inputTokenCount: r.input, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: r.cacheWrite };
  const output: Record<string, unknown> = { ...(ENVELOPE.output as object), outputTokenCount: r.output };
  if (r.body === undefined) delete output.outputBodyJson;
  else output.outputBodyJson = r.body;
  return {
    ...ENVELOPE, timestamp: `2026-04-19T13:${r.minute}:00Z`, region: 'us-east-1', requestId: r.requestId, operation: r.operation, modelId: r.modelId,
    input, output, inferenceRegion: r.inferenceRegion ?? 'us-east-1', ...(r.errorCode ? { errorCode: r.errorCode } : {}),
  };
}

const PROFILE_ARN = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${SONNET_45}`;

const RECORDS = [
  // Anthropic body: 1 x 0.003 + 0.5 x 0.015 + 2 x 0.00375 (5m) + 3 x 0.006 (1h) = 0.003 + 0.0075 + 0.0075 + 0.018 = 0.036
  recordedShape({ requestId: 'invoke', minute: '01', operation: 'InvokeModel', modelId: SONNET_45, input: 1_000, cacheWrite: 5_000, output: 500, body: anthropicBody(2_000, 3_000, 1_000, 500) }),
  // Converse cacheDetails: 0.5 x 0.003 + 0.25 x 0.015 + 6 x 0.00375 + 1 x 0.006 = 0.0015 + 0.00375 + 0.0225 + 0.006 = 0.03375
  recordedShape({ requestId: 'converse', minute: '02', operation: 'Converse', modelId: SONNET_45, input: 500, cacheWrite: 7_000, output: 250,
    body: converseBody([{ ttl: '1h', inputTokens: 1_000 }, { ttl: '5m', inputTokens: 6_000 }], 500, 250) }),
  // An error: no body, no tokens; counted, priced at nothing.
  recordedShape({ requestId: 'throttled', minute: '03', operation: 'Converse', modelId: SONNET_45, input: 0, cacheWrite: 0, output: 0, errorCode: 'ThrottlingException' }),
  // The streamed list under the us. system-profile ARN (the geo line), rerouted to us-west-2:
  // 2 x 0.003 + 1 x 0.015 + 4 x 0.006 (1h) = 0.006 + 0.015 + 0.024 = 0.045
  recordedShape({ requestId: 'stream', minute: '04', operation: 'InvokeModelWithResponseStream', modelId: PROFILE_ARN, input: 2_000, cacheWrite: 4_000, output: 1_000,
    body: streamedBody(0, 4_000, 2_000, 1_000), inferenceRegion: 'us-west-2' }),
];

interface Line { modelId: string; scope: string; currentMonthlyCost: string; scenarios: Array<{ mode: string; cost: string; longContext?: unknown }>; requests: { requests: number; erroredRequests: number; reroutedRequests: number; cost: string; tokens: Record<string, number> } }

describe('analyze --invocation-logs on recorded-shape records', () => {
  it('prices each body shape, the profile ARN, the rerouted request and the error, and the headline is their sum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recorded-shape-'));
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify(logsCatalogDocument()));
    let stdout = '';
    let stderr = '';
    const code = await main(['analyze', '--invocation-logs', writeLogFolder(RECORDS), '--catalog', catalog, '--format', 'json'],
      { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { summary: { currentMonthlyCost: string }; models: Line[]; invocationLogs: { requests: number } };
    const line = (scope: string) => json.models.find((m) => m.modelId === SONNET_45 && m.scope === scope)!;
    const inRegion = line('in-region');
    const geo = line('geo');
    expect(json.invocationLogs.requests).toBe(4);

    expect(inRegion.requests).toMatchObject({ requests: 3, erroredRequests: 1, reroutedRequests: 0 });
    expect(inRegion.requests.tokens).toEqual({ input: 1_500, cacheRead: 0, cacheWrite5m: 8_000, cacheWrite1h: 4_000, cacheWriteUnsplit: 0, output: 750 });
    // 0.036 + 0.03375 = 0.06975: the per-request figure and the on-demand figure are one
    expect(inRegion.requests.cost).toBe('0.069750');
    expect(inRegion.scenarios.find((s) => s.mode === 'on-demand')!.cost).toBe('0.069750');
    // x 730 for the one hour = 50.9175
    expect(inRegion.currentMonthlyCost).toBe('50.92');

    expect(geo.requests).toMatchObject({ requests: 1, erroredRequests: 0, reroutedRequests: 1 });
    expect(geo.requests.tokens).toMatchObject({ cacheWrite5m: 0, cacheWrite1h: 4_000 });
    expect(geo.scenarios.find((s) => s.mode === 'on-demand')!.cost).toBe('0.045000');
    // x 730 = 32.85
    expect(geo.currentMonthlyCost).toBe('32.85');

    // (0.06975 + 0.045) x 730 = 83.7675
    expect(json.summary.currentMonthlyCost).toBe('83.77');
  });

  it('prices the three published records verbatim at the bundled catalog, and leaves unpriced what it cannot price', async () => {
    const root = mkdtempSync(join(tmpdir(), 'recorded-verbatim-'));
    for (const text of [RECORDED_CONVERSE, RECORDED_CONVERSE_STREAM, RECORDED_INVOKE_STREAM]) {
      const r = JSON.parse(text) as { accountId: string; region: string; timestamp: string; requestId: string };
      const key = logKey(r.region, r.timestamp, `${r.accountId}_BedrockModelInvocationLogs_${r.region}_${r.requestId}.json.gz`, r.accountId);
      mkdirSync(join(root, key, '..'), { recursive: true });
      writeFileSync(join(root, key), gzipSync(`${text.replace(/\n\s*/g, '')}\n`));
    }
    let stdout = '';
    let stderr = '';
    const code = await main(['analyze', '--invocation-logs', root, '--format', 'json'], { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { summary: { currentMonthlyCost: string; accounts: number }; window: { hours: number }; models: Array<Line & { accountId: string; unpricedReason?: string }> };
    // Two accounts; the window runs from 13:00 on the 19th to the end of 00:00 on the 20th.
    expect([json.summary.accounts, json.window.hours]).toEqual([2, 12]);
    const opus45 = json.models.find((m) => m.modelId === 'anthropic.claude-opus-4-5-20251101-v1:0')!;
    // The rerouted Converse: 255 in, 113 out at the bundled catalog's us-west-2 global row (AWS Price
    // List: $5 / $25 per 1M): 0.255 x 0.005 + 0.113 x 0.025 = 0.001275 + 0.002825 = 0.0041.
    expect(opus45.requests).toMatchObject({ requests: 1, reroutedRequests: 1, cost: '0.004100' });
    expect(opus45.scenarios.find((s) => s.mode === 'on-demand')!.cost).toBe('0.004100');
    // The two streamed records' cache writes name no TTL and that row has no cache-write rate: unpriced, never $0.
    for (const id of ['anthropic.claude-opus-4-6-v1:0', 'anthropic.claude-opus-4-7-v1:0']) {
      const m = json.models.find((x) => x.modelId === id)!;
      expect(m.currentMonthlyCost, id).toBeNull();
      expect(m.unpricedReason, id).toMatch(/cacheWrite5m/);
    }
    // Only the priced line is in the headline: 0.0041 x 730 / 12 = 0.249416...
    expect(json.summary.currentMonthlyCost).toBe('0.25');
  });
});
