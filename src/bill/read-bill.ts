import { ConfigurationError } from '../errors.js';
import type { AdvisorReport } from '../domain/report.js';
import type { BillRead } from './billed-line.js';
import { billReadDays } from './reconcile.js';

/**
 * `--bill ce|PATH`: which bill to read, and reading it (the reconciliation is `runAnalysis`'s step, src/service/run-analysis.ts). The
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
