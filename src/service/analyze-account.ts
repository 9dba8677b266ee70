import type { AnalyzeOptions } from '../engine.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillSource, RegionSources, ReportPublisher } from './ports.js';
import type { PublishedReport } from '../report/published.js';
import { runAnalysis, type AnalysisPipeline } from './run-analysis.js';
import { collectAccountPeriods, type AccountAnalysisRequest } from './collect-account.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { mergeCollectionStats } from '../usage/usage.js';

export { mergeCollectionStats };
export { errorCode, errorMessage, PublisherMissingError, reconcileWithBill } from './run-analysis.js';
export { AccountCollectionError, DeadlineReachedError, collectAccountPeriods, collectAccountSnapshot, collectPreviousPeriod, type AccountAnalysisRequest } from './collect-account.js';

/**
 * Orchestration for one account: collect usage and inventory in every Region at once, build one
 * snapshot (./collect-account.ts), run the pure engine, and publish the finished report. No AWS SDK here: usage and
 * inventory come through the ports of `./ports.ts` (`RegionSources`), implemented in `src/aws/sources.ts`.
 */

export interface AccountAnalysisDeps<TPublished = unknown> {
  /** Usage and inventory per Region (the handlers' adapters cache one client per Region). */
  sources: RegionSources;
  catalog: PriceCatalog;
  /** Required when `publish` is true. */
  publisher?: ReportPublisher<TPublished>;
  publish: boolean;
  /** Passed to the engine; `now` defaults to the request's clock. */
  analyzeOptions?: AnalyzeOptions;
  /** When set, the report is reconciled with the bill before it is published. */
  bill?: BillSource;
}

export interface AccountAnalysisResult<TPublished = unknown> {
  /** The report as computed: exact money, for metrics and logs. */
  report: AdvisorReport;
  /** The report as published (rounded once): what the response, the digest and every renderer show. */
  view: PublishedReport;
  /** Present only when the report was published. */
  published?: TPublished;
}

/**
 * What the Lambdas (the scheduled digest, its fan-out workers and the analyze function, unless its event
 * says `forecast: false`) ask of the engine beyond the defaults: commitment plans and expiring
 * commitments stated against the forecast, as the CLI's are (README, "Commitments against a forecast").
 * The forecast costs about 6 ms per load simulated, only for models with a commitment plan, so they can afford it.
 */
export const DIGEST_ANALYZE_OPTIONS: AnalyzeOptions = { forecast: {} };

/**
 * Collects, analyses and (optionally) publishes one account: the one orchestration (`runAnalysis`) with
 * CloudWatch and the Bedrock inventory as its source. Publishing happens once, after the whole report
 * is built, so a failure anywhere before it never sends a partial digest.
 */
export async function runAccountAnalysis<TPublished>(request: AccountAnalysisRequest, deps: AccountAnalysisDeps<TPublished>): Promise<AccountAnalysisResult<TPublished>> {
  const { report, view, published } = await runAnalysis({
    collect: () => collectAccountPeriods(request, deps.sources),
    ...analysisDeps(request, deps),
  });
  return { report, view, ...(published !== undefined ? { published } : {}) };
}

/** What every run over CloudWatch passes the orchestration beside its source: the request's clock, account and signal. */
export function analysisDeps<TPublished>(request: AccountAnalysisRequest, deps: Omit<AccountAnalysisDeps<TPublished>, 'sources'>): Omit<AnalysisPipeline<TPublished>, 'collect'> {
  return {
    catalog: deps.catalog,
    analyzeOptions: { ...(request.now ? { now: request.now } : {}), ...(request.account ? { account: request.account } : {}), ...deps.analyzeOptions },
    ...(deps.bill ? { bill: deps.bill } : {}),
    ...(deps.publisher ? { publisher: deps.publisher } : {}),
    publish: deps.publish,
    ...(request.signal ? { signal: request.signal } : {}),
  };
}
