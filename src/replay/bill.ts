import { Decimal } from 'decimal.js';
import { isDerived, type Priced, type PriceSource } from '../catalog/catalog.js';
import { thousandths, usd } from '../money.js';
import type { PricedLine, Scenario, ScenarioMode } from '../domain/report.js';
import type { BlendedSide, Note, Worded } from '../domain/notes.js';
import { lineKey, type LineDimension, type PriceCitation, type PriceOrigin } from '../domain/lines.js';

/**
 * A line's cost is rounded to Money's 40 significant digits only where its division does not end
 * (a term prorated to the window, a blended rate). Their total is summed wider, so a scenario's cost is
 * exactly the sum of the lines it shows.
 */
const LineSum = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });

/** Citations by price: a price is cited on many lines (every scenario, every unit count tried), its citation built once. */
const citations = new WeakMap<Priced, PriceCitation>();

/** Where a price comes from: the user's rates file by its name (the source's `url`), else the source's title. */
export function originOf(source: PriceSource): PriceOrigin {
  return source.reliability === 'user' ? { cites: 'rates-file', file: source.url } : { cites: 'source', title: source.title };
}

/** How a price is cited on a line, as data (src/report/line-text.ts words it): its source, its Price List usage type, and whether it is derived. */
export function citePrice(price: Priced): PriceCitation {
  let cited = citations.get(price);
  if (cited === undefined) {
    cited = {
      cites: 'price', origin: originOf(price.source), id: price.source.id,
      ...(price.usagetype ? { usageType: price.usagetype } : {}),
      ...(isDerived(price) ? { derived: price.derivedFrom ? { from: price.derivedFrom } : {} } : {}),
      ...(price.note ? { note: price.note } : {}),
      ...(price.adjustments?.length ? { adjustments: price.adjustments } : {}),
    };
    citations.set(price, cited);
  }
  return cited;
}

/**
 * A side's rate as billed today, `sideCost` / `sideTokens`, for overflow that CloudWatch cannot split
 * by kind of token; `how` says what was blended. Its price per 1,000 tokens is divided out once, for
 * every line priced at it.
 */
export class BlendedRate {
  readonly source: Note;
  private perThousand: Decimal | undefined;
  /** Costs by token count: a sizing search prices the same overflow for every term it tries. */
  private readonly costs = new Map<number, Decimal>();

  constructor(
    private readonly sideCost: Decimal,
    readonly sideTokens: number,
    blended: BlendedSide,
  ) {
    this.source = { says: 'blended-rate', blended };
  }

  /** The price per 1,000 tokens (not defined when the side had no tokens): divided out on first use. */
  get perThousandTokens(): Decimal {
    return (this.perThousand ??= this.sideCost.times(1000).dividedBy(this.sideTokens));
  }

  /**
   * The cost of `count` tokens as `Bill.atBlendedRate` prices them (none when there are no tokens, or
   * the side had none), as a float within a relative 1e-15 or so: for a search that only compares costs.
   */
  estimate(count: number): number {
    if (count === 0 || this.sideTokens === 0) return 0;
    return (count * (this.sideCostNumber ??= this.sideCost.toNumber())) / this.sideTokens;
  }

  private sideCostNumber: number | undefined;

  /** The cost of `count` tokens at this rate. */
  cost(count: number): Decimal {
    let cost = this.costs.get(count);
    if (cost === undefined) this.costs.set(count, (cost = this.sideCost.times(count).dividedBy(this.sideTokens)));
    return cost;
  }
}

/**
 * `count` tokens in thousands, exactly: the count's digits with the decimal point moved, no arithmetic
 * and no parse (`thousandths`).
 * A model's sums appear on many lines (its output tokens in every scenario): each is read once. Decimals
 * never change, so a line may share one; the cache is emptied when it grows past a few models' sums.
 */
function thousandsOf(count: number): Decimal {
  let thousands = thousandsCache.get(count);
  if (thousands === undefined) {
    if (thousandsCache.size >= CACHED_COUNTS) thousandsCache.clear();
    thousandsCache.set(count, (thousands = thousandths(count)));
  }
  return thousands;
}
const CACHED_COUNTS = 4096;
const thousandsCache = new Map<number, Decimal>();

/** Costs by price and token count: the same sum at the same price recurs across a model's scenarios. */
const tokenCosts = new WeakMap<Priced, Map<number, Decimal>>();
function tokenCost(price: Priced, count: number, thousands: Decimal): Decimal {
  let costs = tokenCosts.get(price);
  if (costs === undefined) tokenCosts.set(price, (costs = new Map()));
  let cost = costs.get(count);
  if (cost === undefined) {
    if (costs.size >= CACHED_COUNTS) costs.clear();
    costs.set(count, (cost = price.usd.times(thousands)));
  }
  return cost;
}

/**
 * A bill of priced lines, quantity x unit price, the way Infracost separates cost components from
 * prices. Quantities are integer sums (tokens, images, unit-hours) priced once per line, so a month of
 * minutes costs one multiplication per dimension. A quantity whose price is unknown keeps its line with
 * no price, and makes the whole bill unpriced: never $0, never another rate.
 */
