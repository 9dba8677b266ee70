import type { Decimal } from 'decimal.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, termOfApiDuration } from '../catalog/terms.js';
import { HOURS_PER_MONTH, perMonth, usd } from '../money.js';
import type { ProvisionedThroughputReport, Recommendation } from '../domain/report.js';
import type { InventoryContext } from '../modes/mode.js';
import { PriceBook, tokens } from '../modes/price-book.js';
import { convexMinimum } from '../replay/convex.js';
import { UnitSizer, buildLoadProfile } from '../replay/load-profile.js';
import { summariseUsage } from '../replay/scenarios.js';
import { baseModelIdOf } from '../usage/resolve.js';
import { instruction } from '../domain/advice.js';
import { deleteProvisionedThroughput, resizeProvisionedThroughput } from '../modes/commands.js';
import type { CustomModelInfo, ModelUsage, ProvisionedThroughputInfo } from '../usage/usage.js';
import { clearsFloor, percentOf } from '../domain/advice.js';
import type { Note, ThroughputRef } from '../domain/notes.js';

/**
 * Advice on what the account already pays for by the hour or month: provisioned throughputs
 * (idle, under-used, commitments running out) and custom models kept in storage.
 */

export type { InventoryContext } from '../modes/mode.js';

const UNDER_USED = 0.5;

/** The foundation model behind a provisioned throughput, through a custom model if need be. */
export function baseModelOf(pt: ProvisionedThroughputInfo, customModels: CustomModelInfo[]): string {
  const custom = customModels.find((m) => m.modelArn === pt.modelArn);
  const arn = pt.foundationModelArn ?? custom?.baseModelArn ?? pt.modelArn;
  return baseModelIdOf(arn);
}

/** How many published prices of other models are shown beside a break-even price. */
const COMPARABLE_PRICES = 4;

/**
 * The hourly price per unit at which `units` units for every hour of a month cost what the measured
 * traffic costs on demand: on-demand month / (units x 730 hours). Beside it, the published prices for
 * the same term in the Region, models of the same modality first, nearest price first.
 */
function keepBelowPrice(onDemandMonthly: Decimal, pt: ProvisionedThroughputInfo, term: CommitmentTerm, modelId: string, catalog: PriceCatalog): ProvisionedThroughputReport['keepBelow'] {
  if (pt.modelUnits <= 0) return undefined;
  // Not quantity x price: a price derived from a cost (the month on demand over the unit-hours).
  const hourlyPerUnit = onDemandMonthly.dividedBy(pt.modelUnits * HOURS_PER_MONTH);
  const modality = catalog.model(modelId)?.modality;
  const published = catalog.pricesIn(pt.region)
    .filter((r) => r.modelId !== modelId && r.perModelUnitHour[term] && !r.perModelUnitHour[term]!.derivedFrom)
    .map((r) => ({ modelId: r.modelId, model: catalog.model(r.modelId), hourlyPerUnit: r.perModelUnitHour[term]!.usd }));
  const unique = [...new Map(published.map((p) => [p.modelId, p])).values()];
  unique.sort((a, b) => Number(b.model?.modality === modality) - Number(a.model?.modality === modality)
    || a.hourlyPerUnit.minus(hourlyPerUnit).abs().comparedTo(b.hourlyPerUnit.minus(hourlyPerUnit).abs()));
  const comparable = unique.slice(0, COMPARABLE_PRICES).map((p) => ({ modelId: p.modelId, ...(p.model?.name ? { name: p.model.name } : {}), hourlyPerUnit: p.hourlyPerUnit }));
  if (comparable.length > 0) return { term, hourlyPerUnit, comparable };
  // Nothing published for the term in its Region (model-unit prices are read for few Regions): the
  // model's own published prices for the term elsewhere, a scale for the price to ask for, not its price.
  const elsewhere = catalog.allPrices()
    .filter((r) => r.modelId === modelId && r.region !== pt.region && r.perModelUnitHour[term] && !r.perModelUnitHour[term]!.derivedFrom)
    .map((r) => ({ region: r.region, hourlyPerUnit: r.perModelUnitHour[term]!.usd }));
  const byRegion = [...new Map(elsewhere.map((e) => [e.region, e])).values()].sort((a, b) => a.region.localeCompare(b.region)).slice(0, COMPARABLE_PRICES);
  return { term, hourlyPerUnit, comparable, ...(byRegion.length > 0 ? { elsewhere: byRegion } : {}) };
}

