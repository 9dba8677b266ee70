import { PriceCatalog } from '../catalog/catalog.js';
import { REGION_CODE } from '../region.js';
import { filledQuery } from '../sql/sql-template.js';

/** The invocation-log query (./invocation-logs.sql) with its placeholders filled for one engine (src/sql/sql-template.ts loads it). */

export type LogsEngine = 'duckdb' | 'athena';

export interface LogsQuery {
  engine: LogsEngine;
  /** A FROM clause: `read_ndjson_objects([...])` or a quoted Athena table. */
  source: string;
  /** Every long-context threshold the catalog knows (input tokens), to classify each request once. */
  longContextThresholds: readonly number[];
}

/** DuckDB runs the Athena (Trino) dialect's regexp_like through this macro, so the query file has one text. */
export const DUCKDB_TRINO_MACROS = ['CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)'] as const;

/**
 * Every value ./invocation-logs.sql reads out of a record: its name in the query and its JSON path
 * (AWS's record fields, model-invocation-logging.html; the body shapes, prompt-caching.html). `json`
 * marks the one read as JSON text rather than a scalar: the requestMetadata map.
 */
export const RECORD_FIELDS: ReadonlyArray<{ name: string; path: string; json?: true }> = [
  { name: 'schema_type', path: '$.schemaType' },
  { name: 'schema_version', path: '$.schemaVersion' },
  { name: 'ts', path: '$.timestamp' },
  { name: 'account_id', path: '$.accountId' },
  { name: 'region', path: '$.region' },
  { name: 'request_id', path: '$.requestId' },
  { name: 'operation', path: '$.operation' },
  { name: 'model_id', path: '$.modelId' },
  { name: 'caller', path: '$.identity.arn' },
  { name: 'tags', path: '$.requestMetadata', json: true },
  { name: 'inference_region', path: '$.inferenceRegion' },
  { name: 'error_code', path: '$.errorCode' },
  { name: 'input_text', path: '$.input.inputTokenCount' },
  { name: 'cache_read_text', path: '$.input.cacheReadInputTokenCount' },
  { name: 'cache_write_text', path: '$.input.cacheWriteInputTokenCount' },
  { name: 'output_text', path: '$.output.outputTokenCount' },
  // The service tier as requested (Converse's serviceTier) or as answered (Anthropic's usage).
  { name: 'request_tier', path: '$.input.inputBodyJson.serviceTier.type' },
  { name: 'response_tier', path: '$.output.outputBodyJson.usage.service_tier' },
  // Anthropic InvokeModel: usage.cache_creation; a streamed list: its first chunk, when message_start.
  { name: 'body_5m_text', path: '$.output.outputBodyJson.usage.cache_creation.ephemeral_5m_input_tokens' },
  { name: 'body_1h_text', path: '$.output.outputBodyJson.usage.cache_creation.ephemeral_1h_input_tokens' },
  { name: 'first_chunk_type', path: '$.output.outputBodyJson[0].type' },
  { name: 'streamed_5m_text', path: '$.output.outputBodyJson[0].message.usage.cache_creation.ephemeral_5m_input_tokens' },
  { name: 'streamed_1h_text', path: '$.output.outputBodyJson[0].message.usage.cache_creation.ephemeral_1h_input_tokens' },
  // Converse: usage.cacheDetails, up to 4 entries.
  ...[0, 1, 2, 3].flatMap((i) => [
    { name: `cd${i}_ttl`, path: `$.output.outputBodyJson.usage.cacheDetails[${i}].ttl` },
    { name: `cd${i}_text`, path: `$.output.outputBodyJson.usage.cacheDetails[${i}].inputTokens` },
  ]),
];

const pathList = (fields: typeof RECORD_FIELDS) => `[${fields.map((f) => `'${f.path}'`).join(', ')}]`;

/** {{fields}} and {{source}} for one engine: how each record's values are parsed out of its text. */
function recordFields(q: LogsQuery): { fields: string; source: string } {
  if (q.engine === 'athena') {
    return {
      source: q.source,
      fields: RECORD_FIELDS.map((f) => (f.json ? `json_format(json_extract(line, '${f.path}'))` : `json_extract_scalar(line, '${f.path}')`) + ` AS ${f.name}`).join(',\n    '),
    };
  }
  // DuckDB parses a record once per call: one call for every scalar path, one for the JSON ones.
  const scalars = RECORD_FIELDS.filter((f) => !f.json);
  const json = RECORD_FIELDS.filter((f) => f.json);
  const at = (f: (typeof RECORD_FIELDS)[number]) => (f.json ? `record_json[${json.indexOf(f) + 1}]` : `record_scalars[${scalars.indexOf(f) + 1}]`);
  return {
    source: `(SELECT filename, json_extract_string(json, ${pathList(scalars)}) AS record_scalars, CAST(json_extract(json, ${pathList(json)}) AS VARCHAR[]) AS record_json FROM ${q.source}) AS records`,
    fields: RECORD_FIELDS.map((f) => `${at(f)} AS ${f.name}`).join(',\n    '),
  };
}

/** The CASE that names the largest threshold a request's whole input is above (0 when none). */
export function longContextBandSql(thresholds: readonly number[]): string {
  const distinct = [...new Set(thresholds)].filter((t) => Number.isSafeInteger(t) && t > 0).sort((a, b) => b - a);
  if (distinct.length === 0) return '0';
  const input = '(input_tokens + cache_read_tokens + cache_write_tokens)';
  return `CASE ${distinct.map((t) => `WHEN ${input} > ${t} THEN ${t}`).join(' ')} ELSE 0 END`;
}

export function invocationLogsSql(q: LogsQuery): string {
  const values: Record<string, string> = {
    ...recordFields(q),
    file: q.engine === 'duckdb' ? 'filename' : '"$path"',
    long_context_band: longContextBandSql(q.longContextThresholds),
    // The one Region test (src/region.ts), so the query refuses exactly what the CLI and the Lambda refuse.
    region_pattern: `'${REGION_CODE.source}'`,
  };
  return filledQuery('logs/invocation-logs.sql', values);
}

/**
 * Every long-context threshold the catalog's models name, to classify each request once. The bundled
 * catalog's model list is the same whatever the price source, so logs can be read before prices are.
 */
export function longContextThresholds(catalog: PriceCatalog = PriceCatalog.bundled()): number[] {
  return [...new Set(catalog.allModels().flatMap((m) => (m.longContext ? [m.longContext.thresholdInputTokens] : [])))].sort((a, b) => a - b);
}
