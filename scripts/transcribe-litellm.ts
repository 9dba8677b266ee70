import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { CatalogFile, CatalogSource, PriceValue } from '../src/catalog/schema.js';
import { buildCatalog, type BuildResult } from '../src/pricelist/build.js';
import { RECORDED_DIR, RECORDED_PAGES, TRANSCRIBED_PAGES, bundledDirectory, readListedModels, readRecordedPages } from '../src/pricelist/bundled.js';
import { classifyUsagetype, REGION_PREFIXES } from '../src/pricelist/classify.js';
import { ModelDirectory } from '../src/pricelist/identity.js';
import { CONSTRUCTED_USAGETYPE } from '../src/pricelist/products.js';

/**
 * `npx tsx scripts/transcribe-litellm.ts <model_prices_and_context_window.json>`: transcribes the
 * Bedrock prices of LiteLLM's price file (at the commit named in LITELLM below) into two recorded
 * Price List pages the bundled catalog is built from, for what no Price List row we hold prices:
 *
 *  - `litellm-bedrock-regions.json` (third party): LiteLLM's Region-specific entries
 *    (`bedrock/<region>/<model>`) as that Region's in-Region prices, and its plain entries
 *    (`<model>`, LiteLLM's us-east-1 price) for the us-east-1 models nothing else prices.
 *  - `litellm-bedrock-geo-profiles.json` (derived): its cross-Region profile entries (`eu.`, `apac.`,
 *    `jp.`, `au.`, `us.`, `global.`) of Anthropic models, placed on the geography's Regions by the rule
 *    AWS states (a geo profile bills at the source Region's in-Region rate) and the one price per
 *    geography that LiteLLM and the Price List both show for Anthropic models (checked below).
 *
 * A slot (model, Region, scope, dimension) another page already prices is never written: what was read
 * from AWS wins. Where both exist the two are compared instead, and the agreement is printed. The
 * file itself is not committed (a copy of a third party's data file); the pages carry each price with
 * the LiteLLM key and field it came from.
 */

const LITELLM = {
  repo: 'Prajwalsrinvas/token-tariff',
  commit: '77b8722619d64503658ecc85979802d678a5626c',
  path: 'model_prices_and_context_window.json',
  committed: '2026-08-01',
};
const READ_ON = '2026-12-05';
const FILE_URL = `https://github.com/${LITELLM.repo}/blob/${LITELLM.commit}/${LITELLM.path}`;

const REGIONS_PAGE = 'litellm-bedrock-regions.json';
const GEO_PAGE = 'litellm-bedrock-geo-profiles.json';

/**
 * Source Regions each geography's profile is placed on: the commercial Regions the catalog covers in
 * that geography. A profile invoked from any of them bills at that Region's in-Region rate.
 */
const GEOGRAPHY_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1'],
  apac: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1'],
  au: ['ap-southeast-2'],
};
/** `global.` profiles: a global row in every Region above. */
const GLOBAL_REGIONS = [...new Set(Object.values(GEOGRAPHY_REGIONS).flat())].sort();
/** Country profiles first: where `jp.` and `apac.` both price a slot in ap-northeast-1, `jp.` is the one invoked there. */
const GEO_ORDER = ['jp', 'au', 'us', 'eu', 'apac'] as const;

/**
 * Models left out on purpose, with why. Claude Sonnet 5 is read: LiteLLM's entries ($2.20 / $11 per 1M in its
 * geographies, $2 / $10 global) equal the AWS pricing page and the offer files the catalog prices it from.
 */
const LEFT_OUT: Readonly<Record<string, string>> = {
  'anthropic.claude-instant-v1': 'retired model',
  'anthropic.claude-v1': 'retired model',
  'anthropic.claude-v2:1': 'retired model',
};

/** Fields of one model's entries left out, with why (the rest of the entry is read). */
const LEFT_OUT_FIELDS: Readonly<Record<string, { fields: readonly string[]; why: string }>> = {
  'twelvelabs.marengo-embed-2-7-v1:0': {
    fields: ['input_cost_per_token'],
    why: 'LiteLLM\'s per-token figure ($70 per 1M tokens of text) matches no unit AWS bills Marengo text in; its per-second video and audio and per-image prices are read',
  },
};

