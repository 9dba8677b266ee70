import type { Decimal } from 'decimal.js';
import type { Priced, ReservedPrice } from '../catalog/catalog.js';
import type { ReservedTerm } from '../catalog/schema.js';
import { RESERVED_TERM_INFO } from '../catalog/terms.js';
import { HOURS_PER_MONTH, Money, exactHours, numberOf, perMonth, significantDigits, thousandths, timesOver, usd } from '../money.js';
import type { ReservedBreakEven, ReservedSide, Scenario } from '../domain/report.js';
import { BlendedRate, scenarioFromBill, type Bill } from './bill.js';
import { prorated, tokens, units, type CostComponent, type PriceBook } from '../modes/price-book.js';
import { ITEMS_KEPT_AS_BILLED } from '../modes/bill-parts.js';
import { overflowAbove, type LoadProfile } from './load-profile.js';
import { sizingResolutionAssumptions } from '../domain/advice.js';
import type { Note, Worded } from '../domain/notes.js';
import type { LineDimension, LineSide } from '../domain/lines.js';

const ABOVE_RESERVATION: Record<LineSide, LineDimension> = { input: { code: 'above-reservation', side: 'input' }, output: { code: 'above-reservation', side: 'output' } };

/**
 * Reserved service tier: a fixed price per 1K tokens-per-minute (TPM) per month, input and output
 * reserved separately; demand above the reservation spills to Standard at on-demand prices
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/service-tiers-inference.html).
 *
 * For one side, reserving L TPM over a window of H hours costs c x L, with c = price / 1000 x H / 730,
 * plus p per token above L in each minute. The overflow falls by the minutes above L for each extra
 * TPM, so the cost is convex in L and lowest where (minutes above L) x p = c. With the load's points
 * sorted by rate, that level is read off the running sum of minutes: O(points log points) for the
 * sort, then any level's overflow in O(log points).
 */

/** AWS's minimum reservation per side. */
export const RESERVED_MINIMUM_TPM = { input: 100_000, output: 10_000 } as const;
/** Reservations are priced per 1K TPM, so levels are whole thousands. */
export const RESERVED_LEVEL_STEP = 1000;

export class ReservedSizer {
  /** Rates (tokens per minute) sorted from the busiest point down. */
  private readonly rates: Float64Array;
  /** Running sums over the sorted points: tokens and minutes of the busiest i points. */
  private readonly cumTokens: Float64Array;
  private readonly cumMinutes: Float64Array;
  readonly totalTokens: number;

  constructor(ratePerMinute: ArrayLike<number>, minutes: ArrayLike<number>) {
    const n = ratePerMinute.length;
    // Points come in a few period lengths (1, 5, 60 minutes): each group's rates are sorted natively
    // (a typed-array sort, no comparator), then the groups are merged busiest first.
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const m = minutes[i] as number;
      let rates = groups.get(m);
      if (!rates) groups.set(m, (rates = []));
      rates.push(ratePerMinute[i] as number);
    }
    const sorted = [...groups].map(([m, rates]) => ({ m, rates: Float64Array.from(rates).sort(), next: rates.length - 1 }));
    this.rates = new Float64Array(n);
    this.cumTokens = new Float64Array(n + 1);
    this.cumMinutes = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      let pick = sorted[0]!;
      for (const g of sorted) if (g.next >= 0 && (pick.next < 0 || (g.rates[g.next] as number) > (pick.rates[pick.next] as number))) pick = g;
      const rate = pick.rates[pick.next--] as number;
      this.rates[j] = rate;
      this.cumTokens[j + 1] = (this.cumTokens[j] as number) + rate * pick.m;
      this.cumMinutes[j + 1] = (this.cumMinutes[j] as number) + pick.m;
    }
    this.totalTokens = Math.round(this.cumTokens[n] as number);
  }

  /** How many of the sorted points run above `level` TPM. */
  private countAbove(level: number): number {
    let lo = 0;
    let hi = this.rates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.rates[mid] as number) > level) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Tokens above `level` TPM over the window (billed at Standard). */
  overflow(level: number): number {
    const j = this.countAbove(level);
    return Math.max(0, Math.round((this.cumTokens[j] as number) - level * (this.cumMinutes[j] as number)));
  }

  /** Tokens the reservation serves at `level`. */
  served(level: number): number {
    return this.totalTokens - this.overflow(level);
  }

  /**
   * The cheapest level, in whole thousands of TPM and at least `minimum`. `breakEvenMinutes` is
   * reservation price per TPM over the window / Standard price per token: reserving one more TPM pays
   * while more minutes than that run above the level. `cost` prices a level exactly; it chooses
   * between the thousands either side of the real optimum.
   */
  cheapestLevel(minimum: number, breakEvenMinutes: number, cost: (level: number) => Decimal): number {
    let optimum = 0;
    for (let j = 0; j < this.rates.length; j++) {
      if ((this.cumMinutes[j + 1] as number) > breakEvenMinutes) {
        optimum = this.rates[j] as number;
        break;
      }
    }
    const below = Math.max(minimum, Math.floor(optimum / RESERVED_LEVEL_STEP) * RESERVED_LEVEL_STEP);
    const above = Math.max(minimum, Math.ceil(optimum / RESERVED_LEVEL_STEP) * RESERVED_LEVEL_STEP);
    return below === above || !cost(above).lessThan(cost(below)) ? below : above;
  }
}

