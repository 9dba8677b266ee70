import type { CommitmentTerm, ReservedTerm, TokenDimension } from '../catalog/schema.js';
import { PROVISIONED_TERMS, RESERVED_TERM_INFO, type TermInfo } from '../catalog/terms.js';
import type { InferenceScope } from '../model-id.js';

/**
 * Classifies a Price List `usagetype` into the catalog dimension it prices. Both service codes and
 * every naming style seen in the Price List (the AmazonBedrock and AmazonBedrockFoundationModels Price List rows) meet here:
 *  - AmazonBedrock: `USE1-NovaMicro-input-tokens[-batch|-flex|-priority|-cross-region-global]`,
 *    `USE1-Nova2.0Pro-text-input-tokens-…`, rerank `USE1-cohere.rerank-english-v3-search-units`,
 *    Luma video `USW2-Ray-V2-Medfps-HDRes` and Nova Reel `USE1-NovaReel-T2V-Medfps-HDRes` (per second),
 *    `USE1-NovaMicro-cache-read-input-token-count`, `USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits`,
 *    `USE1-Nova2.0Lite-Customization-Training`, mantle `USE1-qwen.qwen3-32b-mantle-input-tokens-standard`;
 *  - AmazonBedrockFoundationModels, CamelCase: `USW2-MP:USW2_InputTokenCount_Global-Units`,
 *    `CacheWrite1hInputTokenCount`, `_LCtx`, `_Batch`, `ProvisionedThroughput_6MonthsCommit_ModelUnits_Usage`,
 *    `Reserved_1Month_InputTPM_Geo`, `MillionBatchInputTokens`;
 *  - AmazonBedrockFoundationModels, snake_case: `USW2_input_tokens_global_standard-Units`,
 *    `cache_write_tokens_1h_standard`, `cache_write_tokens_30m_standard`, `input_tokens_long_ctx_standard`,
 *    `cache_writes_tokens_standard`.
 * A usagetype with any word this module does not understand is not guessed at: it comes back
 * unclassified with the word named, so the pipeline reports it.
 */

export type Dimension =
  | { kind: 'token'; dimension: TokenDimension }
  | { kind: 'image'; tier: string }
  | { kind: 'inputImage' }
  | { kind: 'inputVideoSecond' }
  | { kind: 'inputAudioSecond' }
  | { kind: 'videoSecond'; tier: string }
  | { kind: 'query' }
  | { kind: 'modelUnitHour'; term: CommitmentTerm }
  | { kind: 'reserved'; term: ReservedTerm; direction: 'input' | 'output' }
  | { kind: 'training' }
  | { kind: 'storage' };

export interface Classified {
  /** `USE1`, `USW2`, …: the usagetype's Region prefix. */
  regionPrefix?: string;
  /** The model named inside an AmazonBedrock usagetype (`NovaMicro`, `qwen.qwen3-32b`); FoundationModels rows name none. */
  modelToken?: string;
  dimension: Dimension;
  scope: InferenceScope;
}

export type Classification = Classified | { unclassified: string };

/** Where the model name ends and the dimension begins in an AmazonBedrock usagetype. */
const DIMENSION_START = /-(?=(?:input|output|cache|speech|audio|provisionedthroughput|customization|reserved|rft|rerank|queries|query|search|searchunits|[ti]2v|(?:low|med|high)fps)(?:-|$))/i;
/**
 * Nova 2 Pro/Omni name their text tokens apart from image, audio and video tokens
 * (`USE1-Nova2.0Pro-text-input-tokens-priority-cross-region-global`). Lower case only: model names
 * carry a capitalised `-Text` of their own (`TitanEmbeddingsG1-Text-input-tokens`).
 */
const TEXT_DIMENSION_START = /-(?=text-(?:input|output)-)/;
/** Marks usagetypes of the OpenAI-compatible `bedrock-mantle` endpoint; the model is the same. */
const MANTLE_SUFFIX = /-mantle$/i;

/** A video generation task a usagetype names before its tier, as words (`T2V` → t 2 v): text- or image-to-video. */
const VIDEO_TASK = /^[ti]-2-v-/;

