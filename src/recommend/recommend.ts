import type { Decimal } from 'decimal.js';
import { difference, leadingNumber, leadingNumberAbove, numberOf } from '../money.js';
import { clearsFloor, percentOf, type ConfidenceReason, type SavingsFloor } from '../domain/advice.js';
import { uniqueWorded, type ModelPlace, type Worded } from '../domain/notes.js';
import { compareDecimals, isLess } from '../domain/compare.js';
import type { Confidence, Recommendation, RecommendationAction, Scenario, ScenarioMode } from '../domain/report.js';
import type { ModelReplay } from '../replay/scenarios.js';
import type { AdviceContext, AsBilled, ModeAdviser, StackContext } from '../modes/mode.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { PriceBook, type CostComponent } from '../modes/price-book.js';
import { asBilled } from '../modes/on-demand.js';
import { perMonth } from '../money.js';
import { PRICING_MODES, adviserFor } from '../modes/registry.js';

export interface RecommendOptions extends SavingsFloor {
  windowHours: number;
  cacheReadShares: readonly number[];
  /** The catalog, for steps that stack at another row (the global profile); without it nothing stacks. */
  catalog?: PriceCatalog;
}

/**
 * How much a confidence weighs a saving. A function, not a `{ high, medium, low }` table: every object of
 * those keys in that order shares one map, and a plan's draft (`confidenceReasons`) is one whose fields
 * change, which turns the table's constant fields mutable and throws away the compiled code that read
 * them as constants (recommendationsForModel, once per process, issue 21).
 */
function confidenceWeight(confidence: Confidence): number {
  return confidence === 'high' ? 1 : confidence === 'medium' ? 0.75 : 0.5;
}

/** One confidence level lower (low stays low). */
function lowered(confidence: Confidence): Confidence {
  return confidence === 'high' ? 'medium' : 'low';
}

/** Actions that buy capacity for a model's on-demand traffic: they act on the same tokens as any shedding of existing units. */
export const CAPACITY_ACTIONS: ReadonlySet<RecommendationAction> = new Set(
  PRICING_MODES.flatMap((m) => (m.adviser?.buysCapacity ? [m.adviser.action] : [])),
);

/** Actions whose savings are an upper bound (every token priced as if it could move): a plan shows them as "up to". */
export const UPPER_BOUND_ACTIONS: ReadonlySet<RecommendationAction> = new Set(
  PRICING_MODES.flatMap((m) => (m.adviser?.upperBound ? [m.adviser.action] : [])),
);

export { clearsFloor, percentOf } from '../domain/advice.js';

/**
 * The one recommendation for a model: the cheapest feasible mode against today's on-demand bill,
 * weighing each candidate's savings by how sure we are of it. A low-confidence "upper bound" must
 * save twice as much as a high-confidence switch to be chosen over it. Each mode's module decides
 * whether its scenario may be advised, how sure it is and what to do (src/modes/); this only compares.
 */
export function recommendForModel(replay: ModelReplay, options: RecommendOptions): Recommendation | undefined {
  return recommendationsForModel(replay, options)[0];
}

/**
 * A candidate step: an advised scenario, its saving on its own and how sure it is. Its score is its
 * saving's float (`toNumber`) times its confidence's weight; `low` and `high` bracket it, from the
 * saving's top words (`leadingNumber`, `leadingNumberAbove`): most comparisons of scores are decided by
 * those, and the score itself is worked out (`scoreOf`) only where they overlap. A 40-digit saving's
 * float is decimal.js's text of it parsed, which compiled decimal.js's conversions into every first
 * call (issue 21).
 */
interface Candidate {
  index: number; scenario: Scenario; adviser: ModeAdviser; savings: Decimal; confidence: Confidence; reasons: ConfidenceReason[];
  low: number; high: number; score: number | undefined;
}

/**
 * A model's recommendations: the one chosen as `recommendForModel` describes, then each step that
 * stacks on it (a mode on another layer, `StackLayer`: global routing on top of prompt caching). A
 * stacked step's saving is what it saves after the steps before it, from the usage replayed under the
 * combined mode and priced once by the price book; never a sum or product of percentages. It is added
 * only when the combination costs less than every step in it does alone, so no step's saving is
 * counted twice and a plan's total never exceeds what its combined replay shows.
 */
