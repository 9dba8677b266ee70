/**
 * The checks invocation-logs.sql makes on each record, in the same order, for one parsed JSON line:
 * the SQL finds that a file holds a bad record, this names its line and field. The first failure is
 * returned as the field's path and what is wrong with it.
 */
import { REGION_EXAMPLE, isRegionCode } from '../region.js';
const COUNT = /^[0-9]{1,12}$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$/;
const ACCOUNT = /^[0-9]{12}$/;

type Json = unknown;

function at(value: Json, path: Array<string | number>): Json {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, Json>)[key];
  }
  return current;
}

/**
 * What the query's json_extract_scalar gives in DuckDB: a scalar's text, null for a missing field or
 * JSON null, and the JSON text of an object or array (so a count that is an object is refused, not
 * read as missing). Athena's json_extract_scalar gives null for those instead; the logs Bedrock
 * writes never hold one.
 */
function scalar(value: Json): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface RecordProblem {
  field: string;
  problem: string;
}

export function checkRecord(record: Json): RecordProblem | undefined {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return { field: 'record', problem: 'is not a JSON object' };
  const text = (...path: Array<string | number>) => scalar(at(record, path));
  const need = (field: string, value: string | null, ok: (v: string) => boolean, what: string): RecordProblem | undefined =>
    value === null ? { field, problem: 'is missing' } : ok(value) ? undefined : { field, problem: `must be ${what}, not ${JSON.stringify(value)}` };
  const count = (field: string, value: string | null, required: boolean): RecordProblem | undefined => {
    if (value === null) return required ? { field, problem: 'is missing' } : undefined;
    return COUNT.test(value) ? undefined : { field, problem: `must be a whole number of tokens, not ${JSON.stringify(value)}` };
  };
  const errored = text('errorCode') !== null;
  const tags = at(record, ['requestMetadata']);
  const body = ['output', 'outputBodyJson'];
  const streamed = text(...body, 0, 'type') === 'message_start';
  const anthropic = (ttl: '5m' | '1h') => text(...body, 'usage', 'cache_creation', `ephemeral_${ttl}_input_tokens`)
    ?? (streamed ? text(...body, 0, 'message', 'usage', 'cache_creation', `ephemeral_${ttl}_input_tokens`) : null);
  const checks: Array<() => RecordProblem | undefined> = [
    () => need('schemaType', text('schemaType'), (v) => v === 'ModelInvocationLog', '"ModelInvocationLog"'),
    () => need('schemaVersion', text('schemaVersion'), (v) => v === '1.0', '"1.0"'),
    () => need('timestamp', text('timestamp'), (v) => TIMESTAMP.test(v), 'an ISO 8601 UTC time such as 2026-11-02T14:05:09Z'),
    () => need('accountId', text('accountId'), (v) => ACCOUNT.test(v), 'a 12-digit account ID'),
    () => need('region', text('region'), isRegionCode, REGION_EXAMPLE),
    () => need('requestId', text('requestId'), (v) => v !== '', 'non-empty'),
    () => need('operation', text('operation'), (v) => v !== '', 'non-empty'),
    () => need('modelId', text('modelId'), (v) => v !== '', 'non-empty'),
    () => need('identity.arn', text('identity', 'arn'), (v) => v !== '', 'non-empty'),
    () => (tags === undefined || tags === null || (typeof tags === 'object' && !Array.isArray(tags)) ? undefined : { field: 'requestMetadata', problem: 'must be a map of strings' }),
    () => count('input.inputTokenCount', text('input', 'inputTokenCount'), !errored),
    () => count('input.cacheReadInputTokenCount', text('input', 'cacheReadInputTokenCount'), false),
    () => count('input.cacheWriteInputTokenCount', text('input', 'cacheWriteInputTokenCount'), false),
    () => count('output.outputTokenCount', text('output', 'outputTokenCount'), !errored),
    () => count('output.outputBodyJson usage.cache_creation.ephemeral_5m_input_tokens', anthropic('5m'), false),
    () => count('output.outputBodyJson usage.cache_creation.ephemeral_1h_input_tokens', anthropic('1h'), false),
    () => {
      for (let i = 0; i < 4; i++) {
        const ttl = text(...body, 'usage', 'cacheDetails', i, 'ttl');
        if (ttl === null) continue;
        const tokens = text(...body, 'usage', 'cacheDetails', i, 'inputTokens');
        if ((ttl !== '5m' && ttl !== '1h') || tokens === null || !COUNT.test(tokens)) {
          return { field: 'output.outputBodyJson usage.cacheDetails', problem: `entry ${i} must have ttl "5m" or "1h" and a whole number of inputTokens` };
        }
      }
      return undefined;
    },
  ];
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

/**
 * One record's text as it arrives (a line of a log object, a CloudWatch Logs event's message): what is
 * wrong with it, in the words every reader prints after naming where it was, or undefined when it passes.
 */
export function recordTextProblem(text: string): string | undefined {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return `not a JSON record (${(error as Error).message})`;
  }
  const problem = checkRecord(record);
  return problem ? `field ${problem.field} ${problem.problem}` : undefined;
}
