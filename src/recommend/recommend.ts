import type { Decimal } from 'decimal.js';
import { formatUsd, usd } from '../money.js';
import { instruction, provisionedSizingConfidence, reasonText, type Command, type ConfidenceReason } from '../domain/advice.js';
import { createProvisionedThroughput } from './commands.js';
import type { Confidence, Recommendation, RecommendationAction, Scenario, ScenarioMode } from '../domain/report.js';
import { shareOfBusiestHours, type LoadProfile } from '../replay/load-profile.js';
import type { ModelReplay } from '../replay/scenarios.js';
import { RESERVED_TERM_INFO } from '../catalog/terms.js';

function int(n: number): string {
  return n.toLocaleString('en-US');
}

export interface RecommendOptions {
  minMonthlySavingsUsd: Decimal;
  minSavingsPercent: Decimal;
  windowHours: number;
  cacheReadShares: readonly number[];
}

const CONFIDENCE_WEIGHT: Record<Confidence, number> = { high: 1, medium: 0.75, low: 0.5 };
const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };

const ACTION_BY_MODE: Partial<Record<ScenarioMode, RecommendationAction>> = {
  'on-demand-global': 'use-global-cross-region-profile',
  'prompt-cache': 'enable-prompt-caching',
  batch: 'move-to-batch',
  flex: 'switch-pricing-mode',
  'provisioned-no-commit': 'buy-provisioned-throughput',
  'provisioned-1-month': 'buy-provisioned-throughput',
  'provisioned-6-month': 'buy-provisioned-throughput',
  'reserved-1-month': 'buy-reserved-tier',
  'reserved-3-month': 'buy-reserved-tier',
};

/** Actions that buy capacity for a model's on-demand traffic: they act on the same tokens as any shedding of existing units. */
export const CAPACITY_ACTIONS: ReadonlySet<RecommendationAction> = new Set(['buy-provisioned-throughput', 'buy-reserved-tier']);

/** Is a recommendation worth a reader's time? Both floors must be met. */
export function clearsFloor(savings: Decimal, current: Decimal, options: RecommendOptions): boolean {
  if (savings.lessThan(options.minMonthlySavingsUsd)) return false;
  if (current.isZero()) return true;
  return savings.dividedBy(current).times(100).greaterThanOrEqualTo(options.minSavingsPercent);
}

export function percentOf(part: Decimal, whole: Decimal): Decimal {
  return whole.isZero() ? usd(0) : part.dividedBy(whole).times(100);
}

/**
 * The one recommendation for a model: the cheapest feasible mode against today's on-demand bill,
 * weighing each candidate's savings by how sure we are of it. A low-confidence "upper bound" must
 * save twice as much as a high-confidence switch to be chosen over it.
 */
