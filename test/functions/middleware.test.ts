import { describe, expect, it } from 'vitest';
import { collectionDeadline, MAX_ANALYSE_AND_PUBLISH_MS, redactLogValue, TIMEOUT_EARLY_MS } from '../../functions/middleware.js';

describe('collectionDeadline', () => {
  const now = 1_000_000;
  const context = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

  it('keeps back the early-timeout margin, then a fifth of the rest for analysis and Publish', () => {
    // 60 s left: middy stops at 57 s; a fifth of 57 s (11.4 s) is kept => collection until 45.6 s.
    expect(collectionDeadline(context(60_000), now)).toEqual({ deadline: now + 45_600 });
    expect(TIMEOUT_EARLY_MS).toBe(3_000);
  });

  it('keeps back at most 45 s, however long the invocation', () => {
    // 600 s left: 597 s to middy's stop, minus 45 s (not 119.4 s) => 552 s.
    expect(collectionDeadline(context(600_000), now)).toEqual({ deadline: now + 552_000 });
    expect(MAX_ANALYSE_AND_PUBLISH_MS).toBe(45_000);
  });

  it('sets no deadline when the context has no clock', () => {
    expect(collectionDeadline({}, now)).toEqual({});
  });
});

describe('redactLogValue', () => {
  it.each([
    ['message', 'User: arn:aws:sts::123456789012:assumed-role/advisor/x is not authorized', 'User: arn:aws:sts::[account]:assumed-role/advisor/x is not authorized'],
    ['function_arn', 'arn:aws:lambda:us-east-1:123456789012:function:digest', 'arn:aws:lambda:us-east-1:[account]:function:digest'],
    ['note', 'key AKIAIOSFODNN7EXAMPLE leaked', 'key [access key id] leaked'],
    ['note', 'temporary ASIAY34FZKBOKMUTVV7A', 'temporary [access key id]'],
    ['secretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '[redacted]'],
    ['sessionToken', 'IQoJb3JpZ2luX2VjEJr', '[redacted]'],
    ['authorization', 'AWS4-HMAC-SHA256 Credential=…', '[redacted]'],
  ])('%s: %s', (key, value, expected) => {
    expect(redactLogValue(key, value)).toBe(expected);
  });

  it('leaves usage figures and timestamps alone', () => {
    expect(redactLogValue('InputTokenCount', 123456789012)).toBe(123456789012);
    expect(redactLogValue('timestamp', '2026-11-24T10:57:52.180Z')).toBe('2026-11-24T10:57:52.180Z');
    expect(redactLogValue('potentialMonthlySavingsUsd', '1234567.89')).toBe('1234567.89');
    // 13 digits (epoch milliseconds) is not an account ID.
    expect(redactLogValue('requestId', 'stub-1795519588310')).toBe('stub-1795519588310');
  });
});
