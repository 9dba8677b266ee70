import { buildChatbotNotification } from './chatbot.js';
import { digestSubject, renderEmailDigest } from './email.js';
import { asPublished, toPublishedJson, type Published, type PublishedReport } from './published.js';
import type { AdvisorReport } from '../domain/report.js';
import { AdvisorError } from '../errors.js';
import { snsSubject } from './sns-subject.js';

export { SNS_MAX_SUBJECT_CHARS, snsSubject } from './sns-subject.js';

/**
 * The SNS message for `MessageStructure: 'json'`: one JSON object whose keys target protocols.
 *  - `default`, `email`: the plain-text email digest, 80 columns (SNS requires `default`).
 *  - `https`: the Amazon Q Developer / AWS Chatbot custom notification (Chatbot subscribes over HTTPS).
 *  - `sqs`, `lambda`: the whole JSON report, for programs.
 * SNS rejects a message over 256 KB (262,144 bytes of UTF-8), so the report is trimmed to fit.
 */

export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** Fewer bytes than any model, plan, recommendation or account line takes in the JSON report (an account ID alone is 26). */
const MIN_LINE_BYTES = 100;
/** Plans an organisation's message keeps, when it must also trim its accounts (as the email's top actions). */
const TOP_PLANS_KEPT = 3;

export interface SnsMessageOptions {
  /** Default 262,144 (SNS's limit). */
  maxBytes?: number;
  /** The plain-text renderer; injectable for tests. Default: the email digest. */
  renderText?: (report: PublishedReport) => string;
  /** Plans listed in the chat notification. Default 3. */
  maxChatbotRecommendations?: number;
  /** The AWS account, for the subject and the chat thread; default: the account in the report's ARNs. */
  account?: string;
}

export interface SnsMessage {
  subject: string;
  /** The JSON document for `Publish` with `MessageStructure: 'json'`. */
  message: string;
  /** Lowest-ranked recommendations left out so the message fits. */
  omittedRecommendations: number;
  /** Other parts left out so the message fits (`scenarios`, `prices`, `models`, …), in the order they were dropped. */
  omittedDetail: string[];
  /** UTF-8 length of `message`. */
  bytes: number;
}

/** Thrown when not even the summary of the report fits in one SNS message. */
export class SnsMessageTooLargeError extends AdvisorError {
  override readonly name = 'SnsMessageTooLargeError';
  readonly code = 'sns-message-too-large';
}

/** One line, no control characters, under 100 characters: savings found, the account and Regions. */
export function buildSubject(report: PublishedReport, account?: string): string {
  return snsSubject(digestSubject(report, account ? { account } : {}));
}

/** How much of the report a candidate message keeps. */
interface Trim {
  /** Drop every model's scenarios and price lines (the bulk of a large report). */
  dropScenarioDetail: boolean;
  /** Recommendations kept, from the top of the ranked list. */
  keepRecommendations: number;
  /** Then: drop the per-model, provisioned-throughput, custom-model and unpriced lists. */
  dropLists: boolean;
  /** Last resort, for an organisation: the accounts (and error lines) kept, most savings first. */
  keepAccounts?: number;
}

function limitLabel(maxBytes: number): string {
  return maxBytes % 1024 === 0 ? `${maxBytes / 1024} KB` : `${maxBytes}-byte`;
}

/**
 * A part of the (already published) report: the totals stay the whole report's, as the part keeps the
 * published mark (published.ts), and only the lists shrink.
 */
function trimmedReport(report: PublishedReport, trim: Trim): { report: PublishedReport; omitted: number; omittedAccounts: number; detail: string[] } {
  const detail: string[] = [];
  let models = report.models;
  if (trim.dropScenarioDetail) {
    models = models.map((m) => ({ ...m, scenarios: [], prices: [] }));
    detail.push('scenarios', 'prices');
  }
  const recommendations = report.recommendations.slice(0, trim.keepRecommendations);
  // Plans are ranked like recommendations: the lowest-ranked go first, never part of one.
  const plans = report.plans?.slice(0, trim.keepRecommendations);
  let copy: Published<AdvisorReport> = { ...report, models, recommendations, ...(plans ? { plans } : {}) };
  if (trim.dropLists) {
    copy = { ...copy, models: [], provisionedThroughputs: [], customModels: [], unpriced: [] };
    detail.push('models', 'provisionedThroughputs', 'customModels', 'unpriced');
  }
  let omittedAccounts = 0;
  if (trim.keepAccounts !== undefined && report.accounts) {
    // The accounts with most to save stay; a failed account (null money) ranks last, and its error line goes with it.
    const kept = [...report.accounts]
      .sort((a, b) => (b.potentialMonthlySavings?.toNumber() ?? -1) - (a.potentialMonthlySavings?.toNumber() ?? -1) || a.accountId.localeCompare(b.accountId))
      .slice(0, trim.keepAccounts);
    omittedAccounts = report.accounts.length - kept.length;
    copy = { ...copy, accounts: kept.map((a) => ({ ...a, errors: a.errors.slice(0, 1) })), errors: report.errors.slice(0, trim.keepAccounts) };
    detail.push('accounts', 'errors');
  }
  return { report: asPublished(copy), omitted: report.recommendations.length - recommendations.length, omittedAccounts, detail };
}

