import type { Context, ScheduledEvent } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SnsIncidentPublisher } from '../src/aws/runaway-publisher.js';
import { createSnsClient } from '../src/aws/sns-client.js';
import type { RunawayWatchResult } from '../src/service/runaway-watch.js';
import { accountOfContext, collectionDeadline, createObservability, withObservability } from './middleware.js';
import { loadRunawayConfig, type RunawayConfig } from './runaway-config.js';
import type { HandlerDeps } from './wiring.js';
import { idempotencyTableFromEnv, loadConfig } from './config.js';
import { runPrices } from './prices.js';
import { memoize, memoizeAsync } from './memoize.js';
import { awsRegionSources } from '../src/aws/sources.js';
import { systemClock } from '../src/clock.js';
import { AdvisorError } from '../src/errors.js';

/**
 * The scheduled runaway watch (EventBridge, daily by default: param runawaySchedule): each model's and
 * each profile's last hours against their baseline, in the advisor's own account and every configured
 * Region, one SNS message per incident (src/runaway/, src/service/runaway-watch.ts). The incidents are
 * marked in the idempotency table, so a retried or later run never sends one twice.
 */

export interface RunawayHandlerDeps extends Pick<HandlerDeps, 'config' | 'sources' | 'prices' | 'observability' | 'clock'> {
  runaway: RunawayConfig;
  /**
   * The factory of persistence layers on the idempotency table (each call a new one: the alerts need
   * two, see alertOncePerIncident); its module loads on the first invocation.
   */
  idempotencyStore: () => Promise<() => BasePersistenceLayer>;
  /** Publishes one incident for the account; returns the MessageId. */
  publishIncident: (account: string) => Promise<SnsIncidentPublisher>;
}

export function createRunawayHandler(deps: RunawayHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const { regions } = deps.config;
  return withObservability(async (event: Partial<ScheduledEvent> | null | undefined, context: Context, { signal }): Promise<RunawayWatchResult> => {
    const account = accountOfContext(context).account ?? 'this account';
    const bounds = { ...collectionDeadline(context), signal };
    // The watch, the catalog and the alerts' marks load on the first invocation, not at cold init:
    // esbuild makes each import() a lazily evaluated module (bench/cold-init.ts).
    const [{ runRunawayWatch }, { alertOncePerIncident }, { catalogFromShared }] = await Promise.all([
      import('../src/service/runaway-watch.js'),
      import('../src/runaway/alert-once.js'),
      import('../src/service/price-source.js'),
    ]);
    const catalog = catalogFromShared(await deps.prices(regions, bounds));
    const [publisher, newStore] = await Promise.all([deps.publishIncident(account), deps.idempotencyStore()]);
    const alertOnce = alertOncePerIncident(newStore, deps.runaway.cooldownSeconds, (incident) => publisher.publish(incident, signal));
    const result = await runRunawayWatch(
      { regions, baselineDays: deps.runaway.baselineDays, now: deps.clock.now(), options: deps.runaway.options, ...bounds },
      { sources: deps.sources, catalog, alert: (incident) => alertOnce(incident, context) },
    );
    metrics.addMetric('RunawayIncidents', MetricUnit.Count, result.incidents.length);
    metrics.addMetric('RunawayAlertsSent', MetricUnit.Count, result.incidents.filter((i) => i.sent).length);
    metrics.addMetric('RunawaySeriesWatched', MetricUnit.Count, result.watched);
    logger.info('runaway watch done', { trigger: event?.['detail-type'] ?? 'direct invocation', window: result.window, watched: result.watched, incidents: result.incidents, errors: result.errors, collection: result.collection, ...(result.warnings ? { warnings: result.warnings } : {}) });
    // Every incident was tried; a failed send fails the run so Lambda retries it (the sent ones stay marked).
    if (result.failedAlerts > 0) throw new AlertsNotSentError(`${result.failedAlerts} runaway alert(s) could not be sent: ${result.errors.filter((e) => e.scope.startsWith('runaway alert')).map((e) => `${e.scope}: ${e.message}`).join('; ')}`);
    return result;
  }, deps.observability);
}

/** Some runaway alerts could not be sent: the run fails so Lambda retries it (the sent ones stay marked). */
export class AlertsNotSentError extends AdvisorError {
  override readonly name = 'AlertsNotSentError';
  readonly code = 'alerts-not-sent';
}

/**
 * Built at cold start from the environment. Not the shared wiring (./wiring.ts): this function reads
 * its own account only, so it has no STS or Organizations client, and its role none of their actions.
 */
export function createRunawayLambdaDeps(): RunawayHandlerDeps {
  const config = loadConfig();
  // No bundled catalog at init: a run builds it only when it falls back to it (see ./wiring.ts).
  const observability = createObservability();
  const runaway = loadRunawayConfig();
  // The table is in the function's own stack, hence its own Region.
  const ownRegion = process.env.AWS_REGION ?? config.topicRegion;
  // A missing IDEMPOTENCY_TABLE fails at init; the SNS and DynamoDB clients are built on the first
  // invocation, as wiring.ts builds every handler's (an SDK client's construction is CPU a cold start
  // need not spend: bench/cold-init.ts times init against the clients' code loaded, none built).
  const table = idempotencyTableFromEnv(config.idempotencyTable);
  const client = memoize((): SNSClient => createSnsClient(config.topicRegion));
  // The two marks' layers (incident, series), on one DynamoDB client; Powertools' persistence layer
  // loads with them, on the first invocation.
  let next = 0;
  const stores = memoizeAsync(async () => {
    const { createIdempotencyClient, idempotencyStoreOn } = await import('../src/aws/idempotency-store.js');
    const dynamodb = createIdempotencyClient(ownRegion);
    const both = [idempotencyStoreOn(table, dynamodb), idempotencyStoreOn(table, dynamodb)];
    return () => both[next++ % 2]!;
  });
  return {
    config,
    sources: awsRegionSources(),
    prices: runPrices(config, observability),
    observability,
    clock: systemClock,
    runaway,
    idempotencyStore: stores,
    publishIncident: async (account) => new (await import('../src/aws/runaway-publisher.js')).SnsIncidentPublisher({ client: client(), topicArn: config.topicArn, account }),
  };
}

export const handler = createRunawayHandler(createRunawayLambdaDeps());
