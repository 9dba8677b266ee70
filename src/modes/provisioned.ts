import type { Decimal } from 'decimal.js';
import type { ModelPrices, Priced, UnitCapacity } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, termHours, type ProvisionedTermInfo } from '../catalog/terms.js';
import { instruction, provisionedSizingConfidence, sizingResolutionAssumptions } from '../domain/advice.js';
import type { CommitmentRisk, ProvisionedDetails, Scenario } from '../domain/report.js';
import type { Note, Worded } from '../domain/notes.js';
import { difference, exactHours, exactSum, numberOf, perMonth, quotient, timesOverInteger, timesWhole } from '../money.js';
import type { Bill, BlendedRate } from '../replay/bill.js';
import { ITEMS_KEPT_AS_BILLED, costOfParts } from './bill-parts.js';
import { cheapestCount, type ConvexCost } from '../replay/convex.js';
import { UnitSizer, type LoadProfile, type UnitMixResult } from '../replay/load-profile.js';
import { createProvisionedThroughput } from './commands.js';
import type { ModeContext, PricingMode } from './mode.js';
import { combined, unitHoursLine, type PriceBook } from './price-book.js';
import type { LineDimension } from '../domain/lines.js';
import { unitCapacityFigures, type ReplayShared, type UnitCapacityFigures } from '../replay/shared.js';

const INPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'input' };
const OUTPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'output' };
/** What every provisioned scenario assumes, whatever the model: one frozen list shared by every scenario, copied into each one's own list. */
const PT_ASSUMPTIONS: readonly Note[] = Object.freeze([
  Object.freeze({ says: 'pt-billed-every-hour' } as const),
  Object.freeze({ says: 'pt-overflow-on-demand' } as const),
  Object.freeze({ says: 'pt-input-capacity-all-input' } as const),
]);
const PT_NO_COMMIT_LIMIT: Note = Object.freeze({ says: 'pt-no-commit-limit' } as const);
/** Each committed term's quota note: one frozen note a term, for every model (a note is never changed). */
const PT_COMMITTED_QUOTA: Readonly<Record<CommitmentTerm, Note>> = {
  noCommit: Object.freeze({ says: 'pt-committed-quota', term: 'noCommit' } as const),
  oneMonth: Object.freeze({ says: 'pt-committed-quota', term: 'oneMonth' } as const),
  sixMonth: Object.freeze({ says: 'pt-committed-quota', term: 'sixMonth' } as const),
};
/**
 * Provisioned throughput at each term (no commitment, 1 month, 6 months): model units every hour of
 * the month, sized minute by minute at the cheapest unit count, overflow on demand.
 */
