import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { CatalogFile, TokenDimension } from '../../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE, offeredPredicate, readUsWest2Models } from '../../src/pricelist/bundled.js';

/**
 * Prices read from real GetProducts rows outside us-east-1, recorded with their SKUs in public
 * repositories. Every expected figure is typed from the source file as written there (US$ per 1K
 * tokens, the rows' own unit), not computed.
 */
const catalog = PriceCatalog.bundled();
/** The catalog file itself: it keeps each price's SKU, which the priced view does not carry. */
const document = JSON.parse(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')) as CatalogFile;

function skuOf(model: string, region: string, dimension: TokenDimension): string | undefined {
  const row = document.prices.find((r) => r.model === model && r.region === region && r.scope === 'in-region');
  const value = row?.perThousandTokens?.[dimension];
  return typeof value === 'object' ? value.sku : undefined;
}

function expectRow(model: string, region: string, expected: Partial<Record<TokenDimension, { usd: string; usagetype: string; sku?: string }>>, sourceId: string): void {
  const row = catalog.prices(model, region, 'in-region');
  expect(row, `${model} in ${region}`).toBeDefined();
  for (const [dimension, want] of Object.entries(expected)) {
    const price = row!.perThousandTokens[dimension as TokenDimension];
    expect(price?.usd.toFixed(), `${model} ${region} ${dimension}`).toBe(want!.usd);
    expect(price?.usagetype, `${model} ${region} ${dimension}`).toBe(want!.usagetype);
    expect(price?.source.id, `${model} ${region} ${dimension}`).toBe(sourceId);
    expect(price?.source.reliability).toBe('PL');
    if (want!.sku) expect(skuOf(model, region, dimension as TokenDimension)).toBe(want!.sku);
  }
}

describe('gpt-oss-20b in ap-southeast-2, every service tier (rmit-ir/trec-rag-26 @ 0227176, GetProducts of 2026-07-30)', () => {
  // The file's table: input-tokens-standard 0.0000721, output-tokens-standard 0.0003090, batch 0.00003605 / 0.0001545,
  // flex 0.00003605 / 0.0001545, priority 0.000126175 / 0.00054075 (US$ per 1K tokens).
  it('standard, batch, Flex and Priority, input and output, each with its usagetype and SKU', () => {
    const ut = (tail: string) => `APS2-openai.gpt-oss-20b-mantle-${tail}`;
    expectRow(
      'openai.gpt-oss-20b-1:0',
      'ap-southeast-2',
      {
        input: { usd: '0.0000721', usagetype: ut('input-tokens-standard'), sku: 'U6HFRFAFGNKPKNEP' },
        output: { usd: '0.000309', usagetype: ut('output-tokens-standard'), sku: 'DFF9UDSJSZBEKV8S' },
        batchInput: { usd: '0.00003605', usagetype: ut('input-tokens-batch'), sku: 'BWYF57UPJM6XQSQV' },
        batchOutput: { usd: '0.0001545', usagetype: ut('output-tokens-batch'), sku: 'ZP7M8X3X5YEY28JZ' },
        flexInput: { usd: '0.00003605', usagetype: ut('input-tokens-flex'), sku: 'MY6Y98JH2YZZR9JX' },
        flexOutput: { usd: '0.0001545', usagetype: ut('output-tokens-flex'), sku: '8GF8WWUSDXXB3WKA' },
        priorityInput: { usd: '0.000126175', usagetype: ut('input-tokens-priority'), sku: '5JTDT2VE3UWEN6WR' },
        priorityOutput: { usd: '0.00054075', usagetype: ut('output-tokens-priority'), sku: 'WGCH2VBNS6STEJZG' },
      },
      'pl-getproducts-bedrock-ap-southeast-2-gpt-oss-20b-rmit',
    );
  });
});

describe('ap-northeast-1 rows fetched 2026-08-26 (inferplane/inferplane cmd/mayu/pricing_sync_test.go @ 939db89)', () => {
  const source = 'pl-getproducts-bedrock-ap-northeast-1-inferplane';

  it('Nova Pro in Tokyo: $0.00096 / $0.00384 per 1K, batch input $0.00048, cache read $0.00024', () => {
    expectRow(
      'amazon.nova-pro-v1:0',
      'ap-northeast-1',
      {
        input: { usd: '0.00096', usagetype: 'APN1-NovaPro-input-tokens', sku: 'MW5E2RRQFRGR96C3' },
        output: { usd: '0.00384', usagetype: 'APN1-NovaPro-output-tokens', sku: 'NGEWXEWTZRVVAR4Q' },
        batchInput: { usd: '0.00048', usagetype: 'APN1-NovaPro-input-tokens-batch', sku: 'T4E5FXWGMWR4XVED' },
        cacheRead: { usd: '0.00024', usagetype: 'APN1-NovaPro-cache-read-input-token-count', sku: 'C32RSZ93XHBRBRY7' },
      },
      source,
    );
  });

  it('GLM 5 in Tokyo, identified from its usagetype (zai.glm5): $0.0012 / $0.00384 per 1K, Flex input $0.0006', () => {
    expectRow(
      'zai.glm-5',
      'ap-northeast-1',
      {
        input: { usd: '0.0012', usagetype: 'APN1-zai.glm5-input-tokens', sku: 'XWC25SAQMK2UTMY9' },
        output: { usd: '0.00384', usagetype: 'APN1-zai.glm5-output-tokens', sku: '25DCN3EFASRTQK5W' },
        flexInput: { usd: '0.0006', usagetype: 'APN1-zai.glm5-mantle-input-tokens-flex', sku: 'CNU44JCVYWVHJMM5' },
      },
      source,
    );
  });

  it("the bedrock-mantle 'standard' twins give the same prices under other SKUs: duplicates, not conflicts", () => {
    // The first row read wins; the twin (C5W95R8WUA6B2U55, 0.0012) agrees, so the build reports nothing.
    expect(skuOf('zai.glm-5', 'ap-northeast-1', 'input')).toBe('XWC25SAQMK2UTMY9');
    expect(skuOf('zai.glm-5', 'ap-northeast-1', 'output')).toBe('25DCN3EFASRTQK5W');
  });
});

describe('Nova 2 Lite in us-east-1: batch and Priority input (RoninForge/ai-price-index @ dba8bec, offer file read 2026-06-20)', () => {
  // The collector's header, US$ per 1M tokens: "USE1-Nova2.0Lite-input-tokens-batch 0.165", "-priority 0.5775".
  it('in-Region batch input $0.165 and Priority input $0.5775 per 1M, with their usagetypes, marked 3P', () => {
    const row = catalog.prices('amazon.nova-2-lite-v1:0', 'us-east-1', 'in-region')!;
    const perMillion = (d: TokenDimension) => row.perThousandTokens[d]?.usd.times(1000).toFixed();
    expect(perMillion('batchInput')).toBe('0.165');
    expect(perMillion('priorityInput')).toBe('0.5775');
    expect(row.perThousandTokens.batchInput?.usagetype).toBe('USE1-Nova2.0Lite-input-tokens-batch');
    expect(row.perThousandTokens.priorityInput?.usagetype).toBe('USE1-Nova2.0Lite-input-tokens-priority');
    expect(row.perThousandTokens.priorityInput?.source.reliability).toBe('3P');
  });

  it("the quote's other four figures agree with the rows other pages gave (0.33, 0.165 flex; global 0.30)", () => {
    const row = catalog.prices('amazon.nova-2-lite-v1:0', 'us-east-1', 'in-region')!;
    expect(row.perThousandTokens.input?.usd.times(1000).toFixed()).toBe('0.33');
    expect(row.perThousandTokens.flexInput?.usd.times(1000).toFixed()).toBe('0.165');
    expect(catalog.prices('amazon.nova-2-lite-v1:0', 'us-east-1', 'global')!.perThousandTokens.input?.usd.times(1000).toFixed()).toBe('0.3');
  });
});

describe('Qwen3 32B in us-east-1: Flex, Priority and batch output (scttfrdmn/cultivar @ d2724c5, live rates of 2026-07-27)', () => {
  // qwenRates, US$ per 1K: "USE1-Qwen3-32B-output-tokens-flex": 0.0003, "-priority": 0.00105, "-batch": 0.0003, "-output-tokens": 0.0006.
  it('output $0.0006, Flex $0.0003, Priority $0.00105 and batch $0.0003 per 1K, each with its usagetype', () => {
    const t = catalog.prices('qwen.qwen3-32b-v1:0', 'us-east-1', 'in-region')!.perThousandTokens;
    expect(t.output?.usd.toFixed()).toBe('0.0006');
    expect(t.flexOutput?.usd.toFixed()).toBe('0.0003');
    expect(t.priorityOutput?.usd.toFixed()).toBe('0.00105');
    expect(t.batchOutput?.usd.toFixed()).toBe('0.0003');
    expect(t.priorityOutput?.usagetype).toBe('USE1-Qwen3-32B-output-tokens-priority');
    expect(t.batchOutput?.derivedFrom).toBeUndefined();
    // The input side, read from an earlier page, is the quote's too: 0.000075 / 0.0002625.
    expect(t.flexInput?.usd.toFixed()).toBe('0.000075');
    expect(t.priorityInput?.usd.toFixed()).toBe('0.0002625');
  });
});

describe('Claude Haiku 4.5 Reserved in us-west-2 (the us-west-2 offer-file quote of version 20261005000000, 3P)', () => {
  // The quote: USW2-MP:USW2_Reserved_1Month_InputTPM_Geo-Units, "1M TPM Hour", 0.066.
  it('1-month geo input $0.066 per 1K TPM per hour; the output side and 3 months are not quoted, so stay unpriced', () => {
    const geo = catalog.prices('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-west-2', 'geo')!;
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed()).toBe('0.066');
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.usagetype).toBe('USW2-MP:USW2_Reserved_1Month_InputTPM_Geo-Units');
    // By hand: 1,000 tokens a minute for 60 minutes at the quoted $1.10 per 1M in-Region input = $0.066.
    expect(geo.perThousandTokens.input?.usd.toFixed()).toBe('0.0011');
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.output).toBeUndefined();
    expect(geo.reservedPerThousandTpmHour?.threeMonth).toBeUndefined();
  });
});

