import { bestAlternativeLine } from './alternatives-view.js';
import { renewalRows } from './renewal-view.js';
import { formatUsd } from '../money.js';
import { accountOf, digestSubject } from './email.js';
import { humanWindow, isIncomplete, money, planEffect, planTitle, requiredCostLine, savingsAmount, savingsTotal, unpricedPlansClause, upToSavings, plural, regionsOf, spendSentence, stepWhen, nothingPriced, SAVINGS_UNKNOWN } from './format.js';
import { priceListFallbackText } from './advice-text.js';
import { textReport } from './published.js';
import { headlineSavings } from './reconciliation-view.js';
import { commandText, isShellCommand } from './commands.js';
import type { ModelPlan } from '../domain/report.js';
import type { Published, PublishedReport } from './published-view.js';
import { CHATBOT_LIMITS, chatbotNotificationSchema, type ChatbotNotification } from './chatbot-schema.js';

export { CHATBOT_LIMITS, chatbotNotificationSchema, type ChatbotNotification } from './chatbot-schema.js';

export interface ChatbotNotificationOptions {
  /** Plans listed in the description, best first. Default 3. */
  maxPlans?: number;
  /** The AWS account; default: the account in the report's ARNs. */
  account?: string;
}

export const CHATBOT_EVENT_TYPE = 'BedrockCostAdvisorReport';

