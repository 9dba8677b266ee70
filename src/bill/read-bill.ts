import type { PriceCatalog } from '../catalog/catalog.js';
import { ConfigurationError } from '../errors.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillRead } from './billed-line.js';
import { billReadDays, reconcile } from './reconcile.js';
import type { Reconciliation } from './reconciliation.js';

/**
 * `--bill ce|PATH`: which bill to read, and the reconciliation of a finished report with it. The
 * readers are imported when used: DuckDB only for a file, the Cost Explorer client only for `ce`.
 */
export type BillSpec = { kind: 'cost-explorer' } | { kind: 'cur'; path: string };

export function billFlag(value: string | undefined): BillSpec | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigurationError('--bill must be "ce" (Cost Explorer) or the path of a CUR 2.0 Parquet file or folder');
  return value === 'ce' ? { kind: 'cost-explorer' } : { kind: 'cur', path: value };
}


export async function readBillFile(path: string, report: Pick<AdvisorReport, 'window'>): Promise<BillRead> {
  const { readCurBill } = await import('./cur-reader.js');
  return readCurBill(path, billReadDays(report));
}

export function reconciliationOf(report: AdvisorReport, bill: BillRead, catalog: PriceCatalog): Reconciliation {
  return reconcile(report, bill, catalog);
}
