import { USAGE_METRICS, checkedSum, emptyTotals, lowerBound, type CountArray, type ModelUsage, type UsageMetric, type UsageSegment, type UsageTotals } from '../usage/usage.js';
import { InternalError } from '../errors.js';

/** Tokens per minute one model unit serves, per side. */
export interface UnitCapacity {
  inputTokensPerMinute: number;
  outputTokensPerMinute: number;
}

/** A per-minute level on each side: the input side is input + cache writes, cache reads left out. */
export interface LoadLevels {
  input: number;
  output: number;
}

/** Tokens that ran above `levels` over the window, per side, summed point by point. */
export interface LevelOverflow {
  readonly levels: LoadLevels;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** A level that no load passes (finite, so that the arithmetic below stays exact: Infinity - Infinity is NaN). */
const NO_LEVELS: LoadLevels = { input: Number.MAX_VALUE, output: Number.MAX_VALUE };

/**
 * Tokens a point runs above a per-minute level: its excess rate over the minutes it covers, 0 below.
 * Without a branch, as loads cross a level at random: (x + |x|) / 2 is exactly x above 0 and exactly 0
 * at or below it. (Adding 0 leaves a sum exactly as it was, so a pass adds this for every point.)
 */
function tokensAbove(rate: number, level: number, minutes: number): number {
  const excess = rate - level;
  return (excess + Math.abs(excess)) * 0.5 * minutes;
}

/**
 * What the profile's one pass over the points also computes, so that replay never reads the points
 * twice: the unit histogram for a known model-unit capacity, and the overflow above fixed levels
 * (the Reserved tier's minimum reservation).
 */
export interface ProfileOptions {
  unitCapacity?: UnitCapacity;
  overflowLevels?: LoadLevels;
}

/**
 * What replay needs from a model's time series, computed once: exact integer totals, and the load
 * of every data point as tokens per minute, for provisioned-throughput sizing.
 *
 * A point of a 5-minute or hourly segment only tells the average rate over its period, so peaks
 * inside it are invisible; `finestResolutionSeconds`/`coarsestResolutionSeconds` let callers say so.
 *
 * The per-point columns are built on first read: replay usually needs only the figures the pass
 * computed (totals, peaks, clock hours, the unit histogram, the overflow above levels), and writing
 * four columns of every point would cost more than reading the usage does.
 */
export interface LoadProfile {
  totals: UsageTotals;
  /** Input tokens per minute at each point: non-cached input + cache reads + cache writes. */
  readonly inputPerMinute: Float64Array;
  /**
   * The cache-read part of `inputPerMinute`, aligned with it. Cache reads count against provisioned
   * units but not against the Reserved tier or the TPM quota, which size on input + cache writes.
   */
  readonly cacheReadPerMinute: Float64Array;
  readonly outputPerMinute: Float64Array;
  /** Minutes each point covers. */
  readonly minutes: Float64Array;
  peakInputPerMinute: number;
  peakOutputPerMinute: number;
  /**
   * The period of the data the peaks come from. Above 60 s the peaks are averages over 5 minutes or an
   * hour, so sizing on them is low confidence: bursts inside those periods are invisible.
   */
  peakResolutionSeconds: number;
  finestResolutionSeconds: number;
  coarsestResolutionSeconds: number;
  /** Tokens per clock hour that had traffic, in time order. */
  readonly hourlyTokens: Float64Array;
  /** The same, busiest first: sorted on first read (replay needs only the busiest hours' share, `shareOfBusiestHours`). */
  readonly hourlyTokensDescending: Float64Array;
  /** Hours that had any traffic. */
  activeHours: number;
  /** The load by units needed at `ProfileOptions.unitCapacity`, when asked for and a direct index holds it. */
  unitHistogram?: UnitHistogram;
  /** The overflow above `ProfileOptions.overflowLevels`, when asked for. */
  levelOverflow?: LevelOverflow;
}

/** One series' points with traffic, in time order: the columns a profile is built from. */
interface PointColumns {
  n: number;
  time: Float64Array;
  minutes: Float64Array;
  input: Float64Array;
  cacheRead: Float64Array;
  output: Float64Array;
}

/** `withTime`: the merge of several series needs each point's time; one series does not. */
function allocate(n: number, withTime = true): PointColumns {
  // One buffer for every column: a model's profile is one allocation for the collector to track, not five.
  const columns = withTime ? 5 : 4;
  const buffer = new ArrayBuffer(n * columns * Float64Array.BYTES_PER_ELEMENT);
  const column = (k: number) => new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n);
  return { n: 0, time: withTime ? column(4) : NO_TIMES, minutes: column(0), input: column(1), cacheRead: column(2), output: column(3) };
}

const NO_TIMES = new Float64Array(0);

/*
 * The small arrays a profile keeps (its clock hours, its unit histogram's sums, a sizer's groups) are
 * views carved in turn from one shared block, never handed out twice: each array of its own was an
 * allocation outside the heap, 5-15 us apiece (a CPU profile of the pass put ~18% of it there), where a
 * view costs well under 1 us. A block (512 KiB) is dropped when full and freed once the last view into
 * it goes (a model's profile lives for its replay only; one kept longer keeps its block). Nothing is
 * kept between calls but the rest of a block: no figure, and the same allocations on a first call as
 * on any other.
 */
const BLOCK_DOUBLES = 1 << 16;
let block = new ArrayBuffer(0);
let blockUsed = BLOCK_DOUBLES;
/** `n` zeros of their own, carved from the current block (a large array is its own allocation). */
function carve(n: number): Float64Array {
  // A model with no token minutes (images only) asks for no hours: the first block is empty and full,
  // and a view at its end is refused, so an empty array is its own (it holds nothing to share).
  if (n === 0 || n > BLOCK_DOUBLES >> 4 || blockUsed + n > BLOCK_DOUBLES) return carveRarely(n);
  const view = new Float64Array(block, blockUsed * Float64Array.BYTES_PER_ELEMENT, n);
  blockUsed += n;
  return view;
}

/** `carve` where the current block cannot serve `n` (a few times a call): out of line, so not compiled into every carve. */
function carveRarely(n: number): Float64Array {
  if (n === 0 || n > BLOCK_DOUBLES >> 4) return new Float64Array(n);
  block = new ArrayBuffer(BLOCK_DOUBLES * Float64Array.BYTES_PER_ELEMENT);
  blockUsed = 0;
  return carve(n);
}

let zeros = new Float64Array(0);
/** Zeros for a metric a segment lacks, shared and grown on demand so reads stay in bounds. */
function zerosFor(length: number): Float64Array {
  if (zeros.length < length) zeros = new Float64Array(length);
  return zeros;
}

const TOKEN_COLUMNS = ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'OutputTokenCount'] as const;
/** The metrics `tokenColumns` sums itself, listed once: a Set lookup per metric per segment cost ~1 us a model. */
const OTHER_METRICS: readonly UsageMetric[] = USAGE_METRICS.filter((metric) => !(TOKEN_COLUMNS as readonly UsageMetric[]).includes(metric));

/**
 * A series' running total of `metric`, checked against 2^53 (`checkedSum`), the series' name made only
 * when it throws: a closure per figure summed was made, and compiled into the pass, for every model.
 */
function checkedTotal(total: number, usage: ModelUsage, metric: UsageMetric): number {
  return total > Number.MAX_SAFE_INTEGER ? checkedSum(total, () => `${usage.modelId} (${usage.region}) ${metric}`) : total;
}

/**
 * Adds a segment's other metrics (invocations, images, throttles) to the totals, and returns its four
 * token columns in `TOKEN_COLUMNS` order, zeros for one it lacks; the caller sums those in its own pass,
 * and `summedByCaller` too when it names one (the minute pass sums invocations in its own loop).
 */