/** Words that may appear in a token usagetype; anything else makes the row unclassified. */
const TOKEN_WORDS = new Set([
  'input', 'output', 'token', 'tokens', 'count', 'cache', 'read', 'write', '1h', '5m', '30m', 'batch', 'flex', 'priority',
  'standard', 'global', 'geo', 'cross', 'region', 'custom', 'model', 'speech', 'audio', 'lctx', 'long', 'ctx', 'units', 'usage',
  // `text-input-tokens` (Nova 2 Pro/Omni) are the plain input tokens.
  'text',
]);

/**
 * Other spellings of the same word seen in real usagetypes: `cache_writes_tokens_standard` beside
 * `cache_write_tokens_standard`, and `MillionBatchInputTokens` (Claude 3.5 Sonnet batch, APN1), whose
 * "Million" only repeats what every FoundationModels row means by its `Units` (per 1M tokens).
 */
function normaliseSpellings(words: string[]): string[] {
  return words.filter((w) => w !== 'million').map((w) => (w === 'writes' ? 'write' : w));
}

/** Splits CamelCase and snake/kebab case into lower-case words: `CacheWrite1hInputTokenCount` → cache write 1h input token count. */
export function usageWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([a-z])(\d)/gi, (_m, a: string, d: string) => `${a}-${d}`)
    .toLowerCase()
    .split(/[-_\s]+/)
    .filter((w) => w !== '')
    // `1-h`/`30-m` after the letter/digit split: join a TTL back together.
    .reduce<string[]>((out, w) => {
      const last = out[out.length - 1];
      if ((w === 'h' || w === 'm') && last !== undefined && /^\d+$/.test(last)) out[out.length - 1] = `${last}${w}`;
      else out.push(w);
      return out;
    }, []);
}

function scopeOf(words: string[]): InferenceScope {
  if (words.includes('global')) return 'global';
  if (words.includes('geo')) return 'geo';
  return 'in-region';
}

function tokenDimension(words: string[]): TokenDimension | string {
  const unknown = words.find((w) => !TOKEN_WORDS.has(w));
  if (unknown !== undefined) return `unknown word "${unknown}"`;
  if (!words.includes('token') && !words.includes('tokens')) return 'names no tokens';
  const has = (w: string) => words.includes(w);
  const direction = has('input') ? 'input' : has('output') ? 'output' : undefined;
  const cache = has('cache') ? (has('read') ? 'read' : has('write') ? 'write' : undefined) : undefined;
  if (has('cache') && cache === undefined) return 'cache row is neither read nor write';
  const ttl = has('1h') ? '1h' : has('30m') ? '30m' : '5m';
  const modes = (['batch', 'flex', 'priority'] as const).filter(has);
  const longContext = has('lctx') || (has('long') && has('ctx'));
  const customModel = has('custom') && has('model');
  const speech = has('speech') || has('audio');
  if (modes.length + Number(longContext) + Number(customModel) + Number(speech) > 1) return 'combines two modes';
  const mode = modes[0];
  if (cache === 'read') {
    if (mode || customModel || speech) return `cache read with ${mode ?? (customModel ? 'custom model' : 'speech')}`;
    return longContext ? 'longContextCacheRead' : 'cacheRead';
  }
  if (cache === 'write') {
    if (mode || customModel || speech) return `cache write with ${mode ?? (customModel ? 'custom model' : 'speech')}`;
    if (longContext) return ttl === '30m' ? 'long-context 30-minute cache write' : ttl === '1h' ? 'longContextCacheWrite1h' : 'longContextCacheWrite5m';
    return ttl === '1h' ? 'cacheWrite1h' : ttl === '30m' ? 'cacheWrite30m' : 'cacheWrite5m';
  }
  if (!direction) return 'neither input nor output';
  const Dir = direction === 'input' ? 'Input' : 'Output';
  if (mode) return `${mode}${Dir}`;
  if (longContext) return `longContext${Dir}`;
  if (customModel) return `customModel${Dir}`;
  if (speech) return `speech${Dir}`;
  return direction;
}

