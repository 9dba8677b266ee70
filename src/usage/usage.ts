import { InternalError, UsageInputError, type AdvisorError, type ErrorCode } from '../errors.js';
import { usd, ZERO } from '../money.js';
import { ColumnTurns, PointColumns } from './point-columns.js';
import type { PublishedText, ScopeProblem, UsageWarning } from '../domain/notes.js';

/**
 * Observed Bedrock usage: per model and Region, time series of the CloudWatch runtime metrics.
 *
 * Series run to millions of points (1,000 models x 15 days of minutes), so values live in one typed
 * array per metric per segment rather than one object per point. Token counts are integers, held
 * exactly (Uint32 or Float64), and every sum is checked against 2^53 (`checkedSum`).
 */

/** Metric names as CloudWatch spells them (the canonical spelling where AWS uses two). */
export const USAGE_METRICS = [
  'InputTokenCount',
  'OutputTokenCount',
  'CacheReadInputTokenCount',
  'CacheWriteInputTokenCount',
  'Invocations',
  'OutputImageCount',
  'InvocationThrottles',
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/**
 * AWS's metrics table spells the cache metrics `CacheReadInputTokens`/`CacheWriteInputTokens`;
 * its quota docs, live accounts and invocation logs use `…TokenCount`. Both are accepted.
 */
const METRIC_ALIASES: Record<string, UsageMetric> = {
  CacheReadInputTokens: 'CacheReadInputTokenCount',
  CacheWriteInputTokens: 'CacheWriteInputTokenCount',
};

export function canonicalMetricName(name: string): UsageMetric | undefined {
  if ((USAGE_METRICS as readonly string[]).includes(name)) return name as UsageMetric;
  // Own keys only: a plain-object lookup would accept "valueOf" or "constructor" as a metric (found by fuzzing).
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
}

/** Every spelling CloudWatch may use, for discovery. */
export const ACCEPTED_METRIC_NAMES: readonly string[] = [...USAGE_METRICS, ...Object.keys(METRIC_ALIASES)];

/** The periods CloudWatch keeps Bedrock metrics at: 1 minute for 15 days, 5 minutes for 63, 1 hour for 455. */
export const CLOUDWATCH_PERIODS = [60, 300, 3600] as const;

/** Bedrock became generally available in September 2023; earlier usage is a typo or a unit mix-up. */
export const EARLIEST_USAGE_SECONDS = Date.UTC(2023, 0, 1) / 1000;
/** Clock skew allowed for timestamps ahead of now. */
export const FUTURE_TOLERANCE_SECONDS = 86_400;

/**
 * Counts per point. Most series fit in 32 bits a point (4 bytes instead of 8), which is what keeps a
 * thousand models of minute data inside the memory budget; a series with a bigger point stays Float64.
 * Both hold every integer they are given exactly.
 */
export type CountArray = Float64Array | Uint32Array;

/** A run of equally spaced points: point i covers [start + i*period, start + (i+1)*period). */
export interface UsageSegment {
  periodSeconds: number;
  /** Epoch seconds of the first point. */
  start: number;
  length: number;
  /** Absent metric = zero throughout. */
  metrics: Partial<Record<UsageMetric, CountArray>>;
}

export interface ModelUsage {
  /** The `ModelId` dimension value as CloudWatch reported it. */
  modelId: string;
  /** The AWS account the usage was read from, when several are read: the same model in two accounts is two lines. */
  accountId?: string;
  region: string;
  /** `AWS/Bedrock` or `AWS/BedrockMantle`. */
  namespace?: string;
  /** Disjoint, in time order. */
  segments: UsageSegment[];
}

export type UsageTotals = Record<UsageMetric, number>;

/**
 * A literal, keys in `USAGE_METRICS` order (the type makes it name every metric, a test that the order
 * is the same): built per profile, where Object.fromEntries over the list cost ~2.5 us a model, ~1% of
 * a warm replay.
 */
export function emptyTotals(): UsageTotals {
  return { InputTokenCount: 0, OutputTokenCount: 0, CacheReadInputTokenCount: 0, CacheWriteInputTokenCount: 0, Invocations: 0, OutputImageCount: 0, InvocationThrottles: 0 };
}

/** Sums of integers stay exact only below 2^53: a sum past it is an input error, never a silent rounding. */
export function checkedSum(total: number, what: () => string): number {
  if (total > Number.MAX_SAFE_INTEGER) throw new UsageInputError(`${what()}: token sum ${total} passes 2^53 and cannot be counted exactly`);
  return total;
}

export function totalsOf(usage: ModelUsage): UsageTotals {
  const totals = emptyTotals();
  for (const segment of usage.segments) {
    for (const metric of USAGE_METRICS) {
      const values = segment.metrics[metric];
      if (!values) continue;
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i] as number;
      totals[metric] = checkedSum(totals[metric] + sum, () => `${usage.modelId} (${usage.region}) ${metric}`);
    }
  }
  return totals;
}

