import type { CatalogModelEntry, Modality } from '../catalog/schema.js';
import { looksLikeModelId, ModelDirectory, nameKey, type DirectoryEntry } from './identity.js';

/**
 * The models the catalog knows facts about (modality, prompt caching, batch and provisioned-throughput
 * support, long context), by Bedrock model ID, and the few Price List spellings that do not name their
 * model in its own words. A Price List row's model is read from the row (src/pricelist/identity.ts):
 * the model ID in an AmazonBedrock usagetype (`USE1-deepseek.v3.2-input-tokens`), or the row's name
 * matched word for word against the IDs and names of this table and, on the live path, of the
 * account's ListFoundationModels. A model in neither is still priced: by its usagetype's ID, or by
 * its name alone. Model IDs are the base IDs Bedrock lists; IDs of the newest Anthropic and OpenAI
 * models are as pydantic/genai-prices records them (prices/providers/aws.yml).
 */
export type ModelFacts = Omit<CatalogModelEntry, 'modelId' | 'name' | 'provider' | 'modality' | 'lifecycle'>;

export interface ModelTableEntry {
  modelId: string;
  name: string;
  provider: string;
  modality: Modality;
  facts?: ModelFacts;
}

const BATCH = { supported: true, source: 'aws-batch-supported' } as const;
const PT = (contextVariants?: string[]) => ({ supported: true, ...(contextVariants ? { contextVariants } : {}), source: 'aws-pt-supported' });
const NO_PT = { supported: false, source: 'aws-pt-supported' } as const;
/** Amazon Nova caching: reads 0.25x input; no cache-write rate is published, writes bill as input (https://aws.amazon.com/bedrock/pricing/; https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html). */
const NOVA_CACHE = { ttls: ['5m'] as Array<'5m' | '1h'>, minTokensPerCheckpoint: 1024, writesBilledAsInput: true, source: 'aws-prompt-caching' };
const claudeCache = (minTokensPerCheckpoint: number, oneHour: boolean) => ({
  ttls: (oneHour ? ['5m', '1h'] : ['5m']) as Array<'5m' | '1h'>,
  minTokensPerCheckpoint,
  source: 'aws-prompt-caching',
});
/**
 * Models the AWS prompt-caching page (stored copy) predates: caching is known from their Price List
 * cache rows; a 1h TTL only where a recorded page has a 1h cache-write row for the model (Claude Sonnet
 * 5.5 and Opus 4.7: Price List rows; Opus 4.8, Opus 5, Fable 5 and Sonnet 5: LiteLLM's
 * `cache_creation_input_token_cost_above_1hr`, scripts/transcribe-litellm.ts; Fable 5.1 and Haiku 5.5: their
 * agreement-offer rate cards, scripts/transcribe-agreement-offer-cards.ts). Claude 3.5 Sonnet v2's
 * cache rates are the pricing page's extended-access row (5-minute write and read only).
 */
const cacheFromRows = (oneHour = false) => ({ ttls: (oneHour ? ['5m', '1h'] : ['5m']) as Array<'5m' | '1h'>, source: 'price-list-cache-rows' });
const NOVA_NOTE =
  'Prompt-cache reads are 0.25x input (published). No cache-write rate is published: writes are believed billed as normal input (UNVERIFIED), so cacheWrite5m is absent rather than guessed.';
/** Claude Sonnet 4 / 4.5 bill a request above 200K input tokens at the long-context rates (https://aws.amazon.com/bedrock/pricing/). */
const LONG_CONTEXT_200K = { thresholdInputTokens: 200_000, source: 'aws-long-context' };

function entry(modelId: string, name: string, provider: string, modality: Modality, facts?: ModelFacts): ModelTableEntry {
  return { modelId, name, provider, modality, ...(facts ? { facts } : {}) };
}
const text = (id: string, name: string, provider: string, facts?: ModelFacts) => entry(id, name, provider, 'text', facts);

