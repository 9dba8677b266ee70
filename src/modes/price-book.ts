import type { Note } from '../domain/notes.js';
import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm, ReservedTerm, TokenDimension } from '../catalog/schema.js';
import { termHours } from '../catalog/terms.js';
import { HOURS_PER_MONTH, ONE, ZERO, smallInteger, timesWhole, timesWholeOver, usd } from '../money.js';
import { Bill, BillFigures, type BlendedRate } from '../replay/bill.js';
import { cacheWritePrice } from '../replay/model-replay.js';
import { rateLine, type LineDimension } from '../domain/lines.js';
import type { ReplayShared } from '../replay/shared.js';

/**
 * The line of model-unit hours at each term, one object per term (a sizing search bills many unit
 * counts). Not frozen: a frozen object has a map of its own, and every line's reader would see one
 * more shape of dimension than the others' (unfrozen) literals.
 */
const UNIT_HOURS_LINES: Readonly<Record<CommitmentTerm, LineDimension>> = {
  noCommit: { code: 'model-unit-hours', term: 'noCommit' },
  oneMonth: { code: 'model-unit-hours', term: 'oneMonth' },
  sixMonth: { code: 'model-unit-hours', term: 'sixMonth' },
};
/** The line of model-unit hours at a term. */
export function unitHoursLine(term: CommitmentTerm): LineDimension {
  return UNIT_HOURS_LINES[term];
}

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
  /** A per-image price at one of the row's tiers (resolution and quality). */
  | { perImageTier: string }
  | { per1kQueries: true }
  /** A custom model kept in storage, per model-month. */
  | { storagePerMonth: true }
  | { modelUnitHour: CommitmentTerm }
  /** A side of the Reserved tier, per 1K tokens per minute for a month. */
  | { reservedTpmMonth: ReservedTerm; side: 'input' | 'output' }
  /** A price no source publishes (a long-context Flex rate): the line stays unpriced, never $0. */
  | { unpublished: true };

/** A catalog price, or for tokens: */
export type PriceRef =
  | CatalogPriceRef
  /** A side's rate as billed today (overflow CloudWatch cannot split by kind of token): derived, not a catalog price. */
  | { blended: BlendedRate };

/** A cost component: a quantity and the name of its price, with no price in it. */
export type CostComponent =
  | { dimension: LineDimension; tokens: number; price: PriceRef }
  | { dimension: LineDimension; quantity: number | Decimal; unit: string; price: CatalogPriceRef }
  /**
   * A monthly price prorated to a window: `level` units (tokens per minute) for `hours` at a price per
   * 1,000 units a month. Its quantity is level / 1000 x hours / 730, and its cost is priced as
   * price x level x hours / (1000 x 730), in that order, so the division that may not end comes last.
   */
  | { dimension: LineDimension; prorated: { level: number; hours: Decimal }; unit: string; price: CatalogPriceRef };

/** A line's dimension: a catalog token rate by its name, or a dimension code (src/domain/lines.ts). */
type DimensionOf = TokenDimension | LineDimension;
const lineOf = (d: DimensionOf): LineDimension => (typeof d === 'string' ? rateLine(d) : d);

export function tokens(dimension: DimensionOf, count: number, price: PriceRef): CostComponent {
  return { dimension: lineOf(dimension), tokens: count, price };
}

export function units(dimension: DimensionOf, quantity: number | Decimal, unit: string, price: CatalogPriceRef): CostComponent {
  return { dimension: lineOf(dimension), quantity, unit, price };
}

/** Several bills (of several models, each priced by its own book) as one: their lines and notes, in order. */
export function combined(bills: readonly Bill[]): Bill {
  return new Bill().addAll(bills);
}

/** A monthly price prorated to `hours` of a window, for `level` units priced per 1,000. */
export function prorated(dimension: LineDimension, level: number, hours: Decimal, unit: string, price: CatalogPriceRef): CostComponent {
  return { dimension, prorated: { level, hours }, unit, price };
}

