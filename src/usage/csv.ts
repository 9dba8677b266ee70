import { UsageInputError } from '../errors.js';
import { parseModelId, regionConflict } from '../model-id.js';
import {
  EARLIEST_USAGE_SECONDS,
  FUTURE_TOLERANCE_SECONDS,
  UsageBuilder,
  canonicalMetricName,
  extentOf,
  segmentEnd,
  USAGE_METRICS,
  type UsageSnapshot,
  type UsageWindow,
} from './usage.js';
import { REGION_EXAMPLE, isRegionCode } from '../region.js';

/**
 * Reads usage from CSV: header `timestamp,region,modelId,metric,value` (any column order), one
 * CloudWatch datapoint a row: metric names as CloudWatch spells them, ISO 8601 timestamps on whole
 * minutes, integer values. Each point's period (60, 300 or 3600 s) comes from CloudWatch's retention
 * tiers, read off its series' timestamps (`inferPeriods`).
 *
 * The file is read as a stream of chunks into typed columns: no per-row objects and no whole-file
 * string, so a 680 MB export fits in a few hundred MB. Quoted fields are accepted on one line;
 * a field spanning lines is rejected.
 */
export const CSV_COLUMNS = ['timestamp', 'region', 'modelId', 'metric', 'value'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const WHOLE_NUMBER = /^\d+(\.0+)?$/;
const MAX_REPORTED_ERRORS = 20;
/**
 * A gap this long (a week) with no data at all, covering more than half of the window read off the
 * data, means some rows do not belong with the rest.
 */
const STRAY_GAP_SECONDS = 7 * 86_400;
/**
 * Characters no model ID holds: controls (NUL included), zero-width and direction marks, the BOM,
 * and U+FFFD (what bytes that are not UTF-8 decode to). Such an ID would print like a real one and
 * price as an unknown model.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const HIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufffd]/u;
const MAX_LINE_BYTES = 1 << 20;

/** ISO 8601 in form and a real calendar date-time: Date.parse would roll 2026-02-30 over to March. */
function isRealDateTime(text: string): boolean {
  if (!ISO_8601.test(text) || Number.isNaN(Date.parse(text))) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const [hh, mm, ss] = [Number(text.slice(11, 13)), Number(text.slice(14, 16)), text[16] === ':' ? Number(text.slice(17, 19)) : 0];
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60;
}


export interface UsageReadOptions {
  /** The run's clock reading, for the "not in the future" check. */
  now: Date;
  /** Analyse exactly this window (`--start`/`--end`); data outside it is an error. */
  window?: UsageWindow;
}

/** Splits one CSV record with quotes (RFC 4180 on a single line); undefined when a quote is left open. */
export function splitQuoted(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const comma = line.indexOf(',', i);
      if (line.slice(i, comma < 0 ? undefined : comma).trim() !== '') return undefined;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      fields.push(line.slice(i, comma < 0 ? undefined : comma));
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

function trimmed(field: string): string {
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(field.length - 1);
  return first === 32 || first === 9 || last === 32 || last === 9 ? field.trim() : field;
}

/** The columns of one (Region, model, metric) plus the checks its first row passed. */
interface Sink {
  push(t: number, v: number, line: number, period: number): void;
}

/** A series' key bytes (`region,modelId,metric`), where its rows go (or its problems), and the series that followed it last. */
interface SinkEntry {
  key: Buffer;
  keyView: DataView;
  sink: Sink | string;
  next?: SinkEntry;
}

/**
 * An incremental CSV usage reader: `push` chunks of text in order, then `finish`. The same reader
 * serves a string (`parseUsageCsv`) and a file read in chunks (`readUsageFile`).
 */
export class UsageCsvReader {
  private readonly builder: UsageBuilder;
  private readonly errors: string[] = [];
  private readonly sinks = new Map<string, Sink | string>();
  private readonly nowSeconds: number;
  private carry: Buffer = EMPTY;
  /** Field boundaries of the current line: the comma positions. */
  private commas = new Int32Array(0);
  private fieldStarts = new Int32Array(0);
  private fieldEnds = new Int32Array(0);
  private keyFields = new Int32Array(0);
  // Until a row's timestamp has been checked there is no "last timestamp": the sentinels match no field,
  // so the first row (an empty timestamp included) is always checked, never taken as the one before.
  private lastTimestampBytes: Uint8Array = NEVER_SEEN;
  private lastTimestampView = viewOf(NEVER_SEEN);
  /** Series by a hash of their key bytes (Region, model, metric), each with its bytes to confirm. */
  private readonly sinksByHash = new Map<number, SinkEntry[]>();
  /** The series of the previous row, whose `next` predicts this row's. */
  private lastEntry: SinkEntry | undefined;
  /** Region, modelId and metric are adjacent columns in that order (as the documented header has them). */
  private keyContiguous = false;
  /** The documented column order, which the single-pass reader handles. */
  private canonical = false;
  private timestampField = 0;
  private valueField = 0;
  private line = 0;
  private header: Record<Column, number> | undefined;
  private columnCount = 0;
  private rows = 0;
  /** Bytes of the chunks pushed so far, and the lines they held (the last line may run on). */
  private bytesDone = 0;
  private linesDone = 0;
  private lastTimestamp: string | undefined = undefined;
  private lastSeconds = NaN;
  /**
   * The start of the last timestamp's hour, when its bytes are of a form `timestampSeconds` reads
   * (NaN otherwise): a row whose timestamp shares its date and hour is read from its minute and second.
   */
  private lastHourSeconds = NaN;
  private lastTimestampProblem = '';
  private first = true;
  /** The first line of each distinct timestamp (a few tens of thousands at most), to name a stray row. */
  private readonly firstLineAt = new FirstLines();

  constructor(
    private readonly fileName: string,
    private readonly options: UsageReadOptions,
  ) {
    this.builder = new UsageBuilder((line) => `${fileName}:${line}`);
    this.nowSeconds = Math.floor(options.now.getTime() / 1000);
  }

  /**
   * The file's size in bytes, when known: its rows so far against the rows that size makes tell how
   * long each series will be, so a series read a row at a time (a file by minute) can be given one
   * array for all its points (`ColumnTurns.finalLength`).
   */
  expectBytes(total: number): void {
    this.builder.estimateColumns((length) => (this.bytesDone > 0 && this.line > 0 ? (length * ((total * this.linesDone) / this.bytesDone)) / this.line : 0));
  }

  /** Feeds the next chunk of the file, bytes (a file stream) or text. */
  push(chunk: Uint8Array | string): void {
    this.pushChunk(chunk);
    this.bytesDone += chunk.length;
    this.linesDone = this.line;
  }

  private pushChunk(chunk: Uint8Array | string): void {
    let bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (this.first) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let from = 0;
    if (this.carry.length) {
      // Only the line split across chunks is copied, not the whole chunk.
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        this.checkLineLength();
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, nl)]);
      this.carry = EMPTY;
      this.readLineBytes(line, 0, line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length);
      from = nl + 1;
    }
    from = this.readLines(buf, viewOf(buf), from);
    // The carry is copied: the caller may reuse its chunk's memory.
    this.carry = from < buf.length ? Buffer.from(buf.subarray(from)) : EMPTY;
    this.checkLineLength();
    buf = EMPTY;
  }

  /**
   * Reads the chunk's whole lines from `from`; returns where the unfinished last line starts. A loop of
   * its own: V8 optimizes it while it runs (on-stack replacement) having seen only the loop, and code
   * after it that had never run (the carry) would throw that code away at the end of every chunk.
   */
  private readLines(buf: Buffer, view: DataView, from: number): number {
    for (;;) {
      // Most rows of an export take the predicted path, which finds its own line end.
      const next = this.canonical ? this.readPredictedLine(buf, view, from) : -1;
      if (next >= 0) {
        from = next;
        continue;
      }
      const nl = buf.indexOf(10, from);
      if (nl < 0) return from;
      this.readLineBytes(buf, from, nl > from && buf[nl - 1] === 13 ? nl - 1 : nl);
      from = nl + 1;
    }
  }

  /** A row is under 200 bytes; a "line" of megabytes is not usage CSV, and carrying it would cost quadratic copying. */
  private checkLineLength(): void {
    if (this.carry.length > MAX_LINE_BYTES) {
      throw new UsageInputError(`${this.fileName}:${this.line + 1}: not valid CSV: a line longer than ${MAX_LINE_BYTES / 1_048_576} MiB`);
    }
  }

  finish(): UsageSnapshot {
    if (this.carry.length) {
      const last = this.carry;
      this.carry = EMPTY;
      this.readLineBytes(last, 0, last[last.length - 1] === 13 ? last.length - 1 : last.length);
    }
    if (!this.header) throw new UsageInputError(`${this.fileName}: empty file; expected a header "${CSV_COLUMNS.join(',')}"`);
    if (this.errors.length) {
      const many = this.errors.length >= MAX_REPORTED_ERRORS;
      throw new UsageInputError(`${this.fileName} has ${many ? 'at least ' : ''}${this.errors.length} bad row(s):\n${this.errors.slice(0, MAX_REPORTED_ERRORS).join('\n')}`);
    }
    if (this.rows === 0) throw new UsageInputError(`${this.fileName}: no data rows after the header`);
    const models = this.builder.build();
    const extent = extentOf(models);
    const window = this.options.window;
    if (!window) this.checkWindowFromData(models);
    if (window) {
      for (const m of models) {
        const last = m.segments[m.segments.length - 1]!;
        if (segmentEnd(last) > window.end) {
          throw new UsageInputError(`${this.fileName}: the last ${last.periodSeconds}-second point of ${m.modelId} (${m.region}) at ${iso(segmentEnd(last) - last.periodSeconds)} runs past the window end ${iso(window.end)}`);
        }
      }
    }
    return {
      window: window
        ? { start: iso(window.start), end: iso(window.end), basis: { how: 'given' } }
        : { start: iso(extent.start), end: iso(extent.end), basis: { how: 'csv-extent', file: this.fileName } },
      models,
      provisionedThroughputs: [],
      customModels: [],
      inferenceProfiles: [],
      errors: [],
      ...(this.builder.warnings.length ? { warnings: [...this.builder.warnings] } : {}),
    };
  }

  /**
   * A window read off the data must be one the data shows. One timestamp alone does not: its period
   * (60, 300 or 3600 s), and with it the window and every monthly figure, would be a guess from its
   * clock minute. And a row far from all the others (a stray row from another year) stretches the
   * window until the monthly cost is nothing: it is named, with its line, rather than averaged in.
   */
  private checkWindowFromData(models: ReturnType<UsageBuilder['build']>): void {
    const times = this.firstLineAt.times();
    if (times.length === 1) {
      throw new UsageInputError(
        `${this.fileName}: every row is at one timestamp (${iso(times[0]!)}), so the window and the data's period (60, 300 or 3600 s) cannot be read off the data; give the window with --start and --end`,
      );
    }
    // Intervals the data covers, merged; the widest gap between them is the suspect.
    const spans = models.flatMap((m) => m.segments.map((seg) => [seg.start, segmentEnd(seg)] as const)).sort((a, b) => a[0] - b[0]);
    let coveredEnd = spans[0]![1];
    let gap = { from: 0, to: 0 };
    for (const [start, end] of spans.slice(1)) {
      if (start - coveredEnd > gap.to - gap.from) gap = { from: coveredEnd, to: start };
      coveredEnd = Math.max(coveredEnd, end);
    }
    const extent = extentOf(models);
    const span = extent.end - extent.start;
    const gapSeconds = gap.to - gap.from;
    if (gapSeconds < STRAY_GAP_SECONDS || gapSeconds * 2 < span) return;
    const before = times.filter((t) => t < gap.to);
    const after = times.filter((t) => t >= gap.to);
    const stray = before.length <= after.length ? before : after;
    const lines = stray.slice(0, 3).map((t) => `${this.fileName}:${this.firstLineAt.get(t)} (${iso(t)})`);
    throw new UsageInputError(
      `${this.fileName}: ${stray.length} timestamp(s) lie ${Math.round(gapSeconds / 86_400)} days away from the rest of the data and stretch the window to ${Math.round(span / 3600)} hours: ` +
        `${lines.join(', ')}${stray.length > 3 ? ', ...' : ''}. Remove the stray row(s), or give the window with --start and --end`,
    );
  }

  private problem(message: string): void {
    this.errors.push(`${this.fileName}:${this.line}: ${message}`);
  }

  /**
   * The fast path for a plain line (no quotes, no padding, the header's column count): fields are
   * read straight from the bytes, the timestamp and series are looked up by their bytes, and only
   * their first sighting is decoded and checked. Anything else goes through `readLine`.
   */
  private readLineBytes(buf: Buffer, start: number, end: number): void {
    const h = this.header;
    if (!h || start === end || this.errors.length >= MAX_REPORTED_ERRORS) return this.slowLine(buf, start, end);
    if (this.canonical) return this.readCanonicalLine(buf, start, end);
    const commas = this.commas;
    let count = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c === 44) {
        if (count === commas.length) return this.slowLine(buf, start, end);
        commas[count++] = i;
      } else if (c === 34 || c <= 32) {
        return this.slowLine(buf, start, end);
      }
    }
    if (count !== commas.length) return this.slowLine(buf, start, end);
    const starts = this.fieldStarts;
    const ends = this.fieldEnds;
    starts[0] = start;
    for (let f = 0; f < count; f++) {
      ends[f] = commas[f] as number;
      starts[f + 1] = (commas[f] as number) + 1;
    }
    ends[count] = end;

    // Timestamp: the same bytes as the last row's reuse its seconds (and its problem, if any).
    const ts = starts[this.timestampField] as number;
    const te = ends[this.timestampField] as number;
    const last = this.lastTimestampBytes;
    let same = te - ts === last.length;
    for (let i = 0; same && i < last.length; i++) same = buf[ts + i] === last[i];
    if (!same) {
      this.rememberTimestamp(buf, ts, te);
      this.checkTimestampBytes(buf, ts, te, this.line + 1);
    }

    // Series: FNV-1a over the Region, model and metric bytes, confirmed by comparing the bytes.
    let sink: Sink | string | undefined;
    if (this.keyContiguous) {
      // The usual column order: the three fields are one span, commas included; one native compare confirms.
      const ks = starts[this.keyFields[0] as number] as number;
      const ke = ends[(this.keyFields[2] as number)] as number;
      let hash = 0x811c9dc5;
      for (let i = ks; i < ke; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
      const candidates = this.sinksByHash.get(hash);
      if (candidates) {
        for (let c = 0; c < candidates.length; c++) {
          const key = candidates[c]!.key;
          if (key.length === ke - ks && buf.compare(key, 0, key.length, ks, ke) === 0) {
            sink = candidates[c]!.sink;
            break;
          }
        }
      }
      if (sink === undefined) sink = this.newSink(buf, hash, Buffer.from(buf.subarray(ks, ke)));
    } else {
      const keyFields = this.keyFields;
      let hash = 0x811c9dc5;
      const parts: Uint8Array[] = [];
      for (let k = 0; k < 3; k++) {
        const f = keyFields[k] as number;
        const e = ends[f] as number;
        for (let i = starts[f] as number; i < e; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
        hash = Math.imul(hash ^ 44, 0x01000193);
        parts.push(buf.subarray(starts[f] as number, e), COMMA);
      }
      const key = Buffer.concat(parts);
      for (const candidate of this.sinksByHash.get(hash) ?? []) {
        if (Buffer.compare(candidate.key, key) === 0) {
          sink = candidate.sink;
          break;
        }
      }
      if (sink === undefined) sink = this.newSink(buf, hash, key);
    }

    // Value: up to 15 digits is an exact integer read directly; anything else is checked as text.
    const vs = starts[this.valueField] as number;
    const ve = ends[this.valueField] as number;
    let value = 0;
    let digits = ve - vs > 0 && ve - vs <= 15;
    for (let i = vs; digits && i < ve; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) digits = false;
      else value = value * 10 + d;
    }
    if (!digits) value = parseCount(utf8(buf, vs, ve));
    this.line++;
    if (this.lastTimestampProblem === '' && typeof sink !== 'string' && digits) {
      sink.push(this.lastSeconds, value, this.line, 0);
      this.rows++;
      return;
    }
    const raw = utf8(buf, vs, ve);
    this.accept(sink, value, () => raw);
  }

  /**
   * Rows of an export repeat one order of series: this tries the series that followed the last row's
   * the last time, with the last row's timestamp. The row must be exactly `timestamp,key,digits` and
   * end in a newline inside `buf`; then the timestamp and key are confirmed four bytes at a time, the
   * value is read while looking for the line end, and the index after the line is returned. Anything
   * else returns -1 having changed nothing, and the line takes the full path.
   */
  private readPredictedLine(buf: Buffer, view: DataView, start: number): number {
    const predicted = this.lastEntry?.next;
    const lastLength = this.lastTimestampBytes.length;
    if (predicted === undefined || lastLength === 0 || this.lastTimestampBytes === NEVER_SEEN || this.lastTimestampProblem !== '' || typeof predicted.sink === 'string') return -1;
    const keyStart = start + lastLength + 1;
    const keyEnd = keyStart + predicted.key.length;
    const limit = buf.length;
    if (keyEnd >= limit || buf[keyStart - 1] !== 44 || buf[keyEnd] !== 44) return -1;
    // Four bytes at a time through DataViews: Buffer.compare's argument checks cost more than a
    // 45-byte compare, and a byte loop three times what this does.
    if (!sameBytes(view, keyStart, predicted.keyView, predicted.key.length)) return -1;
    // A new timestamp of the same length (every row of a file in series order) is read from its bytes.
    const newSeconds = sameBytes(view, start, this.lastTimestampView, lastLength) ? undefined : this.nextSeconds(buf, view, start, lastLength);
    if (newSeconds !== undefined && Number.isNaN(newSeconds)) return -1;
    let value = 0;
    let i = keyEnd + 1;
    for (; i < limit; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    const digits = i - keyEnd - 1;
    if (digits === 0 || digits > 15 || i >= limit) return -1;
    let next: number;
    if (buf[i] === 10) next = i + 1;
    else if (buf[i] === 13 && i + 1 < limit && buf[i + 1] === 10) next = i + 2;
    else return -1;
    this.lastEntry = predicted;
    if (newSeconds !== undefined) {
      // The same length as the last row's timestamp: its bytes are replaced in place, four at a time.
      copyBytes(view, start, this.lastTimestampView, lastLength);
      this.lastHourSeconds = newSeconds - (newSeconds % 3600);
      this.lastTimestamp = undefined;
      if (!this.checkSeconds(newSeconds, this.line + 1)) {
        this.timestampProblem(newSeconds, utf8(buf, start, start + lastLength));
        this.line++;
        this.accept(predicted.sink, value, () => String(value));
        return next;
      }
    }
    this.line++;
    predicted.sink.push(this.lastSeconds, value, this.line, 0);
    this.rows++;
    return next;
  }

  /**
   * The seconds of a timestamp of `length` bytes at `start` that differs from the last row's, NaN when
   * not of a form `timestampSeconds` reads. In a file in series order the timestamp changes on every
   * row, mostly in its minute alone: when the date and hour (`YYYY-MM-DDTHH:`) are the last one's, only
   * the minute, second and the separators after them are read and checked, which with the date and hour
   * already read is everything `timestampSeconds` checks.
   */
  private nextSeconds(buf: Buffer, view: DataView, start: number, length: number): number {
    const hour = this.lastHourSeconds;
    const last = this.lastTimestampView;
    if (hour === hour && view.getUint32(start) === last.getUint32(0) && view.getUint32(start + 4) === last.getUint32(4) && view.getUint32(start + 8) === last.getUint32(8) && view.getUint16(start + 12) === last.getUint16(12)) {
      const minute = twoDigits(buf, start + 14);
      const second = length === 20 ? twoDigits(buf, start + 17) : 0;
      if (minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && buf[start + length - 1] === 90 && (length === 17 || buf[start + 16] === 58)) return hour + minute * 60 + second;
      return NaN;
    }
    return timestampSeconds(buf, start, start + length);
  }

  /**
   * The documented column order (timestamp,region,modelId,metric,value) in a single pass over the
   * line's bytes: the timestamp compared with the last row's, the series key hashed, the value's digits
   * read, all in one loop. This is the path a CloudWatch export takes for every row.
   */
  private readCanonicalLine(buf: Buffer, start: number, end: number): void {
    const last = this.lastTimestampBytes;
    const lastLength = last.length;
    let field = 0;
    let timestampEnd = -1;
    let keyEnd = -1;
    let sameTimestamp = true;
    let hash = 0x811c9dc5;
    let value = 0;
    let digits = true;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c === 44) {
        if (field === 0) timestampEnd = i;
        else if (field === 3) keyEnd = i;
        else hash = Math.imul(hash ^ 44, 0x01000193);
        if (++field > 4) return this.slowLine(buf, start, end);
      } else if (c === 34 || c <= 32) {
        return this.slowLine(buf, start, end);
      } else if (field === 0) {
        const j = i - start;
        if (j >= lastLength || last[j] !== c) sameTimestamp = false;
      } else if (field < 4) {
        hash = Math.imul(hash ^ c, 0x01000193);
      } else {
        const d = c - 48;
        if (d < 0 || d > 9) digits = false;
        else value = value * 10 + d;
      }
    }
    if (field !== 4) return this.slowLine(buf, start, end);
    if (!sameTimestamp || timestampEnd - start !== lastLength) {
      this.rememberTimestamp(buf, start, timestampEnd);
      this.checkTimestampBytes(buf, start, timestampEnd, this.line + 1);
    }
    const ks = timestampEnd + 1;
    let entry: SinkEntry | undefined;
    const candidates = this.sinksByHash.get(hash);
    if (candidates) {
      for (let c = 0; c < candidates.length; c++) {
        const key = candidates[c]!.key;
        let same = key.length === keyEnd - ks;
        for (let i = 0; same && i < key.length; i++) same = buf[ks + i] === key[i];
        if (same) {
          entry = candidates[c]!;
          break;
        }
      }
    }
    if (entry === undefined) {
      const fields = utf8(buf, ks, keyEnd).split(',');
      const key = Buffer.from(buf.subarray(ks, keyEnd));
      entry = { key, keyView: viewOf(key), sink: this.sinkFor(fields[0]!, fields[1]!, fields[2]!) };
      const list = this.sinksByHash.get(hash);
      if (list) list.push(entry);
      else this.sinksByHash.set(hash, [entry]);
    }
    if (this.lastEntry) this.lastEntry.next = entry;
    this.lastEntry = entry;
    const sink = entry.sink;
    const length = end - keyEnd - 1;
    if (!digits || length === 0 || length > 15) {
      digits = false;
      value = parseCount(utf8(buf, keyEnd + 1, end));
    }
    this.line++;
    if (this.lastTimestampProblem === '' && typeof sink !== 'string' && digits) {
      sink.push(this.lastSeconds, value, this.line, 0);
      this.rows++;
      return;
    }
    const raw = utf8(buf, keyEnd + 1, end);
    this.accept(sink, value, () => raw);
  }

  /** A series seen for the first time on the fast path: decoded, checked, and registered under its hash. */
  private newSink(buf: Buffer, hash: number, key: Buffer): Sink | string {
    const starts = this.fieldStarts;
    const ends = this.fieldEnds;
    const [r, m, x] = this.keyFields as unknown as [number, number, number];
    const sink = this.sinkFor(utf8(buf, starts[r]!, ends[r]!), utf8(buf, starts[m]!, ends[m]!), utf8(buf, starts[x]!, ends[x]!));
    const entry = { key, keyView: viewOf(key), sink };
    const list = this.sinksByHash.get(hash);
    if (list) list.push(entry);
    else this.sinksByHash.set(hash, [entry]);
    return sink;
  }

  private slowLine(buf: Uint8Array, start: number, end: number): void {
    this.readLine(utf8(buf, start, end));
  }

  /** Checks a timestamp not seen on the row before, and remembers the verdict for the rows that repeat it. */
  private checkTimestamp(timestamp: string, line: number): void {
    this.lastTimestamp = timestamp;
    const t = (isRealDateTime(timestamp) ? Date.parse(timestamp) : NaN) / 1000;
    if (!this.checkSeconds(t, line)) this.timestampProblem(t, timestamp);
  }

  /**
   * `checkTimestamp` for a timestamp's bytes: the usual forms are read without a string (a file in
   * series order changes timestamp on every row), anything else as text.
   */
  private checkTimestampBytes(buf: Uint8Array, start: number, end: number, line: number): void {
    const t = timestampSeconds(buf, start, end);
    if (Number.isNaN(t)) return this.checkTimestamp(utf8(buf, start, end), line);
    this.lastTimestamp = undefined;
    if (!this.checkSeconds(t, line)) this.timestampProblem(t, utf8(buf, start, end));
  }

  /**
   * The checks of a timestamp read as epoch seconds (NaN: not a date-time): true when it passes them,
   * and it is then the last row's. False changes nothing: `timestampProblem` says why, with the text,
   * which is made only then (a file in series order passes here on every row).
   */
  private checkSeconds(t: number, line: number): boolean {
    const window = this.options.window;
    if (t % 60 !== 0 || t < EARLIEST_USAGE_SECONDS || t > this.nowSeconds + FUTURE_TOLERANCE_SECONDS || (window && (t < window.start || t >= window.end))) return false;
    this.lastTimestampProblem = '';
    this.lastSeconds = t;
    this.firstLineAt.note(t, line);
    return true;
  }

  /** What is wrong with a timestamp `checkSeconds` did not pass, kept as the last row's verdict. */
  private timestampProblem(t: number, text: string): void {
    const window = this.options.window;
    this.lastSeconds = t;
    if (Number.isNaN(t)) this.lastTimestampProblem = `timestamp "${text}" is not an ISO 8601 date-time such as 2026-11-01T00:00:00Z`;
    else if (t % 60 !== 0) this.lastTimestampProblem = `timestamp "${text}" is not on a whole minute; CloudWatch periods for Bedrock are 60, 300 or 3600 s`;
    else if (t < EARLIEST_USAGE_SECONDS) this.lastTimestampProblem = `timestamp "${text}" is before 2023, before Amazon Bedrock existed`;
    else if (t > this.nowSeconds + FUTURE_TOLERANCE_SECONDS) this.lastTimestampProblem = `timestamp "${text}" is more than a day in the future`;
    else this.lastTimestampProblem = `timestamp "${text}" is outside the window ${iso(window!.start)} to ${iso(window!.end)}`;
  }

  /** Remembers a timestamp's bytes as the last row's, in place when the length is the same. */
  private rememberTimestamp(buf: Uint8Array, start: number, end: number): void {
    // Only the predicted path, which reads the form, sets it again (`nextSeconds`).
    this.lastHourSeconds = NaN;
    const last = this.lastTimestampBytes;
    if (last !== NEVER_SEEN && last.length === end - start) {
      // A byte loop, not `set(subarray)`: a file in series order comes here on every row, and a
      // subarray is an object a row.
      for (let i = 0; i < last.length; i++) last[i] = buf[start + i] as number;
      return;
    }
    this.lastTimestampBytes = Buffer.from(buf.subarray(start, end));
    this.lastTimestampView = viewOf(this.lastTimestampBytes);
  }

  /** The columns a (Region, model, metric) goes to, or the problems with it; checked once per series. */
  private sinkFor(region: string, modelId: string, metricName: string): Sink | string {
    const key = `${region}\u0000${modelId}\u0000${metricName}`;
    let sink = this.sinks.get(key);
    if (sink === undefined) {
      const problems: string[] = [];
      if (!isRegionCode(region)) problems.push(`region "${region}" is not ${REGION_EXAMPLE}`);
      if (!modelId) problems.push('modelId is empty');
      const hidden = HIDDEN_CHARACTER.exec(modelId);
      if (hidden) {
        const what = hidden[0] === '\ufffd' ? 'bytes that are not valid UTF-8' : `the invisible character U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        problems.push(`modelId ${JSON.stringify(modelId)} contains ${what} at position ${hidden.index + 1}; model IDs are printable text`);
      } else if (modelId && isRegionCode(region)) {
        const conflict = regionConflict(parseModelId(modelId), region);
        if (conflict) problems.push(`modelId "${modelId}" cannot have been called in ${region}: ${conflict}`);
      }
      const metric = canonicalMetricName(metricName);
      if (!metric) problems.push(`metric "${metricName}" is not a Bedrock usage metric (expected one of ${USAGE_METRICS.join(', ')}, or CacheReadInputTokens/CacheWriteInputTokens)`);
      sink = problems.length ? problems.join('\n') : this.builder.columnsFor(region, modelId, undefined, metric!, metricName);
      this.sinks.set(key, sink);
    }
    return sink;
  }

  /** Stores a row whose fields were read (line already counted), or records its problems. */
  private accept(sink: Sink | string, value: number, rawValue: () => string): void {
    const badValue = !Number.isSafeInteger(value);
    if (this.lastTimestampProblem || typeof sink === 'string' || badValue) {
      if (this.lastTimestampProblem) this.problem(this.lastTimestampProblem);
      if (typeof sink === 'string') for (const p of sink.split('\n')) this.problem(p);
      if (badValue) this.problem(`value "${rawValue()}" is not a non-negative whole number`);
      return;
    }
    sink.push(this.lastSeconds, value, this.line, 0);
    this.rows++;
  }

  private readLine(text: string): void {
    this.line++;
    this.lastEntry = undefined;
    if (text === '') return;
    if (this.errors.length >= MAX_REPORTED_ERRORS) return;
    let fields: string[] | undefined = text.indexOf('"') >= 0 ? splitQuoted(text) : text.split(',');
    if (!fields) throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: a quoted field is not closed on its line`);
    if (!this.header) {
      fields = fields.map(trimmed);
      const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, fields!.indexOf(c)])) as Record<Column, number>;
      const missing = CSV_COLUMNS.filter((c) => index[c] < 0);
      if (missing.length) throw new UsageInputError(`${this.fileName}:${this.line}: header is missing column(s) ${missing.join(', ')}; expected "${CSV_COLUMNS.join(',')}"`);
      // Two columns of one name: which one holds the data is a guess, so neither is read.
      const twice = CSV_COLUMNS.filter((c) => fields!.indexOf(c) !== fields!.lastIndexOf(c));
      if (twice.length) throw new UsageInputError(`${this.fileName}:${this.line}: header names column(s) ${twice.map((c) => `"${c}"`).join(', ')} twice; each column must appear once`);
      this.header = index;
      this.columnCount = fields.length;
      this.commas = new Int32Array(fields.length - 1);
      this.fieldStarts = new Int32Array(fields.length);
      this.fieldEnds = new Int32Array(fields.length);
      this.keyFields = Int32Array.of(index.region, index.modelId, index.metric);
      this.keyContiguous = index.modelId === index.region + 1 && index.metric === index.region + 2;
      this.timestampField = index.timestamp;
      this.canonical = fields.length === CSV_COLUMNS.length && CSV_COLUMNS.every((c, i) => index[c] === i);
      this.valueField = index.value;
      return;
    }
    if (fields.length !== this.columnCount) {
      throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: ${fields.length} fields where the header has ${this.columnCount}`);
    }
    const h = this.header;
    const timestamp = trimmed(fields[h.timestamp]!);
    const rawValue = trimmed(fields[h.value]!);
    // The fast path compares timestamp bytes; here the text, so both remember the same last timestamp.
    if (timestamp !== this.lastTimestamp) {
      this.lastTimestampBytes = NEVER_SEEN;
      this.lastTimestampView = viewOf(NEVER_SEEN);
      this.lastHourSeconds = NaN;
      this.checkTimestamp(timestamp, this.line);
    }
    const sink = this.sinkFor(trimmed(fields[h.region]!), trimmed(fields[h.modelId]!), trimmed(fields[h.metric]!));
    this.accept(sink, parseCount(rawValue), () => rawValue);
  }
}

/** A count written as a whole number (`12`, `12.0`), or NaN. */
function parseCount(text: string): number {
  return WHOLE_NUMBER.test(text) ? Number(text) : NaN;
}

/**
 * Epoch seconds of a timestamp in bytes of the forms exports write, `YYYY-MM-DDTHH:MM:SSZ` and
 * `YYYY-MM-DDTHH:MMZ`, when it is a real calendar date-time from 1970 on; NaN for anything else, which
 * the text path (`isRealDateTime`, `Date.parse`) then reads. The same seconds as `Date.parse`, by the
 * days-from-civil arithmetic of the proleptic Gregorian calendar.
 */
export function timestampSeconds(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if ((n !== 20 && n !== 17) || buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 10] !== 84 || buf[start + 13] !== 58 || buf[end - 1] !== 90) return NaN;
  if (n === 20 && buf[start + 16] !== 58) return NaN;
  const year = twoDigits(buf, start) * 100 + twoDigits(buf, start + 2);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  const hour = twoDigits(buf, start + 11);
  const minute = twoDigits(buf, start + 14);
  const second = n === 20 ? twoDigits(buf, start + 17) : 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!)) return NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * 86_400 + hour * 3600 + minute * 60 + second;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits as a number, or a negative number when either is not a digit. */
function twoDigits(buf: Uint8Array, at: number): number {
  const a = (buf[at] as number) - 48;
  const b = (buf[at + 1] as number) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
}

/**
 * The first line of each distinct timestamp (whole minutes), to name a stray row: a table of lines per
 * day, as a map entry per timestamp cost more than the rest of a row's reading in a file whose
 * timestamp changes on every row.
 */
class FirstLines {
  private readonly days = new Map<number, Uint32Array>();
  private lastDay = NaN;
  private lastLines: Uint32Array = new Uint32Array(0);

  note(t: number, line: number): void {
    const day = Math.floor(t / 86_400);
    if (day !== this.lastDay) {
      let lines = this.days.get(day);
      if (!lines) this.days.set(day, (lines = new Uint32Array(1440)));
      this.lastDay = day;
      this.lastLines = lines;
    }
    const slot = (t - day * 86_400) / 60;
    if (this.lastLines[slot] === 0) this.lastLines[slot] = line;
  }

  get(t: number): number | undefined {
    const day = Math.floor(t / 86_400);
    const line = this.days.get(day)?.[(t - day * 86_400) / 60];
    return line ? line : undefined;
  }

  /** Every timestamp noted, ascending. */
  times(): number[] {
    const times: number[] = [];
    for (const day of [...this.days.keys()].sort((a, b) => a - b)) {
      const lines = this.days.get(day)!;
      for (let slot = 0; slot < lines.length; slot++) if (lines[slot] !== 0) times.push(day * 86_400 + slot * 60);
    }
    return times;
  }
}

const COMMA = Buffer.of(44);
const EMPTY = Buffer.alloc(0);
/** 0xFF never occurs in UTF-8, so no field's bytes equal this. */
const NEVER_SEEN = Buffer.from([0xff]);

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `length` bytes of `view` from `at` equal `key`'s, compared four at a time. */
function sameBytes(view: DataView, at: number, key: DataView, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (view.getUint32(at + i) !== key.getUint32(i)) return false;
  for (; i < length; i++) if (view.getUint8(at + i) !== key.getUint8(i)) return false;
  return true;
}

/** Copies `length` bytes of `view` from `at` over the start of `into`, four at a time. */
function copyBytes(view: DataView, at: number, into: DataView, length: number): void {
  let i = 0;
  for (; i + 4 <= length; i += 4) into.setUint32(i, view.getUint32(at + i));
  for (; i < length; i++) into.setUint8(i, view.getUint8(at + i));
}

function utf8(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Reads usage CSV text already in memory (tests, small files). */
export function parseUsageCsv(text: string, fileName: string, options: UsageReadOptions): UsageSnapshot {
  const reader = new UsageCsvReader(fileName, options);
  reader.push(text);
  return reader.finish();
}
