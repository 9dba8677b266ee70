/** What kind of failure an error is, for programs (logs, metrics, the CLI's exit code) rather than people. */
export type ErrorCode =
  | 'input'
  | 'catalog'
  | 'usage-input'
  | 'configuration'
  | 'account-access'
  | 'account-collection'
  | 'metric-query'
  | 'sns-message-too-large'
  | 'deadline-reached'
  | 'athena-query'
  | 'price-list-timeout'
  | 'publisher-missing'
  | 'internal'
  | 'aws-response'
  | 'retry-refused'
  | 'fanout-start'
  | 'out-of-memory'
  | 'alerts-not-sent';

/**
 * The one base of the advisor's errors: a message that names what went wrong, a `code`, and the
 * underlying error as `cause`. `userCanFix` says whether the user can act on it (bad input, no
 * credentials or access): the CLI prints such a message alone, with no stack trace, and exits 2,
 * without wrapping it in another error.
 */
export abstract class AdvisorError extends Error {
  abstract readonly code: ErrorCode;
  readonly userCanFix: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A fault of the advisor's own making (a broken invariant, wiring that is missing a part), never the
 * user's: the CLI exits 1 and says so in one line. Its subclasses name which fault.
 */
export class InternalError extends AdvisorError {
  override readonly name: string = 'InternalError';
  readonly code: ErrorCode = 'internal';
}

/**
 * An AWS call succeeded but its answer lacks what the advisor needs from it (SNS with no MessageId,
 * Step Functions with no executionArn, STS with no credentials): the service's fault or a changed
 * API, not the user's input.
 */
export class AwsResponseError extends AdvisorError {
  override readonly name = 'AwsResponseError';
  readonly code = 'aws-response';
}

/**
 * An aggregation needed more memory than it was given (DuckDB over invocation logs): not the user's
 * input as such, so the CLI exits 1 (README, exit codes: out of memory included); `cause` is the engine's error.
 */
export class OutOfMemoryError extends AdvisorError {
  override readonly name = 'OutOfMemoryError';
  readonly code = 'out-of-memory';
}

/**
 * Thrown when an Athena query cannot be built or run (its names, its state, its time): here rather
 * than in src/aws/ because the fan-out's aggregator (src/service/) reads the state machine's queries too.
 */
export class AthenaQueryError extends AdvisorError {
  override readonly name = 'AthenaQueryError';
  readonly code = 'athena-query';
}

/**
 * Errors the user can act on. Each names what was wrong and where (file, line, field); the CLI
 * prints the message alone, never a stack trace, and exits non-zero.
 */
export class InputError extends AdvisorError {
  override readonly name: string = 'InputError';
  readonly code: ErrorCode = 'input';
  override readonly userCanFix = true;
}

/** Thrown when the price catalog or a rates file does not match its schema. */
export class CatalogError extends InputError {
  override readonly name = 'CatalogError';
  override readonly code = 'catalog';
}

/** Thrown when a usage CSV or snapshot cannot be read; the message names the file and line. */
export class UsageInputError extends InputError {
  override readonly name = 'UsageInputError';
  override readonly code = 'usage-input';
}

/** Thrown when configuration (environment, CLI flags, a Lambda event) is invalid; names the field. */
export class ConfigurationError extends InputError {
  override readonly name = 'ConfigurationError';
  override readonly code = 'configuration';
}

/** Why a file could not be read or written, in words, after its error code. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ERR_STRING_TOO_LONG: 'too large to read at once',
};

/** `EISDIR (is a directory)`: a file error's code and what it means, for a one-line message. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code} (${FILE_ERRORS[code] ?? (error as Error).message})` : (error as Error).message;
}
