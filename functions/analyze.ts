import type { Context } from 'aws-lambda';
import type { PublishResult } from '../src/aws/sns-publisher.js';
import { toPublishedJson, type PublishedJson } from '../src/report/published.js';
import { catalogFromShared } from '../src/service/price-source.js';
import { parseAnalyzeEvent } from './config.js';
import { accountOfContext, collectionDeadline, recordRunMetrics, withObservability } from './middleware.js';
import { createLambdaDeps, runConfiguredAnalysis, type HandlerDeps } from './wiring.js';

/**
 * Manual analysis: `{ "days": 30, "regions": ["us-east-1"], "models": ["..."], "publish": false }`,
 * every field optional. Returns the JSON report; publishes the digest only when `publish` is true.
 */

export type AnalyzeHandlerDeps = HandlerDeps;

export interface AnalyzeResponse {
  /** The published report (`schema/report.schema.json`): money as decimal strings at their published scale. */
  report: PublishedJson;
  /** Present only when `publish: true`. */
  published?: PublishResult;
}

export function createAnalyzeHandler(deps: AnalyzeHandlerDeps) {
  const { logger, metrics } = deps.observability;
  return withObservability(async (event: unknown, context: Context, { signal }): Promise<AnalyzeResponse> => {
    const request = parseAnalyzeEvent(event);
    const regions = request.regions ?? deps.config.regions;
    const days = request.days ?? deps.config.analysisDays;
    const publish = request.publish ?? false;
    logger.info('analysis started', { regions, days, models: request.models ?? 'all', publish, accounts: request.accounts ?? 'own' });
    const { report, view, published } = await runConfiguredAnalysis(
      deps,
      request.accounts,
      {
        regions,
        days,
        ...(request.models ? { models: request.models } : {}),
        now: deps.clock.now(),
        ...collectionDeadline(context),
        ...accountOfContext(context),
        signal,
      },
      { catalog: catalogFromShared(await deps.prices(regions)), publish, ...(publish ? { publisher: deps.publisher() } : {}) },
    );
    recordRunMetrics(metrics, report);
    logger.info('analysis finished', {
      potentialMonthlySavingsUsd: report.summary.potentialMonthlySavings.toFixed(),
      recommendations: report.summary.recommendations,
      errors: report.errors,
      ...(published ? { published } : {}),
    });
    return { report: toPublishedJson(view), ...(published ? { published } : {}) };
  }, deps.observability);
}

export const handler = createAnalyzeHandler(createLambdaDeps());