export const MODEL_TABLE: readonly ModelTableEntry[] = [
  // Amazon
  text('amazon.nova-micro-v1:0', 'Amazon Nova Micro', 'Amazon', { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '128k']) }),
  text('amazon.nova-lite-v1:0', 'Amazon Nova Lite', 'Amazon', { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '300k']) }),
  text('amazon.nova-pro-v1:0', 'Amazon Nova Pro', 'Amazon', { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH, provisionedThroughput: PT(['24k', '300k']) }),
  text('amazon.nova-premier-v1:0', 'Amazon Nova Premier', 'Amazon', { note: NOVA_NOTE, promptCache: NOVA_CACHE, batch: BATCH }),
  text('amazon.nova-2-lite-v1:0', 'Amazon Nova 2 Lite', 'Amazon', { note: NOVA_NOTE, promptCache: NOVA_CACHE, provisionedThroughput: PT(['256k']) }),
  text('amazon.nova-2-pro-v1:0', 'Amazon Nova 2 Pro', 'Amazon'),
  text('amazon.nova-2-omni-v1:0', 'Amazon Nova 2 Omni', 'Amazon'),
  entry('amazon.nova-sonic-v1:0', 'Amazon Nova Sonic', 'Amazon', 'speech'),
  entry('amazon.nova-2-sonic-v1:0', 'Amazon Nova 2 Sonic', 'Amazon', 'speech'),
  text('amazon.titan-text-express-v1', 'Amazon Titan Text G1 - Express', 'Amazon', {
    aliases: ['amazon.titan-text-express-v1:0'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  text('amazon.titan-text-lite-v1', 'Amazon Titan Text G1 - Lite', 'Amazon', {
    aliases: ['amazon.titan-text-lite-v1:0'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  text('amazon.titan-text-premier-v1:0', 'Amazon Titan Text G1 - Premier', 'Amazon'),
  entry('amazon.titan-embed-text-v1', 'Amazon Titan Embeddings G1 - Text', 'Amazon', 'embedding', {
    aliases: ['amazon.titan-embed-text-v1:2'],
    provisionedThroughput: PT(),
  }),
  entry('amazon.titan-embed-text-v2:0', 'Amazon Titan Text Embeddings V2', 'Amazon', 'embedding', { batch: BATCH }),
  entry('amazon.titan-embed-image-v1', 'Amazon Titan Multimodal Embeddings G1', 'Amazon', 'embedding', {
    aliases: ['amazon.titan-embed-image-v1:0'],
    batch: BATCH,
    provisionedThroughput: PT(),
  }),
  entry('amazon.nova-canvas-v1:0', 'Amazon Nova Canvas', 'Amazon', 'image', {
    provisionedThroughput: PT(),
    // CloudWatch's OutputImageCount does not say which tier an image was; the standard 1024x1024 tier is the default.
    defaultTier: '1024x1024/standard',
  }),
  entry('amazon.titan-image-generator-v2:0', 'Amazon Titan Image Generator G1 v2', 'Amazon', 'image', {
    provisionedThroughput: PT(),
    defaultTier: '1024x1024/standard',
  }),
  entry('amazon.nova-reel-v1:0', 'Amazon Nova Reel', 'Amazon', 'video'),
  entry('amazon.rerank-v1:0', 'Amazon Rerank 1.0', 'Amazon', 'rerank'),
  // Anthropic (AmazonBedrockFoundationModels `servicename`; legacy Claude also under AmazonBedrock `model`)
  text('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 'Anthropic', { batch: BATCH, provisionedThroughput: PT(['48k', '200k']) }),
  text('anthropic.claude-3-sonnet-20240229-v1:0', 'Claude 3 Sonnet', 'Anthropic'),
  text('anthropic.claude-3-opus-20240229-v1:0', 'Claude 3 Opus', 'Anthropic'),
  text('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 'Anthropic', { promptCache: claudeCache(2048, false), batch: BATCH }),
  text('anthropic.claude-3-5-sonnet-20240620-v1:0', 'Claude 3.5 Sonnet', 'Anthropic', { batch: BATCH, provisionedThroughput: PT() }),
  text('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2', 'Anthropic', { promptCache: cacheFromRows(), batch: BATCH, provisionedThroughput: PT() }),
  text('anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 'Anthropic', { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 'Anthropic', { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT, longContext: LONG_CONTEXT_200K }),
  text('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', 'Anthropic', { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT, longContext: LONG_CONTEXT_200K }),
  // 1h TTL: the Price List has 1h cache-write rows for it (`CacheWrite1hInputTokenCount`, us-east-1 GetProducts 2026-05-01).
  text('anthropic.claude-sonnet-4-6-v1:0', 'Claude Sonnet 4.6', 'Anthropic', { promptCache: claudeCache(1024, true), aliases: ['anthropic.claude-sonnet-4-6'] }),
  text('anthropic.claude-sonnet-5-v1:0', 'Claude Sonnet 5', 'Anthropic', {
    promptCache: cacheFromRows(true), aliases: ['anthropic.claude-sonnet-5'],
    // Priced from the offer-file extract of 2026-09-17 ($2.20 / $11 in-Region, $2 / $10 global) and the AWS pricing
    // page read 2026-09-25 ($2.20 / $11), which agree; pydantic/genai-prices' $3 / $15 (global, from 2026-09-01)
    // disagrees with both and is not used.
    note: 'Sources disagree: the AWS pricing page read 2026-09-25 and the offer files of 2026-09-17 give $2.20 / $11 per 1M in-Region ($2 / $10 global), which the catalog uses; pydantic/genai-prices records $3 / $15 (global) from 2026-09-01. Run "prices refresh" (or --prices live) to read the current Price List rows.',
  }),
  // ID as @ai-sdk/amazon-bedrock 4.0.186 adds it (vercel/ai release notes, 2026-09-28: "anthropic.claude-sonnet-5-5 and us.anthropic.claude-sonnet-5-5").
  text('anthropic.claude-sonnet-5-5', 'Claude Sonnet 5.5', 'Anthropic', {
    promptCache: cacheFromRows(true),
    note: 'Priced in us-west-2 from the rows of the Price List offer file https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrockFoundationModels/current/us-west-2/index.json (publication 2026-09-30) and elsewhere from its agreement-offer rate cards (third party), whose cache-read rates disagree (0.22 and 0.11 per 1M in-Region), so its cache reads are unpriced outside us-west-2.',
  }),
  text('anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', 'Anthropic', { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT }),
  // ID as its agreement-offer rate card names it (whchoi98/model-monitoring offers_claude-haiku-5-5.json @ e7d99ab); no
  // ListFoundationModels response recorded here names it. The card has 5-minute and 1-hour cache-write rows.
  text('anthropic.claude-haiku-5-5', 'Claude Haiku 5.5', 'Anthropic', {
    promptCache: cacheFromRows(true),
    note: 'Model ID as its ListFoundationModelAgreementOffers rate card names it (anthropic.claude-haiku-5-5, a third-party copy), not confirmed by a ListFoundationModels response; its long-context rates are not taken (no threshold is known, and they are 5x its standard rates).',
  }),
  text('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', 'Anthropic', { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-1-20250805-v1:0', 'Claude Opus 4.1', 'Anthropic', { promptCache: claudeCache(1024, false), batch: BATCH, provisionedThroughput: NO_PT }),
  text('anthropic.claude-opus-4-5-20251101-v1:0', 'Claude Opus 4.5', 'Anthropic', { promptCache: claudeCache(4096, true), batch: BATCH, provisionedThroughput: NO_PT }),
  // 1h TTL: LiteLLM's file gives its 1-hour cache-write price ($10 per 1M global, $11 in its geographies; cache_creation_input_token_cost_above_1hr).
  text('anthropic.claude-opus-4-6-v1:0', 'Claude Opus 4.6', 'Anthropic', { promptCache: claudeCache(4096, true), aliases: ['anthropic.claude-opus-4-6-v1'] }),
  text('anthropic.claude-opus-4-7-v1:0', 'Claude Opus 4.7', 'Anthropic', { promptCache: cacheFromRows(true), aliases: ['anthropic.claude-opus-4-7'] }),
  text('anthropic.claude-opus-4-8-v1:0', 'Claude Opus 4.8', 'Anthropic', { promptCache: cacheFromRows(true), aliases: ['anthropic.claude-opus-4-8'] }),
  text('anthropic.claude-opus-5', 'Claude Opus 5', 'Anthropic', { promptCache: cacheFromRows(true) }),
  // Cache reads only: its agreement-offer rate card (whchoi98/model-monitoring offers_claude-opus-5-5.json @ 9d64581) has no cache-write row.
  text('anthropic.claude-opus-5-5', 'Claude Opus 5.5', 'Anthropic', {
    promptCache: cacheFromRows(),
    note: 'Model ID as third-party Bedrock price readers name it (anthropic.claude-opus-5-5, global./us. profiles), not confirmed by AWS.',
  }),
  text('anthropic.claude-fable-5-v1:0', 'Claude Fable 5', 'Anthropic', { promptCache: cacheFromRows(true), aliases: ['anthropic.claude-fable-5'] }),
  // ID as the all-Regions offer-file extract keys it (koyakimu/aws-bedrock-quick-reference data/prices.json @ 1e0cc47); no
  // ListFoundationModels response recorded here names it. Its cache read is 0.025x input (0.275 for 11 per 1M), not 0.1x.
  // 1h TTL: its agreement-offer rate card (whchoi98/model-monitoring offers_claude-fable-5-1.json @ b03234d) has 1-hour cache-write rows.
  text('anthropic.claude-fable-5-1', 'Claude Fable 5.1', 'Anthropic', {
    promptCache: cacheFromRows(true),
    note: 'Model ID as the offer-file extract of 2026-09-17 keys it (anthropic.claude-fable-5-1), not confirmed by a ListFoundationModels response. Its cache read is 0.025x input ($0.275 per 1M in-Region for $11), not the 0.1x of earlier Claude models.',
  }),
  // Meta
  text('meta.llama3-8b-instruct-v1:0', 'Llama 3 8B Instruct', 'Meta'),
  text('meta.llama3-70b-instruct-v1:0', 'Llama 3 70B Instruct', 'Meta'),
  text('meta.llama3-1-8b-instruct-v1:0', 'Llama 3.1 8B Instruct', 'Meta', { batch: BATCH, provisionedThroughput: PT() }),
  text('meta.llama3-1-405b-instruct-v1:0', 'Llama 3.1 405B Instruct', 'Meta', { batch: BATCH }),
  text('meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct', 'Meta', { provisionedThroughput: PT() }),
  text('meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct', 'Meta', { provisionedThroughput: PT() }),
  text('meta.llama3-2-3b-instruct-v1:0', 'Llama 3.2 3B Instruct', 'Meta', { provisionedThroughput: PT() }),
  text('meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Instruct', 'Meta', { provisionedThroughput: PT() }),
  text('meta.llama3-2-90b-instruct-v1:0', 'Llama 3.2 90B Instruct', 'Meta', { provisionedThroughput: PT() }),
  text('meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta', { batch: BATCH }),
  text('meta.llama4-maverick-17b-instruct-v1:0', 'Llama 4 Maverick 17B Instruct', 'Meta'),
  text('meta.llama4-scout-17b-instruct-v1:0', 'Llama 4 Scout 17B Instruct', 'Meta'),
  // Mistral AI
  text('mistral.mistral-7b-instruct-v0:2', 'Mistral 7B Instruct', 'Mistral AI'),
  text('mistral.mixtral-8x7b-instruct-v0:1', 'Mixtral 8x7B Instruct', 'Mistral AI'),
  text('mistral.mistral-small-2402-v1:0', 'Mistral Small (24.02)', 'Mistral AI'),
  text('mistral.mistral-large-2402-v1:0', 'Mistral Large (24.02)', 'Mistral AI'),
  text('mistral.mistral-large-2407-v1:0', 'Mistral Large (24.07)', 'Mistral AI'),
  text('mistral.mistral-large-3-675b-instruct', 'Mistral Large 3', 'Mistral AI'),
  text('mistral.pixtral-large-2502-v1:0', 'Pixtral Large (25.02)', 'Mistral AI'),
  text('mistral.devstral-2-123b', 'Devstral 2 123B', 'Mistral AI'),
  text('mistral.magistral-small-2509', 'Magistral Small 2509', 'Mistral AI'),
  text('mistral.ministral-3-3b-instruct', 'Ministral 3B 3.0', 'Mistral AI'),
  text('mistral.ministral-3-8b-instruct', 'Ministral 8B 3.0', 'Mistral AI'),
  text('mistral.ministral-3-14b-instruct', 'Ministral 14B 3.0', 'Mistral AI'),
  text('mistral.voxtral-mini-3b-2507', 'Voxtral Mini 3B 2507', 'Mistral AI'),
  text('mistral.voxtral-small-24b-2507', 'Voxtral Small 24B 2507', 'Mistral AI'),
  // DeepSeek, OpenAI, Qwen, Google, NVIDIA, Writer, Cohere, Stability
  text('deepseek.r1-v1:0', 'DeepSeek-R1', 'DeepSeek'),
  text('openai.gpt-oss-120b-1:0', 'gpt-oss-120b', 'OpenAI'),
  text('openai.gpt-oss-20b-1:0', 'gpt-oss-20b', 'OpenAI'),
  text('openai.gpt-5.4', 'GPT-5.4', 'OpenAI', { longContext: { thresholdInputTokens: 272_000, source: 'aws-gpt-5-4-card' } }),
  text('openai.gpt-5.5', 'GPT-5.5', 'OpenAI'),
  text('openai.gpt-5.6-luna', 'GPT-5.6 Luna', 'OpenAI', { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-5.6-sol', 'GPT-5.6 Sol', 'OpenAI', { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-5.6-terra', 'GPT-5.6 Terra', 'OpenAI', { longContext: { thresholdInputTokens: 272_000, source: 'aws-long-context' } }),
  text('openai.gpt-6-astra', 'GPT-6 Astra', 'OpenAI', {
    note: 'Model ID follows the openai.<model> Bedrock IDs OpenAI documents for GPT-6 (openai.gpt-6-sol, openai.gpt-6-luna), not confirmed by AWS; prices are the rows of the Price List offer file https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrockFoundationModels/current/us-west-2/index.json (publication 2026-09-30).',
    longContext: { thresholdInputTokens: 272_000, source: 'aws-gpt-6-astra-card' },
  }),
  text('qwen.qwen3-32b-v1:0', 'Qwen3 32B (dense)', 'Qwen', { batch: BATCH }),
  text('qwen.qwen3-coder-30b-a3b-v1:0', 'Qwen3 Coder 30B A3B Instruct', 'Qwen'),
  text('qwen.qwen3-coder-480b-a35b-v1:0', 'Qwen3 Coder 480B A35B Instruct', 'Qwen'),
  text('qwen.qwen3-vl-235b-a22b-v1:0', 'Qwen3 VL 235B A22B Instruct', 'Qwen'),
  text('google.gemma-3-4b-it', 'Gemma 3 4B IT', 'Google'),
  text('google.gemma-3-12b-it', 'Gemma 3 12B IT', 'Google'),
  text('google.gemma-3-27b-it', 'Gemma 3 27B IT', 'Google'),
  text('nvidia.nemotron-nano-9b-v2:0', 'Nemotron 2 Nano 9B', 'NVIDIA'),
  text('nvidia.nemotron-nano-3-30b:0', 'Nemotron 3 Nano 30B', 'NVIDIA'),
  text('nvidia.nemotron-super-3-120b:0', 'Nemotron 3 Super 120B', 'NVIDIA'),
  text('writer.palmyra-x4-v1:0', 'Palmyra X4', 'Writer'),
  text('writer.palmyra-x5-v1:0', 'Palmyra X5', 'Writer'),
  text('cohere.command-r-plus-v1:0', 'Command R+', 'Cohere'),
  text('cohere.command-text-v14', 'Cohere Command', 'Cohere', { aliases: ['cohere.command-text-v14:7'] }),
  text('cohere.command-r-v1:0', 'Command R', 'Cohere'),
  text('ai21.jamba-1-5-large-v1:0', 'Jamba 1.5 Large', 'AI21 Labs'),
  text('ai21.jamba-1-5-mini-v1:0', 'Jamba 1.5 Mini', 'AI21 Labs'),
  text('cohere.command-light-text-v14', 'Cohere Command Light', 'Cohere', {
    aliases: ['cohere.command-light-text-v14:7'],
    provisionedThroughput: { supported: true, source: 'aws-pricing-page' },
  }),
  entry('cohere.embed-english-v3', 'Cohere Embed English v3', 'Cohere', 'embedding', { aliases: ['cohere.embed-english-v3:0'], provisionedThroughput: PT() }),
  entry('cohere.embed-multilingual-v3', 'Cohere Embed Multilingual v3', 'Cohere', 'embedding', { aliases: ['cohere.embed-multilingual-v3:0'], provisionedThroughput: PT() }),
  entry('cohere.embed-v4:0', 'Cohere Embed v4', 'Cohere', 'embedding', { aliases: ['cohere.embed-v4'] }),
  entry('cohere.rerank-v3-5:0', 'Cohere Rerank 3.5', 'Cohere', 'rerank'),
  // Luma AI: video by the second, tier named by frame rate and resolution (USW2-Ray-V2-Medfps-HDRes).
  entry('luma.ray-v2:0', 'Luma Ray v2', 'Luma AI', 'video'),
  entry('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'Stability AI', 'image'),
  entry('stability.sd3-large-v1:0', 'Stable Diffusion 3 Large', 'Stability AI', 'image'),
  entry('stability.stable-image-core-v1:1', 'Stable Image Core', 'Stability AI', 'image', { aliases: ['stability.stable-image-core-v1:0'] }),
  entry('stability.stable-image-ultra-v1:1', 'Stable Image Ultra', 'Stability AI', 'image', { aliases: ['stability.stable-image-ultra-v1:0'] }),
];

/**
 * The exceptions: Price List names (`model`, `servicename` without " (Amazon Bedrock Edition)") and
 * AmazonBedrock usagetype tokens whose words are not their model's ID or name, with the model they
 * price. Spellings are those our recorded pages use, those a public Price List reader maps (lmux's
 * update_bedrock_pricing.py), or those Cost Explorer shows as SERVICE. A test keeps this list short:
 * an entry the word rule already resolves fails it.
 */
export const PRICE_LIST_NAME_EXCEPTIONS: Readonly<Record<string, string>> = {
  // Titan models are priced under their family names ("G1"), which their IDs do not carry.
  'Titan Text G1 Express': 'amazon.titan-text-express-v1',
  'Titan Text G1 - Express': 'amazon.titan-text-express-v1',
  'Titan Text G1 Lite': 'amazon.titan-text-lite-v1',
  'Titan Text G1 - Lite': 'amazon.titan-text-lite-v1',
  'Titan Text G1 Premier': 'amazon.titan-text-premier-v1:0',
  'Titan Embeddings G1 - Text': 'amazon.titan-embed-text-v1',
  'TitanEmbeddingsV2-Text-input': 'amazon.titan-embed-text-v2:0',
  'Titan Text Embeddings V2': 'amazon.titan-embed-text-v2:0',
  'Titan Embeddings G1 Image': 'amazon.titan-embed-image-v1',
  'Titan Multimodal Embeddings G1': 'amazon.titan-embed-image-v1',
  'Titan Image Generator G1 v2': 'amazon.titan-image-generator-v2:0',
  // The Price List writes versions its IDs spell otherwise ("2.0" for `-2-`, "1.0" for `-v1`, "Ray2").
  'Nova Sonic 2.0': 'amazon.nova-2-sonic-v1:0',
  'Rerank 1.0': 'amazon.rerank-v1:0',
  'Rerank 3.5': 'cohere.rerank-v3-5:0',
  'Luma Ray2': 'luma.ray-v2:0',
  'Stable Diffusion 3 Large v1.0': 'stability.sd3-large-v1:0',
  // Mistral's dated IDs (`-2402`, `-2407`, `-2502`): the Price List names drop or rewrite the date.
  'Mistral Small': 'mistral.mistral-small-2402-v1:0',
  'Mistral Large': 'mistral.mistral-large-2402-v1:0',
  'Mistral Large 2 (24.07)': 'mistral.mistral-large-2407-v1:0',
  'Pixtral Large': 'mistral.pixtral-large-2502-v1:0',
  // The provider's name in front of the model's.
  'OpenAI GPT-6 Astra': 'openai.gpt-6-astra',
  // Cohere: IDs say `command-text`, `embed-english-v3`; names say "Command", "Embed 3 Model"; "+" is no word.
  'Command R+': 'cohere.command-r-plus-v1:0',
  'Cohere Command R+': 'cohere.command-r-plus-v1:0',
  'Command R': 'cohere.command-r-v1:0',
  'Command': 'cohere.command-text-v14',
  'Cohere Generate Model - Command': 'cohere.command-text-v14',
  'Command Light': 'cohere.command-light-text-v14',
  'Cohere Generate Model - Command-Light': 'cohere.command-light-text-v14',
  'Embed English': 'cohere.embed-english-v3',
  'Cohere Embed English': 'cohere.embed-english-v3',
  'Cohere Embed 3 Model - English': 'cohere.embed-english-v3',
  'Embed Multilingual': 'cohere.embed-multilingual-v3',
  'Cohere Embed Multilingual': 'cohere.embed-multilingual-v3',
  'Cohere Embed Model 3 - Multilingual': 'cohere.embed-multilingual-v3',
  'Cohere Embed 4 Model': 'cohere.embed-v4:0',
};

/** Usagetype tokens (`USE1-<token>-input-tokens`) with the same reasons as the names above. */
export const USAGETYPE_TOKEN_EXCEPTIONS: Readonly<Record<string, string>> = {
  'TitanTextG1-Express': 'amazon.titan-text-express-v1',
  'TitanTextG1-Lite': 'amazon.titan-text-lite-v1',
  'TitanEmbeddingsG1-Text': 'amazon.titan-embed-text-v1',
  'TitanEmbeddingV2-Text': 'amazon.titan-embed-text-v2:0',
  'TitanEmbeddingsG1-Image': 'amazon.titan-embed-image-v1',
  'NovaSonic2.0': 'amazon.nova-2-sonic-v1:0',
  MistralSmall: 'mistral.mistral-small-2402-v1:0',
  MistralLarge: 'mistral.mistral-large-2402-v1:0',
  PixtralLarge: 'mistral.pixtral-large-2502-v1:0',
  CommandRPlus: 'cohere.command-r-plus-v1:0',
  CommandR: 'cohere.command-r-v1:0',
  Command: 'cohere.command-text-v14',
  CommandLight: 'cohere.command-light-text-v14',
  CohereEmbedEnglish: 'cohere.embed-english-v3',
  CohereEmbedMultilingual: 'cohere.embed-multilingual-v3',
};

function normaliseName(name: string): string {
  return name.replace(/\s*\(Amazon Bedrock Edition\)\s*$/i, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The table by ID and its exceptions by spelling, built on the first look-up rather than at load: a
 * Lambda's first invocation loads this module with the Price List's parsers whether or not it reads
 * the Price List (PRICE_SOURCE=bundled never does), and the table directory below is as lazy.
 */
let lookups: { byName: Map<string, ModelTableEntry>; byToken: Map<string, ModelTableEntry>; byId: Map<string, ModelTableEntry> } | undefined;
function tableLookups(): NonNullable<typeof lookups> {
  if (lookups) return lookups;
  const byId = new Map<string, ModelTableEntry>();
  for (const e of MODEL_TABLE) byId.set(e.modelId, e);
  const byName = new Map<string, ModelTableEntry>();
  for (const [name, id] of Object.entries(PRICE_LIST_NAME_EXCEPTIONS)) byName.set(normaliseName(name), byId.get(id)!);
  const byToken = new Map<string, ModelTableEntry>();
  for (const [token, id] of Object.entries(USAGETYPE_TOKEN_EXCEPTIONS)) byToken.set(token.toLowerCase(), byId.get(id)!);
  return (lookups = { byName, byToken, byId });
}

/** The table as a directory of IDs and names, for identifying rows by their own words. */
export const TABLE_DIRECTORY = new ModelDirectory<ModelTableEntry>(MODEL_TABLE);

export function modelById(modelId: string): ModelTableEntry | undefined {
  return tableLookups().byId.get(modelId);
}

/** How a row's model was identified, for the catalog entry of a model the table does not know. */
export type IdentitySource = 'usagetype-model-id' | 'price-list-name' | 'account-directory';

/** The model a Price List row prices. `entry` is its table entry (its facts) when the table knows it. */
export interface RowIdentity {
  modelId: string;
  entry?: ModelTableEntry;
  /** For a model the table does not know: its name, provider and how it was identified. */
  name: string;
  provider: string;
  identity?: IdentitySource;
}

/** The catalog ID of a model known only by its Price List name: its words joined by "-" ("claude-sonnet-9"). */
export function nameOnlyModelId(name: string): string {
  return nameKey(name).replace(/ /g, '-');
}

function fromTable(entry: ModelTableEntry): RowIdentity {
  return { modelId: entry.modelId, entry, name: entry.name, provider: entry.provider };
}

/**
 * The model a Price List row prices, read from the row itself (src/pricelist/identity.ts):
 *  1. the exceptions in the table (`priceListNames`, `usagetypeTokens`): spellings whose words are
 *     not the model's ("R1", "Cohere Embed 4 Model", `TitanTextG1-Express`);
 *  2. the usagetype's model ID (`deepseek.v3.2`), with or without its version suffix, among the
 *     table's models and then the account's (ListFoundationModels, on the live path);
 *  3. the row's name (`servicename` for FoundationModels rows, `model`/`titanModel` or the usagetype
 *     token for AmazonBedrock rows), word for word against the models' IDs and names;
 *  4. a model no directory knows: the usagetype's model ID when it is one, else the name itself.
 * Only a row that names no model at all has no identity.
 */
export function identifyRow(attributes: Readonly<Record<string, string>>, usagetypeModelToken: string | undefined, account?: ModelDirectory): RowIdentity | undefined {
  const isFoundationModels = attributes.servicecode === 'AmazonBedrockFoundationModels';
  const names = (isFoundationModels ? [attributes.servicename] : [attributes.model, attributes.titanModel]).filter((n): n is string => n !== undefined && n.trim() !== '');
  for (const name of names) {
    const hit = tableLookups().byName.get(normaliseName(name));
    if (hit) return fromTable(hit);
  }
  const token = usagetypeModelToken;
  const tokenHit = token === undefined ? undefined : tableLookups().byToken.get(token.toLowerCase());
  if (tokenHit) return fromTable(tokenHit);
  const fromAccount = (e: DirectoryEntry | undefined): RowIdentity | undefined => {
    if (!e) return undefined;
    const known = tableLookups().byId.get(e.modelId) ?? TABLE_DIRECTORY.byModelId(e.modelId);
    return known ? fromTable(known) : { modelId: e.modelId, name: e.name, provider: e.provider ?? providerOf(e.modelId, attributes), identity: 'account-directory' };
  };
  if (token !== undefined && looksLikeModelId(token)) {
    const hit = TABLE_DIRECTORY.byModelId(token);
    if (hit) return fromTable(hit);
    const accountHit = fromAccount(account?.byModelId(token));
    if (accountHit) return accountHit;
  }
  for (const name of [...names, ...(token !== undefined && !looksLikeModelId(token) ? [token] : [])]) {
    const hit = TABLE_DIRECTORY.byName(name);
    if (hit) return fromTable(hit);
    const accountHit = fromAccount(account?.byName(name));
    if (accountHit) return accountHit;
  }
  if (token !== undefined && looksLikeModelId(token)) {
    return { modelId: token, name: names[0] ?? token, provider: providerOf(token, attributes), identity: 'usagetype-model-id' };
  }
  const name = names[0] ?? token;
  if (name === undefined) return undefined;
  const modelId = nameOnlyModelId(name);
  if (modelId === '') return undefined;
  return { modelId, name: name.replace(/\s*\(Amazon Bedrock Edition\)\s*$/i, '').trim(), provider: providerOf(undefined, attributes), identity: 'price-list-name' };
}

/** The provider a row states (`provider` attribute), else the ID's prefix; "not stated" when neither. */
function providerOf(modelId: string | undefined, attributes: Readonly<Record<string, string>>): string {
  const stated = attributes.provider?.trim();
  if (stated) return stated;
  const prefix = modelId?.split('.')[0];
  return prefix ? prefix : 'not stated in the Price List row';
}

/** The table entry a row prices, when the table knows the model (see `identifyRow`). */
export function modelForRow(attributes: Readonly<Record<string, string>>, usagetypeModelToken: string | undefined): ModelTableEntry | undefined {
  return identifyRow(attributes, usagetypeModelToken)?.entry;
}