export function recommendForModel(replay: ModelReplay, options: RecommendOptions): Recommendation | undefined {
  const { report } = replay;
  const current = report.currentMonthlyCost;
  if (current === null || current.isZero()) return undefined;
  const allInput = report.usage.inputTokens + report.usage.cacheReadInputTokens + report.usage.cacheWriteInputTokens;
  const currentReadShare = allInput > 0 ? report.usage.cacheReadInputTokens / allInput : 0;
  const middleShare = [...options.cacheReadShares].sort((a, b) => a - b)[Math.floor((options.cacheReadShares.length - 1) / 2)] ?? 0.5;

  let best: { scenario: Scenario; savings: Decimal; confidence: Confidence; score: number; reasons: ConfidenceReason[] } | undefined;
  for (const scenario of report.scenarios) {
    const action = ACTION_BY_MODE[scenario.mode];
    if (!action || !scenario.feasible || scenario.monthlyCost === null) continue;
    if (scenario.mode === 'prompt-cache') {
      // One conservative what-if stands for caching: the middle read share, and only above today's.
      if (scenario.promptCache?.readShare !== middleShare || middleShare <= currentReadShare) continue;
    }
    if (scenario.provisioned && (scenario.provisioned.bestUnits ?? 0) === 0) continue;
    // Batch is an upper bound; it is only advised when traffic has the shape of a scheduled job,
    // never for load spread like interactive use (the scenario still shows the figure).
    if (scenario.mode === 'batch' && busiestQuarterShare(replay, options.windowHours) < SCHEDULED_SHAPE_SHARE) continue;
    const savings = current.minus(scenario.monthlyCost);
    if (savings.lessThanOrEqualTo(0)) continue;
    const { confidence, reasons } = confidenceFor(scenario, replay, options);
    const score = savings.toNumber() * CONFIDENCE_WEIGHT[confidence];
    if (!best || score > best.score) best = { scenario, savings, confidence, score, reasons };
  }
  if (!best || !clearsFloor(best.savings, current, options)) return undefined;
  const { scenario, savings, confidence, reasons } = best;
  const newMonthly = scenario.monthlyCost!;
  const where = `${report.modelId} (${report.region}${report.scope !== 'in-region' ? `, ${report.scope}` : ''})`;
  const risk: string[] = [];
  const pt = scenario.provisioned;
  if (pt?.risk) {
    risk.push(
      `a ${pt.risk.termMonths}-month commitment of ${pt.bestUnits} unit(s) totals ${formatUsd(pt.risk.commitmentTotal)} and cannot be cancelled; that is ${pt.risk.breakEvenMonths.toFixed(1)} months of today's on-demand spend`,
      pt.risk.monthlySavingsIfUsageHalves.isNegative()
        ? `if usage halves, the commitment loses ${formatUsd(pt.risk.monthlySavingsIfUsageHalves.negated())} a month against on demand`
        : `if usage halves, it still saves ${formatUsd(pt.risk.monthlySavingsIfUsageHalves)} a month`,
    );
  }
  const reserved = scenario.reserved;
  if (reserved) {
    const months = RESERVED_TERM_INFO[reserved.term].months;
    const total = reserved.reservationMonthlyCost.times(months);
    risk.push(`a ${months}-month reservation of ${int(reserved.input.level)} input / ${int(reserved.output.level)} output TPM totals ${formatUsd(total)} (${formatUsd(reserved.reservationMonthlyCost)} a month) and cannot be cancelled; it is billed whether or not the tokens come`);
  }
  if (scenario.mode === 'batch') risk.push('moving interactive traffic to batch would break its latency: move only jobs that can wait hours');
  if (scenario.mode === 'flex') risk.push('Flex requests can be delayed when capacity is short');
  return {
    modelId: report.modelId,
    region: report.region,
    ...(report.scope !== 'in-region' ? { scope: report.scope } : {}),
    action: ACTION_BY_MODE[scenario.mode]!,
    fromMode: 'on-demand',
    toMode: scenario.mode,
    title: `${titleFor(scenario, where)}: save ${formatUsd(savings)}/month${scenario.mode === 'batch' ? ' (upper bound)' : ''}`,
    currentMonthlyCost: current,
    newMonthlyCost: newMonthly,
    monthlySavings: savings,
    savingsPercent: percentOf(savings, current),
    confidence,
    // A low sizing confidence is both the scenario's assumption and the recommendation's reason: say it once.
    assumptions: [...new Set([...reasons.map(reasonText), ...scenario.assumptions])],
    ...(risk.length ? { risk } : {}),
    nextSteps: nextStepsFor(scenario, report.modelId, replay.model?.provisionedThroughput?.contextVariants),
    // The plan names the model's Region once, so its step names the model alone.
    advice: { reasons, step: titleFor(scenario, report.modelId) },
  };
}

/** Share of tokens in the busiest quarter of the window's hours at or above which traffic looks scheduled. */
export const SCHEDULED_SHAPE_SHARE = 0.6;

/**
 * Traffic confined to a few hours of each day (a nightly job) puts most of its tokens in the busiest
 * quarter of the window's hours; interactive use, even with a daily curve, does not.
 */
function busiestQuarterShare(replay: ModelReplay, windowHours: number): number {
  return shareOfBusiestHours(replay.profile, Math.max(1, Math.ceil(windowHours / 4)));
}

