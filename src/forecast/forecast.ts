/**
 * A model's load, projected over a commitment's term. Pure: no I/O, no clock, a seeded generator.
 *
 * Why this model. Bedrock usage has a trend (adoption grows, a feature is retired) and a strong weekly
 * shape (office hours, quiet weekends), with outliers: a batch backfill, a runaway loop, an outage. So:
 * - the trend is a **Theil-Sen** line through the daily totals' 7-day means (dailyTrend): the median of
 *   the slopes between every pair of points, and the median intercept. Up to 29 % of the points can be
 *   outliers without moving it (its breakdown point), where a least-squares line follows every spike;
 * - the weekly seasonality is each **hour of the week's median** ratio to its day's trend level (the
 *   point forecast), and, for the intervals, whole **historical days' shapes of the same weekday**,
 *   resampled: each future day is the trend's level times the 24 hourly ratios of a past Monday (for a
 *   Monday), so the spread of days and the shape within a day both come from the account's own history;
 * - trend uncertainty by the **residual bootstrap**: each path refits Theil-Sen to the fitted days times
 *   resampled day ratios, so a short or noisy history gives a wide fan, a long steady one a narrow one.
 * Nothing here assumes a distribution, and nothing is tuned per account. What it cannot see: a launch or
 * a migration that has not started yet. The backtest (bench/forecast.bench.ts) measures the coverage.
 */

import { seeded as seededRandom } from '../sample/sample.js';

export const HOURS_PER_DAY = 24;
const HOURS_PER_WEEK = 168;
const SECONDS_PER_HOUR = 3600;

/** A load per clock hour (any unit: tokens, model units needed, tokens per minute), oldest first. */
export interface HourlyLoad {
  /** Epoch seconds of the first hour; whole hours. */
  hourStart: number;
  values: ArrayLike<number>;
}

export interface ForecastFit {
  /** Whole UTC days the fit used. */
  days: number;
  /** Epoch seconds of the first whole day. */
  dayStart: number;
  /** Daily total = intercept + slopePerDay x day index (0 = the first day). */
  slopePerDay: number;
  intercept: number;
  /** Each day's 24 hourly values over its trend level (their sum is the day's residual ratio). */
  dayShapes: Float64Array[];
  /** Weekday (0-6, from the epoch) of each day shape. */
  dayWeekdays: number[];
  /** The fitted daily levels (intercept + slope x day). */
  fittedDaily: number[];
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function medianOf(values: Float64Array | number[]): number {
  const sorted = Float64Array.from(values).sort();
  return quantile(sorted, 0.5);
}

/**
 * Theil-Sen: the median pairwise slope and the median intercept of (x = index, y). With `sample`, the
 * median of that many pairs drawn at random instead of all n(n-1)/2: a bootstrap refit of 455 days
 * would otherwise sort 103,000 slopes per path; 2,000 pairs put the median within about 1 % of its rank.
 */
export function theilSen(y: ArrayLike<number>, sample?: { pairs: number; random: () => number }): { slope: number; intercept: number } {
  const n = y.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  if (n === 1) return { slope: 0, intercept: y[0]! };
  const all = (n * (n - 1)) / 2;
  let slopes: Float64Array;
  if (sample && sample.pairs < all) {
    slopes = new Float64Array(sample.pairs);
    for (let k = 0; k < sample.pairs; k++) {
      const i = Math.floor(sample.random() * n);
      let j = Math.floor(sample.random() * (n - 1));
      if (j >= i) j++;
      slopes[k] = (y[j]! - y[i]!) / (j - i);
    }
  } else {
    slopes = new Float64Array(all);
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) slopes[k++] = (y[j]! - y[i]!) / (j - i);
  }
  const slope = medianOf(slopes);
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * i;
  return { slope, intercept: medianOf(offsets) };
}

/**
 * The trend of daily totals: Theil-Sen on their 7-day means once there are two weeks (a week's mean
 * has no weekly shape, and Theil-Sen on raw days is pulled by the weekday/weekend pairs whenever the
 * level moves), on the days themselves before. The line is of the weekly mean level per day.
 */
