import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Decimal } from 'decimal.js';
import type { CatalogFile } from '../src/catalog/schema.js';
import { RECORDED_DIR, RECORDED_PAGES, buildBundledCatalog, bundledDirectory } from '../src/pricelist/bundled.js';
import { classifyUsagetype, REGION_PREFIXES } from '../src/pricelist/classify.js';
import { identifyRow, TABLE_DIRECTORY } from '../src/pricelist/model-names.js';
import type { LeftOutFigure } from '../src/pricelist/recorded.js';

/**
 * `npx tsx scripts/transcribe-agreement-offer-cards.ts <offers_*.json>...`: transcribes Bedrock
 * `ListFoundationModelAgreementOffers` rate cards, as whchoi98/model-monitoring keeps them as test
 * fixtures (backend/tests/fixtures/pricing/offers_<model>.json, each at the commit named below), into
 * recorded AmazonBedrockFoundationModels pages, one per card. A card's dimension is the Marketplace
 * usagetype of the FoundationModels Price List without its `<prefix>-MP:` head and `-Units` tail
 * (`USE1_cache_write_tokens_1h_standard`), in US$ per 1M tokens; its billing-code prefix names the Region
 * (AWS's "AWS Region billing codes" page: `EU` is eu-west-1, `UGE1` us-gov-east-1).
 *
 * Each figure is classified by the pipeline's own classifier, and:
 *  - a slot (model, Region, scope, dimension) the catalog already prices from a source that states it is
 *    compared, not written; a figure that differs is listed in the page's `leftOut` as disputed;
 *  - a slot priced only by a derived rule (LiteLLM's geo-profile placement, the batch-half or us-west-2
 *    parity rule) is written where the card agrees with it (a read figure replaces a rule) and listed as
 *    disputed where it does not;
 *  - two cards of one model that give a slot different figures (Claude Sonnet 5.5's cache reads before
 *    and after 2026-10-07) are both listed as disputed, in every Region, and neither is written;
 *  - a $0, a row the catalog has no dimension for (long context with Flex, Batch or Priority; cache
 *    writes with a mode) and the `cached_input_tokens_*` rows (GPT-5.6 Luna's card gives them beside
 *    `cache_read_tokens_*` at another figure, so they are not clearly the cache-read rate) are listed
 *    with why;
 *  - a card with no Region prefix on its dimensions (GPT-5.6 Luna and Terra, GPT-6.1 Sol, GPT-6 Astra)
 *    prices no Region and is not transcribed (the README says so).
 * The cards themselves are not committed (copies of a third party's files); the pages cite them at
 * their commits. Fails when a slot the catalog priced before would be unpriced after.
 */

interface CardSource {
  /** The catalog model ID the card prices. */
  modelId: string;
  commit: string;
  /** The page written, and its source ID. */
  page: string;
  id: string;
}

const REPO = 'whchoi98/model-monitoring';
const DIR = 'backend/tests/fixtures/pricing';
const READ_ON = '2026-12-06';
const CARDS: Readonly<Record<string, CardSource>> = {
  'offers_claude-fable-5-1.json': { modelId: 'anthropic.claude-fable-5-1', commit: 'b03234d84d795a7e504437d0032d857390e4b877', page: 'foundation-models-agreement-offer-claude-fable-5-1-whchoi98.json', id: 'agreement-offer-claude-fable-5-1-whchoi98' },
  'offers_claude-haiku-5-5.json': { modelId: 'anthropic.claude-haiku-5-5', commit: 'e7d99ab554708924b4aa2061c886e509e1b991d3', page: 'foundation-models-agreement-offer-claude-haiku-5-5-whchoi98.json', id: 'agreement-offer-claude-haiku-5-5-whchoi98' },
  'offers_claude-sonnet-5-5.json': { modelId: 'anthropic.claude-sonnet-5-5', commit: '98af18eeff01a2d4b8ed25d17089e06f9c73c8af', page: 'foundation-models-agreement-offer-claude-sonnet-5-5-whchoi98.json', id: 'agreement-offer-claude-sonnet-5-5-whchoi98' },
  'offers_claude-sonnet-5-5_20261007.json': { modelId: 'anthropic.claude-sonnet-5-5', commit: 'e7d99ab554708924b4aa2061c886e509e1b991d3', page: 'foundation-models-agreement-offer-claude-sonnet-5-5-20261007-whchoi98.json', id: 'agreement-offer-claude-sonnet-5-5-20261007-whchoi98' },
  'offers_claude-opus-5.json': { modelId: 'anthropic.claude-opus-5', commit: '98af18eeff01a2d4b8ed25d17089e06f9c73c8af', page: 'foundation-models-agreement-offer-claude-opus-5-whchoi98.json', id: 'agreement-offer-claude-opus-5-whchoi98' },
  'offers_claude-sonnet-5.json': { modelId: 'anthropic.claude-sonnet-5-v1:0', commit: '98af18eeff01a2d4b8ed25d17089e06f9c73c8af', page: 'foundation-models-agreement-offer-claude-sonnet-5-whchoi98.json', id: 'agreement-offer-claude-sonnet-5-whchoi98' },
  'offers_claude-opus-5-5.json': { modelId: 'anthropic.claude-opus-5-5', commit: '9d64581447bee61cd68ac3a95d31b08ec8b438ba', page: 'foundation-models-agreement-offer-claude-opus-5-5-whchoi98.json', id: 'agreement-offer-claude-opus-5-5-whchoi98' },
  'offers_gpt-5.4.json': { modelId: 'openai.gpt-5.4', commit: '9d64581447bee61cd68ac3a95d31b08ec8b438ba', page: 'foundation-models-agreement-offer-gpt-5-4-whchoi98.json', id: 'agreement-offer-gpt-5-4-whchoi98' },
  'offers_gpt-5.5.json': { modelId: 'openai.gpt-5.5', commit: 'c53dba3f7d233a33fd5d335b0bef518b252e868d', page: 'foundation-models-agreement-offer-gpt-5-5-whchoi98.json', id: 'agreement-offer-gpt-5-5-whchoi98' },
};
/** The pages this script writes, in RECORDED_PAGES order. */
const CARD_PAGES = Object.values(CARDS).map((c) => c.page);

