import { ConfigurationError } from '../errors.js';

/**
 * The schedule period a digest belongs to. At most one digest is published per period: a redelivered
 * or repeated scheduled event in the same period maps to the same key and publishes nothing.
 */

export const SCHEDULE_PERIODS = ['day', 'week', 'month'] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

/** The default schedule is weekly (Mondays 08:00 UTC), so the default period is the ISO week. */
export const DEFAULT_SCHEDULE_PERIOD: SchedulePeriod = 'week';

const DAY_MS = 86_400_000;

/** ISO 8601 week of a UTC instant, e.g. `2026-W48`; weeks start on Monday and week 1 holds the year's first Thursday. */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 ... Sunday 7
  // The Thursday of this week decides the ISO year.
  const thursday = new Date(day.getTime() + (4 - weekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** The period's key: `2026-11-23` (day), `2026-W48` (week), `2026-11` (month), all in UTC. */
export function schedulePeriodKey(at: Date, period: SchedulePeriod): string {
  const iso = at.toISOString();
  if (period === 'day') return iso.slice(0, 10);
  if (period === 'month') return iso.slice(0, 7);
  return isoWeek(at);
}

/**
 * How long the "published" mark must outlive its first run: the whole period plus a day, so any
 * repeat inside the period still finds it. After that DynamoDB's TTL removes it.
 */
export function periodMarkSeconds(period: SchedulePeriod): number {
  const days = period === 'day' ? 1 : period === 'week' ? 7 : 31;
  return (days + 1) * 86_400;
}

export function parseSchedulePeriod(value: string, key = 'DIGEST_PERIOD'): SchedulePeriod {
  const period = value.trim().toLowerCase();
  if (!(SCHEDULE_PERIODS as readonly string[]).includes(period)) {
    throw new ConfigurationError(`${key}: expected one of ${SCHEDULE_PERIODS.join(', ')}, got "${value}"`);
  }
  return period as SchedulePeriod;
}

/**
 * The instant a scheduled event stands for: EventBridge's `time` (the same on every redelivery and
 * retry of the event), else `fallback` (a direct invocation has none). A `time` that is present but
 * not a date is bad input, named as such.
 */
export function scheduledEventTime(event: unknown, fallback: Date): Date {
  const time = event && typeof event === 'object' ? (event as { time?: unknown }).time : undefined;
  if (time === undefined || time === null) return fallback;
  const at = typeof time === 'string' ? new Date(time) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new ConfigurationError(`time: expected the event's ISO 8601 time such as 2026-11-23T08:00:00Z, got ${JSON.stringify(time)}`);
  return at;
}