function tokenColumns(segment: UsageSegment, totals: UsageTotals, usage: ModelUsage, summedByCaller?: UsageMetric): [CountArray, CountArray, CountArray, CountArray] {
  const m = segment.metrics;
  for (let k = 0; k < OTHER_METRICS.length; k++) {
    const metric = OTHER_METRICS[k]!;
    const values = m[metric];
    if (!values || metric === summedByCaller) continue;
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
    totals[metric] = checkedTotal(totals[metric] + sum, usage, metric);
  }
  const none = zerosFor(segment.length);
  // In `TOKEN_COLUMNS` order, spelled out: a `map` over it made a closure and an array per segment.
  return [m.InputTokenCount ?? none, m.CacheReadInputTokenCount ?? none, m.CacheWriteInputTokenCount ?? none, m.OutputTokenCount ?? none];
}

/** Adds one segment's token sums, in `TOKEN_COLUMNS` order from `sums[at]`, to the totals, checked against 2^53. */
function addTokenTotals(totals: UsageTotals, sums: ArrayLike<number>, at: number, usage: ModelUsage): void {
  for (let k = 0; k < TOKEN_COLUMNS.length; k++) {
    const metric = TOKEN_COLUMNS[k]!;
    totals[metric] = checkedTotal(totals[metric] + sums[at + k]!, usage, metric);
  }
}

/** Appends the points with traffic of one series to `into`, in time order, and adds its totals. */
function collectSeries(usage: ModelUsage, into: PointColumns, totals: UsageTotals): void {
  for (const segment of usage.segments) {
    const [plain, reads, writes, output] = tokenColumns(segment, totals, usage);
    const minutes = segment.periodSeconds / 60;
    let sumPlain = 0;
    let sumReads = 0;
    let sumWrites = 0;
    let sumOutput = 0;
    let n = into.n;
    for (let i = 0; i < segment.length; i++) {
      const p = plain[i] as number;
      const r = reads[i] as number;
      const w = writes[i] as number;
      const o = output[i] as number;
      sumPlain += p;
      sumReads += r;
      sumWrites += w;
      sumOutput += o;
      const inTok = p + r + w;
      if (inTok === 0 && o === 0) continue;
      into.time[n] = segment.start + i * segment.periodSeconds;
      into.minutes[n] = minutes;
      into.input[n] = inTok;
      into.cacheRead[n] = r;
      into.output[n] = o;
      n++;
    }
    into.n = n;
    addTokenTotals(totals, [sumPlain, sumReads, sumWrites, sumOutput], 0, usage);
  }
}

function pointCount(usage: ModelUsage): number {
  let n = 0;
  for (const s of usage.segments) n += s.length;
  return n;
}

/**
 * Merges series of one model seen under several IDs: a k-way merge by time of already sorted
 * columns, so the cost per point is that of one series. Loads at the same time add up: a point that
 * starts inside the period of the point before it (one ID at 5 minutes, another at 1 minute in the
 * same 5 minutes) is folded into that coarser point, because only their sum over the coarser period is
 * known. Folding keeps the coarser period, so a peak from it is stated as 5-minute data. CloudWatch
 * aligns every period to its own length, so periods nest and ties are taken coarsest first.
 */
function mergeColumns(parts: PointColumns[]): PointColumns {
  let total = 0;
  for (const p of parts) total += p.n;
  const out = allocate(total);
  const cursor = new Uint32Array(parts.length);
  let n = 0;
  let openUntil = -Infinity;
  for (;;) {
    let best = -1;
    let bestTime = Infinity;
    let bestMinutes = 0;
    for (let s = 0; s < parts.length; s++) {
      const c = cursor[s] as number;
      if (c >= parts[s]!.n) continue;
      const t = parts[s]!.time[c] as number;
      const m = parts[s]!.minutes[c] as number;
      if (t < bestTime || (t === bestTime && m > bestMinutes)) {
        bestTime = t;
        bestMinutes = m;
        best = s;
      }
    }
    if (best < 0) break;
    const from = parts[best]!;
    const c = cursor[best]!++;
    const fold = n > 0 && bestTime < openUntil;
    const at = fold ? n - 1 : n++;
    if (!fold) {
      out.time[at] = bestTime;
      out.minutes[at] = from.minutes[c] as number;
      openUntil = bestTime + (from.minutes[c] as number) * 60;
    }
    out.input[at]! += from.input[c] as number;
    out.cacheRead[at]! += from.cacheRead[c] as number;
    out.output[at]! += from.output[c] as number;
  }
  out.n = n;
  return out;
}

/** What one pass over the points finds, besides the totals it adds up. */
interface PassResult {
  /** Points with traffic written to the columns: counted only when columns are given (the minute pass writes none). */
  n: number;
  peakIn: number;
  peakOut: number;
  peakResolutionSeconds: number;
  /** Tokens per clock hour with traffic, in time order. */
  hourlyTokens: Float64Array;
  /** Tokens above the levels, per side. */
  overflowIn: number;
  overflowOut: number;
}

/*
 * The running figures of a pass over one series, carried from segment to segment, are slots of one
 * Float64Array (`F`). To the interpreter as to optimised code its elements are doubles, so a sum that
 * starts from a slot is compiled as a sum of doubles from a run's first call on: a sum started at the
 * literal 0 is a small integer, and the minute loop compiled for one was thrown away and compiled again
 * when a sum passed 2^31 (and when an object field holding a figure changed from integer to double),
 * two or three times on every run's first call. Each segment's loop keeps them in locals and writes
 * them back once.
 */
const enum F {
  /** Points with traffic, counted where the columns are written (`passOverSegment`). */
  N = 0,
  /** The end of the open clock hour (epoch seconds), its tokens, and the hours with traffic closed so far. */
  HOUR_END = 1,
  HOUR_TOKENS = 2,
  HOURS = 3,
  /** Tokens above the levels, per side. */
  OVER_IN = 4,
  OVER_OUT = 5,
  /**
   * The unit histogram's group of one unit (most points): Σ input and output tokens, Σ need x minutes,
   * Σ minutes, summed in the pass in point order as the histogram would and handed over once.
   */
  ONE_IN = 6,
  ONE_OUT = 7,
  ONE_NEED = 8,
  ONE_MINUTES = 9,
  /** The peaks so far per side, and the period of the data each came from. */
  PEAK_IN = 10,
  PEAK_OUT = 11,
  PEAK_IN_PERIOD = 12,
  PEAK_OUT_PERIOD = 13,
  /** The levels, and the unit capacity per side (1 without a histogram). */
  LEVEL_IN = 14,
  LEVEL_OUT = 15,
  IN_CAP = 16,
  OUT_CAP = 17,
  /**
   * `F.OUT_CAP` a hair low (1 - 1e-9), for the minute pass to skip the output side's division where it
   * cannot bind; 0 (never skip) unless both capacities are positive and finite. See `passOverMinutes`.
   */
  OUT_CAP_BELOW = 18,
  /**
   * The current segment's figures, zeroed before it (`SEGMENT_FIGURES` from `F.SUMS`): its token sums in
   * `TOKEN_COLUMNS` order (four slots), its invocations when its pass summed them, and the peaks of a
   * minute segment, which the caller merges by the tie rule.
   */
  SUMS = 19,
  INVOCATIONS = 23,
  SEGMENT_PEAK_IN = 24,
  SEGMENT_PEAK_OUT = 25,
  /**
   * The clock hour the minute pass is in (`minutesOfAnHour`): its peaks per side and its least input,
   * which decide at the hour's end whether every one of its minutes needs at most one unit.
   */
  HOUR_PEAK_IN = 26,
  HOUR_PEAK_OUT = 27,
  HOUR_LEAST_IN = 28,
  FIGURES = 29,
}

/**
 * Every pass's figures: passes run one at a time and read their figures out before they return, so one
 * array serves them all (a typed array this size is its own allocation outside the heap, a few
 * microseconds, per model).
 */
const FIGURES_OF_THE_PASS = new Float64Array(F.FIGURES);

/** A pass's state: its figures (`F`, zeroed when it starts), its clock hours, and what it was asked to find. */
class PassState {
  readonly f = FIGURES_OF_THE_PASS.fill(0);
  /**
   * Tokens per clock hour with traffic, `F.HOURS` of them, written in place: shared room for every hour
   * the series' segments touch (`hoursTouched`), where a growing array was reallocated and copied
   * several times per model; `hourlyOf` copies out the hours written.
   */
  readonly hourly: Float64Array;
  /** Without levels nothing runs above them: every point would add exactly 0. */
  readonly withLevels: boolean;