/** LiteLLM field → catalog slot: the usagetype tail it is written under, and USD per what. */
const FIELDS: ReadonlyArray<{ field: string; tail: string; unit: string; factor: number; modes?: string[]; longContextAbove?: number }> = [
  { field: 'input_cost_per_token', tail: 'input-tokens', unit: '1K tokens', factor: 1000 },
  { field: 'output_cost_per_token', tail: 'output-tokens', unit: '1K tokens', factor: 1000 },
  { field: 'cache_read_input_token_cost', tail: 'cache-read-input-token-count', unit: '1K tokens', factor: 1000 },
  { field: 'cache_creation_input_token_cost', tail: 'cache-write-input-token-count', unit: '1K tokens', factor: 1000 },
  { field: 'cache_creation_input_token_cost_above_1hr', tail: 'cache-write-input-token-count-1h', unit: '1K tokens', factor: 1000 },
  // Rates for a request above 200K input tokens (the whole request): read only for a model the catalog
  // knows bills so above 200K (Claude Sonnet 4 / 4.5, model-names.ts LONG_CONTEXT_200K). LiteLLM also
  // writes them on Claude 3.5 Sonnet, whose context window is 200K, so the field alone is not trusted.
  { field: 'input_cost_per_token_above_200k_tokens', tail: 'input-tokens-long-ctx', unit: '1K tokens', factor: 1000, longContextAbove: 200_000 },
  { field: 'output_cost_per_token_above_200k_tokens', tail: 'output-tokens-long-ctx', unit: '1K tokens', factor: 1000, longContextAbove: 200_000 },
  { field: 'cache_read_input_token_cost_above_200k_tokens', tail: 'cache-read-input-token-count-long-ctx', unit: '1K tokens', factor: 1000, longContextAbove: 200_000 },
  { field: 'cache_creation_input_token_cost_above_200k_tokens', tail: 'cache-write-input-token-count-long-ctx', unit: '1K tokens', factor: 1000, longContextAbove: 200_000 },
  { field: 'cache_creation_input_token_cost_above_1hr_above_200k_tokens', tail: 'cache-write-input-token-count-1h-long-ctx', unit: '1K tokens', factor: 1000, longContextAbove: 200_000 },
  { field: 'input_cost_per_token_batches', tail: 'input-tokens-batch', unit: '1K tokens', factor: 1000 },
  { field: 'output_cost_per_token_batches', tail: 'output-tokens-batch', unit: '1K tokens', factor: 1000 },
  { field: 'output_cost_per_image', tail: 'output-image', unit: 'image', factor: 1, modes: ['image_generation', 'image_edit'] },
  { field: 'input_cost_per_image', tail: 'input-image', unit: 'image', factor: 1, modes: ['embedding'] },
  { field: 'input_cost_per_query', tail: 'search-units', unit: 'query', factor: 1 },
  // TwelveLabs Pegasus and Marengo: seconds of video and audio sent to the model.
  { field: 'input_cost_per_video_per_second', tail: 'input-video-seconds', unit: 'second', factor: 1 },
  { field: 'input_cost_per_audio_per_second', tail: 'input-audio-seconds', unit: 'second', factor: 1 },
];

const PREFIX_OF = Object.fromEntries(Object.entries(REGION_PREFIXES).map(([prefix, region]) => [region, prefix]));

type Entry = Record<string, unknown>;

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/transcribe-litellm.ts <LiteLLM model_prices_and_context_window.json>');
  process.exit(2);
}
const litellm = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
const listed = readListedModels();
const listedById = new Map(listed.models.map((m) => [m.modelId, m]));
const directory = new ModelDirectory(listed.models.map((m) => ({ modelId: m.modelId, name: m.modelName })));
const isBedrock = (e: Entry) => typeof e.litellm_provider === 'string' && /^bedrock(_converse)?$/.test(e.litellm_provider);

