import type { CommitmentTerm, ReservedTerm, TokenDimension } from '../catalog/schema.js';

/**
 * What a priced line prices, as a code with its parameters: the engine never words a line. The one
 * place a line's dimension becomes text (the lines table, the JSON report's `lines[].dimension`, the
 * FOCUS export's meter) is src/report/line-text.ts; the bill reconciliation, the FOCUS meter and the
 * runaway watch classify lines by `tokenKindOf`, never by their words.
 */
export type LineDimension =
  /** A catalog rate billed under its own name (`input`, `cacheWrite5m`, `batchInput`, `longContextCacheRead`, ...). */
  | { code: TokenDimension }
  /** Every input token, cached or not, at the input rate (the no-cache what-if). */
  | { code: 'input-with-cached' }
  /** Cache writes where the model bills them at its input rate (no write rate is published). */
  | { code: 'cache-write-at-input' }
  /** A token rate of the global cross-Region row. */
  | { code: 'global'; rate: 'input' | 'output' | 'cacheRead' | 'cacheWrite5m' }
  /** Images, at the row's tier when it names one. */
  | { code: 'image'; tier?: string }
  | { code: 'rerank-queries' }
  /** Custom Model on-Demand tokens (input counts cached tokens too). */
  | { code: 'custom-model'; side: LineSide }
  | { code: 'custom-model-storage' }
  | { code: 'model-unit-hours'; term: CommitmentTerm }
  /** Tokens above provisioned units, at the side's rate as billed today. */
  | { code: 'overflow-on-demand'; side: LineSide }
  /** A side of a Reserved-tier reservation, in 1K tokens per minute for a month. */
  | { code: 'reserved-tpm'; term: ReservedTerm; side: LineSide }
  /** A side's tokens above its reservation, at Standard (input: input and cache writes). */
  | { code: 'above-reservation'; side: LineSide }
  /** Cache reads of a switch's first cache lifetime, billed as writes (the new model's cache starts cold). */
  | { code: 'cold-cache-write'; ttl: '5m' | '1h' }
  /** Cache writes whose TTL the invocation log does not say (no body delivered): priced at 5 minutes. */
  | { code: 'cache-write-ttl-unknown'; longContext: boolean }
  /** Tokens of a service tier the invocation log names and the catalog has no rates for (never $0). */
  | { code: 'unknown-tier'; tier: string; side: LineSide };

export type LineSide = 'input' | 'output';
export type LineCode = LineDimension['code'];

/** The kind of token (or item) a line bills, as usage counts it; undefined for capacity, storage and overflow lines. */
export type TokenKind = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'image' | 'query';

export function tokenKindOf(d: LineDimension): TokenKind | undefined {
  switch (d.code) {
    case 'input':
    case 'output':
    case 'cacheRead':
      return d.code;
    case 'cacheWrite5m':
    case 'cacheWrite30m':
    case 'cacheWrite1h':
    case 'cache-write-at-input':
      return 'cacheWrite';
    case 'image':
      return 'image';
    case 'rerank-queries':
      return 'query';
    default:
      return undefined;
  }
}

/** A key equal for equal dimensions (a dimension is a small object, compared by its code and parameters). */
export function lineKey(d: LineDimension): string {
  return JSON.stringify(d);
}

const BY_TOKEN_DIMENSION = new Map<TokenDimension, LineDimension>();
/** The line of a catalog token rate, one object per rate (lines are made in the replay's loops). */
export function rateLine(code: TokenDimension): LineDimension {
  let d = BY_TOKEN_DIMENSION.get(code);
  if (d === undefined) BY_TOKEN_DIMENSION.set(code, (d = { code }));
  return d;
}

/**
 * Where a price comes from, as data: a catalog source by its title, or the user's rates file by its
 * name. It stays data in the published view (a renderer names the rates files by `cites`, never by a
 * title's words); src/report/line-text.ts words it, and the JSON report carries those words.
 */
export type PriceOrigin = { cites: 'source'; title: string } | { cites: 'rates-file'; file: string };

/**
 * How a priced line cites its price, as data: where it comes from and the source's id, the AWS Price
 * List usage type it was read from (the FOCUS export's SkuPriceId), whether a rule derived it (then
 * unverified, and `derivedFrom` names the rule), and the catalog's own note on it.
 */
export interface PriceCitation {
  cites: 'price';
  origin: PriceOrigin;
  id: string;
  usageType?: string;
  derived?: { from?: string };
  note?: string;
  adjustments?: PriceAdjustment[];
}

/**
 * A rule the catalog applied to a price as read, in order (worded after the citation's note): an
 * hourly price made monthly (`perHour`, the price as read, x `hours`), or a rates file's discount.
 * Figures are exact decimal strings: a citation is quoted, never rounded.
 */
export type PriceAdjustment = { rule: 'per-hour-to-month'; perHour: string; hours: number } | { rule: 'discount'; percent: string };

const CITES: ReadonlySet<string> = new Set(['price', 'source', 'rates-file']);

export function isCitation(value: unknown): value is PriceCitation | PriceOrigin {
  return value !== null && typeof value === 'object' && CITES.has((value as { cites?: unknown }).cites as string);
}

/**
 * Why the bundled catalog stood in for the live Price List: the reason as data (the cause's own message);
 * the report's renderers word it (`priceListFallbackText`), and the JSON report carries those words.
 */
export interface PriceListFallback {
  why: string;
}
