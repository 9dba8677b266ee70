import { vi } from 'vitest';

/**
 * A file that talks to the loopback AWS stub runs whole collections, Lambda handlers or the CLI over
 * HTTP: seconds alone, several times that on a loaded two-core machine. Such a file calls this at its
 * top, so its limit is its own rather than the unit tests' (vitest.config.ts).
 */
export function loopbackTimeouts(): void {
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
}
