import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { CatalogFile } from '../../src/catalog/schema.js';
import { BUNDLED_CATALOG_FILE } from '../../src/pricelist/bundled.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Where a price is missing, the report names the Region it is missing in and how to get it (issue 15:
 * "says which Region and mode, and how to get it"): a bill with a line no price was found for (a model
 * whose output rate is missing, a mode whose rate is missing) says so, never "$0".
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;

/** The bundled catalog with Nova Micro's eu-west-1 output rate and its batch rates taken out. */
const catalog = (() => {
  const doc = JSON.parse(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')) as CatalogFile;
  const row = doc.prices.find((r) => r.model === 'amazon.nova-micro-v1:0' && r.region === 'eu-west-1' && r.scope === 'in-region')!;
  delete row.perThousandTokens!.output;
  delete row.perThousandTokens!.batchInput;
  delete row.perThousandTokens!.batchOutput;
  return PriceCatalog.fromDocument(doc, 'bundled without Nova Micro output in eu-west-1');
})();

function run(output: number, modelId = 'amazon.nova-micro-v1:0') {
  const builder = new UsageBuilder();
  for (let h = 0; h < 48; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region: 'eu-west-1', modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'eu-west-1', modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: output });
    builder.add({ region: 'eu-west-1', modelId, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
  }
  const snapshot: UsageSnapshot = {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  return analyze(snapshot, catalog, { now: new Date('2026-11-04T00:00:00Z') });
}

const HINT = 'run "bedrock-cost-advisor prices refresh --region eu-west-1" to read it from the AWS Price List, or give your price in a rates file (--rates)';

describe('a missing price names its Region and how to get it', () => {
  it('a model whose output rate is missing: unpriced, in eu-west-1, with the hint', () => {
    const model = run(200_000).models[0]!;
    expect(model.priced).toBe(false);
    expect(model.currentMonthlyCost).toBeNull();
    expect(adviceText(model.unpricedReason!)).toBe(`unpriced: no output price in the catalog for eu-west-1: ${HINT}`);
  });

  it('a mode whose rates are missing (batch) says the same, while the model itself is priced', () => {
    const model = run(0).models[0]!;
    expect(model.priced).toBe(true);
    const batch = model.scenarios.find((s) => s.mode === 'batch')!;
    expect(batch.monthlyCost).toBeNull();
    // No output tokens, so no output line: only the batch input line lacks a price.
    expect(adviceText(batch.reason!)).toBe(`unpriced: no batchInput price in the catalog for eu-west-1: ${HINT}`);
  });

  it('a provisioned-throughput term with no published unit price in eu-west-1 (Nova Pro) says which term and how to get it, and never "no no commitment"', () => {
    const model = run(200_000, 'amazon.nova-pro-v1:0').models[0]!;
    const reasons = Object.fromEntries(model.scenarios.filter((s) => s.mode.startsWith('provisioned-')).map((s) => [s.mode, adviceText(s.reason!)]));
    expect(reasons).toEqual({
      'provisioned-no-commit': `unpriced: no model-unit price without commitment for amazon.nova-pro-v1:0 in eu-west-1: ${HINT}`,
      'provisioned-1-month': `unpriced: no 1-month commitment model-unit price for amazon.nova-pro-v1:0 in eu-west-1: ${HINT}`,
      'provisioned-6-month': `unpriced: no 6-month commitment model-unit price for amazon.nova-pro-v1:0 in eu-west-1: ${HINT}`,
    });
  });
});
