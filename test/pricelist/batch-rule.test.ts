import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';

/**
 * Batch at half the on-demand rate: the rule the pricing page states, applied only to models the batch
 * page lists, only where no batch row was read, and each derived price saying what it halved.
 */
const catalog = PriceCatalog.bundled();
const rows = catalog.allPrices();

describe('batch at half the on-demand rate', () => {
  it('every batch price read from a source is half its on-demand rate, or that half rounded to the cent per 1M: the rule holds in the data', () => {
    // The offer files round some batch prices to the cent per 1M (Gemma 3 12B in us-east-1: 0.05 / 0.15 for 0.09 / 0.29),
    // either way at a half-cent; the derived half can so differ from AWS's by at most half a cent per 1M tokens.
    let read = 0;
    let rounded = 0;
    for (const r of rows) {
      for (const [batch, base] of [['batchInput', 'input'], ['batchOutput', 'output']] as const) {
        const b = r.perThousandTokens[batch];
        const o = r.perThousandTokens[base];
        if (!b || !o || b.source.reliability === 'derived') continue;
        const perMillion = b.usd.times(1000);
        const halfPerMillion = o.usd.times(500);
        const exact = perMillion.minus(halfPerMillion).abs().lte('0.000001');
        const toCent = perMillion.times(100).isInteger() && perMillion.minus(halfPerMillion).abs().lte('0.005');
        expect(exact || toCent, `${r.modelId} ${r.region} ${r.priceScope} ${batch}: ${perMillion.toFixed()} for ${halfPerMillion.toFixed()}`).toBe(true);
        if (!exact) rounded++;
        read++;
      }
    }
    expect(read).toBeGreaterThan(40);
    expect(rounded).toBeGreaterThan(0);
  });

  it('derives only for models that take batch, naming the rate it halved', () => {
    const derived = rows.filter((r) => r.perThousandTokens.batchInput?.source.id === 'batch-half-on-demand');
    expect(derived.map((r) => `${r.modelId} ${r.region} ${r.priceScope}`).sort()).toEqual([
      'anthropic.claude-sonnet-4-20250514-v1:0 us-east-1 global',
    ]);
    // Nova Lite's in-Region batch in us-east-1 is read now (the offer-file extract: batch 0.03 / 0.12 per 1M), and it
    // is what the rule gave before: half of $0.06 and $0.24.
    const lite = catalog.prices('amazon.nova-lite-v1:0', 'us-east-1', 'in-region')!.perThousandTokens;
    expect(lite.batchInput?.usd.toFixed()).toBe('0.00003');
    expect(lite.batchOutput?.usd.toFixed()).toBe('0.00012');
    expect(lite.batchInput?.derivedFrom).toBeUndefined();
    // Claude Haiku 4.5's in-Region batch is read now (the offer-file extract: batch 0.55 / 2.75 per 1M), and it is
    // what the rule gave before: half of $1.10 and $5.50.
    const haiku = catalog.prices('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-east-1', 'in-region')!.perThousandTokens;
    expect(haiku.batchInput?.usd.toFixed()).toBe('0.00055');
    expect(haiku.batchOutput?.usd.toFixed()).toBe('0.00275');
    expect(haiku.batchInput?.derivedFrom).toBeUndefined();
    for (const r of derived) {
      expect(catalog.model(r.modelId)?.batch?.supported, r.modelId).toBe(true);
      // Claude Haiku 4.5 in us-east-1: $1.10 per 1M in-Region input, so $0.55 batch.
      if (r.modelId.startsWith('anthropic.claude-haiku-4-5')) expect(r.perThousandTokens.batchInput!.usd.toFixed()).toBe('0.00055');
      expect(r.perThousandTokens.batchInput!.derivedFrom).toMatch(/^0\.5 x input \S+ \(source [a-z0-9-]+\)$/);
      expect(r.perThousandTokens.batchOutput!.derivedFrom).toMatch(/^0\.5 x output \S+ \(source [a-z0-9-]+\)$/);
    }
  });
});