/**
 * The highest price per 1K TPM-month at which reserving `level` TPM pays for itself: what the tokens
 * it serves cost at Standard, per month, per 1K TPM. `sideCost` / `sideTokens` is the Standard price
 * per token of the side as billed in the window of `windowHours`; the cost is read in Money (`usd`:
 * a copy of its digits, exact, so a bill's total is passed as it is summed). `hours` is the window's
 * exact hours (`exactHours` of `windowHours`), the same for every model of an analysis: worked out
 * once for them all (`ReplayShared.exactHours`) where the caller has them.
 */
export function reservedBreakEvenPrice(sideTotal: Decimal, sideTokens: number, served: number, level: number, windowHours: number, hours: Decimal = exactHours(windowHours)): Decimal | null {
  return breakEvenPrice(sideTotal, sideTokens, served, level, hours, MONEY_DIGITS - significantDigits(hours));
}

/**
 * `reservedBreakEvenPrice` as a model's break-even runs it for each side: `hoursRoom` is the digits a
 * count may have for its product with `hours` to be exact (Money's digits less the hours'), read once
 * for both sides.
 */
function breakEvenPrice(sideTotal: Decimal, sideTokens: number, served: number, level: number, hours: Decimal, hoursRoom: number): Decimal | null {
  if (sideTokens === 0 || level === 0) return null;
  // Not quantity x price: a price derived from a cost (the cost of the served tokens per 1K TPM-month).
  const perMonth = served * HOURS_PER_MONTH * 1000;
  const tokenLevels = sideTokens * level;
  // Each product below is exact when its digits fit Money's 40 (a cost of few digits, counts below 2^53):
  // then one multiplication by the whole integer is the same number as the chain of three, and the
  // chain is kept only where a step could round. The digits are read from the words (`significantDigits`,
  // decimal.js's `precision()`).
  const exactNumerator = Number.isSafeInteger(perMonth) && withinDigits(perMonth, MONEY_DIGITS - significantDigits(sideTotal));
  const exactDenominator = Number.isSafeInteger(tokenLevels) && withinDigits(tokenLevels, hoursRoom);
  if (exactNumerator && exactDenominator) {
    // Both exact: the same quotient in whole words, the cost's words times the count over the hours'
    // words times the count, rounded once in Money as decimal.js rounds its division (`timesOver` reads
    // the words of any class: those of the cost's Money copy, without the copy).
    const fast = timesOver(sideTotal, perMonth, hours, tokenLevels, Money);
    if (fast !== undefined) return fast;
  }
  return breakEvenPriceByDecimal(sideTotal, sideTokens, served, level, hours, exactNumerator, exactDenominator);
}

/**
 * The break-even price in decimal.js, where a product could round or the words do not divide: its own
 * function, as it is rarely run. Both exact: the same quotient with both sides a thousand times smaller,
 * each count read as thousandths (its digits, no parse of a number past 1e7); else the chain of products.
 */
