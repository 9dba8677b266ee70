import { createBedrockClient } from '../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../src/aws/cloudwatch-collector.js';
import { createSnsClient, SnsDigestPublisher, type PublishResult } from '../src/aws/sns-publisher.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { memoizeByRegion, type AwsClientFactories, type ReportPublisher } from '../src/service/analyze-account.js';
import { loadConfig, type AdvisorConfig } from './config.js';
import { createObservability, type Observability } from './middleware.js';

/** What every handler runs on in Lambda; tests build their own. */
export interface HandlerDeps {
  config: AdvisorConfig;
  clients: AwsClientFactories;
  catalog: PriceCatalog;
  publisher: () => ReportPublisher<PublishResult>;
  observability: Observability;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * Called at module scope, i.e. at cold start: configuration and the catalog are checked once, so a
 * misconfigured function fails at init; SDK clients are built once per Region, on first use.
 */
export function createLambdaDeps(): HandlerDeps {
  const config = loadConfig();
  const publisher = memoizeByRegion((region) => new SnsDigestPublisher({ client: createSnsClient(region), topicArn: config.topicArn }));
  return {
    config,
    catalog: PriceCatalog.bundled(),
    clients: { cloudWatch: memoizeByRegion(createCloudWatchClient), bedrock: memoizeByRegion(createBedrockClient) },
    publisher: () => publisher(config.topicRegion),
    observability: createObservability(),
  };
}
