/** Builds the value once, on first use: an SDK client only when a run needs it (STS and Organizations only when other accounts are read). */
export function memoize<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

/**
 * The same for a value built asynchronously (a module loaded on first use, then what it builds): the
 * promise is kept, and forgotten if it rejects, so the next invocation tries again.
 */
export function memoizeAsync<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}
