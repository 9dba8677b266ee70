import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { buildCatalog } from '../../src/pricelist/build.js';
import { idKeys, idStem, nameKey } from '../../src/pricelist/identity.js';
import { ModelResolver } from '../../src/usage/resolve.js';

describe('words of names and IDs', () => {
  it.each([
    ['Claude Haiku 4.5 (Amazon Bedrock Edition)', 'claude haiku 4 5'],
    ['Nova 2.0 Lite', 'nova 2 lite'],
    ['Nova2.0Lite', 'nova 2 lite'],
    ['NovaMicro', 'nova micro'],
    ['Llama 3.1 8B Instruct', 'llama 3 1 8 b'],
    ['Claude 3.5 Sonnet v2', 'claude 3 5 sonnet v 2'],
  ])('%s -> %s', (name, key) => expect(nameKey(name)).toBe(key));

  it('an ID without its first version, its date or its provider', () => {
    expect(idStem('nvidia.nemotron-nano-3-30b:0')).toBe('nvidia.nemotron-nano-3-30b');
    expect(idStem('qwen.qwen3-vl-235b-a22b-v1:0')).toBe('qwen.qwen3-vl-235b-a22b');
    expect(idStem('openai.gpt-oss-120b-1:0')).toBe('openai.gpt-oss-120b');
    // A second version is another model.
    expect(idStem('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe('anthropic.claude-3-5-sonnet-20241022-v2');
    expect(idKeys('anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual(['anthropic claude haiku 4 5', 'claude haiku 4 5']);
    expect(idKeys('anthropic.claude-3-5-sonnet-20241022-v2:0')).toContain('claude 3 5 sonnet v 2');
    expect(idKeys('anthropic.claude-3-5-sonnet-20240620-v1:0')).not.toContain('claude 3 5 sonnet v 2');
  });
});

/** One FoundationModels row for `servicename`, in us-east-1, as GetProducts returns it. */
function fmRow(servicename: string, usagetype: string, usd: string): string {
  return JSON.stringify({
    serviceCode: 'AmazonBedrockFoundationModels',
    product: { sku: `SKU-${usagetype}`, attributes: { servicecode: 'AmazonBedrockFoundationModels', servicename, usagetype, regionCode: 'us-east-1' } },
    terms: { OnDemand: { t: { priceDimensions: { d: { unit: 'Units', pricePerUnit: { USD: usd } } } } } },
  });
}
function abRow(usagetype: string, usd: string, attributes: Record<string, string> = {}): string {
  return JSON.stringify({
    serviceCode: 'AmazonBedrock',
    product: { sku: `SKU-${usagetype}`, attributes: { servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock', usagetype, regionCode: 'us-east-1', ...attributes } },
    terms: { OnDemand: { t: { priceDimensions: { d: { unit: '1K tokens', pricePerUnit: { USD: usd } } } } } },
  });
}

const SOURCE = { title: 'test rows', url: 'test', readOn: '2026-12-01', reliability: 'PL' as const };

function catalogOf(pages: Array<{ serviceCode: string; priceList: string[] }>): PriceCatalog {
  const { document, problems } = buildCatalog({
    pages: pages.map((p) => ({ ...p, sourceId: 'rows' })),
    sources: { rows: SOURCE },
    generated: { by: 'test', at: '2026-12-01', from: ['test'] },
    today: '2026-12-01',
  });
  expect(problems).toEqual([]);
  return PriceCatalog.fromDocument(document, 'test catalog');
}

describe('models the table does not know are priced from their rows', () => {
  const catalog = catalogOf([
    { serviceCode: 'AmazonBedrockFoundationModels', priceList: [
      fmRow('Claude Sonnet 9 (Amazon Bedrock Edition)', 'USE1-MP:USE1_InputTokenCount-Units', '3.3'),
      fmRow('Claude Sonnet 9 (Amazon Bedrock Edition)', 'USE1-MP:USE1_InputTokenCount_Global-Units', '3'),
    ] },
    { serviceCode: 'AmazonBedrock', priceList: [
      abRow('USE1-deepseek.v3.2-input-tokens', '0.00062', { model: 'DeepSeek V3.2' }),
      abRow('USE1-nvidia.nemotron-nano-3-30b-input-tokens', '0.00006'),
    ] },
  ]);

  it('a FoundationModels name alone: found by the words of the ID the account invokes', () => {
    const resolver = new ModelResolver(undefined, (id) => catalog.canonicalId(id));
    for (const raw of ['anthropic.claude-sonnet-9-v1:0', 'anthropic.claude-sonnet-9', 'us.anthropic.claude-sonnet-9-v1:0', 'eu.anthropic.claude-sonnet-9-v1:0']) {
      const r = resolver.resolve(raw);
      expect(r, raw).toMatchObject({ kind: 'model', baseModelId: 'claude-sonnet-9' });
    }
    expect(catalog.prices('claude-sonnet-9', 'us-east-1', 'global')?.perThousandTokens.input?.usd.toFixed()).toBe('0.003');
    expect(catalog.model('anthropic.claude-sonnet-9-v1:0')?.identity).toBe('price-list-name');
    // Never the nearest: Claude Sonnet 9.5 is not Claude Sonnet 9.
    expect(catalog.canonicalId('anthropic.claude-sonnet-9-5-v1:0')).toBe('anthropic.claude-sonnet-9-5-v1:0');
  });

  it("the account's ListFoundationModels puts the real ID on a name-only model", () => {
    // An ID whose words are not the name's: only the account's list ties them together.
    expect(catalog.canonicalId('anthropic.sonnet-nine-v1:0')).toBe('anthropic.sonnet-nine-v1:0');
    const withAccount = catalog.withFoundationModels([{ modelId: 'anthropic.sonnet-nine-v1:0', modelName: 'Claude Sonnet 9' }]);
    expect(withAccount.canonicalId('anthropic.sonnet-nine-v1:0')).toBe('claude-sonnet-9');
    expect(withAccount.prices('anthropic.sonnet-nine-v1:0', 'us-east-1', 'geo')?.perThousandTokens.input?.usd.toFixed()).toBe('0.0033');
  });

  it('an AmazonBedrock usagetype model ID, invoked with or without its version suffix', () => {
    expect(catalog.canonicalId('deepseek.v3.2')).toBe('deepseek.v3.2');
    expect(catalog.canonicalId('deepseek.v3.2-v1:0')).toBe('deepseek.v3.2');
    // A usagetype ID that is a table model's without its version is that model.
    expect(catalog.canonicalId('nvidia.nemotron-nano-3-30b')).toBe('nvidia.nemotron-nano-3-30b:0');
    expect(catalog.model('nvidia.nemotron-nano-3-30b:0')?.identity).toBeUndefined();
    expect(catalog.model('deepseek.v3.2')).toMatchObject({ name: 'DeepSeek V3.2', provider: 'deepseek', modality: 'text', identity: 'usagetype-model-id' });
  });
});

describe('every spelling AWS accepts resolves to the bundled model', () => {
  const catalog = PriceCatalog.bundled();
  const resolver = new ModelResolver(undefined, (id) => catalog.canonicalId(id));
  const spellings: Array<[string, string, string]> = [
    ['nvidia.nemotron-nano-9b-v2', 'nvidia.nemotron-nano-9b-v2:0', 'in-region'],
    ['nvidia.nemotron-nano-3-30b', 'nvidia.nemotron-nano-3-30b:0', 'in-region'],
    ['us.nvidia.nemotron-super-3-120b', 'nvidia.nemotron-super-3-120b:0', 'geo'],
    ['qwen.qwen3-vl-235b-a22b', 'qwen.qwen3-vl-235b-a22b-v1:0', 'in-region'],
    ['anthropic.claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6-v1:0', 'in-region'],
    ['anthropic.claude-sonnet-4-6:200k', 'anthropic.claude-sonnet-4-6-v1:0', 'in-region'],
    ['amazon.nova-pro-v1:0:300k', 'amazon.nova-pro-v1:0', 'in-region'],
    ['amazon.nova-micro', 'amazon.nova-micro-v1:0', 'in-region'],
    ['openai.gpt-oss-120b', 'openai.gpt-oss-120b-1:0', 'in-region'],
    ['us.amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0', 'geo'],
    ['eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'geo'],
    ['apac.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'geo'],
    ['jp.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'geo'],
    ['au.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'geo'],
    ['ca.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'geo'],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'geo'],
    ['global.anthropic.claude-opus-4-6-v1', 'anthropic.claude-opus-4-6-v1:0', 'global'],
    ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k', 'anthropic.claude-3-haiku-20240307-v1:0', 'in-region'],
    ['arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0', 'geo'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6-v1:0', 'global'],
  ];
  it.each(spellings)('%s -> %s (%s)', (raw, baseModelId, scope) => {
    expect(resolver.resolve(raw)).toEqual({ kind: 'model', baseModelId, scope });
  });
});
