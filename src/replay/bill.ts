import { Decimal } from 'decimal.js';
import { isDerived, type Priced, type PriceSource } from '../catalog/catalog.js';
import { Money, ZERO, exactSum, priceDigits, scaledInteger, thousandths, timesCount, timesDigits, timesWhole, usd, type PriceDigits } from '../money.js';
import type { PricedLine, Scenario, ScenarioMode } from '../domain/report.js';
import type { BlendedSide, Note, Worded } from '../domain/notes.js';
import { lineKey, type LineDimension, type PriceCitation, type PriceOrigin } from '../domain/lines.js';
import { ONE, numberOf, timesOver } from '../money.js';

/**
 * A line's cost is rounded to Money's 40 significant digits only where its division does not end
 * (a term prorated to the window, a blended rate). Their total is summed wider, so a scenario's cost is
 * exactly the sum of the lines it shows.
 */
const LineSum = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });

/** A bill's line costs as it sums them, reused from one sum to the next (emptied after each). */
const lineCosts: Decimal[] = [];

/** Where a price comes from: the user's rates file by its name (the source's `url`), else the source's title. */
export function originOf(source: PriceSource): PriceOrigin {
  return source.reliability === 'user' ? { cites: 'rates-file', file: source.url } : { cites: 'source', title: source.title };
}

/** How a price is cited on a line, as data (src/report/line-text.ts words it): its source, its Price List usage type, and whether it is derived. */
export function citePrice(price: Priced): PriceCitation {
  // Keys set in the citation's order (the report's JSON keeps it), without spreading objects of several shapes.
  const cited: PriceCitation = { cites: 'price', origin: originOf(price.source), id: price.source.id };
  if (price.usagetype) cited.usageType = price.usagetype;
  if (isDerived(price)) cited.derived = price.derivedFrom ? { from: price.derivedFrom } : {};
  if (price.note) cited.note = price.note;
  if (price.adjustments?.length) cited.adjustments = price.adjustments;
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
  /** Costs by token count: a sizing search prices the same overflow for every term it tries (made on first use: most rates price none). */
  private costs: Map<number, Decimal> | undefined;

  constructor(
    private readonly sideCost: Decimal,
    readonly sideTokens: number,
    blended: BlendedSide,
  ) {
    this.source = BLENDED_SOURCES[blended];
  }

  /**
   * The price per 1,000 tokens (not defined when the side had no tokens): divided out on first use, in
   * whole words where `timesOver` can (the very Decimal of decimal.js's `times(1000).dividedBy(tokens)`).
   */
  get perThousandTokens(): Decimal {
    return (this.perThousand ??= timesOver(this.sideCost, 1000, ONE, this.sideTokens, this.sideCost.constructor as typeof Decimal) ?? this.sideCost.times(1000).dividedBy(this.sideTokens));
  }

  /**
   * The price of one token as a float, within a relative 1e-16 or so of the exact rate (0 when the side
   * had no tokens, whose overflow `Bill.atBlendedRate` leaves unpriced): a count times it is within a
   * relative 1e-15 of the count's `cost`, for a search that only compares costs. Read once a rate by
   * its caller, so estimating a count is one multiplication, no call.
   */
  perTokenEstimate(): number {
    return this.sideTokens === 0 ? 0 : numberOf(this.sideCost) / this.sideTokens;
  }

  /** The cost of `count` tokens at this rate: in whole words where `timesOver` can, the very Decimal of decimal.js's. */
  cost(count: number): Decimal {
    const costs = (this.costs ??= new Map());
    let cost = costs.get(count);
    if (cost === undefined) {
      cost = timesOver(this.sideCost, count, ONE, this.sideTokens, this.sideCost.constructor as typeof Decimal) ?? this.sideCost.times(count).dividedBy(this.sideTokens);
      costs.set(count, cost);
    }
    return cost;
  }
}

/** A blended rate's source as its lines cite it, one frozen note per side blended (a note is never changed). */
const BLENDED_SOURCES: Readonly<Record<BlendedSide, Note>> = Object.freeze({
  'on-demand-input-side': Object.freeze({ says: 'blended-rate', blended: 'on-demand-input-side' } as const),
  'on-demand-output': Object.freeze({ says: 'blended-rate', blended: 'on-demand-output' } as const),
  'standard-input-side': Object.freeze({ says: 'blended-rate', blended: 'standard-input-side' } as const),
  'request-class-input': Object.freeze({ says: 'blended-rate', blended: 'request-class-input' } as const),
  'request-class-output': Object.freeze({ says: 'blended-rate', blended: 'request-class-output' } as const),
});

