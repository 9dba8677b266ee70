import type { Decimal } from 'decimal.js';
import { lifecycleIn, type CatalogModel, type PriceCatalog } from '../catalog/catalog.js';
import { perMonth } from '../money.js';
import type { InferenceScope } from '../model-id.js';
import type { ModelReport, ModelUsageSummary, Recommendation } from '../domain/report.js';
import { instruction, percentOf } from '../domain/advice.js';
import type { ModelPlace, Note } from '../domain/notes.js';
import type { ModelAdviceContext, ModelAdviceMode, UsageWindow } from './mode.js';
import type { ModelReplay } from '../replay/model-replay.js';
import { allParts, asBilled, classesOn } from './on-demand.js';
import { PriceBook } from './price-book.js';

/**
 * Where a model is in its life at the report's date, and what moving off it would cost.
 *
 * The catalog carries AWS's announced dates (legacy, public extended access, end of life) and the
 * successor AWS names; ListFoundationModels says `LEGACY` for models already marked. Dates decide
 * first, so a catalog read months ago still gives today's status; the API's word covers models whose
 * dates the catalog does not have. Dates are the Region's where a source gives them (Claude 3 Haiku is
 * still served in ca-central-1 past its end of life elsewhere), else the model's.
 */
export type ModelLifecycle = NonNullable<ModelReport['lifecycle']>;

/** `modelLifecycle.status` as ListFoundationModels spells it. */
export const API_LEGACY = 'LEGACY';

export function lifecycleAt(model: CatalogModel | undefined, now: Date, apiStatus?: string, region?: string): ModelLifecycle | undefined {
  const lc = lifecycleIn(model?.lifecycle, region ?? '');
  // Most models have no lifecycle dates and no word from the API: nothing to work out.
  if (!lc && apiStatus !== API_LEGACY) return undefined;
  const today = now.toISOString().slice(0, 10);
  const reached = (day: string | undefined): day is string => day !== undefined && day <= today;
  const dates = {
    ...(lc?.endOfLife ? { endOfLife: lc.endOfLife } : {}),
    ...(lc?.successor ? { successor: lc.successor } : {}),
  };
  if (reached(lc?.endOfLife)) return { status: 'end-of-life', since: lc.endOfLife, ...dates };
  if (reached(lc?.extendedAccessFrom)) return { status: 'extended-access', since: lc.extendedAccessFrom, ...dates };
  if (reached(lc?.legacyFrom)) return { status: 'legacy', since: lc.legacyFrom, ...dates };
  if (apiStatus === API_LEGACY) return { status: 'legacy', ...dates };
  // An announced end of life or extended-access date not yet reached, with no date for the legacy
  // state itself: the model is legacy already (as src/pricelist/lifecycle.ts derives the catalog's
  // status from the same dates). Where the legacy date is known, it decides.
  if (lc && lc.legacyFrom === undefined && (lc.endOfLife !== undefined || lc.extendedAccessFrom !== undefined)) return { status: 'legacy', ...dates };
  // A status given without the date it began, as of the catalog's date.
  if (lc && lc.status !== 'active' && !lc.legacyFrom && !lc.extendedAccessFrom && !lc.endOfLife) return { status: lc.status, ...dates };
  return undefined;
}

export type { UsageWindow } from './mode.js';

/** Where a day falls against the usage window, in words: the report speaks of the usage it read, not of today. */
function againstWindow(day: string, window: UsageWindow | undefined): 'before' | 'during' | 'after' | undefined {
  if (!window) return undefined;
  if (day < window.start.slice(0, 10)) return 'before';
  return day < window.end.slice(0, 10) ? 'during' : 'after';
}

/**
 * The note a non-active model's on-demand scenario carries, placed against the usage window: a model
 * billed in the window was served in it, so an end of life dated before the window cannot mean its
 * requests failed.
 */