function confidenceFor(scenario: Scenario, replay: ModelReplay, options: RecommendOptions): { confidence: Confidence; reasons: ConfidenceReason[] } {
  const { profile, report } = replay;
  const reasons: ConfidenceReason[] = [];
  let confidence: Confidence;
  switch (scenario.mode) {
    case 'on-demand-global':
      confidence = 'medium';
      reasons.push({ code: 'data-residency', confidence });
      break;
    case 'flex':
      confidence = 'medium';
      reasons.push({ code: 'flex-latency', confidence });
      break;
    case 'batch':
      confidence = 'medium';
      reasons.push({
        code: 'scheduled-shape', confidence,
        figures: { busiestQuarterPercent: Math.round(busiestQuarterShare(replay, options.windowHours) * 100), activeHours: profile.activeHours, windowHours: Math.round(options.windowHours) },
      });
      break;
    case 'prompt-cache':
      confidence = report.usage.cacheReadInputTokens > 0 ? 'medium' : 'low';
      reasons.push({ code: confidence === 'medium' ? 'cache-in-use' : 'cache-prefix-unknown', confidence });
      break;
    default: {
      // Reserved capacity is bought in tokens per minute, so only the data's resolution is in doubt.
      const capacity = scenario.reserved ? 'not-needed' : scenario.provisioned?.unitCapacity?.source === 'rates-file' ? 'rates-file' : 'catalog';
      const sizing = provisionedSizingConfidence(profile.peakResolutionSeconds, capacity);
      confidence = sizing.confidence;
      reasons.push(sizing.reason);
    }
  }
  if (options.windowHours < 7 * 24 && confidence !== 'low') {
    confidence = LOWER[confidence];
    reasons.push({ code: 'short-window', confidence: 'lowered' });
  }
  return { confidence, reasons };
}

/** The lower of two confidences. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_WEIGHT[a] <= CONFIDENCE_WEIGHT[b] ? a : b;
}

/** What to do, for the model `where` names; the title adds the savings. */
function titleFor(scenario: Scenario, where: string): string {
  switch (scenario.mode) {
    case 'batch':
      return `Move latency-tolerant ${where} traffic to batch inference`;
    case 'prompt-cache':
      return `Cache stable prompt prefixes for ${where} (${Math.round((scenario.promptCache?.readShare ?? 0) * 100)}% read from cache, ${scenario.promptCache?.ttl} TTL)`;
    case 'on-demand-global':
      return `Invoke ${where} through its global. cross-Region profile`;
    case 'flex':
      return `Send ${where} requests with service_tier "flex"`;
    case 'reserved-1-month':
    case 'reserved-3-month':
      return `Reserve ${int(scenario.reserved?.input.level ?? 0)} input / ${int(scenario.reserved?.output.level ?? 0)} output tokens per minute of the Reserved tier (${RESERVED_TERM_INFO[scenario.reserved?.term ?? 'oneMonth'].label}) for ${where}`;
    default:
      return `Buy ${scenario.provisioned?.bestUnits} model unit(s) of provisioned throughput (${scenario.mode.replace('provisioned-', '')}) for ${where}`;
  }
}

function nextStepsFor(scenario: Scenario, modelId: string, contextVariants: readonly string[] | undefined): Command[] {
  switch (scenario.mode) {
    case 'batch':
      return [instruction('Find callers that can wait (nightly jobs, evaluations, backfills)'), instruction(`Submit them as batch jobs with CreateModelInvocationJob on ${modelId}`)];
    case 'prompt-cache':
      return [instruction('Put the stable part of each prompt (system prompt, tools, documents) first'), instruction('Add a cachePoint (Converse) or cache_control (InvokeModel) after it and watch CacheReadInputTokenCount')];
    case 'on-demand-global':
      return [instruction(`Call global.${modelId} instead of the regional or geo profile`)];
    case 'flex':
      return [instruction('Set service_tier to "flex" on requests that tolerate queueing')];
    case 'reserved-1-month':
    case 'reserved-3-month': {
      // The Reserved tier has no API to buy it: AWS sells it through the account team.
      const r = scenario.reserved;
      return [
        instruction(`Ask your AWS account team for a Reserved tier quote of ${int(r?.input.level ?? 0)} input / ${int(r?.output.level ?? 0)} output TPM of ${modelId} for ${RESERVED_TERM_INFO[r?.term ?? 'oneMonth'].months} month(s) (terms of 1 or 3 months)`),
        instruction('Once it is active, keep invoking the model as today: tokens above the reservation bill at Standard'),
      ];
    }
    default: {
      const pt = scenario.provisioned;
      return [
        createProvisionedThroughput(modelId, contextVariants, pt?.bestUnits ?? 1, pt?.term ?? 'noCommit'),
        instruction('Invoke the provisioned model ARN and fall back to the base model ID when it throttles'),
      ];
    }
  }
}
