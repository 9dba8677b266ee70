import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { CatalogFile } from '../src/catalog/schema.js';
import { RECORDED_DIR, RECORDED_PAGES, buildBundledCatalog, bundledDirectory } from '../src/pricelist/bundled.js';
import { classifyUsagetype, REGION_PREFIXES } from '../src/pricelist/classify.js';
import { identifyRow } from '../src/pricelist/model-names.js';
import { CONSTRUCTED_USAGETYPE } from '../src/pricelist/products.js';
import type { LeftOutFigure } from '../src/pricelist/recorded.js';

/**
 * `npx tsx scripts/transcribe-quick-reference-5dc0978.ts <prices.json>`: the newer stored version of the
 * offer-file extract the catalog reads at commit 1e0cc47 (koyakimu/aws-bedrock-quick-reference
 * data/prices.json). At commit 5dc0978 (generatedAt 2026-09-21) it is of the same publication of the
 * offer files (2026-09-17), so its token figures are the ones already read; what it adds is:
 *  - `metered` figures its newer script (scripts/lib/prices.mjs) reads from the same offer files, per
 *    second, image or request: TwelveLabs Marengo Embed 2.7 and 3.0 (audio and video seconds, images,
 *    text requests), Pegasus 1.2 (video seconds, in-Region and global) and Nova Multimodal Embeddings
 *    (audio and video seconds, standard and document images);
 *  - `supplementSources` figures: rates its data/price-supplements.json copies from AWS model cards
 *    (docs.aws.amazon.com/bedrock/latest/userguide/model-card-*.html, verifiedAt 2026-09-21) for models
 *    whose Price List rows it cannot identify: GPT-5.6 Luna, Sol and Terra, GPT-6 Astra, Kimi K3 and
 *    Grok 4.6, in-Region and global, with long-context rates above 272K input tokens; and the per-image
 *    prices of 13 Stability AI image services in us-east-1, us-east-2 and us-west-2, from the AWS pricing
 *    page (https://aws.amazon.com/bedrock/pricing/, verifiedAt 2026-09-21).
 *
 * The argument is the excerpt of that file holding those models (retyped from the stored file; the file
 * itself is not committed, a copy of a third party's data). A slot (model, Region, scope, dimension)
 * the catalog already prices, from any page or rule, is never written: the figures are compared and the
 * agreement printed. A model with a figure that differs from one the catalog reads elsewhere is not
 * taken anywhere (GPT-5.6 Sol: the model cards' 4.4 / 22 against the 5.5 / 33 pydantic/genai-prices
 * enters from the AWS pricing page). Models the catalog's table and the us-east-1 listing do not know
 * (Kimi K3, Grok 4.6) are listed, not priced. Figures with no catalog dimension (Marengo's per-request
 * text, per-second rates through a global profile, Nova Multimodal Embeddings' document-image tier) are listed
 * with why. Fails when a slot the catalog priced before would be unpriced after.
 */

const SOURCE = { repo: 'koyakimu/aws-bedrock-quick-reference', commit: '5dc0978', commitFull: '5dc097882cebb00fc62424cb284bc04a3871dae4', path: 'data/prices.json' };
const PAGE = 'bedrock-all-regions-offers-2026-09-17-quick-reference-5dc0978.json';
const READ_ON = '2026-12-06';

type Tier = { input?: number; output?: number; maxInputTokens?: number; longContext?: { input?: number; output?: number } };
interface Metered { label: string; axis: string; unit: string; value: number; scope?: 'standard' | 'global' }
interface RegionEntry { standard?: Tier; global?: Tier; batch?: Tier; metered?: Metered[]; supplementSources?: Record<string, { url: string; verifiedAt: string }> }

const [, , file] = process.argv;
if (!file) throw new Error('usage: tsx scripts/transcribe-quick-reference-5dc0978.ts <prices.json excerpt>');
const data = JSON.parse(readFileSync(file, 'utf8')) as { generatedAt: string; publicationDate: string; byModel: Record<string, Record<string, RegionEntry>> };