export function recommendationsForModel(replay: ModelReplay, options: RecommendOptions): Recommendation[] {
  const { report } = replay;
  const current = report.currentMonthlyCost;
  if (current === null) return [];
  // Each cost's float (`leadingNumber`) is read once: most comparisons, here and in the sort, are then
  // of two floats, and only equal floats compare digits. Today's float is 0 exactly where today is zero
  // (`isZero`), so it tells that too, without decimal.js's isZero compiled in.
  const today = leadingNumber(current);
  if (today === 0) return [];
  const ctx: AdviceContext = { replay, windowHours: options.windowHours, cacheReadShares: options.cacheReadShares };

  // Every advised scenario cheaper than today (its saving, today less its cost, is then above zero), by its
  // index, the cheapest first, its cost's float beside it (`orders`): numbers, not an object per scenario,
  // as the scan below stops before most. In order as they come (an insertion sort: a handful of scenarios,
  // and no copy as Array#sort makes); equal costs stay in scenario order.
  const steps: number[] = [];
  const orders: number[] = [];
  const scenarios = report.scenarios;
  for (let index = 0; index < scenarios.length; index++) {
    const scenario = scenarios[index]!;
    const cost = scenario.monthlyCost;
    if (!scenario.feasible || cost === null || !adviserFor(scenario.mode)) continue;
    const order = leadingNumber(cost);
    if (!(order < today || (!(order > today) && isLess(cost, current)))) continue;
    let at = steps.length;
    steps.push(index);
    orders.push(order);
    // Costlier than this one: by the floats where they differ, else by the digits.
    while (at > 0 && !(orders[at - 1]! < order) && (orders[at - 1]! > order || compareDecimals(scenarios[steps[at - 1]!]!.monthlyCost!, cost) > 0)) {
      steps[at] = steps[at - 1]!;
      orders[at] = orders[at - 1]!;
      at--;
    }
    steps[at] = index;
    orders[at] = order;
  }
  // The largest saving first (the lowest cost: today less a lower cost is never a smaller saving, and
  // equal savings of unequal costs change nothing below): a score is the saving weighed by a confidence
  // of at most 1, so once a saving is below the best score so far, neither it nor any after it can be
  // chosen, and their modes are not asked (batch's question reads the load profile's busiest hours). The
  // choice is the one a pass in scenario order makes: the highest score, the first of equal ones.
  const candidates: Candidate[] = [];
  let best: Candidate | undefined;
  let asked = 0;
  for (; asked < steps.length; asked++) {
    const index = steps[asked]!;
    const scenario = scenarios[index]!;
    const savings = difference(current, scenario.monthlyCost!);
    // The bound: the saving's float (a score before its weight) below the best score. Its bracket decides
    // unless it straddles the best score's (NaN decides nothing), and then the floats themselves do.
    if (best && !(leadingNumber(savings) >= best.high) && (leadingNumberAbove(savings) < best.low || numberOf(savings) < scoreOf(best))) break;
    const c = candidateOf(index, scenario, adviserFor(scenario.mode)!, savings, ctx);
    if (!c) continue;
    candidates.push(c);
    if (!best || outscores(c, best)) best = c;
  }
  if (!best || isLess(best.savings, options.minMonthlySavingsUsd)) return [];
  // The floor's percentage is the recommendation's own (`percentOf`): worked out once.
  const percent = percentOf(best.savings, current);
  if (!(compareDecimals(percent, options.minSavingsPercent) >= 0)) return [];
  const out = [recommendation(replay, ctx, best, current, best.scenario.monthlyCost!, undefined, best.savings, percent)];
  if (!best.adviser.stack || !options.catalog) return out;
  stackSteps(out, replay, best, steps, asked, candidates, current, ctx, options.catalog, options);
  return out;
}

/**
 * The steps on other layers that stack on `best` (`recommendationsForModel`), added to `out`, the
 * likeliest first; each is priced with every step before it. Apart from the choice, which every model
 * makes: few models' best step stacks, so its code is compiled only where one does (issue 21).
 * `steps` (scenario indices) from `asked` on are those the choice did not reach; `candidates` those it did.
 */
function stackSteps(out: Recommendation[], replay: ModelReplay, best: Candidate, steps: readonly number[], asked: number, candidates: Candidate[], current: Decimal,
  ctx: AdviceContext, catalog: PriceCatalog, floor: SavingsFloor): void {
  const stackCtx: StackContext = { ...ctx, replay, catalog };
  const stack: Candidate[] = [best];
  let after = best.scenario.monthlyCost!;
  const layer = best.adviser.stack!.layer;
  // Every step on another layer is a candidate to stack, those too small to be chosen as well.
  for (; asked < steps.length; asked++) {
    const scenario = replay.report.scenarios[steps[asked]!]!;
    const adviser = adviserFor(scenario.mode)!;
    if (!adviser.stack || adviser.stack.layer === layer) continue;
    const c = candidateOf(steps[asked]!, scenario, adviser, difference(current, scenario.monthlyCost!), ctx);
    if (c) candidates.push(c);
  }
  // In scenario order among equal scores, as a stable sort of the scenarios' candidates puts them.
  const others = candidates.filter((c) => c.adviser.stack && c.adviser.stack.layer !== layer).sort((a, b) => scoreOf(b) - scoreOf(a) || a.index - b.index);
  for (const c of others) {
    if (stack.some((s) => s.adviser.stack!.layer === c.adviser.stack!.layer)) continue;
    const combined = stackedMonthlyCost([...stack, c], stackCtx);
    // Only a combination cheaper than each of its steps alone: else one of them undoes another's saving.
    if (combined === null || !combined.lessThan(after) || [...stack, c].some((s) => combined.greaterThan(s.scenario.monthlyCost!))) continue;
    if (!clearsFloor(difference(after, combined), current, floor)) continue;
    out.push(recommendation(replay, ctx, c, after, combined, stack[stack.length - 1]!.scenario.mode));
    stack.push(c);
    after = combined;
  }
}

