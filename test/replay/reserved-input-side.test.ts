import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * The Reserved tier's input side is the input and the cache writes as billed today (cache reads are not
 * reserved): the mode reads it from today's parts (`billedParts`), the plain input and the writes
 * together, not priced again. Worked by hand for a model with no Reserved price (its break-even note).
 */
describe('Reserved break-even of a model with cache writes', () => {
  it('weighs the input and the cache writes together: $7.02 of input side over a day is $2.13525 per 1K TPM-month at 100K TPM', () => {
    const start = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const modelId = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    const builder = new UsageBuilder();
    for (let h = 0; h < 24; h++) {
      const timestamp = start + h * 3600;
      const add = (metric: 'InputTokenCount' | 'CacheWriteInputTokenCount' | 'OutputTokenCount' | 'Invocations', value: number) =>
        builder.add({ region: 'us-east-1', modelId, metric, timestamp, periodSeconds: 3600, value });
      add('InputTokenCount', 60_000);
      add('CacheWriteInputTokenCount', 30_000);
      add('OutputTokenCount', 6_000);
      add('Invocations', 60);
    }
    const snapshot: UsageSnapshot = {
      window: { start: new Date(start * 1000).toISOString(), end: new Date((start + 24 * 3600) * 1000).toISOString() },
      models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    };
    const report = analyze(snapshot, PriceCatalog.bundled(), { now: new Date('2026-10-02T00:00:00Z') });
    const breakEven = report.models[0]!.reservedBreakEven!;
    // By hand: input 1,440,000 tokens x $0.003/1K = $4.32, writes 720,000 x $0.00375/1K = $2.70: $7.02 for the
    // side's 2,160,000 tokens, every one served at the 100K TPM minimum (1,500 TPM run). A month of them per 1K
    // TPM: $7.02 x 730 h / 24 h / 100 = $2.13525 (the input alone would give $1.314).
    expect(breakEven.inputLevel).toBe(100_000);
    expect(breakEven.inputPerThousandTpmMonth?.toFixed()).toBe('2.13525');
    // Output: 144,000 x $0.015/1K = $2.16, x 730 / 24 / 10 (10K TPM minimum) = $6.57.
    expect(breakEven.outputPerThousandTpmMonth?.toFixed()).toBe('6.57');
  });
});