/** Epoch seconds just past a series' last point. */
export function segmentEnd(segment: UsageSegment): number {
  return segment.start + segment.length * segment.periodSeconds;
}

/** An analysis window, epoch seconds, end exclusive. */
export interface UsageWindow {
  start: number;
  end: number;
}

/** [first point, end of the last point] over every series. */
export function extentOf(models: readonly ModelUsage[]): UsageWindow {
  let start = Infinity;
  let end = -Infinity;
  for (const m of models) {
    for (const s of m.segments) {
      start = Math.min(start, s.start);
      end = Math.max(end, segmentEnd(s));
    }
  }
  return { start, end };
}

/**
 * The period of each point of a series whose periods are not known (a CSV), from CloudWatch's
 * retention tiers: data only gets coarser with age (hourly, then 5-minute, then minutes), so a series
 * is hourly up to its first point that cannot be hourly, 5-minute up to its first point that cannot be
 * 5-minute, and minutes from there on. A point cannot be hourly (5-minute) when it is not on an hour
 * (5-minute) boundary or its neighbour is closer than an hour (5 minutes). Missing minutes are then
 * minutes without usage, never longer periods. A series with no finer evidence reads at the coarsest
 * period its timestamps allow; the load profile states that resolution.
 *
 * @param times distinct epoch seconds, ascending, each a whole minute.
 */
export function inferPeriods(times: ArrayLike<number>, into?: Uint16Array): Uint16Array {
  const n = times.length;
  const cannotBe = (i: number, period: number): boolean => {
    const t = times[i] as number;
    if (t % period !== 0) return true;
    if (i > 0 && t - (times[i - 1] as number) < period) return true;
    return i < n - 1 && (times[i + 1] as number) - t < period;
  };
  let firstMinute = n;
  for (let i = 0; i < n; i++) {
    if (cannotBe(i, 300)) {
      firstMinute = i;
      break;
    }
  }
  let firstFiveMinute = firstMinute;
  for (let i = 0; i < firstMinute; i++) {
    if (cannotBe(i, 3600)) {
      firstFiveMinute = i;
      break;
    }
  }
  const periods = into ?? new Uint16Array(n);
  for (let i = 0; i < n; i++) periods[i] = i >= firstMinute ? 60 : i >= firstFiveMinute ? 300 : 3600;
  // Coarser data after finer data (a 5-minute export appended to a minute one) is read at its own
  // period: a run of at least COARSE_RUN_POINTS points exactly one period apart, on that period's grid,
  // is that period's data, not minutes with the minutes between them empty (which would read each
  // point as a minute's worth and show a peak five or sixty times too high).
  for (const period of [3600, 300]) {
    let i = firstMinute;
    while (i < n) {
      let j = i;
      while (j + 1 < n && periods[j + 1] === 60 && (times[j + 1] as number) - (times[j] as number) === period && (times[j] as number) % period === 0) j++;
      // The run's last point covers a whole period: it must end before the next point.
      let last = j;
      if ((times[last] as number) % period !== 0 || (last + 1 < n && (times[last + 1] as number) - (times[last] as number) < period)) last--;
      if (last - i + 1 >= COARSE_RUN_POINTS && periods[i] === 60 && (times[i] as number) % period === 0) {
        for (let k = i; k <= last; k++) periods[k] = period;
      }
      i = j + 1;
    }
  }
  return periods;
}

/** Points in a row exactly one coarser period apart that make a run of that period's data (half an hour of 5-minute data). */
const COARSE_RUN_POINTS = 6;

