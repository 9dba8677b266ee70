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

describe('the Athena settings (BILL_SOURCE=athena, the invocation-log table)', () => {
  const env = { TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:advice', REGIONS: 'us-east-1', ATHENA_RESULTS_LOCATION: 's3://results/advisor/' };
  it('reads the bill table with athena, the log table whenever it is set, the workgroup defaulting to primary', () => {
    expect(loadConfig({ ...env, BILL_SOURCE: 'athena', BILL_DATABASE: 'cur', BILL_TABLE: 'data_export' }).athena).toEqual({
      workGroup: 'primary', outputLocation: 's3://results/advisor/', bill: { database: 'cur', table: 'data_export' },
    });
    expect(loadConfig({ ...env, INVOCATION_LOGS_DATABASE: 'logs', INVOCATION_LOGS_TABLE: 't', ATHENA_WORKGROUP: 'advisor' }).athena).toEqual({
      workGroup: 'advisor', outputLocation: 's3://results/advisor/', logs: { database: 'logs', table: 't' },
    });
    // The bill table alone does not turn Athena on: BILL_SOURCE says which bill is read.
    expect(loadConfig({ ...env, BILL_SOURCE: 'ce', BILL_DATABASE: 'cur', BILL_TABLE: 'data_export' }).athena).toBeUndefined();
    // The deploy's empty params (no table, an empty results bucket) are off, not an error.
    expect(loadConfig({ ...env, ATHENA_RESULTS_LOCATION: 's3:///bedrock-cost-advisor/', BILL_DATABASE: '', BILL_TABLE: '' }).athena).toBeUndefined();
  });
  it('refuses a half-configured Athena at init, naming the variable', () => {
    expect(() => loadConfig({ ...env, BILL_SOURCE: 'athena' })).toThrow(/^BILL_TABLE: BILL_SOURCE is athena but BILL_DATABASE and BILL_TABLE/);
    expect(() => loadConfig({ ...env, BILL_SOURCE: 'athena', BILL_DATABASE: 'cur', BILL_TABLE: 'x-y' })).toThrow(/^BILL_TABLE: expected a Glue name/);
    expect(() => loadConfig({ ...env, ATHENA_RESULTS_LOCATION: 's3:///bedrock-cost-advisor/', INVOCATION_LOGS_DATABASE: 'logs', INVOCATION_LOGS_TABLE: 't' })).toThrow(/^ATHENA_RESULTS_LOCATION: expected s3:\/\/bucket\/prefix\//);
  });
});
