import { fromIni } from '@aws-sdk/credential-providers';
import { AwsPriceListReader, createPricingClient } from '../aws/price-list.js';
import type { PriceListReader } from '../service/price-source.js';

/**
 * The CLI's Price List reader, loaded (with the SDK) only by `prices refresh` and
 * `analyze --prices live`, so offline runs never load the AWS SDK.
 */
export function priceListReader(profile?: string): PriceListReader {
  return new AwsPriceListReader(createPricingClient(profile ? { credentials: fromIni({ profile }) } : {}));
}
