import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { PRICING_MODES } from '../../src/modes/registry.js';
import { publishedReport } from '../../src/report/published.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Plans that stack steps on different layers (src/modes/mode.ts `StackLayer`): prompt caching changes
 * what is billed, the global profile changes the row it is billed at, so both can be taken for the same
 * traffic. The combined saving comes from the usage replayed under both at once, never from adding or
 * multiplying the two savings.
 */

const REGION = 'us-east-1';
const SONNET_46 = 'anthropic.claude-sonnet-4-6-v1:0';
const SONNET_46_GEO = 'us.anthropic.claude-sonnet-4-6';
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-02T00:00:00Z');
const HOURS = 24;
const catalog = PriceCatalog.bundled();

interface Hour { I: number; O: number; R: number; W: number }

/** `hours` hourly points through the geo profile, from START. */
function snapshotOf(points: Hour[]): UsageSnapshot {
  const builder = new UsageBuilder();
  points.forEach((p, i) => {
    const timestamp = START + i * 3600;
    for (const [metric, value] of [['InputTokenCount', p.I], ['OutputTokenCount', p.O], ['CacheReadInputTokenCount', p.R], ['CacheWriteInputTokenCount', p.W], ['Invocations', 1]] as const) {
      builder.add({ region: REGION, modelId: SONNET_46_GEO, metric, timestamp, periodSeconds: 3600, value });
    }
  });
  return {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + points.length * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('a plan stacks prompt caching and the global profile (Claude Sonnet 4.6, us-east-1, geo)', () => {
  // 1,000,000 input and 100,000 output tokens every hour for 24 hours, no caching today: spread evenly,
  // so batch is not advised (no scheduled shape) and cannot be the plan's step.
  const report = analyze(snapshotOf(Array.from({ length: HOURS }, () => ({ I: 1_000_000, O: 100_000, R: 0, W: 0 }))), catalog, { now: NOW });
  const plan = report.plans!.find((p) => p.modelId === SONNET_46)!;
  const recs = report.recommendations.filter((r) => r.modelId === SONNET_46);

  it('replays the cache what-if at the global row: $2,367.9375 a month, not the two savings added', () => {
    // Prices per 1K tokens (bundled catalog, us-east-1): geo = in-Region input 0.0033, output 0.0165,
    // cache read 0.00033, 5m write 0.004125; global input 0.003, output 0.015, cache read 0.0003, 5m write 0.00375.
    // A month is 730 / 24 windows.
    // Today: 24,000K x 0.0033 + 2,400K x 0.0165 = 79.20 + 39.60 = $118.80; x 730/24 = $3,613.50.
    expect(plan.currentMonthlyCost.toFixed()).toBe('3613.5');
    // Step 1, prompt caching at the middle read share (50%), 0.25 written per token read (none cached today):
    // 12,000K read, 3,000K written, 9,000K uncached:
    // 9,000 x 0.0033 + 12,000 x 0.00033 + 3,000 x 0.004125 + 2,400 x 0.0165 = 29.70 + 3.96 + 12.375 + 39.60 = $85.635;
    // x 730/24 = $2,604.73125, a saving of $1,008.76875.
    expect(recs[0]).toMatchObject({ action: 'enable-prompt-caching', fromMode: 'on-demand', toMode: 'prompt-cache' });
    expect(recs[0]!.newMonthlyCost!.toFixed()).toBe('2604.73125');
    expect(plan.steps[0]!.monthlySavings!.toFixed()).toBe('1008.76875');
    // Step 2, the same quantities at the global row:
    // 9,000 x 0.003 + 12,000 x 0.0003 + 3,000 x 0.00375 + 2,400 x 0.015 = 27 + 3.6 + 11.25 + 36 = $77.85;
    // x 730/24 = $2,367.9375: it adds 2,604.73125 - 2,367.9375 = $236.79375 after step 1.
    expect(recs[1]).toMatchObject({ action: 'use-global-cross-region-profile', fromMode: 'prompt-cache', toMode: 'on-demand-global', stacksOn: 'prompt-cache' });
    expect(recs[1]!.currentMonthlyCost.toFixed()).toBe('2604.73125');
    expect(plan.steps[1]!.monthlySavings!.toFixed()).toBe('236.79375');
    // The plan: 3,613.50 - 2,367.9375 = $1,245.5625. Adding the savings each step makes alone would
    // claim 1,008.76875 + 328.50 (global alone: 118.80 - 108.00 = $10.80 a window, x 730/24) = $1,337.26875.
    expect(plan.plannedMonthlyCost!.toFixed()).toBe('2367.9375');
    expect(plan.monthlySavings!.toFixed()).toBe('1245.5625');
    const globalAlone = report.models.find((m) => m.modelId === SONNET_46)!.scenarios.find((s) => s.mode === 'on-demand-global')!;
    expect(globalAlone.monthlyCost!.toFixed()).toBe('3285');
  });

  it('each step keeps its own confidence and assumptions; the plan is as sure as its least sure step', () => {
    // Caching with no cache today: low (nothing lower to lower it to). Global: medium for data residency, lowered by the 1-day window.
    expect(recs[0]!.advice.reasons.map((r) => r.code)).toEqual(['cache-prefix-unknown']);
    expect(recs[1]!.advice.reasons.map((r) => r.code)).toEqual(['data-residency', 'short-window']);
    expect(recs[1]!.confidence).toBe('low');
    expect(recs[1]!.assumptions).toContainEqual({ says: 'global-data-residency' });
    expect(recs[1]!.assumptions).toContainEqual({ says: 'stacked-on', after: 'prompt-cache' });
    expect(recs[0]!.assumptions).not.toContainEqual({ says: 'global-data-residency' });
    expect(plan.confidence).toBe('low');
    // Published: the steps' savings add to the plan's, to the cent.
    const published = publishedReport(report).plans!.find((p) => p.modelId === SONNET_46)!;
    expect(published.steps.map((s) => s.monthlySavings!.toFixed(2))).toEqual(['1008.77', '236.79']);
    expect(published.monthlySavings!.toFixed(2)).toBe('1245.56');
    expect(published.why).toContain('After the prompt-cache step, $2,604.73/month; with this step on top of it, $2,367.94/month');
  });

  it('only routing and what is billed compose: batch, Flex, Priority, provisioned and Reserved stay alternatives', () => {
    const layers = Object.fromEntries(PRICING_MODES.filter((m) => m.adviser).map((m) => [m.id, m.adviser!.stack?.layer ?? 'alternative']));
    expect(layers).toEqual({
      global: 'routing', 'prompt-cache': 'quantities',
      batch: 'alternative', 'service-tier': 'alternative', reserved: 'alternative', provisioned: 'alternative',
    });
  });
});

describe('a stacked plan, for any usage', () => {
  const hour = fc.record({
    I: fc.integer({ min: 0, max: 3_000_000 }), O: fc.integer({ min: 0, max: 400_000 }),
    R: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })), W: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500_000 })),
  });

  it('costs no more than any single step it contains, and no less than every token at its cheapest price in either row', () => {
    const inRegion = catalog.prices(SONNET_46, REGION, 'geo')!.perThousandTokens;
    const global = catalog.prices(SONNET_46, REGION, 'global')!.perThousandTokens;
    const cheapest = (keys: Array<keyof typeof inRegion>) => Decimal.min(...[inRegion, global].flatMap((row) => keys.map((k) => row[k]!.usd)));
    const cheapestInput = cheapest(['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'batchInput']);
    const cheapestOutput = cheapest(['output', 'batchOutput']);
    let stacked = 0;
    fc.assert(
      fc.property(fc.array(hour, { minLength: HOURS, maxLength: HOURS }), (hours) => {
        const report = analyze(snapshotOf(hours), catalog, { now: NOW });
        const plan = report.plans?.find((p) => p.modelId === SONNET_46);
        if (!plan) return;
        const model = report.models.find((m) => m.modelId === SONNET_46)!;
        const recs = report.recommendations.filter((r) => r.modelId === SONNET_46 && !r.action.includes('batch'));
        if (recs.some((r) => r.stacksOn)) stacked++;
        expect(plan.monthlySavings!.isNegative()).toBe(false);
        // Each step alone: the first step's own scenario, and a stacked step's scenario on its own.
        for (const r of recs) {
          const alone = r.stacksOn ? model.scenarios.find((s) => s.mode === r.toMode)!.monthlyCost! : r.newMonthlyCost!;
          expect(plan.plannedMonthlyCost!.lessThanOrEqualTo(alone)).toBe(true);
        }
        // The floor: every input token (plain, read, written) at the cheapest input-side price of either row, output likewise.
        const u = model.usage;
        const floorWindow = cheapestInput.times(u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens).plus(cheapestOutput.times(u.outputTokens)).dividedBy(1000);
        expect(plan.plannedMonthlyCost!.greaterThanOrEqualTo(floorWindow.times(730).dividedBy(HOURS).toDecimalPlaces(6, Decimal.ROUND_DOWN))).toBe(true);
      }),
      { numRuns: 25, seed: 16 },
    );
    // The property is about stacked plans: some runs must have one.
    expect(stacked).toBeGreaterThan(0);
  });
});
