import * as z from 'zod';
import { REGION_CODE, REGION_EXAMPLE } from '../region.js';

/**
 * The price catalog is data, not code: `data/bedrock-prices.json` is validated against this schema
 * when it is loaded, so a malformed entry fails loudly and by name instead of pricing at $0.
 */

/** A non-negative decimal amount in USD. Strings keep JSON from rounding it through a float. */
export const decimalString = z.lazy(() =>
  z
    .union([z.string(), z.number()])
    .transform(String)
    .refine((s) => /^\d+(\.\d+)?$/.test(s), { message: 'expected a non-negative decimal amount such as "0.000035"' }),
);

/** A price as written: a bare amount takes its row's source; an object names its own. */
export const priceValue = z.lazy(() =>
  z.union([
    decimalString,
    z
      .object({
        usd: decimalString,
        source: z.string().min(1),
        note: z.string().optional(),
        /** The AWS Price List row this price was read from, so every dollar can be traced to its SKU. */
        usagetype: z.string().min(1).optional(),
        sku: z.string().min(1).optional(),
        /** For a price derived by a rule (reliability "derived"): what it was derived from, e.g. "0.5 x input". */
        derivedFrom: z.string().min(1).optional(),
      })
      .strict(),
  ]),
);
export type PriceValue = z.infer<typeof priceValue>;

/**
 * Every per-1K-token price dimension the catalog knows. A Price List row that fits none of them is
 * reported by the pipeline, never dropped in silence.
 *  - `cacheWrite5m|30m|1h`: prompt-cache writes by TTL (1h = 2x input for Claude; 30m seen on OpenAI models).
 *  - `longContext*`: rates for requests above a model's long-context threshold (Claude Sonnet 4/4.5: the
 *    whole request above 200K input tokens; OpenAI on Bedrock: `input_tokens_long_ctx_*` rows).
 *  - `customModelInput|Output`: on-demand inference of a fine-tuned model (Custom Model on-Demand).
 *  - `speechInput|Output`: speech tokens of speech-to-speech models (Nova Sonic); their text tokens use input/output.
 */
export const TOKEN_DIMENSIONS = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite30m',
  'cacheWrite1h',
  'batchInput',
  'batchOutput',
  'flexInput',
  'flexOutput',
  'priorityInput',
  'priorityOutput',
  'longContextInput',
  'longContextOutput',
  'longContextCacheRead',
  'longContextCacheWrite5m',
  'longContextCacheWrite1h',
  'customModelInput',
  'customModelOutput',
  'speechInput',
  'speechOutput',
] as const;
export type TokenDimension = (typeof TOKEN_DIMENSIONS)[number];

/** Provisioned-throughput terms priced per model-unit hour; the table of what each means is in `terms.ts`. */
export const COMMITMENT_TERMS = ['noCommit', 'oneMonth', 'sixMonth'] as const;
export type CommitmentTerm = (typeof COMMITMENT_TERMS)[number];

/** Reserved service-tier terms, priced per 1K tokens-per-minute per month, input and output separately. */
export const RESERVED_TERMS = ['oneMonth', 'threeMonth'] as const;
export type ReservedTerm = (typeof RESERVED_TERMS)[number];

export const MODALITIES = ['text', 'embedding', 'image', 'video', 'speech', 'rerank'] as const;
export type Modality = (typeof MODALITIES)[number];

/**
 * Where a model is in its life: `legacy` (still served, retirement announced), `extended-access`
 * (served at extended-access prices, usually higher), `end-of-life` (no longer served).
 */
