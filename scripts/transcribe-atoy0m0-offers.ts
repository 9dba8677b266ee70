import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { CatalogFile } from '../src/catalog/schema.js';
import { RECORDED_DIR, RECORDED_PAGES, buildBundledCatalog, bundledDirectory, readRecordedPages } from '../src/pricelist/bundled.js';
import { REGION_PREFIXES } from '../src/pricelist/classify.js';
import { identifyRow } from '../src/pricelist/model-names.js';
import { CONSTRUCTED_USAGETYPE } from '../src/pricelist/products.js';
import type { LeftOutFigure } from '../src/pricelist/recorded.js';

/**
 * `npx tsx scripts/transcribe-atoy0m0-offers.ts <docs/data.json>`: transcribes a second public extract
 * of every commercial Region's Bedrock offer files into a recorded page, for the slots nothing else
 * prices. The extract is aToy0m0/bedrock-pricing `docs/data.json` (commit below), written every two
 * days by its workflow (.github/workflows/update-pricing.yml) from
 * https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{AmazonBedrock,AmazonBedrockFoundationModels}/current/<region>/index.json
 * for every Region both region_index.json files list (GovCloud left out), through scripts/transform.mjs:
 * per model name (AmazonBedrock `model`, FoundationModels `servicename` without " (Amazon Bedrock
 * Edition)") and Region, the standard in-Region input and output per 1M tokens, a " (バッチ)" (batch)
 * variant and a " (クロスリージョン)" (cross-Region: a usagetype with "cross-region" or "global") variant.
 * Its transform leaves out cache, Flex, Priority, latency-optimised, image, audio, video and speech rows
 * (and for FoundationModels Reserved, TPM, provisioned, storage, customization and embedding rows), so
 * only those three tiers are here.
 *
 * Its figures are JavaScript numbers: the transform multiplies a per-1K price by 1000, so 0.00036 per
 * 1K is written 0.36000000000000004. Each is read back as its shortest decimal at 12 significant
 * digits (0.36), which every offer-file price (at most 8 decimals per 1K) survives unchanged.
 *
 * A slot (model, Region, scope, dimension) the catalog already prices (from any page or rule) is never
 * written: the figures are compared instead and the agreement is printed; a figure that differs is
 * listed in leftOut as disputed. A slot the 2026-09-17 extract lists in its leftOut keeps that reason.
 * The file itself is not committed (a copy of a third party's data file).
 */

const SOURCE = {
  repo: 'aToy0m0/bedrock-pricing',
  commit: '42777bf',
  commitFull: '', // filled from the command line (third argument) when given
  path: 'docs/data.json',
};
const PAGE = 'bedrock-all-regions-offers-2026-08-20-atoy0m0.json';
/** The day docs/data.json at the commit above was read for this page (2026-12-06, not the 2026-12-05 an earlier run wrote). */
const READ_ON = '2026-12-06';

type Variant = 'standard' | 'batch' | 'global';
interface SourceRow { p: string; m: string; r: string[]; i: number | null; o: number | null }

const [, , file, commitFull] = process.argv;
if (!file) throw new Error('usage: tsx scripts/transcribe-atoy0m0-offers.ts <docs/data.json> [commit]');
if (commitFull) SOURCE.commitFull = commitFull;
const data = JSON.parse(readFileSync(file, 'utf8')) as { generatedAt: string; publicationDate: string; rows: SourceRow[] };

/** A JavaScript number from the transform, as the decimal the offer file wrote. */
function exact(n: number): string {
  return new Decimal(Number(n.toPrecision(12))).toFixed();
}

function variantOf(name: string): { base: string; variant: Variant } {
  if (name.endsWith(' (バッチ)')) return { base: name.slice(0, -' (バッチ)'.length), variant: 'batch' };
  if (name.endsWith(' (クロスリージョン)')) return { base: name.slice(0, -' (クロスリージョン)'.length), variant: 'global' };
  return { base: name, variant: 'standard' };
}