const others = RECORDED_PAGES.filter((p) => p !== PAGE);
const before: CatalogFile = buildBundledCatalog(others).document;
const PER_UNIT = ['perInputVideoSecond', 'perInputAudioSecond', 'perInputImage'] as const;
/** A row's prices per second or image, keyed as the figures below are (`perImage:<tier>` per image tier). */
function perUnitPrices(row: CatalogFile['prices'][number]): Array<[string, { usd: string; source: string }]> {
  const out: Array<[string, { usd: string; source: string }]> = [];
  const r = row as unknown as Record<string, unknown>;
  for (const field of PER_UNIT) if (r[field]) out.push([field, r[field] as { usd: string; source: string }]);
  for (const [tier, v] of Object.entries((r.perImage ?? {}) as Record<string, { usd: string; source: string }>)) out.push([`perImage:${tier}`, v]);
  return out;
}
const priced = new Map<string, { usd: string; source: string }>();
const slotsBefore = new Set<string>();
for (const row of before.prices) {
  for (const [field, value] of Object.entries(row.perThousandTokens ?? {})) {
    const v = value as { usd: string; source: string };
    priced.set(`${row.model}|${row.region}|${row.scope}|${field}`, { usd: v.usd, source: v.source });
    slotsBefore.add(`${row.model}|${row.region}|${row.scope}|${field}`);
  }
  for (const [field, v] of perUnitPrices(row)) {
    priced.set(`${row.model}|${row.region}|${row.scope}|${field}`, { usd: v.usd, source: v.source });
    slotsBefore.add(`${row.model}|${row.region}|${row.scope}|${field}`);
  }
}

const directory = bundledDirectory();
const PREFIX_OF = new Map(Object.entries(REGION_PREFIXES).map(([prefix, region]) => [region, prefix]));

interface Figure {
  modelId: string; region: string; scope: 'in-region' | 'global'; field: string; usd: string; tier: LeftOutFigure['tier'];
  /** Per 1K tokens for token fields, the unit's price otherwise: what the catalog stores. */
  catalogUsd: Decimal; unit: string; usagetypeTail: string; where: string; side: 'input' | 'output'; supplement?: string;
}

const fmt = (n: number) => new Decimal(Number(n.toPrecision(12))).toFixed();
const rows: string[] = [];
const leftOut: LeftOutFigure[] = [];
const agree: string[] = [];
const disagreements: string[] = [];
const added = new Map<string, number>();
const addedByKind = new Map<string, number>();
const unknownModels = new Set<string>();

function* figures(): Generator<Figure | LeftOutFigure> {
  for (const [modelId, regions] of Object.entries(data.byModel)) {
    for (const [region, entry] of Object.entries(regions)) {
      const at = `data/prices.json byModel["${modelId}"]["${region}"]`;
      for (const kind of ['standard', 'global'] as const) {
        const t = entry[kind];
        if (!t) continue;
        const scope = kind === 'standard' ? 'in-region' : 'global';
        const supplement = entry.supplementSources?.[kind]?.url;
        const suffix = kind === 'global' ? '-cross-region-global' : '';
        const put = (side: 'input' | 'output', value: number | undefined, long: boolean): Figure | undefined => value === undefined ? undefined : {
          modelId, region, scope, side, tier: long ? 'longContext' : kind,
          field: long ? (side === 'input' ? 'longContextInput' : 'longContextOutput') : side,
          usd: fmt(value), catalogUsd: new Decimal(fmt(value)).div(1000), unit: '1M tokens',
          usagetypeTail: `${side}-tokens${long ? '-long-ctx' : ''}${suffix}`,
          where: `${at}.${kind}${long ? '.longContext' : ''}.${side} = ${value}${supplement ? ` (from the AWS model card ${supplement}, verifiedAt ${entry.supplementSources?.[kind]?.verifiedAt})` : ''}`,
          ...(supplement ? { supplement } : {}),
        };
        for (const f of [put('input', t.input, false), put('output', t.output, false), put('input', t.longContext?.input, true), put('output', t.longContext?.output, true)]) if (f) yield f;
      }
      for (const m of entry.metered ?? []) {
        const card = entry.supplementSources?.metered;
        const where = `${at}.metered[label "${m.label}", unit "${m.unit}"${m.scope ? `, scope "${m.scope}"` : ''}] = ${m.value}${card ? ` (from ${card.url}, verifiedAt ${card.verifiedAt})` : ''}`;
        const base = { model: modelId, region, tier: m.scope ?? 'standard', side: m.axis === 'output' ? 'output' as const : 'input' as const, usd: fmt(m.value) };
        if (m.axis === 'output' && m.unit === 'image' && m.label === 'Image') {
          yield { modelId, region, scope: 'in-region', side: 'output', tier: 'standard', field: 'perImage:default', usd: fmt(m.value), catalogUsd: new Decimal(fmt(m.value)), unit: 'image', usagetypeTail: 'output-image', where, ...(card ? { supplement: card.url } : {}) };
          continue;
        }
        const field = m.unit === 'second' ? (m.label === 'Video' ? 'perInputVideoSecond' : m.label === 'Audio' ? 'perInputAudioSecond' : undefined) : m.unit === 'image' && (m.label === 'Image' || m.label === 'Standard image') ? 'perInputImage' : undefined;
        if (field === undefined) {
          yield { ...base, reason: 'no-catalog-dimension', why: `${where}: ${m.unit === 'request' ? 'the catalog prices no text request (its text embeddings are priced per token, and this per-request figure matches no token rate AWS bills)' : 'a document image is a second image tier beside the standard image (priced above), and the catalog has one image price per model: not clear which a usage is'}` };
          continue;
        }
        if (m.scope === 'global') {
          yield { ...base, reason: 'no-catalog-dimension', why: `${where}: the catalog has no per-second price through a global profile (its usagetype pattern names none)` };
          continue;
        }
        const tail = field === 'perInputVideoSecond' ? 'input-video-seconds' : field === 'perInputAudioSecond' ? 'input-audio-seconds' : 'input-image';
        yield { modelId, region, scope: 'in-region', side: 'input', tier: 'standard', field, usd: fmt(m.value), catalogUsd: new Decimal(fmt(m.value)), unit: m.unit, usagetypeTail: tail, where };
      }
    }
  }
}

