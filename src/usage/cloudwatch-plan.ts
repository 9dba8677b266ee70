/**
 * How a window is read from CloudWatch: its retention tiers (1-minute data for 15 days, 5-minute for
 * 63, hourly for 455), the slices a window splits into, and how GetMetricData calls are packed. Pure:
 * the collector (src/aws/cloudwatch-collector.ts) sends what this plans, and the service states the
 * window it implies without importing any AWS code.
 */

import { HOURLY_RETENTION_DAYS } from '../limits.js';
import type { RetentionTrim } from './usage.js';

/** GetMetricData limits per call (API reference, GetMetricData). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** A slice of the window read at one period. `start`/`end` are epoch seconds, end exclusive, both multiples of the period. */
export interface TimeSlice {
  start: number;
  end: number;
  periodSeconds: number;
}

const DAY_SECONDS = 86_400;

/**
 * CloudWatch keeps 60-s data 15 days, 300-s data 63 days and 3600-s data 455 days; a query whose
 * StartTime is older than its period's retention returns no points at all. Each tier covers data
 * younger than `maxAgeSeconds`.
 */
const RESOLUTION_TIERS = [
  { periodSeconds: 60, maxAgeSeconds: 15 * DAY_SECONDS },
  { periodSeconds: 300, maxAgeSeconds: 63 * DAY_SECONDS },
  { periodSeconds: 3600, maxAgeSeconds: Infinity },
] as const;

/**
 * Calls happen a little after `now` is read (and a large account takes minutes to read), so each
 * tier boundary is moved this much towards the present: a 1-minute query must never start at the
 * very edge of the 15-day retention.
 */
const RETENTION_SAFETY_SECONDS = 600;

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

/**
 * A slice at the window's start read at a coarser period than the rest, and no longer than
 * RETENTION_SAFETY_SECONDS plus that coarser period, is not read at all: the window starts at the finer
 * tier's boundary instead. A window of exactly 15 (or 63) days ending now starts that little before
 * the boundary (the safety margin, then the boundary's rounding up to the coarser period), so its first
 * 10 to 15 (or 10 to 70) minutes would otherwise cost a second query for every series, doubling the
 * metrics billed for a few datapoints each. A longer coarse slice holds data really past the finer
 * tier's retention, and is read.
 */
export function edgeTrimToleranceSeconds(coarsePeriodSeconds: number): number {
  return RETENTION_SAFETY_SECONDS + coarsePeriodSeconds;
}

/** What a collection reads: its slices, and where its window really starts. */
export interface CollectionPlan {
  slices: TimeSlice[];
  /** Epoch seconds: the requested start, or later by `trimmedSeconds` when the edge slice was dropped. */
  start: number;
  /** Seconds at the window's start not read (0, or at most `edgeTrimToleranceSeconds` of the dropped slice's period). */
  trimmedSeconds: number;
  /** Period of the tier whose retention edge caused the trim, when there was one. */
  trimmedAtPeriodSeconds?: number;
}

/**
 * Splits [start, end) into slices, oldest first, each read at the finest period CloudWatch still keeps
 * for it relative to `now`. Boundaries between tiers are rounded up to the coarser period (the coarser
 * tier takes the few extra minutes, never the finer one past its retention); the window's own start is
 * rounded down and its end up to the period, as CloudWatch itself rounds unaligned times. A slice longer
 * than MAX_DATAPOINTS_PER_CALL periods is cut so one query always fits in one call (no tier is that
 * long: 455 days of hours is 10,920 points). A coarse slice at the window's start no longer than
 * `edgeTrimToleranceSeconds` is dropped and the plan's `start` moves to where the next slice begins,
 * so each series is requested once per retention tier the window really reaches.
 */