describe('the us-west-2 parity rule derives only models AWS lists in us-west-2', () => {
  // koyakimu/aws-bedrock-quick-reference data/models.json @ 020f84b: Nova Reel v1:0 is listed in ap-northeast-1,
  // eu-west-1 and us-east-1 only, Marengo Embed 2.7 in ap-northeast-2, eu-west-1 and us-east-1; Pegasus v1.2,
  // Claude Opus 4.7 and gpt-oss-20b name us-west-2 (through an inference profile, or on demand).
  const offered = offeredPredicate(readUsWest2Models());

  it('matches catalog IDs with or without date and first-version suffix', () => {
    expect(offered('anthropic.claude-opus-4-7-v1:0')).toBe(true);
    expect(offered('twelvelabs.pegasus-1-2-v1:0')).toBe(true);
    expect(offered('openai.gpt-oss-20b-1:0')).toBe(true);
    expect(offered('amazon.nova-reel-v1:0')).toBe(false);
    expect(offered('twelvelabs.marengo-embed-2-7-v1:0')).toBe(false);
  });

  it('Nova Reel and Marengo 2.7 get no us-west-2 price, Nova 2 Pro only the one read for us-west-2 (never parity); Pegasus and Opus 4.7 keep theirs, marked derived', () => {
    for (const id of ['amazon.nova-reel-v1:0', 'twelvelabs.marengo-embed-2-7-v1:0']) {
      expect(catalog.prices(id, 'us-west-2', 'in-region'), id).toBeUndefined();
    }
    // aToy0m0/bedrock-pricing docs/data.json @ 42777bf: rows[m="Nova 2.0 Pro", r="us-west-2"] i 1.375, o 11 (per 1M).
    const nova2Pro = catalog.prices('amazon.nova-2-pro-v1:0', 'us-west-2', 'in-region')!;
    expect(nova2Pro.perThousandTokens.input?.source.id).toBe('pl-offers-all-regions-2026-08-20-atoy0m0');
    expect(nova2Pro.perThousandTokens.input?.usd.toFixed()).toBe('0.001375');
    expect(nova2Pro.perThousandTokens.output?.usd.toFixed()).toBe('0.011');
    const pegasus = catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'us-west-2', 'in-region')!;
    expect(pegasus.perThousandTokens.output?.source.id).toBe('us-west-2-parity');
    expect(pegasus.perThousandTokens.output?.usd.toFixed()).toBe(catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'us-east-1', 'in-region')!.perThousandTokens.output?.usd.toFixed());
  });
});

