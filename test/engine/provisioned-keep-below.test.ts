import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { CatalogFile } from '../../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE } from '../../src/pricelist/bundled.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type ProvisionedThroughputInfo, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * An unpriced provisioned throughput still gets a decision: the hourly price per unit below which
 * keeping it beats on demand for the traffic it served, beside published prices of the same term.
 */
const bundled = PriceCatalog.bundled();
/** The bundled catalog with Nova Pro's model-unit prices taken out: a provisioned throughput with no published price. */
const withoutNovaProUnits = (() => {
  const doc = JSON.parse(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')) as CatalogFile;
  for (const row of doc.prices.filter((r) => r.model === 'amazon.nova-pro-v1:0')) delete row.perModelUnitHour;
  return PriceCatalog.fromDocument(doc, 'bundled without Nova Pro model units');
})();
const START = Date.parse('2026-10-01T00:00:00Z') / 1000;
const ARN = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/novapro01';

function run(pt: Partial<ProvisionedThroughputInfo>, input: number, output: number, invocations = 1000, catalog = withoutNovaProUnits) {
  const builder = new UsageBuilder();
  // The window is 730 hours, so the window is the month.
  builder.add({ region: 'us-east-1', modelId: ARN, metric: 'InputTokenCount', timestamp: START, periodSeconds: 3600, value: input });
  builder.add({ region: 'us-east-1', modelId: ARN, metric: 'OutputTokenCount', timestamp: START, periodSeconds: 3600, value: output });
  builder.add({ region: 'us-east-1', modelId: ARN, metric: 'Invocations', timestamp: START, periodSeconds: 3600, value: invocations });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(),
    provisionedThroughputs: [{
      provisionedModelArn: ARN, provisionedModelName: 'nova-pro-pt', region: 'us-east-1',
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0:300k',
      foundationModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0:300k',
      modelUnits: 2, status: 'InService', commitmentDuration: 'OneMonth', commitmentExpirationTime: '2026-11-10T00:00:00Z', ...pt,
    }],
    customModels: [], inferenceProfiles: [], errors: [],
  };
  return analyze(snapshot, catalog, { now: new Date('2026-11-01T00:00:00Z') });
}

