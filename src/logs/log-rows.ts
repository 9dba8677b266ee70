import { InputError } from '../errors.js';
import { readOfColumns, type HourColumns, type InvocationLogHour, type InvocationLogRead } from './invocation-log.js';

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

/**
 * The query's rows in the compact form the local reader fetches them in (./read-invocation-logs.ts):
 * every column but the hour and the counts, the row's series, is one JSON text given once per distinct
 * series, each row naming its series by number; the hour is the number YYYYMMDDHH and every count a
 * number. Handing DuckDB's text values over one by one cost more than the query's own aggregation
 * (37,000 rows of 24 columns at 100,000 records): here a few hundred texts cross, the rest are doubles.
 */
export interface CompactLogRows {
  /** Each series' JSON text (an object of SERIES_COLUMNS), by series number. */
  series: ReadonlyArray<string | undefined>;
  /** Per row: its series number, its hour (YYYYMMDDHH, null on a row of bad records) and COUNT_COLUMNS in order. */
  seriesOf: ArrayLike<number>;
  hourOf: ArrayLike<number | null>;
  counts: ReadonlyArray<ArrayLike<number | null>>;
}

/** The query's columns that make a row's series (all but the hour and the counts). */
export const SERIES_COLUMNS = ['kind', 'account_id', 'region', 'model_id', 'caller', 'tags', 'long_context_band', 'tier', 'inference_region', 'streaming', 'errored', 'file', 'bad_field'] as const;
/** The query's count columns, in the order CompactLogRows.counts holds them. */
export const COUNT_COLUMNS = ['requests', 'active_minutes', 'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_write_unsplit_tokens', 'output_tokens', 'all_input_squared', 'duplicates'] as const;

/**
 * The same read as invocationLogReadOf gives for the same rows (the same hours, values and order, the
 * same first bad file), from their compact form: each series' text parsed once and each row's hour text
 * made once per distinct hour. Throws InvocationLogError when a row holds bad records, with the file
 * firstInvalid names (`invalid` says so; the caller names the line). The hours it returns are columns
 * (`hourColumns`, each row's series and hour by number), so that the logs' pricing and usage find what
 * a row adds to by number, with no object per row; `hours` is built from them when read.
 */
