import type { Decimal } from 'decimal.js';
import { byPlanSavings, sortByAmountFirst } from '../domain/order.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { ZERO, difference, moneyOf, perMonth, sumMoney } from '../money.js';
import { parseModelId } from '../model-id.js';
import type {
  Confidence,
  ModelPlan,
  PlanStep,
  ProvisionedThroughputReport,
  Recommendation,
  ScenarioMode,
} from '../domain/report.js';
import { REQUIRED_ACTIONS } from '../domain/report.js';
import { planRequiredCost, planSaving } from '../domain/summary.js';
import { PriceBook, tokens } from '../modes/price-book.js';
import { classesOn, requestClassParts } from '../modes/on-demand.js';
import { BlendedRate } from '../replay/bill.js';
import { UnitSizer, buildLoadProfile } from '../replay/load-profile.js';
import type { ModelReplay } from '../replay/scenarios.js';
import { PROVISIONED_TERMS, termOfApiDuration } from '../catalog/terms.js';
import type { ModelUsage, ProvisionedThroughputInfo } from '../usage/usage.js';
import { provisionedSizingConfidence } from '../domain/advice.js';
import { addUnique, withoutConfidenceNotes, type Note, type Worded } from '../domain/notes.js';
import { CAPACITY_ACTIONS, UPPER_BOUND_ACTIONS, lowerConfidence } from './recommend.js';
import { createProvisionedThroughput, deleteProvisionedThroughput, resizeProvisionedThroughput } from '../modes/commands.js';
import { instruction } from '../domain/advice.js';

/**
 * One plan per model and Region. Recommendations are made one resource at a time (a model's on-demand
 * traffic, each provisioned throughput, each custom model); a reader needs them combined, because two
 * of them can act on the same tokens: "buy provisioned throughput" for the on-demand traffic and
 * "serve the provisioned throughput's traffic on demand" cannot both be right, and their savings do
 * not add up. Here:
 *  - on-demand traffic and the existing provisioned throughput of the same foundation model are
 *    sized together (route the on-demand traffic to spare units now; resize when the commitment ends);
 *  - the remaining recommendations act on disjoint resources, so their savings add;
 *  - an upper bound (batch) is kept apart as "up to", never in a total.
 */

export interface PlanInput {
  /**
   * Each model group's replay with the on-demand series it was built from. Only the report and prices
   * are kept, not the replay's per-minute load profile: a plan re-reads the series of the few models
   * that have provisioned throughput, and holding every model's profile until the end would hold the
   * whole account's minutes in memory twice.
   */
  replays: Array<{ replay: Pick<ModelReplay, 'report' | 'prices' | 'model' | 'logged'>; series: ModelUsage[] }>;
  provisioned: Array<{ info: ProvisionedThroughputInfo; usage: ModelUsage[]; report: ProvisionedThroughputReport }>;
  recommendations: Recommendation[];
  windowHours: number;
}

/** Upper bounds: figures that assume every token can move, which CloudWatch cannot confirm (the mode's module says which). */
function isUpperBound(rec: Recommendation): boolean {
  return UPPER_BOUND_ACTIONS.has(rec.action);
}

function planKey(modelId: string, region: string): string {
  return `${region}|${modelId}`;
}

/**
 * Values by Region and model ID, without a key made of both: a joined key is a new string to hash at
 * every look-up, where each ID alone is a string already hashed.
 */
class ByPlace<T> {
  private readonly byRegion = new Map<string, Map<string, T>>();
  get(modelId: string, region: string): T | undefined {
    return this.byRegion.get(region)?.get(modelId);
  }
  has(modelId: string, region: string): boolean {
    return this.byRegion.get(region)?.has(modelId) ?? false;
  }
  set(modelId: string, region: string, value: T): void {
    let models = this.byRegion.get(region);
    if (!models) this.byRegion.set(region, (models = new Map()));
    models.set(modelId, value);
  }
}