export class Bill {
  readonly lines: PricedLine[] = [];
  /** Assumptions the prices carry (a derived, unverified price), for the scenario. */
  readonly notes: Note[] = [];
  /** The notes' keys, made on the first note: most bills (every scenario's, every unit count tried) carry none. */
  private noteKeys: Set<string> | undefined;
  /** The exact total once worked out (`result`); a line added after forgets it. */
  private total: Decimal | null | undefined;

  /** Tokens at a price per 1,000 tokens. */
  tokens(count: number, price: Priced | undefined, dimension: LineDimension): this {
    if (count === 0) return this;
    // Price x thousands is exact: a price's digits times a count below 2^53 fit Money's 40 digits.
    const thousands = thousandsOf(count);
    return this.priced(dimension, thousands, '1K tokens', price, price ? tokenCost(price, count, thousands) : undefined);
  }

  /** Items (images, unit-hours, queries) at a price each. */
  units(count: number | Decimal, price: Priced | undefined, dimension: LineDimension, unit: string): this {
    const quantity = usd(count);
    if (quantity.isZero()) return this;
    return this.priced(dimension, quantity, unit, price, price?.usd.times(quantity));
  }

  /**
   * A line priced from a catalog price, with its cost given when it is not unit price x quantity in
   * one exact step (a term prorated to the window).
   */
  priced(dimension: LineDimension, quantity: Decimal, unit: string, price: Priced | undefined, cost: Decimal | undefined): this {
    if (price && isDerived(price)) {
      this.note({ says: 'derived-price', dimension, ...(price.derivedFrom ? { derivedFrom: price.derivedFrom } : {}), title: price.source.title });
    }
    this.total = undefined;
    this.lines.push({
      dimension, quantity, unit,
      unitPrice: price ? price.usd : null,
      cost: price && cost ? cost : null,
      source: price ? citePrice(price) : null,
    });
    return this;
  }

  /** Tokens at a side's blended rate as billed today. */
  atBlendedRate(dimension: LineDimension, count: number, rate: BlendedRate): this {
    if (count === 0 || rate.sideTokens === 0) return this;
    this.total = undefined;
    this.lines.push({
      dimension, quantity: thousandsOf(count), unit: '1K tokens',
      unitPrice: rate.perThousandTokens, cost: rate.cost(count),
      source: rate.source,
    });
    return this;
  }

  /** Adds another bill's lines and notes. */
  add(other: Bill): this {
    this.total = undefined;
    this.lines.push(...other.lines);
    for (const note of other.notes) this.note(note);
    return this;
  }

  private note(note: Note): void {
    const key = JSON.stringify(note);
    this.noteKeys ??= new Set();
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.push(note);
  }

  /**
   * The exact sum of the line costs, or null when any line is unpriced. Worked out once: the as-billed
   * bill is asked for it by replay, by its scenario and by the modes that compare with it.
   */
  result(): Decimal | null {
    if (this.total === undefined) this.total = this.sum();
    return this.total;
  }

  private sum(): Decimal | null {
    const lines = this.lines;
    if (!lines.every((l) => l.cost !== null)) return null;
    if (lines.length === 0) return new LineSum(0);
    // The first cost taken as it is (a copy, no arithmetic: LineSum's 200 digits hold any cost), then the others added.
    let total: Decimal = new LineSum(lines[0]!.cost!);
    for (let i = 1; i < lines.length; i++) total = total.plus(lines[i]!.cost!);
    return total;
  }

  /** The total in Money's precision, for rates derived from it (a blended rate, a break-even price). */
  moneyResult(): Decimal | null {
    const total = this.result();
    return total === null ? null : usd(total);
  }

  /** Why the bill is unpriced: the dimensions with no price, each once; undefined when priced. */
  reason(): Note | undefined {
    if (this.lines.every((l) => l.cost !== null)) return undefined;
    const missing = new Map<string, LineDimension>();
    for (const l of this.lines) if (l.cost === null && !missing.has(lineKey(l.dimension))) missing.set(lineKey(l.dimension), l.dimension);
    return { says: 'unpriced-lines', dimensions: [...missing.values()] };
  }
}

/**
 * A scenario from a bill: its cost is the exact sum of its lines; a derived price adds its note.
 * `assumptions` becomes the scenario's own list (the lifecycle and the logs add to it later), so each
 * caller passes a list made for this scenario, never one it shares.
 */
export function scenarioFromBill(
  head: { mode: ScenarioMode; label: Worded; variant?: string },
  bill: Bill,
  assumptions: Worded[],
  monthly: (cost: Decimal | null) => Decimal | null,
  extra: Partial<Scenario> = {},
): Scenario {
  const cost = bill.result();
  const reason = bill.reason();
  // Built by assignment, keys in the report's order: spreading heads and extras of many shapes into one
  // literal falls back to V8's slow path, and this runs for every scenario of every model.
  const scenario = Object.assign({}, head) as Scenario;
  scenario.cost = cost;
  scenario.monthlyCost = monthly(cost);
  scenario.feasible = true;
  if (reason) scenario.reason = reason;
  scenario.assumptions = bill.notes.length > 0 ? assumptions.concat(bill.notes) : assumptions;
  scenario.lines = bill.lines;
  return Object.assign(scenario, extra);
}
