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
    slopes = theilSenScratch.slopes(sample.pairs);
    for (let k = 0; k < sample.pairs; k++) {
      const i = Math.floor(sample.random() * n);
      let j = Math.floor(sample.random() * (n - 1));
      if (j >= i) j++;
      slopes[k] = (y[j]! - y[i]!) / (j - i);
    }
  } else {
    slopes = theilSenScratch.slopes(all);
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) slopes[k++] = (y[j]! - y[i]!) / (j - i);
  }
  // Sorted where they were written: the medians of sorted copies would be the same.
  const slope = quantile(slopes.sort(), 0.5);
  const offsets = theilSenScratch.offsets(n);
  for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * i;
  return { slope, intercept: quantile(offsets.sort(), 0.5) };
}

/**
 * theilSen's working arrays, handed out as views of their first `length` numbers, one view per length
 * (subarray is a slow builtin, and a bootstrap refits a hundred times a load with the same lengths).
 * Up to SCRATCH_LENGTH (2,000 sampled pairs fit); a longer all-pairs fit gets its own array.
 */
const SCRATCH_LENGTH = 4_096;
const theilSenScratch = (() => {
  const slopes = new Float64Array(SCRATCH_LENGTH);
  const offsets = new Float64Array(SCRATCH_LENGTH);
  const slopeViews = new Map<number, Float64Array>();
  const offsetViews = new Map<number, Float64Array>();
  const view = (scratch: Float64Array, views: Map<number, Float64Array>, length: number) => {
    if (length > SCRATCH_LENGTH) return new Float64Array(length);
    let v = views.get(length);
    if (!v) views.set(length, (v = scratch.subarray(0, length)));
    return v;
  };
  return { slopes: (length: number) => view(slopes, slopeViews, length), offsets: (length: number) => view(offsets, offsetViews, length) };
})();

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
    const paths = simulateDays(sub, fit.dayStart + origin * 86_400, horizon * HOURS_PER_DAY, { paths: CALIBRATION_PATHS, seed: 1_000 + j });
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

/** Day `day`'s total on every path (the futures start at midnight and run whole days), sorted, into `into`. */
function sortedDayTotals(paths: DayPaths, day: number, into: Float64Array): void {
  const { start, length } = daySpan(paths, day);
  for (let p = 0; p < paths.paths; p++) into[p] = dayTotal(paths, p, day, start, length);
  into.sort();
}

/**
 * Widens each simulated day's fan by `widening` in log space without moving its median: a path's day is
 * scaled by e^(w x (2r - 1) / 0.8), r its rank among the paths that day (0 to 1), so the P10 moves down
 * by e^w, the P90 up by e^w, the P50 stays, and the order of the paths within the day is kept.
 */
function widenFan(paths: DayPaths, widening: number): void {
  if (!(widening > 0) || paths.paths < 2) return;
  const ranks = new Int32Array(paths.paths);
  const scratch = rankScratch(paths.paths);
  const wholeDay = shapeSums(paths.shapes, 0, HOURS_PER_DAY);
  // The factor is the rank's alone: the same paths.paths factors every day.
  const factorOfRank = new Float64Array(paths.paths);
  for (let rank = 0; rank < paths.paths; rank++) {
    const r = (rank + 0.5) / paths.paths;
    factorOfRank[rank] = Math.exp((widening * (2 * r - 1)) / 0.8);
  }
  for (let d = 0; d < paths.days; d++) {
    const { start, length } = daySpan(paths, d);
    // The first day may start mid-way (and the last end early): its hours are a day of their own here.
    const first = start === 0 ? paths.firstHourOfDay : 0;
    rankDay(paths, d, start, length, first === 0 && length === HOURS_PER_DAY ? wholeDay : shapeSums(paths.shapes, first, length), ranks, scratch);
    for (let p = 0; p < paths.paths; p++) paths.factor[p * paths.days + d] = factorOfRank[ranks[p]!]!;
  }
}

/** Each shape's sum and sum of magnitudes over `length` hours from hour `first` of the day. */
function shapeSums(shapes: readonly Float64Array[], first: number, length: number): { sum: Float64Array; magnitude: Float64Array } {
  const sum = new Float64Array(shapes.length);
  const magnitude = new Float64Array(shapes.length);
  for (let k = 0; k < shapes.length; k++) {
    const shape = shapes[k]!;
    let s = 0;
    let m = 0;
    for (let h = first; h < first + length; h++) {
      s += shape[h]!;
      m += Math.abs(shape[h]!);
    }
    sum[k] = s;
    magnitude[k] = m;
  }
  return { sum, magnitude };
}