export const provisionedMode: PricingMode = {
  id: 'provisioned',
  scenarioModes: Object.values(PROVISIONED_TERMS).map((t) => t.mode),
  needs: ['tokens', 'load-profile', 'unit-histogram'],
  appliesTo: 'token-models',
  profileOptions: (prices) => (prices?.modelUnitCapacity ? { unitCapacity: prices.modelUnitCapacity } : {}),
  scenarios(ctx: ModeContext): Scenario[] {
    const { model, prices } = ctx;
    const ptSupported = model?.provisionedThroughput?.supported ?? false;
    if (!ptSupported && !anyUnitHourPrice(prices)) return [];
    // What every term shares is worked out once for the model: its sizer, its unit counts' mixes, its figures.
    const m = new ModelProvisioning(ctx);
    const out: Scenario[] = [];
    // Indexed, neither for-of nor destructured: both run the iterator protocol, bytecode run for every
    // model. A term's work is all in `termScenario`: V8 counts a loop's whole body at every turn towards
    // compiling the function it is in, and this one, run once a model, would compile late in an
    // analysis's first call, for the few models left.
    for (let i = 0; i < TERMS.length; i++) {
      const scenario = termScenario(m, TERMS[i]!, ptSupported);
      if (scenario !== undefined) out.push(scenario);
    }
    return out;
  },
  adviser: {
    action: 'buy-provisioned-throughput',
    buysCapacity: true,
    eligible: (s) => (s.provisioned?.bestUnits ?? 0) > 0,
    confidence: (s, ctx) => {
      const sizing = provisionedSizingConfidence(ctx.replay.profile.peakResolutionSeconds, s.provisioned?.unitCapacity?.source === 'rates-file' ? 'rates-file' : 'catalog');
      return { confidence: sizing.confidence, reasons: [sizing.reason] };
    },
    title: (s, where) => ({ says: 'buy-provisioned', where, units: s.provisioned?.bestUnits ?? 0, mode: s.mode }),
    risk: (s) => {
      const pt = s.provisioned;
      if (!pt?.risk) return [];
      return [
        s.assumptions.includes(ITEMS_KEPT_AS_BILLED)
          ? { says: 'pt-commitment-total', termMonths: pt.risk.termMonths, units: pt.bestUnits ?? 0, total: pt.risk.commitmentTotal, breakEvenMonths: pt.risk.breakEvenMonths, itemsKept: true }
          : { says: 'pt-commitment-total', termMonths: pt.risk.termMonths, units: pt.bestUnits ?? 0, total: pt.risk.commitmentTotal, breakEvenMonths: pt.risk.breakEvenMonths },
        pt.risk.unpricedReason === undefined
          ? { says: 'pt-if-usage-halves', monthlySavings: pt.risk.monthlySavingsIfUsageHalves }
          : { says: 'pt-if-usage-halves', monthlySavings: pt.risk.monthlySavingsIfUsageHalves, unpricedReason: pt.risk.unpricedReason },
      ];
    },
    nextSteps: (s, ctx) => [
      createProvisionedThroughput(ctx.replay.report.modelId, ctx.replay.model?.provisionedThroughput?.contextVariants, s.provisioned?.bestUnits ?? 1, s.provisioned?.term ?? 'noCommit'),
      instruction({ says: 'invoke-provisioned-with-fallback' }),
    ],
  },
};

/**
 * A term's scenario at its unit-hour rate (`provisionedScenario`); where the row has no such rate, an
 * infeasible one saying why when the model supports provisioned throughput, else none.
 */
function termScenario(m: ModelProvisioning, entry: readonly [CommitmentTerm, ProvisionedTermInfo], ptSupported: boolean): Scenario | undefined {
  const term = entry[0];
  const rate = m.book.unitHourPrice(term);
  if (rate) return provisionedScenario(m, term, entry[1], rate);
  return ptSupported ? unpricedTerm(m, term, entry[1]) : undefined;
}

/** A term the model's row has no unit-hour price for, where the model supports provisioned throughput: infeasible, saying why. */
function unpricedTerm(m: ModelProvisioning, term: CommitmentTerm, info: ProvisionedTermInfo): Scenario {
  const { modelId, region } = m.group;
  return { mode: info.mode, label: { says: 'provisioned-label', term }, cost: null, monthlyCost: null, feasible: false,
    reason: { says: 'pt-term-unpriced', term, modelId, region }, assumptions: m.common, lines: [] };
}

/** The terms in their order: made once, not for every model. */
const TERMS = Object.entries(PROVISIONED_TERMS) as ReadonlyArray<[CommitmentTerm, ProvisionedTermInfo]>;

/**
 * Whether the row prices a model-unit hour at any term (a row holds only the prices it has): read
 * term by term, with no list of its keys made for every model that has no provisioned throughput.
 */
function anyUnitHourPrice(prices: ModelPrices): boolean {
  for (let i = 0; i < TERMS.length; i++) if (prices.perModelUnitHour[TERMS[i]![0]] !== undefined) return true;
  return false;
}

/**
 * One model's provisioned sizing, shared by its terms: the load, the sizer and what a unit count
 * does to it do not depend on the term, nor do the on-demand figures the terms are compared with.
 * Each figure is worked out once, on the first term that asks for it.
 */
