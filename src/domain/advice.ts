import type { Decimal } from 'decimal.js';
import { timesOver, usd } from '../money.js';
import { compareDecimals, isLess } from './compare.js';

export type { Confidence, ConfidenceReason, ReasonCode } from './notes.js';
import type { Confidence, ConfidenceReason, Note, Worded } from './notes.js';

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
export function sizingResolutionAssumptions(profile: { peakResolutionSeconds: number; coarsestResolutionSeconds: number }): Note[] {
  const sizing = provisionedSizingConfidence(profile.peakResolutionSeconds, 'not-needed');
  if (sizing.confidence === 'low') return [{ says: 'confidence', reason: sizing.reason }];
  if (profile.coarsestResolutionSeconds > 60) return [{ says: 'part-coarse-data', coarsestResolutionSeconds: profile.coarsestResolutionSeconds }];
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
  text: Worded;
}

/** An instruction, for steps no API call can take (point callers elsewhere, ask the account team). */
export function instruction(text: Worded): Instruction {
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
  if (isLess(savings, floor.minMonthlySavingsUsd)) return false;
  if (current.isZero()) return true;
  return compareDecimals(savings.dividedBy(current).times(100), floor.minSavingsPercent) >= 0;
}

/**
 * `part` as a percentage of `whole` (0 when `whole` is 0): a ratio, not a price. `part / whole x 100` is
 * `part x 100 / whole` rounded once (a power of ten moves no digit), worked out in whole words where
 * `timesOver` can: the very Decimal decimal.js makes.
 */
export function percentOf(part: Decimal, whole: Decimal): Decimal {
  if (whole.isZero()) return usd(0);
  return timesOver(part, 100, whole, 1, part.constructor as typeof Decimal) ?? part.dividedBy(whole).times(100);
}
