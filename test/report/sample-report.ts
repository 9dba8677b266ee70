import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import type { AdvisorReport } from '../../src/report/report.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../../src/sample/sample.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

let cached: AdvisorReport | undefined;

/** The embedded sample account analysed as `analyze --sample` does (computed once per test file). */
export function sampleAnalysis(): AdvisorReport {
  cached ??= analyze(sampleSnapshot(), PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON), { now: new Date(SAMPLE_END) });
  return cached;
}
