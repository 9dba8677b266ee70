import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import bundled from '../../src/catalog/data/bedrock-prices.json' with { type: 'json' };
import type { CatalogFile, PriceValue } from '../../src/catalog/schema.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The Price List adapter with the real @aws-sdk/client-pricing over HTTP (awsJson1_1) against the
 * loopback stub, which serves the recorded pages: a live read must reproduce every bundled price
 * that was read (not derived) in the Regions read.
 */
let stub: AwsStub;
let failing: AwsStub;

beforeAll(async () => {
  stub = await startAwsStub();
  failing = await startAwsStub({ pricing: { products: {}, fail: true } });
  pointSdkAtStub(stub);
});

afterAll(async () => {
  await stub?.close();
  await failing?.close();
});

beforeEach(() => {
  for (const s of [stub, failing]) s.reset();
});

const usdOf = (v: PriceValue) => (typeof v === 'string' ? v : v.usd);

describe('Price List read end to end', () => {
  it('pages through GetProducts for both service codes and reproduces the bundled prices', async () => {
    const { AwsPriceListReader, createPricingClient } = await import('../../src/aws/price-list.js');
    const { buildLiveCatalog } = await import('../../src/pricelist/live.js');
    const regions = ['us-east-1', 'us-west-2'];
    const read = await new AwsPriceListReader(createPricingClient(), () => '2026-11-24').read(regions);
    const { document, problems } = buildLiveCatalog(read, regions, '2026-11-24', 'test');

    // The rows the bundled build leaves out on purpose are reported by the live read too, and nothing else.
    const { LEFT_OUT_ON_PURPOSE } = await import('../../src/pricelist/bundled.js');
    expect(problems.map((p) => `${p.usagetype} ${p.kind}`).sort()).toEqual(LEFT_OUT_ON_PURPOSE.map((l) => `${l.usagetype} ${l.kind}`).sort());
    // 106 + 16 + 7 + … AmazonBedrock products in us-east-1 do not fit one page of 100.
    expect(read.calls[0]).toMatch(/^GetProducts AmazonBedrock us-east-1 \([2-9] pages, \d+ products\)$/);
    expect(stub.requests.filter((r) => r.operation === 'GetProducts').every((r) => r.status === 200 && r.region === 'us-east-1')).toBe(true);

    const live = new Map(document.prices.map((r) => [`${r.model}|${r.region}|${r.scope}`, r]));
    const doc = bundled as CatalogFile;
    let compared = 0;
    for (const row of doc.prices.filter((r) => regions.includes(r.region))) {
      for (const [dim, value] of Object.entries(row.perThousandTokens ?? {})) {
        if (typeof value !== 'string' && doc.sources[value.source]?.reliability === 'derived') continue;
        // LiteLLM's transcription is not the Price List: the stub serves only the pages that stand for it.
        if (typeof value !== 'string' && value.source.startsWith('litellm-')) continue;
        const mine = live.get(`${row.model}|${row.region}|${row.scope}`)?.perThousandTokens?.[dim as 'input'];
        expect(mine && usdOf(mine), `${row.model} ${row.region} ${row.scope} ${dim}`).toBe(usdOf(value));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(250);
  });

  it('fails loudly when the role may not call pricing:GetProducts', async () => {
    const { AwsPriceListReader, createPricingClient } = await import('../../src/aws/price-list.js');
    const client = createPricingClient({ endpoint: failing.url });
    await expect(new AwsPriceListReader(client).read(['us-east-1'])).rejects.toThrow(/pricing:GetProducts/);
  });
});