// The catalog as built from every other page: what is priced, and by what.
const pages = readRecordedPages(RECORDED_PAGES.filter((p) => p !== PAGE));
const built = buildBundledCatalog(RECORDED_PAGES.filter((p) => p !== PAGE));
const catalog: CatalogFile = built.document;
const priced = new Map<string, { usd: string; source: string }>();
for (const row of catalog.prices) {
  for (const [field, value] of Object.entries(row.perThousandTokens ?? {})) {
    priced.set(`${row.model}|${row.region}|${row.scope}|${field}`, { usd: (value as { usd: string }).usd, source: (value as { source: string }).source });
  }
}
const extractLeftOut = new Map<string, LeftOutFigure>();
for (const p of pages) for (const l of p.leftOut) extractLeftOut.set(`${l.model}|${l.region}|${l.tier}|${l.side}`, l);

const directory = bundledDirectory();
const PREFIX_OF = new Map(Object.entries(REGION_PREFIXES).map(([prefix, region]) => [region, prefix]));
const FIELD: Record<Variant, { scope: 'in-region' | 'global'; input: string; output: string; suffix: string }> = {
  standard: { scope: 'in-region', input: 'input', output: 'output', suffix: '' },
  batch: { scope: 'in-region', input: 'batchInput', output: 'batchOutput', suffix: '-batch' },
  global: { scope: 'global', input: 'input', output: 'output', suffix: '-cross-region-global' },
};

/**
 * Models for which the transform's first-row-wins can keep another row's figure as the standard one:
 * Nova text models have custom-model on-demand rows its filter keeps (Nova 2 Lite's us-east-1 figure
 * here is 0.30 / 2.50, its custom-model and global rate, against the in-Region 0.33 / 2.75 the Price
 * List rows read elsewhere give), and Claude 3.5 Haiku has latency-optimised FoundationModels rows it
 * keeps (1 / 5 in us-east-1 and us-east-2 against 0.80 / 4). Their figures here are not taken.
 */
const ROW_UNCLEAR: Readonly<Record<string, string>> = Object.fromEntries([
  ...['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-2-lite-v1:0', 'amazon.nova-premier-v1:0'].map((id) => [id, 'the transform keeps the first input row of a Region, and Nova has custom-model on-demand rows it does not filter (Nova 2 Lite\'s us-east-1 figure here is its custom-model 0.30, not the in-Region 0.33): not clearly its row']),
  ['anthropic.claude-3-5-haiku-20241022-v1:0', 'the transform keeps the first input row of a Region and does not filter FoundationModels latency-optimised rows (us-east-1 and us-east-2 here 1 / 5, against the 0.80 / 4 the catalog reads): not clearly its row'],
]);

/**
 * Figures the 2026-09-17 extract left out as not clearly their row, settled by this one. Nova 2 Sonic's
 * standard figures are its text-token rates: this transform drops every row whose usagetype or
 * inferenceType says speech or audio and gives the same figures, and in us-east-1 both give 0.33 / 2.75,
 * the text rows of the us-east-1 Price List (genai-prices), not its speech rows (3 / 12).
 */
const TEXT_RATE_SETTLED: Readonly<Record<string, true>> = { 'amazon.nova-2-sonic-v1:0': true };

const rows: string[] = [];
const leftOut: LeftOutFigure[] = [];
const unknownNames = new Map<string, Set<string>>();
const noPrefix = new Set<string>();
let agree = 0;
/** This extract's in-Region figures, per model, Region and side: a batch figure is taken only as their half. */
const standardFigure = new Map<string, Decimal>();
/** Half of the in-Region figure, exactly or rounded to the cent per 1M (either way at a half-cent), as every batch row read is. */
function isHalf(batch: Decimal, standard: Decimal): boolean {
  const half = standard.div(2);
  return batch.eq(half) || batch.eq(half.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)) || batch.eq(half.toDecimalPlaces(2, Decimal.ROUND_HALF_DOWN));
}
/** Standard slots whose figure here differs from the catalog's: their batch figures (half of this one) stay out too. */
const disputedStandard = new Set<string>();
const disagreements: string[] = [];
const added = new Map<string, number>();
const overLiteLLM: string[] = [];
const overDerived: string[] = [];

