import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub, type FixtureAccount } from './aws-stub.js';
import { runCli } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * `--save-usage` in a run over several accounts, then `--input` of what it saved: the replay analyses
 * each account on its own exactly as the live run did, so the two reports are the same apart from
 * when they were generated. Over the wire: STS AssumeRole per account, Organizations ListAccounts for
 * the names, one Region failing in every account, and one account whose role cannot be assumed.
 */

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`;
const NOVA = 'amazon.nova-micro-v1:0';
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

// Each account has inventory of its own, so the replay must give each its own and nothing of the other's:
// A an hourly provisioned throughput of Haiku (no commitment), B an application inference profile.
const accountA: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: [{ modelId: HAIKU, perMinute: { InputTokenCount: 40_000, OutputTokenCount: 4_000, Invocations: 50 } }],
      provisionedModelSummaries: [{
        provisionedModelName: 'team-a-haiku', provisionedModelArn: `arn:aws:bedrock:us-east-1:${A}:provisioned-model/pta111`,
        modelArn: HAIKU_ARN, desiredModelArn: HAIKU_ARN, foundationModelArn: HAIKU_ARN, modelUnits: 1, desiredModelUnits: 1,
        status: 'InService', creationTime: '2026-10-01T00:00:00Z', lastModifiedTime: '2026-10-01T00:00:00Z',
      }],
      foundationModelSummaries: [{ modelId: HAIKU, modelArn: HAIKU_ARN, modelLifecycle: { status: 'ACTIVE' } }],
    },
    'us-west-2': { models: [{ modelId: NOVA, perMinute: { InputTokenCount: 5_000, OutputTokenCount: 1_000, Invocations: 10 } }] },
  },
};
const accountB: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: [{ modelId: HAIKU, perMinute: { InputTokenCount: 80_000, OutputTokenCount: 8_000, Invocations: 100 } }],
      inferenceProfileSummaries: [{
        inferenceProfileId: 'b0b0b0b0b0b0', inferenceProfileArn: `arn:aws:bedrock:us-east-1:${B}:application-inference-profile/b0b0b0b0b0b0`,
        inferenceProfileName: 'team-b-chat', type: 'APPLICATION', status: 'ACTIVE', models: [{ modelArn: HAIKU_ARN }],
      }],
    },
    'us-west-2': { models: [] },
  },
};

interface JsonReport {
  generatedAt: string;
  accounts: Array<{ accountId: string; name?: string; pricedMonthlyCost: string | null; errors: Array<{ scope: string }> }>;
  models: Array<{ modelId: string; accountId?: string }>;
  provisionedThroughputs: Array<{ provisionedModelArn: string }>;
  errors: Array<{ scope: string; message: string; code?: string }>;
  plans: Array<{ accountId: string }>;
  collection?: { getMetricDataCalls: number };
}

let stub: AwsStub;

beforeAll(async () => {
  stub = await startAwsStub({
    memberAccounts: { [A]: accountA, [B]: accountB, [C]: { regions: {} } },
    denyAssumeRole: [C],
    failRegions: ['eu-west-1'],
    organizationAccounts: [
      { Id: A, Name: 'team-a', State: 'ACTIVE' },
      { Id: B, Name: 'team-b', State: 'ACTIVE' },
      { Id: C, Name: 'sandbox', State: 'ACTIVE' },
    ],
  });
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1' });
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

/** The report as JSON without the one field that must differ: when it was generated. */
function comparable(stdout: string): Omit<JsonReport, 'generatedAt'> {
  const { generatedAt: _when, ...rest } = JSON.parse(stdout) as JsonReport;
  return rest;
}

describe('a usage snapshot of several accounts', () => {
  it('is saved by a live organisation run and replays to the same report: accounts, names, per-account errors and the failed account', async () => {
    // Prepare
    const usageFile = join(mkdtempSync(join(tmpdir(), 'bca-accounts-')), 'usage.jsonl');
    const live = ['analyze', '--region', 'us-east-1', '--region', 'us-west-2', '--region', 'eu-west-1', '--days', '2', '--organization', '--prices', 'bundled', '--quiet'];

    // Act
    const liveRun = await runCli([...live, '--save-usage', usageFile, '--format', 'json']);
    const replayRun = await runCli(['analyze', '--input', usageFile, '--prices', 'bundled', '--format', 'json', '--quiet']);

    // Assess: the live run is what the organisation mode gives (checked in accounts.e2e.test.ts) ...
    expect(liveRun).toMatchObject({ code: 0, stderr: '' });
    const liveReport = comparable(liveRun.stdout);
    expect(liveReport.accounts.map((a) => [a.accountId, a.name, a.pricedMonthlyCost === null])).toEqual([[A, 'team-a', false], [B, 'team-b', false], [C, 'sandbox', true]]);
    expect(liveReport.errors.map((e) => e.scope).sort()).toEqual([`account ${A} region eu-west-1`, `account ${B} region eu-west-1`, `account ${C}`]);
    expect(liveReport.provisionedThroughputs.map((pt) => pt.provisionedModelArn)).toEqual([`arn:aws:bedrock:us-east-1:${A}:provisioned-model/pta111`]);
    expect(liveReport.models.map((m) => [m.accountId, m.modelId]).sort()).toEqual([[A, NOVA], [A, HAIKU], [B, HAIKU]]);
    expect(liveReport.collection?.getMetricDataCalls).toBeGreaterThan(0);
    expect(liveReport.plans.map((p) => p.accountId)).toContain(A);

    // ... and the replay of its snapshot is the same report, field for field.
    expect(replayRun).toMatchObject({ code: 0, stderr: '' });
    expect(comparable(replayRun.stdout)).toEqual(liveReport);

    // The file itself: one account list in the header, every line and item owned by an account read.
    const [headerLine, ...segmentLines] = readFileSync(usageFile, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(headerLine!) as { format: string; accounts: Array<{ accountId: string; name?: string; window?: unknown; error?: { scope: string } }>; provisionedThroughputs: Array<{ accountId: string }>; inferenceProfiles: Array<{ accountId: string }>; errors: Array<{ accountId: string; scope: string }> };
    expect(header.format).toBe('bedrock-cost-advisor/usage-snapshot@2');
    expect(header.accounts.map((a) => [a.accountId, a.name, a.window !== undefined, a.error?.scope])).toEqual([[A, 'team-a', true, undefined], [B, 'team-b', true, undefined], [C, 'sandbox', false, `account ${C}`]]);
    expect(header.provisionedThroughputs.map((pt) => pt.accountId)).toEqual([A]);
    expect(header.inferenceProfiles.map((p) => p.accountId)).toEqual([B]);
    expect(header.errors.map((e) => [e.accountId, e.scope])).toEqual([[A, 'region eu-west-1'], [B, 'region eu-west-1']]);
    expect(new Set(segmentLines.map((l) => (JSON.parse(l) as { accountId: string }).accountId))).toEqual(new Set([A, B]));
  });

  it('replays to the same table, accounts table included, with --role-arn', async () => {
    // Prepare
    stub.reset();
    const usageFile = join(mkdtempSync(join(tmpdir(), 'bca-accounts-')), 'usage.jsonl');
    const roles = [B, C, A].flatMap((a) => ['--role-arn', `arn:aws:iam::${a}:role/BedrockCostAdvisorReadOnly`]);

    // Act
    const liveRun = await runCli(['analyze', '--region', 'us-east-1', '--days', '2', ...roles, '--save-usage', usageFile, '--prices', 'bundled', '--quiet']);
    const replayRun = await runCli(['analyze', '--input', usageFile, '--prices', 'bundled', '--quiet']);

    // Assess: only the generation time differs.
    expect(liveRun).toMatchObject({ code: 0, stderr: '' });
    expect(replayRun).toMatchObject({ code: 0, stderr: '' });
    const undated = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
    expect(liveRun.stdout).toMatch(/By account/);
    expect(liveRun.stdout).toContain(C);
    expect(undated(replayRun.stdout)).toBe(undated(liveRun.stdout));
  });
});