class ModelProvisioning {
  readonly group: ModeContext['group'];
  readonly prices: ModelPrices;
  readonly book: PriceBook;
  readonly profile: LoadProfile;
  readonly sizer: UnitSizer | undefined;
  readonly windowHours: number;
  readonly windowMinutes: number;
  /** The window's exact hours (`exactHours`: the analysis's `ReplayShared` keeps them) and that as a float, for the search's estimates. */
  readonly hours: Decimal;
  readonly hoursEstimate: number;
  readonly now: Date;
  readonly onDemandMonthly: Decimal | null;
  /**
   * The per-item charges billed today beside the tokens (images, `AsBilled.items`), priced as billed;
   * undefined when there are none. A model unit serves tokens only: every scenario keeps them at
   * today's price (`ITEMS_KEPT_AS_BILLED`), and unpriced they leave the scenario unpriced, never $0.
   */
  readonly items: Bill | undefined;
  /**
   * Today's on-demand month of the tokens alone (`onDemandMonthly` less the items): what the units and
   * their overflow replace, so what the break-even and the "if usage halves" figures weigh them against.
   * The same Decimal as `onDemandMonthly` when there are no items; null when a token part is unpriced.
   */
  readonly tokensMonthly: Decimal | null;
  /** Each side's on-demand rate as billed today; null when either side is unpriced. */
  readonly overflowRates: { input: BlendedRate; output: BlendedRate } | null;
  /** Those rates per token as floats (`BlendedRate.perTokenEstimate`; 0 without rates), read once for every term's search. */
  readonly inputPerToken: number;
  readonly outputPerToken: number;
  /** The model's common assumptions: every term's start with them, then every provisioned scenario's (`assumptionList`). */
  readonly common: Worded[];
  readonly contextVariants: string[] | undefined;
  readonly shared: ReplayShared | undefined;
  /** The sizer's mixes by unit count: every term's search asks for the same few counts. */
  private readonly mixes = new Map<number, UnitMixResult>();
  /** Model-unit hours of each unit count over the window (hours x units), exact. */
  private readonly unitHoursOf = new Map<number, Decimal>();
  /**
   * The overflow at half the load with `halfOverflowUnits` units, as billed on demand, and its month
   * (`perMonth`; null when unpriced): `ifUsageHalves` reads them. Made on the first committed term that
   * asks (a model with no committed units makes none), for the last count asked: most models size the
   * same count for both committed terms, and the two terms ask in turn, so no count's is made twice
   * (one figure, not two maps a model whose look-ups were compiled into every commitment's risk).
   */
  private halfOverflowUnits = -1;
  private halfOverflow: Bill | undefined;
  private halfOverflowMonth: Decimal | null = null;
  private halfOnDemand: Decimal | undefined;
  private boughtOnDay: string | undefined;
  /** The notes every term of the model states alike (its context variants, unit capacity and data resolution), made on the first term. */
  private sizingNotes: readonly Worded[] | undefined;
  private variantsNote: readonly Worded[] | undefined;
  /** The unit capacity as every sized term's details give it (`ReplayShared.unitCapacity`: one frozen object for the analysis's models with that capacity), set with the sizing notes. */
  capacityDetails: UnitCapacityFigures['details'] | undefined;

  constructor(ctx: ModeContext) {
    this.group = ctx.group;
    this.prices = ctx.prices;
    this.book = ctx.book;
    this.profile = ctx.profile;
    const capacity = ctx.prices.modelUnitCapacity;
    this.sizer = capacity ? new UnitSizer(ctx.profile, capacity) : undefined;
    this.windowHours = ctx.windowHours;
    this.windowMinutes = ctx.windowHours * 60;
    this.hours = ctx.shared ? ctx.shared.exactHours(ctx.windowHours) : exactHours(ctx.windowHours);
    this.hoursEstimate = numberOf(this.hours);
    this.now = ctx.now;
    this.onDemandMonthly = ctx.monthly(ctx.onDemandCost);
    if (ctx.billed.items.length > 0) {
      const parts = ctx.billedParts;
      this.items = parts.items;
      this.tokensMonthly = ctx.monthly(costOfParts([parts.plainInput, parts.output, parts.cacheRead, parts.cacheWrite]));
    } else {
      this.items = undefined;
      this.tokensMonthly = this.onDemandMonthly;
    }
    const rates = ctx.overflowRates;
    this.overflowRates = rates;
    this.inputPerToken = rates === null ? 0 : rates.input.perTokenEstimate();
    this.outputPerToken = rates === null ? 0 : rates.output.perTokenEstimate();
    this.common = ctx.common;
    this.contextVariants = ctx.model?.provisionedThroughput?.contextVariants;
    this.shared = ctx.shared;
  }

