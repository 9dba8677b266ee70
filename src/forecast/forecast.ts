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
  /** Each whole day's recorded total. */
  dailyTotals: Float64Array;
  /**
   * How much the fan is widened, in log space, at its P10 and P90 (0 = as simulated), and from how many
   * out-of-sample days that was learned (calibrateFan).
   */
  widening: { log: number; days: number };
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
 * left out), and calibrates its fan on the fit's own later days (calibrateFan; `calibrate: false` leaves
 * the fan as simulated). Null when fewer than `minimumDays` whole days remain (default 7: one of each weekday).
 */
export function fitForecast(load: HourlyLoad, minimumDays = 7, options: { calibrate?: boolean } = {}): ForecastFit | null {
  const fit = fitTrendAndShape(load, minimumDays);
  if (fit && options.calibrate !== false) fit.widening = calibrateFan(fit);
  return fit;
}

function fitTrendAndShape(load: HourlyLoad, minimumDays: number): ForecastFit | null {
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
  return { days, dayStart, slopePerDay: slope, intercept, dayShapes, dayWeekdays, fittedDaily, dailyTotals: totals, widening: { log: 0, days: 0 } };
}

/** Origins of the rolling calibration, at most; futures per origin; days checked per origin, at most. */
const CALIBRATION_ORIGINS = 8;
const CALIBRATION_PATHS = 40;
const CALIBRATION_HORIZON_DAYS = 63;
/** The widening stops at e^3 = 20x the simulated P90 (and 1/20 the P10). */
const MAX_WIDENING_LOG = 3;

/**
 * Why: the simulated fan reflects the noise the history shows in sample (its day shapes and a bootstrap
 * of its trend), which understates what the future does (the backtest found 74 % of days inside an 80 %
 * fan). So the fan is calibrated out of sample, on the fit's own days only (nothing after them is
 * seen): from rolling origins in the later half of the history, each fitted on the days before it and
 * forecast over the days after it (up to 63), every day's conformity score is how far its total fell
 * outside the P10-P90 fan, in log space (max(log P10 - log y, log y - log P90); negative inside). The
 * widening is that score's 80th percentile with the conformal finite-sample correction (level
 * 0.8 x (1 + 1/n)), as in conformalized quantile regression (Romano, Patterson and Candes, 2019,
 * arXiv:1905.03222), and the fan is only ever widened: a fan that covered more is left as it is.
 */
export function calibrateFan(fit: ForecastFit): { log: number; days: number } {
  const first = Math.max(7, Math.ceil(fit.days / 2));
  const origins = Math.min(CALIBRATION_ORIGINS, fit.days - first);
  if (origins <= 0) return { log: 0, days: 0 };
  const meanDay = fit.dailyTotals.reduce((a, b) => a + b, 0) / fit.days;
  // Log of a day's total, floored so an idle day is a small number, not -Infinity (relative: scale-free).
  const floor = Math.max(meanDay * 1e-6, Number.MIN_VALUE);
  const ln = (x: number) => Math.log(Math.max(x, floor));
  const scores: number[] = [];
  for (let j = 1; j <= origins; j++) {
    const origin = fit.days - Math.round((j * (fit.days - first)) / origins);
    const horizon = Math.min(fit.days - origin, CALIBRATION_HORIZON_DAYS);
    const values = new Float64Array(origin * HOURS_PER_DAY);
    for (let d = 0; d < origin; d++) {
      const level = fit.fittedDaily[d]!;
      // The recorded hours back from the shapes (a day whose level is 0 is taken as its total spread flat).
      for (let h = 0; h < HOURS_PER_DAY; h++) values[d * HOURS_PER_DAY + h] = level > 0 ? fit.dayShapes[d]![h]! * level : fit.dailyTotals[d]! / HOURS_PER_DAY;
    }
    const sub = fitTrendAndShape({ hourStart: fit.dayStart, values }, 7);
    if (!sub) continue;
    const paths = simulatePaths(sub, fit.dayStart + origin * 86_400, horizon * HOURS_PER_DAY, { paths: CALIBRATION_PATHS, seed: 1_000 + j });
    const daily = new Float64Array(paths.paths);
    for (let d = 0; d < horizon; d++) {
      sortedDayTotals(paths, d, daily);
      const actual = ln(fit.dailyTotals[origin + d]!);
      scores.push(Math.max(ln(quantile(daily, 0.1)) - actual, actual - ln(quantile(daily, 0.9))));
    }
  }
  if (scores.length === 0) return { log: 0, days: 0 };
  scores.sort((a, b) => a - b);
  const level = Math.min(1, 0.8 * (1 + 1 / scores.length));
  return { log: Math.min(MAX_WIDENING_LOG, Math.max(0, quantile(scores, level))), days: scores.length };
}

