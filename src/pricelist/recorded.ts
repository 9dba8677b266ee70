import * as z from 'zod';
import { catalogFileSchema, type CatalogSource } from '../catalog/schema.js';
import type { PriceListPage } from './products.js';

/**
 * A recorded Price List page: the GetProducts response shape (`FormatVersion`, `PriceList` of JSON
 * strings) plus `source`, which says where the rows were read or transcribed from. The bundled
 * catalog is built from these files by the same code that builds a live catalog.
 */
const sourceSchema = catalogFileSchema.shape.sources.valueType;

export const recordedPageSchema = z
  .object({
    source: sourceSchema.extend({ id: z.string().min(1) }),
    serviceCode: z.enum(['AmazonBedrock', 'AmazonBedrockFoundationModels']),
    FormatVersion: z.literal('aws_v1'),
    PriceList: z.array(z.string()),
  })
  .strict();

export interface RecordedPage {
  page: PriceListPage;
  source: CatalogSource & { id: string };
}

/** Validates one recorded page; `name` (the file) is named in the error. */
export function parseRecordedPage(document: unknown, name: string): RecordedPage {
  const parsed = recordedPageSchema.safeParse(document);
  if (!parsed.success) {
    throw new Error(`${name} is not a recorded Price List page: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  }
  const { source, serviceCode, PriceList } = parsed.data;
  return { page: { serviceCode, priceList: PriceList, sourceId: source.id }, source };
}
