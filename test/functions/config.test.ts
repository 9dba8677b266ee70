import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { ConfigurationError } from '../../src/errors.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:bedrock-cost-advisor-dev-advice';

describe('parseAnalyzeEvent', () => {
  it('accepts an empty or missing event as all defaults', () => {
    expect(parseAnalyzeEvent({})).toEqual({});
    expect(parseAnalyzeEvent(undefined)).toEqual({});
    expect(parseAnalyzeEvent(null)).toEqual({});
  });

  it('accepts every documented field', () => {
    const event = { days: 30, regions: ['us-east-1', 'eu-west-1'], models: ['anthropic.claude-3-haiku-20240307-v1:0'], publish: true };
    expect(parseAnalyzeEvent(event)).toEqual(event);
  });

  it.each([
    [{ days: 0 }, 'days: expected an integer between 1 and 455, got 0'],
    [{ days: 456 }, 'days: expected an integer between 1 and 455, got 456'],
    [{ days: 7.5 }, 'days: expected an integer between 1 and 455, got 7.5'],
    [{ days: '30' }, 'days: expected an integer between 1 and 455, got "30"'],
    [{ regions: 'us-east-1' }, 'regions: expected a list of AWS Region names, got "us-east-1"'],
    [{ regions: [] }, 'regions: expected at least one AWS Region'],
    [{ regions: ['us-east-1', 'mars-1'] }, 'regions.1: expected an AWS Region name such as us-east-1, got "mars-1"'],
    [{ models: [''] }, 'models.0: expected a non-empty model ID'],
    [{ publish: 'yes' }, 'publish: expected true or false, got "yes"'],
    [{ dayz: 7 }, 'dayz: unknown field (allowed: days, regions, models, publish, forecast, historyDays, accounts, organization, memberRoleName, externalId)'],
    [{ forecast: 'no' }, 'forecast: expected true or false, got "no"'],
  ])('names the field when the event is %j', (event, message) => {
    expect(() => parseAnalyzeEvent(event)).toThrow(ConfigurationError);
    expect(() => parseAnalyzeEvent(event)).toThrow(message);
  });

  it('reports every bad field at once', () => {
    expect(() => parseAnalyzeEvent({ days: -1, publish: 1 })).toThrow(/days: .*; publish: /);
  });

  it('rejects a payload that is not an object', () => {
    expect(() => parseAnalyzeEvent('analyze')).toThrow(/^event: expected a JSON object/);
    expect(() => parseAnalyzeEvent([1])).toThrow(/^event: expected a JSON object/);
  });
});