/** Day `day`'s total on every path (the futures start at midnight), sorted, into `into`. */
function sortedDayTotals(paths: ForecastPaths, day: number, into: Float64Array): void {
  for (let p = 0; p < paths.paths; p++) {
    let sum = 0;
    for (let h = 0; h < HOURS_PER_DAY; h++) sum += paths.values[p * paths.hours + day * HOURS_PER_DAY + h]!;
    into[p] = sum;
  }
  into.sort();
}

/**
 * Widens each simulated day's fan by `widening` in log space without moving its median: a path's day is
 * scaled by e^(w x (2r - 1) / 0.8), r its rank among the paths that day (0 to 1), so the P10 moves down
 * by e^w, the P90 up by e^w, the P50 stays, and the order of the paths within the day is kept.
 */
function widenFan(paths: ForecastPaths, widening: number, firstHourOfDay: number): void {
  if (!(widening > 0) || paths.paths < 2) return;
  const totals = new Float64Array(paths.paths);
  const order = new Uint32Array(paths.paths);
  for (let start = 0; start < paths.hours;) {
    // The first day may start mid-way: its hours are a day of their own here.
    const length = Math.min(start === 0 ? HOURS_PER_DAY - firstHourOfDay : HOURS_PER_DAY, paths.hours - start);
    for (let p = 0; p < paths.paths; p++) {
      let sum = 0;
      for (let i = 0; i < length; i++) sum += paths.values[p * paths.hours + start + i]!;
      totals[p] = sum;
      order[p] = p;
    }
    order.sort((a, b) => totals[a]! - totals[b]!);
    for (let rank = 0; rank < paths.paths; rank++) {
      const p = order[rank]!;
      const r = (rank + 0.5) / paths.paths;
      const factor = Math.exp((widening * (2 * r - 1)) / 0.8);
      for (let i = 0; i < length; i++) paths.values[p * paths.hours + start + i]! *= factor;
    }
    start += length;
  }
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
  const simulated = { values, paths, hours, fromHour };
  widenFan(simulated, fit.widening.log, hourOfDay(fromHour));
  return simulated;
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
export function backtest(load: HourlyLoad, fitShare = 0.7, options: { paths?: number; seed?: number; calibrate?: boolean } = {}): BacktestResult | null {
  const firstDayHour = Math.ceil(load.hourStart / 86_400) * 24 - load.hourStart / SECONDS_PER_HOUR;
  const days = Math.floor((load.values.length - firstDayHour) / HOURS_PER_DAY);
  const fitDays = Math.floor(days * fitShare);
  const testDays = days - fitDays;
  if (fitDays < 7 || testDays < 1) return null;
  const fitValues = Array.from({ length: fitDays * HOURS_PER_DAY }, (_, i) => load.values[firstDayHour + i]!);
  const fitStart = load.hourStart + firstDayHour * SECONDS_PER_HOUR;
  // Fitted (and calibrated) on the first part alone: the checked days are never seen.
  const fit = fitForecast({ hourStart: fitStart, values: fitValues }, 7, { calibrate: options.calibrate ?? true });
  if (!fit) return null;
  const from = fitStart + fitDays * 86_400;
  const simulated = simulatePaths(fit, from, testDays * HOURS_PER_DAY, options);
  let inside = 0;
  let absError = 0;
  let actualSum = 0;
  const sorted = new Float64Array(simulated.paths);
  for (let d = 0; d < testDays; d++) {
    sortedDayTotals(simulated, d, sorted);
    let actual = 0;
    for (let h = 0; h < HOURS_PER_DAY; h++) actual += load.values[firstDayHour + (fitDays + d) * HOURS_PER_DAY + h]!;
    if (actual >= quantile(sorted, 0.1) && actual <= quantile(sorted, 0.9)) inside++;
    absError += Math.abs(quantile(sorted, 0.5) - actual);
    actualSum += actual;
  }
  return { days: testDays, coverage80: inside / testDays, wape: actualSum > 0 ? absError / actualSum : 0 };
}
