import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { DIGEST_ANALYZE_OPTIONS, runAccountAnalysis } from '../../src/service/analyze-account.js';
import type { RegionSources } from '../../src/service/ports.js';
import { SAMPLE_DAYS, SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../../src/sample/sample.js';

/**
 * The scheduled digest states its commitments against the forecast, as the CLI does (issue 20): the
 * sample account (whose plans buy provisioned throughput and Reserved capacity) read through the
 * service the digest runs, with the digest's engine options and without them.
 */
const sample = sampleSnapshot();
const sources: RegionSources = {
  usage: () => ({ collect: async () => ({ models: sample.models }) }),
  inventory: () => ({
    read: async () => ({ provisionedThroughputs: sample.provisionedThroughputs, customModels: sample.customModels, inferenceProfiles: sample.inferenceProfiles, foundationModels: [] }),
  }),
};
const request = { regions: ['us-east-1'], days: SAMPLE_DAYS, now: new Date(SAMPLE_END) };
// The sample's own rates, as `analyze --sample` prices it (its provisioned units' capacity is in them).
const catalog = PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, new Date(SAMPLE_END));

describe('the digest forecasts its commitments', () => {
  it('with the digest options every model with a commitment plan carries its forecast; without them none does', async () => {
    const digest = await runAccountAnalysis(request, { sources, catalog, analyzeOptions: DIGEST_ANALYZE_OPTIONS, publish: false });
    const plain = await runAccountAnalysis(request, { sources, catalog, publish: false });
    const forecast = digest.report.models.filter((m) => m.forecast);
    expect(forecast.length).toBeGreaterThan(0);
    for (const m of forecast) {
      for (const c of m.forecast!.commitments) {
        expect(c.utilisation.p10).toBeLessThanOrEqual(c.utilisation.p50);
        expect(c.utilisation.p50).toBeLessThanOrEqual(c.utilisation.p90);
      }
    }
    expect(plain.report.models.filter((m) => m.forecast)).toHaveLength(0);
  });
});
