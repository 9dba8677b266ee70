import { describe, it, expect } from 'vitest';
import { PriceCatalog, type ModelPrices } from '../../src/catalog/catalog.js';
import { TOKEN_DIMENSIONS } from '../../src/catalog/schema.js';
import { parseModelId } from '../../src/model-id.js';
import { usd } from '../../src/money.js';
import { adviceText } from '../../src/report/advice-text.js';

/** Regression tests for price-data bugs other Bedrock catalogs shipped (shared/user-asks.md items 10-15). */
const catalog = PriceCatalog.bundled();
const rows = catalog.allPrices();
const label = (r: ModelPrices) => `${r.modelId} ${r.region} ${r.priceScope}`;
const CACHE_DIMS = ['cacheRead', 'cacheWrite5m', 'cacheWrite1h'] as const;

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const OPUS_45 = 'anthropic.claude-opus-4-5-20251101-v1:0';
const CLAUDE_3_HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('#10 cache reads are never priced at the full input rate', () => {
  it('every row with a cache-read price has it strictly below its input price', () => {
    const withCache = rows.filter((r) => r.perThousandTokens.cacheRead);
    expect(withCache.length).toBeGreaterThan(20);
    for (const r of withCache) {
      const { cacheRead, input } = r.perThousandTokens;
      expect(input, label(r)).toBeDefined();
      expect(cacheRead!.usd.lessThan(input!.usd), label(r)).toBe(true);
    }
  });

  it('Amazon Nova cache reads are 0.25x input, Claude Fable 5.1 0.025x, every other provider 0.1x input', () => {
    for (const r of rows) {
      const { cacheRead, input } = r.perThousandTokens;
      if (!cacheRead || !input) continue;
      // Fable 5.1: the offer-file extract's cacheRead 0.275 for standard 11 per 1M, in every Region it gives both.
      // Opus 5.5: its agreement-offer rate card (whchoi98/model-monitoring @ 9d64581) reads 0.22 for 4.4 in-Region, 0.2 for 4 global.
      const ratio = r.modelId.startsWith('amazon.') ? '0.25' : r.modelId === 'anthropic.claude-fable-5-1' ? '0.025' : r.modelId === 'anthropic.claude-opus-5-5' ? '0.05' : '0.1';
      expect(cacheRead.usd.equals(input.usd.times(ratio)), label(r)).toBe(true);
    }
  });

  it('every model that supports prompt caching has cache prices in us-east-1 (none missing)', () => {
    const cached = catalog.allModels().filter((m) => m.promptCache);
    expect(cached.length).toBeGreaterThanOrEqual(11);
    for (const m of cached) {
      // us-east-1, or us-west-2 for the models whose only rows are there (Claude Sonnet 5.5). Opus 4.1's
      // own us-west-2 rows carry no cache rows (none were quoted), so that Region is unpriced for caching.
      const inRegion = (region: string) => rows.filter((r) => r.modelId === m.modelId && r.region === region);
      const eastRows = inRegion('us-east-1').length > 0 ? inRegion('us-east-1') : inRegion('us-west-2');
      // Every caching model has a row there now: Claude Sonnet 5, once left unpriced because its sources
      // disagreed, is priced from the two that read AWS and agree (pricing page and offer files).
      expect(eastRows.length, m.modelId).toBeGreaterThan(0);
      for (const r of eastRows) {
        // Claude Sonnet 5's global cache rates, once unpriced, are LiteLLM's global. entry now (its token rates
        // equal the AWS pricing page's and the offer files'), so every caching model's rows here carry cache rates.
        // Claude Sonnet 5.5's us-east-1 cache reads: its two agreement-offer rate cards (whchoi98/model-monitoring, the
        // second dated 2026-10-07) give 0.22 / 0.2 and 0.11 / 0.1 per 1M, so the slot is disputed and unpriced, never $0.
        if (m.modelId === 'anthropic.claude-sonnet-5-5') {
          expect(r.perThousandTokens.cacheRead, label(r)).toBeUndefined();
          expect(r.perThousandTokens.cacheWrite5m, label(r)).toBeDefined();
          continue;
        }
        expect(r.perThousandTokens.cacheRead, label(r)).toBeDefined();
        // Claude Opus 5.5's rate card has cache reads and no cache-write row.
        if (m.provider === 'Anthropic' && m.modelId !== 'anthropic.claude-opus-5-5') expect(r.perThousandTokens.cacheWrite5m, label(r)).toBeDefined();
      }
    }
  });
});

