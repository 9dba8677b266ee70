import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { AccountTarget } from '../src/aws/account-targets.js';
import { resolveAccountTargets } from '../src/aws/organization-accounts.js';
import { runStoreFromEnv } from '../src/aws/run-store.js';
import { createStepFunctionsClient, StepFunctionsStarter } from '../src/aws/step-functions.js';
import { ConfigurationError, InternalError } from '../src/errors.js';
import type { BillSource } from '../src/service/ports.js';
import { MAX_ACCOUNTS, MAX_FANOUT_ACCOUNTS } from '../src/limits.js';
import type { AthenaRunQueries, FanOutItem, FanOutStarter, RunStore } from '../src/service/fan-out.js';
import type { PriceCatalog } from '../src/catalog/catalog.js';
import { idempotencyTableFromEnv, type AthenaConfig } from './config.js';
import { scheduledEventTime, schedulePeriodKey } from '../src/service/schedule-period.js';
import { costExplorerBill } from './bill.js';
import { memoize, memoizeAsync } from './memoize.js';
import { accountOfContext, collectionDeadline, recordPeriodCovered, recordRunMetrics, withObservability } from './middleware.js';
import { digestResponse, logPublishOutcome, oncePerPeriod, type DigestResponse } from './once-per-period.js';
import { createLambdaDeps, runConfiguredAnalysis, type HandlerDeps } from './wiring.js';

/**
 * The scheduled digest (EventBridge, weekly by default): analyses the last `ANALYSIS_DAYS` days in
 * every configured Region and account and publishes one digest to the advisor's topic, at most once
 * per schedule period (`DIGEST_PERIOD`, the ISO week by default; see ./once-per-period.ts).
 *
 * A run of at least `FANOUT_MIN_ITEMS` (account, Region) items does not fit one Lambda: the digest
 * then only starts the fan-out state machine (statemachine/digest-fanout.asl.json), whose workers
 * read one item each and whose aggregator publishes the one digest. The execution is named after the
 * period, so a retried schedule starts it once.
 */

export type { DigestResponse };

export interface DigestHandlerDeps extends HandlerDeps {
  /** Where published periods are marked (the IDEMPOTENCY_TABLE table in Lambda); built on first use. */
  idempotencyStore: () => Promise<BasePersistenceLayer>;
  /** The fan-out's run store (RUN_BUCKET); called only when the run fans out. */
  runStore: () => RunStore;
  /** Starts the fan-out's state machine (STATE_MACHINE_ARN); called only when the run fans out. */
  fanOutStarter: () => FanOutStarter;
  /** The bill the digest is reconciled with (BILL_SOURCE=ce); absent: no bill is read. */
  bill?: BillSource;
}

/** The digest's answer when it handed the run to the fan-out rather than publishing itself. */
export interface FanOutStarted {
  period: string;
  fannedOut: { executionArn: string; items: number; alreadyStarted: boolean; replaces?: string[]; status?: string };
}

