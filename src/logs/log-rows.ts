import { InputError } from '../errors.js';
import type { InvocationLogHour, InvocationLogRead } from './invocation-log.js';

/**
 * The rows of ./invocation-logs.sql as the engine reads them, whichever engine ran it (DuckDB over
 * local files, Athena over the log bucket): hourly aggregates (`kind = 'hour'`), and the files holding
 * bad records (`kind = 'invalid'`). No DuckDB here: the deployed aggregator reads Athena's rows.
 */

/** Thrown when a log file cannot be used; names the file, line and field. The CLI exits 2. */
export class InvocationLogError extends InputError {
  override readonly name = 'InvocationLogError';
}

/** The first bad file the query found, by file name (the same one run to run). */
export function firstInvalid(rows: ReadonlyArray<Record<string, unknown>>): { file: string; field: string; requests: string } | undefined {
  return rows
    .filter((r) => r.kind === 'invalid')
    .map((r) => ({ file: String(r.file), field: String(r.bad_field), requests: String(r.requests) }))
    .sort((a, b) => a.file.localeCompare(b.file))[0];
}

/** The rows of an engine that ran the query over a store (Athena over the log bucket): a bad record fails the read, its object named. */
export function invocationLogReadOfRows(rows: ReadonlyArray<Record<string, unknown>>, description: string): InvocationLogRead {
  const invalid = firstInvalid(rows);
  if (invalid) throw new InvocationLogError(`${invalid.file}: ${invalid.requests} record(s) have a bad ${invalid.field}`);
  return invocationLogReadOf(rows, description, 0);
}

/** The hourly rows as a read, in a fixed order whatever order the engine returned them in. */
export function invocationLogReadOf(rows: ReadonlyArray<Record<string, unknown>>, description: string, files: number): InvocationLogRead {
  const hourRows = rows.filter((r) => r.kind === 'hour');
  // Each key built once: built inside the comparator, a million rows made tens of millions of strings.
  const keyed = hourRows.map((r) => {
    const hour = hourOf(r);
    return { hour, key: hourSortKey(hour) };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const hours = keyed.map((k) => k.hour);
  return { description, files, hours, duplicates: hourRows.reduce((n, r) => n + Number(r.duplicates ?? 0), 0) };
}

const hourSortKey = (h: InvocationLogHour) =>
  [h.hour, h.accountId, h.region, h.modelId, h.caller, JSON.stringify(h.tags), h.longContextBand, h.tier, h.inferenceRegion, h.streaming, h.errored].join('|');

/** One aggregate row (every value text or number, as DuckDB and Athena return them) as an hour. */
export function hourOf(r: Record<string, unknown>): InvocationLogHour {
  const int = (k: string) => {
    const n = Number(r[k]);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvocationLogError(`invocation-log aggregate: ${k} is not a whole number (${String(r[k])})`);
    return n;
  };
  let tags: Record<string, string> = {};
  const tagText = r.tags === null || r.tags === undefined ? '{}' : String(r.tags);
  const parsed = JSON.parse(tagText) as Record<string, unknown> | null;
  if (parsed && typeof parsed === 'object') {
    const entries = Object.entries(parsed).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    tags = Object.fromEntries(entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }
  return {
    hour: String(r.hour),
    accountId: String(r.account_id),
    region: String(r.region),
    modelId: String(r.model_id),
    caller: String(r.caller),
    tags,
    longContextBand: int('long_context_band'),
    tier: String(r.tier),
    inferenceRegion: String(r.inference_region),
    streaming: Number(r.streaming) === 1,
    errored: Number(r.errored) === 1,
    requests: int('requests'),
    activeMinutes: int('active_minutes'),
    inputTokens: int('input_tokens'),
    cacheReadTokens: int('cache_read_tokens'),
    cacheWrite5mTokens: int('cache_write_5m_tokens'),
    cacheWrite1hTokens: int('cache_write_1h_tokens'),
    cacheWriteUnsplitTokens: int('cache_write_unsplit_tokens'),
    outputTokens: int('output_tokens'),
    allInputSquared: Number(r.all_input_squared),
  };
}

