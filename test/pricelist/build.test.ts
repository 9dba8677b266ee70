import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { CatalogFile, CatalogSource } from '../../src/catalog/schema.js';
import { buildCatalog, type BuildInput } from '../../src/pricelist/build.js';
import { BUNDLED_CATALOG_FILE, buildBundledCatalog, catalogText, RECORDED_DIR, unexpectedProblems } from '../../src/pricelist/bundled.js';
import { describeChanges, diffCatalogs } from '../../src/pricelist/diff.js';
import { parseRecordedPage } from '../../src/pricelist/recorded.js';

const SOURCE: CatalogSource = { title: 'test rows', url: 'https://example.test', readOn: '2026-11-01', reliability: 'PL' };

/** A product in the real GetProducts shape: a JSON string with terms.OnDemand.*.priceDimensions.*. */
function row(attrs: Record<string, string>, unit: string, price: string, sku = 'ABCDEFGH12345678', publicationDate?: string): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: attrs, sku },
    serviceCode: attrs.servicecode,
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit, pricePerUnit: { USD: price }, description: 'x' } } } } },
    ...(publicationDate ? { publicationDate } : {}),
  });
}
const fm = (servicename: string, usagetype: string, regionCode = 'us-west-2') => ({ servicecode: 'AmazonBedrockFoundationModels', servicename: `${servicename} (Amazon Bedrock Edition)`, usagetype, regionCode });
const ab = (model: string, usagetype: string, regionCode = 'us-east-1') => ({ servicecode: 'AmazonBedrock', servicename: 'Amazon Bedrock', model, usagetype, regionCode });

function build(priceList: string[], serviceCode = 'AmazonBedrock', extra: Partial<BuildInput> = {}) {
  return buildCatalog({ pages: [{ serviceCode, priceList, sourceId: 'test' }], sources: { test: SOURCE }, generated: { by: 'test', at: '2026-11-24', from: ['test'] }, today: '2026-11-24', ...extra });
}

function recorded(file: string) {
  return parseRecordedPage(JSON.parse(readFileSync(`${RECORDED_DIR}${file}`, 'utf8')), file);
}

describe('buildCatalog on the real us-west-2 FoundationModels rows (the public offer file rows)', () => {
  const page = recorded('foundation-models-us-west-2-offer-2026-09-30.json');
  const { id, ...source } = page.source;
  const result = buildCatalog({ pages: [page.page], sources: { [id]: source }, generated: { by: 'test', at: 'x', from: [] }, today: '2026-11-24' });
  const catalog = PriceCatalog.fromDocument(result.document, 'built');
  const haiku = 'anthropic.claude-haiku-4-5-20251001-v1:0';

  it('reads every row without a problem, dated by the newest publicationDate', () => {
    expect(result.problems).toEqual([]);
    expect(result.pricesRead).toBe(31);
    expect(result.document.asOf).toBe('2026-09-30');
  });

  it('converts FoundationModels "Units" (per 1M) to per 1K exactly, regional and global apart', () => {
    // Haiku 4.5: $1.1 / $1.0 per 1M input -> 0.0011 / 0.001 per 1K; 1h cache write $2.2 / $2.0 -> 0.0022 / 0.002.
    const regional = catalog.prices(haiku, 'us-west-2', 'in-region')!.perThousandTokens;
    const global = catalog.prices(haiku, 'us-west-2', 'global')!.perThousandTokens;
    expect(regional.input!.usd.toFixed()).toBe('0.0011');
    expect(global.input!.usd.toFixed()).toBe('0.001');
    expect(regional.output!.usd.toFixed()).toBe('0.0055');
    expect(regional.cacheWrite5m!.usd.toFixed()).toBe('0.001375');
    expect(regional.cacheWrite1h!.usd.toFixed()).toBe('0.0022');
    expect(global.cacheWrite1h!.usd.toFixed()).toBe('0.002');
    expect(global.cacheRead!.usd.toFixed()).toBe('0.0001');
  });

  it('classifies snake_case, PT, batch, 30-minute and long-context rows', () => {
    const sonnet55 = catalog.prices('anthropic.claude-sonnet-5-5', 'us-west-2', 'in-region')!.perThousandTokens;
    expect(sonnet55.cacheWrite1h!.usd.toFixed()).toBe('0.0044'); // $4.4 per 1M
    expect(catalog.prices('anthropic.claude-opus-5-5', 'us-west-2', 'global')!.perThousandTokens.output!.usd.toFixed()).toBe('0.02'); // $20 per 1M
    expect(catalog.prices('anthropic.claude-opus-4-1-20250805-v1:0', 'us-west-2', 'in-region')!.perThousandTokens.batchInput!.usd.toFixed()).toBe('0.0075');
    // PT rows state "hour": $158.40 per model-unit hour, not divided.
    expect(catalog.prices('anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-west-2', 'in-region')!.perModelUnitHour.oneMonth!.usd.toFixed()).toBe('158.4');
    const astra = catalog.prices('openai.gpt-6-astra', 'us-west-2', 'in-region')!.perThousandTokens;
    expect(astra.cacheWrite30m!.usd.toFixed()).toBe('0.01375');
    expect(astra.longContextInput!.usd.toFixed()).toBe('0.022');
    expect(catalog.prices('openai.gpt-6-astra', 'us-west-2', 'global')!.perThousandTokens.longContextInput!.usd.toFixed()).toBe('0.02');
  });

  it('cites the row: source, usagetype, and no SKU for a transcribed placeholder', () => {
    const input = result.document.prices.find((r) => r.model === haiku && r.scope === 'global')!.perThousandTokens!.input;
    expect(input).toEqual({ usd: '0.001', source: 'pl-offer-fm-us-west-2', usagetype: 'USW2-MP:USW2_InputTokenCount_Global-Units' });
  });
});