export function planCollection(start: Date, end: Date, now: Date): CollectionPlan {
  const startSec = Math.floor(start.getTime() / 1000);
  const endSec = Math.ceil(end.getTime() / 1000);
  const nowSec = Math.floor(now.getTime() / 1000);
  const tierSlices: Array<{ from: number; to: number; periodSeconds: number }> = [];
  // Walk from the coarsest tier (oldest data) to the finest.
  let lower = -Infinity;
  for (let i = RESOLUTION_TIERS.length - 1; i >= 0; i--) {
    const tier = RESOLUTION_TIERS[i]!;
    const finer = RESOLUTION_TIERS[i - 1];
    // The upper edge of this tier: where the next finer tier's retention begins, aligned to this period.
    const upper = finer ? ceilTo(nowSec - finer.maxAgeSeconds + RETENTION_SAFETY_SECONDS, tier.periodSeconds) : Infinity;
    const from = Math.max(startSec, lower);
    const to = Math.min(endSec, upper);
    lower = upper;
    if (from < to) tierSlices.push({ from, to, periodSeconds: tier.periodSeconds });
  }
  let planStart = startSec;
  let trimmed: { seconds: number; periodSeconds: number } | undefined;
  const edge = tierSlices[0];
  if (edge && tierSlices.length > 1 && edge.to - edge.from <= edgeTrimToleranceSeconds(edge.periodSeconds)) {
    tierSlices.shift();
    planStart = edge.to;
    trimmed = { seconds: edge.to - startSec, periodSeconds: tierSlices[0]!.periodSeconds };
  }
  const slices: TimeSlice[] = [];
  for (const { from, to, periodSeconds } of tierSlices) {
    const alignedStart = floorTo(from, periodSeconds);
    const alignedEnd = ceilTo(to, periodSeconds);
    const maxSpan = MAX_DATAPOINTS_PER_CALL * periodSeconds;
    for (let s = alignedStart; s < alignedEnd; s += maxSpan) {
      slices.push({ start: s, end: Math.min(alignedEnd, s + maxSpan), periodSeconds });
    }
  }
  return {
    slices,
    start: planStart,
    trimmedSeconds: trimmed?.seconds ?? 0,
    ...(trimmed ? { trimmedAtPeriodSeconds: trimmed.periodSeconds } : {}),
  };
}

/** Why a window starts later than asked, as figures for the report's `window.basis` (worded in src/report/format.ts). */
export function trimOf(plan: CollectionPlan): RetentionTrim | undefined {
  if (plan.trimmedSeconds === 0 || plan.trimmedAtPeriodSeconds === undefined) return undefined;
  const tier = RESOLUTION_TIERS.find((t) => t.periodSeconds === plan.trimmedAtPeriodSeconds)!;
  return { minutes: Math.round(plan.trimmedSeconds / 60), retentionDays: tier.maxAgeSeconds / DAY_SECONDS, periodMinutes: plan.trimmedAtPeriodSeconds / 60 };
}

/**
 * GetMetricData calls and metrics requested for `seriesCount` series over a plan, and the datapoints
 * they ask for: the collector's own packing, computed without calling AWS (the README's cost table).
 */
export function planCallCounts(plan: CollectionPlan, seriesCount: number): { calls: number; metricsRequested: number; datapoints: number } {
  let calls = 0;
  let datapoints = 0;
  for (const slice of plan.slices) {
    const perCall = queriesPerCall(slice);
    calls += Math.ceil(seriesCount / perCall);
    datapoints += seriesCount * pointsIn(slice);
  }
  return { calls, metricsRequested: seriesCount * plan.slices.length, datapoints };
}

function pointsIn(slice: TimeSlice): number {
  return (slice.end - slice.start) / slice.periodSeconds;
}

/**
 * All queries in one call share StartTime and EndTime, so a call holds as many whole series of one
 * slice as fit under both per-call limits. Splitting a slice in time to fill calls better would
 * request each series once more per extra piece, and metrics requested are what CloudWatch bills.
 */
export function queriesPerCall(slice: TimeSlice): number {
  return Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / pointsIn(slice))));
}


/** CloudWatch keeps hourly data this long (its 3600-s retention tier): one fact, in src/limits.ts. */
export { HOURLY_RETENTION_DAYS };

/**
 * [start, end) read at one period, one hour, whatever the data's age: CloudWatch sums the finer data
 * it still keeps into hours on request, so a whole window is one query per series (455 days of hours is
 * 10,920 points, under MAX_DATAPOINTS_PER_CALL) and billed as one metric requested. For callers that
 * want hours anyway: the runaway watch and the forecast's long history.
 */
export function planHourlyCollection(start: Date, end: Date): CollectionPlan {
  const from = floorTo(Math.floor(start.getTime() / 1000), 3600);
  const to = ceilTo(Math.ceil(end.getTime() / 1000), 3600);
  const slices: TimeSlice[] = [];
  const maxSpan = MAX_DATAPOINTS_PER_CALL * 3600;
  for (let s = from; s < to; s += maxSpan) slices.push({ start: s, end: Math.min(to, s + maxSpan), periodSeconds: 3600 });
  return { slices, start: from, trimmedSeconds: 0 };
}