export function dailyTrend(totals: ArrayLike<number>, sample?: { pairs: number; random: () => number }): { slope: number; intercept: number } {
  const n = totals.length;
  if (n < 14) return theilSen(totals, sample);
  const means = new Float64Array(n - 6);
  let sum = 0;
  for (let d = 0; d < n; d++) {
    sum += totals[d]!;
    if (d >= 7) sum -= totals[d - 7]!;
    if (d >= 6) means[d - 6] = sum / 7;
  }
  // The mean of days k..k+6 sits at day k + 3.
  const line = theilSen(means, sample);
  return { slope: line.slope, intercept: line.intercept - line.slope * 3 };
}

function weekdayOf(epochSeconds: number): number {
  return Math.floor(epochSeconds / 86_400) % 7;
}

function hourOfDay(epochSeconds: number): number {
  return Math.floor((epochSeconds % 86_400) / SECONDS_PER_HOUR);
}

/**
 * Fits the trend and the weekly shape to the whole UTC days of `load` (a partial first or last day is
 * left out). Null when fewer than `minimumDays` whole days remain (default 7: one of each weekday).
 */
export function fitForecast(load: HourlyLoad, minimumDays = 7): ForecastFit | null {
  const firstDayHour = Math.ceil(load.hourStart / 86_400) * 24 - load.hourStart / SECONDS_PER_HOUR;
  const days = Math.floor((load.values.length - firstDayHour) / HOURS_PER_DAY);
  if (days < minimumDays) return null;
  const dayStart = load.hourStart + firstDayHour * SECONDS_PER_HOUR;
  const totals = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    let sum = 0;
    for (let h = 0; h < HOURS_PER_DAY; h++) sum += load.values[firstDayHour + d * HOURS_PER_DAY + h]!;
    totals[d] = sum;
  }
  const { slope, intercept } = dailyTrend(totals);
  const fittedDaily: number[] = [];
  const dayShapes: Float64Array[] = [];
  const dayWeekdays: number[] = [];
  for (let d = 0; d < days; d++) {
    const level = Math.max(0, intercept + slope * d);
    fittedDaily.push(level);
    const shape = new Float64Array(HOURS_PER_DAY);
    const dayEpoch = dayStart + d * 86_400;
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      const value = load.values[firstDayHour + d * HOURS_PER_DAY + h]!;
      // A day whose trend level is 0 (a line fallen to zero) has no shape to scale: it counts as idle.
      shape[h] = level > 0 ? value / level : 0;
    }
    dayShapes.push(shape);
    dayWeekdays.push(weekdayOf(dayEpoch));
  }
  return { days, dayStart, slopePerDay: slope, intercept, dayShapes, dayWeekdays, fittedDaily };
}

/**
 * The median ratio of each hour of the week (0 = Thursday 00:00 UTC, the epoch's weekday) to its day's
 * trend level / 24: the point forecast's seasonality (the fan draws whole day shapes instead).
 */
export function hourOfWeekProfile(fit: ForecastFit): number[] {
  const ratios: number[][] = Array.from({ length: HOURS_PER_WEEK }, () => []);
  fit.dayShapes.forEach((shape, d) => {
    for (let h = 0; h < HOURS_PER_DAY; h++) ratios[(fit.dayWeekdays[d]! * 24 + h) % HOURS_PER_WEEK]!.push(shape[h]! * HOURS_PER_DAY);
  });
  return ratios.map((r) => (r.length ? medianOf(r) : 1));
}

/** The point forecast (P50 path's shape): trend level x the hour of the week's median ratio, per hour from `fromHour`. */
export function pointForecast(fit: ForecastFit, fromHour: number, hours: number): Float64Array {
  const profile = hourOfWeekProfile(fit);
  const out = new Float64Array(hours);
  for (let i = 0; i < hours; i++) {
    const t = fromHour + i * SECONDS_PER_HOUR;
    const dayIndex = Math.floor((t - fit.dayStart) / 86_400);
    const level = Math.max(0, fit.intercept + fit.slopePerDay * dayIndex);
    const hourOfWeek = (weekdayOf(t) * 24 + hourOfDay(t)) % HOURS_PER_WEEK;
    out[i] = (level / HOURS_PER_DAY) * profile[hourOfWeek]!;
  }
  return out;
}