interface RateCardEntry { dimension: string; price: string; description: string; unit: string }
interface Card { modelId: string; offers: Array<{ offerId: string; termDetails: { usageBasedPricingTerm: { rateCard: RateCardEntry[] } } }> }

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: tsx scripts/transcribe-agreement-offer-cards.ts <offers_*.json>...');

// The catalog as built from every other page: what is priced, and by what.
const others = RECORDED_PAGES.filter((p) => !CARD_PAGES.includes(p));
const before: CatalogFile = buildBundledCatalog(others).document;
const isDerivedSource = (id: string) => before.sources[id]?.reliability === 'derived';
const priced = new Map<string, { usd: string; source: string; derived: boolean }>();
for (const row of before.prices) {
  for (const [field, value] of Object.entries(row.perThousandTokens ?? {})) {
    const v = value as { usd: string; source: string; derivedFrom?: string };
    priced.set(`${row.model}|${row.region}|${row.scope}|${field}`, { usd: v.usd, source: v.source, derived: isDerivedSource(v.source) || v.derivedFrom !== undefined });
  }
}

interface Figure {
  card: string;
  source: CardSource;
  offerId: string;
  entry: RateCardEntry;
  region?: string;
  prefix?: string;
  scope: 'in-region' | 'global';
  /** The catalog token dimension, or why there is none. */
  field: string | { none: string };
  tier: LeftOutFigure['tier'];
  side: 'input' | 'output';
}

const PREFIX = /^([A-Z]{2,4}\d?)_/;
/** The leftOut tier of a card dimension, read from its words. */
function tierOf(d: string, scope: 'in-region' | 'global'): LeftOutFigure['tier'] {
  if (/long_ctx/.test(d)) return 'longContext';
  if (/cache_read|cached_input/.test(d)) return 'cacheRead';
  if (/cache_write/.test(d)) return /_1h_/.test(d) ? 'cacheWrite1h' : 'cacheWrite';
  for (const mode of ['batch', 'flex', 'priority'] as const) if (d.endsWith(`_${mode}`)) return mode;
  return scope === 'global' ? 'global' : 'standard';
}

const figures: Figure[] = [];
const regionless = new Map<string, number>();
for (const file of files) {
  const name = basename(file);
  const source = CARDS[name];
  if (!source) throw new Error(`${name}: not one of the cards this script knows (${Object.keys(CARDS).join(', ')})`);
  const card = JSON.parse(readFileSync(file, 'utf8')) as Card;
  const tableId = TABLE_DIRECTORY.byModelId(card.modelId)?.modelId;
  if (tableId !== source.modelId) throw new Error(`${name}: modelId ${card.modelId} is ${tableId ?? 'not in the model table'}, expected ${source.modelId}`);
  for (const offer of card.offers) {
    for (const entry of offer.termDetails.usageBasedPricingTerm.rateCard) {
      const prefix = PREFIX.exec(entry.dimension)?.[1];
      const region = prefix ? REGION_PREFIXES[prefix] : undefined;
      if (!region) {
        regionless.set(name, (regionless.get(name) ?? 0) + 1);
        continue;
      }
      const rest = entry.dimension.slice(prefix!.length + 1);
      const scope = /(^|_)global(_|$)/.test(rest) ? 'global' : 'in-region';
      const side = /output/.test(rest) ? 'output' : 'input';
      const classified = classifyUsagetype(`${prefix}-MP:${entry.dimension}-Units`);
      const field = /^cached_input/.test(rest)
        ? { none: 'cached_input' }
        : 'unclassified' in classified
          ? { none: classified.unclassified }
          : classified.dimension.kind === 'token' ? classified.dimension.dimension : { none: `a ${classified.dimension.kind} row` };
      figures.push({ card: name, source, offerId: offer.offerId, entry, region, prefix, scope, field, tier: tierOf(rest, scope), side });
    }
  }
}