describe('Claude, Cohere Embed and DeepSeek-R1 in every Region (koyakimu/aws-bedrock-quick-reference data/prices.json @ 1e0cc47, offer files of 2026-09-17)', () => {
  // The file, US$ per 1M: byModel["anthropic.claude-opus-4-6-v1"]["eu-central-1"] standard 5.5 / 27.5, global 5 / 25,
  // batch 2.75 / 13.75, cacheRead 0.55, cacheWrite 6.875; ["ap-northeast-1"] global 5 / 25 only.
  const perMillion = (model: string, region: string, scope: 'in-region' | 'global', dimension: TokenDimension) =>
    catalog.prices(model, region, scope)?.perThousandTokens[dimension]?.usd.times(1000).toFixed();

  it('Opus 4.6 in eu-central-1: in-Region, global, batch and cache, as the file writes them', () => {
    const opus = 'anthropic.claude-opus-4-6-v1:0';
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'input')).toBe('5.5');
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'output')).toBe('27.5');
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'batchInput')).toBe('2.75');
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'batchOutput')).toBe('13.75');
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'cacheRead')).toBe('0.55');
    expect(perMillion(opus, 'eu-central-1', 'in-region', 'cacheWrite5m')).toBe('6.875');
    expect(perMillion(opus, 'eu-central-1', 'global', 'input')).toBe('5');
    expect(perMillion(opus, 'eu-central-1', 'global', 'output')).toBe('25');
    const input = catalog.prices(opus, 'eu-central-1', 'in-region')!.perThousandTokens.input!;
    expect(input.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    expect(input.source.reliability).toBe('3P');
    // Where the file has only the global row (ap-northeast-1), the in-Region slot stays unpriced.
    expect(perMillion(opus, 'ap-northeast-1', 'global', 'input')).toBe('5');
    expect(perMillion(opus, 'ap-northeast-1', 'in-region', 'input')).toBeUndefined();
  });

  it('Haiku 4.5 in ap-northeast-1 (1.1 / 5.5, batch 0.55 / 2.75), Sonnet 4.6 in eu-west-1 (3.3 / 16.5), Claude 3 Haiku in us-west-2 (0.25 / 1.25)', () => {
    expect(perMillion('anthropic.claude-haiku-4-5-20251001-v1:0', 'ap-northeast-1', 'in-region', 'input')).toBe('1.1');
    expect(perMillion('anthropic.claude-haiku-4-5-20251001-v1:0', 'ap-northeast-1', 'in-region', 'output')).toBe('5.5');
    expect(perMillion('anthropic.claude-haiku-4-5-20251001-v1:0', 'ap-northeast-1', 'in-region', 'batchInput')).toBe('0.55');
    expect(perMillion('anthropic.claude-haiku-4-5-20251001-v1:0', 'ap-northeast-1', 'in-region', 'batchOutput')).toBe('2.75');
    expect(perMillion('anthropic.claude-sonnet-4-6-v1:0', 'eu-west-1', 'in-region', 'input')).toBe('3.3');
    expect(perMillion('anthropic.claude-sonnet-4-6-v1:0', 'eu-west-1', 'in-region', 'output')).toBe('16.5');
    // Not derived by the us-west-2 rule (the snapshot of listed models lacks it): read from the offer-file extract.
    const haiku3 = catalog.prices('anthropic.claude-3-haiku-20240307-v1:0', 'us-west-2', 'in-region')!.perThousandTokens;
    expect(haiku3.input?.usd.times(1000).toFixed()).toBe('0.25');
    expect(haiku3.output?.usd.times(1000).toFixed()).toBe('1.25');
    expect(haiku3.input?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
  });

  it('Cohere Embed v4 in sa-east-1 ($0.12 per 1M) and DeepSeek-R1 in us-east-2 ($1.35 / $5.40)', () => {
    expect(perMillion('cohere.embed-v4:0', 'sa-east-1', 'in-region', 'input')).toBe('0.12');
    expect(perMillion('deepseek.r1-v1:0', 'us-east-2', 'in-region', 'input')).toBe('1.35');
    expect(perMillion('deepseek.r1-v1:0', 'us-east-2', 'in-region', 'output')).toBe('5.4');
  });
});

describe('Nova 2 Lite outside us-east-1, Flex and Priority included (the same offer-file extract)', () => {
  // byModel["amazon.nova-2-lite-v1:0"]["eu-central-1"]: standard 0.429 / 3.597, global 0.39 / 3.27, cacheRead 0.10725,
  // priority 0.75075 / 6.29475, flex 0.2145 / 1.7985 (US$ per 1M); ["us-east-1"] priority output 4.8125.
  const t = (region: string, scope: 'in-region' | 'global' = 'in-region') => catalog.prices('amazon.nova-2-lite-v1:0', region, scope)!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

  it('eu-central-1 in every tier the file gives; its batch is not taken', () => {
    expect(m(t('eu-central-1').input)).toBe('0.429');
    expect(m(t('eu-central-1').output)).toBe('3.597');
    expect(m(t('eu-central-1').cacheRead)).toBe('0.10725');
    expect(m(t('eu-central-1').priorityInput)).toBe('0.75075');
    expect(m(t('eu-central-1').priorityOutput)).toBe('6.29475');
    expect(m(t('eu-central-1').flexInput)).toBe('0.2145');
    expect(m(t('eu-central-1').flexOutput)).toBe('1.7985');
    expect(m(t('eu-central-1', 'global').input)).toBe('0.39');
    expect(t('eu-central-1').batchInput).toBeUndefined();
  });

  it("us-east-1's Priority output, the one tier side no earlier page gave", () => {
    expect(m(t('us-east-1').priorityOutput)).toBe('4.8125');
    expect(m(t('us-east-1').priorityInput)).toBe('0.5775');
  });
});