describe('#11 cache tokens are never silently $0', () => {
  it('no price anywhere in the bundled catalog is zero', () => {
    for (const r of rows) {
      const all = [
        ...Object.values(r.perThousandTokens), ...Object.values(r.perModelUnitHour),
        r.perImage, r.trainingPerThousandTokens, r.storagePerMonth,
      ].filter((p) => p !== undefined);
      for (const p of all) expect(p!.usd.isZero(), label(r)).toBe(false);
      for (const dim of TOKEN_DIMENSIONS) {
        const p = r.perThousandTokens[dim];
        if (p) expect(p.usd.greaterThan(0), `${label(r)} ${dim}`).toBe(true);
      }
    }
  });

  it('a missing cache price is absent (undefined), not zero', () => {
    const nova = catalog.prices('amazon.nova-micro-v1:0', 'us-east-1', 'in-region')!;
    expect('cacheWrite5m' in nova.perThousandTokens).toBe(false);
    expect(nova.perThousandTokens.cacheWrite5m).toBeUndefined();
    const llama = catalog.prices('meta.llama3-3-70b-instruct-v1:0', 'us-east-1', 'in-region')!;
    for (const dim of CACHE_DIMS) expect(llama.perThousandTokens[dim], dim).toBeUndefined();
  });

  it('models without prompt caching carry no cache prices', () => {
    // OpenAI models on Bedrock cache with a 30-minute TTL, which promptCache.ttls cannot name; their
    // cache rows are Price List rows, not ratios.
    for (const r of rows) {
      if (catalog.model(r.modelId)?.promptCache || r.modelId.startsWith('openai.gpt-5')) continue;
      for (const dim of CACHE_DIMS) expect(r.perThousandTokens[dim], `${label(r)} ${dim}`).toBeUndefined();
    }
  });
});