export function invocationLogReadOfCompact(rows: CompactLogRows, description: string, files: number): InvocationLogRead | { invalid: { file: string; field: string; requests: string } } {
  const tags = new TagReader();
  const seriesRows = rows.series.map((text) => (text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>)));
  // Each series read once: an hour series as an hour with zero counts (hourOf's checks and strings) and
  // its sort key's tail. A series that cannot be read keeps its error, thrown at its first row, where the
  // rows read one by one met it.
  const kinds = new Int8Array(seriesRows.length);
  const errors: Array<unknown> = [];
  const bases: Array<InvocationLogHour | undefined> = [];
  const tails: string[] = [];
  seriesRows.forEach((r, s) => {
    try {
      if (!r) throw new InvocationLogError(`invocation-log aggregate: series ${s} has no text`);
      kinds[s] = r.kind === 'hour' ? HOUR : r.kind === 'invalid' ? INVALID : OTHER;
      if (kinds[s] !== HOUR) return;
      const base = hourOf({ ...r, hour: '', ...ZERO_COUNTS }, tags);
      bases[s] = base;
      tails[s] = hourSortKey(base, tags.key(base.tags));
    } catch (error) {
      kinds[s] = UNREADABLE;
      errors[s] = error;
    }
  });
  const checked = checkedRows(rows, kinds, errors, seriesRows);
  const firstBad = firstInvalid(checked.invalid);
  if (firstBad) return { invalid: firstBad };
  // invocationLogReadOf's order: its key is the hour (always 13 characters here) then the series' tail,
  // so the hour's rank then the tail's rank sort alike: one number per row, the row's index breaking ties
  // as the stable sort did. Indices are sorted, not an object per row.
  const { hourId, hourNumbers } = checked;
  const hourRank = new Int32Array(hourNumbers.length);
  const hourTexts: string[] = [];
  hourNumbers
    .map((h, id) => ({ h, id }))
    .sort((a, b) => a.h - b.h)
    .forEach(({ h, id }, rank) => {
      hourRank[id] = rank;
      const t = String(h).padStart(10, '0');
      hourTexts.push(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}`);
    });
  const seriesOf = rows.seriesOf;
  const used = new Uint8Array(seriesRows.length);
  for (let j = 0; j < checked.kept.length; j++) used[seriesOf[checked.kept[j]!]!] = 1;
  const seriesRank = new Int32Array(seriesRows.length);
  const seriesInUse = [...used.keys()].filter((s) => used[s] === 1).sort((a, b) => (tails[a]! < tails[b]! ? -1 : tails[a]! > tails[b]! ? 1 : 0));
  seriesInUse.forEach((s, i) => (seriesRank[s] = i));
  const seriesCount = seriesInUse.length;
  const order = sortedRows(checked.kept, seriesOf.length, (i) => hourRank[hourId[i]!]! * seriesCount + seriesRank[seriesOf[i]!]!, hourNumbers.length * seriesCount);
  const seriesBases: InvocationLogHour[] = seriesInUse.map((s) => bases[s]!);
  const columns = columnsInOrder(order, rows, seriesBases, seriesRank, hourId, hourRank, hourTexts);
  return readOfColumns(description, files, columns, checked.duplicates);
}

/** What a series' rows are (invocationLogReadOfCompact's kinds). */
const HOUR = 0;
const INVALID = 1;
const OTHER = 2;
const UNREADABLE = 3;

/**
 * The compact rows checked in row order, the first bad value named as before: the rows of hours kept
 * (their indices), each one's hour numbered at its first row (`hourId` into `hourNumbers`), the bad
 * records' rows. One loop in a function of its own, as columnsInOrder: V8 compiles a hot loop with the
 * whole function around it, on its compile thread, counted in the run's CPU (the reader as one
 * function: 330 ms of compile time in `--trace-opt` of the CLI's run at 100,000 records, a loaded
 * machine's clock, as long as its loops ran).
 */
function checkedRows(rows: CompactLogRows, kinds: Int8Array, errors: ReadonlyArray<unknown>, seriesRows: ReadonlyArray<Record<string, unknown> | undefined>) {
  const n = rows.seriesOf.length;
  const { seriesOf, hourOf: hourNumberOf } = rows;
  const column = (k: (typeof COUNT_COLUMNS)[number]) => rows.counts[COUNT_COLUMNS.indexOf(k)]!;
  const [requests, duplicatesColumn] = [column('requests'), column('duplicates')];
  // hourCounts' columns, in its order (a bad count is named by the first column that holds one).
  const [c0, c1, c2, c3, c4, c5, c6, c7] = HOUR_COUNT_COLUMNS.map(column) as Array<ArrayLike<number | null>>;
  const invalid: Array<Record<string, unknown>> = [];
  const hourIds = new Map<number, number>();
  const hourNumbers: number[] = [];
  const hourId = new Int32Array(n);
  const kept = new Int32Array(n);
  let keptCount = 0;
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    const s = seriesOf[i]!;
    const kind = s < kinds.length ? kinds[s] : UNREADABLE;
    if (kind !== HOUR) {
      if (kind === INVALID) invalid.push({ ...seriesRows[s], requests: requests[i] });
      else if (kind === UNREADABLE) throw errors[s] ?? new InvocationLogError(`invocation-log aggregate: series ${s} has no text`);
      continue;
    }
    duplicates += Number(duplicatesColumn[i] ?? 0);
    const hourNumber = hourNumberOf[i];
    if (hourNumber === null || hourNumber === undefined || !Number.isSafeInteger(hourNumber)) throw new InvocationLogError(`invocation-log aggregate: hour is not YYYYMMDDHH (${String(hourNumber)})`);
    let id = hourIds.get(hourNumber);
    if (id === undefined) hourIds.set(hourNumber, (id = hourNumbers.push(hourNumber) - 1));
    hourId[i] = id;
    // Every count a whole number, tested at once; the first bad one named in hourCounts' order.
    if (!(isCount(c0![i]) && isCount(c1![i]) && isCount(c2![i]) && isCount(c3![i]) && isCount(c4![i]) && isCount(c5![i]) && isCount(c6![i]) && isCount(c7![i]))) {
      const bad = HOUR_COUNT_COLUMNS.find((k) => !isCount(column(k)[i]))!;
      throw new InvocationLogError(`invocation-log aggregate: ${bad} is not a whole number (${String(column(bad)[i] ?? 0)})`);
    }
    kept[keptCount++] = i;
  }
  return { kept: kept.subarray(0, keptCount), hourId, hourNumbers, duplicates, invalid };
}

/**
 * The rows in `order` as columns (HourColumns): each row's series and hour by rank (`seriesRank`, the
 * rank of its hour id in `hourRank`) and its counts, a missing one 0. Its own function, as checkedRows.
 */
function columnsInOrder(order: ArrayLike<number>, rows: CompactLogRows, seriesBases: readonly InvocationLogHour[], seriesRank: Int32Array, hourId: Int32Array, hourRank: Int32Array, hourTexts: readonly string[]): HourColumns {
  const n = order.length;
  const { seriesOf } = rows;
  const series = new Int32Array(n);
  const hour = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    series[j] = seriesRank[seriesOf[i]!]!;
    hour[j] = hourRank[hourId[i]!]!;
  }
  const gathered = (k: (typeof COUNT_COLUMNS)[number]) => {
    const from = rows.counts[COUNT_COLUMNS.indexOf(k)]!;
    const into = new Float64Array(n);
    for (let j = 0; j < n; j++) into[j] = from[order[j]!] ?? 0;
    return into;
  };
  return {
    length: n, series, seriesBases, hour, hourTexts,
    requests: gathered('requests'),
    activeMinutes: gathered('active_minutes'),
    inputTokens: gathered('input_tokens'),
    cacheReadTokens: gathered('cache_read_tokens'),
    cacheWrite5mTokens: gathered('cache_write_5m_tokens'),
    cacheWrite1hTokens: gathered('cache_write_1h_tokens'),
    cacheWriteUnsplitTokens: gathered('cache_write_unsplit_tokens'),
    outputTokens: gathered('output_tokens'),
    allInputSquared: gathered('all_input_squared'),
  };
}

/** The counts of a series' base (its rows give their own). */
const ZERO_COUNTS: Readonly<Record<(typeof COUNT_COLUMNS)[number], number>> = Object.fromEntries(COUNT_COLUMNS.map((k) => [k, 0])) as Record<(typeof COUNT_COLUMNS)[number], number>;

/** A count hourOf takes: a whole number from 0 to 2^53 - 1 (a missing one is 0). */
const isCount = (v: number | null | undefined): boolean => v === null || v === undefined || (Number.isSafeInteger(v) && v >= 0);

/**
 * The rows `kept` (indices below `n`) ordered by `rankOf` (a whole number below `ranks`), ties in index
 * order, as a stable sort by rank gives them. Each row's rank and index are one number, rank x n + index,
 * and the numbers are sorted as numbers (a typed array's own sort, no comparator called per pair: the
 * comparator sort was a tenth of this reader's time at 37,489 rows); beyond 2^53 a comparator sort.
 */
export function sortedRows(kept: ArrayLike<number>, n: number, rankOf: (i: number) => number, ranks: number): ArrayLike<number> {
  if (ranks * n <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(kept.length);
    for (let j = 0; j < kept.length; j++) keys[j] = rankOf(kept[j]!) * n + kept[j]!;
    keys.sort();
    const order = new Int32Array(kept.length);
    for (let j = 0; j < keys.length; j++) order[j] = keys[j]! % n;
    return order;
  }
  const rank = new Float64Array(n);
  for (let j = 0; j < kept.length; j++) rank[kept[j]!] = rankOf(kept[j]!);
  return Int32Array.from(kept).sort((a, b) => rank[a]! - rank[b]! || a - b);
}

/** The columns hourCounts reads, in its order (the compact reader checks them in the same order). */
const HOUR_COUNT_COLUMNS = ['requests', 'active_minutes', 'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_write_unsplit_tokens', 'output_tokens'] as const satisfies ReadonlyArray<(typeof COUNT_COLUMNS)[number]>;

type HourCounts = Pick<InvocationLogHour, 'requests' | 'activeMinutes' | 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'cacheWriteUnsplitTokens' | 'outputTokens'>;

/** An hour's whole-number counts, each read from its column by `int`. */
const hourCounts = (int: (column: (typeof COUNT_COLUMNS)[number]) => number): HourCounts => ({
  requests: int('requests'),
  activeMinutes: int('active_minutes'),
  inputTokens: int('input_tokens'),
  cacheReadTokens: int('cache_read_tokens'),
  cacheWrite5mTokens: int('cache_write_5m_tokens'),
  cacheWrite1hTokens: int('cache_write_1h_tokens'),
  cacheWriteUnsplitTokens: int('cache_write_unsplit_tokens'),
  outputTokens: int('output_tokens'),
});

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
    ...hourCounts(int),
    allInputSquared: Number(r.all_input_squared),
  };
}