/** A Price List product as a GetProducts page holds it, usagetype marked constructed. */
function product(region: string, modelId: string, tail: string, scope: 'in-region' | 'global', unit: string, usd: string, key: string, field: string): string {
  const prefix = PREFIX_OF[region];
  if (!prefix) throw new Error(`no usagetype prefix for ${region}`);
  const scoped = scope === 'global' ? `${tail}-cross-region-global` : tail;
  let usagetype = `${prefix}-${modelId}-${scoped}`;
  // The row names its model by ID, in the usagetype, as AWS's newer rows do (`USE1-deepseek.v3.2-input-tokens`):
  // a display name could match another model's ("Titan Text Embeddings v2" is two models in ListFoundationModels).
  let name: string | undefined;
  // A model ID with a dimension word inside it (`stable-image-search-recolor`) is written as its listed name's words instead.
  if ((classifyUsagetype(usagetype) as { modelToken?: string }).modelToken !== modelId) {
    name = listedById.get(modelId)?.modelName ?? directory.byModelId(modelId)?.name;
    if (!name) throw new Error(`${modelId}: its ID reads as a dimension and no listed name stands in`);
    usagetype = `${prefix}-${name.replace(/[^A-Za-z0-9]+/g, '')}-${scoped}`;
  }
  const sku = `TRANSCRIBED-${createHash('sha256').update(`${LITELLM.commit} ${usagetype}`).digest('hex').slice(0, 12).toUpperCase()}`;
  const attributes: Record<string, string> = {
    servicecode: 'AmazonBedrock', regionCode: region, usagetype, operation: 'Usage', servicename: 'Amazon Bedrock',
    ...(name ? { model: name } : {}), [CONSTRUCTED_USAGETYPE]: 'true',
  };
  return JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes, sku },
    serviceCode: 'AmazonBedrock',
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
      unit, description: `LiteLLM "${key}" ${field}`, pricePerUnit: { USD: usd },
    } } } } },
  });
}

interface Slot { region: string; modelId: string; scope: 'in-region' | 'global'; tail: string; unit: string; usd: string; key: string; field: string; longContextAbove?: number }

function slotsOf(key: string, modelId: string, regions: readonly string[], scope: 'in-region' | 'global'): Slot[] {
  const e = litellm[key]!;
  const out: Slot[] = [];
  for (const f of FIELDS) {
    const raw = e[f.field];
    if (typeof raw !== 'number' || raw <= 0) continue;
    if (f.modes && !f.modes.includes(String(e.mode))) continue;
    if (LEFT_OUT_FIELDS[modelId]?.fields.includes(f.field)) continue;
    const usd = new Decimal(String(raw)).times(f.factor).toFixed();
    for (const region of regions) out.push({ region, modelId, scope, tail: f.tail, unit: f.unit, usd, key, field: f.field, ...(f.longContextAbove ? { longContextAbove: f.longContextAbove } : {}) });
  }
  return out;
}

/** The slot's catalog coordinates, as the pipeline files them. */
function slotKey(s: Slot, resolve: (id: string) => string): string {
  return `${resolve(s.modelId)}|${s.region}|${s.scope}|${s.tail}`;
}

const TAIL_OF_DIMENSION: Record<string, string> = {
  input: 'input-tokens', output: 'output-tokens', cacheRead: 'cache-read-input-token-count', cacheWrite5m: 'cache-write-input-token-count',
  cacheWrite1h: 'cache-write-input-token-count-1h', batchInput: 'input-tokens-batch', batchOutput: 'output-tokens-batch',
  longContextInput: 'input-tokens-long-ctx', longContextOutput: 'output-tokens-long-ctx', longContextCacheRead: 'cache-read-input-token-count-long-ctx',
  longContextCacheWrite5m: 'cache-write-input-token-count-long-ctx', longContextCacheWrite1h: 'cache-write-input-token-count-1h-long-ctx',
};

