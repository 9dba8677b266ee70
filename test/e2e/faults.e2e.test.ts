import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb-local.js';
import { captureStdout, lambdaContext } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The handlers under faults, with the real SDK clients over HTTP: a hung Region, a slow Region cut off
 * by the deadline, middy's early timeout during Publish, a failed Publish, and a repeated scheduled
 * event, with the idempotency table on a real DynamoDB-protocol server (dynalite).
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:bedrock-cost-advisor-test-advice';

let stub: AwsStub;
let dynamo: LocalDynamoDb;
type Handler = (event: unknown, context: Context) => Promise<unknown>;
let analyzeHandler: Handler;
let digestHandler: Handler;

/** An EventBridge scheduled event at `time`; its redelivery is the very same document. */
function scheduled(time: string) {
  return { version: '0', id: `evt-${time}`, 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time, region: 'us-east-1', resources: [], detail: {} };
}

interface DigestResponse {
  period: string;
  messageId: string;
  errors: Array<{ scope: string; message: string }>;
}

interface JsonReport {
  models: Array<{ region: string }>;
  errors: Array<{ scope: string; message: string }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bounded-time tests run real deadlines over real HTTP: before its deadline a run must read the
 * healthy Region, and after it analyse and publish. How long that takes is the machine's speed at the
 * time (a fraction of a second alone, several seconds on a loaded two-core machine), so beforeAll times
 * one warm healthy run, and each test sizes its invocation from that: `slack` is three times the healthy
 * run (at least 1 s, the idle figure the tests were written with; at most 5 s, so the deadline stays well
 * inside the SDK's 30 s request timeout and a hung call can only end at the deadline). An invocation of
 * TIMEOUT_EARLY_MS + 5 x slack: middy gives up 5 x slack in, collection stops a fifth of that earlier,
 * 4 x slack in (functions/middleware.ts), leaving one slack for analysis and Publish. The assertions
 * read those budgets and the order of events, never a fixed number of ms.
 */
const TIMEOUT_EARLY_MS = 3_000;
let healthyRunMs = 0;
const slack = () => Math.min(5_000, Math.max(1_000, 3 * healthyRunMs));
const remainingFor = (slackMs: number) => TIMEOUT_EARLY_MS + 5 * slackMs;

/** Waits until `done()` holds, checking every 50 ms; false if it still does not after `limitMs`. */
async function eventually(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    if (await done()) return true;
    await sleep(50);
  }
  return done();
}

beforeAll(async () => {
  stub = await startAwsStub();
  dynamo = await startLocalDynamoDb();
  pointSdkAtStub(stub, {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    TOPIC_ARN,
    REGIONS: 'us-east-1,us-west-2',
    ANALYSIS_DAYS: '2',
    IDEMPOTENCY_TABLE,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  analyzeHandler = (await import('../../functions/analyze.js')).handler as Handler;
  digestHandler = (await import('../../functions/digest.js')).handler as Handler;
  // The handlers load what only an invocation runs on their first one (cold init skips it). In a
  // bundle that is milliseconds; here vitest compiles each module as it loads, seconds on a busy
  // machine, which would eat the bounded-time tests' few seconds: one warm-up run loads them first.
  await quietly(() => analyzeHandler({ days: 1, publish: false }, lambdaContext('analyze')));
  // The healthy run the bounded-time tests size their budgets from (see `slack`), warm.
  const started = performance.now();
  await quietly(() => analyzeHandler({ days: 2, publish: false }, lambdaContext('analyze')));
  healthyRunMs = performance.now() - started;
});

afterAll(async () => {
  await stub?.close();
  await dynamo?.close();
});

beforeEach(() => stub.reset());

/** Runs `fn` with stdout (Powertools' JSON logs and EMF) captured; a rejection comes back as the result. */
function quietly<T>(fn: () => Promise<T>): Promise<{ result: T | Error; lines: string[] }> {
  return captureStdout(() => fn().catch((error: unknown) => error as Error));
}

describe('at most one digest per schedule period (idempotency table on dynalite)', () => {
  it('publishes once for a week however often its event arrives, and again in the next week', async () => {
    // Prepare: Monday 2026-11-23 is in ISO week 2026-W48; Monday 2026-11-30 starts W49.
    const monday = scheduled('2026-11-23T08:00:00Z');
    const sameWeekLater = scheduled('2026-11-26T08:00:00Z');
    const nextWeek = scheduled('2026-11-30T08:00:00Z');

    // Act
    const first = (await quietly(() => digestHandler(monday, lambdaContext('digest')))).result as DigestResponse;
    const redelivered = (await quietly(() => digestHandler(monday, lambdaContext('digest')))).result as DigestResponse;
    const repeated = (await quietly(() => digestHandler(sameWeekLater, lambdaContext('digest')))).result as DigestResponse;
    const publishesInW48 = stub.publishes.length;
    const next = (await quietly(() => digestHandler(nextWeek, lambdaContext('digest')))).result as DigestResponse;

    // Assess
    expect(first.period).toBe('2026-W48');
    expect(publishesInW48).toBe(1);
    expect(redelivered.messageId).toBe(first.messageId);
    expect(repeated.messageId).toBe(first.messageId);
    expect(next.period).toBe('2026-W49');
    expect(stub.publishes.map((p) => p.messageId)).toEqual([first.messageId, next.messageId]);
    const items = await dynamo.items();
    const done = items.filter((i) => i.status === 'COMPLETED');
    expect(done).toHaveLength(2);
    // The mark outlives the week: 8 days after the run (TTL attribute `expiration`, epoch seconds).
    for (const item of done) {
      expect(Number(item.expiration) - Date.now() / 1000).toBeGreaterThan(8 * 86_400 - 120);
      expect(Number(item.expiration) - Date.now() / 1000).toBeLessThanOrEqual(8 * 86_400 + 1);
    }
  });

  it('two deliveries of one event at the same time: one publishes, the other fails as in progress, and its retry publishes nothing', async () => {
    // Prepare
    const event = scheduled('2027-01-11T08:00:00Z'); // 2027-W02

    // Act
    const [a, b] = await Promise.all([
      quietly(() => digestHandler(event, lambdaContext('digest'))),
      quietly(() => digestHandler(event, lambdaContext('digest'))),
    ]);
    const retried = (await quietly(() => digestHandler(event, lambdaContext('digest')))).result as DigestResponse;

    // Assess
    const results = [a.result, b.result];
    const failures = results.filter((r): r is Error => r instanceof Error);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.name).toBe('IdempotencyAlreadyInProgressError');
    expect(stub.publishes).toHaveLength(1);
    expect(retried.messageId).toBe(stub.publishes[0]!.messageId);
  });

  it('fails the invocation when Publish fails, leaves the period unmarked, and the retry publishes', async () => {
    // Prepare
    const event = scheduled('2026-12-07T08:00:00Z'); // W50
    stub.publishFailure.status = 500;

    const marksBefore = (await dynamo.items()).length;

    // Act
    const failed = (await quietly(() => digestHandler(event, lambdaContext('digest')))).result;
    const marksAfterFailure = await dynamo.items();
    delete stub.publishFailure.status;
    const retried = (await quietly(() => digestHandler(event, lambdaContext('digest')))).result as DigestResponse;

    // Assess: one Publish attempt (a 5xx may hide an accepted message, so the SDK does not resend it),
    // the invocation failed, nothing captured, nothing marked.
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/Publish failed/);
    expect(stub.requests.filter((r) => r.service === 'sns' && r.status === 500)).toHaveLength(1);
    expect(marksAfterFailure).toHaveLength(marksBefore);
    expect(marksAfterFailure.some((i) => i.status === 'INPROGRESS')).toBe(false);
    expect(await dynamo.items()).toHaveLength(marksBefore + 1);
    expect(retried.period).toBe('2026-W50');
    expect(stub.publishes).toHaveLength(1);
    expect(retried.messageId).toBe(stub.publishes[0]!.messageId);
  });
});

describe('bounded time', () => {
  it('a hung Region is cut off at the deadline, named as incomplete, and the rest is published', async () => {
    // Prepare: an invocation of 3 s + 5 slack; middy stops 5 slack in, collection 4 slack in, leaving
    // one slack for analysis and Publish (1 s each on an idle machine: 8 s left, 4 s and 5 s in).
    stub.hangRegions.add('us-west-2');
    const budget = slack();
    const started = performance.now();

    // Act
    const { result } = await quietly(() => digestHandler(scheduled('2026-12-14T08:00:00Z'), lambdaContext('digest', remainingFor(budget))));

    // Assess: the run waited for the hung Region until its collection deadline, not less (and a fixed
    // 100 ms for the two clocks' rounding); then it returned the published digest, not middy's
    // TimeoutError, so it ended before the early timeout; the Region is named as cut off by the deadline,
    // not by the SDK's request timeout (30 s, beyond the deadline).
    const elapsed = performance.now() - started;
    expect(result).not.toBeInstanceOf(Error);
    const response = result as DigestResponse;
    expect(response.errors).toEqual([{ scope: 'region us-west-2', message: expect.stringMatching(/^incomplete: deadline reached.*the report is partial/), code: 'deadline-reached' }]);
    expect(elapsed).toBeGreaterThanOrEqual(4 * budget - 100);
    expect(elapsed).toBeLessThan(remainingFor(budget));
    expect(stub.publishes).toHaveLength(1);
    const text = JSON.parse(stub.publishes[0]!.message).default as string;
    expect(text).toMatch(/region us-west-2: incomplete: deadline reached/);
    expect(text).toMatch(/partial/);
    expect(stub.requests.some((r) => r.region === 'us-east-1' && r.operation === 'GetMetricData' && r.status === 200)).toBe(true);
  });

  it('a slow Region still reading at the deadline is named, and no call to it starts after the handler returned', async () => {
    // Prepare: every us-west-2 answer takes 2 slack; its reading needs at least three sequential calls
    // (ListMetrics in two namespaces, then GetMetricData), 6 slack, and collection stops 4 slack in:
    // a call is still in flight at the deadline.
    const budget = slack();
    const delay = 2 * budget;
    stub.delays.set('us-west-2', delay);

    // Act
    const { result } = await quietly(() => analyzeHandler({ days: 2 }, lambdaContext('analyze', remainingFor(budget))));
    const returnedAt = performance.now();
    // Longer than any answer in flight takes: what was running at the return has settled by now.
    await sleep(delay + budget);

    // Assess: the report names the slow Region; no call reached the stub after the handler returned,
    // and every call still in flight then was given up by the client (the stub found it abandoned)
    // rather than answered.
    expect(result).not.toBeInstanceOf(Error);
    const report = (result as { report: JsonReport }).report;
    expect(report.errors.map((e) => e.scope)).toEqual(['region us-west-2']);
    expect(report.errors[0]!.message).toMatch(/^incomplete: deadline reached/);
    expect(new Set(report.models.map((m) => m.region))).toEqual(new Set(['us-east-1']));
    expect(stub.received.filter((r) => r.at > returnedAt)).toEqual([]);
    expect(stub.requests.filter((r) => r.recordedAt > returnedAt && r.status !== 0)).toEqual([]);
    expect(stub.requests.some((r) => r.region === 'us-west-2' && r.operation === 'abandoned')).toBe(true);
  });

  it("middy's early timeout aborts a Publish in flight: the invocation fails, nothing is sent later, the period stays unmarked", async () => {
    // Prepare: Publish hangs; collection stops 4 slack in at the latest, middy gives up 5 slack in.
    stub.publishFailure.hang = true;
    const event = scheduled('2026-12-21T08:00:00Z'); // W52
    const budget = slack();

    // Act
    const { result } = await quietly(() => digestHandler(event, lambdaContext('digest', remainingFor(budget))));
    // The aborted run lets its period mark go after middy has answered: wait for that, however long
    // the machine takes, up to the invocation's own length again.
    const released = await eventually(async () => !(await dynamo.items()).some((i) => i.status === 'INPROGRESS'), remainingFor(budget));

    // Assess
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).name).toBe('TimeoutError');
    expect(stub.requests.filter((r) => r.service === 'sns' && r.operation === 'hung')).toHaveLength(1);
    expect(released).toBe(true);
    expect(stub.publishes).toHaveLength(0);
    expect(stub.received.filter((r) => r.service === 'sns')).toHaveLength(1);
  });
});

describe('logs', () => {
  it('carry no credentials and no account ID, even when an error quotes them', async () => {
    // Prepare: the Region's AccessDenied message quotes a caller ARN with the account ID.
    stub.failRegions.add('us-west-2');
    try {
      // Act
      const { lines } = await quietly(() => digestHandler(scheduled('2027-01-04T08:00:00Z'), lambdaContext('digest')));

      // Assess
      const text = lines.join('\n');
      expect(lines.some((l) => l.includes('"digest published"'))).toBe(true);
      expect(text).toMatch(/region us-west-2/);
      expect(text).not.toContain('123456789012');
      expect(text).not.toContain(process.env.AWS_ACCESS_KEY_ID!);
      expect(text).not.toContain(process.env.AWS_SECRET_ACCESS_KEY!);
      // The AccessDenied message is kept, with the account ID in the caller's ARN scrubbed.
      expect(text).toContain('User: arn:aws:sts::[account]:assumed-role/bedrock-cost-advisor-dev-digest/session is not authorized');
    } finally {
      stub.failRegions.delete('us-west-2');
    }
  });
});
