import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetDimensionValuesCommand,
  type CostExplorerClientConfig,
  type Expression,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { usd } from '../money.js';
import type { BilledLine, BillRead } from '../bill/billed-line.js';
import { billReadDays } from '../bill/reconcile.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillSource } from '../service/ports.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * The Bedrock bill from Cost Explorer: `GetCostAndUsage`, daily, grouped by SERVICE and USAGE_TYPE
 * (two group-bys, the most it takes), filtered to every Bedrock service. The services are discovered
 * with `GetDimensionValues(SERVICE)` rather than listed: third-party models bill under their own
 * "(Amazon Bedrock Edition)" service, and new ones appear with each model launch.
 *
 * Every request is billed: $0.01 per request, each page counted (AWS Cost Explorer pricing,
 * https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/). The reader counts them and
 * states their cost in the report.
 */

/** USD per Cost Explorer API request (each paginated page is a request). */
export const COST_EXPLORER_REQUEST_USD = '0.01';

/** Cost Explorer has one endpoint, in us-east-1 (`ce.us-east-1.amazonaws.com`). */
export function createCostExplorerClient(options: AdvisorClientOptions<CostExplorerClientConfig> = {}): CostExplorerClient {
  return new CostExplorerClient(awsClientConfig('us-east-1', options));
}

export interface CostExplorerBillRequest {
  /** First day, ISO date. */
  start: string;
  /** The day after the last, ISO date (Cost Explorer's End is exclusive). */
  end: string;
  /**
   * Read these accounts one by one (LINKED_ACCOUNT filter, one query each), so each line carries its
   * account; absent, the caller's own bill (the whole organisation's from a payer account).
   */
  accountIds?: string[];
  signal?: AbortSignal;
}

/** Services whose name says Bedrock: "Amazon Bedrock", "Amazon Bedrock AgentCore", "Claude … (Amazon Bedrock Edition)". */
export function isBedrockService(name: string): boolean {
  return /bedrock/i.test(name);
}

export class CostExplorerBillReader implements BillSource {
  constructor(private readonly client: CostExplorerClient) {}

  /** The bill of a report's days (its window widened to whole UTC days), per account when several were read. */
  async readFor(report: Pick<AdvisorReport, 'window'>, accountIds: string[] | undefined, signal?: AbortSignal): Promise<BillRead> {
    const days = billReadDays(report);
    return this.read({ start: days.firstDay, end: days.endDay, ...(accountIds ? { accountIds } : {}), ...(signal ? { signal } : {}) });
  }

  async read(request: CostExplorerBillRequest): Promise<BillRead> {
    let requests = 0;
    const timePeriod = { Start: request.start, End: request.end };
    const services: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetDimensionValuesCommand({ TimePeriod: timePeriod, Dimension: 'SERVICE', SearchString: 'Bedrock', ...(token ? { NextPageToken: token } : {}) }),
        abortable(request.signal),
      );
      requests++;
      for (const v of page.DimensionValues ?? []) if (v.Value && isBedrockService(v.Value) && !services.includes(v.Value)) services.push(v.Value);
      token = page.NextPageToken;
    } while (token);

    const lines: BilledLine[] = [];
    if (services.length > 0) {
      for (const accountId of request.accountIds ?? [undefined]) {
        const serviceFilter: Expression = { Dimensions: { Key: 'SERVICE', Values: services } };
        const filter: Expression = accountId ? { And: [serviceFilter, { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } }] } : serviceFilter;
        token = undefined;
        do {
          const page: GetCostAndUsageCommandOutput = await this.client.send(
            new GetCostAndUsageCommand({
              TimePeriod: timePeriod,
              Granularity: 'DAILY',
              Metrics: ['UnblendedCost', 'NetUnblendedCost', 'UsageQuantity'],
              GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
              Filter: filter,
              ...(token ? { NextPageToken: token } : {}),
            }),
            abortable(request.signal),
          );
          requests++;
          for (const day of page.ResultsByTime ?? []) {
            const date = day.TimePeriod?.Start;
            if (!date) continue;
            for (const group of day.Groups ?? []) lines.push(lineOf(date, group.Keys ?? [], group.Metrics ?? {}, accountId));
          }
          token = page.NextPageToken;
        } while (token);
      }
    }
    const accounts = request.accountIds ? `, ${request.accountIds.length} account(s)` : '';
    return {
      source: {
        kind: 'cost-explorer',
        description: `Cost Explorer GetCostAndUsage, daily by service and usage type, ${services.length} Bedrock service(s)${accounts}`,
        requests,
        // The advisor's own AWS fee (a constant per request, cited where it is defined), not a Bedrock price: no price book holds it.
        requestCost: usd(COST_EXPLORER_REQUEST_USD).times(requests),
      },
      lines,
    };
  }
}

type Metrics = Record<string, { Amount?: string; Unit?: string }>;

function lineOf(day: string, keys: string[], metrics: Metrics, accountId: string | undefined): BilledLine {
  const amount = (name: string) => usd(metrics[name]?.Amount ?? '0');
  const net = metrics.NetUnblendedCost?.Amount;
  return {
    service: keys[0] ?? 'Amazon Bedrock',
    usageType: keys[1] ?? '',
    day,
    quantity: amount('UsageQuantity'),
    unit: metrics.UsageQuantity?.Unit ?? '',
    unblendedCost: amount('UnblendedCost'),
    ...(net !== undefined ? { netCost: usd(net) } : {}),
    ...(accountId ? { accountId } : {}),
  };
}