describe('unpriced provisioned throughput: the price below which keeping it pays', () => {
  it('Nova Pro, 2 units, 1 month: its traffic on demand / (2 x 730 hours)', () => {
    expect(withoutNovaProUnits.prices('amazon.nova-pro-v1:0', 'us-east-1', 'in-region')?.perModelUnitHour.oneMonth).toBeUndefined();
    const report = run({}, 730_000_000, 73_000_000);
    const pt = report.provisionedThroughputs[0]!;
    expect(pt.monthlyCost).toBeNull();
    // On demand by hand: 730,000 x $0.0008 + 73,000 x $0.0032 per 1K = $584 + $233.60 = $817.60;
    // over 2 units x 730 hours: $817.60 / 1,460 = $0.56 per unit-hour.
    expect(pt.onDemandEquivalentMonthlyCost?.toFixed(2)).toBe('817.60');
    expect(pt.keepBelow?.hourlyPerUnit.toFixed()).toBe('0.56');
    expect(pt.keepBelow?.term).toBe('oneMonth');
    // Beside it: published 1-month prices in us-east-1, text models first (Nova Micro $55 from its Price List row).
    expect(pt.keepBelow?.comparable.map((c) => [c.modelId, c.hourlyPerUnit.toFixed()])).toContainEqual(['amazon.nova-micro-v1:0', '55']);
    expect(pt.findings?.map(adviceText).join('\n')).toMatch(/keeping it beats on demand only below \$0\.56 per unit-hour \(1-month commitment\): its measured traffic costs \$817\.60\/month on demand, over 2 unit\(s\) x 730 hours; published 1-month commitment model-unit prices in us-east-1: .*Amazon Nova Micro \$55\.00/);
    // As data: the findings' codes, and the renewal's price to beat is the same figure.
    expect(pt.findings?.map((f) => typeof f === 'string' ? f : f.says)).toEqual(['pt-keep-below', 'pt-commitment-ends-unpriced']);
    expect(pt.findings?.[1]).toMatchObject({ says: 'pt-commitment-ends-unpriced', endsOn: '2026-11-10', days: 9, idle: false });
    // The commitment ends in 9 days: the renewal decision carries the same price.
    expect(pt.findings?.map(adviceText).join('\n')).toMatch(/decide whether to renew: renewing pays only below \$0\.56 per unit-hour/);
  });

  it('an idle one gets no price to beat: it served nothing, so it is to be deleted', () => {
    const report = run({}, 0, 0, 0);
    const pt = report.provisionedThroughputs[0]!;
    expect(pt.keepBelow).toBeUndefined();
    expect(pt.findings?.map(adviceText).join('\n')).toMatch(/idle: no invocations/);
  });

  // With the bundled catalog Nova Pro's unit is priced: $55.00 per unit-hour for 1 month (the 2026-09-01
  // offer file as quoted, equal to Nova Micro's GetProducts row). 2 units x 730 hours x $55 = $80,300 a
  // month against $817.60 of traffic on demand, so no price to beat is needed.
  it('with the bundled catalog Nova Pro is priced: 2 units x 730 h x $55 = $80,300 a month', () => {
    const report = run({}, 730_000_000, 73_000_000, 1000, bundled);
    const pt = report.provisionedThroughputs[0]!;
    expect(pt.monthlyCost?.toFixed(2)).toBe('80300.00');
    expect(pt.onDemandEquivalentMonthlyCost?.toFixed(2)).toBe('817.60');
    expect(pt.keepBelow).toBeUndefined();
  });

  // Outside us-east-1 and us-west-2 no model-unit price is read (README, Prices): a Nova Pro unit in
  // eu-west-1 has no other model's price to sit beside, so the break-even sits beside Nova Pro's own
  // published 1-month price elsewhere ($55.00 per unit-hour in us-east-1, the test above), named as such.
  it('in eu-west-1, where no unit price is published: beside the same model\'s published price in other Regions', () => {
    const euArn = 'arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/novapro02';
    const builder = new UsageBuilder();
    builder.add({ region: 'eu-west-1', modelId: euArn, metric: 'InputTokenCount', timestamp: START, periodSeconds: 3600, value: 730_000_000 });
    builder.add({ region: 'eu-west-1', modelId: euArn, metric: 'OutputTokenCount', timestamp: START, periodSeconds: 3600, value: 73_000_000 });
    builder.add({ region: 'eu-west-1', modelId: euArn, metric: 'Invocations', timestamp: START, periodSeconds: 3600, value: 1000 });
    const snapshot: UsageSnapshot = {
      window: { start: new Date(START * 1000).toISOString(), end: new Date((START + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
      models: builder.build(),
      provisionedThroughputs: [{
        provisionedModelArn: euArn, provisionedModelName: 'nova-pro-eu', region: 'eu-west-1',
        modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0:300k',
        foundationModelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0:300k',
        modelUnits: 1, status: 'InService', commitmentDuration: 'OneMonth', commitmentExpirationTime: '2026-12-20T00:00:00Z',
      }],
      customModels: [], inferenceProfiles: [], errors: [],
    };
    const pt = analyze(snapshot, bundled, { now: new Date('2026-11-01T00:00:00Z') }).provisionedThroughputs[0]!;
    expect(pt.monthlyCost).toBeNull();
    expect(pt.keepBelow?.comparable).toEqual([]);
    expect(pt.keepBelow?.elsewhere?.map((e) => [e.region, e.hourlyPerUnit.toFixed(2)])).toContainEqual(['us-east-1', '55.00']);
    expect(pt.findings?.map(adviceText).join('\n')).toMatch(
      /no 1-month commitment model-unit price is published in eu-west-1 to compare; this model's published 1-month commitment model-unit prices in other Regions \(a scale, not its price here\): .*us-east-1 \$55\.00/,
    );
  });
});
