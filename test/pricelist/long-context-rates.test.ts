import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { TokenDimension } from '../../src/catalog/schema.js';

/**
 * Claude Sonnet 4 / 4.5 bill a request above 200K input tokens at long-context rates. The bundled
 * catalog takes them from LiteLLM's *_above_200k_tokens fields (Prajwalsrinvas/token-tariff @ 77b8722,
 * scripts/transcribe-litellm.ts), only for the models the catalog knows bill so and only beside a
 * standard rate for the same Region and scope. The expected figures below are typed from that file.
 */
const catalog = PriceCatalog.bundled();
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Long-context dimension, the standard dimension it stands beside, and the multiple seen in every LiteLLM entry. */
const PAIRS: ReadonlyArray<[TokenDimension, TokenDimension, string]> = [
  ['longContextInput', 'input', '2'],
  ['longContextOutput', 'output', '1.5'],
  ['longContextCacheRead', 'cacheRead', '2'],
  ['longContextCacheWrite5m', 'cacheWrite5m', '2'],
  ['longContextCacheWrite1h', 'cacheWrite1h', '2'],
];

function perThousand(modelId: string, region: string, scope: 'in-region' | 'global'): Record<string, string | undefined> {
  const p = catalog.prices(modelId, region, scope)!.perThousandTokens;
  return Object.fromEntries(PAIRS.map(([lc]) => [lc, p[lc]?.usd.toFixed()]));
}

describe('long-context rates of Claude Sonnet 4 / 4.5', () => {
  it('Sonnet 4.5 in us-east-1: the us. entry in-Region ($6.60 / $24.75 per 1M), the global. entry global ($6 / $22.50)', () => {
    // LiteLLM us.anthropic.claude-sonnet-4-5-20250929-v1:0: 6.6e-06, 2.475e-05, cache read 6.6e-07, write 8.25e-06, 1h write 1.32e-05 per token.
    expect(perThousand(SONNET_4_5, 'us-east-1', 'in-region')).toEqual({
      longContextInput: '0.0066', longContextOutput: '0.02475', longContextCacheRead: '0.00066', longContextCacheWrite5m: '0.00825', longContextCacheWrite1h: '0.0132',
    });
    // LiteLLM global.anthropic.claude-sonnet-4-5-20250929-v1:0: 6e-06, 2.25e-05, 6e-07, 7.5e-06, 1.2e-05.
    expect(perThousand(SONNET_4_5, 'us-east-1', 'global')).toEqual({
      longContextInput: '0.006', longContextOutput: '0.0225', longContextCacheRead: '0.0006', longContextCacheWrite5m: '0.0075', longContextCacheWrite1h: '0.012',
    });
    // eu. in an EU Region: the same in-Region figure.
    expect(perThousand(SONNET_4_5, 'eu-west-1', 'in-region').longContextInput).toBe('0.0066');
  });

  it('Sonnet 4 in us-east-1: $6 / $22.50 per 1M, no 1-hour write (the model takes the 5-minute TTL only)', () => {
    expect(perThousand(SONNET_4, 'us-east-1', 'in-region')).toEqual({
      longContextInput: '0.006', longContextOutput: '0.0225', longContextCacheRead: '0.0006', longContextCacheWrite5m: '0.0075', longContextCacheWrite1h: undefined,
    });
  });

  it('each cites the LiteLLM entry and field it was read from', () => {
    const lc = catalog.prices(SONNET_4_5, 'us-east-1', 'in-region')!.perThousandTokens.longContextInput!;
    expect(lc.source.id).toBe('litellm-bedrock-geo-profiles');
    // The geo page places a profile's price on its geography's Regions by a rule, so the price is marked derived and names its entry.
    expect(lc.derivedFrom).toBe('LiteLLM "us.anthropic.claude-sonnet-4-5-20250929-v1:0" input_cost_per_token_above_200k_tokens');
  });

  it('wherever a Claude row has a long-context rate: its standard input is priced, and the rate is 2x input and cache, 1.5x output', () => {
    let checked = 0;
    for (const r of catalog.allPrices()) {
      if (!r.modelId.startsWith('anthropic.')) continue;
      const p = r.perThousandTokens;
      const where = `${r.modelId} ${r.region} ${r.priceScope}`;
      if (PAIRS.some(([lc]) => p[lc])) expect(p.input, `${where}: long-context rate without a standard input rate`).toBeDefined();
      for (const [lc, base, times] of PAIRS) {
        const l = p[lc];
        const b = p[base];
        if (!l || !b) continue;
        expect(l.usd.equals(b.usd.times(times)), `${where} ${lc} ${l.usd} vs ${times} x ${base} ${b.usd}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('only the Claude models the catalog knows bill above a threshold carry long-context rates', () => {
    const withRates = new Set(catalog.allPrices().filter((r) => r.modelId.startsWith('anthropic.') && PAIRS.some(([lc]) => r.perThousandTokens[lc])).map((r) => r.modelId));
    for (const id of withRates) expect(catalog.model(id)?.longContext, id).toBeDefined();
    // LiteLLM writes *_above_200k_tokens on Claude 3.5 Sonnet too (a 200K-context model): not taken.
    expect(withRates.has('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe(false);
    expect([...withRates].sort()).toEqual([SONNET_4, SONNET_4_5]);
  });
});
