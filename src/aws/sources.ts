import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { CloudWatchClient, CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { RegionSources } from '../service/ports.js';
import type { BedrockInventoryReader } from './bedrock-inventory.js';
import type { AdvisorClientOptions } from './client-config.js';
import { createBedrockClient, createCloudWatchClient } from './region-clients.js';

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
  // The collector and the reader (and the usage model, decimal.js...) load on a run's first use: a
  // Lambda's init builds its sources, and need not evaluate what only a collection runs.
  return {
    usage: (region) => ({
      collect: async ({ now, ...request }) => {
        const { CloudWatchUsageCollector } = await import('./cloudwatch-collector.js');
        return new CloudWatchUsageCollector({ client: cloudWatch(region), region, ...(now ? { now } : {}) }).collect(request);
      },
    }),
    inventory: (region) => {
      let reader: Promise<BedrockInventoryReader> | undefined;
      return {
        read: async (signal) => {
          const loaded = await (reader ??= import('./bedrock-inventory.js').then((m) => new m.BedrockInventoryReader({ client: bedrock(region), region })));
          // No call starts once the run gave up (a deadline reached while the module loaded).
          signal?.throwIfAborted();
          return loaded.read(signal);
        },
      };
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