/** The date (YYYY-MM-DD) a commitment ends, when the step can be taken. */
function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** A recommendation's confidence reasons (as a plan words them) and its other assumptions, told apart by its data. */
function splitReasons(rec: Recommendation): { reasons: Note[]; rest: Worded[] } {
  const reasons = rec.advice.reasons;
  // The rest: without the same notes as the assumptions state them (a capacity scenario states its low sizing confidence too).
  return { reasons: reasons.map((reason) => ({ says: 'confidence-detail', reason })), rest: withoutConfidenceNotes(rec.assumptions, reasons) };
}

/**
 * The sum of the savings, what can be weighed against another choice; null when one is unknown: an
 * unknown saving is not $0, so nothing can be shown to save more than it.
 */
function knownSavings(items: ReadonlyArray<{ monthlySavings: Decimal | null }>): Decimal | null {
  for (const i of items) if (i.monthlySavings === null) return null;
  return sumMoney(items.map((i) => i.monthlySavings!));
}

interface Draft {
  modelId: string;
  name?: string;
  region: string;
  current: Decimal[];
  steps: PlanStep[];
  confidence?: Confidence;
  /** Reasons by the confidence of the step they belong to: the plan prints those of its own level. */
  confidenceReasons: Record<Confidence, Worded[] | undefined>;
  why: Worded[];
  assumptions: Worded[];
  risks: Worded[];
  recommendedMode: ModelPlan['recommendedMode'];
  upTo?: ModelPlan['upTo'];
  upToConfidence?: Confidence;
  upToReasons?: Worded[];
  actions: Recommendation['action'][];
  /** Why a required step's cost is unknown (the first such step's reason): the plan's required cost is then unknown. */
  requiredUnknown?: Worded;
}



function absorb(draft: Draft, rec: Recommendation, when: string): void {
  const { reasons, rest } = splitReasons(rec);
  // A required change that costs money is a cost to plan for, never a negative saving in the headline;
  // an unknown saving stays unknown, with why, never $0.
  const saving = rec.monthlySavings;
  const required = REQUIRED_ACTIONS.has(rec.action);
  const requiredCost = required && saving !== null && saving.isNegative();
  const step: PlanStep = { when, action: rec.advice.step, commands: rec.nextSteps ?? [], monthlySavings: saving };
  if (saving === null) {
    if (rec.unpricedReason) step.unpricedReason = rec.unpricedReason;
  } else if (requiredCost) {
    step.monthlySavings = ZERO;
    step.requiredMonthlyCost = saving.negated();
  }
  if (isUpperBound(rec)) {
    // An upper bound is always priced (its scenario is); one without a saving has nothing to bound.
    if (saving !== null && (!draft.upTo || saving.greaterThan(draft.upTo.monthlySavings))) {
      draft.upTo = { mode: rec.toMode as ScenarioMode, monthlySavings: saving, note: { says: 'plan-upper-bound' }, step: { ...step, monthlySavings: saving } };
      draft.upToConfidence = rec.confidence;
      draft.upToReasons = reasons;
    }
    if (rec.risk) addUnique(draft.risks, rec.risk);
    draft.actions.push(rec.action);
    return;
  }
  // A stacked step acts on traffic an earlier step of the plan already counts today: its current cost is
  // the cost after that step, not more spend.
  if (!rec.stacksOn) draft.current.push(rec.currentMonthlyCost);
  // A required step whose saving is unknown may cost anything: the plan's required cost is then unknown, never the rest alone.
  if (required && saving === null) draft.requiredUnknown ??= rec.unpricedReason ?? { says: 'unpriced' };
  draft.steps.push(step);
  draft.confidence = draft.confidence ? lowerConfidence(draft.confidence, rec.confidence) : rec.confidence;
  addUnique(draft.confidenceReasons[rec.confidence] ??= [], reasons);
  addUnique(draft.assumptions, rest);
  // No risk, nothing to add: not an empty list made to pass (an array of another elements kind than
  // any list the plans pass, on which the compiled addUnique deopted, issue 21).
  if (rec.risk) addUnique(draft.risks, rec.risk);
  draft.actions.push(rec.action);
  addUnique(draft.why, [rec.stacksOn && rec.newMonthlyCost !== null
    ? { says: 'plan-stacked-why', after: rec.stacksOn, afterMonthly: rec.currentMonthlyCost, newMonthly: rec.newMonthlyCost }
    : stepWhy(rec)]);
  if (rec.fromMode === 'on-demand' && draft.recommendedMode === 'unchanged') draft.recommendedMode = rec.toMode as ScenarioMode;
}

