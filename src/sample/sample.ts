import { UsageBuilder, type UsageMetric, type UsageSnapshot } from '../usage/usage.js';

/**
 * The embedded sample: a deterministic, realistic account (fixed seed), so `npm start` shows what the
 * advisor does with no AWS account. Fourteen days of minute data in us-east-1:
 *  - a chat app on Claude Sonnet 4.5 through the `us.` profile, with a daily curve and prompt caching;
 *  - a steady, high-volume document pipeline on Nova 2 Lite, where provisioned throughput wins;
 *  - a nightly burst on Nova Micro that looks like a batch job;
 *  - an under-used provisioned throughput whose 1-month commitment ends soon;
 *  - an embedding model, an image model, a model the catalog cannot price, an unused custom model.
 */

export const SAMPLE_ACCOUNT = '111122223333';
export const SAMPLE_END = '2026-11-23T00:00:00.000Z';
export const SAMPLE_DAYS = 14;
const REGION = 'us-east-1';
const SEED = 20261123;

export const SAMPLE_PROVISIONED_ARN = `arn:aws:bedrock:${REGION}:${SAMPLE_ACCOUNT}:provisioned-model/q7r1x2support`;
export const SAMPLE_CUSTOM_MODEL_ARN = `arn:aws:bedrock:${REGION}:${SAMPLE_ACCOUNT}:custom-model/amazon.nova-micro-v1:0:128k/8d2kq0xw3z1a`;

/**
 * The sample account's rates file: what its AWS account team quoted for Nova 2 Lite provisioned
 * throughput (illustrative figures; AWS does not publish model-unit capacity).
 */
export const SAMPLE_RATES = {
  rates: [
    {
      model: 'amazon.nova-2-lite-v1:0',
      region: REGION,
      provisioned: { sixMonth: '48.00', unitTokensPerMinute: { input: 3_000_000, output: 300_000 } },
    },
  ],
  discountPercent: '0',
};
export const SAMPLE_RATES_NAME = 'embedded sample rates (illustrative account-team quote)';

/** mulberry32: a tiny, well-known seeded generator, so every run produces the same account. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type MinuteUsage = Partial<Record<UsageMetric, number>>;

/**
 * The sample's previous period, for week over week: the 14 days before, with 10% less traffic
 * (the same generator, so the change is the scale alone).
 */
export function samplePreviousSnapshot(): UsageSnapshot {
  return sampleSnapshot({ end: new Date(Date.parse(SAMPLE_END) - SAMPLE_DAYS * 86_400_000).toISOString(), loadScale: 0.9 });
}

