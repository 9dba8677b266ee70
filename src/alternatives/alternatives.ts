import type { Decimal } from 'decimal.js';
import { ZERO, usd } from '../money.js';
import { scopesFor } from '../modes/lifecycle.js';
import { percentOf } from '../domain/advice.js';
import { PriceBook, tokens } from '../modes/price-book.js';
import { asBilledMonthlyCost, type ModelGroup, type ModelReplay, type ReplayContext } from '../replay/scenarios.js';
import type { ModelAlternative } from '../domain/alternatives.js';
import type { Note, Worded } from '../domain/notes.js';
import type { ModelUsageSummary, Recommendation } from '../domain/report.js';
import { classesOn } from '../modes/on-demand.js';
import { instruction } from '../domain/advice.js';
import type { ModelUsage } from '../usage/usage.js';
import type { AlternativesConfig } from './config.js';
import { ACCEPTED_BASIS, candidatesFor, type Candidate } from './table.js';
import { tokenRatio } from './tokenizers.js';

export type { ModelAlternative };

const LIFETIME_SECONDS = { '5m': 300, '1h': 3600 } as const;
/** No accepted substitution (no alternatives file, or none in it): one frozen empty list. */
const NONE_ACCEPTED: readonly Accepted[] = Object.freeze([]);
type Accepted = NonNullable<AlternativesConfig['accepted']>[number];

/**
 * Cache-read tokens of the first `lifetimeSeconds` after the switch, which is the first recorded point:
 * a point that straddles the end counts pro rata (exact for minute data, an estimate for 5-minute and
 * hourly points, which the assumptions say).
 */
export function readsInFirstLifetime(series: readonly ModelUsage[], lifetimeSeconds: number): number {
  let switchAt = Infinity;
  for (const usage of series) for (const s of usage.segments) if (s.length > 0 && s.start < switchAt) switchAt = s.start;
  if (!Number.isFinite(switchAt)) return 0;
  const until = switchAt + lifetimeSeconds;
  let moved = 0;
  for (const usage of series) {
    for (const s of usage.segments) {
      const reads = s.metrics.CacheReadInputTokenCount;
      if (!reads) continue;
      for (let i = 0; i < s.length; i++) {
        const t = s.start + i * s.periodSeconds;
        if (t >= until) break;
        const overlap = Math.min(t + s.periodSeconds, until) - Math.max(t, switchAt);
        if (overlap <= 0) continue;
        const value = reads[i] as number;
        moved += overlap >= s.periodSeconds ? value : Math.round((value * overlap) / s.periodSeconds);
      }
    }
  }
  return moved;
}

export interface AlternativesResult {
  alternatives: ModelAlternative[];
  /** Accepted substitutions that save money: these join the headline as `migrate-model` recommendations. */
  recommendations: Recommendation[];
}

/** Token-billed text models only: images, video, rerank and embeddings have no like-for-like table. */
function isTextModel(replay: ModelReplay): boolean {
  return replay.model?.modality === 'text';
}

/**
 * The model's recorded usage priced on its successor and on cheaper models of its provider's line-up,
 * each through `replayModel` (the same series, so the same shape: input, output, cache reads and writes,
 * per point), with the tokenizer range and the cold cache of the switch.
 */
export function alternativesFor(replay: ModelReplay, group: ModelGroup, ctx: ReplayContext, config: AlternativesConfig = {}): AlternativesResult {
  if (!isTextModel(replay)) return { alternatives: [], recommendations: [] };
  // Without a file (the usual run) nothing is accepted or named: no list filtered nor copied for every model.
  const acceptedAll = config.accepted;
  const accepted: readonly Accepted[] = acceptedAll === undefined || acceptedAll.length === 0 ? NONE_ACCEPTED : acceptedAll.filter((a) => ctx.catalog.canonicalId(a.from) === group.modelId);
  const named = config.candidates;
  const configured = named === undefined ? undefined : Object.entries(named).find(([from]) => ctx.catalog.canonicalId(from) === group.modelId)?.[1];
  const candidates: Candidate[] = candidatesFor(group.modelId, replay.model?.lifecycle?.successor, configured?.map((id) => ctx.catalog.canonicalId(id)));
  // A model with none to price (no successor, no cheaper line-up, none named): nothing to sort.
  if (candidates.length === 0 && accepted.length === 0) return { alternatives: [], recommendations: [] };
  for (const a of accepted) {
    const to = ctx.catalog.canonicalId(a.to);
    if (!candidates.some((c) => c.modelId === to)) candidates.push({ modelId: to, relation: 'configured', basis: ACCEPTED_BASIS });
  }
  const current = replay.report.currentMonthlyCost;
  const alternatives: ModelAlternative[] = [];
  const recommendations: Recommendation[] = [];
  for (const candidate of candidates) {
    const acceptance = accepted.find((a) => ctx.catalog.canonicalId(a.to) === candidate.modelId);
    const alternative = priceAlternative(candidate, replay, group, ctx, config, acceptance?.cacheLifetime ?? '5m', acceptance !== undefined);
    alternatives.push(alternative);
    if (acceptance && current !== null) {
      const rec = acceptedRecommendation(alternative, replay, group, current);
      if (rec) recommendations.push(rec);
    }
  }
  // Cheapest first; unpriced ones last, never as $0.
  alternatives.sort((a, b) => (a.monthlyCost === null ? 1 : b.monthlyCost === null ? -1 : a.monthlyCost.comparedTo(b.monthlyCost)));
  return { alternatives, recommendations };
}