/** The term in `table` (terms.ts, the one table of commitment terms) lasting `months`. */
function termOfMonths<T extends string>(table: Readonly<Record<T, TermInfo>>, months: number): T | undefined {
  return (Object.entries(table) as Array<[T, TermInfo]>).find(([, info]) => info.months === months)?.[0];
}

/** Whole months named in a usagetype: `1month`, `1MonthCommit`, `6MonthsCommit`, `Reserved_3Month`; 0 for no commitment. */
function monthsNamed(joined: string): number | undefined {
  if (/no-?commit/.test(joined)) return 0;
  const match = /(?:^|-)(\d+)-?months?(?:-|$)/.exec(joined);
  return match ? Number(match[1]) : undefined;
}

function classifyWords(words: string[]): Dimension | string {
  const joined = words.join('-');
  if (words.includes('provisionedthroughput') || /provisioned-throughput/.test(joined)) {
    const months = monthsNamed(joined);
    const term = months === undefined ? undefined : termOfMonths<CommitmentTerm>(PROVISIONED_TERMS, months);
    return term ? { kind: 'modelUnitHour', term } : 'provisioned throughput with an unknown term';
  }
  if (words.includes('reserved')) {
    const months = monthsNamed(joined);
    const term = months === undefined || months === 0 ? undefined : termOfMonths<ReservedTerm>(RESERVED_TERM_INFO, months);
    const direction = /input-?tpm/.test(joined) ? 'input' : /output-?tpm/.test(joined) ? 'output' : undefined;
    if (!term || !direction) return 'reserved tier row without a known term or direction';
    return { kind: 'reserved', term, direction };
  }
  if (words.includes('customization')) {
    if (words.includes('training')) return { kind: 'training' };
    if (words.includes('storage')) return { kind: 'storage' };
    return 'customization row that is neither training nor storage';
  }
  if (words.includes('rft')) return 'reinforcement fine-tuning hours are not a catalog dimension';
  // Seconds of video or audio sent to a video-understanding model (TwelveLabs): `input-video-seconds`.
  if (words.includes('input') && (words.includes('seconds') || words.includes('second'))) {
    const other = words.find((w) => !['input', 'seconds', 'second', 'video', 'audio'].includes(w));
    if (other !== undefined) return `input seconds with an unknown word "${other}"`;
    if (words.includes('video') === words.includes('audio')) return 'input seconds of neither (or both) video and audio';
    return { kind: words.includes('video') ? 'inputVideoSecond' : 'inputAudioSecond' };
  }
  // Image, video and audio *tokens* (Nova 2 Pro/Omni `input-image-token-count`) are priced per token
  // and are not images or seconds; the catalog has no dimension for them, so they are reported.
  const perToken = words.includes('token') || words.includes('tokens');
  if (perToken && (words.includes('image') || words.includes('video'))) return 'image or video tokens (priced per token) have no catalog dimension';
  if (words.includes('image') || words.includes('images')) {
    if (words.includes('input')) return { kind: 'inputImage' };
    const size = words.find((w) => /^\d{3,4}(x\d{3,4})?$/.test(w));
    const resolution = size === undefined ? undefined : size.includes('x') ? size : `${size}x${size}`;
    const quality = words.find((w) => w === 'standard' || w === 'premium');
    return { kind: 'image', tier: resolution && quality ? `${resolution}/${quality}` : resolution ?? quality ?? 'default' };
  }
  if (words.includes('video')) return { kind: 'videoSecond', tier: words.find((w) => /^\d+p$/.test(w)) ?? 'default' };
  // Luma Ray names a video tier by frame rate and resolution only: `USW2-Ray-V2-Medfps-HDRes`, per second.
  // Nova Reel adds the task in front, text- or image-to-video (`USE1-NovaReel-T2V-Medfps-HDRes`): the
  // task is not part of the tier, so the two tasks' rows fill one slot, and a price that differs
  // between them is reported as a conflict rather than one silently winning.
  if (words.some((w) => /^(low|med|high)fps$/.test(w))) {
    const tierWords = words.join('-').replace(VIDEO_TASK, '').split('-');
    const other = tierWords.find((w) => !/^(low|med|high)fps$/.test(w) && !/^[a-z]{2}res$/.test(w));
    return other === undefined ? { kind: 'videoSecond', tier: tierWords.join('-') } : `video tier with an unknown word "${other}"`;
  }
  // Rerank: per query, or per "search unit" (Cohere: one query with up to 100 documents):
  // `USE1-cohere.rerank-english-v3-search-units`, `…-AmazonRerank-…-searchunits`.
  if (['queries', 'query', 'rerank', 'search', 'searchunits'].some((w) => words.includes(w))) return { kind: 'query' };
  const token = tokenDimension(normaliseSpellings(words));
  return token.includes(' ') ? token : { kind: 'token', dimension: token as TokenDimension };
}