/**
 * What a bill needs of a price, worked out once a price: its citation, whether it is derived, and its
 * digits as a whole number and a power of ten (`priceDigits`), undefined where they are not.
 */
export interface PriceFacts {
  readonly citation: PriceCitation;
  readonly derived: boolean;
  readonly digits: PriceDigits | undefined;
}

/** What a bill needs of `price`, cited as `citation`. */
export function factsOf(price: Priced, citation: PriceCitation): PriceFacts {
  return { citation, derived: isDerived(price), digits: priceDigits(price.usd) };
}

/** Where a bill's lines get their prices' citations and facts when they share them (`ReplayShared`). */
export interface SharedCitations {
  citation(price: Priced): PriceCitation;
  priceFacts(price: Priced): PriceFacts;
}

/**
 * What one model's bills share, for one analysis (a PriceBook holds one: never kept from one analysis to
 * the next). A model's token sums recur on its lines (its input in several what-ifs): each sum's
 * thousands and each price's facts are made once, and the lines share them (Decimals never change).
 * A cost is not kept: a model's bills share their parts, so a count is priced at a price about once
 * (a kept cost was a look-up that found none, on every line of an analysis).
 */
export class BillFigures {
  /** Token counts in thousands: a model's sums recur on its lines (its input in several what-ifs). */
  private readonly counts = new Map<number, Decimal>();
  /** Facts by price, for a book without the analysis's shared objects (which keep them for every book). */
  private prices: Map<Priced, PriceFacts> | undefined;

  /** `shared`: the analysis's shared objects, whose citations every model's lines share; without, each price's citation is the book's own. */
  constructor(private readonly shared?: SharedCitations) {}

  /** `count` tokens in thousands, one Decimal per count for the book's lines. */
  thousands(count: number): Decimal {
    let thousands = this.counts.get(count);
    if (thousands === undefined) this.counts.set(count, (thousands = thousandths(count)));
    return thousands;
  }

  /** What a bill needs of `price`. */
  facts(price: Priced): PriceFacts {
    // Not kept again here: one look-up, and no map a model, where the analysis keeps them.
    const shared = this.shared;
    if (shared !== undefined) return shared.priceFacts(price);
    const prices = (this.prices ??= new Map());
    let facts = prices.get(price);
    if (facts === undefined) prices.set(price, (facts = factsOf(price, citePrice(price))));
    return facts;
  }

  citation(price: Priced): PriceCitation {
    return this.facts(price).citation;
  }
}

/**
 * The cost of `count` tokens at a price per 1,000, exactly: the price's digits times the count as whole
 * numbers where they fit (`timesCount`), else the price times the thousands. A price's digits times a
 * count below 2^53 fit Money's 40 digits, so both are the exact product.
 */
function tokenCost(price: Priced, count: number, thousands: Decimal): Decimal {
  return timesCount(price.usd, count, 3) ?? price.usd.times(thousands);
}

/**
 * A bill of priced lines, quantity x unit price, the way Infracost separates cost components from
 * prices. Quantities are integer sums (tokens, images, unit-hours) priced once per line, so a month of
 * minutes costs one multiplication per dimension. A quantity whose price is unknown keeps its line with
 * no price, and makes the whole bill unpriced: never $0, never another rate.
 */
/**
 * A new bill's lines and notes: one empty list for every bill until its first line or note, which comes
 * in a list of its own (most bills of an analysis hold one line or two and no note). Frozen, so nothing
 * can add to it in place.
 */
const NO_LINES: PricedLine[] = Object.freeze([]) as unknown as PricedLine[];
const NO_NOTES: Note[] = Object.freeze([]) as unknown as Note[];

/**
 * The exact sum of the first `n` (at least one) of `lineCosts` in LineSum, the terms let go of after:
 * one term as it is (copied into LineSum when it is not one: no arithmetic, LineSum's 200 digits hold
 * any cost), more added word by word in one pass where they can be (`exactSum`), else one by one.
 */
