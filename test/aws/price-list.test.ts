import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsPriceListReader, createPricingClient } from '../../src/aws/price-list.js';
import { buildLiveCatalog } from '../../src/pricelist/live.js';

const pricing = mockClient(PricingClient);
const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

function product(servicecode: string, attrs: Record<string, string>, unit: string, usd: string, sku: string): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: { servicecode, ...attrs }, sku },
    serviceCode: servicecode,
    terms: { OnDemand: { [`${sku}.T`]: { priceDimensions: { [`${sku}.T.R`]: { unit, pricePerUnit: { USD: usd } } } } } },
    publicationDate: '2026-11-20T12:00:00Z',
  });
}

beforeEach(() => pricing.reset());

describe('AwsPriceListReader', () => {
  it('reads both service codes for every Region, following NextToken with 100 products a page', async () => {
    // Prepare: AmazonBedrock us-east-1 spans two pages; the other calls answer one page each.
    pricing
      .on(GetProductsCommand, { ServiceCode: 'AmazonBedrock', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] })
      .resolvesOnce({ PriceList: [product('AmazonBedrock', { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-input-tokens', regionCode: 'us-east-1' }, '1K tokens', '0.0000350000', 'SKU1')], NextToken: 'page-2' })
      .resolvesOnce({ PriceList: [product('AmazonBedrock', { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-output-tokens', regionCode: 'us-east-1' }, '1K tokens', '0.0001400000', 'SKU2')] });
    pricing
      .on(GetProductsCommand, { ServiceCode: 'AmazonBedrockFoundationModels', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] })
      .resolves({ PriceList: [product('AmazonBedrockFoundationModels', { servicename: 'Claude Haiku 4.5 (Amazon Bedrock Edition)', usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', regionCode: 'us-east-1' }, 'Units', '1.0000000000', 'SKU3')] });
    pricing.on(GetProductsCommand, { Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-west-2' }] }).resolves({ PriceList: [] });

    // Act
    const read = await new AwsPriceListReader(client, () => '2026-11-24').read(['us-east-1', 'us-west-2']);

    // Assess
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 5);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, { ServiceCode: 'AmazonBedrock', FormatVersion: 'aws_v1', MaxResults: 100, NextToken: 'page-2' });
    expect(read.calls).toEqual([
      'GetProducts AmazonBedrock us-east-1 (2 pages, 2 products)',
      'GetProducts AmazonBedrock us-west-2 (1 page, 0 products)',
      'GetProducts AmazonBedrockFoundationModels us-east-1 (1 page, 1 products)',
      'GetProducts AmazonBedrockFoundationModels us-west-2 (1 page, 0 products)',
    ]);
    expect(read.sources['aws-price-list-AmazonBedrock']).toMatchObject({ reliability: 'PL', readOn: '2026-11-24' });

    const { document, problems } = buildLiveCatalog(read, ['us-east-1', 'us-west-2'], '2026-11-24', 'test');
    expect(problems).toEqual([]);
    expect(document.asOf).toBe('2026-11-20');
    const micro = document.prices.find((r) => r.model === 'amazon.nova-micro-v1:0')!;
    expect(micro.perThousandTokens).toEqual({
      input: { usd: '0.000035', source: 'aws-price-list-AmazonBedrock', usagetype: 'USE1-NovaMicro-input-tokens', sku: 'SKU1' },
      output: { usd: '0.00014', source: 'aws-price-list-AmazonBedrock', usagetype: 'USE1-NovaMicro-output-tokens', sku: 'SKU2' },
    });
    // $1.00 per 1M (FoundationModels "Units") = 0.001 per 1K, global scope.
    const haiku = document.prices.find((r) => r.model === 'anthropic.claude-haiku-4-5-20251001-v1:0')!;
    expect([haiku.scope, (haiku.perThousandTokens!.input as { usd: string }).usd]).toEqual(['global', '0.001']);
  });

  it('propagates a failure (the caller decides to fall back)', async () => {
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), { name: 'AccessDeniedException' }));
    await expect(new AwsPriceListReader(client).read(['us-east-1'])).rejects.toThrow(/pricing:GetProducts/);
  });

  it('builds its client in us-east-1, whichever Region is priced', async () => {
    expect(await createPricingClient().config.region()).toBe('us-east-1');
  });
});
