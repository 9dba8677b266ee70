import { AdvisorError } from '../errors.js';

/**
 * How a failed scope is described in a report's errors: the error's message and code. Apart from the
 * analysis, so the adapters that describe their own failures (src/aws/accounts.ts,
 * organization-accounts.ts) do not load the engine with it: a Lambda's cold init evaluates what its
 * init path imports (bench/cold-init.ts).
 */

/** The error's name when it is a code (SDK errors carry the service's code as `name`), for `ScopeError.code`. */
export function errorCode(error: unknown): { code?: string } {
  // The innermost named error is the service's own answer (an AccessDenied under an AccountAccessError).
  let code: string | undefined;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const name = (e as Error & { Code?: string }).Code ?? e.name;
    if (name && name !== 'Error') code = name;
  }
  return code ? { code } : {};
}

export function errorMessage(error: unknown): string {
  // The advisor's own errors say what went wrong in words, and their code goes to `ScopeError.code`.
  if (error instanceof AdvisorError) return error.message;
  if (error instanceof Error) {
    // SDK errors carry the service's error code as `name` (AccessDeniedException, ThrottlingException…).
    return error.name && error.name !== 'Error' && !error.message.startsWith(error.name) ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}