function priceAlternative(
  candidate: Candidate, replay: ModelReplay, group: ModelGroup, ctx: ReplayContext, config: AlternativesConfig,
  lifetime: '5m' | '1h', accepted: boolean,
): ModelAlternative {
  const target = ctx.catalog.model(candidate.modelId);
  const ratio = tokenRatio(group.modelId, candidate.modelId, config.tokenRatios);
  const head = {
    modelId: candidate.modelId, ...(target ? { name: target.name } : {}), relation: candidate.relation, basis: candidate.basis, accepted, tokenRatio: ratio,
  };
  const scope = scopesFor(group.scope).find((s) => ctx.catalog.prices(candidate.modelId, group.region, s) !== undefined);
  if (!target || scope === undefined) {
    const reason: Note = !target ? { says: 'alt-not-in-catalog', modelId: candidate.modelId } : { says: 'alt-no-price', name: target.name, region: group.region };
    return {
      ...head, scope: group.scope, monthlyCost: null, monthlyCostRange: null, monthlySavings: null, monthlySavingsRange: null, switchCost: null,
      coldCacheReadTokens: 0, unpricedReason: reason, assumptions: [{ says: 'alt-unknown-not-zero', reason }],
    };
  }
  const usage = replay.report.usage;
  const cachesToday = usage.cacheReadInputTokens + usage.cacheWriteInputTokens > 0;
  const assumptions: Worded[] = [
    candidate.basis,
    { says: 'alt-quality-unmeasured' },
    { says: 'alt-same-tokens', name: target.name, scope },
    { says: 'alt-token-counts', basis: ratio.basis },
  ];
  if (scope !== group.scope) assumptions.push({ says: 'alt-other-scope', scope, name: target.name, ownScope: group.scope, region: group.region });
  // The same sums (as billed depends on nothing else): no walk over the points again.
  const cacheAsInput = cachesToday && !target.promptCache;
  const asInput = (u: ModelUsageSummary): ModelUsageSummary => ({ ...u, inputTokens: u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  const sums = cacheAsInput ? asInput(usage) : usage;
  if (cacheAsInput) assumptions.push({ says: 'alt-no-prompt-cache', name: target.name });
  // Where the logs priced the model, its requests class by class on the target (long context where it has such rates).
  const logged = replay.logged && { restUsage: cacheAsInput ? asInput(replay.logged.restUsage) : replay.logged.restUsage, classes: classesOn(target, replay.logged.quantities.classes, cacheAsInput) };
  const moved = asBilledMonthlyCost(candidate.modelId, group.region, scope, sums, ctx, logged);
  const monthly = moved.monthlyCost;
  const current = replay.report.currentMonthlyCost;

  // The switch: the new model's cache starts empty, so what was read in its first lifetime is written.
  let coldReads = 0;
  let switchCost: Decimal | null = ZERO;
  let switchCostReason: Worded | undefined;
  if (target.promptCache && moved.prices && usage.cacheReadInputTokens > 0) {
    coldReads = readsInFirstLifetime(group.series, LIFETIME_SECONDS[lifetime]);
    const book = new PriceBook(target, moved.prices);
    const coldBill = book.bill([tokens({ code: 'cold-cache-write', ttl: lifetime }, coldReads, { cacheWrite: lifetime })]);
    const warmBill = book.bill([tokens('cacheRead', coldReads, { per1kTokens: 'cacheRead' })]);
    const cold = coldBill.result();
    const warm = warmBill.result();
    switchCost = cold === null || warm === null ? null : usd(cold.minus(warm));
    // Unknown, with why (the write or read price the target's row lacks): never $0, never left unsaid.
    if (switchCost === null) switchCostReason = coldBill.reason() ?? warmBill.reason() ?? { says: 'unpriced' };
    assumptions.push({ says: 'alt-cold-cache', coldReadTokens: coldReads, lifetime, switchCost, ...(switchCostReason ? { unpricedReason: switchCostReason } : {}) });
  }
  // Not quantity x price: the month already priced, scaled by the candidate's token-ratio range.
  const range = monthly === null ? null : { low: usd(monthly.times(ratio.low)), high: usd(monthly.times(ratio.high)) };
  return {
    ...head, scope,
    monthlyCost: monthly,
    monthlyCostRange: range,
    monthlySavings: monthly === null || current === null ? null : current.minus(monthly),
    monthlySavingsRange: range === null || current === null ? null : { low: current.minus(range.high), high: current.minus(range.low) },
    switchCost,
    coldCacheReadTokens: coldReads,
    ...(monthly === null ? { unpricedReason: moved.unpricedReason ?? { says: 'unpriced' } } : {}),
    assumptions,
  };
}

/** Why an alternative's switch cost is unknown: the reason its cold-cache note gives. */
function switchCostReasonOf(alt: ModelAlternative): Worded {
  for (const a of alt.assumptions) if (typeof a === 'object' && 'says' in a && a.says === 'alt-cold-cache' && a.unpricedReason) return a.unpricedReason;
  return { says: 'unpriced' };
}

/**
 * An accepted substitution joins the headline at its least saving (the high end of the tokenizer range),
 * and only when that still saves. One that cannot be priced there joins with its saving unknown and
 * why (`unpricedReason`), as a migration to an unpriced successor does: never left out unsaid, never $0.
 */
function acceptedRecommendation(alt: ModelAlternative, replay: ModelReplay, group: ModelGroup, current: Decimal): Recommendation | undefined {
  const range = alt.monthlySavingsRange;
  if (range !== null && !range.low.greaterThan(0)) return undefined;
  const savings = range === null ? null : range.low;
  const reason = savings === null ? alt.unpricedReason ?? { says: 'unpriced' } : undefined;
  const name = replay.report.name ?? group.modelId;
  const to = alt.name ?? alt.modelId;
  const where = { modelId: group.modelId, region: group.region, ...(group.scope !== 'in-region' ? { scope: group.scope } : {}) };
  const step: Note = { says: 'alt-switch', where, to };
  return {
    modelId: group.modelId,
    region: group.region,
    ...(group.scope !== 'in-region' ? { scope: group.scope } : {}),
    action: 'migrate-model',
    fromMode: 'on-demand',
    toMode: 'on-demand',
    title: savings === null ? step : { says: 'title', step, monthlySavings: savings },
    currentMonthlyCost: current,
    newMonthlyCost: savings === null ? null : current.minus(savings),
    monthlySavings: savings,
    savingsPercent: savings === null ? null : percentOf(savings, current),
    ...(reason ? { unpricedReason: reason } : {}),
    confidence: savings !== null && alt.tokenRatio.low === alt.tokenRatio.high ? 'medium' : 'low',
    assumptions: [
      { says: 'alt-accepted', to, from: name },
      reason ? { says: 'alt-unknown-not-zero', reason } : { says: 'alt-least-saving', low: alt.tokenRatio.low, high: alt.tokenRatio.high, basis: alt.tokenRatio.basis },
      // A one-time switch cost, or why it is unknown: an unknown one is said, never left out as $0.
      ...(reason ? [] : alt.switchCost === null
        ? [{ says: 'alt-switch-cost-unknown', reason: switchCostReasonOf(alt) } as const]
        : alt.switchCost.greaterThan(0) ? [{ says: 'alt-switch-cost', switchCost: alt.switchCost } as const] : []),
    ],
    risk: [{ says: 'alt-responses-change' }],
    nextSteps: [instruction({ says: 'invoke-alternative', modelId: alt.modelId, ...(alt.scope !== 'in-region' ? { scope: alt.scope } : {}), instead: group.modelId })],
    successorModelId: alt.modelId,
    // The plan names the Region once and shows the saving apart.
    advice: { reasons: [], step: { says: 'alt-switch', where: { modelId: group.modelId }, to } },
  };
}
