import { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, Priced, PriceSource, ReservedPrice } from '../catalog/catalog.js';
import type { CommitmentTerm, ReservedTerm, TokenDimension } from '../catalog/schema.js';
import type { PriceOrigin } from '../domain/lines.js';
import { perMonth, usd } from '../money.js';
import type { ModelReport, ModelUsageSummary, PriceLine, RequestClassCounts, RequestQuantities, Scenario } from '../domain/report.js';
import type { CountArray, ModelUsage, UsageMetric, UsageSegment } from '../usage/usage.js';
import type { InferenceScope } from '../model-id.js';
import type { Note, Worded } from '../domain/notes.js';
import { BlendedRate, originOf, type Bill } from './bill.js';
import { buildLoadProfile, reportedPeak, type LoadProfile, type ProfileOptions } from './load-profile.js';
import { summariseUsage, type ModelGroup, type ModelReplay, type ReplayContext } from './model-replay.js';
import type { AsBilled, BilledParts, LoggedRequests, ModeContext, ModelNotes } from '../modes/mode.js';
import { costOfParts } from '../modes/bill-parts.js';
import { ON_DEMAND_HEAD, allParts, asBilled, isTokenModel } from '../modes/on-demand.js';
import { PriceBook, combined } from '../modes/price-book.js';
import { PRICING_MODES, profileOptionsFor } from '../modes/registry.js';
import { ReplayShared } from './shared.js';

export {
  DEFAULT_CACHE_WRITES_PER_READ, breakEvenReadShare, cacheWritePrice, summariseUsage, summaryOfTotals,
  type ModelGroup, type ModelReplay, type ReplayContext,
} from './model-replay.js';

/**
 * What replay asks of a model's profile pass besides totals and peaks: what the pricing modes ask for
 * (the unit histogram at the model's unit capacity, the overflow above the Reserved tier's minimum).
 */
export function replayProfileOptions(prices: ModelPrices | undefined): ProfileOptions {
  return profileOptionsFor(prices);
}

/**
 * One model group priced in every pricing mode (src/modes/, listed in the registry): its usage as
 * billed today first, then each mode that applies. A model that cannot be priced keeps its quantities
 * on unpriced lines, never $0.
 */
export function replayModel(group: ModelGroup, ctx: ReplayContext): ModelReplay {
  const model = ctx.catalog.model(group.modelId);
  const prices = ctx.catalog.prices(group.modelId, group.region, group.scope);
  const profile = buildLoadProfile(group.series, replayProfileOptions(prices));
  const tokenModel = isTokenModel(model);
  const quantities = tokenModel ? ctx.requestsOf?.(group) : undefined;
  const split = splitByLogs(group, profile, quantities);
  return pricedReplay(group, ctx, model, prices, profile, tokenModel, quantities, split, reportBase(group, model, split.usage, profile), ctx.shared ?? new ReplayShared());
}

/** The model priced in every mode (or its quantities on unpriced lines): `replayModel` once the usage is measured. */
function pricedReplay(group: ModelGroup, ctx: ReplayContext, model: CatalogModel | undefined, prices: ModelPrices | undefined, profile: LoadProfile,
  tokenModel: boolean, quantities: RequestQuantities | undefined, split: SplitUsage, base: ReportBase, shared: ReplayShared): ModelReplay {
  const book = new PriceBook(model, prices, shared);
  const billed = asBilled(book, model, split.restUsage, quantities?.classes);
  // Today's bill in its parts, each priced once: the on-demand scenario lists them all, and the
  // overflow rates and the what-ifs that keep a part as billed reuse them (scenarioOfParts).
  const parts = billedParts(book, billed);
  const onDemand = combined([parts.plainInput, parts.output, parts.cacheRead, parts.cacheWrite, parts.items]);
  if (!prices || billed.unpriceable) return unpricedReplay(group, ctx, model, prices, profile, base, billed, onDemand);
  const modeContext = modeContextOf(group, ctx, model, prices, book, profile, split, billed, onDemand, parts, tokenModel, shared);
  const report = pricedReport(base, modeContext, scenariosOf(modeContext, tokenModel, notesInto(base)));
  return replayOf(report, profile, model, prices, quantities, split);
}