  /** Overflow and utilisation with `k` units (`UnitSizer.evaluate`). */
  mix(k: number): UnitMixResult {
    let mix = this.mixes.get(k);
    if (mix === undefined) this.mixes.set(k, (mix = this.sizer!.evaluate(k, this.windowMinutes)));
    return mix;
  }

  /** `k` units x the window's hours. */
  unitHours(k: number): Decimal {
    let hours = this.unitHoursOf.get(k);
    // A whole count times the hours' digits as one whole number where it fits (`timesWhole`): the same exact product.
    if (hours === undefined) this.unitHoursOf.set(k, (hours = timesWhole(this.hours, k) ?? this.hours.times(k)));
    return hours;
  }

  /**
   * Half the tokens' on-demand month: what the model would pay on demand for its tokens if its usage
   * halved (half the items would stay as billed on both sides, so they are in neither).
   */
  halfOnDemandMonthly(): Decimal {
    // In whole words (`timesOverInteger`: over 2, rounded once as decimal.js's division rounds), else decimal.js.
    const monthly = this.tokensMonthly!;
    return (this.halfOnDemand ??= timesOverInteger(monthly, 1, 2, monthly.constructor as typeof Decimal) ?? monthly.dividedBy(2));
  }

  /** The overflow with `k` units if usage halved, billed on demand (the same whatever the term; unpriced when a side is). */
  halfLoadOverflow(k: number): Bill {
    if (k !== this.halfOverflowUnits) this.halveLoad(k);
    return this.halfOverflow!;
  }

  /** `halfLoadOverflow(k)` over a month (`perMonth`), or null when it is unpriced. */
  halfLoadOverflowMonthly(k: number): Decimal | null {
    if (k !== this.halfOverflowUnits) this.halveLoad(k);
    return this.halfOverflowMonth;
  }

  /** The half-load overflow's bill and month with `k` units; the half-load mix is read once, for this bill: it is not kept. */
  private halveLoad(k: number): void {
    const bill = overflowBill(this, this.sizer!.evaluate(k, this.windowMinutes, 0.5));
    const overflow = bill.result();
    this.halfOverflow = bill;
    this.halfOverflowMonth = overflow === null ? null : perMonth(overflow, this.windowHours);
    this.halfOverflowUnits = k;
  }

  /** Hours in a term of `months` bought now (`termHours`: the analysis's `ReplayShared` keeps them, one a term for every model). */
  termHours(months: number): number {
    return this.shared ? this.shared.termHours(this.now, months) : termHours(this.now, months);
  }

  /** The day a commitment bought now is bought on, YYYY-MM-DD. */
  boughtOn(): string {
    return (this.boughtOnDay ??= this.shared ? this.shared.boughtOn(this.now) : this.now.toISOString().slice(0, 10));
  }

  /** A committed term's hours note (`ReplayShared.termHoursNote`: one for the analysis's models), or the model's own. */
  termHoursNote(months: number, hours: number): Note {
    return this.shared ? this.shared.termHoursNote(this.now, months) : { says: 'pt-term-hours', months, boughtOn: this.boughtOn(), termHours: hours };
  }

  /** The context-variants note, alone in a list (empty when the model has none): one for every term. */
  variants(): readonly Worded[] {
    return (this.variantsNote ??= this.contextVariants?.length ? [{ says: 'pt-context-variants', variants: this.contextVariants }] : NO_NOTES);
  }

  /**
   * The unit capacity's note, then the data resolution's: one list for every term of the model, the
   * capacity's own when the resolution says nothing (data of a minute or finer: the usual case). The
   * capacity's figures (the analysis's, `ReplayShared`, or the model's own) are read here, once a
   * model, for the details too (`capacityDetails`).
   */
  sizing(capacity: UnitCapacity): readonly Worded[] {
    return (this.sizingNotes ??= this.sizeOnce(capacity));
  }

