import type { PriceCatalog } from '../catalog/catalog.js';
import type { AdvisorReport } from '../domain/report.js';
import { isNote } from '../domain/notes.js';
import type { RequestLookup } from '../engine.js';
import { ModelResolver } from '../usage/resolve.js';
import type { UsageSnapshot } from '../usage/usage.js';
import type { InvocationLogRead } from './invocation-log.js';
import { modelKey, priceRequests, type PricedRequests } from './price-requests.js';

type Inventory = Pick<UsageSnapshot, 'provisionedThroughputs' | 'customModels' | 'inferenceProfiles'>;

/** The logs' requests priced over a report's window, and how the engine finds each model line's. */
export interface LoggedRequestsRead {
  priced: PricedRequests;
  /** The engine's `AnalyzeOptions.requests`: each model line's request classes, priced by its modes. */
  lookup: RequestLookup;
}

/**
 * Prices the invocation logs' requests over `window` (epoch ms, end exclusive), before the analysis:
 * the engine reads each model line's classes through `lookup` (the on-demand mode and every what-if
 * price them), and `attachInvocationLogs` puts the per-request figures beside them afterwards.
 * `perAccount`: the report's model lines carry their account (several accounts analysed).
 */
export function priceLoggedRequests(read: InvocationLogRead, catalog: PriceCatalog, inventory: Inventory, window: { start: number; end: number }, perAccount: boolean): LoggedRequestsRead {
  const resolver = new ModelResolver(inventory, (id) => catalog.canonicalId(id));
  const priced = priceRequests(read, { catalog, resolver, window, perAccount });
  return {
    priced,
    lookup: (accountId, modelId, region, scope) => {
      const m = priced.models.get(modelKey(perAccount ? accountId : undefined, modelId, region, scope));
      return m && { coverage: m.coverage, classes: m.classes };
    },
  };
}

/**
 * Sets what the invocation logs say beside the replay: each model's requests priced by class
 * (`models[].requests`), each caller and tag (`callers[]`), what the logs covered, and the lines the
 * logs hold that no model line of the report does.
 */
export function attachInvocationLogs(report: AdvisorReport, priced: PricedRequests): Set<string> {
  const matched = new Set<string>();
  for (const m of report.models) {
    const key = modelKey(m.accountId, m.modelId, m.region, m.scope);
    const requests = priced.models.get(key);
    if (!requests) continue;
    matched.add(key);
    m.requests = requests;
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
  return matched;
}

/**
 * The fan-out's aggregator, over the merged report: its workers priced each item's rows through the
 * modes (`runAnalysis` with `invocationLogs`), so here the same rows are priced once more over every
 * item to set callers[], the logs' summary and each model line's requests, as the CLI sets them.
 */
export function attachMergedInvocationLogs(report: AdvisorReport, read: InvocationLogRead, catalog: PriceCatalog, inventory: Inventory): void {
  const window = { start: Date.parse(report.window.start), end: Date.parse(report.window.end) };
  const perAccount = report.models.some((m) => m.accountId !== undefined);
  attachInvocationLogs(report, priceLoggedRequests(read, catalog, inventory, window, perAccount).priced);
}

/**
 * Removes what `attachInvocationLogs` set over the whole read (callers[], the logs' summary, the lines
 * no model line holds), keeping each model line's requests: a fan-out worker reads one account in one
 * Region, and the aggregator attaches these once over every item's rows, as the CLI does.
 */
export function detachRunWideLogFigures(report: AdvisorReport): void {
  delete report.callers;
  delete report.invocationLogs;
  const warnings = report.warnings?.filter((w) => !isNote(w) || w.says !== 'logs-unmatched-lines');
  if (warnings?.length) report.warnings = warnings;
  else delete report.warnings;
}
