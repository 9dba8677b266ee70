import type { CatalogModelEntry, Modality } from '../catalog/schema.js';

/**
 * The explicit table from the names the AWS Price List uses to Bedrock model IDs. The Price List
 * never carries a model ID: AmazonBedrock rows name the model in a `model` attribute ("Nova Micro")
 * and inside the usagetype (`USE1-NovaMicro-input-tokens`); AmazonBedrockFoundationModels rows name
 * it in `servicename` ("Claude Sonnet 4.6 (Amazon Bedrock Edition)"). A row whose name is not here
 * is reported by name, never matched by a fuzzy guess (fuzzy matching is how other catalogs priced
 * Claude 3.5 Sonnet v2 at v1's rate). Each entry also carries the model's non-price facts.
 *
 * Model IDs are the base IDs Bedrock lists (`ListFoundationModels`); IDs of the newest Anthropic and
 * OpenAI models are as pydantic/genai-prices records them (prices/providers/aws.yml). The Price List
 * spellings (`R1`, `Llama 3.1 8B`, `Cohere Embed 4 Model`, usagetype `TitanTextG1-Express` for rows
 * with an empty `model`) are those a public Price List reader maps (lmux's update_bedrock_pricing.py)
 * or that Cost Explorer shows as SERVICE (`Cohere Rerank v3.5`, `Stable Diffusion 3 Large v1.0`); the
 * other names are the ones our recorded pages use.
 */
export type ModelFacts = Omit<CatalogModelEntry, 'modelId' | 'name' | 'provider' | 'modality' | 'lifecycle'>;

export interface ModelTableEntry {
  modelId: string;
  name: string;
  provider: string;
  modality: Modality;
  /** `model` attribute values (AmazonBedrock) or `servicename` without " (Amazon Bedrock Edition)". */
  priceListNames: string[];
  /** The model's name inside AmazonBedrock usagetypes (`NovaMicro`, `qwen.qwen3-32b`). */
  usagetypeTokens?: string[];
  facts?: ModelFacts;
}

const BATCH = { supported: true, source: 'aws-batch-supported' } as const;
const PT = (contextVariants?: string[]) => ({ supported: true, ...(contextVariants ? { contextVariants } : {}), source: 'aws-pt-supported' });
const NO_PT = { supported: false, source: 'aws-pt-supported' } as const;
/** Amazon Nova caching: reads 0.25x input; no cache-write rate is published, writes bill as input (domain-facts §10.4). */
const NOVA_CACHE = { ttls: ['5m'] as Array<'5m' | '1h'>, minTokensPerCheckpoint: 1024, writesBilledAsInput: true, source: 'aws-prompt-caching' };
const claudeCache = (minTokensPerCheckpoint: number, oneHour: boolean) => ({
  ttls: (oneHour ? ['5m', '1h'] : ['5m']) as Array<'5m' | '1h'>,
  minTokensPerCheckpoint,
  source: 'aws-prompt-caching',
});
/**
 * Models the AWS prompt-caching page (stored copy) predates: caching is known from their Price List
 * cache rows; a 1h TTL only where a 1h row exists (Claude Sonnet 5.5).
 */
const cacheFromRows = (oneHour = false) => ({ ttls: (oneHour ? ['5m', '1h'] : ['5m']) as Array<'5m' | '1h'>, source: 'price-list-cache-rows' });
const NOVA_NOTE =
  'Prompt-cache reads are 0.25x input (published). No cache-write rate is published: writes are believed billed as normal input (UNVERIFIED), so cacheWrite5m is absent rather than guessed.';
/** Claude Sonnet 4 / 4.5 bill a request above 200K input tokens at the long-context rates (domain-facts §10.4). */
const LONG_CONTEXT_200K = { thresholdInputTokens: 200_000, source: 'aws-long-context' };

function entry(modelId: string, name: string, provider: string, modality: Modality, priceListNames: string[], usagetypeTokens?: string[], facts?: ModelFacts): ModelTableEntry {
  return { modelId, name, provider, modality, priceListNames, ...(usagetypeTokens ? { usagetypeTokens } : {}), ...(facts ? { facts } : {}) };
}
const text = (id: string, name: string, provider: string, names: string[], tokens?: string[], facts?: ModelFacts) => entry(id, name, provider, 'text', names, tokens, facts);

