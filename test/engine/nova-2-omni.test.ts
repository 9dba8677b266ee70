import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Nova 2 Omni (amazon.nova-2-omni-v1:0) from the bundled catalog: priced on demand in us-east-1 (the
 * us-east-1 offer file's USE1-Nova2.0Omni-text-input/-output-tokens rows, $0.0003 / $0.0028 per 1K);
 * through the EU profile in eu-west-1, where no source prices it (no row, in-Region, geo or global),
 * unpriced with the Region and how to get a price named, never $0.
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const catalog = PriceCatalog.bundled();

/** 48 hours of 1,000,000 input and 200,000 output tokens an hour, and `images` images an hour. */
function run(region: string, invokedAs: string, images = 0) {
  const builder = new UsageBuilder();
  for (let h = 0; h < 48; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region, modelId: invokedAs, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region, modelId: invokedAs, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 });
    builder.add({ region, modelId: invokedAs, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
    if (images > 0) builder.add({ region, modelId: invokedAs, metric: 'OutputImageCount', timestamp, periodSeconds: 3600, value: images });
  }
  const snapshot: UsageSnapshot = {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  return analyze(snapshot, catalog, { now: new Date('2026-11-04T00:00:00Z') });
}

const hint = (region: string) => `run "bedrock-cost-advisor prices refresh --region ${region}" to read it from the AWS Price List, or give your price in a rates file (--rates)`;

describe('Nova 2 Omni', () => {
  it('us-east-1, in-Region, on demand: 48,000K input x $0.0003 + 9,600K output x $0.0028 = $14.40 + $26.88 = $41.28; x 730/48 = $627.80 a month', () => {
    const model = run('us-east-1', 'amazon.nova-2-omni-v1:0').models[0]!;
    expect(model.modelId).toBe('amazon.nova-2-omni-v1:0');
    expect(model.priced).toBe(true);
    const onDemand = model.scenarios.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.lines!.map((l) => [l.quantity.toFixed(), l.unitPrice?.toFixed(), l.cost?.toFixed(2)])).toEqual([
      ['48000', '0.0003', '14.40'],
      ['9600', '0.0028', '26.88'],
    ]);
    expect(onDemand.cost?.toFixed(2)).toBe('41.28');
    expect(model.currentMonthlyCost?.toFixed(2)).toBe('627.80');
  });

  it('eu-west-1 through eu.: unpriced, with the Region and the hint, and nothing added to the totals as $0', () => {
    const report = run('eu-west-1', 'eu.amazon.nova-2-omni-v1:0');
    const model = report.models[0]!;
    expect([model.modelId, model.scope, model.invokedAs]).toEqual(['amazon.nova-2-omni-v1:0', 'geo', ['eu.amazon.nova-2-omni-v1:0']]);
    expect(model.priced).toBe(false);
    expect(model.currentMonthlyCost).toBeNull();
    expect(model.scenarios.map((s) => [s.mode, s.cost, s.monthlyCost])).toEqual([['on-demand', null, null]]);
    const why = adviceText(model.unpricedReason!);
    expect(why).toMatch(/^no geo price for amazon\.nova-2-omni-v1:0 in eu-west-1 \(priced in .*us-east-1.*\): /);
    expect(why.endsWith(hint('eu-west-1'))).toBe(true);
    expect(report.summary.unpricedModels).toBe(1);
    expect(report.summary.pricedMonthlyCost.isZero()).toBe(true);
    expect(report.summary.potentialMonthlySavings.isZero()).toBe(true);
    expect(report.plans ?? []).toEqual([]);
    // Published, the model's cost is null (unpriced), never "0.00".
    const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(report)))) as { models: Array<{ currentMonthlyCost: string | null; scenarios: Array<{ monthlyCost: string | null }> }> };
    expect(json.models[0]!.currentMonthlyCost).toBeNull();
    expect(json.models[0]!.scenarios[0]!.monthlyCost).toBeNull();
  });

  it('images reported for it in us-east-1: unpriced, and the hint is a rates file, not "prices refresh", which cannot find a per-image price for a text model', () => {
    const model = run('us-east-1', 'amazon.nova-2-omni-v1:0', 10).models[0]!;
    expect(model.priced).toBe(false);
    expect(model.currentMonthlyCost).toBeNull();
    expect(model.unpricedReason).toEqual({ says: 'unpriced-lines', dimensions: [{ code: 'image' }], region: 'us-east-1' });
    expect(adviceText(model.unpricedReason!)).toBe(
      'unpriced: no image price in the catalog for us-east-1: give your price per image in a rates file ("image", --rates); ' +
      '"bedrock-cost-advisor prices refresh --region us-east-1" finds one only where the AWS Price List prices the model per image, which it does for image models, not for text models',
    );
  });

  it('any other missing price keeps the "prices refresh" hint (an image line missing beside a token line, too)', () => {
    expect(adviceText({ says: 'unpriced-lines', dimensions: [{ code: 'output' }], region: 'eu-west-1' })).toBe(`unpriced: no output price in the catalog for eu-west-1: ${hint('eu-west-1')}`);
    expect(adviceText({ says: 'unpriced-lines', dimensions: [{ code: 'output' }, { code: 'image' }], region: 'eu-west-1' })).toBe(`unpriced: no output, image price in the catalog for eu-west-1: ${hint('eu-west-1')}`);
  });
});
