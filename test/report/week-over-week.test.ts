import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { runAccountAnalysis } from '../../src/service/analyze-account.js';
import { sourcesFromClients } from '../../src/aws/sources.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from '../e2e/aws-stub.js';
import { loopbackTimeouts } from '../e2e/stub-timeouts.js';

loopbackTimeouts();

/**
 * Week over week from CloudWatch itself, end to end: the real SDK clients against the loopback stub,
 * which serves the same per-minute traffic for any window. The previous period must be read (a
 * second set of GetMetricData calls for the 7 days before) and priced alike.
 */

const NOW = new Date('2026-11-23T00:00:00Z');
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

function clients() {
  return sourcesFromClients({
    cloudWatch: (region) => new CloudWatchClient({ region }),
    bedrock: (region) => new BedrockClient({ region }),
  });
}

describe('week over week in the service layer', () => {
  it('reads the 7 days before the window as well, and reports no change for steady traffic', async () => {
    const before = stub.requests.filter((r) => r.operation === 'GetMetricData').length;
    const { report } = await runAccountAnalysis(
      { regions: ['us-east-1'], days: 7, now: NOW, compareWithPreviousPeriod: true },
      { sources: clients(), catalog: PriceCatalog.bundled(), publish: false },
    );
    const calls = stub.requests.filter((r) => r.operation === 'GetMetricData').length - before;
    const json = toPublishedJson(publishedReport(report)) as { weekOverWeek: { previousWindow: { start: string; end: string }; spendChange: string; previousMonthlyCost: string; currentMonthlyCost: string } };
    expect(json.weekOverWeek.previousWindow).toEqual({ start: '2026-11-09T00:00:00.000Z', end: '2026-11-16T00:00:00.000Z' });
    expect(json.weekOverWeek.previousMonthlyCost).toBe(json.weekOverWeek.currentMonthlyCost);
    expect(json.weekOverWeek.spendChange).toBe('0.00');
    // Both periods were read from CloudWatch: at least one GetMetricData call each.
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('without the option reads one period and reports no week over week', async () => {
    const { report } = await runAccountAnalysis({ regions: ['us-east-1'], days: 7, now: NOW }, { sources: clients(), catalog: PriceCatalog.bundled(), publish: false });
    expect(report.weekOverWeek).toBeUndefined();
  });

  it('compares nothing when this period was read in part: a failed Region would show a drop that did not happen', async () => {
    const request = { regions: ['us-east-1', 'eu-west-1'], days: 7, now: NOW };
    const reads = async (compareWithPreviousPeriod: boolean) => {
      const before = stub.requests.filter((r) => r.operation === 'GetMetricData').length;
      const { report } = await runAccountAnalysis({ ...request, compareWithPreviousPeriod }, { sources: clients(), catalog: PriceCatalog.bundled(), publish: false });
      return { report, calls: stub.requests.filter((r) => r.operation === 'GetMetricData').length - before };
    };
    const plain = await reads(false);
    const compared = await reads(true);
    expect(compared.report.errors.map((e) => e.scope)).toEqual(['region eu-west-1']);
    expect(compared.report.weekOverWeek).toBeUndefined();
    // The previous period was not even read: no GetMetricData beyond what one period takes.
    expect(plain.calls).toBeGreaterThan(0);
    expect(compared.calls).toBe(plain.calls);
  });

  it('a previous period that cannot be read costs only the comparison', async () => {
    // CloudWatch refuses any query reaching back before this window (as a too-narrow IAM policy might).
    const windowStart = new Date(NOW.getTime() - 7 * 86_400_000);
    const cloudWatch = new CloudWatchClient({ region: 'us-east-1' });
    cloudWatch.middlewareStack.add((next) => async (args) => {
      const start = (args.input as { StartTime?: Date }).StartTime;
      if (start && start < windowStart) throw Object.assign(new Error('not allowed before the window'), { name: 'AccessDeniedException' });
      return next(args);
    }, { step: 'initialize' });
    const { report } = await runAccountAnalysis(
      { regions: ['us-east-1'], days: 7, now: NOW, compareWithPreviousPeriod: true },
      { sources: sourcesFromClients({ cloudWatch: () => cloudWatch, bedrock: (region) => new BedrockClient({ region }) }), catalog: PriceCatalog.bundled(), publish: false },
    );
    expect(report.weekOverWeek).toBeUndefined();
    expect(report.models.length).toBeGreaterThan(0);
    expect(publishedReport(report).errors).toEqual([expect.objectContaining({ scope: 'previous period', message: expect.stringContaining('week over week left out') })]);
  });
});
