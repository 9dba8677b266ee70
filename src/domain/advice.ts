import type { Decimal } from 'decimal.js';
import { usd } from '../money.js';

/** How sure a recommendation is. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * Why a recommendation's confidence is what it is, as data: a reason code with its figures. Plans
 * are composed from these (never from the sentences); `reasonText` is the one place each is worded.
 */
export type ReasonCode =
  /** Global profile: the price difference is exact; data-residency rules decide. */
  | 'data-residency'
  /** Flex: the price is exact; not every caller accepts slower responses. */
  | 'flex-latency'
  /** Batch: the traffic has the shape of a scheduled job (`busiestQuarterPercent`, `activeHours`, `windowHours`). */
  | 'scheduled-shape'
  /** Prompt caching is already in use: raising the cached share is a known lever. */
  | 'cache-in-use'
  /** Prompt caching is not in use: savings depend on a stable, reusable prefix. */
  | 'cache-prefix-unknown'
  /** Capacity sized from averages coarser than a minute (`peakResolutionSeconds`). */
  | 'sized-from-averages'
  /** Capacity sized from per-minute load against the model-unit capacity in the rates file. */
  | 'sized-per-minute-rates-file'
  /** Capacity sized from per-minute load, no model-unit capacity needed (Reserved: bought in tokens per minute). */
  | 'sized-per-minute'
  /** Capacity sized from per-minute load, with a model-unit capacity not from the account team. */
  | 'sized-per-minute-catalog-capacity'
  /** Fewer than 7 days observed: the confidence is lowered one level. */
  | 'short-window';

export interface ConfidenceReason {
  code: ReasonCode;
  /** The level this reason sets, or `lowered` when it lowers the level another set. */
  confidence: Confidence | 'lowered';
  figures?: Record<string, number>;
}

/** The reason in words, without its level: what a plan prints after "Confidence: high". */
export function reasonDetail(reason: ConfidenceReason): string {
  const f = reason.figures ?? {};
  switch (reason.code) {
    case 'data-residency':
      return 'the price difference is exact, but the switch depends on data-residency rules';
    case 'flex-latency':
      return 'Flex pricing is exact, but not every caller can accept slower responses';
    case 'scheduled-shape':
      return `${f.busiestQuarterPercent}% of tokens arrive in the busiest quarter of the window's hours (traffic in ${f.activeHours} of ${f.windowHours} hours), the shape of a scheduled job`;
    case 'cache-in-use':
      return 'the model already uses prompt caching, so raising the cached share is a known lever';
    case 'cache-prefix-unknown':
      return 'savings depend on how much of each prompt is a stable, reusable prefix';
    case 'sized-from-averages': {
      const seconds = f.peakResolutionSeconds!;
      const data = seconds >= 3600 ? 'hourly' : `${seconds / 60}-minute`;
      return `sized from ${data} averages (the peak comes from ${seconds}-second data), which hide minute peaks, so the sizing may be too small`;
    }
    case 'sized-per-minute-rates-file':
      return 'sized from per-minute load against the model-unit capacity in your rates file';
    case 'sized-per-minute':
      return 'sized from per-minute load';
    case 'sized-per-minute-catalog-capacity':
      return 'sized from per-minute load, but the model-unit capacity is not from your account team';
    case 'short-window':
      return 'less than 7 days of usage observed';
  }
}

/** The reason as the recommendation's assumptions state it: "confidence medium: …". */
export function reasonText(reason: ConfidenceReason): string {
  return `confidence ${reason.confidence}: ${reasonDetail(reason)}`;
}

/**
 * How sure a capacity sizing (provisioned throughput or Reserved tier) is: the one place this is decided.
 * It rests on the resolution of the data the peak came from (`LoadProfile.peakResolutionSeconds`):
 * 5-minute and hourly points are averages that hide minute peaks, so a sizing from them is low
 * confidence, whatever else is known. From minute data it rests on the model-unit capacity: only an
 * account team knows it, so it is high only when it comes from your rates file (or is not needed, as
 * for Reserved, which is bought in tokens per minute).
 */
