import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaBillReader, AthenaQueryError, createAthenaClient } from '../../src/aws/athena-bill.js';
import { reconcile } from '../../src/bill/reconcile.js';
import type { BilledLine } from '../../src/bill/billed-line.js';
import { billOf, catalog, NOVA_HOURLY, NOVA_LITE, replayOf, snapshotOf, SONNET_HOURLY } from '../bill/bill-fixture.js';
import { startAwsStub, type AwsStub } from './aws-stub.js';
import type { AthenaFixture } from './athena-stub.js';

/**
 * The payer-account path: the bill query (src/bill/bedrock-bill.sql) started on Athena and awaited,
 * with the real Athena client over HTTP (awsJson1_1) against the loopback stub.
 */
let stub: AwsStub;
const athena: AthenaFixture = { table: 'cur.data', rows: [], rowsPerPage: 5 };

/** A row as Athena returns it for the query's columns: every value text. */
function rowOf(l: BilledLine): Record<string, string | null> {
  return {
    account_id: l.accountId ?? null, product_code: l.service.endsWith('Edition)') ? 'AmazonBedrockFoundationModels' : 'AmazonBedrock', service: l.service, region: 'us-east-1',
    usage_type: l.usageType, operation: 'InvokeModelInference', line_item_type: l.lineItemType ?? 'Usage', usage_day: l.day, pricing_unit: l.unit,
    resource_id: null, iam_principal: l.iamPrincipal ?? null, tags: null,
    quantity: l.quantity.toFixed(10), unblended_cost: l.unblendedCost.toFixed(10), net_cost: l.netCost?.toFixed(10) ?? null,
  };
}

beforeAll(async () => {
  athena.rows = billOf({ discount: '0.1', guardrails: true }).lines.map(rowOf);
  stub = await startAwsStub({ athena });
});
afterAll(async () => {
  await stub?.close();
});

const client = () => createAthenaClient('us-east-1', { endpoint: stub.url, credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'x' } });
const noWait = async () => {};
const report = () => replayOf(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: SONNET_HOURLY }]));

describe('the bill from Athena', () => {
  it('starts the shared query, waits for it, reads every page, and reconciles like the lines it came from', async () => {
    const r = report();
    const bill = await new AthenaBillReader(client(), { database: 'cur', table: 'data', workGroup: 'advisor' }, noWait).readFor(r, undefined);
    const query = athena.queries!.at(-1)!;
    expect(query).toContain(`FROM "cur"."data"`);
    expect(query).toContain(`element_at(product, 'product_name')`);
    expect(query).toContain(`CAST('2026-11-01' AS TIMESTAMP)`);
    expect(query).toContain(`CAST('2026-11-03' AS TIMESTAMP)`);
    expect(query).not.toMatch(/\{\{|^--/m);
    expect(bill.lines).toHaveLength(14);
    const ops = stub.requests.filter((q) => q.service === 'athena').map((q) => q.operation);
    // Started, polled twice (RUNNING, then SUCCEEDED), three pages of 5 of 14 rows.
    expect(ops).toEqual(['StartQueryExecution', 'GetQueryExecution', 'GetQueryExecution', 'GetQueryResults', 'GetQueryResults', 'GetQueryResults']);
    expect(bill.source).toMatchObject({ kind: 'athena' });
    expect(bill.source.description).toMatch(/1234567 bytes scanned/);
    const fromAthena = reconcile(r, bill, catalog);
    const fromLines = reconcile(r, billOf({ discount: '0.1', guardrails: true }), catalog);
    expect(fromAthena.totals.billedCost.toFixed()).toBe(fromLines.totals.billedCost.toFixed());
    expect(fromAthena.effectiveRate!.billedToListRatio.toFixed()).toBe('0.9');
  });

  it('names a failed query with Athena\'s reason', async () => {
    const error = await new AthenaBillReader(client(), { database: 'cur', table: 'other' }, noWait).readFor(report(), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as Error).message).toMatch(/^Athena query q-\d+ failed: TABLE_NOT_FOUND/);
  });

  it('refuses a database or table name that is not a plain identifier', () => {
    expect(() => new AthenaBillReader(client(), { database: 'cur"; DROP', table: 'data' })).toThrow(/database "cur"; DROP" must be letters/);
  });
});
