import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { renderText, renderMarkdown } from '../../src/report/render-text.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { capacityRows } from '../../src/report/capacity-view.js';
import { publishedReport } from '../../src/report/published.js';

/**
 * Issue 15: the Reserved tier is set beside Priority and Standard with the throttling measured, and is
 * never called a saving when it costs more. Claude Sonnet 4.6 in us-east-1 (geo) has published Reserved
 * rows (usage types Reserved_{1,3}Month_{Input,Output}TPM_Geo, per 1K TPM per hour).
 */
const catalog = PriceCatalog.bundled();
const SONNET_46 = 'anthropic.claude-sonnet-4-6-v1:0';

function run(inputPerMinute: number, outputPerMinute: number, throttlesPerHour: number) {
  const start = Date.parse('2026-10-01T00:00:00Z') / 1000;
  const builder = new UsageBuilder();
  const add = (metric: 'InputTokenCount' | 'OutputTokenCount' | 'Invocations' | 'InvocationThrottles', timestamp: number, value: number) =>
    builder.add({ region: 'us-east-1', modelId: `us.${SONNET_46}`, metric, timestamp, periodSeconds: 3600, value });
  for (let h = 0; h < HOURS_PER_MONTH; h++) {
    const t = start + h * 3600;
    add('InputTokenCount', t, inputPerMinute * 60);
    add('OutputTokenCount', t, outputPerMinute * 60);
    add('Invocations', t, 60);
    add('InvocationThrottles', t, throttlesPerHour);
  }
  const snapshot: UsageSnapshot = {
    window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  return analyze(snapshot, catalog, { now: new Date('2026-11-01T00:00:00Z') });
}

describe('Reserved beside Priority and Standard, with the throttling measured', () => {
  it('a load below the minimum reservation: Reserved is shown costing more than Standard, not as a saving', () => {
    const report = run(20_000, 2_000, 6);
    const [row] = capacityRows(publishedReport(report));
    // Standard by hand: 20,000 x 60 x 730 = 876,000,000 input x $3.30/M = $2,890.80; 87,600,000 output x $16.50/M = $1,445.40.
    expect(row!.standard!.toFixed(2)).toBe('4336.20');
    // Reserved 1 month at its minimum, 100K input / 10K output TPM: 100 x $144.54 + 10 x $722.70 = $21,681.
    expect(row!.reservedOneMonth!.toFixed(2)).toBe('21681.00');
    // 6 throttles an hour x 730 hours; 60 invocations an hour: 6 / 66 of attempts = 9%.
    expect(row!.throttles).toBe(4380);
    const text = renderText(publishedReport(report));
    expect(text).toContain('Reserved beside Priority and Standard');
    expect(text).toContain('Reserved 1 month $21,681.00/month ($17,344.80/month more than Standard: guaranteed capacity, not a saving)');
    expect(text).toContain('4,380 throttled request(s) measured in the window (9% of attempts)');
    expect(renderMarkdown(publishedReport(report))).toContain('Reserved beside Priority and Standard');
    expect(renderEmailDigest(publishedReport(report))).toContain('RESERVED BESIDE PRIORITY AND STANDARD');
    expect(report.recommendations.filter((r) => r.action === 'buy-reserved-tier')).toEqual([]);
  });

  it('a steady 200K / 20K TPM load with no throttling: 3 months is shown as less than Standard, 1 month as the same', () => {
    const text = renderText(publishedReport(run(200_000, 20_000, 0)));
    // $43,362 Standard; 3 months $39,025.80 = $4,336.20 less (10% below the 1-month rate, which equals Standard).
    expect(text).toContain('Reserved 1 month $43,362.00/month (the same as Standard)');
    expect(text).toContain('Reserved 3 months $39,025.80/month ($4,336.20/month less than Standard)');
    expect(text).toContain('no throttled request measured in the window');
  });

  it('a model without a Reserved price gets no such section', () => {
    const report = run(20_000, 2_000, 0);
    report.models[0]!.scenarios = report.models[0]!.scenarios.filter((s) => !s.mode.startsWith('reserved-'));
    expect(capacityRows(publishedReport(report))).toEqual([]);
    expect(renderText(publishedReport(report))).not.toContain('Reserved beside Priority and Standard');
  });
});
