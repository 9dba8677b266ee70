import type { Decimal } from 'decimal.js';
import { missingPriceHint, type PriceCatalog } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { MONTHLY_HOURS_RULE, PROVISIONED_TERMS, termOfApiDuration } from '../catalog/terms.js';
import { HOURS_PER_MONTH, formatUsd, perMonth, usd } from '../money.js';
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
  const published = catalog.allPrices()
    .filter((r) => r.region === pt.region && r.modelId !== modelId && r.perModelUnitHour[term] && !r.perModelUnitHour[term]!.derivedFrom)
    .map((r) => ({ modelId: r.modelId, model: catalog.model(r.modelId), hourlyPerUnit: r.perModelUnitHour[term]!.usd }));
  const unique = [...new Map(published.map((p) => [p.modelId, p])).values()];
  unique.sort((a, b) => Number(b.model?.modality === modality) - Number(a.model?.modality === modality)
    || a.hourlyPerUnit.minus(hourlyPerUnit).abs().comparedTo(b.hourlyPerUnit.minus(hourlyPerUnit).abs()));
  const comparable = unique.slice(0, COMPARABLE_PRICES).map((p) => ({ modelId: p.modelId, ...(p.model?.name ? { name: p.model.name } : {}), hourlyPerUnit: p.hourlyPerUnit }));
  return { term, hourlyPerUnit, comparable };
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
  const name = `provisioned throughput ${pt.provisionedModelName} (${pt.modelUnits} unit(s) of ${modelId}, ${pt.region})`;
  const committed = pt.commitmentDuration !== undefined;
  const expiryText = pt.commitmentExpirationTime ? pt.commitmentExpirationTime.slice(0, 10) : 'its term end';
  const idle = summary.invocations === 0 && summary.inputTokens + summary.outputTokens === 0;
  const expiringSoon = committed && daysToExpiry !== undefined && daysToExpiry <= ctx.expiryWarningDays;
  const underUsed = averageUtilisation !== undefined && averageUtilisation < UNDER_USED;
  const utilisationText = averageUtilisation !== undefined ? `, ${Math.round(averageUtilisation * 100)}% used on average` : '';

  if (monthlyCost === null) {
    // Unpriced: still reviewed for idleness, use and expiry, but no dollar figure is ever put on it.
    report.unpricedReason = `${!prices
      ? `no price for ${modelId} in ${pt.region} in the catalog`
      : `no ${PROVISIONED_TERMS[term].label} model-unit price for ${modelId} in ${pt.region} in the catalog`}: ${missingPriceHint(pt.region)}`;
    const findings: string[] = [];
    if (idle) findings.push(`idle: no invocations of ${pt.provisionedModelArn} in the whole window; delete it${committed ? ` when the commitment ends on ${expiryText}` : ''} (savings unpriced)`);
    else if (underUsed) findings.push(`under-used${utilisationText}: fewer units may serve the same load (savings unpriced)`);
    const keepBelow = !idle && onDemandEquivalent !== null ? keepBelowPrice(onDemandEquivalent, pt, term, modelId, ctx.catalog) : undefined;
    if (keepBelow) {
      report.keepBelow = keepBelow;
      const comparable = keepBelow.comparable.map((c) => `${c.name ?? c.modelId} ${formatUsd(c.hourlyPerUnit)}`).join(', ');
      findings.push(`keeping it beats on demand only below ${formatUsd(keepBelow.hourlyPerUnit)} per unit-hour (${PROVISIONED_TERMS[term].label}): its measured traffic costs ${formatUsd(onDemandEquivalent!)}/month on demand, over ${pt.modelUnits} unit(s) x ${HOURS_PER_MONTH} hours` +
        (comparable ? `; published ${PROVISIONED_TERMS[term].label} model-unit prices in ${pt.region}: ${comparable}` : `; no ${PROVISIONED_TERMS[term].label} model-unit price is published in ${pt.region} to compare`) +
        `; ask your AWS account team for this model's price, or read it with "prices refresh --region ${pt.region}"`);
    }
    if (expiringSoon) {
      findings.push(`commitment ends ${expiryText} (in ${daysToExpiry} day(s)): decide whether to renew` +
        (keepBelow ? `: renewing pays only below ${formatUsd(keepBelow.hourlyPerUnit)} per unit-hour` : idle ? ': it served nothing in the window' : '; the cost comparison is unpriced'));
    }
    if (findings.length) report.findings = findings;
    return { report, recommendations, windowOnDemandCost: onDemandCost };
  }
  const base = {
    modelId, region: pt.region, fromMode: 'provisioned' as const, currentMonthlyCost: monthlyCost,
  };
  /** The advice as data: the throughput it acts on, and the step without its savings. */
  const advice = (step: string) => ({ reasons: [], step, provisionedModelArn: pt.provisionedModelArn });
  const assumptions = [
    `${pt.modelUnits} unit(s) at ${formatUsd(rate!.usd)} per unit-hour (${term}), billed every hour whether used or not; ${MONTHLY_HOURS_RULE}`,
    ...(committed ? [`the commitment cannot be cancelled before ${expiryText}: savings start then`] : []),
  ];

  if (idle) {
    const step = committed ? `Do not renew idle ${name}; delete it when the commitment ends on ${expiryText}` : `Delete idle ${name}`;
    recommendations.push({
      ...base, action: 'delete-idle-provisioned-throughput', toMode: 'delete',
      title: `${step}: save ${formatUsd(monthlyCost)}/month`,
      advice: advice(step),
      newMonthlyCost: usd(0), monthlySavings: monthlyCost, savingsPercent: usd(100), confidence: 'high',
      assumptions: [`no invocations of ${pt.provisionedModelArn} in the whole window`, ...assumptions],
      risk: ['requests sent to the provisioned model ARN will fail after deletion: point them at the base model ID first'],
      nextSteps: [deleteProvisionedThroughput(pt.provisionedModelArn, committed ? expiryText : undefined)],
    });
    return { report, recommendations, windowOnDemandCost: onDemandCost };
  }

  // Cheapest way to serve the same tokens: fewer units with overflow, or all on demand.
  const alternatives: Array<{ monthly: Decimal; toMode: 'on-demand' | ProvisionedThroughputReport['commitment']; label: string; units?: number }> = [];
  if (onDemandEquivalent) alternatives.push({ monthly: onDemandEquivalent, toMode: 'on-demand', label: 'serve its traffic on demand' });
  if (bestFewerUnits) alternatives.push({ monthly: bestFewerUnits.monthly, toMode: pt.commitmentDuration ?? 'none', label: `keep ${bestFewerUnits.units} unit(s) and overflow on demand`, units: bestFewerUnits.units });
  alternatives.sort((a, b) => a.monthly.comparedTo(b.monthly));
  const cheapest = alternatives[0];
  const onDemandText = onDemandEquivalent
    ? `the same tokens on demand would cost ${formatUsd(onDemandEquivalent)} a month at list prices without caching`
    : `the on-demand price of ${modelId} in ${pt.region} is unknown, so serving the traffic on demand cannot be compared`;
  if (cheapest && cheapest.monthly.lessThan(monthlyCost)) {
    const savings = monthlyCost.minus(cheapest.monthly);
    if (expiringSoon || clearsFloor(savings, monthlyCost, ctx.floor)) {
      const step = `${expiringSoon ? `Commitment ends ${expiryText}: ` : ''}${cheapest.label} for ${name}${utilisationText}`;
      recommendations.push({
        ...base,
        advice: advice(step),
        action: expiringSoon ? 'review-expiring-commitment' : 'reduce-provisioned-throughput',
        // Fewer units keep the throughput's own commitment term, which is the rate they were priced at.
        toMode: cheapest.toMode === 'on-demand' ? 'on-demand' : PROVISIONED_TERMS[term].mode,
        title: `${step}: save ${formatUsd(savings)}/month`,
        newMonthlyCost: cheapest.monthly, monthlySavings: savings, savingsPercent: percentOf(savings, monthlyCost),
        confidence: capacity ? (capacity.source.reliability === 'user' ? 'high' : 'medium') : 'medium',
        assumptions: [
          ...(underUsed ? [`under ${UNDER_USED * 100}% of the purchased capacity is used`] : []),
          onDemandText,
          ...assumptions,
        ],
        ...(committed && !expiringSoon ? { risk: [`the change can only take effect after ${expiryText}`] } : {}),
        nextSteps: cheapest.toMode === 'on-demand'
          ? [instruction('Point callers at the base model ID'), instruction(`Delete ${pt.provisionedModelArn}${committed ? ` after ${expiryText}` : ''}`)]
          : [resizeProvisionedThroughput(pt.provisionedModelArn, cheapest.units!)],
      });
    }
  } else if (expiringSoon) {
    // "Cheapest" needs a known alternative: with the on-demand price unknown, say only that it cannot be compared.
    const compared = onDemandEquivalent !== null;
    const title = compared
      ? `Commitment for ${name} ends ${expiryText}: renewing is still the cheapest option${utilisationText}`
      : `Commitment for ${name} ends ${expiryText}: renewal cannot be compared with on demand (on-demand price unknown)${utilisationText}`;
    recommendations.push({
      ...base, action: 'review-expiring-commitment', toMode: PROVISIONED_TERMS[term].mode,
      title,
      // A decision to take before the commitment ends: it changes no throughput yet.
      advice: { reasons: [], step: title },
      newMonthlyCost: monthlyCost, monthlySavings: usd(0), savingsPercent: usd(0), confidence: compared && capacity ? 'medium' : 'low',
      assumptions: [onDemandText, ...assumptions],
      risk: ['when a commitment ends without renewal, the throughput keeps running at the no-commitment rate until deleted'],
      nextSteps: [instruction('Renew the commitment before it lapses, or delete the throughput')],
    });
  }
  return { report, recommendations, windowOnDemandCost: onDemandCost };
}