export function lifecycleAssumption(name: string, state: ModelLifecycle, window?: UsageWindow, extended?: ExtendedAccessDates): Note {
  const sinceIs = state.since ? againstWindow(state.since, window) : undefined;
  const endOfLifeIs = state.endOfLife ? againstWindow(state.endOfLife, window) : undefined;
  // The status is today's (what to do next); what the usage cost is the window's. A model past its end
  // of life today may have billed this window in extended access, and one in extended access today may
  // have billed it at its standard rate, before extended access began.
  const extendedFrom = extended?.extendedAccessFrom ?? (state.status === 'extended-access' ? state.since : undefined);
  const extendedIs = extendedFrom ? againstWindow(extendedFrom, window) : undefined;
  const billedInExtendedAccess = window && extendedFrom ? extendedIs !== 'after' : state.status === 'extended-access';
  const earlierExtendedAccess = state.status !== 'extended-access' && billedInExtendedAccess && extendedFrom && extendedIs
    ? { extendedAccessFrom: extendedFrom, extendedAccessIs: extendedIs } : {};
  return {
    says: 'lifecycle', name, status: state.status,
    ...(state.since ? { since: state.since } : {}), ...(state.endOfLife ? { endOfLife: state.endOfLife } : {}),
    ...(sinceIs ? { sinceIs } : {}), ...(endOfLifeIs ? { endOfLifeIs } : {}),
    ...earlierExtendedAccess,
    ...(billedInExtendedAccess && !extended?.extendedAccessRates ? { extendedAccessUnpriced: true as const } : {}),
  };
}

/** The catalog's extended-access facts for a model: when it began, and whether its rates are the ones priced. */
type ExtendedAccessDates = { extendedAccessFrom?: string; extendedAccessRates?: true };

/**
 * The note a legacy or retired model carries when the price book has no extended-access date for it.
 * Under AWS's legacy lifecycle policy a legacy model may move to public extended access, where it is
 * billed at higher prices (Claude 3.5 Sonnet: twice its old rate), before its end of life. Where the
 * date is known but not the rate (Claude 3 Haiku, Sonnet 4, Opus 4.1), the lifecycle note itself says the
 * cost is a floor (`extendedAccessUnpriced`); where neither is known, this note says the standard rate
 * priced may be too low rather than charging it silently.
 */
export function extendedAccessUnknown(name: string): Note {
  return { says: 'extended-access-unknown', name };
}

/** Scopes tried for the successor, the model's own first: newer models are often sold only through profiles. */
export function scopesFor(scope: InferenceScope): InferenceScope[] {
  return [scope, ...(['in-region', 'geo', 'global'] as const).filter((s) => s !== scope)];
}

/**
 * The same usage as billed today (`asBilled`: the same quantities) priced at another model's prices
 * in the first scope that has them, the model's own first: what the usage would cost after moving.
 * Null when the cost is unknown (no price in any scope, or a line unpriced), never $0.
 */
function monthlyAt(catalog: PriceCatalog, modelId: string, region: string, scopes: InferenceScope[], usage: ModelUsageSummary, windowHours: number, logged?: ModelReplay['logged']): { monthly: Decimal | null; scope: InferenceScope } | undefined {
  for (const scope of scopes) {
    const prices = catalog.prices(modelId, region, scope);
    if (!prices) continue;
    const model = catalog.model(modelId);
    const book = new PriceBook(model, prices);
    // The logs' requests, class by class, at the successor's rates: a request above the threshold stays
    // a long-context one where the successor has long-context rates, and is an ordinary one where it has none.
    const billed = logged ? asBilled(book, model, logged.restUsage, classesOn(model, logged.quantities.classes)) : asBilled(book, model, usage);
    const cost = billed.unpriceable ? null : book.bill(allParts(billed)).result();
    return { monthly: cost === null ? null : perMonth(cost, windowHours), scope };
  }
  return undefined;
}

/**
 * The successor to advise: the one AWS named, followed past any that has itself reached its end of life
 * (in this Region, on the run's day) to the one it names in turn. AWS named Nova Canvas as Titan Image
 * Generator v2's successor, and Nova Canvas reached its own end of life on 2026-09-30: advising that move
 * would send the usage to a model whose requests fail. Where the chain ends at a retired model, no move is
 * advised and the first retired one is named.
 */
function liveSuccessor(ctx: ModelAdviceContext, first: string | undefined): { live?: string; retired?: { name: string; since: string } } {
  let retired: { name: string; since: string } | undefined;
  const seen = new Set<string>();
  for (let id = first; id !== undefined && !seen.has(id); ) {
    seen.add(id);
    const model = ctx.catalog.model(id);
    const state = lifecycleAt(model, ctx.now, undefined, ctx.group.region);
    if (state?.status !== 'end-of-life') return { live: id, ...(retired ? { retired } : {}) };
    retired ??= { name: model?.name ?? id, since: state.since ?? '' };
    id = state.successor;
  }
  return retired ? { retired } : {};
}

/**
 * A `migrate-model` recommendation: the same usage priced at the successor's on-demand prices. A
 * negative saving is reported as what the move costs (a required cost, never netted into savings);
 * an unknown price is said to be unknown, never $0.
 */