/** Points with a longer stretch of zeros between them start a new segment, so sparse data stays small. */
const MAX_ZERO_POINTS_IN_SEGMENT = 64;

interface SeriesEntry {
  modelId: string;
  region: string;
  namespace?: string;
  /** Keyed by namespace and metric name as spelled: the same point twice under one key is a duplicate. */
  columns: Map<string, { metric: UsageMetric; label: string; points: PointColumns }>;
}

export interface UsagePoint {
  region: string;
  modelId: string;
  namespace?: string;
  metric: UsageMetric;
  /** The metric's name as the source spelled it, when an alias (`CacheReadInputTokens`): kept apart from the canonical spelling. */
  metricName?: string;
  /** Epoch seconds. */
  timestamp: number;
  /** 60, 300 or 3600; absent = inferred from the series' timestamps (see `inferPeriods`). */
  periodSeconds?: number;
  value: number;
  /** Where the point came from (a CSV line), for error messages; 0 = unknown. */
  line?: number;
}

/**
 * Collects points in any order (CloudWatch returns newest first by default; CSV rows come as the user
 * wrote them) and builds dense segments per series. The same point (series, namespace, metric
 * spelling, time) twice is an error naming both; points of the same metric under two namespaces or
 * spellings add up, as the same model seen twice does. Points live in typed columns until `build`,
 * not one object per point, because a month of minutes for a thousand models is tens of millions.
 */
export class UsageBuilder {
  private readonly series = new Map<string, SeriesEntry>();
  /** Which of the columns took the last point (a column done with shrinks its last chunk). */
  private readonly turns = new ColumnTurns();
  /** `build`'s working arrays, while it runs. */
  private scratch: BuildScratch = undefined!;
  /** What was read but looks wrong, said in the report (both cache spellings at one time). */
  readonly warnings: UsageWarning[] = [];

  /** @param describeLine names a point's source line in errors (`usage.csv:12`). */
  constructor(private readonly describeLine: (line: number) => string = (line) => `line ${line}`) {}

