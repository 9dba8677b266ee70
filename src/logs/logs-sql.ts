import { PriceCatalog } from '../catalog/catalog.js';
import { REGION_CODE } from '../region.js';
import { filledQuery, quoted } from '../sql/sql-template.js';
import { LOG_OBJECT, PERMISSION_CHECK } from './log-object.js';

/** The invocation-log query (./invocation-logs.sql) with its placeholders filled for one engine (src/sql/sql-template.ts loads it). */

export type LogsEngine = 'duckdb' | 'athena';

/** Where the records are: Athena's table (one string column `line`), or the local files DuckDB reads. */
export type LogsQuery = { longContextThresholds: readonly number[] } & (
  | { engine: 'athena'; /** A quoted Athena table, `"database"."table"`. */ table: string }
  | { engine: 'duckdb'; /** The .json.gz log objects. */ files: readonly string[] }
);

/**
 * DuckDB runs the Athena (Trino) dialect's functions the query uses through these macros, so the query
 * file has one text: regexp_like, bitwise_or_agg (an aggregate: the macro is expanded where it is
 * called) and bit_count(x, bits) (DuckDB's own bit_count takes one argument).
 */
export const DUCKDB_TRINO_MACROS = [
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO bitwise_or_agg(x) AS bit_or(x)',
  'CREATE MACRO bit_count(x, bits) AS system.main.bit_count(x)',
] as const;

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

/** The part of a record that holds the response body: an object, or a streamed list of chunks. */
const BODY = '$.output.outputBodyJson';

/**
 * DuckDB's read_json `columns`: the record's fields the query reads, nested as the record nests them,
 * every value VARCHAR (a number reads as its JSON text, an object or array as its JSON text, as
 * json_extract_string gives them), the requestMetadata map and the response body as JSON. read_json
 * parses each record once into these columns and skips everything else, the request and response
 * text above all.
 */
function readJsonColumns(): string {
  type Tree = Map<string, Tree | 'VARCHAR' | 'JSON'>;
  const root: Tree = new Map();
  const add = (path: string, type: 'VARCHAR' | 'JSON') => {
    const keys = path.slice(2).split('.');
    let at = root;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        at.set(key, type);
        return;
      }
      let next = at.get(key);
      if (!(next instanceof Map)) at.set(key, (next = new Map()));
      at = next;
    });
  };
  for (const f of RECORD_FIELDS) if (!f.path.startsWith(BODY)) add(f.path, f.json ? 'JSON' : 'VARCHAR');
  add(BODY, 'JSON');
  const type = (t: Tree | 'VARCHAR' | 'JSON'): string => (t instanceof Map ? `STRUCT(${[...t].map(([k, v]) => `"${k}" ${type(v)}`).join(', ')})` : t);
  return `{${[...root].map(([k, v]) => `'${k}': '${type(v)}'`).join(', ')}}`;
}

/** {{fields}} and {{source}} for one engine: how each record's values are parsed out of its text. */
function recordFields(q: LogsQuery): { fields: string; source: string } {
  if (q.engine === 'athena') {
    return {
      source: q.table,
      fields: RECORD_FIELDS.map((f) => (f.json ? `json_format(json_extract(line, '${f.path}'))` : `json_extract_scalar(line, '${f.path}')`) + ` AS ${f.name}`).join(',\n    '),
    };
  }
  // read_json parses each record once into typed columns; the body (JSON text) is parsed again for its
  // few paths, in one call. ignore_errors: a line that is not JSON, or a field of another shape than
  // the columns say, reads as NULL (as json_extract_string reads a path that is not there), so the
  // query's checks refuse it by file and the reader names its line, rather than DuckDB stopping at it.
  const body = RECORD_FIELDS.filter((f) => f.path.startsWith(BODY));
  const sql = (path: string) => `"${path.slice(2).split('.').join('"."')}"`;
  const at = (f: (typeof RECORD_FIELDS)[number]) => (f.path.startsWith(BODY) ? `record_body[${body.indexOf(f) + 1}]` : f.json ? `CAST(${sql(f.path)} AS VARCHAR)` : sql(f.path));
  const files = `[${q.files.map(quoted).join(', ')}]`;
  return {
    source: `(SELECT *, json_extract_string(${sql(BODY)}, [${body.map((f) => `'$${f.path.slice(BODY.length)}'`).join(', ')}]) AS record_body
    FROM read_json(${files}, format = 'newline_delimited', compression = 'gzip', filename = true, ignore_errors = true, columns = ${readJsonColumns()})) AS records`,
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
    record_objects: q.engine === 'duckdb' ? '' : `WHERE regexp_like("$path", '${LOG_OBJECT.source}') AND NOT regexp_like("$path", '${PERMISSION_CHECK.source}')`,
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