/*
 * replayModel runs once a model and does little itself: its steps are functions of their own, each
 * small. V8 compiles a function once it has run enough bytecode, and a big function run once a model
 * does so part-way through an analysis, at a compile cost (with all it inlines) its few remaining
 * models never pay back; the small steps mostly run as they are, and the per-model work they call
 * (the profile pass, the bills, the modes) is compiled on its own.
 */

type ReportBase = Omit<ModelReport, 'priced' | 'scenarios' | 'currentMonthlyCost' | 'prices'>;

/**
 * The report's keys in the report's order, `name` only for a model the catalog knows (one literal each).
 * Built by stores on an empty object, not from a literal: the report keeps every model's, and V8's
 * pretenuring of a literal whose objects all survive throws away the optimized code allocating from it.
 */
function reportBase(group: ModelGroup, model: CatalogModel | undefined, usage: ModelUsageSummary, profile: LoadProfile): ReportBase {
  const base = {} as ReportBase;
  base.modelId = group.modelId;
  if (model) base.name = model.name;
  base.region = group.region;
  base.scope = group.scope;
  base.invokedAs = group.invokedAs.slice().sort();
  base.usage = usage;
  base.peak = reportedPeak(profile);
  return base;
}

/** What every mode reads of a priced model. */
function modeContextOf(group: ModelGroup, ctx: ReplayContext, model: CatalogModel | undefined, prices: ModelPrices, book: PriceBook, profile: LoadProfile,
  split: SplitUsage, billed: AsBilled, onDemand: Bill, parts: BilledParts, tokenModel: boolean, shared: ReplayShared): ModeContext {
  const onDemandCost = onDemand.result();
  const windowHours = ctx.windowHours;
  return {
    group, catalog: ctx.catalog, model, prices, book, profile, usage: split.whatIfUsage, billed,
    requests: split.logged,
    windowHours, cacheReadShares: ctx.cacheReadShares, now: ctx.now,
    // Catalog-wide notes (discounts, list prices) are stated once in the report's assumptions.
    // By `concat` on a frozen empty list, not a literal: reserved and provisioned keep the list itself,
    // and a literal's pretenuring part-way through a call would throw this function's code away.
    common: NO_NOTES.concat(shared.windowNote(windowHours), prices.notes),
    monthly: monthlyScale(onDemandCost, windowHours),
    onDemand, onDemandCost,
    overflowRates: tokenModel ? overflowRates(parts, split.usage) : null,
    billedParts: parts,
    shared,
  };
}

/**
 * A cost over the window as a monthly figure the report keeps. Today's monthly figure is the report's,
 * its scenario's and what every mode compares with: scaled once (the bill keeps its total, so each asks
 * with the same Decimal). Made here, not as an arrow inside replayModel: an arrow bound to a name there
 * is named at every model (`__name`, a property defined on each closure, where the code runs through tsx).
 */
function monthlyScale(onDemandCost: Decimal | null, windowHours: number): (cost: Decimal | null) => Decimal | null {
  const onDemandMonthly = onDemandCost === null ? null : kept(perMonth(onDemandCost, windowHours));
  return (cost) => (cost === null ? null : cost === onDemandCost ? onDemandMonthly : kept(perMonth(cost, windowHours)));
}

/** What a mode adds to the report besides its scenarios, added to `base` (see `monthlyScale` for why a function makes it). */
function notesInto(base: ReportBase): (n: ModelNotes) => void {
  return (n) => Object.assign(base, n);
}

/**
 * Every mode's scenarios of the model, in the registry's order: one list of exactly their number, made
 * by `concat` from each mode's. Not pushed into a literal: the report keeps the list, and V8's pretenuring
 * of a literal whose arrays all survive throws away this function's compiled code part-way through a call.
 */
function scenariosOf(modeContext: ModeContext, tokenModel: boolean, notes: (n: ModelNotes) => void): Scenario[] {
  const lists: Scenario[][] = [];
  for (let m = 0; m < PRICING_MODES.length; m++) {
    const mode = PRICING_MODES[m]!;
    if (mode.appliesTo === 'token-models' && !tokenModel) continue;
    lists.push(mode.scenarios(modeContext, notes));
  }
  return NO_SCENARIOS.concat(...lists);
}

/**
 * The report is `base` completed in place (the same keys in the same order as a spread copy): one
 * object a model, not a copy of it; nothing else holds `base`.
 */
