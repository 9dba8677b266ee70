import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { assumedRoleSources, createStsClient } from '../src/aws/accounts.js';
import { runStoreFromEnv } from '../src/aws/run-store.js';
import { awsRegionSources } from '../src/aws/sources.js';
import type { PriceCatalog } from '../src/catalog/catalog.js';
import { InputError } from '../src/errors.js';
import type { FanOutRun, RunStore } from '../src/service/fan-out.js';
import type { SharedCatalog } from '../src/service/price-source.js';
import { createAthenaResultsReader } from '../src/aws/athena-results.js';
import type { QueryResultsReader } from '../src/service/fan-out-logs.js';
import { loadConfig } from './config.js';
import { memoize } from './memoize.js';
import { collectionDeadline, createObservability, withObservability } from './middleware.js';
import type { HandlerDeps } from './wiring.js';
/**
 * The fan-out's worker (statemachine/digest-fanout.asl.json, one Distributed Map child per item):
 * collects and analyses one account in one Region with the run's prices (and its rows of the run's
 * invocation-log query, when the state machine ran it), and writes the partial
 * report to the run store. It answers with a line small enough for the Map's results; the report
 * itself travels through S3. A Region that cannot be read is a partial that says so; anything else
 * fails the invocation, and the state machine retries the item.
 */

export interface WorkerResponse {
  key: string;
  status: 'analysed' | 'failed';
  models: number;
}

/** What the worker runs on: the sources of the accounts it reads and the run store, nothing that publishes. */
export interface WorkerDeps extends Pick<HandlerDeps, 'config' | 'observability' | 'sources' | 'accountSources'> {
  runStore: () => RunStore;
  /** Reads the rows of the invocation-log query the state machine ran before the Map (only when it ran). */
  queryResults: () => QueryResultsReader;
}

export function createWorkerHandler(deps: WorkerDeps) {
  const { logger, metrics } = deps.observability;
  // A warm worker serves many items of one run: its prices are read once per run.
  const catalogs = new Map<string, Promise<PriceCatalog>>();
  const catalogOf = (run: FanOutRun, signal: AbortSignal) => {
    let catalog = catalogs.get(run.prefix);
    if (!catalog) {
      catalog = (async () => {
        const [{ pricesKey }, { catalogFromShared }] = await Promise.all([import('../src/service/fan-out.js'), import('../src/service/price-source.js')]);
        const text = await deps.runStore().get(pricesKey(run), signal);
        if (text === undefined) throw new InputError(`the run's prices are missing: no object ${pricesKey(run)} in the run bucket`);
        return catalogFromShared(JSON.parse(text) as SharedCatalog);
      })();
      catalog.catch(() => catalogs.delete(run.prefix));
      catalogs.set(run.prefix, catalog);
    }
    return catalog;
  };

  // And the logs' rows once per query: a warm worker reads them for each of its items, keeping its own.
  let logRows: { id: string; rows: Promise<Array<Record<string, string | null>>> } | undefined;
  const rowsOf = (id: string, signal: AbortSignal) => {
    if (logRows?.id !== id) {
      const rows = deps.queryResults().rows(id, signal);
      // A failed read is not kept: the retried item reads again.
      rows.catch(() => {
        if (logRows?.rows === rows) logRows = undefined;
      });
      logRows = { id, rows };
    }
    return logRows.rows;
  };

  return withObservability(async (event: unknown, context: Context, { signal }): Promise<WorkerResponse> => {
    // The event's check, the analysis and the logs' reading load on the first invocation, not at
    // cold init: esbuild makes each import() a lazily evaluated module (bench/cold-init.ts).
    const [{ parseWorkerInput }, { analyseItem, encodePartial, partialKey }, { readItemLogs }] = await Promise.all([
      import('./fanout-events.js'),
      import('../src/service/fan-out.js'),
      import('../src/service/fan-out-logs.js'),
    ]);
    const input = parseWorkerInput(event);
    const { run, item } = input;
    const logs = input.logs?.queryExecutionId !== undefined ? input.logs : undefined;
    logger.info('fan-out item started', { period: run.period, region: item.region });
    const sources = item.roleArn ? deps.accountSources({ accountId: item.accountId, roleArn: item.roleArn, ...(item.externalId ? { externalId: item.externalId } : {}) }) : deps.sources;
    const invocationLogs = logs && (() => readItemLogs(logs, run, item, (id) => rowsOf(id, signal)));
    const partial = await analyseItem(input, { sources, catalog: await catalogOf(run, signal), ...(invocationLogs ? { invocationLogs } : {}), ...collectionDeadline(context), signal });
    const key = partialKey(run, item);
    await deps.runStore().put(key, encodePartial(partial, run), signal);
    const response: WorkerResponse = { key, status: partial.status, models: partial.status === 'analysed' ? partial.report.models.length : 0 };
    // Per item, not per run: the aggregator records the run's own figures once.
    metrics.addMetric(partial.status === 'analysed' ? 'FanOutItemsAnalysed' : 'FanOutItemsFailed', MetricUnit.Count, 1);
    logger.info('fan-out item done', { ...response });
    return response;
  }, deps.observability);
}

export function createWorkerLambdaDeps(): WorkerDeps {
  const config = loadConfig();
  // The STS client and the bucket are the function's own Region's (its own stack).
  const ownRegion = process.env.AWS_REGION ?? config.topicRegion;
  return {
    config,
    observability: createObservability(),
    sources: awsRegionSources(),
    accountSources: assumedRoleSources(memoize(() => createStsClient(ownRegion))),
    runStore: memoize(() => runStoreFromEnv(config.fanOut?.bucket, ownRegion)),
    // Athena only when the run ran the invocation-log query (the role has GetQueryResults only then).
    queryResults: memoize(() => createAthenaResultsReader(ownRegion)),
  };
}

export const handler = createWorkerHandler(createWorkerLambdaDeps());