  private sizeOnce(capacity: UnitCapacity): readonly Worded[] {
    const figures = this.shared ? this.shared.unitCapacity(capacity) : unitCapacityFigures(capacity);
    this.capacityDetails = figures.details;
    const resolution = sizingResolutionAssumptions(this.profile);
    return resolution.length === 0 ? figures.notes : figures.notes.concat(resolution);
  }
}

/**
 * One term's sizing search: the cost of `k` units as a float for the search's comparisons (unit-hours
 * at the rate, and each side's overflow at its blended rate, as `provisionedBill` lines them), and
 * exactly, by the bill itself, for the rare step the floats cannot order. The search bills nothing
 * else: the scenario bills the count it chose (again, after such a step: a bill of the same figures).
 */
class TermSearch implements ConvexCost {
  /** One unit's cost over the window as a float (the rate x the hours): read once a term, not at every estimate. */
  private readonly hourly: number;
  /** The exact costs of the counts priced so far (made on the first close step). */
  private priced: Map<number, Decimal> | undefined;

  constructor(
    private readonly m: ModelProvisioning,
    private readonly term: CommitmentTerm,
    rate: Priced,
  ) {
    this.hourly = numberOf(rate.usd) * m.hoursEstimate;
  }

  /** Units and each side's overflow at its rate per token, in floats: no call but the mix's, as the search runs it for every model. */
  estimate(k: number): number {
    const m = this.m;
    const mix = m.mix(k);
    return k * this.hourly + mix.overflowInputTokens * m.inputPerToken + mix.overflowOutputTokens * m.outputPerToken;
  }

  cost(k: number): Decimal {
    const priced = (this.priced ??= new Map());
    let cost = priced.get(k);
    if (cost === undefined) priced.set(k, (cost = provisionedBill(this.m, this.term, k, this.m.mix(k)).result()!));
    return cost;
  }
}

/**
 * One term's scenario. A sized scenario, its details and its commitment risk are made by stores on an
 * empty object, not from object literals: the report keeps them all, and V8 comes to pretenure a literal
 * whose objects all survive (after a few scavenges of analyze()'s first call), which throws away every
 * optimized function that allocates from it, to be compiled again. An empty object has no such site.
 */
function provisionedScenario(m: ModelProvisioning, term: CommitmentTerm, info: ProvisionedTermInfo, rate: Priced): Scenario {
  const { mode, months } = info;
  // Each list is made at its exact size from its parts, in their order (`assumptionList`).
  const termNote = months > 0 ? PT_COMMITTED_QUOTA[term] : PT_NO_COMMIT_LIMIT;

  const capacity = m.prices.modelUnitCapacity;
  const sizer = m.sizer;
  // The scenarios that cannot be sized apart: their code is not compiled with every model's.
  if (!capacity || !sizer || m.overflowRates === null) return unsizedScenario(m, term, info, rate, termNote);
  const sizing = m.sizing(capacity);
  // cost(k) = k x rate x hours + overflow(k) x on-demand price is convex in k: the overflow falls by
  // less with each extra unit. So the cheapest k is found in O(log units) evaluations, then billed.
  const search = new TermSearch(m, term, rate);
  const units = cheapestCount(0, sizer.unitsForPeak, search);
  const chosen = m.mix(units);
  const chosenBill = provisionedBill(m, term, units, chosen);
  const atPeak = m.mix(sizer.unitsForPeak);
  // Kept by the report: made by a constructor, not from a literal (see above).
  const details: ProvisionedDetails = new SizedDetails(term, rate.usd, sizer.unitsForPeak, units, chosen, atPeak.utilisation,
    costAtPeak(m, term, sizer.unitsForPeak, units === sizer.unitsForPeak ? chosenBill : undefined), m.capacityDetails!);
  // The items billed today beside the tokens stay as billed (a unit serves none of them): the scenario
  // is the chosen units and overflow plus the items, and unpriced when they are. The search leaves them
  // out: the same cost at every count, they cannot move the cheapest one.
  const items = m.items !== undefined;
  const bill = m.items === undefined ? chosenBill : combined([chosenBill, m.items]);
  const cost = bill.result();
  const monthlyCost = cost === null ? null : perMonth(cost, m.windowHours);
  let assumptions: Worded[];
  if (months > 0 && units > 0 && m.onDemandMonthly && !m.tokensMonthly!.isZero()) {
    details.risk = commitmentRisk(m, term, months, units);
    assumptions = assumptionList(m.common, m.variants(), termNote, sizing, m.termHoursNote(months, details.risk.termHours), items, bill.notes);
  } else {
    assumptions = assumptionList(m.common, m.variants(), termNote, sizing, undefined, items, bill.notes);
  }
  const label: Note = m.shared ? m.shared.provisionedLabel(term, units, sizer.unitsForPeak) : { says: 'provisioned-label', term, sized: { units, unitsForPeak: sizer.unitsForPeak } };
  const scenario = {} as Scenario;
  scenario.mode = mode;
  scenario.label = label;
  scenario.cost = cost;
  scenario.monthlyCost = monthlyCost;
  scenario.feasible = true;
  if (cost === null) scenario.reason = bill.reason()!;
  scenario.assumptions = assumptions;
  scenario.lines = bill.lines;
  scenario.provisioned = details;
  return scenario;
}

