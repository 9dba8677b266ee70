import { z } from 'zod';
import { UsageInputError } from '../errors.js';
import { USAGE_METRICS, type ModelUsage, type UsageMetric, type UsageSnapshot } from './usage.js';

/**
 * The tool's own usage snapshot: what `--save-usage` writes after reading an account, replayable
 * offline with `--input`. Series are stored as plain arrays per metric, so the file stays compact.
 */
export const SNAPSHOT_FORMAT = 'bedrock-cost-advisor/usage-snapshot@1';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time');
const count = z.number().int().nonnegative();

const segmentSchema = z
  .object({
    periodSeconds: z.number().int().positive().multipleOf(60),
    start: z.number().int().nonnegative(),
    length: z.number().int().nonnegative(),
    metrics: z.partialRecord(z.enum(USAGE_METRICS), z.array(count)),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const [metric, values] of Object.entries(s.metrics)) {
      if (values && values.length !== s.length) {
        ctx.addIssue({ code: 'custom', path: ['metrics', metric], message: `has ${values.length} values but the segment length is ${s.length}` });
      }
    }
  });

const snapshotSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    window: z.object({ start: isoDate, end: isoDate }).strict(),
    models: z.array(z.object({ modelId: z.string().min(1), region: z.string().min(1), namespace: z.string().optional(), segments: z.array(segmentSchema) }).strict()),
    provisionedThroughputs: z
      .array(
        z.object({
          provisionedModelArn: z.string(), provisionedModelName: z.string(), region: z.string(), modelArn: z.string(),
          foundationModelArn: z.string().optional(), modelUnits: z.number().int().nonnegative(), status: z.string(),
          commitmentDuration: z.enum(['OneMonth', 'SixMonths']).optional(), commitmentExpirationTime: isoDate.optional(), creationTime: isoDate.optional(),
        }).strict(),
      )
      .default([]),
    customModels: z
      .array(z.object({ modelArn: z.string(), modelName: z.string(), region: z.string(), baseModelArn: z.string().optional(), customizationType: z.string().optional(), creationTime: isoDate.optional() }).strict())
      .default([]),
    inferenceProfiles: z
      .array(z.object({ inferenceProfileArn: z.string(), inferenceProfileId: z.string(), inferenceProfileName: z.string().optional(), region: z.string(), type: z.enum(['SYSTEM_DEFINED', 'APPLICATION']), modelArns: z.array(z.string()) }).strict())
      .default([]),
    foundationModels: z.array(z.object({ modelId: z.string(), region: z.string(), lifecycleStatus: z.string().optional() }).strict()).optional(),
    errors: z.array(z.object({ scope: z.string(), message: z.string() }).strict()).default([]),
    collection: z
      .object({ listMetricsCalls: count, getMetricDataCalls: count, metricsRequested: count, datapoints: count, estimatedCostUsd: z.string() })
      .strict()
      .optional(),
  })
  .strict();

export function serializeSnapshot(snapshot: UsageSnapshot): string {
  const models = snapshot.models.map((m) => ({
    ...m,
    segments: m.segments.map((s) => ({
      periodSeconds: s.periodSeconds, start: s.start, length: s.length,
      metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, Array.from(v as Float64Array)])),
    })),
  }));
  return JSON.stringify({ format: SNAPSHOT_FORMAT, ...snapshot, models });
}

export function parseSnapshot(text: string, fileName: string): UsageSnapshot {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageInputError(`${fileName}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = snapshotSchema.safeParse(document);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((i) => `${fileName}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new UsageInputError(`${fileName} is not a usage snapshot (${SNAPSHOT_FORMAT}):\n${lines.join('\n')}`);
  }
  const { format: _format, ...data } = parsed.data;
  const models: ModelUsage[] = data.models.map((m) => ({
    modelId: m.modelId, region: m.region, ...(m.namespace ? { namespace: m.namespace } : {}),
    segments: m.segments.map((s) => ({
      periodSeconds: s.periodSeconds, start: s.start, length: s.length,
      metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, Float64Array.from(v as number[])])) as Partial<Record<UsageMetric, Float64Array>>,
    })),
  }));
  return { ...data, models } as UsageSnapshot;
}