  constructor(
    readonly units: UnitHistogram | undefined,
    levels: LoadLevels,
    hourCapacity: number,
  ) {
    this.hourly = hoursFor(hourCapacity);
    this.withLevels = levels !== NO_LEVELS;
    const f = this.f;
    f[F.HOUR_END] = -Infinity;
    f[F.LEVEL_IN] = levels.input;
    f[F.LEVEL_OUT] = levels.output;
    const inCap = units?.capacity.inputTokensPerMinute ?? 1;
    const outCap = units?.capacity.outputTokensPerMinute ?? 1;
    f[F.IN_CAP] = inCap;
    f[F.OUT_CAP] = outCap;
    const finite = inCap > 0 && outCap > 0 && Number.isFinite(inCap) && Number.isFinite(outCap);
    f[F.OUT_CAP_BELOW] = finite ? outCap * (1 - 1e-9) : 0;
  }

  /**
   * The pass's result once its last segment is walked: its last clock hour closed and its one-unit group
   * added. Once a model, out of the per-segment loop's function: V8 counts a function's bytecode run
   * towards compiling it, and this would be run, and compiled, with every model's pass.
   */
  finish(): PassResult {
    const f = this.f;
    if (f[F.HOUR_TOKENS]! > 0) this.hourly[f[F.HOURS]!++] = f[F.HOUR_TOKENS]!;
    if (f[F.ONE_MINUTES]! > 0) this.units!.addOneUnitGroup(f[F.ONE_IN]!, f[F.ONE_OUT]!, f[F.ONE_NEED]!, f[F.ONE_MINUTES]!);
    return {
      n: f[F.N]!, peakIn: f[F.PEAK_IN]!, peakOut: f[F.PEAK_OUT]!, peakResolutionSeconds: Math.max(f[F.PEAK_IN_PERIOD]!, f[F.PEAK_OUT_PERIOD]!),
      hourlyTokens: hourlyOf(this), overflowIn: f[F.OVER_IN]!, overflowOut: f[F.OVER_OUT]!,
    };
  }

  /** A segment's peaks, taken as the point-by-point rule takes them: a tie goes to the finer data. */
  mergePeaks(peakIn: number, peakOut: number, period: number): void {
    const f = this.f;
    if (peakIn > f[F.PEAK_IN]! || (peakIn === f[F.PEAK_IN] && peakIn > 0 && period < f[F.PEAK_IN_PERIOD]!)) {
      f[F.PEAK_IN] = peakIn;
      f[F.PEAK_IN_PERIOD] = period;
    }
    if (peakOut > f[F.PEAK_OUT]! || (peakOut === f[F.PEAK_OUT] && peakOut > 0 && period < f[F.PEAK_OUT_PERIOD]!)) {
      f[F.PEAK_OUT] = peakOut;
      f[F.PEAK_OUT_PERIOD] = period;
    }
  }
}

let hourScratch = new Float64Array(0);
/** Room for a pass's clock hours, shared and grown on demand: `hourlyOf` copies out the hours it wrote. */
function hoursFor(length: number): Float64Array {
  if (hourScratch.length < length) hourScratch = new Float64Array(Math.max(length, 512));
  return hourScratch;
}

let rarePoints = new Int32Array(0);
/** Room for the indices of a segment's points outside the one-unit group, shared and grown on demand. */
function rareFor(length: number): Int32Array {
  if (rarePoints.length < length) rarePoints = new Int32Array(length);
  return rarePoints;
}

/**
 * Adds to the histogram, in point order, the points of `passOverMinutes`' list that need more than one
 * unit, their need found as the minute loop finds it (the list also holds points with no traffic or no need).
 */
function addWidePoints(units: UnitHistogram, f: Float64Array, rare: Int32Array, count: number, plain: CountArray, reads: CountArray, writes: CountArray | undefined, output: CountArray): void {
  const inCap = f[F.IN_CAP]!;
  const outCap = f[F.OUT_CAP]!;
  const outCapBelow = f[F.OUT_CAP_BELOW]!;
  for (let k = 0; k < count; k++) {
    const i = rare[k]!;
    const inTok = plain[i]! + reads[i]! + (writes !== undefined ? writes[i]! : 0);
    const o = output[i]!;
    if (inTok === 0 && o === 0) continue;
    const inNeed = inTok / inCap;
    const need = o > inNeed * outCapBelow ? needOf(inTok, o, inCap, outCap) : inNeed;
    if (need > 1) units.add(inTok, o, 1);
  }
}

/**
 * One segment of minute data, with no columns to write (the common case): the rates are the counts,
 * every "x minutes" is x 1 (exact, so left out), and the peak is the segment's own maximum, merged by
 * the tie rule once (every point of a segment has one period).
 *
 * Clock hour by clock hour: `minutesOfAnHour` walks the hour's minutes once (sums, peaks, the overflow
 * above the levels, Σ input need), then the hour is settled from its figures. Idle minutes need no test
 * of their own there: they add 0 to every sum, raise no peak and pass no level (levels are at least 0, see
 * `passOverOneSeries`), and the one figure they could change, the one-unit group's minutes, is only
 * taken from an hour whose least input is above 0.
 *
 * Sizing (`sized`: a unit histogram is built) asks which minutes need at most one unit. Most hours hold
 * nothing else, and an hour's figures prove it: when its least input is above 0, its peak input at most
 * the unit's input capacity and its peak output at most (least input / input capacity) x `F.OUT_CAP_BELOW`,
 * every minute of it has need = input / input capacity in (0, 1], bit for bit as `needOf` finds it
 * (division rounds monotonically, so a larger input never gives a smaller quotient; see the output side's
 * compare in `sizeMinutes`). Then the hour's Σ need, added point by point in point order by the walk, is
 * the one-unit group's, and its tokens and minutes are the hour's. Else the walk's Σ need is set back and
 * `sizeMinutes` sizes the hour's minutes one by one, from columns the walk just brought into the cache.
 * So the walk carries no per-minute test of need (with one, the loop ran ~20% slower on minute data).
 *
 * Token counts are whole numbers, so every sum of them is exact in any grouping: a clock hour's tokens
 * are the segment's sums at its end less those at its start, the one-unit group's tokens and minutes
 * are the hour's less those of its other points, and the overflow above a level is the same whether
 * its excesses are added minute by minute or otherwise. Σ need is not a whole number: it is added point
 * by point, in point order, as before. Returns how many points it listed in `rare` (needing no unit or
 * more than one, in point order), for the caller to add those needing more than one to the histogram.
 */