/**
 * A sized term's details, the keys in the report's order (its commitment risk added after them where
 * there is one). Made by a constructor, as `Line` in replay/bill.ts is: V8 gives a class's objects room
 * for every field in the object itself, where an empty object's stores past its fourth spill into a
 * second array (made and grown for each of the 3,000 details of 1,000 models, and kept by the report),
 * and no literal's pretenuring can throw away the code that makes them.
 */
class SizedDetails implements ProvisionedDetails {
  // Declared, not defined: fields defined as class fields would be made undefined first, then set.
  declare term: CommitmentTerm;
  declare hourlyRatePerUnit: Decimal;
  declare unitsForPeak: number;
  declare bestUnits: number;
  declare utilisation: number;
  declare utilisationAtPeak: number;
  declare overflowInputTokens: number;
  declare overflowOutputTokens: number;
  declare costAtPeak: Decimal;
  declare unitCapacity: NonNullable<ProvisionedDetails['unitCapacity']>;
  declare risk?: CommitmentRisk;

  constructor(term: CommitmentTerm, hourlyRatePerUnit: Decimal, unitsForPeak: number, bestUnits: number, chosen: UnitMixResult, utilisationAtPeak: number,
    costAtPeak: Decimal, unitCapacity: NonNullable<ProvisionedDetails['unitCapacity']>) {
    this.term = term;
    this.hourlyRatePerUnit = hourlyRatePerUnit;
    this.unitsForPeak = unitsForPeak;
    this.bestUnits = bestUnits;
    this.utilisation = chosen.utilisation;
    this.utilisationAtPeak = utilisationAtPeak;
    this.overflowInputTokens = chosen.overflowInputTokens;
    this.overflowOutputTokens = chosen.overflowOutputTokens;
    this.costAtPeak = costAtPeak;
    this.unitCapacity = unitCapacity;
  }
}

/**
 * A term's scenario when the model cannot be sized: without the units' throughput, what one unit must
 * deliver to pay off; without an on-demand rate for the overflow, unpriced.
 */
