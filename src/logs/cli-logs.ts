import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { longContextThresholds } from './logs-sql.js';
import type { InvocationLogRead } from './invocation-log.js';

/**
 * `--invocation-logs PATH` for the CLI: the reader (and DuckDB) loaded only when the flag is given.
 */
export async function readInvocationLogFolder(path: string): Promise<InvocationLogRead> {
  const { readInvocationLogs } = await import('./read-invocation-logs.js');
  // 600 MB for DuckDB keeps the whole run under 1 GiB; larger aggregations spill to the temp folder.
  return readInvocationLogs(path, { longContextThresholds: longContextThresholds(), duckdb: { memoryLimit: '600MB', tempDirectory: join(tmpdir(), 'bedrock-cost-advisor-duckdb') } });
}
