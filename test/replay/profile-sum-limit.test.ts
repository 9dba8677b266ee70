import { describe, expect, it } from 'vitest';
import { UnitSizer, buildLoadProfile } from '../../src/replay/load-profile.js';
import { UsageInputError } from '../../src/errors.js';
import type { ModelUsage, UsageMetric } from '../../src/usage/usage.js';

/**
 * A series' token totals are exact integers: a sum past 2^53 cannot be counted exactly, and the profile
 * pass refuses it, naming the series and the metric, whichever path the pass takes (minute data,
 * coarser data, several series merged). Sums up to 2^53 - 1 are counted as they are.
 */
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
const HALF = 2 ** 52;

function series(periodSeconds: number, metric: UsageMetric, values: number[], modelId = 'big.model'): ModelUsage {
  const metrics: ModelUsage['segments'][number]['metrics'] = {
    InputTokenCount: new Float64Array(values.length).fill(1),
    OutputTokenCount: new Float64Array(values.length).fill(1),
    CacheReadInputTokenCount: new Float64Array(values.length),
    Invocations: new Float64Array(values.length).fill(1),
  };
  metrics[metric] = Float64Array.from(values);
  return { modelId, region: 'eu-west-1', segments: [{ periodSeconds, start: T0, length: values.length, metrics }] };
}

const METRICS: UsageMetric[] = ['InputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'OutputTokenCount', 'Invocations', 'InvocationThrottles'];

describe('the profile pass\'s totals past 2^53', () => {
  for (const period of [60, 300]) {
    for (const metric of METRICS) {
      it(`refuses a ${metric} sum past 2^53 in ${period}-second data, naming the series`, () => {
        // 2^52 + 2^52 = 2^53: one past the largest exact count.
        const usage = series(period, metric, [HALF, HALF]);
        for (const options of [{}, { unitCapacity: { inputTokensPerMinute: 1000, outputTokensPerMinute: 100 }, overflowLevels: { input: 0, output: 0 } }]) {
          expect(() => buildLoadProfile([usage], options)).toThrow(UsageInputError);
          expect(() => buildLoadProfile([usage], options)).toThrow(`big.model (eu-west-1) ${metric}: token sum ${2 ** 53} passes 2^53`);
        }
        // Merged with another series of the model: the same refusal.
        expect(() => buildLoadProfile([usage, series(period, 'OutputTokenCount', [1, 1], 'big.model-v2')])).toThrow(`big.model (eu-west-1) ${metric}`);
      });
    }
  }

  it('counts a sum of exactly 2^53 - 1 as it is, in every path', () => {
    for (const period of [60, 300]) {
      const usage = series(period, 'InputTokenCount', [HALF, HALF - 1]);
      const capacity = { inputTokensPerMinute: 2 ** 60, outputTokensPerMinute: 2 ** 60 };
      const profile = buildLoadProfile([usage], { unitCapacity: capacity, overflowLevels: { input: 0, output: 0 } });
      expect(profile.totals.InputTokenCount).toBe(Number.MAX_SAFE_INTEGER);
      expect(profile.totals.OutputTokenCount).toBe(2);
      expect(profile.totals.Invocations).toBe(2);
      expect(new UnitSizer(profile, capacity).unitsForPeak).toBe(1);
    }
  });
});
