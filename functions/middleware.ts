import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { PublishedReport } from '../src/report/published-view.js';
import { accountOfArn } from '../src/model-id.js';
import { timerMs } from '../src/clock.js';

/**
 * The cross-cutting part every advisor Lambda shares: structured JSON logs with the Lambda context,
 * CloudWatch metrics in EMF, and one error log line per failed invocation. Handlers stay the
 * business step alone.
 */

export const METRICS_NAMESPACE = 'BedrockCostAdvisor';
const SERVICE_NAME = 'bedrock-cost-advisor';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/** Keys whose values are never logged, whatever they hold (not "InputTokenCount": a usage token is no secret). */
const SECRET_KEY = /secret|session_?token|access_?token|^token$|password|credential|authorization|signature|cookie|external_?id/i;
/** AWS access key and principal IDs (AKIA…, ASIA…, AIDA…, AROA…). */
const AWS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|ANPA|AGPA)[A-Z0-9]{12,}\b/g;
/** A 12-digit AWS account ID, alone or inside an ARN. */
const ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;

/**
 * Logs carry no credentials and no account ID: the digest itself names what the reader needs, and a
 * log line is read by more people than the digest. SDK error messages quote the caller's ARN
 * ("User: arn:aws:sts::123456789012:assumed-role/…"), and the Lambda context adds the function ARN,
 * so every string value is scrubbed, not only known fields.
 */
export function redactLogValue(key: string, value: unknown): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'object') return '[redacted]';
  if (typeof value !== 'string') return value;
  return value.replace(AWS_KEY_ID, '[access key id]').replace(ACCOUNT_ID, '[account]');
}

/** POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_LOG_LEVEL override the defaults. */
export function createObservability(): Observability {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME, jsonReplacerFn: redactLogValue }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  };
}

/** Logs the failure once, with its name and cause, then lets it propagate so Lambda reports it (and retries/DLQs async calls). */
function logErrors(logger: Logger): MiddlewareObj {
  return {
    onError: (request) => {
      logger.error('invocation failed', request.error instanceof Error ? request.error : String(request.error));
    },
  };
}

/**
 * middy gives up this long before the Lambda timeout: it aborts the handler's signal (every SDK call
 * in flight is cancelled, no digest is published after it) and fails the invocation, leaving time for
 * the onError middlewares (the idempotency record is released, the error is logged, metrics flushed).
 */
export const TIMEOUT_EARLY_MS = 3_000;

/**
 * Time kept back for analysing and publishing once collection stops: a fifth of the invocation's
 * remaining time, at most 45 s. Analysis of 1,000 models takes about a second (bench/replay); the rest
 * is for one Publish, retries included.
 */
export const MAX_ANALYSE_AND_PUBLISH_MS = 45_000;

/**
 * When collection must stop (epoch ms), from the invocation's remaining time; none when the context
 * cannot tell (a hand-made context in a script), as middy itself then sets no early timeout.
 */
export function collectionDeadline(context: Partial<Pick<Context, 'getRemainingTimeInMillis'>>, now: number = timerMs()): { deadline?: number } {
  if (typeof context.getRemainingTimeInMillis !== 'function') return {};
  const remaining = context.getRemainingTimeInMillis() - TIMEOUT_EARLY_MS;
  return { deadline: now + remaining - Math.min(MAX_ANALYSE_AND_PUBLISH_MS, Math.floor(remaining / 5)) };
}

/** The function's own account, from its ARN: the account the digest is about (none from a hand-made context). */
export function accountOfContext(context: Partial<Pick<Context, 'invokedFunctionArn'>>): { account?: string } {
  const account = accountOfArn(context.invokedFunctionArn);
  return account ? { account } : {};
}

/** What middy passes a handler besides event and context: the signal it aborts on its early timeout. */
export interface InvocationControl {
  signal: AbortSignal;
}

export function withObservability<TEvent, TResult>(
  handler: (event: TEvent, context: Context, control: InvocationControl) => Promise<TResult>,
  { logger, metrics }: Observability,
): MiddyfiedHandler<TEvent, TResult, Error, Context> {
  return middy<TEvent, TResult, Error, Context>({ timeoutEarlyInMillis: TIMEOUT_EARLY_MS })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(logErrors(logger))
    .handler(handler);
}

/**
 * The run's headline numbers as metrics: potential monthly savings (USD, as a plain number; the
 * exact amount is in the report) and what collecting cost in CloudWatch API calls.
 */
export function recordRunMetrics(metrics: Metrics, report: PublishedReport): void {
  metrics.addMetric('PotentialMonthlySavingsUsd', MetricUnit.NoUnit, report.summary.potentialMonthlySavings.toNumber());
  metrics.addMetric('Recommendations', MetricUnit.Count, report.summary.recommendations);
  metrics.addMetric('FailedScopes', MetricUnit.Count, report.errors.length);
  const calls = report.collection ? report.collection.listMetricsCalls + report.collection.getMetricDataCalls : 0;
  metrics.addMetric('CloudWatchApiCalls', MetricUnit.Count, calls);
}

/**
 * The heartbeat (alarm NoDigestAlarm in serverless.yml): this run's schedule period has its digest,
 * published now or before. The digest runs daily and publishes once per period, so a day without this
 * metric is a day whose period still had no digest.
 */
export function recordPeriodCovered(metrics: Metrics): void {
  metrics.addMetric('DigestPeriodCovered', MetricUnit.Count, 1);
}
