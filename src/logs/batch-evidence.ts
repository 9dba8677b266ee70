import type { InvocationLogHour } from './invocation-log.js';
import type { BatchEvidence } from '../domain/report.js';
import type { CallerKindWhy, Note } from '../domain/notes.js';

/**
 * The evidence in a caller's logs that its requests can wait for batch. The report shows the figures
 * and the statements they support, each with its threshold; it never turns them into a share of
 * traffic that "could" move, which only the caller's owner can say.
 */

/** Off hours: 20:00 to 06:00 UTC, and Saturdays and Sundays (UTC: the logs carry no time zone). */
export function isOffHours(hour: string): boolean {
  let off = offHoursOf.get(hour);
  if (off === undefined) {
    // The rows repeat an hour for every model, caller and class in it: each hour read once (a bounded memo).
    if (offHoursOf.size >= 100_000) offHoursOf.clear();
    offHoursOf.set(hour, (off = offHoursOnce(hour)));
  }
  return off;
}
const offHoursOf = new Map<string, boolean>();

function offHoursOnce(hour: string): boolean {
  const date = new Date(`${hour}:00:00Z`);
  const h = date.getUTCHours();
  const day = date.getUTCDay();
  return day === 0 || day === 6 || h >= 20 || h < 6;
}

/** Thresholds a figure must pass to be stated as a signal. */
export const SIGNAL_THRESHOLDS = {
  nonStreamingShare: 0.9,
  offHoursShare: 0.5,
  requestsPerActiveMinute: 10,
  inputSizeVariation: 0.5,
  minRequestsForSimilarity: 100,
} as const;

/** Role names of jobs and services rather than people. */
const JOB_ROLE = /(lambda|batch|job|etl|pipeline|glue|ecs|fargate|task|sagemaker|scheduler|schedule|cron|nightly|worker|airflow|mwaa|stepfunction|states|sfn|codebuild|emr|ingest|backfill|service-role)/i;

/** What an identity ARN says about who calls: an IAM user or an SSO session is a person. */
export function callerKindOf(arn: string): { kind: BatchEvidence['callerKind']; why: CallerKindWhy } {
  if (/:user\//.test(arn)) return { kind: 'person', why: { is: 'iam-user' } };
  if (/:root$/.test(arn)) return { kind: 'person', why: { is: 'root-user' } };
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  const role = assumed?.[1] ?? /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  const session = assumed?.[2];
  if (role?.startsWith('AWSReservedSSO_')) return { kind: 'person', why: { is: 'identity-center-session', role } };
  if (session && /@/.test(session)) return { kind: 'person', why: { is: 'person-session', session } };
  if (role && JOB_ROLE.test(role)) return { kind: 'job', why: { is: 'job-role', role } };
  if (session && JOB_ROLE.test(session)) return { kind: 'job', why: { is: 'job-session', session } };
  return { kind: 'unknown', why: { is: 'unknown' } };
}

/** Sums a caller's hours into the figures the evidence is made of. */
export class EvidenceTally {
  requests = 0;
  nonStreaming = 0;
  offHours = 0;
  activeMinutes = 0;
  allInput = 0;
  allInputSquared = 0;
  readonly hours = new Set<string>();

  add(h: InvocationLogHour): void {
    this.addAt(h, isOffHours(h.hour));
  }

  /** `add`, with whether the hour is off hours (`isOffHours(h.hour)`) known already. */
  addAt(h: InvocationLogHour, offHours: boolean): void {
    this.addCounts(h.hour, offHours, h.streaming, h.requests, h.activeMinutes, h.inputTokens + h.cacheReadTokens + h.cacheWrite5mTokens + h.cacheWrite1hTokens + h.cacheWriteUnsplitTokens, h.allInputSquared);
  }

  /** `addAt` from a row's figures (the logs' hour columns): `allInput`, its input and cache tokens summed in addAt's order. */
  addCounts(hour: string, offHours: boolean, streaming: boolean, requests: number, activeMinutes: number, allInput: number, allInputSquared: number): void {
    this.requests += requests;
    if (!streaming) this.nonStreaming += requests;
    if (offHours) this.offHours += requests;
    this.activeMinutes += activeMinutes;
    this.allInput += allInput;
    this.allInputSquared += allInputSquared;
    this.hours.add(hour);
  }
}

export function batchEvidence(t: EvidenceTally, caller: string): BatchEvidence {
  const n = t.requests;
  const nonStreamingShare = n ? t.nonStreaming / n : 0;
  const offHoursShare = n ? t.offHours / n : 0;
  const requestsPerActiveMinute = t.activeMinutes ? n / t.activeMinutes : 0;
  let inputSizeVariation: number | null = null;
  if (n >= 2 && t.allInput > 0) {
    const mean = t.allInput / n;
    const variance = Math.max(0, t.allInputSquared / n - mean * mean);
    inputSizeVariation = Math.sqrt(variance) / mean;
  }
  const kind = callerKindOf(caller);
  const T = SIGNAL_THRESHOLDS;
  const signals: Note[] = [];
  if (n > 0 && nonStreamingShare >= T.nonStreamingShare) signals.push({ says: 'signal-non-streaming', share: nonStreamingShare, atLeast: T.nonStreamingShare });
  if (offHoursShare >= T.offHoursShare) signals.push({ says: 'signal-off-hours', share: offHoursShare, atLeast: T.offHoursShare });
  if (requestsPerActiveMinute >= T.requestsPerActiveMinute) signals.push({ says: 'signal-bursts', perActiveMinute: requestsPerActiveMinute, atLeast: T.requestsPerActiveMinute });
  if (inputSizeVariation !== null && n >= T.minRequestsForSimilarity && inputSizeVariation <= T.inputSizeVariation) {
    signals.push({ says: 'signal-alike', variation: inputSizeVariation, atMost: T.inputSizeVariation, requests: n });
  }
  if (kind.kind === 'job') signals.push({ says: 'signal-job', why: kind.why });
  if (kind.kind === 'person') signals.push({ says: 'signal-person', why: kind.why });
  return { nonStreamingShare, offHoursShare, requestsPerActiveMinute, activeHours: t.hours.size, inputSizeVariation, callerKind: kind.kind, signals };
}