/** Scenario `index` as a candidate, when its mode may advise it; `savings` is its saving (today less its cost). */
function candidateOf(index: number, scenario: Scenario, adviser: ModeAdviser, savings: Decimal, ctx: AdviceContext): Candidate | undefined {
  if (adviser.eligible && !adviser.eligible(scenario, ctx)) return undefined;
  const { confidence, reasons } = confidenceFor(adviser, scenario, ctx);
  // Weighing is weakly increasing, so the weighed bracket brackets the score.
  const weight = confidenceWeight(confidence);
  return { index, scenario, adviser, savings, confidence, reasons, low: leadingNumber(savings) * weight, high: leadingNumberAbove(savings) * weight, score: undefined };
}

/** Does `c` come before `best`: the higher score, or the first of equal ones (scenario order)? Decided by the brackets where they do not overlap. */
function outscores(c: Candidate, best: Candidate): boolean {
  if (c.low > best.high) return true;
  if (c.high < best.low) return false;
  const a = scoreOf(c);
  const b = scoreOf(best);
  return a > b || (a === b && c.index < best.index);
}

/** The candidate's score: its saving's exact float (`numberOf`) times its confidence's weight, worked out once, where its bracket does not decide. */
function scoreOf(c: Candidate): number {
  return (c.score ??= numberOf(c.savings) * confidenceWeight(c.confidence));
}

/**
 * The usage replayed under every step of `stack` at once: the quantities step's components at the
 * routing step's prices, priced once. The per-item charges billed today (images beside a text model's
 * tokens) are no step's to change: they stay as billed today, at the model's own row, as every single
 * what-if keeps them (`ITEMS_KEPT_AS_BILLED`), and unpriced there makes the stacked figure unpriced
 * (null), never the tokens alone.
 */
function stackedMonthlyCost(stack: readonly Candidate[], ctx: StackContext): Decimal | null {
  const { model, prices, report } = ctx.replay;
  const own = new PriceBook(model, prices);
  let book: PriceBook | undefined = own;
  let components: CostComponent[] | undefined;
  for (const { adviser, scenario } of stack) {
    const layer = adviser.stack!;
    if (layer.layer === 'routing') book = layer.book(ctx);
    else components = layer.components(scenario, ctx);
  }
  if (!book?.prices) return null;
  const logged = ctx.replay.logged;
  const billedToday = (at: PriceBook) => (logged ? asBilled(at, model, logged.restUsage, logged.quantities.classes) : asBilled(at, model, report.usage));
  // Without a quantities step the tokens are billed as today, at the routing step's row.
  const tokensCost = book.bill(components ?? tokenParts(billedToday(book))).result();
  if (tokensCost === null) return null;
  const items = billedToday(own).items;
  if (items.length === 0) return perMonth(tokensCost, ctx.windowHours);
  const itemsCost = own.bill(items).result();
  return itemsCost === null ? null : perMonth(tokensCost.plus(itemsCost), ctx.windowHours);
}

/** The token parts of the usage as billed (`allParts` without the per-item charges). */
function tokenParts(billed: AsBilled): CostComponent[] {
  return [...billed.plainInput, ...billed.output, ...billed.cacheRead, ...billed.cacheWrite];
}

