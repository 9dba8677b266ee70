/**
 * Where a run's prices come from: `live` (the AWS Price List, read once per run) or `bundled` (the
 * catalog shipped with the tool, built from recorded Price List pages). Apart from ./price-source.ts,
 * so the Lambdas' configuration checks these names at init without loading the catalog.
 */
export const PRICE_SOURCES = ['live', 'bundled'] as const;
export type PriceSourceKind = (typeof PRICE_SOURCES)[number];
