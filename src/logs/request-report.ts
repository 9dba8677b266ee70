import type { Decimal } from 'decimal.js';
import type { PricedLine } from '../domain/report.js';

/**
 * What the invocation logs add to a report: every request priced at its own class (long context or
 * not, cache TTL, service tier), summed per model (`models[].requests`) and per caller and tag
 * (`callers[]`). Money is Decimal here and an exact decimal string in the JSON report.
 */

export interface RequestTokens {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Cache writes whose TTL no body said (bodies not delivered): priced at the 5-minute rate. */
  cacheWriteUnsplit: number;
  output: number;
}

/** The part of the report's window the logs cover, for one account and Region. */
export interface LogCoverage {
  accountId: string;
  region: string;
  /** First covered hour and the end of the last, ISO, clipped to the window. */
  start: string;
  end: string;
  hours: number;
  windowHours: number;
  /** The logs cover the whole window: long context and cache TTL are exact, not bounds. */
  complete: boolean;
}

/** One class of requests of one model: priced at its own rates. */
export interface RequestClass {
  /** Above the model's long-context threshold: the whole request billed at long-context rates. */
  longContext: boolean;
  /** `standard`, `priority`, `flex`, or what the body said. */
  tier: string;
  streaming: boolean;
  /** The records carry an `errorCode`; their tokens, when any, are still billed. */
  errored: boolean;
  requests: number;
  tokens: RequestTokens;
  /** Over the covered hours; null when a needed price is unknown (unpriced, never $0). */
  cost: Decimal | null;
  lines: PricedLine[];
  unpricedReason?: string;
}

export interface ModelRequests {
  coverage: LogCoverage;
  requests: number;
  longContextRequests: number;
  /** Requests served in another Region by cross-Region inference (`inferenceRegion`). */
  reroutedRequests: number;
  erroredRequests: number;
  tokens: RequestTokens;
  /** Sum of the classes' costs over the covered hours; null when any class is unpriced. */
  cost: Decimal | null;
  /** The same per 730-hour month, scaled from the covered hours. */
  monthlyCost: Decimal | null;
  classes: RequestClass[];
  assumptions: string[];
}

/** Evidence in the logs that a caller's requests can wait: figures, and the signals they support. */
export interface BatchEvidence {
  /** Share of requests through InvokeModel / Converse rather than a streaming operation (0..1). */
  nonStreamingShare: number;
  /** Share of requests between 20:00 and 06:00 UTC or on a Saturday or Sunday (0..1). */
  offHoursShare: number;
  /** Requests per minute with any request: high means bursts. */
  requestsPerActiveMinute: number;
  /** Hours with any request. */
  activeHours: number;
  /** Coefficient of variation of each request's whole input (0 = all alike); null below 2 requests. */
  inputSizeVariation: number | null;
  /** What the identity ARN says the caller is. */
  callerKind: 'job' | 'person' | 'unknown';
  /** The statements these figures support, each with its threshold. */
  signals: string[];
}

export interface CallerBatch {
  /** Requests that batch could price: not errored, not long context (no batch long-context rate). */
  requests: number;
  inputTokens: number;
  outputTokens: number;
  onDemandCost: Decimal | null;
  batchCost: Decimal | null;
  /** onDemandCost - batchCost per 730-hour month; null when either is unpriced. */
  monthlySavings: Decimal | null;
  reason?: string;
  evidence: BatchEvidence;
}

export interface CallerReport {
  accountId: string;
  /** `identity.arn`. */
  caller: string;
  /** `requestMetadata` of the requests. */
  tags: Record<string, string>;
  /** Base model IDs called. */
  models: string[];
  requests: number;
  tokens: RequestTokens;
  cost: Decimal | null;
  monthlyCost: Decimal | null;
  batch: CallerBatch;
}

export interface InvocationLogSummary {
  source: string;
  coverage: LogCoverage[];
  requests: number;
  /** Records delivered twice (same requestId), counted once. */
  duplicates: number;
  /** Requests outside the report's window, not counted. */
  outsideWindow: number;
  /** Requests of models the report cannot price from the logs (an unresolved profile ARN). */
  unresolved: Array<{ modelId: string; region: string; requests: number; reason: string }>;
  assumptions: string[];
}