/** Every priced slot of a built catalog, with its value and the reliability of its source. */
function pricedSlots(document: CatalogFile): Map<string, { usd: string; reliability: string; source: string }> {
  const out = new Map<string, { usd: string; reliability: string; source: string }>();
  const put = (k: string, v: PriceValue, rowSource: string) => {
    const source = typeof v === 'string' ? rowSource : v.source;
    out.set(k, { usd: typeof v === 'string' ? v : v.usd, reliability: document.sources[source]?.reliability ?? '?', source });
  };
  for (const r of document.prices) {
    const base = `${r.model}|${r.region}|${r.scope}`;
    for (const [dim, v] of Object.entries(r.perThousandTokens ?? {})) if (TAIL_OF_DIMENSION[dim] && v !== undefined) put(`${base}|${TAIL_OF_DIMENSION[dim]}`, v, r.source);
    if (r.perImage && Object.keys(r.perImage).length > 0) put(`${base}|output-image`, Object.values(r.perImage)[0]!, r.source);
    if (r.perInputImage !== undefined) put(`${base}|input-image`, r.perInputImage, r.source);
    if (r.perInputVideoSecond !== undefined) put(`${base}|input-video-seconds`, r.perInputVideoSecond, r.source);
    if (r.perInputAudioSecond !== undefined) put(`${base}|input-audio-seconds`, r.perInputAudioSecond, r.source);
    if (r.perThousandQueries !== undefined) put(`${base}|search-units`, r.perThousandQueries, r.source);
  }
  return out;
}

function build(pageFiles: readonly string[]): BuildResult {
  const recorded = readRecordedPages(pageFiles);
  return buildCatalog({
    pages: recorded.map((r) => r.page),
    sources: Object.fromEntries(recorded.map(({ source: { id, ...rest } }) => [id, rest])),
    generated: { by: 'transcribe-litellm', at: READ_ON, from: [] },
    today: READ_ON,
    directory: bundledDirectory(),
  });
}

/** Writes the slots not priced yet; compares the rest with what is. */
function transcribe(slots: Slot[], basePages: readonly string[], label: string): { rows: string[]; compared: string[]; agreed: number; disagreed: number; differing: string[] } {
  const base = build(basePages).document;
  const known = new Set(base.models.map((m) => m.modelId));
  const byAlias = new Map(base.models.flatMap((m) => [m.modelId, ...(m.aliases ?? [])].map((a) => [a, m.modelId] as const)));
  const stems = new ModelDirectory(base.models.flatMap((m) => [m.modelId, ...(m.aliases ?? [])].map((id) => ({ modelId: id, name: '', canonical: m.modelId }))));
  const resolve = (id: string) => byAlias.get(id) ?? stems.byModelId(id)?.canonical ?? (known.has(id) ? id : id);
  const priced = pricedSlots(base);
  const rows: string[] = [];
  const written = new Set<string>();
  const compared: string[] = [];
  let agreed = 0;
  let disagreed = 0;
  const differing = new Set<string>();
  const modelOf = new Map(base.models.map((m) => [m.modelId, m]));
  // An entry whose input price another page contradicts for a Region and scope (LiteLLM's eu. Claude Opus 4.5
  // holds the global 5 / 25 where both offer-file extracts read 5.5 / 27.5 in-Region) is not read in any
  // Region it is placed on: one entry is one price for its whole geography, so where it is shown wrong in
  // one of its Regions it is not known right in the others (eu-west-2, where no extract gives Opus 4.5 an
  // in-Region figure), and its cache rates would sit beside another source's input.
  const contradicted = new Set<string>();
  for (const s of slots) {
    const held = s.tail === 'input-tokens' ? priced.get(slotKey(s, resolve)) : undefined;
    if (held && !new Decimal(held.usd).equals(s.usd)) contradicted.add(`${s.key}|${s.scope}`);
  }
  for (const s of slots) {
    const model = modelOf.get(resolve(s.modelId));
    // A model in extended access or past end of life bills at its lifecycle price, which LiteLLM does not keep;
    // a legacy one (end of life announced, extended access not begun at the catalog's date: Claude Opus 4.1) is
    // still at its standard rates. One in extended access whose extended-access rates no source gives (Claude
    // Sonnet 4: the catalog holds its standard rates and a report says the cost is a floor) takes only the
    // long-context rates, the one slot of its standard price card no page read from AWS gives.
    const status = model?.lifecycle?.status;
    const standardCardOnly = status === 'extended-access' && !model?.lifecycle?.extendedAccessRates;
    if (model?.lifecycle && status !== 'legacy' && !(s.longContextAbove && standardCardOnly)) continue;
    // Long-context rates only where the catalog knows the model bills above that many input tokens.
    if (s.longContextAbove && model?.longContext?.thresholdInputTokens !== s.longContextAbove) continue;
    // Cache prices only where the catalog knows the model caches, and 1-hour writes only where it takes the 1h TTL.
    if (s.tail.startsWith('cache-') && !model?.promptCache) continue;
    if (s.tail.endsWith('-1h') && !model?.promptCache?.ttls.includes('1h')) continue;
    const k = slotKey(s, resolve);
    const held = priced.get(k);
    if (held) {
      if (held.reliability === 'PL' || held.reliability === 'AWS') {
        if (new Decimal(held.usd).equals(s.usd)) agreed++;
        else {
          disagreed++;
          differing.add(resolve(s.modelId));
          compared.push(`${label}: ${k}: LiteLLM "${s.key}" ${s.field} ${s.usd}, ${held.source} ${held.usd}`);
        }
      }
      continue;
    }
    if (written.has(k) || contradicted.has(`${s.key}|${s.scope}`)) continue;
    // A long-context rate only beside the model's standard rate for the same slot: where nothing prices
    // the model's input there, nothing shows AWS sells it there.
    if (s.longContextAbove && !priced.has(slotKey({ ...s, tail: 'input-tokens' }, resolve)) && !written.has(slotKey({ ...s, tail: 'input-tokens' }, resolve))) continue;
    written.add(k);
    rows.push(product(s.region, s.modelId, s.tail, s.scope, s.unit, s.usd, s.key, s.field));
  }
  return { rows, compared, agreed, disagreed, differing: [...differing].sort() };
}

