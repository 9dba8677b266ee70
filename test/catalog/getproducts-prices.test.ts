import { adviceText } from '../../src/report/advice-text.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { analyze } from '../../src/engine.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, samplePreviousSnapshot, sampleSnapshot } from '../../src/sample/sample.js';

/**
 * Prices newly read from real GetProducts pages (aws-samples/sample-bedrock-spend-budget-guardrails
 * lambda/test/fixtures/pricing/*.json @ 588b625), and the key figures of the golden reports they
 * changed, worked out by hand.
 */
const catalog = PriceCatalog.bundled();
const NOVA_MICRO = 'amazon.nova-micro-v1:0';

describe('Nova Micro provisioned throughput in us-east-1, all three terms', () => {
  const row = catalog.prices(NOVA_MICRO, 'us-east-1', 'in-region')!;

  it('reads $60.50 / $55.00 / $30.25 per model-unit hour from the rows, with their usagetypes', () => {
    expect(row.perModelUnitHour.noCommit?.usd.toFixed()).toBe('60.5');
    expect(row.perModelUnitHour.oneMonth?.usd.toFixed()).toBe('55');
    expect(row.perModelUnitHour.sixMonth?.usd.toFixed()).toBe('30.25');
    expect(row.perModelUnitHour.sixMonth?.usagetype).toBe('USE1-NovaMicro-ProvisionedThroughput-6months-ModelUnits');
    expect(row.perModelUnitHour.sixMonth?.source.reliability).toBe('PL');
  });

  it("golden sample: one unit costs more per month than the model's whole on-demand spend, so no term can win", () => {
    const report = analyze(sampleSnapshot(), catalog.withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON), { now: new Date(SAMPLE_END), previousSnapshot: samplePreviousSnapshot() });
    const nova = report.models.find((m) => m.modelId === NOVA_MICRO && m.region === 'us-east-1')!;
    // The sample's Nova Micro on-demand month (test/report/golden/sample.table.txt): $1,340.98.
    expect(nova.currentMonthlyCost?.toFixed(2)).toBe('1340.98');
    // The cheapest term, by hand: $30.25 x 730 hours = $22,082.50 a month for one unit, above $1,340.98.
    expect((30.25 * 730).toFixed(2)).toBe('22082.50');
    for (const mode of ['provisioned-no-commit', 'provisioned-1-month', 'provisioned-6-month'] as const) {
      const s = nova.scenarios.find((x) => x.mode === mode)!;
      expect(s.reason, mode).toMatchObject({ says: 'pt-capacity-unknown', breakEven: { affordableUnits: 0 } });
      expect(adviceText(s.reason!), mode).toMatch(/One unit costs more per month than all of today's on-demand spend/);
      expect(s.provisioned?.breakEven?.affordableUnits, mode).toBe(0);
    }
  });
});

describe('Claude 3.5 Sonnet provisioned throughput in us-east-1 (FoundationModels rows in Units = per hour)', () => {
  it('$176 no commitment, $158.40 for 1 month, $88 for 6 months per model-unit hour', () => {
    const row = catalog.prices('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-east-1', 'in-region')!;
    expect(row.perModelUnitHour.noCommit?.usd.toFixed()).toBe('176');
    expect(row.perModelUnitHour.oneMonth?.usd.toFixed()).toBe('158.4');
    expect(row.perModelUnitHour.sixMonth?.usd.toFixed()).toBe('88');
  });
});