/** Slack's client markdown gives `&`, `<` and `>` meaning; everything else we write is literal. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 3).join('')}...`;
}

/** ISO 8601 week of a date, "2026-W47": one Slack thread per account and week. */
export function isoWeek(instant: Date): string {
  // The week's Thursday decides its year; weeks count from the year's first Thursday.
  const thursday = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** One line per plan: the model once, the saving once, then what to do first. */
function planLine(rank: number, plan: Published<ModelPlan>): string {
  const step = plan.steps[0];
  if (!step) return `${rank}. *${escapeSlack(planTitle(plan))}*: up to ${money(plan.upTo?.monthlySavings)}/month with batch (an upper bound)`;
  const more = plan.steps.length > 1 ? ` (+${plan.steps.length - 1} later step${plan.steps.length > 2 ? 's' : ''})` : '';
  const effect = plan.requiredMonthlyCost || plan.monthlySavings === null ? escapeSlack(planEffect(plan)) : `save *${formatUsd(plan.monthlySavings)}/month*`;
  return `${rank}. *${escapeSlack(planTitle(plan))}*: ${effect}, confidence ${plan.confidence}. ` +
    `${stepWhen(step)}: ${escapeSlack(step.action)}${more}`;
}

/** ", up to $X/month more from batch" (", up to at least $X/month more from batch; unknown for 1 account"), or ''. */
function upToClause(report: PublishedReport): string {
  const upTo = upToSavings(report);
  return upTo ? escapeSlack(`, up to ${upTo.amount} more from batch${upTo.unknown}`) : '';
}

function describe(report: PublishedReport, shown: number): string {
  const s = report.summary;
  const lines = [
    `${humanWindow(report.window.start, report.window.end)}. ${spendSentence(report, (t) => `*${t}*`)}`,
    nothingPriced(report)
      ? SAVINGS_UNKNOWN
      : s.potentialMonthlySavings.greaterThan(0) || s.unpricedPlans
      ? `*Savings available: ${savingsTotal(report, headlineSavings(report).amount)}*${headlineSavings(report).note}${escapeSlack(unpricedPlansClause(report))}${upToClause(report)}.`
      : 'No pricing change would save enough for the observed usage.',
    ...(requiredCostLine(report) ? [escapeSlack(requiredCostLine(report)!)] : []),
  ];
  const bill = report.reconciliation;
  if (bill) {
    const t = bill.totals;
    lines.push(`Bill: ${formatUsd(t.billedCost)} billed, the advice covers ${t.adviceCoveragePercent === null ? '-' : `${t.adviceCoveragePercent.toFixed(1)}%`}; ` +
      `${t.modelsReconciled} of ${t.models} model line(s) reconciled${bill.callers?.length ? `; top caller ${escapeSlack(bill.callers[0]!.name)} ${formatUsd(bill.callers[0]!.billedCost)}` : ''}.`);
  }
  const wow = report.weekOverWeek;
  if (wow) lines.push(`${wow.pricedSpendOnly ? 'Priced spend' : 'Spend'} ${wow.spendChange.isNegative() ? 'down' : 'up'} ${formatUsd(wow.spendChange.abs())}/month on the previous period.`);
  for (const r of renewalRows(report)) lines.push(clip(escapeSlack(`Commitment ${r.name} ${r.ends}: ${r.advice.toLowerCase()}${r.why[0] ? ` (${r.why[0]})` : ''}.`), 300));
  const whatIf = bestAlternativeLine(report);
  if (whatIf) lines.push(clip(whatIf, 300));
  const plans = report.plans ?? [];
  if (shown > 0) {
    lines.push('', '*Top actions*');
    plans.slice(0, shown).forEach((p, i) => lines.push(clip(planLine(i + 1, p), 400)));
  }
  if (plans.length > shown) lines.push(`_${plural(plans.length - shown, 'more plan')} in the email digest._`);
  // A Region the deadline cut off is incomplete, not failed: the reader should rerun, not fix access.
  const incomplete = report.errors.filter(isIncomplete).map((e) => e.scope);
  const failed = report.errors.filter((e) => !isIncomplete(e)).map((e) => e.scope);
  if (incomplete.length) lines.push(clip(`Incomplete (deadline reached): ${incomplete.join(', ')}.`, 300));
  if (failed.length) lines.push(clip(`Not analysed (collection failed): ${failed.join(', ')}.`, 300));
  const fallback = report.priceSource.fallback;
  if (fallback) lines.push(clip(`Prices from the bundled catalog (as of ${report.priceSource.asOf}), not live: ${escapeSlack(priceListFallbackText(fallback))}.`, 300));
  return lines.join('\n');
}

/** Builds the custom notification for the `https` key of the SNS message (the one Chatbot receives). */
export function buildChatbotNotification(input: PublishedReport, opts: ChatbotNotificationOptions = {}): ChatbotNotification {
  const report = textReport(input);
  const plans = report.plans ?? [];
  let shown = Math.min(Math.max(0, Math.floor(opts.maxPlans ?? 3)), plans.length);
  let description = describe(report, shown);
  while (description.length > CHATBOT_LIMITS.description && shown > 0) description = describe(report, --shown);
  const account = (opts.account ?? accountOf(report) ?? '').trim() || 'unknown-account';
  const regions = regionsOf(report);
  const title = clip(digestSubject(report, { account }), CHATBOT_LIMITS.title);
  const steps: string[] = [];
  for (const plan of plans.slice(0, shown)) {
    const command = plan.steps[0]?.commands.find(isShellCommand) ?? plan.steps[0]?.commands[0];
    const step = command ? clip(commandText(command), CHATBOT_LIMITS.nextStep) : undefined;
    if (step && !steps.includes(step)) steps.push(step);
  }
  if (steps.length === 0) steps.push(plans.length ? 'Read the email digest before changing pricing modes.' : 'Nothing to change; the advisor reports again next week.');
  const keywords = ['Bedrock', 'cost', ...regions.slice(0, 5), account].map((k) => clip(k, CHATBOT_LIMITS.keyword)).filter(Boolean).slice(0, CHATBOT_LIMITS.keywords);

  return chatbotNotificationSchema.parse({
    version: '1.0',
    source: 'custom',
    id: `bedrock-cost-advisor-${account}-${report.window.end}`,
    content: {
      textType: 'client-markdown',
      title,
      description,
      nextSteps: steps.slice(0, CHATBOT_LIMITS.nextSteps),
      keywords,
    },
    metadata: {
      // The window's last day (its end is exclusive) names the week.
      threadId: clip(`bedrock-cost-advisor-${account}-${isoWeek(new Date(Date.parse(report.window.end) - 1))}`, CHATBOT_LIMITS.threadId),
      summary: title,
      eventType: CHATBOT_EVENT_TYPE,
      additionalContext: {
        account,
        pricedMonthlyCost: formatUsd(report.summary.pricedMonthlyCost),
        potentialMonthlySavings: savingsAmount(report, report.summary.potentialMonthlySavings),
        ...(report.summary.unpricedPlans ? { unpricedPlans: String(report.summary.unpricedPlans) } : {}),
        plans: String(plans.length),
        window: humanWindow(report.window.start, report.window.end),
      },
    },
  });
}
