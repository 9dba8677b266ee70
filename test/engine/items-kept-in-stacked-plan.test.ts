import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * A stacked step (prompt caching, then the global profile on top) re-prices the usage under both steps
 * at once. Every single what-if keeps the per-item charges billed today (images beside a text model's
 * tokens) at today's price, the model's own row (`ITEMS_KEPT_AS_BILLED`): the stacked figure must keep
 * them too. It billed the cache what-if's tokens alone, so the stacked step claimed the images' whole
 * cost as its saving; and where the global row has an image price of its own, the images are still
 * billed at today's row, as the global what-if bills them.
 */
const REGION = 'us-east-1';
const SONNET_46 = 'anthropic.claude-sonnet-4-6-v1:0';
const SONNET_46_GEO = 'us.anthropic.claude-sonnet-4-6';
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-02T00:00:00Z');

/** 24 hours of 1,000,000 input and 100,000 output tokens an hour and 10 images an hour, through the geo profile, no caching today. */
function snapshot(): UsageSnapshot {
  const builder = new UsageBuilder();
  for (let h = 0; h < 24; h++) {
    const timestamp = START + h * 3600;
    for (const [metric, value] of [['InputTokenCount', 1_000_000], ['OutputTokenCount', 100_000], ['Invocations', 1], ['OutputImageCount', 10]] as const) {
      builder.add({ region: REGION, modelId: SONNET_46_GEO, metric, timestamp, periodSeconds: 3600, value });
    }
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('a stacked cache + global step keeps the images billed today', () => {
  it('with an image price of $0.04 today (the in-Region row the geo profile bills at) and $0.02 in the global row: the images stay at $0.04 in every figure of the plan', () => {
    const catalog = PriceCatalog.bundled().withRates({
      rates: [
        { model: SONNET_46, region: REGION, scope: 'in-region', image: '0.04' },
        { model: SONNET_46, region: REGION, scope: 'global', image: '0.02' },
      ],
    }, 'rates.json', NOW);
    const report = analyze(snapshot(), catalog, { now: NOW });
    const recs = report.recommendations.filter((r) => r.modelId === SONNET_46);
    const plan = report.plans!.find((p) => p.modelId === SONNET_46)!;
    // By hand, per 1K tokens (bundled catalog, us-east-1): geo input 0.0033, output 0.0165, cache read
    // 0.00033, 5m write 0.004125; global input 0.003, output 0.015, cache read 0.0003, 5m write 0.00375.
    // Images: 240 in the window at today's $0.04 = $9.60. A month is 730 / 24 windows.
    // Today: 24,000K x 0.0033 + 2,400K x 0.0165 + 9.60 = 79.20 + 39.60 + 9.60 = $128.40; x 730/24 = $3,905.50.
    expect(plan.currentMonthlyCost.toFixed()).toBe('3905.5');
    // Step 1, caching at the 50% read share (0.25 written per read): 9,000K uncached, 12,000K read, 3,000K written:
    // 29.70 + 3.96 + 12.375 + 39.60 + 9.60 (images) = $95.235; x 730/24 = $2,896.73125, saving $1,008.76875.
    expect(recs[0]).toMatchObject({ action: 'enable-prompt-caching', toMode: 'prompt-cache' });
    expect(recs[0]!.newMonthlyCost!.toFixed()).toBe('2896.73125');
    expect(recs[0]!.monthlySavings!.toFixed()).toBe('1008.76875');
    // Global alone: 24,000 x 0.003 + 2,400 x 0.015 + 9.60 (images at today's row, not the global row's $0.02) = $117.60; x 730/24 = $3,577.
    const globalAlone = report.models.find((m) => m.modelId === SONNET_46)!.scenarios.find((s) => s.mode === 'on-demand-global')!;
    expect(globalAlone.monthlyCost!.toFixed()).toBe('3577');
    // Step 2, the cached quantities at the global row, the images as billed today:
    // 27 + 3.6 + 11.25 + 36 + 9.60 = $87.45; x 730/24 = $2,659.9375: 2,896.73125 - 2,659.9375 = $236.79375 after step 1.
    // (Without the images the stacked figure was $2,367.9375 and the step claimed $528.79375, the images' $292 a month with it;
    // with the images at the global row's $0.02 it would be $2,513.9375.)
    expect(recs[1]).toMatchObject({ action: 'use-global-cross-region-profile', stacksOn: 'prompt-cache' });
    expect(recs[1]!.currentMonthlyCost.toFixed()).toBe('2896.73125');
    expect(recs[1]!.newMonthlyCost!.toFixed()).toBe('2659.9375');
    expect(recs[1]!.monthlySavings!.toFixed()).toBe('236.79375');
    expect(recs[1]!.assumptions).toContainEqual({ says: 'items-kept-as-billed' });
    // The plan: 3,905.50 - 2,659.9375 = $1,245.5625, the images' $292 a month in the planned cost.
    expect(plan.plannedMonthlyCost!.toFixed()).toBe('2659.9375');
    expect(plan.monthlySavings!.toFixed()).toBe('1245.5625');
  });

  it('with no image price today (none in the in-Region row, $0.02 in the global row): no step is priced, stacked or not', () => {
    const catalog = PriceCatalog.bundled().withRates({ rates: [{ model: SONNET_46, region: REGION, scope: 'global', image: '0.02' }] }, 'rates.json', NOW);
    const report = analyze(snapshot(), catalog, { now: NOW });
    const model = report.models.find((m) => m.modelId === SONNET_46)!;
    expect(model.currentMonthlyCost).toBeNull();
    expect(report.recommendations.filter((r) => r.modelId === SONNET_46)).toEqual([]);
    expect(report.recommendations.some((r) => r.stacksOn !== undefined)).toBe(false);
    expect((report.plans ?? []).filter((p) => p.modelId === SONNET_46 && p.plannedMonthlyCost !== null)).toEqual([]);
    // Neither step's what-if is priced without the images.
    for (const s of model.scenarios.filter((x) => x.mode === 'on-demand-global' || x.mode === 'prompt-cache')) expect([s.mode, s.variant, s.cost]).toEqual([s.mode, s.variant, null]);
  });
});
