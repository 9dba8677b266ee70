import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { invocationLogSource } from '../../src/logs/log-source.js';

describe('invocationLogSource (what --invocation-logs names)', () => {
  it('reads a folder, an s3:// prefix and a log group ARN, with or without its trailing :*', () => {
    expect(invocationLogSource('./logs')).toEqual({ kind: 'folder', path: './logs' });
    expect(invocationLogSource('/aws/bedrock/logs')).toEqual({ kind: 'folder', path: '/aws/bedrock/logs' });
    expect(invocationLogSource('s3://bucket/AWSLogs/')).toEqual({ kind: 's3', uri: 's3://bucket/AWSLogs/' });
    const group = { kind: 'log-group', arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/bedrock/invocations', region: 'eu-west-1', accountId: '123456789012', name: '/bedrock/invocations' };
    expect(invocationLogSource('arn:aws:logs:eu-west-1:123456789012:log-group:/bedrock/invocations')).toEqual(group);
    expect(invocationLogSource('arn:aws:logs:eu-west-1:123456789012:log-group:/bedrock/invocations:*')).toEqual(group);
    expect(invocationLogSource('arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:x')).toMatchObject({ kind: 'log-group', region: 'us-gov-west-1' });
  });

  it.each([
    ['arn:aws:s3:::bedrock-logs', 'not a CloudWatch Logs log group ARN'],
    ['arn:aws:logs:us-east-1:123456789012:log-group:a:log-stream:b', 'not a CloudWatch Logs log group ARN'],
    ['arn:aws:logs:us-east-1:123456789012:log-group:', 'not a CloudWatch Logs log group ARN'],
    ['arn:aws:logs:Virginia:123456789012:log-group:x', 'the Region "Virginia" is not an AWS Region code'],
    ['arn:aws:logs:us-east-1:1234:log-group:x', 'the account "1234" is not a 12-digit account ID'],
  ])('refuses %s by the flag (exit 2): %s', (text, why) => {
    let error: unknown;
    try {
      invocationLogSource(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`--invocation-logs ${text}: ${why}${why.startsWith('the Region') ? ' such as us-east-1' : ''}; give a log group as arn:aws:logs:us-east-1:123456789012:log-group:NAME (a local folder whose name starts with "arn:" as ./${text})`);
  });
});