function pricedReport(base: ReportBase, modeContext: ModeContext, scenarios: Scenario[]): ModelReport {
  const report = base as ModelReport;
  const onDemandCost = modeContext.onDemandCost;
  report.priced = onDemandCost !== null;
  if (onDemandCost === null) report.unpricedReason = modeContext.onDemand.reason()!;
  report.currentMonthlyCost = modeContext.monthly(onDemandCost);
  report.scenarios = scenarios;
  report.prices = describePrices(modeContext.prices, modeContext.shared!);
  return report;
}

/** The model's replay: store-built for the same reason as the report's base (the caller keeps every model's). */
function replayOf(report: ModelReport, profile: LoadProfile, model: CatalogModel | undefined, prices: ModelPrices, quantities: RequestQuantities | undefined, split: SplitUsage): ModelReplay {
  const replay = {} as ModelReplay;
  replay.report = report;
  replay.profile = profile;
  replay.model = model;
  replay.prices = prices;
  if (quantities) {
    const logged = {} as NonNullable<ModelReplay['logged']>;
    logged.whatIfUsage = split.whatIfUsage;
    logged.restUsage = split.restUsage;
    logged.quantities = quantities;
    replay.logged = logged;
  }
  return replay;
}

/**
 * A model replay cannot price (no row for it, or usage no price applies to): its quantities still
 * shown, each on a line with no price, never $0. Apart from `replayModel`, which prices most models:
 * its compiled code then holds only the priced path.
 */
function unpricedReplay(group: ModelGroup, ctx: ReplayContext, model: CatalogModel | undefined, prices: ModelPrices | undefined, profile: LoadProfile,
  base: ReportBase, billed: AsBilled, onDemand: Bill): ModelReplay {
  const pricedRegions = model ? ctx.catalog.regionsFor(group.modelId) : [];
  const { modelId, region, scope } = group;
  const reason: Worded = billed.unpriceable
    ?? (!model
      ? { says: 'not-in-catalog', modelId, region }
      : pricedRegions.length === 0
        ? { says: 'no-verified-price', name: model.name, modelId, region }
        : { says: 'no-price-here', scope, modelId, region, pricedIn: pricedRegions, withHint: true });
  return {
    report: {
      ...base, priced: false, unpricedReason: reason, currentMonthlyCost: null,
      // The quantities are still shown, each with no price: what would be billed, not $0.
      scenarios: [{ ...ON_DEMAND_HEAD, cost: null, monthlyCost: null, feasible: true, reason: { says: 'unpriced-because', reason }, assumptions: billed.assumptions, lines: onDemand.lines }],
      prices: [],
    },
    profile, model, prices,
  };
}

/**
 * A figure the report keeps, as a copy of itself: the same value in the same class (decimal.js copies
 * a Decimal's digits, so the copy holds an array of exactly its words, where arithmetic left one grown
 * to seventeen slots). Some 150 bytes less per figure for as long as the report lives, for one short copy.
 */
function kept(figure: Decimal): Decimal {
  return new (figure.constructor as typeof Decimal)(figure);
}

/** Each part of today's usage as billed, priced on its own (their lines in order are today's bill). */
function billedParts(book: PriceBook, billed: AsBilled): BilledParts {
  return {
    plainInput: book.bill(billed.plainInput), output: book.bill(billed.output), cacheRead: book.bill(billed.cacheRead),
    cacheWrite: book.bill(billed.cacheWrite), items: book.bill(billed.items),
  };
}

type TokenSums = Pick<ModelUsageSummary, 'inputTokens' | 'outputTokens' | 'cacheReadInputTokens' | 'cacheWriteInputTokens'>;

/** The token sums of request classes, as CloudWatch names them (every cache write, whatever its TTL, is a cache write). */
function classTokens(classes: readonly RequestClassCounts[]): TokenSums {
  const sums: TokenSums = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
  for (const { tokens: t } of classes) {
    sums.inputTokens += t.input;
    sums.outputTokens += t.output;
    sums.cacheReadInputTokens += t.cacheRead;
    sums.cacheWriteInputTokens += t.cacheWrite5m + t.cacheWrite1h + t.cacheWriteUnsplit;
  }
  return sums;
}

const withTokens = (usage: ModelUsageSummary, sums: TokenSums, sign: 1 | -1 = 1): ModelUsageSummary => ({
  ...usage,
  inputTokens: usage.inputTokens + sign * sums.inputTokens,
  outputTokens: usage.outputTokens + sign * sums.outputTokens,
  cacheReadInputTokens: usage.cacheReadInputTokens + sign * sums.cacheReadInputTokens,
  cacheWriteInputTokens: usage.cacheWriteInputTokens + sign * sums.cacheWriteInputTokens,
});

