import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { runCli } from './harness.js';

/**
 * `analyze --region … --bill ce` with the real Cost Explorer client over HTTP (awsJson1_1) against the
 * loopback stub: services discovered, the bill read daily by service and usage type, every page
 * counted and its cost stated.
 */
let stub: AwsStub;
const SONNET_4 = 'Claude Sonnet 4 (Amazon Bedrock Edition)';

beforeAll(async () => {
  stub = await startAwsStub({
    costExplorer: {
      perDay: [
        { service: 'Amazon Bedrock', usageType: 'USE1-NovaMicro-input-tokens', quantity: '7200', unit: '1K tokens', unblendedCost: '0.252' },
        { service: 'Amazon Bedrock', usageType: 'USE1-NovaMicro-output-tokens', quantity: '1440', unit: '1K tokens', unblendedCost: '0.2016' },
        { service: SONNET_4, usageType: 'USE1-MP:USE1_InputTokenCount-Units', quantity: '86.4', unit: 'Units', unblendedCost: '259.2' },
        { service: 'Amazon Bedrock', usageType: 'USE1-Guardrails-ContentPolicyTextUnits', quantity: '1000', unit: 'TextUnits', unblendedCost: '0.75' },
      ],
      otherServices: ['Amazon Elastic Compute Cloud - Compute', 'Amazon Bedrock AgentCore'],
    },
  });
  pointSdkAtStub(stub);
});

afterAll(async () => {
  await stub?.close();
});

describe('bedrock-cost-advisor analyze --region --bill ce', () => {
  it('reads the bill from Cost Explorer, counts its requests and reconciles', async () => {
    const result = await runCli(['analyze', '--region', 'us-east-1', '--days', '3', '--bill', 'ce', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rec = JSON.parse(result.stdout).reconciliation;
    const ceCalls = stub.requests.filter((r) => r.service === 'ce');
    expect(ceCalls.every((r) => r.status === 200 && r.region === 'us-east-1')).toBe(true);
    // Services: 3 Bedrock of 5 listed, 2 a page = 2 pages; a window of 3 days touches 3 or 4 UTC days, a page each.
    expect(ceCalls.filter((r) => r.operation === 'GetDimensionValues')).toHaveLength(2);
    const days = ceCalls.filter((r) => r.operation === 'GetCostAndUsage').length;
    expect([3, 4]).toContain(days);
    expect(rec.source).toMatchObject({ kind: 'cost-explorer', requests: ceCalls.length, requestCost: (ceCalls.length / 100).toFixed(2) });
    // Each line's days in cents (the published parts), summed: the whole bill.
    const cents = ['0.252', '0.2016', '259.2', '0.75'].map((perDay) => new Decimal(perDay).times(days).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN));
    expect(rec.totals.billedCost).toBe(cents.reduce((a, b) => a.plus(b)).toFixed(2));
    expect(rec.outsideReplay.map((o: { category: string }) => o.category)).toEqual(['Guardrails']);
    expect(rec.models.map((m: { modelId: string }) => m.modelId)).toEqual(expect.arrayContaining(['amazon.nova-micro-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0']));
    expect(rec.models.find((m: { modelId: string }) => m.modelId === 'amazon.nova-micro-v1:0').inReplay).toBe(true);
  });
});
