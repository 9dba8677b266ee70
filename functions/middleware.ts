import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { AdvisorReport } from '../src/report/report.js';

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

/** POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_LOG_LEVEL override the defaults. */
export function createObservability(): Observability {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME }),
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

export function withObservability<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  { logger, metrics }: Observability,
): MiddyfiedHandler<TEvent, TResult, Error, Context> {
  return middy<TEvent, TResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(logErrors(logger))
    .handler(handler);
}

/**
 * The run's headline numbers as metrics: potential monthly savings (USD, as a plain number; the
 * exact amount is in the report) and what collecting cost in CloudWatch API calls.
 */
export function recordRunMetrics(metrics: Metrics, report: AdvisorReport): void {
  metrics.addMetric('PotentialMonthlySavingsUsd', MetricUnit.NoUnit, report.summary.potentialMonthlySavings.toNumber());
  metrics.addMetric('Recommendations', MetricUnit.Count, report.summary.recommendations);
  metrics.addMetric('FailedScopes', MetricUnit.Count, report.errors.length);
  const calls = report.collection ? report.collection.listMetricsCalls + report.collection.getMetricDataCalls : 0;
  metrics.addMetric('CloudWatchApiCalls', MetricUnit.Count, calls);
}
