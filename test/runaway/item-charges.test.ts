import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { asBilledRates, watchRunaway } from '../../src/runaway/watch.js';
import { usd } from '../../src/money.js';
import { UsageBuilder, type UsageMetric, type UsageSnapshot } from '../../src/usage/usage.js';
import { OPUS, catalog as tokenCatalog } from '../fixtures/model-catalog.js';

/**
 * The runaway watch prices what the report bills: images one by one for an image model, queries for
 * a rerank model, and it says when it cannot price an hour (unknown, never $0). Golden catalog prices
 * (fictional): Acme Canvas $0.04 an image at its default tier 1024x1024/standard, Acme Rerank $1.00 per
 * 1,000 queries; the token fixture's Opus has no image price.
 */

const REGION = 'us-east-1';
const DAY0 = Date.parse('2026-10-01T00:00:00Z') / 1000;
const END = new Date((DAY0 + 5 * 86400) * 1000);
const golden = PriceCatalog.fromDocument(JSON.parse(readFileSync(new URL('../fixtures/golden/catalog.json', import.meta.url), 'utf8')) as object, 'golden catalog');

/** Five days of hourly points for one model: four baseline days, then the day judged. */
function snapshot(modelId: string, perHour: (day: number, hour: number) => Partial<Record<UsageMetric, number>>): UsageSnapshot {
  const builder = new UsageBuilder();
  for (let d = 0; d < 5; d++) {
    for (let h = 0; h < 24; h++) {
      for (const [metric, value] of Object.entries(perHour(d, h))) {
        builder.add({ region: REGION, modelId, metric: metric as UsageMetric, timestamp: DAY0 + (d * 24 + h) * 3600, periodSeconds: 3600, value });
      }
    }
  }
  return { window: { start: new Date(DAY0 * 1000).toISOString(), end: END.toISOString() }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

describe('runaway watch: per-item charges', () => {
  it('flags an image model whose images run away, priced per image (tokens it reports are not billed)', () => {
    // 30 or 31 images an hour (x $0.04: $1.20 or $1.24); 500 in hour 15 of the last day: $20.00.
    // CloudWatch's token counts for the image model are not what it bills: they add nothing.
    const usage = snapshot('acme.canvas-v1:0', (d, h) => ({ OutputImageCount: d === 4 && h === 15 ? 500 : 30 + (d % 2), InputTokenCount: 100, Invocations: 10 }));
    const { incidents, errors, unpriced } = watchRunaway(usage, golden, END, 4);
    expect(errors).toEqual([]);
    expect(unpriced).toEqual([]);
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident.startedAt).toBe('2026-10-05T15:00:00.000Z');
    // Baseline of hour 15 on days 0-3: 1.20, 1.24, 1.20, 1.24: median 1.22. 500 x 0.04 = 20; excess 20 - 1.22 = 18.78.
    expect(incident.costSoFar.toFixed()).toBe('20');
    expect(incident.hours[0]!.baselineMedian.toFixed()).toBe('1.22');
    expect(incident.excessCost.toFixed()).toBe('18.78');
  });

  it('flags a rerank model priced per 1,000 queries (one request, one query)', () => {
    // 1,000 or 1,100 requests an hour at $1.00 per 1,000: $1.00 or $1.10; 9,000 in hour 3 of the last day: $9.00.
    const usage = snapshot('acme.rerank-v1:0', (d, h) => ({ Invocations: d === 4 && h === 3 ? 9000 : 1000 + 100 * (d % 2) }));
    const { incidents, unpriced } = watchRunaway(usage, golden, END, 4);
    expect(unpriced).toEqual([]);
    expect(incidents).toHaveLength(1);
    // Median of 1.00, 1.10, 1.00, 1.10 = 1.05; excess 9 - 1.05 = 7.95.
    expect(incidents[0]!.costSoFar.toFixed()).toBe('9');
    expect(incidents[0]!.excessCost.toFixed()).toBe('7.95');
  });

  it('a text model billing images it has no image price for: those hours are unknown and named, never $0', () => {
    // Opus at $0.005 per 1K input: 200,000 tokens an hour is $1.00. On the last day, 20 images an hour from
    // hour 12 on (12 judged hours): the model's row has no image price, so those hours cannot be priced.
    const usage = snapshot(OPUS, (d, h) => ({ InputTokenCount: 200_000, ...(d === 4 && h >= 12 ? { OutputImageCount: 20 } : {}) }));
    const { incidents, unpriced } = watchRunaway(usage, tokenCatalog, END, 4);
    expect(incidents).toEqual([]);
    expect(unpriced).toHaveLength(1);
    expect(unpriced[0]).toMatchObject({ key: `model:${REGION}|${OPUS}|in-region`, hours: 12 });
    expect(unpriced[0]!.reason).toBeDefined();
  });

  it('a model billed for what CloudWatch does not report (video seconds): every hour with usage is unknown, not $0', () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/golden/catalog.json', import.meta.url), 'utf8')) as { models: unknown[]; prices: unknown[] };
    doc.models.push({ modelId: 'acme.video-v1:0', name: 'Acme Video', provider: 'Acme', modality: 'video' });
    doc.prices.push({ model: 'acme.video-v1:0', region: REGION, scope: 'in-region', source: 'golden-list', perVideoSecond: { '720p': '0.08' } });
    // Requests in every hour but hours 0-3 of the last day: 20 of the 24 judged hours have usage.
    const usage = snapshot('acme.video-v1:0', (d, h) => (d === 4 && h < 4 ? {} : { Invocations: d === 4 ? 400 : 4 }));
    const { incidents, unpriced } = watchRunaway(usage, PriceCatalog.fromDocument(doc, 'video catalog'), END, 4);
    expect(incidents).toEqual([]);
    expect(unpriced).toEqual([{ key: `model:${REGION}|acme.video-v1:0|in-region`, label: `Acme Video, acme.video-v1:0 (${REGION})`, hours: 20, reason: { says: 'video-seconds-unpriced' } }]);
  });

  it('a kind billed partly with no price is unknown, whichever line comes first; an empty unpriced line does not hide a price', () => {
    const priced = { dimension: { code: 'input' as const }, quantity: usd(10), unitPrice: usd('0.005') };
    const unpriced = { dimension: { code: 'cache-write-at-input' as const }, quantity: usd(5), unitPrice: null };
    const write = { dimension: { code: 'cacheWrite5m' as const }, quantity: usd(3), unitPrice: usd('0.00625') };
    const emptyImage = { dimension: { code: 'image' as const }, quantity: usd(0), unitPrice: null };
    const image = { dimension: { code: 'image' as const }, quantity: usd(2), unitPrice: usd('0.04') };
    for (const lines of [[priced, write, unpriced, emptyImage, image], [unpriced, write, priced, image, emptyImage]]) {
      const { rates, unpriceable } = asBilledRates({ cost: null, lines });
      expect(unpriceable).toBe(false);
      expect(rates.input!.toFixed()).toBe('0.005');
      expect(rates.cacheWrite).toBeNull();
      expect(rates.image!.toFixed()).toBe('0.04');
    }
  });
});
