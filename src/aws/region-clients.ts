import { BedrockClient, type BedrockClientConfig } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * The per-Region clients of ./sources.ts, apart from the collector and the inventory reader that use
 * them: the sources load those on a run's first collection, not at a Lambda's cold init.
 */

/**
 * A CloudWatch client for the collector, with the shared timeouts and throttling backoff
 * (client-config.ts); `options` override any default (tests pass endpoints).
 */
export function createCloudWatchClient(region: string, options: AdvisorClientOptions<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient(awsClientConfig(region, options));
}

/** A Bedrock control-plane client with the shared timeouts and throttling backoff (the List APIs throttle at low TPS). */
export function createBedrockClient(region: string, options: AdvisorClientOptions<BedrockClientConfig> = {}): BedrockClient {
  return new BedrockClient(awsClientConfig(region, options));
}
