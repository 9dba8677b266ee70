import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { CloudWatchClient, CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { RegionSources } from '../service/ports.js';
import { BedrockInventoryReader, createBedrockClient } from './bedrock-inventory.js';
import type { AdvisorClientOptions } from './client-config.js';
import { CloudWatchUsageCollector, createCloudWatchClient } from './cloudwatch-collector.js';

/**
 * The AWS side of the service's ports: CloudWatch as the `UsageSource`, the Bedrock control plane as
 * the `InventorySource`, one client per Region built on first use and then reused.
 */

/** Returns `create` memoized per Region, so each Region's client is built once and then reused. */
export function memoizeByRegion<T>(create: (region: string) => T): (region: string) => T {
  const byRegion = new Map<string, T>();
  return (region) => {
    let client = byRegion.get(region);
    if (client === undefined) {
      client = create(region);
      byRegion.set(region, client);
    }
    return client;
  };
}

/** One client per Region, for callers (tests, benches) that build their own clients. */
export interface AwsClientFactories {
  cloudWatch(region: string): CloudWatchClient;
  bedrock(region: string): BedrockClient;
}

/** Wraps client factories (memoized here) as the service's per-Region sources. */
export function sourcesFromClients(clients: AwsClientFactories): RegionSources {
  const cloudWatch = memoizeByRegion((region) => clients.cloudWatch(region));
  const bedrock = memoizeByRegion((region) => clients.bedrock(region));
  return {
    usage: (region) => ({
      collect: ({ now, ...request }) => new CloudWatchUsageCollector({ client: cloudWatch(region), region, ...(now ? { now } : {}) }).collect(request),
    }),
    inventory: (region) => {
      const reader = new BedrockInventoryReader({ client: bedrock(region), region });
      return { read: (signal) => reader.read(signal) };
    },
  };
}

/** What differs between accounts and tests: credentials, an endpoint (the loopback stub), timeouts and retries. */
export type SourceClientOptions = AdvisorClientOptions<Pick<CloudWatchClientConfig, 'credentials' | 'endpoint'>>;

/**
 * The sources of one account with the advisor's transport defaults. `options.credentials` is that
 * account's provider (an assumed role, src/aws/accounts.ts); without it, the default chain.
 */
export function awsRegionSources(options: SourceClientOptions = {}): RegionSources {
  return sourcesFromClients({
    cloudWatch: (region) => createCloudWatchClient(region, options),
    bedrock: (region) => createBedrockClient(region, options),
  });
}