function summedCosts(n: number): Decimal {
  const costs = lineCosts;
  let total: Decimal | undefined = costs[0]!;
  if (n === 1) {
    if (total.constructor !== LineSum) total = new LineSum(total);
  } else {
    total = exactSum(costs, n, LineSum);
    if (total === undefined) {
      total = new LineSum(costs[0]!);
      for (let i = 1; i < n; i++) total = total.plus(costs[i]!);
    }
  }
  for (let i = 0; i < n; i++) costs[i] = ZERO;
  return total;
}

/**
 * The exact total of `parts` as one bill of all their lines sums it (in LineSum), without that bill or
 * the parts' own totals: every part's cost terms (`Bill.costTermsAt`) added in one pass, the same exact
 * sum. Null when a line has no price; with `noted` false, undefined when a part carries a note (its
 * scenario then takes the notes of the parts combined).
 */
export function totalOfBills(parts: readonly Bill[], noted: boolean): Decimal | null | undefined {
  let n = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    if (!noted && part.notes.length > 0) return clearedCosts(n, undefined);
    const next = part.costTermsAt(n);
    if (next < 0) return clearedCosts(n, null);
    n = next;
  }
  return n === 0 ? new LineSum(ZERO) : summedCosts(n);
}

/** No total: the first `n` terms let go of. */
function clearedCosts<T>(n: number, none: T): T {
  for (let i = 0; i < n; i++) lineCosts[i] = ZERO;
  return none;
}

/**
 * A priced line as the report holds it: made by a constructor, not an object literal. The report keeps
 * every line for the rest of the run, and V8 decides part-way through an analysis to allocate a
 * literal's objects that all survive in the old generation; that decision throws away the compiled
 * code of every function that inlined the literal (each mode's scenarios, every bill), which then
 * compiles again. A constructor's objects carry no such decision. The same keys in the same order.
 */
class Line implements PricedLine {
  // Declared, not defined: fields defined as class fields would be made undefined first, then set.
  declare dimension: LineDimension;
  declare quantity: Decimal;
  declare unit: string;
  declare unitPrice: Decimal | null;
  declare cost: Decimal | null;
  declare source: PricedLine['source'];

  constructor(dimension: LineDimension, quantity: Decimal, unit: string, unitPrice: Decimal | null, cost: Decimal | null, source: PricedLine['source']) {
    this.dimension = dimension;
    this.quantity = quantity;
    this.unit = unit;
    this.unitPrice = unitPrice;
    this.cost = cost;
    this.source = source;
  }
}

export class Bill {
  readonly lines: PricedLine[] = NO_LINES;
  /** Assumptions the prices carry (a derived, unverified price), for the scenario. */
  readonly notes: Note[] = NO_NOTES;
  /** The notes' keys, made when a second note comes: most bills (every scenario's, every unit count tried) carry none or one. */
  private noteKeys: Set<string> | undefined;
  /** The exact total once worked out (`result`); a line added after forgets it. */
  private total: Decimal | null | undefined;
  /** Lines with no price (a bill with any is unpriced), counted as they are added. */
  private unpriced = 0;

  /** `figures`: what the bill shares with the model's other bills (its PriceBook's); without, each line's figures are its own. */
  constructor(private readonly figures?: BillFigures) {}

  /** Tokens at a price per 1,000 tokens. */
  tokens(count: number, price: Priced | undefined, dimension: LineDimension): this {
    if (count === 0) return this;
    const figures = this.figures;
    const facts = figures !== undefined && price !== undefined ? figures.facts(price) : undefined;
    if (facts === undefined || facts.derived) return this.tokensApart(count, price, dimension);
    // A price read from a source (no note to add), with the book's figures: the line as `priced` makes
    // it. The price's digits times the count as whole numbers where they fit, else the price times the
    // thousands: a price's digits times a count below 2^53 fit Money's 40 digits, so both are exact.
    const thousands = figures!.thousands(count);
    const cost = (facts.digits && timesDigits(facts.digits, count, 3)) ?? price!.usd.times(thousands);
    this.total = undefined;
    this.line(new Line(dimension, thousands, '1K tokens', price!.usd, cost, facts.citation));
    return this;
  }

