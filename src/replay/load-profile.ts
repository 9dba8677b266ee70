import { USAGE_METRICS, checkedSum, emptyTotals, lowerBound, type CountArray, type ModelUsage, type UsageMetric, type UsageSegment, type UsageTotals } from '../usage/usage.js';

/**
 * What replay needs from a model's time series, computed once: exact integer totals, and the load
 * of every data point as tokens per minute, for provisioned-throughput sizing.
 *
 * A point of a 5-minute or hourly segment only tells the average rate over its period, so peaks
 * inside it are invisible; `finestResolutionSeconds`/`coarsestResolutionSeconds` let callers say so.
 */
export interface LoadProfile {

  totals: UsageTotals;
  /** Input tokens per minute at each point: non-cached input + cache reads + cache writes. */
  inputPerMinute: Float64Array;
  /**
   * The cache-read part of `inputPerMinute`, aligned with it. Cache reads count against provisioned
   * units but not against the Reserved tier or the TPM quota, which size on input + cache writes.
   */
  cacheReadPerMinute: Float64Array;
  outputPerMinute: Float64Array;
  /** Minutes each point covers. */
  minutes: Float64Array;
  peakInputPerMinute: number;
  peakOutputPerMinute: number;
  /**
   * The period of the data the peaks come from. Above 60 s the peaks are averages over 5 minutes or an
   * hour, so sizing on them is low confidence: bursts inside those periods are invisible.
   */
  peakResolutionSeconds: number;
  finestResolutionSeconds: number;
  coarsestResolutionSeconds: number;
  /** Tokens per clock hour that had traffic, busiest first. */
  hourlyTokensDescending: Float64Array;
  /** Hours that had any traffic. */
  activeHours: number;
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
let zeros = new Float64Array(0);
/** Zeros for a metric a segment lacks, shared and grown on demand so reads stay in bounds. */
function zerosFor(length: number): Float64Array {
  if (zeros.length < length) zeros = new Float64Array(length);
  return zeros;
}

const TOKEN_COLUMNS = ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'OutputTokenCount'] as const;
const TOKEN_METRICS: ReadonlySet<UsageMetric> = new Set<UsageMetric>(TOKEN_COLUMNS);

/**
 * Adds a segment's other metrics (invocations, images, throttles) to the totals, and returns its four
 * token columns in `TOKEN_COLUMNS` order, zeros for one it lacks; the caller sums those in its own pass.
 */
function tokenColumns(segment: UsageSegment, totals: UsageTotals, name: () => string): [CountArray, CountArray, CountArray, CountArray] {
  const m = segment.metrics;
  for (const metric of USAGE_METRICS) {
    const values = m[metric];
    if (!values || TOKEN_METRICS.has(metric)) continue;
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
    totals[metric] = checkedSum(totals[metric] + sum, () => `${name()} ${metric}`);
  }
  const none = zerosFor(segment.length);
  return TOKEN_COLUMNS.map((metric) => m[metric] ?? none) as [CountArray, CountArray, CountArray, CountArray];
}

/** Adds one segment's token sums, in `TOKEN_COLUMNS` order, to the totals, checked against 2^53. */
function addTokenTotals(totals: UsageTotals, sums: [number, number, number, number], name: () => string): void {
  TOKEN_COLUMNS.forEach((metric, k) => {
    totals[metric] = checkedSum(totals[metric] + sums[k]!, () => `${name()} ${metric}`);
  });
}

