import type { Decimal } from 'decimal.js';
import type { Priced } from '../catalog/catalog.js';
import { ZERO } from '../money.js';

/**
 * Adds up priced quantities. Quantities are integer sums (tokens, images, unit-hours); each line is
 * priced once, so a month of minutes costs one multiplication per dimension, not one per point.
 * A quantity whose price is unknown makes the whole bill unpriced: never $0, never another rate.
 */
export class Bill {
  private total: Decimal = ZERO;
  readonly missing: string[] = [];

  /** Tokens at a price per 1,000 tokens. */
  tokens(count: number, price: Priced | undefined, dimension: string): this {
    if (count === 0) return this;
    if (!price) this.missing.push(dimension);
    else this.total = this.total.plus(price.usd.times(count).dividedBy(1000));
    return this;
  }

  /** Items (images, unit-hours) at a price each. */
  units(count: number, price: Priced | undefined, dimension: string): this {
    if (count === 0) return this;
    if (!price) this.missing.push(dimension);
    else this.total = this.total.plus(price.usd.times(count));
    return this;
  }

  /** Adds another bill's total and its missing prices. */
  add(other: Bill): this {
    this.total = this.total.plus(other.total);
    this.missing.push(...other.missing);
    return this;
  }

  amount(value: Decimal): this {
    this.total = this.total.plus(value);
    return this;
  }

  get priced(): boolean {
    return this.missing.length === 0;
  }

  /** The total, or null when any needed price is missing. */
  result(): Decimal | null {
    return this.priced ? this.total : null;
  }

  reason(): string | undefined {
    return this.priced ? undefined : `unpriced: no ${[...new Set(this.missing)].join(', ')} price in the catalog`;
  }
}
