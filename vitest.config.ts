import { defineConfig } from 'vitest/config';

/**
 * Timeouts for a busy two-core machine: CI, or a laptop building beside the suite. Six tests ran past
 * vitest's 5 s default while other work shared the cores (fan-out runs, the CLI end to end, SNS trimming
 * for an organisation), though each takes a second or two alone. A timeout here is for a hung test, not
 * a speed target: speed is measured by `npm run bench`. Files that start a loopback AWS stub set their
 * own, longer limit (test/e2e/stub-timeouts.ts) and reset the stub before each test, so a test that
 * fails cannot leave a fault behind for the next.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
