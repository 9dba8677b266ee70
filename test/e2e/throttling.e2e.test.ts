import { describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../../src/aws/cloudwatch-collector.js';
import { collectAccountSnapshot } from '../../src/service/analyze-account.js';
import { sourcesFromClients } from '../../src/aws/sources.js';
import { totalsOf, type UsageSnapshot } from '../../src/usage/usage.js';
import { startAwsStub, type FixtureAccount } from './aws-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * Half of all CloudWatch calls throttled (the stub's seeded throttle knob): the collection still
 * completes, with exactly the usage of an unthrottled run. How long it takes against an unthrottled
 * run (target at most 3x) is a speed figure, so `npm run bench:faults` measures it at full size
 * (200 models x 30 days) with its spread; a timed assertion here failed on a loaded machine.
 */

const NOW = new Date('2026-11-23T00:00:00Z');
// Enough series for a few dozen GetMetricData calls, so the share throttled is measured over many draws.
const MODELS = 40;

const account: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: Array.from({ length: MODELS }, (_, i) => ({ modelId: `test.model-${i}-v1:0`, perMinute: { InputTokenCount: 1_000 + i, OutputTokenCount: 100 + i, Invocations: 2 } })),
    },
  },
};

async function collect(throttleRate: number): Promise<{ snapshot: UsageSnapshot; ms: number; throttled: number; calls: number }> {
  const stub = await startAwsStub({ account, throttleRate });
  try {
    const options = { endpoint: stub.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
    const started = performance.now();
    const snapshot = await collectAccountSnapshot(
      { regions: ['us-east-1'], days: 7, now: NOW },
      sourcesFromClients({ cloudWatch: (r) => createCloudWatchClient(r, options), bedrock: (r) => createBedrockClient(r, options) }),
    );
    return { snapshot, ms: performance.now() - started, throttled: stub.throttled.count, calls: stub.requests.filter((r) => r.service === 'monitoring').length };
  } finally {
    await stub.close();
  }
}

function totalsByModel(snapshot: UsageSnapshot): Record<string, unknown> {
  return Object.fromEntries(snapshot.models.map((m) => [`${m.modelId}`, totalsOf(m)]));
}

describe('CloudWatch throttled at 50%', () => {
  it('completes with the same usage as an unthrottled run', async () => {
    const clean = await collect(0);
    const throttled = await collect(0.5);

    expect(throttled.snapshot.errors).toEqual([]);
    expect(throttled.snapshot.models).toHaveLength(MODELS);
    expect(totalsByModel(throttled.snapshot)).toEqual(totalsByModel(clean.snapshot));
    // About half the calls on the wire were refused, so throttling really happened.
    expect(throttled.throttled / throttled.calls).toBeGreaterThan(0.35);
    expect(throttled.throttled / throttled.calls).toBeLessThan(0.65);
    console.log(`throttled 50%: ${throttled.ms.toFixed(0)} ms vs ${clean.ms.toFixed(0)} ms unthrottled (${(throttled.ms / clean.ms).toFixed(2)}x), ${throttled.throttled}/${throttled.calls} calls throttled`);
  });
});