/** Appends the points with traffic of one series to `into`, in time order, and adds its totals. */
function collectSeries(usage: ModelUsage, into: PointColumns, totals: UsageTotals): void {
  const name = () => `${usage.modelId} (${usage.region})`;
  for (const segment of usage.segments) {
    const [plain, reads, writes, output] = tokenColumns(segment, totals, name);
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
    addTokenTotals(totals, [sumPlain, sumReads, sumWrites, sumOutput], name);
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

/**
 * The common case, one series: totals, rates, peaks and clock hours in a single pass over its
 * segments, writing each point with traffic once. (The general path below merges several.)
 */
function profileOfOneSeries(usage: ModelUsage, totals: UsageTotals): Omit<LoadProfile, 'finestResolutionSeconds' | 'coarsestResolutionSeconds'> {
  const points = allocate(pointCount(usage), false);
  const name = () => `${usage.modelId} (${usage.region})`;
  let n = 0;
  let peakIn = 0;
  let peakOut = 0;
  let peakInPeriod = 0;
  let peakOutPeriod = 0;
  const hourly: number[] = [];
  let hourEnd = -Infinity;
  let hourTokens = 0;
  for (const segment of usage.segments) {
    const [plain, reads, writes, output] = tokenColumns(segment, totals, name);
    const period = segment.periodSeconds;
    const minutes = period / 60;
    const perMinute = minutes === 1;
    let sumPlain = 0;
    let sumReads = 0;
    let sumWrites = 0;
    let sumOutput = 0;
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
      // Minute data (the common case) is already per minute: three divisions a point saved, exactly.
      const inRate = perMinute ? inTok : inTok / minutes;
      const outRate = perMinute ? o : o / minutes;
      points.input[n] = inRate;
      points.cacheRead[n] = perMinute ? r : r / minutes;
      points.output[n] = outRate;
      points.minutes[n] = minutes;
      n++;
      if (inRate > peakIn) {
        peakIn = inRate;
        peakInPeriod = period;
      }
      if (outRate > peakOut) {
        peakOut = outRate;
        peakOutPeriod = period;
      }
      // Segments are in time order, so clock hours arrive one after another.
      const t = segment.start + i * period;
      if (t >= hourEnd) {
        if (hourTokens > 0) hourly.push(hourTokens);
        hourEnd = (Math.floor(t / 3600) + 1) * 3600;
        hourTokens = 0;
      }
      hourTokens += inTok + o;
    }
    addTokenTotals(totals, [sumPlain, sumReads, sumWrites, sumOutput], name);
  }
  if (hourTokens > 0) hourly.push(hourTokens);
  const hourTotals = Float64Array.from(hourly).sort().reverse();
  return {
    totals,
    inputPerMinute: points.input.subarray(0, n),
    cacheReadPerMinute: points.cacheRead.subarray(0, n),
    outputPerMinute: points.output.subarray(0, n),
    minutes: points.minutes.subarray(0, n),
    peakInputPerMinute: peakIn,
    peakOutputPerMinute: peakOut,
    peakResolutionSeconds: Math.max(peakInPeriod, peakOutPeriod),
    hourlyTokensDescending: hourTotals,
    activeHours: hourTotals.length,
  };
}

export function buildLoadProfile(series: readonly ModelUsage[]): LoadProfile {
  const totals = emptyTotals();
  let finest = Infinity;
  let coarsest = 0;
  for (const usage of series) {
    for (const segment of usage.segments) {
      finest = Math.min(finest, segment.periodSeconds);
      coarsest = Math.max(coarsest, segment.periodSeconds);
    }
  }
  const resolution = { finestResolutionSeconds: Number.isFinite(finest) ? finest : 0, coarsestResolutionSeconds: coarsest };
  if (series.length === 1) return { ...profileOfOneSeries(series[0]!, totals), ...resolution };
  const parts = series.map((usage) => {
    const part = allocate(pointCount(usage));
    collectSeries(usage, part, totals);
    return part;
  });
  const points = mergeColumns(parts);

  const n = points.n;
  // Rates in place: tokens per minute at each point.
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
    const outRate = outTok / minutes;
    points.input[i] = inRate;
    points.cacheRead[i] = (points.cacheRead[i] as number) / minutes;
    points.output[i] = outRate;
    if (inRate > peakIn) {
      peakIn = inRate;
      peakInAt = i;
    }
    if (outRate > peakOut) {
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
  }
  if (hourTokens > 0) hourly.push(hourTokens);
  const hourTotals = Float64Array.from(hourly).sort().reverse();
  const peakResolution = Math.max(peakInAt >= 0 ? (points.minutes[peakInAt] as number) * 60 : 0, peakOutAt >= 0 ? (points.minutes[peakOutAt] as number) * 60 : 0);
  return {
    totals,
    inputPerMinute: points.input.subarray(0, n),
    cacheReadPerMinute: points.cacheRead.subarray(0, n),
    outputPerMinute: points.output.subarray(0, n),
    minutes: points.minutes.subarray(0, n),
    peakInputPerMinute: peakIn,
    peakOutputPerMinute: peakOut,
    peakResolutionSeconds: peakResolution,
    ...resolution,
    hourlyTokensDescending: hourTotals,
    activeHours: hourTotals.length,
  };
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
 * price any unit count with one binary search. The groups are the distinct values of `ceil(need)`
 * that occur, never one slot per unit, so building costs O(points) (O(points log points) when the
 * peak needs many more units than there are points) and memory is O(points), whatever the unit count.
 */
export class UnitSizer {
  /** Distinct `ceil(need)` values, ascending, with a sentinel past the last. */
  private readonly bucket: Float64Array;
  // Suffix sums over groups >= index: Σ input tokens, Σ output tokens, Σ tokens/need, Σ need×minutes, Σ minutes.
  private readonly inTok: Float64Array;
  private readonly outTok: Float64Array;
  private readonly inPerNeed: Float64Array;
  private readonly outPerNeed: Float64Array;
  private readonly needMinutes: Float64Array;
  private readonly minutes: Float64Array;
  readonly unitsForPeak: number;

  constructor(
    profile: LoadProfile,
    readonly capacity: { inputTokensPerMinute: number; outputTokensPerMinute: number },
  ) {
    const n = profile.inputPerMinute.length;
    const inCap = capacity.inputTokensPerMinute;
    const outCap = capacity.outputTokensPerMinute;
    // A float guard: 2.0000000001 units of need is 2 units, not 3.
    const bucketOf = (need: number) => Math.max(1, Math.ceil(need - 1e-9));
    // Every point's need is at most the peak need, max(peak input / capacity, peak output / capacity).
    const peak = Math.max(profile.peakInputPerMinute / inCap, profile.peakOutputPerMinute / outCap);
    this.unitsForPeak = peak > 0 ? bucketOf(peak) : 0;
    // Groups: every unit count up to the peak when that is no more than the points (a direct index,
    // one pass), else the distinct values that occur (a sort).
    const direct = this.unitsForPeak <= 2 * n + 64;
    let groups: Float64Array;
    if (direct) {
      groups = new Float64Array(this.unitsForPeak + 1);
      for (let b = 0; b <= this.unitsForPeak; b++) groups[b] = b;
    } else {
      const sorted = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const need = Math.max((profile.inputPerMinute[i] as number) / inCap, (profile.outputPerMinute[i] as number) / outCap);
        sorted[i] = need > 0 ? bucketOf(need) : 0;
      }
      sorted.sort();
      let d = 0;
      for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[d++] = sorted[i] as number;
      groups = sorted.slice(0, d);
    }
    const size = groups.length + 1;
    this.bucket = new Float64Array(size);
    this.bucket.set(groups);
    this.bucket[size - 1] = Infinity;
    this.inTok = new Float64Array(size);
    this.outTok = new Float64Array(size);
    this.inPerNeed = new Float64Array(size);
    this.outPerNeed = new Float64Array(size);
    this.needMinutes = new Float64Array(size);
    this.minutes = new Float64Array(size);
    const { inputPerMinute, outputPerMinute, minutes: minutesAt } = profile;
    // Locals, not fields, in the loop that runs once per point: the engine's hottest after the profile.
    const inTok = this.inTok;
    const outTok = this.outTok;
    const inPerNeed = this.inPerNeed;
    const outPerNeed = this.outPerNeed;
    const needMinutes = this.needMinutes;
    const minutesIn = this.minutes;
    for (let i = 0; i < n; i++) {
      const inRate = inputPerMinute[i] as number;
      const outRate = outputPerMinute[i] as number;
      const inNeed = inRate / inCap;
      const outNeed = outRate / outCap;
      const need = inNeed > outNeed ? inNeed : outNeed;
      if (need <= 0) continue;
      // bucketOf, inlined: a float guard (2.0000000001 units of need is 2 units), at least 1.
      const ceil = Math.ceil(need - 1e-9);
      const b = ceil > 1 ? ceil : 1;
      const g = direct ? b : lowerBound(groups, b);
      const minutes = minutesAt[i] as number;
      const inTokens = inRate * minutes;
      const outTokens = outRate * minutes;
      inTok[g]! += inTokens;
      outTok[g]! += outTokens;
      // tokens / need, one division for both sides: the binding side's is capacity x minutes.
      const perNeed = minutes / need;
      inPerNeed[g]! += inRate * perNeed;
      outPerNeed[g]! += outRate * perNeed;
      needMinutes[g]! += need * minutes;
      minutesIn[g]! += minutes;
    }
    for (let g = size - 2; g >= 0; g--) {
      this.inTok[g]! += this.inTok[g + 1] as number;
      this.outTok[g]! += this.outTok[g + 1] as number;
      this.inPerNeed[g]! += this.inPerNeed[g + 1] as number;
      this.outPerNeed[g]! += this.outPerNeed[g + 1] as number;
      this.needMinutes[g]! += this.needMinutes[g + 1] as number;
      this.minutes[g]! += this.minutes[g + 1] as number;
    }
  }

  /**
   * Overflow and utilisation with `units` units over a window of `windowMinutes`, with the load
   * scaled by `loadScale` (0.5 = "what if usage halves"). Scaling the load by s is the same as
   * buying units / s against the original load, with the overflow scaled by s. O(log points).
   */
  evaluate(units: number, windowMinutes: number, loadScale = 1): UnitMixResult {
    const k = units / loadScale;
    if (!Number.isInteger(k)) throw new RangeError(`units / loadScale must be a whole number of units, got ${k}`);
    // Points with need > k are those in groups >= k + 1.
    const b = lowerBound(this.bucket, k + 1);
    const overflowIn = ((this.inTok[b] as number) - k * (this.inPerNeed[b] as number)) * loadScale;
    const overflowOut = ((this.outTok[b] as number) - k * (this.outPerNeed[b] as number)) * loadScale;
    // Capacity used: all k units in overflowing minutes, the whole need elsewhere.
    const used = (k * (this.minutes[b] as number) + ((this.needMinutes[0] as number) - (this.needMinutes[b] as number))) * loadScale;
    return {
      units,
      overflowInputTokens: Math.max(0, Math.round(overflowIn)),
      overflowOutputTokens: Math.max(0, Math.round(overflowOut)),
      utilisation: units > 0 && windowMinutes > 0 ? Math.min(1, used / (units * windowMinutes)) : 0,
    };
  }
}

/** Share of all tokens carried by the busiest `hours` clock hours (0..1). */
export function shareOfBusiestHours(profile: LoadProfile, hours: number): number {
  const sorted = profile.hourlyTokensDescending;
  let all = 0;
  let top = 0;
  for (let i = 0; i < sorted.length; i++) {
    all += sorted[i] as number;
    if (i < hours) top += sorted[i] as number;
  }
  return all > 0 ? top / all : 0;
}
