import { describe, expect, it } from 'vitest';
import { MODEL_TABLE, modelById, modelForRow } from '../../src/pricelist/model-names.js';

const fm = (servicename: string) => ({ servicecode: 'AmazonBedrockFoundationModels', servicename });
const ab = (model: string) => ({ servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock', model });

describe('Price List display names map to model IDs, row by row', () => {
  const cases: Array<[Record<string, string>, string | undefined, string]> = [
    [fm('Claude Sonnet 4.6 (Amazon Bedrock Edition)'), undefined, 'anthropic.claude-sonnet-4-6-v1:0'],
    [fm('Claude Haiku 4.5 (Amazon Bedrock Edition)'), undefined, 'anthropic.claude-haiku-4-5-20251001-v1:0'],
    [fm('Claude 3.5 Sonnet (Amazon Bedrock Edition)'), undefined, 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    [fm('Claude 3.5 Sonnet v2 (Amazon Bedrock Edition)'), undefined, 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
    [fm('Claude Opus 4.1 (Amazon Bedrock Edition)'), undefined, 'anthropic.claude-opus-4-1-20250805-v1:0'],
    [fm('OpenAI GPT-6 Astra (Amazon Bedrock Edition)'), undefined, 'openai.gpt-6-astra'],
    [ab('Nova Micro'), 'NovaMicro', 'amazon.nova-micro-v1:0'],
    [ab('Nova 2.0 Lite'), 'Nova2.0Lite', 'amazon.nova-2-lite-v1:0'],
    [ab('Titan Embeddings G1 Image'), 'TitanEmbeddingsG1-Image', 'amazon.titan-embed-image-v1'],
    [ab('TitanEmbeddingsV2-Text-input'), 'TitanEmbeddingV2-Text', 'amazon.titan-embed-text-v2:0'],
    [ab('Llama 4 Maverick 17B Instruct'), 'Llama4-Maverick-17B', 'meta.llama4-maverick-17b-instruct-v1:0'],
    [ab('Mistral Large'), 'MistralLarge', 'mistral.mistral-large-2402-v1:0'],
    // Spellings a public Price List reader maps (lmux update_bedrock_pricing.py).
    [ab('R1'), undefined, 'deepseek.r1-v1:0'],
    [ab('Llama 3.1 8B'), undefined, 'meta.llama3-1-8b-instruct-v1:0'],
    [fm('Cohere Embed 4 Model (Amazon Bedrock Edition)'), undefined, 'cohere.embed-v4:0'],
    [fm('Cohere Generate Model - Command-Light (Amazon Bedrock Edition)'), undefined, 'cohere.command-light-text-v14'],
    [ab(''), 'TitanTextG1-Express', 'amazon.titan-text-express-v1'],
    // No `model` attribute (mantle rows): the usagetype's model ID decides.
    [{ servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock' }, 'qwen.qwen3-32b', 'qwen.qwen3-32b-v1:0'],
  ];
  it.each(cases)('%j (%s) -> %s', (attributes, token, expected) => {
    expect(modelForRow(attributes, token)?.modelId).toBe(expected);
  });

  it('an unknown name maps to nothing, never to the nearest model', () => {
    expect(modelForRow(fm('Claude Sonnet 4.7 (Amazon Bedrock Edition)'), undefined)).toBeUndefined();
    expect(modelForRow(ab('Nova Micro 2'), 'NovaMicro2')).toBeUndefined();
    // A FoundationModels row is matched by servicename only: "Nova Micro" in `model` would not count.
    expect(modelForRow({ servicecode: 'AmazonBedrockFoundationModels', servicename: 'Something (Amazon Bedrock Edition)', model: 'Nova Micro' }, undefined)).toBeUndefined();
  });

  it('every name and usagetype token in the table belongs to exactly one model, and IDs are unique', () => {
    const ids = MODEL_TABLE.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Map<string, string>();
    for (const m of MODEL_TABLE) {
      for (const name of [...m.priceListNames.map((n) => `name:${n.toLowerCase()}`), ...(m.usagetypeTokens ?? []).map((t) => `token:${t.toLowerCase()}`)]) {
        expect(seen.get(name), `${name} is claimed by ${seen.get(name)} and ${m.modelId}`).toBeUndefined();
        seen.set(name, m.modelId);
      }
      for (const name of m.priceListNames) expect(modelForRow(fm(name), undefined)?.modelId ?? modelForRow(ab(name), undefined)?.modelId).toBe(m.modelId);
      expect(modelById(m.modelId)).toBe(m);
    }
  });
});
