import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DUCKDB_TRINO_MACROS, invocationLogsSql, longContextThresholds } from '../../src/logs/logs-sql.js';
import { logFiles, readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { withDuckDb } from '../../src/sql/duckdb.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { analyseItem, decodePartial, encodePartial, mergedLogInventory, mergePartials, type FanOutInput, type FanOutRun, type WorkerLogsQuery } from '../../src/service/fan-out.js';
import { readItemLogs } from '../../src/service/fan-out-logs.js';
import { settleFanOutReport } from '../../src/service/fan-out-settle.js';
import type { RegionSources } from '../../src/service/ports.js';
import { testClock } from '../fixtures/clock.js';
import { LONG_CONTEXT_RECORDS } from '../logs/golden-cases.js';
import { ACCOUNT, logRecord, SONNET_45, writeLogFolder } from '../logs/log-fixture.js';
import { logsCatalog, logsCatalogDocument } from '../logs/logs-catalog.js';

/**
 * The deployed fan-out and the CLI price the same invocation-log rows to the same figures. The CLI
 * reads the long-context golden's three requests (`analyze --invocation-logs DIR`: $2,043.27/month, the
 * golden's headline); the deployed path is the worker (`analyseItem`, handed its rows of the Athena
 * query as the state machine hands them: the query's rows from invocation-logs.sql, every value text)
 * and the aggregator (merge, then callers[] over every item's rows). The worker's usage is what
 * CloudWatch would sum of the same requests (the CLI's own usage from the logs), over the run's window.
 *
 * One difference is by design: a run reads whole days (here 24 hours) where the CLI alone reads the
 * logs' one hour, so monthly figures scale by 730/24 instead of 730/1; every window cost is the same.
 */

const catalog = logsCatalog();
const run: FanOutRun = { period: '2026-W45', now: '2026-11-03T00:00:00Z', days: 1, bucket: 'runs', prefix: 'runs/2026-W45/', mode: 'own-account', account: ACCOUNT };
const item = { accountId: ACCOUNT, region: 'us-east-1' };
const query: WorkerLogsQuery = { queryExecutionId: 'q-logs', database: 'logs', table: 'bedrock_invocation_logs' };
const input: FanOutInput = {
  run, itemsKey: 'items', resultsPrefix: 'results/',
  athena: { workGroup: 'primary', outputLocation: 's3://results/', logs: { database: query.database, table: query.table, query: 'SELECT 1' } },
  logsQuery: { queryExecutionId: query.queryExecutionId },
};

type Scenario = { mode: string; cost: Decimal; monthlyCost: Decimal; longContext?: unknown };
let cli: { summary: { currentMonthlyCost: string }; models: Array<{ modelId: string; currentMonthlyCost: string; requests: Record<string, unknown>; scenarios: Array<{ mode: string; cost: string; monthlyCost: string; longContext?: unknown }> }>; callers: unknown[] };
let deployed: AdvisorReport;
let rowsRead = 0;

beforeAll(async () => {
  const dir = writeLogFolder(LONG_CONTEXT_RECORDS.map(logRecord));
  const catalogFile = join(mkdtempSync(join(tmpdir(), 'agreement-catalog-')), 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(logsCatalogDocument()));
  let stdout = '';
  let stderr = '';
  const code = await main(['analyze', '--invocation-logs', dir, '--catalog', catalogFile, '--format', 'json'], { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  expect(code, stderr).toBe(0);
  cli = JSON.parse(stdout) as typeof cli;

  // What Athena answers: invocation-logs.sql's own rows over the same files (run here by DuckDB), every value text.
  const thresholds = longContextThresholds(catalog);
  const files = await logFiles(dir);
  const rows = await withDuckDb(async (connection) => {
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    const out = (await connection.runAndReadAll(invocationLogsSql({ engine: 'duckdb', files, longContextThresholds: thresholds }))).getRowObjectsJS();
    return out.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
  });
  // CloudWatch's sums of the same requests, as the worker's collector would return them.
  const { hours } = await readInvocationLogs(dir, { longContextThresholds: thresholds });
  const usage = snapshotFromLogs(hours);
  const sources: RegionSources = {
    usage: () => ({ collect: async () => ({ models: usage.models }) }),
    inventory: () => ({ read: async () => ({ provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] }) }),
  };
  const rowsOf = async () => {
    rowsRead++;
    return rows;
  };
  const partial = await analyseItem({ run, item, logs: query }, { sources, catalog, invocationLogs: () => readItemLogs(query, run, item, rowsOf) });
  const stored = decodePartial(encodePartial(partial, run));
  deployed = mergePartials(run, [item], [stored]);
  await settleFanOutReport(deployed, input, [item], { catalog, queryResults: () => ({ rows: rowsOf }), inventory: mergedLogInventory([stored]) });
});

const scenarios = (list: Array<{ mode: string; cost: Decimal.Value; monthlyCost: Decimal.Value; longContext?: unknown }>): Scenario[] =>
  list.map((s) => ({ mode: s.mode, cost: new Decimal(s.cost), monthlyCost: new Decimal(s.monthlyCost), ...(s.longContext ? { longContext: s.longContext } : {}) }));

describe('the deployed fan-out and the CLI, over the same invocation-log rows', () => {
  it('price every per-token scenario of the model line to the same window cost, the on-demand one the per-request sum', () => {
    const cliLine = cli.models.find((m) => m.modelId === SONNET_45)!;
    const line = deployed.models.find((m) => m.modelId === SONNET_45)!;
    expect(deployed.errors).toEqual([]);
    expect(rowsRead).toBe(2); // the worker's read and the aggregator's
    // The CLI's headline is the golden's: 0.981 + 0.61575 + 1.202256 = 2.799006 in the logs' one hour, x 730.
    expect(new Decimal(cli.summary.currentMonthlyCost).equals('2043.27')).toBe(true);
    const cliScenarios = scenarios(cliLine.scenarios);
    const ours = scenarios(line.scenarios.map((s) => ({ mode: s.mode, cost: s.cost!, monthlyCost: s.monthlyCost!, ...(s.longContext ? { longContext: s.longContext } : {}) })));
    expect(ours.map((s) => [s.mode, s.cost.toFixed(6)])).toEqual(cliScenarios.map((s) => [s.mode, s.cost.toFixed(6)]));
    const onDemand = ours.find((s) => s.mode === 'on-demand')!;
    expect(onDemand.cost.toFixed()).toBe('2.799006');
    // No long-context bound is left: the modes priced each request (the deployed path no longer sets the logs beside CloudWatch's figure).
    expect(onDemand.longContext).toBeUndefined();
    // The run's window is 24 hours: 2.799006 x 730 / 24 = 85.136432...
    expect(onDemand.monthlyCost.toDecimalPlaces(6).toFixed()).toBe(new Decimal('2.799006').times(730).dividedBy(24).toDecimalPlaces(6).toFixed());
    expect(new Decimal(line.currentMonthlyCost!).toDecimalPlaces(6).equals(onDemand.monthlyCost.toDecimalPlaces(6))).toBe(true);
  });

  it('set the same requests by class and the same callers', () => {
    const cliLine = cli.models.find((m) => m.modelId === SONNET_45)!;
    const line = deployed.models.find((m) => m.modelId === SONNET_45)!;
    const pick = (r: Record<string, unknown>) => ({ requests: r.requests, longContextRequests: r.longContextRequests, cost: new Decimal(r.cost as Decimal.Value).toFixed(6), tokens: r.tokens });
    expect(pick(line.requests as unknown as Record<string, unknown>)).toEqual(pick(cliLine.requests));
    expect(pick(line.requests as unknown as Record<string, unknown>)).toMatchObject({ requests: 3, longContextRequests: 2, cost: '2.799006' });
    expect(deployed.callers?.map((c) => [c.caller, c.requests])).toEqual((cli.callers as Array<{ caller: string; requests: number }>).map((c) => [c.caller, c.requests]));
  });
});
