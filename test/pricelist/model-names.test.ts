import { describe, expect, it } from 'vitest';
import { ModelDirectory } from '../../src/pricelist/identity.js';
import {
  identifyRow, MODEL_TABLE, modelById, modelForRow, PRICE_LIST_NAME_EXCEPTIONS, TABLE_DIRECTORY, USAGETYPE_TOKEN_EXCEPTIONS,
} from '../../src/pricelist/model-names.js';

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

  it('a name no directory knows is still identified from the row, never as the nearest model', () => {
    // Claude Sonnet 4.7 is not Claude Sonnet 4.6: a new model, identified by its name's words.
    expect(identifyRow(fm('Claude Sonnet 4.7 (Amazon Bedrock Edition)'), undefined)).toEqual({
      modelId: 'claude-sonnet-4-7', name: 'Claude Sonnet 4.7', provider: 'not stated in the Price List row', identity: 'price-list-name',
    });
    expect(identifyRow(ab('Nova Micro 2'), 'NovaMicro2')).toMatchObject({ modelId: 'nova-micro-2', identity: 'price-list-name' });
    // An AmazonBedrock usagetype that carries a model ID names the model by it.
    expect(identifyRow({ servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock' }, 'deepseek.v3.2')).toEqual({
      modelId: 'deepseek.v3.2', name: 'deepseek.v3.2', provider: 'deepseek', identity: 'usagetype-model-id',
    });
    expect(identifyRow({ servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock', model: 'DeepSeek V3.2', provider: 'DeepSeek' }, 'deepseek.v3.2')).toMatchObject({
      modelId: 'deepseek.v3.2', name: 'DeepSeek V3.2', provider: 'DeepSeek',
    });
    // A FoundationModels row is matched by servicename only: "Nova Micro" in `model` would not count.
    expect(modelForRow({ servicecode: 'AmazonBedrockFoundationModels', servicename: 'Something (Amazon Bedrock Edition)', model: 'Nova Micro' }, undefined)).toBeUndefined();
    // A row that names no model at all has no identity.
    expect(identifyRow({ servicecode: 'AmazonBedrockFoundationModels' }, undefined)).toBeUndefined();
  });

  it("the account's ListFoundationModels names a model the table lacks by its real ID", () => {
    const account = new ModelDirectory([{ modelId: 'anthropic.claude-sonnet-4-7-v1:0', name: 'Claude Sonnet 4.7', provider: 'Anthropic' }]);
    expect(identifyRow(fm('Claude Sonnet 4.7 (Amazon Bedrock Edition)'), undefined, account)).toEqual({
      modelId: 'anthropic.claude-sonnet-4-7-v1:0', name: 'Claude Sonnet 4.7', provider: 'Anthropic', identity: 'account-directory',
    });
    // A model the table knows keeps its table entry (its facts), whatever the account lists.
    expect(identifyRow(fm('Claude Haiku 4.5 (Amazon Bedrock Edition)'), undefined, account)?.entry?.modelId).toBe('anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('every exception names a table model, and is needed: the word rule alone would not find it', () => {
    const ids = MODEL_TABLE.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, id] of Object.entries(PRICE_LIST_NAME_EXCEPTIONS)) {
      expect(modelById(id), `${name} -> ${id}`).toBeDefined();
      expect(TABLE_DIRECTORY.byName(name)?.modelId, `${name} is found without the exception`).not.toBe(id);
      expect(modelForRow(fm(name), undefined)?.modelId ?? modelForRow(ab(name), undefined)?.modelId).toBe(id);
    }
    for (const [token, id] of Object.entries(USAGETYPE_TOKEN_EXCEPTIONS)) {
      expect(modelById(id), `${token} -> ${id}`).toBeDefined();
      expect(TABLE_DIRECTORY.byName(token)?.modelId, `${token} is found without the exception`).not.toBe(id);
    }
    // Short: a few dozen spellings for ~100 models (it held 233 before identity was read from the rows).
    expect(Object.keys(PRICE_LIST_NAME_EXCEPTIONS).length + Object.keys(USAGETYPE_TOKEN_EXCEPTIONS).length).toBeLessThanOrEqual(50);
  });
});
