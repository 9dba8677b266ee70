import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { PublishResult } from '../src/aws/sns-publisher.js';
import type { PublishedReport } from '../src/report/published-view.js';
import { periodMarkSeconds, type SchedulePeriod } from '../src/service/schedule-period.js';
import { memoizeAsync } from './memoize.js';

/**
 * At most one digest per schedule period, whichever function publishes it: the digest Lambda (one
 * run) or the fan-out's aggregator. The period is marked in the idempotency table (Powertools
 * Idempotency) under one key prefix for both, so a period published one way is not published the
 * other way too: "in progress" before any work, "done" with the response after a successful Publish.
 * A second call for a marked period returns the first response and publishes nothing. A run that
 * fails removes the mark and throws, so a retry may publish.
 */

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

/** The idempotency records' key prefix, the same in every function that publishes a digest. */
export const DIGEST_MARK_PREFIX = 'bedrock-cost-advisor-digest';

/** One digest run, keyed by `period` alone: whatever else the event carries, the period decides. */
interface PeriodRun {
  period: string;
}

/** `extra` is handed through and not part of the key (the period alone decides). */
export type PublishForPeriod<TExtra> = (period: string, context: Context, signal: AbortSignal, extra?: TExtra) => Promise<DigestResponse>;

/** Wraps `publish` so it runs at most once per period; `executed` says whether this call ran it. */
export function oncePerPeriod<TExtra = never>(store: () => Promise<BasePersistenceLayer>, digestPeriod: SchedulePeriod, publish: PublishForPeriod<TExtra>) {
  // Wrapped on the first call: Powertools Idempotency, the store and its DynamoDB client load and are
  // built then, not at init.
  const idempotent = memoizeAsync(async () => {
    const { IdempotencyConfig, makeIdempotent } = await import('@aws-lambda-powertools/idempotency');
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'period', expiresAfterSeconds: periodMarkSeconds(digestPeriod), throwOnNoIdempotencyKey: true });
    const once = makeIdempotent(
      async (run: PeriodRun, context: Context, signal: AbortSignal, executed: { value: boolean }, extra?: TExtra): Promise<DigestResponse> => {
        executed.value = true;
        return publish(run.period, context, signal, extra);
      },
      { persistenceStore: await store(), config, keyPrefix: DIGEST_MARK_PREFIX },
    );
    return { config, once };
  });
  return async (period: string, context: Context, signal: AbortSignal, extra?: TExtra): Promise<{ response: DigestResponse; executed: boolean }> => {
    const { config, once } = await idempotent();
    // The mark's "in progress" state lasts as long as this invocation may, then a retry may take over.
    config.registerLambdaContext(context);
    const executed = { value: false };
    const response = await once({ period }, context, signal, executed, extra);
    return { response, executed: executed.value };
  };
}

/** The response every digest publish returns (and the idempotency record keeps): figures and words of the published report. */
export function digestResponse(period: string, published: PublishResult, report: PublishedReport): DigestResponse {
  return {
    period,
    ...published,
    // In cents, as the published JSON report writes it (the engine's exact amount is never published).
    potentialMonthlySavingsUsd: report.summary.potentialMonthlySavings.toFixed(2),
    recommendations: report.summary.recommendations,
    // The scope errors in words, as the published report says them (the response is logged and kept).
    errors: report.errors,
  };
}

/** One log line either way: published now, or already published for the period. */
export function logPublishOutcome(logger: Logger, period: string, outcome: { response: DigestResponse; executed: boolean }): void {
  if (outcome.executed) logger.info('digest published', { ...outcome.response });
  else logger.info('digest already published for this period; nothing sent', { period, messageId: outcome.response.messageId });
}