function unsizedScenario(m: ModelProvisioning, term: CommitmentTerm, info: ProvisionedTermInfo, rate: Priced, termNote: Note): Scenario {
  const mode = info.mode;
  const capacity = m.prices.modelUnitCapacity;
  if (!capacity || !m.sizer) {
    // Without the units' throughput we can only say what one unit must deliver to pay off.
    const details: ProvisionedDetails = { term, hourlyRatePerUnit: rate.usd };
    let reason: Note = { says: 'pt-capacity-unknown' };
    // Only the tokens' spend buys units (the items stay as billed); none is said when today's bill is unpriced.
    if (m.onDemandMonthly && m.tokensMonthly) {
      const affordable = m.tokensMonthly.dividedToIntegerBy(m.book.unitMonth(term, 1)!).toNumber();
      details.breakEven = {
        affordableUnits: affordable,
        inputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(m.profile.peakInputPerMinute / affordable) : 0,
        outputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(m.profile.peakOutputPerMinute / affordable) : 0,
      };
      reason = m.items === undefined ? { says: 'pt-capacity-unknown', breakEven: details.breakEven } : { says: 'pt-capacity-unknown', breakEven: details.breakEven, itemsKept: true };
    }
    const assumptions: Worded[] = assumptionList(m.common, m.variants(), termNote, NO_NOTES, undefined, m.items !== undefined, NO_NOTES);
    return { mode, label: { says: 'provisioned-label', term }, cost: null, monthlyCost: null, feasible: false, reason, assumptions, provisioned: details, lines: [] };
  }
  // Sized, but the overflow has no on-demand rate to bill it at.
  const assumptions: Worded[] = assumptionList(m.common, m.variants(), termNote, m.sizing(capacity), undefined, false, NO_NOTES);
  return { mode, label: { says: 'provisioned-label', term }, cost: null, monthlyCost: null, feasible: true, reason: { says: 'pt-overflow-unpriced' }, assumptions, lines: [] };
}

const NO_NOTES: readonly Worded[] = Object.freeze([]);

/**
 * A provisioned scenario's assumptions: the model's common ones, what every provisioned scenario
 * states (PT_ASSUMPTIONS), the model's context variants, the
 * term's note, the model's sizing notes, the term's hours (when committed), that the items stay as
 * billed (when the model has any) and the chosen bill's notes, in that order, in a list of exactly
 * their number (a list grown by pushes keeps up to 22 slots; `concat` of mixed parts takes V8's slow path).
 */
function assumptionList(common: readonly Worded[], variants: readonly Worded[], termNote: Worded, sizing: readonly Worded[], hours: Worded | undefined, items: boolean, notes: readonly Worded[]): Worded[] {
  const list = new Array<Worded>(common.length + PT_ASSUMPTIONS.length + variants.length + 1 + sizing.length + (hours === undefined ? 0 : 1) + (items ? 1 : 0) + notes.length);
  let k = 0;
  for (let i = 0; i < common.length; i++) list[k++] = common[i]!;
  for (let i = 0; i < PT_ASSUMPTIONS.length; i++) list[k++] = PT_ASSUMPTIONS[i]!;
  for (let i = 0; i < variants.length; i++) list[k++] = variants[i]!;
  list[k++] = termNote;
  for (let i = 0; i < sizing.length; i++) list[k++] = sizing[i]!;
  if (hours !== undefined) list[k++] = hours;
  if (items) list[k++] = ITEMS_KEPT_AS_BILLED;
  for (let i = 0; i < notes.length; i++) list[k++] = notes[i]!;
  return list;
}

/**
 * Units for the peak at `term` for the window (the book's `unitHours`). When the search chose that
 * count, its bill's unit-hour line is that very product (the same price times the same hours), so it
 * is read from there rather than multiplied again.
 */
function costAtPeak(m: ModelProvisioning, term: CommitmentTerm, unitsForPeak: number, chosenAtPeak: Bill | undefined): Decimal {
  const line = chosenAtPeak?.lines[0];
  if (unitsForPeak > 0 && line !== undefined && line.dimension === unitHoursLine(term) && line.cost !== null) return line.cost;
  return m.book.unitHours(term, m.unitHours(unitsForPeak))!;
}

/**
 * `k` model units for the window plus their overflow on demand. Overflow is priced at each side's
 * blended on-demand rate as billed today (input side: input, cache reads and writes together), since
 * CloudWatch cannot say which kind of token overflowed.
 */
function provisionedBill(m: ModelProvisioning, term: CommitmentTerm, k: number, mix: { overflowInputTokens: number; overflowOutputTokens: number }): Bill {
  // Line by line onto one bill (the book's `unitHoursBill`, `blendedBill`): what `book.bill` of the
  // three components prices, with no list, components or price references made and thrown away.
  return overflowBill(m, mix, m.book.unitHoursBill(term, m.unitHours(k)));
}

