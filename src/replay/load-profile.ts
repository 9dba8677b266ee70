import { USAGE_METRICS, emptyTotals, type ModelUsage, type UsageTotals } from '../usage/usage.js';

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
  outputPerMinute: Float64Array;
  /** Minutes each point covers. */
  minutes: Float64Array;
  peakInputPerMinute: number;
  peakOutputPerMinute: number;
  /** Minutes covered by data points (periods with no point count as no load). */
  coveredMinutes: number;
  finestResolutionSeconds: number;
  coarsestResolutionSeconds: number;
  /** Tokens per clock hour that had traffic, busiest first. */
  hourlyTokensDescending: Float64Array;
  /** Hours that had any traffic. */
  activeHours: number;
}

export function buildLoadProfile(series: readonly ModelUsage[]): LoadProfile {
  const totals = emptyTotals();
  // Points of several series (the same model seen under two IDs) are merged by time.
  const byTime = new Map<number, { inTok: number; outTok: number; minutes: number }>();
  const hourly = new Map<number, number>();
  let finest = Infinity;
  let coarsest = 0;
  for (const usage of series) {
    for (const segment of usage.segments) {
      finest = Math.min(finest, segment.periodSeconds);
      coarsest = Math.max(coarsest, segment.periodSeconds);
      for (const metric of USAGE_METRICS) {
        const values = segment.metrics[metric];
        if (!values) continue;
        let sum = 0;
        for (let i = 0; i < values.length; i++) sum += values[i] as number;
        totals[metric] += sum;
      }
      const m = segment.metrics;
      const minutes = segment.periodSeconds / 60;
      for (let i = 0; i < segment.length; i++) {
        const inTok = (m.InputTokenCount?.[i] ?? 0) + (m.CacheReadInputTokenCount?.[i] ?? 0) + (m.CacheWriteInputTokenCount?.[i] ?? 0);
        const outTok = m.OutputTokenCount?.[i] ?? 0;
        if (inTok === 0 && outTok === 0) continue;
        const t = segment.start + i * segment.periodSeconds;
        const existing = byTime.get(t);
        if (existing) {
          existing.inTok += inTok;
          existing.outTok += outTok;
        } else {
          byTime.set(t, { inTok, outTok, minutes });
        }
        const hour = Math.floor(t / 3600);
        hourly.set(hour, (hourly.get(hour) ?? 0) + inTok + outTok);
      }
    }
  }
  const n = byTime.size;
  const inputPerMinute = new Float64Array(n);
  const outputPerMinute = new Float64Array(n);
  const minutesArr = new Float64Array(n);
  let i = 0;
  let peakIn = 0;
  let peakOut = 0;
  let covered = 0;
  for (const point of byTime.values()) {
    const inRate = point.inTok / point.minutes;
    const outRate = point.outTok / point.minutes;
    inputPerMinute[i] = inRate;
    outputPerMinute[i] = outRate;
    minutesArr[i] = point.minutes;
    if (inRate > peakIn) peakIn = inRate;
    if (outRate > peakOut) peakOut = outRate;
    covered += point.minutes;
    i++;
  }
  const hourTotals = Float64Array.from(hourly.values()).sort().reverse();
  return {
    totals,
    inputPerMinute,
    outputPerMinute,
    minutes: minutesArr,
    peakInputPerMinute: peakIn,
    peakOutputPerMinute: peakOut,
    coveredMinutes: covered,
    finestResolutionSeconds: Number.isFinite(finest) ? finest : 0,
    coarsestResolutionSeconds: coarsest,
    hourlyTokensDescending: hourTotals,
    activeHours: hourTotals.length,
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
 * ID when the provisioned model throttles). Minutes are sorted by need once, so every candidate `k`
 * is priced in O(log n) from prefix sums instead of a pass over millions of minutes.
 */
export class UnitSizer {
  private readonly needs: Float64Array; // descending
  private readonly prefixIn: Float64Array; // Σ input tokens of the first j points
  private readonly prefixOut: Float64Array;
  private readonly prefixInPerNeed: Float64Array; // Σ input tokens / need
  private readonly prefixOutPerNeed: Float64Array;
  private readonly prefixNeedMinutes: Float64Array; // Σ need × minutes
  private readonly prefixMinutes: Float64Array;
  readonly unitsForPeak: number;

  constructor(
    profile: LoadProfile,
    readonly capacity: { inputTokensPerMinute: number; outputTokensPerMinute: number },
    /** Scales the load, e.g. 0.5 for "what if usage halves". */
    readonly loadScale = 1,
  ) {
    const n = profile.inputPerMinute.length;
    const order = new Uint32Array(n);
    const need = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      order[i] = i;
      need[i] = Math.max(
        ((profile.inputPerMinute[i] as number) * loadScale) / capacity.inputTokensPerMinute,
        ((profile.outputPerMinute[i] as number) * loadScale) / capacity.outputTokensPerMinute,
      );
    }
    order.sort((a, b) => (need[b] as number) - (need[a] as number));
    this.needs = new Float64Array(n);
    this.prefixIn = new Float64Array(n + 1);
    this.prefixOut = new Float64Array(n + 1);
    this.prefixInPerNeed = new Float64Array(n + 1);
    this.prefixOutPerNeed = new Float64Array(n + 1);
    this.prefixNeedMinutes = new Float64Array(n + 1);
    this.prefixMinutes = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      const i = order[j] as number;
      const nd = need[i] as number;
      const minutes = profile.minutes[i] as number;
      const inTok = (profile.inputPerMinute[i] as number) * minutes * loadScale;
      const outTok = (profile.outputPerMinute[i] as number) * minutes * loadScale;
      this.needs[j] = nd;
      this.prefixIn[j + 1] = (this.prefixIn[j] as number) + inTok;
      this.prefixOut[j + 1] = (this.prefixOut[j] as number) + outTok;
      this.prefixInPerNeed[j + 1] = (this.prefixInPerNeed[j] as number) + (nd > 0 ? inTok / nd : 0);
      this.prefixOutPerNeed[j + 1] = (this.prefixOutPerNeed[j] as number) + (nd > 0 ? outTok / nd : 0);
      this.prefixNeedMinutes[j + 1] = (this.prefixNeedMinutes[j] as number) + nd * minutes;
      this.prefixMinutes[j + 1] = (this.prefixMinutes[j] as number) + minutes;
    }
    // A float guard: 2.0000000001 units of need is 2 units, not 3.
    const peak = n > 0 ? (this.needs[0] as number) : 0;
    this.unitsForPeak = Math.ceil(peak - 1e-9);
  }

  /** Overflow and utilisation with `units` units over a window of `windowMinutes`. */
  evaluate(units: number, windowMinutes: number): UnitMixResult {
    // Points with need > units overflow: the first `j` in descending order.
    let lo = 0;
    let hi = this.needs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.needs[mid] as number) > units) lo = mid + 1;
      else hi = mid;
    }
    const j = lo;
    const total = this.needs.length;
    const overflowIn = (this.prefixIn[j] as number) - units * (this.prefixInPerNeed[j] as number);
    const overflowOut = (this.prefixOut[j] as number) - units * (this.prefixOutPerNeed[j] as number);
    // Capacity used: full units in overflowing minutes, the whole need elsewhere.
    const used = units * (this.prefixMinutes[j] as number) + ((this.prefixNeedMinutes[total] as number) - (this.prefixNeedMinutes[j] as number));
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
