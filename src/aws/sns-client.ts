import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';

// The client alone (./sns-publisher.ts re-exports it): the runaway watch publishes its alerts through
// it without the digest publisher, whose first publish loads the digest's renderers.

/**
 * Publish is not idempotent on a standard topic, so only answers proving the message was refused are
 * retried here: throttling, with the shared backoff. A timeout, a reset or a 5xx may follow an accepted
 * message (its response lost), so the call fails at once and the invocation fails with it; the digest's
 * retry then comes from Lambda, at most twice (serverless.yml), which bounds the duplicates (README).
 */
export const PUBLISH_RETRY = { maxTransientAttempts: 1 };

/** An SNS client with the shared timeouts; a throttled Publish is retried rather than losing the digest. */
export function createSnsClient(region: string, options: AdvisorClientOptions<SNSClientConfig> = {}): SNSClient {
  return new SNSClient(awsClientConfig(region, { ...options, retry: { ...PUBLISH_RETRY, ...options.retry } }));
}
