import type { Decimal } from 'decimal.js';
import { ZERO, sumMoney, usd } from '../money.js';
import type { UsageWarning } from '../domain/notes.js';

/**
 * Runaway spend within a day: each model's (and each profile's) last day, hour by hour, against a
 * robust baseline of the same hour on the days before: the median, and the median absolute deviation
 * (MAD, scaled by 1.4826 so that it estimates a standard deviation for normal data). Medians are not
 * moved by the one bad day a mean would absorb, so a loop that burns tokens stands out the day it starts.
 *
 * An hour is anomalous when its spend exceeds both `median + threshold x MAD` and
 * `median x (1 + margin)`, and is above `minimumHourlyUsd` (a model idle every day would otherwise
 * alarm on its first cent). Consecutive anomalous hours are one incident. Pure: no I/O, no clock.
 */

export interface RunawayOptions {
  /** Robust z-score an hour must pass (spend above the median in scaled MADs). Default 4. */
  threshold?: number;
  /** Share above the median an hour must also pass (0.5 = 50% more). Default 0.5. */
  margin?: number;
  /** Hours spending less than this are never anomalous. Default 1 USD. */
  minimumHourlyUsd?: string;
  /** Same hours (on previous days, or weeks) a baseline needs; with fewer, the hour is not judged. Default 3. */
  minimumBaselineSamples?: number;
  /**
   * What "the same hour" is: `day` (the same clock hour on each previous day, the default: a week of
   * history is enough) or `week` (the same hour of the week on each previous week: weekends apart from
   * weekdays, but three weeks of history before anything is judged).
   */
  seasonality?: 'day' | 'week';
  /**
   * The last hours judged, the rest is baseline. Default 24 (the last day). A daily run judges 48, so
   * an incident that crossed midnight keeps the start, hence the identity, it had the day before.
   */
  judgedHours?: number;
}

export const SEASONALITY_HOURS = { day: 24, week: 168 } as const;

/** One series' spend per clock hour, oldest first; `hourStart` epoch seconds on whole hours. */
export interface HourlySpend {
  /** What is watched: a model in a Region, or an inference profile. */
  key: string;
  label: string;
  hourStart: number;
  /** Spend per hour, null where unpriced (never treated as $0). */
  usd: Array<Decimal | null>;
}

export interface RunawayIncident {
  key: string;
  label: string;
  /** The first anomalous hour (ISO); with `key`, the incident's identity. */
  startedAt: string;
  /** The last anomalous hour's end (ISO). */
  endsAt: string;
  /** Each anomalous hour: when, spend, and its baseline. */
  hours: Array<{ hour: string; spend: Decimal; baselineMedian: Decimal; robustZ: number }>;
  /** Spend in the anomalous hours so far. */
  costSoFar: Decimal;
  /** Spend above the baseline medians in those hours. */
  excessCost: Decimal;
  /** Whether the last hour of the series is still anomalous: the incident is still running. */
  ongoing: boolean;
  /**
   * What the collection warned of about the series' usage (a metric read through a finer dimension
   * set, a cache metric under both names), as the report warns of it: the alert says how its counts
   * were read. Set by the watch (src/runaway/watch.ts), not by detection.
   */
  warnings?: UsageWarning[];
}

const MAD_TO_SIGMA = 1.4826;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The incident's identity: the same incident seen by two runs gets the same ID, so it is sent once. */
export function incidentId(incident: Pick<RunawayIncident, 'key' | 'startedAt'>): string {
  return `${incident.key}@${incident.startedAt}`;
}

/**
 * Incidents in the last `judgedHours` of `series`; the hours before are the baseline (the same clock
 * hour on each previous day, or week). A baseline with no spread (MAD 0: the same spend every day)
 * falls back to the margin alone.
 */
export function detectRunaway(series: HourlySpend, options: RunawayOptions = {}): RunawayIncident[] {
  const threshold = options.threshold ?? 4;
  const margin = options.margin ?? 0.5;
  const floor = usd(options.minimumHourlyUsd ?? '1');
  const minimumSamples = options.minimumBaselineSamples ?? 3;
  const stride = SEASONALITY_HOURS[options.seasonality ?? 'day'];
  const judged = options.judgedHours ?? 24;
  const n = series.usd.length;
  if (n < judged + stride * minimumSamples) return [];
  const lastDay = n - judged;
  const incidents: RunawayIncident[] = [];
  let open: RunawayIncident | undefined;
  for (let i = lastDay; i < n; i++) {
    const spend = series.usd[i];
    const history: number[] = [];
    // Earlier hours of the judged window are baseline too: a loop that ran yesterday is in today's median
    // only as one sample among many, which the median ignores.
    for (let j = i - stride; j >= 0; j -= stride) {
      const v = series.usd[j];
      if (v !== null && v !== undefined) history.push(v.toNumber());
    }
    let anomalous = false;
    let z = 0;
    let baseline = 0;
    if (spend !== null && spend !== undefined && history.length >= minimumSamples && spend.greaterThanOrEqualTo(floor)) {
      baseline = median(history);
      const mad = median(history.map((v) => Math.abs(v - baseline))) * MAD_TO_SIGMA;
      const value = spend.toNumber();
      z = mad > 0 ? (value - baseline) / mad : value > baseline ? Infinity : 0;
      anomalous = z > threshold && value > baseline * (1 + margin);
    }
    const hourIso = new Date((series.hourStart + i * 3600) * 1000).toISOString();
    if (anomalous) {
      const hour = { hour: hourIso, spend: spend!, baselineMedian: usd(baseline), robustZ: z };
      if (!open) {
        open = { key: series.key, label: series.label, startedAt: hourIso, endsAt: '', hours: [], costSoFar: ZERO, excessCost: ZERO, ongoing: false };
        incidents.push(open);
      }
      open.hours.push(hour);
      open.endsAt = new Date((series.hourStart + (i + 1) * 3600) * 1000).toISOString();
      open.ongoing = i === n - 1;
    } else {
      open = undefined;
    }
  }
  for (const incident of incidents) {
    incident.costSoFar = sumMoney(incident.hours.map((h) => h.spend));
    incident.excessCost = sumMoney(incident.hours.map((h) => h.spend.minus(h.baselineMedian)));
  }
  return incidents;
}
