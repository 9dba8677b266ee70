/**
 * Errors the user can act on. Each names what was wrong and where (file, line, field); the CLI
 * prints the message alone, never a stack trace, and exits non-zero.
 */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Thrown when the price catalog or a rates file does not match its schema. */
export class CatalogError extends InputError {
  override readonly name = 'CatalogError';
}

/** Thrown when a usage CSV or snapshot cannot be read; the message names the file and line. */
export class UsageInputError extends InputError {
  override readonly name = 'UsageInputError';
}

/** Thrown when configuration (environment, CLI flags, a Lambda event) is invalid; names the field. */
export class ConfigurationError extends InputError {
  override readonly name = 'ConfigurationError';
}
