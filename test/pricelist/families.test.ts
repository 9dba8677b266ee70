import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogFile } from '../../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE } from '../../src/pricelist/bundled.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import type { ModelReport } from '../../src/domain/report.js';
import { adviceText } from '../../src/report/advice-text.js';
import { UsageBuilder, type UsageMetric, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * One golden per model family the Price List pipeline newly covers: a fixed usage through the whole
 * engine with the BUNDLED catalog, its on-demand cost worked out by hand from the published per-1M
 * (or per-image) prices in the comment. The window is 730 hours, so the month is the window.
 */
const catalog = PriceCatalog.bundled();
/** The bundled document itself, for prices the engine has no usage metric for yet (rerank queries, video seconds). */
const bundledDocument = JSON.parse(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')) as CatalogFile;
const START = Date.parse('2026-10-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-01T00:00:00Z');

function run(invokedAs: string, region: string, usage: Partial<Record<UsageMetric, number>>) {
  const builder = new UsageBuilder();
  for (const [metric, value] of Object.entries(usage) as Array<[UsageMetric, number]>) {
    builder.add({ region, modelId: invokedAs, metric, timestamp: START, periodSeconds: 3600, value });
  }
  const snapshot: UsageSnapshot = {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(),
    provisionedThroughputs: [],
    customModels: [],
    inferenceProfiles: [],
    errors: [],
  };
  return analyze(snapshot, catalog, { now: NOW });
}

function onDemand(m: ModelReport | undefined): string | undefined {
  return m?.scenarios.find((s) => s.mode === 'on-demand')?.cost?.toFixed();
}

const cases: Array<[family: string, invokedAs: string, region: string, usage: Partial<Record<UsageMetric, number>>, expected: string]> = [
  // Claude Sonnet 4.6, global: 2M in x $3 + 0.5M out x $15 + 1M cache read x $0.30 + 0.1M cache write x $3.75
  //   = 6.00 + 7.50 + 0.30 + 0.375 = $14.175 exactly
  ['Claude 4.6+', 'global.anthropic.claude-sonnet-4-6-v1:0', 'us-east-1', { InputTokenCount: 2_000_000, OutputTokenCount: 500_000, CacheReadInputTokenCount: 1_000_000, CacheWriteInputTokenCount: 100_000 }, '14.175'],
  // Claude Opus 4.7 through a US (geo) profile, billed at the us-east-1 in-Region rate: 1M x $5.50 + 0.2M x $27.50 = 5.50 + 5.50
  ['Claude 4.6+ (geo)', 'us.anthropic.claude-opus-4-7-v1:0', 'us-east-1', { InputTokenCount: 1_000_000, OutputTokenCount: 200_000 }, '11'],
  // Llama 4 Maverick: 10M x $0.24 + 2M x $0.97 = 2.40 + 1.94
  ['Llama 4', 'us.meta.llama4-maverick-17b-instruct-v1:0', 'us-east-1', { InputTokenCount: 10_000_000, OutputTokenCount: 2_000_000 }, '4.34'],
  // DeepSeek-R1: 1M x $1.35 + 0.5M x $5.40 = 1.35 + 2.70
  ['DeepSeek', 'us.deepseek.r1-v1:0', 'us-east-1', { InputTokenCount: 1_000_000, OutputTokenCount: 500_000 }, '4.05'],
  // gpt-oss-120b: 4M x $0.15 + 1M x $0.60 = 0.60 + 0.60
  ['gpt-oss', 'openai.gpt-oss-120b-1:0', 'us-east-1', { InputTokenCount: 4_000_000, OutputTokenCount: 1_000_000 }, '1.2'],
  // Mistral Large 3: 2M x $0.50 + 1M x $1.50 = 1.00 + 1.50
  ['Mistral', 'mistral.mistral-large-3-675b-instruct', 'us-east-1', { InputTokenCount: 2_000_000, OutputTokenCount: 1_000_000 }, '2.5'],
  // Qwen3 Coder 30B: 3M x $0.15 + 1M x $0.60 = 0.45 + 0.60
  ['Qwen', 'qwen.qwen3-coder-30b-a3b-v1:0', 'us-east-1', { InputTokenCount: 3_000_000, OutputTokenCount: 1_000_000 }, '1.05'],
  // Nova 2 Lite, global: 1M x $0.30 + 1M x $2.50 + 1M cache read x $0.075 = 0.30 + 2.50 + 0.075 = 2.875
  ['Nova 2', 'global.amazon.nova-2-lite-v1:0', 'us-east-1', { InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000, CacheReadInputTokenCount: 1_000_000 }, '2.875'],
  // Nova Canvas at its default tier (1024x1024 standard, $0.04): 1,000 images = $40
  ['Nova Canvas tiers', 'amazon.nova-canvas-v1:0', 'us-east-1', { OutputImageCount: 1_000, Invocations: 1_000 }, '40'],
  // Titan Image Generator v2 at its default tier (1024x1024 standard, $0.01): 500 images = $5
  ['Titan Image tiers', 'amazon.titan-image-generator-v2:0', 'us-east-1', { OutputImageCount: 500, Invocations: 500 }, '5'],
  // Claude Opus 5.5 through a US profile in us-east-1, at the in-Region $4.40 / $22.00 per 1M:
  //   1M x $4.40 + 0.2M x $22.00 = 4.40 + 4.40 = 8.80
  ['Claude 5.5 (us-east-1)', 'us.anthropic.claude-opus-5-5', 'us-east-1', { InputTokenCount: 1_000_000, OutputTokenCount: 200_000 }, '8.8'],
  // Cohere Embed v4, $0.12 per 1M input tokens (embeddings bill input only): 5M x $0.12 = $0.60
  ['Cohere embed', 'cohere.embed-v4:0', 'us-east-1', { InputTokenCount: 5_000_000, Invocations: 1_000 }, '0.6'],
  // GPT-6 Astra in us-west-2, in-Region $11 / $55 per 1M: 1M x $11 + 0.1M x $55 = 11 + 5.50 = 16.50
  ['OpenAI GPT-6 (us-west-2)', 'openai.gpt-6-astra', 'us-west-2', { InputTokenCount: 1_000_000, OutputTokenCount: 100_000 }, '16.5'],
  // Stable Diffusion 3.5 Large, $0.08 per image: 100 images = $8
  ['Stability', 'stability.sd3-5-large-v1:0', 'us-east-1', { OutputImageCount: 100, Invocations: 100 }, '8'],
];

describe('model families newly priced from the Price List pipeline', () => {
  it.each(cases)('%s: %s in %s', (_family, invokedAs, region, usage, expected) => {
    const report = run(invokedAs, region, usage);
    const model = report.models[0];
    expect(model?.priced, JSON.stringify(model?.unpricedReason)).toBe(true);
    expect(onDemand(model)).toBe(expected);
    expect(model?.currentMonthlyCost?.toFixed()).toBe(expected);
    expect(report.unpriced).toEqual([]);
  });

  it('Nova Canvas: the other three tiers are in the catalog for the range, up to $0.08 (2048x2048 premium)', () => {
    const tiers = catalog.prices('amazon.nova-canvas-v1:0', 'us-east-1', 'in-region')!.perImageByTier;
    // 1,000 images at each tier: $40 / $60 / $60 / $80.
    expect(Object.values(tiers).map((p) => p.usd.times(1000).toFixed(2)).sort()).toEqual(['40.00', '60.00', '60.00', '80.00']);
  });

  it('TwelveLabs Pegasus (priced per second of input video, no catalog dimension) is reported unpriced, never $0', () => {
    const report = run('twelvelabs.pegasus-1-2-v1:0', 'us-east-1', { InputTokenCount: 5_000_000, OutputTokenCount: 10_000, Invocations: 1_000 });
    const model = report.models.find((m) => m.modelId === 'twelvelabs.pegasus-1-2-v1:0');
    expect(model?.priced).toBe(false);
    expect(model?.currentMonthlyCost).toBeNull();
    expect(report.unpriced.map((u) => u.modelId)).toEqual(['twelvelabs.pegasus-1-2-v1:0']);
  });

  // LiteLLM's file at Prajwalsrinvas/token-tariff 77b8722 (a cited third-party transcription):
  // "cohere.embed-english-v3" input 1e-07 per token = $0.10 per 1M: 5M tokens = $0.50.
  it('Cohere Embed English v3: $0.10 per 1M input tokens (LiteLLM transcription)', () => {
    const report = run('cohere.embed-english-v3', 'us-east-1', { InputTokenCount: 5_000_000, Invocations: 1_000 });
    expect(onDemand(report.models[0])).toBe('0.5');
  });

  // "bedrock/us-east-1/deepseek.v3.2": 6.2e-07 / 1.85e-06 per token = $0.62 / $1.85 per 1M:
  // 10M in + 2M out = 6.20 + 3.70 = $9.90.
  it('DeepSeek V3.2, identified by the model ID in its row: $0.62 / $1.85 per 1M in us-east-1', () => {
    const report = run('deepseek.v3.2', 'us-east-1', { InputTokenCount: 10_000_000, OutputTokenCount: 2_000_000, Invocations: 1_000 });
    expect(onDemand(report.models[0])).toBe('9.9');
  });

  // Outside the US: "bedrock/eu-west-1/minimax.minimax-m2.1": 3.6e-07 / 1.44e-06 per token = $0.36 / $1.44 per 1M:
  // 10M in + 1M out = 3.60 + 1.44 = $5.04 (us-east-1 is $0.30 / $1.20: the Region's own rate is used).
  it('MiniMax M2.1 in eu-west-1 at its eu-west-1 rate, $0.36 / $1.44 per 1M', () => {
    const report = run('minimax.minimax-m2.1', 'eu-west-1', { InputTokenCount: 10_000_000, OutputTokenCount: 1_000_000, Invocations: 1_000 });
    expect(onDemand(report.models[0])).toBe('5.04');
  });

  // eu. profile from eu-central-1 bills at eu-central-1's in-Region rate: the offer-file extract's
  // byModel["anthropic.claude-sonnet-4-6"]["eu-central-1"].standard 3.3 / 16.5 per 1M (LiteLLM's eu. entry, 3.3e-06 /
  // 1.65e-05 per token, says the same and is no longer needed): 1M in + 1M out = 3.30 + 16.50 = $19.80.
  it('Claude Sonnet 4.6 through eu. from eu-central-1 at the in-Region rate read for eu-central-1', () => {
    const report = run('eu.anthropic.claude-sonnet-4-6', 'eu-central-1', { InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000, Invocations: 100 });
    expect(onDemand(report.models[0])).toBe('19.8');
    const input = catalog.prices('anthropic.claude-sonnet-4-6', 'eu-central-1', 'geo')!.perThousandTokens.input!;
    expect(input.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    expect(input.derivedFrom).toBeUndefined();
  });

  // ca. profiles bill at the source Region's in-Region rate (AWS pricing page: the Region the request is
  // made in). Llama 3 70B in ca-central-1: LiteLLM "bedrock/ca-central-1/meta.llama3-70b-instruct-v1:0"
  // 3.05e-06 / 4.03e-06 per token: 1M in + 1M out = $3.05 + $4.03 = $7.08.
  it('ca. profiles: priced at the ca-central-1 in-Region rate where one is known; unpriced, naming the Region, where not', () => {
    const llama = run('ca.meta.llama3-70b-instruct-v1:0', 'ca-central-1', { InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000, Invocations: 10 });
    expect(llama.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!.cost?.toFixed()).toBe('7.08');
    // Claude Sonnet 4.6 in ca-central-1: the offer-file extract's standard 3.3 / 16.5 per 1M = $19.80.
    const claude = run('ca.anthropic.claude-sonnet-4-6', 'ca-central-1', { InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000, Invocations: 10 });
    expect(claude.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!.cost?.toFixed()).toBe('19.8');
    // No source prices Nova Pro in ca-central-1: unpriced, naming the Region and how to get the price.
    const nova = run('ca.amazon.nova-pro-v1:0', 'ca-central-1', { InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000, Invocations: 10 });
    const onDemand = nova.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost).toBeNull();
    expect(adviceText(onDemand.reason!)).toMatch(/no geo price for amazon\.nova-pro-v1:0 in ca-central-1 .*prices refresh --region ca-central-1/);
  });

  it('Video: Luma Ray v2 is priced per second in us-west-2 ($1.50, Medfps-HDRes)', () => {
    // The engine has no video usage metric yet, so the price is checked in the bundled document: 10 s = $15.
    const ray = bundledDocument.prices.filter((r) => r.model === 'luma.ray-v2:0');
    expect(ray.map((r) => [r.region, r.perVideoSecond])).toEqual([
      ['us-west-2', { 'medfps-hdres': { usd: '1.5', source: 'pl-offer-bedrock-us-west-2-2026-10-05', usagetype: 'USW2-Ray-V2-Medfps-HDRes' } }],
    ]);
  });

  // Nova Reel: $0.08 per second of 1280x720 24 fps video (the us-east-1 offer file of 2026-09-01 as
  // api-evangelist/amazon-nova quotes it). A 6-second clip: 6 x $0.08 = $0.48; the 2-minute maximum of
  // v1:1: 120 x $0.08 = $9.60. Both versions bill under the one NovaReel usagetype.
  it('Video: Nova Reel v1:0 and v1:1 priced $0.08 per second in us-east-1; the report says CloudWatch has no video seconds', () => {
    const east = catalog.prices('amazon.nova-reel-v1:1', 'us-east-1', 'in-region')!;
    expect(catalog.canonicalId('amazon.nova-reel-v1:1')).toBe(catalog.canonicalId('amazon.nova-reel-v1:0'));
    const perSecond = east.perVideoSecondByTier['medfps-hdres']!;
    expect(perSecond.usd.toFixed()).toBe('0.08');
    expect(perSecond.usd.times(6).toFixed(2)).toBe('0.48');
    expect(perSecond.usd.times(120).toFixed(2)).toBe('9.60');
    expect(perSecond.usagetype).toBe('USE1-NovaReel-T2V-Medfps-HDRes');
    const report = run('amazon.nova-reel-v1:1', 'us-east-1', { Invocations: 20 });
    const scenario = report.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(scenario.cost).toBeNull();
    expect(adviceText(scenario.reason!)).toMatch(/per second of video generated, which CloudWatch does not report/);
  });

  // TwelveLabs Pegasus 1.2: LiteLLM "twelvelabs.pegasus-1-2-v1:0" input_cost_per_video_per_second 0.00049 and
  // output_cost_per_token 7.5e-06: a 10-minute video is 600 x $0.00049 = $0.294, plus 1,000 output tokens
  // x $0.0075 per 1K = $0.0075. CloudWatch reports the output tokens but not the video seconds.
  it('Video understanding: Pegasus priced per second of input video and per output token; a report says why it cannot price the usage', () => {
    const east = catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'us-east-1', 'in-region')!;
    expect(east.perInputVideoSecond!.usd.times(600).toFixed()).toBe('0.294');
    expect(east.perThousandTokens.output!.usd.toFixed()).toBe('0.0075');
    expect(east.perThousandTokens.input).toBeUndefined();
    const report = run('us.twelvelabs.pegasus-1-2-v1:0', 'us-east-1', { InputTokenCount: 1_000, OutputTokenCount: 1_000_000, Invocations: 10 });
    const onDemand = report.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost).toBeNull();
    expect(adviceText(onDemand.reason!)).toMatch(/bills per second of input video and audio, which CloudWatch does not report/);
  });

  // Marengo Embed 2.7: LiteLLM "us.twelvelabs.marengo-embed-2-7-v1:0" $0.0007 per second of video, $0.00014
  // per second of audio, $0.0001 per image, placed on us-east-1 by the geo rule (derived): an hour of video
  // is 3,600 x $0.0007 = $2.52.
  it('Marengo Embed 2.7: per-second video and audio and per-image prices in us-east-1, derived from its us. profile entry', () => {
    const east = catalog.prices('twelvelabs.marengo-embed-2-7-v1:0', 'us-east-1', 'in-region')!;
    expect(east.perInputVideoSecond!.usd.times(3600).toFixed(2)).toBe('2.52');
    expect(east.perInputAudioSecond!.usd.toFixed()).toBe('0.00014');
    expect(east.perInputImage!.usd.toFixed()).toBe('0.0001');
    expect(east.perInputVideoSecond!.source.reliability).toBe('derived');
    // The $70 per 1M text figure LiteLLM gives matches no AWS unit and is left out: text is unpriced, not $70.
    expect(east.perThousandTokens.input).toBeUndefined();
  });

  // Nova Multimodal Embeddings also takes text: priced on its tokens ($0.135 per 1M: 10M tokens = $1.35),
  // saying that seconds of video and audio (LiteLLM $0.0007 / $0.00014 per second) are left out.
  it('Nova Multimodal Embeddings: priced on text tokens, with the media seconds named as left out', () => {
    const report = run('amazon.nova-2-multimodal-embeddings-v1:0', 'us-east-1', { InputTokenCount: 10_000_000, Invocations: 10 });
    const onDemand = report.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost?.toFixed()).toBe('1.35');
    expect(onDemand.assumptions.map(adviceText).join('\n')).toMatch(/any video or audio sent to it is not in this figure/);
  });

  it('Rerank: Cohere Rerank 3.5 $2.00 per 1,000 queries in us-east-1 (us-west-2 derived from it); Amazon Rerank 1.0 $1.00 in us-west-2 only', () => {
    // The engine has no rerank usage metric yet, so the price is checked in the bundled document itself.
    const rows = bundledDocument.prices.filter((r) => r.model === 'cohere.rerank-v3-5:0');
    expect(rows.map((r) => [r.region, r.perThousandQueries])).toEqual([
      ['us-east-1', { usd: '2', source: 'aws-pricing-page-2026-09-25', usagetype: 'USE1-MP:USE1_search_units-Units' }],
      ['us-west-2', { usd: '2', source: 'us-west-2-parity', derivedFrom: 'us-east-1 USE1-MP:USE1_search_units-Units (source aws-pricing-page-2026-09-25)' }],
    ]);
    // Amazon Rerank 1.0 is not offered in us-east-1, so nothing is derived for us-west-2 or read for us-east-1.
    const amazon = bundledDocument.prices.filter((r) => r.model === 'amazon.rerank-v1:0');
    expect(amazon.map((r) => [r.region, r.perThousandQueries])).toEqual([
      ['us-west-2', { usd: '1', source: 'aws-pricing-page-2026-09-25-amazon-rerank', usagetype: 'USW2-AmazonRerank-searchunits' }],
    ]);
  });
});