const isFigure = (f: Figure | LeftOutFigure): f is Figure => 'field' in f;
// Models with a figure that differs from one the catalog reads elsewhere: none of theirs is taken.
const distrusted = new Map<string, string>();
for (const f of figures()) {
  if (!isFigure(f)) continue;
  const have = priced.get(`${f.modelId}|${f.region}|${f.scope}|${f.field}`);
  if (have && !f.catalogUsd.eq(have.usd) && !distrusted.has(f.modelId)) {
    distrusted.set(f.modelId, `its ${f.region} ${f.tier} ${f.side} here (${f.usd}) differs from ${f.unit === '1M tokens' ? new Decimal(have.usd).mul(1000).toFixed() : have.usd} read from ${have.source}: a file that differs from another read of AWS on a slot is not known to give what AWS bills on the rest`);
  }
}

for (const f of figures()) {
  if (!isFigure(f)) {
    leftOut.push(f);
    continue;
  }
  const { modelId, region, scope, field, usd, where, tier, side } = f;
  const identity = identifyRow({ servicecode: 'AmazonBedrock' }, modelId, directory);
  if (!identity || identity.identity === 'usagetype-model-id' || identity.identity === 'price-list-name') {
    unknownModels.add(modelId);
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'unknown-model', why: `${where}: neither the catalog's model table nor the us-east-1 ListFoundationModels response recorded here names the model` });
    continue;
  }
  const have = priced.get(`${modelId}|${region}|${scope}|${field}`);
  if (have) {
    if (f.catalogUsd.eq(have.usd)) agree.push(`${modelId} ${region} ${scope} ${field}`);
    else {
      disagreements.push(`${modelId} ${region} ${scope} ${field}: ${usd} here, ${f.unit === '1M tokens' ? new Decimal(have.usd).mul(1000).toFixed() : have.usd} from ${have.source}`);
      leftOut.push({ model: modelId, region, tier, side, usd, reason: 'disputed', why: `${where}; the catalog prices the slot at ${f.unit === '1M tokens' ? `${new Decimal(have.usd).mul(1000).toFixed()} per 1M` : `${have.usd} per ${f.unit}`} from ${have.source}` });
    }
    continue;
  }
  const distrust = distrusted.get(modelId);
  if (distrust) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'disputed', why: `${where}: ${distrust}` });
    continue;
  }
  const prefix = PREFIX_OF.get(region);
  if (!prefix) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'not-transcribed', why: `no Price List usagetype Region prefix for ${region} is known here` });
    continue;
  }
  let usagetype = `${prefix}-${modelId}-${f.usagetypeTail}`;
  // A model ID with a dimension word inside it (`stable-image-search-recolor`) is written as its name's words
  // instead, and the row names the model, as scripts/transcribe-litellm.ts does.
  let name: string | undefined;
  if ((classifyUsagetype(usagetype) as { modelToken?: string }).modelToken !== modelId) {
    name = identity.name;
    usagetype = `${prefix}-${name.replace(/[^A-Za-z0-9]+/g, '')}-${f.usagetypeTail}`;
  }
  const sku = `TRANSCRIBED-${createHash('sha256').update(`${PAGE}|${usagetype}`).digest('hex').slice(0, 12).toUpperCase()}`;
  rows.push(JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: { servicecode: 'AmazonBedrock', regionCode: region, usagetype, operation: 'Usage', servicename: 'Amazon Bedrock', ...(name ? { model: name } : {}), [CONSTRUCTED_USAGETYPE]: 'true' }, sku },
    serviceCode: 'AmazonBedrock',
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: f.unit, description: where, pricePerUnit: { USD: usd } } } } } },
  }));
  added.set(region, (added.get(region) ?? 0) + 1);
  const kind = `${f.supplement ? 'AWS page' : 'offer file'} ${scope} ${field}`;
  addedByKind.set(kind, (addedByKind.get(kind) ?? 0) + 1);
}