function breakEvenPriceByDecimal(sideTotal: Decimal, sideTokens: number, served: number, level: number, hours: Decimal, exactNumerator: boolean, exactDenominator: boolean): Decimal {
  const perMonth = served * HOURS_PER_MONTH * 1000;
  const tokenLevels = sideTokens * level;
  const sideCost = sideTotal.constructor === Money ? sideTotal : usd(sideTotal);
  if (exactNumerator && exactDenominator) return sideCost.times(thousandths(perMonth)).dividedBy(thousandths(tokenLevels).times(hours));
  const numerator = exactNumerator ? sideCost.times(perMonth) : sideCost.times(served).times(HOURS_PER_MONTH).times(1000);
  const denominator = exactDenominator ? usd(tokenLevels).times(hours) : usd(sideTokens).times(hours).times(level);
  return numerator.dividedBy(denominator);
}

/**
 * Minutes above a level at which reserving one more TPM pays: (price per TPM over the window) / (Standard
 * price per token), `price` x `hours` x `sideTokens` / (`sideCost` x 730,000) as a float, where the sizing
 * search starts. Not quantity x price: a ratio of two prices. decimal.js's chain, with its last product
 * and the division in whole words where both products are exact (`timesOver`, then `numberOf`): the
 * same rounded quotient, the same float. test/replay/exact-quotient-sites.test.ts checks it.
 */
export function reservedBreakEvenMinutes(price: Decimal, hours: Decimal, sideTokens: number, sideCost: Decimal): number {
  const perWindow = price.times(hours);
  const fast = perWindow.constructor === Money && sideCost.constructor === Money ? timesOver(perWindow, sideTokens, sideCost, 1000 * HOURS_PER_MONTH) : undefined;
  return fast !== undefined ? numberOf(fast) : perWindow.times(sideTokens).dividedBy(sideCost.times(1000 * HOURS_PER_MONTH)).toNumber();
}

/** Money's significant digits: a product of no more digits than this is exact. */
const MONEY_DIGITS = Money.precision;
/** 10^k for k = 0..22, each read from its text (exact as floats up to 1e22). */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/**
 * Whether a safe integer's magnitude has at most `digits` digits (an upper bound on its significant
 * digits): one comparison with a power of ten, not a count of its digits. Not for a NaN `digits` or
 * fewer than one (then false: no whole number has fewer than one digit).
 */
export function withinDigits(n: number, digits: number): boolean {
  const m = n < 0 ? -n : n;
  return digits >= 1 && (digits > 22 || m < (POWERS_OF_TEN[digits] as number));
}

/**
 * Break-even at the minimum levels (the common case: no Reserved price published, so no tier to size
 * and no sort): `inputSide` and `outputSide` are the model's bills as billed today, `hours` the window's
 * exact hours. The bills' totals are read as summed (`breakEvenPrice` reads them in Money, without a
 * copy where it can).
 */
export function reservedBreakEven(profile: LoadProfile, inputSide: Bill, outputSide: Bill, hours: Decimal): ReservedBreakEven | undefined {
  const inCost = inputSide.result();
  const outCost = outputSide.result();
  if (inCost === null && outCost === null) return undefined;
  // This runs for every text model, Reserved price or not: the profile's own pass summed the overflow.
  const over = overflowAbove(profile, RESERVED_MINIMUM_TPM);
  const totals = profile.totals;
  const inTokens = totals.InputTokenCount + totals.CacheWriteInputTokenCount;
  const outTokens = totals.OutputTokenCount;
  const inLevel = RESERVED_MINIMUM_TPM.input;
  const outLevel = RESERVED_MINIMUM_TPM.output;
  const hoursRoom = MONEY_DIGITS - significantDigits(hours);
  const input = inCost === null ? null : breakEvenPrice(inCost, inTokens, inTokens - Math.round(over.inputTokens), inLevel, hours, hoursRoom);
  const output = outCost === null ? null : breakEvenPrice(outCost, outTokens, outTokens - Math.round(over.outputTokens), outLevel, hours, hoursRoom);
  if (input === null && output === null) return undefined;
  return { inputPerThousandTpmMonth: input, outputPerThousandTpmMonth: output, inputLevel: inLevel, outputLevel: outLevel };
}

