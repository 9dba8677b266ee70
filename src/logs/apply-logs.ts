import type { PriceCatalog } from '../catalog/catalog.js';
import type { AdvisorReport } from '../domain/report.js';
import { isNote } from '../domain/notes.js';
import { ModelResolver } from '../usage/resolve.js';
import type { UsageSnapshot } from '../usage/usage.js';
import type { InvocationLogRead } from './invocation-log.js';
import { modelKey, priceRequests } from './price-requests.js';

/**
 * Sets what the invocation logs say beside the replay: each model's requests priced by class, each
 * caller and tag, and, where the logs cover the whole window, the long-context bound replaced by the
 * exact figure. Where they cover part of it, the bound stays and says which part the logs price.
 */
export function applyInvocationLogs(report: AdvisorReport, read: InvocationLogRead, catalog: PriceCatalog, inventory: Pick<UsageSnapshot, 'provisionedThroughputs' | 'customModels' | 'inferenceProfiles'>): void {
  const window = { start: Date.parse(report.window.start), end: Date.parse(report.window.end) };
  const perAccount = report.models.some((m) => m.accountId !== undefined);
  const resolver = new ModelResolver(inventory, (id) => catalog.canonicalId(id));
  const priced = priceRequests(read, { catalog, resolver, window, perAccount });
  const matched = new Set<string>();
  for (const m of report.models) {
    const key = modelKey(m.accountId, m.modelId, m.region, m.scope);
    const requests = priced.models.get(key);
    if (!requests) continue;
    matched.add(key);
    m.requests = requests;
    const onDemand = m.scenarios.find((s) => s.mode === 'on-demand');
    if (!onDemand) continue;
    const threshold = onDemand.longContext?.thresholdInputTokens;
    if (threshold !== undefined) {
      const exact = `long context: the invocation logs show ${requests.longContextRequests.toLocaleString('en-US')} of ${requests.requests.toLocaleString('en-US')} request(s) above ${threshold.toLocaleString('en-US')} input tokens, each priced at long-context rates in this model's requests`;
      const at = onDemand.assumptions.findIndex((a) => isNote(a) && a.says === 'long-context-bound');
      if (requests.coverage.complete) {
        // Exact for the whole window: the bound no longer applies.
        delete onDemand.longContext;
        if (at >= 0) onDemand.assumptions[at] = `${exact} (exact: the logs cover the whole window)`;
        else onDemand.assumptions.push(exact);
      } else {
        onDemand.assumptions.push(`${exact} for ${requests.coverage.start} to ${requests.coverage.end}; the bound above holds for the rest of the window`);
      }
    }
    if (requests.tokens.cacheWrite1h > 0 && requests.coverage.complete) {
      onDemand.assumptions.push(`cache TTL: the logs name the TTL of ${(requests.tokens.cacheWrite5m + requests.tokens.cacheWrite1h).toLocaleString('en-US')} cache-write tokens (${requests.tokens.cacheWrite1h.toLocaleString('en-US')} at 1 hour); this model's requests price each at its own rate`);
    }
  }
  const unmatched = [...priced.models.keys()].filter((k) => !matched.has(k));
  if (unmatched.length > 0) {
    (report.warnings ??= []).push(`the invocation logs hold requests for ${unmatched.length} model line(s) the usage does not: ${unmatched.map((k) => k.split('|').slice(1, 3).join(' in ')).join(', ')}; they are in callers[] but in no model's requests`);
  }
  report.callers = priced.callers;
  report.invocationLogs = priced.summary;
}