// Two cards of one model that give one slot different figures: neither is written.
const byCardSlot = new Map<string, Set<string>>();
for (const f of figures) {
  if (typeof f.field !== 'string') continue;
  const slot = `${f.source.modelId}|${f.region}|${f.scope}|${f.field}`;
  byCardSlot.set(slot, (byCardSlot.get(slot) ?? new Set()).add(new Decimal(f.entry.price).toFixed()));
}

const per1M = (usd: string) => new Decimal(usd).mul(1000).toFixed();
const rows = new Map<string, string[]>();
const leftOut = new Map<string, LeftOutFigure[]>();
const stats = new Map<string, { written: number; agree: number; overRule: number }>();
const disagreements: string[] = [];
const addedBySlot = new Map<string, number>();

for (const f of figures) {
  const { source, entry, region, scope, field, tier, side } = f;
  const stat = stats.get(f.card) ?? { written: 0, agree: 0, overRule: 0 };
  stats.set(f.card, stat);
  const where = `rateCard dimension ${entry.dimension}, price "${entry.price}" ("${entry.description}")`;
  const leave = (reason: LeftOutFigure['reason'], why: string) =>
    leftOut.set(f.card, [...(leftOut.get(f.card) ?? []), { model: source.modelId, region: region!, tier, ...(scope === 'global' && tier !== 'global' ? { scope } : {}), side, usd: entry.price, reason, why: `${where}: ${why}` }]);
  if (new Decimal(entry.price).isZero()) {
    leave('zero-price', 'a $0 rate is never read as free usage');
    continue;
  }
  if (typeof field !== 'string') {
    if (field.none === 'cached_input') leave('not-clearly-its-row', 'the pipeline reads cache reads from cache_read_tokens_* rows; GPT-5.6 Luna\'s card gives cached_input_tokens_standard 0.11 beside cache_read_tokens_standard 0.022 (the AWS-page figure), so cached_input is not clearly the cache-read rate');
    else leave('no-catalog-dimension', `the catalog has no price dimension for it (${field.none})`);
    continue;
  }
  if (/^longContext/.test(field) && source.modelId.startsWith('anthropic.') && !TABLE_DIRECTORY.byModelId(source.modelId)?.facts?.longContext) {
    leave('not-clearly-its-row', 'no long-context threshold is known for the model, and the card\'s long-context rates are 5x its standard ones where every Claude long-context rate read elsewhere is 2x input and cache, 1.5x output');
    continue;
  }
  const slot = `${source.modelId}|${region}|${scope}|${field}`;
  const cardFigures = byCardSlot.get(slot)!;
  if (cardFigures.size > 1) {
    const have = priced.get(slot);
    leave('disputed', `the model's cards give ${[...cardFigures].join(' and ')} for the slot, so neither is taken${have ? ` (the catalog prices it at ${per1M(have.usd)} per 1M from ${have.source})` : ''}`);
    continue;
  }
  const perThousand = new Decimal(entry.price).div(1000);
  const have = priced.get(slot);
  if (have) {
    if (perThousand.eq(have.usd)) {
      if (!have.derived) {
        stat.agree++;
        continue;
      }
      stat.overRule++;
    } else {
      disagreements.push(`${f.card} ${region} ${scope} ${field}: ${entry.price} per 1M, the catalog ${per1M(have.usd)} from ${have.source}`);
      leave('disputed', `the catalog prices the slot at ${per1M(have.usd)} per 1M from ${have.source}${have.derived ? ' (derived)' : ''}`);
      continue;
    }
  }
  if (addedBySlot.has(slot)) {
    // The same figure from the model's other card: written once, from the first.
    stat.agree++;
    continue;
  }
  addedBySlot.set(slot, 1);
  const usagetype = `${f.prefix}-MP:${entry.dimension}-Units`;
  const sku = `TRANSCRIBED-${createHash('sha256').update(`${source.page}|${usagetype}`).digest('hex').slice(0, 12).toUpperCase()}`;
  const servicename = `${TABLE_DIRECTORY.byModelId(source.modelId)!.name} (Amazon Bedrock Edition)`;
  const identity = identifyRow({ servicecode: 'AmazonBedrockFoundationModels', servicename }, undefined, bundledDirectory());
  if (identity?.modelId !== source.modelId) throw new Error(`${servicename} identifies as ${identity?.modelId}, not ${source.modelId}`);
  rows.set(f.card, [...(rows.get(f.card) ?? []), JSON.stringify({
    product: { productFamily: 'Foundation Models', attributes: { servicecode: 'AmazonBedrockFoundationModels', regionCode: region, usagetype, operation: 'Usage', servicename }, sku },
    serviceCode: 'AmazonBedrockFoundationModels',
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: 'Units', endRange: 'Inf', description: `${entry.description} (${where.replace(/ \(".*"\)$/, '')})`, appliesTo: [], rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`, beginRange: '0', pricePerUnit: { USD: entry.price } } }, sku, offerTermCode: 'JRTCKXETXF', termAttributes: {} } } },
  })]);
  stat.written++;
}

for (const [name, source] of Object.entries(CARDS)) {
  if (!files.some((f) => basename(f) === name)) continue;
  const stat = stats.get(name) ?? { written: 0, agree: 0, overRule: 0 };
  const left = leftOut.get(name) ?? [];
  const byReason = Object.entries(left.reduce<Record<string, number>>((n, l) => ({ ...n, [l.reason]: (n[l.reason] ?? 0) + 1 }), {})).map(([r, n]) => `${n} ${r}`).join(', ');
  const offerId = figures.find((f) => f.card === name)?.offerId;
  const page = {
    source: {
      id: source.id,
      title: `Amazon Bedrock ListFoundationModelAgreementOffers rate card of ${TABLE_DIRECTORY.byModelId(source.modelId)!.name}${offerId ? ` (${offerId})` : ''}, as recorded in ${REPO} ${DIR}/${name} at commit ${source.commit.slice(0, 7)}`,
      url: `https://github.com/${REPO}/blob/${source.commit}/${DIR}/${name}`,
      readOn: READ_ON,
      reliability: '3P',
      note: `The file is the rate card (termDetails.usageBasedPricingTerm.rateCard) of the public offer the Bedrock ListFoundationModelAgreementOffers API returns for ${source.modelId}, kept by the repository as a sanitized test fixture of its price reader. Its dimensions are the Marketplace usagetypes of the AmazonBedrockFoundationModels Price List without the '<prefix>-MP:' head and '-Units' tail, in US$ per 1M tokens; the prefix is the Region's billing code (EU is eu-west-1, UGE1 us-gov-east-1). Written by scripts/transcribe-agreement-offer-cards.ts: ${stat.written} figures for slots nothing else prices${stat.overRule ? ` (${stat.overRule} of them replacing a derived rule's equal figure)` : ''}; ${stat.agree} figures for slots the catalog already prices from a source that states them (or the model's other card writes) agree to the digit and are not written${left.length ? `; ${left.length} are in leftOut (${byReason})` : ''}. No Reserved, provisioned-throughput or 3-month row is on the card. Usagetypes are the dimension with the Price List head and tail put back, SKUs TRANSCRIBED- placeholders.`,
    },
    serviceCode: 'AmazonBedrockFoundationModels',
    FormatVersion: 'aws_v1',
    PriceList: rows.get(name) ?? [],
    ...(left.length ? { leftOut: left } : {}),
  };
  writeFileSync(`${RECORDED_DIR}${source.page}`, `${JSON.stringify(page, null, 1)}\n`);
  console.log(`${source.page}: ${page.PriceList.length} rows, ${stat.agree} agree, ${stat.overRule} over a rule, ${left.length} left out (${byReason || 'none'})`);
}
for (const d of disagreements) console.log('  differs:', d);
for (const [name, n] of regionless) console.log(`  ${name}: ${n} figures with no Region prefix, not transcribed`);

// Nothing priced before may be unpriced after (a us-west-2 row of a model and scope ends its parity copy).
const after = buildBundledCatalog().document;
const afterSlots = new Set(after.prices.flatMap((r) => Object.keys(r.perThousandTokens ?? {}).map((k) => `${r.model}|${r.region}|${r.scope}|${k}`)));
const lost = [...priced.keys()].filter((k) => !afterSlots.has(k));
if (lost.length > 0) throw new Error(`slots priced before and unpriced after: ${lost.join(', ')}`);
