import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PriceCatalog } from '../catalog/catalog.js';
import type { InvocationLogRead } from './invocation-log.js';

/**
 * `--invocation-logs PATH` for the CLI: the reader (and DuckDB) loaded only when the flag is given.
 * Requests are classified against every long-context threshold the bundled catalog's models name
 * (the model list is the same whatever the price source), so the read can happen before prices are.
 */
export function longContextThresholds(catalog: PriceCatalog = PriceCatalog.bundled()): number[] {
  return [...new Set(catalog.allModels().flatMap((m) => (m.longContext ? [m.longContext.thresholdInputTokens] : [])))].sort((a, b) => a - b);
}

export async function readInvocationLogFolder(path: string): Promise<InvocationLogRead> {
  const { readInvocationLogs } = await import('./read-invocation-logs.js');
  // 600 MB for DuckDB keeps the whole run under 1 GiB; larger aggregations spill to the temp folder.
  return readInvocationLogs(path, { longContextThresholds: longContextThresholds(), duckdb: { memoryLimit: '600MB', tempDirectory: join(tmpdir(), 'bedrock-cost-advisor-duckdb') } });
}
