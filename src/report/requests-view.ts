import type { Decimal } from 'decimal.js';
import { formatUsd } from '../money.js';
import type { PublishedReport } from './published-view.js';
import type { CallerReport } from '../domain/report.js';
import { identityOfArn } from '../model-id.js';
import { adviceText, noteText } from './advice-text.js';

/**
 * The invocation-log findings in words and rows, once, for every text format (table, markdown, email,
 * HTML): each renderer lays them out its own way. Takes the published report, so every figure is the
 * one the JSON shows.
 */

const money = (d: Decimal | null | undefined) => (d === null || d === undefined ? 'unpriced' : formatUsd(d));
const int = (n: number) => n.toLocaleString('en-US');

/** Who called, with its tags: `role/name (team=search)`. */
export function callerName(c: Pick<CallerReport, 'caller' | 'tags'>): string {
  const short = identityOfArn(c.caller);
  const tags = Object.entries(c.tags).map(([k, v]) => `${k}=${v}`).join(', ');
  return tags ? `${short} (${tags})` : short;
}

/** Sentences on what the logs covered and what they made exact. */
export function requestSentences(report: PublishedReport): string[] {
  const logs = report.invocationLogs;
  if (!logs) return [];
  const out = [`Invocation logs: ${logs.source}; ${int(logs.requests)} request(s) priced one by one${logs.duplicates ? ` (${int(logs.duplicates)} duplicate record(s) counted once)` : ''}${logs.outsideWindow ? `; ${int(logs.outsideWindow)} outside the window not counted` : ''}.`];
  // Several accounts: each line names its account, or two accounts' lines for one Region read alike.
  const severalAccounts = new Set(logs.coverage.map((c) => c.accountId)).size > 1;
  for (const c of logs.coverage) {
    const where = severalAccounts ? `${c.accountId} ${c.region}` : c.region;
    out.push(c.complete
      ? `${where}: the logs cover the whole window, so long context and cache TTL are exact, not bounds.`
      : `${where}: ${noteText({ says: 'logs-partial-coverage', start: c.start, end: c.end, hours: c.hours, windowHours: c.windowHours })}.`);
  }
  for (const m of report.models) {
    const r = m.requests;
    if (!r) continue;
    const parts = [`${int(r.requests)} request(s), ${r.monthlyCost === null ? 'unpriced' : `${money(r.monthlyCost)}/month`} at per-request prices`];
    if (r.longContextRequests) parts.push(`${int(r.longContextRequests)} above the long-context threshold`);
    if (r.tokens.cacheWrite1h) parts.push(`${int(r.tokens.cacheWrite1h)} cache-write tokens at 1 hour, ${int(r.tokens.cacheWrite5m)} at 5 minutes`);
    if (r.tokens.cacheWriteUnsplit) parts.push(`${int(r.tokens.cacheWriteUnsplit)} cache-write tokens of unknown TTL (priced at 5 minutes)`);
    if (r.reroutedRequests) parts.push(`${int(r.reroutedRequests)} rerouted by cross-Region inference`);
    if (r.erroredRequests) parts.push(`${int(r.erroredRequests)} errored`);
    out.push(`${m.name ?? m.modelId} (${m.region}): ${parts.join('; ')}.`);
  }
  for (const u of logs.unresolved) out.push(`Not priced per request: ${u.modelId} (${u.region}), ${int(u.requests)} request(s): ${adviceText(u.reason)}.`);
  return out;
}

/** Callers ranked by batch saving: a header row and up to `limit` callers. */
export function callerBatchRows(report: PublishedReport, limit = 10): string[][] {
  const callers = report.callers ?? [];
  if (callers.length === 0) return [];
  const rows = [['Caller (tags)', 'Requests', 'Cost/month', 'Batch saves/month', 'Evidence']];
  for (const c of callers.slice(0, limit)) {
    rows.push([callerName(c), int(c.requests), money(c.monthlyCost), c.batch.monthlySavings === null ? `- ${c.batch.reason !== undefined ? adviceText(c.batch.reason) : ''}`.trim() : money(c.batch.monthlySavings), c.batch.evidence.signals.map(adviceText).join('; ') || 'none in the logs']);
  }
  return rows;
}
