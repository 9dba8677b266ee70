import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { runReaderFromEnv } from '../src/aws/run-reader.js';
import { createSnsClient, SnsDigestPublisher } from '../src/aws/sns-publisher.js';
import { InputError, InternalError } from '../src/errors.js';
import type { FanOutInput, RunReader } from '../src/service/fan-out.js';
import type { QueryResultsReader } from '../src/service/fan-out-logs.js';
import type { SharedCatalog } from '../src/service/price-source.js';
import type { BillSource } from '../src/service/ports.js';
import { createAthenaResultsReader } from '../src/aws/athena-results.js';
import { idempotencyTableFromEnv, loadConfig } from './config.js';
import { costExplorerBill } from './bill.js';
import { memoize, memoizeAsync } from './memoize.js';
import { createObservability, recordPeriodCovered, recordRunMetrics, withObservability } from './middleware.js';
import { digestResponse, logPublishOutcome, oncePerPeriod, type DigestResponse } from './once-per-period.js';
import type { HandlerDeps } from './wiring.js';

/**
 * The fan-out's aggregator, the state machine's last step: reads the run's items and every worker's
 * partial report, merges them into one report (an item with no partial is named, the rest are
 * published) and publishes it once per period, under the same mark as the one-Lambda digest.
 * Nothing could be analysed: nothing is published and the execution fails (the operations alarm).
 */
/** What the aggregator runs on: the run store, the topic and the period marks; it reads no account. */
export interface AggregatorDeps extends Pick<HandlerDeps, 'config' | 'observability' | 'publisher'> {
  /** Where published periods are marked; built on first use. */
  idempotencyStore: () => Promise<BasePersistenceLayer>;
  runStore: () => RunReader;
  /** Cost Explorer, when BILL_SOURCE is ce (large runs read the bill here, after the merge). */
  bill?: BillSource;
  /** Reads the rows of the Athena queries the state machine ran (the bill's, the invocation logs'). */
  queryResults?: () => QueryResultsReader;
}

export function createAggregatorHandler(deps: AggregatorDeps) {
  const { logger, metrics } = deps.observability;
  const publishOnce = oncePerPeriod<FanOutInput>(deps.idempotencyStore, deps.config.digestPeriod, async (period, _context, signal, input) => {
    if (!input) throw new InternalError('the aggregator publishes a fan-out run only'); // unreachable: the handler passes it
    const { run } = input;
    // The merge, the bill and logs' settling, the catalog and the published view load on the first
    // invocation, not at cold init (bench/cold-init.ts).
    const [{ itemsSchema }, { mergePartials, mergedLogInventory, pricesKey, readPartials }, { settleFanOutReport }, { catalogFromShared }, { publishedReport }] = await Promise.all([
      import('./fanout-events.js'),
      import('../src/service/fan-out.js'),
      import('../src/service/fan-out-settle.js'),
      import('../src/service/price-source.js'),
      import('../src/report/published.js'),
    ]);
    const store = deps.runStore();
    const text = await store.get(input.itemsKey, signal);
    if (text === undefined) throw new InputError(`the run's items are missing: no object ${input.itemsKey} in the run bucket`);
    const parsed = itemsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new InputError(`${input.itemsKey}: not a list of fan-out items (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    const items = parsed.data;
    const partials = await readPartials(run, items, store, signal);
    const report = mergePartials(run, items, partials);
    if (input.athena || deps.bill) {
      // The bill and the logs are priced at the run's prices, the ones every worker used.
      const prices = await store.get(pricesKey(run), signal);
      if (prices === undefined) throw new InputError(`the run's prices are missing: no object ${pricesKey(run)} in the run bucket`);
      await settleFanOutReport(report, input, items, {
        catalog: catalogFromShared(JSON.parse(prices) as SharedCatalog), signal, inventory: mergedLogInventory(partials),
        ...(deps.bill ? { bill: deps.bill } : {}), ...(deps.queryResults ? { queryResults: deps.queryResults } : {}),
      });
    }
    // Published once: the message, the metrics and the response read the same rounded figures.
    const view = publishedReport(report);
    recordRunMetrics(metrics, view);
    signal.throwIfAborted();
    const published = await deps.publisher().publish(view, signal);
    logger.info('fan-out merged', { period, items: items.length, missing: partials.filter((p) => p === undefined).length });
    return digestResponse(period, published, view);
  });
  return withObservability(async (event: unknown, context: Context, { signal }): Promise<DigestResponse> => {
    const input = (await import('./fanout-events.js')).parseAggregatorInput(event);
    const { run } = input;
    const outcome = await publishOnce(run.period, context, signal, input);
    logPublishOutcome(logger, run.period, outcome);
    recordPeriodCovered(metrics);
    return outcome.response;
  }, deps.observability);
}

export function createAggregatorLambdaDeps(): AggregatorDeps {
  const config = loadConfig();
  // The table and the bucket are the function's own Region's (its own stack); the topic says its own.
  const ownRegion = process.env.AWS_REGION ?? config.topicRegion;
  const idempotencyTable = idempotencyTableFromEnv(config.idempotencyTable);
  const publisher = memoize(() => new SnsDigestPublisher({ client: createSnsClient(config.topicRegion), topicArn: config.topicArn }));
  return {
    config,
    observability: createObservability(),
    publisher,
    // A missing IDEMPOTENCY_TABLE fails at init; the store and its DynamoDB client are built on first use.
    idempotencyStore: memoizeAsync(async () => (await import('../src/aws/idempotency-store.js')).createIdempotencyStore(idempotencyTable, ownRegion)),
    runStore: memoize(() => runReaderFromEnv(config.fanOut?.bucket, ownRegion)),
    // Cost Explorer only when BILL_SOURCE is ce; Athena results only when the run has queries (the role has each only then).
    ...(config.billSource === 'ce' ? { bill: costExplorerBill() } : {}),
    queryResults: memoize(() => createAthenaResultsReader(ownRegion)),
  };
}

export const handler = createAggregatorHandler(createAggregatorLambdaDeps());
