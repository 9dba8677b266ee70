import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { incidentId, type RunawayIncident } from './detect.js';

/** The idempotency records' key prefix for runaway alerts (the digest's table, another prefix). */
export const RUNAWAY_MARK_PREFIX = 'bedrock-cost-advisor-runaway';

export interface AlertOutcome {
  id: string;
  messageId: string;
  /** False when this series was already alerted within the cooldown: nothing was sent. */
  sent: boolean;
}

/**
 * Sends each incident at most once: the watched series (model or profile) is marked in the idempotency
 * table (Powertools Idempotency on DynamoDB) for `cooldownSeconds`, so the same incident seen again by
 * the next run, or a retried run, sends nothing; a send that fails removes the mark, so a retry may send.
 */
export function alertOncePerIncident(store: BasePersistenceLayer, cooldownSeconds: number, send: (incident: RunawayIncident) => Promise<string>) {
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: cooldownSeconds, throwOnNoIdempotencyKey: true });
  const once = makeIdempotent(
    async (mark: { key: string }, incident: RunawayIncident, executed: { value: boolean }): Promise<{ id: string; messageId: string }> => {
      executed.value = true;
      return { id: incidentId(incident), messageId: await send(incident) };
    },
    { persistenceStore: store, config, keyPrefix: RUNAWAY_MARK_PREFIX },
  );
  return async (incident: RunawayIncident): Promise<AlertOutcome> => {
    const executed = { value: false };
    const outcome = await once({ key: incident.key }, incident, executed);
    return { ...outcome, sent: executed.value };
  };
}
