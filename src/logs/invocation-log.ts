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

/**
 * The local reader's hours as columns, one entry a row in the read's order: each row's series (its
 * fields, shared by the series' rows: `seriesBases`, an hour with an empty hour and zero counts) and
 * hour by number, its counts in typed arrays. The pricing and the usage built from the logs read these
 * where the rows were an object each (37,489 at 100,000 records: 50-110 ms to build and their garbage
 * to collect); `hours` is built from them only when something reads it.
 */
export interface HourColumns {
  length: number;
  /** Per row: its series' number into `seriesBases`. */
  series: Int32Array;
  /** Each series' fields, by number (every series has a row). */
  seriesBases: readonly InvocationLogHour[];
  /** Per row: its hour's number into `hourTexts`. */
  hour: Int32Array;
  /** Each distinct hour (`YYYY-MM-DDTHH`), ascending (every one has a row). */
  hourTexts: readonly string[];
  requests: Float64Array;
  activeMinutes: Float64Array;
  inputTokens: Float64Array;
  cacheReadTokens: Float64Array;
  cacheWrite5mTokens: Float64Array;
  cacheWrite1hTokens: Float64Array;
  cacheWriteUnsplitTokens: Float64Array;
  outputTokens: Float64Array;
  allInputSquared: Float64Array;
}

// The columns of a read whose `hours` nobody has read yet (so nobody has edited them): reading or
// setting `hours` drops them, and from then on the hours are read through their own fields.
const columnsOf = new WeakMap<InvocationLogRead, HourColumns>();

/** The read's hours as columns, while its `hours` have not been read or replaced (`readOfColumns`). */
export function hourColumns(read: InvocationLogRead): HourColumns | undefined {
  return columnsOf.get(read);
}

/**
 * A read whose hours are `columns`: its `hours` (an own, enumerable property, so a copy of the read,
 * `{ ...read }`, copies the built array) are built on first reading, with their series and hour numbers
 * (`hourRows`); until then `hourColumns` gives the columns.
 */
export function readOfColumns(description: string, files: number, columns: HourColumns, duplicates: number): InvocationLogRead {
  let hours: InvocationLogHour[] | undefined;
  const read = { description, files } as InvocationLogRead;
  Object.defineProperty(read, 'hours', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (hours === undefined) {
        hours = withHourRows(hoursOfColumns(columns), { series: columns.series, seriesCount: columns.seriesBases.length, hour: columns.hour, hourTexts: columns.hourTexts });
        columnsOf.delete(read);
      }
      return hours;
    },
    set: (value: InvocationLogHour[]) => {
      hours = value;
      columnsOf.delete(read);
    },
  });
  read.duplicates = duplicates;
  columnsOf.set(read, columns);
  return read;
}

/** The rows of `columns` as hours, each its series' fields with its hour and counts. */
export function hoursOfColumns(c: HourColumns): InvocationLogHour[] {
  const hours: InvocationLogHour[] = new Array(c.length);
  for (let j = 0; j < c.length; j++) {
    const base = c.seriesBases[c.series[j]!]!;
    // One literal in the reader's key order (src/logs/log-rows.ts hourOf): the hours share one shape.
    hours[j] = {
      hour: c.hourTexts[c.hour[j]!]!,
      accountId: base.accountId,
      region: base.region,
      modelId: base.modelId,
      caller: base.caller,
      tags: base.tags,
      longContextBand: base.longContextBand,
      tier: base.tier,
      inferenceRegion: base.inferenceRegion,
      streaming: base.streaming,
      errored: base.errored,
      requests: c.requests[j]!,
      activeMinutes: c.activeMinutes[j]!,
      inputTokens: c.inputTokens[j]!,
      cacheReadTokens: c.cacheReadTokens[j]!,
      cacheWrite5mTokens: c.cacheWrite5mTokens[j]!,
      cacheWrite1hTokens: c.cacheWrite1hTokens[j]!,
      cacheWriteUnsplitTokens: c.cacheWriteUnsplitTokens[j]!,
      outputTokens: c.outputTokens[j]!,
      allInputSquared: c.allInputSquared[j]!,
    };
  }
  return hours;
}
