import { describe, expect, it, vi } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

function snapshotWith(modelIds: string[]): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const modelId of modelIds) {
    for (let h = 0; h < 24; h++) {
      const timestamp = Date.parse('2026-11-01T00:00:00Z') / 1000 + h * 3600;
      builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
      builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 100_000 });
    }
  }
  return {
    window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

describe('fault isolation', () => {
  it('reports a model whose replay fails and still analyses the others', () => {
    // Prepare: a catalog whose look-up breaks for one model only.
    const catalog = PriceCatalog.bundled();
    const original = catalog.prices.bind(catalog);
    vi.spyOn(catalog, 'prices').mockImplementation((modelId, region, scope) => {
      if (modelId === 'amazon.nova-lite-v1:0') throw new Error('corrupt price row');
      return original(modelId, region, scope);
    });

    // Act
    const report = analyze(snapshotWith(['amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0']), catalog, { now: new Date('2026-11-02T00:00:00Z') });

    // Assess
    // Why it failed is data (a note), worded once in src/report/ with the sentence it always had.
    expect(report.errors).toEqual([{ scope: 'model amazon.nova-lite-v1:0 (us-east-1, in-region)', message: { says: 'part-failed', part: 'replay', cause: 'corrupt price row' } }]);
    expect(adviceText(report.errors[0]!.message)).toBe('replay failed: corrupt price row');
    expect(report.models.map((m) => m.modelId)).toEqual(['amazon.nova-micro-v1:0']);
    // 24 M input x $0.000035/1K + 2.4 M output x $0.00014/1K = $1.176 a day.
    expect(report.models[0]!.currentMonthlyCost!.toFixed()).toBe('35.77');
  });

  it('rejects an empty window with an input error instead of dividing by zero', () => {
    const snapshot = { ...snapshotWith([]), window: { start: '2026-11-02T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' } };
    expect(() => analyze(snapshot, PriceCatalog.bundled())).toThrow(/window .* is empty or reversed/);
  });
});