function passOverMinutes(f: Float64Array, hourly: Float64Array, rare: Int32Array, start: number, length: number, plain: CountArray, reads: CountArray, writes: CountArray | undefined, output: CountArray, invocations: CountArray, sized: boolean): number {
  const inCap = f[F.IN_CAP]!;
  const outCapBelow = f[F.OUT_CAP_BELOW]!;
  let hourEnd = f[F.HOUR_END]!;
  let hourTokens = f[F.HOUR_TOKENS]!;
  let hours = f[F.HOURS]!;
  let oneUnitIn = f[F.ONE_IN]!;
  let oneUnitOut = f[F.ONE_OUT]!;
  let oneUnitMinutes = f[F.ONE_MINUTES]!;
  // The segment's peaks, from the hours' (whole numbers, compared as integers: see `minutesOfAnHour`).
  let peakIn = 0;
  let peakOut = 0;
  let rareCount = 0;
  for (let first = 0; first < length; ) {
    const t = start + first * 60;
    // A whole number in an integer register (`| 0`; at most `length`): `first` takes its value, and a
    // float there would make every index of the loops below a float, checked at every read.
    let hourLast: number;
    if (t === hourEnd) {
      // The next hour right after the last (every hour but a segment's first): its end is an hour on,
      // and its minutes the next 60, whole numbers both, as the general case below finds them, with no
      // division or rounding per hour.
      if (hourTokens > 0) hourly[hours++] = hourTokens;
      hourEnd = t + 3600;
      hourTokens = 0;
      hourLast = Math.min(length, first + 60) | 0;
    } else {
      if (t > hourEnd) {
        if (hourTokens > 0) hourly[hours++] = hourTokens;
        hourEnd = (Math.floor(t / 3600) + 1) * 3600;
        hourTokens = 0;
      }
      hourLast = Math.min(length, Math.ceil((hourEnd - start) / 60)) | 0;
    }
    const inBefore = f[F.SUMS]! + f[F.SUMS + 1]! + f[F.SUMS + 2]!;
    const outBefore = f[F.SUMS + 3]!;
    const needBefore = f[F.ONE_NEED]!;
    // One walk per column set, so that neither carries a test for a column it lacks: most series have
    // no cache writes.
    if (writes === undefined) minutesOfAnHour(f, first, hourLast, plain, reads, output, invocations);
    else minutesOfAnHourWithWrites(f, first, hourLast, plain, reads, writes, output, invocations);
    const hourPeakIn = f[F.HOUR_PEAK_IN]!;
    const hourPeakOut = f[F.HOUR_PEAK_OUT]!;
    if (hourPeakIn > peakIn) peakIn = hourPeakIn;
    if (hourPeakOut > peakOut) peakOut = hourPeakOut;
    // The hour's sums, added to the hour's tokens and to the one-unit group once an hour, as exact
    // whole numbers: the same figures, added in the same order, as adding them point by point.
    const hourIn = f[F.SUMS]! + f[F.SUMS + 1]! + f[F.SUMS + 2]! - inBefore;
    const hourOut = f[F.SUMS + 3]! - outBefore;
    hourTokens += hourIn + hourOut;
    // Compared, not tested for truth: a parameter's truth test is the generic one (strings, numbers, objects).
    if (sized === true) {
      const leastIn = f[F.HOUR_LEAST_IN]!;
      // `outCapBelow > 0`: both capacities positive and finite, which the proof above needs.
      if (leastIn > 0 && hourPeakIn <= inCap && hourPeakOut <= (leastIn / inCap) * outCapBelow && outCapBelow > 0) {
        oneUnitIn += hourIn;
        oneUnitOut += hourOut;
        oneUnitMinutes += hourLast - first;
      } else {
        f[F.ONE_NEED] = needBefore;
        f[F.ONE_IN] = oneUnitIn;
        f[F.ONE_OUT] = oneUnitOut;
        f[F.ONE_MINUTES] = oneUnitMinutes;
        rareCount = sizeMinutes(f, rare, rareCount, first, hourLast, plain, reads, writes, output);
        oneUnitIn = f[F.ONE_IN]!;
        oneUnitOut = f[F.ONE_OUT]!;
        oneUnitMinutes = f[F.ONE_MINUTES]!;
      }
    }
    first = hourLast;
    // Written back every hour, not once after the loop: a run's first call compiles the loop while it
    // runs (on-stack replacement), before any code after the loop has run, and a store there with no
    // type feedback threw the compiled loop away at the end of every later call (77 times in the
    // bench's first call). Here each store has run an hour's worth of times before the loop compiles.
    f[F.HOUR_END] = hourEnd;
    f[F.HOUR_TOKENS] = hourTokens;
    f[F.HOURS] = hours;
    f[F.ONE_IN] = oneUnitIn;
    f[F.ONE_OUT] = oneUnitOut;
    f[F.ONE_MINUTES] = oneUnitMinutes;
    f[F.SEGMENT_PEAK_IN] = peakIn;
    f[F.SEGMENT_PEAK_OUT] = peakOut;
  }
  return rareCount;
}

/*
 * The walk over one clock hour's minutes, [first, last), for `passOverMinutes`: the running sums from
 * and back to their slots (`F.SUMS`, `F.INVOCATIONS`, `F.OVER_*`, `F.ONE_NEED`), the hour's peaks and
 * least input to `F.HOUR_*`. Σ input need is input / `F.IN_CAP` at every minute, in point order (1
 * without a histogram: then nothing reads it). Its loop reads only typed arrays and locals, calls
 * nothing and tests nothing but the levels: each test more cost the minute loop ~5-10%, a test of a
 * loop-invariant flag (a column present or not, sizing or not) as much as any other.
 *
 * So there are two walks, one per column set. The other ways measured slower on the bench's minute
 * data: one function with a loop per column set (~4%: one register allocation for both), zeros read
 * for an absent cache-write column (~30%). Missing invocations are read as zeros: they are rare.
 *
 * The running sums start from their slots, doubles from the first call on (see `F.N`); the peaks and
 * the least input start as small integers, as the counts read are: a minute's tokens stay far below
 * 2^31, so they are compared as integers, where a double was converted and checked at each point, and
 * by Math.max and Math.min (the loop ran ~5% faster than with an `if` each). A count past 2^31 only
 * sends the loop back to the interpreter once, with the same result. Minute counts are whole numbers,
 * so each excess above a level is exact, and so is its sum, whichever way it is taken: a compare costs
 * less than tokensAbove's arithmetic. Without levels (NO_LEVELS) none passes.
 */

/** An hour's minutes with no cache writes (the column is absent: most series). */
function minutesOfAnHour(f: Float64Array, first: number, last: number, plain: CountArray, reads: CountArray, output: CountArray, invocations: CountArray): void {
  const levelIn = f[F.LEVEL_IN]!;
  const levelOut = f[F.LEVEL_OUT]!;
  const inCap = f[F.IN_CAP]!;
  let sumPlain = f[F.SUMS]!;
  let sumReads = f[F.SUMS + 1]!;
  let sumOutput = f[F.SUMS + 3]!;
  let sumInvocations = f[F.INVOCATIONS]!;
  let overflowIn = f[F.OVER_IN]!;
  let overflowOut = f[F.OVER_OUT]!;
  let need = f[F.ONE_NEED]!;
  let peakIn = 0;
  let peakOut = 0;
  let leastIn = 0x7fffffff;
  for (let i = first; i < last; i++) {
    const p = plain[i]!;
    const r = reads[i]!;
    const o = output[i]!;
    sumPlain += p;
    sumReads += r;
    sumOutput += o;
    // Read in this loop, not in a pass of its own: one walk over the segment's columns.
    sumInvocations += invocations[i]!;
    const inTok = p + r;
    peakIn = Math.max(peakIn, inTok);
    leastIn = Math.min(leastIn, inTok);
    peakOut = Math.max(peakOut, o);
    if (p > levelIn) overflowIn += p - levelIn;
    if (o > levelOut) overflowOut += o - levelOut;
    need += inTok / inCap;
  }
  f[F.SUMS] = sumPlain;
  f[F.SUMS + 1] = sumReads;
  f[F.SUMS + 3] = sumOutput;
  f[F.INVOCATIONS] = sumInvocations;
  f[F.OVER_IN] = overflowIn;
  f[F.OVER_OUT] = overflowOut;
  f[F.ONE_NEED] = need;
  f[F.HOUR_PEAK_IN] = peakIn;
  f[F.HOUR_PEAK_OUT] = peakOut;
  f[F.HOUR_LEAST_IN] = leastIn;
}

