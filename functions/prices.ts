import { AwsPriceListReader, createPricingClient } from '../src/aws/price-list.js';
import { systemClock } from '../src/clock.js';
import type { PriceReadBounds, SharedCatalog } from '../src/service/price-source.js';
import type { AdvisorConfig } from './config.js';
import type { Observability } from './middleware.js';

/**
 * The prices for one run: the Price List read once (or the bundled catalog; see PRICE_SOURCE), as data
 * a fan-out can hand on. `bounds` (the run's deadline and signal) cap the wait: past it, bundled prices.
 * The Pricing client is built on first use.
 */
export function runPrices(config: Pick<AdvisorConfig, 'priceSource'>, observability: Observability): (regions: string[], bounds?: PriceReadBounds) => Promise<SharedCatalog> {
  let pricing: AwsPriceListReader | undefined;
  // The catalog and the Price List's parsers load on the first run, not at cold init (bench/cold-init.ts).
  return async (regions, bounds) =>
    (await import('../src/service/price-source.js')).pricesForRun(
      config.priceSource,
      () => (pricing ??= new AwsPriceListReader(createPricingClient())),
      regions,
      systemClock.now(),
      (message, error) => observability.logger.warn('falling back to the bundled price catalog', { reason: message, error: error instanceof Error ? error.message : String(error) }),
      bounds,
    );
}
