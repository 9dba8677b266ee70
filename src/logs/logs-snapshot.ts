import { InputError } from '../errors.js';
import { hourStarts, type InvocationLogHour } from './invocation-log.js';
import type { CountArray, ModelUsage, UsageMetric, UsageSnapshot } from '../usage/usage.js';

/**
 * Usage as CloudWatch would have summed it, from the logs' hourly aggregates: what the replay runs on
 * when the logs are the only input (`analyze --invocation-logs PATH` alone). One hourly series per
 * model as invoked and Region; the window runs from the first hour with a record to the end of the last.
 */
const HOUR = 3600;

export function snapshotFromLogs(hours: readonly InvocationLogHour[]): UsageSnapshot {
  if (hours.length === 0) throw new InputError('--invocation-logs: the log objects hold no records, so there is no usage to analyse');
  const accounts = [...new Set(hours.map((h) => h.accountId))].sort();
  const several = accounts.length > 1;
  const hourStart = hourStarts();
  const seconds = (h: InvocationLogHour) => hourStart(h.hour) / 1000;
  let first = Infinity;
  let last = -Infinity;
  for (const h of hours) {
    first = Math.min(first, seconds(h));
    last = Math.max(last, seconds(h));
  }
  const length = (last - first) / HOUR + 1;
  const series = new Map<string, ModelUsage>();
  for (const h of hours) {
    const key = `${h.accountId}|${h.modelId}|${h.region}`;
    let usage = series.get(key);
    if (!usage) {
      const metrics: Partial<Record<UsageMetric, CountArray>> = {};
      for (const m of ['InputTokenCount', 'OutputTokenCount', 'CacheReadInputTokenCount', 'CacheWriteInputTokenCount', 'Invocations'] as const) metrics[m] = new Float64Array(length);
      usage = { modelId: h.modelId, region: h.region, ...(several ? { accountId: h.accountId } : {}), segments: [{ periodSeconds: HOUR, start: first, length, metrics }] };
      series.set(key, usage);
    }
    const i = (seconds(h) - first) / HOUR;
    const m = usage.segments[0]!.metrics;
    const add = (metric: UsageMetric, value: number) => {
      const values = m[metric]!;
      values[i] = (values[i] as number) + value;
    };
    add('InputTokenCount', h.inputTokens);
    add('OutputTokenCount', h.outputTokens);
    add('CacheReadInputTokenCount', h.cacheReadTokens);
    add('CacheWriteInputTokenCount', h.cacheWrite5mTokens + h.cacheWrite1hTokens + h.cacheWriteUnsplitTokens);
    // CloudWatch counts an errored request as an error, not an invocation.
    if (!h.errored) add('Invocations', h.requests);
  }
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return {
    window: { start: iso(first), end: iso(last + HOUR), basis: { how: 'invocation-logs' } },
    models: [...series.values()],
    provisionedThroughputs: [],
    customModels: [],
    inferenceProfiles: [],
    errors: [],
    ...(several ? { accounts: accounts.map((accountId) => ({ accountId })) } : {}),
  };
}