/** A cache-write price and the assumption it rests on when it is the input rate. */
type CacheWrite = { price: Priced | undefined; assumption?: Note };

/** One model's prices in one Region and scope, looked up by name; `undefined` prices leave their lines unpriced, never $0. */
export class PriceBook {
  /** What the book's bills share (a count's thousands and costs, a price's citation): this book's alone, so one analysis's. */
  private readonly figures: BillFigures;
  /** The cache-write prices by TTL, looked up once (every scenario with cache writes asks). */
  private write5m: CacheWrite | undefined;
  private write1h: CacheWrite | undefined;

  /** `shared`: the analysis's shared objects (`ReplayShared`), so the book's lines cite prices with the analysis's one citation each. */
  constructor(
    readonly model: CatalogModel | undefined,
    readonly prices: ModelPrices | undefined,
    shared?: ReplayShared,
  ) {
    this.figures = new BillFigures(shared);
  }

  /** The cache-write price at `ttl` and the assumption it rests on when it is the input rate. */
  cacheWrite(ttl: '5m' | '1h'): CacheWrite {
    if (ttl === '5m') return (this.write5m ??= this.cacheWriteOf('5m'));
    return (this.write1h ??= this.cacheWriteOf('1h'));
  }

  private cacheWriteOf(ttl: '5m' | '1h'): CacheWrite {
    return this.prices ? cacheWritePrice(this.model, this.prices, ttl) : { price: undefined };
  }

  price(ref: CatalogPriceRef): Priced | undefined {
    const p = this.prices;
    if (!p) return undefined;
    if ('per1kTokens' in ref) return p.perThousandTokens[ref.per1kTokens];
    if ('modelUnitHour' in ref) return p.perModelUnitHour[ref.modelUnitHour];
    if ('cacheWrite' in ref) return this.cacheWrite(ref.cacheWrite).price;
    return this.itemPrice(p, ref);
  }

  /**
   * The prices of items and terms (images, queries, storage, the Reserved tier): a function of its own,
   * so every function that inlines `price` for tokens and unit-hours (every model's) compiles without them.
   */
  private itemPrice(p: ModelPrices, ref: Exclude<CatalogPriceRef, { per1kTokens: TokenDimension } | { modelUnitHour: CommitmentTerm } | { cacheWrite: '5m' | '1h' }>): Priced | undefined {
    if ('perImage' in ref) return p.perImage;
    if ('perImageTier' in ref) return p.perImageByTier[ref.perImageTier];
    if ('per1kQueries' in ref) return p.perThousandQueries;
    if ('storagePerMonth' in ref) return p.storagePerMonth;
    if ('unpublished' in ref) return undefined;
    return p.reservedPerThousandTpmMonth[ref.reservedTpmMonth]?.[ref.side];
  }

  /**
   * `count` tokens of `dimension` at a catalog price, added to `bill` (a new bill of the book's when
   * none): what `bill([tokens(dimension, count, price)])` prices, with no list of components made for it.
   */
  tokenBill(dimension: DimensionOf, count: number, price: CatalogPriceRef, bill: Bill = new Bill(this.figures)): Bill {
    return bill.tokens(count, this.price(price), lineOf(dimension));
  }

  /** The hourly price of a model unit at `term` (`{ modelUnitHour: term }`), looked up with no reference made for it: every provisioned term asks. */
  unitHourPrice(term: CommitmentTerm): Priced | undefined {
    return this.prices?.perModelUnitHour[term];
  }

  /**
   * `hours` model-unit hours at `term`, added to `bill` (a new bill of the book's when none): what
   * `bill([units(unitHoursLine(term), hours, 'model-unit hour', { modelUnitHour: term })])` prices, with
   * no list, component or reference made for it (a provisioned term bills its chosen count so).
   */
  unitHoursBill(term: CommitmentTerm, hours: Decimal, bill: Bill = new Bill(this.figures)): Bill {
    return bill.units(hours, this.unitHourPrice(term), UNIT_HOURS_LINES[term], 'model-unit hour');
  }