export function migrationRecommendation(ctx: ModelAdviceContext, state: ModelLifecycle): Recommendation | undefined {
  const { report } = ctx.replay;
  const current = report.currentMonthlyCost;
  if (current === null) return undefined;
  const name = report.name ?? report.modelId;
  const where: ModelPlace = { modelId: report.modelId, region: report.region, ...(report.scope !== 'in-region' ? { scope: report.scope } : {}) };
  const why = lifecycleAssumption(name, state, ctx.window, lifecycleIn(ctx.replay.model?.lifecycle, ctx.group.region));
  const named = liveSuccessor(ctx, state.successor);
  const successorId = named.live;
  let successorMonthly: Decimal | null = null;
  let successorScope: InferenceScope | undefined;
  let successorName = successorId;
  if (successorId) {
    successorName = ctx.catalog.model(successorId)?.name ?? successorId;
    const moved = monthlyAt(ctx.catalog, successorId, ctx.group.region, scopesFor(ctx.group.scope), report.usage, ctx.windowHours, ctx.replay.logged);
    if (moved) {
      successorMonthly = moved.monthly;
      successorScope = moved.scope;
    }
  }
  // An unknown cost at the successor leaves the saving unknown, with why: never $0, never today's cost again.
  const savings = successorMonthly === null ? null : current.minus(successorMonthly);
  const unpricedReason: Note | undefined = successorMonthly !== null ? undefined
    : successorId ? { says: 'saving-unknown-successor-unpriced', successor: successorName!, region: report.region }
    : { says: 'saving-unknown-no-live-successor' };
  const move = { ...(successorId ? { successor: successorName! } : {}), monthlySavings: savings };
  // The plan names the Region once and shows a saving apart; a cost or an unknown stays in the step.
  const step: Note = { says: 'migrate-step', modelId: report.modelId, ...move };
  return {
    modelId: report.modelId,
    region: report.region,
    action: 'migrate-model',
    fromMode: 'on-demand',
    toMode: 'on-demand',
    title: { says: 'migrate-title', where, ...move },
    currentMonthlyCost: current,
    newMonthlyCost: successorMonthly,
    monthlySavings: savings,
    savingsPercent: savings === null ? null : percentOf(savings, current),
    ...(unpricedReason ? { unpricedReason } : {}),
    confidence: successorMonthly === null ? 'low' : 'medium',
    assumptions: [
      why,
      successorMonthly !== null
        ? { says: 'successor-replayed', successor: successorName!, scope: successorScope! }
        : successorId ? { says: 'successor-unpriced', successor: successorName!, region: report.region }
        : named.retired ? { says: 'successor-retired', successor: named.retired.name, since: named.retired.since }
        : { says: 'no-successor-unknown' },
    ],
    risk: [{ says: 'test-successor-first' }],
    nextSteps: [instruction(successorId ? { says: 'invoke-successor', successorId, modelId: report.modelId } : { says: 'pick-current-model' })],
    ...(successorId ? { successorModelId: successorId } : {}),
    advice: { reasons: [], step },
  };
}

/**
 * Lifecycle migration: a model that is legacy, in extended access or past its end of life is moved to
 * the successor AWS names, its usage priced at the successor's prices. The status and its note go on
 * the model's report; the move is a recommendation, a required cost when the successor costs more.
 */
export const lifecycleMode: ModelAdviceMode = {
  id: 'lifecycle',
  needs: ['tokens', 'items'],
  advise(ctx: ModelAdviceContext): Recommendation[] {
    const { report } = ctx.replay;
    const lifecycle = lifecycleAt(ctx.replay.model, ctx.now, ctx.apiLifecycleStatus, ctx.group.region);
    if (!lifecycle) return [];
    const here = lifecycleIn(ctx.replay.model?.lifecycle, ctx.group.region);
    report.lifecycle = lifecycle;
    report.scenarios[0]?.assumptions.push(lifecycleAssumption(report.name ?? ctx.group.modelId, lifecycle, ctx.window, here));
    // A legacy or retired model with no extended-access date in the catalog may be billed at an extended-access rate nobody published.
    if (lifecycle.status !== 'extended-access' && here?.extendedAccessFrom === undefined) {
      report.scenarios[0]?.assumptions.push(extendedAccessUnknown(report.name ?? ctx.group.modelId));
    }
    const migrate = migrationRecommendation(ctx, lifecycle);
    return migrate ? [migrate] : [];
  },
};