describe('buildCatalog reports every row it cannot use, by name', () => {
  it('a row naming no model, an unknown usagetype word, a $0 row, an unknown unit and a Region mismatch', () => {
    const { problems, document } = build([
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.0000350000', 'REALSKU1'),
      row({ servicecode: 'AmazonBedrockFoundationModels', usagetype: 'USE1-MP:USE1_InputTokenCount-Units', regionCode: 'us-east-1' }, 'Units', '1'),
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens-latency-optimized'), '1K tokens', '0.001'),
      row(ab('Nova Micro', 'USE1-NovaMicro-output-tokens'), '1K tokens', '0.0000000000'),
      row(ab('Nova Micro', 'USE1-NovaMicro-cache-read-input-token-count'), 'Requests', '0.001'),
      row(ab('Nova Micro', 'USW2-NovaMicro-input-tokens-batch', 'us-east-1'), '1K tokens', '0.001'),
      'not json',
    ]);
    expect(problems.map((p) => [p.kind, p.name, p.usagetype])).toEqual([
      ['unmapped-model', undefined, 'USE1-MP:USE1_InputTokenCount-Units'],
      ['unclassified-usagetype', 'Nova Micro', 'USE1-NovaMicro-input-tokens-latency-optimized'],
      ['zero-price', 'Nova Micro', 'USE1-NovaMicro-output-tokens'],
      ['unknown-unit', 'Nova Micro', 'USE1-NovaMicro-cache-read-input-token-count'],
      ['region', 'Nova Micro', 'USW2-NovaMicro-input-tokens-batch'],
      ['malformed', undefined, undefined],
    ]);
    // Only the good row is priced; the real SKU is kept, trailing zeros dropped; the $0 row is absent, not zero.
    expect(document.prices).toEqual([
      { model: 'amazon.nova-micro-v1:0', region: 'us-east-1', scope: 'in-region', source: 'test', perThousandTokens: { input: { usd: '0.000035', source: 'test', usagetype: 'USE1-NovaMicro-input-tokens', sku: 'REALSKU1' } } },
    ]);
  });

  it('a model no table knows is priced under the name its row gives, not rejected', () => {
    const { problems, document } = build([row(ab('Nova Mega', 'USE1-NovaMega-input-tokens'), '1K tokens', '0.001')]);
    expect(problems).toEqual([]);
    expect(document.models.find((m) => m.modelId === 'nova-mega')).toEqual({ modelId: 'nova-mega', name: 'Nova Mega', provider: 'not stated in the Price List row', modality: 'text', identity: 'price-list-name' });
    expect(document.prices).toEqual([
      { model: 'nova-mega', region: 'us-east-1', scope: 'in-region', source: 'test', perThousandTokens: { input: { usd: '0.001', source: 'test', usagetype: 'USE1-NovaMega-input-tokens', sku: 'ABCDEFGH12345678' } } },
    ]);
  });

  it('puts Reserved tier `_Geo` rows on the in-Region row, so geo look-ups keep their token prices', () => {
    const haiku = (usagetype: string) => fm('Claude Haiku 4.5', usagetype, 'us-east-1');
    const { document, problems } = build([
      row(haiku('USE1-MP:USE1_InputTokenCount-Units'), 'Units', '1.1'),
      row(haiku('USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units'), '1K TPM-Month', '55'),
      row(haiku('USE1-MP:USE1_Reserved_3Month_OutputTPM_Geo-Units'), '1K TPM-Month', '250'),
    ], 'AmazonBedrockFoundationModels');
    expect(problems).toEqual([]);
    expect(document.prices.map((r) => r.scope)).toEqual(['in-region']);
    const catalog = PriceCatalog.fromDocument(document, 'built');
    const geo = catalog.prices('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-east-1', 'geo')!;
    expect(geo.perThousandTokens.input!.usd.toFixed()).toBe('0.0011');
    expect(document.prices[0]!.reservedPerThousandTpmMonth).toEqual({
      oneMonth: { input: { usd: '55', source: 'test', usagetype: 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', sku: 'ABCDEFGH12345678' } },
      threeMonth: { output: { usd: '250', source: 'test', usagetype: 'USE1-MP:USE1_Reserved_3Month_OutputTPM_Geo-Units', sku: 'ABCDEFGH12345678' } },
    });
  });

  it.each([
    ['1K TPM-Month', '55', '55'],
    ['1K TPM per month', '55', '55'],
    // per TPM-month: x1000 to the catalog's 1K TPM; per 1M TPM-month: /1000
    ['TPM-Month', '0.055', '55'],
    ['1M TPM-Month', '55000', '55'],
  ])('reads a Reserved row stated in %s as per 1K TPM per month', (unit, price, expected) => {
    const { document, problems } = build([row(fm('Claude Haiku 4.5', 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', 'us-east-1'), unit, price)], 'AmazonBedrockFoundationModels');
    expect(problems).toEqual([]);
    expect(document.prices[0]!.reservedPerThousandTpmMonth!.oneMonth!.input).toMatchObject({ usd: expected });
  });

  // AWS's rows: `Units` and the mislabelled `1M TPM Hour` on FoundationModels rows (descriptions: "Per Hour per 1K
  // Input TPM"), `1KTPMHour` on AmazonBedrock rows. Haiku 4.5 us-west-2 geo 1 month: $0.066 = 60,000 x $1.10 / 1M.
  it.each(['1M TPM Hour', '1K TPM-Hour', '1KTPMHour', 'Units'])('reads a Reserved row stated in %s as per 1K TPM per hour, never per month', (unit) => {
    const { document, problems } = build([row(fm('Claude Haiku 4.5', 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', 'us-east-1'), unit, '0.066')], 'AmazonBedrockFoundationModels');
    expect(problems).toEqual([]);
    expect(document.prices[0]!.reservedPerThousandTpmHour!.oneMonth!.input).toMatchObject({ usd: '0.066' });
    expect(document.prices[0]!.reservedPerThousandTpmMonth).toBeUndefined();
    // The catalog's month of it: 730 hours x $0.066 = $48.18 per 1K TPM.
    const month = PriceCatalog.fromDocument(document, 'built').prices('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-east-1', 'geo')!.reservedPerThousandTpmMonth.oneMonth!.input!;
    expect(month.usd.toFixed()).toBe('48.18');
  });

  it('keeps the first of two different prices for one slot and reports the conflict', () => {
    const { problems, document } = build([
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.000035'),
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1M tokens', '0.035'), // same price: no problem
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.00004'),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toMatch(/0\.000035 .* but 0\.00004/);
    expect(document.prices[0]!.perThousandTokens!.input).toMatchObject({ usd: '0.000035' });
  });

  it('reads Regions only where asked, and fills a Region with no rows only by a derived parity rule', () => {
    const rows = [row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.000035'), row(ab('Nova Lite', 'USW2-NovaLite-input-tokens', 'us-west-2'), '1K tokens', '0.00006')];
    expect(build(rows, 'AmazonBedrock', { regions: ['us-west-2'] }).document.prices.map((r) => r.model)).toEqual(['amazon.nova-lite-v1:0']);
    const derived = build(rows, 'AmazonBedrock', { regionParity: [{ region: 'us-west-2', from: 'us-east-1', sourceId: 'us-west-2-parity' }] }).document;
    const west = derived.prices.find((r) => r.model === 'amazon.nova-micro-v1:0' && r.region === 'us-west-2')!;
    expect(west.perThousandTokens!.input).toEqual({ usd: '0.000035', source: 'us-west-2-parity', derivedFrom: 'us-east-1 USE1-NovaMicro-input-tokens (source test)' });
    expect(derived.sources['us-west-2-parity']!.reliability).toBe('derived');
    // Nova Lite had a us-west-2 row of its own and no us-east-1 row: nothing is copied either way.
    expect(derived.prices.filter((r) => r.model === 'amazon.nova-lite-v1:0').map((r) => r.region)).toEqual(['us-west-2']);
  });

  it('derives only the models the rule says AWS offers in the Region, when it names them', () => {
    const rows = [row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.000035'), row(ab('Nova Lite', 'USE1-NovaLite-input-tokens'), '1K tokens', '0.00006')];
    const offeredIn = (modelId: string) => modelId === 'amazon.nova-micro-v1:0';
    const { document } = build(rows, 'AmazonBedrock', { regionParity: [{ region: 'us-west-2', from: 'us-east-1', sourceId: 'us-west-2-parity', offeredIn }] });
    // Nova Lite is not offered there: no us-west-2 row, so a us-west-2 Nova Lite look-up is unpriced, not $0.00006.
    expect(document.prices.filter((r) => r.region === 'us-west-2').map((r) => r.model)).toEqual(['amazon.nova-micro-v1:0']);
  });

  it('derives per scope: a us-west-2 in-Region row read keeps the global row derived, and is never overlaid', () => {
    const { document } = build([
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens'), '1K tokens', '0.000035'),
      row(ab('Nova Micro', 'USE1-NovaMicro-output-tokens'), '1K tokens', '0.00014'),
      row(ab('Nova Micro', 'USE1-NovaMicro-input-tokens-cross-region-global'), '1K tokens', '0.00003'),
      row(ab('Nova Micro', 'USW2-NovaMicro-input-tokens', 'us-west-2'), '1K tokens', '0.000036'),
    ], 'AmazonBedrock', { regionParity: [{ region: 'us-west-2', from: 'us-east-1', sourceId: 'us-west-2-parity' }] });
    const west = document.prices.filter((r) => r.region === 'us-west-2').map((r) => [r.scope, r.source, r.perThousandTokens]);
    expect(west).toEqual([
      ['global', 'us-west-2-parity', { input: { usd: '0.00003', source: 'us-west-2-parity', derivedFrom: 'us-east-1 USE1-NovaMicro-input-tokens-cross-region-global (source test)' } }],
      // Read: only its own input; the us-east-1 output is not copied onto it (stays unpriced).
      ['in-region', 'test', { input: { usd: '0.000036', source: 'test', usagetype: 'USW2-NovaMicro-input-tokens', sku: 'ABCDEFGH12345678' } }],
    ]);
  });
});

describe('the bundled catalog', () => {
  it('is exactly what `npm run catalog:build` makes from the recorded pages, with no problem', () => {
    const fresh = buildBundledCatalog();
    expect(unexpectedProblems(fresh.problems)).toEqual([]);
    expect(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')).toBe(catalogText(fresh));
  });

  it('covers both service codes, both FoundationModels naming styles and several Regions', () => {
    const doc = buildBundledCatalog().document;
    const usagetypes = doc.prices.flatMap((r) => Object.values(r.perThousandTokens ?? {})).map((p) => (typeof p === 'string' ? '' : (p.usagetype ?? '')));
    expect(usagetypes.some((u) => /^USE1-NovaMicro-input-tokens$/.test(u))).toBe(true);
    expect(usagetypes.some((u) => /_InputTokenCount_Global-Units$/.test(u))).toBe(true);
    expect(usagetypes.some((u) => /_input_tokens_global_standard-Units$/.test(u))).toBe(true);
    // The commercial Regions a public copy prices (LiteLLM's Region entries, its geo profiles by geography).
    const regions = new Set(doc.prices.map((r) => r.region));
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'eu-central-1', 'eu-west-1', 'eu-west-3', 'ap-northeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1', 'sa-east-1']) {
      expect(regions.has(region), region).toBe(true);
    }
    // 90 models priced in us-east-1 (issue 6 coverage goal: about 100 with public prices; the rest have no source yet).
    expect(new Set(doc.prices.filter((r) => r.region === 'us-east-1').map((r) => r.model)).size).toBeGreaterThanOrEqual(90);
  });
});

describe('lifecycle in the bundled catalog (the AWS model lifecycle page)', () => {
  const models = new Map(buildBundledCatalog().document.models.map((m) => [m.modelId, m]));
  it('derives each status from the dates at the catalog date (2026-09-30), and names a priced successor', () => {
    expect(models.get('anthropic.claude-3-5-sonnet-20241022-v2:0')?.lifecycle).toEqual({
      status: 'extended-access', extendedAccessFrom: '2025-12-01', extendedAccessRates: true, successor: 'anthropic.claude-sonnet-4-6-v1:0', source: 'aws-model-lifecycle',
    });
    expect(models.get('anthropic.claude-3-7-sonnet-20250219-v1:0')?.lifecycle?.status).toBe('end-of-life'); // 2026-04-28
    expect(models.get('anthropic.claude-3-haiku-20240307-v1:0')?.lifecycle?.status).toBe('end-of-life'); // 2026-09-10
    // In public extended access from 2026-07-14 (ends 2026-10-14), at rates no source gives: no extendedAccessRates.
    expect(models.get('anthropic.claude-sonnet-4-20250514-v1:0')?.lifecycle).toEqual({
      status: 'extended-access', legacyFrom: '2026-04-14', extendedAccessFrom: '2026-07-14', endOfLife: '2026-10-14',
      successor: 'anthropic.claude-sonnet-4-6-v1:0', source: 'aws-model-lifecycle',
    });
    // Legacy from 2026-07-08; extended access only from 2026-10-08, after the catalog date.
    expect(models.get('anthropic.claude-opus-4-1-20250805-v1:0')?.lifecycle?.status).toBe('legacy');
    expect(models.get('anthropic.claude-sonnet-4-6-v1:0')?.lifecycle).toBeUndefined();
    const doc = buildBundledCatalog().document;
    for (const m of models.values()) {
      const successor = m.lifecycle?.successor;
      if (successor) expect(doc.prices.some((r) => r.model === successor && r.region === 'us-east-1'), `${m.modelId} -> ${successor}`).toBe(true);
    }
  });
});

describe('diffCatalogs', () => {
  const base: CatalogFile = buildBundledCatalog().document;
  it('names added, removed and changed prices with old and new values', () => {
    const after = structuredClone(base);
    const micro = after.prices.find((r) => r.model === 'amazon.nova-micro-v1:0' && r.region === 'us-east-1')!;
    micro.perThousandTokens = { ...micro.perThousandTokens, input: { usd: '0.00004', source: 'seed-article' }, flexInput: '0.00002' };
    delete micro.perThousandTokens.batchOutput;
    after.prices = after.prices.filter((r) => !(r.model === 'amazon.nova-pro-v1:0' && r.region === 'eu-central-1'));
    const changes = diffCatalogs(base, after);
    expect(describeChanges(changes)).toEqual([
      'removed  amazon.nova-micro-v1:0 us-east-1 in-region perThousandTokens.batchOutput 0.00007',
      'added    amazon.nova-micro-v1:0 us-east-1 in-region perThousandTokens.flexInput 0.00002',
      'changed  amazon.nova-micro-v1:0 us-east-1 in-region perThousandTokens.input 0.000035 -> 0.00004',
      // Nova Pro in eu-central-1 (the all-Regions offer-file extract, US$ per 1M: batch 0.525 / 2.1, cache read 0.2625,
      // flex 0.525 / 2.1, standard 1.05 / 4.2, priority 1.8375 / 7.35), each slot removed by name.
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.batchInput 0.000525',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.batchOutput 0.0021',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.cacheRead 0.0002625',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.flexInput 0.000525',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.flexOutput 0.0021',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.input 0.00105',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.output 0.0042',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.priorityInput 0.0018375',
      'removed  amazon.nova-pro-v1:0 eu-central-1 in-region perThousandTokens.priorityOutput 0.00735',
    ]);
  });

  it('sees no change between a catalog and itself, even when amounts are written differently', () => {
    const same = structuredClone(base);
    same.prices[0]!.perThousandTokens = Object.fromEntries(Object.entries(same.prices[0]!.perThousandTokens ?? {}).map(([k, v]) => [k, typeof v === 'string' ? `${v}000` : { ...v, usd: `${v.usd}000` }]));
    expect(diffCatalogs(base, same)).toEqual([]);
  });
});