const bedrockKeys = Object.keys(litellm).filter((k) => isBedrock(litellm[k]!)).sort();

// 1. Region-specific entries, and plain entries for listed us-east-1 models.
const regional: Slot[] = [];
for (const key of bedrockKeys) {
  const m = /^bedrock\/([a-z]{2}-[a-z]+-\d)\/(.+)$/.exec(key);
  if (!m || m[2]!.includes('commitment/')) continue;
  if (LEFT_OUT[m[2]!]) continue;
  regional.push(...slotsOf(key, m[2]!, [m[1]!], 'in-region'));
}
for (const model of listed.models) {
  if (LEFT_OUT[model.modelId] || model.modelId.split(':').length > 2) continue;
  const key = [model.modelId, model.modelId.replace(/:\d+$/, '')].find((k) => litellm[k] && isBedrock(litellm[k]!) && !k.startsWith('anthropic.'));
  // Plain Anthropic entries hold the global price (LiteLLM's `anthropic.claude-sonnet-4-6` is $3, the global rate): never read as in-Region.
  if (key) regional.push(...slotsOf(key, model.modelId, ['us-east-1'], 'in-region'));
}

// 2. Anthropic cross-Region profile entries, placed on their geography's Regions.
const geo: Slot[] = [];
for (const prefix of [...GEO_ORDER, 'global'] as const) {
  for (const key of bedrockKeys.filter((k) => k.startsWith(`${prefix}.anthropic.`))) {
    const modelId = key.slice(prefix.length + 1);
    if (LEFT_OUT[modelId]) continue;
    geo.push(...(prefix === 'global' ? slotsOf(key, modelId, GLOBAL_REGIONS, 'global') : slotsOf(key, modelId, GEOGRAPHY_REGIONS[prefix]!, 'in-region')));
  }
}

// 3. TwelveLabs' us. profile entries, for the us-east-1 models AWS lists: LiteLLM gives Marengo's
// per-second and per-image prices only there (its plain entry has a per-token figure alone), and a
// us. request from us-east-1 bills at us-east-1's in-Region rate (the same rule as above).
for (const key of bedrockKeys.filter((k) => k.startsWith('us.twelvelabs.'))) {
  const modelId = key.slice('us.'.length);
  if (!listedById.has(modelId) || LEFT_OUT[modelId]) continue;
  geo.push(...slotsOf(key, modelId, ['us-east-1'], 'in-region'));
}

