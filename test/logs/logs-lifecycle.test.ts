import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import type { InvocationLogHour } from '../../src/logs/invocation-log.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { runAnalysis } from '../../src/service/run-analysis.js';
import { parseAlternativesConfig } from '../../src/alternatives/config.js';
import { ACCOUNT, SONNET_45 } from './log-fixture.js';
import { logsCatalogDocument, P } from './logs-catalog.js';

/**
 * A migration off an end-of-life model prices the logs' requests at the successor's rates class by
 * class, as today's figure prices them at the model's own: a request above the threshold is a
 * long-context request on both sides, so the saving is not the long-context premium.
 */
const OLD = 'anthropic.claude-old-v1:0';
const double = Object.fromEntries(Object.entries(P).map(([k, v]) => [k, new Decimal(v).times(2).toFixed()]));

function catalog(): PriceCatalog {
  const doc = logsCatalogDocument() as { models: unknown[]; prices: unknown[] };
  doc.models.push({
    modelId: OLD, name: 'Claude Old', provider: 'Anthropic', modality: 'text',
    longContext: { thresholdInputTokens: 200000, source: 'page' },
    lifecycle: { status: 'legacy', legacyFrom: '2026-10-01', endOfLife: '2027-06-01', successor: SONNET_45, source: 'page' },
  });
  doc.prices.push({ model: OLD, region: 'us-east-1', scope: 'in-region', source: 'page', perThousandTokens: double });
  return PriceCatalog.fromDocument(doc, 'logs lifecycle test catalog');
}

const hour: InvocationLogHour = {
  hour: '2026-11-02T10', accountId: ACCOUNT, region: 'us-east-1', modelId: OLD, caller: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`, tags: {},
  longContextBand: 200_000, tier: 'standard', inferenceRegion: 'us-east-1', streaming: false, errored: false, requests: 1, activeMinutes: 1,
  inputTokens: 250_000, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheWriteUnsplitTokens: 0, outputTokens: 1_000, allInputSquared: 0,
};

describe('a migration off a model the logs priced', () => {
  it('prices the long-context request at the successor\'s long-context rates', async () => {
    const { report } = await runAnalysis({
      collect: async () => ({ snapshot: snapshotFromLogs([hour]) }),
      catalog: catalog(),
      analyzeOptions: { now: new Date('2026-11-03T00:00:00Z'), alternatives: false },
      invocationLogs: async () => ({ description: 'one hour', files: 1, hours: [hour], duplicates: 0 }),
    });
    const migration = report.recommendations.find((r) => r.action === 'migrate-model')!;
    expect(migration).toBeDefined();
    // Today: 250 x 0.012 + 1 x 0.045 = 3.045 an hour, x 730 = 2,222.85.
    expect(migration.currentMonthlyCost.toFixed(2)).toBe('2222.85');
    // At Sonnet 4.5's long-context rates: 250 x 0.006 + 1 x 0.0225 = 1.5225, x 730 = 1,111.425
    // (at its standard rates it would read 0.765 x 730 = 558.45, a saving made of the premium).
    expect(migration.newMonthlyCost!.toFixed(3)).toBe('1111.425');
  });

  it('prices an alternative model the same way: the long-context request at its long-context rates', async () => {
    const alternatives = parseAlternativesConfig({ candidates: { [OLD]: [SONNET_45] }, tokenRatios: [{ from: OLD, to: SONNET_45, low: 1, high: 1, source: 'same tokenizer (test)' }] }, 'test');
    const { report } = await runAnalysis({
      collect: async () => ({ snapshot: snapshotFromLogs([hour]) }),
      catalog: catalog(),
      analyzeOptions: { now: new Date('2026-11-03T00:00:00Z'), alternatives },
      invocationLogs: async () => ({ description: 'one hour', files: 1, hours: [hour], duplicates: 0 }),
    });
    const alt = report.models.find((m) => m.modelId === OLD)!.alternatives!.find((a) => a.modelId === SONNET_45)!;
    // 1.5225 x 730, as the migration above; saving 2,222.85 - 1,111.425.
    expect(alt.monthlyCost!.toFixed(3)).toBe('1111.425');
    expect(alt.monthlySavings!.toFixed(3)).toBe('1111.425');
  });
});
