import { describe, expect, it } from 'vitest';
import { loadRunawayConfig } from '../../functions/runaway-config.js';

describe('the runaway watch settings from the environment', () => {
  it('defaults: 14 baseline days by the same hour each day, 4 MADs and 50% over, $1 an hour, a 20-hour cooldown, two days judged', () => {
    expect(loadRunawayConfig({})).toEqual({
      baselineDays: 14,
      cooldownSeconds: 72_000,
      options: { threshold: 4, margin: 0.5, minimumHourlyUsd: '1', seasonality: 'day', judgedHours: 48 },
    });
  });

  it('a weekly baseline defaults to 28 days and refuses fewer than 21', () => {
    expect(loadRunawayConfig({ RUNAWAY_SEASONALITY: 'week' }).baselineDays).toBe(28);
    expect(() => loadRunawayConfig({ RUNAWAY_SEASONALITY: 'week', RUNAWAY_BASELINE_DAYS: '14' })).toThrow('RUNAWAY_BASELINE_DAYS: expected a whole number from 21 to 453, got "14"');
  });

  it('names the variable of a bad value', () => {
    expect(() => loadRunawayConfig({ RUNAWAY_THRESHOLD: 'high' })).toThrow('RUNAWAY_THRESHOLD: expected a number from 1 to 100, got "high"');
    expect(() => loadRunawayConfig({ RUNAWAY_COOLDOWN_HOURS: '0' })).toThrow(/^RUNAWAY_COOLDOWN_HOURS: /);
    expect(() => loadRunawayConfig({ RUNAWAY_SEASONALITY: 'month' })).toThrow('RUNAWAY_SEASONALITY: expected day or week, got "month"');
    expect(() => loadRunawayConfig({ RUNAWAY_MINIMUM_HOURLY_USD: '$5' })).toThrow(/^RUNAWAY_MINIMUM_HOURLY_USD: /);
    expect(loadRunawayConfig({ RUNAWAY_COOLDOWN_HOURS: '1.5', RUNAWAY_MARGIN: '0' })).toMatchObject({ cooldownSeconds: 5400, options: { margin: 0 } });
  });
});