  /** `count` tokens of `dimension` at a side's rate as billed today, added to `bill` (a new bill of the book's when none): `tokenBill`'s twin for a blended rate. */
  blendedBill(dimension: LineDimension, count: number, rate: BlendedRate, bill: Bill = new Bill(this.figures)): Bill {
    return bill.atBlendedRate(dimension, count, rate);
  }

  /** The components priced, in order: quantity x price, line by line. */
  bill(components: readonly CostComponent[]): Bill {
    const bill = new Bill(this.figures);
    // Indexed, not for-of (no iterator protocol in a try/finally): every model's parts are billed here.
    for (let i = 0; i < components.length; i++) {
      const c = components[i]!;
      if ('tokens' in c) {
        if ('blended' in c.price) this.blendedBill(c.dimension, c.tokens, c.price.blended, bill);
        // Through `tokenBill`, the one function that bills tokens at a catalog price: compiled once, not
        // again inside this loop (the two were the same code, each compiled on an analysis's first call).
        else this.tokenBill(c.dimension, c.tokens, c.price, bill);
      } else if ('prorated' in c) {
        this.proratedLine(bill, c);
      } else {
        bill.units(c.quantity, this.price(c.price), c.dimension, c.unit);
      }
    }
    return bill;
  }

  /** A monthly price prorated to a window (`prorated`) added to `bill`: the Reserved tier's, a function of its own that the other modes' bills compile without. */
  private proratedLine(bill: Bill, c: Extract<CostComponent, { prorated: unknown }>): void {
    const price = this.price(c.price);
    const { level, hours } = c.prorated;
    const perMonth = 1000 * HOURS_PER_MONTH;
    // In whole numbers where they fit (a whole level over whole hours: `timesWholeOver`), else with decimal.js: the same Decimals.
    const quantity = timesWholeOver(ONE, level, hours, perMonth) ?? usd(level).times(hours).dividedBy(perMonth);
    bill.priced(c.dimension, quantity, c.unit, price, price && (timesWholeOver(price.usd, level, hours, perMonth) ?? price.usd.times(level).times(hours).dividedBy(perMonth)));
  }

  /**
   * `units` model units at `term` for every hour of a month (HOURS_PER_MONTH): what a provisioned
   * throughput of that size costs a month, used or not. Null when the term is unpriced.
   */
  unitMonth(term: CommitmentTerm, units: number): Decimal | null {
    return this.unitHours(term, units * HOURS_PER_MONTH);
  }

  /**
   * What a commitment of `units` units costs over its whole term: the hourly price x units x the hours
   * of `months` calendar months from `start` (`termHours`). Null when the term is unpriced.
   */
  termTotal(term: CommitmentTerm, units: number, start: Date, months: number): Decimal | null {
    return this.unitHours(term, units * termHours(start, months));
  }

  /**
   * `unitHours` model-unit hours at `term`: the one line `bill` would price, hourly price x quantity in
   * Money's precision, without building the bill (a model's provisioned scenarios ask for several such
   * figures per term). No hours cost nothing, priced or not, as a bill with no lines; null when unpriced.
   */
  unitHours(term: CommitmentTerm, unitHours: number | Decimal): Decimal | null {
    if (typeof unitHours === 'number' ? unitHours === 0 : unitHours.isZero()) return ZERO;
    const price = this.unitHourPrice(term);
    if (!price) return null;
    // A float holding a whole number (units x a term's hours) as decimal.js reads it best (see smallInteger).
    // Whole hours below 2^53 as whole numbers (`timesWhole`), else with decimal.js: the same exact product.
    return timesWhole(price.usd, unitHours) ?? price.usd.times(typeof unitHours === 'number' ? smallInteger(unitHours) : unitHours);
  }
}
