import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createIdempotencyStore } from '../src/aws/idempotency-store.js';
import { ConfigurationError } from '../src/errors.js';
import { periodMarkSeconds, scheduledEventTime, schedulePeriodKey } from '../src/service/schedule-period.js';
import { accountOfContext, collectionDeadline, recordRunMetrics, withObservability } from './middleware.js';
import { createLambdaDeps, runConfiguredAnalysis, type HandlerDeps } from './wiring.js';

/**
 * The scheduled digest (EventBridge, weekly by default): analyses the last `ANALYSIS_DAYS` days in
 * every configured Region and publishes one digest to the advisor's topic, at most once per schedule
 * period (`DIGEST_PERIOD`, the ISO week by default).
 *
 * The period is marked in the idempotency table (Powertools Idempotency): "in progress" before any
 * work, "done" with the response after a successful Publish. A second event for a marked period
 * returns the first response and publishes nothing. A run that fails (collection lost everywhere,
 * Publish failed, early timeout) removes the mark and throws, so the async-invoke retries and then
 * the on-failure queue catch it; the retry may publish.
 */

export interface DigestHandlerDeps extends HandlerDeps {
  /** Where published periods are marked (the IDEMPOTENCY_TABLE table in Lambda). */
  idempotencyStore: BasePersistenceLayer;
}

export interface DigestResponse {
  /** The schedule period this digest covers, e.g. `2026-W48`. */
  period: string;
  messageId: string;
  bytes: number;
  omittedRecommendations: number;
  potentialMonthlySavingsUsd: string;
  recommendations: number;
  errors: Array<{ scope: string; message: string }>;
}

/** One digest run, keyed by `period` alone: whatever else the event carries, the period decides. */
interface PeriodRun {
  period: string;
}

export function createDigestHandler(deps: DigestHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const { regions, analysisDays: days, digestPeriod } = deps.config;
  const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'period', expiresAfterSeconds: periodMarkSeconds(digestPeriod), throwOnNoIdempotencyKey: true });

  /** Runs only when the period has no mark; its return value is stored as the period's response. */
  const publishOncePerPeriod = makeIdempotent(
    async (run: PeriodRun, context: Context, signal: AbortSignal, executed: { value: boolean }): Promise<DigestResponse> => {
      executed.value = true;
      const { report, published } = await runConfiguredAnalysis(
        deps,
        deps.config.accounts,
        { regions, days, compareWithPreviousPeriod: true, ...(deps.now ? { now: deps.now() } : {}), ...collectionDeadline(context), ...accountOfContext(context), signal },
        { catalog: await deps.prices(regions), publish: true, publisher: deps.publisher() },
      );
      recordRunMetrics(metrics, report);
      if (!published) throw new Error('digest was not published'); // unreachable: publish is true
      return {
        period: run.period,
        ...published,
        potentialMonthlySavingsUsd: report.summary.potentialMonthlySavings.toFixed(),
        recommendations: report.summary.recommendations,
        errors: report.errors,
      };
    },
    { persistenceStore: deps.idempotencyStore, config: idempotency },
  );

  return withObservability(async (event: Partial<ScheduledEvent> | null | undefined, context: Context, { signal }): Promise<DigestResponse> => {
    // The mark's "in progress" state lasts as long as this invocation may, then a retry may take over.
    idempotency.registerLambdaContext(context);
    const period = schedulePeriodKey(scheduledEventTime(event, deps.now?.() ?? new Date()), digestPeriod);
    logger.info('digest started', { period, regions, days, trigger: event?.['detail-type'] ?? 'direct invocation' });
    const executed = { value: false };
    const response = await publishOncePerPeriod({ period }, context, signal, executed);
    if (executed.value) logger.info('digest published', { ...response });
    else logger.info('digest already published for this period; nothing sent', { period, messageId: response.messageId });
    return response;
  }, deps.observability);
}

/** The shared Lambda wiring plus the idempotency table, which only the digest uses (and only its role may touch). */
export function createDigestLambdaDeps(): DigestHandlerDeps {
  const deps = createLambdaDeps();
  const table = deps.config.idempotencyTable;
  if (!table) throw new ConfigurationError('IDEMPOTENCY_TABLE: environment variable is not set (the DynamoDB table recording which periods have their digest)');
  // The table is in the function's own stack, hence its own Region.
  return { ...deps, idempotencyStore: createIdempotencyStore(table, process.env.AWS_REGION ?? deps.config.topicRegion) };
}

export const handler = createDigestHandler(createDigestLambdaDeps());
