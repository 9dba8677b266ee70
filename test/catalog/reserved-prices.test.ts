import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { citationText } from '../../src/report/line-text.js';
import { citePrice } from '../../src/replay/bill.js';

/**
 * The Reserved tier as the Price List prices it: per 1K tokens-per-minute per HOUR (usage types
 * `Reserved_{1,3}Month_{Input,Output}TPM_{Geo,Global}`, descriptions "Per Hour per 1K Input TPM").
 * Rows: aws-samples/sample-bedrock-spend-budget-guardrails lambda/test/fixtures/pricing/fm-sonnet-4-6-use1.json @ 588b625.
 */
const catalog = PriceCatalog.bundled();
const SONNET_46 = 'anthropic.claude-sonnet-4-6-v1:0';

describe('Reserved tier prices are per 1K TPM per hour', () => {
  const geo = catalog.prices(SONNET_46, 'us-east-1', 'geo')!;
  const global = catalog.prices(SONNET_46, 'us-east-1', 'global')!;

  it('Claude Sonnet 4.6 1-month input, geo: $0.198 an hour = 1K TPM for 60 minutes = 60,000 tokens at $3.30 per 1M', () => {
    // By hand: 1,000 tokens/minute x 60 minutes = 60,000 tokens; 60,000 / 1,000,000 x $3.30 = $0.198.
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed()).toBe('0.198');
    expect(geo.perThousandTokens.input?.usd.times(60).toFixed()).toBe('0.198');
    // A month is 730 hours: $0.198 x 730 = $144.54 per 1K TPM, stated on the price.
    expect(geo.reservedPerThousandTpmMonth.oneMonth?.input?.usd.toFixed()).toBe('144.54');
    expect(geo.reservedPerThousandTpmMonth.oneMonth?.input?.adjustments).toEqual([{ rule: 'per-hour-to-month', perHour: '0.198', hours: 730 }]);
    expect(citationText(citePrice(geo.reservedPerThousandTpmMonth.oneMonth!.input!))).toMatch(/; \$0\.198 per 1K TPM per hour x 730 hours a month$/);
  });

  it('output and the 3-month term, geo and global, each read from its own row', () => {
    // $0.99 = 60,000 x $16.50 / 1M (geo output); $0.90 = 60,000 x $15 / 1M (global output).
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed()).toBe('0.99');
    expect(global.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed()).toBe('0.18');
    expect(global.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed()).toBe('0.9');
    // 3 months is 10% below 1 month: $0.1782 = 0.9 x $0.198; $0.162 = 0.9 x $0.18.
    expect(geo.reservedPerThousandTpmHour?.threeMonth?.input?.usd.toFixed()).toBe('0.1782');
    expect(geo.reservedPerThousandTpmHour?.threeMonth?.output?.usd.toFixed()).toBe('0.891');
    expect(global.reservedPerThousandTpmHour?.threeMonth?.input?.usd.toFixed()).toBe('0.162');
    expect(global.reservedPerThousandTpmHour?.threeMonth?.output?.usd.toFixed()).toBe('0.81');
  });
});

describe('Reserved is never advised as a saving when it costs more than Standard', () => {
  function run(inputPerMinute: number, outputPerMinute: number) {
    const start = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const builder = new UsageBuilder();
    // A steady load, hour by hour over 730 hours (the window is the month).
    for (let h = 0; h < HOURS_PER_MONTH; h++) {
      const timestamp = start + h * 3600;
      builder.add({ region: 'us-east-1', modelId: `us.${SONNET_46}`, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: inputPerMinute * 60 });
      builder.add({ region: 'us-east-1', modelId: `us.${SONNET_46}`, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: outputPerMinute * 60 });
      builder.add({ region: 'us-east-1', modelId: `us.${SONNET_46}`, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 60 });
    }
    const snapshot: UsageSnapshot = {
      window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
      models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    };
    return analyze(snapshot, catalog, { now: new Date('2026-11-01T00:00:00Z') });
  }

  it('a steady 200K input / 20K output TPM: 1 month costs exactly Standard, 3 months 10% less', () => {
    const report = run(200_000, 20_000);
    const model = report.models[0]!;
    const standard = model.scenarios.find((s) => s.mode === 'on-demand')!;
    // Standard by hand: 200,000 x 60 x 730 = 8,760,000,000 input tokens x $3.30/M = $28,908;
    // 20,000 x 60 x 730 = 876,000,000 output tokens x $16.50/M = $14,454; total $43,362.
    expect(standard.monthlyCost?.toFixed()).toBe('43362');
    const oneMonth = model.scenarios.find((s) => s.mode === 'reserved-1-month')!;
    const threeMonth = model.scenarios.find((s) => s.mode === 'reserved-3-month')!;
    // 1 month: 200 x $144.54 + 20 x $722.70 ($0.99 x 730) = $28,908 + $14,454 = $43,362: no saving.
    expect(oneMonth.monthlyCost?.toFixed()).toBe('43362');
    // 3 months: 200 x $130.086 + 20 x $650.43 = $26,017.20 + $13,008.60 = $39,025.80.
    expect(threeMonth.monthlyCost?.toFixed()).toBe('39025.8');
    // Advice to reserve is only ever a real saving: never the 1-month term that saves nothing.
    for (const r of report.recommendations.filter((x) => x.action === 'buy-reserved-tier')) {
      expect(r.toMode).not.toBe('reserved-1-month');
      expect(r.newMonthlyCost!.lessThan(r.currentMonthlyCost)).toBe(true);
    }
  });

  it('a load below the minimum reservation: Reserved costs more than Standard and is not advised', () => {
    const report = run(20_000, 2_000);
    const model = report.models[0]!;
    const standard = model.scenarios.find((s) => s.mode === 'on-demand')!.monthlyCost!;
    for (const mode of ['reserved-1-month', 'reserved-3-month'] as const) {
      const reserved = model.scenarios.find((s) => s.mode === mode)!;
      // The minimum reservation (100K input / 10K output TPM) is far above a 20K TPM load.
      expect(reserved.monthlyCost!.greaterThan(standard), mode).toBe(true);
    }
    expect(report.recommendations.filter((r) => r.action === 'buy-reserved-tier')).toEqual([]);
  });
});

