import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * The Flex and Priority scenarios of a model, whichever tiers its row prices: a scenario for each tier
 * with a rate, Flex first, none without; each bills the tokens at its tier's rates. (src/modes/service-tier.ts
 * makes them without a loop over the tiers: every combination is checked here.)
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-03T00:00:00Z');
const SOURCE = { s: { title: 'test (synthetic)', url: 'https://example.invalid/test', readOn: '2026-11-01', reliability: 'PL' } };
const FLEX = { flexInput: '0.0015', flexOutput: '0.0075' };
const PRIORITY = { priorityInput: '0.00525', priorityOutput: '0.02625' };
const ROWS: Record<string, object> = { 'test.both': { ...FLEX, ...PRIORITY }, 'test.flex': FLEX, 'test.priority': PRIORITY, 'test.none': {}, 'test.flex-output': { flexOutput: '0.0075' } };

function catalog(): PriceCatalog {
  const ids = Object.keys(ROWS);
  return PriceCatalog.fromDocument({
    schemaVersion: 2, currency: 'USD', asOf: '2026-11-01', sources: SOURCE,
    models: ids.map((modelId) => ({ modelId, name: modelId, provider: 'Test', modality: 'text' })),
    prices: ids.map((model) => ({ model, region: 'us-east-1', scope: 'in-region', source: 's', perThousandTokens: { input: '0.003', output: '0.015', ...ROWS[model] } })),
  }, 'test catalog');
}

/** One hour of 1,000,000 input and 200,000 output tokens on every model. */
function snapshot(): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const modelId of Object.keys(ROWS)) {
    builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp: START, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp: START, periodSeconds: 3600, value: 200_000 });
    builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp: START, periodSeconds: 3600, value: 10 });
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-01T01:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('the service-tier scenarios of a model', () => {
  const report = analyze(snapshot(), catalog(), { now: NOW });
  const tiers = (modelId: string) => report.models.find((m) => m.modelId === modelId)!.scenarios
    .filter((s) => s.mode === 'flex' || s.mode === 'priority')
    .map((s) => [s.mode, s.cost === null ? null : s.cost.toFixed()]);

  it('are one a priced tier, Flex first, each at its own rates', () => {
    // Flex: 1,000K x $0.0015 + 200K x $0.0075 = $1.5 + $1.5; Priority: 1,000K x $0.00525 + 200K x $0.02625 = $5.25 + $5.25.
    expect(tiers('test.both')).toEqual([['flex', '3'], ['priority', '10.5']]);
    expect(tiers('test.flex')).toEqual([['flex', '3']]);
    expect(tiers('test.priority')).toEqual([['priority', '10.5']]);
  });

  it('are none without a tier rate, and a tier with one side priced is unpriced, never $0 on the other side', () => {
    expect(tiers('test.none')).toEqual([]);
    expect(tiers('test.flex-output')).toEqual([['flex', null]]);
  });
});
