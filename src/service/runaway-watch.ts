import type { PriceCatalog } from '../catalog/catalog.js';
import { incidentId, type RunawayIncident, type RunawayOptions } from '../runaway/detect.js';
import { runawayWindowHours, watchRunaway } from '../runaway/watch.js';
import type { CollectionStats, ScopeError } from '../usage/usage.js';
import { collectAccountSnapshot } from './collect-account.js';
import { errorMessage } from './scope-errors.js';
import type { RegionSources } from './ports.js';
import { adviceText } from '../report/advice-text.js';

/**
 * The scheduled runaway watch (functions/runaway.ts), without AWS: read every model's hourly sums in
 * each Region (one GetMetricData metric per series and run, src/usage/cloudwatch-plan.ts
 * planHourlyCollection), price them at the report's as-billed rates, find the hours that left their
 * baseline (src/runaway/detect.ts) and hand each incident to `alert`, which sends it at most once.
 */

export interface RunawayWatchRequest {
  regions: string[];
  /** Days of baseline before the judged hours. */
  baselineDays: number;
  /** The run's clock; the window ends at the hour it falls in (that hour not yet complete is left out). */
  now: Date;
  options: RunawayOptions;
  /** When collection must stop (epoch ms); a Region not read by then is named in `errors`. */
  deadline?: number;
  signal?: AbortSignal;
}

/** What alerting one incident came to (src/runaway/alert-once.ts in Lambda). */
export interface IncidentAlert {
  id: string;
  messageId: string;
  sent: boolean;
  alertedAs?: string;
}

export interface RunawayWatchDeps {
  sources: RegionSources;
  catalog: PriceCatalog;
  alert: (incident: RunawayIncident) => Promise<IncidentAlert>;
}

export interface RunawayWatchResult {
  window: { start: string; end: string };
  /** Series judged: each model in each Region, and each profile it was invoked through. */
  watched: number;
  incidents: Array<{ id: string; label: string; costSoFar: string; hours: number; ongoing: boolean; sent: boolean; messageId?: string; alertedAs?: string; warnings?: string[] }>;
  /** Scopes not watched (a Region not read, a model not priced) and alerts that failed, in words (the Lambda returns and logs them). */
  errors: Array<Omit<ScopeError, 'message'> & { message: string }>;
  collection?: CollectionStats;
  /**
   * What the collection warned of, in words, as the report's warnings say it: a metric read through a
   * finer dimension set (no ModelId-only series), a cache metric under both names. Each incident whose
   * series it concerns carries it too, in its alert.
   */
  warnings?: string[];
  /**
   * Series with judged hours the watch could not price (a count with no price, or a model billed for
   * what CloudWatch does not report): those hours are unknown, never $0, so they are not judged; `reason`
   * in words when the report gives one.
   */
  unpriced: Array<{ label: string; hours: number; reason?: string }>;
  /**
   * Alerts that could not be sent (also in `errors`). Every incident is tried first; the handler then
   * fails the run so it is retried, and the incidents already sent stay marked.
   */
  failedAlerts: number;
}

export async function runRunawayWatch(request: RunawayWatchRequest, deps: RunawayWatchDeps): Promise<RunawayWatchResult> {
  const endSec = Math.floor(request.now.getTime() / 3_600_000) * 3600;
  const hours = runawayWindowHours(request.baselineDays, request.options);
  const end = new Date(endSec * 1000);
  const start = new Date((endSec - hours * 3600) * 1000);
  const snapshot = await collectAccountSnapshot(
    {
      regions: request.regions, days: hours / 24, now: end, hourly: true,
      ...(request.deadline !== undefined ? { deadline: request.deadline } : {}), ...(request.signal ? { signal: request.signal } : {}),
    },
    deps.sources,
    { start, end },
  );
  const found = watchRunaway(snapshot, deps.catalog, end, request.baselineDays, request.options);
  const errors: ScopeError[] = [...snapshot.errors, ...found.errors];
  const incidents: RunawayWatchResult['incidents'] = [];
  for (const incident of found.incidents) {
    request.signal?.throwIfAborted();
    const summary = {
      id: incidentId(incident), label: incident.label, costSoFar: incident.costSoFar.toFixed(), hours: incident.hours.length, ongoing: incident.ongoing,
      ...(incident.warnings ? { warnings: incident.warnings.map(adviceText) } : {}),
    };
    try {
      const outcome = await deps.alert(incident);
      incidents.push({ ...summary, sent: outcome.sent, messageId: outcome.messageId, ...(outcome.alertedAs ? { alertedAs: outcome.alertedAs } : {}) });
    } catch (error) {
      incidents.push({ ...summary, sent: false });
      errors.push({ scope: `runaway alert ${summary.id}`, message: { says: 'alert-not-sent', cause: errorMessage(error) } });
    }
  }
  return {
    window: { start: start.toISOString(), end: end.toISOString() },
    watched: found.watched,
    incidents,
    unpriced: found.unpriced.map((u) => ({ label: u.label, hours: u.hours, ...(u.reason ? { reason: adviceText(u.reason) } : {}) })),
    failedAlerts: incidents.filter((i) => !i.sent && i.messageId === undefined).length,
    errors: errors.map((e) => ({ ...e, message: adviceText(e.message) })),
    ...(snapshot.collection ? { collection: snapshot.collection } : {}),
    ...(snapshot.warnings?.length ? { warnings: snapshot.warnings.map(adviceText) } : {}),
  };
}
