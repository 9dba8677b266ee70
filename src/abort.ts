/**
 * Bounding work that cannot be cancelled from inside. An SDK call takes an abort signal, but some
 * work happens before any call sees it: a client resolving its credentials runs STS AssumeRole from a
 * provider that is handed no signal, and a hung AssumeRole then holds every call of that account.
 * Racing the work against the run's signal makes the deadline bound it whatever it waits on; the
 * abandoned work still ends on its own (every client has request timeouts, src/aws/client-config.ts).
 */

/**
 * `work`, or the signal's reason once `signal` aborts, whichever comes first. The abort waits one turn
 * of the event loop, so work that has already failed on its own (an AccessDenied answered just as the
 * deadline passed) keeps its own error rather than being reported as cut off.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () =>
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(signal.reason);
      });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) resolve(value);
        settled = true;
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) reject(error);
        settled = true;
      },
    );
  });
}

/** A signal that aborts with `reason()` after `ms`, or when `parent` aborts (with the parent's reason). */
export function timeoutSignal(ms: number, reason: () => Error, parent?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  const timer = setTimeout(() => controller.abort(reason()), Math.max(0, ms));
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
