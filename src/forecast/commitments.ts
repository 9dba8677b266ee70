import type { Note } from '../domain/notes.js';
import { PROVISIONED_TERMS, RESERVED_TERM_INFO, termHours } from '../catalog/terms.js';
import { HOURS_PER_MONTH } from '../money.js';
import type { CommitmentForecast, ModelForecast } from '../domain/forecast.js';
import type { ModelReport, Scenario } from '../domain/report.js';
import type { ModelUsage } from '../usage/usage.js';
import { fitForecast, simulateDays, writeHours, servedByTerm, utilisationOfServed, capacityForTarget, type DayPaths, type ForecastFit, type ForecastPaths, type HourlyLoad } from './forecast.js';

/**
 * Commitments against a forecast: for each provisioned (1 and 6 months) and Reserved (1 and 3 months)
 * plan a model's replay sized, its utilisation over the whole term from simulated futures of the
 * model's own hourly load (./forecast.ts), the utilisation at which it breaks even, and the chance of
 * falling below it. Pure.
 */

export interface ForecastOptions {
  /** Size each commitment for this median term utilisation too (0-1): `target` in each commitment. */
  targetUtilisation?: number;
  /** Simulated futures per load. Default 100. */
  paths?: number;
  seed?: number;
}

/** 1K TPM reserved for a 730-hour month serves 1,000 x 60 x 730 tokens = 43,800 x 1K tokens. */
const THOUSAND_TOKEN_UNITS_PER_THOUSAND_TPM_MONTH = 60 * HOURS_PER_MONTH;
/** The longest term of each kind (src/catalog/terms.ts): one simulation that long serves every shorter term. */
const LONGEST_PROVISIONED_MONTHS = Math.max(...Object.values(PROVISIONED_TERMS).map((t) => t.months));
const LONGEST_RESERVED_MONTHS = Math.max(...Object.values(RESERVED_TERM_INFO).map((t) => t.months));
/** Reserved levels are sized in this step here (tokens per minute). */
const RESERVED_STEP_TPM = 1_000;
/** A Reserved level's two sides, each sized and forecast on its own. */
const SIDES = ['input', 'output'] as const;

/** The trend, the seasonality and the fan: worded in src/report/advice-text.ts. */
export const FORECAST_METHOD: Note = { says: 'forecast-method' };

/**
 * The hourly token sums the forecast reads, over [fromHour, fromHour + hours): `input` (input and cache
 * writes: the token load fitted), `unitInput` (input with cache reads and writes: a model unit's input
 * side) and `output`. One walk of the points finds each one's hour once for every metric; each sum still
 * adds its metrics in that order and each metric's points in theirs, so every hour's sum is the same double.
 */
export interface TokenColumns {
  input: Float64Array;
  unitInput: Float64Array;
  output: Float64Array;
}

export function tokenColumns(series: readonly ModelUsage[], fromHour: number, hours: number): TokenColumns {
  const input = new Float64Array(hours);
  const unitInput = new Float64Array(hours);
  const output = new Float64Array(hours);
  let hourOf = new Int32Array(0);
  for (const usage of series) {
    for (const s of usage.segments) {
      const { InputTokenCount: fresh, CacheReadInputTokenCount: read, CacheWriteInputTokenCount: write, OutputTokenCount: out } = s.metrics;
      if (!fresh && !read && !write && !out) continue;
      if (hourOf.length < s.length) hourOf = new Int32Array(Math.max(s.length, 2 * hourOf.length));
      for (let i = 0; i < s.length; i++) {
        const h = Math.floor((s.start + i * s.periodSeconds - fromHour) / 3600);
        hourOf[i] = h >= 0 && h < hours ? h : -1;
      }
      if (fresh) addByHour(fresh, s.length, hourOf, input, unitInput);
      if (read) addByHour(read, s.length, hourOf, unitInput);
      if (write) addByHour(write, s.length, hourOf, input, unitInput);
      if (out) addByHour(out, s.length, hourOf, output);
    }
  }
  return { input, unitInput, output };
}

