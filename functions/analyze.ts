import type { Context } from 'aws-lambda';
import type { PublishResult } from '../src/aws/sns-publisher.js';
import type { PublishedJson } from '../src/report/published.js';
import { accountsForEvent, accountsForLog, checkHistoryDays } from './config.js';
import { accountOfContext, collectionDeadline, recordRunMetrics, withObservability } from './middleware.js';
import { createLambdaDeps, runConfiguredAnalysis, type HandlerDeps } from './wiring.js';

/**
 * Manual analysis: `{ "days": 30, "regions": ["us-east-1"], "models": ["..."], "publish": false, "forecast": true }`,
 * every field optional. Returns the JSON report; publishes the digest only when `publish` is true.
 * Like the digest it states its commitments against the forecast, unless `forecast` is false.
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
    // What only an invocation runs (the event's check, the catalog, the engine, the renderers) loads on
    // the first one: esbuild makes each import() a lazily evaluated module, so cold init skips it.
    const [{ parseAnalyzeEvent }, { catalogFromShared }, { DIGEST_ANALYZE_OPTIONS }, { toPublishedJson }] = await Promise.all([
      import('./analyze-event.js'),
      import('../src/service/price-source.js'),
      import('../src/service/analyze-account.js'),
      import('../src/report/published.js'),
    ]);
    const request = parseAnalyzeEvent(event);
    const accounts = accountsForEvent(request.accounts, deps.config.accounts);
    const regions = request.regions ?? deps.config.regions;
    const days = request.days ?? deps.config.analysisDays;
    const publish = request.publish ?? false;
    const forecast = request.forecast ?? true;
    // The forecast's long read: the event's, else the deployment's; only when the run forecasts.
    // The event's is checked whether or not the run forecasts: a wrong value is named, never ignored. The
    // deployment's was checked against ANALYSIS_DAYS at start; an event asking for more days than it
    // covers reads its own window as the history.
    const checkedHistory = request.historyDays !== undefined
      ? checkHistoryDays(request.historyDays, days, 'historyDays', request.days !== undefined ? 'days' : 'ANALYSIS_DAYS')
      : deps.config.forecastHistoryDays !== undefined && deps.config.forecastHistoryDays > days ? deps.config.forecastHistoryDays : undefined;
    const historyDays = forecast ? checkedHistory : undefined;
    // Which accounts, never how they are entered: the external ID is not logged.
    logger.info('analysis started', { regions, days, models: request.models ?? 'all', publish, forecast, accounts: accountsForLog(accounts) });
    const { deadline } = collectionDeadline(context);
    const catalog = catalogFromShared(await deps.prices(regions, { ...(deadline !== undefined ? { deadline } : {}), signal }));
    const { view, published } = await runConfiguredAnalysis(
      deps,
      accounts,
      {
        regions,
        days,
        ...(request.models ? { models: request.models } : {}),
        ...(historyDays !== undefined ? { historyDays } : {}),
        now: deps.clock.now(),
        ...(deadline !== undefined ? { deadline } : {}),
        ...accountOfContext(context),
        signal,
      },
      { catalog, publish, ...(publish ? { publisher: deps.publisher() } : {}), ...(forecast ? { analyzeOptions: DIGEST_ANALYZE_OPTIONS } : {}) },
    );
    recordRunMetrics(metrics, view);
    logger.info('analysis finished', {
      potentialMonthlySavingsUsd: view.summary.potentialMonthlySavings.toFixed(2),
      recommendations: view.summary.recommendations,
      errors: view.errors,
      ...(published ? { published } : {}),
    });
    return { report: toPublishedJson(view), ...(published ? { published } : {}) };
  }, deps.observability);
}

export const handler = createAnalyzeHandler(createLambdaDeps());