describe('Nova Micro, Lite and Pro in every Region the offer-file extract prices them', () => {
  // byModel["amazon.nova-pro-v1:0"]["eu-west-3"]: standard 1.18 / 4.72, batch 0.59 / 2.36, cacheRead 0.295,
  // priority 2.065 / 8.26, flex 0.59 / 2.36; ["us-west-1"] standard 1.03 / 4.12, priority 1.8025 / 7.21, flex 0.515 / 2.06
  // (no batch, no cacheRead). ["amazon.nova-micro-v1:0"]["ap-southeast-2"] standard 0.037 / 0.148, batch 0.0185 / 0.074,
  // cacheRead 0.00925. ["amazon.nova-lite-v1:0"]["eu-west-2"] standard 0.084 / 0.336 only; ["ca-central-1"] cacheWrite 0
  // (US$ per 1M).
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

  it('Nova Pro in eu-west-3 in every tier, marked 3P from the extract', () => {
    const pro = t('amazon.nova-pro-v1:0', 'eu-west-3');
    expect(m(pro.input)).toBe('1.18');
    expect(m(pro.output)).toBe('4.72');
    expect(m(pro.batchInput)).toBe('0.59');
    expect(m(pro.batchOutput)).toBe('2.36');
    expect(m(pro.cacheRead)).toBe('0.295');
    expect(m(pro.priorityInput)).toBe('2.065');
    expect(m(pro.priorityOutput)).toBe('8.26');
    expect(m(pro.flexInput)).toBe('0.59');
    expect(m(pro.flexOutput)).toBe('2.36');
    expect(pro.input?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    expect(pro.input?.source.reliability).toBe('3P');
  });

  it('Nova Pro in us-west-1 has Flex and Priority but no batch or cache read, as the file gives none', () => {
    const pro = t('amazon.nova-pro-v1:0', 'us-west-1');
    expect(m(pro.input)).toBe('1.03');
    expect(m(pro.priorityOutput)).toBe('7.21');
    expect(m(pro.flexInput)).toBe('0.515');
    expect(pro.batchInput).toBeUndefined();
    expect(pro.cacheRead).toBeUndefined();
  });

  it('Nova Micro in ap-southeast-2 and Nova Lite in eu-west-2; a $0 cache write is not read as a price', () => {
    const micro = t('amazon.nova-micro-v1:0', 'ap-southeast-2');
    expect(m(micro.input)).toBe('0.037');
    expect(m(micro.output)).toBe('0.148');
    expect(m(micro.batchInput)).toBe('0.0185');
    expect(m(micro.batchOutput)).toBe('0.074');
    expect(m(micro.cacheRead)).toBe('0.00925');
    const lite = t('amazon.nova-lite-v1:0', 'eu-west-2');
    expect(m(lite.input)).toBe('0.084');
    expect(m(lite.output)).toBe('0.336');
    expect(lite.batchInput).toBeUndefined();
    expect(t('amazon.nova-lite-v1:0', 'ca-central-1').cacheWrite5m).toBeUndefined();
  });
});

describe('Claude Sonnet 5: priced where the AWS pricing page and the offer-file extract agree', () => {
  // AWS pricing page read 2026-09-25 (as quoted): $2.20 / $11.00 per 1M in-Region in us-east-1. The extract,
  // byModel["anthropic.claude-sonnet-5"]["us-east-1"]: standard 2.2 / 11, global 2 / 10, cacheRead 0.22,
  // cacheWrite 2.75; ["sa-east-1"] global 2 / 10 only. pydantic/genai-prices' $3 / $15 global is not used.
  const usd = (region: string, scope: 'in-region' | 'global', dimension: TokenDimension) =>
    catalog.prices('anthropic.claude-sonnet-5-v1:0', region, scope)?.perThousandTokens[dimension];

  it('us-east-1 in-Region from the pricing page, cache from the extract, global from the extract', () => {
    expect(usd('us-east-1', 'in-region', 'input')?.usd.times(1000).toFixed()).toBe('2.2');
    expect(usd('us-east-1', 'in-region', 'output')?.usd.times(1000).toFixed()).toBe('11');
    expect(usd('us-east-1', 'in-region', 'input')?.source.id).toBe('aws-pricing-page-2026-09-25');
    expect(usd('us-east-1', 'in-region', 'cacheRead')?.usd.times(1000).toFixed()).toBe('0.22');
    expect(usd('us-east-1', 'in-region', 'cacheWrite5m')?.usd.times(1000).toFixed()).toBe('2.75');
    expect(usd('us-east-1', 'global', 'input')?.usd.times(1000).toFixed()).toBe('2');
    expect(usd('us-east-1', 'global', 'output')?.usd.times(1000).toFixed()).toBe('10');
    expect(usd('us-east-1', 'global', 'input')?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    // Its global cache rates ($0.20 read, $2.50 5-minute and $4 1-hour write per 1M) are its agreement-offer rate
    // card's rows (whchoi98/model-monitoring offers_claude-sonnet-5.json @ 98af18e), equal to the LiteLLM
    // global.anthropic.claude-sonnet-5 entry that priced them by a rule before: a read figure replaces the rule's.
    expect(usd('us-east-1', 'global', 'cacheRead')?.usd.times(1000).toFixed()).toBe('0.2');
    expect(usd('us-east-1', 'global', 'cacheWrite5m')?.usd.times(1000).toFixed()).toBe('2.5');
    expect(usd('us-east-1', 'global', 'cacheWrite1h')?.usd.times(1000).toFixed()).toBe('4');
    expect(usd('us-east-1', 'global', 'cacheRead')?.source.id).toBe('agreement-offer-claude-sonnet-5-whchoi98');
    expect(usd('us-east-1', 'global', 'cacheRead')?.derivedFrom).toBeUndefined();
    expect(usd('us-east-1', 'global', 'cacheRead')?.usagetype).toBe('USE1-MP:USE1_cache_read_tokens_global_standard-Units');
    // us. entry: $4.40 per 1M for a 1-hour write in-Region.
    expect(usd('us-east-1', 'in-region', 'cacheWrite1h')?.usd.times(1000).toFixed()).toBe('4.4');
  });

  it('eu-west-2 in-Region and sa-east-1 global-only, as the extract writes them', () => {
    expect(usd('eu-west-2', 'in-region', 'input')?.usd.times(1000).toFixed()).toBe('2.2');
    expect(usd('eu-west-2', 'in-region', 'output')?.usd.times(1000).toFixed()).toBe('11');
    expect(usd('sa-east-1', 'global', 'output')?.usd.times(1000).toFixed()).toBe('10');
    expect(usd('sa-east-1', 'in-region', 'input')).toBeUndefined();
  });
});

describe('Llama, DeepSeek, Gemma, MiniMax, Mistral and Titan Embeddings from the same extract', () => {
  // byModel["meta.llama3-70b-instruct-v1:0"]["sa-east-1"] standard 4.45 / 5.88;
  // ["meta.llama4-maverick-17b-instruct-v1:0"]["us-west-1"] standard 0.24 / 0.97, batch 0.12 / 0.485;
  // ["deepseek.v3.2"]["eu-west-2"] standard 0.961 / 2.8675, priority 1.68175 / 5.018125, flex 0.4805 / 1.43375;
  // ["mistral.devstral-2-123b"]["eu-west-2"] standard 0.62 / 3.1, priority 1.085 / 5.425;
  // ["amazon.titan-embed-text-v2:0"]["eu-north-1"] standard 0.021, batch 0.0105;
  // ["google.gemma-3-12b-it"]["ap-south-1"] standard 0.11 / 0.34, batch 0.06 / 0.17 (not half: left out).
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

  it('Llama 3 70B in sa-east-1 and Llama 4 Maverick in us-west-1 with its batch', () => {
    expect(m(t('meta.llama3-70b-instruct-v1:0', 'sa-east-1').input)).toBe('4.45');
    expect(m(t('meta.llama3-70b-instruct-v1:0', 'sa-east-1').output)).toBe('5.88');
    const maverick = t('meta.llama4-maverick-17b-instruct-v1:0', 'us-west-1');
    expect([m(maverick.input), m(maverick.output), m(maverick.batchInput), m(maverick.batchOutput)]).toEqual(['0.24', '0.97', '0.12', '0.485']);
    expect(maverick.input?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
  });

  it('DeepSeek V3.2 and Devstral 2 in eu-west-2, Priority and Flex included', () => {
    const ds = t('deepseek.v3.2', 'eu-west-2');
    expect([m(ds.input), m(ds.output), m(ds.priorityInput), m(ds.priorityOutput), m(ds.flexInput), m(ds.flexOutput)])
      .toEqual(['0.961', '2.8675', '1.68175', '5.018125', '0.4805', '1.43375']);
    const dev = t('mistral.devstral-2-123b', 'eu-west-2');
    expect([m(dev.input), m(dev.output), m(dev.priorityInput), m(dev.priorityOutput)]).toEqual(['0.62', '3.1', '1.085', '5.425']);
  });

  it('Titan Text Embeddings v2 in eu-north-1; Gemma 3 12B in ap-south-1 with its batch rounded to the cent, as the file writes it', () => {
    expect(m(t('amazon.titan-embed-text-v2:0', 'eu-north-1').input)).toBe('0.021');
    expect(m(t('amazon.titan-embed-text-v2:0', 'eu-north-1').batchInput)).toBe('0.0105');
    // byModel["google.gemma-3-12b-it"]["ap-south-1"]: standard 0.11 / 0.34, batch 0.06 / 0.17, priority 0.19 / 0.6.
    const gemma = t('google.gemma-3-12b-it', 'ap-south-1');
    expect([m(gemma.input), m(gemma.output), m(gemma.batchInput), m(gemma.batchOutput), m(gemma.priorityInput), m(gemma.priorityOutput)])
      .toEqual(['0.11', '0.34', '0.06', '0.17', '0.19', '0.6']);
  });
});

describe('Mistral, Kimi, Nemotron and gpt-oss from the same extract', () => {
  // byModel["mistral.mixtral-8x7b-instruct-v0:1"]["sa-east-1"] standard 0.76 / 1.18;
  // ["moonshotai.kimi-k2.5"]["eu-west-2"] standard 0.93 / 4.65, batch 0.465 / 2.325, priority 1.6275 / 8.1375;
  // ["openai.gpt-oss-20b-1:0"]["eu-north-1"] standard 0.07 / 0.3, flex 0.035 / 0.15, priority 0.1225 / 0.525;
  // ["openai.gpt-oss-120b-1:0"]["ap-northeast-1"] standard 0.18 / 0.73, batch 0.09 / 0.36 (half of 0.73 rounded to the cent), flex 0.09 / 0.365.
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

  it('Mixtral in sa-east-1, Kimi K2.5 in eu-west-2 and gpt-oss-20b in eu-north-1, as the file writes them', () => {
    expect([m(t('mistral.mixtral-8x7b-instruct-v0:1', 'sa-east-1').input), m(t('mistral.mixtral-8x7b-instruct-v0:1', 'sa-east-1').output)]).toEqual(['0.76', '1.18']);
    const kimi = t('moonshotai.kimi-k2.5', 'eu-west-2');
    expect([m(kimi.input), m(kimi.output), m(kimi.batchInput), m(kimi.batchOutput), m(kimi.priorityInput), m(kimi.priorityOutput)])
      .toEqual(['0.93', '4.65', '0.465', '2.325', '1.6275', '8.1375']);
    const oss = t('openai.gpt-oss-20b-1:0', 'eu-north-1');
    expect([m(oss.input), m(oss.output), m(oss.flexInput), m(oss.flexOutput), m(oss.priorityInput), m(oss.priorityOutput)])
      .toEqual(['0.07', '0.3', '0.035', '0.15', '0.1225', '0.525']);
  });

  it('gpt-oss-120b in ap-northeast-1: a batch output rounded to the cent beside an exact Flex output, both as the file writes them', () => {
    const oss = t('openai.gpt-oss-120b-1:0', 'ap-northeast-1');
    expect([m(oss.input), m(oss.output), m(oss.batchInput), m(oss.batchOutput), m(oss.flexInput), m(oss.flexOutput)])
      .toEqual(['0.18', '0.73', '0.09', '0.36', '0.09', '0.365']);
  });
});

describe('Qwen3 Coder, GLM and Palmyra from the same extract', () => {
  // byModel["zai.glm-5"]["eu-west-2"] standard 1.55 / 4.96, batch 0.775 / 2.48, priority 2.7125 / 8.68;
  // ["qwen.qwen3-coder-next"]["eu-north-1"] standard 0.6 / 1.44, flex 0.3 / 0.72; ["writer.palmyra-x5-v1:0"]["us-west-1"] 0.6 / 6.
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();

  it('GLM 5 in eu-west-2, Qwen3 Coder Next in eu-north-1 and Palmyra X5 in us-west-1, as the file writes them', () => {
    const glm = t('zai.glm-5', 'eu-west-2');
    expect([m(glm.input), m(glm.output), m(glm.batchInput), m(glm.batchOutput), m(glm.priorityInput), m(glm.priorityOutput)])
      .toEqual(['1.55', '4.96', '0.775', '2.48', '2.7125', '8.68']);
    const coder = t('qwen.qwen3-coder-next', 'eu-north-1');
    expect([m(coder.input), m(coder.output), m(coder.flexInput), m(coder.flexOutput)]).toEqual(['0.6', '1.44', '0.3', '0.72']);
    expect([m(t('writer.palmyra-x5-v1:0', 'us-west-1').input), m(t('writer.palmyra-x5-v1:0', 'us-west-1').output)]).toEqual(['0.6', '6']);
  });
});

describe('models the extract keys by IDs the catalog spells otherwise, identified from their usagetypes', () => {
  // byModel["nvidia.nemotron-super-3-120b"]["ap-southeast-2"] standard 0.15 / 0.67, batch 0.075 / 0.335, priority 0.2625 / 1.1725;
  // ["nvidia.nemotron-nano-9b-v2"]["us-east-1"] standard 0.06 / 0.23, batch 0.03 / 0.12 (0.12: half of 0.23 rounded to the cent);
  // ["qwen.qwen3-vl-235b-a22b"]["eu-west-2"] standard 0.82 / 4.12, flex 0.41 / 2.06; ["writer.palmyra-vision-7b"]["us-east-1"]
  // standard 0.15 / 0.6, priority 0.2625 / 1.05; ["deepseek.v3-v1:0"]["us-west-2"] standard 0.58 / 1.68, flex 0.29 / 0.84;
  // ["qwen.qwen3-235b-a22b-2507-v1:0"]["eu-central-1"] standard 0.29 / 1.16, batch 0.15 (half of 0.29 rounded to the cent) / 0.58.
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();
  const source = 'pl-offers-all-regions-2026-09-17-quick-reference';

  it('the extract\'s ID without the version suffix prices the catalog\'s model (Nemotron, Qwen3 VL)', () => {
    const superRow = t('nvidia.nemotron-super-3-120b:0', 'ap-southeast-2');
    expect([m(superRow.input), m(superRow.output), m(superRow.batchInput), m(superRow.batchOutput), m(superRow.priorityInput), m(superRow.priorityOutput)])
      .toEqual(['0.15', '0.67', '0.075', '0.335', '0.2625', '1.1725']);
    expect(superRow.input?.source.id).toBe(source);
    const nano = t('nvidia.nemotron-nano-9b-v2:0', 'us-east-1');
    expect([m(nano.input), m(nano.output), m(nano.batchInput), m(nano.batchOutput)]).toEqual(['0.06', '0.23', '0.03', '0.12']);
    const vl = t('qwen.qwen3-vl-235b-a22b-v1:0', 'eu-west-2');
    expect([m(vl.input), m(vl.output), m(vl.flexInput), m(vl.flexOutput)]).toEqual(['0.82', '4.12', '0.41', '2.06']);
  });

  it('models the table does not know are priced under the ID their usagetype carries (DeepSeek V3.1, Qwen3 235B, Palmyra Vision 7B)', () => {
    const vision = t('writer.palmyra-vision-7b', 'us-east-1');
    expect([m(vision.input), m(vision.output), m(vision.priorityInput), m(vision.priorityOutput)]).toEqual(['0.15', '0.6', '0.2625', '1.05']);
    // The us-east-1 listing names it, so the catalog carries AWS's name for it.
    expect(catalog.model('writer.palmyra-vision-7b')?.name).toBe('Writer Palmyra Vision 7B');
    const v3 = t('deepseek.v3-v1:0', 'us-west-2');
    expect([m(v3.input), m(v3.output), m(v3.flexInput), m(v3.flexOutput)]).toEqual(['0.58', '1.68', '0.29', '0.84']);
    expect(v3.input?.source.id).toBe(source);
    const qwen = t('qwen.qwen3-235b-a22b-2507-v1:0', 'eu-central-1');
    expect([m(qwen.input), m(qwen.output), m(qwen.batchInput), m(qwen.batchOutput)]).toEqual(['0.29', '1.16', '0.15', '0.58']);
  });
});

describe('the rest of the extract\'s exact figures: Jamba, Qwen3 32B, Claude 3 Sonnet, Opus 4.1, Fable 5', () => {
  // byModel["ai21.jamba-1-5-large-v1:0"]["eu-central-1"] standard 2 / 8; ["qwen.qwen3-32b-v1:0"]["eu-west-2"] standard 0.23 / 0.93,
  // batch 0.115 / 0.465 (flex the same); ["anthropic.claude-fable-5"]["eu-central-1"] standard 11 / 55, global 10 / 50, cacheRead 1.1,
  // cacheWrite 13.75; ["anthropic.claude-opus-4-1-20250805-v1:0"]["us-east-2"] standard 15 / 75, cacheRead 1.5, cacheWrite 18.75;
  // ["anthropic.claude-3-sonnet-20240229-v1:0"]["sa-east-1"] standard 3 / 15, batch 1.5 / 7.5.
  const t = (model: string, region: string, scope: 'in-region' | 'global' = 'in-region') => catalog.prices(model, region, scope)!.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();
  const source = 'pl-offers-all-regions-2026-09-17-quick-reference';

  it('as the file writes them, from the extract', () => {
    expect([m(t('ai21.jamba-1-5-large-v1:0', 'eu-central-1').input), m(t('ai21.jamba-1-5-large-v1:0', 'eu-central-1').output)]).toEqual(['2', '8']);
    expect(t('ai21.jamba-1-5-large-v1:0', 'eu-central-1').input?.source.id).toBe(source);
    const qwen = t('qwen.qwen3-32b-v1:0', 'eu-west-2');
    expect([m(qwen.input), m(qwen.output), m(qwen.batchInput), m(qwen.batchOutput), m(qwen.flexInput), m(qwen.flexOutput)])
      .toEqual(['0.23', '0.93', '0.115', '0.465', '0.115', '0.465']);
    const fable = t('anthropic.claude-fable-5-v1:0', 'eu-central-1');
    expect([m(fable.input), m(fable.output), m(fable.cacheRead), m(fable.cacheWrite5m)]).toEqual(['11', '55', '1.1', '13.75']);
    expect(fable.input?.source.id).toBe(source);
    expect(m(t('anthropic.claude-fable-5-v1:0', 'eu-central-1', 'global').input)).toBe('10');
    const opus = t('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-2');
    expect([m(opus.input), m(opus.output), m(opus.cacheRead), m(opus.cacheWrite5m)]).toEqual(['15', '75', '1.5', '18.75']);
    const sonnet3 = t('anthropic.claude-3-sonnet-20240229-v1:0', 'sa-east-1');
    expect([m(sonnet3.input), m(sonnet3.output), m(sonnet3.batchInput), m(sonnet3.batchOutput)]).toEqual(['3', '15', '1.5', '7.5']);
  });

  it('every figure the page leaves out says why, and none is also one of its rows', () => {
    const page = JSON.parse(readFileSync(new URL('../../src/catalog/data/price-list/bedrock-all-regions-offers-2026-09-17-quick-reference.json', import.meta.url), 'utf8')) as {
      PriceList: string[];
      leftOut: Array<{ model: string; region: string; tier: string; side: string; usd: string; reason: string; why: string }>;
    };
    const rows = new Set(page.PriceList.map((s) => /byModel\[\\?"(.+?)\\?"\]\[\\?"(.+?)\\?"\]\.(\w+)\.(\w+) =/.exec(s)!.slice(1, 5).join('|')));
    expect(page.leftOut.length).toBeGreaterThan(0);
    for (const l of page.leftOut) {
      expect(rows.has([l.model, l.region, l.tier, l.side].join('|')), `${l.model} ${l.region} ${l.tier} ${l.side}`).toBe(false);
      expect(l.why.length).toBeGreaterThan(0);
    }
    // The examples the README names: Titan Text Embeddings v2's ap-northeast-1 batch (0.0121 for 0.029: neither half nor half
    // rounded to the cent), Claude 3.5 Sonnet v2's pre-extended-access 3 / 15 in ap-northeast-1, Nova Micro's $0 cache write in us-east-1.
    const find = (model: string, region: string, tier: string, side: string) => page.leftOut.find((l) => l.model === model && l.region === region && l.tier === tier && l.side === side);
    expect(find('amazon.titan-embed-text-v2:0', 'ap-northeast-1', 'batch', 'input')).toMatchObject({ usd: '0.0121', reason: 'not-clearly-its-row' });
    // A cent-rounded tier figure is a row now, not left out: the extract rounds only at the sixth decimal.
    expect(page.leftOut.filter((l) => l.reason === 'rounded-tier')).toEqual([]);
    expect(find('anthropic.claude-3-5-sonnet-20241022-v2:0', 'ap-northeast-1', 'standard', 'input')).toMatchObject({ usd: '3', reason: 'lifecycle' });
    expect(find('amazon.nova-micro-v1:0', 'us-east-1', 'cacheWrite', 'input')).toMatchObject({ usd: '0', reason: 'zero-price' });
  });
});

describe('Mistral Large 24.02 in eu-west-3 and us-west-2: the extract against LiteLLM, settled by the us-east-1 Price List', () => {
  // The extract: byModel["mistral.mistral-large-2402-v1:0"]["eu-west-3"] standard 5.2 / 15.6, ["us-west-2"] 4 / 12, ["us-east-1"] 4 / 12.
  // LiteLLM @ 77b8722: bedrock/eu-west-3/… 1.04e-05 / 3.12e-05, bedrock/us-west-2/… and bedrock/us-east-1/… 8e-06 / 2.4e-05 per token.
  // pydantic/genai-prices (the us-east-1 Price List rows): USE1-MistralLarge-input-tokens $0.004, -output-tokens $0.012 per 1K.
  const t = (region: string) => catalog.prices('mistral.mistral-large-2402-v1:0', region, 'in-region')!.perThousandTokens;

  it('us-east-1 reads $4 / $12 per 1M from the Price List rows, as the extract does there, so the extract is taken in eu-west-3 and us-west-2', () => {
    expect([t('us-east-1').input?.usd.times(1000).toFixed(), t('us-east-1').output?.usd.times(1000).toFixed()]).toEqual(['4', '12']);
    expect([t('us-west-2').input?.usd.times(1000).toFixed(), t('us-west-2').output?.usd.times(1000).toFixed()]).toEqual(['4', '12']);
    expect([t('eu-west-3').input?.usd.times(1000).toFixed(), t('eu-west-3').output?.usd.times(1000).toFixed()]).toEqual(['5.2', '15.6']);
    expect(t('us-west-2').input?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    expect(t('eu-west-3').output?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
  });
});

describe('Claude Fable 5.1: priced from the offer-file extract, by the ID it keys the model with', () => {
  // byModel["anthropic.claude-fable-5-1"]["us-east-1"]: standard 11 / 55, global 10 / 50, cacheRead 0.275, cacheWrite 13.75;
  // ["eu-west-1"]: global 10 / 50 only.
  const per1M = (region: string, scope: 'in-region' | 'global', dimension: TokenDimension) =>
    catalog.prices('anthropic.claude-fable-5-1', region, scope)?.perThousandTokens[dimension]?.usd.times(1000).toFixed();

  it('us-east-1 in-Region, global and cache as the extract writes them; eu-west-1 global only', () => {
    expect(['input', 'output', 'cacheRead', 'cacheWrite5m'].map((d) => per1M('us-east-1', 'in-region', d as TokenDimension))).toEqual(['11', '55', '0.275', '13.75']);
    // Its global cache read, unpriced by the extract, is its agreement-offer rate card's (whchoi98/model-monitoring @ b03234d): 0.25.
    expect([per1M('us-east-1', 'global', 'input'), per1M('us-east-1', 'global', 'output'), per1M('us-east-1', 'global', 'cacheRead')]).toEqual(['10', '50', '0.25']);
    expect([per1M('eu-west-1', 'global', 'input'), per1M('eu-west-1', 'in-region', 'input')]).toEqual(['10', undefined]);
    expect(catalog.model('anthropic.claude-fable-5-1')?.name).toBe('Claude Fable 5.1');
    // Not Claude Fable 5 ($11 / $55 too, but cache read $1.10): the two IDs stay two models.
    expect(catalog.prices('anthropic.claude-fable-5-v1:0', 'us-east-1', 'in-region')?.perThousandTokens.cacheRead?.usd.times(1000).toFixed()).toBe('1.1');
  });
});

describe('tier figures the offer files round to the cent, taken as the extract writes them (koyakimu data/prices.json @ 1e0cc47)', () => {
  // The extract's script (scripts/lib/prices.mjs at that commit) converts each offer-file price to US$ per 1M with
  // roundPrice = Number(value.toFixed(6)): it rounds at the sixth decimal only. So a batch 0.35 beside a Flex 0.355
  // for the same model and Region (gpt-oss-120b, ap-south-1) is two offer-file figures, not the script's rounding.
  // Figures typed from the file at that commit, US$ per 1M:
  //   byModel["openai.gpt-oss-120b-1:0"]["ap-south-1"]: standard 0.18 / 0.71, batch 0.09 / 0.35, flex 0.09 / 0.355, priority 0.315 / 1.2425
  //   byModel["moonshot.kimi-k2-thinking"]["us-east-1"]: standard 0.6 / 2.5, priority 1.05 / 4.38
  //   byModel["mistral.voxtral-small-24b-2507"]["us-east-1"]: standard 0.1 / 0.3, priority 0.17 / 0.52
  //   byModel["nvidia.nemotron-nano-3-30b"]["ap-northeast-1"]: standard 0.07 / 0.29, batch 0.03 / 0.15
  //   byModel["moonshotai.kimi-k2.5"]["ap-southeast-2"]: standard 0.62 / 3.09, batch 0.31 / 1.545, priority 1.085 / 5.4075
  //   byModel["qwen.qwen3-next-80b-a3b"]["us-east-1"]: flex 0.07 / 0.6, priority 0.26 / 2.1 (no standard in the file)
  //   byModel["twelvelabs.pegasus-1-2-v1:0"]["eu-west-1"]: standard output 7.5 (its input is per second of video)
  //   byModel["amazon.nova-2-lite-v1:0"]["ap-northeast-1"]: standard 0.396 / 3.311, batch 0.198 / 1.6555; ["us-east-2"] batch 0.1595 / 1.342
  const t = (model: string, region: string) => catalog.prices(model, region, 'in-region')?.perThousandTokens;
  const m = (p: { usd: { times(n: number): { toFixed(): string } } } | undefined) => p?.usd.times(1000).toFixed();
  const source = 'pl-offers-all-regions-2026-09-17-quick-reference';

  it('gpt-oss-120b in ap-south-1: batch output 0.35 beside Flex output 0.355', () => {
    const oss = t('openai.gpt-oss-120b-1:0', 'ap-south-1')!;
    expect([m(oss.batchInput), m(oss.batchOutput), m(oss.flexInput), m(oss.flexOutput), m(oss.priorityInput), m(oss.priorityOutput)])
      .toEqual(['0.09', '0.35', '0.09', '0.355', '0.315', '1.2425']);
    expect(oss.batchOutput?.source.id).toBe(source);
    expect(oss.batchOutput?.source.reliability).toBe('3P');
    expect(oss.batchOutput?.derivedFrom).toBeUndefined();
  });

  it('Priority rounded to the cent in us-east-1 (Kimi K2 Thinking, Voxtral Small) and batch in Tokyo (Nemotron 3 Nano)', () => {
    expect([m(t('moonshot.kimi-k2-thinking', 'us-east-1')!.priorityInput), m(t('moonshot.kimi-k2-thinking', 'us-east-1')!.priorityOutput)]).toEqual(['1.05', '4.38']);
    expect([m(t('mistral.voxtral-small-24b-2507', 'us-east-1')!.priorityInput), m(t('mistral.voxtral-small-24b-2507', 'us-east-1')!.priorityOutput)]).toEqual(['0.17', '0.52']);
    const nano = t('nvidia.nemotron-nano-3-30b:0', 'ap-northeast-1')!;
    expect([m(nano.input), m(nano.output), m(nano.batchInput), m(nano.batchOutput)]).toEqual(['0.07', '0.29', '0.03', '0.15']);
  });

  it('ap-southeast-2 figures of the models no other source prices there (Kimi K2.5), every tier', () => {
    const kimi = t('moonshotai.kimi-k2.5', 'ap-southeast-2')!;
    expect([m(kimi.input), m(kimi.output), m(kimi.batchInput), m(kimi.batchOutput), m(kimi.priorityInput), m(kimi.priorityOutput)])
      .toEqual(['0.62', '3.09', '0.31', '1.545', '1.085', '5.4075']);
    // MiniMax M2.5: both offer-file extracts give 0.31 / 1.24 (this one and aToy0m0/bedrock-pricing docs/data.json @ 42777bf,
    // rows[m="MiniMax M2.5", r="ap-southeast-2"], batch 0.155 / 0.62), against LiteLLM's 0.309 / 1.236: the offer files win.
    const m25 = t('minimax.minimax-m2.5', 'ap-southeast-2')!;
    expect([m(m25.input), m(m25.output), m(m25.batchInput), m(m25.batchOutput)]).toEqual(['0.31', '1.24', '0.155', '0.62']);
    expect(m25.input?.source.id).toBe('pl-offers-all-regions-2026-08-20-atoy0m0');
    // Its Flex and Priority figures (the first extract's only) stay out with the dispute they were left out for.
    expect(m25.flexInput).toBeUndefined();
  });

  it('Qwen3 Next 80B Flex and Priority in us-east-1, with no in-Region rate in the file; Pegasus output in eu-west-1', () => {
    const next = t('qwen.qwen3-next-80b-a3b', 'us-east-1')!;
    expect([m(next.flexInput), m(next.flexOutput), m(next.priorityInput), m(next.priorityOutput)]).toEqual(['0.07', '0.6', '0.26', '2.1']);
    expect(next.flexInput?.source.id).toBe(source);
    const pegasus = t('twelvelabs.pegasus-1-2-v1:0', 'eu-west-1')!;
    expect(m(pegasus.output)).toBe('7.5');
    // Its input is billed per second of video, which this version of the file does not carry (never $0 per token):
    // the newer version of the same extract (data/prices.json @ 5dc0978) reads $0.00049 per second from the offer file.
    expect(pegasus.input).toBeUndefined();
    const perSecond = catalog.prices('twelvelabs.pegasus-1-2-v1:0', 'eu-west-1', 'in-region')?.perInputVideoSecond;
    expect(perSecond?.usd.toString()).toBe('0.00049');
    expect(perSecond?.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference-5dc0978');
  });

  it('Nova 2 Lite batch where it is exactly half (Tokyo), not where it is neither half nor half rounded (us-east-2)', () => {
    const tokyo = t('amazon.nova-2-lite-v1:0', 'ap-northeast-1')!;
    expect([m(tokyo.batchInput), m(tokyo.batchOutput)]).toEqual(['0.198', '1.6555']);
    expect(t('amazon.nova-2-lite-v1:0', 'us-east-2')!.batchInput).toBeUndefined();
  });

  it('every tier figure the page carries is its in-Region figure x 0.5 (batch, Flex) or 1.75 (Priority): exact, rounded to the cent, or to the sixth decimal', () => {
    const page = JSON.parse(readFileSync(new URL('../../src/catalog/data/price-list/bedrock-all-regions-offers-2026-09-17-quick-reference.json', import.meta.url), 'utf8')) as { PriceList: string[] };
    const figures = new Map<string, number>();
    for (const s of page.PriceList) {
      const [, model, region, tier, side, usd] = /byModel\[\\?"(.+?)\\?"\]\[\\?"(.+?)\\?"\]\.(\w+)\.(\w+) = ([\d.]+)/.exec(s)!;
      figures.set([model, region, tier, side].join('|'), Number(usd));
    }
    const ratio: Record<string, number> = { batch: 0.5, flex: 0.5, priority: 1.75 };
    let checked = 0;
    for (const [key, usd] of figures) {
      const [model, region, tier, side] = key.split('|');
      const base = figures.get([model, region, 'standard', side].join('|'));
      if (!(tier! in ratio) || base === undefined) continue;
      const exact = base * ratio[tier!]!;
      // Micro-dollars per 1M, as integers: a cent is 10,000; a half-cent tie may round either way.
      const got = Math.round(usd * 1e6);
      const want = Math.round(exact * 1e6);
      const toCent = got % 10_000 === 0 && Math.abs(got - want) <= 5_000;
      expect(Math.abs(got - want) <= 1 || toCent, `${key}: ${usd} for ${exact}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
  });
});

describe('the second offer-file extract (aToy0m0/bedrock-pricing docs/data.json @ 42777bf, publication 2026-08-20)', () => {
  const perMillion = (model: string, region: string, scope: 'in-region' | 'global', dimension: TokenDimension) =>
    catalog.prices(model, region, scope)?.perThousandTokens[dimension]?.usd.times(1000).toFixed();

  it('Nova 2 Sonic in ap-northeast-1 and eu-north-1 at its text rates (the transform drops speech rows; both extracts agree), its speech unpriced', () => {
    // rows[m="Nova Sonic 2.0", r="ap-northeast-1"] i 0.39599999999999996, o 3.311; r="eu-north-1" i 0.363, o 2.992.
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'ap-northeast-1', 'in-region', 'input')).toBe('0.396');
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'ap-northeast-1', 'in-region', 'output')).toBe('3.311');
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'eu-north-1', 'in-region', 'input')).toBe('0.363');
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'ap-northeast-1', 'in-region', 'speechInput')).toBeUndefined();
  });

  it('a Region new to the catalog: Claude Sonnet 4.5 global in me-central-1, as written there', () => {
    // rows[m="Claude Sonnet 4.5 (クロスリージョン)", r="me-central-1"] i 3, o 15.
    expect(perMillion('anthropic.claude-sonnet-4-5-20250929-v1:0', 'me-central-1', 'global', 'input')).toBe('3');
    expect(perMillion('anthropic.claude-sonnet-4-5-20250929-v1:0', 'me-central-1', 'global', 'output')).toBe('15');
    expect(catalog.prices('anthropic.claude-sonnet-4-5-20250929-v1:0', 'me-central-1', 'global')?.perThousandTokens.input?.source.id).toBe('pl-offers-all-regions-2026-08-20-atoy0m0');
  });

  it('leaves out what it cannot place: Nova 2 Lite (custom-model rows), also in a Region new to the catalog', () => {
    expect(catalog.prices('amazon.nova-2-lite-v1:0', 'eu-south-2', 'in-region')).toBeUndefined();
    // rows[m="Amazon Nova 2.0 Lite (クロスリージョン)", r="ap-southeast-7"] i 0.41, o 3.39: not clearly its row.
    expect(catalog.prices('amazon.nova-2-lite-v1:0', 'ap-southeast-7', 'global')).toBeUndefined();
  });

  it('the five Regions whose billing codes come from AWS\'s Region billing codes page (APE2, APS7, APS8, APS9, MXC1), as written there', () => {
    const source = 'pl-offers-all-regions-2026-08-20-atoy0m0';
    const sonnet45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    // rows[m="Anthropic Claude Sonnet 4.5 (クロスリージョン)", r="ap-southeast-7"] i 3, o 15.
    expect([perMillion(sonnet45, 'ap-southeast-7', 'global', 'input'), perMillion(sonnet45, 'ap-southeast-7', 'global', 'output')]).toEqual(['3', '15']);
    expect(catalog.prices(sonnet45, 'ap-southeast-7', 'global')?.perThousandTokens.input?.source.id).toBe(source);
    // rows[m="Anthropic Claude Haiku 4.5 (クロスリージョン)", r="mx-central-1"] i 1, o 5.
    expect(perMillion('anthropic.claude-haiku-4-5-20251001-v1:0', 'mx-central-1', 'global', 'output')).toBe('5');
    // rows[m="Anthropic Claude Sonnet 4.6", r="ap-southeast-6"] i 3.3, o 16.5; " (バッチ)" i 1.65, o 8.25 (exactly half).
    expect(perMillion('anthropic.claude-sonnet-4-6-v1:0', 'ap-southeast-6', 'in-region', 'input')).toBe('3.3');
    expect(perMillion('anthropic.claude-sonnet-4-6-v1:0', 'ap-southeast-6', 'in-region', 'batchOutput')).toBe('8.25');
    // rows[m="Anthropic Claude Sonnet 4", r="ap-east-2"] i 3, o 15.
    expect(perMillion('anthropic.claude-sonnet-4-20250514-v1:0', 'ap-east-2', 'in-region', 'input')).toBe('3');
    // rows[m="Anthropic Claude Opus 4.6 (クロスリージョン)", r="ap-southeast-5"] i 5, o 25.
    expect(perMillion('anthropic.claude-opus-4-6-v1:0', 'ap-southeast-5', 'global', 'output')).toBe('25');
  });

  it('LiteLLM\'s eu. Claude Opus 4.5 (5 / 25, the global rate) is placed on no EU Region: the extracts read 5.5 / 27.5 in-Region in six of them', () => {
    const opus45 = 'anthropic.claude-opus-4-5-20251101-v1:0';
    // rows[m="Claude Opus 4.5", r="eu-west-1"] i 5.5, o 27.5; no in-Region row for eu-west-2, whose in-Region price stays unknown.
    expect(perMillion(opus45, 'eu-west-1', 'in-region', 'input')).toBe('5.5');
    expect(catalog.prices(opus45, 'eu-west-2', 'in-region')).toBeUndefined();
    // rows[m="Claude Opus 4.5 (クロスリージョン)", r="eu-west-2"] i 5, o 25: its global rate is read.
    expect(perMillion(opus45, 'eu-west-2', 'global', 'input')).toBe('5');
  });

  it('Nova 2 Sonic in us-west-2 at the text rates both extracts read there (0.319 / 2.651), not the us-west-2 parity copy of us-east-1 (0.33 / 2.75)', () => {
    // rows[m="Amazon Nova Sonic 2.0", r="us-west-2"] i 0.319, o 2.6510000000000002; the 2026-09-17 extract: 0.319 / 2.651.
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'us-west-2', 'in-region', 'input')).toBe('0.319');
    expect(perMillion('amazon.nova-2-sonic-v1:0', 'us-west-2', 'in-region', 'output')).toBe('2.651');
    expect(catalog.prices('amazon.nova-2-sonic-v1:0', 'us-west-2', 'in-region')?.perThousandTokens.input?.source.id).toBe('pl-offers-all-regions-2026-08-20-atoy0m0');
  });
});