export function reviewProvisionedThroughput(
  pt: ProvisionedThroughputInfo,
  usage: ModelUsage[],
  ctx: InventoryContext,
): { report: ProvisionedThroughputReport; recommendations: Recommendation[]; windowOnDemandCost: Decimal | null } {
  const modelId = baseModelOf(pt, ctx.customModels);
  const prices = ctx.catalog.prices(modelId, pt.region, 'in-region');
  const term = termOfApiDuration(pt.commitmentDuration);
  const rate = prices?.perModelUnitHour[term];
  const book = new PriceBook(ctx.catalog.model(modelId), prices);
  const monthlyCost = rate ? book.unitMonth(term, pt.modelUnits) : null;
  const profile = buildLoadProfile(usage);
  const summary = summariseUsage(profile);
  const p = prices?.perThousandTokens;
  // At list prices without caching: cache reads and writes as input.
  const onDemandCost = book.bill([
    tokens('input', summary.inputTokens, { per1kTokens: 'input' }),
    tokens('output', summary.outputTokens, { per1kTokens: 'output' }),
    tokens('input', summary.cacheReadInputTokens + summary.cacheWriteInputTokens, { per1kTokens: 'input' }),
  ]).result();
  const onDemandEquivalent = onDemandCost ? perMonth(onDemandCost, ctx.windowHours) : null;
  const capacity = prices?.modelUnitCapacity;
  const windowMinutes = ctx.windowHours * 60;
  let peakUtilisation: number | undefined;
  let averageUtilisation: number | undefined;
  let bestFewerUnits: { units: number; monthly: Decimal } | undefined;
  if (capacity && pt.modelUnits > 0) {
    const sizer = new UnitSizer(profile, capacity);
    peakUtilisation = Math.min(1, profile.peakInputPerMinute / (capacity.inputTokensPerMinute * pt.modelUnits));
    peakUtilisation = Math.max(peakUtilisation, Math.min(1, profile.peakOutputPerMinute / (capacity.outputTokensPerMinute * pt.modelUnits)));
    averageUtilisation = sizer.evaluate(pt.modelUnits, windowMinutes).utilisation;
    if (rate && p?.input && p.output && pt.modelUnits > 1) {
      // Monthly cost is convex in the unit count (see provisioned sizing in replay): binary search.
      const best = convexMinimum(1, pt.modelUnits - 1, (k) => {
        const mix = sizer.evaluate(k, windowMinutes);
        const overflow = book.bill([
          tokens('input', mix.overflowInputTokens, { per1kTokens: 'input' }), tokens('output', mix.overflowOutputTokens, { per1kTokens: 'output' }),
        ]).result()!;
        return book.unitMonth(term, k)!.plus(perMonth(overflow, ctx.windowHours));
      });
      bestFewerUnits = { units: best.k, monthly: best.cost };
    }
  }
  const daysToExpiry = pt.commitmentExpirationTime
    ? Math.floor((Date.parse(pt.commitmentExpirationTime) - ctx.now.getTime()) / 86_400_000)
    : undefined;
  const report: ProvisionedThroughputReport = {
    provisionedModelArn: pt.provisionedModelArn,
    provisionedModelName: pt.provisionedModelName,
    region: pt.region,
    modelId,
    modelUnits: pt.modelUnits,
    commitment: pt.commitmentDuration ?? 'none',
    ...(pt.commitmentExpirationTime ? { commitmentExpirationTime: pt.commitmentExpirationTime } : {}),
    ...(daysToExpiry !== undefined ? { daysToExpiry } : {}),
    monthlyCost,
    usage: summary,
    onDemandEquivalentMonthlyCost: onDemandEquivalent,
    ...(peakUtilisation !== undefined ? { peakUtilisation } : {}),
    ...(averageUtilisation !== undefined ? { averageUtilisation } : {}),
    status: pt.status,
  };

  const recommendations: Recommendation[] = [];
  const throughput: ThroughputRef = { name: pt.provisionedModelName, units: pt.modelUnits, modelId, region: pt.region };
  /**
   * A commitment whose expiration time is before the run has ended, though the throughput is still
   * listed: it binds nothing any more, so the advice acts now, not "when the commitment ends" on a
   * day already past. Its figure keeps the term's rate the API reports; what AWS bills after the
   * term is not in the API response, and the note says the bill shows it.
   */
  const ended = pt.commitmentDuration !== undefined && daysToExpiry !== undefined && daysToExpiry < 0;
  const committed = pt.commitmentDuration !== undefined && !ended;
  /** The day the commitment ends (YYYY-MM-DD), when the API says; advice words its absence as "its term end". */
  const endsOn = committed && pt.commitmentExpirationTime ? pt.commitmentExpirationTime.slice(0, 10) : undefined;
  const ending = endsOn ? { endsOn } : {};
  const endedNote: Note[] = ended
    ? [{ says: 'pt-commitment-ended', endedOn: pt.commitmentExpirationTime!.slice(0, 10), daysAgo: -daysToExpiry!, term }]
    : [];
  const used = averageUtilisation !== undefined ? { averageUtilisation } : {};
  const idle = summary.invocations === 0 && summary.inputTokens + summary.outputTokens === 0;
  // An ended commitment is reviewed like one about to end: the decision is due, and overdue.
  const expiringSoon = ended || (committed && daysToExpiry !== undefined && daysToExpiry <= ctx.expiryWarningDays);
  const underUsed = averageUtilisation !== undefined && averageUtilisation < UNDER_USED;

  if (monthlyCost === null) {
    // Unpriced: still reviewed for idleness, use and expiry, but no dollar figure is ever put on it.
    report.unpricedReason = { says: 'pt-unpriced', modelId, region: pt.region, ...(prices ? { term } : {}) };
    const findings: Note[] = [];
    if (idle) findings.push({ says: 'pt-idle-unpriced', arn: pt.provisionedModelArn, committed, ...ending });
    else if (underUsed) findings.push({ says: 'pt-under-used-unpriced', ...used });
    const keepBelow = !idle && onDemandEquivalent !== null ? keepBelowPrice(onDemandEquivalent, pt, term, modelId, ctx.catalog) : undefined;
    if (keepBelow) {
      report.keepBelow = keepBelow;
      findings.push({
        says: 'pt-keep-below', term, hourlyPerUnit: keepBelow.hourlyPerUnit, onDemandMonthly: onDemandEquivalent!, units: pt.modelUnits, region: pt.region,
        comparable: keepBelow.comparable.map((c) => ({ label: c.name ?? c.modelId, hourlyPerUnit: c.hourlyPerUnit })),
        ...(keepBelow.elsewhere ? { elsewhere: keepBelow.elsewhere } : {}),
      });
    }
    if (expiringSoon && !ended) {
      findings.push({ says: 'pt-commitment-ends-unpriced', ...ending, days: daysToExpiry, ...(keepBelow ? { keepBelow: keepBelow.hourlyPerUnit } : {}), idle });
    }
    findings.push(...endedNote);
    if (findings.length) report.findings = findings;
    return { report, recommendations, windowOnDemandCost: onDemandCost };
  }
  const base = {
    modelId, region: pt.region, fromMode: 'provisioned' as const, currentMonthlyCost: monthlyCost,
  };
  /** The advice as data: the throughput it acts on, and the step without its savings. */
  const advice = (step: Note) => ({ reasons: [], step, provisionedModelArn: pt.provisionedModelArn });
  const assumptions: Note[] = [
    { says: 'pt-units-billed-hourly', units: pt.modelUnits, hourlyPerUnit: rate!.usd, term },
    ...(committed ? [{ says: 'pt-not-cancellable-before' as const, ...ending }] : []),
    ...endedNote,
  ];

  if (idle) {
    const step: Note = { says: 'pt-delete-idle', pt: throughput, committed, ...ending };
    recommendations.push({
      ...base, action: 'delete-idle-provisioned-throughput', toMode: 'delete',
      title: { says: 'title', step, monthlySavings: monthlyCost },
      advice: advice(step),
      newMonthlyCost: usd(0), monthlySavings: monthlyCost, savingsPercent: usd(100), confidence: 'high',
      assumptions: [{ says: 'pt-no-invocations', arn: pt.provisionedModelArn }, ...assumptions],
      risk: [{ says: 'pt-deleting-breaks-callers' }],
      nextSteps: [deleteProvisionedThroughput(pt.provisionedModelArn, committed ? endsOn ?? 'its term end' : undefined)],
    });
    return { report, recommendations, windowOnDemandCost: onDemandCost };
  }

  // Cheapest way to serve the same tokens: fewer units with overflow, or all on demand.
  const alternatives: Array<{ monthly: Decimal; toMode: 'on-demand' | ProvisionedThroughputReport['commitment']; units?: number }> = [];
  if (onDemandEquivalent) alternatives.push({ monthly: onDemandEquivalent, toMode: 'on-demand' });
  if (bestFewerUnits) alternatives.push({ monthly: bestFewerUnits.monthly, toMode: pt.commitmentDuration ?? 'none', units: bestFewerUnits.units });
  alternatives.sort((a, b) => a.monthly.comparedTo(b.monthly));
  const cheapest = alternatives[0];
  const onDemandNote: Note = onDemandEquivalent
    ? { says: 'pt-on-demand-equivalent', monthly: onDemandEquivalent }
    : { says: 'pt-on-demand-unknown', modelId, region: pt.region };
  if (cheapest && cheapest.monthly.lessThan(monthlyCost)) {
    const savings = monthlyCost.minus(cheapest.monthly);
    if (expiringSoon || clearsFloor(savings, monthlyCost, ctx.floor)) {
      const step: Note = {
        says: 'pt-reduce', pt: throughput, ...(expiringSoon ? ending : {}), ...(cheapest.units !== undefined ? { keepUnits: cheapest.units } : {}), ...used,
      };
      recommendations.push({
        ...base,
        advice: advice(step),
        action: expiringSoon ? 'review-expiring-commitment' : 'reduce-provisioned-throughput',
        // Fewer units keep the throughput's own commitment term, which is the rate they were priced at.
        toMode: cheapest.toMode === 'on-demand' ? 'on-demand' : PROVISIONED_TERMS[term].mode,
        title: { says: 'title', step, monthlySavings: savings },
        newMonthlyCost: cheapest.monthly, monthlySavings: savings, savingsPercent: percentOf(savings, monthlyCost),
        confidence: capacity ? (capacity.source.reliability === 'user' ? 'high' : 'medium') : 'medium',
        assumptions: [
          ...(underUsed ? [{ says: 'pt-under-used' as const, thresholdPercent: UNDER_USED * 100 }] : []),
          onDemandNote,
          ...assumptions,
        ],
        ...(committed && !expiringSoon ? { risk: [{ says: 'pt-change-after' as const, ...ending }] } : {}),
        nextSteps: cheapest.toMode === 'on-demand'
          ? [instruction({ says: 'point-callers-at-base-model' }), instruction({ says: 'delete-throughput-after', arn: pt.provisionedModelArn, committed, ...ending })]
          : [resizeProvisionedThroughput(pt.provisionedModelArn, cheapest.units!)],
      });
    }
  } else if (expiringSoon) {
    // "Cheapest" needs a known alternative: with the on-demand price unknown, say only that it cannot be compared.
    const compared = onDemandEquivalent !== null;
    const title: Note = { says: 'pt-renewal-cheapest', pt: throughput, ...ending, ...(ended ? { endedOn: pt.commitmentExpirationTime!.slice(0, 10) } : {}), compared, ...used };
    recommendations.push({
      ...base, action: 'review-expiring-commitment', toMode: PROVISIONED_TERMS[term].mode,
      title,
      // A decision to take before the commitment ends: it changes no throughput yet.
      advice: { reasons: [], step: title },
      // Renewing is the cheapest when compared: it saves nothing, a known $0. Uncompared, the saving is unknown, never $0.
      ...(compared
        ? { newMonthlyCost: monthlyCost, monthlySavings: usd(0), savingsPercent: usd(0) }
        : { newMonthlyCost: null, monthlySavings: null, savingsPercent: null, unpricedReason: { says: 'saving-unknown-on-demand-unpriced' as const, modelId, region: pt.region } }),
      confidence: compared && capacity ? 'medium' : 'low',
      assumptions: [onDemandNote, ...assumptions],
      risk: [{ says: 'pt-lapse-keeps-running' }],
      nextSteps: [instruction({ says: ended ? 'recommit-or-delete' : 'renew-or-delete' })],
    });
  }
  return { report, recommendations, windowOnDemandCost: onDemandCost };
}
