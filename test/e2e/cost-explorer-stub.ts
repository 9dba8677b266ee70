import type { ServerResponse } from 'node:http';
import { reply } from './pricing-stub.js';

/**
 * Cost Explorer on the loopback stub: awsJson1_1 (`x-amz-target: AWSInsightsIndexService.<Operation>`,
 * `content-type: application/x-amz-json-1.1`), answering `GetDimensionValues` and `GetCostAndUsage` in
 * the shapes of AWS's API reference (ResultsByTime[].Groups[].{Keys, Metrics.{Amount, Unit}}, amounts
 * as decimal strings, `NextPageToken` paging). The bill is the same every day: `perDay` lines,
 * repeated over the days asked for, for each account in `accounts`.
 */
export interface CostExplorerFixture {
  perDay: Array<{ service: string; usageType: string; quantity: string; unit: string; unblendedCost: string; netUnblendedCost?: string }>;
  /** Other services the account uses (listed by GetDimensionValues, never Bedrock). */
  otherServices?: string[];
  /** Days per GetCostAndUsage page (default 1), so paging is exercised. */
  daysPerPage?: number;
  /** Services per GetDimensionValues page (default 2). */
  servicesPerPage?: number;
  /** Every call answers 400 AccessDeniedException (a role without ce:* permissions). */
  denied?: boolean;
}


function invalid(res: ServerResponse, message: string): number {
  return reply(res, 400, { __type: 'com.amazon.insights#ValidationException', Message: message });
}

function days(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t < Date.parse(`${end}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

interface Filter { Dimensions?: { Key: string; Values: string[] }; And?: Filter[] }

function dimensionValues(filter: Filter | undefined, key: string): string[] | undefined {
  if (!filter) return undefined;
  if (filter.Dimensions?.Key === key) return filter.Dimensions.Values;
  for (const f of filter.And ?? []) {
    const found = dimensionValues(f, key);
    if (found) return found;
  }
  return undefined;
}

export function handleCostExplorer(fixture: CostExplorerFixture, target: string, body: string, res: ServerResponse): number {
  if (fixture.denied) return reply(res, 400, { __type: 'AccessDeniedException', Message: `User is not authorized to perform: ce:${target.split('.').pop()}` });
  const input = JSON.parse(body || '{}') as Record<string, unknown>;
  const period = input.TimePeriod as { Start?: string; End?: string } | undefined;
  if (!period?.Start || !period.End) return invalid(res, 'TimePeriod Start and End are required');
  const services = [...new Set([...fixture.perDay.map((l) => l.service), ...(fixture.otherServices ?? [])])].sort();
  const offset = Number(input.NextPageToken ?? 0);
  switch (target) {
    case 'AWSInsightsIndexService.GetDimensionValues': {
      if (input.Dimension !== 'SERVICE') return invalid(res, `stub answers Dimension SERVICE only, not ${String(input.Dimension)}`);
      const search = String(input.SearchString ?? '').toLowerCase();
      const matching = services.filter((s) => s.toLowerCase().includes(search));
      const size = fixture.servicesPerPage ?? 2;
      const page = matching.slice(offset, offset + size);
      return reply(res, 200, {
        DimensionValues: page.map((Value) => ({ Value, Attributes: {} })),
        ReturnSize: page.length,
        TotalSize: matching.length,
        ...(offset + size < matching.length ? { NextPageToken: String(offset + size) } : {}),
      });
    }
    case 'AWSInsightsIndexService.GetCostAndUsage': {
      if (input.Granularity !== 'DAILY') return invalid(res, 'stub answers DAILY only');
      const groupBy = (input.GroupBy as Array<{ Type: string; Key: string }> | undefined) ?? [];
      if (groupBy.length > 2) return invalid(res, 'GroupBy takes at most two dimensions');
      if (groupBy.map((g) => g.Key).join(',') !== 'SERVICE,USAGE_TYPE') return invalid(res, 'stub answers GroupBy SERVICE, USAGE_TYPE only');
      const wanted = dimensionValues(input.Filter as Filter | undefined, 'SERVICE');
      const metrics = (input.Metrics as string[] | undefined) ?? [];
      const all = days(period.Start, period.End);
      const size = fixture.daysPerPage ?? 1;
      const page = all.slice(offset, offset + size);
      const lines = fixture.perDay.filter((l) => !wanted || wanted.includes(l.service));
      return reply(res, 200, {
        GroupDefinitions: groupBy,
        ResultsByTime: page.map((day) => ({
          TimePeriod: { Start: day, End: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) },
          Total: {},
          Groups: lines.map((l) => ({
            Keys: [l.service, l.usageType],
            Metrics: Object.fromEntries(metrics.map((m) => [m,
              m === 'UsageQuantity' ? { Amount: l.quantity, Unit: l.unit }
                : m === 'NetUnblendedCost' ? { Amount: l.netUnblendedCost ?? l.unblendedCost, Unit: 'USD' }
                  : { Amount: l.unblendedCost, Unit: 'USD' }])),
          })),
          Estimated: false,
        })),
        DimensionValueAttributes: [],
        ...(offset + size < all.length ? { NextPageToken: String(offset + size) } : {}),
      });
    }
    default:
      return invalid(res, `stub does not implement ${target}`);
  }
}
