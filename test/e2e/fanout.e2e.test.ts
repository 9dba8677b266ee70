import type { Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { A, B, C, HAIKU, TOPIC_ARN, accountA, accountB, role } from './member-accounts.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';
import { captureStdout, lambdaContext } from './harness.js';
import { runStateMachine, type Definition } from './state-machine-driver.js';
import { MAX_ACCOUNTS } from '../../src/limits.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The digest fanned out on Step Functions, whole and in-process: the digest Lambda writes the run's
 * items and prices to S3 and starts the state machine (both through the loopback stub, over the wire);
 * the definition in statemachine/digest-fanout.asl.json is then run by an in-process driver that calls
 * the real worker handler once per (account, Region) item and the real aggregator once. Workers enter
 * member accounts through STS AssumeRole and read CloudWatch and Bedrock from the stub; the aggregator
 * publishes to SNS and marks the period on dynalite.
 *
 * The reference is the same digest run in one Lambda (a fan-out threshold above the run's size), on
 * the same clock: the fan-out must publish the same report, figure for figure.
 */

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:bedrock-cost-advisor-test-digest-fanout';
const BUCKET = 'bedrock-cost-advisor-test-runs';
/** The run's clock: both runs read the same window. */
const NOW = new Date('2026-11-30T08:00:00Z');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let stub: AwsStub;
let dynamo: LocalDynamoDb;
let fanOutDigest: Handler;
let oneLambdaDigest: Handler;
let worker: Handler;
let aggregator: Handler;
const definition = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'statemachine', 'digest-fanout.asl.json'), 'utf8')) as Definition;

function scheduled(time: string) {
  return { version: '0', id: `evt-${time}`, 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time, region: 'us-east-1', resources: [], detail: {} };
}

function quietly<T>(fn: () => Promise<T>): Promise<T> {
  return captureStdout(fn).then((r) => r.result);
}

interface PublishedReport {
  generatedAt: string;
  summary: Record<string, unknown>;
  accounts: Array<{ accountId: string; pricedMonthlyCost: string | null; errors: Array<{ scope: string; message: string }> }>;
  models: Array<{ modelId: string; region: string; accountId: string; currentMonthlyCost: string | null }>;
  errors: Array<{ scope: string; message: string }>;
  weekOverWeek?: unknown;
}

/** The JSON report subscribers (SQS, Lambda) get from one Publish. */
function publishedReport(index: number): PublishedReport {
  return JSON.parse((JSON.parse(stub.publishes[index]!.message) as { sqs: string }).sqs) as PublishedReport;
}

/** Runs the started execution to its end, as Step Functions would. */
async function runExecution(index = 0, functions: Partial<Record<'worker' | 'aggregator', Handler>> = {}) {
  const execution = stub.executions[index]!;
  const result = await quietly(() =>
    runStateMachine(definition, JSON.parse(execution.input), {
      functions: { '${FanoutWorkerArn}': functions.worker ?? worker, '${FanoutAggregatorArn}': functions.aggregator ?? aggregator },
      // The driver reads the items the digest wrote, through the same store the stub serves.
      objects: stub.objects,
    }),
  );
  return result;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  stub = await startAwsStub({
    memberAccounts: { [A]: accountA, [B]: accountB, [C]: { regions: {} } },
    denyAssumeRole: [C],
    // An organisation past one Lambda's 100 accounts (only the organisation-mode test lists it).
    organizationAccounts: Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => ({ Id: String(400000000000 + i), State: 'ACTIVE' })),
  });
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    TOPIC_ARN,
    REGIONS: 'us-east-1,us-west-2',
    ANALYSIS_DAYS: '2',
    PRICE_SOURCE: 'bundled',
    IDEMPOTENCY_TABLE,
    ACCOUNT_ROLE_ARNS: [A, B, C].map(role).join(','),
    RUN_BUCKET: BUCKET,
    STATE_MACHINE_ARN,
    // 3 accounts x 2 Regions = 6 items: the run fans out.
    FANOUT_MIN_ITEMS: '6',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const digest = await import('../../functions/digest.js');
  fanOutDigest = digest.handler as Handler;
  process.env.FANOUT_MIN_ITEMS = '7';
  oneLambdaDigest = digest.createDigestHandler(digest.createDigestLambdaDeps()) as Handler;
  process.env.FANOUT_MIN_ITEMS = '6';
  worker = (await import('../../functions/fanout-worker.js')).handler as Handler;
  aggregator = (await import('../../functions/fanout-aggregator.js')).handler as Handler;
});