function compose(report: PublishedReport, trim: Trim, opts: Required<Omit<SnsMessageOptions, 'account'>> & Pick<SnsMessageOptions, 'account'>): { message: string; omitted: number; detail: string[] } {
  const { report: part, omitted, omittedAccounts, detail } = trimmedReport(report, trim);
  const limit = limitLabel(opts.maxBytes);
  const notes: string[] = [];
  if (trim.dropScenarioDetail) notes.push(`Per-model scenario and price detail left out to fit SNS's ${limit} limit.`);
  if (trim.dropLists) notes.push(`Per-model, provisioned-throughput, custom-model and unpriced lists left out to fit SNS's ${limit} limit.`);
  if (omitted > 0) notes.push(`${omitted} recommendation${omitted === 1 ? '' : 's'} left out to fit SNS's ${limit} limit`);
  if (omittedAccounts > 0) notes.push(`${omittedAccounts} of ${report.accounts!.length} accounts (those with least to save) and their error lines left out to fit SNS's ${limit} limit; the totals are every account's.`);

  const text = notes.length > 0 ? `${opts.renderText(part).trimEnd()}\n\n${notes.join('\n')}\n` : opts.renderText(part);
  const jsonReport = toPublishedJson(part);
  if (omitted > 0) jsonReport.omittedRecommendations = omitted;
  if (omittedAccounts > 0) jsonReport.omittedAccounts = omittedAccounts;
  if (detail.length > 0) jsonReport.omittedDetail = detail;
  const json = JSON.stringify(jsonReport);
  const chatbot = JSON.stringify(buildChatbotNotification(part, { maxPlans: opts.maxChatbotRecommendations, ...(opts.account ? { account: opts.account } : {}) }));
  const message = JSON.stringify({ default: text, email: text, https: chatbot, sqs: json, lambda: json });
  return { message, omitted, detail };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Builds the message, trimming the report until the whole JSON document fits in `maxBytes`:
 *  1. the full report;
 *  2. without per-model scenarios and price lines (the bulk of a large report; recommendations carry the
 *     actionable part, and the totals stay in each model's summary);
 *  3. dropping the lowest-ranked recommendations (the list is ranked best-first), as few as possible;
 *  4. without the per-model and inventory lists, with as many recommendations as then fit (maybe none),
 *     leaving the summary;
 *  5. for an organisation, the top plans and as many accounts as fit (most savings first), with their
 *     error lines; then no plans and as many accounts as fit.
 * Every candidate is a complete JSON document: nothing is ever cut mid-string. The summary keeps the
 * full totals; the text and the JSON say how many recommendations were left out.
 */
export function buildSnsMessage(report: PublishedReport, options: SnsMessageOptions = {}): SnsMessage {
  const opts: Required<Omit<SnsMessageOptions, 'account'>> & Pick<SnsMessageOptions, 'account'> = {
    maxBytes: options.maxBytes ?? SNS_MAX_MESSAGE_BYTES,
    renderText: options.renderText ?? ((r: PublishedReport) => renderEmailDigest(r, options.account ? { account: options.account } : {})),
    maxChatbotRecommendations: options.maxChatbotRecommendations ?? 3,
    ...(options.account ? { account: options.account } : {}),
  };
  // Published once, from every part (by the caller): a trimmed message shows fewer lines, never smaller totals.
  const subject = buildSubject(report, options.account);
  const total = Math.max(report.recommendations.length, report.plans?.length ?? 0);
  const attempt = (trim: Trim) => {
    const built = compose(report, trim, opts);
    const bytes = byteLength(built.message);
    return bytes <= opts.maxBytes
      ? { subject, message: built.message, omittedRecommendations: built.omitted, omittedDetail: built.detail, bytes }
      : undefined;
  };
  /** The largest `n` in [0, most] for which `fits(n)` gives a message (size grows with n), by binary search. */
  const most = (count: number, fits: (n: number) => SnsMessage | undefined): SnsMessage | undefined => {
    let best: SnsMessage | undefined;
    let low = 0;
    let high = count;
    while (low <= high) {
      const mid = Math.floor((low + high) / 2);
      const candidate = fits(mid);
      if (candidate) {
        best = candidate;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return best;
  };

  // Every line (a model, plan, recommendation or account) takes more than MIN_LINE_BYTES in each of the
  // two JSON copies, so no message holds more than `cap` of them: attempts that could not fit are not
  // built (for an organisation of 1,000 accounts the full report would be hundreds of megabytes).
  const cap = Math.floor(opts.maxBytes / (2 * MIN_LINE_BYTES));
  const listed = report.models.length + report.provisionedThroughputs.length + report.customModels.length;
  if (listed + total <= cap) {
    const full = attempt({ dropScenarioDetail: false, keepRecommendations: total, dropLists: false });
    if (full) return full;
    const lean = attempt({ dropScenarioDetail: true, keepRecommendations: total, dropLists: false });
    if (lean) return lean;
  }
  if (listed <= cap) {
    const fewer = most(Math.min(total - 1, cap - listed), (n) => attempt({ dropScenarioDetail: true, keepRecommendations: n, dropLists: false }));
    if (fewer) return fewer;
  }
  // Without the per-model and inventory lists there is room again for the best plans.
  const bare = most(Math.min(total, cap), (n) => attempt({ dropScenarioDetail: true, keepRecommendations: n, dropLists: true }));
  if (bare) return bare;
  // An organisation of many accounts: its account table alone can pass the limit. The best few plans
  // stay if they can (a reader acts on those), then as many accounts as fit.
  const accounts = report.accounts?.length ?? 0;
  for (const keepRecommendations of [Math.min(total, TOP_PLANS_KEPT), 0]) {
    const someAccounts = accounts > 0 ? most(Math.min(accounts - 1, cap), (n) => attempt({ dropScenarioDetail: true, keepRecommendations, dropLists: true, keepAccounts: n })) : undefined;
    if (someAccounts) return someAccounts;
  }
  throw new SnsMessageTooLargeError(`Even the report summary does not fit in ${opts.maxBytes} bytes for SNS`);
}
