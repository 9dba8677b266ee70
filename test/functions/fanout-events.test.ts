import { describe, expect, it } from 'vitest';
import { parseAggregatorInput, parseWorkerInput } from '../../functions/fanout-events.js';
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

  it("names each bad field in zod's English messages, as classic zod wrote them (zod/mini sets no locale: src/catalog/zod-locale.ts does)", () => {
    // The messages classic zod gave these inputs before the schemas moved to zod/mini, run for run.
    expect(() => parseWorkerInput({ run: { ...run, mode: 'everyone' }, item: { accountId: 'own-account', bogus: 1 }, logs: { queryExecutionId: '', database: 'db', table: 't' } })).toThrow(
      [
        'fan-out worker input is not valid:',
        'event run.mode: Invalid option: expected one of "organization"|"own-account"',
        'event item.region: Invalid input: expected string, received undefined',
        'event item: Unrecognized key: "bogus"',
        'event logs: Invalid input',
      ].join('\n'),
    );
    expect(() => parseAggregatorInput({ run, itemsKey: '', resultsPrefix: 7 })).toThrow(
      ['fan-out aggregator input is not valid:', 'event itemsKey: Too small: expected string to have >=1 characters', 'event resultsPrefix: Invalid input: expected string, received number'].join('\n'),
    );
  });
});
