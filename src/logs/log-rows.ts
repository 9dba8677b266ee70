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
  const tags = new TagReader();
  let duplicates = 0;
  // Each key built once: built inside the comparator, a million rows made tens of millions of strings.
  const keyed: Array<{ hour: InvocationLogHour; key: string }> = [];
  for (const r of rows) {
    if (r.kind !== 'hour') continue;
    duplicates += Number(r.duplicates ?? 0);
    const hour = hourOf(r, tags);
    keyed.push({ hour, key: hourSortKey(hour, tags.key(hour.tags)) });
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { description, files, hours: keyed.map((k) => k.hour), duplicates };
}

const hourSortKey = (h: InvocationLogHour, tags: string) =>
  `${h.hour}|${h.accountId}|${h.region}|${h.modelId}|${h.caller}|${tags}|${h.longContextBand}|${h.tier}|${h.inferenceRegion}|${h.streaming}|${h.errored}`;

/**
 * requestMetadata as the query gives it (JSON text), read once per distinct text: a caller's tags
 * repeat on every hour and class of its rows, and each row parsing them again was most of the rows'
 * garbage. Rows with the same text share one (frozen) object, its keys sorted.
 */
class TagReader {
  private readonly byText = new Map<string, Record<string, string>>();
  private readonly keys = new WeakMap<Record<string, string>, string>();

  read(text: string): Record<string, string> {
    let tags = this.byText.get(text);
    if (!tags) {
      tags = {};
      const parsed = JSON.parse(text) as Record<string, unknown> | null;
      if (parsed && typeof parsed === 'object') {
        const entries = Object.entries(parsed).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
        tags = Object.fromEntries(entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
      }
      Object.freeze(tags);
      this.byText.set(text, tags);
    }
    return tags;
  }

  /** The tags as the sort key writes them. */
  key(tags: Record<string, string>): string {
    let key = this.keys.get(tags);
    if (key === undefined) this.keys.set(tags, (key = JSON.stringify(tags)));
    return key;
  }
}

/** One aggregate row (every value text or number, as DuckDB and Athena return them) as an hour. */
export function hourOf(r: Record<string, unknown>, tags = new TagReader()): InvocationLogHour {
  const int = (k: string) => {
    const n = Number(r[k]);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvocationLogError(`invocation-log aggregate: ${k} is not a whole number (${String(r[k])})`);
    return n;
  };
  return {
    hour: String(r.hour),
    accountId: String(r.account_id),
    region: String(r.region),
    modelId: String(r.model_id),
    caller: String(r.caller),
    tags: tags.read(r.tags === null || r.tags === undefined ? '{}' : String(r.tags)),
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
