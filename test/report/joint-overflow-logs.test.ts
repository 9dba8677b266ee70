import { describe, expect, it } from 'vitest';
import type { LogCoverage, ModelUsageSummary, RequestClassCounts } from '../../src/domain/report.js';
import { PriceBook } from '../../src/modes/price-book.js';
import { overflowRatesByRequestClass } from '../../src/recommend/plan.js';
import { logsCatalog } from '../logs/logs-catalog.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze, type RequestLookup } from '../../src/engine.js';
import { SAMPLE_ACCOUNT, SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../../src/sample/sample.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { SONNET_45 } from '../logs/log-fixture.js';

/**
 * The joint provisioned plan's overflow where the invocation logs priced the model: each side at its
 * average over the logged requests, each class at its own on-demand rate (cached tokens as input, as
 * the plan serves overflow without caching), CloudWatch's points outside the covered hours at list
 * rates. Figures worked by hand at the logs catalog's Sonnet 4.5 prices per 1K tokens (input 0.003,
 * output 0.015; above 200K input 0.006, output 0.0225).
 */
const catalog = logsCatalog();
const book = new PriceBook(catalog.model(SONNET_45), catalog.prices(SONNET_45, 'us-east-1', 'in-region')!);
const zero = { cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheWriteUnsplit: 0 };
const cls = (over: Partial<RequestClassCounts> & Pick<RequestClassCounts, 'tokens'>): RequestClassCounts => ({ longContext: false, tier: 'standard', streaming: false, errored: false, requests: 1, ...over });
const coverage = { complete: false } as unknown as LogCoverage;
const rest: ModelUsageSummary = { inputTokens: 10_000, outputTokens: 500, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, invocations: 1, images: 0, throttles: 0 } as ModelUsageSummary;
const logged = (classes: RequestClassCounts[]) => ({ whatIfUsage: rest, restUsage: rest, quantities: { coverage, classes } });

describe('the joint plan\'s overflow rates by request class', () => {
  it('price each class of the logged requests at its own rate, and the rest of the window at list rates', () => {
    const rates = overflowRatesByRequestClass(book, catalog.model(SONNET_45), logged([
      // Above 200K: (150,000 + 60,000 read) x 0.006 = 1.26 on the input side; 2,000 x 0.0225 = 0.045 out.
      cls({ longContext: true, tokens: { ...zero, input: 150_000, cacheRead: 60_000, output: 2_000 } }),
      // Below: (199,000 + 1,000 written) x 0.003 = 0.6; 1,000 x 0.015 = 0.015.
      cls({ tokens: { ...zero, input: 199_000, cacheWrite5m: 1_000, output: 1_000 } }),
    ]))!;
    // Input side: (0.03 + 1.26 + 0.6) / 420,000 tokens = 0.0045 per 1K; output: (0.0075 + 0.045 + 0.015) / 3,500.
    expect(rates.input.cost(1_000).toFixed()).toBe('0.0045');
    expect(rates.input.sideTokens).toBe(420_000);
    expect(rates.output.cost(3_500).toFixed()).toBe('0.0675');
    expect(rates.output.sideTokens).toBe(3_500);
    // At list rates (the plan without logs) the same 1,000 overflow input tokens cost 0.003: the long-context premium was left out.
  });

  it('are unknown (no joint plan) when a class has no price: a long-context request in the priority tier', () => {
    expect(overflowRatesByRequestClass(book, catalog.model(SONNET_45), logged([cls({ longContext: true, tier: 'priority', tokens: { ...zero, input: 250_000, output: 10 } })]))).toBeNull();
  });
});

describe('the joint plan of the sample account with invocation logs over the whole window', () => {
  const catalog = PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON);
  const now = new Date(SAMPLE_END);
  const without = analyze(sampleSnapshot(), catalog, { now });
  const LITE = 'amazon.nova-2-lite-v1:0';
  const line = without.models.find((m) => m.modelId === LITE && (m.scope ?? 'in-region') === 'in-region')!;
  // Every on-demand token of the line in one standard class: priced by class, exactly what CloudWatch's sums at list rates give.
  const u = line.usage;
  const requests: RequestLookup = (_account, modelId, region, scope) => modelId === LITE && region === line.region && scope === 'in-region' ? {
    coverage: { accountId: SAMPLE_ACCOUNT, region, start: without.window.start, end: without.window.end, hours: without.window.hours, windowHours: without.window.hours, complete: true },
    classes: [cls({ requests: u.invocations, tokens: { input: u.inputTokens, cacheRead: u.cacheReadInputTokens, cacheWrite5m: u.cacheWriteInputTokens, cacheWrite1h: 0, cacheWriteUnsplit: 0, output: u.outputTokens } })],
  } : undefined;
  const withLogs = analyze(sampleSnapshot(), catalog, { now, requests });
  const plan = (r: typeof without) => r.plans!.find((p) => p.modelId === LITE)!;

  it('prices the overflow by request class (said in its assumptions), and standard requests give the list rates\' figure', () => {
    expect(plan(without).assumptions).toContainEqual({ says: 'joint-sized-together' });
    expect(plan(withLogs).assumptions).toContainEqual({ says: 'joint-sized-together-by-request-class' });
    expect(plan(withLogs).assumptions).not.toContainEqual({ says: 'joint-sized-together' });
    // The sample's Nova 2 Lite plan (see test/report/plan.test.ts): all requests standard, so the same $106,199.77.
    expect(plan(without).monthlySavings!.toFixed(2)).toBe('106199.77');
    expect(plan(withLogs).monthlySavings!.toFixed(2)).toBe(plan(without).monthlySavings!.toFixed(2));
  });
});
