import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Images reported beside a text model's tokens are billed today (`AsBilled.items`). A what-if that
 * reprices the tokens (prompt caching, no cache, batch, Flex, Priority, the global row) must keep them
 * as billed: dropping them counted them as $0 after the step and claimed their whole cost as a saving
 * (Nova Micro with a rates-file image price: "enable prompt caching" saved $2,929.58 a month of which
 * $2,920 was images), and with no image price the what-ifs were priced while on demand was not.
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-04T00:00:00Z');

/** 48 hours of 1,000,000 input and 200,000 output tokens an hour, and 100 images an hour, Nova Micro in us-east-1. */
function snapshot(): UsageSnapshot {
  const builder = new UsageBuilder();
  const modelId = 'amazon.nova-micro-v1:0';
  for (let h = 0; h < 48; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
    builder.add({ region: 'us-east-1', modelId, metric: 'OutputImageCount', timestamp, periodSeconds: 3600, value: 100 });
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('per-item charges beside a text model stay in every what-if', () => {
  it('with an image price from a rates file: every priced scenario bills the 4,800 images at $0.04 ($192.00), and no saving counts them', () => {
    const catalog = PriceCatalog.bundled().withRates({ rates: [{ model: 'amazon.nova-micro-v1:0', region: 'us-east-1', image: '0.04' }] }, 'rates.json', NOW);
    const report = analyze(snapshot(), catalog, { now: NOW });
    const model = report.models[0]!;
    expect(model.priced).toBe(true);
    // By hand: 48,000K input x $0.000035 = $1.68; 9,600K output x $0.00014 = $1.344; 4,800 images x $0.04 = $192.
    const onDemand = model.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost!.toFixed(3)).toBe('195.024');
    const whatIfs = model.scenarios.filter((s) => s.mode !== 'on-demand' && s.cost !== null);
    // Nova Micro has batch rates and prompt-cache reads in the bundled catalog: at least those what-ifs are priced.
    expect(whatIfs.map((s) => s.mode)).toEqual(expect.arrayContaining(['batch', 'prompt-cache']));
    for (const s of whatIfs) {
      const images = s.lines!.filter((l) => l.quantity.toFixed() === '4800');
      expect(images.map((l) => l.cost!.toFixed(2)), `${s.mode} ${s.variant ?? ''}`).toEqual(['192.00']);
      expect(s.cost!.greaterThanOrEqualTo(192), `${s.mode} ${s.variant ?? ''}`).toBe(true);
    }
    // Batch by hand: 48,000K x $0.0000175 = $0.84, 9,600K x $0.00007 = $0.672, images as billed $192: $193.512.
    const batch = model.scenarios.find((s) => s.mode === 'batch')!;
    expect(batch.cost!.toFixed(3)).toBe('193.512');
    expect(batch.assumptions.map((a) => ('says' in a ? a.says : undefined))).toContain('items-kept-as-billed');
    expect(adviceText({ says: 'items-kept-as-billed' })).toContain("keep today's on-demand price");
    // Every saving comes out of the tokens: at most the tokens' month, $3.024 x 730 / 48 = $45.99.
    expect(report.summary.potentialMonthlySavings.lessThanOrEqualTo('45.99')).toBe(true);
  });

  it('the Reserved tier keeps the images as billed: sold in tokens per minute, it covers none of them', () => {
    const rates = { model: 'amazon.nova-micro-v1:0', region: 'us-east-1', image: '0.04', reserved: { oneMonth: { input: '0.01', output: '0.04' } } };
    const report = analyze(snapshot(), PriceCatalog.bundled().withRates({ rates: [rates] }, 'rates.json', NOW), { now: NOW });
    const reserved = report.models[0]!.scenarios.find((s) => s.mode === 'reserved-1-month')!;
    // 4,800 images x $0.04 = $192.00 as billed today, beside the reservation and its overflow.
    expect(reserved.lines!.filter((l) => l.quantity.toFixed() === '4800').map((l) => l.cost!.toFixed(2))).toEqual(['192.00']);
    expect(reserved.cost!.greaterThanOrEqualTo(192)).toBe(true);
    // The images' month alone, $192 x 730 / 48 = $2,920, is in the scenario's month.
    expect(reserved.monthlyCost!.greaterThanOrEqualTo(2920)).toBe(true);
    expect(reserved.assumptions.map((a) => ('says' in a ? a.says : undefined))).toContain('items-kept-as-billed');
    // With no image price, the reservation is not priced without them.
    const unpriced = analyze(snapshot(), PriceCatalog.bundled().withRates({ rates: [{ ...rates, image: undefined }] }, 'rates.json', NOW), { now: NOW });
    const without = unpriced.models[0]!.scenarios.find((s) => s.mode === 'reserved-1-month')!;
    expect([without.cost, without.monthlyCost]).toEqual([null, null]);
  });

  it('with no image price: on demand is unpriced and so is every what-if, never priced without the images', () => {
    const report = analyze(snapshot(), PriceCatalog.bundled(), { now: NOW });
    const model = report.models[0]!;
    expect(model.currentMonthlyCost).toBeNull();
    expect(model.scenarios.length).toBeGreaterThan(1);
    for (const s of model.scenarios.filter((x) => x.feasible)) expect([s.mode, s.variant, s.cost], 'a what-if priced without the images').toEqual([s.mode, s.variant, null]);
    expect(report.summary.potentialMonthlySavings.isZero()).toBe(true);
  });
});
