import type { Decimal } from 'decimal.js';
import type { BillSource } from '../domain/reconciliation.js';

/**
 * One line of the Bedrock bill, as either bill reader delivers it: a CUR 2.0 / Data Exports row
 * (grouped by day) or a Cost Explorer group (SERVICE x USAGE_TYPE, one day). No AWS type in it: the
 * readers (src/bill/cur-reader.ts, src/aws/cost-explorer.ts) map their rows onto it, and the pure
 * reconciliation (./reconcile.ts) reads nothing else.
 */
export interface BilledLine {
  /**
   * The service as billed: Cost Explorer's SERVICE ("Amazon Bedrock", "Claude Sonnet 4.6 (Amazon
   * Bedrock Edition)"), CUR's `product['product_name']`. Third-party models bill under their own
   * "(Amazon Bedrock Edition)" service, whose name names the model.
   */
  service: string;
  /** CUR `line_item_product_code` (`AmazonBedrock`, `AmazonBedrockFoundationModels`, `AmazonBedrockService`, `AmazonBedrockAgentCore`); absent from Cost Explorer. */
  productCode?: string;
  /** `USE1-NovaLite-input-tokens`, `USE1-MP:USE1_InputTokenCount-Units`, … */
  usageType: string;
  operation?: string;
  /** CUR `line_item_line_item_type`: `Usage`, `DiscountedUsage`, `Credit`, `Tax`, …; absent from Cost Explorer (usage only). */
  lineItemType?: string;
  /** The account that used it (`line_item_usage_account_id`); absent when the reader does not group by account. */
  accountId?: string;
  /** `product['region']` (`us-east-1`) when the row carries it; the usage type's prefix is read first. */
  region?: string;
  /** The UTC day the usage is in, `YYYY-MM-DD`; for a line summed over several days, the first. */
  day: string;
  /** For a line summed over several days (the CUR readers sum over the window): the last day. */
  lastDay?: string;
  /** `line_item_usage_amount` / `UsageQuantity`, in `unit`. */
  quantity: Decimal;
  /** `pricing_unit` / the UsageQuantity unit: `1K tokens`, `Units`, `Hrs`, … */
  unit: string;
  unblendedCost: Decimal;
  /** `line_item_net_unblended_cost` / NetUnblendedCost: the cost after discounts, when the reader has it. */
  netCost?: Decimal;
  /** `line_item_resource_id`: the application inference profile a call went through, when it did. */
  resourceId?: string;
  /** `line_item_iam_principal` (opt-in in a data export since April 2026). */
  iamPrincipal?: string;
  /** Cost-allocation and principal tags (`user:team`, `iamPrincipal/team`), when exported. */
  tags?: Record<string, string>;
}

/** The source a bill was read from, and what reading it cost: a report type (src/domain/reconciliation.ts). */
export type { BillSource };

export interface BillRead {
  source: BillSource;
  lines: BilledLine[];
}
