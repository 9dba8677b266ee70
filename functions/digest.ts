import type { Context, ScheduledEvent } from 'aws-lambda';
import type { PublishResult } from '../src/aws/sns-publisher.js';
import { runAccountAnalysis } from '../src/service/analyze-account.js';
import { recordRunMetrics, withObservability } from './middleware.js';
import { createLambdaDeps, type HandlerDeps } from './wiring.js';

/**
 * The scheduled digest (EventBridge, weekly by default): analyses the last `ANALYSIS_DAYS` days in
 * every configured Region and publishes one digest to the advisor's topic. A run that fails before
 * publishing throws, so the async-invoke retries and then the on-failure queue catch it.
 */

export type DigestHandlerDeps = HandlerDeps;

export interface DigestResponse {
  messageId: string;
  bytes: number;
  omittedRecommendations: number;
  potentialMonthlySavingsUsd: string;
  recommendations: number;
  errors: Array<{ scope: string; message: string }>;
}

export function createDigestHandler(deps: DigestHandlerDeps) {
  const { logger, metrics } = deps.observability;
  return withObservability(async (event: Partial<ScheduledEvent> | null | undefined, _context: Context): Promise<DigestResponse> => {
    const { regions, analysisDays: days } = deps.config;
    logger.info('digest started', { regions, days, trigger: event?.['detail-type'] ?? 'direct invocation' });
    const { report, published } = await runAccountAnalysis(
      { regions, days, ...(deps.now ? { now: deps.now() } : {}) },
      { ...deps.clients, catalog: await deps.prices(regions), publish: true, publisher: deps.publisher() },
    );
    recordRunMetrics(metrics, report);
    if (!published) throw new Error('digest was not published'); // unreachable: publish is true
    const response: DigestResponse = {
      ...published,
      potentialMonthlySavingsUsd: report.summary.potentialMonthlySavings.toFixed(),
      recommendations: report.summary.recommendations,
      errors: report.errors,
    };
    logger.info('digest published', { ...response });
    return response;
  }, deps.observability);
}

export const handler = createDigestHandler(createLambdaDeps());
