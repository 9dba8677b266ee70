import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type ListMetricsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchUsageCollector } from '../../src/aws/cloudwatch-collector.js';
import { incidentSnsMessage } from '../../src/report/runaway-message.js';
import type { RunawayIncident } from '../../src/runaway/detect.js';
import type { RegionSources } from '../../src/service/ports.js';
import { runRunawayWatch } from '../../src/service/runaway-watch.js';
import { OPUS, REGION, catalog } from '../fixtures/model-catalog.js';

const DAY0 = Date.parse('2026-10-01T00:00:00Z') / 1000;
const NOW = new Date((DAY0 + 5 * 86_400) * 1000);
const TIERS = [
  { tier: 'default', share: 3 },
  { tier: 'flex', share: 1 },
] as const;

const cloudWatch = mockClient(CloudWatchClient);

/**
 * Opus input tokens published only under ModelId + ServiceTier + ResolvedServiceTier (no ModelId-only
 * series), three quarters in the default tier and one in flex. An hour is 200,000 tokens on even days
 * and 210,000 on odd ones, but 2,000,000 at 15:00 on the fifth day (the day judged).
 */
function tieredOpus(): void {
  const tokens = (t: number) => {
    const d = Math.floor((t - DAY0) / 86_400);
    const h = Math.floor((t - DAY0 - d * 86_400) / 3600);
    return d === 4 && h === 15 ? 2_000_000 : 200_000 + 10_000 * (d % 2);
  };
  cloudWatch.on(ListMetricsCommand).callsFake(({ Namespace }): ListMetricsCommandOutput => ({
    $metadata: {},
    Metrics: Namespace !== 'AWS/Bedrock' ? [] : TIERS.map(({ tier }) => ({
      Namespace, MetricName: 'InputTokenCount',
      Dimensions: [{ Name: 'ModelId', Value: OPUS }, { Name: 'ServiceTier', Value: tier }, { Name: 'ResolvedServiceTier', Value: tier }],
    })),
  }));
  cloudWatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput): GetMetricDataCommandOutput => ({
    $metadata: {},
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const tier = q.MetricStat!.Metric!.Dimensions!.find((d) => d.Name === 'ServiceTier')!.Value;
      const share = TIERS.find((t) => t.tier === tier)!.share;
      const hours: number[] = [];
      for (let t = input.StartTime!.getTime() / 1000; t < input.EndTime!.getTime() / 1000; t += 3600) hours.push(t);
      return { Id: q.Id, Timestamps: hours.map((t) => new Date(t * 1000)), Values: hours.map((t) => (tokens(t) * share) / 4), StatusCode: 'Complete' };
    }),
  }));
}

function sources(): RegionSources {
  return {
    usage: (region) => new CloudWatchUsageCollector({ client: new CloudWatchClient({ region }), region }),
    inventory: () => ({ read: async () => ({ provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] }) }),
  };
}

describe('the runaway watch of a metric CloudWatch publishes under finer dimensions only', () => {
  beforeEach(() => cloudWatch.reset());

  it('judges the tiers summed, and its result and the alert say the metric was read through the finer set', async () => {
    tieredOpus();
    const alerted: RunawayIncident[] = [];

    const result = await runRunawayWatch(
      { regions: [REGION], baselineDays: 4, now: NOW, options: {} },
      { sources: sources(), catalog, alert: async (incident) => { alerted.push(incident); return { id: 'i', messageId: 'm-1', sent: true }; } },
    );

    // The summed tiers, by hand: 2,000,000 tokens at $0.005 per 1K = $10 at 15:00 on the day judged.
    expect(result.errors).toEqual([]);
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]).toMatchObject({ costSoFar: '10', hours: 1 });
    const note = `region ${REGION}: ${OPUS} (${REGION}): CloudWatch publishes AWS/Bedrock InputTokenCount with no series under ModelId alone; ` +
      'its 2 series under ModelId + ServiceTier + ResolvedServiceTier were read and added up per period';
    expect(result.warnings).toEqual([note]);
    expect(result.incidents[0]!.warnings).toEqual([note]);
    // The alert itself, in each form it is sent in.
    const parts = JSON.parse(incidentSnsMessage(alerted[0]!, '123456789012').message) as Record<string, string>;
    expect(parts.email).toContain(`Warning: ${note}.`);
    expect(JSON.parse(parts.sqs!)).toMatchObject({ warnings: [note] });
    expect((JSON.parse(parts.https!) as { content: { description: string } }).content.description).toContain(`*Warning:* ${note}`);
  });
});
