import { describe, expect, it } from 'vitest';
import { UnitSizer, buildLoadProfile } from '../../src/replay/load-profile.js';
import type { ModelUsage } from '../../src/usage/usage.js';

/**
 * One model seen under two IDs at different periods at the same time (on-demand calls read at 1 minute,
 * its provisioned model's at 5 minutes): the loads add. Only their sum over the 5 minutes is known, so
 * the profile must carry one 5-minute point with both, never two separate points (that would size for
 * each load alone) and never a 5-minute total squeezed into one minute.
 */
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;

function series(modelId: string, periodSeconds: number, input: number[], output: number[]): ModelUsage {
  return {
    modelId, region: 'us-east-1',
    segments: [{ periodSeconds, start: T0, length: input.length, metrics: { InputTokenCount: Float64Array.from(input), OutputTokenCount: Float64Array.from(output) } }],
  };
}

describe('merging series of one model read at different periods', () => {
  // On demand: 100,000 input tokens in each of the 5 minutes; provisioned: 1,000,000 over the 5 minutes.
  const onDemand = series('acme.m-v1:0', 60, [100_000, 100_000, 100_000, 100_000, 100_000], [0, 0, 0, 0, 0]);
  const provisioned = series('arn:aws:bedrock:us-east-1:123456789012:provisioned-model/p1', 300, [1_000_000], [0]);

  it('adds the loads over the coarser period and states that period as the peak resolution', () => {
    const profile = buildLoadProfile([onDemand, provisioned]);
    // (5 x 100,000 + 1,000,000) / 5 minutes = 300,000 tokens a minute, known only as a 5-minute average.
    expect(profile.peakInputPerMinute).toBe(300_000);
    expect(profile.peakResolutionSeconds).toBe(300);
    expect(profile.totals.InputTokenCount).toBe(1_500_000);
    expect([...profile.minutes]).toEqual([5]);
  });

  it('sizes units for the sum, whatever order the IDs come in', () => {
    const capacity = { inputTokensPerMinute: 100_000, outputTokensPerMinute: 10_000 };
    for (const order of [[onDemand, provisioned], [provisioned, onDemand]]) {
      // 300,000 a minute against 100,000 per unit: 3 units, where either load alone would need 1 or 2.
      expect(new UnitSizer(buildLoadProfile(order), capacity).unitsForPeak).toBe(3);
    }
  });
});