/** Adds each point to its hour (-1: outside the range) in `into` and, when given, `alsoInto`. */
function addByHour(values: ArrayLike<number>, length: number, hourOf: Int32Array, into: Float64Array, alsoInto?: Float64Array): void {
  for (let i = 0; i < length; i++) {
    const h = hourOf[i]!;
    if (h < 0) continue;
    into[h]! += values[i]!;
    if (alsoInto) alsoInto[h]! += values[i]!;
  }
}

/**
 * The model units each hour of `series` needs: the larger of its two sides (input with cache reads
 * and writes, and output), each over a unit's tokens per hour.
 */
export function modelUnitLoad(series: readonly ModelUsage[], capacity: { inputTokensPerMinute: number; outputTokensPerMinute: number }, fromHour: number, hours: number): number[] {
  return Array.from(unitLoadOf(tokenColumns(series, fromHour, hours), capacity));
}

function unitLoadOf(columns: TokenColumns, capacity: { inputTokensPerMinute: number; outputTokensPerMinute: number }): Float64Array {
  const { unitInput, output } = columns;
  const load = new Float64Array(unitInput.length);
  for (let i = 0; i < load.length; i++) load[i] = Math.max(unitInput[i]! / (capacity.inputTokensPerMinute * 60), output[i]! / (capacity.outputTokensPerMinute * 60));
  return load;
}

/** A longer read of the same series than the report's window, to fit the forecast to (`--history-days`). */
export interface FitHistory {
  series: readonly ModelUsage[];
  window: { start: string; end: string };
}

/** A window on whole hours: its first hour and its length. */
export function hoursOf(read: FitHistory): FitHistory & { fromHour: number; hours: number } {
  const fromHour = Math.floor(Date.parse(read.window.start) / 3_600_000) * 3600;
  const endHour = Math.ceil(Date.parse(read.window.end) / 3_600_000) * 3600;
  return { ...read, fromHour, hours: (endHour - fromHour) / 3600 };
}

/** The as-billed rate per 1K tokens of a dimension (the on-demand scenario's line), or undefined. */
function onDemandRate(model: ModelReport, dimension: 'input' | 'output'): number | undefined {
  const line = model.scenarios[0]?.lines?.find((l) => l.dimension.code === dimension);
  return line?.unitPrice ? line.unitPrice.toNumber() : undefined;
}

function fan(fit: ForecastFit, fromHour: number, hours: number, options: ForecastOptions): DayPaths {
  return simulateDays(fit, fromHour, hours, { paths: options.paths ?? 100, seed: options.seed ?? 1 });
}

/**
 * The window's as-billed cost of its tokens, the load model units serve: every line but the per-item
 * charges (images, rerank queries), which stay as billed whatever is bought (`ITEMS_KEPT_AS_BILLED`).
 * A number, as the break-even it feeds is a ratio; null when a token line has no price.
 */