describe('#12 1-hour cache writes are not priced at the 5-minute rate', () => {
  it('cacheWrite1h > cacheWrite5m wherever both exist', () => {
    const both = rows.filter((r) => r.perThousandTokens.cacheWrite1h && r.perThousandTokens.cacheWrite5m);
    // Haiku 4.5 and Sonnet 5.5 in us-west-2, regional and global (the rows of https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrockFoundationModels/current/us-west-2/index.json).
    expect(both.length).toBeGreaterThanOrEqual(4);
    for (const r of both) {
      expect(r.perThousandTokens.cacheWrite1h!.usd.greaterThan(r.perThousandTokens.cacheWrite5m!.usd), label(r)).toBe(true);
    }
  });

  it('Claude: wherever a 1h write is priced it is 2x input and the 5m write 1.25x input; it is never computed from input', () => {
    const claudeRows = rows.filter((r) => r.modelId.startsWith('anthropic.') && r.perThousandTokens.cacheWrite1h);
    // Read from 1h rows: Haiku 4.5 us-west-2 1.1 -> 2.2 and 1.0 -> 2.0 per 1M; Sonnet 5.5 2.2 -> 4.4 and 2.0 -> 4.0;
    // us-east-1 (GetProducts 2026-05-01): Sonnet 4.6 3.3 -> 6.6 and 3.0 -> 6.0; Opus 4.7 5.5 -> 11 and 5.0 -> 10.
    const read = claudeRows.filter((r) => r.perThousandTokens.cacheWrite1h!.source.reliability === 'PL').map(label).sort();
    expect(read).toEqual([
      `${HAIKU_45} us-west-2 global`, `${HAIKU_45} us-west-2 in-region`,
      'anthropic.claude-opus-4-7-v1:0 us-east-1 global', 'anthropic.claude-opus-4-7-v1:0 us-east-1 in-region',
      'anthropic.claude-sonnet-4-6-v1:0 us-east-1 global', 'anthropic.claude-sonnet-4-6-v1:0 us-east-1 in-region',
      'anthropic.claude-sonnet-5-5 us-west-2 global', 'anthropic.claude-sonnet-5-5 us-west-2 in-region',
    ].sort());
    // Every other 1h price is a row copied by a stated rule: the us-west-2 parity rule, or LiteLLM's
    // profile price placed on its geography's Regions. The 2x check below is then a check of LiteLLM.
    expect(claudeRows.length).toBeGreaterThan(read.length);
    for (const r of claudeRows) {
      const t = r.perThousandTokens;
      expect(t.cacheWrite1h!.usd.equals(t.input!.usd.times(2)), label(r)).toBe(true);
      expect(t.cacheWrite5m!.usd.equals(t.input!.usd.times('1.25')), label(r)).toBe(true);
      if (t.cacheWrite1h!.source.reliability === 'PL') continue;
      // A 1h row of an agreement-offer rate card (third party), cited by its usagetype: Fable 5.1, Opus 5, Sonnet 5 and 5.5.
      if (t.cacheWrite1h!.source.id.startsWith('agreement-offer-')) {
        expect(t.cacheWrite1h!.source.reliability, label(r)).toBe('3P');
        expect(t.cacheWrite1h!.usagetype, label(r)).toMatch(/-MP:[A-Z]{2,4}\d?_cache_write_tokens_1h_(global_)?standard-Units$/);
        continue;
      }
      expect(t.cacheWrite1h!.source.reliability, label(r)).toBe('derived');
      expect(t.cacheWrite1h!.derivedFrom, label(r)).toMatch(/^(us-east-1 )?(\S*(CacheWrite1h|cache_write_tokens_1h)|LiteLLM "(us|eu|apac|jp|au|global)\.anthropic\.[^"]+" cache_creation_input_token_cost_above_1hr)/);
    }
    // Sonnet 4.5's us-east-1 global 1h write: LiteLLM's global. price ($6 per 1M), not 2x input computed here.
    expect(catalog.prices(SONNET_45, 'us-east-1', 'global')!.perThousandTokens.cacheWrite1h!.derivedFrom).toBe(
      'LiteLLM "global.anthropic.claude-sonnet-4-5-20250929-v1:0" cache_creation_input_token_cost_above_1hr',
    );
    for (const id of [SONNET_45, HAIKU_45, OPUS_45]) expect(catalog.model(id)?.promptCache?.ttls).toEqual(['5m', '1h']);
  });

  it('only the models AWS lists, or with a recorded 1h cache-write row (Price List, or LiteLLM), accept the 1h TTL, and only they have a 1h price', () => {
    const oneHour = catalog.allModels().filter((m) => m.promptCache?.ttls.includes('1h')).map((m) => m.modelId).sort();
    expect(oneHour).toEqual([
      HAIKU_45, OPUS_45, SONNET_45, 'anthropic.claude-sonnet-5-5', 'anthropic.claude-sonnet-4-6-v1:0', 'anthropic.claude-opus-4-7-v1:0',
      // LiteLLM's cache_creation_input_token_cost_above_1hr: Opus 4.6 / 4.8 / 5 $10 per 1M global, Fable 5 $20, Sonnet 5 $4.
      'anthropic.claude-opus-4-6-v1:0', 'anthropic.claude-opus-4-8-v1:0', 'anthropic.claude-opus-5', 'anthropic.claude-fable-5-v1:0', 'anthropic.claude-sonnet-5-v1:0',
      // Their agreement-offer rate cards' cache_write_tokens_1h rows (whchoi98/model-monitoring).
      'anthropic.claude-fable-5-1', 'anthropic.claude-haiku-5-5',
    ].sort());
    const globalOneHour = (id: string) => catalog.prices(id, 'us-east-1', 'global')?.perThousandTokens.cacheWrite1h?.usd.times(1000).toFixed();
    expect(['anthropic.claude-opus-4-6-v1:0', 'anthropic.claude-opus-4-8-v1:0', 'anthropic.claude-opus-5', 'anthropic.claude-fable-5-v1:0', 'anthropic.claude-sonnet-5-v1:0'].map(globalOneHour))
      .toEqual(['10', '10', '10', '20', '4']);
    for (const r of rows) {
      if (!oneHour.includes(r.modelId)) expect(r.perThousandTokens.cacheWrite1h, label(r)).toBeUndefined();
    }
  });
});

describe('#13 regional vs global prices', () => {
  it('Sonnet 4.5 global is the published global rate, 10% below the in-Region rate', () => {
    const global = catalog.prices(SONNET_45, 'us-east-1', 'global')!;
    const regional = catalog.prices(SONNET_45, 'us-east-1', 'in-region')!;
    expect(global.priceScope).toBe('global');
    expect(global.perThousandTokens.input!.usd.equals(usd('0.003'))).toBe(true);
    expect(regional.perThousandTokens.input!.usd.equals(usd('0.0033'))).toBe(true);
    for (const dim of TOKEN_DIMENSIONS) {
      const g = global.perThousandTokens[dim];
      const r = regional.perThousandTokens[dim];
      expect(g === undefined, dim).toBe(r === undefined);
      if (g && r) expect(r.usd.equals(g.usd.times('1.1')), dim).toBe(true);
    }
  });

  it('Opus 4.5 and Haiku 4.5 follow the same +10% in-Region rule', () => {
    for (const id of [OPUS_45, HAIKU_45]) {
      for (const region of ['us-east-1', 'us-west-2']) {
        const g = catalog.prices(id, region, 'global')!.perThousandTokens;
        const r = catalog.prices(id, region, 'in-region')!.perThousandTokens;
        expect(r.output!.usd.equals(g.output!.usd.times('1.1')), `${id} ${region}`).toBe(true);
        if (r.batchInput && g.batchInput) expect(r.batchInput.usd.equals(g.batchInput.usd.times('1.1')), `${id} ${region}`).toBe(true);
      }
    }
  });

  it('a global look-up for a model without a global row is unpriced, never the regional price', () => {
    expect(catalog.prices('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', 'in-region')).toBeDefined();
    expect(catalog.prices('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', 'global')).toBeUndefined();
    expect(catalog.prices('amazon.nova-micro-v1:0', 'us-east-1', 'global')).toBeUndefined();
  });

  it('a geo look-up falls back to the in-Region row of the source Region', () => {
    const geo = catalog.prices(SONNET_45, 'us-east-1', 'geo')!;
    expect(geo.scope).toBe('geo');
    expect(geo.priceScope).toBe('in-region');
    expect(geo.perThousandTokens.input!.usd.equals(usd('0.0033'))).toBe(true);
    expect(geo.notes.map(adviceText).join(' ')).toMatch(/source Region/);
    const novaGeo = catalog.prices('amazon.nova-pro-v1:0', 'eu-central-1', 'geo')!;
    expect(novaGeo.perThousandTokens.input!.usd.equals(usd('0.00105'))).toBe(true);
  });
});

describe('#14 model IDs in every shape normalise to an ID the catalog prices (no fabricated fallbacks)', () => {
  const shapes: Array<[string, string]> = [
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'us-west-2'],
    ['eu.amazon.nova-pro-v1:0', 'eu-central-1'],
    ['apac.amazon.nova-pro-v1:0', 'ap-southeast-1'],
    ['arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0', 'us-west-2'],
    ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0', 'us-east-1'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-opus-4-5-20251101-v1:0', 'us-east-1'],
    ['amazon.nova-micro-v1:0:24k', 'us-east-1'],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', 'us-east-1'],
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k', 'us-east-1'],
  ];
  it.each(shapes)('%s (%s)', (raw, region) => {
    const parsed = parseModelId(raw);
    expect(parsed.baseModelId).not.toMatch(/^(us|eu|apac|global)\.|^arn:|:\d+k$/);
    expect(catalog.model(parsed.baseModelId), parsed.baseModelId).toBeDefined();
    const prices = catalog.prices(parsed.baseModelId, parsed.arnRegion ?? region, parsed.scope);
    expect(prices, `${parsed.baseModelId} ${parsed.scope}`).toBeDefined();
    expect(prices!.perThousandTokens.input).toBeDefined();
  });

  it('global.* IDs resolve to the cheaper global row, us.* to the in-Region row', () => {
    const g = parseModelId('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const u = parseModelId('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const gp = catalog.prices(g.baseModelId, 'us-east-1', g.scope)!.perThousandTokens.input!.usd;
    const up = catalog.prices(u.baseModelId, 'us-east-1', u.scope)!.perThousandTokens.input!.usd;
    expect(gp.lessThan(up)).toBe(true);
  });

  it('an unknown model is unpriced (undefined), never a made-up fallback', () => {
    expect(catalog.prices('anthropic.claude-unknown-v9:0', 'us-east-1', 'in-region')).toBeUndefined();
    expect(catalog.prices('amazon.nova-micro-v1:0', 'us-gov-west-1', 'in-region')).toBeUndefined();
  });

  it('every model in the brief is listed and has a price somewhere', () => {
    const expected = [
      'amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-premier-v1:0', 'amazon.nova-2-lite-v1:0',
      CLAUDE_3_HAIKU, 'anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      'anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0',
      SONNET_45, HAIKU_45, 'anthropic.claude-opus-4-20250514-v1:0', 'anthropic.claude-opus-4-1-20250805-v1:0', OPUS_45,
      'meta.llama3-1-8b-instruct-v1:0', 'meta.llama3-1-70b-instruct-v1:0', 'meta.llama3-3-70b-instruct-v1:0',
      'mistral.mistral-large-2407-v1:0', 'cohere.command-r-plus-v1:0', 'amazon.titan-embed-text-v2:0', 'amazon.titan-embed-image-v1',
      'amazon.nova-canvas-v1:0', 'amazon.titan-image-generator-v2:0', 'stability.sd3-5-large-v1:0', 'qwen.qwen3-32b-v1:0',
      'amazon.titan-text-express-v1', 'amazon.titan-text-lite-v1', 'cohere.command-light-text-v14',
    ];
    for (const id of expected) {
      expect(catalog.model(id), id).toBeDefined();
      expect(catalog.regionsFor(id).length, id).toBeGreaterThan(0);
    }
  });

  it('text models have token prices, image models per-image prices, matching their modality', () => {
    for (const r of rows) {
      const modality = catalog.model(r.modelId)!.modality;
      if (modality === 'image') {
        expect(r.perImage, label(r)).toBeDefined();
        expect(Object.keys(r.perThousandTokens), label(r)).toEqual([]);
      }
      if (modality === 'text') expect(r.perImage, label(r)).toBeUndefined();
    }
  });
});

