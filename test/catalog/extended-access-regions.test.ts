import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';

/**
 * Figures from public quotes of AWS pages, written out by hand from the quotes (per 1M tokens, so
 * the catalog's per-1K figures are a thousandth of them):
 *
 * The Bedrock pricing page's "Models with extended access" table, as three public files quote it
 * (retrieved 2026-02-21, 2026-07-29 and 2026-09-06):
 *   "Claude 3.5 Sonnet (Public Extended Access, Effective 1 Dec 2025)": US East (N. Virginia), US East
 *     (Ohio), US West (Oregon), Europe (Frankfurt), Europe (Ireland), Europe (Zurich), Europe (Paris):
 *     $6.00 input, $30.00 output, $3.00 batch input, $15.00 batch output; cache write and read N/A.
 *   "Claude 3.5 Sonnet v2 (Public Extended Access, Effective 1 Dec 2025)": the three US Regions only:
 *     the same four rates, cache write $7.50, cache read $0.60.
 *
 * The AWS GPT-6 Astra model card, as a public note of 2026-09-27 quotes it: "Short Context Window
 * (272K)" $11.00 input / $55.00 output, "Long Context Window (1.05M)" $22.00 / $82.50 (Geo CRIS).
 */
const catalog = PriceCatalog.bundled();
const V1 = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const V2 = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const perMillion = (d: { usd: { times(n: number): { toFixed(): string } } } | undefined) => d?.usd.times(1000).toFixed();

describe('Claude 3.5 Sonnet under public extended access, Region by Region (the pricing page row, quoted)', () => {
  const v1Regions = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-central-1', 'eu-west-1', 'eu-central-2', 'eu-west-3'];

  it.each(v1Regions)('v1 in %s: $6 / $30 on demand, $3 / $15 batch, from the extended-access page', (region) => {
    const t = catalog.prices(V1, region, 'in-region')!.perThousandTokens;
    expect([perMillion(t.input), perMillion(t.output), perMillion(t.batchInput), perMillion(t.batchOutput)]).toEqual(['6', '30', '3', '15']);
    expect(t.input!.source.id).toBe('claude-3-5-sonnet-extended-access');
    // A third-party quote of an AWS page, marked so: never shown as a Price List read.
    expect(t.input!.source.reliability).toBe('3P');
    // The row says "N/A" for v1's cache: no cache rate is priced for it.
    expect(t.cacheRead).toBeUndefined();
    expect(t.cacheWrite5m).toBeUndefined();
  });

  it.each(['us-east-1', 'us-east-2', 'us-west-2'])('v2 in %s: $6 / $30, batch $3 / $15, cache write $7.50 and read $0.60', (region) => {
    const t = catalog.prices(V2, region, 'in-region')!.perThousandTokens;
    expect([perMillion(t.input), perMillion(t.output), perMillion(t.batchInput), perMillion(t.batchOutput)]).toEqual(['6', '30', '3', '15']);
    expect([perMillion(t.cacheWrite5m), perMillion(t.cacheRead)]).toEqual(['7.5', '0.6']);
    expect(t.cacheWrite5m!.source.id).toBe('claude-3-5-sonnet-extended-access');
  });

  it('v2 is listed in the US Regions only, so its European rates stay unpriced (not copied from v1)', () => {
    for (const region of ['eu-central-1', 'eu-west-1', 'eu-central-2', 'eu-west-3']) {
      expect(catalog.prices(V2, region, 'in-region')?.perThousandTokens.input, region).toBeUndefined();
    }
  });

  it('no Region outside the table gets an extended-access price: the extracts\' pre-extended-access $3 / $15 stay out', () => {
    for (const region of ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'eu-north-1']) {
      expect(catalog.prices(V1, region, 'in-region')?.perThousandTokens.input, region).toBeUndefined();
      expect(catalog.prices(V2, region, 'in-region')?.perThousandTokens.input, region).toBeUndefined();
    }
  });
});

describe('GPT-6 Astra: requests above 272,000 input tokens bill at its long-context rates (the AWS model card, quoted)', () => {
  it('carries the 272K threshold with its source', () => {
    const facts = catalog.model('openai.gpt-6-astra')!;
    expect(facts.longContext?.thresholdInputTokens).toBe(272_000);
    expect(facts.longContext?.source).toBe('aws-gpt-6-astra-card');
  });

  it('the card\'s short and long tables are the us-west-2 offer-file rows the catalog reads: $11 / $55 and $22 / $82.50', () => {
    const t = catalog.prices('openai.gpt-6-astra', 'us-west-2', 'in-region')!.perThousandTokens;
    expect([perMillion(t.input), perMillion(t.output)]).toEqual(['11', '55']);
    expect([perMillion(t.longContextInput), perMillion(t.longContextOutput)]).toEqual(['22', '82.5']);
  });
});

/**
 * The AWS GPT-5.4 model card, as a public test suite quotes it (markdown card fetched 2026-10-04):
 * "Commercial Regions — short context (272K input tokens or fewer)", In-Region $2.75 input, $0.275 cache
 * read, $16.50 output per 1M.
 */
describe('GPT-5.4: requests above 272,000 input tokens bill at its long-context rates (the AWS model card, quoted)', () => {
  it('carries the 272K threshold with its source; GPT-5.5, whose card no quote shows, carries none', () => {
    const facts = catalog.model('openai.gpt-5.4')!;
    expect(facts.longContext?.thresholdInputTokens).toBe(272_000);
    expect(facts.longContext?.source).toBe('aws-gpt-5-4-card');
    expect(catalog.model('openai.gpt-5.5')!.longContext).toBeUndefined();
  });

  it.each(['us-east-2', 'us-west-2'])('the card\'s short-context In-Region row is the rate card\'s in %s: $2.75 / $16.50, cache read $0.275', (region) => {
    const t = catalog.prices('openai.gpt-5.4', region, 'in-region')!.perThousandTokens;
    expect([perMillion(t.input), perMillion(t.output), perMillion(t.cacheRead)]).toEqual(['2.75', '16.5', '0.275']);
    // And a long-context rate to apply above the threshold: $5.50 / $24.75 (the rate card's).
    expect([perMillion(t.longContextInput), perMillion(t.longContextOutput)]).toEqual(['5.5', '24.75']);
  });
});