/**
 * Why a step that is not stacked saves what it does. Its reason for an unknown cost, where there is one,
 * is set on the note after the rest (the same key order), not spread in from a literal: a spread is
 * copied key by key at run time, for every plan.
 */
function stepWhy(rec: Recommendation): Note {
  const why: Extract<Note, { says: 'plan-step-why' }> = { says: 'plan-step-why', fromMode: rec.fromMode, currentMonthly: rec.currentMonthlyCost, newMonthly: rec.newMonthlyCost };
  if (rec.newMonthlyCost === null && rec.unpricedReason) why.unpricedReason = rec.unpricedReason;
  return why;
}

/**
 * A commitment that still binds: one with an expiration time not yet past at the run (`daysToExpiry`
 * is negative once it has ended; the throughput can then change now, not on a day already gone).
 */
function stillCommitted(pt: PlanInput['provisioned'][number]): boolean {
  return Boolean(pt.info.commitmentDuration && pt.info.commitmentExpirationTime) && !(pt.report.daysToExpiry !== undefined && pt.report.daysToExpiry < 0);
}

/** When a provisioned-throughput recommendation can take effect: the day its commitment ends, or now. */
function whenFor(rec: Recommendation, provisioned: PlanInput['provisioned']): string {
  if (rec.fromMode !== 'provisioned') return 'now';
  const pt = provisioned.find((p) => p.info.provisionedModelArn === rec.advice.provisionedModelArn);
  return pt && stillCommitted(pt) ? dayOf(pt.info.commitmentExpirationTime!) : 'now';
}

interface JointPlan {
  current: Decimal;
  steps: PlanStep[];
  recommendedMode: ModelPlan['recommendedMode'];
  confidence: Confidence;
  confidenceReason: Worded;
  why: Worded[];
  assumptions: Worded[];
  risks: Worded[];
  /** The provisioned throughputs it covers: their own recommendations are superseded. */
  ptArns: string[];
}

/**
 * The joint plan's overflow rates where the invocation logs priced the model: minute sums cannot say
 * which requests overflowed, so each side is priced at its average over the logged requests, each
 * class at its own on-demand input or output rate (`requestClassParts`: long context, tier), with the
 * cached tokens as input as without the logs (overflow is served without caching), and CloudWatch's
 * points outside the covered hours at the list rates. Null when a class has no price (sizing would
 * be a guess, as without an input or output price).
 */
export function overflowRatesByRequestClass(book: PriceBook, model: ModelReplay['model'], logged: NonNullable<ModelReplay['logged']>): { input: BlendedRate; output: BlendedRate } | null {
  const classes = classesOn(model, logged.quantities.classes, true);
  const rest = logged.restUsage;
  const restInput = rest.inputTokens + rest.cacheReadInputTokens + rest.cacheWriteInputTokens;
  const inputSide = [tokens('input', restInput, { per1kTokens: 'input' }), ...classes.flatMap((c) => requestClassParts(c).parts.plainInput)];
  const outputSide = [tokens('output', rest.outputTokens, { per1kTokens: 'output' }), ...classes.flatMap((c) => requestClassParts(c).parts.output)];
  const inputCost = book.bill(inputSide).moneyResult();
  const outputCost = book.bill(outputSide).moneyResult();
  if (inputCost === null || outputCost === null) return null;
  const count = (parts: typeof inputSide) => parts.reduce((n, c) => n + ('tokens' in c ? c.tokens : 0), 0);
  return { input: new BlendedRate(inputCost, count(inputSide), 'request-class-input'), output: new BlendedRate(outputCost, count(outputSide), 'request-class-output') };
}