export function createDigestHandler(deps: DigestHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const { regions, analysisDays: days, digestPeriod, fanOut } = deps.config;

  /** The whole run in this Lambda; runs only when the period has no mark. */
  const publishOnce = oncePerPeriod<AccountTarget[]>(deps.idempotencyStore, digestPeriod, async (period, context, signal, targets?: AccountTarget[]) => {
    const bounds = { ...collectionDeadline(context), signal };
    const [{ catalogFromShared }, { DIGEST_ANALYZE_OPTIONS }] = await Promise.all([import('../src/service/price-source.js'), import('../src/service/analyze-account.js')]);
    const catalog = catalogFromShared(await deps.prices(regions, bounds));
    const { view, published } = await runConfiguredAnalysis(
      deps,
      targets ? { kind: 'roles', targets } : deps.config.accounts,
      { regions, days, compareWithPreviousPeriod: true, now: deps.clock.now(), ...(deps.config.forecastHistoryDays !== undefined ? { historyDays: deps.config.forecastHistoryDays } : {}), ...bounds, ...accountOfContext(context) },
      { catalog, publish: true, publisher: deps.publisher(), analyzeOptions: DIGEST_ANALYZE_OPTIONS, ...(deps.bill ? { bill: deps.bill } : {}) },
    );
    recordRunMetrics(metrics, view);
    if (!published) throw new InternalError('digest was not published'); // unreachable: publish is true
    return digestResponse(period, published, view);
  });

  return withObservability(async (event: Partial<ScheduledEvent> | null | undefined, context: Context, { signal }): Promise<DigestResponse | FanOutStarted> => {
    const period = schedulePeriodKey(scheduledEventTime(event, deps.clock.now()), digestPeriod);
    logger.info('digest started', { period, regions, days, trigger: event?.['detail-type'] ?? 'direct invocation' });
    // The accounts are listed once (an organization's may change between runs): their count decides.
    // With the fan-out deployed, an organisation too large for one Lambda fans out whatever the threshold.
    const canFanOut = fanOut?.stateMachineArn !== undefined;
    const targets = deps.config.accounts ? await resolveAccountTargets(deps.config.accounts, deps.organization, 'aws', canFanOut ? MAX_FANOUT_ACCOUNTS : MAX_ACCOUNTS, signal) : undefined;
    const own = accountOfContext(context).account;
    // The fan-out's planning (and the service under it) loads on the first invocation, not at cold init.
    const { planFanOut, runPrefix, startFanOut } = await import('../src/service/fan-out.js');
    const items: FanOutItem[] = planFanOut(targets ?? [{ accountId: own ?? 'own-account' }], regions);
    // Athena queries run in the state machine only: a run with any fans out, whatever its size.
    if (fanOut && canFanOut && (deps.config.athena !== undefined || items.length >= fanOut.minItems || (targets?.length ?? 1) > MAX_ACCOUNTS)) {
      const now = deps.clock.now();
      const prices = await deps.prices(regions, { ...collectionDeadline(context), signal });
      const athena = deps.config.athena ? await athenaRunQueries(deps.config.athena, { now, days }, (await import('../src/service/price-source.js')).catalogFromShared(prices)) : undefined;
      const started = await startFanOut(
        {
          run: {
            period, now: now.toISOString(), days, ...(deps.config.forecastHistoryDays !== undefined ? { historyDays: deps.config.forecastHistoryDays } : {}),
            bucket: fanOut.bucket, prefix: runPrefix(period),
            mode: targets ? 'organization' : 'own-account', ...(own ? { account: own } : {}),
          },
          items,
          prices,
          ...(athena ? { athena } : {}),
        },
        { store: deps.runStore(), starter: deps.fanOutStarter(), signal },
      );
      logger.info('digest handed to the fan-out', { period, ...started });
      // The period's fan-out already succeeded: its digest went out (the heartbeat; the aggregator says it on the day).
      if (started.status === 'SUCCEEDED') recordPeriodCovered(metrics);
      return { period, fannedOut: started };
    }
    const outcome = await publishOnce(period, context, signal, targets);
    logPublishOutcome(logger, period, outcome);
    recordPeriodCovered(metrics);
    return outcome.response;
  }, deps.observability);
}

/**
 * The run's Athena queries, their text made from the same .sql files the CLI runs on DuckDB: the
 * bill's over the window [now - days, now] widened to whole UTC days, the invocation logs' with every
 * long-context threshold the run's prices name.
 */
export async function athenaRunQueries(config: AthenaConfig, run: { now: Date; days: number }, catalog: PriceCatalog): Promise<AthenaRunQueries> {
  const [{ billAthenaQuery, logsAthenaQuery }, { longContextThresholds }] = await Promise.all([import('../src/aws/athena-sql.js'), import('../src/logs/logs-sql.js')]);
  const end = run.now.toISOString();
  const start = new Date(run.now.getTime() - run.days * 86_400_000).toISOString();
  return {
    workGroup: config.workGroup,
    outputLocation: config.outputLocation,
    ...(config.bill ? { bill: { ...config.bill, query: billAthenaQuery(config.bill, { start, end }) } } : {}),
    ...(config.logs ? { logs: { ...config.logs, query: logsAthenaQuery({ ...config.logs, longContextThresholds: longContextThresholds(catalog) }) } } : {}),
  };
}

/** The shared Lambda wiring plus what only the digest uses: the idempotency table and the fan-out. */
export function createDigestLambdaDeps(): DigestHandlerDeps {
  const deps = createLambdaDeps();
  const { config } = deps;
  // The table, bucket and state machine are in the function's own stack, hence its own Region.
  const ownRegion = process.env.AWS_REGION ?? config.topicRegion;
  const idempotencyTable = idempotencyTableFromEnv(config.idempotencyTable);
  // Athena only through the state machine: a run with queries needs the fan-out.
  if (config.athena && !config.fanOut?.stateMachineArn) throw new ConfigurationError('STATE_MACHINE_ARN: the Athena queries run in the fan-out state machine, and it is not set');
  return {
    ...deps,
    // A missing IDEMPOTENCY_TABLE fails at init; the store and its DynamoDB client are built on first use.
    idempotencyStore: memoizeAsync(async () => (await import('../src/aws/idempotency-store.js')).createIdempotencyStore(idempotencyTable, ownRegion)),
    runStore: memoize(() => runStoreFromEnv(config.fanOut?.bucket, ownRegion)),
    // Cost Explorer only when BILL_SOURCE turns it on: the role has ce:* only then (serverless.yml).
    ...(config.billSource === 'ce' ? { bill: costExplorerBill() } : {}),
    fanOutStarter: memoize(() => {
      if (!config.fanOut?.stateMachineArn) throw new ConfigurationError('STATE_MACHINE_ARN: environment variable is not set (the digest fan-out state machine)');
      return new StepFunctionsStarter(createStepFunctionsClient(ownRegion), config.fanOut.stateMachineArn);
    }),
  };
}

export const handler = createDigestHandler(createDigestLambdaDeps());