/** The same with cache writes: they count on the input side and against the levels. */
function minutesOfAnHourWithWrites(f: Float64Array, first: number, last: number, plain: CountArray, reads: CountArray, writes: CountArray, output: CountArray, invocations: CountArray): void {
  const levelIn = f[F.LEVEL_IN]!;
  const levelOut = f[F.LEVEL_OUT]!;
  const inCap = f[F.IN_CAP]!;
  let sumPlain = f[F.SUMS]!;
  let sumReads = f[F.SUMS + 1]!;
  let sumWrites = f[F.SUMS + 2]!;
  let sumOutput = f[F.SUMS + 3]!;
  let sumInvocations = f[F.INVOCATIONS]!;
  let overflowIn = f[F.OVER_IN]!;
  let overflowOut = f[F.OVER_OUT]!;
  let need = f[F.ONE_NEED]!;
  let peakIn = 0;
  let peakOut = 0;
  let leastIn = 0x7fffffff;
  for (let i = first; i < last; i++) {
    const p = plain[i]!;
    const r = reads[i]!;
    const w = writes[i]!;
    const o = output[i]!;
    sumPlain += p;
    sumReads += r;
    sumWrites += w;
    sumOutput += o;
    sumInvocations += invocations[i]!;
    const inTok = p + r + w;
    peakIn = Math.max(peakIn, inTok);
    leastIn = Math.min(leastIn, inTok);
    peakOut = Math.max(peakOut, o);
    const levelled = p + w;
    if (levelled > levelIn) overflowIn += levelled - levelIn;
    if (o > levelOut) overflowOut += o - levelOut;
    need += inTok / inCap;
  }
  f[F.SUMS] = sumPlain;
  f[F.SUMS + 1] = sumReads;
  f[F.SUMS + 2] = sumWrites;
  f[F.SUMS + 3] = sumOutput;
  f[F.INVOCATIONS] = sumInvocations;
  f[F.OVER_IN] = overflowIn;
  f[F.OVER_OUT] = overflowOut;
  f[F.ONE_NEED] = need;
  f[F.HOUR_PEAK_IN] = peakIn;
  f[F.HOUR_PEAK_OUT] = peakOut;
  f[F.HOUR_LEAST_IN] = leastIn;
}

/**
 * An hour whose figures do not prove it all one-unit, minute by minute: the minutes needing at most one
 * unit added to the one-unit group's slots (`F.ONE_*`, Σ need in point order), the index of every minute
 * needing more listed in `rare` from `rareCount`, for the caller to add to the histogram. Idle minutes
 * and minutes of no need belong to no group. Returns the new count.
 */
function sizeMinutes(f: Float64Array, rare: Int32Array, rareCount: number, first: number, last: number, plain: CountArray, reads: CountArray, writes: CountArray | undefined, output: CountArray): number {
  const inCap = f[F.IN_CAP]!;
  const outCap = f[F.OUT_CAP]!;
  const outCapBelow = f[F.OUT_CAP_BELOW]!;
  let oneUnitIn = f[F.ONE_IN]!;
  let oneUnitOut = f[F.ONE_OUT]!;
  let oneUnitNeed = f[F.ONE_NEED]!;
  let oneUnitMinutes = f[F.ONE_MINUTES]!;
  let count = rareCount;
  for (let i = first; i < last; i++) {
    const inTok = plain[i]! + reads[i]! + (writes !== undefined ? writes[i]! : 0);
    const o = output[i]!;
    // needOf's value, with one division where the output side cannot bind: when o is at most
    // inNeed x outCapBelow, o / outCap is below inNeed before rounding, so at most inNeed after it
    // (division rounds monotonically), and max(inNeed, outNeed) is inNeed, bit for bit.
    const inNeed = inTok / inCap;
    const need = o > inNeed * outCapBelow ? needOf(inTok, o, inCap, outCap) : inNeed;
    if (need > 0 && need <= 1) {
      oneUnitIn += inTok;
      oneUnitOut += o;
      oneUnitNeed += need;
      oneUnitMinutes++;
    } else if (need > 1) rare[count++] = i;
  }
  f[F.ONE_IN] = oneUnitIn;
  f[F.ONE_OUT] = oneUnitOut;
  f[F.ONE_NEED] = oneUnitNeed;
  f[F.ONE_MINUTES] = oneUnitMinutes;
  return count;
}

/**
 * Any other segment (5-minute or hourly data, or columns to write): each point's rates, written to
 * `points` when given, the figures as `passOverMinutes` finds them.
 */
function passOverSegment(s: PassState, segment: UsageSegment, totals: UsageTotals, usage: ModelUsage, points: PointColumns | undefined): void {
  // Its columns read here, not by the caller: the one-series pass runs for every model, this seldom.
  const columns = tokenColumns(segment, totals, usage);
  const plain = columns[0];
  const reads = columns[1];
  const writes = columns[2];
  const output = columns[3];
  const f = s.f;
  const units = s.units;
  const period = segment.periodSeconds;
  const minutes = period / 60;
  const perMinute = minutes === 1;
  const levelIn = f[F.LEVEL_IN]!;
  const levelOut = f[F.LEVEL_OUT]!;
  const inCap = f[F.IN_CAP]!;
  const outCap = f[F.OUT_CAP]!;
  let n = f[F.N]!;
  let hourEnd = f[F.HOUR_END]!;
  let hourTokens = f[F.HOUR_TOKENS]!;
  let hours = f[F.HOURS]!;
  // Zero, from the slots (see `F.N`).
  let sumPlain = f[F.SUMS]!;
  let sumReads = f[F.SUMS + 1]!;
  let sumWrites = f[F.SUMS + 2]!;
  let sumOutput = f[F.SUMS + 3]!;
  let peakIn = f[F.SEGMENT_PEAK_IN]!;
  let peakOut = f[F.SEGMENT_PEAK_OUT]!;
  for (let i = 0; i < segment.length; i++) {
    const t = segment.start + i * period;
    if (t >= hourEnd) {
      if (hourTokens > 0) s.hourly[hours++] = hourTokens;
      hourEnd = (Math.floor(t / 3600) + 1) * 3600;
      hourTokens = 0;
    }
    const p = plain[i]!;
    const r = reads[i]!;
    const w = writes[i]!;
    const o = output[i]!;
    sumPlain += p;
    sumReads += r;
    sumWrites += w;
    sumOutput += o;
    const inTok = p + r + w;
    if (inTok === 0 && o === 0) continue;
    // Minute data is already per minute: three divisions a point saved, exactly.
    const inRate = perMinute ? inTok : inTok / minutes;
    const readRate = perMinute ? r : r / minutes;
    const outRate = perMinute ? o : o / minutes;
    if (points !== undefined) {
      points.input[n] = inRate;
      points.cacheRead[n] = readRate;
      points.output[n] = outRate;
      points.minutes[n] = minutes;
    }
    n++;
    // A tie goes to the finer data: a rate that minute data shows is a minute peak, whatever coarser
    // data also reached it (a steady rate must not label a peak "3600-second data"). Every point of
    // the segment has its period, so the segment's maximum is merged by that rule once, below.
    if (inRate > peakIn) peakIn = inRate;
    if (outRate > peakOut) peakOut = outRate;
    hourTokens += inTok + o;
    if (s.withLevels) {
      // The input side of a level leaves cache reads out, as the Reserved tier does.
      f[F.OVER_IN]! += tokensAbove(inRate - readRate, levelIn, minutes);
      f[F.OVER_OUT]! += tokensAbove(outRate, levelOut, minutes);
    }
    if (units !== undefined) {
      const need = needOf(inRate, outRate, inCap, outCap);
      if (need > 1) units.add(inRate, outRate, minutes);
      else if (need > 0) {
        f[F.ONE_IN]! += inRate * minutes;
        f[F.ONE_OUT]! += outRate * minutes;
        f[F.ONE_NEED]! += need * minutes;
        f[F.ONE_MINUTES]! += minutes;
      }
    }
  }
  f[F.N] = n;
  f[F.HOUR_END] = hourEnd;
  f[F.HOUR_TOKENS] = hourTokens;
  f[F.HOURS] = hours;
  f[F.SUMS] = sumPlain;
  f[F.SUMS + 1] = sumReads;
  f[F.SUMS + 2] = sumWrites;
  f[F.SUMS + 3] = sumOutput;
  s.mergePeaks(peakIn, peakOut, period);
}

/**
 * The common case, one series: totals, rates, peaks, clock hours, the overflow above `levels` and
 * the unit histogram, in a single pass over its segments. Each point's rates are written to `points`
 * only when given: the columns are built again by this same pass when something reads them.
 */