/** The overflow, as `provisionedBill` lines it, added to `bill` (a new one of the book's when none: the overflow alone, no unit-hour line). */
function overflowBill(m: ModelProvisioning, mix: { overflowInputTokens: number; overflowOutputTokens: number }, bill?: Bill): Bill {
  const rates = m.overflowRates!;
  return m.book.blendedBill(OUTPUT_OVERFLOW, mix.overflowOutputTokens, rates.output, m.book.blendedBill(INPUT_OVERFLOW, mix.overflowInputTokens, rates.input, bill));
}

function commitmentRisk(m: ModelProvisioning, term: CommitmentTerm, months: number, k: number): CommitmentRisk {
  const unitsMonthly = m.book.unitMonth(term, k)!;
  const hours = m.termHours(months);
  // The book's `termTotal`: the hourly price x units x the term's hours, with the hours worked out once a model.
  const total = m.book.unitHours(term, k * hours)!;
  // Kept by the report: made by stores, not from a literal (see provisionedScenario).
  const risk = {} as CommitmentRisk;
  risk.termMonths = months;
  risk.termHours = hours;
  risk.commitmentTotal = total;
  // Months of the on-demand spend the units replace: the tokens' (the items stay as billed either way).
  risk.breakEvenMonths = quotient(total, m.tokensMonthly!);
  // Stored straight into the risk (`ifUsageHalves`' figures, with no object of them made for it); the unpriced case apart.
  const halfOverflowMonthly = m.halfLoadOverflowMonthly(k);
  if (halfOverflowMonthly === null) unpricedIfUsageHalves(risk, m.halfLoadOverflow(k));
  else risk.monthlySavingsIfUsageHalves = savingIfUsageHalves(m.halfOnDemandMonthly(), unitsMonthly, halfOverflowMonthly);
  return risk;
}

/** A commitment's "if usage halves" saving when the half-load overflow cannot be priced: unknown, with the bill's reason (`ifUsageHalves`). */
function unpricedIfUsageHalves(risk: CommitmentRisk, halfOverflow: Bill): void {
  risk.monthlySavingsIfUsageHalves = null;
  risk.unpricedReason = halfOverflow.reason()!;
}

/**
 * What the commitment saves a month against on demand if usage halves with the same units: half
 * today's on-demand month of the tokens (items stay as billed on both sides), less the units' month
 * and the half-load overflow's month on demand. When
 * that overflow cannot be priced the saving is unknown (null, with the bill's reason), never the
 * units against a $0 overflow.
 */
export function ifUsageHalves(
  halfOnDemandMonthly: Decimal,
  unitsMonthly: Decimal,
  halfOverflow: Bill,
  halfOverflowMonthly: Decimal | null,
): Pick<CommitmentRisk, 'monthlySavingsIfUsageHalves' | 'unpricedReason'> {
  if (halfOverflowMonthly === null) return { monthlySavingsIfUsageHalves: null, unpricedReason: halfOverflow.reason()! };
  return { monthlySavingsIfUsageHalves: savingIfUsageHalves(halfOnDemandMonthly, unitsMonthly, halfOverflowMonthly) };
}

/** `ifUsageHalves`' saving where the half-load overflow is priced. */
function savingIfUsageHalves(halfOnDemandMonthly: Decimal, unitsMonthly: Decimal, halfOverflowMonthly: Decimal): Decimal {
  // The units' month plus the overflow's in whole words (`exactSum`: the very Decimal of decimal.js's
  // `plus`, where both are positive and the sum is exact), else decimal.js: nothing else on a model's
  // path adds with `plus`, so it would be one more function for V8 to compile in a run's first call.
  // A zero overflow (the usual case: units sized for the peak carry half the load) adds nothing, and
  // decimal.js's `plus` then gives the units' month as its class rounds it: `exactSum` of it alone.
  const pair = [unitsMonthly, halfOverflowMonthly];
  const spent = exactSum(pair, halfOverflowMonthly.isZero() ? 1 : 2, unitsMonthly.constructor as typeof Decimal) ?? unitsMonthly.plus(halfOverflowMonthly);
  return difference(halfOnDemandMonthly, spent);
}
