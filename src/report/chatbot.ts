import { formatUsd } from '../money.js';
import type { AdvisorReport, Recommendation } from './report.js';

/**
 * The Slack / Microsoft Teams message: an Amazon Q Developer in chat applications (formerly AWS Chatbot)
 * custom notification, https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html.
 * Chatbot silently drops a payload that does not match the schema, so only documented fields are set:
 * `version` "1.0" and `source` "custom" (required), `content.description` (required), and string values only.
 */
export interface ChatbotNotification {
  version: '1.0';
  source: 'custom';
  id?: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords?: string[];
  };
  metadata?: {
    summary: string;
    eventType: string;
    /** Values must be strings. */
    additionalContext?: Record<string, string>;
  };
}

export interface ChatbotNotificationOptions {
  /** Recommendations listed in the description, best first. Default 5. */
  maxRecommendations?: number;
}

export const CHATBOT_EVENT_TYPE = 'BedrockCostAdvisorReport';

/**
 * A chat message is read at a glance: the description stays under Slack's 3,000-character limit for a
 * text block (fewer recommendations are listed until it does), and each line is cut to a readable length.
 */
const MAX_DESCRIPTION_CHARS = 3000;
const MAX_TITLE_CHARS = 150;
const MAX_LINE_CHARS = 200;
const MAX_NEXT_STEPS = 5;

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 3).join('')}...`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function chatbotTitle(report: AdvisorReport): string {
  const savings = report.summary.potentialMonthlySavings;
  return savings.greaterThan(0)
    ? `Bedrock cost advisor: ${formatUsd(savings)}/month potential savings`
    : 'Bedrock cost advisor: no savings found';
}

function recommendationLine(rank: number, rec: Recommendation): string {
  const percent = rec.savingsPercent.toFixed(0);
  return clip(
    `${rank}. *${rec.title}* (${rec.region}): save *${formatUsd(rec.monthlySavings)}/month* (${percent}%), ` +
      `${formatUsd(rec.currentMonthlyCost)} -> ${formatUsd(rec.newMonthlyCost)}, confidence ${rec.confidence}`,
    MAX_LINE_CHARS,
  );
}

function describe(report: AdvisorReport, shown: number): string {
  const { summary, window } = report;
  const lines: string[] = [
    `Window ${window.start} to ${window.end} (${window.hours} h). Current Bedrock spend *${formatUsd(summary.currentMonthlyCost)}/month* across ${plural(summary.modelsAnalysed, 'model')}.`,
  ];
  if (summary.recommendations > 0) {
    lines.push(`*Potential savings ${formatUsd(summary.potentialMonthlySavings)}/month* from ${plural(summary.recommendations, 'recommendation')}.`);
  } else {
    lines.push('No pricing change would save money for the observed usage.');
  }
  const top = report.recommendations.slice(0, shown);
  if (top.length > 0) {
    lines.push('', '*Top recommendations*');
    top.forEach((rec, i) => lines.push(recommendationLine(i + 1, rec)));
  }
  const more = summary.recommendations - top.length;
  if (more > 0) lines.push(`_...and ${more} more in the email digest and the JSON report._`);
  if (summary.unpricedModels > 0) {
    lines.push(`Note: ${plural(summary.unpricedModels, 'model')} could not be priced and ${summary.unpricedModels === 1 ? 'is' : 'are'} not in the totals.`);
  }
  if (report.errors.length > 0) {
    const scopes = report.errors.slice(0, 3).map((e) => e.scope).join(', ');
    lines.push(clip(`Note: collection failed for ${plural(report.errors.length, 'scope')} (${scopes}${report.errors.length > 3 ? ', ...' : ''}).`, MAX_LINE_CHARS));
  }
  return lines.join('\n');
}

function nextSteps(report: AdvisorReport, shown: number): string[] {
  const steps: string[] = [];
  for (const rec of report.recommendations.slice(0, shown)) {
    const step = rec.nextSteps?.[0];
    if (step && !steps.includes(clip(step, MAX_LINE_CHARS))) steps.push(clip(step, MAX_LINE_CHARS));
    if (steps.length >= MAX_NEXT_STEPS) break;
  }
  if (steps.length === 0) {
    steps.push(
      report.recommendations.length > 0
        ? 'Read the full report (email digest or JSON) before changing pricing modes.'
        : 'Nothing to change; the advisor reports again on its next run.',
    );
  }
  return steps;
}

/** Builds the custom notification for the `https` key of the SNS message (the one Chatbot receives). */
export function buildChatbotNotification(report: AdvisorReport, opts: ChatbotNotificationOptions = {}): ChatbotNotification {
  const maxRecommendations = Math.max(0, Math.floor(opts.maxRecommendations ?? 5));
  let shown = Math.min(maxRecommendations, report.recommendations.length);
  let description = describe(report, shown);
  while (description.length > MAX_DESCRIPTION_CHARS && shown > 0) description = describe(report, --shown);
  const title = clip(chatbotTitle(report), MAX_TITLE_CHARS);
  const regions = [...new Set(report.recommendations.slice(0, shown).map((r) => r.region))].slice(0, 3);

  return {
    version: '1.0',
    source: 'custom',
    id: `bedrock-cost-advisor-${report.generatedAt}`,
    content: {
      textType: 'client-markdown',
      title,
      description,
      nextSteps: nextSteps(report, shown),
      keywords: ['Bedrock', 'cost', ...regions],
    },
    metadata: {
      summary: title,
      eventType: CHATBOT_EVENT_TYPE,
      additionalContext: {
        currentMonthlyCost: formatUsd(report.summary.currentMonthlyCost),
        potentialMonthlySavings: formatUsd(report.summary.potentialMonthlySavings),
        recommendations: String(report.summary.recommendations),
        window: `${report.window.start}/${report.window.end}`,
      },
    },
  };
}
