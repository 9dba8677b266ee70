import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { recordedPricingFixture, type PricingFixture } from './pricing-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';

loopbackTimeouts();

/**
 * The Lambdas' price source (PRICE_SOURCE=live, the default): the Price List is read once per run
 * through the real Pricing client against the loopback stub, and a Price List that cannot be read
 * falls back to the bundled catalog, logged and stated in the report.
 */
let stub: AwsStub;
let handler: (event: unknown, context: Context) => Promise<{ report: { assumptions: string[]; summary: { currentMonthlyCost: string } } }>;
const pricing: PricingFixture = recordedPricingFixture();
const context = { functionName: 'analyze', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;

beforeAll(async () => {
  stub = await startAwsStub({ pricing });
  pointSdkAtStub(stub, { AWS_REGION: 'us-east-1', TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:advice', REGIONS: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'WARN' });
  handler = (await import('../../functions/analyze.js')).handler as unknown as typeof handler;
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.requests.length = 0;
  pricing.fail = false;
});

describe('Lambda price source', () => {
  it('reads the Price List once per run, for the Regions analysed', async () => {
    const first = await handler({ days: 2 }, context);
    const reads = stub.requests.filter((r) => r.operation === 'GetProducts');
    // us-east-1 only: AmazonBedrock (8 pages: 715 recorded rows with the all-Regions offer extract) + AmazonBedrockFoundationModels (3 pages: 201 rows).
    expect(reads).toHaveLength(11);
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect(first.report.assumptions.join('\n')).not.toMatch(/could not be read/);
    await handler({ days: 2 }, context);
    // A second run reads the Price List again: 11 more requests.
    expect(stub.requests.filter((r) => r.operation === 'GetProducts')).toHaveLength(22);
  });

  it('falls back to the bundled catalog when pricing:GetProducts is denied, logs it and says so in the report', async () => {
    const live = await handler({ days: 2 }, context);
    pricing.fail = true;
    const logged: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    };
    const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
    let fallback;
    try {
      fallback = await handler({ days: 2 }, context);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(fallback.report.assumptions.join('\n')).toMatch(/the AWS Price List could not be read \(User is not authorized to perform: pricing:GetProducts\); prices are from the bundled catalog as of 2026-09-30/);
    expect(logged.join('')).toMatch(/falling back to the bundled price catalog/);
    // The fixture account's us-east-1 models are all in the recorded pages: same money either way.
    expect(fallback.report.summary.currentMonthlyCost).toBe(live.report.summary.currentMonthlyCost);
  });
});
