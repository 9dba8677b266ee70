import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { runCli } from './harness.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The CLI's AWS path (`--region`, `--save-usage`, `--publish`) with the real SDK clients over HTTP
 * against the loopback stub, then the saved snapshot replayed offline with `--input`.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:bedrock-cost-advisor-cli-advice';
let stub: AwsStub;


beforeAll(async () => {
  stub = await startAwsStub({ failRegions: ['eu-west-1'] });
  pointSdkAtStub(stub);
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

describe('bedrock-cost-advisor analyze --region', () => {
  it('reads the account, names the failing Region, publishes once, and saves a snapshot that replays to the same money', async () => {
    // Prepare
    const usageFile = join(mkdtempSync(join(tmpdir(), 'bca-cli-')), 'usage.json');

    // Act
    const live = await runCli(['analyze', '--region', 'us-east-1', '--region', 'eu-west-1', '--days', '7', '--save-usage', usageFile, '--publish', TOPIC_ARN, '--format', 'json']);
    const replayed = await runCli(['analyze', '--input', usageFile, '--format', 'json']);

    // Assess
    expect(live.code).toBe(0);
    const report = JSON.parse(live.stdout);
    expect(report.models.length).toBeGreaterThan(0);
    expect(report.models.every((m: { region: string }) => m.region === 'us-east-1')).toBe(true);
    expect(report.errors.map((e: { scope: string }) => e.scope)).toEqual(['region eu-west-1']);
    expect(report.collection.getMetricDataCalls).toBeGreaterThan(0);
    expect(live.stderr).toMatch(/published to SNS, message \S+/);
    expect(live.stderr).toMatch(/warning: region eu-west-1 was not analysed/);
    expect(stub.publishes).toHaveLength(1);
    expect(stub.publishes[0]!.topicArn).toBe(TOPIC_ARN);
    expect(JSON.parse(stub.publishes[0]!.message).default).toContain('Amazon Bedrock cost advice for');

    expect(replayed.code).toBe(0);
    const again = JSON.parse(replayed.stdout);
    expect(again.window).toEqual(report.window);
    expect(again.summary.currentMonthlyCost).toBe(report.summary.currentMonthlyCost);
    expect(again.models.map((m: { usage: unknown }) => m.usage)).toEqual(report.models.map((m: { usage: unknown }) => m.usage));
    expect(JSON.parse(readFileSync(usageFile, 'utf8').split('\n')[0]!).format).toBe('bedrock-cost-advisor/usage-snapshot@2');
  });

  it('exits 2 with one clear line when every Region fails, and publishes nothing', async () => {
    stub.publishes.length = 0;
    const result = await runCli(['analyze', '--region', 'eu-west-1', '--publish', TOPIC_ARN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: usage collection failed in every Region: region eu-west-1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(stub.publishes).toHaveLength(0);
  });

  it('rejects a malformed Region or topic before calling AWS', async () => {
    const before = stub.requests.length;
    expect((await runCli(['analyze', '--region', 'mars-1'])).stderr).toMatch(/--region "mars-1" is not an AWS Region code/);
    const badTopic = await runCli(['analyze', '--region', 'us-east-1', '--publish', 'not-an-arn']);
    expect(badTopic.code).toBe(2);
    expect(badTopic.stderr).toMatch(/--publish "not-an-arn" is not an SNS topic ARN/);
    expect(stub.requests.length).toBe(before);
  });
});
