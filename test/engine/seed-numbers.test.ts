import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import type { ModelReport, Scenario } from '../../src/domain/report.js';
import { UsageBuilder, type UsageMetric, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * The seed article's and AWS's worked numbers, pushed through the whole engine with the BUNDLED
 * catalog. A 730-hour window makes the monthly figure equal the window's cost.
 */

const catalog = PriceCatalog.bundled();
const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const REGION = 'us-east-1';
const START = Date.parse('2026-10-01T00:00:00Z') / 1000;
const WINDOW_HOURS = HOURS_PER_MONTH;
const NOW = new Date('2026-11-01T00:00:00Z');
const d = (v: string | number) => new Decimal(v);

function snapshotOf(usage: Partial<Record<UsageMetric, number>>, extra: Partial<UsageSnapshot> = {}): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const [metric, value] of Object.entries(usage) as Array<[UsageMetric, number]>) {
    builder.add({ region: REGION, modelId: NOVA_MICRO, metric, timestamp: START, periodSeconds: 3600, value });
  }
  return {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + WINDOW_HOURS * 3600) * 1000).toISOString() },
    models: builder.build(),
    provisionedThroughputs: [],
    customModels: [],
    inferenceProfiles: [],
    errors: [],
    ...extra,
  };
}

function novaMicro(usage: Partial<Record<UsageMetric, number>>): ModelReport {
  const report = analyze(snapshotOf(usage), catalog, { now: NOW });
  expect(report.window.hours).toBe(WINDOW_HOURS);
  const m = report.models.find((x) => x.modelId === NOVA_MICRO && x.region === REGION);
  if (!m) throw new Error('Nova Micro missing from the report');
  return m;
}

function scenario(m: ModelReport, mode: Scenario['mode']): Scenario {
  const s = m.scenarios.find((x) => x.mode === mode);
  if (!s) throw new Error(`no ${mode} scenario`);
  return s;
}

describe('seed numbers through the engine (bundled catalog, Nova Micro us-east-1)', () => {
  it('1,000,000 input + 1,000,000 output tokens on demand cost 0.035 + 0.14 = $0.175 exactly', () => {
    const m = novaMicro({ InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000 });
    const onDemand = scenario(m, 'on-demand');
    expect(onDemand.cost?.toFixed()).toBe('0.175');
    expect(onDemand.cost?.equals(d('0.035').plus('0.14'))).toBe(true);
    // 730-hour window: the month is the window.
    expect(onDemand.monthlyCost?.toFixed()).toBe('0.175');
    expect(m.currentMonthlyCost?.toFixed()).toBe('0.175');
  });

  it('1,000,000 cached input tokens read cost $0.00875 (0.25x input)', () => {
    const m = novaMicro({ CacheReadInputTokenCount: 1_000_000 });
    expect(scenario(m, 'on-demand').cost?.toFixed()).toBe('0.00875');
    // Without caching the same tokens would be ordinary input: $0.035.
    expect(scenario(m, 'on-demand-no-cache').cost?.toFixed()).toBe('0.035');
  });

  it('batch halves both sides: 0.0175 + 0.07 = $0.0875', () => {
    const m = novaMicro({ InputTokenCount: 1_000_000, OutputTokenCount: 1_000_000 });
    const batch = scenario(m, 'batch');
    expect(batch.cost?.toFixed()).toBe('0.0875');
    expect(batch.cost?.equals(d('0.0175').plus('0.07'))).toBe(true);
  });

  it('fine-tuning 100,000 tokens x $0.001/1K = $0.10', () => {
    const training = catalog.prices(NOVA_MICRO, REGION, 'in-region')?.trainingPerThousandTokens;
    expect(training?.usd.toFixed()).toBe('0.001');
    expect(training!.usd.times(100_000).dividedBy(1000).toFixed(2)).toBe('0.10');
  });

  it('custom-model storage: an unused fine-tuned Nova Micro costs $1.95/month, and deleting it saves that', () => {
    const modelArn = `arn:aws:bedrock:${REGION}:111122223333:custom-model/${NOVA_MICRO}:128k/abc123`;
    const report = analyze(
      snapshotOf({ InputTokenCount: 1_000 }, {
        customModels: [{ modelArn, modelName: 'tone', region: REGION, baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/${NOVA_MICRO}:128k` }],
      }),
      catalog,
      { now: NOW },
    );
    expect(report.customModels[0]?.storageMonthlyCost?.toFixed()).toBe('1.95');
    const rec = report.recommendations.find((r) => r.action === 'delete-unused-custom-model');
    expect(rec?.monthlySavings!.toFixed()).toBe('1.95');
    expect(rec?.currentMonthlyCost.toFixed()).toBe('1.95');
    // The storage is part of today's spend.
    expect(report.summary.currentMonthlyCost.minus(report.models[0]!.currentMonthlyCost!).toFixed()).toBe('1.95');
  });
});

describe("AWS's Provisioned Throughput example (Titan Text Express)", () => {
  const TITAN = 'amazon.titan-text-express-v1';

  it('2 units x $18.40/h for a 31-day month = $27,379.20', () => {
    const hourly = catalog.prices(TITAN, REGION, 'in-region')?.perModelUnitHour.oneMonth;
    expect(hourly?.usd.toFixed()).toBe('18.4');
    expect(hourly!.usd.times(2).times(24 * 31).toFixed(2)).toBe('27379.20');
  });

  it('the engine bills the same 2-unit 1-month throughput at 730 hours a month: $26,864.00', () => {
    const report = analyze(
      snapshotOf({ InputTokenCount: 1_000 }, {
        provisionedThroughputs: [{
          provisionedModelArn: `arn:aws:bedrock:${REGION}:111122223333:provisioned-model/titan01`,
          provisionedModelName: 'titan', region: REGION,
          modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${TITAN}:0:8k`,
          modelUnits: 2, status: 'InService', commitmentDuration: 'OneMonth', commitmentExpirationTime: '2027-01-01T00:00:00Z',
        }],
      }),
      catalog,
      { now: NOW },
    );
    const pt = report.provisionedThroughputs[0]!;
    // The throughput's ID carries the `:0` version of the provisioned ID; the catalog resolves it.
    expect(catalog.canonicalId(pt.modelId)).toBe(TITAN);
    expect(pt.monthlyCost?.toFixed()).toBe(d('18.40').times(2).times(730).toFixed());
    expect(pt.monthlyCost?.toFixed(2)).toBe('26864.00');
    // It served nothing: an idle throughput whose whole cost is the saving.
    const rec = report.recommendations.find((r) => r.action === 'delete-idle-provisioned-throughput');
    expect(rec?.monthlySavings!.toFixed(2)).toBe('26864.00');
  });
});
