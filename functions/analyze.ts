import type { Context } from 'aws-lambda';
import { createBedrockClient } from '../src/aws/bedrock-inventory.js';
import { createCloudWatchClient } from '../src/aws/cloudwatch-collector.js';
import { createSnsClient, SnsDigestPublisher, type PublishResult } from '../src/aws/sns-publisher.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { toJsonReport } from '../src/report/report.js';
import { memoizeByRegion, runAccountAnalysis, type AwsClientFactories, type ReportPublisher } from '../src/service/analyze-account.js';
import { loadConfig, parseAnalyzeEvent, type AdvisorConfig } from './config.js';
import { createObservability, recordRunMetrics, withObservability, type Observability } from './middleware.js';

/**
 * Manual analysis: `{ "days": 30, "regions": ["us-east-1"], "models": ["..."], "publish": false }`,
 * every field optional. Returns the JSON report; publishes the digest only when `publish` is true.
 */

export interface AnalyzeHandlerDeps {
  config: AdvisorConfig;
  clients: AwsClientFactories;
  catalog: PriceCatalog;
  publisher: () => ReportPublisher<PublishResult>;
  observability: Observability;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface AnalyzeResponse {
  /** The report in its JSON form: money as exact decimal strings. */
  report: unknown;
  /** Present only when `publish: true`. */
  published?: PublishResult;
}

export function createAnalyzeHandler(deps: AnalyzeHandlerDeps) {
  const { logger, metrics } = deps.observability;
  return withObservability(async (event: unknown, _context: Context): Promise<AnalyzeResponse> => {
    const request = parseAnalyzeEvent(event);
    const regions = request.regions ?? deps.config.regions;
    const days = request.days ?? deps.config.analysisDays;
    const publish = request.publish ?? false;
    logger.info('analysis started', { regions, days, models: request.models ?? 'all', publish });
    const { report, published } = await runAccountAnalysis(
      { regions, days, ...(request.models ? { models: request.models } : {}), ...(deps.now ? { now: deps.now() } : {}) },
      { ...deps.clients, catalog: deps.catalog, publish, ...(publish ? { publisher: deps.publisher() } : {}) },
    );
    recordRunMetrics(metrics, report);
    logger.info('analysis finished', {
      potentialMonthlySavingsUsd: report.summary.potentialMonthlySavings.toFixed(),
      recommendations: report.summary.recommendations,
      errors: report.errors,
      ...(published ? { published } : {}),
    });
    return { report: toJsonReport(report), ...(published ? { published } : {}) };
  }, deps.observability);
}

/** Module scope = cold start: configuration and the catalog are checked once; clients are built once per Region, on first use. */
const config = loadConfig();
const catalog = PriceCatalog.bundled();
const publisher = memoizeByRegion((region) => new SnsDigestPublisher({ client: createSnsClient(region), topicArn: config.topicArn }));

export const handler = createAnalyzeHandler({
  config,
  catalog,
  clients: { cloudWatch: memoizeByRegion(createCloudWatchClient), bedrock: memoizeByRegion(createBedrockClient) },
  publisher: () => publisher(config.topicRegion),
  observability: createObservability(),
});
