import { ConfigurationError } from './errors.js';

/**
 * What one run accepts, checked where input arrives (the analyze event, the environment, the CLI) so a
 * request too big for one Lambda invocation is refused with the field named instead of timing out.
 * The README ("Limits") gives the arithmetic behind each number.
 */

/**
 * CloudWatch keeps hourly data for 455 days (15 months; its 3600-s retention tier, Amazon CloudWatch
 * User Guide, "Metrics retention"); older windows return no datapoints.
 */
export const HOURLY_RETENTION_DAYS = 455;

/** A run reads at most what CloudWatch still keeps. */
export const MAX_ANALYSIS_DAYS = HOURLY_RETENTION_DAYS;

/**
 * Regions per run. Every Region is collected at once and its usage held in memory until the analysis,
 * so the limit bounds memory and calls in flight (4 GetMetricData calls per Region: 120 at 30).
 */
export const MAX_REGIONS = 30;

/**
 * Entries in an analyze event's `models`. The analyze function (1,024 MB, 300 s) is sized by the
 * README's table for 300 models x 30 days of minute data (710 MiB peak). A listed model that
 * CloudWatch's two-week discovery misses is queried under every accepted metric name, so 300 entries
 * over 455 days is at most 300 x 9 series x 3 tiers = 8,100 metrics requested ($0.081).
 */
export const MAX_EVENT_MODELS = 300;

/**
 * At most this many accounts per run. One Lambda reads the accounts `ACCOUNT_CONCURRENCY` at a time
 * within its 15 minutes; 100 is a bound chosen for that budget, not a measured capacity (no run against
 * 100 real accounts has been timed). Larger organisations need the Step Functions fan-out.
 */
export const MAX_ACCOUNTS = 100;

/**
 * Accounts per fanned-out digest (Step Functions: one worker per account and Region, so the workers
 * are not the bound). The aggregator holds every partial report and builds the one message: `npm run
 * bench` (section 6) merges 1,000 accounts x 2 Regions of the sample's size (six models, both periods,
 * 165 KiB a partial) and builds the SNS message in 15.6 s at 1,395 MiB (2026-12-05), inside its 2,048 MB.
 */
export const MAX_FANOUT_ACCOUNTS = 1_000;

/** The default size (accounts x Regions) above which the digest fans out (src/service/fan-out.ts); `FANOUT_MIN_ITEMS` overrides it. */
export const DEFAULT_FANOUT_MIN_ITEMS = 40;

/**
 * One message per limit. Whatever asked for too much (a CLI flag, an environment variable, an analyze
 * event field, the fan-out's state-machine input) is refused in these words, after the field it names,
 * so a user meets one wording for one limit wherever they meet it.
 */
export const LIMIT_MESSAGE = {
  /** `got` is the input as the user wrote it (quoted when it was text). */
  days: (got: string) => `expected an integer between 1 and ${MAX_ANALYSIS_DAYS}, got ${got}`,
  /** The forecast's long read (`--history-days`, `FORECAST_HISTORY_DAYS`, the event's `historyDays`) is never shorter than the days analysed, named by `daysField`. */
  historyDays: (got: string, days: number, daysField = '--days') => `expected an integer between ${days} (${daysField}) and ${MAX_ANALYSIS_DAYS}, got ${got}`,
  regions: (count: number) => `at most ${MAX_REGIONS} Regions per run, got ${count}`,
  eventModels: (count: number) => `at most ${MAX_EVENT_MODELS} model IDs per run (see README, Limits), got ${count}`,
  accounts: (count: number, limit: number = MAX_ACCOUNTS) => `at most ${limit} accounts per run, got ${count}`,
} as const;

/** A day count within the limit: a whole number from 1 to MAX_ANALYSIS_DAYS. */
export function isAnalysisDays(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_ANALYSIS_DAYS;
}

/**
 * The days analysed, refused in the limit's one message after `key`: `value` as written (a flag's or an
 * environment variable's text, an event's number). The CLI's --days and the Lambdas' ANALYSIS_DAYS
 * both check it here.
 */
export function checkDays(value: string | number, key: string): number {
  const days = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!isAnalysisDays(days)) throw new ConfigurationError(`${key}: ${LIMIT_MESSAGE.days(JSON.stringify(value))}`);
  return days;
}

/** A forecast read within the limit: a day count, no shorter than the `days` analysed. */
export function isHistoryDays(n: unknown, days: number): n is number {
  return isAnalysisDays(n) && n >= days;
}

/**
 * The forecast's long read in days, from the days analysed (named by `daysField`) to the limit, refused
 * in the limit's one message after `key`: `value` as written (a flag's or an environment variable's
 * text, an event's number). The CLI, the Lambdas' configuration and events and the fan-out's state
 * machine input all check it here.
 */
export function checkHistoryDays(value: string | number, days: number, key: string, daysField = '--days'): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!isHistoryDays(n, days)) throw new ConfigurationError(`${key}: ${LIMIT_MESSAGE.historyDays(JSON.stringify(value), days, daysField)}`);
  return n;
}
