import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../../src/aws/cloudwatch-collector.js';
import { sourcesFromClients } from '../../src/aws/sources.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { adviceText } from '../../src/report/advice-text.js';
import { collectAccountSnapshot, runAccountAnalysis } from '../../src/service/analyze-account.js';
import { totalsOf, type UsageSnapshot } from '../../src/usage/usage.js';
import { startAwsStub, type AwsStub, type FixtureAccount } from './aws-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * Metrics CloudWatch lists under finer dimension sets, read by the real SDK client over CloudWatch's
 * wire protocol (the loopback stub): an image model whose `OutputImageCount` has no ModelId-only series,
 * only ImageSize x BucketedStepSize and ServiceTier x ResolvedServiceTier breakdowns, and a text model
 * whose tokens have both the ModelId-only series and a service-tier breakdown.
 */

const NOW = new Date('2026-11-23T00:00:00Z');
const CANVAS = 'amazon.nova-canvas-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

const account: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: [
        {
          modelId: CANVAS,
          perMinute: { Invocations: 1 },
          finer: [
            { dimensions: [{ Name: 'ImageSize', Value: '1024x1024' }, { Name: 'BucketedStepSize', Value: '50' }], perMinute: { OutputImageCount: 2 } },
            { dimensions: [{ Name: 'ImageSize', Value: '512x512' }, { Name: 'BucketedStepSize', Value: '50' }], perMinute: { OutputImageCount: 1 } },
            { dimensions: [{ Name: 'ServiceTier', Value: 'default' }, { Name: 'ResolvedServiceTier', Value: 'default' }], perMinute: { OutputImageCount: 3 } },
          ],
        },
        {
          modelId: HAIKU,
          perMinute: { InputTokenCount: 100 },
          finer: [
            { dimensions: [{ Name: 'ServiceTier', Value: 'flex' }, { Name: 'ResolvedServiceTier', Value: 'flex' }], perMinute: { InputTokenCount: 40 } },
            { dimensions: [{ Name: 'ServiceTier', Value: 'default' }, { Name: 'ResolvedServiceTier', Value: 'default' }], perMinute: { InputTokenCount: 60 } },
          ],
        },
      ],
    },
  },
};

let stub: AwsStub;

beforeAll(async () => {
  stub = await startAwsStub({ account });
});

afterAll(async () => {
  await stub?.close();
});

function sources() {
  const options = { endpoint: stub.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
  return sourcesFromClients({ cloudWatch: (r) => createCloudWatchClient(r, options), bedrock: (r) => createBedrockClient(r, options) });
}

function totals(snapshot: UsageSnapshot, modelId: string) {
  const usage = snapshot.models.find((m) => m.modelId === modelId);
  if (!usage) throw new Error(`no usage for ${modelId}`);
  return totalsOf(usage);
}

const NOTE =
  'region us-east-1: amazon.nova-canvas-v1:0 (us-east-1): CloudWatch publishes AWS/Bedrock OutputImageCount with no series under ModelId alone; ' +
  'its 2 series under ModelId + ImageSize + BucketedStepSize were read and added up per period ' +
  '(not ModelId + ServiceTier + ResolvedServiceTier: a breakdown of the same usage, which would count it twice)';

describe('CloudWatch metrics under finer dimension sets, over the wire', () => {
  /*
   * By hand. The stub's minute value is round(rate x 1.5) from 08:00 to 18:00 UTC (600 minutes) and
   * round(rate x 0.5) otherwise (840 minutes); JavaScript rounds 0.5 up.
   *   images 1024x1024: rate 2 -> 3 x 600 + 1 x 840 = 2,640; 512x512: rate 1 -> 2 x 600 + 1 x 840 = 2,040.
   *   images read = 2,640 + 2,040 = 4,680 (the service-tier breakdown, another 4,680, is not read).
   *   Haiku input: rate 100 -> 150 x 600 + 50 x 840 = 132,000 (the tiers' 40 + 60 would be 132,000 again).
   *   Invocations: rate 1 -> 2,040.
   */
  it('counts the images once from the one finer set, the tokens once from the ModelId-only series, and says so in the report', async () => {
    const catalog = PriceCatalog.bundled();

    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 1, now: NOW }, sources());
    const { report } = await runAccountAnalysis({ regions: ['us-east-1'], days: 1, now: NOW }, { sources: sources(), catalog, publish: false });

    expect(snapshot.errors).toEqual([]);
    expect(totals(snapshot, CANVAS)).toMatchObject({ OutputImageCount: 4_680, Invocations: 2_040 });
    expect(totals(snapshot, HAIKU).InputTokenCount).toBe(132_000);
    // Series read: Canvas Invocations and its 2 image series, Haiku's ModelId-only input: 4 metrics.
    expect(snapshot.collection).toMatchObject({ metricsRequested: 4 });
    expect(snapshot.warnings?.map(adviceText)).toEqual([NOTE]);
    expect((report.warnings ?? []).map(adviceText)).toContain(NOTE);
  });

  it('reads the same set hourly, as the runaway watch does', async () => {
    // By hand, hourly: round(rate x 1.5 x 60) for 10 hours, round(rate x 0.5 x 60) for 14.
    //   rate 2: 180 x 10 + 60 x 14 = 2,640; rate 1: 90 x 10 + 30 x 14 = 1,320; images 3,960.
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 1, now: NOW, hourly: true }, sources());

    expect(totals(snapshot, CANVAS).OutputImageCount).toBe(3_960);
    expect(totals(snapshot, HAIKU).InputTokenCount).toBe(150 * 60 * 10 + 50 * 60 * 14);
    expect(snapshot.warnings?.map(adviceText)).toEqual([NOTE]);
  });
});
