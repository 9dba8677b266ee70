import { paginateGetProducts, PricingClient, type PricingClientConfig } from '@aws-sdk/client-pricing';
import type { CatalogSource } from '../catalog/schema.js';
import type { PriceListPages } from '../pricelist/live.js';
import type { PriceListPage } from '../pricelist/products.js';
import type { PriceListReader } from '../service/price-source.js';
import { systemClock, utcDay } from '../clock.js';

/**
 * Reads Amazon Bedrock prices from the AWS Price List API (GetProducts). Both service codes are
 * read: `AmazonBedrock` (Amazon, Meta, Mistral, … and legacy Claude) and
 * `AmazonBedrockFoundationModels` (current Anthropic and OpenAI models); each Region asked for is
 * a `regionCode` filter. The Pricing API is served from us-east-1 whichever Region is priced; the
 * client honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_PRICING like every other client.
 */
export const PRICE_LIST_SERVICE_CODES = ['AmazonBedrock', 'AmazonBedrockFoundationModels'] as const;
export const PRICING_API_REGION = 'us-east-1';
/** The largest page GetProducts returns. */
const PAGE_SIZE = 100;

export function createPricingClient(options: Partial<PricingClientConfig> = {}): PricingClient {
  return new PricingClient({ region: PRICING_API_REGION, retryMode: 'adaptive', maxAttempts: 5, ...options });
}

/**
 * GetProducts returns each product as a JSON string; depending on the SDK's serde it may arrive as
 * a string wrapper or, in principle, already parsed. The pipeline takes strings, as AWS sends them.
 */
function asJsonString(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item instanceof String) return item.toString();
  return JSON.stringify(item);
}

export class AwsPriceListReader implements PriceListReader {
  constructor(
    private readonly client: PricingClient,
    private readonly today: () => string = () => utcDay(systemClock.now()),
  ) {}

  async read(regions: string[]): Promise<PriceListPages> {
    const readOn = this.today();
    const sources: Record<string, CatalogSource> = {};
    for (const serviceCode of PRICE_LIST_SERVICE_CODES) {
      sources[sourceIdOf(serviceCode)] = {
        title: `AWS Price List API, GetProducts ServiceCode=${serviceCode} (${regions.join(', ')})`,
        url: `https://api.pricing.${PRICING_API_REGION}.amazonaws.com`,
        readOn,
        reliability: 'PL',
      };
    }
    // Each (service code, Region) query pages on its own; they run side by side, results in a fixed order.
    const queries = PRICE_LIST_SERVICE_CODES.flatMap((serviceCode) => regions.map((region) => ({ serviceCode, region })));
    const results = await Promise.all(queries.map(({ serviceCode, region }) => this.query(serviceCode, region)));
    const pages = results.map((r) => r.page);
    const calls = results.map((r) => r.call);
    return { pages, sources, calls };
  }

  private async query(serviceCode: string, region: string): Promise<{ page: PriceListPage; call: string }> {
    const priceList: string[] = [];
    let pageCount = 0;
    const paginator = paginateGetProducts(
      { client: this.client, pageSize: PAGE_SIZE },
      { ServiceCode: serviceCode, FormatVersion: 'aws_v1', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }] },
    );
    for await (const page of paginator) {
      pageCount++;
      for (const item of (page.PriceList ?? []) as unknown[]) priceList.push(asJsonString(item));
    }
    return {
      page: { serviceCode, priceList, sourceId: sourceIdOf(serviceCode) },
      call: `GetProducts ${serviceCode} ${region} (${pageCount} page${pageCount === 1 ? '' : 's'}, ${priceList.length} products)`,
    };
  }
}

function sourceIdOf(serviceCode: string): string {
  return `aws-price-list-${serviceCode}`;
}
