import type { ServerResponse } from 'node:http';
import { PRICE_LIST_PAGES, readRecordedPages } from '../../src/pricelist/bundled.js';

/**
 * The AWS Price List API (Pricing) on the loopback stub: awsJson1_1, `POST /` with
 * `x-amz-target: AWSPriceListService.GetProducts`. It serves the recorded GetProducts pages the
 * bundled catalog is built from, filtered by `regionCode` and paged by `MaxResults` / `NextToken`,
 * so a live read through the real SDK client must reproduce the bundled prices.
 */
export interface PricingFixture {
  /** Products (JSON strings, as GetProducts returns them) by service code. */
  products: Record<string, string[]>;
  /** Answer every call with AccessDenied (a role without pricing:GetProducts). */
  fail?: boolean;
}

export function recordedPricingFixture(): PricingFixture {
  const products: Record<string, string[]> = {};
  for (const { page } of readRecordedPages(PRICE_LIST_PAGES)) (products[page.serviceCode] ??= []).push(...page.priceList);
  return { products };
}

interface GetProductsInput {
  ServiceCode?: string;
  Filters?: Array<{ Type: string; Field: string; Value: string }>;
  MaxResults?: number;
  NextToken?: string;
}

const JSON_1_1 = 'application/x-amz-json-1.1';

/** An awsJson1_1 answer (Pricing, Cost Explorer). */
export function reply(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_1_1, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'stub-pricing' });
  res.end(text);
  return status;
}

/** Handles one Pricing call; returns the HTTP status sent. */
export function handlePricing(fixture: PricingFixture, target: string, body: string, res: ServerResponse): number {
  if (fixture.fail) return reply(res, 400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' });
  if (target !== 'AWSPriceListService.GetProducts') return reply(res, 400, { __type: 'UnknownOperationException', message: `stub does not implement ${target}` });
  const input = (body ? JSON.parse(body) : {}) as GetProductsInput;
  const filters = input.Filters ?? [];
  const matching = (fixture.products[input.ServiceCode ?? ''] ?? []).filter((entry) => {
    const attributes = (JSON.parse(entry) as { product: { attributes: Record<string, string> } }).product.attributes;
    return filters.every((f) => f.Type === 'TERM_MATCH' && attributes[f.Field] === f.Value);
  });
  const pageSize = Math.min(input.MaxResults ?? 100, 100);
  const start = input.NextToken ? Number(input.NextToken) : 0;
  const next = start + pageSize < matching.length ? String(start + pageSize) : undefined;
  return reply(res, 200, { FormatVersion: 'aws_v1', PriceList: matching.slice(start, start + pageSize), ...(next ? { NextToken: next } : {}) });
}
