import { createBedrockClient } from '../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../src/aws/cloudwatch-collector.js';
import { AwsPriceListReader, createPricingClient } from '../src/aws/price-list.js';
import { createSnsClient, SnsDigestPublisher, type PublishResult } from '../src/aws/sns-publisher.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { memoizeByRegion, type AwsClientFactories, type ReportPublisher } from '../src/service/analyze-account.js';
import { catalogForRun } from '../src/service/price-source.js';
import { loadConfig, type AdvisorConfig } from './config.js';
import { createObservability, type Observability } from './middleware.js';

/** What every handler runs on in Lambda; tests build their own. */
export interface HandlerDeps {
  config: AdvisorConfig;
  clients: AwsClientFactories;
  /** The prices for one run: the Price List read once (or the bundled catalog; see PRICE_SOURCE). */
  prices: (regions: string[]) => Promise<PriceCatalog>;
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
  PriceCatalog.bundled(); // the shipped catalog is checked at init, as the fallback must load
  const observability = createObservability();
  let pricing: AwsPriceListReader | undefined;
  const prices = (regions: string[]) =>
    catalogForRun(config.priceSource, () => (pricing ??= new AwsPriceListReader(createPricingClient())), regions, new Date(), (message, error) =>
      observability.logger.warn('falling back to the bundled price catalog', { reason: message, error: error instanceof Error ? error.message : String(error) }),
    );
  const publisher = memoizeByRegion((region) => new SnsDigestPublisher({ client: createSnsClient(region), topicArn: config.topicArn }));
  return {
    config,
    prices,
    clients: { cloudWatch: memoizeByRegion(createCloudWatchClient), bedrock: memoizeByRegion(createBedrockClient) },
    publisher: () => publisher(config.topicRegion),
    observability,
  };
}
