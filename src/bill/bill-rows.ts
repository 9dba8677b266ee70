import { InputError } from '../errors.js';
import { usd } from '../money.js';
import type { BilledLine } from './billed-line.js';

/**
 * The rows of ./bedrock-bill.sql as billed lines, whichever engine ran it (DuckDB here, Athena in the
 * deployed functions): every value arrives as text, money as exact decimal strings.
 */

/** Thrown when a bill cannot be used; names the file (or table) and the column. The CLI exits 2. */
export class BillInputError extends InputError {
  override readonly name = 'BillInputError';
}

/** One row of bedrock-bill.sql as a billed line; shared with the Athena reader, whose rows are text too. */
export function billedLineOf(r: Record<string, string | null | undefined>, where: string): BilledLine {
  const text = (k: string) => {
    const v = r[k];
    return v === null || v === undefined || v === '' ? undefined : v;
  };
  let tags: Record<string, string> | undefined;
  const tagText = text('tags');
  if (tagText) {
    try {
      const parsed = JSON.parse(tagText) as Record<string, unknown>;
      tags = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
    } catch {
      throw new BillInputError(`${where}: resource_tags is not a map of strings`);
    }
  }
  const productCode = text('product_code');
  const service = text('service') ?? (productCode === 'AmazonBedrock' ? 'Amazon Bedrock' : productCode ?? 'Amazon Bedrock');
  const net = text('net_cost');
  return {
    service,
    ...(productCode ? { productCode } : {}),
    usageType: text('usage_type') ?? '',
    ...(text('operation') ? { operation: text('operation')! } : {}),
    ...(text('line_item_type') ? { lineItemType: text('line_item_type')! } : {}),
    ...(text('account_id') ? { accountId: text('account_id')! } : {}),
    ...(text('region') ? { region: text('region')! } : {}),
    day: text('usage_day') ?? '',
    quantity: usd(text('quantity') ?? '0'),
    unit: text('pricing_unit') ?? '',
    unblendedCost: usd(text('unblended_cost') ?? '0'),
    ...(net ? { netCost: usd(net) } : {}),
    ...(text('resource_id') ? { resourceId: text('resource_id')! } : {}),
    ...(text('iam_principal') ? { iamPrincipal: text('iam_principal')! } : {}),
    ...(tags && Object.keys(tags).length ? { tags } : {}),
  };
}
