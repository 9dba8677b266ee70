import * as z from 'zod/mini';
import './zod-locale.js';
import { REGION_CODE, REGION_EXAMPLE } from '../region.js';

/**
 * The price catalog is data, not code: `data/bedrock-prices.json` is validated against this schema
 * when it is loaded, so a malformed entry fails loudly and by name instead of pricing at $0.
 */

/** A non-negative decimal amount in USD. Strings keep JSON from rounding it through a float. */
export const decimalString = z.lazy(() =>
  z
    .pipe(z.union([z.string(), z.number()]), z.transform(String))
    .check(z.refine((s) => /^\d+(\.\d+)?$/.test(s), { message: 'expected a non-negative decimal amount such as "0.000035"' })),
);

/** A non-empty string: most names and ids the catalog and rates file carry. */
const nonEmpty = () => z.string().check(z.minLength(1));

/** A price as written: a bare amount takes its row's source; an object names its own. */
export const priceValue = z.lazy(() =>
  z.union([
    decimalString,
    z.strictObject({
      usd: decimalString,
      source: nonEmpty(),
      note: z.optional(z.string()),
      /** The AWS Price List row this price was read from, so every dollar can be traced to its SKU. */
      usagetype: z.optional(nonEmpty()),
      sku: z.optional(nonEmpty()),
      /** For a price derived by a rule (reliability "derived"): what it was derived from, e.g. "0.5 x input". */
      derivedFrom: z.optional(nonEmpty()),
    }),
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
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date such as 2026-10-15')),
);

/**
 * A catalog source's fields, as a shape: src/pricelist/recorded.ts extends it with the source's `id`
 * (a recorded page names its source in full).
 */
export const catalogSourceShape = () => ({
  title: nonEmpty(),
  url: nonEmpty(),
  /** The date the price was read from the source (ISO date). */
  readOn: isoDay,
  /** AWS = AWS docs/pricing page, PL = AWS Price List value, 3P = third party, derived = computed from a stated rule. */
  reliability: z.enum(['AWS', 'AWS-blog', 'PL', '3P', 'derived', 'user']),
  note: z.optional(z.string()),
});

export const catalogSourceSchema = z.lazy(() => z.strictObject(catalogSourceShape()));

/** A positive whole number (tokens per minute, a checkpoint's minimum tokens). */
const positiveInt = () => z.number().check(z.int(), z.positive());

const capacitySchema = z.lazy(() =>
  z.strictObject({
    inputTokensPerMinute: positiveInt(),
    outputTokensPerMinute: positiveInt(),
    source: nonEmpty(),
  }),
);

/**
 * Where a source dates a model's life differently in one Region (AWS's Claude 3 Haiku model card: end of
 * life on 2026-09-10 in most Regions, still served in ca-central-1, eu-central-2 and sa-east-1). Only the
 * fields the source states for the Region are given; the rest are the model-wide ones.
 */
const lifecycleRegionSchema = z.lazy(() =>
  z.strictObject({
    /** The status in this Region as of the catalog's `asOf` date. */
    status: z.enum(LIFECYCLE_STATUSES),
    legacyFrom: z.optional(isoDay),
    extendedAccessFrom: z.optional(isoDay),
    /** `null`: still served in this Region past the model-wide end of life, with no date of its own. */
    endOfLife: z.optional(z.nullable(isoDay)),
    source: nonEmpty(),
  }),
);

const lifecycleSchema = z.lazy(() =>
  z.strictObject({
    /** The status as of the catalog's `asOf` date; the engine re-derives it from the dates at run time. */
    status: z.enum(LIFECYCLE_STATUSES),
    legacyFrom: z.optional(isoDay),
    extendedAccessFrom: z.optional(isoDay),
    /**
     * The catalog's prices for the model are its extended-access rates (Claude 3.5 Sonnet). Absent: only its
     * standard rates are known, so usage in extended access bills above what is priced, and the report says so.
     */
    extendedAccessRates: z.optional(z.literal(true)),
    endOfLife: z.optional(isoDay),
    /** The model AWS names as the replacement (a catalog model ID). */
    successor: z.optional(nonEmpty()),
    source: nonEmpty(),
    /** Region by Region, where a source dates the model's life there otherwise than model-wide. */
    regions: z.optional(z.record(z.string().check(z.regex(REGION_CODE, `expected ${REGION_EXAMPLE}`)), lifecycleRegionSchema)),
  }),
);

const modelSchema = z.lazy(() =>
  z.strictObject({
    modelId: nonEmpty(),
    name: nonEmpty(),
    provider: nonEmpty(),
    modality: z.enum(MODALITIES),
    /**
     * Other IDs of the same model: provisioned-throughput IDs of older models carry a `:N` version
     * before the context suffix (`amazon.titan-text-express-v1:0:8k`) that the on-demand ID lacks.
     */
    aliases: z.optional(z.array(nonEmpty())),
    promptCache: z.optional(
      z.strictObject({
        /** TTLs the model accepts; `1h` only for the models AWS lists. */
        ttls: z.array(z.enum(['5m', '1h'])).check(z.minLength(1)),
        minTokensPerCheckpoint: z.optional(positiveInt()),
        /**
         * No cache-write rate is published and writes are believed billed as normal input (Amazon
         * Nova; UNVERIFIED). Replay then prices writes at the input rate and says so.
         */
        writesBilledAsInput: z.optional(z.boolean()),
        source: nonEmpty(),
      }),
    ),
    batch: z.optional(z.strictObject({ supported: z.boolean(), source: nonEmpty() })),
    provisionedThroughput: z.optional(z.strictObject({ supported: z.boolean(), contextVariants: z.optional(z.array(z.string())), source: nonEmpty() })),
    /** Requests above this many input tokens bill at the row's `longContext*` rates (the whole request). */
    longContext: z.optional(z.strictObject({ thresholdInputTokens: positiveInt(), source: nonEmpty() })),
    /** The `perImage`/`perVideoSecond` tier used when usage does not say which (CloudWatch never does). */
    defaultTier: z.optional(nonEmpty()),
    lifecycle: z.optional(lifecycleSchema),
    /**
     * How a model the hand table does not know was identified from the Price List: by the model ID in
     * its usagetype (`USE1-deepseek.v3.2-input-tokens`), by the account's ListFoundationModels, or by
     * its Price List name alone (its ID is then the name's words, "claude-sonnet-9", and usage finds
     * it by the same words: anthropic.claude-sonnet-9-v1:0). Absent for the table's own models.
     */
    identity: z.optional(z.enum(['usagetype-model-id', 'price-list-name', 'account-directory'])),
    note: z.optional(z.string()),
  }),
);

/** Prices keyed by tier: for images `<max resolution>/<quality>` such as `1024x1024/standard`; `default` when untiered. */
const tieredPrice = z.lazy(() =>
  z.record(nonEmpty(), priceValue),
);
const tokenPairPrice = z.lazy(() =>
  z.strictObject({ input: z.optional(priceValue), output: z.optional(priceValue) }),
);

const priceRowSchema = z.lazy(() =>
  z.strictObject({
    model: nonEmpty(),
    region: z.string().check(z.regex(REGION_CODE, `expected ${REGION_EXAMPLE}`)),
    scope: z.enum(INFERENCE_SCOPES),
    /** Default source for every bare amount in this row. */
    source: nonEmpty(),
    perThousandTokens: z.optional(z.partialRecord(z.enum(TOKEN_DIMENSIONS), priceValue)),
    /** Generated images (OutputImageCount), by tier. */
    perImage: z.optional(tieredPrice),
    /** Images sent to a multimodal embedding model. */
    perInputImage: z.optional(priceValue),
    /**
     * Seconds of video and of audio sent to a video-understanding model (TwelveLabs Pegasus, Marengo).
     * CloudWatch does not report them, so usage cannot be priced from it: the model is priced, and a
     * report says its usage is not.
     */
    perInputVideoSecond: z.optional(priceValue),
    perInputAudioSecond: z.optional(priceValue),
    /** Generated video, per second, by tier (`720p`, …). */
    perVideoSecond: z.optional(tieredPrice),
    /** Rerank models bill per 1,000 queries. */
    perThousandQueries: z.optional(priceValue),
    perModelUnitHour: z.optional(z.partialRecord(z.enum(COMMITMENT_TERMS), priceValue)),
    /** Reserved tier: USD per 1K tokens-per-minute per month, input and output reserved separately (a quote by the month). */
    reservedPerThousandTpmMonth: z.optional(z.partialRecord(z.enum(RESERVED_TERMS), tokenPairPrice)),
    /**
     * Reserved tier as the Price List prices it: USD per 1K tokens-per-minute per *hour*
     * (`Reserved_1Month_InputTPM_Geo`: "Per Hour per 1K Input TPM"). A month of it is 730 hours.
     */
    reservedPerThousandTpmHour: z.optional(z.partialRecord(z.enum(RESERVED_TERMS), tokenPairPrice)),
    modelUnitCapacity: z.optional(capacitySchema),
    customization: z.optional(z.strictObject({ trainingPerThousandTokens: z.optional(priceValue), storagePerMonth: z.optional(priceValue) })),
    note: z.optional(z.string()),
  }),
);

export const CATALOG_SCHEMA_VERSION = 2;

export const catalogFileSchema = z.lazy(() =>
  z.strictObject({
    schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
    currency: z.literal('USD'),
    /** The date the prices are as of (the newest Price List publication read, or the read date of a transcription). */
    asOf: isoDay,
    /** How the file was made: by the Price List pipeline (`prices refresh`, `npm run catalog:build`) or by hand. */
    generated: z.optional(
      z.strictObject({
        by: nonEmpty(),
        at: nonEmpty(),
        /** Inputs: recorded fixture files or `GetProducts <ServiceCode> <region>` calls. */
        from: z.array(nonEmpty()),
      }),
    ),
    sources: z.record(z.string(), catalogSourceSchema),
    models: z.array(modelSchema),
    prices: z.array(priceRowSchema),
  }),
);

export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type CatalogModelEntry = z.infer<typeof modelSchema>;
export type CatalogPriceRow = z.infer<typeof priceRowSchema>;
export type CatalogSource = z.infer<typeof catalogSourceSchema>;

/** The user's rates file: private pricing, a discount, the model-unit capacity their account team quoted. */
const tokenPair = z.lazy(() =>
  z.strictObject({ input: z.optional(decimalString), output: z.optional(decimalString) }),
);
export const ratesFileSchema = z.lazy(() =>
  z.strictObject({
    rates: z._default(
      z.array(
        z.strictObject({
          model: nonEmpty(),
          region: nonEmpty(),
          scope: z.optional(z.enum(INFERENCE_SCOPES)),
          onDemand: z.optional(
            z.strictObject({
              input: z.optional(decimalString),
              output: z.optional(decimalString),
              cacheRead: z.optional(decimalString),
              /** The 5-minute cache write rate. */
              cacheWrite: z.optional(decimalString),
              cacheWrite30m: z.optional(decimalString),
              cacheWrite1h: z.optional(decimalString),
            }),
          ),
          batch: z.optional(tokenPair),
          flex: z.optional(tokenPair),
          priority: z.optional(tokenPair),
          /** Your price per generated image (at `imageTier` when given). */
          image: z.optional(decimalString),
          /**
           * The image tier you generate at, e.g. `2048x2048/premium` (CloudWatch does not say): images
           * are priced at this tier instead of the model's default.
           */
          imageTier: z.optional(nonEmpty()),
          /** Reserved tier: your quoted USD per 1K tokens-per-minute per month, by term. */
          reserved: z.optional(z.partialRecord(z.enum(RESERVED_TERMS), tokenPair)),
          provisioned: z.optional(
            z.strictObject({
              noCommit: z.optional(decimalString),
              oneMonth: z.optional(decimalString),
              sixMonth: z.optional(decimalString),
              unitTokensPerMinute: z.optional(z.strictObject({ input: positiveInt(), output: positiveInt() })),
            }),
          ),
        }),
      ),
      [],
    ),
    /** A percentage off every list price in the catalog (not off prices given in this file). */
    discountPercent: z.optional(decimalString.check(z.refine((s) => Number(s) < 100, { message: 'a discount must be below 100 percent' }))),
  }),
);
export type RatesFile = z.infer<typeof ratesFileSchema>;

/** Turns zod issues into one line per problem, naming where it is. */
export function describeIssues(error: z.core.$ZodError, nameAt: (path: PropertyKey[]) => string): string {
  return error.issues
    .map((issue) => {
      const where = nameAt(issue.path);
      const field = issue.path.map(String).join('.');
      return `${where}${field ? ` ${field}` : ''}: ${issue.message}`;
    })
    .join('\n');
}
