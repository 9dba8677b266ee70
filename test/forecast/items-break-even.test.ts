import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * A provisioned commitment's break-even utilisation weighs the unit-hour price against the on-demand
 * value of the load the units serve: the tokens. Images billed beside a text model's tokens stay as
 * billed whatever is bought (a model unit serves tokens only), so they are no part of that value;
 * counted in, they made every unit look worth 65 times more than it is and the break-even near zero.
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-15T00:00:00Z');
const MODEL = 'amazon.nova-micro-v1:0';
const HOURS = 14 * 24;

/** 14 days of 1,000,000 input and 200,000 output tokens an hour, and 100 images an hour, Nova Micro in us-east-1. */
function snapshot(): UsageSnapshot {
  const builder = new UsageBuilder();
  for (let h = 0; h < HOURS; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'OutputImageCount', timestamp, periodSeconds: 3600, value: 100 });
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-15T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

const PROVISIONED = { noCommit: '0.05', oneMonth: '0.04', sixMonth: '0.03', unitTokensPerMinute: { input: 1_000_000, output: 200_000 } };

describe('the provisioned break-even utilisation of a model with images beside its tokens', () => {
  it('weighs the unit-hour price against the tokens\' on-demand value alone', () => {
    const catalog = PriceCatalog.bundled().withRates({ rates: [{ model: MODEL, region: 'us-east-1', image: '0.04', provisioned: PROVISIONED }] }, 'rates.json', NOW);
    const report = analyze(snapshot(), catalog, { now: NOW, forecast: {} });
    const oneMonth = report.models[0]!.forecast!.commitments.find((c) => c.mode === 'provisioned-1-month')!;
    // By hand: a unit serves 1,000,000 input / 200,000 output tokens a minute, so each hour's load is
    // 1,000,000 / 60,000,000 = 1/60 of a unit (output: 200,000 / 12,000,000, the same): 336 h / 60 = 5.6
    // unit-hours. The tokens on demand: 1,000K x $0.000035 + 200K x $0.00014 = $0.063 an hour, $21.168
    // for the window, $3.78 a unit-hour; the images ($4 an hour) are not served by a unit.
    // Break-even: $0.04 / $3.78 = 0.010582 -> 0.0106 (with the images counted in: $0.04 / $243.78 = 0.0002).
    expect(oneMonth.breakEvenUtilisation).toBe(0.0106);
  });
});