/**
 * Sizes a model's on-demand traffic and the provisioned throughput it already has as one load.
 * Phase 1 (while a commitment runs): route the on-demand traffic to the units already paid for,
 * overflow on demand. Phase 2 (when it ends, or now without one): the cheapest of all on demand or
 * k units at any term, for the combined load. Undefined when the model has no such pair or a price
 * or the model-unit capacity is unknown (sizing would be a guess).
 */
function jointProvisionedPlan(
  od: PlanInput['replays'][number],
  pts: PlanInput['provisioned'],
  windowHours: number,
): JointPlan | undefined {
  const { replay } = od;
  const prices = replay.prices;
  const capacity = prices?.modelUnitCapacity;
  const input = prices?.perThousandTokens.input;
  const output = prices?.perThousandTokens.output;
  const onDemandNow = replay.report.currentMonthlyCost;
  if (!prices || !capacity || !input || !output || onDemandNow === null || onDemandNow.isZero()) return undefined;
  const ptCosts = pts.map((p) => p.report.monthlyCost);
  const ptOnDemand = pts.map((p) => p.report.onDemandEquivalentMonthlyCost);
  if (ptCosts.some((c) => c === null) || ptOnDemand.some((c) => c === null)) return undefined;
  const ptMonthly = sumMoney(ptCosts as Decimal[]);
  const units = pts.reduce((sum, p) => sum + p.info.modelUnits, 0);
  const current = ptMonthly.plus(onDemandNow);

  const book = new PriceBook(replay.model, prices);
  const profile = buildLoadProfile([...od.series, ...pts.flatMap((p) => p.usage)]);
  const sizer = new UnitSizer(profile, capacity);
  const windowMinutes = windowHours * 60;
  const logged = replay.logged && overflowRatesByRequestClass(book, replay.model, replay.logged);
  if (logged === null) return undefined;
  const overflowMonthly = (k: number): Decimal => {
    const mix = sizer.evaluate(k, windowMinutes);
    return perMonth(book.bill(logged
      ? [tokens('input', mix.overflowInputTokens, { blended: logged.input }), tokens('output', mix.overflowOutputTokens, { blended: logged.output })]
      : [tokens('input', mix.overflowInputTokens, { per1kTokens: 'input' }), tokens('output', mix.overflowOutputTokens, { per1kTokens: 'output' })],
    ).result()!, windowHours);
  };

  const committed = pts.filter(stillCommitted);
  const expiry = committed.length ? committed.map((p) => dayOf(p.info.commitmentExpirationTime!)).sort().at(-1)! : undefined;
  const routedNow = ptMonthly.plus(overflowMonthly(units));

  // Phase 2: every option for the combined load once nothing is committed.
  const allOnDemand = onDemandNow.plus(sumMoney(ptOnDemand as Decimal[]));
  let best: { monthly: Decimal; term?: CommitmentTerm; mode: ScenarioMode; units: number } = { monthly: allOnDemand, mode: 'on-demand', units: 0 };
  for (const [term, { mode }] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, (typeof PROVISIONED_TERMS)[CommitmentTerm]]>) {
    if (!prices.perModelUnitHour[term]) continue;
    for (let k = 1; k <= Math.max(1, sizer.unitsForPeak); k++) {
      const monthly = book.unitMonth(term, k)!.plus(overflowMonthly(k));
      if (monthly.lessThan(best.monthly)) best = { monthly, term, mode, units: k };
    }
  }
  if (!best.monthly.lessThan(current)) return undefined;

  const ptNames = pts.map((p) => p.info.provisionedModelName).join(', ');
  const ptArns = pts.map((p) => p.info.provisionedModelArn);
  const firstArn = ptArns[0]!;
  const existingTerm: CommitmentTerm = termOfApiDuration(pts[0]!.info.commitmentDuration);
  const usedNow = pts[0]!.report.averageUtilisation;
  const peakIn = Math.round(replay.report.peak.inputTokensPerMinute);
  const model = replay.report.modelId;
  const routeCommand = instruction({ says: 'route-to-throughput', arn: firstArn, modelId: model });
  const steps: PlanStep[] = [];
  const why: Note[] = [{
    says: 'joint-why', units, modelId: model, throughputs: ptNames, ...(usedNow !== undefined ? { averageUtilisation: usedNow } : {}),
    throughputMonthly: ptMonthly, onDemandMonthly: onDemandNow, peakInputTokensPerMinute: peakIn,
  }];

  const phase2When = expiry ?? 'now';
  if (expiry && routedNow.lessThan(current)) {
    steps.push({
      when: 'now',
      action: { says: 'route-now', modelId: model, throughputs: ptNames, units },
      commands: [routeCommand],
      monthlySavings: current.minus(routedNow),
    });
  }
  const before = steps.length ? routedNow : current;
  const stepSavings = before.minus(best.monthly);
  const lapse = { modelId: model, throughputs: ptNames, whenCommitmentEnds: expiry !== undefined };
  const deleteCommands = ptArns.map((arn) => deleteProvisionedThroughput(arn));
  if (best.mode === 'on-demand') {
    steps.push({
      when: phase2When,
      action: { says: 'serve-all-on-demand', ...lapse },
      commands: deleteCommands,
      monthlySavings: stepSavings,
    });
  } else if (!expiry && best.term === existingTerm && best.units <= units) {
    steps.push({
      when: 'now',
      action: { says: 'route-and-resize', modelId: model, throughputs: ptNames, ...(best.units < units ? { resizeTo: best.units } : {}) },
      commands: [routeCommand, ...(best.units < units ? [resizeProvisionedThroughput(firstArn, best.units)] : [])],
      monthlySavings: stepSavings,
    });
  } else {
    steps.push({
      when: phase2When,
      action: { says: 'buy-for-all', ...lapse, units: best.units, term: best.term! },
      commands: [
        createProvisionedThroughput(model, replay.model?.provisionedThroughput?.contextVariants, best.units, best.term!),
        ...deleteCommands,
        instruction({ says: 'point-callers-at-new-throughput' }),
      ],
      monthlySavings: stepSavings,
    });
  }
  const sizing = provisionedSizingConfidence(profile.peakResolutionSeconds, capacity.source.id === 'rates-file' ? 'rates-file' : 'catalog');
  return {
    current,
    steps,
    recommendedMode: best.mode,
    confidence: sizing.confidence,
    confidenceReason: { says: 'confidence-detail', reason: sizing.reason },
    why,
    assumptions: [
      { says: 'joint-unit-capacity', inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.title },
      { says: logged ? 'joint-sized-together-by-request-class' : 'joint-sized-together' },
      { says: 'joint-monthly-scale', windowDays: Math.round(windowHours / 24) },
      ...(expiry ? [{ says: 'joint-not-cancellable' as const, endsOn: expiry }] : []),
    ],
    risks: [
      ...(best.term && best.term !== 'noCommit' ? [{ says: 'new-commitment-binds' as const, term: best.term }] : []),
      { says: 'callers-fall-back' },
    ],
    ptArns,
  };
}