function passOverOneSeries(usage: ModelUsage, totals: UsageTotals, points: PointColumns | undefined, units: UnitHistogram | undefined, levels: LoadLevels): PassResult {
  const segments = usage.segments;
  const s = new PassState(units, levels, hoursTouched(segments));
  const f = s.f;
  // The minute pass lets idle minutes through its walk untested: below a level under 0 they would count.
  const minutePass = points === undefined && levels.input >= 0 && levels.output >= 0;
  // An index loop, and the columns read by index: `for...of` and a destructured tuple are each an iterator
  // with its try/finally in the bytecode, which made this per-model function twice the size.
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]!;
    f.fill(0, F.SUMS, F.FIGURES);
    if (segment.periodSeconds === 60 && minutePass) {
      const columns = tokenColumns(segment, totals, usage, 'Invocations');
      const rare = rareFor(segment.length);
      const invocations = segment.metrics.Invocations ?? zerosFor(segment.length);
      const writes = segment.metrics.CacheWriteInputTokenCount;
      const rareCount = passOverMinutes(f, s.hourly, rare, segment.start, segment.length, columns[0], columns[1], writes, columns[3], invocations, units !== undefined);
      // Only when the walk listed points: most series have none, and then no code of it is compiled into this pass.
      if (rareCount > 0) addWidePoints(units!, f, rare, rareCount, columns[0], columns[1], writes, columns[3]);
      s.mergePeaks(f[F.SEGMENT_PEAK_IN]!, f[F.SEGMENT_PEAK_OUT]!, 60);
      totals.Invocations = checkedTotal(totals.Invocations + f[F.INVOCATIONS]!, usage, 'Invocations');
    } else passOverSegment(s, segment, totals, usage, points);
    addTokenTotals(totals, f, F.SUMS, usage);
  }
  return s.finish();
}

/**
 * At least the number of clock hours a pass over `segments` closes: each segment opens at most the
 * hours its points fall in (it opens one only at a point in it), and the last hour is closed once more.
 */
function hoursTouched(segments: readonly UsageSegment[]): number {
  let hours = 1;
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]!;
    if (segment.length > 0) hours += Math.floor((segment.start + (segment.length - 1) * segment.periodSeconds) / 3600) - Math.floor(segment.start / 3600) + 1;
  }
  return hours;
}

/** The pass's hours with traffic, copied out of the shared room into an array of exactly their size. */
function hourlyOf(s: PassState): Float64Array {
  const hours = s.f[F.HOURS]!;
  const hourly = carve(hours);
  hourly.set(s.hourly.subarray(0, hours));
  return hourly;
}

/** Several series of one model: merged by time, then one pass over the merged points, rates in place. */
function passOverMergedSeries(series: readonly ModelUsage[], totals: UsageTotals, units: UnitHistogram | undefined, levels: LoadLevels): PassResult & { points: PointColumns } {
  const parts = series.map((usage) => {
    const part = allocate(pointCount(usage));
    collectSeries(usage, part, totals);
    return part;
  });
  const points = mergeColumns(parts);
  const n = points.n;
  const levelIn = levels.input;
  const levelOut = levels.output;
  let overflowIn = 0;
  let overflowOut = 0;
  let peakIn = 0;
  let peakOut = 0;
  let peakInAt = -1;
  let peakOutAt = -1;
  const hourly: number[] = [];
  let currentHour = NaN;
  let hourTokens = 0;
  for (let i = 0; i < n; i++) {
    const minutes = points.minutes[i] as number;
    const inTok = points.input[i] as number;
    const outTok = points.output[i] as number;
    const inRate = inTok / minutes;
    const readRate = (points.cacheRead[i] as number) / minutes;
    const outRate = outTok / minutes;
    points.input[i] = inRate;
    points.cacheRead[i] = readRate;
    points.output[i] = outRate;
    // Ties go to the finer data, as in the one-series pass.
    if (inRate > peakIn || (inRate === peakIn && inRate > 0 && peakInAt >= 0 && (points.minutes[i] as number) < (points.minutes[peakInAt] as number))) {
      peakIn = inRate;
      peakInAt = i;
    }
    if (outRate > peakOut || (outRate === peakOut && outRate > 0 && peakOutAt >= 0 && (points.minutes[i] as number) < (points.minutes[peakOutAt] as number))) {
      peakOut = outRate;
      peakOutAt = i;
    }
    // Points are in time order, so clock hours arrive one after another: no map needed.
    const hour = Math.floor((points.time[i] as number) / 3600);
    if (hour !== currentHour) {
      if (hourTokens > 0) hourly.push(hourTokens);
      currentHour = hour;
      hourTokens = 0;
    }
    hourTokens += inTok + outTok;
    overflowIn += tokensAbove(inRate - readRate, levelIn, minutes);
    overflowOut += tokensAbove(outRate, levelOut, minutes);
    if (units !== undefined) units.add(inRate, outRate, minutes);
  }
  if (hourTokens > 0) hourly.push(hourTokens);
  const peakResolutionSeconds = Math.max(peakInAt >= 0 ? (points.minutes[peakInAt] as number) * 60 : 0, peakOutAt >= 0 ? (points.minutes[peakOutAt] as number) * 60 : 0);
  return { n, peakIn, peakOut, peakResolutionSeconds, hourlyTokens: new Float64Array(hourly), overflowIn, overflowOut, points };
}

/** A profile's per-point columns, cut to its points with traffic. */
interface RateColumns {
  input: Float64Array;
  cacheRead: Float64Array;
  output: Float64Array;
  minutes: Float64Array;
}

function ratesOf(points: PointColumns): RateColumns {
  const n = points.n;
  return { input: points.input.subarray(0, n), cacheRead: points.cacheRead.subarray(0, n), output: points.output.subarray(0, n), minutes: points.minutes.subarray(0, n) };
}

/**
 * A built profile: one class, its per-point columns and busiest-first hours as getters on its prototype,
 * so that building one is a plain constructor call. (An object literal with getters made five closures
 * and an accessor pair each per model, on the runtime's slow path: ~5 us a model.)
 */
class BuiltProfile implements LoadProfile {
  /** Set for a single series: its columns are built from it, by the pass run again, on first read. */
  readonly #usage: ModelUsage | undefined;
  #rates: RateColumns | undefined;
  #descending: Float64Array | undefined;
  readonly peakInputPerMinute: number;
  readonly peakOutputPerMinute: number;
  readonly peakResolutionSeconds: number;
  readonly hourlyTokens: Float64Array;
  readonly activeHours: number;
  // Own fields of every profile (undefined when not asked for): one shape, whatever the options.
  readonly unitHistogram?: UnitHistogram;
  readonly levelOverflow?: LevelOverflow;

  constructor(
    readonly totals: UsageTotals,
    pass: PassResult,
    usage: ModelUsage | undefined,
    rates: RateColumns | undefined,
    readonly finestResolutionSeconds: number,
    readonly coarsestResolutionSeconds: number,
    units: UnitHistogram | undefined,
    levels: LoadLevels | undefined,
  ) {
    this.#usage = usage;
    this.#rates = rates;
    this.#descending = undefined;
    this.peakInputPerMinute = pass.peakIn;
    this.peakOutputPerMinute = pass.peakOut;
    this.peakResolutionSeconds = pass.peakResolutionSeconds;
    this.hourlyTokens = pass.hourlyTokens;
    this.activeHours = pass.hourlyTokens.length;
    this.unitHistogram = units && !units.tooWide ? units : undefined;
    this.levelOverflow = levels ? { levels, inputTokens: pass.overflowIn, outputTokens: pass.overflowOut } : undefined;
  }

  #columns(): RateColumns {
    if (!this.#rates) {
      const usage = this.#usage!;
      const built = allocate(pointCount(usage), false);
      built.n = passOverOneSeries(usage, emptyTotals(), built, undefined, NO_LEVELS).n;
      this.#rates = ratesOf(built);
    }
    return this.#rates;
  }

  get inputPerMinute(): Float64Array {
    return this.#columns().input;
  }

  get cacheReadPerMinute(): Float64Array {
    return this.#columns().cacheRead;
  }

  get outputPerMinute(): Float64Array {
    return this.#columns().output;
  }

  get minutes(): Float64Array {
    return this.#columns().minutes;
  }

  get hourlyTokensDescending(): Float64Array {
    return (this.#descending ??= this.hourlyTokens.slice().sort().reverse());
  }
}

