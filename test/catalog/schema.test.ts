import { describe, it, expect } from 'vitest';
import bundledDocument from '../../src/catalog/data/bedrock-prices.json' with { type: 'json' };
import { PriceCatalog, type Priced } from '../../src/catalog/catalog.js';
import { CatalogError } from '../../src/errors.js';
import { catalogFileSchema } from '../../src/catalog/schema.js';

/**
 * The newest day any bundled price was read (the aToy0m0 offer-file extract, read 2026-12-06). A page
 * read later moves this on purpose, in the same commit; a readOn past it is a typo or a date not yet
 * reached. A fixed day, so the test does not depend on the day the suite runs.
 */
const NEWEST_READ_ON = '2026-12-06';

/** A loosely typed, mutable copy of the bundled document to break on purpose. */
interface LooseDocument {
  sources: Record<string, Record<string, unknown>>;
  models: Array<Record<string, unknown>>;
  prices: Array<Record<string, unknown> & { perThousandTokens?: Record<string, unknown> }>;
}
const freshDocument = (): LooseDocument => structuredClone(bundledDocument) as unknown as LooseDocument;

function everyPrice(catalog: PriceCatalog): Array<{ where: string; price: Priced }> {
  const out: Array<{ where: string; price: Priced }> = [];
  for (const row of catalog.allPrices()) {
    const at = (field: string) => `${row.modelId} ${row.region} ${row.priceScope} ${field}`;
    for (const [dim, p] of Object.entries(row.perThousandTokens)) if (p) out.push({ where: at(dim), price: p });
    for (const [term, p] of Object.entries(row.perModelUnitHour)) if (p) out.push({ where: at(term), price: p });
    if (row.perImage) out.push({ where: at('perImage'), price: row.perImage });
    if (row.trainingPerThousandTokens) out.push({ where: at('training'), price: row.trainingPerThousandTokens });
    if (row.storagePerMonth) out.push({ where: at('storage'), price: row.storagePerMonth });
  }
  return out;
}

