import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Invocation-log records in the shapes Bedrock writes them (model-invocation-logging.html), and a
 * folder laid out as the log bucket. Every record is written out in full, so a test reads what a real
 * bucket would hold.
 */
export const ACCOUNT = '123456789012';
export const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

export interface RecordSpec {
  requestId: string;
  timestamp: string;
  modelId?: string;
  region?: string;
  operation?: string;
  caller?: string;
  requestMetadata?: Record<string, string>;
  inferenceRegion?: string;
  errorCode?: string;
  input?: number;
  cacheRead?: number;
  cacheWrite?: number;
  output?: number;
  /** The response body, as delivered when text delivery is on. */
  outputBody?: unknown;
  inputBody?: unknown;
}

export function logRecord(s: RecordSpec): Record<string, unknown> {
  const input: Record<string, unknown> = { inputContentType: 'application/json' };
  if (s.inputBody !== undefined) input.inputBodyJson = s.inputBody;
  if (s.input !== undefined) input.inputTokenCount = s.input;
  if (s.cacheRead !== undefined) input.cacheReadInputTokenCount = s.cacheRead;
  if (s.cacheWrite !== undefined) input.cacheWriteInputTokenCount = s.cacheWrite;
  const output: Record<string, unknown> = { outputContentType: 'application/json' };
  if (s.outputBody !== undefined) output.outputBodyJson = s.outputBody;
  if (s.output !== undefined) output.outputTokenCount = s.output;
  return {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: s.timestamp,
    accountId: ACCOUNT,
    identity: { arn: s.caller ?? `arn:aws:sts::${ACCOUNT}:assumed-role/app/session` },
    region: s.region ?? 'us-east-1',
    requestId: s.requestId,
    operation: s.operation ?? 'InvokeModel',
    modelId: s.modelId ?? SONNET_45,
    ...(s.requestMetadata ? { requestMetadata: s.requestMetadata } : {}),
    ...(s.inferenceRegion ? { inferenceRegion: s.inferenceRegion } : {}),
    ...(s.errorCode ? { errorCode: s.errorCode } : {}),
    input,
    output,
  };
}

/** Anthropic InvokeModel response body with the 5m / 1h split. */
export const anthropicBody = (fiveMinute: number, oneHour: number, input: number, output: number) => ({
  id: 'msg_bdrk_01', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  usage: {
    input_tokens: input, output_tokens: output, cache_read_input_tokens: 0,
    cache_creation_input_tokens: fiveMinute + oneHour,
    cache_creation: { ephemeral_5m_input_tokens: fiveMinute, ephemeral_1h_input_tokens: oneHour },
  },
});

/** InvokeModelWithResponseStream body: the list of chunks, message_start first. */
export const streamedBody = (fiveMinute: number, oneHour: number, input: number, output: number) => [
  { type: 'message_start', message: { id: 'msg_bdrk_02', type: 'message', role: 'assistant', content: [],
    usage: { input_tokens: input, output_tokens: 1, cache_creation_input_tokens: fiveMinute + oneHour,
      cache_creation: { ephemeral_5m_input_tokens: fiveMinute, ephemeral_1h_input_tokens: oneHour } } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: output } },
  { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: input, outputTokenCount: output } },
];

/** Converse response body with usage.cacheDetails. */
export const converseBody = (details: Array<{ ttl: '5m' | '1h'; inputTokens: number }>, input: number, output: number) => ({
  output: { message: { role: 'assistant', content: [{ text: 'ok' }] } },
  stopReason: 'end_turn',
  usage: {
    inputTokens: input, outputTokens: output, totalTokens: input + output,
    cacheWriteInputTokens: details.reduce((n, d) => n + d.inputTokens, 0), cacheReadInputTokens: 0,
    cacheDetails: details,
  },
  metrics: { latencyMs: 812 },
});

/** The S3 key of an hour's object, as Bedrock writes it. */
export function logKey(region: string, timestamp: string, name: string, account = ACCOUNT): string {
  const [y, m, d, h] = [timestamp.slice(0, 4), timestamp.slice(5, 7), timestamp.slice(8, 10), timestamp.slice(11, 13)];
  return `AWSLogs/${account}/BedrockModelInvocationLogs/${region}/${y}/${m}/${d}/${h}/${name}`;
}

/** Writes records into a new folder laid out as the bucket, one gzipped object per hour; returns its path. */
export function writeLogFolder(records: Array<Record<string, unknown>>, options: { extra?: Record<string, string | Buffer> } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'invocation-logs-'));
  const byKey = new Map<string, string[]>();
  for (const r of records) {
    const key = logKey(String(r.region), String(r.timestamp), `${ACCOUNT}_BedrockModelInvocationLogs_${String(r.region)}_${String(r.timestamp).slice(0, 13).replace(/[-T]/g, '')}_0001.json.gz`);
    byKey.set(key, [...(byKey.get(key) ?? []), JSON.stringify(r)]);
  }
  const write = (key: string, body: Buffer) => {
    const full = join(root, key);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, body);
  };
  for (const [key, lines] of byKey) write(key, gzipSync(`${lines.join('\n')}\n`));
  for (const [key, body] of Object.entries(options.extra ?? {})) write(key, typeof body === 'string' ? gzipSync(body) : body);
  return root;
}
