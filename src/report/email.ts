import type { Decimal } from 'decimal.js';
import { accountOfArn } from '../model-id.js';
import { accountCount, accountRows } from './organization.js';
import { formatUsd } from '../money.js';
import { attributionRows } from './attribution-view.js';
import { ALTERNATIVES_NOTE, alternativeRows } from './alternatives-view.js';
import { FORECAST_NOTE, forecastRows } from './forecast-view.js';
import { RENEWAL_NOTE, renewalRows } from './renewal-view.js';
import { CAPACITY_NOTE, capacityRows, capacitySentence } from './capacity-view.js';
import { fromPlans, pricedPlanCount, savingsAmount, savingsTotal, stepSaving, unpricedPlansClause, upToSavings, humanDate, humanWindow, money, planEffect, requiredCostAmount, requiredCostLine, scopeErrorLine, stepEffect, planTitle, plural, regionsOf, stepWhen, spendSentence, weekOverWeekLine, windowBasisClause, windowLength, wrap, nothingPriced, SAVINGS_UNKNOWN } from './format.js';
import { textReport } from './published.js';
import { callerRows, headlineSavings, summarySentences } from './reconciliation-view.js';
import { callerBatchRows, requestSentences } from './requests-view.js';
import { priceSourceLine } from './render-text.js';
import { commandText, isShellCommand } from './commands.js';
import type { ModelPlan, ModelReport, Scenario } from '../domain/report.js';
import type { PublishedReport } from './published-view.js';
import { adviceText, priceListFallbackText } from './advice-text.js';

/**
 * The email digest. SNS email is plain text and many mail clients wrap or clip long lines, so every
 * line is at most 80 columns; it is read in ten seconds from the top: spend, savings, the three
 * actions that matter, then one compact block per model and one per plan.
 */

export const EMAIL_WIDTH = 80;

export interface DigestOptions {
  /** The AWS account the report is for; default: the account in the report's ARNs, if any. */
  account?: string;
  /** How a reader runs the same analysis by hand. */
  adHocCommand?: string;
}

/** The account the report is about: its own `account`, else the account in the ARNs it lists (provisioned throughput, custom models). */
export function accountOf(report: PublishedReport): string | undefined {
  if (report.account) return report.account;
  // An organisation report covers several accounts: naming the first ARN's would mislabel it.
  if (accountCount(report) > 1) return undefined;
  const arns = [...report.provisionedThroughputs.map((p) => p.provisionedModelArn), ...report.customModels.map((c) => c.modelArn)];
  for (const arn of arns) {
    const account = accountOfArn(arn);
    if (account) return account;
  }
  return undefined;
}

const SUBJECT_MAX = 99;

