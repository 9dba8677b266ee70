import { InputError } from '../errors.js';
import { hourColumns, hourRows, hourStarts, type HourColumns, type HourRows, type InvocationLogHour, type InvocationLogRead } from './invocation-log.js';
import type { CountArray, ModelUsage, UsageMetric, UsageSnapshot } from '../usage/usage.js';

/**
 * Usage as CloudWatch would have summed it, from the logs' hourly aggregates: what the replay runs on
 * when the logs are the only input (`analyze --invocation-logs PATH` alone). One hourly series per
 * model as invoked and Region; the window runs from the first hour with a record to the end of the last.
 */
const HOUR = 3600;

const add = (values: Float64Array, i: number, value: number) => {
  values[i] = values[i]! + value;
};

export function snapshotFromLogs(hours: readonly InvocationLogHour[]): UsageSnapshot {
  if (hours.length === 0) throw noRecords();
  const accounts = [...new Set(hours.map((h) => h.accountId))].sort();
  const hourStart = hourStarts();
  // The reader's series and hour numbers (`hourRows`), when it gave them: each hour parsed once, each
  // series' entry found by its text key at its first row and by number after (a row whose fields differ
  // from that first row's is keyed by its text).
  const numbered = hourRows(hours);
  const { at, first, last } = hourSeconds(hours, numbered, hourStart);
  const usage = new LogUsage(accounts.length > 1, first, last);
  addRows(hours, numbered, at, first, (h) => usage.entryOf(h));
  return usage.snapshot(accounts);
}

/**
 * snapshotFromLogs over a read: from the reader's columns (`hourColumns`) when it has them, row for row
 * in the same order (each series' entry found at its first row, each hour parsed once), with no object
 * per row; else from its hours.
 */
export function snapshotFromRead(read: InvocationLogRead): UsageSnapshot {
  const c = hourColumns(read);
  if (!c) return snapshotFromLogs(read.hours);
  if (c.length === 0) throw noRecords();
  // Every series and every hour of the columns has a row.
  const accounts = [...new Set(c.seriesBases.map((b) => b.accountId))].sort();
  const hourStart = hourStarts();
  const secondsOf = c.hourTexts.map((t) => hourStart(t) / 1000);
  let first = Infinity;
  let last = -Infinity;
  for (const s of secondsOf) {
    if (s < first) first = s;
    if (s > last) last = s;
  }
  const usage = new LogUsage(accounts.length > 1, first, last);
  addColumns(c, secondsOf, first, usage);
  return usage.snapshot(accounts);
}

const noRecords = () => new InputError('--invocation-logs: the log objects hold no records, so there is no usage to analyse');

/** The usage's series, one per account (when several), model as invoked and Region, each made at its first row. */
class LogUsage {
  private readonly series = new Map<string, Entry>();
  private readonly length: number;

  constructor(private readonly several: boolean, private readonly first: number, private readonly last: number) {
    this.length = (last - first) / HOUR + 1;
  }

  entryOf(h: Pick<InvocationLogHour, 'accountId' | 'modelId' | 'region'>): Entry {
    const key = `${h.accountId}|${h.modelId}|${h.region}`;
    let entry = this.series.get(key);
    if (!entry) {
      const { length, first } = this;
      const columns: Columns = { input: new Float64Array(length), output: new Float64Array(length), cacheRead: new Float64Array(length), cacheWrite: new Float64Array(length), invocations: new Float64Array(length) };
      const metrics: Partial<Record<UsageMetric, CountArray>> = {
        InputTokenCount: columns.input,
        OutputTokenCount: columns.output,
        CacheReadInputTokenCount: columns.cacheRead,
        CacheWriteInputTokenCount: columns.cacheWrite,
        Invocations: columns.invocations,
      };
      entry = { usage: { modelId: h.modelId, region: h.region, ...(this.several ? { accountId: h.accountId } : {}), segments: [{ periodSeconds: HOUR, start: first, length, metrics }] }, columns };
      this.series.set(key, entry);
    }
    return entry;
  }