describe('Reserved rows read from the agreement-offer rate cards in whchoi98/model-monitoring @ 98f5dac', () => {
  const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';

  it('Claude Haiku 4.5, 1 month, us-east-1 and ap-northeast-2: geo 0.066 / 0.33, global 0.06 / 0.3 per 1K TPM per hour', () => {
    // Card dimensions USE1_ and APN2_Reserved_1Month_{Input,Output}TPM_{Geo,Global}: "0.066", "0.33", "0.06", "0.3".
    // By hand: 60,000 tokens x $1.10 / 1M = $0.066, x $5.50 = $0.33; global 60,000 x $1 = $0.06, x $5 = $0.30.
    for (const region of ['us-east-1', 'ap-northeast-2']) {
      const geo = catalog.prices(HAIKU_45, region, 'geo')!;
      const global = catalog.prices(HAIKU_45, region, 'global')!;
      expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed(), region).toBe('0.066');
      expect(geo.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed(), region).toBe('0.33');
      expect(global.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed(), region).toBe('0.06');
      expect(global.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed(), region).toBe('0.3');
      expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.source.id, region).toBe('agreement-offer-claude-haiku-4-5-whchoi98');
      // The card has no 3-month term: unpriced, never $0.
      expect(geo.reservedPerThousandTpmHour?.threeMonth, region).toBeUndefined();
    }
  });

  it('Claude Sonnet 4.6, 1 month, ap-northeast-2: the same 0.198 / 0.99 geo and 0.18 / 0.9 global as the us-east-1 Price List rows', () => {
    const geo = catalog.prices(SONNET_46, 'ap-northeast-2', 'geo')!;
    const global = catalog.prices(SONNET_46, 'ap-northeast-2', 'global')!;
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed()).toBe('0.198');
    expect(geo.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed()).toBe('0.99');
    expect(global.reservedPerThousandTpmHour?.oneMonth?.input?.usd.toFixed()).toBe('0.18');
    expect(global.reservedPerThousandTpmHour?.oneMonth?.output?.usd.toFixed()).toBe('0.9');
    // us-east-1 stays priced from the real GetProducts rows (the card's USE1 rows agree and are not written).
    expect(catalog.prices(SONNET_46, 'us-east-1', 'geo')!.reservedPerThousandTpmHour?.oneMonth?.input?.source.id).toBe('pl-getproducts-fm-us-east-1-aws-samples');
  });
});

describe('the engine sets a card-priced Reserved tier beside Standard outside us-east-1: Claude Haiku 4.5 in ap-northeast-2', () => {
  const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';

  it('a steady 200K input / 20K output TPM through apac.: 1 month costs exactly Standard and is not advised; 3 months is unpriced, not $0', () => {
    const start = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const builder = new UsageBuilder();
    for (let h = 0; h < HOURS_PER_MONTH; h++) {
      const timestamp = start + h * 3600;
      builder.add({ region: 'ap-northeast-2', modelId: `apac.${HAIKU_45}`, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 * 60 });
      builder.add({ region: 'ap-northeast-2', modelId: `apac.${HAIKU_45}`, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 20_000 * 60 });
      builder.add({ region: 'ap-northeast-2', modelId: `apac.${HAIKU_45}`, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 60 });
    }
    const snapshot: UsageSnapshot = {
      window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
      models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    };
    const report = analyze(snapshot, catalog, { now: new Date('2026-11-01T00:00:00Z') });
    const model = report.models[0]!;
    // Standard (apac. bills at ap-northeast-2's in-Region $1.10 / $5.50 per 1M), by hand:
    // 200,000 x 60 x 730 = 8,760,000,000 input tokens x $1.10/M = $9,636;
    // 20,000 x 60 x 730 = 876,000,000 output tokens x $5.50/M = $4,818; total $14,454.
    expect(model.scenarios.find((s) => s.mode === 'on-demand')!.monthlyCost?.toFixed()).toBe('14454');
    // 1 month, from the card's APN2_Reserved_1Month_{Input,Output}TPM_Geo rows ($0.066 and $0.33 per 1K TPM per hour):
    // 200 x $0.066 x 730 = 200 x $48.18 = $9,636; 20 x $0.33 x 730 = 20 x $240.90 = $4,818; total $14,454, no saving.
    expect(model.scenarios.find((s) => s.mode === 'reserved-1-month')!.monthlyCost?.toFixed()).toBe('14454');
    // The card has no 3-month row: that term is never costed at $0.
    const threeMonth = model.scenarios.find((s) => s.mode === 'reserved-3-month');
    expect(threeMonth?.monthlyCost).toBeUndefined();
    // A reservation that saves nothing is never advised.
    expect(report.recommendations.filter((r) => r.action === 'buy-reserved-tier')).toEqual([]);
  });
});