describe('#15 Claude 3 Haiku cache prices are not derived by ratio', () => {
  it('has no promptCache entry and no cache price in any Region or scope', () => {
    expect(catalog.model(CLAUDE_3_HAIKU)?.promptCache).toBeUndefined();
    const mine = rows.filter((r) => r.modelId === CLAUDE_3_HAIKU);
    // Its us-east-1 row; us-west-2 is no longer derived, since the recorded us-west-2 list does not name it.
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const r of mine) {
      expect(r.perThousandTokens.input).toBeDefined();
      for (const dim of CACHE_DIMS) expect(r.perThousandTokens[dim], `${label(r)} ${dim}`).toBeUndefined();
    }
    // A ratio-derived price (0.1x of $0.25/M) must not sneak in through a geo fallback either.
    expect(catalog.prices(CLAUDE_3_HAIKU, 'us-east-1', 'geo')!.perThousandTokens.cacheRead).toBeUndefined();
  });
});

describe('Amazon Nova cache writes', () => {
  it('carry no cache-write price and are flagged as billed at the input rate (UNVERIFIED), Claude writes are not', () => {
    for (const id of ['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-premier-v1:0', 'amazon.nova-2-lite-v1:0']) {
      const m = catalog.model(id)!;
      expect(m.promptCache?.writesBilledAsInput, id).toBe(true);
      expect(m.note, id).toMatch(/UNVERIFIED/);
      for (const r of rows.filter((x) => x.modelId === id)) expect(r.perThousandTokens.cacheWrite5m, label(r)).toBeUndefined();
    }
    for (const m of catalog.allModels().filter((x) => x.provider === 'Anthropic')) {
      expect(m.promptCache?.writesBilledAsInput, m.modelId).toBeUndefined();
    }
  });
});
