import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { spendSentence } from '../../src/report/format.js';
import { publishedReport } from '../../src/report/published.js';
import { renderMarkdown } from '../../src/report/render-text.js';
import { buildSnsMessage } from '../../src/report/sns-message.js';
import { combineAccountReports } from '../../src/service/combine-reports.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * A custom model whose storage has no price (the catalog prices custom-model storage for five base
 * models in us-east-1, not Llama 3.1 8B) is left out of the spend total, and the headline says so,
 * as it does for an unpriced model: never a total that silently counts it as $0.
 */
const START = Date.parse('2026-10-01T00:00:00Z') / 1000;
const REGION = 'us-east-1';
const LLAMA = 'meta.llama3-1-8b-instruct-v1:0';

function run() {
  const builder = new UsageBuilder();
  // Nova Micro, 100,000,000 input tokens in a 730-hour window: 100,000K x $0.000035 = $3.50 a month.
  builder.add({ region: REGION, modelId: 'amazon.nova-micro-v1:0', metric: 'InputTokenCount', timestamp: START, periodSeconds: 3600, value: 100_000_000 });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(START * 1000).toISOString(), end: new Date((START + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], inferenceProfiles: [], errors: [],
    customModels: [{ modelArn: `arn:aws:bedrock:${REGION}:111122223333:custom-model/${LLAMA}/tone01`, modelName: 'tone', region: REGION, baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/${LLAMA}` }],
  };
  return analyze(snapshot, PriceCatalog.bundled(), { now: new Date('2026-11-01T00:00:00Z') });
}

describe('a custom model with unpriced storage', () => {
  const report = publishedReport(run());

  it('is not in the spend total, and is not $0: its storage cost is null', () => {
    expect(report.customModels.map((c) => [c.baseModelId, c.storageMonthlyCost])).toEqual([[LLAMA, null]]);
    expect(report.summary.pricedMonthlyCost.toFixed(2)).toBe('3.50');
  });

  it('is named beside the total in the headline, as an unpriced model is', () => {
    expect(spendSentence(report)).toMatch(/, \$3\.50\/month for what is priced; not in the totals: 1 custom model with unpriced storage\.$/);
    expect(renderMarkdown(report)).toContain('not in the totals: 1 custom model with unpriced storage');
  });

  it('is counted in the summary, so a message trimmed to fit SNS (no custom-model list) still says so', () => {
    expect(report.summary.unpricedCustomModels).toBe(1);
    // Each message one byte smaller than the last, until the lists (custom models among them) are left out to fit.
    let built = buildSnsMessage(report);
    for (let i = 0; i < 10 && !built.omittedDetail.includes('customModels'); i++) built = buildSnsMessage(report, { maxBytes: built.bytes - 1 });
    expect(built.omittedDetail).toContain('customModels');
    const parts = JSON.parse(built.message) as Record<string, string>;
    const json = JSON.parse(parts.sqs!) as { customModels: unknown[]; summary: { unpricedCustomModels?: number } };
    expect(json.customModels).toEqual([]);
    expect(json.summary.unpricedCustomModels).toBe(1);
    // The email wraps at 80 columns: read as one line.
    expect(parts.email!.replace(/\s+/g, ' ')).toContain('not in the totals: 1 custom model with unpriced storage');
  });

  it('an organisation counts the custom models with unpriced storage of every account', () => {
    const one = run();
    const combined = combineAccountReports([{ accountId: '111122223333', report: one }, { accountId: '444455556666', report: one }]);
    expect(combined.summary.unpricedCustomModels).toBe(2);
    expect(spendSentence(publishedReport(combined))).toContain('not in the totals: 2 custom models with unpriced storage');
  });

  it('a report written before the summary counted them counts its list', () => {
    const { unpricedCustomModels: _count, ...older } = run().summary;
    const old = publishedReport({ ...run(), summary: older });
    expect(old.summary.unpricedCustomModels).toBe(1);
    expect(spendSentence(old)).toContain('not in the totals: 1 custom model with unpriced storage');
  });
});