/** A recommendation for `c`, from `currentMonthly` (today, or after the step it stacks on) to `newMonthly`. */
function recommendation(replay: ModelReplay, ctx: AdviceContext, c: Candidate, currentMonthly: Decimal, newMonthly: Decimal, stacksOn?: ScenarioMode,
  knownSavings?: Decimal, knownPercent?: Decimal): Recommendation {
  const { report } = replay;
  const { scenario, adviser, confidence, reasons } = c;
  const savings = knownSavings ?? difference(currentMonthly, newMonthly);
  const { modelId, region } = report;
  const inRegion = report.scope === 'in-region';
  const where: ModelPlace = inRegion ? { modelId, region } : { modelId, region, scope: report.scope };
  // No risk: none made (an empty list to test and drop, for every model of a mode without one).
  const risk = adviser.risk ? adviser.risk(scenario) : undefined;
  const title: Worded = { says: 'title', step: adviser.title(scenario, where), monthlySavings: savings };
  if (adviser.upperBound) title.upperBound = true;
  const savingsPercent = knownPercent ?? percentOf(savings, currentMonthly);
  const assumptions = statedAssumptions(reasons, stacksOn, scenario.assumptions);
  const nextSteps = adviser.nextSteps(scenario, ctx);
  // The plan names the model's Region once, so its step names the model alone.
  const advice = { reasons, step: adviser.title(scenario, { modelId }) };
  const action = adviser.action;
  const toMode = scenario.mode;
  // Every field in the published order, a field absent (never undefined). The common shapes (in-Region,
  // not stacked, with a risk or without) are one literal each: one allocation of one map, where a field
  // at a time is a map transition, and a check in the compiled code, per field, for every model (issue 21).
  if (!inRegion || stacksOn) return otherShape(report, action, stacksOn, toMode, title, currentMonthly, newMonthly, savings, savingsPercent, confidence, assumptions, risk, nextSteps, advice);
  return risk && risk.length
    ? { modelId, region, action, fromMode: 'on-demand', toMode, title, currentMonthlyCost: currentMonthly, newMonthlyCost: newMonthly, monthlySavings: savings, savingsPercent, confidence, assumptions, risk, nextSteps, advice }
    : { modelId, region, action, fromMode: 'on-demand', toMode, title, currentMonthlyCost: currentMonthly, newMonthlyCost: newMonthly, monthlySavings: savings, savingsPercent, confidence, assumptions, nextSteps, advice };
}

/**
 * A recommendation's assumptions: its confidence reasons, the step it stacks on, the scenario's own, each
 * once. A low sizing confidence is both the scenario's assumption and the recommendation's reason: said
 * once. One list, in that order, not three spread into a fourth; indexed loops, as a for-of compiles the
 * array iterator's protocol into every model's code.
 */
function statedAssumptions(reasons: readonly ConfidenceReason[], stacksOn: ScenarioMode | undefined, own: readonly Worded[]): Worded[] {
  const stated: Worded[] = [];
  for (let i = 0; i < reasons.length; i++) stated.push({ says: 'confidence', reason: reasons[i]! });
  if (stacksOn) stated.push({ says: 'stacked-on', after: stacksOn });
  for (let i = 0; i < own.length; i++) stated.push(own[i]!);
  return uniqueWorded(stated);
}

/**
 * A recommendation of a shape other than the common ones (`recommendation`): another scope, or stacked on
 * another step. A field at a time in the published order, not spread from parts; apart, as few models
 * make one, so their code is compiled only where one does.
 */
function otherShape(report: ModelReplay['report'], action: RecommendationAction, stacksOn: ScenarioMode | undefined, toMode: ScenarioMode, title: Worded,
  currentMonthly: Decimal, newMonthly: Decimal, savings: Decimal, savingsPercent: Decimal, confidence: Confidence, assumptions: Worded[], risk: Worded[] | undefined,
  nextSteps: Recommendation['nextSteps'], advice: Recommendation['advice']): Recommendation {
  const rec = { modelId: report.modelId, region: report.region } as Recommendation;
  if (report.scope !== 'in-region') rec.scope = report.scope;
  rec.action = action;
  rec.fromMode = stacksOn ?? 'on-demand';
  rec.toMode = toMode;
  rec.title = title;
  rec.currentMonthlyCost = currentMonthly;
  rec.newMonthlyCost = newMonthly;
  rec.monthlySavings = savings;
  rec.savingsPercent = savingsPercent;
  rec.confidence = confidence;
  rec.assumptions = assumptions;
  if (risk && risk.length) rec.risk = risk;
  rec.nextSteps = nextSteps;
  rec.advice = advice;
  if (stacksOn) rec.stacksOn = stacksOn;
  return rec;
}

/**
 * The mode's confidence, lowered one level when less than a week was observed. A week or more (most
 * runs): the mode's own answer as it is, not a copy per candidate; a lowered one is a new answer with
 * the reasons copied and one added. Nothing here changes the mode's answer or its list.
 */
function confidenceFor(adviser: ModeAdviser, scenario: Scenario, ctx: AdviceContext): { confidence: Confidence; reasons: ConfidenceReason[] } {
  const set = adviser.confidence(scenario, ctx);
  if (!(ctx.windowHours < 7 * 24 && set.confidence !== 'low')) return set;
  return { confidence: lowered(set.confidence), reasons: [...set.reasons, { code: 'short-window', confidence: 'lowered' }] };
}

/** The lower of two confidences. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return confidenceWeight(a) <= confidenceWeight(b) ? a : b;
}
