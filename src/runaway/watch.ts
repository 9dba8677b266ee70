import type { Decimal } from 'decimal.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { groupUsage } from '../engine-groups.js';
import { usd } from '../money.js';
import { replayModel } from '../replay/scenarios.js';
import type { ModelUsage, ScopeError, UsageSnapshot } from '../usage/usage.js';
import { asReported } from '../domain/notes.js';
import { tokenKindOf, type LineDimension } from '../domain/lines.js';
import { detectRunaway, type HourlySpend, type RunawayIncident, type RunawayOptions } from './detect.js';

const METRIC_DIMENSION = {
  InputTokenCount: 'input',
  OutputTokenCount: 'output',
  CacheReadInputTokenCount: 'cacheRead',
  CacheWriteInputTokenCount: 'cacheWrite',
} as const;

/**
 * Prices per 1K tokens as replay billed them today (its as-billed scenario's lines), by token type: the
 * hourly spend uses the very prices the report does (cache writes at the input rate where that is how
 * the model bills them), without pricing each hour through a whole replay.
 */
export function asBilledRates(lines: ReadonlyArray<{ dimension: LineDimension; unitPrice: Decimal | null }>): Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheWrite', Decimal>> {
  const rates: Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheWrite', Decimal>> = {};
  for (const line of lines) {
    if (line.unitPrice === null) continue;
    const kind = tokenKindOf(line.dimension);
    if (kind && kind !== 'image' && kind !== 'query') rates[kind] = line.unitPrice;
  }
  return rates;
}

/**
 * Spend per clock hour from `fromHour` (epoch seconds, on an hour) for `hours` hours: token sums per hour
 * (integers), each priced once. An hour with tokens of a type that has no price is null, never $0.
 */
export function hourlySpend(key: string, label: string, series: readonly ModelUsage[], rates: ReturnType<typeof asBilledRates>, fromHour: number, hours: number): HourlySpend {
  const sums = Object.fromEntries(Object.keys(METRIC_DIMENSION).map((m) => [m, new Float64Array(hours)])) as Record<keyof typeof METRIC_DIMENSION, Float64Array>;
  for (const usage of series) {
    for (const s of usage.segments) {
      for (const metric of Object.keys(METRIC_DIMENSION) as Array<keyof typeof METRIC_DIMENSION>) {
        const values = s.metrics[metric];
        if (!values) continue;
        for (let i = 0; i < s.length; i++) {
          const h = Math.floor((s.start + i * s.periodSeconds - fromHour) / 3600);
          if (h >= 0 && h < hours) sums[metric][h]! += values[i] as number;
        }
      }
    }
  }
  const spend: Array<Decimal | null> = [];
  for (let h = 0; h < hours; h++) {
    let total: Decimal | null = usd(0);
    for (const [metric, dimension] of Object.entries(METRIC_DIMENSION) as Array<[keyof typeof METRIC_DIMENSION, keyof typeof rates]>) {
      const tokens = sums[metric][h]!;
      if (tokens === 0 || total === null) continue;
      const rate = rates[dimension];
      // Quantity x price outside the price book, on purpose: an hourly spend series for a baseline (every
      // hour of every series, no lines or citations wanted), at the same rule (thousands of tokens x the
      // price per 1K) PriceBook.bill applies.
      total = rate ? total.plus(rate.times(usd(`${tokens}e-3`))) : null;
    }
    spend.push(total);
  }
  return { key, label, hourStart: fromHour, usd: spend };
}

/** Hours a watch reads: the baseline days, then the judged hours (the last day by default). */
export function runawayWindowHours(baselineDays: number, options: Pick<RunawayOptions, 'judgedHours'> = {}): number {
  return baselineDays * 24 + (options.judgedHours ?? 24);
}

/**
 * Every model's and every profile's incidents in the judged hours at the end of the snapshot (the
 * last day by default). The snapshot ends at `now` (rounded down to an hour) and holds `baselineDays`
 * days before the judged hours.
 */
export function watchRunaway(snapshot: UsageSnapshot, catalog: PriceCatalog, now: Date, baselineDays: number, options: RunawayOptions = {}): { incidents: RunawayIncident[]; watched: number; errors: ScopeError[] } {
  const end = Math.floor(now.getTime() / 3_600_000) * 3600;
  const hours = runawayWindowHours(baselineDays, options);
  const from = end - hours * 3600;
  const windowHours = hours;
  const incidents: RunawayIncident[] = [];
  const errors: ScopeError[] = [];
  let watched = 0;
  const { groups } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  for (const group of groups) {
    const where = `${group.modelId} (${group.region}${group.scope !== 'in-region' ? `, ${group.scope}` : ''})`;
    try {
      const replay = replayModel(group, { catalog, windowHours, cacheReadShares: [], now });
      const rates = asBilledRates(replay.report.scenarios[0]?.lines ?? []);
      const account = group.series[0]?.accountId ? `${group.series[0].accountId}|` : '';
      watched++;
      incidents.push(...detectRunaway(hourlySpend(`model:${account}${group.region}|${group.modelId}|${group.scope}`, replay.report.name ? `${replay.report.name}, ${where}` : where, group.series, rates, from, hours), options));
      // Each profile the model was invoked through (application or cross-Region profile) on its own: one team's loop.
      const profiles = new Set(group.series.map((s) => s.modelId).filter((id) => id !== group.modelId));
      if (profiles.size === 0 || (profiles.size === 1 && group.series.every((s) => s.modelId !== group.modelId))) continue;
      for (const profile of profiles) {
        watched++;
        incidents.push(...detectRunaway(hourlySpend(`profile:${account}${group.region}|${profile}`, `profile ${profile} (${group.region})`, group.series.filter((s) => s.modelId === profile), rates, from, hours), options));
      }
    } catch (error) {
      errors.push({ scope: `runaway watch of ${where}`, message: asReported((error as Error).message) });
    }
  }
  return { incidents, watched, errors };
}