/**
 * The model's usage where the invocation logs cover part of the window or all of it: the logs' token
 * sums for the covered hours (CloudWatch's points there are replaced, not added), CloudWatch's for the
 * rest. `restUsage` is what CloudWatch alone prices (with its bounds); `whatIfUsage` what a what-if
 * prices at its own rates (every token less the requests above the long-context threshold, which keep
 * their long-context rates). Without logs all three are CloudWatch's usage.
 */
interface SplitUsage { usage: ModelUsageSummary; restUsage: ModelUsageSummary; whatIfUsage: ModelUsageSummary; logged?: LoggedRequests }

function splitByLogs(group: ModelGroup, profile: LoadProfile, quantities: RequestQuantities | undefined): SplitUsage {
  const measured = summariseUsage(profile);
  if (!quantities) return { usage: measured, restUsage: measured, whatIfUsage: measured };
  const { coverage, classes } = quantities;
  let rest: LoggedRequests['rest'];
  let restUsage: ModelUsageSummary;
  if (coverage.complete) {
    // Images and throttles are not in the logs' classes: they stay CloudWatch's.
    restUsage = { ...measured, inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
  } else {
    const restProfile = buildLoadProfile(group.series.map((s) => outsideHours(s, Date.parse(coverage.start) / 1000, Date.parse(coverage.end) / 1000)));
    restUsage = summariseUsage(restProfile);
    // CloudWatch saw nothing outside the covered hours (the logs alone are the usage, or the traffic
    // stopped): the logs price every token of the window, and no bound is left.
    const u = restUsage;
    if (u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens > 0) rest = { profile: restProfile, usage: restUsage };
  }
  const usage = withTokens(restUsage, classTokens(classes));
  const whatIfUsage = withTokens(usage, classTokens(classes.filter((c) => c.longContext)), -1);
  return { usage, restUsage, whatIfUsage, logged: { quantities, ...(rest ? { rest } : {}) } };
}

/**
 * A series with its points in the covered hours [start, end) (epoch seconds) zeroed: what CloudWatch
 * alone says of the rest of the window. A point is covered when it starts inside the hours; CloudWatch's
 * points are a minute to an hour long and the covered hours are whole, so none straddles them.
 */
function outsideHours(series: ModelUsage, start: number, end: number): ModelUsage {
  return {
    ...series,
    segments: series.segments.map((segment) => {
      const metrics: UsageSegment['metrics'] = {};
      for (const [metric, values] of Object.entries(segment.metrics) as Array<[UsageMetric, CountArray]>) {
        const kept = Float64Array.from(values);
        for (let i = 0; i < segment.length; i++) {
          const at = segment.start + i * segment.periodSeconds;
          if (at >= start && at < end) kept[i] = 0;
        }
        metrics[metric] = kept;
      }
      return { ...segment, metrics };
    }),
  };
}

/** Provisioned overflow is priced at each side's blended on-demand rate as billed today; null when a side is unpriced. */
function overflowRates(parts: BilledParts, usage: ModeContext['usage']): ModeContext['overflowRates'] {
  // The parts' totals, added: the same exact sum as billing their lines again in one bill.
  const inputSideCost = costOfParts([parts.plainInput, parts.cacheRead, parts.cacheWrite]);
  const outputSideCost = costOfParts([parts.output]);
  if (inputSideCost === null || outputSideCost === null) return null;
  const allInput = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  return {
    input: new BlendedRate(usd(inputSideCost), allInput, 'on-demand-input-side'),
    output: new BlendedRate(usd(outputSideCost), usage.outputTokens, 'on-demand-output'),
  };
}

/**
 * The model's prices as the report lists them: each line the analysis's one for that price (`ReplayShared`),
 * made once for every model priced the same; the dimensions' names are made once a process. The prices
 * are gathered first (`listed`) and their lines made in one loop: one call of `priceLine`, not one for
 * each kind of price, which V8 inlined at each of them (this function was compiled with two copies).
 * The lines are gathered in `describedLines` and copied out at their number (`slice`): a literal's array
 * grown by `push` holds seventeen slots for a row's dozen lines, and as every report keeps its list, V8
 * comes to allocate that literal's arrays in the old generation part-way through an analysis, which
 * throws away this function's compiled code (a builtin's copy carries no such decision).
 */
function describePrices(prices: ModelPrices, shared: ReplayShared): PriceLine[] {
  let n = 0;
  const tokens = prices.perThousandTokens;
  for (const dimension in tokens) {
    const price = tokens[dimension as TokenDimension];
    if (price) n = listed(n, dimension, '1K tokens', price);
  }
  if (prices.perImage) n = listed(n, 'image', 'image', prices.perImage);
  const unitHours = prices.perModelUnitHour;
  for (const term in unitHours) {
    const price = unitHours[term as CommitmentTerm];
    if (price) n = listed(n, dimensionName('modelUnit.', term), 'model-unit hour', price);
  }
  const reserved = prices.reservedPerThousandTpmMonth;
  for (const term in reserved) {
    const pair = reserved[term as ReservedTerm];
    for (const side in pair) {
      const price = pair[side as keyof ReservedPrice];
      if (price) n = listed(n, dimensionName(`reserved.${term}.`, side), '1K TPM-month', price);
    }
  }
  if (prices.perThousandQueries) n = listed(n, 'queries', '1K queries', prices.perThousandQueries);
  const found = describedLines;
  for (let i = 0; i < n; i++) {
    found[i] = shared.priceLine(listedDimensions[i]!, listedUnits[i]!, listedPrices[i]!);
    listedPrices[i] = undefined;
  }
  const lines = found.slice(0, n) as PriceLine[];
  for (let i = 0; i < n; i++) found[i] = undefined;
  return lines;
}
/** `describePrices`'s `n`th price (its dimension, unit and price) kept for its line; the next `n`. */
function listed(n: number, dimension: string, unit: string, price: Priced): number {
  listedDimensions[n] = dimension;
  listedUnits[n] = unit;
  listedPrices[n] = price;
  return n + 1;
}
/** The prices `describePrices` lists, reused from one model to the next (prices let go of after each). */
const listedDimensions: string[] = [];
const listedUnits: string[] = [];
const listedPrices: Array<Priced | undefined> = [];
/** The empty lists a model's scenarios and common notes are copied from (`concat` gives a new, unfrozen list). */
const NO_SCENARIOS: readonly Scenario[] = Object.freeze([]);
const NO_NOTES: readonly Worded[] = Object.freeze([]);
/** A model's price lines as `describePrices` finds them, reused from one model to the next (emptied after each). */
const describedLines: Array<PriceLine | undefined> = [];
const DIMENSION_NAMES = new Map<string, string>();
function dimensionName(prefix: string, key: string): string {
  const whole = prefix + key;
  let name = DIMENSION_NAMES.get(whole);
  if (name === undefined) DIMENSION_NAMES.set(whole, (name = whole));
  return name;
}

/**
 * The as-billed monthly cost of usage with these sums on a model: what `replayModel` puts in
 * `currentMonthlyCost`, from the sums alone. As billed depends on the token and unit sums only, so a
 * what-if that needs that one figure (the alternatives) skips the walk over every point and every other
 * mode's scenarios. Null with the reason when unpriced, never $0.
 */
export function asBilledMonthlyCost(modelId: string, region: string, scope: InferenceScope, usage: ModelUsageSummary, ctx: ReplayContext,
  /** Where the invocation logs priced the model: CloudWatch's usage outside their hours, and their request classes (as `classesOn` the target). */
  logged?: { restUsage: ModelUsageSummary; classes: RequestClassCounts[] }):
  { monthlyCost: Decimal | null; prices: ModelPrices | undefined; unpricedReason?: Worded } {
  const model = ctx.catalog.model(modelId);
  const prices = ctx.catalog.prices(modelId, region, scope);
  if (!prices) return { monthlyCost: null, prices, unpricedReason: { says: 'no-price-here', scope, modelId, region, withHint: true } };
  const book = new PriceBook(model, prices);
  const billed = logged ? asBilled(book, model, logged.restUsage, logged.classes) : asBilled(book, model, usage);
  if (billed.unpriceable) return { monthlyCost: null, prices, unpricedReason: billed.unpriceable };
  const onDemand = book.bill(allParts(billed));
  const cost = onDemand.result();
  return cost === null ? { monthlyCost: null, prices, unpricedReason: onDemand.reason()! } : { monthlyCost: perMonth(cost, ctx.windowHours), prices };
}
