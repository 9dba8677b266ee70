import { describe, expect, it } from 'vitest';
import { parseWorkerInput } from '../../functions/fanout-events.js';
import { LIMIT_MESSAGE } from '../../src/limits.js';

const run = { period: '2026-W48', now: '2026-11-23T00:00:00Z', days: 30, bucket: 'advisor-runs', prefix: 'runs/2026-W48/', mode: 'own-account' };
const item = { accountId: 'own-account', region: 'us-east-1' };

describe('the fan-out worker input', () => {
  it('takes a forecast read from the run\'s days to the limit', () => {
    expect(parseWorkerInput({ run: { ...run, historyDays: 30 }, item }).run.historyDays).toBe(30);
    expect(parseWorkerInput({ run: { ...run, historyDays: 455 }, item }).run.historyDays).toBe(455);
  });

  it('refuses a forecast read shorter than the days analysed, in the limit\'s one message (as the CLI and the analyze event do)', () => {
    expect(() => parseWorkerInput({ run: { ...run, historyDays: 7 }, item })).toThrow(LIMIT_MESSAGE.historyDays('7', 30, 'days'));
    expect(() => parseWorkerInput({ run: { ...run, historyDays: 456 }, item })).toThrow(LIMIT_MESSAGE.historyDays('456', 30, 'days'));
  });
});