describe('loadConfig', () => {
  const valid = { TOPIC_ARN, REGIONS: 'us-east-1, us-west-2', ANALYSIS_DAYS: '14', AWS_REGION: 'eu-west-1' };

  it('reads topic, Regions, days, price source and digest period', () => {
    expect(loadConfig({ ...valid, PRICE_SOURCE: 'bundled' })).toEqual({
      topicArn: TOPIC_ARN, topicRegion: 'eu-west-1', regions: ['us-east-1', 'us-west-2'], analysisDays: 14, priceSource: 'bundled', digestPeriod: 'week',
    });
  });

  it('reads the idempotency table and the digest period', () => {
    expect(loadConfig({ ...valid, IDEMPOTENCY_TABLE: 'advisor-idempotency', DIGEST_PERIOD: 'Month' })).toMatchObject({ idempotencyTable: 'advisor-idempotency', digestPeriod: 'month' });
    expect(() => loadConfig({ ...valid, DIGEST_PERIOD: 'fortnight' })).toThrow(/^DIGEST_PERIOD: expected one of day, week, month, got "fortnight"$/);
  });

  it('reads the forecast\'s long read, from ANALYSIS_DAYS to 455 days, off when empty', () => {
    expect(loadConfig({ ...valid, FORECAST_HISTORY_DAYS: '90' }).forecastHistoryDays).toBe(90);
    expect(loadConfig({ ...valid, FORECAST_HISTORY_DAYS: '' }).forecastHistoryDays).toBeUndefined();
    expect(() => loadConfig({ ...valid, FORECAST_HISTORY_DAYS: '7' })).toThrow(/^FORECAST_HISTORY_DAYS: expected an integer between 14 \(ANALYSIS_DAYS\) and 455, got "7"$/);
    expect(() => loadConfig({ ...valid, FORECAST_HISTORY_DAYS: '456' })).toThrow(/^FORECAST_HISTORY_DAYS: expected an integer between 14 \(ANALYSIS_DAYS\) and 455, got "456"$/);
  });

  it("defaults to 30 days, the function's own Region and live prices", () => {
    expect(loadConfig({ TOPIC_ARN, AWS_REGION: 'ap-southeast-2' })).toMatchObject({ regions: ['ap-southeast-2'], analysisDays: 30, priceSource: 'live' });
  });

  it.each([
    [{ ...valid, TOPIC_ARN: undefined }, /^TOPIC_ARN: environment variable is not set/],
    [{ ...valid, TOPIC_ARN: 'bedrock-advice' }, /^TOPIC_ARN: expected an SNS topic ARN .*got "bedrock-advice"/],
    [{ ...valid, TOPIC_ARN: '${Ref:AdvisorTopic}' }, /^TOPIC_ARN: expected an SNS topic ARN/],
    [{ ...valid, REGIONS: 'us-east-1,useast2' }, /^REGIONS: not an AWS Region name: "useast2"/],
    [{ ...valid, REGIONS: ' , ' }, /^REGIONS: expected a comma-separated list/],
    [{ TOPIC_ARN }, /^REGIONS: environment variable is not set and AWS_REGION is not set either/],
    [{ ...valid, ANALYSIS_DAYS: '0' }, /^ANALYSIS_DAYS: expected an integer between 1 and 455, got "0"/],
    [{ ...valid, ANALYSIS_DAYS: 'thirty' }, /^ANALYSIS_DAYS: expected an integer between 1 and 455, got "thirty"/],
    [{ ...valid, ANALYSIS_DAYS: '500' }, /^ANALYSIS_DAYS: expected an integer between 1 and 455/],
    [{ ...valid, PRICE_SOURCE: 'cheapest' }, /^PRICE_SOURCE: expected live or bundled, got "cheapest"/],
  ])('names the variable when it is wrong (%#)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigurationError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadConfig: the fan-out', () => {
  const valid = { TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:advice', REGIONS: 'us-east-1' };
  const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:bedrock-cost-advisor-dev-digest-fanout';

  it('is off without a bucket, and on with its threshold (default 40) with one', () => {
    expect(loadConfig(valid).fanOut).toBeUndefined();
    expect(loadConfig({ ...valid, RUN_BUCKET: 'advisor-runs', STATE_MACHINE_ARN: SM }).fanOut).toEqual({ bucket: 'advisor-runs', stateMachineArn: SM, minItems: 40 });
    expect(loadConfig({ ...valid, RUN_BUCKET: 'advisor-runs', FANOUT_MIN_ITEMS: '6' }).fanOut).toEqual({ bucket: 'advisor-runs', minItems: 6 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ ...valid, STATE_MACHINE_ARN: SM })).toThrow(/^RUN_BUCKET: environment variable is not set, but STATE_MACHINE_ARN is/);
    expect(() => loadConfig({ ...valid, RUN_BUCKET: 'Advisor_Runs' })).toThrow(/^RUN_BUCKET: expected an S3 bucket name, got "Advisor_Runs"$/);
    expect(() => loadConfig({ ...valid, RUN_BUCKET: 'advisor-runs', STATE_MACHINE_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:x' })).toThrow(/^STATE_MACHINE_ARN: expected a Step Functions state machine ARN/);
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ ...valid, RUN_BUCKET: 'advisor-runs', FANOUT_MIN_ITEMS: bad })).toThrow(new RegExp(`^FANOUT_MIN_ITEMS: expected a whole number .* got "${bad}"$`));
    }
  });
});

describe('handler cold start', () => {
  it('fails at import, naming the variable, when the environment is misconfigured', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('TOPIC_ARN', 'not-an-arn');
    vi.stubEnv('REGIONS', 'us-east-1');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    try {
      // Act / Assess
      await expect(import('../../functions/digest.js')).rejects.toThrow(/^TOPIC_ARN: expected an SNS topic ARN/);
      await expect(import('../../functions/analyze.js')).rejects.toThrow(/^TOPIC_ARN: expected an SNS topic ARN/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
