import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { lambdaContext, runCli } from './harness.js';
import { A, B, HAIKU, TOPIC_ARN, accountA, accountB, role } from './member-accounts.js';

/**
 * Hangs the run's deadline must bound (issue 18): an STS AssumeRole that is read and never answered
 * for one of two accounts, and a Pricing endpoint that never answers with PRICE_SOURCE=live (the
 * Lambda default). Over the wire, through the real SDK clients, against the loopback stub's hang mode.
 * Each test measures the wall time and bounds it well under the test's own timeout.
 */

interface JsonReport {
  priceSource: { kind: string; fallback?: string };
  models: Array<{ modelId: string; accountId?: string }>;
  accounts?: Array<{ accountId: string }>;
  errors: Array<{ scope: string; message: string }>;
}

let stub: AwsStub;
let analyze: (event: unknown, context: Context) => Promise<{ report: JsonReport; published?: { messageId: string } }>;

beforeAll(async () => {
  stub = await startAwsStub({ memberAccounts: { [A]: accountA, [B]: accountB } });
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1', TOPIC_ARN, REGIONS: 'us-east-1', PRICE_SOURCE: 'live', POWERTOOLS_LOG_LEVEL: 'CRITICAL', ACCOUNT_ROLE_ARNS: [A, B].map(role).join(',') });
  analyze = (await import('../../functions/analyze.js')).handler as unknown as typeof analyze;
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => stub.reset());

/** The published message's parts: the email text, the Slack (Chatbot) notification, the JSON report. */
function publishedParts(): { email: string; slack: { content: { description: string } }; json: JsonReport } {
  const message = JSON.parse(stub.publishes[0]!.message) as Record<string, string>;
  return { email: message.email!, slack: JSON.parse(message.https!), json: JSON.parse(message.sqs!) };
}

describe('a hung AssumeRole', () => {
  it('Lambda: names the hung account as failed and publishes the other within the deadline', async () => {
    stub.hangs.assumeRole.add(A);
    // 12 s left: middy stops 3 s early and a fifth of the rest is kept for analysis, so collection stops at about 7.2 s.
    const started = Date.now();
    const { report, published } = await analyze({ days: 2, regions: ['us-east-1'], accounts: [A, B].map((a) => ({ roleArn: role(a) })), publish: true }, lambdaContext('analyze', 12_000));
    const seconds = (Date.now() - started) / 1000;

    expect(published?.messageId).toBeDefined();
    expect(stub.publishes).toHaveLength(1);
    expect(report.models.filter((m) => m.modelId === HAIKU).map((m) => m.accountId)).toEqual([B]);
    expect(report.errors).toEqual([{ scope: `account ${A}`, message: expect.stringMatching(/^account not analysed: deadline reached at .* \(every Region failed: us-east-1\)$/), code: 'DeadlineReachedError' }]);
    expect(stub.requests.some((r) => r.service === 'sts' && r.operation === 'hung')).toBe(true);
    expect(seconds).toBeLessThan(9);
    console.log(`hung AssumeRole (Lambda, 12 s context): published in ${seconds.toFixed(1)} s`);
  }, 30_000);

  it('CLI: --timeout 3 names the hung account and reports the other, exit 0', async () => {
    stub.hangs.assumeRole.add(A);
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['analyze', '--region', 'us-east-1', '--days', '2', '--role-arn', role(A), '--role-arn', role(B), '--timeout', '3', '--format', 'json', '--quiet']);
    const seconds = (Date.now() - started) / 1000;

    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.models.filter((m) => m.modelId === HAIKU).map((m) => m.accountId)).toEqual([B]);
    expect(report.errors.map((e) => e.scope)).toEqual([`account ${A}`]);
    expect(seconds).toBeLessThan(6);
    console.log(`hung AssumeRole (CLI --timeout 3): done in ${seconds.toFixed(1)} s`);
  }, 30_000);
});

describe('a hung Pricing endpoint with PRICE_SOURCE=live', () => {
  it('falls back to bundled prices within the deadline, and email, Slack and JSON each say so', async () => {
    stub.hangs.pricing = true;
    const started = Date.now();
    // 20 s left: collection may run to about 13.6 s, and the Price List gets a quarter of that, 3.4 s.
    const { report } = await analyze({ days: 2, publish: true }, lambdaContext('analyze', 20_000));
    const seconds = (Date.now() - started) / 1000;

    expect(stub.requests.some((r) => r.operation === 'hung')).toBe(true);
    expect(report.priceSource).toMatchObject({ kind: 'bundled', fallback: expect.stringMatching(/^the AWS Price List could not be read \(no answer within 3\.\d s\)$/) });
    expect(stub.publishes).toHaveLength(1);
    const { email, slack, json } = publishedParts();
    expect(json.priceSource.fallback).toBe(report.priceSource.fallback);
    const emailText = email.replace(/\s+/g, ' ');
    expect(emailText).toMatch(/Warning: prices are from the bundled catalog \(as of [^)]+\), not live: the AWS Price List could not be read/);
    expect(emailText).toMatch(/Prices: AWS list prices from the bundled catalog, NOT live: the AWS Price List could not be read \(no answer within/);
    expect(slack.content.description).toMatch(/Prices from the bundled catalog \(as of [\d-]+\), not live: the AWS Price List could not be read \(no answer within 3\.\d s\)/);
    expect(seconds).toBeLessThan(8);
    console.log(`hung Pricing (Lambda, 20 s context): fell back and published in ${seconds.toFixed(1)} s`);
  }, 30_000);

  it('CLI: --prices live --timeout 8 falls back within a quarter of the time left and says so', async () => {
    stub.hangs.pricing = true;
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['analyze', '--region', 'us-east-1', '--days', '2', '--prices', 'live', '--timeout', '8', '--format', 'json']);
    const seconds = (Date.now() - started) / 1000;

    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/warning: the AWS Price List could not be read \(no answer within [12]\.\d s\); prices are from the bundled catalog/);
    expect((JSON.parse(stdout) as JsonReport).priceSource.fallback).toMatch(/no answer within/);
    expect(seconds).toBeLessThan(6);
    console.log(`hung Pricing (CLI --timeout 8): done in ${seconds.toFixed(1)} s`);
  }, 30_000);
});
