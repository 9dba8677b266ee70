import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm, TokenDimension } from '../catalog/schema.js';
import { Bill, type BlendedRate } from '../replay/bill.js';
import { cacheWritePrice } from '../replay/model-replay.js';

/**
 * Which price a quantity is billed at, by name: a mode never holds a price, it names one, and the
 * price book looks it up (`PriceBook.bill`, the one place a quantity is multiplied by its price).
 */
export type CatalogPriceRef =
  /** A price per 1,000 tokens from the model's row. */
  | { per1kTokens: TokenDimension }
  /** Cache writes at a TTL: the published rate, or the input rate where writes are billed as input (`cacheWritePrice`). */
  | { cacheWrite: '5m' | '1h' }
  | { perImage: true }
  | { per1kQueries: true }
  /** A custom model kept in storage, per model-month. */
  | { storagePerMonth: true }
  | { modelUnitHour: CommitmentTerm };

/** A catalog price, or for tokens: */
export type PriceRef =
  | CatalogPriceRef
  /** A side's rate as billed today (overflow CloudWatch cannot split by kind of token): derived, not a catalog price. */
  | { blended: BlendedRate };

/** A cost component: a quantity and the name of its price, with no price in it. */
export type CostComponent =
  | { dimension: string; tokens: number; price: PriceRef }
  | { dimension: string; quantity: number | Decimal; unit: string; price: CatalogPriceRef };

export function tokens(dimension: string, count: number, price: PriceRef): CostComponent {
  return { dimension, tokens: count, price };
}

export function units(dimension: string, quantity: number | Decimal, unit: string, price: CatalogPriceRef): CostComponent {
  return { dimension, quantity, unit, price };
}

/** One model's prices in one Region and scope, looked up by name; `undefined` prices leave their lines unpriced, never $0. */
export class PriceBook {
  constructor(
    readonly model: CatalogModel | undefined,
    readonly prices: ModelPrices | undefined,
  ) {}

  /** The cache-write price at `ttl` and the assumption it rests on when it is the input rate. */
  cacheWrite(ttl: '5m' | '1h'): { price: Priced | undefined; assumption?: string } {
    return this.prices ? cacheWritePrice(this.model, this.prices, ttl) : { price: undefined };
  }

  price(ref: CatalogPriceRef): Priced | undefined {
    const p = this.prices;
    if (!p) return undefined;
    if ('per1kTokens' in ref) return p.perThousandTokens[ref.per1kTokens];
    if ('cacheWrite' in ref) return this.cacheWrite(ref.cacheWrite).price;
    if ('perImage' in ref) return p.perImage;
    if ('per1kQueries' in ref) return p.perThousandQueries;
    if ('storagePerMonth' in ref) return p.storagePerMonth;
    return p.perModelUnitHour[ref.modelUnitHour];
  }

  /** The components priced, in order: quantity x price, line by line. */
  bill(components: readonly CostComponent[]): Bill {
    const bill = new Bill();
    for (const c of components) {
      if ('tokens' in c) {
        if ('blended' in c.price) bill.atBlendedRate(c.dimension, c.tokens, c.price.blended);
        else bill.tokens(c.tokens, this.price(c.price), c.dimension);
      } else {
        bill.units(c.quantity, this.price(c.price), c.dimension, c.unit);
      }
    }
    return bill;
  }
}
