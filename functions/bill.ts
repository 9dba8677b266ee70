import type { BillSource } from '../src/service/ports.js';
import { memoizeAsync } from './memoize.js';

/**
 * Cost Explorer as the run's bill (BILL_SOURCE=ce): the reader, its client and the bill's model load
 * on the first read, not at cold init (bench/cold-init.ts).
 */
export function costExplorerBill(): BillSource {
  const reader = memoizeAsync(async () => {
    const { CostExplorerBillReader, createCostExplorerClient } = await import('../src/aws/cost-explorer.js');
    return new CostExplorerBillReader(createCostExplorerClient());
  });
  return { readFor: async (report, accountIds, signal) => (await reader()).readFor(report, accountIds, signal) };
}
