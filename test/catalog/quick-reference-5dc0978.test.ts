import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';

/**
 * The newer stored version of the offer-file extract (koyakimu/aws-bedrock-quick-reference data/prices.json at
 * commit 5dc0978, generatedAt 2026-09-21, the same 2026-09-17 publication as commit 1e0cc47). Figures typed
 * from the file as stored there, US$ per 1M tokens, per second or per image:
 *   byModel["twelvelabs.marengo-embed-3-0-v1:0"]["us-east-1"].metered: Audio 0.00014 / second, Image 0.0001 / image,
 *     Text 0.00007 / request, Video 0.0007 / second (the same in ap-northeast-2 and eu-west-1, and for Marengo 2.7)
 *   byModel["twelvelabs.pegasus-1-2-v1:0"]["eu-central-1"].metered: Video 0.00049 / second, scope standard and global
 *   byModel["openai.gpt-6-astra"]["ap-northeast-1"].global: 10 / 50, longContext 20 / 75 (from the AWS model card)
 *   byModel["openai.gpt-6-astra"]["ca-central-1"].standard: 11 / 55, longContext 22 / 82.5 (from the AWS model card)
 *   byModel["openai.gpt-5.6-sol"]["us-east-1"].standard: 4.4 / 22 (from the AWS model card), against the 5.5 / 33
 *     pydantic/genai-prices enters from the AWS pricing page
 *   byModel["moonshotai.kimi-k3"]["us-east-1"].global: 3 / 15 (a model the catalog does not know)
 *   byModel["stability.stable-fast-upscale-v1:0"]["us-east-2"].metered: Image 0.03 / image, and
 *   byModel["stability.stable-image-search-recolor-v1:0"]["us-east-2"].metered: Image 0.07 / image (from the AWS pricing page)
 */
const catalog = PriceCatalog.bundled();
const source = 'pl-offers-all-regions-2026-09-17-quick-reference-5dc0978';
const perMillion = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

describe('offer-file per-second and per-image rates and AWS model-card rates (koyakimu data/prices.json @ 5dc0978)', () => {
  it('prices Marengo Embed 3.0 per second of video and audio and per image, in the three Regions the file names', () => {
    for (const region of ['us-east-1', 'ap-northeast-2', 'eu-west-1']) {
      const row = catalog.prices('twelvelabs.marengo-embed-3-0-v1:0', region, 'in-region');
      expect(row?.perInputVideoSecond?.usd.toString(), region).toBe('0.0007');
      expect(row?.perInputAudioSecond?.usd.toString(), region).toBe('0.00014');
      expect(row?.perInputImage?.usd.toString(), region).toBe('0.0001');
      expect(row?.perInputVideoSecond?.source.id).toBe(source);
      expect(row?.perInputVideoSecond?.source.reliability).toBe('3P');
      // The per-request text rate has no catalog dimension: never read as a token price.
      expect(row?.perThousandTokens.input).toBeUndefined();
    }
  });

  it('prices Pegasus in-Region video seconds where the file gives them, not through a global profile', () => {
    expect(catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'eu-central-1', 'in-region')?.perInputVideoSecond?.usd.toString()).toBe('0.00049');
    expect(catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'eu-central-1', 'global')?.perInputVideoSecond).toBeUndefined();
    // ap-northeast-1 has only a global figure in the file: its in-Region seconds stay unpriced.
    expect(catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'ap-northeast-1', 'in-region')?.perInputVideoSecond).toBeUndefined();
  });

  it('prices GPT-6 Astra outside us-west-2 from its AWS model card: global in Tokyo, in-Region in Canada, with long context', () => {
    const tokyo = catalog.prices('openai.gpt-6-astra', 'ap-northeast-1', 'global')!.perThousandTokens;
    expect([perMillion(tokyo.input), perMillion(tokyo.output), perMillion(tokyo.longContextInput), perMillion(tokyo.longContextOutput)]).toEqual(['10', '50', '20', '75']);
    expect(tokyo.input?.source.id).toBe(source);
    const canada = catalog.prices('openai.gpt-6-astra', 'ca-central-1', 'in-region')!.perThousandTokens;
    expect([perMillion(canada.input), perMillion(canada.output), perMillion(canada.longContextInput), perMillion(canada.longContextOutput)]).toEqual(['11', '55', '22', '82.5']);
  });

  it('prices Stability image services per image in us-east-2, including one whose ID holds a dimension word', () => {
    const upscale = catalog.prices('stability.stable-fast-upscale-v1:0', 'us-east-2', 'in-region')?.perImageByTier;
    expect(upscale?.default?.usd.toString()).toBe('0.03');
    expect(upscale?.default?.source.id).toBe(source);
    // `search-recolor` reads as a dimension word in a usagetype, so the row names the model instead: still this model.
    expect(catalog.prices('stability.stable-image-search-recolor-v1:0', 'us-east-2', 'in-region')?.perImageByTier.default?.usd.toString()).toBe('0.07');
  });

  it('takes nothing of GPT-5.6 Sol, whose card figures differ from the AWS-page figures read in us-east-1, and nothing of a model the catalog does not know', () => {
    expect(perMillion(catalog.prices('openai.gpt-5.6-sol', 'us-east-1', 'in-region')?.perThousandTokens.input)).toBe('5.5');
    expect(catalog.prices('openai.gpt-5.6-sol', 'ap-northeast-1', 'global')).toBeUndefined();
    expect(catalog.prices('moonshotai.kimi-k3', 'us-east-1', 'global')).toBeUndefined();
  });
});
