import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { A, B, C, HAIKU, NOVA, TOPIC_ARN, accountA, accountB, role } from './member-accounts.js';
import { lambdaContext, runCli } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * Two member accounts in two Regions, and a third whose role cannot be assumed, read by the analyze
 * Lambda over the wire: STS AssumeRole hands out per-account credentials, and the stub answers
 * CloudWatch and Bedrock from the fixture of the account whose key signed each call.
 */

interface JsonReport {
  summary: { pricedMonthlyCost: string; potentialMonthlySavings: string };
  models: Array<{ modelId: string; region: string; accountId?: string; currentMonthlyCost: string | null }>;
  accounts: Array<{ accountId: string; pricedMonthlyCost: string | null; potentialMonthlySavings: string | null; plans: number; errors: Array<{ scope: string; message: string; code?: string }> }>;
  errors: Array<{ scope: string; message: string; code?: string }>;
}

let stub: AwsStub;
let analyzeHandler: (event: unknown, context: Context) => Promise<{ report: JsonReport; published?: { messageId: string } }>;

beforeAll(async () => {
  stub = await startAwsStub({
    memberAccounts: { [A]: accountA, [B]: accountB, [C]: { regions: {} } },
    denyAssumeRole: [C],
    // B is suspended: organisation mode skips it rather than failing on it.
    organizationAccounts: [
      { Id: A, Name: 'team-a', State: 'ACTIVE' },
      { Id: B, Name: 'team-b', State: 'SUSPENDED' },
      { Id: C, Name: 'sandbox', State: 'ACTIVE' },
    ],
  });
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1', TOPIC_ARN, REGIONS: 'us-east-1', PRICE_SOURCE: 'bundled', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  analyzeHandler = (await import('../../functions/analyze.js')).handler as unknown as typeof analyzeHandler;
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

describe('analyze over several accounts, over the wire', () => {
  it('reads each account through its assumed role, keeps the accounts apart, names the one that failed and publishes once', async () => {
    // Act
    const { report, published } = await analyzeHandler(
      { days: 2, regions: ['us-east-1', 'us-west-2'], accounts: [A, B, C].map((a) => ({ roleArn: role(a) })), publish: true },
      lambdaContext('analyze'),
    );

    // Assess: one digest, with the combined report.
    expect(stub.publishes).toHaveLength(1);
    expect(published?.messageId).toBe(stub.publishes[0]!.messageId);

    // Each member account was entered once (its clients share one AssumeRole across Regions), and every
    // CloudWatch and Bedrock call was signed with a member account's credentials, never the caller's own.
    const assumed = stub.requests.filter((r) => r.service === 'sts' && r.status === 200);
    expect(assumed).toHaveLength(2);
    const reads = stub.requests.filter((r) => r.service === 'monitoring' || r.service === 'bedrock');
    expect(reads.every((r) => r.accountId === A || r.accountId === B)).toBe(true);
    for (const account of [A, B]) {
      for (const region of ['us-east-1', 'us-west-2']) expect(reads.some((r) => r.accountId === account && r.region === region && r.service === 'monitoring')).toBe(true);
    }

    // The same model in two accounts is two lines, B's exactly twice A's.
    const haiku = report.models.filter((m) => m.modelId === HAIKU);
    expect(haiku.map((m) => m.accountId).sort()).toEqual([A, B]);
    // Published in cents, each rounded once: B's is twice A's to the cent.
    const costOf = (account: string) => Number(haiku.find((m) => m.accountId === account)!.currentMonthlyCost);
    expect(costOf(A)).toBeGreaterThan(0);
    expect(Math.abs(costOf(B) - 2 * costOf(A))).toBeLessThanOrEqual(0.01);
    expect(report.models.find((m) => m.modelId === NOVA)).toMatchObject({ accountId: A, region: 'us-west-2' });

    // The organisation summary is the sum of the accounts; the failed account is named, unpriced (null), not $0.
    expect(report.accounts.map((a) => a.accountId)).toEqual([A, B, C]);
    const [a, b, c] = report.accounts;
    expect(Number(report.summary.pricedMonthlyCost)).toBeCloseTo(Number(a!.pricedMonthlyCost) + Number(b!.pricedMonthlyCost), 9);
    expect(c).toMatchObject({ pricedMonthlyCost: null, potentialMonthlySavings: null, plans: 0 });
    expect(report.errors).toEqual([
      {
        scope: `account ${C}`,
        message: expect.stringContaining(`cannot assume ${role(C)} in account ${C}: AccessDenied: User: `),
        code: 'AccessDenied',
      },
    ]);
    expect(c!.errors).toEqual(report.errors);
  });

  it('does the same from the CLI with --role-arn, and exits 2 naming the flag for a bad ARN', async () => {
    stub.reset();
    const { code, stdout, stderr } = await runCli(['analyze', '--region', 'us-east-1', '--days', '2', '--role-arn', role(A), '--role-arn', role(C), '--prices', 'bundled', '--format', 'json', '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.accounts.map((a) => [a.accountId, a.pricedMonthlyCost === null])).toEqual([[A, false], [C, true]]);
    expect(report.models.map((m) => m.accountId)).toEqual([A]);
    expect(report.errors.map((e) => e.scope)).toEqual([`account ${C}`]);

    const bad = await runCli(['analyze', '--region', 'us-east-1', '--role-arn', 'arn:aws:iam::12:role/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --role-arn\[0\]: "arn:aws:iam::12:role\/x" is not an IAM role ARN/);
  });

  it('reads the active accounts of the organization through the member role in organisation mode', async () => {
    stub.reset();
    const { report } = await analyzeHandler({ days: 2, regions: ['us-east-1', 'us-west-2'], organization: true }, lambdaContext('analyze'));
    expect(stub.requests.filter((r) => r.service === 'organizations' || r.operation === 'ListAccounts')).toHaveLength(1);
    expect(report.accounts.map((a) => [a.accountId, a.pricedMonthlyCost === null])).toEqual([[A, false], [C, true]]);
    expect((report.accounts[0] as { name?: string }).name).toBe('team-a');
    expect(report.errors.map((e) => e.scope)).toEqual([`account ${C}`]);
    expect(report.models.every((m) => m.accountId === A)).toBe(true);
  });
});
