import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { usd } from '../../src/money.js';
import type { BilledLine, BillRead } from '../../src/bill/billed-line.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Two whole UTC days of usage of two models in us-east-1, and the bill AWS would send for them.
 * Every figure here is written by hand from the list prices of the bundled catalog, as cited:
 *  - Amazon Nova Lite: input $0.00006, output $0.00024 per 1K tokens (genai-prices, AmazonBedrock us-east-1);
 *  - Claude Sonnet 4.6, in-Region (a `us.` geo profile bills at it): input $0.0033, output $0.0165,
 *    cache read $0.00033, cache write (5 min) $0.004125 per 1K tokens (genai-prices, AWS pricing page).
 * Per hour CloudWatch counts: Nova Lite 1,000,000 input / 200,000 output; Sonnet 4.6 500,000 input /
 * 50,000 output / 2,000,000 cache read / 100,000 cache write. Per day, then:
 *   Nova Lite  input 24,000K x 0.00006 = $1.44        output 4,800K x 0.00024 = $1.152
 *   Sonnet 4.6 input 12,000K x 0.0033  = $39.60       output 1,200K x 0.0165  = $19.80
 *              cache read 48,000K x 0.00033 = $15.84  cache write 2,400K x 0.004125 = $9.90
 * Sonnet's day: $85.14; with no cache, $59.40. The whole day: $87.732.
 */
export const WINDOW = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
export const DAYS = ['2026-11-01', '2026-11-02'];
export const NOW = new Date('2026-11-03T06:00:00Z');
export const ACCOUNT = '111122223333';
export const NOVA_LITE = 'amazon.nova-lite-v1:0';
export const SONNET_46 = 'anthropic.claude-sonnet-4-6-v1:0';
export const SONNET_SERVICE = 'Claude Sonnet 4.6 (Amazon Bedrock Edition)';

export interface Hourly { input: number; output: number; cacheRead?: number; cacheWrite?: number }
export const NOVA_HOURLY: Hourly = { input: 1_000_000, output: 200_000 };
export const SONNET_HOURLY: Hourly = { input: 500_000, output: 50_000, cacheRead: 2_000_000, cacheWrite: 100_000 };

export function snapshotOf(series: Array<{ modelId: string; hourly: Hourly }>): UsageSnapshot {
  const builder = new UsageBuilder();
  const start = Date.parse(WINDOW.start) / 1000;
  for (let h = 0; h < 48; h++) {
    for (const { modelId, hourly } of series) {
      const metrics = [['InputTokenCount', hourly.input], ['OutputTokenCount', hourly.output], ['CacheReadInputTokenCount', hourly.cacheRead ?? 0], ['CacheWriteInputTokenCount', hourly.cacheWrite ?? 0], ['Invocations', 100]] as const;
      for (const [metric, value] of metrics) builder.add({ region: 'us-east-1', modelId, metric, timestamp: start + h * 3600, periodSeconds: 3600, value });
    }
  }
  return { window: WINDOW, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

export const catalog = PriceCatalog.bundled();

export function replayOf(snapshot: UsageSnapshot): AdvisorReport {
  return analyze(snapshot, catalog, { now: NOW, account: ACCOUNT });
}

/** One day's bill lines, as a CUR 2.0 export has them (both spellings of a third-party model's usage type). */
export function dayLines(day: string, options: { discount?: string; guardrails?: boolean } = {}): BilledLine[] {
  const net = (cost: string) => (options.discount ? { netCost: usd(cost).times(usd(1).minus(options.discount)) } : {});
  const line = (service: string, usageType: string, quantity: string, unit: string, cost: string, extra: Partial<BilledLine> = {}): BilledLine => ({
    service, usageType, day, quantity: usd(quantity), unit, unblendedCost: usd(cost), accountId: ACCOUNT, lineItemType: 'Usage', ...net(cost), ...extra,
  });
  const lines = [
    line('Amazon Bedrock', 'USE1-NovaLite-input-tokens', '24000', '1K tokens', '1.44', { iamPrincipal: 'arn:aws:iam::111122223333:role/batch-jobs' }),
    line('Amazon Bedrock', 'USE1-NovaLite-output-tokens', '4800', '1K tokens', '1.152', { iamPrincipal: 'arn:aws:iam::111122223333:role/batch-jobs' }),
    line(SONNET_SERVICE, 'USE1-Claude4.6Sonnet-input-tokens', '12000', '1K tokens', '39.6', { iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app' }),
    line(SONNET_SERVICE, 'USE1-MP:USE1_OutputTokenCount-Units', '1.2', 'Units', '19.8', { iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app' }),
    line(SONNET_SERVICE, 'USE1-MP:USE1_CacheReadInputTokenCount-Units', '48', 'Units', '15.84', { iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app' }),
    line(SONNET_SERVICE, 'USE1-MP:USE1_CacheWriteInputTokenCount-Units', '2.4', 'Units', '9.9', { iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app' }),
  ];
  // Guardrails bill per 1,000 text units; the usage type is illustrative, recognised by its word "Guardrails".
  if (options.guardrails) lines.push(line('Amazon Bedrock', 'USE1-Guardrails-ContentPolicyTextUnits', '2000', 'TextUnits', '1.5', { iamPrincipal: 'arn:aws:iam::111122223333:role/chat-app' }));
  return lines;
}

export function billOf(options: { discount?: string; guardrails?: boolean } = {}): BillRead {
  return { source: { kind: 'cur', description: 'test export' }, lines: DAYS.flatMap((d) => dayLines(d, options)) };
}