function loadError(document: unknown): CatalogError {
  try {
    PriceCatalog.fromDocument(document, 'test catalog');
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return error as CatalogError;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('bundled price catalog', () => {
  it('is its own schema parse, so loading it without the zod pass reads the same catalog', () => {
    // PriceCatalog.bundled() skips zod at init on the strength of this test.
    expect(catalogFileSchema.parse(bundledDocument)).toStrictEqual(bundledDocument);
  });

  it('the schema parse is not the identity for a document it rewrites (so the test above can fail)', () => {
    const doc = freshDocument();
    const price = doc.prices[0]!.perThousandTokens!.input as { usd: string };
    price.usd = Number(price.usd) as unknown as string; // a number the schema rewrites as a string
    expect(catalogFileSchema.parse(doc)).not.toStrictEqual(doc);
  });

  it('loads and covers the models the advisor prices', () => {
    const catalog = PriceCatalog.bundled();
    expect(catalog.allModels().length).toBeGreaterThanOrEqual(30);
    expect(catalog.allPrices().length).toBeGreaterThanOrEqual(60);
  });

  it('gives every price of every row a known source with an ISO readOn date that is not in the future', () => {
    const catalog = PriceCatalog.bundled();
    const priced = everyPrice(catalog);
    expect(priced.length).toBeGreaterThan(200);
    // The catalog is built on the day of its newest read, and that day is the one written down above.
    expect(bundledDocument.generated!.at).toBe(NEWEST_READ_ON);
    expect(Object.values(bundledDocument.sources).map((s) => s.readOn).sort().at(-1)).toBe(NEWEST_READ_ON);
    for (const { where, price } of priced) {
      const source = catalog.sources.get(price.source.id);
      expect(source, where).toBeDefined();
      expect(source, where).toEqual(price.source);
      expect(price.source.readOn, where).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(Number.isNaN(Date.parse(price.source.readOn)), where).toBe(false);
      // "The future" is the newest read date, written down: a wall clock here would make the test pass on some days only.
      expect(price.source.readOn <= NEWEST_READ_ON, where).toBe(true);
      expect(price.source.readOn <= bundledDocument.generated!.at, where).toBe(true);
      expect(price.source.url.length, where).toBeGreaterThan(0);
    }
  });

  it('marks every derived price with a derived source that explains itself', () => {
    const catalog = PriceCatalog.bundled();
    const derived = everyPrice(catalog).filter(({ price }) => price.source.reliability === 'derived');
    expect(derived.length).toBeGreaterThan(0);
    for (const { where, price } of derived) expect(price.source.note, where).toMatch(/\w/);
    // The Haiku 4.5 in-Region rate is now read (us-west-2 Price List row, genai-prices in us-east-1), not derived.
    const haiku = catalog.prices('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-west-2', 'in-region');
    expect(haiku?.perThousandTokens.input?.source.reliability).toBe('PL');
    // us-west-2 rows not read separately say so, and name the row they copy.
    // (Llama 3 70B's, Pixtral Large's and Claude Fable 5's us-west-2 rates are read now, from the all-Regions
    // offer-file extract; GPT-5.6 Luna's is not.)
    const llamaWest = catalog.prices('openai.gpt-5.6-luna', 'us-west-2', 'in-region');
    expect(llamaWest?.perThousandTokens.input?.source.id).toBe('us-west-2-parity');
    expect(llamaWest?.perThousandTokens.input?.source.reliability).toBe('derived');
    expect(llamaWest?.perThousandTokens.input?.derivedFrom).toMatch(/^us-east-1 /);
  });

  it('prices Cohere Embed English v3 from the offer-file extract ($0.10 per 1M input tokens), naming the key and field', () => {
    const catalog = PriceCatalog.bundled();
    const input = catalog.prices('cohere.embed-english-v3', 'us-east-1', 'in-region')!.perThousandTokens.input!;
    expect(input.usd.toFixed()).toBe('0.0001');
    // The extract comes before LiteLLM's file (whose $0.10 it equals), so it is the one cited.
    expect(input.source.id).toBe('pl-offers-all-regions-2026-09-17-quick-reference');
    expect(input.source.reliability).toBe('3P');
    expect(input.note).toBe('data/prices.json byModel["cohere.embed-english-v3"]["us-east-1"].standard.input = 0.1');
    // The transcription's usagetype was written by the pattern, not read: it is not cited as a Price List row.
    expect(input.usagetype).toBeUndefined();
  });

  it('prices Nova Reel per second of video in us-east-1, from the quoted 2026-09-01 offer file row', () => {
    const catalog = PriceCatalog.bundled();
    expect(catalog.model('amazon.nova-reel-v1:0')).toBeDefined();
    expect(catalog.regionsFor('amazon.nova-reel-v1:0')).toContain('us-east-1');
    const east = catalog.prices('amazon.nova-reel-v1:0', 'us-east-1', 'in-region')!;
    expect(Object.keys(east.perVideoSecondByTier)).toEqual(['medfps-hdres']);
    expect(east.perVideoSecondByTier['medfps-hdres']!.source.id).toBe('pl-offer-bedrock-us-east-1-2026-09-01-api-evangelist');
  });
});

describe('malformed catalog entries', () => {
  it('rejects a bad decimal and names the row and field', () => {
    const doc = freshDocument();
    const row = doc.prices[3]!;
    row.perThousandTokens = { ...row.perThousandTokens, input: '0.00.35' };
    const error = loadError(doc);
    expect(error.message).toContain(`prices[3] (${String(row.model)} ${String(row.region)}`);
    expect(error.message).toContain('perThousandTokens.input');
  });

  it('rejects a negative amount and a non-numeric amount', () => {
    const doc = freshDocument();
    doc.prices[0]!.perThousandTokens = { input: '-0.000035' };
    expect(loadError(doc).message).toContain(`prices[0] (${String(doc.prices[0]!.model)} ${String(doc.prices[0]!.region)}`);
    const doc2 = freshDocument();
    doc2.prices[0]!.perThousandTokens = { output: 'abc' };
    expect(loadError(doc2).message).toContain('perThousandTokens.output');
  });

  it('rejects a reference to an unknown source, naming the row', () => {
    const doc = freshDocument();
    const row = doc.prices[3]!;
    row.source = 'no-such-source';
    const error = loadError(doc);
    expect(error.message).toContain(`prices[3] (${String(row.model)} ${String(row.region)}`);
    expect(error.message).toContain('unknown source "no-such-source"');
  });

  it('rejects an unknown source on a single price', () => {
    const doc = freshDocument();
    doc.prices[0]!.perThousandTokens = { input: { usd: '0.000035', source: 'made-up' } };
    const error = loadError(doc);
    expect(error.message).toContain(`prices[0] (${String(doc.prices[0]!.model)} ${String(doc.prices[0]!.region)}`);
    expect(error.message).toContain('perThousandTokens.input: unknown source "made-up"');
  });

  it('rejects a row for a model that is not listed', () => {
    const doc = freshDocument();
    doc.prices.push({ model: 'amazon.nova-mega-v9:0', region: 'us-east-1', scope: 'in-region', source: 'seed-article', perThousandTokens: { input: '0.001' } });
    const error = loadError(doc);
    expect(error.message).toContain(`prices[${doc.prices.length - 1}] (amazon.nova-mega-v9:0 us-east-1`);
    expect(error.message).toContain('model is not listed');
  });

  it('rejects a duplicate row', () => {
    const doc = freshDocument();
    const first = doc.prices[0]!;
    doc.prices.push(structuredClone(first));
    const error = loadError(doc);
    expect(error.message).toContain(`prices[${doc.prices.length - 1}] (${String(first.model)} ${String(first.region)} ${String(first.scope)}): duplicate`);
  });

  it('rejects a source without a readOn date and a model listed twice', () => {
    const doc = freshDocument();
    delete doc.sources['seed-article']!.readOn;
    expect(loadError(doc).message).toMatch(/readOn/);
    const doc2 = freshDocument();
    doc2.models.push(structuredClone(doc2.models[0]!));
    expect(loadError(doc2).message).toContain(`models[${doc2.models.length - 1}] (amazon.nova-micro-v1:0): duplicate model`);
  });

  it('accepts the unmodified document (the failures above come from the edits)', () => {
    expect(() => PriceCatalog.fromDocument(freshDocument(), 'test catalog')).not.toThrow();
  });
});