  /**
   * Tokens with no price, at a derived price (its note added) or in a bill without a book's figures: a
   * function of its own, so the token lines of every model (`tokens`) compile without it.
   */
  private tokensApart(count: number, price: Priced | undefined, dimension: LineDimension): this {
    const thousands = this.figures ? this.figures.thousands(count) : thousandths(count);
    return this.priced(dimension, thousands, '1K tokens', price, price ? tokenCost(price, count, thousands) : undefined);
  }

  /** Items (images, unit-hours, queries) at a price each. */
  units(count: number | Decimal, price: Priced | undefined, dimension: LineDimension, unit: string): this {
    // A whole count at a price in Money, with the book's figures (a sizing search bills unit-hours for
    // every unit count it tries): the quantity made from the count's words (`scaledInteger`) and the cost
    // from the price's digits read once a book (`timesDigits`), the very Decimals of the path below.
    const figures = this.figures;
    if (figures !== undefined && price !== undefined && typeof count === 'number' && price.usd.constructor === Money && count > 0 && count <= Number.MAX_SAFE_INTEGER && Number.isInteger(count)) {
      const facts = figures.facts(price);
      const cost = facts.digits && timesDigits(facts.digits, count, 0);
      if (cost !== undefined) {
        const quantity = scaledInteger(count, 0);
        if (facts.derived) return this.priced(dimension, quantity, unit, price, cost);
        this.total = undefined;
        this.line(new Line(dimension, quantity, unit, price.usd, cost, facts.citation));
        return this;
      }
    }
    // A quantity already in Money is used as it is (a copy would be the same number).
    const quantity = typeof count !== 'number' && count.constructor === Money ? count : usd(count);
    if (quantity.isZero()) return this;
    return this.priced(dimension, quantity, unit, price, price ? (timesWhole(price.usd, count) ?? price.usd.times(quantity)) : undefined);
  }

  /**
   * A line priced from a catalog price, with its cost given when it is not unit price x quantity in
   * one exact step (a term prorated to the window).
   */
  priced(dimension: LineDimension, quantity: Decimal, unit: string, price: Priced | undefined, cost: Decimal | undefined): this {
    if (price && isDerived(price)) this.noteDerived(dimension, price);
    this.total = undefined;
    const lineCost = price && cost ? cost : null;
    if (lineCost === null) this.unpriced++;
    this.line(new Line(dimension, quantity, unit, price ? price.usd : null, lineCost, price ? (this.figures ? this.figures.citation(price) : citePrice(price)) : null));
    return this;
  }

  /** The note a derived price adds (an assumption the scenario states): apart from `priced`, which most lines take without one. */
  private noteDerived(dimension: LineDimension, price: Priced): void {
    this.note({ says: 'derived-price', dimension, ...(price.derivedFrom ? { derivedFrom: price.derivedFrom } : {}), title: price.source.title });
  }

  /** Tokens at a side's blended rate as billed today. */
  atBlendedRate(dimension: LineDimension, count: number, rate: BlendedRate): this {
    if (count === 0) return this;
    // A side that billed no tokens today has no blended rate: its tokens are an unpriced line, never $0.
    if (rate.sideTokens === 0) return this.priced(dimension, this.figures ? this.figures.thousands(count) : thousandths(count), '1K tokens', undefined, undefined);
    this.total = undefined;
    this.line(new Line(dimension, this.figures ? this.figures.thousands(count) : thousandths(count), '1K tokens', rate.perThousandTokens, rate.cost(count), rate.source));
    return this;
  }

  /**
   * A line added: the first three in a new array of exactly their number (a bill has one line or two,
   * and a scenario's bill goes into the report as it is), more by `push`. An empty array filled by
   * `push` reserves seventeen slots for one line; the bill's `lines` is a new array then, so it is read
   * once the bill is made, never held while lines are added (nor added to in place: a bill with no
   * lines shares one frozen empty list).
   */
  private line(line: PricedLine): void {
    const lines = this.lines;
    const n = lines.length;
    if (n === 0) this.setLines([line]);
    else if (n === 1) this.setLines([lines[0]!, line]);
    else if (n === 2) this.setLines([lines[0]!, lines[1]!, line]);
    else lines.push(line);
  }

  private setLines(lines: PricedLine[]): void {
    (this as { lines: PricedLine[] }).lines = lines;
  }

