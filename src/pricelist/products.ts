import * as z from 'zod/mini';
import '../catalog/zod-locale.js';

/**
 * One AWS Price List product as GetProducts returns it: each `PriceList` entry is a JSON *string*
 * holding `{product: {attributes, sku}, serviceCode, terms: {OnDemand: {…: {priceDimensions}}}, publicationDate}`
 * (the AmazonBedrock and AmazonBedrockFoundationModels Price List rows). Only the on-demand terms carry Bedrock prices.
 */
export interface PriceListProduct {
  serviceCode: string;
  sku: string;
  attributes: Record<string, string>;
  publicationDate?: string;
  priceDimensions: PriceDimension[];
}

export interface PriceDimension {
  unit: string;
  /** USD as written by AWS (`"0.0000350000"`): kept a string so no float ever touches it. */
  usd: string;
  description?: string;
}

/**
 * A product attribute our transcriptions set (never AWS): the row's usagetype was written by the
 * Price List's pattern because the source states none. The catalog then cites the source, not the
 * usagetype, and keeps the row's description (which names where in the source the price is).
 */
export const CONSTRUCTED_USAGETYPE = 'transcribedUsagetypeConstructed';

/** A page of GetProducts output for one service code, with where it came from. */
export interface PriceListPage {
  serviceCode: string;
  /** The `PriceList` entries exactly as returned: JSON strings. */
  priceList: string[];
  /** The catalog source every price read from this page cites. */
  sourceId: string;
}

const priceDimensionSchema = z.lazy(() =>
  z.object({
    unit: z.string(),
    pricePerUnit: z.object({ USD: z.string().check(z.regex(/^\d+(\.\d+)?$/, 'expected a decimal USD amount')) }),
    description: z.optional(z.string()),
  }),
);

const productSchema = z.lazy(() =>
  z.object({
    serviceCode: z.string().check(z.minLength(1)),
    product: z.object({
      sku: z.string().check(z.minLength(1)),
      attributes: z.record(z.string(), z.string()),
    }),
    terms: z.optional(z.object({ OnDemand: z.optional(z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), priceDimensionSchema) }))) })),
    publicationDate: z.optional(z.string()),
  }),
);

/** Parses one `PriceList` entry; a malformed entry is an error naming where it is, never a silent skip. */
export function parsePriceListEntry(entry: string): PriceListProduct | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(entry);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = productSchema.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'product'}: ${i.message}`).join('; ') };
  const { product, serviceCode, terms, publicationDate } = parsed.data;
  const priceDimensions = Object.values(terms?.OnDemand ?? {}).flatMap((term) =>
    Object.values(term.priceDimensions).map((d) => ({ unit: d.unit, usd: d.pricePerUnit.USD, ...(d.description ? { description: d.description } : {}) })),
  );
  return { serviceCode, sku: product.sku, attributes: product.attributes, ...(publicationDate ? { publicationDate } : {}), priceDimensions };
}