const page = {
  source: {
    id: 'pl-offers-all-regions-2026-09-17-quick-reference-5dc0978',
    title: `AWS Price List offer files (publicationDate ${data.publicationDate.slice(0, 10)}) and AWS model cards (verified 2026-09-21), as extracted to US$ per 1M tokens, per second and per image in ${SOURCE.repo} ${SOURCE.path} at commit ${SOURCE.commit}`,
    url: `https://github.com/${SOURCE.repo}/blob/${SOURCE.commitFull}/${SOURCE.path}`,
    readOn: READ_ON,
    reliability: '3P',
    note: `The newer stored version (generatedAt ${data.generatedAt}) of the extract read at commit 1e0cc47, of the same offer-file publication (${data.publicationDate}), so its token figures are those already read. Taken from it, where nothing else prices the slot: per-second and per-image rates its newer script reads from the same offer files ('metered': TwelveLabs Marengo Embed 2.7 and 3.0 audio and video seconds and images in us-east-1, ap-northeast-2 and eu-west-1; Pegasus 1.2 in-Region video seconds; Nova Multimodal Embeddings audio and video seconds in us-east-1), and the rates it copies from AWS model cards (data/price-supplements.json, 'supplementSources', https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-openai-gpt-6-astra.html and the GPT-5.6 Luna and Terra cards, verifiedAt 2026-09-21): in-Region and global input and output, and long-context rates above 272K input tokens, in up to 17 Regions; and the per-image prices of 13 Stability AI image services the file copies from the AWS pricing page (https://aws.amazon.com/bedrock/pricing/, verifiedAt 2026-09-21) in us-east-1, us-east-2 and us-west-2. ${agree.length} figures for slots the catalog already prices agree to the digit; ${disagreements.length} differ and are in leftOut, with every figure of a model that has one (GPT-5.6 Sol: the cards' 4.4 / 22 in-Region against the 5.5 / 33 pydantic/genai-prices enters from the AWS pricing page). Kimi K3 and Grok 4.6 (models the catalog does not know), Marengo's per-request text rate, per-second rates through a global profile and Nova Multimodal Embeddings' document-image tier are in leftOut with why. Written by scripts/transcribe-quick-reference-5dc0978.ts; usagetypes are written by the AmazonBedrock pattern and marked constructed; SKUs are TRANSCRIBED- placeholders.`,
  },
  serviceCode: 'AmazonBedrock',
  FormatVersion: 'aws_v1',
  PriceList: rows,
  leftOut,
};
writeFileSync(`${RECORDED_DIR}${PAGE}`, `${JSON.stringify(page, null, 1)}\n`);

// A slot priced before must stay priced (a read row for a scope turns off the us-west-2 parity rule there).
if ((RECORDED_PAGES as readonly string[]).includes(PAGE)) {
  const after = buildBundledCatalog([...RECORDED_PAGES]).document;
  const slotsAfter = new Set<string>();
  for (const row of after.prices) {
    for (const field of Object.keys(row.perThousandTokens ?? {})) slotsAfter.add(`${row.model}|${row.region}|${row.scope}|${field}`);
    for (const [field] of perUnitPrices(row)) slotsAfter.add(`${row.model}|${row.region}|${row.scope}|${field}`);
  }
  const lost = [...slotsBefore].filter((s) => !slotsAfter.has(s));
  if (lost.length > 0) throw new Error(`slots priced before and unpriced after: ${lost.join(', ')}`);
}

console.log(`${rows.length} rows written to ${PAGE}; ${agree.length} figures agree with the catalog, ${disagreements.length} differ; ${leftOut.length} left out`);
console.log('rows by Region:', Object.fromEntries([...added].sort()));
console.log('rows by kind:', Object.fromEntries([...addedByKind].sort()));
const agreeByModel = new Map<string, number>();
for (const a of agree) agreeByModel.set(a.split(' ')[0]!, (agreeByModel.get(a.split(' ')[0]!) ?? 0) + 1);
console.log('agree by model:', Object.fromEntries(agreeByModel));
for (const d of disagreements) console.log('  differs:', d);
for (const [m, why] of distrusted) console.log('  not taken:', m, why);
console.log('models not known:', [...unknownModels].sort().join(', ') || 'none');
const byReason = new Map<string, number>();
for (const l of leftOut) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + 1);
console.log('left out by reason:', Object.fromEntries(byReason));