/**
 * How far a day's total (its hours' rounded products, summed in order) can be from its level x its
 * shape's sum, relative to level x the shape's sum of magnitudes: 24 products and 23 additions on one
 * side, 23 additions and a product on the other, each off by at most 2^-53 of what it adds: under
 * 50 x 2^-53 = 5.6e-15. 1e-12 leaves room.
 */
const DAY_TOTAL_ERROR = 1e-12;

function rankScratch(n: number) {
  return { estimate: new Float64Array(n), sorted: new Float64Array(n), runStart: new Int32Array(n), exact: new Float64Array(n) };
}

/**
 * Each path's rank by its total over day `d` (ties in path order, as the stable sort of the totals
 * would give), into `ranks`. Why not sum every hour of every path: a total is its level x its shape's
 * sum to within DAY_TOTAL_ERROR, so those estimates order the paths wherever they are further apart
 * than that, and only the paths in a run of estimates closer than that (a near tie) are summed hour by
 * hour to order them. A day with a non-finite estimate sums every path.
 */
function rankDay(paths: DayPaths, d: number, start: number, length: number, sums: { sum: Float64Array; magnitude: Float64Array }, ranks: Int32Array, scratch: ReturnType<typeof rankScratch>): void {
  const n = paths.paths;
  const { estimate, sorted, runStart, exact } = scratch;
  let bound = 0;
  let finite = true;
  for (let p = 0; p < n; p++) {
    const i = p * paths.days + d;
    const level = paths.level[i]!;
    const k = paths.shape[i]!;
    const e = level * sums.sum[k]!;
    const b = level * sums.magnitude[k]!;
    estimate[p] = e;
    // x - x is 0 for a finite x only (NaN for NaN and the infinities).
    if (e - e !== 0 || b - b !== 0) finite = false;
    else if (b > bound) bound = b;
  }
  if (!finite) return rankByTotals(paths, d, start, length, ranks, exact);
  // Two estimates further apart than twice the error (and the subnormal products' absolute error) order their totals.
  const slack = 2 * (bound * DAY_TOTAL_ERROR + 64 * Number.MIN_VALUE);
  sorted.set(estimate);
  sorted.sort();
  runStart[0] = 0;
  for (let j = 1; j < n; j++) runStart[j] = sorted[j]! - sorted[j - 1]! <= slack ? runStart[j - 1]! : j;
  let runs: Map<number, number[]> | undefined;
  for (let p = 0; p < n; p++) {
    // The first position not below the estimate (a binary search, inline: a hundred a day).
    const x = estimate[p]!;
    let j = 0;
    let hi = n;
    while (j < hi) {
      const mid = (j + hi) >>> 1;
      if (sorted[mid]! < x) j = mid + 1;
      else hi = mid;
    }
    const run = runStart[j]!;
    if (run === j && (j + 1 === n || runStart[j + 1] !== j)) ranks[p] = j;
    else {
      runs ??= new Map();
      const members = runs.get(run);
      if (members) members.push(p);
      else runs.set(run, [p]);
    }
  }
  if (!runs) return;
  for (const [run, members] of runs) {
    for (const p of members) {
      exact[p] = dayTotal(paths, p, d, start, length);
      if (exact[p]! - exact[p]! !== 0) return rankByTotals(paths, d, start, length, ranks, exact);
    }
    members.sort((a, b) => exact[a]! - exact[b]! || a - b);
    members.forEach((p, k) => (ranks[p] = run + k));
  }
}

