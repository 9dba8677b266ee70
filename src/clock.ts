import { InternalError } from './errors.js';

/**
 * The wall clock, as one injected dependency. Production code reads the time only through a `Clock`
 * (the CLI's and each Lambda's entry point hand `systemClock` down; tests hand a pinned one), so a
 * report, a price source's "read on" date or a "more than a day ahead" check never depends on the day a
 * test happens to run. `test/architecture/clock.test.ts` fails on any other read of the clock.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The machine's clock: the only place production code reads it. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant, for reproducible runs (the embedded sample, tests). */
export function fixedClock(at: Date | string | number): Clock {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new InternalError(`fixedClock: not a time: ${String(at)}`);
  return { now: () => new Date(instant) };
}

/** The UTC calendar day of `instant`, as `YYYY-MM-DD` (a price source's "read on" date). */
export const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * Milliseconds on the machine's timer, for deadlines and elapsed times. A timer, not a calendar: a
 * pinned `Clock` (a reproducible report) must not stop a run's deadline from arriving.
 */
export const timerMs = (): number => Date.now();
