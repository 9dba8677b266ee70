/**
 * Fault benchmark: collection of 200 models x 30 days from the loopback AWS stub with the real SDK
 * clients, first unthrottled, then with half of all CloudWatch calls answered `Throttling`.
 *
 * Target (issue 9): the throttled run takes at most 3x the unthrottled one. Before the shared retry
 * strategy (SDK adaptive mode) it took 582 s against 18 s.
 * Run: npm run bench:faults     (BENCH_MODELS, BENCH_DAYS, BENCH_THROTTLE to change the load;
 *      BENCH_RETRY=sdk-adaptive measures the SDK's own adaptive retry mode instead, for comparison)
 */
import { createBedrockClient } from '../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../src/aws/cloudwatch-collector.js';
import { collectAccountSnapshot } from '../src/service/analyze-account.js';
import { sourcesFromClients } from '../src/aws/sources.js';
import { startAwsStub, type FixtureAccount } from '../test/e2e/aws-stub.js';

const MODELS = Number(process.env.BENCH_MODELS ?? 200);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 0.5);
const TARGET_RATIO = 3;
/** The old configuration (SDK adaptive mode, 8 attempts) in place of the shared strategy, for a before/after figure. */
const SDK_ADAPTIVE = process.env.BENCH_RETRY === 'sdk-adaptive';
const NOW = new Date('2026-11-23T00:00:00Z');

function account(models: number): FixtureAccount {
  return {
    regions: {
      'us-east-1': {
        models: Array.from({ length: models }, (_, i) => ({
          modelId: `bench.model-${i}-v1:0`,
          perMinute: { InputTokenCount: 1_000 + i, OutputTokenCount: 100 + i, Invocations: 2, CacheReadInputTokenCount: 50 },
        })),
      },
    },
  };
}

async function timeCollection(throttleRate: number, models = MODELS, days = DAYS): Promise<{ ms: number; calls: number; throttled: number; models: number; errors: string[] }> {
  const stub = await startAwsStub({ account: account(models), throttleRate });
  try {
    const options = {
      endpoint: stub.url,
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
      ...(SDK_ADAPTIVE ? { retryStrategy: undefined, retryMode: 'adaptive', maxAttempts: 8 } : {}),
    };
    const started = performance.now();
    const snapshot = await collectAccountSnapshot(
      { regions: ['us-east-1'], days, now: NOW },
      sourcesFromClients({
        cloudWatch: (region) => createCloudWatchClient(region, options),
        bedrock: (region) => createBedrockClient(region, options),
      }),
    );
    const ms = performance.now() - started;
    return {
      ms,
      calls: stub.requests.filter((r) => r.service === 'monitoring').length,
      throttled: stub.throttled.count,
      models: new Set(snapshot.models.map((m) => m.modelId)).size,
      errors: snapshot.errors.map((e) => `${e.scope}: ${e.message}`),
    };
  } finally {
    await stub.close();
  }
}

// Warm-up (JIT, sockets), so the first measured run is not also the first run.
await timeCollection(0, 20, 3);
const base = await timeCollection(0);
const throttled = await timeCollection(THROTTLE);
const ratio = throttled.ms / base.ms;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`${MODELS} models x ${DAYS} days, collected from the loopback stub${SDK_ADAPTIVE ? ' (SDK adaptive retry mode)' : ''}`);
console.log(`  unthrottled: ${seconds(base.ms)} (${base.calls} CloudWatch calls, ${base.models} models)`);
console.log(`  ${Math.round(THROTTLE * 100)}% throttled: ${seconds(throttled.ms)} (${throttled.calls} calls, ${throttled.throttled} throttled, ${throttled.models} models)`);
console.log(`  ratio ${ratio.toFixed(2)}x, target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`);
for (const e of [...base.errors, ...throttled.errors]) console.log(`  error: ${e}`);
const complete = base.models === MODELS && throttled.models === MODELS && base.errors.length + throttled.errors.length === 0;
if (!complete) console.log('  INCOMPLETE: not every model was collected');
process.exitCode = ratio <= TARGET_RATIO && complete ? 0 : 1;