interface Figure { modelId: string; region: string; variant: Variant; side: 'input' | 'output'; usd: string; value: number; where: string }

/** Every figure of the extract whose model the catalog or the us-east-1 listing knows (the rest are counted by name). */
function* figures(): Generator<Figure> {
  for (const source of data.rows) {
    const { base, variant } = variantOf(source.m);
    const region = source.r[0]!;
    const identity = identifyRow({ servicecode: 'AmazonBedrock', model: base }, /\s/.test(base) ? undefined : base, directory);
    if (!identity || identity.identity === 'price-list-name') {
      unknownNames.set(base, (unknownNames.get(base) ?? new Set()).add(region));
      continue;
    }
    for (const side of ['input', 'output'] as const) {
      const value = source[side === 'input' ? 'i' : 'o'];
      if (value === null || value === undefined) continue;
      yield { modelId: identity.modelId, region, variant, side, usd: exact(value), value, where: `docs/data.json rows[m="${source.m}", r="${region}"].${side === 'input' ? 'i' : 'o'} = ${value}` };
    }
  }
}

const slotOf = (g: Figure) => `${g.modelId}|${g.region}|${FIELD[g.variant].scope}|${FIELD[g.variant][g.side]}`;
const isLiteLLM = (sourceId: string) => sourceId.startsWith('litellm-');
const isDerived = (sourceId: string) => catalog.sources[sourceId]?.reliability === 'derived';

/**
 * Models with a figure here that differs from one read from AWS elsewhere (not LiteLLM, not a derived
 * rule): the transform may have kept another row of theirs, so none of their figures is taken.
 */
const distrusted = new Map<string, string>();
for (const g of figures()) {
  const have = priced.get(slotOf(g));
  if (!have || isLiteLLM(have.source) || isDerived(have.source) || /3-5-sonnet/.test(g.modelId)) continue;
  if (!new Decimal(have.usd).eq(new Decimal(g.usd).div(1000)) && !distrusted.has(g.modelId)) {
    distrusted.set(g.modelId, `its ${g.region} ${g.variant} ${g.side} here (${g.usd}) differs from ${new Decimal(have.usd).mul(1000).toFixed()} per 1M read from ${have.source}, so the transform may have kept another of its rows: not clearly its row`);
  }
}
unknownNames.clear();

