import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { foundationModelOf, parseModelId } from '../../src/model-id.js';
import { idStem } from '../../src/pricelist/identity.js';
import { readListedModels } from '../../src/pricelist/bundled.js';

/**
 * Every spelling AWS accepts for a model resolves to the catalog model its prices are on: the ID with
 * and without its first-version suffix, with a context suffix, through every geo prefix and `global.`,
 * and as a foundation-model or inference-profile ARN. Drawn over every model the bundled catalog
 * prices (the models identified from Price List rows and transcriptions included).
 */
const catalog = PriceCatalog.bundled();
const priced = [...new Set(catalog.allPrices().map((r) => r.modelId))].sort();
const PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov'] as const;

/** What usage resolves a spelling to: the catalog ID and the scope it bills at. */
function resolve(spelling: string) {
  return foundationModelOf(parseModelId(spelling), (id) => catalog.canonicalId(id));
}

/** Spellings of one model ID: as written, and without its first-version suffix where it has one. */
function bareSpellings(modelId: string): string[] {
  return [...new Set([modelId, idStem(modelId)])];
}

describe('every spelling of a priced model resolves to it', () => {
  it('has models to draw from', () => {
    expect(priced.length).toBeGreaterThan(120);
  });

  it('the ID with or without its version suffix, with a context suffix, through any geo prefix or global., or as an ARN', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...priced),
        fc.boolean(),
        fc.option(fc.constantFrom('8k', '24k', '128k', '200k', '300k', '1m'), { nil: undefined }),
        fc.constantFrom('bare', 'global', 'foundation-model-arn', 'profile-arn', ...PREFIXES),
        fc.constantFrom('us-east-1', 'eu-central-1', 'ap-northeast-1'),
        (modelId, stripVersion, context, form, region) => {
          const id = stripVersion ? idStem(modelId) : modelId;
          const withContext = context ? `${id}:${context}` : id;
          const spelling =
            form === 'bare' ? withContext
              : form === 'global' ? `global.${withContext}`
                : form === 'foundation-model-arn' ? `arn:aws:bedrock:${region}::foundation-model/${withContext}`
                  : form === 'profile-arn' ? `arn:aws:bedrock:${region}:123456789012:inference-profile/eu.${withContext}`
                    : `${form}.${withContext}`;
          const resolved = resolve(spelling);
          expect(resolved?.baseModelId, spelling).toBe(modelId);
          const scope = form === 'global' ? 'global' : form === 'bare' || form === 'foundation-model-arn' ? 'in-region' : 'geo';
          expect(resolved?.scope, spelling).toBe(scope);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('every model ID the recorded us-east-1 ListFoundationModels response lists resolves to a catalog model, variants included', () => {
    // The response lists provisioned variants after the version: `:24k`, `:200k`, and also `:mm`
    // (Nova Premier's multimodal variant) and `:512` (Cohere Embed v3's): each is its base model.
    const listed = readListedModels().models.map((m) => m.modelId);
    expect(listed).toEqual(expect.arrayContaining(['amazon.nova-premier-v1:0:mm', 'cohere.embed-english-v3:0:512', 'cohere.embed-multilingual-v3:0:512']));
    const unresolved = listed.filter((id) => !catalog.model(resolve(id)!.baseModelId));
    expect(unresolved).toEqual([]);
    expect(resolve('amazon.nova-premier-v1:0:mm')).toEqual({ baseModelId: 'amazon.nova-premier-v1:0', scope: 'in-region' });
    expect(resolve('arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-english-v3:0:512')).toEqual({ baseModelId: 'cohere.embed-english-v3', scope: 'in-region' });
    expect(resolve('us.amazon.nova-premier-v1:0:mm')).toEqual({ baseModelId: 'amazon.nova-premier-v1:0', scope: 'geo' });
    // A single `:<number>` is a version, not a variant: `anthropic.claude-v2:1` keeps it.
    expect(parseModelId('anthropic.claude-v2:1').baseModelId).toBe('anthropic.claude-v2:1');
    expect(parseModelId('amazon.nova-premier-v1:0:mm').contextSuffix).toBe('mm');
  });

  it('each alias the catalog lists (an older ID of the same model) resolves to the model, with or without its version', () => {
    for (const model of catalog.allModels()) {
      for (const alias of model.aliases ?? []) {
        for (const spelling of bareSpellings(alias)) expect(resolve(`us.${spelling}`)?.baseModelId, spelling).toBe(model.modelId);
      }
    }
  });

  it('a geo profile of a model priced outside the US finds that Region\'s price; global. finds only a global row', () => {
    const sonnet = 'anthropic.claude-sonnet-4-6';
    for (const region of ['eu-central-1', 'eu-west-1', 'eu-west-3']) {
      const geo = catalog.prices(resolve(`eu.${sonnet}`)!.baseModelId, region, 'geo');
      expect(geo?.perThousandTokens.input?.usd.toFixed(), region).toBe('0.0033');
      const global = catalog.prices(resolve(`global.${sonnet}`)!.baseModelId, region, 'global');
      expect(global?.perThousandTokens.input?.usd.toFixed(), region).toBe('0.003');
    }
    expect(catalog.prices(resolve(`jp.${sonnet}`)!.baseModelId, 'ap-northeast-1', 'geo')?.perThousandTokens.input?.usd.toFixed()).toBe('0.0033');
    expect(catalog.prices(resolve(`au.${sonnet}`)!.baseModelId, 'ap-southeast-2', 'geo')?.perThousandTokens.input?.usd.toFixed()).toBe('0.0033');
  });
});