/** What Reserved sizing needs of one model: its load and its Standard bill as billed today, in parts. */
export interface ReservedInputs {
  profile: LoadProfile;
  /** Input and cache writes at Standard: the input side (cache reads are not reserved). */
  inputSide: Bill;
  output: Bill;
  /** Cache reads as billed today: they stay at Standard. */
  cacheRead: CostComponent[];
  /**
   * Per-item charges billed today beside the tokens (images, `AsBilled.items`): no reservation covers
   * them (it is sold in tokens per minute), so they stay as billed; left out they would count as $0.
   */
  items: CostComponent[];
  /** The model's prices: every line of a Reserved scenario is priced by it. */
  book: PriceBook;
  windowHours: number;
  /** The window's exact hours (`exactHours` of `windowHours`; `ReplayShared.exactHours`, one Decimal for the analysis). */
  hours: Decimal;
  /** Assumptions every scenario of the model carries. */
  common: Worded[];
}

/** Reserved-tier scenarios and break-even for one model's load, sized per side from the per-minute points. */
export class ReservedTier {
  /** Sorted sizers, built only when a Reserved price is there to size against. */
  private sizers?: { input: ReservedSizer; output: ReservedSizer };
  private readonly profile: LoadProfile;
  private readonly windowHours: number;
  private inputRate: BlendedRate | undefined;

  constructor(private readonly m: ReservedInputs) {
    this.profile = m.profile;
    this.windowHours = m.windowHours;
  }

  private get input(): ReservedSizer {
    return this.sorted().input;
  }

  private get output(): ReservedSizer {
    return this.sorted().output;
  }

  /** Input side per point: input + cache writes (cache reads are not reserved); output side: output. */
  private sorted(): { input: ReservedSizer; output: ReservedSizer } {
    if (!this.sizers) {
      const { inputPerMinute, cacheReadPerMinute, outputPerMinute, minutes } = this.profile;
      const inputRates = new Float64Array(inputPerMinute.length);
      for (let i = 0; i < inputRates.length; i++) inputRates[i] = (inputPerMinute[i] as number) - (cacheReadPerMinute[i] as number);
      this.sizers = { input: new ReservedSizer(inputRates, minutes), output: new ReservedSizer(outputPerMinute, minutes) };
    }
    return this.sizers;
  }

  /** Input-side overflow is input and cache writes in today's mix: their blended Standard rate, one for every term. */
  private inputStandard(inCost: Decimal): BlendedRate {
    const { totals } = this.profile;
    return (this.inputRate ??= new BlendedRate(inCost, totals.InputTokenCount + totals.CacheWriteInputTokenCount, 'standard-input-side'));
  }