export function buildLoadProfile(series: readonly ModelUsage[], options: ProfileOptions = {}): LoadProfile {
  const totals = emptyTotals();
  let finest = Infinity;
  let coarsest = 0;
  let points = 0;
  // Index loops: an iterator loop is a try/finally in the bytecode of this per-model function (see `passOverOneSeries`).
  for (let j = 0; j < series.length; j++) {
    const segments = series[j]!.segments;
    for (let k = 0; k < segments.length; k++) {
      const segment = segments[k]!;
      points += segment.length;
      finest = Math.min(finest, segment.periodSeconds);
      coarsest = Math.max(coarsest, segment.periodSeconds);
    }
  }
  const units = options.unitCapacity ? new UnitHistogram(options.unitCapacity, directIndexLimit(points)) : undefined;
  const levels = options.overflowLevels ?? NO_LEVELS;
  const finestSeconds = Number.isFinite(finest) ? finest : 0;
  if (series.length === 1) {
    // The columns are written by the same pass, run again, only when something reads them.
    const usage = series[0]!;
    const pass = passOverOneSeries(usage, totals, undefined, units, levels);
    return new BuiltProfile(totals, pass, usage, undefined, finestSeconds, coarsest, units, options.overflowLevels);
  }
  const merged = passOverMergedSeries(series, totals, units, levels);
  return new BuiltProfile(totals, merged, undefined, ratesOf(merged.points), finestSeconds, coarsest, units, options.overflowLevels);
}

/**
 * Tokens above `levels` per side over the window: from the profile's own pass when it summed these
 * levels, else one pass over its points.
 */
export function overflowAbove(profile: LoadProfile, levels: LoadLevels): LevelOverflow {
  const known = profile.levelOverflow;
  if (known && known.levels.input === levels.input && known.levels.output === levels.output) return known;
  const { inputPerMinute, cacheReadPerMinute, outputPerMinute, minutes } = profile;
  let inputTokens = 0;
  let outputTokens = 0;
  for (let i = 0; i < minutes.length; i++) {
    inputTokens += tokensAbove((inputPerMinute[i] as number) - (cacheReadPerMinute[i] as number), levels.input, minutes[i] as number);
    outputTokens += tokensAbove(outputPerMinute[i] as number, levels.output, minutes[i] as number);
  }
  return { levels, inputTokens, outputTokens };
}

/** The peak as a report states it: whole tokens per minute, and the resolution of the data it came from. */
export function reportedPeak(profile: LoadProfile): { inputTokensPerMinute: number; outputTokensPerMinute: number; resolutionSeconds: number } {
  return {
    inputTokensPerMinute: Math.round(profile.peakInputPerMinute),
    outputTokensPerMinute: Math.round(profile.peakOutputPerMinute),
    resolutionSeconds: profile.peakResolutionSeconds,
  };
}

/** How many model units a given load needs, and what a smaller purchase leaves to on-demand. */
export interface UnitMixResult {
  units: number;
  overflowInputTokens: number;
  overflowOutputTokens: number;
  /** Share of purchased capacity used over the window (0..1); 0 when no units. */
  utilisation: number;
}

/** Sums kept per group of points, in this order: Σ input tokens, Σ output tokens, Σ input tokens / need, Σ output tokens / need, Σ need x minutes, Σ minutes. */
const SUMS = 6;

/** Units a point needs: the binding side's rate over the unit's capacity on that side. */
function needOf(inRate: number, outRate: number, inCap: number, outCap: number): number {
  const inNeed = inRate / inCap;
  const outNeed = outRate / outCap;
  return inNeed > outNeed ? inNeed : outNeed;
}

/** Whole units a need calls for: a float guard (2.0000000001 units of need is 2 units), at least 1. */
function unitsFor(need: number): number {
  // The common case first, without the rounding: a need of at most one unit is one unit.
  if (need <= 1) return 1;
  const ceil = Math.ceil(need - 1e-9);
  return ceil > 1 ? ceil : 1;
}

/**
 * Adds one point to the sums of group `g`, units needed `b` (`SUMS` values from `g` x `SUMS`).
 *
 * A group's Σ tokens / need only ever counts multiplied by a unit count below its `b` (with k units,
 * the groups needing more than k): for b = 1 that is k = 0, so those sums stay 0 and the point's
 * division is saved. Most points need at most one unit.
 */
function addToGroup(sums: Float64Array, g: number, b: number, inRate: number, outRate: number, minutes: number, need: number): void {
  const at = g * SUMS;
  sums[at]! += inRate * minutes;
  sums[at + 1]! += outRate * minutes;
  sums[at + 4]! += need * minutes;
  sums[at + 5]! += minutes;
  if (b === 1) return;
  // tokens / need, one division for both sides: the binding side's is capacity x minutes.
  const perNeed = minutes / need;
  sums[at + 2]! += inRate * perNeed;
  sums[at + 3]! += outRate * perNeed;
}

/** Groups a direct index may hold for `points` points: past this, sorting the points costs less memory. */
function directIndexLimit(points: number): number {
  return 2 * points + 64;
}

/**
 * The load grouped by whole units needed, b = ceil(need), with group b at index b: what `UnitSizer`
 * prices every unit count from. Built point by point (inside the profile's pass when the capacity is
 * known before it), grown as higher needs arrive, up to `limit` groups; a point needing more marks it
 * `tooWide`, and the sizer sorts the points instead.
 */
export class UnitHistogram {
  /** `SUMS` values per group, group b from b x `SUMS`. */
  sums = carve(SUMS * 8);
  /** The highest group holding a point. */
  top = 0;
  tooWide = false;
  private readonly inCap: number;
  private readonly outCap: number;

  constructor(
    readonly capacity: UnitCapacity,
    private readonly limit: number,
  ) {
    this.inCap = capacity.inputTokensPerMinute;
    this.outCap = capacity.outputTokensPerMinute;
  }

  /** A histogram of a profile's points, or undefined when its peak needs more groups than a direct index may hold. */
  static ofPoints(profile: LoadProfile, capacity: UnitCapacity): UnitHistogram | undefined {
    const { inputPerMinute, outputPerMinute, minutes } = profile;
    const histogram = new UnitHistogram(capacity, directIndexLimit(inputPerMinute.length));
    for (let i = 0; i < inputPerMinute.length; i++) histogram.add(inputPerMinute[i] as number, outputPerMinute[i] as number, minutes[i] as number);
    return histogram.tooWide ? undefined : histogram;
  }

  add(inRate: number, outRate: number, minutes: number): void {
    const need = needOf(inRate, outRate, this.inCap, this.outCap);
    if (need <= 0) return;
    const b = unitsFor(need);
    if (b > this.top && !this.reach(b)) return;
    addToGroup(this.sums, b, b, inRate, outRate, minutes, need);
  }

  /**
   * The sums of the one-unit group (`addToGroup` for b = 1: Σ input and output tokens, Σ need x minutes,
   * Σ minutes), summed by the caller over every point needing at most one unit and none other.
   */
  addOneUnitGroup(inputTokens: number, outputTokens: number, needMinutes: number, minutes: number): void {
    if (this.top < 1 && !this.reach(1)) return;
    const at = SUMS;
    this.sums[at]! += inputTokens;
    this.sums[at + 1]! += outputTokens;
    this.sums[at + 4]! += needMinutes;
    this.sums[at + 5]! += minutes;
  }

  /** True when it groups by this capacity. */
  serves(capacity: UnitCapacity): boolean {
    return capacity.inputTokensPerMinute === this.inCap && capacity.outputTokensPerMinute === this.outCap;
  }

  /** Makes room for group `b`; false (and `tooWide`) past the limit. */
  private reach(b: number): boolean {
    if (b > this.limit) {
      this.tooWide = true;
      return false;
    }
    if ((b + 1) * SUMS > this.sums.length) {
      const grown = carve(Math.max(2 * this.sums.length, (b + 1) * SUMS));
      grown.set(this.sums);
      this.sums = grown;
    }
    this.top = b;
    return true;
  }
}

