import { formatUsd } from '../money.js';
import { CHATBOT_LIMITS, chatbotNotificationSchema } from './chatbot-schema.js';
import { snsSubject } from './sns-subject.js';
import { incidentId, type RunawayIncident } from '../runaway/detect.js';
import { adviceText } from './advice-text.js';

/** The Slack (Amazon Q Developer in chat applications) event type of a runaway alert. */
export const RUNAWAY_EVENT_TYPE = 'BedrockRunawaySpend';

/** How the incident's usage was read, where the collection warned of it (the report's warning, word for word). */
function warningsText(incident: RunawayIncident): string[] {
  return (incident.warnings ?? []).map(adviceText);
}

function hoursText(incident: RunawayIncident): string {
  return incident.hours.map((h) => `${h.hour.slice(11, 16)} UTC ${formatUsd(h.spend)} (usually ${formatUsd(h.baselineMedian)})`).join(', ');
}

export function incidentSubject(incident: RunawayIncident, account: string): string {
  return snsSubject(`Bedrock runaway spend: ${formatUsd(incident.costSoFar)} in ${incident.hours.length} h, ${incident.label} (${account})`);
}

/** The plain-text alert (email): what, since when, the cost so far and each hour against its baseline. */
export function incidentEmail(incident: RunawayIncident, account: string): string {
  return [
    `Bedrock spend left its baseline: ${incident.label}`,
    '',
    `Account ${account}. From ${incident.startedAt.slice(0, 16).replace('T', ' ')} UTC to ${incident.endsAt.slice(0, 16).replace('T', ' ')} UTC${incident.ongoing ? ' (still running at the last hour read)' : ''}.`,
    `Cost so far: ${formatUsd(incident.costSoFar)}, of which ${formatUsd(incident.excessCost)} above the usual spend for those hours.`,
    `Hours affected: ${hoursText(incident)}.`,
    ...warningsText(incident).map((w) => `Warning: ${w}.`),
    '',
    'Baseline: the median of the same hour on the previous days, with its median absolute deviation; spend at list prices (or your rates file).',
    `Incident ${incidentId(incident)}: this alert is sent once per incident.`,
    '',
  ].join('\n');
}

/** The JSON form (SNS `sqs`/`lambda` keys): exact decimal strings. */
export function incidentJson(incident: RunawayIncident, account: string): Record<string, unknown> {
  return {
    kind: 'runaway-spend',
    id: incidentId(incident),
    account,
    key: incident.key,
    label: incident.label,
    startedAt: incident.startedAt,
    endsAt: incident.endsAt,
    ongoing: incident.ongoing,
    costSoFar: incident.costSoFar.toFixed(),
    excessCost: incident.excessCost.toFixed(),
    hours: incident.hours.map((h) => ({ hour: h.hour, spend: h.spend.toFixed(), baselineMedian: h.baselineMedian.toFixed(), robustZ: Number.isFinite(h.robustZ) ? Number(h.robustZ.toFixed(2)) : null })),
    ...(incident.warnings?.length ? { warnings: warningsText(incident) } : {}),
  };
}

/**
 * Message attributes, for a subscription filter policy on attributes (a policy requiring
 * `kind: runaway-spend` takes the alerts alone; the digest has no attributes). SNS does not deliver
 * attributes with a JSON-structured message ("Message attributes are sent only when the message
 * structure is String, not JSON", https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html),
 * so the JSON body says `kind` as well, for a payload-based filter policy and for readers.
 */
export function incidentAttributes(incident: RunawayIncident, account: string): Record<string, string> {
  return { kind: 'runaway-spend', account, series: incident.key.slice(0, 256), ongoing: String(incident.ongoing) };
}

/** The SNS message for `MessageStructure: 'json'`: email, Slack (custom notification) and JSON. */
export function incidentSnsMessage(incident: RunawayIncident, account: string): { subject: string; message: string } {
  const subject = incidentSubject(incident, account);
  const text = incidentEmail(incident, account);
  const slack = chatbotNotificationSchema.parse({
    version: '1.0',
    source: 'custom',
    id: incidentId(incident).slice(0, 256),
    content: {
      textType: 'client-markdown',
      title: subject.slice(0, CHATBOT_LIMITS.title),
      description: `*Cost so far:* ${formatUsd(incident.costSoFar)} (${formatUsd(incident.excessCost)} above usual)\n*Hours:* ${hoursText(incident)}${warningsText(incident).map((w) => `\n*Warning:* ${w}`).join('')}`.slice(0, CHATBOT_LIMITS.description),
      nextSteps: ['Find the caller in the model invocation logs or by the inference profile, and stop the loop'],
      keywords: ['Bedrock', 'runaway', account].slice(0, CHATBOT_LIMITS.keywords),
    },
    metadata: { summary: subject.slice(0, CHATBOT_LIMITS.title), eventType: RUNAWAY_EVENT_TYPE, threadId: `bedrock-runaway-${account}`.slice(0, CHATBOT_LIMITS.threadId) },
  });
  const json = JSON.stringify(incidentJson(incident, account));
  return { subject, message: JSON.stringify({ default: text, email: text, https: JSON.stringify(slack), sqs: json, lambda: json }) };
}
