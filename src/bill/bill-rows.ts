import { InputError } from '../errors.js';
import { usd } from '../money.js';
import type { BilledLine, BillRead } from './billed-line.js';

/**
 * The rows of ./bedrock-bill.sql as billed lines, whichever engine ran it (DuckDB here, Athena in the
 * deployed functions): every value arrives as text, money as exact decimal strings.
 */

/** Thrown when a bill cannot be used; names the file (or table) and the column. The CLI exits 2. */
export class BillInputError extends InputError {
  override readonly name = 'BillInputError';
}

/**
 * Rows of one read as billed lines. Tag sets repeat on every line of a caller: each distinct JSON text
 * is parsed once.
 */
export class BilledRows {
  private readonly tags = new Map<string, Record<string, string> | undefined>();

  constructor(private readonly where: string) {}

  /** Row `row` of a chunk given column by column, in the order of `names` (the query's columns). */
  lineAt(names: readonly string[], columns: ReadonlyArray<ReadonlyArray<string | null | undefined>>, row: number): BilledLine {
    const record: Record<string, string | null | undefined> = {};
    for (let i = 0; i < names.length; i++) record[names[i]!] = columns[i]![row];
    return billedLineOf(record, this.where, (text) => {
      if (!this.tags.has(text)) this.tags.set(text, parseTags(text, this.where));
      return this.tags.get(text);
    });
  }
}

function parseTags(text: string, where: string): Record<string, string> | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BillInputError(`${where}: resource_tags is not a map of strings`);
  }
  const tags = Object.fromEntries(Object.entries(parsed ?? {}).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
  return Object.keys(tags).length ? tags : undefined;
}

/** One row of bedrock-bill.sql as a billed line; shared with the Athena reader, whose rows are text too. */
export function billedLineOf(
  r: Record<string, string | null | undefined>,
  where: string,
  tagsOf: (text: string) => Record<string, string> | undefined = (text) => parseTags(text, where),
): BilledLine {
  const text = (k: string) => {
    const v = r[k];
    return v === null || v === undefined || v === '' ? undefined : v;
  };
  const tagText = text('tags');
  const tags = tagText ? tagsOf(tagText) : undefined;
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
    ...(text('last_day') && text('last_day') !== text('usage_day') ? { lastDay: text('last_day')! } : {}),
    quantity: usd(text('quantity') ?? '0'),
    unit: text('pricing_unit') ?? '',
    unblendedCost: usd(text('unblended_cost') ?? '0'),
    ...(net ? { netCost: usd(net) } : {}),
    ...(text('resource_id') ? { resourceId: text('resource_id')! } : {}),
    ...(text('iam_principal') ? { iamPrincipal: text('iam_principal')! } : {}),
    ...(tags ? { tags } : {}),
  };
}

/**
 * The rows of an Athena run of ./bedrock-bill.sql as a bill read, for the analysed accounts only (a
 * payer account's export holds every member's lines; a line with no account is kept).
 */
export function billReadOfAthenaRows(rows: ReadonlyArray<Record<string, string | null>>, table: string, description: string, accountIds: readonly string[] | undefined): BillRead {
  const lines = rows.map((row) => billedLineOf(row, `Athena ${table}`));
  const wanted = accountIds ? new Set(accountIds) : undefined;
  return { source: { kind: 'athena', description }, lines: wanted ? lines.filter((l) => l.accountId === undefined || wanted.has(l.accountId)) : lines };
}
