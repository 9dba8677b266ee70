import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { incidentId, type RunawayIncident } from './detect.js';

/** The idempotency records' key prefix for runaway alerts (the digest's table, another prefix). */
export const RUNAWAY_MARK_PREFIX = 'bedrock-cost-advisor-runaway';

/**
 * How long an incident's own mark lasts at least: longer than any window a run judges (48 hours, see
 * src/service/runaway-watch.ts), so an incident seen again by a later run is still marked then.
 */
export const INCIDENT_MARK_SECONDS = 3 * 86_400;

export interface AlertOutcome {
  id: string;
  /** The message that alerted this incident: this one's, or, in a cooldown, the series' earlier alert. */
  messageId: string;
  /** False when nothing was sent: the incident was alerted before, or its series is in its cooldown. */
  sent: boolean;
  /** The incident whose alert holds the cooldown, when that suppressed this one. */
  alertedAs?: string;
}

/**
 * Sends each incident at most once, and at most one alert per series (a model or profile) per
 * cooldown, with two marks in the idempotency table (Powertools Idempotency on DynamoDB):
 * - the incident (series and first hour) for at least INCIDENT_MARK_SECONDS: a retried run, or the
 *   next run seeing the same incident, sends nothing;
 * - the series for `cooldownSeconds`: another incident of the series within the cooldown is recorded
 *   as alerted by the first one and is not sent, now or later.
 * A send that fails removes both marks (Powertools deletes an in-progress record when the function
 * throws), so a retry may send. `context` bounds an in-progress mark to the invocation's own time, so a
 * run killed mid-send does not silence the incident.
 *
 * `newStore` is called twice: each mark needs its own persistence layer, as Powertools configures a
 * layer once (its expiry, its key path) and sets its key prefix at every call, so the nested call
 * would otherwise save the outer mark under the inner one's prefix.
 */
export function alertOncePerIncident(newStore: () => BasePersistenceLayer, cooldownSeconds: number, send: (incident: RunawayIncident) => Promise<string>) {
  const seriesConfig = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: cooldownSeconds, throwOnNoIdempotencyKey: true });
  const incidentConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: Math.max(cooldownSeconds, INCIDENT_MARK_SECONDS), throwOnNoIdempotencyKey: true });
  const oncePerSeries = makeIdempotent(
    async (mark: { key: string }, incident: RunawayIncident, executed: { value: boolean }): Promise<{ id: string; messageId: string }> => {
      executed.value = true;
      return { id: incidentId(incident), messageId: await send(incident) };
    },
    { persistenceStore: newStore(), config: seriesConfig, keyPrefix: `${RUNAWAY_MARK_PREFIX}-series` },
  );
  const oncePerIncident = makeIdempotent(
    async (mark: { id: string }, incident: RunawayIncident, executed: { value: boolean }) => oncePerSeries({ key: incident.key }, incident, executed),
    { persistenceStore: newStore(), config: incidentConfig, keyPrefix: `${RUNAWAY_MARK_PREFIX}-incident` },
  );
  return async (incident: RunawayIncident, context?: Context): Promise<AlertOutcome> => {
    if (context) {
      seriesConfig.registerLambdaContext(context);
      incidentConfig.registerLambdaContext(context);
    }
    const executed = { value: false };
    const id = incidentId(incident);
    const outcome = await oncePerIncident({ id }, incident, executed);
    return { id, messageId: outcome.messageId, sent: executed.value, ...(outcome.id !== id ? { alertedAs: outcome.id } : {}) };
  };
}
