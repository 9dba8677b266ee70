import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog, type Priced } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import type { Scenario } from '../../src/domain/report.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { usd } from '../../src/money.js';
import { breakEvenReadShare } from '../../src/replay/model-replay.js';
import { ReplayShared } from '../../src/replay/shared.js';

/**
 * What one analyze() call works out once for its models (the cache break-even read share of a triple of
 * prices, a committed term's hours note) lives in that call's `ReplayShared`, not in a module: each call
 * gets its own figure from its own prices and date, and a warm process does no less work than a CLI run's
 * single call.
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-04T00:00:00Z');

function snapshot(modelId: string): UsageSnapshot {
  const builder = new UsageBuilder();
  for (let h = 0; h < 48; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('figures worked out once per analyze() call belong to that call', () => {
  const CLAUDE = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
  function breakEven(cacheWrite: string): number[] {
    const rates = { model: CLAUDE, region: 'us-east-1', onDemand: { input: '0.003', output: '0.015', cacheRead: '0.0003', cacheWrite } };
    const report = analyze(snapshot(CLAUDE), PriceCatalog.bundled().withRates({ rates: [rates] }, 'rates.json', NOW), { now: NOW });
    const whatIfs = report.models[0]!.scenarios.filter((s) => s.mode === 'prompt-cache');
    expect(whatIfs.length).toBeGreaterThan(0);
    return [...new Set(whatIfs.map((s) => s.promptCache!.breakEvenReadShare))];
  }

  it('the cache break-even read share: each call its own prices\' (write - input) / (write - read)', () => {
    // $0.00375 writes: 0.00075 / 0.00345 = 5/23; $0.006: 0.003 / 0.0057 = 10/19; then the first prices again.
    expect(breakEven('0.00375')).toEqual([5 / 23]);
    const second = breakEven('0.006');
    expect(second).toHaveLength(1);
    expect(second[0]).toBeCloseTo(10 / 19, 15);
    expect(breakEven('0.00375')).toEqual([5 / 23]);
    // Writes at the input price: no premium, so caching breaks even at once.
    expect(breakEven('0.003')).toEqual([0]);
  });

  it('a committed term\'s hours note: each call its own date\'s day and hours', () => {
    const MICRO = 'amazon.nova-micro-v1:0';
    const rates = { model: MICRO, region: 'us-east-1', provisioned: { oneMonth: '0.04', unitTokensPerMinute: { input: 1_000_000, output: 200_000 } } };
    const hoursNote = (now: Date) => {
      const report = analyze(snapshot(MICRO), PriceCatalog.bundled().withRates({ rates: [rates] }, 'rates.json', now), { now });
      const scenario = report.models[0]!.scenarios.find((s) => s.mode === 'provisioned-1-month') as Scenario;
      return scenario.assumptions.find((a) => 'says' in a && a.says === 'pt-term-hours');
    };
    // 2026-11-04 to 2026-12-04: 30 days, 720 hours; 2027-01-31 to 2027-02-28 (February's last day): 28 days, 672 hours.
    expect(hoursNote(NOW)).toEqual({ says: 'pt-term-hours', months: 1, boughtOn: '2026-11-04', termHours: 720 });
    expect(hoursNote(new Date('2027-01-31T00:00:00Z'))).toEqual({ says: 'pt-term-hours', months: 1, boughtOn: '2027-01-31', termHours: 672 });
    expect(hoursNote(NOW)).toEqual({ says: 'pt-term-hours', months: 1, boughtOn: '2026-11-04', termHours: 720 });
  });

  it('neither is kept in a module from one call to the next', () => {
    for (const file of ['src/replay/model-replay.ts', 'src/modes/provisioned.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/^(?:const|let) \w+ = new Map\b/m);
    }
    // Nor the prompt-cache what-ifs or the batch share as a last value: no module-level variable, no module-level "last" object.
    for (const file of ['src/modes/prompt-cache.ts', 'src/modes/batch.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/^let |^const last\w*\b/m);
    }
  });

  it('the prompt-cache what-ifs: each call makes its own, equal to the last call\'s', () => {
    const CLAUDE = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    const rates = { model: CLAUDE, region: 'us-east-1', onDemand: { input: '0.003', output: '0.015', cacheRead: '0.0003', cacheWrite: '0.00375' } };
    const catalog = PriceCatalog.bundled().withRates({ rates: [rates] }, 'rates.json', NOW);
    const whatIfs = () => analyze(snapshot(CLAUDE), catalog, { now: NOW }).models[0]!.scenarios.filter((s) => s.mode === 'prompt-cache');
    const first = whatIfs();
    const second = whatIfs();
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBe(first.length);
    for (let i = 0; i < first.length; i++) {
      // The same figures, in objects of the second call's own (a module kept the first call's last ones).
      expect(second[i]!.promptCache).toEqual(first[i]!.promptCache);
      expect(second[i]!.promptCache).not.toBe(first[i]!.promptCache);
      expect(second[i]!.label).not.toBe(first[i]!.label);
    }
  });

  it('an analysis\'s kept break-even read share is the one worked out, for any prices asked in any order', () => {
    const Forty = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
    const priced = (value: string): Priced => ({ usd: usd(value), source: { id: 's', title: 'test source', url: 'https://example.invalid', readOn: '2026-11-24', reliability: 'PL' } as Priced['source'] });
    // Prices of one word of digits (kept by the analysis) and of two or more (worked out each time).
    const price = fc.tuple(fc.integer({ min: 1, max: 99_999_999_999 }), fc.integer({ min: 0, max: 14 })).map(([d, s]) => `${d}e-${s}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(price, price, price), { minLength: 1, maxLength: 8 }), (triples) => {
        const shared = new ReplayShared();
        // The same triples twice, so a repeated triple is read from what the analysis kept.
        for (const [input, read, write] of [...triples, ...triples]) {
          const premium = new Forty(write).minus(input);
          const expected = premium.lessThanOrEqualTo(0) ? 0 : premium.dividedBy(new Forty(write).minus(read)).toNumber();
          expect(breakEvenReadShare(priced(input), priced(read), priced(write), shared)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
    // Equal prices written differently are one triple: (0.00375 - 0.003) / (0.00375 - 0.0003) = 5/23.
    const shared = new ReplayShared();
    expect(breakEvenReadShare(priced('0.0030'), priced('0.0003'), priced('0.00375'), shared)).toBe(5 / 23);
    expect(breakEvenReadShare(priced('0.003'), priced('0.00030'), priced('0.003750'), shared)).toBe(5 / 23);
    expect(breakEvenReadShare(priced('0'), priced('0.0003'), priced('0.00375'), shared)).toBeUndefined();
  });
});