export const MODEL_TABLE: readonly ModelTableEntry[] = [
  // Amazon
  text('amazon.nova-micro-v1:0', 'Amazon Nova Micro', 'Amazon', ['Nova Micro'], ['NovaMicro'], { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '128k']) }),
  text('amazon.nova-lite-v1:0', 'Amazon Nova Lite', 'Amazon', ['Nova Lite'], ['NovaLite'], { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '300k']) }),
  text('amazon.nova-pro-v1:0', 'Amazon Nova Pro', 'Amazon', ['Nova Pro'], ['NovaPro'], { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '300k']) }),
  text('amazon.nova-premier-v1:0', 'Amazon Nova Premier', 'Amazon', ['Nova Premier'], ['NovaPremier'], { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH }),
  text('amazon.nova-2-lite-v1:0', 'Amazon Nova 2 Lite', 'Amazon', ['Nova 2.0 Lite', 'Nova 2 Lite'], ['Nova2.0Lite'], { note: NOVA_NOTE, promptCache: NOVA_CACHE, provisionedThroughput: PT(['256k']) }),
  text('amazon.nova-2-pro-v1:0', 'Amazon Nova 2 Pro', 'Amazon', ['Nova 2.0 Pro', 'Nova 2 Pro'], ['Nova2.0Pro']),
  text('amazon.nova-2-omni-v1:0', 'Amazon Nova 2 Omni', 'Amazon', ['Nova 2.0 Omni', 'Nova 2 Omni'], ['Nova2.0Omni']),
  entry('amazon.nova-sonic-v1:0', 'Amazon Nova Sonic', 'Amazon', 'speech', ['Nova Sonic'], ['NovaSonic']),
  entry('amazon.nova-2-sonic-v1:0', 'Amazon Nova 2 Sonic', 'Amazon', 'speech', ['Nova Sonic 2.0', 'Nova 2 Sonic'], ['NovaSonic2.0']),
  text('amazon.titan-text-express-v1', 'Amazon Titan Text G1 - Express', 'Amazon', ['Titan Text G1 Express', 'Titan Text G1 - Express'], ['TitanTextExpress', 'TitanTextG1-Express'], {
    aliases: ['amazon.titan-text-express-v1:0'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  text('amazon.titan-text-lite-v1', 'Amazon Titan Text G1 - Lite', 'Amazon', ['Titan Text G1 Lite', 'Titan Text G1 - Lite'], ['TitanTextLite', 'TitanTextG1-Lite'], {
    aliases: ['amazon.titan-text-lite-v1:0'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  text('amazon.titan-text-premier-v1:0', 'Amazon Titan Text G1 - Premier', 'Amazon', ['Titan Text G1 Premier'], ['TitanTextPremier', 'TitanText-Premier']),
  entry('amazon.titan-embed-text-v1', 'Amazon Titan Embeddings G1 - Text', 'Amazon', 'embedding', ['Titan Embeddings G1 - Text'], ['TitanEmbeddingsG1-Text'], {
    aliases: ['amazon.titan-embed-text-v1:2'],
    provisionedThroughput: PT(),
  }),
  entry('amazon.titan-embed-text-v2:0', 'Amazon Titan Text Embeddings V2', 'Amazon', 'embedding', ['TitanEmbeddingsV2-Text-input', 'Titan Text Embeddings V2'], ['TitanEmbeddingV2-Text'], { batch: BATCH }),
  entry('amazon.titan-embed-image-v1', 'Amazon Titan Multimodal Embeddings G1', 'Amazon', 'embedding', ['Titan Embeddings G1 Image', 'Titan Multimodal Embeddings G1'], ['TitanEmbeddingsG1-Image'], {
    aliases: ['amazon.titan-embed-image-v1:0'],
    batch: BATCH,
    provisionedThroughput: PT(),
  }),
  entry('amazon.nova-canvas-v1:0', 'Amazon Nova Canvas', 'Amazon', 'image', ['Nova Canvas'], ['NovaCanvas'], {
    provisionedThroughput: PT(),
    // CloudWatch's OutputImageCount does not say which tier an image was; the standard 1024x1024 tier is the default.
    defaultTier: '1024x1024/standard',
  }),
  entry('amazon.titan-image-generator-v2:0', 'Amazon Titan Image Generator G1 v2', 'Amazon', 'image', ['Titan Image Generator G1 v2', 'Titan Image Generator V2'], ['TitanImageGeneratorV2'], {
    provisionedThroughput: PT(),
    defaultTier: '1024x1024/standard',
  }),
  entry('amazon.nova-reel-v1:0', 'Amazon Nova Reel', 'Amazon', 'video', ['Nova Reel'], ['NovaReel']),
  entry('amazon.rerank-v1:0', 'Amazon Rerank 1.0', 'Amazon', 'rerank', ['Amazon Rerank', 'Rerank 1.0'], ['AmazonRerank']),
  // Anthropic (AmazonBedrockFoundationModels `servicename`; legacy Claude also under AmazonBedrock `model`)
  text('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 'Anthropic', ['Claude 3 Haiku'], ['Claude3Haiku'], { batch: BATCH, provisionedThroughput: PT(['48k', '200k']) }),
  text('anthropic.claude-3-sonnet-20240229-v1:0', 'Claude 3 Sonnet', 'Anthropic', ['Claude 3 Sonnet'], ['Claude3Sonnet']),
  text('anthropic.claude-3-opus-20240229-v1:0', 'Claude 3 Opus', 'Anthropic', ['Claude 3 Opus'], ['Claude3Opus']),
  text('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 'Anthropic', ['Claude 3.5 Haiku'], undefined, { promptCache: claudeCache(2048, false), batch: BATCH }),
  text('anthropic.claude-3-5-sonnet-20240620-v1:0', 'Claude 3.5 Sonnet', 'Anthropic', ['Claude 3.5 Sonnet'], undefined, { batch: BATCH, provisionedThroughput: PT() }),
  text('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2', 'Anthropic', ['Claude 3.5 Sonnet v2'], undefined, { batch: BATCH, provisionedThroughput: PT() }),
  text('anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 'Anthropic', ['Claude 3.7 Sonnet'], undefined, { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 'Anthropic', ['Claude Sonnet 4'], undefined, { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT, longContext: LONG_CONTEXT_200K }),
  text('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', 'Anthropic', ['Claude Sonnet 4.5'], undefined, { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT, longContext: LONG_CONTEXT_200K }),
  // `Claude4.6Sonnet`: the usage type AWS's cost-attribution blog shows on a bill (`USE1-Claude4.6Sonnet-input-tokens`).
  text('anthropic.claude-sonnet-4-6-v1:0', 'Claude Sonnet 4.6', 'Anthropic', ['Claude Sonnet 4.6'], ['Claude4.6Sonnet'], { promptCache: claudeCache(1024, false), aliases: ['anthropic.claude-sonnet-4-6'] }),
  text('anthropic.claude-sonnet-5-v1:0', 'Claude Sonnet 5', 'Anthropic', ['Claude Sonnet 5'], undefined, {
    promptCache: cacheFromRows(), aliases: ['anthropic.claude-sonnet-5'],
    note: 'Unpriced on purpose: genai-prices records $3/$15 per 1M (global) from 2026-09-01, but the AWS pricing page read 2026-09-25 still shows $2/$10. Run "prices refresh" (or --prices live) for the Price List rows.',
  }),
  // ID as @ai-sdk/amazon-bedrock 4.0.186 adds it (vercel/ai release notes, 2026-09-28: "anthropic.claude-sonnet-5-5 and us.anthropic.claude-sonnet-5-5").
  text('anthropic.claude-sonnet-5-5', 'Claude Sonnet 5.5', 'Anthropic', ['Claude Sonnet 5.5'], undefined, {
    promptCache: cacheFromRows(true),
    note: 'Priced in us-west-2 only (Price List rows quoted in shared/domain-facts.md §10.1); no us-east-1 row was found.',
  }),
  text('anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', 'Anthropic', ['Claude Haiku 4.5'], undefined, { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', 'Anthropic', ['Claude Opus 4'], undefined, { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-1-20250805-v1:0', 'Claude Opus 4.1', 'Anthropic', ['Claude Opus 4.1'], undefined, { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-5-20251101-v1:0', 'Claude Opus 4.5', 'Anthropic', ['Claude Opus 4.5'], undefined, { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-6-v1:0', 'Claude Opus 4.6', 'Anthropic', ['Claude Opus 4.6'], undefined, { promptCache: claudeCache(4096, false), aliases: ['anthropic.claude-opus-4-6-v1'] }),
  text('anthropic.claude-opus-4-7-v1:0', 'Claude Opus 4.7', 'Anthropic', ['Claude Opus 4.7'], undefined, { promptCache: cacheFromRows(), aliases: ['anthropic.claude-opus-4-7'] }),
  text('anthropic.claude-opus-4-8-v1:0', 'Claude Opus 4.8', 'Anthropic', ['Claude Opus 4.8'], undefined, { promptCache: cacheFromRows(), aliases: ['anthropic.claude-opus-4-8'] }),
  text('anthropic.claude-opus-5', 'Claude Opus 5', 'Anthropic', ['Claude Opus 5'], undefined, { promptCache: cacheFromRows() }),
  text('anthropic.claude-opus-5-5', 'Claude Opus 5.5', 'Anthropic', ['Claude Opus 5.5'], undefined, {
    note: 'Model ID as third-party Bedrock price readers name it (anthropic.claude-opus-5-5, global./us. profiles), not confirmed by AWS.',
  }),
  text('anthropic.claude-fable-5-v1:0', 'Claude Fable 5', 'Anthropic', ['Claude Fable 5'], undefined, { promptCache: cacheFromRows(), aliases: ['anthropic.claude-fable-5'] }),
  // Meta
  text('meta.llama3-8b-instruct-v1:0', 'Llama 3 8B Instruct', 'Meta', ['Llama 3 8B Instruct', 'Llama 3 8B'], ['Llama3-8B']),
  text('meta.llama3-70b-instruct-v1:0', 'Llama 3 70B Instruct', 'Meta', ['Llama 3 70B Instruct', 'Llama 3 70B'], ['Llama3-70B']),
  text('meta.llama3-1-8b-instruct-v1:0', 'Llama 3.1 8B Instruct', 'Meta', ['Llama 3.1 8B Instruct', 'Llama 3.1 8B'], ['Llama3-1-8B'], { batch: BATCH, provisionedThroughput: PT() }),
  text('meta.llama3-1-405b-instruct-v1:0', 'Llama 3.1 405B Instruct', 'Meta', ['Llama 3.1 405B Instruct', 'Llama 3.1 405B'], ['Llama3-1-405B'], { batch: BATCH }),
  text('meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct', 'Meta', ['Llama 3.1 70B Instruct', 'Llama 3.1 70B'], ['Llama3-1-70B'], { provisionedThroughput: PT() }),
  text('meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct', 'Meta', ['Llama 3.2 1B Instruct', 'Llama 3.2 1B'], ['Llama3-2-1B'], { provisionedThroughput: PT() }),
  text('meta.llama3-2-3b-instruct-v1:0', 'Llama 3.2 3B Instruct', 'Meta', ['Llama 3.2 3B Instruct', 'Llama 3.2 3B'], ['Llama3-2-3B'], { provisionedThroughput: PT() }),
  text('meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Instruct', 'Meta', ['Llama 3.2 11B Instruct', 'Llama 3.2 11B'], ['Llama3-2-11B'], { provisionedThroughput: PT() }),
  text('meta.llama3-2-90b-instruct-v1:0', 'Llama 3.2 90B Instruct', 'Meta', ['Llama 3.2 90B Instruct', 'Llama 3.2 90B'], ['Llama3-2-90B'], { provisionedThroughput: PT() }),
  text('meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta', ['Llama 3.3 70B Instruct', 'Llama 3.3 70B'], ['Llama3-3-70B'], { batch: BATCH }),
  text('meta.llama4-maverick-17b-instruct-v1:0', 'Llama 4 Maverick 17B Instruct', 'Meta', ['Llama 4 Maverick 17B Instruct', 'Llama 4 Maverick 17B'], ['Llama4-Maverick-17B']),
  text('meta.llama4-scout-17b-instruct-v1:0', 'Llama 4 Scout 17B Instruct', 'Meta', ['Llama 4 Scout 17B Instruct', 'Llama 4 Scout 17B'], ['Llama4-Scout-17B']),
  // Mistral AI
  text('mistral.mistral-7b-instruct-v0:2', 'Mistral 7B Instruct', 'Mistral AI', ['Mistral 7B Instruct', 'Mistral 7B'], ['Mistral-7B']),
  text('mistral.mixtral-8x7b-instruct-v0:1', 'Mixtral 8x7B Instruct', 'Mistral AI', ['Mixtral 8x7B Instruct', 'Mixtral 8x7B'], ['Mixtral-8x7B']),
  text('mistral.mistral-small-2402-v1:0', 'Mistral Small (24.02)', 'Mistral AI', ['Mistral Small'], ['MistralSmall']),
  text('mistral.mistral-large-2402-v1:0', 'Mistral Large (24.02)', 'Mistral AI', ['Mistral Large'], ['MistralLarge']),
  text('mistral.mistral-large-2407-v1:0', 'Mistral Large (24.07)', 'Mistral AI', ['Mistral Large 2 (24.07)', 'Mistral Large 24.07'], ['MistralLarge2407']),
  text('mistral.mistral-large-3-675b-instruct', 'Mistral Large 3', 'Mistral AI', ['Mistral Large 3'], ['mistral.mistral-large-3-675b-instruct']),
  text('mistral.pixtral-large-2502-v1:0', 'Pixtral Large (25.02)', 'Mistral AI', ['Pixtral Large (25.02)', 'Pixtral Large'], ['PixtralLarge']),
  text('mistral.devstral-2-123b', 'Devstral 2 123B', 'Mistral AI', ['Devstral 2 123B'], ['mistral.devstral-2-123b']),
  text('mistral.magistral-small-2509', 'Magistral Small 2509', 'Mistral AI', ['Magistral Small 2509'], ['mistral.magistral-small-2509']),
  text('mistral.ministral-3-3b-instruct', 'Ministral 3B 3.0', 'Mistral AI', ['Ministral 3B 3.0'], ['mistral.ministral-3-3b-instruct']),
  text('mistral.ministral-3-8b-instruct', 'Ministral 8B 3.0', 'Mistral AI', ['Ministral 8B 3.0'], ['mistral.ministral-3-8b-instruct']),
  text('mistral.ministral-3-14b-instruct', 'Ministral 14B 3.0', 'Mistral AI', ['Ministral 14B 3.0'], ['mistral.ministral-3-14b-instruct']),
  text('mistral.voxtral-mini-3b-2507', 'Voxtral Mini 3B 2507', 'Mistral AI', ['Voxtral Mini 3B 2507'], ['mistral.voxtral-mini-3b-2507']),
  text('mistral.voxtral-small-24b-2507', 'Voxtral Small 24B 2507', 'Mistral AI', ['Voxtral Small 24B 2507'], ['mistral.voxtral-small-24b-2507']),
  // DeepSeek, OpenAI, Qwen, Google, NVIDIA, Writer, Cohere, Stability
  text('deepseek.r1-v1:0', 'DeepSeek-R1', 'DeepSeek', ['DeepSeek-R1', 'DeepSeek R1', 'R1'], ['DeepSeek-R1']),
  text('openai.gpt-oss-120b-1:0', 'gpt-oss-120b', 'OpenAI', ['gpt-oss-120b'], ['openai.gpt-oss-120b']),
  text('openai.gpt-oss-20b-1:0', 'gpt-oss-20b', 'OpenAI', ['gpt-oss-20b'], ['openai.gpt-oss-20b']),
  text('openai.gpt-5.4', 'GPT-5.4', 'OpenAI', ['GPT-5.4']),
  text('openai.gpt-5.5', 'GPT-5.5', 'OpenAI', ['GPT-5.5']),
  text('openai.gpt-5.6-luna', 'GPT-5.6 Luna', 'OpenAI', ['GPT-5.6 Luna'], undefined, { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-5.6-sol', 'GPT-5.6 Sol', 'OpenAI', ['GPT-5.6 Sol'], undefined, { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-5.6-terra', 'GPT-5.6 Terra', 'OpenAI', ['GPT-5.6 Terra'], undefined, { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-6-astra', 'GPT-6 Astra', 'OpenAI', ['OpenAI GPT-6 Astra', 'GPT-6 Astra'], undefined, {
    note: 'Model ID follows the openai.<model> Bedrock IDs OpenAI documents for GPT-6 (openai.gpt-6-sol, openai.gpt-6-luna), not confirmed by AWS; prices are the us-west-2 Price List rows quoted in shared/domain-facts.md §10.1.',
  }),
  text('qwen.qwen3-32b-v1:0', 'Qwen3 32B (dense)', 'Qwen', ['Qwen3 32B', 'Qwen3 32B (dense)'], ['qwen.qwen3-32b'], { batch: BATCH }),
  text('qwen.qwen3-coder-30b-a3b-v1:0', 'Qwen3 Coder 30B A3B Instruct', 'Qwen', ['Qwen3-Coder-30B-A3B-Instruct', 'Qwen3 Coder 30B A3B'], ['qwen.qwen3-coder-30b-a3b']),
  text('qwen.qwen3-coder-480b-a35b-v1:0', 'Qwen3 Coder 480B A35B Instruct', 'Qwen', ['Qwen3-Coder-480B-A35B-Instruct', 'Qwen3 Coder 480B A35B'], ['qwen.qwen3-coder-480b-a35b']),
  text('qwen.qwen3-vl-235b-a22b-v1:0', 'Qwen3 VL 235B A22B Instruct', 'Qwen', ['Qwen3-VL-235B-A22B-Instruct'], ['qwen.qwen3-vl-235b-a22b']),
  text('google.gemma-3-4b-it', 'Gemma 3 4B IT', 'Google', ['Gemma 3 4B IT'], ['google.gemma-3-4b-it']),
  text('google.gemma-3-12b-it', 'Gemma 3 12B IT', 'Google', ['Gemma 3 12B IT'], ['google.gemma-3-12b-it']),
  text('google.gemma-3-27b-it', 'Gemma 3 27B IT', 'Google', ['Gemma 3 27B IT'], ['google.gemma-3-27b-it']),
  text('nvidia.nemotron-nano-9b-v2:0', 'Nemotron 2 Nano 9B', 'NVIDIA', ['Nemotron 2 Nano 9B'], ['nvidia.nemotron-nano-9b-v2']),
  text('nvidia.nemotron-nano-3-30b:0', 'Nemotron 3 Nano 30B', 'NVIDIA', ['Nemotron 3 Nano 30B'], ['nvidia.nemotron-nano-3-30b']),
  text('nvidia.nemotron-super-3-120b:0', 'Nemotron 3 Super 120B', 'NVIDIA', ['Nemotron 3 Super 120B'], ['nvidia.nemotron-super-3-120b']),
  text('writer.palmyra-x4-v1:0', 'Palmyra X4', 'Writer', ['Palmyra X4'], ['Palmyra-X4']),
  text('writer.palmyra-x5-v1:0', 'Palmyra X5', 'Writer', ['Palmyra X5'], ['Palmyra-X5']),
  text('cohere.command-r-plus-v1:0', 'Command R+', 'Cohere', ['Command R+', 'Command R Plus', 'Cohere Command R+'], ['CommandRPlus']),
  text('cohere.command-text-v14', 'Cohere Command', 'Cohere', ['Command', 'Cohere Generate Model - Command'], ['Command'], { aliases: ['cohere.command-text-v14:7'] }),
  text('cohere.command-r-v1:0', 'Command R', 'Cohere', ['Command R', 'Cohere Command R'], ['CommandR']),
  text('ai21.jamba-1-5-large-v1:0', 'Jamba 1.5 Large', 'AI21 Labs', ['Jamba 1.5 Large'], ['Jamba1.5Large']),
  text('ai21.jamba-1-5-mini-v1:0', 'Jamba 1.5 Mini', 'AI21 Labs', ['Jamba 1.5 Mini'], ['Jamba1.5Mini']),
  text('cohere.command-light-text-v14', 'Cohere Command Light', 'Cohere', ['Command Light', 'Cohere Generate Model - Command-Light'], ['CommandLight'], {
    aliases: ['cohere.command-light-text-v14:7'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  entry('cohere.embed-english-v3', 'Cohere Embed English v3', 'Cohere', 'embedding', ['Embed English', 'Cohere Embed English', 'Cohere Embed 3 Model - English'], ['CohereEmbedEnglish'], { aliases: ['cohere.embed-english-v3:0'], provisionedThroughput: PT() }),
  entry('cohere.embed-multilingual-v3', 'Cohere Embed Multilingual v3', 'Cohere', 'embedding', ['Embed Multilingual', 'Cohere Embed Multilingual', 'Cohere Embed Model 3 - Multilingual'], ['CohereEmbedMultilingual'], { aliases: ['cohere.embed-multilingual-v3:0'], provisionedThroughput: PT() }),
  entry('cohere.embed-v4:0', 'Cohere Embed v4', 'Cohere', 'embedding', ['Embed v4', 'Cohere Embed v4', 'Cohere Embed 4 Model'], ['CohereEmbedV4'], { aliases: ['cohere.embed-v4'] }),
  entry('cohere.rerank-v3-5:0', 'Cohere Rerank 3.5', 'Cohere', 'rerank', ['Rerank 3.5', 'Cohere Rerank 3.5', 'Cohere Rerank v3.5'], ['CohereRerank3.5']),
  // Luma AI: video by the second, tier named by frame rate and resolution (USW2-Ray-V2-Medfps-HDRes).
  entry('luma.ray-v2:0', 'Luma Ray v2', 'Luma AI', 'video', ['Ray v2', 'Luma Ray v2', 'Luma Ray2'], ['Ray-V2']),
  entry('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'Stability AI', 'image', ['Stable Diffusion 3.5 Large', 'SD3.5 Large'], ['SD3.5-Large']),
  entry('stability.sd3-large-v1:0', 'Stable Diffusion 3 Large', 'Stability AI', 'image', ['Stable Diffusion 3 Large', 'Stable Diffusion 3 Large v1.0'], ['SD3-Large']),
  entry('stability.stable-image-core-v1:1', 'Stable Image Core', 'Stability AI', 'image', ['Stable Image Core'], ['StableImageCore'], { aliases: ['stability.stable-image-core-v1:0'] }),
  entry('stability.stable-image-ultra-v1:1', 'Stable Image Ultra', 'Stability AI', 'image', ['Stable Image Ultra'], ['StableImageUltra'], { aliases: ['stability.stable-image-ultra-v1:0'] }),
];

function normaliseName(name: string): string {
  return name.replace(/\s*\(Amazon Bedrock Edition\)\s*$/i, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

const byName = new Map<string, ModelTableEntry>();
const byToken = new Map<string, ModelTableEntry>();
const byId = new Map<string, ModelTableEntry>();
for (const e of MODEL_TABLE) {
  byId.set(e.modelId, e);
  for (const n of e.priceListNames) byName.set(normaliseName(n), e);
  for (const t of e.usagetypeTokens ?? []) byToken.set(t.toLowerCase(), e);
}

export function modelById(modelId: string): ModelTableEntry | undefined {
  return byId.get(modelId);
}

/**
 * The model a Price List row prices: by its display name (`servicename` for FoundationModels rows,
 * `model`/`titanModel` for AmazonBedrock rows), else by the model named in its usagetype.
 */
export function modelForRow(attributes: Readonly<Record<string, string>>, usagetypeModelToken: string | undefined): ModelTableEntry | undefined {
  const isFoundationModels = attributes.servicecode === 'AmazonBedrockFoundationModels';
  const names = isFoundationModels ? [attributes.servicename] : [attributes.model, attributes.titanModel];
  for (const name of names) {
    const hit = name === undefined ? undefined : byName.get(normaliseName(name));
    if (hit) return hit;
  }
  return usagetypeModelToken === undefined ? undefined : byToken.get(usagetypeModelToken.toLowerCase());
}