/** Classifies one usagetype. */
export function classifyUsagetype(usagetype: string): Classification {
  let rest = usagetype.trim();
  const prefix = /^([A-Z]{2,4}\d?)-/.exec(rest);
  const regionPrefix = prefix?.[1];
  if (prefix) rest = rest.slice(prefix[0].length);
  let modelToken: string | undefined;
  if (rest.startsWith('MP:')) {
    // FoundationModels: `MP:USW2_InputTokenCount_Global-Units`; the model is named by `servicename`.
    rest = rest.slice(3).replace(/^[A-Z]{2,4}\d?_/, '').replace(/-Units$/i, '');
  } else if (/^[A-Z]{2,4}\d?_/.test(usagetype) || /^(Reserved|ProvisionedThroughput)_/.test(rest)) {
    rest = rest.replace(/^[A-Z]{2,4}\d?_/, '').replace(/-Units$/i, '');
  } else {
    const start = [DIMENSION_START.exec(rest), TEXT_DIMENSION_START.exec(rest)]
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => a.index - b.index)[0];
    if (!start) return { unclassified: 'no dimension (input, output, cache, ProvisionedThroughput, …) after the model name' };
    modelToken = rest.slice(0, start.index).replace(MANTLE_SUFFIX, '');
    rest = rest.slice(start.index + 1);
  }
  const words = usageWords(rest);
  const dimension = classifyWords(words);
  if (typeof dimension === 'string') return { unclassified: dimension };
  return {
    ...(regionPrefix ? { regionPrefix } : usagetype.match(/^([A-Z]{2,4}\d?)_/) ? { regionPrefix: usagetype.slice(0, usagetype.indexOf('_')) } : {}),
    ...(modelToken ? { modelToken } : {}),
    dimension,
    scope: scopeOf(words),
  };
}

/**
 * Price List usagetype Region prefixes (the AWS billing codes) and their Region names, as AWS's "AWS
 * Region billing codes" page lists them (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html).
 */
export const REGION_PREFIXES: Readonly<Record<string, string>> = {
  USE1: 'us-east-1', USE2: 'us-east-2', USW1: 'us-west-1', USW2: 'us-west-2', CAN1: 'ca-central-1', CAN2: 'ca-west-1',
  MXC1: 'mx-central-1',
  EUC1: 'eu-central-1', EUC2: 'eu-central-2', EU: 'eu-west-1', EUW2: 'eu-west-2', EUW3: 'eu-west-3', EUN1: 'eu-north-1',
  EUS1: 'eu-south-1', EUS2: 'eu-south-2', APN1: 'ap-northeast-1', APN2: 'ap-northeast-2', APN3: 'ap-northeast-3',
  APS1: 'ap-southeast-1', APS2: 'ap-southeast-2', APS3: 'ap-south-1', APS4: 'ap-southeast-3', APS5: 'ap-south-2',
  APS6: 'ap-southeast-4', APS7: 'ap-southeast-5', APS8: 'ap-southeast-6', APS9: 'ap-southeast-7',
  APE1: 'ap-east-1', APE2: 'ap-east-2', SAE1: 'sa-east-1', MES1: 'me-south-1', MEC1: 'me-central-1',
  AFS1: 'af-south-1', ILC1: 'il-central-1', UGW1: 'us-gov-west-1', UGE1: 'us-gov-east-1',
};