export const LIFECYCLE_STATUSES = ['active', 'legacy', 'extended-access', 'end-of-life'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const INFERENCE_SCOPES = ['in-region', 'geo', 'global'] as const;

const isoDay = z.lazy(() =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date such as 2026-10-15'),
);

export const catalogSourceSchema = z.lazy(() =>
  z
    .object({
      title: z.string().min(1),
      url: z.string().min(1),
      /** The date the price was read from the source (ISO date). */
      readOn: isoDay,
      /** AWS = AWS docs/pricing page, PL = AWS Price List value, 3P = third party, derived = computed from a stated rule. */
      reliability: z.enum(['AWS', 'AWS-blog', 'PL', '3P', 'derived', 'user']),
      note: z.string().optional(),
    })
    .strict(),
);

const capacitySchema = z.lazy(() =>
  z
    .object({
      inputTokensPerMinute: z.number().int().positive(),
      outputTokensPerMinute: z.number().int().positive(),
      source: z.string().min(1),
    })
    .strict(),
);

/**
 * Where a source dates a model's life differently in one Region (AWS's Claude 3 Haiku model card: end of
 * life on 2026-09-10 in most Regions, still served in ca-central-1, eu-central-2 and sa-east-1). Only the
 * fields the source states for the Region are given; the rest are the model-wide ones.
 */
const lifecycleRegionSchema = z.lazy(() =>
  z
    .object({
      /** The status in this Region as of the catalog's `asOf` date. */
      status: z.enum(LIFECYCLE_STATUSES),
      legacyFrom: isoDay.optional(),
      extendedAccessFrom: isoDay.optional(),
      /** `null`: still served in this Region past the model-wide end of life, with no date of its own. */
      endOfLife: isoDay.nullable().optional(),
      source: z.string().min(1),
    })
    .strict(),
);

const lifecycleSchema = z.lazy(() =>
  z
    .object({
      /** The status as of the catalog's `asOf` date; the engine re-derives it from the dates at run time. */
      status: z.enum(LIFECYCLE_STATUSES),
      legacyFrom: isoDay.optional(),
      extendedAccessFrom: isoDay.optional(),
      /**
       * The catalog's prices for the model are its extended-access rates (Claude 3.5 Sonnet). Absent: only its
       * standard rates are known, so usage in extended access bills above what is priced, and the report says so.
       */
      extendedAccessRates: z.literal(true).optional(),
      endOfLife: isoDay.optional(),
      /** The model AWS names as the replacement (a catalog model ID). */
      successor: z.string().min(1).optional(),
      source: z.string().min(1),
      /** Region by Region, where a source dates the model's life there otherwise than model-wide. */
      regions: z.record(z.string().regex(REGION_CODE, `expected ${REGION_EXAMPLE}`), lifecycleRegionSchema).optional(),
    })
    .strict(),
);

const modelSchema = z.lazy(() =>
  z
    .object({
      modelId: z.string().min(1),
      name: z.string().min(1),
      provider: z.string().min(1),
      modality: z.enum(MODALITIES),
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
      /** Requests above this many input tokens bill at the row's `longContext*` rates (the whole request). */
      longContext: z.object({ thresholdInputTokens: z.number().int().positive(), source: z.string().min(1) }).strict().optional(),
      /** The `perImage`/`perVideoSecond` tier used when usage does not say which (CloudWatch never does). */
      defaultTier: z.string().min(1).optional(),
      lifecycle: lifecycleSchema.optional(),
      /**
       * How a model the hand table does not know was identified from the Price List: by the model ID in
       * its usagetype (`USE1-deepseek.v3.2-input-tokens`), by the account's ListFoundationModels, or by
       * its Price List name alone (its ID is then the name's words, "claude-sonnet-9", and usage finds
       * it by the same words: anthropic.claude-sonnet-9-v1:0). Absent for the table's own models.
       */
      identity: z.enum(['usagetype-model-id', 'price-list-name', 'account-directory']).optional(),
      note: z.string().optional(),
    })
    .strict(),
);

/** Prices keyed by tier: for images `<max resolution>/<quality>` such as `1024x1024/standard`; `default` when untiered. */
const tieredPrice = z.lazy(() =>
  z.record(z.string().min(1), priceValue),
);
const tokenPairPrice = z.lazy(() =>
  z.object({ input: priceValue.optional(), output: priceValue.optional() }).strict(),
);

const priceRowSchema = z.lazy(() =>
  z
    .object({
      model: z.string().min(1),
      region: z.string().regex(REGION_CODE, `expected ${REGION_EXAMPLE}`),
      scope: z.enum(INFERENCE_SCOPES),
      /** Default source for every bare amount in this row. */
      source: z.string().min(1),
      perThousandTokens: z.partialRecord(z.enum(TOKEN_DIMENSIONS), priceValue).optional(),
      /** Generated images (OutputImageCount), by tier. */
      perImage: tieredPrice.optional(),
      /** Images sent to a multimodal embedding model. */
      perInputImage: priceValue.optional(),
      /**
       * Seconds of video and of audio sent to a video-understanding model (TwelveLabs Pegasus, Marengo).
       * CloudWatch does not report them, so usage cannot be priced from it: the model is priced, and a
       * report says its usage is not.
       */
      perInputVideoSecond: priceValue.optional(),
      perInputAudioSecond: priceValue.optional(),
      /** Generated video, per second, by tier (`720p`, …). */
      perVideoSecond: tieredPrice.optional(),
      /** Rerank models bill per 1,000 queries. */
      perThousandQueries: priceValue.optional(),
      perModelUnitHour: z.partialRecord(z.enum(COMMITMENT_TERMS), priceValue).optional(),
      /** Reserved tier: USD per 1K tokens-per-minute per month, input and output reserved separately (a quote by the month). */
      reservedPerThousandTpmMonth: z.partialRecord(z.enum(RESERVED_TERMS), tokenPairPrice).optional(),
      /**
       * Reserved tier as the Price List prices it: USD per 1K tokens-per-minute per *hour*
       * (`Reserved_1Month_InputTPM_Geo`: "Per Hour per 1K Input TPM"). A month of it is 730 hours.
       */
      reservedPerThousandTpmHour: z.partialRecord(z.enum(RESERVED_TERMS), tokenPairPrice).optional(),
      modelUnitCapacity: capacitySchema.optional(),
      customization: z
        .object({ trainingPerThousandTokens: priceValue.optional(), storagePerMonth: priceValue.optional() })
        .strict()
        .optional(),
      note: z.string().optional(),
    })
    .strict(),
);

export const CATALOG_SCHEMA_VERSION = 2;

export const catalogFileSchema = z.lazy(() =>
  z
    .object({
      schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
      currency: z.literal('USD'),
      /** The date the prices are as of (the newest Price List publication read, or the read date of a transcription). */
      asOf: isoDay,
      /** How the file was made: by the Price List pipeline (`prices refresh`, `npm run catalog:build`) or by hand. */
      generated: z
        .object({
          by: z.string().min(1),
          at: z.string().min(1),
          /** Inputs: recorded fixture files or `GetProducts <ServiceCode> <region>` calls. */
          from: z.array(z.string().min(1)),
        })
        .strict()
        .optional(),
      sources: z.record(z.string(), catalogSourceSchema),
      models: z.array(modelSchema),
      prices: z.array(priceRowSchema),
    })
    .strict(),
);

export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type CatalogModelEntry = z.infer<typeof modelSchema>;
export type CatalogPriceRow = z.infer<typeof priceRowSchema>;
export type CatalogSource = z.infer<typeof catalogSourceSchema>;

/** The user's rates file: private pricing, a discount, the model-unit capacity their account team quoted. */
const tokenPair = z.lazy(() =>
  z.object({ input: decimalString.optional(), output: decimalString.optional() }).strict(),
);
export const ratesFileSchema = z.lazy(() =>
  z
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
                  cacheWrite30m: decimalString.optional(),
                  cacheWrite1h: decimalString.optional(),
                })
                .strict()
                .optional(),
              batch: tokenPair.optional(),
              flex: tokenPair.optional(),
              priority: tokenPair.optional(),
              /** Your price per generated image (at `imageTier` when given). */
              image: decimalString.optional(),
              /**
               * The image tier you generate at, e.g. `2048x2048/premium` (CloudWatch does not say): images
               * are priced at this tier instead of the model's default.
               */
              imageTier: z.string().min(1).optional(),
              /** Reserved tier: your quoted USD per 1K tokens-per-minute per month, by term. */
              reserved: z.partialRecord(z.enum(RESERVED_TERMS), tokenPair).optional(),
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
    .strict(),
);
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