  snapshot(accounts: readonly string[]): UsageSnapshot {
    const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    return {
      window: { start: iso(this.first), end: iso(this.last + HOUR), basis: { how: 'invocation-logs' } },
      models: [...this.series.values()].map((e) => e.usage),
      provisionedThroughputs: [],
      customModels: [],
      inferenceProfiles: [],
      errors: [],
      ...(this.several ? { accounts: accounts.map((accountId) => ({ accountId })) } : {}),
    };
  }
}

/** addRows over the reader's columns: each series' entry found at its first row, each row's hour from `secondsOf`. */
function addColumns(c: HourColumns, secondsOf: readonly number[], first: number, usage: LogUsage): void {
  const entryOfSeries: Array<Entry | undefined> = new Array(c.seriesBases.length);
  for (let r = 0; r < c.length; r++) {
    const s = c.series[r]!;
    const base = c.seriesBases[s]!;
    const entry = entryOfSeries[s] ?? (entryOfSeries[s] = usage.entryOf(base));
    const i = (secondsOf[c.hour[r]!]! - first) / HOUR;
    const e = entry.columns;
    add(e.input, i, c.inputTokens[r]!);
    add(e.output, i, c.outputTokens[r]!);
    add(e.cacheRead, i, c.cacheReadTokens[r]!);
    add(e.cacheWrite, i, c.cacheWrite5mTokens[r]! + c.cacheWrite1hTokens[r]! + c.cacheWriteUnsplitTokens[r]!);
    // CloudWatch counts an errored request as an error, not an invocation.
    if (!base.errored) add(e.invocations, i, c.requests[r]!);
  }
}

type Columns = Record<'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'invocations', Float64Array>;
type Entry = { usage: ModelUsage; columns: Columns };

/*
 * The two loops over the rows are functions of their own: V8 compiles a hot loop with the whole
 * function around it (snapshotFromLogs whole: 74 ms of compile time in `--trace-opt` of the CLI's run
 * at 100,000 records, a loaded machine's clock, about what its loops ran).
 */

/** Each row's hour in seconds, each distinct hour parsed once (rows repeat an hour for every model, caller and class in it), and the first and last. */
function hourSeconds(hours: readonly InvocationLogHour[], numbered: HourRows | undefined, hourStart: (hour: string) => number): { at: Float64Array; first: number; last: number } {
  const secondsOf = numbered ? numbered.hourTexts.map((t) => hourStart(t) / 1000) : [];
  const at = new Float64Array(hours.length);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i]!.hour;
    const s = (at[i] = numbered && hour === numbered.hourTexts[numbered.hour[i]!] ? secondsOf[numbered.hour[i]!]! : hourStart(hour) / 1000);
    if (s < first) first = s;
    if (s > last) last = s;
  }
  return { at, first, last };
}

/** Adds each row's counts to its series' columns at its hour (`at`, seconds from `first`). */
function addRows(hours: readonly InvocationLogHour[], numbered: HourRows | undefined, at: Float64Array, first: number, entryOf: (h: InvocationLogHour) => Entry): void {
  const firstOf: Array<InvocationLogHour | undefined> = numbered ? new Array(numbered.seriesCount) : [];
  const entryOfSeries: Entry[] = [];
  for (let r = 0; r < hours.length; r++) {
    const h = hours[r]!;
    let entry;
    if (numbered) {
      const s = numbered.series[r]!;
      const f = firstOf[s];
      if (f === undefined) entry = entryOfSeries[s] = entryOf((firstOf[s] = h));
      else entry = f.accountId === h.accountId && f.modelId === h.modelId && f.region === h.region ? entryOfSeries[s]! : entryOf(h);
    } else {
      entry = entryOf(h);
    }
    const i = (at[r]! - first) / HOUR;
    const c = entry.columns;
    add(c.input, i, h.inputTokens);
    add(c.output, i, h.outputTokens);
    add(c.cacheRead, i, h.cacheReadTokens);
    add(c.cacheWrite, i, h.cacheWrite5mTokens + h.cacheWrite1hTokens + h.cacheWriteUnsplitTokens);
    // CloudWatch counts an errored request as an error, not an invocation.
    if (!h.errored) add(c.invocations, i, h.requests);
  }
}