export function sampleSnapshot(options: { end?: string; loadScale?: number } = {}): UsageSnapshot {
  const random = seeded(SEED);
  const jitter = (spread: number) => 1 - spread + 2 * spread * random();
  const endIso = options.end ?? SAMPLE_END;
  const scale = options.loadScale ?? 1;
  const end = Date.parse(endIso) / 1000;
  const minutes = SAMPLE_DAYS * 24 * 60;
  const start = end - minutes * 60;
  const builder = new UsageBuilder();

  const workloads: Array<{ modelId: string; at: (t: Date) => MinuteUsage | undefined }> = [
    {
      // Chat app: busy 06-22 UTC, quieter at weekends; a 4,500-token cached system prompt per request.
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      at: (t) => {
        const hour = t.getUTCHours() + t.getUTCMinutes() / 60;
        const weekend = t.getUTCDay() === 0 || t.getUTCDay() === 6 ? 0.55 : 1;
        const curve = hour >= 6 && hour <= 22 ? Math.pow(Math.sin((Math.PI * (hour - 6)) / 16), 1.5) : 0;
        const requests = Math.round(110 * weekend * (0.12 + 0.88 * curve) * jitter(0.2));
        if (requests === 0) return undefined;
        const hits = Math.round(requests * 0.85);
        return {
          Invocations: requests,
          InputTokenCount: requests * 1_500,
          CacheReadInputTokenCount: hits * 4_500,
          CacheWriteInputTokenCount: (requests - hits) * 4_500,
          OutputTokenCount: Math.round(requests * 450 * jitter(0.15)),
        };
      },
    },
    {
      // Document pipeline: steady around the clock.
      modelId: 'amazon.nova-2-lite-v1:0',
      at: () => ({
        Invocations: Math.round(400 * jitter(0.08)),
        InputTokenCount: Math.round(2_300_000 * jitter(0.08)),
        OutputTokenCount: Math.round(230_000 * jitter(0.08)),
      }),
    },
    {
      // Nightly enrichment job, 01:00-03:30 UTC.
      modelId: 'amazon.nova-micro-v1:0',
      at: (t) => {
        const hour = t.getUTCHours() + t.getUTCMinutes() / 60;
        if (hour < 1 || hour >= 3.5) return undefined;
        return {
          Invocations: Math.round(3_000 * jitter(0.1)),
          InputTokenCount: Math.round(6_000_000 * jitter(0.1)),
          OutputTokenCount: Math.round(600_000 * jitter(0.1)),
        };
      },
    },
    {
      // Search indexing embeddings, business hours.
      modelId: 'amazon.titan-embed-text-v2:0',
      at: (t) => {
        const hour = t.getUTCHours();
        if (hour < 8 || hour >= 20) return undefined;
        return { Invocations: Math.round(300 * jitter(0.3)), InputTokenCount: Math.round(150_000 * jitter(0.3)) };
      },
    },
    {
      // Marketing images through the foundation-model ARN.
      modelId: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-canvas-v1:0`,
      at: (t) => {
        const hour = t.getUTCHours();
        if (hour < 9 || hour >= 18 || random() < 0.6) return undefined;
        const images = 1 + Math.floor(random() * 4);
        return { Invocations: images, OutputImageCount: images };
      },
    },
    {
      // A trial of Nova Premier: the catalog has no verified price for it.
      modelId: 'us.amazon.nova-premier-v1:0',
      at: (t) => (t.getUTCHours() === 14 && random() < 0.3 ? { Invocations: 5, InputTokenCount: 20_000, OutputTokenCount: 4_000 } : undefined),
    },
    {
      // The support bot behind the provisioned throughput: light, business hours only.
      modelId: SAMPLE_PROVISIONED_ARN,
      at: (t) => {
        const hour = t.getUTCHours();
        if (hour < 13 || hour >= 23) return undefined;
        return {
          Invocations: Math.round(60 * jitter(0.3)),
          InputTokenCount: Math.round(240_000 * jitter(0.3)),
          OutputTokenCount: Math.round(24_000 * jitter(0.3)),
        };
      },
    },
  ];

  for (let i = 0; i < minutes; i++) {
    const timestamp = start + i * 60;
    const t = new Date(timestamp * 1000);
    for (const workload of workloads) {
      const usage = workload.at(t);
      if (!usage) continue;
      for (const [metric, value] of Object.entries(usage) as Array<[UsageMetric, number]>) {
        const scaled = scale === 1 ? value : Math.round(value * scale);
        if (scaled > 0) builder.add({ region: REGION, modelId: workload.modelId, namespace: 'AWS/Bedrock', metric, timestamp, periodSeconds: 60, value: scaled });
      }
    }
  }

  return {
    window: { start: new Date(start * 1000).toISOString(), end: endIso },
    models: builder.build(),
    provisionedThroughputs: [
      {
        provisionedModelArn: SAMPLE_PROVISIONED_ARN,
        provisionedModelName: 'support-bot',
        region: REGION,
        modelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-2-lite-v1:0:256k`,
        foundationModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-2-lite-v1:0:256k`,
        modelUnits: 2,
        status: 'InService',
        commitmentDuration: 'OneMonth',
        commitmentExpirationTime: '2026-12-05T09:30:00.000Z',
        creationTime: '2026-11-05T09:30:00.000Z',
      },
    ],
    customModels: [
      {
        modelArn: SAMPLE_CUSTOM_MODEL_ARN,
        modelName: 'support-tone-v3',
        region: REGION,
        baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-micro-v1:0:128k`,
        customizationType: 'FINE_TUNING',
        creationTime: '2026-08-14T10:00:00.000Z',
      },
    ],
    inferenceProfiles: [],
    errors: [],
  };
}