export interface ForecastPaths {
  /** `paths` futures of `hours` hours each, from `fromHour`; row-major (path x hour). */
  values: Float64Array;
  paths: number;
  hours: number;
  fromHour: number;
}

/**
 * Simulated futures: per path, a bootstrap refit of the trend (fitted days times resampled day ratios),
 * then each future day at that trend's level with the hourly shape of a random past day of the same
 * weekday (any day when the history has none of that weekday).
 */
export function simulatePaths(fit: ForecastFit, fromHour: number, hours: number, options: { paths?: number; seed?: number } = {}): ForecastPaths {
  const paths = options.paths ?? 200;
  const random = seededRandom(options.seed ?? 1);
  const values = new Float64Array(paths * hours);
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  fit.dayWeekdays.forEach((w, d) => byWeekday[w]!.push(d));
  const dayRatio = fit.dayShapes.map((shape) => shape.reduce((a, b) => a + b, 0));
  const resampled = new Float64Array(fit.days);
  for (let p = 0; p < paths; p++) {
    // Bootstrap refit: the fitted line times day ratios of the same weekday drawn at random (the history's own noise).
    for (let d = 0; d < fit.days; d++) {
      const same = byWeekday[fit.dayWeekdays[d]!]!;
      resampled[d] = fit.fittedDaily[d]! * dayRatio[same[Math.floor(random() * same.length)]!]!;
    }
    const trend = p === 0 ? { slope: fit.slopePerDay, intercept: fit.intercept } : dailyTrend(resampled, { pairs: 2_000, random });
    // Day by day: the level and the drawn shape change at midnight only (the first day may start mid-way).
    let shape = fit.dayShapes[0]!;
    let level = 0;
    const firstHourOfDay = hourOfDay(fromHour);
    for (let i = 0; i < hours; i++) {
      const h = (firstHourOfDay + i) % HOURS_PER_DAY;
      if (h === 0 || i === 0) {
        const t = fromHour + i * SECONDS_PER_HOUR;
        const dayIndex = Math.floor((t - fit.dayStart) / 86_400);
        const same = byWeekday[weekdayOf(t)]!;
        const pick = same.length > 0 ? same[Math.floor(random() * same.length)]! : Math.floor(random() * fit.days);
        shape = fit.dayShapes[pick]!;
        level = Math.max(0, trend.intercept + trend.slope * dayIndex);
      }
      values[p * hours + i] = level * shape[h]!;
    }
  }
  return { values, paths, hours, fromHour };
}

export interface UtilisationForecast {
  p10: number;
  p50: number;
  p90: number;
  /** Share of paths whose term utilisation is below `breakEven` (absent without one). */
  belowBreakEvenProbability?: number;
}

/**
 * Per path, over the first `termHours` of its future: the load a fixed capacity serves (min(load,
 * capacity) each hour) and the load above it, both summed over the term.
 */
export function servedAndOverflow(paths: ForecastPaths, capacityPerHour: number, termHours = paths.hours): { hours: number; served: Float64Array; overflow: Float64Array } {
  // A shorter term is the first hours of the same futures: one simulation serves every term of a load.
  const hours = Math.min(termHours, paths.hours);
  const served = new Float64Array(paths.paths);
  const overflow = new Float64Array(paths.paths);
  for (let p = 0; p < paths.paths; p++) {
    let s = 0;
    let o = 0;
    for (let i = 0; i < hours; i++) {
      const load = paths.values[p * paths.hours + i]!;
      if (load > capacityPerHour) {
        s += capacityPerHour;
        o += load - capacityPerHour;
      } else s += load;
    }
    served[p] = s;
    overflow[p] = o;
  }
  return { hours, served, overflow };
}

/**
 * Utilisation of a fixed capacity (same unit as the load, per hour) over each path's term: what the
 * capacity serves (min(load, capacity) each hour) over what it could serve. Quantiles across paths.
 */
