import type { Decimal } from 'decimal.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { groupUsage } from '../engine-groups.js';
import { usd } from '../money.js';
import { replayModel } from '../replay/scenarios.js';
import type { ModelUsage, ScopeError, UsageMetric, UsageSnapshot } from '../usage/usage.js';
import { asReported, type UsageWarning, type Worded } from '../domain/notes.js';
import { tokenKindOf, type LineDimension, type TokenKind } from '../domain/lines.js';
import { detectRunaway, type HourlySpend, type RunawayIncident, type RunawayOptions } from './detect.js';

/**
 * What each metric counts and how many of it a price is per: tokens per 1K, images one by one, and a
 * rerank model's queries (one request is one query, as the report bills it) per 1K.
 */
const METRIC_KIND = {
  InputTokenCount: { kind: 'input', per: 1000 },
  OutputTokenCount: { kind: 'output', per: 1000 },
  CacheReadInputTokenCount: { kind: 'cacheRead', per: 1000 },
  CacheWriteInputTokenCount: { kind: 'cacheWrite', per: 1000 },
  OutputImageCount: { kind: 'image', per: 1 },
  Invocations: { kind: 'query', per: 1000 },
} as const satisfies Record<string, { kind: TokenKind; per: number }>;
type WatchedMetric = keyof typeof METRIC_KIND;
const WATCHED_METRICS = Object.keys(METRIC_KIND) as WatchedMetric[];

/**
 * How the report bills a model today, for the watch: the price of each kind it bills (per 1K tokens,
 * per image, per 1K queries), null for a kind it bills and has no price for. A kind the model does not
 * bill is absent (tokens CloudWatch reports for an image model, requests of a text model): its counts
 * cost nothing. `unpriceable` when nothing can be priced from CloudWatch at all (video seconds, media
 * seconds it does not report): every hour with usage is then unknown, never $0.
 */
export interface AsBilledRates {
  rates: Partial<Record<TokenKind, Decimal | null>>;
  unpriceable: boolean;
}

/**
 * Prices as replay billed them today (its as-billed scenario's lines), by kind: the hourly spend uses
 * the very prices the report does (cache writes at the input rate where that is how the model bills
 * them, images at the row's tier), without pricing each hour through a whole replay.
 */
export function asBilledRates(scenario: { cost: Decimal | null; lines?: ReadonlyArray<{ dimension: LineDimension; quantity: Decimal; unitPrice: Decimal | null }> } | undefined): AsBilledRates {
  const rates: AsBilledRates['rates'] = {};
  const unknown = new Set<TokenKind>();
  const lines = scenario?.lines ?? [];
  for (const line of lines) {
    const kind = tokenKindOf(line.dimension);
    if (!kind || unknown.has(kind)) continue;
    // A part of a kind billed with no price makes the kind unknown (the hour's cost is then not a figure);
    // an empty line with no price only says the kind is billed.
    if (line.unitPrice === null) {
      if (!line.quantity.isZero()) unknown.add(kind);
      if (!line.quantity.isZero() || !(kind in rates)) rates[kind] = null;
    } else {
      rates[kind] = line.unitPrice;
    }
  }
  return { rates, unpriceable: scenario !== undefined && scenario.cost === null && lines.length === 0 };
}

/**
 * Spend per clock hour from `fromHour` (epoch seconds, on an hour) for `hours` hours: counts per hour
 * (integers), each priced once. An hour with a count of a billed kind that has no price is null, never
 * $0; so is every hour with usage of a model that cannot be priced from CloudWatch.
 */
export function hourlySpend(key: string, label: string, series: readonly ModelUsage[], billed: AsBilledRates, fromHour: number, hours: number): HourlySpend {
  const sums = Object.fromEntries(WATCHED_METRICS.map((m) => [m, new Float64Array(hours)])) as Record<WatchedMetric, Float64Array>;
  const used = new Uint8Array(hours);
  for (const usage of series) {
    for (const s of usage.segments) {
      for (const metric of Object.keys(s.metrics) as UsageMetric[]) {
        const values = s.metrics[metric];
        if (!values) continue;
        const watched = (metric in METRIC_KIND) ? sums[metric as WatchedMetric] : undefined;
        for (let i = 0; i < s.length; i++) {
          const h = Math.floor((s.start + i * s.periodSeconds - fromHour) / 3600);
          if (h < 0 || h >= hours) continue;
          const value = values[i] as number;
          if (watched) watched[h]! += value;
          // Throttles are no usage: a throttled request is not billed.
          if (value > 0 && metric !== 'InvocationThrottles') used[h] = 1;
        }
      }
    }
  }
  const spend: Array<Decimal | null> = [];
  for (let h = 0; h < hours; h++) {
    if (billed.unpriceable) {
      spend.push(used[h] ? null : usd(0));
      continue;
    }
    let total: Decimal | null = usd(0);
    for (const metric of WATCHED_METRICS) {
      const count = sums[metric][h]!;
      const { kind, per } = METRIC_KIND[metric];
      if (count === 0 || total === null) continue;
      // Requests are billed only by a model billed per query; tokens only by a model billed per token.
      if (!(kind in billed.rates) && (kind === 'query' || Object.keys(billed.rates).length > 0)) continue;
      const rate = billed.rates[kind];
      // Quantity x price outside the price book, on purpose: an hourly spend series for a baseline (every
      // hour of every series, no lines or citations wanted), at the same rule (count / per x the price
      // per `per`) PriceBook.bill applies.
      total = rate ? total.plus(rate.times(usd(count).dividedBy(per))) : null;
    }
    spend.push(total);
  }
  return { key, label, hourStart: fromHour, usd: spend };
}

