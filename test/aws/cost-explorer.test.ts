import { CostExplorerClient, GetCostAndUsageCommand, GetDimensionValuesCommand } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CostExplorerBillReader } from '../../src/aws/cost-explorer.js';

const ce = mockClient(CostExplorerClient);
const client = new CostExplorerClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const SONNET = 'Claude Sonnet 4.6 (Amazon Bedrock Edition)';

function day(date: string, groups: Array<[string, string, string, string, string]>) {
  return {
    TimePeriod: { Start: date, End: date.replace(/\d\d$/, (d) => String(Number(d) + 1).padStart(2, '0')) },
    Groups: groups.map(([service, usageType, amount, unit, cost]) => ({
      Keys: [service, usageType],
      Metrics: { UnblendedCost: { Amount: cost, Unit: 'USD' }, NetUnblendedCost: { Amount: cost, Unit: 'USD' }, UsageQuantity: { Amount: amount, Unit: unit } },
    })),
  };
}

beforeEach(() => ce.reset());

describe('CostExplorerBillReader', () => {
  it('discovers every Bedrock service, reads them daily by service and usage type, follows both paginations and counts each request at $0.01', async () => {
    // Prepare: two pages of services (one not Bedrock), two pages of days.
    ce.on(GetDimensionValuesCommand)
      .resolvesOnce({ DimensionValues: [{ Value: 'Amazon Bedrock' }, { Value: SONNET }], NextPageToken: 's2' })
      .resolvesOnce({ DimensionValues: [{ Value: 'Amazon Bedrock AgentCore' }, { Value: 'Amazon Simple Storage Service' }] });
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ ResultsByTime: [day('2026-11-01', [['Amazon Bedrock', 'USE1-NovaLite-input-tokens', '24000', '1K tokens', '1.44']])], NextPageToken: 'd2' })
      .resolvesOnce({ ResultsByTime: [day('2026-11-02', [[SONNET, 'USE1-MP:USE1_InputTokenCount-Units', '12', 'Units', '39.6']])] });

    // Act
    const bill = await new CostExplorerBillReader(client).read({ start: '2026-11-01', end: '2026-11-03' });

    // Assess
    expect(ce).toHaveReceivedCommandWith(GetDimensionValuesCommand, { TimePeriod: { Start: '2026-11-01', End: '2026-11-03' }, Dimension: 'SERVICE', SearchString: 'Bedrock' });
    expect(ce).toHaveReceivedNthCommandWith(GetDimensionValuesCommand, 2, { NextPageToken: 's2' });
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-03' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'NetUnblendedCost', 'UsageQuantity'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
      Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Bedrock', SONNET, 'Amazon Bedrock AgentCore'] } },
    });
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { NextPageToken: 'd2' });
    expect(bill.source).toMatchObject({ kind: 'cost-explorer', requests: 4 });
    expect(bill.source.requestCost!.toFixed()).toBe('0.04');
    expect(bill.lines.map((l) => [l.day, l.service, l.usageType, l.quantity.toFixed(), l.unit, l.unblendedCost.toFixed()])).toEqual([
      ['2026-11-01', 'Amazon Bedrock', 'USE1-NovaLite-input-tokens', '24000', '1K tokens', '1.44'],
      ['2026-11-02', SONNET, 'USE1-MP:USE1_InputTokenCount-Units', '12', 'Units', '39.6'],
    ]);
  });

  it('reads each analysed account apart (LINKED_ACCOUNT), so each line names its account', async () => {
    ce.on(GetDimensionValuesCommand).resolves({ DimensionValues: [{ Value: 'Amazon Bedrock' }] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-01', [['Amazon Bedrock', 'USE1-NovaLite-input-tokens', '1', '1K tokens', '0.00006']])] });
    const bill = await new CostExplorerBillReader(client).read({ start: '2026-11-01', end: '2026-11-02', accountIds: ['111122223333', '444455556666'] });
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      Filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: ['Amazon Bedrock'] } }, { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['444455556666'] } }] },
    });
    expect(bill.lines.map((l) => l.accountId)).toEqual(['111122223333', '444455556666']);
    expect(bill.source.requests).toBe(3);
  });

  it('makes no GetCostAndUsage request when the bill has no Bedrock service', async () => {
    ce.on(GetDimensionValuesCommand).resolves({ DimensionValues: [{ Value: 'Amazon Elastic Compute Cloud - Compute' }] });
    const bill = await new CostExplorerBillReader(client).read({ start: '2026-11-01', end: '2026-11-02' });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 0);
    expect(bill.lines).toEqual([]);
    expect(bill.source.requests).toBe(1);
  });

  it('passes an AccessDenied through', async () => {
    ce.on(GetDimensionValuesCommand).rejects(Object.assign(new Error('User is not authorized to perform: ce:GetDimensionValues'), { name: 'AccessDeniedException' }));
    await expect(new CostExplorerBillReader(client).read({ start: '2026-11-01', end: '2026-11-02' })).rejects.toThrow(/ce:GetDimensionValues/);
  });
});
