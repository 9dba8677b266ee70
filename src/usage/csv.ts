import { UsageInputError } from '../errors.js';
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
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const WHOLE_NUMBER = /^\d+(\.0+)?$/;
const MAX_REPORTED_ERRORS = 20;

/** ISO 8601 in form and a real calendar date-time: Date.parse would roll 2026-02-30 over to March. */
function isRealDateTime(text: string): boolean {
  if (!ISO_8601.test(text) || Number.isNaN(Date.parse(text))) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const [hh, mm, ss] = [Number(text.slice(11, 13)), Number(text.slice(14, 16)), text[16] === ':' ? Number(text.slice(17, 19)) : 0];
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60;
}


export interface UsageReadOptions {
  /** The clock for the "not in the future" check. Default: now. */
  now?: Date;
  /** Analyse exactly this window (`--start`/`--end`); data outside it is an error. */
  window?: UsageWindow;
}

/** Splits one CSV record with quotes (RFC 4180 on a single line); undefined when a quote is left open. */
function splitQuoted(line: string): string[] | undefined {
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

/**
 * An incremental CSV usage reader: `push` chunks of text in order, then `finish`. The same reader
 * serves a string (`parseUsageCsv`) and a file stream (`readUsageCsvStream`).
 */
export class UsageCsvReader {
  private readonly builder: UsageBuilder;
  private readonly errors: string[] = [];
  private readonly sinks = new Map<string, Sink | string>();
  private readonly nowSeconds: number;
  private carry = '';
  private line = 0;
  private header: Record<Column, number> | undefined;
  private columnCount = 0;
  private rows = 0;
  private lastTimestamp = '';
  private lastSeconds = NaN;
  private lastTimestampProblem = '';
  private first = true;

  constructor(
    private readonly fileName: string,
    private readonly options: UsageReadOptions = {},
  ) {
    this.builder = new UsageBuilder((line) => `${fileName}:${line}`);
    this.nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  }

  push(chunk: string): void {
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let text = this.carry ? this.carry + chunk : chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.readLine(text.slice(from, end));
      from = nl + 1;
    }
    this.carry = text.slice(from);
    text = '';
  }

  finish(): UsageSnapshot {
    if (this.carry) {
      const last = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
      this.carry = '';
      this.readLine(last);
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
        ? { start: iso(window.start), end: iso(window.end), basis: 'as given (--start/--end)' }
        : { start: iso(extent.start), end: iso(extent.end), basis: `from the first timestamp in ${this.fileName} to the last plus its period` },
      models,
      provisionedThroughputs: [],
      customModels: [],
      inferenceProfiles: [],
      errors: [],
    };
  }

  private problem(message: string): void {
    this.errors.push(`${this.fileName}:${this.line}: ${message}`);
  }

  private readLine(text: string): void {
    this.line++;
    if (text === '') return;
    if (this.errors.length >= MAX_REPORTED_ERRORS) return;
    let fields: string[] | undefined = text.indexOf('"') >= 0 ? splitQuoted(text) : text.split(',');
    if (!fields) throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: a quoted field is not closed on its line`);
    if (!this.header) {
      fields = fields.map(trimmed);
      const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, fields!.indexOf(c)])) as Record<Column, number>;
      const missing = CSV_COLUMNS.filter((c) => index[c] < 0);
      if (missing.length) throw new UsageInputError(`${this.fileName}:${this.line}: header is missing column(s) ${missing.join(', ')}; expected "${CSV_COLUMNS.join(',')}"`);
      this.header = index;
      this.columnCount = fields.length;
      return;
    }
    if (fields.length !== this.columnCount) {
      throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: ${fields.length} fields where the header has ${this.columnCount}`);
    }
    const h = this.header;
    const timestamp = trimmed(fields[h.timestamp]!);
    const region = trimmed(fields[h.region]!);
    const modelId = trimmed(fields[h.modelId]!);
    const metricName = trimmed(fields[h.metric]!);
    const rawValue = trimmed(fields[h.value]!);

    // Rows of one export share timestamps and series: each is checked once and remembered.
    if (timestamp !== this.lastTimestamp) {
      this.lastTimestamp = timestamp;
      this.lastTimestampProblem = '';
      const ms = isRealDateTime(timestamp) ? Date.parse(timestamp) : NaN;
      const t = ms / 1000;
      this.lastSeconds = t;
      const window = this.options.window;
      if (Number.isNaN(t)) this.lastTimestampProblem = `timestamp "${timestamp}" is not an ISO 8601 date-time such as 2026-11-01T00:00:00Z`;
      else if (t % 60 !== 0) this.lastTimestampProblem = `timestamp "${timestamp}" is not on a whole minute; CloudWatch periods for Bedrock are 60, 300 or 3600 s`;
      else if (t < EARLIEST_USAGE_SECONDS) this.lastTimestampProblem = `timestamp "${timestamp}" is before 2023, before Amazon Bedrock existed`;
      else if (t > this.nowSeconds + FUTURE_TOLERANCE_SECONDS) this.lastTimestampProblem = `timestamp "${timestamp}" is more than a day in the future`;
      else if (window && (t < window.start || t >= window.end)) this.lastTimestampProblem = `timestamp "${timestamp}" is outside the window ${iso(window.start)} to ${iso(window.end)}`;
    }
    const key = `${region}\u0000${modelId}\u0000${metricName}`;
    let sink = this.sinks.get(key);
    if (sink === undefined) {
      const problems: string[] = [];
      if (!REGION.test(region)) problems.push(`region "${region}" is not an AWS Region code such as us-east-1`);
      if (!modelId) problems.push('modelId is empty');
      const metric = canonicalMetricName(metricName);
      if (!metric) problems.push(`metric "${metricName}" is not a Bedrock usage metric (expected one of ${USAGE_METRICS.join(', ')}, or CacheReadInputTokens/CacheWriteInputTokens)`);
      sink = problems.length ? problems.join('\n') : this.builder.columnsFor(region, modelId, undefined, metric!, metricName);
      this.sinks.set(key, sink);
    }
    const value = WHOLE_NUMBER.test(rawValue) ? Number(rawValue) : NaN;
    const badValue = !Number.isSafeInteger(value);
    if (this.lastTimestampProblem || typeof sink === 'string' || badValue) {
      if (this.lastTimestampProblem) this.problem(this.lastTimestampProblem);
      if (typeof sink === 'string') for (const p of sink.split('\n')) this.problem(p);
      if (badValue) this.problem(`value "${rawValue}" is not a non-negative whole number`);
      return;
    }
    sink.push(this.lastSeconds, value, this.line, 0);
    this.rows++;
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Reads usage CSV text already in memory (tests, small files). */
export function parseUsageCsv(text: string, fileName: string, options: UsageReadOptions = {}): UsageSnapshot {
  const reader = new UsageCsvReader(fileName, options);
  reader.push(text);
  return reader.finish();
}

/** Reads usage CSV from a stream of text chunks (a file read with an encoding). */
export async function readUsageCsvStream(chunks: AsyncIterable<string>, fileName: string, options: UsageReadOptions = {}): Promise<UsageSnapshot> {
  const reader = new UsageCsvReader(fileName, options);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}
