import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeek, periodMarkSeconds, scheduledEventTime, schedulePeriodKey } from '../../src/service/schedule-period.js';

describe('schedule periods', () => {
  it.each([
    // Known ISO weeks (checked against a calendar): years whose week 1 starts in the previous December,
    // and years with a week 53.
    ['2026-11-23T08:00:00Z', '2026-W48'],
    ['2026-11-29T23:59:59Z', '2026-W48'], // Sunday ends the week
    ['2026-11-30T00:00:00Z', '2026-W49'],
    ['2024-12-30T08:00:00Z', '2025-W01'], // Monday of ISO 2025 week 1
    ['2021-01-03T08:00:00Z', '2020-W53'], // Sunday still in 2020's week 53
    ['2027-01-01T08:00:00Z', '2026-W53'], // 2026 has 53 ISO weeks (it starts on a Thursday)
    ['2027-01-04T08:00:00Z', '2027-W01'],
  ])('%s is in ISO week %s', (at, week) => {
    expect(isoWeek(new Date(at))).toBe(week);
  });

  it('keys a day, a week and a month in UTC', () => {
    const at = new Date('2026-11-23T23:30:00-05:00'); // 2026-11-24T04:30Z
    expect(schedulePeriodKey(at, 'day')).toBe('2026-11-24');
    expect(schedulePeriodKey(at, 'week')).toBe('2026-W48');
    expect(schedulePeriodKey(at, 'month')).toBe('2026-11');
  });

  it('gives the same week key to every instant of a Monday-to-Sunday week, and a new one after it', () => {
    const monday = Date.parse('2026-01-05T00:00:00Z'); // a Monday
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 520 }), fc.integer({ min: 0, max: 7 * 86_400_000 - 1 }), (weeks, offset) => {
        const start = monday + weeks * 7 * 86_400_000;
        expect(isoWeek(new Date(start + offset))).toBe(isoWeek(new Date(start)));
        expect(isoWeek(new Date(start + 7 * 86_400_000))).not.toBe(isoWeek(new Date(start)));
      }),
    );
  });

  it('keeps the mark a day past its period', () => {
    expect(periodMarkSeconds('day')).toBe(2 * 86_400);
    expect(periodMarkSeconds('week')).toBe(8 * 86_400);
    expect(periodMarkSeconds('month')).toBe(32 * 86_400);
  });

  it("reads the event's time, falls back for a direct invocation, and names a bad time", () => {
    const fallback = new Date('2026-01-01T00:00:00Z');
    expect(scheduledEventTime({ time: '2026-11-23T08:00:00Z' }, fallback).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(scheduledEventTime(undefined, fallback)).toBe(fallback);
    expect(scheduledEventTime({ source: 'aws.events' }, fallback)).toBe(fallback);
    expect(() => scheduledEventTime({ time: 'last monday' }, fallback)).toThrow(/^time: expected the event's ISO 8601 time .*got "last monday"$/);
    expect(() => scheduledEventTime({ time: 42 }, fallback)).toThrow(/^time: .*got 42$/);
  });
});
