import { InputError } from '../errors.js';
import { hourStarts, type InvocationLogHour } from './invocation-log.js';
import type { CountArray, ModelUsage, UsageMetric, UsageSnapshot } from '../usage/usage.js';

/**
 * Usage as CloudWatch would have summed it, from the logs' hourly aggregates: what the replay runs on
 * when the logs are the only input (`analyze --invocation-logs PATH` alone). One hourly series per
 * model as invoked and Region; the window runs from the first hour with a record to the end of the last.
 */
const HOUR = 3600;

const add = (values: Float64Array, i: number, value: number) => {
  values[i] = values[i]! + value;
};

export function snapshotFromLogs(hours: readonly InvocationLogHour[]): UsageSnapshot {
  if (hours.length === 0) throw new InputError('--invocation-logs: the log objects hold no records, so there is no usage to analyse');
  const accounts = [...new Set(hours.map((h) => h.accountId))].sort();
  const several = accounts.length > 1;
  const hourStart = hourStarts();
  // Each row's hour in seconds, parsed once (rows repeat an hour for every model, caller and class in it).
  const at = new Float64Array(hours.length);
  let first = Infinity;
  let last = -Infinity;
  hours.forEach((h, i) => {
    const s = (at[i] = hourStart(h.hour) / 1000);
    if (s < first) first = s;
    if (s > last) last = s;
  });
  const length = (last - first) / HOUR + 1;
  type Columns = Record<'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'invocations', Float64Array>;
  const series = new Map<string, { usage: ModelUsage; columns: Columns }>();
  for (let r = 0; r < hours.length; r++) {
    const h = hours[r]!;
    const key = `${h.accountId}|${h.modelId}|${h.region}`;
    let entry = series.get(key);
    if (!entry) {
      const columns: Columns = { input: new Float64Array(length), output: new Float64Array(length), cacheRead: new Float64Array(length), cacheWrite: new Float64Array(length), invocations: new Float64Array(length) };
      const metrics: Partial<Record<UsageMetric, CountArray>> = {
        InputTokenCount: columns.input,
        OutputTokenCount: columns.output,
        CacheReadInputTokenCount: columns.cacheRead,
        CacheWriteInputTokenCount: columns.cacheWrite,
        Invocations: columns.invocations,
      };
      entry = { usage: { modelId: h.modelId, region: h.region, ...(several ? { accountId: h.accountId } : {}), segments: [{ periodSeconds: HOUR, start: first, length, metrics }] }, columns };
      series.set(key, entry);
    }
    const i = (at[r]! - first) / HOUR;
    const c = entry.columns;
    add(c.input, i, h.inputTokens);
    add(c.output, i, h.outputTokens);
    add(c.cacheRead, i, h.cacheReadTokens);
    add(c.cacheWrite, i, h.cacheWrite5mTokens + h.cacheWrite1hTokens + h.cacheWriteUnsplitTokens);
    // CloudWatch counts an errored request as an error, not an invocation.
    if (!h.errored) add(c.invocations, i, h.requests);
  }
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return {
    window: { start: iso(first), end: iso(last + HOUR), basis: { how: 'invocation-logs' } },
    models: [...series.values()].map((e) => e.usage),
    provisionedThroughputs: [],
    customModels: [],
    inferenceProfiles: [],
    errors: [],
    ...(several ? { accounts: accounts.map((accountId) => ({ accountId })) } : {}),
  };
}
