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
      const exact = { says: 'logs-long-context', longContextRequests: requests.longContextRequests, requests: requests.requests, threshold } as const;
      const at = onDemand.assumptions.findIndex((a) => isNote(a) && a.says === 'long-context-bound');
      if (requests.coverage.complete) {
        // Exact for the whole window: the bound no longer applies.
        delete onDemand.longContext;
        if (at >= 0) onDemand.assumptions[at] = { ...exact, replacesBound: true };
        else onDemand.assumptions.push(exact);
      } else {
        onDemand.assumptions.push({ ...exact, partial: { start: requests.coverage.start, end: requests.coverage.end } });
      }
    }
    if (requests.tokens.cacheWrite1h > 0 && requests.coverage.complete) {
      onDemand.assumptions.push({
        says: 'logs-cache-ttl', cacheWriteTokens: requests.tokens.cacheWrite5m + requests.tokens.cacheWrite1h, cacheWrite1hTokens: requests.tokens.cacheWrite1h,
      });
    }
  }
  const unmatched = [...priced.models.keys()].filter((k) => !matched.has(k));
  if (unmatched.length > 0) {
    const lines = unmatched.map((k) => {
      const [, modelId = '', region = ''] = k.split('|');
      return { modelId, region };
    });
    (report.warnings ??= []).push({ says: 'logs-unmatched-lines', lines });
  }
  report.callers = priced.callers;
  report.invocationLogs = priced.summary;
}
