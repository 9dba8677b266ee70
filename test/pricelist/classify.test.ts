import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyUsagetype, REGION_PREFIXES, type Classification } from '../../src/pricelist/classify.js';

/** Every naming style the Price List uses (the AmazonBedrock and AmazonBedrockFoundationModels Price List rows), classified by hand. */
const cases: Array<[string, Classification]> = [
  // AmazonBedrock, kebab-case, model named in the usagetype
  ['USE1-NovaMicro-input-tokens', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'input' }, scope: 'in-region' }],
  ['USE1-NovaMicro-output-tokens-batch', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'batchOutput' }, scope: 'in-region' }],
  ['USE1-NovaMicro-input-tokens-flex', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'flexInput' }, scope: 'in-region' }],
  ['USE1-NovaMicro-input-tokens-priority', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'priorityInput' }, scope: 'in-region' }],
  ['USE1-NovaMicro-input-tokens-cross-region-global', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'input' }, scope: 'global' }],
  ['USE1-NovaMicro-cache-read-input-token-count', { regionPrefix: 'USE1', modelToken: 'NovaMicro', dimension: { kind: 'token', dimension: 'cacheRead' }, scope: 'in-region' }],
  ['USE1-Nova2.0Lite-input-tokens-custom-model', { regionPrefix: 'USE1', modelToken: 'Nova2.0Lite', dimension: { kind: 'token', dimension: 'customModelInput' }, scope: 'in-region' }],
  ['USE1-NovaSonic-speech-output-tokens', { regionPrefix: 'USE1', modelToken: 'NovaSonic', dimension: { kind: 'token', dimension: 'speechOutput' }, scope: 'in-region' }],
  ['USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits', { regionPrefix: 'USE1', modelToken: 'Nova2.0Lite', dimension: { kind: 'modelUnitHour', term: 'noCommit' }, scope: 'in-region' }],
  ['USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits', { regionPrefix: 'USE1', modelToken: 'Nova2.0Lite', dimension: { kind: 'modelUnitHour', term: 'oneMonth' }, scope: 'in-region' }],
  ['USW2-Llama3-1-70B-ProvisionedThroughput-6month-ModelUnits', { regionPrefix: 'USW2', modelToken: 'Llama3-1-70B', dimension: { kind: 'modelUnitHour', term: 'sixMonth' }, scope: 'in-region' }],
  ['USE1-Nova2.0Lite-Customization-Training', { regionPrefix: 'USE1', modelToken: 'Nova2.0Lite', dimension: { kind: 'training' }, scope: 'in-region' }],
  ['USE1-Nova2.0Lite-Customization-Storage', { regionPrefix: 'USE1', modelToken: 'Nova2.0Lite', dimension: { kind: 'storage' }, scope: 'in-region' }],
  ['USE1-TitanEmbeddingsG1-Image-input-image', { regionPrefix: 'USE1', modelToken: 'TitanEmbeddingsG1-Image', dimension: { kind: 'inputImage' }, scope: 'in-region' }],
  ['USE1-NovaCanvas-output-image-2048-premium', { regionPrefix: 'USE1', modelToken: 'NovaCanvas', dimension: { kind: 'image', tier: '2048x2048/premium' }, scope: 'in-region' }],
  ['USE1-NovaReel-output-video-720p', { regionPrefix: 'USE1', modelToken: 'NovaReel', dimension: { kind: 'videoSecond', tier: '720p' }, scope: 'in-region' }],
  ['USW2-CohereRerank3.5-queries', { regionPrefix: 'USW2', modelToken: 'CohereRerank3.5', dimension: { kind: 'query' }, scope: 'in-region' }],
  ['USE1-MP:USE1_search_units-Units', { regionPrefix: 'USE1', dimension: { kind: 'query' }, scope: 'in-region' }],
  // mantle: the usagetype names the model ID; the -mantle marker is not part of it
  ['USE1-deepseek.v3.2-mantle-cache-read-input-tokens-standard', { regionPrefix: 'USE1', modelToken: 'deepseek.v3.2', dimension: { kind: 'token', dimension: 'cacheRead' }, scope: 'in-region' }],
  ['USE1-qwen.qwen3-32b-mantle-input-tokens-standard', { regionPrefix: 'USE1', modelToken: 'qwen.qwen3-32b', dimension: { kind: 'token', dimension: 'input' }, scope: 'in-region' }],
  ['USE1-qwen.qwen3-32b-mantle-input-tokens-batch', { regionPrefix: 'USE1', modelToken: 'qwen.qwen3-32b', dimension: { kind: 'token', dimension: 'batchInput' }, scope: 'in-region' }],
  // FoundationModels, CamelCase (Claude up to 4.6)
  ['USW2-MP:USW2_InputTokenCount-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'input' }, scope: 'in-region' }],
  ['USW2-MP:USW2_InputTokenCount_Global-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'input' }, scope: 'global' }],
  ['USW2-MP:USW2_CacheWrite1hInputTokenCount_Global-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'cacheWrite1h' }, scope: 'global' }],
  ['USW2-MP:USW2_CacheWriteInputTokenCount-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'cacheWrite5m' }, scope: 'in-region' }],
  ['USW2-MP:USW2_CacheReadInputTokenCount-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'cacheRead' }, scope: 'in-region' }],
  ['USW2-MP:USW2_InputTokenCount_LCtx-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'longContextInput' }, scope: 'in-region' }],
  ['USW2-MP:USW2_InputTokenCount_Batch-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'batchInput' }, scope: 'in-region' }],
  ['USW2-MP:USW2_ProvisionedThroughput_1MonthCommit_ModelUnits_Usage-Units', { regionPrefix: 'USW2', dimension: { kind: 'modelUnitHour', term: 'oneMonth' }, scope: 'in-region' }],
  ['USW2-MP:USW2_ProvisionedThroughput_6MonthsCommit_ModelUnits_Usage-Units', { regionPrefix: 'USW2', dimension: { kind: 'modelUnitHour', term: 'sixMonth' }, scope: 'in-region' }],
  ['USW2-MP:USW2_ProvisionedThroughput_NoCommit_ModelUnits_Usage-Units', { regionPrefix: 'USW2', dimension: { kind: 'modelUnitHour', term: 'noCommit' }, scope: 'in-region' }],
  ['USW2-MP:USW2_Reserved_1Month_InputTPM_Geo-Units', { regionPrefix: 'USW2', dimension: { kind: 'reserved', term: 'oneMonth', direction: 'input' }, scope: 'geo' }],
  ['USW2-MP:USW2_Reserved_3Month_OutputTPM_Global-Units', { regionPrefix: 'USW2', dimension: { kind: 'reserved', term: 'threeMonth', direction: 'output' }, scope: 'global' }],
  // FoundationModels, snake_case (Claude 4.7+, OpenAI)
  ['USW2-MP:USW2_input_tokens_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'input' }, scope: 'in-region' }],
  ['USW2-MP:USW2_output_tokens_global_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'output' }, scope: 'global' }],
  ['USW2-MP:USW2_cache_write_tokens_1h_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'cacheWrite1h' }, scope: 'in-region' }],
  ['USW2-MP:USW2_cache_write_tokens_30m_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'cacheWrite30m' }, scope: 'in-region' }],
  ['USW2-MP:USW2_input_tokens_long_ctx_global_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'longContextInput' }, scope: 'global' }],
  ['USW2_input_tokens_global_standard-Units', { regionPrefix: 'USW2', dimension: { kind: 'token', dimension: 'input' }, scope: 'global' }],
  ['Reserved_1Month_InputTPM_Geo', { dimension: { kind: 'reserved', term: 'oneMonth', direction: 'input' }, scope: 'geo' }],
  // Spellings quoted from real rows in public Price List readers (grafana/cloudcost-exporter tests and
  // a public guide to the FoundationModels naming conventions): text tokens named apart from image
  // tokens, rerank search units, a "Million"-prefixed batch row, a plural cache "writes".
  ['USE1-Nova2.0Pro-text-input-tokens-priority-cross-region-global', { regionPrefix: 'USE1', modelToken: 'Nova2.0Pro', dimension: { kind: 'token', dimension: 'priorityInput' }, scope: 'global' }],
  ['USE1-TitanEmbeddingsG1-Text-input-tokens', { regionPrefix: 'USE1', modelToken: 'TitanEmbeddingsG1-Text', dimension: { kind: 'token', dimension: 'input' }, scope: 'in-region' }],
  ['USE1-cohere.rerank-english-v3-search-units', { regionPrefix: 'USE1', modelToken: 'cohere.rerank-english-v3', dimension: { kind: 'query' }, scope: 'in-region' }],
  ['USW2-AmazonRerank-searchunits', { regionPrefix: 'USW2', modelToken: 'AmazonRerank', dimension: { kind: 'query' }, scope: 'in-region' }],
  ['APN1-MP:APN1_MillionBatchInputTokens-Units', { regionPrefix: 'APN1', dimension: { kind: 'token', dimension: 'batchInput' }, scope: 'in-region' }],
  ['USE1-MP:USE1_cache_writes_tokens_standard-Units', { regionPrefix: 'USE1', dimension: { kind: 'token', dimension: 'cacheWrite5m' }, scope: 'in-region' }],
  ['APN2-MP:APN2_CacheWrite1hInputTokenCount_LCtx_Global-Units', { regionPrefix: 'APN2', dimension: { kind: 'token', dimension: 'longContextCacheWrite1h' }, scope: 'global' }],
  ['USE1-MP:USE1_input_tokens_global_flex-Units', { regionPrefix: 'USE1', dimension: { kind: 'token', dimension: 'flexInput' }, scope: 'global' }],
  // Luma Ray: a video tier named by frame rate and resolution, per second
  ['USW2-Ray-V2-Medfps-HDRes', { regionPrefix: 'USW2', modelToken: 'Ray-V2', dimension: { kind: 'videoSecond', tier: 'medfps-hdres' }, scope: 'in-region' }],
  // Nova Reel names the task (text- or image-to-video) before the tier; both tasks are the one tier.
  ['USE1-NovaReel-T2V-Medfps-HDRes', { regionPrefix: 'USE1', modelToken: 'NovaReel', dimension: { kind: 'videoSecond', tier: 'medfps-hdres' }, scope: 'in-region' }],
  ['USE1-NovaReel-I2V-Medfps-HDRes', { regionPrefix: 'USE1', modelToken: 'NovaReel', dimension: { kind: 'videoSecond', tier: 'medfps-hdres' }, scope: 'in-region' }],
  // Seconds of video and audio sent to a video-understanding model (TwelveLabs Pegasus / Marengo).
  ['USE1-twelvelabs.pegasus-1-2-v1:0-input-video-seconds', { regionPrefix: 'USE1', modelToken: 'twelvelabs.pegasus-1-2-v1:0', dimension: { kind: 'inputVideoSecond' }, scope: 'in-region' }],
  ['USE1-twelvelabs.marengo-embed-2-7-v1:0-input-audio-seconds', { regionPrefix: 'USE1', modelToken: 'twelvelabs.marengo-embed-2-7-v1:0', dimension: { kind: 'inputAudioSecond' }, scope: 'in-region' }],
];

describe('classifyUsagetype', () => {
  it.each(cases)('%s', (usagetype, expected) => {
    expect(classifyUsagetype(usagetype)).toEqual(expected);
  });

  it.each([
    ['USE1-NovaMicro-input-tokens-latency-optimized', /unknown word "latency"/],
    ['USE1-Nova2.0Lite-RFT-Training-Hours', /reinforcement fine-tuning/],
    ['USE1-NovaMicro-cache-read-input-token-count-batch', /cache read with batch/],
    ['USE1-SomethingElse', /no dimension/],
    ['USW2-MP:USW2_ProvisionedThroughput_2YearCommit_ModelUnits_Usage-Units', /unknown term/],
    ['USW2-MP:USW2_cache_write_tokens_30m_long_ctx_standard-Units', /long-context 30-minute/],
    // Priced per image/video *token*, not per image or second: no catalog dimension, so reported.
    ['USE1-Nova2.0Pro-input-image-token-count-cross-region-global', /image or video tokens/],
    ['USE1-Nova2.0Omni-input-video-token-count-flex', /image or video tokens/],
    ['USE1-Claude3-5Haiku-input-tokens-latency-optimized', /unknown word "latency"/],
    ['USW2-Ray-V2-Medfps-HDRes-Loop', /video tier with an unknown word "loop"/],
    ['USE1-twelvelabs.pegasus-1-2-v1:0-input-video-audio-seconds', /neither \(or both\) video and audio/],
    ['USE1-twelvelabs.pegasus-1-2-v1:0-input-video-hd-seconds', /input seconds with an unknown word "hd"/],
  ])('leaves %s unclassified and says why', (usagetype, reason) => {
    const result = classifyUsagetype(usagetype);
    expect('unclassified' in result && result.unclassified).toMatch(reason);
  });

  it('never throws, whatever the usagetype', () => {
    fc.assert(
      fc.property(fc.string(), (usagetype) => {
        const result = classifyUsagetype(usagetype);
        expect('unclassified' in result || 'dimension' in result).toBe(true);
      }),
    );
  });
});

describe('REGION_PREFIXES', () => {
  it('knows the billing codes AWS\'s Region billing codes page gives the Regions added last (aws-region-billing-codes.html)', () => {
    // The page's rows: APE2 ap-east-2 (Taipei), APS7 ap-southeast-5 (Malaysia), APS8 ap-southeast-6 (New Zealand),
    // APS9 ap-southeast-7 (Thailand), MXC1 mx-central-1 (Mexico Central).
    expect(REGION_PREFIXES).toMatchObject({ APE2: 'ap-east-2', APS7: 'ap-southeast-5', APS8: 'ap-southeast-6', APS9: 'ap-southeast-7', MXC1: 'mx-central-1' });
    expect(classifyUsagetype('APS9-anthropic.claude-sonnet-4-5-20250929-v1:0-input-tokens-cross-region-global')).toMatchObject({ regionPrefix: 'APS9', scope: 'global' });
  });

  it('maps no two prefixes to one Region', () => {
    const regions = Object.values(REGION_PREFIXES);
    expect(new Set(regions).size).toBe(regions.length);
  });
});