/**
 * A plan's monthly cost once its steps are taken: today less the savings, plus what its required steps
 * add (`required` absent: no step requires a cost). Null when the savings or the required cost are
 * unknown: a required step whose cost is unknown has an unknown saving (`absorb`), so the plan's cost
 * is unknown with its reason.
 */
export function plannedCost(current: Decimal, savings: Decimal | null, required: Decimal | null | undefined): Decimal | null {
  if (savings === null || required === null) return null;
  const planned = difference(current, savings);
  return required === undefined ? planned : planned.plus(required);
}

/** Steps now first, then by the date they can be taken. */
function byWhen(a: PlanStep, b: PlanStep): number {
  return a.when === b.when ? 0 : a.when === 'now' ? -1 : b.when === 'now' ? 1 : a.when.localeCompare(b.when);
}

/** The actions once each, in the order first met (as a Set keeps them). */
function distinct(actions: readonly Recommendation['action'][]): Recommendation['action'][] {
  if (actions.length === 1) return [actions[0]!];
  return [...new Set(actions)];
}

/** Builds one plan per model and Region from the replays, the inventory and the recommendations. */
export function buildPlans(input: PlanInput): ModelPlan[] {
  // Drafts in the order first met (the plans' order before sorting), found by Region and model.
  const drafts: Draft[] = [];
  const draftAt = new ByPlace<Draft>();
  // Looked up by key, not searched for each plan: a search per plan is quadratic in the models.
  const nameAt = new ByPlace<string | undefined>();
  for (const r of input.replays) {
    const { modelId, region, name } = r.replay.report;
    if (!nameAt.has(modelId, region)) nameAt.set(modelId, region, name);
  }
  const draftFor = (modelId: string, region: string): Draft => {
    let draft = draftAt.get(modelId, region);
    if (!draft) {
      // Every draft of one shape (each optional field present, undefined until set): one property layout for all.
      draft = {
        modelId, region, name: nameAt.get(modelId, region) || undefined, current: [], steps: [], confidence: undefined,
        confidenceReasons: { high: undefined, medium: undefined, low: undefined },
        why: [], assumptions: [], risks: [], recommendedMode: 'unchanged', upTo: undefined, upToConfidence: undefined, upToReasons: undefined, actions: [],
        requiredUnknown: undefined,
      };
      draftAt.set(modelId, region, draft);
      drafts.push(draft);
    }
    return draft;
  };

  // Joint plans: in-Region on-demand traffic plus provisioned throughput bought for the foundation model itself.
  const superseded = new Set<Recommendation>();
  // The throughputs bought for a foundation model itself, by model and Region, in inventory order: looked
  // up per replay, not filtered from the whole inventory for each model.
  const ptsByKey = new Map<string, PlanInput['provisioned']>();
  for (const p of input.provisioned) {
    if (parseModelId(p.info.modelArn).kind !== 'foundation-model-arn') continue;
    const key = planKey(p.report.modelId, p.info.region);
    const list = ptsByKey.get(key);
    if (list) list.push(p);
    else ptsByKey.set(key, [p]);
  }
  for (const od of ptsByKey.size ? input.replays : []) {
    const r = od.replay.report;
    if (r.scope !== 'in-region') continue;
    const pts = ptsByKey.get(planKey(r.modelId, r.region));
    if (!pts) continue;
    const joint = jointProvisionedPlan(od, pts, input.windowHours);
    if (!joint) continue;
    const competing = input.recommendations.filter((rec) => rec.region === r.region && rec.modelId === r.modelId && !isUpperBound(rec) &&
      // Only in-Region traffic can move to provisioned throughput; a geo or global group's advice stands.
      (rec.fromMode === 'on-demand' ? (rec.scope ?? 'in-region') === 'in-region' : joint.ptArns.includes(rec.advice.provisionedModelArn ?? '')));
    // The independent recommendations' best non-contradictory sum: buying units and shedding the
    // existing ones act on the same tokens, so only one of those sides counts.
    const ptSide = knownSavings(competing.filter((c) => c.fromMode === 'provisioned'));
    const odSide = knownSavings(competing.filter((c) => c.fromMode === 'on-demand'));
    // A competing saving that is unknown cannot be shown to be less than the joint plan's: its advice stands.
    if (ptSide === null || odSide === null) continue;
    const buysUnits = competing.some((c) => CAPACITY_ACTIONS.has(c.action));
    const independent = buysUnits ? (ptSide.greaterThan(odSide) ? ptSide : odSide) : ptSide.plus(odSide);
    const jointSavings = knownSavings(joint.steps);
    if (jointSavings === null || jointSavings.lessThan(independent)) continue;
    for (const c of competing) superseded.add(c);
    const draft = draftFor(r.modelId, r.region);
    draft.current.push(joint.current);
    draft.steps.push(...joint.steps);
    draft.confidence = draft.confidence ? lowerConfidence(draft.confidence, joint.confidence) : joint.confidence;
    addUnique(draft.confidenceReasons[joint.confidence] ??= [], [joint.confidenceReason]);
    addUnique(draft.why, joint.why);
    addUnique(draft.assumptions, joint.assumptions);
    addUnique(draft.risks, joint.risks);
    draft.recommendedMode = joint.recommendedMode === 'on-demand' ? 'on-demand' : joint.recommendedMode;
    draft.actions.push(...new Set(competing.map((c) => c.action)));
  }

  // Without a joint plan, buying capacity (units or a Reserved tier) for the on-demand traffic and
  // shedding existing units onto on demand still contradict: keep the larger side.
  const remaining = superseded.size ? input.recommendations.filter((rec) => !superseded.has(rec)) : input.recommendations;
  const sheddingByKey = new Map<string, Recommendation[]>();
  for (const o of remaining) {
    if (o.fromMode !== 'provisioned' || o.toMode !== 'on-demand') continue;
    const key = planKey(o.modelId, o.region);
    const list = sheddingByKey.get(key);
    if (list) list.push(o);
    else sheddingByKey.set(key, [o]);
  }
  // With either side's saving unknown the two cannot be weighed (an unknown saving is not $0): both are
  // listed, the plan says why, and its saving is unknown rather than the known side's.
  const unweighed = new Map<string, [string, string]>();
  for (const rec of sheddingByKey.size ? remaining : []) {
    if (!CAPACITY_ACTIONS.has(rec.action)) continue;
    const key = planKey(rec.modelId, rec.region);
    const shedding = sheddingByKey.get(key) ?? [];
    if (shedding.length === 0) continue;
    const shed = knownSavings(shedding);
    if (shed === null || rec.monthlySavings === null) unweighed.set(key, [rec.modelId, rec.region]);
    else if (shed.greaterThanOrEqualTo(rec.monthlySavings)) superseded.add(rec);
    else for (const o of shedding) superseded.add(o);
  }
  for (const rec of input.recommendations) {
    if (superseded.size && superseded.has(rec)) continue;
    absorb(draftFor(rec.modelId, rec.region), rec, whenFor(rec, input.provisioned));
  }
  for (const [modelId, region] of unweighed.values()) addUnique(draftAt.get(modelId, region)!.assumptions, [{ says: 'plan-unweighed' }]);

  const plans: ModelPlan[] = [];
  for (const d of drafts) {
    if (d.steps.length > 1) d.steps.sort(byWhen);
    const saving = planSaving(d.steps);
    const required = planRequiredCost(d.steps, d.requiredUnknown);
    const current = d.current.length === 1 ? moneyOf(d.current[0]!) : sumMoney(d.current);
    const upToOnly = d.steps.length === 0 && d.upTo !== undefined;
    // Built a field at a time in the published order (a field absent, never undefined), not spread from parts.
    const plan = { modelId: d.modelId } as ModelPlan;
    if (d.name) plan.name = d.name;
    plan.region = d.region;
    plan.currentMonthlyCost = current;
    plan.plannedMonthlyCost = plannedCost(current, saving.monthlySavings, required.requiredMonthlyCost);
    plan.monthlySavings = saving.monthlySavings;
    if ('unpricedReason' in saving) plan.unpricedReason = saving.unpricedReason;
    if ('requiredMonthlyCost' in required) plan.requiredMonthlyCost = required.requiredMonthlyCost;
    if ('requiredCostUnpricedReason' in required) plan.requiredCostUnpricedReason = required.requiredCostUnpricedReason;
    plan.recommendedMode = d.recommendedMode;
    plan.confidence = d.confidence ?? d.upToConfidence ?? 'low';
    // The plan is as sure as its least sure step: say why that one is.
    // The draft's lists grew a push at a time (to seventeen slots): the plan keeps copies of exactly
    // their length, for as long as the report lives (the drafts go with this call).
    plan.confidenceReasons = upToOnly ? d.upToReasons ?? [] : d.confidence ? d.confidenceReasons[d.confidence]?.slice() ?? [] : [];
    plan.why = upToOnly ? [{ says: 'plan-batch-only' }] : d.why.slice();
    plan.assumptions = d.assumptions.slice();
    plan.risks = d.risks.slice();
    plan.steps = d.steps.slice();
    if (d.upTo) plan.upTo = d.upTo;
    plan.actions = distinct(d.actions);
    plans.push(plan);
  }
  return sortByAmountFirst(plans, (plan) => plan.monthlySavings, byPlanSavings);
}