/** Every path's rank by its day's total summed hour by hour, sorted as widenFan sorted them before estimates (for a non-finite day). */
function rankByTotals(paths: DayPaths, d: number, start: number, length: number, ranks: Int32Array, totals: Float64Array): void {
  const order = new Uint32Array(paths.paths);
  for (let p = 0; p < paths.paths; p++) {
    totals[p] = dayTotal(paths, p, d, start, length);
    order[p] = p;
  }
  order.sort((a, b) => totals[a]! - totals[b]!);
  for (let rank = 0; rank < paths.paths; rank++) ranks[order[rank]!] = rank;
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
 * The same futures before their hours are written out: hour i of a path's day d is
 * (level x shapes[shape][hour of day]) x factor, its fan's widening factor (1 when not widened). Why:
 * 100 paths of a 6-month term are 437,000 hours a load, written, widened, and read back once per
 * commitment, where a day's level, shape and factor are 180 numbers a path; the commitments read the
 * served load straight from them (servedByTerm), and only what needs the hours writes them
 * (writeHours), to the same doubles.
 */
export interface DayPaths {
  paths: number;
  hours: number;
  fromHour: number;
  /** The hour of day of `fromHour`: the first day starts there (mid-way when not 0). */
  firstHourOfDay: number;
  /** Days per path, the first one possibly partial. */
  days: number;
  /** Per path x day. */
  level: Float64Array;
  shape: Int32Array;
  factor: Float64Array;
  shapes: readonly Float64Array[];
}

/** Where day `d` starts (hours from `fromHour`) and how many hours of it the futures hold. */
function daySpan(paths: DayPaths, d: number): { start: number; length: number } {
  const start = d === 0 ? 0 : HOURS_PER_DAY - paths.firstHourOfDay + (d - 1) * HOURS_PER_DAY;
  return { start, length: Math.min(d === 0 ? HOURS_PER_DAY - paths.firstHourOfDay : HOURS_PER_DAY, paths.hours - start) };
}

/**
 * Simulated futures: per path, a bootstrap refit of the trend (fitted days times resampled day ratios),
 * then each future day at that trend's level with the hourly shape of a random past day of the same
 * weekday (any day when the history has none of that weekday).
 */
export function simulatePaths(fit: ForecastFit, fromHour: number, hours: number, options: { paths?: number; seed?: number } = {}): ForecastPaths {
  return writeHours(simulateDays(fit, fromHour, hours, options));
}

/** simulatePaths, day by day (DayPaths): the same draws in the same order, so the same futures. */
export function simulateDays(fit: ForecastFit, fromHour: number, hours: number, options: { paths?: number; seed?: number } = {}): DayPaths {
  const paths = options.paths ?? 200;
  const random = seededRandom(options.seed ?? 1);
  const firstHourOfDay = hourOfDay(fromHour);
  const days = hours <= 0 ? 0 : 1 + Math.ceil(Math.max(0, hours - (HOURS_PER_DAY - firstHourOfDay)) / HOURS_PER_DAY);
  const level = new Float64Array(paths * days);
  const shape = new Int32Array(paths * days);
  const factor = new Float64Array(paths * days).fill(1);
  const simulated: DayPaths = { paths, hours, fromHour, firstHourOfDay, days, level, shape, factor, shapes: fit.dayShapes };
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  fit.dayWeekdays.forEach((w, d) => byWeekday[w]!.push(d));
  const dayRatio = fit.dayShapes.map((s) => s.reduce((a, b) => a + b, 0));
  const resampled = new Float64Array(fit.days);
  // Each day's first hour, its weekday's past days and its index from the fit's first day: the same on every path.
  const dayIndex = new Float64Array(days);
  const sameWeekday: number[][] = [];
  for (let d = 0; d < days; d++) {
    const t = fromHour + daySpan(simulated, d).start * SECONDS_PER_HOUR;
    dayIndex[d] = Math.floor((t - fit.dayStart) / 86_400);
    sameWeekday.push(byWeekday[weekdayOf(t)]!);
  }
  for (let p = 0; p < paths; p++) {
    // Bootstrap refit: the fitted line times day ratios of the same weekday drawn at random (the history's own noise).
    for (let d = 0; d < fit.days; d++) {
      const same = byWeekday[fit.dayWeekdays[d]!]!;
      resampled[d] = fit.fittedDaily[d]! * dayRatio[same[Math.floor(random() * same.length)]!]!;
    }
    const trend = p === 0 ? { slope: fit.slopePerDay, intercept: fit.intercept } : dailyTrend(resampled, { pairs: 2_000, random });
    // Day by day: the level and the drawn shape change at midnight only (the first day may start mid-way).
    for (let d = 0; d < days; d++) {
      const same = sameWeekday[d]!;
      shape[p * days + d] = same.length > 0 ? same[Math.floor(random() * same.length)]! : Math.floor(random() * fit.days);
      level[p * days + d] = Math.max(0, trend.intercept + trend.slope * dayIndex[d]!);
    }
  }
  widenFan(simulated, fit.widening.log);
  return simulated;
}

/** Path p's total over day d: its hours summed in order, as a sum over the written hours would be. */
function dayTotal(paths: DayPaths, p: number, d: number, start: number, length: number): number {
  const i = p * paths.days + d;
  const level = paths.level[i]!;
  const factor = paths.factor[i]!;
  const shape = paths.shapes[paths.shape[i]!]!;
  const first = start === 0 ? paths.firstHourOfDay : 0;
  let sum = 0;
  for (let h = first; h < first + length; h++) sum += level * shape[h]! * factor;
  return sum;
}

/** The hours of every path, row-major: each one (level x shape) x factor, as simulated. */
export function writeHours(paths: DayPaths): ForecastPaths {
  const values = new Float64Array(paths.paths * paths.hours);
  for (let p = 0; p < paths.paths; p++) {
    for (let d = 0; d < paths.days; d++) {
      const { start, length } = daySpan(paths, d);
      const i = p * paths.days + d;
      const level = paths.level[i]!;
      const factor = paths.factor[i]!;
      const shape = paths.shapes[paths.shape[i]!]!;
      const first = start === 0 ? paths.firstHourOfDay : 0;
      const row = p * paths.hours + start - first;
      for (let h = first; h < first + length; h++) values[row + h] = level * shape[h]! * factor;
    }
  }
  return { values, paths: paths.paths, hours: paths.hours, fromHour: paths.fromHour };
}

/**
 * Per path, the load a fixed capacity serves (min(load, capacity) each hour) summed over the first
 * `terms[k]` hours of its future (at most `paths.hours`), for each term in one pass: a shorter term's
 * sum is the longer one's at that hour, added in the same order as servedAndOverflow adds it.
 */
export function servedByTerm(paths: DayPaths, capacityPerHour: number, terms: readonly number[]): Float64Array[] {
  const served = terms.map(() => new Float64Array(paths.paths));
  // Hours counted (a fractional term counts its last hour, as servedAndOverflow's loop does), by length.
  const ends = Int32Array.from(terms, (t) => Math.ceil(Math.max(0, Math.min(t, paths.hours))));
  const byEnd = Int32Array.from(ends.keys()).sort((a, b) => ends[a]! - ends[b]!);
  const { days, level, factor, shape, shapes, firstHourOfDay } = paths;
  for (let p = 0; p < paths.paths; p++) {
    let s = 0;
    let at = 0;
    // Day by day (the first from firstHourOfDay), cut at each term's end to copy the sum out there.
    for (let k = 0, d = 0, h = firstHourOfDay; k < byEnd.length; k++) {
      const end = ends[byEnd[k]!]!;
      while (at < end) {
        const i = p * days + d;
        const stop = Math.min(HOURS_PER_DAY, h + (end - at));
        s = servedOverHours(level[i]!, shapes[shape[i]!]!, factor[i]!, h, stop, capacityPerHour, s);
        at += stop - h;
        h = stop;
        if (h === HOURS_PER_DAY) {
          d++;
          h = 0;
        }
      }
      served[byEnd[k]!]![p] = s;
    }
  }
  return served;
}

/** `sum` plus min(load, capacity) for hours [from, to) of a day whose hour h is (level x shape[h]) x factor. */
function servedOverHours(level: number, shape: Float64Array, factor: number, from: number, to: number, capacityPerHour: number, sum: number): number {
  let s = sum;
  for (let h = from; h < to; h++) {
    const load = level * shape[h]! * factor;
    s += load > capacityPerHour ? capacityPerHour : load;
  }
  return s;
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
  return utilisationOfServed(served, capacityPerHour, hours, breakEven);
}

/** utilisationOver from each path's served load over `hours` hours (servedAndOverflow's or servedByTerm's). */
export function utilisationOfServed(served: Float64Array, capacityPerHour: number, hours: number, breakEven?: number): UtilisationForecast {
  const perPath = served.map((s) => (capacityPerHour > 0 ? s / (capacityPerHour * hours) : 0)).sort();
  const result: UtilisationForecast = { p10: quantile(perPath, 0.1), p50: quantile(perPath, 0.5), p90: quantile(perPath, 0.9) };
  if (breakEven !== undefined) result.belowBreakEvenProbability = perPath.filter((u) => u < breakEven).length / served.length;
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
  const simulated = simulateDays(fit, from, testDays * HOURS_PER_DAY, options);
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