export function utilisationOver(paths: ForecastPaths, capacityPerHour: number, breakEven?: number, termHours = paths.hours): UtilisationForecast {
  const { hours, served } = servedAndOverflow(paths, capacityPerHour, termHours);
  const perPath = served.map((s) => (capacityPerHour > 0 ? s / (capacityPerHour * hours) : 0)).sort();
  const result: UtilisationForecast = { p10: quantile(perPath, 0.1), p50: quantile(perPath, 0.5), p90: quantile(perPath, 0.9) };
  if (breakEven !== undefined) result.belowBreakEvenProbability = perPath.filter((u) => u < breakEven).length / paths.paths;
  return result;
}

/**
 * The largest capacity (a whole multiple of `step`, at least `step`) whose median term utilisation is at
 * least `target`; null when even one step is used less than that.
 */
export function capacityForTarget(paths: ForecastPaths, step: number, target: number, termHours = paths.hours, maxSteps = 100_000): number | null {
  let lo = 0;
  let hi = 1;
  // Utilisation falls as capacity grows: find a bound that misses the target, then bisect.
  while (hi <= maxSteps && utilisationOver(paths, hi * step, undefined, termHours).p50 >= target) {
    lo = hi;
    hi *= 2;
  }
  if (lo === 0 && hi === 1) return null;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (utilisationOver(paths, mid * step, undefined, termHours).p50 >= target) lo = mid;
    else hi = mid;
  }
  return lo * step;
}

export interface BacktestResult {
  /** Days held out and forecast. */
  days: number;
  /** Share of held-out days whose total fell inside the P10-P90 fan (an 80 % interval). */
  coverage80: number;
  /** Weighted absolute percentage error of the P50 daily totals: sum |P50 - actual| / sum actual. */
  wape: number;
}

/**
 * Fits on the first `fitShare` of the whole days and forecasts the rest: the daily totals' P10-P90
 * coverage and the P50's error. Null when either part is too short (7 days to fit, 1 to check).
 */
export function backtest(load: HourlyLoad, fitShare = 0.7, options: { paths?: number; seed?: number } = {}): BacktestResult | null {
  const firstDayHour = Math.ceil(load.hourStart / 86_400) * 24 - load.hourStart / SECONDS_PER_HOUR;
  const days = Math.floor((load.values.length - firstDayHour) / HOURS_PER_DAY);
  const fitDays = Math.floor(days * fitShare);
  const testDays = days - fitDays;
  if (fitDays < 7 || testDays < 1) return null;
  const fitValues = Array.from({ length: fitDays * HOURS_PER_DAY }, (_, i) => load.values[firstDayHour + i]!);
  const fitStart = load.hourStart + firstDayHour * SECONDS_PER_HOUR;
  const fit = fitForecast({ hourStart: fitStart, values: fitValues });
  if (!fit) return null;
  const from = fitStart + fitDays * 86_400;
  const simulated = simulatePaths(fit, from, testDays * HOURS_PER_DAY, options);
  let inside = 0;
  let absError = 0;
  let actualSum = 0;
  const dailyPerPath = new Float64Array(simulated.paths);
  for (let d = 0; d < testDays; d++) {
    for (let p = 0; p < simulated.paths; p++) {
      let sum = 0;
      for (let h = 0; h < HOURS_PER_DAY; h++) sum += simulated.values[p * simulated.hours + d * HOURS_PER_DAY + h]!;
      dailyPerPath[p] = sum;
    }
    const sorted = Float64Array.from(dailyPerPath).sort();
    let actual = 0;
    for (let h = 0; h < HOURS_PER_DAY; h++) actual += load.values[firstDayHour + (fitDays + d) * HOURS_PER_DAY + h]!;
    if (actual >= quantile(sorted, 0.1) && actual <= quantile(sorted, 0.9)) inside++;
    absError += Math.abs(quantile(sorted, 0.5) - actual);
    actualSum += actual;
  }
  return { days: testDays, coverage80: inside / testDays, wape: actualSum > 0 ? absError / actualSum : 0 };
}
