import { describe, expect, it } from 'vitest';
import { loadConfig, parseBillSource } from '../../functions/config.js';
import { ConfigurationError } from '../../src/errors.js';

describe('BILL_SOURCE', () => {
  const env = { TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:advice', REGIONS: 'us-east-1' };
  it('is off when unset or empty, and reads the Cost Explorer bill with "ce"', () => {
    expect(loadConfig(env).billSource).toBeUndefined();
    expect(loadConfig({ ...env, BILL_SOURCE: '' }).billSource).toBeUndefined();
    expect(loadConfig({ ...env, BILL_SOURCE: 'ce' }).billSource).toBe('ce');
  });
  it('refuses anything else, naming the variable', () => {
    expect(() => parseBillSource('cur')).toThrow(ConfigurationError);
    expect(() => parseBillSource('cur')).toThrow(/^BILL_SOURCE: expected "ce" .* got "cur"$/);
  });
});