afterAll(async () => {
  vi.useRealTimers();
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => stub.reset());

describe('the digest fanned out over (account, Region) items on Step Functions', () => {
  it('publishes once, the same report figure for figure as one Lambda, with the unreadable account named', async () => {
    // Reference: the same run in one Lambda (period 2026-W48).
    await quietly(() => oneLambdaDigest(scheduled('2026-11-23T08:00:00Z'), lambdaContext('digest')));
    expect(stub.executions).toHaveLength(0);
    expect(stub.publishes).toHaveLength(1);

    // Act: the fanned-out run (period 2026-W49): the digest only starts the state machine.
    const started = (await quietly(() => fanOutDigest(scheduled('2026-11-30T08:00:00Z'), lambdaContext('digest')))) as { period: string; fannedOut: { items: number; alreadyStarted: boolean } };
    expect(started).toMatchObject({ period: '2026-W49', fannedOut: { items: 6, alreadyStarted: false } });
    expect(stub.publishes).toHaveLength(1);
    expect(stub.executions).toEqual([expect.objectContaining({ stateMachineArn: STATE_MACHINE_ARN, name: 'digest-2026-W49' })]);
    const items = JSON.parse(stub.objects.get(`${BUCKET}/runs/2026-W49/items.json`)!) as Array<{ accountId: string; region: string }>;
    expect(items.map((i) => `${i.accountId} ${i.region}`)).toEqual([`${A} us-east-1`, `${A} us-west-2`, `${B} us-east-1`, `${B} us-west-2`, `${C} us-east-1`, `${C} us-west-2`]);

    const { mapRuns } = await runExecution();

    // One worker per item, each leaving its partial; one aggregator, one Publish.
    expect(mapRuns).toEqual([{ items: 6, succeeded: 6, failed: [] }]);
    expect([...stub.objects.keys()].filter((k) => k.includes('/partials/')).sort()).toEqual(items.map((i) => `${BUCKET}/runs/2026-W49/partials/${i.accountId}/${i.region}.json`).sort());
    expect(stub.publishes).toHaveLength(2);
    // Workers read member accounts only with the member's own credentials.
    expect(stub.requests.filter((r) => r.service === 'monitoring').every((r) => r.accountId === A || r.accountId === B)).toBe(true);

    const oneLambda = publishedReport(0);
    const fanned = publishedReport(1);
    const { generatedAt: _a, ...expected } = oneLambda;
    const { generatedAt: _b, ...actual } = fanned;
    expect(actual).toEqual(expected);
    // And the figures are the ones the accounts' traffic says: B's Haiku line is exactly twice A's.
    const haiku = (account: string) => Number(fanned.models.find((m) => m.accountId === account && m.modelId === HAIKU)!.currentMonthlyCost);
    expect(haiku(B)).toBeCloseTo(2 * haiku(A), 1);
    expect(fanned.accounts.find((a) => a.accountId === C)).toMatchObject({ pricedMonthlyCost: null });
    expect(fanned.errors.find((e) => e.scope === `account ${C}`)?.message).toMatch(/^account not analysed: cannot assume .*333333333333.* \(every Region failed: us-east-1, us-west-2\)$/);
  });

  it('starts once for a retried schedule and publishes once for a retried aggregator', async () => {
    const event = scheduled('2026-12-07T08:00:00Z');
    await quietly(() => fanOutDigest(event, lambdaContext('digest')));
    const itemsKey = `${BUCKET}/runs/2026-W50/items.json`;
    const firstItems = stub.objects.get(itemsKey);

    // The schedule's retry (Lambda retries the async event) an hour later: same period, same execution.
    vi.setSystemTime(new Date(NOW.getTime() + 3_600_000));
    const retried = (await quietly(() => fanOutDigest(event, lambdaContext('digest')))) as { fannedOut: { alreadyStarted: boolean; executionArn: string } };
    vi.setSystemTime(NOW);
    expect(retried.fannedOut).toMatchObject({ alreadyStarted: true, executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:digest-2026-W50` });
    expect(stub.executions).toHaveLength(1);
    expect(stub.objects.get(itemsKey)).toBe(firstItems);

    await runExecution();
    expect(stub.publishes).toHaveLength(1);
    // Step Functions retries the aggregator (or the execution is redriven): the period is marked, nothing more is sent.
    const input = JSON.parse(stub.executions[0]!.input) as Record<string, unknown>;
    const again = (await quietly(() => aggregator({ ...input, mapRun: {} }, lambdaContext('fanoutAggregator')))) as { messageId: string };
    expect(again.messageId).toBe(stub.publishes[0]!.messageId);
    expect(stub.publishes).toHaveLength(1);
    expect((await dynamo.items()).filter((i) => String(i.id).includes('bedrock-cost-advisor-digest'))).not.toHaveLength(0);
  });

  it('names an item whose worker left no partial, and publishes the rest', async () => {
    await quietly(() => fanOutDigest(scheduled('2026-12-14T08:00:00Z'), lambdaContext('digest')));
    // The worker for A in us-west-2 dies every time (out of memory, say): Step Functions retries it, then gives up.
    let attempts = 0;
    const dyingForOneItem: Handler = async (event, context) => {
      const { item } = event as { item: { accountId: string; region: string } };
      if (item.accountId === A && item.region === 'us-west-2') {
        attempts++;
        throw new Error('Runtime.OutOfMemory');
      }
      return worker(event, context);
    };
    const { mapRuns } = await runExecution(0, { worker: dyingForOneItem });

    expect(attempts).toBe(2); // the first try and the one retry the definition allows on States.TaskFailed
    expect(mapRuns[0]).toMatchObject({ items: 6, succeeded: 5 });
    expect(stub.publishes).toHaveLength(1);
    const report = publishedReport(0);
    expect(report.errors).toContainEqual({ scope: `account ${A} region us-west-2`, message: expect.stringMatching(/^not analysed: the fan-out worker left no partial report/) });
    // A is still analysed from us-east-1; its Nova traffic in us-west-2 is missing and said to be.
    expect(report.models.filter((m) => m.accountId === A).map((m) => m.region)).toEqual(['us-east-1']);
    expect(report.accounts.find((a) => a.accountId === A)!.errors).toHaveLength(1);
    // A period read in part gets no week over week (it would show a drop that did not happen).
    expect(report.weekOverWeek).toBeUndefined();
  });

  it('fans out an organisation of more than 100 accounts whatever the threshold, one Lambda being capped at 100', async () => {
    const digest = await import('../../functions/digest.js');
    const deps = digest.createDigestLambdaDeps();
    const organisationDigest = digest.createDigestHandler({
      ...deps,
      config: { ...deps.config, accounts: { kind: 'organization', memberRoleName: 'BedrockCostAdvisorReadOnly' }, fanOut: { ...deps.config.fanOut!, minItems: 10_000 } },
    }) as Handler;

    const started = (await quietly(() => organisationDigest(scheduled('2026-12-21T08:00:00Z'), lambdaContext('digest')))) as { fannedOut: { items: number } };

    expect(started.fannedOut.items).toBe((MAX_ACCOUNTS + 1) * 2);
    expect(stub.executions).toHaveLength(1);
    const items = JSON.parse(stub.objects.get(`${BUCKET}/runs/2026-W52/items.json`)!) as Array<{ roleArn: string }>;
    expect(items[0]!.roleArn).toBe('arn:aws:iam::400000000000:role/BedrockCostAdvisorReadOnly');
    expect(stub.publishes).toHaveLength(0);
  });
});