/**
 * A series with judged hours whose spend is unknown (a count the report has no price for): those hours
 * cannot be judged (an unknown spend is never $0, so never below or above a baseline), and the watch
 * says so rather than calling the series quiet.
 */
export interface UnpricedSeries {
  key: string;
  label: string;
  /** Judged hours with usage and no price. */
  hours: number;
  /** Why the model's usage is unpriced, as its report says. */
  reason?: Worded;
}

/** Judged hours (the last `judgedHours`) whose spend is unknown. */
export function unpricedHours(spend: HourlySpend, options: Pick<RunawayOptions, 'judgedHours'> = {}): number {
  const judged = spend.usd.slice(-(options.judgedHours ?? 24));
  return judged.filter((v) => v === null).length;
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
export function watchRunaway(snapshot: UsageSnapshot, catalog: PriceCatalog, now: Date, baselineDays: number, options: RunawayOptions = {}): { incidents: RunawayIncident[]; watched: number; errors: ScopeError[]; unpriced: UnpricedSeries[] } {
  const end = Math.floor(now.getTime() / 3_600_000) * 3600;
  const hours = runawayWindowHours(baselineDays, options);
  const from = end - hours * 3600;
  const windowHours = hours;
  const incidents: RunawayIncident[] = [];
  const errors: ScopeError[] = [];
  const unpriced: UnpricedSeries[] = [];
  let watched = 0;
  const warningsOf = usageWarningsBySeries(snapshot.warnings);
  const judge = (spend: HourlySpend, reason: Worded | undefined, series: readonly ModelUsage[]) => {
    const unknown = unpricedHours(spend, options);
    if (unknown > 0) unpriced.push({ key: spend.key, label: spend.label, hours: unknown, ...(reason ? { reason } : {}) });
    const warnings = [...new Set(series.flatMap((s) => warningsOf.get(`${s.modelId} (${s.region})`) ?? []))];
    for (const incident of detectRunaway(spend, options)) incidents.push(warnings.length ? { ...incident, warnings } : incident);
  };
  const { groups } = groupUsage(snapshot, (id) => catalog.canonicalId(id));
  for (const group of groups) {
    const where = `${group.modelId} (${group.region}${group.scope !== 'in-region' ? `, ${group.scope}` : ''})`;
    try {
      const replay = replayModel(group, { catalog, windowHours, cacheReadShares: [], now });
      const rates = asBilledRates(replay.report.scenarios[0]);
      const account = group.series[0]?.accountId ? `${group.series[0].accountId}|` : '';
      watched++;
      const reason = replay.report.unpricedReason;
      judge(hourlySpend(`model:${account}${group.region}|${group.modelId}|${group.scope}`, replay.report.name ? `${replay.report.name}, ${where}` : where, group.series, rates, from, hours), reason, group.series);
      // Each profile the model was invoked through (application or cross-Region profile) on its own: one team's loop.
      const profiles = new Set(group.series.map((s) => s.modelId).filter((id) => id !== group.modelId));
      if (profiles.size === 0 || (profiles.size === 1 && group.series.every((s) => s.modelId !== group.modelId))) continue;
      for (const profile of profiles) {
        watched++;
        const series = group.series.filter((s) => s.modelId === profile);
        judge(hourlySpend(`profile:${account}${group.region}|${profile}`, `profile ${profile} (${group.region})`, series, rates, from, hours), reason, series);
      }
    } catch (error) {
      errors.push({ scope: `runaway watch of ${where}`, message: asReported((error as Error).message) });
    }
  }
  return { incidents, watched, errors, unpriced };
}

/**
 * The snapshot's usage warnings by the series they are about (`modelId (region)`, as the usage builder
 * and the collector name it), so an incident carries those of the series it was judged on.
 */
function usageWarningsBySeries(warnings: readonly UsageWarning[] | undefined): Map<string, UsageWarning[]> {
  const bySeries = new Map<string, UsageWarning[]>();
  for (const warning of warnings ?? []) {
    const list = bySeries.get(warning.series);
    if (list) list.push(warning);
    else bySeries.set(warning.series, [warning]);
  }
  return bySeries;
}