for (const g of figures()) {
  const { modelId, region, variant, side, usd, where } = g;
  const prefix = PREFIX_OF.get(region);
  const f = FIELD[variant];
  const tier = variant;
  const perThousand = new Decimal(usd).div(1000);
  if (variant === 'standard') standardFigure.set(`${modelId}|${region}|${side}`, new Decimal(usd));
  const have = priced.get(slotOf(g));
  const unclear = ROW_UNCLEAR[modelId] ?? distrusted.get(modelId);
  if (have) {
    if (perThousand.eq(have.usd)) {
      agree++;
      continue;
    }
    disagreements.push(`${modelId} ${region} ${tier} ${side}: ${usd} per 1M here, ${new Decimal(have.usd).mul(1000).toFixed()} from ${have.source}`);
    // LiteLLM only fills what nothing read from AWS prices: an offer-file figure replaces it (scripts/transcribe-litellm.ts is run after).
    // A derived rule's figure (the us-west-2 parity copy) is replaced where the 2026-09-17 extract left out the
    // same figure for the slot: two reads of AWS's own offer file against an assumption.
    const earlierHere = extractLeftOut.get(`${modelId}|${region}|${tier}|${side}`);
    const overRule = isDerived(have.source) && earlierHere !== undefined && new Decimal(earlierHere.usd).eq(usd) && (modelId in TEXT_RATE_SETTLED || earlierHere.reason !== 'not-clearly-its-row');
    if (overRule) {
      overDerived.push(`${modelId} ${region} ${tier} ${side}: ${usd} replaces ${new Decimal(have.usd).mul(1000).toFixed()} from ${have.source} (the 2026-09-17 extract reads ${earlierHere.usd} too)`);
    } else if (!isLiteLLM(have.source) || unclear) {
      if (variant === 'standard') disputedStandard.add(`${modelId}|${region}|${side}`);
      leftOut.push({ model: modelId, region, tier, side, usd, reason: extractLeftOut.get(`${modelId}|${region}|${tier}|${side}`)?.reason === 'lifecycle' ? 'lifecycle' : 'disputed', why: `${where}; the catalog prices the slot at ${new Decimal(have.usd).mul(1000).toFixed()} per 1M from ${have.source}` });
      continue;
    } else {
      overLiteLLM.push(`${modelId} ${region} ${tier} ${side}: ${usd} replaces LiteLLM's ${new Decimal(have.usd).mul(1000).toFixed()}`);
    }
  }
  if (variant === 'batch' && disputedStandard.has(`${modelId}|${region}|${side}`)) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'disputed', why: `${where}: the half of this extract's in-Region figure, which differs from the catalog's in-Region price for the slot (listed above)` });
    continue;
  }
  const standard = standardFigure.get(`${modelId}|${region}|${side}`);
  if (variant === 'batch' && (!standard || !isHalf(new Decimal(usd), standard))) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'not-clearly-its-row', why: `${where}: ${standard ? `neither half of this extract's in-Region ${standard.toFixed()} nor that half rounded to the cent` : 'no in-Region figure beside it'} (every batch figure read elsewhere is one of the two)` });
    continue;
  }
  const earlier = extractLeftOut.get(`${modelId}|${region}|${tier}|${side}`);
  // The 2026-09-17 extract's figures it left out as disputed with LiteLLM are settled where this read of the
  // offer files gives the same figure: two reads of AWS's files against one third-party entry.
  const settledAgainstLiteLLM = earlier?.reason === 'disputed' && /LiteLLM/.test(earlier.why) && new Decimal(earlier.usd).eq(usd);
  if (earlier && !settledAgainstLiteLLM && !(modelId in TEXT_RATE_SETTLED && tier === 'standard')) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: earlier.reason, why: `the same figure the 2026-09-17 extract gives is left out there: ${earlier.why}` });
    continue;
  }
  if (/3-5-sonnet/.test(modelId)) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'lifecycle', why: 'Claude 3.5 Sonnet: the offer file keeps the price before extended access' });
    continue;
  }
  if (unclear) {
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'not-clearly-its-row', why: unclear });
    continue;
  }
  if (!prefix) {
    noPrefix.add(region);
    leftOut.push({ model: modelId, region, tier, side, usd, reason: 'not-transcribed', why: `no Price List usagetype Region prefix for ${region} is known here, so no row can be written` });
    continue;
  }
  const usagetype = `${prefix}-${modelId}-${side}-tokens${f.suffix}`;
  const sku = `TRANSCRIBED-${createHash('sha256').update(`${PAGE}|${usagetype}`).digest('hex').slice(0, 12).toUpperCase()}`;
  rows.push(JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: { servicecode: 'AmazonBedrock', regionCode: region, usagetype, operation: 'Usage', servicename: 'Amazon Bedrock', [CONSTRUCTED_USAGETYPE]: 'true' }, sku },
    serviceCode: 'AmazonBedrock',
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: '1M tokens', description: where, pricePerUnit: { USD: usd } } } } } },
  }));
  added.set(region, (added.get(region) ?? 0) + 1);
}

