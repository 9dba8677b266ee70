/**
 * One hourly aggregate of Bedrock model invocation logs (src/logs/invocation-logs.sql), as the engine
 * reads it: billions of records become these rows before any of them reaches TypeScript.
 */
export interface InvocationLogHour {
  /** The UTC hour, `YYYY-MM-DDTHH`. */
  hour: string;
  accountId: string;
  /** The Region the request was sent to (its price Region). */
  region: string;
  /** The model ID as invoked: a model ID, a system profile ID or an application-inference-profile ARN. */
  modelId: string;
  /** `identity.arn` of the caller. */
  caller: string;
  /** `requestMetadata`: the caller's tags on the request. */
  tags: Record<string, string>;
  /** The largest catalog long-context threshold the request's whole input was above; 0 when none. */
  longContextBand: number;
  /** Service tier from the body (`standard`, `priority`, `flex`, ...); `standard` without a body. */
  tier: string;
  /** Where the request ran: `inferenceRegion` when cross-Region inference moved it, else `region`. */
  inferenceRegion: string;
  streaming: boolean;
  /** The record carries an `errorCode`. */
  errored: boolean;
  requests: number;
  /** Distinct minutes with a request, in this hour and class. */
  activeMinutes: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Cache-write tokens of requests whose body did not say their TTL (no body delivered). */
  cacheWriteUnsplitTokens: number;
  outputTokens: number;
  /** Sum over requests of (whole input)^2: with the count and sum, how alike the requests are. */
  allInputSquared: number;
}

export interface InvocationLogRead {
  /** What was read, for the report: the folder and how many files. */
  description: string;
  files: number;
  hours: InvocationLogHour[];
  /** Records whose requestId had already been read: counted once. */
  duplicates: number;
  /**
   * The logs are the run's only usage (the CLI's `--invocation-logs` alone, the window their first hour
   * to their last): they cover every hour of it for every account and Region, and an hour without a
   * record had no request, where beside CloudWatch an account's or Region's logs cover their own span.
   */
  wholeUsage?: boolean;
}

/**
 * Epoch milliseconds of hours `YYYY-MM-DDTHH`, each distinct hour parsed once: the rows repeat an hour
 * for every model, caller and class in it.
 */
export function hourStarts(): (hour: string) => number {
  const parsed = new Map<string, number>();
  return (hour) => {
    let ms = parsed.get(hour);
    if (ms === undefined) parsed.set(hour, (ms = Date.parse(`${hour}:00:00Z`)));
    return ms;
  };
}

/**
 * What the local reader knows of its hours beyond their fields (src/logs/log-rows.ts): each hour's
 * series (the rows of one series share every field but the hour and the counts, their very strings and
 * tags object) and its hour, by number. The pricing and the usage built from the logs find what a row
 * adds to by these numbers, not by a text key built per row (a third of the pricing's time at 37,489
 * rows). They still compare each row's own fields with its series' first row (`===`, cheap on shared
 * strings), so an array sorted or edited after the read is read through its fields, never misread.
 */
export interface HourRows {
  /** Per hour of the read, in its order: its series' number, from 0 to seriesCount - 1. */
  series: Int32Array;
  seriesCount: number;
  /** Per hour of the read: the number of its hour in `hourTexts`. */
  hour: Int32Array;
  /** Each distinct hour (`YYYY-MM-DDTHH`), the very strings the hours hold. */
  hourTexts: readonly string[];
}

// Held beside the hours array (not a field of the read, so a copy of the read, `{ ...read }`, keeps it and
// its shape is unchanged); gone with the array.
const hourRowsOf = new WeakMap<readonly InvocationLogHour[], HourRows>();

/** `hours`, with what the reader knows of them (`hourRows`). */
export function withHourRows(hours: InvocationLogHour[], rows: HourRows): InvocationLogHour[] {
  if (rows.series.length === hours.length && rows.hour.length === hours.length) hourRowsOf.set(hours, rows);
  return hours;
}

/** The series and hour numbers of `hours` when the reader gave them and the array is still that long. */
export function hourRows(hours: readonly InvocationLogHour[]): HourRows | undefined {
  const rows = hourRowsOf.get(hours);
  return rows && rows.series.length === hours.length ? rows : undefined;
}
