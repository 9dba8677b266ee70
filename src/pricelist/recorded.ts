import * as z from 'zod';
import { catalogSourceShape, type CatalogSource } from '../catalog/schema.js';
import type { PriceListPage } from './products.js';
import { CatalogError } from '../errors.js';

/**
 * A figure a recorded page's source gives that the page does not carry as a row, with why: a tier
 * figure rounded so that it is not its stated ratio, a $0, a disputed or unclear figure, a model in
 * a lifecycle phase. Listed so that nothing the source shows AWS selling is dropped in silence, and
 * so that `npm run catalog:check` can count, per Region, what the catalog leaves unpriced and why.
 */
export const leftOutFigureSchema = z
  .object({
    /** The model as the source keys it. */
    model: z.string().min(1),
    region: z.string().min(1),
    /** The source's tier: standard (in-Region), global, batch, flex, priority, cacheRead, cacheWrite (5-minute), cacheWrite1h, longContext. */
    tier: z.enum(['standard', 'global', 'batch', 'flex', 'priority', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'longContext']),
    /** The scope the figure prices where its tier does not say: a rate card's global batch, cache and long-context rows. */
    scope: z.enum(['in-region', 'global']).optional(),
    side: z.enum(['input', 'output']),
    /** As the source writes it, in its unit. */
    usd: z.string().regex(/^\d+(\.\d+)?$/),
    reason: z.enum(['rounded-tier', 'zero-price', 'lifecycle', 'disputed', 'not-clearly-its-row', 'no-in-region-rate', 'output-only', 'unknown-model', 'not-transcribed', 'no-catalog-dimension']),
    why: z.string().min(1),
  })
  .strict();
export type LeftOutFigure = z.infer<typeof leftOutFigureSchema>;

/**
 * A recorded Price List page: the GetProducts response shape (`FormatVersion`, `PriceList` of JSON
 * strings) plus `source`, which says where the rows were read or transcribed from. The bundled
 * catalog is built from these files by the same code that builds a live catalog.
 */
export const recordedPageSchema = z
  .object({
    source: z.strictObject({ ...catalogSourceShape(), id: z.string().min(1) }),
    serviceCode: z.enum(['AmazonBedrock', 'AmazonBedrockFoundationModels']),
    FormatVersion: z.literal('aws_v1'),
    PriceList: z.array(z.string()),
    leftOut: z.array(leftOutFigureSchema).optional(),
  })
  .strict();

export interface RecordedPage {
  page: PriceListPage;
  source: CatalogSource & { id: string };
  /** What the source gives that the page leaves out, with why (empty when it leaves nothing out). */
  leftOut: LeftOutFigure[];
}

/** Validates one recorded page; `name` (the file) is named in the error. */
export function parseRecordedPage(document: unknown, name: string): RecordedPage {
  const parsed = recordedPageSchema.safeParse(document);
  if (!parsed.success) {
    throw new CatalogError(`${name} is not a recorded Price List page: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  }
  const { source, serviceCode, PriceList, leftOut } = parsed.data;
  return { page: { serviceCode, priceList: PriceList, sourceId: source.id }, source, leftOut: leftOut ?? [] };
}
