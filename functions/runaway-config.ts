import { ConfigurationError } from '../src/errors.js';
import { HOURLY_RETENTION_DAYS } from '../src/usage/cloudwatch-plan.js';
import type { RunawayOptions } from '../src/runaway/detect.js';

/**
 * The runaway watch's settings (serverless.yml params runaway*), read from the environment at cold
 * start; a bad one fails the function at init, naming the variable.
 */
export interface RunawayConfig {
  /** Days of baseline before the judged hours (RUNAWAY_BASELINE_DAYS, default 14). */
  baselineDays: number;
  /** At most one alert per series per this many seconds (RUNAWAY_COOLDOWN_HOURS, default 20 h). */
  cooldownSeconds: number;
  options: Required<Pick<RunawayOptions, 'threshold' | 'margin' | 'minimumHourlyUsd' | 'seasonality' | 'judgedHours'>>;
}

function numberFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, { min, max, integer = false }: { min: number; max: number; integer?: boolean }): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(`${key}: expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadRunawayConfig(env: NodeJS.ProcessEnv = process.env): RunawayConfig {
  const seasonality = env.RUNAWAY_SEASONALITY?.trim() || 'day';
  if (seasonality !== 'day' && seasonality !== 'week') throw new ConfigurationError(`RUNAWAY_SEASONALITY: expected day or week, got "${seasonality}"`);
  // A weekly baseline needs three previous weeks before it judges anything.
  const baselineDays = numberFrom(env, 'RUNAWAY_BASELINE_DAYS', seasonality === 'week' ? 28 : 14, { min: seasonality === 'week' ? 21 : 3, max: HOURLY_RETENTION_DAYS - 2, integer: true });
  const minimumHourlyUsd = env.RUNAWAY_MINIMUM_HOURLY_USD?.trim() || '1';
  if (!/^\d+(\.\d+)?$/.test(minimumHourlyUsd)) throw new ConfigurationError(`RUNAWAY_MINIMUM_HOURLY_USD: expected an amount in USD such as 1 or 0.25, got "${minimumHourlyUsd}"`);
  return {
    baselineDays,
    cooldownSeconds: Math.round(numberFrom(env, 'RUNAWAY_COOLDOWN_HOURS', 20, { min: 1, max: 24 * 30 }) * 3600),
    options: {
      threshold: numberFrom(env, 'RUNAWAY_THRESHOLD', 4, { min: 1, max: 100 }),
      margin: numberFrom(env, 'RUNAWAY_MARGIN', 0.5, { min: 0, max: 100 }),
      minimumHourlyUsd,
      seasonality,
      // The last two days: a daily run sees an incident that crossed midnight under the start (and
      // identity) it had the day before, and one missed by a failed run is still caught the next day.
      judgedHours: numberFrom(env, 'RUNAWAY_JUDGED_HOURS', 48, { min: 1, max: 168, integer: true }),
    },
  };
}