/**
 * Sizes provisioned throughput against the per-minute load.
 *
 * In each minute the load needs `need = max(input TPM / unit input TPM, output TPM / unit output TPM)`
 * units. With `k` units a minute's traffic is served by provisioned capacity in proportion
 * `min(1, k / need)`; the rest overflows to on demand (the application falls back to the base model
 * ID when the provisioned model throttles).
 *
 * Only whole unit counts are ever bought, so points are grouped by `ceil(need)`: a point with need in
 * (b-1, b] overflows exactly when fewer than b units are bought. Suffix sums over the groups then
 * price any unit count with one binary search. The groups are a direct index by unit count (the
 * profile's own pass builds it when the capacity is known) while that is no larger than twice the
 * points, else the distinct values of `ceil(need)` that occur, sorted: building costs O(points)
 * (O(points log points) when the peak needs many more units than there are points) and memory is
 * O(points), whatever the unit count.
 */
export class UnitSizer {
  /**
   * Group values (units needed), ascending, with a sentinel past the last; undefined for a direct index,
   * where group b is at index b (what a search of the values 0, 1, ... would find, with no array to fill).
   */
  private readonly bucket: Float64Array | undefined;
  /** Groups, the sentinel's index. */
  private readonly groups: number;
  /** Suffix sums over the groups from each index on, `SUMS` per group (see `addToGroup`). */
  private readonly sums: Float64Array;
  readonly unitsForPeak: number;

  constructor(
    profile: LoadProfile,
    readonly capacity: UnitCapacity,
  ) {
    const inCap = capacity.inputTokensPerMinute;
    const outCap = capacity.outputTokensPerMinute;
    // Every point's need is at most the peak need, max(peak input / capacity, peak output / capacity).
    const peak = needOf(profile.peakInputPerMinute, profile.peakOutputPerMinute, inCap, outCap);
    this.unitsForPeak = peak > 0 ? unitsFor(peak) : 0;
    const fused = profile.unitHistogram;
    const histogram = fused?.serves(capacity)
      ? fused
      : this.unitsForPeak <= directIndexLimit(profile.inputPerMinute.length) ? UnitHistogram.ofPoints(profile, capacity) : undefined;
    if (histogram) {
      this.groups = histogram.top + 1;
      this.bucket = undefined;
      // Copied: the suffix sums must not change the profile's histogram.
      this.sums = carve((this.groups + 1) * SUMS);
      this.sums.set(histogram.sums.subarray(0, this.groups * SUMS));
    } else {
      const sorted = groupsBySort(profile, inCap, outCap);
      this.groups = sorted.groups;
      this.bucket = sorted.bucket;
      this.bucket[sorted.groups] = Infinity;
      this.sums = sorted.sums;
    }
    addSuffixes(this.sums, this.groups);
  }

  /**
   * Overflow and utilisation with `units` units over a window of `windowMinutes`, with the load
   * scaled by `loadScale` (0.5 = "what if usage halves"). Scaling the load by s is the same as
   * buying units / s against the original load, with the overflow scaled by s. O(log points).
   */
  evaluate(units: number, windowMinutes: number, loadScale = 1): UnitMixResult {
    const k = units / loadScale;
    if (!Number.isInteger(k)) notWholeUnits(k);
    // Points with need > k are those in groups >= k + 1.
    const bucket = this.bucket;
    const above = k + 1;
    const at = (bucket === undefined ? (above <= 0 ? 0 : above < this.groups ? above : this.groups) : lowerBound(bucket, above)) * SUMS;
    const s = this.sums;
    const overflowIn = ((s[at] as number) - k * (s[at + 2] as number)) * loadScale;
    const overflowOut = ((s[at + 1] as number) - k * (s[at + 3] as number)) * loadScale;
    // Capacity used: all k units in overflowing minutes, the whole need elsewhere.
    const used = (k * (s[at + 5] as number) + ((s[4] as number) - (s[at + 4] as number))) * loadScale;
    return {
      units,
      overflowInputTokens: Math.max(0, Math.round(overflowIn)),
      overflowOutputTokens: Math.max(0, Math.round(overflowOut)),
      utilisation: units > 0 && windowMinutes > 0 ? Math.min(1, used / (units * windowMinutes)) : 0,
    };
  }
}

/**
 * Each of the first `groups` groups' sums (`SUMS` from `g` x `SUMS`) made the sums over it and every group
 * after it, in place; the row at `groups` holds the zeros past the last. A function of its own, out of
 * `UnitSizer`'s constructor: the constructor runs once per sized model, loop-free, and V8 compiles these
 * loops small and early where a loop inside the constructor made it hot, and compiled, with all it inlines.
 */
function addSuffixes(sums: Float64Array, groups: number): void {
  for (let at = (groups - 1) * SUMS; at >= 0; at -= SUMS) {
    for (let k = 0; k < SUMS; k++) sums[at + k]! += sums[at + SUMS + k] as number;
  }
}

/**
 * `UnitSizer.evaluate`'s error for a load scale that leaves a fraction of a unit: a function of its own, out
 * of `evaluate`, which V8 inlines into each of its three callers (the error's message template and its
 * construction were copied into each, for a branch that never runs on valid input).
 */
function notWholeUnits(k: number): never {
  throw new InternalError(`units / loadScale must be a whole number of units, got ${k}`);
}

/**
 * `UnitSizer`'s groups when no direct index holds them (the peak needs more units than twice the points):
 * the distinct values of ceil(need) that occur, by a sort, each point found by binary search. A function
 * of its own, out of the sizer's constructor, which every sized model runs: this branch seldom runs,
 * and its loops were compiled into every sizer.
 */
function groupsBySort(profile: LoadProfile, inCap: number, outCap: number): { groups: number; bucket: Float64Array; sums: Float64Array } {
  const { inputPerMinute, outputPerMinute, minutes } = profile;
  const n = inputPerMinute.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const need = needOf(inputPerMinute[i] as number, outputPerMinute[i] as number, inCap, outCap);
    sorted[i] = need > 0 ? unitsFor(need) : 0;
  }
  sorted.sort();
  let d = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[d++] = sorted[i] as number;
  const groups = d;
  const bucket = carve(groups + 1);
  bucket.set(sorted.subarray(0, d));
  const sums = carve((groups + 1) * SUMS);
  const distinct = bucket.subarray(0, groups);
  for (let i = 0; i < n; i++) {
    const inRate = inputPerMinute[i] as number;
    const outRate = outputPerMinute[i] as number;
    const need = needOf(inRate, outRate, inCap, outCap);
    if (need <= 0) continue;
    const b = unitsFor(need);
    addToGroup(sums, lowerBound(distinct, b), b, inRate, outRate, minutes[i] as number, need);
  }
  return { groups, bucket, sums };
}

/**
 * Share of all tokens carried by the busiest `hours` clock hours (0..1). The busiest hours are selected,
 * not sorted (O(hours with traffic), where sorting every model's hours cost as much as summing a metric
 * over every minute): hourly tokens are whole numbers, so both sums are exact in any order.
 */
export function shareOfBusiestHours(profile: LoadProfile, hours: number): number {
  const hourly = profile.hourlyTokens;
  let all = 0;
  for (let i = 0; i < hourly.length; i++) all += hourly[i] as number;
  if (!(all > 0)) return 0;
  const k = Math.ceil(hours);
  if (k >= hourly.length) return 1;
  if (k <= 0) return 0;
  // Selected in shared room, not in a copy of their own (an allocation outside the heap per model).
  const busiest = largestFirst(hourCopy(hourly), k);
  let top = 0;
  for (let i = 0; i < k; i++) top += busiest[i] as number;
  return top / all;
}

let selectionScratch = new Float64Array(0);
/** `hourly` copied to the front of a shared array, grown on demand: a view of exactly its length. */
function hourCopy(hourly: Float64Array): Float64Array {
  if (selectionScratch.length < hourly.length) selectionScratch = new Float64Array(Math.max(hourly.length, 512));
  const copy = selectionScratch.subarray(0, hourly.length);
  copy.set(hourly);
  return copy;
}

/**
 * Reorders `values` so that its first `k` are its `k` largest (in no order): Hoare's selection, each
 * round keeping the side that holds position k - 1. Returns `values`.
 */
function largestFirst(values: Float64Array, k: number): Float64Array {
  const target = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = swap;
      }
    }
    // Now values[lo..j] >= pivot >= values[i..hi], and everything between equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values;
}