  /** The columns one (series, namespace, metric spelling) goes to: look it up once, push many points. */
  columnsFor(region: string, modelId: string, namespace: string | undefined, metric: UsageMetric, metricName: string = metric): PointColumns {
    const key = `${region}\u0000${modelId}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = { modelId, region, columns: new Map(), ...(namespace ? { namespace } : {}) };
      this.series.set(key, entry);
    }
    const columnKey = `${namespace ?? ''}\u0000${metricName}`;
    let column = entry.columns.get(columnKey);
    if (!column) {
      column = { metric, label: `${namespace ? `${namespace} ` : ''}${metricName}`, points: new PointColumns(this.turns) };
      entry.columns.set(columnKey, column);
    }
    return column.points;
  }

  /** How a reader estimates a column's final length from its length so far (see `ColumnTurns.finalLength`). */
  estimateColumns(finalLength: (length: number) => number): void {
    this.turns.finalLength = finalLength;
  }

  add(point: UsagePoint): void {
    this.columnsFor(point.region, point.modelId, point.namespace, point.metric, point.metricName)
      .push(point.timestamp, point.value, point.line ?? 0, point.periodSeconds ?? 0);
  }

  /** Adds many points of one metric at once (the collector's path). */
  addSeries(args: { region: string; modelId: string; namespace?: string; metric: UsageMetric; metricName?: string; periodSeconds: number; timestamps: ArrayLike<number>; values: ArrayLike<number> }): void {
    const columns = this.columnsFor(args.region, args.modelId, args.namespace, args.metric, args.metricName);
    for (let i = 0; i < args.timestamps.length; i++) columns.push(args.timestamps[i] as number, args.values[i] as number, 0, args.periodSeconds);
  }

  /** Builds every series, releasing each one's columns as it goes. */
  build(): ModelUsage[] {
    this.scratch = new BuildScratch();
    const models: ModelUsage[] = [];
    for (const [key, entry] of this.series) {
      models.push(this.buildSeries(entry));
      this.series.delete(key);
    }
    this.scratch = undefined!;
    models.sort((a, b) => a.region.localeCompare(b.region) || a.modelId.localeCompare(b.modelId));
    return models;
  }

  private buildSeries(entry: SeriesEntry): ModelUsage {
    const name = `${entry.modelId} (${entry.region})`;
    const where = (line: number, t: number) => (line ? this.describeLine(line) : `${name} at ${new Date(t * 1000).toISOString()}`);
    const scratch = this.scratch;
    // Distinct (time, period) keys: t * 4 + period code, in order.
    // Each column's keys; columns usually arrive in time order, and sorted columns merge in O(points).
    const entries = [...entry.columns.values()];
    let total = 0;
    const columnKeys: Float64Array[] = [];
    /** Per column: its keys strictly ascend (each point a time of its own, in order). */
    const ascending: boolean[] = [];
    let allSorted = true;
    for (let c = 0; c < entries.length; c++) {
      const { points } = entries[c]!;
      const own = scratch.get(`keys ${c}`, points.length, Float64Array);
      const pointPeriods = scratch.get('pointPeriods', points.length, Uint16Array);
      points.timesInto(own, pointPeriods);
      const order = keysOf(own, pointPeriods);
      if (order === BAD_PERIOD) throw badPeriod(points, where);
      if (order === UNSORTED) allSorted = false;
      columnKeys.push(own);
      ascending.push(order === ASCENDING);
      total += own.length;
    }
    const keys = allSorted ? mergeSorted(columnKeys, total, scratch) : concatSorted(columnKeys, total, scratch);
    const times = scratch.get('times', total, Float64Array);
    const known = scratch.get('known', total, Uint16Array);
    const d = distinctTimes(keys, times, known, name);
    const distinct = times.subarray(0, d);
    const periods = anyUnknownPeriod(known, d) ? inferPeriods(distinct, scratch.get('periods', d, Uint16Array)) : known.subarray(0, d);
    // Segments: runs of one period on its grid, split at long gaps.
    const segmentOf = scratch.get('segmentOf', d, Uint32Array);
    const segments = segmentsOf(distinct, periods, segmentOf, name);
    // Each segment's slots in a metric's working column, one after the other.
    const offsets = new Array<number>(segments.length);
    let slots = 0;
    for (let s = 0; s < segments.length; s++) {
      offsets[s] = slots;
      slots += segments[s]!.length;
    }

    // Values: each point to its slot; a slot filled twice under one key is a duplicate. The canonical
    // spelling of a metric goes first: an alias spelling (CacheReadInputTokens) of the same metric and
    // namespace at a time already filled is the same tokens under another name, counted once.
    const dense = segments.map(() => ({} as Partial<Record<UsageMetric, Float64Array | CountArray>>));
    const working = new Map<UsageMetric, Float64Array>();
    const kept = new Set<CountArray>();
    const filledBy = new Map<string, { label: string; filled: Uint8Array }>();
    const columnsOfMetric = new Map<UsageMetric, number>();
    for (const { metric } of entries) columnsOfMetric.set(metric, (columnsOfMetric.get(metric) ?? 0) + 1);
    const columnKeysByIndex = [...entry.columns.keys()];
    const order = entries.map((column, c) => ({ column, c, columnKey: columnKeysByIndex[c]! }));
    order.sort(({ column: a }, { column: b }) => Number(a.label.endsWith(a.metric) ? 0 : 1) - Number(b.label.endsWith(b.metric) ? 0 : 1));
    // Not cleared: a slot's line is read only once the slot is marked seen, and marking it writes it.
    const lineAt = scratch.get('lineAt', d, Uint32Array);
    for (const { column: { metric, label, points }, c, columnKey } of order) {
      // The usual export: a metric given once, a point for every slot of the series' one segment, in
      // order. Its values are the segment's column as they stand, kept without a copy.
      const fills = segments.length === 1 && ascending[c] === true && columnsOfMetric.get(metric) === 1 && points.length === segments[0]!.length;
      const whole = fills ? (points.exactValues() ?? points.takeAllValues()) : undefined;
      if (whole !== undefined) {
        dense[0]![metric] = whole;
        kept.add(whole);
        points.release();
        continue;
      }
      const seen = scratch.get(`seen ${c}`, d, Uint8Array, true);
      const namespace = columnKey.slice(0, columnKey.indexOf('\u0000'));
      const sameMetric = `${namespace}\u0000${metric}`;
      let other = filledBy.get(sameMetric);
      if (!other) filledBy.set(sameMetric, (other = { label, filled: seen }));
      const counted = other.filled === seen ? undefined : other;
      let values = working.get(metric);
      if (values === undefined) working.set(metric, (values = scratch.get(`values ${working.size}`, slots, Float64Array, true)));
      let twice = 0;
      let firstTwice = 0;
      let hint = 0;
      points.forEach((t, v, line) => {
        // Points usually arrive in time order: try the slot after the last one before searching.
        const i = distinct[hint] === t ? hint : distinct[hint + 1] === t ? hint + 1 : lowerBound(distinct, t);
        hint = i;
        if (seen[i]) {
          const first = lineAt[i] as number;
          throw new UsageInputError(`${where(line, t)}: duplicate ${label} for ${name} at ${new Date(t * 1000).toISOString()}${first ? `, already given at ${this.describeLine(first)}` : ''}`);
        }
        seen[i] = 1;
        lineAt[i] = line;
        if (counted?.filled[i]) {
          if (twice++ === 0) firstTwice = t;
          return;
        }
        if (counted) counted.filled[i] = 1;
        const s = segmentOf[i] as number;
        const segment = segments[s]!;
        dense[s]![metric] ??= values!.subarray(offsets[s], (offsets[s] as number) + segment.length);
        values![(offsets[s] as number) + (t - segment.start) / segment.periodSeconds]! += v;
      });
      points.release();
      if (twice > 0) {
        this.warnings.push({ says: 'metric-two-names', series: name, given: label, countedAs: counted!.label, times: twice, first: new Date(firstTwice * 1000).toISOString() });
      }
    }

    const totals = emptyTotals();
    for (let s = 0; s < segments.length; s++) {
      for (const [metric, values] of Object.entries(dense[s]!) as Array<[UsageMetric, Float64Array | CountArray]>) {
        const sum = sumOf(values);
        const fitsUint32 = values instanceof Uint32Array || fitUint32(values);
        totals[metric] = checkedSum(totals[metric] + sum, () => `${name} ${metric}`);
        // A column kept as it stood is already the segment's; a working column is copied out at its size.
        if (kept.has(values)) segments[s]!.metrics[metric] = fitsUint32 && values instanceof Float64Array ? new Uint32Array(values) : values;
        else segments[s]!.metrics[metric] = fitsUint32 ? new Uint32Array(values) : values.slice();
      }
    }
    return { modelId: entry.modelId, region: entry.region, ...(entry.namespace ? { namespace: entry.namespace } : {}), segments };
  }
}

/**
 * The working arrays of `UsageBuilder.build`, reused from one series to the next: after the first
 * series, building one allocates nothing but its segments' count arrays (and leaves no garbage the
 * allocator must find room around).
 */
class BuildScratch {
  private readonly arrays = new Map<string, WorkingArray>();

  /**
   * A working array of `n` elements under `name`, reused (grown when too short). Its contents are what
   * the last user left unless `clear`.
   */
  get<T extends WorkingArray>(name: string, n: number, make: new (n: number) => T, clear = false): T {
    let array = this.arrays.get(name) as T | undefined;
    if (array === undefined || array.length < n) this.arrays.set(name, (array = new make(Math.max(n, Math.ceil((array?.length ?? 0) * 1.5)))));
    const view = array.subarray(0, n) as T;
    if (clear) view.fill(0);
    return view;
  }
}

type WorkingArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** The sum of a column's counts (exact while below 2^53: `checkedSum` checks it). */
function sumOf(values: CountArray): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum;
}

/** Every count fits 32 bits (the column can be held as a Uint32Array). */
function fitUint32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v >>> 0) return false;
  }
  return true;
}

/** What `keysOf` finds of a column's keys. */
const ASCENDING = 0;
/** In order, with a time given twice. */
const SORTED = 1;
const UNSORTED = 2;
/** A period CloudWatch does not keep Bedrock metrics at. */
const BAD_PERIOD = 3;

/**
 * Turns a column's times (in `keys`) and periods into its keys in place, `t * 4 + period code` (0 for a
 * period not known), and says whether they ascend. The per-point loops of building a series are
 * functions of their own: each is optimized alone while it runs, where in one function every loop's
 * on-stack replacement compiled all of them again (five compiles, a fifth of a 10-model CSV run's CPU).
 */
function keysOf(keys: Float64Array, periods: Uint16Array): number {
  let order = ASCENDING;
  for (let i = 0; i < keys.length; i++) {
    const period = periods[i] as number;
    const code = period === 0 ? 0 : period === 60 ? 1 : period === 300 ? 2 : period === 3600 ? 3 : -1;
    if (code < 0) return BAD_PERIOD;
    const key = (keys[i] as number) * 4 + code;
    if (i > 0 && key <= (keys[i - 1] as number)) {
      if (key < (keys[i - 1] as number)) order = UNSORTED;
      else if (order === ASCENDING) order = SORTED;
    }
    keys[i] = key;
  }
  return order;
}

/** The error for a column's first point with a period CloudWatch does not keep (`keysOf` found one). */
function badPeriod(points: PointColumns, where: (line: number, t: number) => string): AdvisorError {
  let error: AdvisorError | undefined;
  points.forEach((t, _v, line, period) => {
    if (error === undefined && period !== 0 && period !== 60 && period !== 300 && period !== 3600) {
      error = new UsageInputError(`${where(line, t)}: period ${period} s; CloudWatch keeps Bedrock metrics at 60, 300 or 3600 s`);
    }
  });
  return error ?? new InternalError('keysOf found a period CloudWatch does not keep that PointColumns.forEach did not');
}

/**
 * The distinct times of ascending keys into `times`, each with its known period (0: to be inferred)
 * into `known`; returns how many. A time with two different periods is an error.
 */
function distinctTimes(keys: Float64Array, times: Float64Array, known: Uint16Array, name: string): number {
  let d = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as number;
    if (i > 0 && key === keys[i - 1]) continue;
    const t = Math.floor(key / 4);
    const code = key - t * 4;
    if (d > 0 && times[d - 1] === t) {
      throw new UsageInputError(`${name} has points at ${new Date(t * 1000).toISOString()} with two different periods`);
    }
    times[d] = t;
    known[d] = code === 0 ? 0 : (CLOUDWATCH_PERIODS[code - 1] as number);
    d++;
  }
  return d;
}

/** Some of the first `n` points have no known period. */
function anyUnknownPeriod(known: Uint16Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (known[i] === 0) return true;
  return false;
}

/**
 * A series' segments: runs of one period on its grid, split at long gaps; `segmentOf[i]` is the segment
 * of distinct time i. A point overlapping the one before is an error.
 */
function segmentsOf(distinct: Float64Array, periods: Uint16Array, segmentOf: Uint32Array, name: string): UsageSegment[] {
  const segments: UsageSegment[] = [];
  let last: UsageSegment | undefined;
  for (let i = 0; i < distinct.length; i++) {
    const t = distinct[i] as number;
    const period = periods[i] as number;
    // The usual next point: the slot right after the last one, at its period (no remainder to take:
    // epoch seconds are past 2^30, so `%` on them is a floating-point call).
    if (last && period === last.periodSeconds && t === last.start + last.length * period) {
      last.length++;
      segmentOf[i] = segments.length - 1;
      continue;
    }
    if (last && t < segmentEnd(last)) {
      throw new UsageInputError(`${name}: a ${period}-second point at ${new Date(t * 1000).toISOString()} overlaps the ${last.periodSeconds}-second point before it`);
    }
    const extendsLast = last && last.periodSeconds === period && (t - last.start) % period === 0 && (t - segmentEnd(last)) / period <= MAX_ZERO_POINTS_IN_SEGMENT;
    if (extendsLast) last!.length = (t - last!.start) / period + 1;
    else segments.push((last = { periodSeconds: period, start: t, length: 1, metrics: {} }));
    segmentOf[i] = segments.length - 1;
  }
  return segments;
}

/** Sorted columns merged into one ascending array (equal keys kept; the caller skips repeats). */
function mergeSorted(columns: Float64Array[], total: number, scratch: BuildScratch): Float64Array {
  if (columns.length === 1) return columns[0]!;
  // Every metric at the same instants (the usual export): the first column is the merge.
  const first = columns[0]!;
  let identical = true;
  for (let c = 1; identical && c < columns.length; c++) {
    const column = columns[c]!;
    identical = column.length === first.length;
    for (let i = 0; identical && i < first.length; i++) identical = column[i] === first[i];
  }
  if (identical) return first;
  const out = scratch.get('merged', total, Float64Array);
  const cursor = new Uint32Array(columns.length);
  for (let o = 0; o < total; o++) {
    let best = -1;
    let bestKey = Infinity;
    for (let c = 0; c < columns.length; c++) {
      const i = cursor[c] as number;
      const column = columns[c]!;
      if (i < column.length && (column[i] as number) < bestKey) {
        bestKey = column[i] as number;
        best = c;
      }
    }
    out[o] = bestKey;
    cursor[best]!++;
  }
  return out;
}

function concatSorted(columns: Float64Array[], total: number, scratch: BuildScratch): Float64Array {
  const out = scratch.get('merged', total, Float64Array);
  let at = 0;
  for (const column of columns) {
    out.set(column, at);
    at += column.length;
  }
  return out.sort();
}

/** First index whose value is >= x, in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A provisioned throughput as the Bedrock control plane lists it. */
export interface ProvisionedThroughputInfo {
  provisionedModelArn: string;
  /** The account it was listed in, in a snapshot of several accounts (see `UsageSnapshot.accounts`). */
  accountId?: string;
  provisionedModelName: string;
  region: string;
  /** The model behind it: a foundation-model ARN or a custom-model ARN. */
  modelArn: string;
  /** The foundation model it is ultimately based on, when known. */
  foundationModelArn?: string;
  modelUnits: number;
  status: string;
  /** Absent = no commitment. */
  commitmentDuration?: 'OneMonth' | 'SixMonths';
  /** ISO 8601. */
  commitmentExpirationTime?: string;
  creationTime?: string;
}

export interface CustomModelInfo {
  modelArn: string;
  /** The account it was listed in, in a snapshot of several accounts. */
  accountId?: string;
  modelName: string;
  region: string;
  baseModelArn?: string;
  customizationType?: string;
  creationTime?: string;
}

export interface InferenceProfileInfo {
  inferenceProfileArn: string;
  /** The account it was listed in, in a snapshot of several accounts. */
  accountId?: string;
  inferenceProfileId: string;
  /** The name its owner gave it (an application profile is usually named for a team or app). */
  inferenceProfileName?: string;
  region: string;
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
  /** Foundation-model ARNs the profile routes to. */
  modelArns: string[];
}

/** A foundation model as ListFoundationModels lists it in a Region, with its lifecycle status. */
export interface FoundationModelStatus {
  modelId: string;
  /** The account it was listed in, in a snapshot of several accounts. */
  accountId?: string;
  region: string;
  /** ListFoundationModels' `modelName` and `providerName`: how a model the Price List names only by name is found by its ID. */
  modelName?: string;
  providerName?: string;
  /** `modelLifecycle.status`: `ACTIVE` or `LEGACY`. */
  lifecycleStatus?: string;
}

/**
 * How a usage window was set, as data (src/report/format.ts words it, `windowBasisText`): given with
 * --start/--end; read off a usage CSV (`file`) or the invocation logs; or the days before the run, read
 * as hourly sums or widened to CloudWatch's period grid, starting later than asked when the oldest
 * minutes sat at a retention edge (`trim`: how many minutes, and the tier's retention and period). A
 * snapshot file stores this object; one written before it was data holds the words (`recorded`).
 */
export type WindowBasis =
  | { how: 'given' }
  | { how: 'csv-extent'; file: string }
  | { how: 'invocation-logs' }
  | { how: 'days-before-run'; days: number; hourly: boolean; trim?: RetentionTrim }
  | { how: 'recorded'; text: string };

/** The oldest minutes of a window left out at a CloudWatch retention edge (src/usage/cloudwatch-plan.ts, `trimOf`). */
export interface RetentionTrim {
  minutes: number;
  retentionDays: number;
  periodMinutes: number;
}

const WINDOW_BASES: ReadonlySet<string> = new Set<WindowBasis['how']>(['given', 'csv-extent', 'invocation-logs', 'days-before-run', 'recorded']);

export function isWindowBasis(value: unknown): value is WindowBasis {
  return value !== null && typeof value === 'object' && WINDOW_BASES.has((value as { how?: unknown }).how as string);
}

/**
 * The code of a scope the run's deadline cut off (the deadline's own error code): its data is missing
 * because time ran out, not because reading failed. Renderers tell the two apart by this code alone.
 */
export const INCOMPLETE = 'deadline-reached' satisfies ErrorCode;

/** A failure confined to one Region (or account): reported, while the rest still runs. */
export interface ScopeError {
  /** As the account reported it (`region us-east-1`); in a snapshot of several accounts, `accountId` says whose. */
  scope: string;
  accountId?: string;
  /**
   * Why, as data: a scope problem (a reason code with its figures and the cause's own message), worded
   * in src/report/ when the report is published (then it is that text, `PublishedText`, as every `Worded`).
   */
  message: ScopeProblem | PublishedText;
  /**
   * The underlying error's name or service code (AccessDenied, ThrottlingException…), when there was one;
   * `INCOMPLETE` when the deadline cut the scope off.
   */
  code?: string;
}

/** Everything the engine needs about an account: usage plus the control-plane inventory. */
export interface UsageSnapshot {
  /** End exclusive. `basis` says how it was set (given, or read off the data), for the report. */
  window: { start: string; end: string; basis?: WindowBasis };
  models: ModelUsage[];
  provisionedThroughputs: ProvisionedThroughputInfo[];
  customModels: CustomModelInfo[];
  inferenceProfiles: InferenceProfileInfo[];
  /** Foundation models of each Region read, for their lifecycle status (absent when not read). */
  foundationModels?: FoundationModelStatus[];
  /** Regions or accounts whose collection failed. */
  errors: ScopeError[];
  /** Input that was read but looks wrong (both spellings of a cache metric at one time), said in the report. */
  warnings?: UsageWarning[];
  /** What collecting cost (CloudWatch API calls), when the snapshot came from AWS. */
  collection?: CollectionStats;
  /**
   * A longer read of the same series as hourly sums (`--history-days`), for the forecast only: its trend
   * and weekly shape are fitted to it instead of the window. Series match the window's by model ID,
   * Region, account and namespace. Never priced or replayed.
   */
  forecastHistory?: ForecastHistory;
  /**
   * Present when several accounts were read (`--role-arn`, `--organization`): every account the run
   * covered, read or not. Then every usage line, inventory item and error carries the `accountId` of
   * one account read; absent, the snapshot is one account and nothing carries an account.
   */
  accounts?: SnapshotAccount[];
}

/** Hourly sums over a longer window than the analysis, for the forecast (`UsageSnapshot.forecastHistory`). */
export interface ForecastHistory {
  /** End exclusive, on whole hours. */
  window: { start: string; end: string };
  models: ModelUsage[];
}

/** One account of a snapshot of several: read (its own window and cost) or not (why, in `error`). */
export interface SnapshotAccount {
  accountId: string;
  /** The account's name in the organization, when listed from it. */
  name?: string;
  /** Each account is read at its own moment, so its window is its own. Absent: the snapshot's window. */
  window?: UsageSnapshot['window'];
  /** What reading this account cost. */
  collection?: CollectionStats;
  /** Set when the account could not be read at all (role not assumable, every Region failed): nothing else of it is in the snapshot. */
  error?: ScopeError;
}

export interface CollectionStats {
  listMetricsCalls: number;
  getMetricDataCalls: number;
  /** Metrics requested across GetMetricData calls: what CloudWatch bills for. */
  metricsRequested: number;
  datapoints: number;
  /** USD, decimal string. */
  estimatedCostUsd: string;
}

/** Sums counters and cost (of several Regions or accounts); undefined when none reported stats. */
export function mergeCollectionStats(all: Array<CollectionStats | undefined>): CollectionStats | undefined {
  const present = all.filter((s): s is CollectionStats => s !== undefined);
  if (present.length === 0) return undefined;
  let cost = ZERO;
  const merged = { listMetricsCalls: 0, getMetricDataCalls: 0, metricsRequested: 0, datapoints: 0 };
  for (const s of present) {
    merged.listMetricsCalls += s.listMetricsCalls;
    merged.getMetricDataCalls += s.getMetricDataCalls;
    merged.metricsRequested += s.metricsRequested;
    merged.datapoints += s.datapoints;
    cost = cost.plus(usd(s.estimatedCostUsd));
  }
  return { ...merged, estimatedCostUsd: cost.toFixed() };
}