  scenario(term: ReservedTerm, price: ReservedPrice, monthly: (cost: Decimal | null) => Decimal | null): Scenario {
    const info = RESERVED_TERM_INFO[term];
    const assumptions: Worded[] = [...this.m.common,
      { says: 'reserved-sides' },
      { says: 'reserved-minimum', inputTpm: RESERVED_MINIMUM_TPM.input, outputTpm: RESERVED_MINIMUM_TPM.output },
      { says: 'reserved-cheapest-level' },
      { says: 'reserved-billed-monthly', term }];
    assumptions.push(...sizingResolutionAssumptions(this.profile));
    if (this.m.items.length) assumptions.push(ITEMS_KEPT_AS_BILLED);
    const head = { mode: info.mode, label: { says: 'reserved-label', term } satisfies Note };
    const inCost = this.m.inputSide.moneyResult();
    const outCost = this.m.output.moneyResult();
    if (!price.input || !price.output || inCost === null || outCost === null) {
      const missing = ([
        [!price.input, 'reserved-input'], [!price.output, 'reserved-output'], [inCost === null, 'standard-input'], [outCost === null, 'standard-output'],
      ] as const).flatMap(([isMissing, what]) => (isMissing ? [what] : []));
      return { ...head, cost: null, monthlyCost: null, feasible: true, reason: { says: 'reserved-unpriced', term, missing }, assumptions, lines: [] };
    }
    const t = new ReservedTermPricing(term, price, this.m.hours, this.m.book, this.sorted(), this.inputStandard(inCost));
    const inLevel = t.choose('input', inCost);
    const outLevel = t.choose('output', outCost);
    const reservation = [t.reservationLine('input', inLevel), t.reservationLine('output', outLevel)];
    const standardParts = [t.overflowLine('input', inLevel), t.overflowLine('output', outLevel), ...this.m.cacheRead, ...this.m.items];
    const book = this.m.book;
    const standard = book.bill(standardParts);
    // The reservation's month: each side's level in thousands of TPM (whole, levels step by 1,000) at its price.
    const reservationMonthly = book.bill([
      units(t.lines.input, inLevel / 1000, '1K TPM-month', { reservedTpmMonth: term, side: 'input' }),
      units(t.lines.output, outLevel / 1000, '1K TPM-month', { reservedTpmMonth: term, side: 'output' }),
    ]).moneyResult()!;
    const windowMinutes = this.windowHours * 60;
    const standardCost = standard.result();
    return {
      ...scenarioFromBill(head, book.bill([...reservation, ...standardParts]), assumptions, monthly),
      label: { says: 'reserved-label', term, levels: { inputTpm: inLevel, outputTpm: outLevel } },
      // The reservation's month is exact from its price; only the Standard part scales with the window.
      monthlyCost: standardCost === null ? null : reservationMonthly.plus(perMonth(standardCost, this.windowHours)),
      reserved: { term, input: reservedSide(this.input, inLevel, price.input, windowMinutes), output: reservedSide(this.output, outLevel, price.output, windowMinutes), reservationMonthlyCost: reservationMonthly },
    };
  }
}

/** A side's level, what it serves and what overflows it, as the report holds it. */
function reservedSide(sizer: ReservedSizer, level: number, p: Priced, windowMinutes: number): ReservedSide {
  return { level, utilisation: Math.min(1, sizer.served(level) / (level * windowMinutes)), overflowTokens: sizer.overflow(level), pricePerThousandTpmMonth: p.usd };
}

/** One Reserved term's lines and level search for one model (methods, not closures made for each term). */
class ReservedTermPricing {
  readonly lines: Record<LineSide, LineDimension>;

  constructor(
    private readonly term: ReservedTerm,
    private readonly price: ReservedPrice,
    /** The window's exact hours. */
    private readonly hours: Decimal,
    private readonly book: PriceBook,
    private readonly sizers: { input: ReservedSizer; output: ReservedSizer },
    private readonly inputStandard: BlendedRate,
  ) {
    this.lines = { input: { code: 'reserved-tpm', term, side: 'input' }, output: { code: 'reserved-tpm', term, side: 'output' } };
  }

  /** A side's reservation, prorated to the window: price x level / 1000 x H / 730. */
  reservationLine(side: LineSide, level: number): CostComponent {
    return prorated(this.lines[side], level, this.hours, '1K TPM-month', { reservedTpmMonth: this.term, side });
  }

  /** A side's tokens above the level, at Standard (the input side at its blended rate). */
  overflowLine(side: LineSide, level: number): CostComponent {
    return side === 'output'
      ? tokens(ABOVE_RESERVATION.output, this.sizers.output.overflow(level), { per1kTokens: 'output' })
      : tokens(ABOVE_RESERVATION.input, this.sizers.input.overflow(level), { blended: this.inputStandard });
  }

  /** The side's cheapest level (`ReservedSizer.cheapestLevel`), the minimum when the side has no tokens or no cost. */
  choose(side: LineSide, sideCost: Decimal): number {
    const sizer = this.sizers[side];
    const reservation = side === 'input' ? this.price.input! : this.price.output!;
    const minimum = RESERVED_MINIMUM_TPM[side];
    if (sizer.totalTokens === 0 || sideCost.isZero()) return minimum;
    const breakEvenMinutes = reservedBreakEvenMinutes(reservation.usd, this.hours, sizer.totalTokens, sideCost);
    return sizer.cheapestLevel(minimum, breakEvenMinutes, (level) => this.book.bill([this.reservationLine(side, level), this.overflowLine(side, level)]).result()!);
  }
}