const commitUrl = `https://github.com/${SOURCE.repo}/blob/${SOURCE.commitFull || SOURCE.commit}/${SOURCE.path}`;
const page = {
  source: {
    id: 'pl-offers-all-regions-2026-08-20-atoy0m0',
    title: `AWS Price List offer files AmazonBedrock and AmazonBedrockFoundationModels, every commercial Region (publicationDate ${data.publicationDate.slice(0, 10)}), as extracted to US$ per 1M tokens in ${SOURCE.repo} ${SOURCE.path} at commit ${SOURCE.commit}`,
    url: commitUrl,
    readOn: READ_ON,
    reliability: '3P',
    note: `docs/data.json (generatedAt ${data.generatedAt}, publicationDate ${data.publicationDate}) is written by the repository's workflow (.github/workflows/update-pricing.yml) from https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/<region>/index.json and .../AmazonBedrockFoundationModels/current/<region>/index.json for every Region their region_index.json lists but GovCloud, through scripts/transform.mjs: standard in-Region input and output, batch and cross-Region (global) rates per 1M tokens (no cache, Flex, Priority, speech, provisioned or Reserved rows). Written by scripts/transcribe-atoy0m0-offers.ts only where nothing read from AWS prices the slot (a LiteLLM price it contradicts is replaced: MiniMax M2.5 in ap-southeast-2 and Claude Opus 4.5 in eu-south-1, where both offer-file extracts agree; scripts/transcribe-litellm.ts is run after it); Nova 2 Sonic's figures are its text rates (the transform drops speech rows; us-east-1 equals the text rows), so the 2026-09-17 extract's left-out Nova 2 Sonic figures are taken, and in us-west-2, where both extracts read 0.319 / 2.651, they replace the 0.33 / 2.75 the us-west-2 parity rule (derived) copied from us-east-1; a model with a figure that differs from an AWS read (Nova 2 Lite, Claude 3.5 Haiku, Qwen3 Next 80B) and the Nova text models (custom-model rows) are not taken anywhere, and a batch figure only as half the in-Region one. Its figures are JavaScript numbers (a per-1K price x 1000), each read back as its shortest decimal at 12 significant digits. ${agree} figures for slots the catalog already prices agree to the digit; ${disagreements.length} differ: ${overDerived.length} replace a derived rule's figure (above) and ${overLiteLLM.length} a LiteLLM one, and the rest are in leftOut (disputed, or lifecycle for Claude 3.5 Sonnet's pre-extended-access price in us-east-1). The figures are of the 2026-08-20 publication, a month before the 2026-09-17 extract read first. Names neither the catalog's model table nor the us-east-1 ListFoundationModels response knows are not transcribed (${unknownNames.size} names: ${[...unknownNames.keys()].sort().join(', ')}). Usagetypes are written by the AmazonBedrock pattern and marked constructed; SKUs are TRANSCRIBED- placeholders.`,
  },
  serviceCode: 'AmazonBedrock',
  FormatVersion: 'aws_v1',
  PriceList: rows,
  leftOut,
};
writeFileSync(`${RECORDED_DIR}${PAGE}`, `${JSON.stringify(page, null, 1)}\n`);
console.log(`${rows.length} rows written to ${PAGE}; ${agree} figures agree with the catalog, ${disagreements.length} differ; ${leftOut.length} left out`);
console.log('rows by Region:', Object.fromEntries([...added].sort()));
for (const d of disagreements) console.log('  differs:', d);
for (const d of overLiteLLM) console.log('  over LiteLLM:', d);
for (const d of overDerived) console.log('  over a derived rule:', d);
for (const [m, why] of distrusted) console.log('  not taken:', m, why);
console.log('Regions with no usagetype prefix:', [...noPrefix].sort().join(', ') || 'none');
console.log('names not in the model table:', [...unknownNames.keys()].sort().join('; '));
