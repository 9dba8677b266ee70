import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { main } from '../../src/cli/main.js';
import { ConfigurationError } from '../../src/errors.js';
import { testClock } from '../fixtures/clock.js';

/** The run-size limits (src/limits.ts): at the limit accepted, one above refused with the field named. */

const regions = (n: number) => Array.from({ length: n }, (_, i) => `us-test-${i + 1}`);
const models = (n: number) => Array.from({ length: n }, (_, i) => `vendor.model-${i}-v1:0`);

describe('analyze event limits', () => {
  it('accepts 30 Regions, 300 models and 455 days', () => {
    const event = { regions: regions(30), models: models(300), days: 455 };
    expect(parseAnalyzeEvent(event)).toEqual(event);
  });

  it.each([
    [{ regions: regions(31) }, 'invalid analyze event: regions: at most 30 Regions per run, got 31'],
    [{ models: models(301) }, 'invalid analyze event: models: at most 300 model IDs per run (see README, Limits), got 301'],
    [{ days: 456 }, 'invalid analyze event: days: expected an integer between 1 and 455, got 456'],
  ])('refuses %# one above the limit, naming the field', (event, message) => {
    expect(() => parseAnalyzeEvent(event)).toThrow(ConfigurationError);
    expect(() => parseAnalyzeEvent(event)).toThrow(message);
  });
});

describe('REGIONS limit', () => {
  const env = (list: string[]) => ({ TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:advisor', REGIONS: list.join(',') });

  it('accepts 30 and refuses 31 Regions', () => {
    expect(loadConfig(env(regions(30))).regions).toHaveLength(30);
    expect(() => loadConfig(env(regions(31)))).toThrow('REGIONS: at most 30 Regions per run, got 31');
  });
});

describe('CLI limits', () => {
  it('refuses a 31st --region before any AWS call, exit 2', async () => {
    let stderr = '';
    const argv = ['analyze', ...regions(31).flatMap((r) => ['--region', r])];
    const code = await main(argv, { clock: testClock, stdout: () => {}, stderr: (t) => { stderr += t; } });
    expect(code).toBe(2);
    expect(stderr).toBe('error: --region: at most 30 Regions per run, got 31\n');
  });

  it('refuses --days 456, exit 2', async () => {
    let stderr = '';
    const code = await main(['analyze', '--region', 'us-east-1', '--days', '456'], { clock: testClock, stdout: () => {}, stderr: (t) => { stderr += t; } });
    expect(code).toBe(2);
    expect(stderr).toBe('error: --days: expected an integer between 1 and 455, got "456"\n');
  });
});

describe('one message per limit', () => {
  // Each limit reads the same after its field, whichever door the request came through (issue 16).
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  it('days: the CLI flag, the ANALYSIS_DAYS variable and the event field say the same words', async () => {
    let stderr = '';
    await main(['analyze', '--region', 'us-east-1', '--days', '456'], { clock: testClock, stdout: () => {}, stderr: (t) => { stderr += t; } });
    const fromEnv = messageOf(() => loadConfig({ TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:advisor', REGIONS: 'us-east-1', ANALYSIS_DAYS: '456' }));
    const fromEvent = messageOf(() => parseAnalyzeEvent({ days: 456 }));
    expect(stderr).toBe('error: --days: expected an integer between 1 and 455, got "456"\n');
    expect(fromEnv).toBe('ANALYSIS_DAYS: expected an integer between 1 and 455, got "456"');
    expect(fromEvent).toBe('invalid analyze event: days: expected an integer between 1 and 455, got 456');
  });
});