const before = RECORDED_PAGES.filter((p) => !TRANSCRIBED_PAGES.includes(p as (typeof TRANSCRIBED_PAGES)[number]));
const one = transcribe(regional, before, 'regions');
writePage(REGIONS_PAGE, {
  id: 'litellm-bedrock-regions',
  title: `LiteLLM model_prices_and_context_window.json (Bedrock entries), as committed in ${LITELLM.repo} at ${LITELLM.commit.slice(0, 7)} on ${LITELLM.committed}`,
  url: FILE_URL,
  readOn: READ_ON,
  reliability: '3P',
  note:
    'A third-party transcription, not the Price List: LiteLLM\'s Region-specific entries (bedrock/<region>/<model>) read as that Region\'s in-Region rates, and its plain entries (LiteLLM\'s us-east-1 prices) for us-east-1 models no Price List row we hold prices. Each price names the LiteLLM key and field it was read from; the usagetypes are written by the AmazonBedrock pattern, not read (the source has none), and SKUs are TRANSCRIBED- placeholders. ' +
    `Written only where no other page prices the slot. Where a Price List or AWS price exists, ${one.agreed} of ${one.agreed + one.disagreed} agree with LiteLLM to the digit; the ${one.disagreed} that differ are on ${one.differing.join(', ')} (LiteLLM keeps earlier list prices for them, and Nova 2 Lite's global rate as its plain entry), so LiteLLM prices a model here only where nothing read from AWS does (tsx scripts/transcribe-litellm.ts prints each).`,
}, one.rows);

const two = transcribe(geo, [...before, REGIONS_PAGE], 'geo');
writePage(GEO_PAGE, {
  id: 'litellm-bedrock-geo-profiles',
  title: `Derived: LiteLLM's Anthropic cross-Region profile prices (us., eu., apac., jp., au., global.) placed on their geography's Regions, and its TwelveLabs us. prices on us-east-1 (${LITELLM.repo} at ${LITELLM.commit.slice(0, 7)})`,
  url: FILE_URL,
  readOn: READ_ON,
  reliability: 'derived',
  note:
    'The rule: a geo cross-Region profile bills at the source Region\'s in-Region rate (https://aws.amazon.com/bedrock/pricing/), and Anthropic models carry one in-Region/geo rate and one global rate wherever they are sold: LiteLLM\'s us., eu., jp. and au. entries of each Claude model are equal, and its us. and global. entries equal the us-east-1 and us-west-2 Price List rows ' +
    `(${two.agreed} of ${two.agreed + two.disagreed} compared prices agree). So each profile's price is placed on every Region of its geography (${Object.entries(GEOGRAPHY_REGIONS).map(([g, r]) => `${g}.: ${r.join(', ')}`).join('; ')}; global.: a global row in each). TwelveLabs' us. entries (Marengo Embed 2.7's per-second video and audio and per-image prices, which its plain entry lacks) are placed on us-east-1 only, where AWS lists the model, by the same rule. Long-context rates (LiteLLM's *_above_200k_tokens fields: input, output, cache read, 5-minute and 1-hour cache write for a request above 200K input tokens) are taken for Claude Sonnet 4 and 4.5 only, the models the AWS pricing page bills so, and only beside a standard input rate for the same Region and scope. An entry whose input price another page contradicts in any Region of its geography is placed in none of them (eu. Claude Opus 4.5: 5 / 25 per 1M, the global rate, where the offer-file extracts read 5.5 / 27.5 in-Region in six EU Regions; so it is not placed on eu-west-2 either, where no extract gives an in-Region figure); in every slot LiteLLM gives, each is 2x the slot's standard input and cache rates and 1.5x its output rate (test/pricelist/long-context-rates.test.ts checks it). Unverified for any one Region: a Price List read of the Region ("prices refresh --region") replaces it.`,
}, two.rows);

for (const line of [...one.compared, ...two.compared]) console.log(`differs: ${line}`);
console.log(`${REGIONS_PAGE}: ${one.rows.length} rows; ${one.agreed} agree, ${one.disagreed} differ from Price List/AWS prices`);
console.log(`${GEO_PAGE}: ${two.rows.length} rows; ${two.agreed} agree, ${two.disagreed} differ from Price List/AWS prices`);

function writePage(name: string, source: CatalogSource & { id: string }, rows: string[]): void {
  const page = { source, serviceCode: 'AmazonBedrock', FormatVersion: 'aws_v1', PriceList: rows };
  writeFileSync(`${RECORDED_DIR}${name}`, `${JSON.stringify(page, null, 1)}\n`);
}