  /** Adds the lines and notes of `others` in order: their lines in one new array of exactly their number. */
  addAll(others: readonly Bill[]): this {
    let more = 0;
    for (let k = 0; k < others.length; k++) more += others[k]!.lines.length;
    if (more > 0) {
      const lines = this.lines;
      const n = lines.length;
      const all = new Array<PricedLine>(n + more);
      for (let i = 0; i < n; i++) all[i] = lines[i]!;
      let at = n;
      for (let k = 0; k < others.length; k++) {
        const theirs = others[k]!.lines;
        for (let i = 0; i < theirs.length; i++) all[at++] = theirs[i]!;
      }
      this.total = undefined;
      this.setLines(all);
    }
    for (let k = 0; k < others.length; k++) {
      const other = others[k]!;
      this.unpriced += other.unpriced;
      const notes = other.notes;
      for (let i = 0; i < notes.length; i++) this.note(notes[i]!);
    }
    return this;
  }

  /** Adds another bill's lines and notes. */
  add(other: Bill): this {
    this.total = undefined;
    const lines = other.lines;
    for (let i = 0; i < lines.length; i++) this.line(lines[i]!);
    this.unpriced += other.unpriced;
    for (const note of other.notes) this.note(note);
    return this;
  }

  /** A note once: equal notes (by their JSON) are one. */
  private note(note: Note): void {
    const notes = this.notes;
    if (notes.length === 0) {
      (this as { notes: Note[] }).notes = [note];
      return;
    }
    if (notes.includes(note)) return;
    this.noteKeys ??= new Set(notes.map((n) => JSON.stringify(n)));
    const key = JSON.stringify(note);
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    notes.push(note);
  }

  /**
   * The exact sum of the line costs, or null when any line is unpriced. Worked out once: the as-billed
   * bill is asked for it by replay, by its scenario and by the modes that compare with it.
   */
  result(): Decimal | null {
    // One function, not a second one for the sum: each function hot on a model's path is compiled on
    // its own as well as where it is inlined, on an analysis's first call.
    if (this.total !== undefined) return this.total;
    const lines = this.lines;
    const n = lines.length;
    if (this.unpriced > 0) this.total = null;
    // Zero copied from Money's (the same fields), not made from the number: the constructor then meets no number in a run (see money.ts's `madeOf`).
    else if (n === 0) this.total = new LineSum(ZERO);
    else {
      const costs = lineCosts;
      for (let i = 0; i < n; i++) costs[i] = lines[i]!.cost!;
      this.total = summedCosts(n);
    }
    return this.total;
  }

  /**
   * The bill's cost as terms of a sum, put in `lineCosts` from `at`: its total where it has been worked
   * out (one term), else its lines' costs (the same exact sum), none for a bill of no lines. The count
   * after them, or -1 when a line has no price.
   */
  costTermsAt(at: number): number {
    if (this.unpriced > 0) return -1;
    const lines = this.lines;
    const n = lines.length;
    if (n === 0) return at;
    const costs = lineCosts;
    const total = this.total;
    if (total != null) {
      costs[at] = total;
      return at + 1;
    }
    for (let i = 0; i < n; i++) costs[at + i] = lines[i]!.cost!;
    return at + n;
  }

  /** The total in Money's precision, for rates derived from it (a blended rate, a break-even price). */
  moneyResult(): Decimal | null {
    const total = this.result();
    return total === null ? null : usd(total);
  }

  /** Why the bill is unpriced: the dimensions with no price, each once; undefined when priced. */
  reason(): Note | undefined {
    if (this.unpriced === 0) return undefined;
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
  extra?: Partial<Scenario>,
): Scenario {
  const cost = bill.result();
  // Built by assignment, keys in the report's order: spreading heads and extras of many shapes into one
  // literal falls back to V8's slow path, and this runs for every scenario of every model.
  const scenario = Object.assign({}, head) as Scenario;
  scenario.cost = cost;
  scenario.monthlyCost = monthly(cost);
  scenario.feasible = true;
  // A bill's total is null exactly when a line has no price (`result`), the one case with a reason to ask for.
  if (cost === null) scenario.reason = bill.reason()!;
  scenario.assumptions = bill.notes.length > 0 ? assumptions.concat(bill.notes) : assumptions;
  // The report keeps the lines: copied at their number (the bill's array, filled by `push`, has seventeen slots or more).
  scenario.lines = bill.lines.slice();
  // No extra (most callers): no empty object made and copied from.
  return extra === undefined ? scenario : Object.assign(scenario, extra);
}
