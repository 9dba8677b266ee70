import { z } from 'zod';

/**
 * The price catalog is data, not code: `data/bedrock-prices.json` is validated against this schema
 * when it is loaded, so a malformed entry fails loudly and by name instead of pricing at $0.
 */

/** A non-negative decimal amount in USD. Strings keep JSON from rounding it through a float. */
export const decimalString = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((s) => /^\d+(\.\d+)?$/.test(s), { message: 'expected a non-negative decimal amount such as "0.000035"' });

/** A price as written: a bare amount takes its row's source; an object names its own. */
export const priceValue = z.union([
  decimalString,
  z.object({ usd: decimalString, source: z.string().min(1), note: z.string().optional() }).strict(),
]);
export type PriceValue = z.infer<typeof priceValue>;

export const TOKEN_DIMENSIONS = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite1h',
  'batchInput',
  'batchOutput',
  'flexInput',
  'flexOutput',
  'priorityInput',
  'priorityOutput',
] as const;
export type TokenDimension = (typeof TOKEN_DIMENSIONS)[number];

export const COMMITMENT_TERMS = ['noCommit', 'oneMonth', 'sixMonth'] as const;
export type CommitmentTerm = (typeof COMMITMENT_TERMS)[number];

export const INFERENCE_SCOPES = ['in-region', 'geo', 'global'] as const;

const sourceSchema = z
  .object({
    title: z.string().min(1),
    url: z.string().min(1),
    /** The date the price was read from the source (ISO date). */
    readOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date such as 2026-10-15'),
    /** AWS = AWS docs/pricing page, PL = AWS Price List value, 3P = third party, derived = computed from a stated rule. */
    reliability: z.enum(['AWS', 'AWS-blog', 'PL', '3P', 'derived', 'user']),
    note: z.string().optional(),
  })
  .strict();

const capacitySchema = z
  .object({
    inputTokensPerMinute: z.number().int().positive(),
    outputTokensPerMinute: z.number().int().positive(),
    source: z.string().min(1),
  })
  .strict();

const modelSchema = z
  .object({
    modelId: z.string().min(1),
    name: z.string().min(1),
    provider: z.string().min(1),
    modality: z.enum(['text', 'embedding', 'image']),
    /**
     * Other IDs of the same model: provisioned-throughput IDs of older models carry a `:N` version
     * before the context suffix (`amazon.titan-text-express-v1:0:8k`) that the on-demand ID lacks.
     */
    aliases: z.array(z.string().min(1)).optional(),
    promptCache: z
      .object({
        /** TTLs the model accepts; `1h` only for the models AWS lists. */
        ttls: z.array(z.enum(['5m', '1h'])).min(1),
        minTokensPerCheckpoint: z.number().int().positive().optional(),
        /**
         * No cache-write rate is published and writes are believed billed as normal input (Amazon
         * Nova; UNVERIFIED). Replay then prices writes at the input rate and says so.
         */
        writesBilledAsInput: z.boolean().optional(),
        source: z.string().min(1),
      })
      .strict()
      .optional(),
    batch: z.object({ supported: z.boolean(), source: z.string().min(1) }).strict().optional(),
    provisionedThroughput: z
      .object({ supported: z.boolean(), contextVariants: z.array(z.string()).optional(), source: z.string().min(1) })
      .strict()
      .optional(),
    note: z.string().optional(),
  })
  .strict();

const priceRowSchema = z
  .object({
    model: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS Region code such as us-east-1'),
    scope: z.enum(INFERENCE_SCOPES),
    /** Default source for every bare amount in this row. */
    source: z.string().min(1),
    perThousandTokens: z.partialRecord(z.enum(TOKEN_DIMENSIONS), priceValue).optional(),
    perImage: priceValue.optional(),
    perModelUnitHour: z.partialRecord(z.enum(COMMITMENT_TERMS), priceValue).optional(),
    modelUnitCapacity: capacitySchema.optional(),
    customization: z
      .object({ trainingPerThousandTokens: priceValue.optional(), storagePerMonth: priceValue.optional() })
      .strict()
      .optional(),
    note: z.string().optional(),
  })
  .strict();

export const catalogFileSchema = z
  .object({
    schemaVersion: z.literal(1),
    currency: z.literal('USD'),
    sources: z.record(z.string(), sourceSchema),
    models: z.array(modelSchema),
    prices: z.array(priceRowSchema),
  })
  .strict();

export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type CatalogModelEntry = z.infer<typeof modelSchema>;
export type CatalogPriceRow = z.infer<typeof priceRowSchema>;
export type CatalogSource = z.infer<typeof sourceSchema>;

/** The user's rates file: private pricing, a discount, the model-unit capacity their account team quoted. */
const tokenPair = z.object({ input: decimalString.optional(), output: decimalString.optional() }).strict();
export const ratesFileSchema = z
  .object({
    rates: z
      .array(
        z
          .object({
            model: z.string().min(1),
            region: z.string().min(1),
            scope: z.enum(INFERENCE_SCOPES).optional(),
            onDemand: z
              .object({
                input: decimalString.optional(),
                output: decimalString.optional(),
                cacheRead: decimalString.optional(),
                /** The 5-minute cache write rate. */
                cacheWrite: decimalString.optional(),
                cacheWrite1h: decimalString.optional(),
              })
              .strict()
              .optional(),
            batch: tokenPair.optional(),
            flex: tokenPair.optional(),
            priority: tokenPair.optional(),
            image: decimalString.optional(),
            provisioned: z
              .object({
                noCommit: decimalString.optional(),
                oneMonth: decimalString.optional(),
                sixMonth: decimalString.optional(),
                unitTokensPerMinute: z
                  .object({ input: z.number().int().positive(), output: z.number().int().positive() })
                  .strict()
                  .optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .default([]),
    /** A percentage off every list price in the catalog (not off prices given in this file). */
    discountPercent: decimalString
      .refine((s) => Number(s) < 100, { message: 'a discount must be below 100 percent' })
      .optional(),
  })
  .strict();
export type RatesFile = z.infer<typeof ratesFileSchema>;

/** Turns zod issues into one line per problem, naming where it is. */
export function describeIssues(error: z.ZodError, nameAt: (path: PropertyKey[]) => string): string {
  return error.issues
    .map((issue) => {
      const where = nameAt(issue.path);
      const field = issue.path.map(String).join('.');
      return `${where}${field ? ` ${field}` : ''}: ${issue.message}`;
    })
    .join('\n');
}
