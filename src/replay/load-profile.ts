import { USAGE_METRICS, emptyTotals, type ModelUsage, type UsageMetric, type UsageTotals } from '../usage/usage.js';

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
  finestResolutionSeconds: number;
  coarsestResolutionSeconds: number;
  /** Tokens per clock hour that had traffic, busiest first. */
  hourlyTokensDescending: Float64Array;
  /** Hours that had any traffic. */
  activeHours: number;
}

const TOKEN_METRICS: ReadonlySet<UsageMetric> = new Set<UsageMetric>(['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'OutputTokenCount']);

export function buildLoadProfile(series: readonly ModelUsage[]): LoadProfile {
  const totals = emptyTotals();
  // With one series the token totals are summed in the per-point pass below; only the rest here.
  const summedLater = series.length === 1 ? TOKEN_METRICS : new Set<UsageMetric>();
  let finest = Infinity;
  let coarsest = 0;
  let points = 0;
  for (const usage of series) {
    for (const segment of usage.segments) {
      finest = Math.min(finest, segment.periodSeconds);
      coarsest = Math.max(coarsest, segment.periodSeconds);
      points += segment.length;
      for (const metric of USAGE_METRICS) {
        const values = segment.metrics[metric];
        if (!values || summedLater.has(metric)) continue;
        let sum = 0;
        for (let i = 0; i < values.length; i++) sum += values[i] as number;
        totals[metric] += sum;
      }
    }
  }
  // One series (the common case) fills the arrays directly; several series of the same model
  // (seen under two IDs) are merged by time first.
  const merged = series.length > 1 ? mergeByTime(series) : undefined;
  const n = merged ? merged.size : points;
  const inputPerMinute = new Float64Array(n);
  const cacheReadPerMinute = new Float64Array(n);
  const outputPerMinute = new Float64Array(n);
  const minutesArr = new Float64Array(n);
  const hourly = new Map<number, number>();
  let count = 0;
  let peakIn = 0;
  let peakOut = 0;
  // Tokens are summed per clock hour in a running total, flushed when the hour changes: points of
  // a segment are in time order, so the map sees one update per hour, not one per minute.
  let currentHour = NaN;
  let hourTokens = 0;
  const flushHour = () => {
    if (hourTokens > 0) hourly.set(currentHour, (hourly.get(currentHour) ?? 0) + hourTokens);
    hourTokens = 0;
  };
  const addPoints = (times: ArrayLike<number> | null, start: number, period: number, length: number, input: ArrayLike<number>, reads: ArrayLike<number>, writes: ArrayLike<number>, output: ArrayLike<number>, minutesOf: (i: number) => number) => {
    let sumInput = 0;
    let sumReads = 0;
    let sumWrites = 0;
    let sumOutput = 0;
    for (let i = 0; i < length; i++) {
      const plain = input[i] as number;
      const read = reads[i] as number;
      const write = writes[i] as number;
      const outTok = output[i] as number;
      sumInput += plain;
      sumReads += read;
      sumWrites += write;
      sumOutput += outTok;
      const inTok = plain + read + write;
      if (inTok === 0 && outTok === 0) continue;
      const minutes = minutesOf(i);
      const inRate = inTok / minutes;
      const outRate = outTok / minutes;
      inputPerMinute[count] = inRate;
      cacheReadPerMinute[count] = read / minutes;
      outputPerMinute[count] = outRate;
      minutesArr[count] = minutes;
      count++;
      if (inRate > peakIn) peakIn = inRate;
      if (outRate > peakOut) peakOut = outRate;
      const t = times ? (times[i] as number) : start + i * period;
      const hour = Math.floor(t / 3600);
      if (hour !== currentHour) {
        flushHour();
        currentHour = hour;
      }
      hourTokens += inTok + outTok;
    }
    if (!merged) {
      totals.InputTokenCount += sumInput;
      totals.CacheReadInputTokenCount += sumReads;
      totals.CacheWriteInputTokenCount += sumWrites;
      totals.OutputTokenCount += sumOutput;
    }
  };
  if (merged) {
    const times = [...merged.keys()];
    const values = [...merged.values()];
    const zeros = new Float64Array(values.length);
    addPoints(times, 0, 0, values.length, values.map((v) => v.inTok - v.readTok), values.map((v) => v.readTok), zeros, values.map((v) => v.outTok), (i) => (values[i] as { minutes: number }).minutes);
  } else {
    for (const usage of series) {
      for (const segment of usage.segments) {
        const m = segment.metrics;
        const zeros = new Float64Array(segment.length);
        const minutes = segment.periodSeconds / 60;
        addPoints(null, segment.start, segment.periodSeconds, segment.length,
          m.InputTokenCount ?? zeros, m.CacheReadInputTokenCount ?? zeros, m.CacheWriteInputTokenCount ?? zeros, m.OutputTokenCount ?? zeros, () => minutes);
      }
    }
  }
  flushHour();
  const hourTotals = Float64Array.from(hourly.values()).sort().reverse();
  return {
    totals,
    inputPerMinute: inputPerMinute.subarray(0, count),
    cacheReadPerMinute: cacheReadPerMinute.subarray(0, count),
    outputPerMinute: outputPerMinute.subarray(0, count),
    minutes: minutesArr.subarray(0, count),
    peakInputPerMinute: peakIn,
    peakOutputPerMinute: peakOut,
    finestResolutionSeconds: Number.isFinite(finest) ? finest : 0,
    coarsestResolutionSeconds: coarsest,
    hourlyTokensDescending: hourTotals,
    activeHours: hourTotals.length,
  };
}

function mergeByTime(series: readonly ModelUsage[]): Map<number, { inTok: number; readTok: number; outTok: number; minutes: number }> {
  const byTime = new Map<number, { inTok: number; readTok: number; outTok: number; minutes: number }>();
  for (const usage of series) {
    for (const segment of usage.segments) {
      const m = segment.metrics;
      const minutes = segment.periodSeconds / 60;
      for (let i = 0; i < segment.length; i++) {
        const inTok = (m.InputTokenCount?.[i] ?? 0) + (m.CacheReadInputTokenCount?.[i] ?? 0) + (m.CacheWriteInputTokenCount?.[i] ?? 0);
        const readTok = m.CacheReadInputTokenCount?.[i] ?? 0;
        const outTok = m.OutputTokenCount?.[i] ?? 0;
        if (inTok === 0 && outTok === 0) continue;
        const t = segment.start + i * segment.periodSeconds;
        const existing = byTime.get(t);
        if (existing) {
          existing.inTok += inTok;
          existing.readTok += readTok;
          existing.outTok += outTok;
        } else {
          byTime.set(t, { inTok, readTok, outTok, minutes });
        }
      }
    }
  }
  return byTime;
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
 * Only whole unit counts are ever bought, so minutes are bucketed by `ceil(need)`: a minute with
 * need in (b-1, b] overflows exactly when fewer than b units are bought. Suffix sums over buckets
 * then price any unit count in O(1), after one O(n) pass and no sort, which keeps a thousand models
 * of minute data inside a second.
 */
export class UnitSizer {
  // Per bucket b (need in (b-1, b]): Σ input tokens, Σ output tokens, Σ tokens/need, Σ need×minutes, Σ minutes.
  // Stored as suffix sums: index b holds the sum over buckets >= b.
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
    // The profile's peaks bound every minute's need, so the buckets are sized without a first pass.
    const size = bucketOf(Math.max(profile.peakInputPerMinute / inCap, profile.peakOutputPerMinute / outCap)) + 2;
    this.inTok = new Float64Array(size);
    this.outTok = new Float64Array(size);
    this.inPerNeed = new Float64Array(size);
    this.outPerNeed = new Float64Array(size);
    this.needMinutes = new Float64Array(size);
    this.minutes = new Float64Array(size);
    let peak = 0;
    for (let i = 0; i < n; i++) {
      const inRate = profile.inputPerMinute[i] as number;
      const outRate = profile.outputPerMinute[i] as number;
      const need = Math.max(inRate / inCap, outRate / outCap);
      if (need <= 0) continue;
      if (need > peak) peak = need;
      const b = bucketOf(need);
      const minutes = profile.minutes[i] as number;
      this.inTok[b]! += inRate * minutes;
      this.outTok[b]! += outRate * minutes;
      this.inPerNeed[b]! += (inRate * minutes) / need;
      this.outPerNeed[b]! += (outRate * minutes) / need;
      this.needMinutes[b]! += need * minutes;
      this.minutes[b]! += minutes;
    }
    this.unitsForPeak = peak > 0 ? bucketOf(peak) : 0;
    for (let b = size - 2; b >= 0; b--) {
      this.inTok[b]! += this.inTok[b + 1] as number;
      this.outTok[b]! += this.outTok[b + 1] as number;
      this.inPerNeed[b]! += this.inPerNeed[b + 1] as number;
      this.outPerNeed[b]! += this.outPerNeed[b + 1] as number;
      this.needMinutes[b]! += this.needMinutes[b + 1] as number;
      this.minutes[b]! += this.minutes[b + 1] as number;
    }
  }

  /**
   * Overflow and utilisation with `units` units over a window of `windowMinutes`, with the load
   * scaled by `loadScale` (0.5 = "what if usage halves"). Scaling the load by s is the same as
   * buying units / s against the original load, with the overflow scaled by s.
   */
  evaluate(units: number, windowMinutes: number, loadScale = 1): UnitMixResult {
    const k = units / loadScale;
    if (!Number.isInteger(k)) throw new RangeError(`units / loadScale must be a whole number of units, got ${k}`);
    // Minutes with need > k are those in buckets >= k + 1.
    const b = Math.min(k + 1, this.inTok.length - 1);
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