/** One line under 100 characters (SNS): savings found, the account and the Regions. */
export function digestSubject(report: PublishedReport, options: DigestOptions = {}): string {
  const r = textReport(report);
  const account = options.account ?? accountOf(r);
  const regions = regionsOf(r);
  const where = [account ? `account ${account}` : accountCount(report) > 1 ? `${accountCount(report)} accounts` : '', regions.length > 2 ? `${regions.length} Regions` : regions.join(', ')].filter(Boolean).join(', ');
  const savings = r.summary.potentialMonthlySavings;
  const required = requiredCostAmount(r);
  // Some plan's required cost unknown: a floor ("at least"), or, with none known, "required cost unknown",
  // never "$0.00" (shorter than the headline's "an unknown amount", so the account and Regions still fit).
  const must = required === undefined ? '' : r.summary.requiredMonthlyCost?.greaterThan(0) ? `; ${required} required` : '; required cost unknown';
  // A plan whose saving is unknown makes the total a floor ("save at least"), or, with none priced, unknown: never "$0.00".
  const found = savings.greaterThan(0) ? `Bedrock: save ${savingsAmount(r, savings)}/month` : nothingPriced(r) ? 'Bedrock: usage not priced'
    : r.summary.unpricedPlans ? 'Bedrock: savings unknown' : 'Bedrock: no savings found';
  const what = `${found}${must}`;
  const subject = where ? `${what} (${where})` : what;
  return subject.length <= SUBJECT_MAX ? subject : `${subject.slice(0, SUBJECT_MAX - 3)}...`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function perMonthText(d: Decimal | null): string {
  return d === null ? 'unpriced' : `${money(d)}/month`;
}

/** The cheapest priced variant of each mode, in the order the replay lists them. */
function modeCosts(m: ModelReport): Array<{ mode: string; monthly: Decimal; scenario: Scenario }> {
  const best = new Map<string, Scenario>();
  for (const s of m.scenarios) {
    if (!s.feasible || s.monthlyCost === null) continue;
    const seen = best.get(s.mode);
    if (!seen || s.monthlyCost.lessThan(seen.monthlyCost!)) best.set(s.mode, s);
  }
  return [...best.values()].map((s) => ({ mode: s.mode, monthly: s.monthlyCost!, scenario: s }));
}

function modelBlock(report: PublishedReport, m: ModelReport): string[] {
  const out: string[] = [];
  const plan = (report.plans ?? []).find((p) => p.modelId === m.modelId && p.region === m.region);
  const scope = m.scope !== 'in-region' ? ` ${m.scope}` : '';
  out.push(...wrap(`${m.name ?? m.modelId} (${m.region}${scope}): ${perMonthText(m.currentMonthlyCost)}`, EMAIL_WIDTH));
  if (!m.priced) {
    out.push(...wrap(`unpriced: ${m.unpricedReason !== undefined ? adviceText(m.unpricedReason) : 'a needed price is unknown'}`, EMAIL_WIDTH, '  '));
    return out;
  }
  for (const { mode, monthly, scenario } of modeCosts(m)) {
    const marks = [mode === 'on-demand' ? '* today' : '', plan?.recommendedMode === mode ? '<- plan' : '', mode === 'batch' ? '(upper bound)' : '']
      .filter(Boolean).join(' ');
    const variant = scenario.variant ? ` ${scenario.variant}` : '';
    const label = `${mode}${variant}`.padEnd(34).slice(0, 34);
    out.push(`  ${label} ${money(monthly).padStart(14)}  ${marks}`.trimEnd());
  }
  return out;
}

function planBlock(plan: ModelPlan, rank: number): string[] {
  const out: string[] = [];
  const head = `${rank}. ${planTitle(plan)}: ${planEffect(plan)}`;
  out.push(...wrap(head, EMAIL_WIDTH, '', '   '));
  for (const why of plan.why) out.push(...wrap(`Why: ${why}.`, EMAIL_WIDTH, '   ', '     '));
  for (const step of plan.steps) {
    const effect = step.requiredMonthlyCost ? stepEffect(step) : stepSaving(step);
    out.push(...wrap(`${stepWhen(step)}: ${step.action} (${effect}).`, EMAIL_WIDTH, '   - ', '     '));
    for (const c of step.commands) out.push(...wrap(isShellCommand(c) ? `$ ${commandText(c)}` : commandText(c), EMAIL_WIDTH, '     ', '       '));
  }
  if (plan.upTo) {
    out.push(...wrap(`Up to ${money(plan.upTo.monthlySavings)}/month more, an upper bound: ${plan.upTo.step.action}.`, EMAIL_WIDTH, '   - ', '     '));
  }
  const reasons = plan.confidenceReasons.length ? `: ${plan.confidenceReasons.join('; ')}` : '';
  out.push(...wrap(`Confidence ${plan.confidence}${reasons}.`, EMAIL_WIDTH, '   ', '     '));
  for (const risk of plan.risks) out.push(...wrap(`Risk: ${risk}.`, EMAIL_WIDTH, '   ', '     '));
  for (const a of plan.assumptions) out.push(...wrap(`Assumes ${a}.`, EMAIL_WIDTH, '   ', '     '));
  return out;
}

/** The top actions: each plan's first step (or its upper bound), best plan first. */
export function topActions(report: PublishedReport, count = 3): string[] {
  const actions: string[] = [];
  for (const plan of report.plans ?? []) {
    const step = plan.steps[0];
    if (step) actions.push(`${planTitle(plan)}, ${planEffect(plan)}. ${capitalise(stepWhen(step))}: ${step.action}.`);
    else if (plan.upTo) actions.push(`${planTitle(plan)}, up to ${money(plan.upTo.monthlySavings)}/month: ${plan.upTo.step.action}.`);
    if (actions.length >= count) break;
  }
  return actions;
}

export function renderEmailDigest(input: PublishedReport, options: DigestOptions = {}): string {
  const report = textReport(input);
  const s = report.summary;
  const out: string[] = [];
  const para = (text: string, indent = '', hanging = indent) => out.push(...wrap(text, EMAIL_WIDTH, indent, hanging));
  const account = options.account ?? accountOf(report);
  const regions = regionsOf(report);

  para(`Amazon Bedrock cost advice for ${humanWindow(report.window.start, report.window.end)}` +
    `${account ? `, account ${account}` : accountCount(report) > 1 ? `, ${accountCount(report)} accounts` : ''}${regions.length ? `, ${regions.join(', ')}` : ''}.`);
  out.push('');
  para(spendSentence(report));
  // A message trimmed to fit SNS lists fewer plans than the total it states: count them all (those whose saving is known).
  const planCount = (report.plans?.length ?? 0) < (s.plans ?? 0) ? s.plans! - (s.unpricedPlans ?? 0) : pricedPlanCount(report);
  para(nothingPriced(report) ? SAVINGS_UNKNOWN
    : `Savings available: ${savingsTotal(report, headlineSavings(report).amount)}${headlineSavings(report).note}${fromPlans(report, planCount)}${unpricedPlansClause(report)}.`);
  const upTo = upToSavings(report);
  if (upTo) para(`Up to ${upTo.amount} more from batch (an upper bound${upTo.unknown}).`);
  const required = requiredCostLine(report);
  if (required) para(required);
  const wow = weekOverWeekLine(report);
  if (wow) para(wow);
  const top = topActions(report);
  if (top.length) {
    out.push('', 'Top actions:');
    top.forEach((a, i) => para(a, `${i + 1}. `, '   '));
  } else {
    out.push('', 'Nothing to change: no plan saves enough to recommend.');
  }
  for (const e of report.errors) para(scopeErrorLine(e));
  for (const w of report.warnings ?? []) para(`Warning: ${w}`);
  // Said up top, not only in the footer: every price below is the bundled catalog's, not today's.
  if (report.priceSource.fallback) para(`Warning: prices are from the bundled catalog (as of ${humanDate(report.priceSource.asOf)}), not live: ${priceListFallbackText(report.priceSource.fallback)}.`);
  const byAccount = accountRows(report, money);
  if (byAccount.length) {
    out.push('', 'BY ACCOUNT', '');
    const widths = byAccount[0]!.map((_, i) => Math.max(...byAccount.map((r) => r[i]!.length)));
    for (const row of byAccount) out.push(row.map((c, i) => ([2, 3, 4].includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
  }

  out.push('', 'MODELS (monthly cost of each mode; * = today, <- = the plan)', '');
  for (const m of report.models) out.push(...modelBlock(report, m), '');

  const attribution = attributionRows(report);
  if (attribution.length) {
    out.push('COST BY PROFILE', '');
    for (const a of attribution) {
      para(`${a.profileName}: ${perMonthText(a.monthlyCost)} (${a.modelId}, ${a.region})`, '  ', '    ');
    }
    out.push('');
  }

  const bill = report.reconciliation;
  if (bill) {
    out.push('BILL RECONCILIATION', '');
    for (const sentence of summarySentences(bill)) para(sentence, '  ', '    ');
    for (const m of bill.models) {
      const drift = m.driftPercent === null ? 'no replay' : `drift ${m.driftPercent.toFixed(1)}%`;
      const status = m.reconciled ? 'reconciled' : m.reasons[0] !== undefined ? adviceText(m.reasons[0]) : 'not reconciled';
      para(`${m.modelId} (${m.region}): billed ${money(m.billedCost)}, replayed ${m.replayedCost === null ? 'unpriced' : money(m.replayedCost)}, ${drift}; ${status}${m.effectiveRateNote !== undefined ? `; ${adviceText(m.effectiveRateNote)}` : ''}.`, '  - ', '    ');
    }
    for (const o of bill.outsideReplay.slice(0, 5)) para(`Outside the replay: ${o.category}, ${o.usageType}: ${money(o.billedCost)}.`, '  - ', '    ');
    const callers = callerRows(bill, 5).slice(1);
    if (callers.length) {
      out.push('', 'COST BY CALLER', '');
      for (const [name, kind, cost] of callers) para(`${name}${kind ? ` (${kind})` : ''}${cost ? `: ${cost}` : ''}`, '  ', '    ');
    }
    out.push('');
  }

  const alternatives = alternativeRows(report);
  if (alternatives.length) {
    out.push('SAME TRAFFIC ON ANOTHER MODEL', '');
    para(ALTERNATIVES_NOTE);
    for (const a of alternatives) {
      para(`${a.modelId} (${a.region}) on ${a.to}${a.accepted ? ' (accepted)' : ''}: ${a.perMonth}/month, saves ${a.savings}; ${a.why}`, '  ', '    ');
    }
    out.push('');
  }

  const forecasts = forecastRows(report);
  if (forecasts.length) {
    out.push('COMMITMENTS AGAINST A FORECAST', '');
    para(FORECAST_NOTE);
    for (const f of forecasts) {
      para(`${f.model} (${f.region}), ${f.commitment}: ${f.utilisation}; break-even ${f.breakEven}, chance below ${f.chanceBelow}${f.forTarget ? `; ${f.forTarget}` : ''}`, '  ', '    ');
    }
    out.push('');
  }

  const renewals = renewalRows(report);
  if (renewals.length) {
    out.push('RENEWALS AGAINST A FORECAST', '');
    para(RENEWAL_NOTE);
    for (const r of renewals) {
      para(`${r.name} (${r.model}, ${r.region}), ${r.ends}: ${r.advice}. ${r.why.map((w) => `${w[0]!.toUpperCase()}${w.slice(1)}.`).join(' ')}`, '  ', '    ');
      for (const option of r.options) para(option, '    - ', '      ');
      for (const step of r.nextSteps) para(step.text, '    > ', '      ');
    }
    out.push('');
  }

  const capacity = capacityRows(report);
  if (capacity.length) {
    out.push('RESERVED BESIDE PRIORITY AND STANDARD', '');
    para(CAPACITY_NOTE);
    for (const r of capacity) para(`${capacitySentence(r)}.`, '  - ', '    ');
    out.push('');
  }

  const perRequest = requestSentences(report);
  if (perRequest.length) {
    out.push('PER-REQUEST PRICES (INVOCATION LOGS)', '');
    for (const sentence of perRequest) para(sentence, '  ', '    ');
    for (const [name, requests, cost, saves, evidence] of callerBatchRows(report, 5).slice(1)) {
      para(`${name}: ${requests} request(s), ${cost}/month; batch saves ${saves}; evidence: ${evidence}.`, '  - ', '    ');
    }
    out.push('');
  }

  if (report.plans?.length) {
    out.push('PLANS', '');
    report.plans.forEach((plan, i) => out.push(...planBlock(plan, i + 1), ''));
  }

  for (const pt of report.provisionedThroughputs) {
    const expiry = pt.commitmentExpirationTime ? `, commitment ends ${humanDate(pt.commitmentExpirationTime)}` : '';
    const used = pt.averageUtilisation !== undefined ? `, ${Math.round(pt.averageUtilisation * 100)}% used` : '';
    para(`Provisioned throughput ${pt.provisionedModelName}: ${pt.modelUnits} unit(s) of ${pt.modelId}, ${money(pt.monthlyCost)}/month${used}${expiry}.`);
  }
  if (report.provisionedThroughputs.length) out.push('');

  out.push('-'.repeat(EMAIL_WIDTH));
  para(priceSourceLine(report));
  para(`Window: ${humanWindow(report.window.start, report.window.end)}, ${windowLength(report)} of CloudWatch data (UTC)${windowBasisClause(report)}; monthly figures = window x 730 h / ${report.window.hours} h.`);
  para(`Ad hoc analysis: ${options.adHocCommand ?? `npx bedrock-cost-advisor analyze ${regions.map((r) => `--region ${r}`).join(' ') || '--sample'}`}`);
  para('Unsubscribe: use the link below this message, or remove this email subscription from the SNS topic.');
  return `${out.join('\n')}\n`;
}