export function provisionedSizingConfidence(
  peakResolutionSeconds: number,
  capacity: 'rates-file' | 'catalog' | 'not-needed',
): { confidence: Confidence; reason: ConfidenceReason } {
  if (peakResolutionSeconds > 60) {
    return { confidence: 'low', reason: { code: 'sized-from-averages', confidence: 'low', figures: { peakResolutionSeconds } } };
  }
  if (capacity !== 'catalog') {
    return { confidence: 'high', reason: { code: capacity === 'rates-file' ? 'sized-per-minute-rates-file' : 'sized-per-minute', confidence: 'high' } };
  }
  return { confidence: 'medium', reason: { code: 'sized-per-minute-catalog-capacity', confidence: 'medium' } };
}

/**
 * What a capacity scenario (provisioned or Reserved) states about its data: the low-confidence label,
 * with the resolution, when its peak came from averages; else a note when coarser data covers part of
 * the window. The confidence itself is `provisionedSizingConfidence`'s.
 */
export function sizingResolutionAssumptions(profile: { peakResolutionSeconds: number; coarsestResolutionSeconds: number }): string[] {
  const sizing = provisionedSizingConfidence(profile.peakResolutionSeconds, 'not-needed');
  if (sizing.confidence === 'low') return [reasonText(sizing.reason)];
  if (profile.coarsestResolutionSeconds > 60) {
    return [`part of the window has only ${profile.coarsestResolutionSeconds / 60}-minute data: peaks inside those periods are averaged away, so sizing may be low there`];
  }
  return [];
}

/**
 * A next step as data. An AWS CLI call names its service, operation and arguments (in the order the
 * CLI is written, each named as the CLI names it); anything else is an instruction. Plans find a
 * provisioned throughput by its ARN field (`Advice.provisionedModelArn`), never by reading a command,
 * and only the renderers in src/report/ turn a command into text (`aws bedrock …`).
 */
export type Command = AwsCliCommand | Instruction;

export interface AwsCliCommand {
  kind: 'aws-cli';
  service: 'bedrock';
  operation:
    | 'create-provisioned-model-throughput'
    | 'update-provisioned-model-throughput'
    | 'delete-provisioned-model-throughput'
    | 'delete-custom-model';
  /** Option name (without `--`) to value, in the order they are written; `<name>` is a value for the reader to choose. */
  args: Record<string, string | number>;
  /** The date (YYYY-MM-DD) before which it must not run, such as the end of a commitment. */
  notBefore?: string;
}

export interface Instruction {
  kind: 'instruction';
  text: string;
}

/** An instruction, for steps no API call can take (point callers elsewhere, ask the account team). */
export function instruction(text: string): Instruction {
  return { kind: 'instruction', text };
}

/** An AWS CLI call on Bedrock. */
export function bedrockCall(operation: AwsCliCommand['operation'], args: AwsCliCommand['args'], notBefore?: string): AwsCliCommand {
  return { kind: 'aws-cli', service: 'bedrock', operation, args, ...(notBefore ? { notBefore } : {}) };
}

/** The floors a saving must clear to be advised: both must be met. */
export interface SavingsFloor {
  minMonthlySavingsUsd: Decimal;
  minSavingsPercent: Decimal;
}

/** Is a recommendation worth a reader's time? Both floors must be met. */
export function clearsFloor(savings: Decimal, current: Decimal, floor: SavingsFloor): boolean {
  if (savings.lessThan(floor.minMonthlySavingsUsd)) return false;
  if (current.isZero()) return true;
  return savings.dividedBy(current).times(100).greaterThanOrEqualTo(floor.minSavingsPercent);
}

/** `part` as a percentage of `whole` (0 when `whole` is 0): a ratio, not a price. */
export function percentOf(part: Decimal, whole: Decimal): Decimal {
  return whole.isZero() ? usd(0) : part.dividedBy(whole).times(100);
}
