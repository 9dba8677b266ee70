import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import { byModelSpend, byPlanSavings } from '../../src/domain/order.js';
import type { ModelPlan, ModelReport } from '../../src/domain/report.js';
import { usd } from '../../src/money.js';
import { combineRegionReports } from '../../src/service/combine-reports.js';
import { publishedReport } from '../../src/report/published.js';
import { renderText } from '../../src/report/render-text.js';
import { UsageBuilder, type UsageMetric, type UsageSnapshot } from '../../src/usage/usage.js';
import { LLAMA, OPUS, START, catalog } from '../fixtures/model-catalog.js';
import { sampleAnalysis } from './sample-report.js';

/**
 * A model whose spend is unknown (unpriced) is never ranked as $0: every list of models puts it after
 * every priced one, even one priced at $0.
 */

const UNKNOWN = 'acme.unknown-v1:0';

describe('the order of models whose spend is unknown', () => {
  const base = sampleAnalysis().models[0]!;
  const model = (modelId: string, currentMonthlyCost: ModelReport['currentMonthlyCost'], region = 'us-east-1'): ModelReport => ({ ...base, modelId, region, currentMonthlyCost });

  it('puts every unpriced model after every priced one (even $0), then orders by model ID and Region', () => {
    const models = [model('c', null), model('z', usd(5)), model('a', null, 'us-west-2'), model('b', usd(0)), model('a', null), model('y', usd(7))];
    const expected = ['y us-east-1', 'z us-east-1', 'b us-east-1', 'a us-east-1', 'a us-west-2', 'c us-east-1'];
    expect([...models].sort(byModelSpend).map((m) => `${m.modelId} ${m.region}`)).toEqual(expected);
    expect([...models].reverse().sort(byModelSpend).map((m) => `${m.modelId} ${m.region}`)).toEqual(expected);
  });

  it('a plan with no upper bound comes after a plan with one of $0 (no bound is not a $0 bound)', () => {
    const plan = sampleAnalysis().plans![0]!;
    const { upTo: _upTo, ...noBound } = plan;
    const step = plan.steps[0]!;
    const withZeroBound: ModelPlan = { ...noBound, modelId: 'b', monthlySavings: usd(10), upTo: { mode: 'batch', monthlySavings: usd(0), note: { says: 'plan-upper-bound' }, step } };
    const without: ModelPlan = { ...noBound, modelId: 'a', monthlySavings: usd(10) };
    expect([without, withZeroBound].sort(byPlanSavings).map((p) => p.modelId)).toEqual(['b', 'a']);
    expect([withZeroBound, without].sort(byPlanSavings).map((p) => p.modelId)).toEqual(['b', 'a']);
  });

  function snapshot(): UsageSnapshot {
    const builder = new UsageBuilder();
    const add = (modelId: string, metric: UsageMetric, value: number) => builder.add({ region: 'us-east-1', modelId, metric, timestamp: START, periodSeconds: 60, value });
    // Opus: 1,000 input tokens at $0.005 per 1K. Llama: requests with no tokens (priced, $0).
    // The unknown model is in no catalog: unpriced, whatever it spent.
    add(OPUS, 'InputTokenCount', 1000);
    add(LLAMA, 'Invocations', 3);
    add(UNKNOWN, 'InputTokenCount', 5_000_000);
    return { window: { start: new Date(START * 1000).toISOString(), end: new Date((START + 3600) * 1000).toISOString() }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
  }

  it('the engine, a merge of Regions and the Models table list the unpriced model last', () => {
    const report = analyze(snapshot(), catalog, { now: new Date((START + 3600) * 1000) });
    expect(report.models.map((m) => m.modelId)).toEqual([OPUS, LLAMA, UNKNOWN]);
    // $0.005 in one hour, x 730 = $3.65 a month; Llama priced at $0.
    expect(report.models.map((m) => m.currentMonthlyCost?.toFixed() ?? null)).toEqual(['3.65', '0', null]);
    const merged = combineRegionReports([report, { ...report, models: [], plans: [], recommendations: [], unpriced: [] }]);
    expect(merged.models.map((m) => m.modelId)).toEqual([OPUS, LLAMA, UNKNOWN]);
    const text = renderText(publishedReport(report));
    const table = text.slice(text.indexOf('Models'));
    const at = (id: string) => table.indexOf(id);
    expect(at(OPUS)).toBeGreaterThan(0);
    expect(at(OPUS)).toBeLessThan(at(LLAMA));
    expect(at(LLAMA)).toBeLessThan(at(UNKNOWN));
  });
});
