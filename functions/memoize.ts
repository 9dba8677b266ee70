/** Builds the value once, on first use: an SDK client only when a run needs it (STS and Organizations only when other accounts are read). */
export function memoize<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