function tokensAsBilled(asBilled: Scenario | undefined): number | null {
  if (!asBilled?.lines) return null;
  let sum = 0;
  for (const line of asBilled.lines) {
    if (line.dimension.code === 'image' || line.dimension.code === 'rerank-queries') continue;
    if (line.cost === null) return null;
    sum += line.cost.toNumber();
  }
  return sum;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The forecast of one model, or undefined when it has no commitment scenario to judge or too little
 * history (7 whole days). `window` is the report's; the futures start at its end.
 */
export function forecastCommitments(model: ModelReport, series: readonly ModelUsage[], window: { start: string; end: string }, now: Date, options: ForecastOptions = {}, history?: FitHistory): ModelForecast | undefined {
  const provisioned = model.scenarios.filter((s): s is Scenario & { mode: 'provisioned-1-month' | 'provisioned-6-month' } =>
    (s.mode === 'provisioned-1-month' || s.mode === 'provisioned-6-month') && s.feasible && !!s.provisioned?.bestUnits && !!s.provisioned.unitCapacity);
  const reserved = model.scenarios.filter((s): s is Scenario & { mode: 'reserved-1-month' | 'reserved-3-month' } =>
    (s.mode === 'reserved-1-month' || s.mode === 'reserved-3-month') && s.feasible && !!s.reserved);
  if (provisioned.length === 0 && reserved.length === 0) return undefined;
  const fromHour = Math.floor(Date.parse(window.start) / 3_600_000) * 3600;
  const endHour = Math.ceil(Date.parse(window.end) / 3_600_000) * 3600;
  const hours = (endHour - fromHour) / 3600;
  // The trend and the fan are fitted to the long read when there is one; prices stay the window's.
  const fitOn = hoursOf(history ?? { series, window });
  const fitColumns = tokenColumns(fitOn.series, fitOn.fromHour, fitOn.hours);
  const { input, output } = fitColumns;
  const tokens = new Float64Array(input.length);
  for (let i = 0; i < tokens.length; i++) tokens[i] = input[i]! + output[i]!;
  const tokenLoad: HourlyLoad = { hourStart: fitOn.fromHour, values: tokens };
  const overall = fitForecast(tokenLoad, 7, { calibrate: false }); // its trend only: no fan is drawn from it
  if (!overall) return undefined;
  const commitments: CommitmentForecast[] = [];
  const target = options.targetUtilisation;
  const tokensCost = tokensAsBilled(model.scenarios[0]);

  // One simulation per load, as long as its longest term: a shorter term reads the first hours of it.
  // Its hours are written out only for a target's capacity search, which reads them many times.
  const futures = new Map<string, { paths: DayPaths; hours?: ForecastPaths } | null>();
  const futuresOf = (key: string, values: () => ArrayLike<number>, longestMonths: number) => {
    if (!futures.has(key)) {
      const fit = fitForecast({ hourStart: fitOn.fromHour, values: values() });
      futures.set(key, fit ? { paths: fan(fit, endHour, Math.round(termHours(now, longestMonths)), options) } : null);
    }
    return futures.get(key)!;
  };
  const hoursOfFuture = (future: { paths: DayPaths; hours?: ForecastPaths }) => (future.hours ??= writeHours(future.paths));
  const unitsKey = (cap: { inputTokensPerMinute: number; outputTokensPerMinute: number }) => `units ${cap.inputTokensPerMinute}/${cap.outputTokensPerMinute}`;
  const termOf = (months: number) => Math.round(termHours(now, months));
  // Every term each future is read for at each capacity (a 1- and a 6-month plan of the same units):
  // one pass over its paths sums them all.
  const readAt = new Map<string, number[]>();
  const willRead = (key: string, capacity: number, term: number) => {
    const terms = readAt.get(`${key} at ${capacity}`);
    if (terms) terms.push(term);
    else readAt.set(`${key} at ${capacity}`, [term]);
  };
  for (const s of provisioned) willRead(unitsKey(s.provisioned!.unitCapacity!), s.provisioned!.bestUnits!, termOf(PROVISIONED_TERMS[s.provisioned!.term].months));
  for (const s of reserved) for (const side of SIDES) if (s.reserved![side].level > 0) willRead(`tpm ${side}`, s.reserved![side].level, termOf(RESERVED_TERM_INFO[s.reserved!.term].months));
  const served = new Map<string, Float64Array[]>();
  const utilisation = (key: string, paths: DayPaths, capacity: number, breakEven: number | undefined, term: number) => {
    const terms = readAt.get(`${key} at ${capacity}`)!;
    let sums = served.get(`${key} at ${capacity}`);
    if (!sums) served.set(`${key} at ${capacity}`, (sums = servedByTerm(paths, capacity, terms)));
    return utilisationOfServed(sums[terms.indexOf(term)]!, capacity, Math.min(term, paths.hours), breakEven);
  };
  // The model units per hour a unit capacity needs, fitted on and in the window (the same read without --history-days).
  const unitLoads = new Map<string, Float64Array>();
  let windowColumns: TokenColumns | undefined;
  const unitLoad = (cap: { inputTokensPerMinute: number; outputTokensPerMinute: number }, inWindow: boolean) => {
    const key = `${inWindow && history ? 'window' : 'fit'} ${cap.inputTokensPerMinute}/${cap.outputTokensPerMinute}`;
    let load = unitLoads.get(key);
    if (!load) unitLoads.set(key, (load = unitLoadOf(inWindow && history ? (windowColumns ??= tokenColumns(series, fromHour, hours)) : fitColumns, cap)));
    return load;
  };

  // Provisioned: the load is the model units each hour needs, the larger of its two sides.
  for (const s of provisioned) {
    const p = s.provisioned!;
    const cap = p.unitCapacity!;
    const future = futuresOf(unitsKey(cap), () => unitLoad(cap, false), LONGEST_PROVISIONED_MONTHS);
    if (!future) continue;
    const months = PROVISIONED_TERMS[p.term].months;
    const term = termOf(months);
    const paths = future.paths;
    // The window's unit-hours, as the tokens' as-billed cost is the window's.
    const unitHours = unitLoad(cap, true).reduce((a, b) => a + b, 0);
    // On-demand value of one unit-hour of this load (the window's tokens as billed over its unit-hours):
    // the commitment pays when it serves more than hourly rate / that value of its capacity.
    const breakEven = tokensCost !== null && unitHours > 0 ? p.hourlyRatePerUnit.toNumber() / (tokensCost / unitHours) : null;
    const u = utilisation(unitsKey(cap), paths, p.bestUnits!, breakEven ?? undefined, term);
    commitments.push({
      mode: s.mode, termMonths: months, termHours: term, capacity: p.bestUnits!, capacityUnit: 'model units',
      utilisation: { p10: round4(u.p10), p50: round4(u.p50), p90: round4(u.p90) },
      breakEvenUtilisation: breakEven === null ? null : round4(breakEven),
      belowBreakEvenProbability: u.belowBreakEvenProbability ?? null,
      ...(target !== undefined ? { target: { utilisation: target, capacity: capacityForTarget(hoursOfFuture(future), 1, target, term) } } : {}),
    });
  }

  // Reserved: each side on its own, in tokens per minute, against its reserved level.
  for (const s of reserved) {
    const r = s.reserved!;
    const months = RESERVED_TERM_INFO[r.term].months;
    const term = termOf(months);
    for (const side of SIDES) {
      const level = r[side].level;
      if (!(level > 0)) continue;
      const future = futuresOf(`tpm ${side}`, () => (side === 'input' ? input : output).map((v) => v / 60), LONGEST_RESERVED_MONTHS);
      if (!future) continue;
      const paths = future.paths;
      const rate = onDemandRate(model, side);
      const breakEven = rate ? r[side].pricePerThousandTpmMonth.toNumber() / (THOUSAND_TOKEN_UNITS_PER_THOUSAND_TPM_MONTH * 1000 * rate) : null;
      const u = utilisation(`tpm ${side}`, paths, level, breakEven ?? undefined, term);
      commitments.push({
        mode: s.mode, side, termMonths: months, termHours: term, capacity: level, capacityUnit: 'tokens per minute',
        utilisation: { p10: round4(u.p10), p50: round4(u.p50), p90: round4(u.p90) },
        breakEvenUtilisation: breakEven === null ? null : round4(breakEven),
        belowBreakEvenProbability: u.belowBreakEvenProbability ?? null,
        ...(target !== undefined ? { target: { utilisation: target, capacity: capacityForTarget(hoursOfFuture(future), RESERVED_STEP_TPM, target, term) } } : {}),
      });
    }
  }
  if (commitments.length === 0) return undefined;
  const endLevel = overall.intercept + overall.slopePerDay * (overall.days - 1);
  return {
    method: FORECAST_METHOD,
    historyDays: overall.days,
    trendPer30Days: endLevel > 0 ? round4((overall.slopePerDay * 30) / endLevel) : null,
    commitments,
    assumptions: [
      { says: 'forecast-fitted-to', days: overall.days, history: history !== undefined },
      { says: 'forecast-utilisation-hourly' },
      { says: 'forecast-break-even' },
      { says: 'forecast-fan', paths: options.paths ?? 100, seed: options.seed ?? 1, renewal: false },
    ],
  };
}
