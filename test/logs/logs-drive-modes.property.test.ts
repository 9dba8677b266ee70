import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perMonth, sumMoney } from '../../src/money.js';
import type { InvocationLogHour } from '../../src/logs/invocation-log.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { runAnalysis } from '../../src/service/run-analysis.js';
import { TEST_NOW } from '../fixtures/clock.js';
import { ACCOUNT, SONNET_45 } from './log-fixture.js';
import { logsCatalog } from './logs-catalog.js';

/**
 * Where the logs cover the whole window (the logs alone are the usage), every figure of the report is
 * the per-request one: each model's on-demand scenario costs exactly what its requests cost (both
 * unpriced together, never $0), its current cost and the headline are those sums a month, and no
 * long-context bound is left. Whatever mix of classes, tiers and hours the logs hold.
 */
const tokens = fc.integer({ min: 0, max: 400_000 });
const hourRow = fc.record({
  hour: fc.constantFrom('2026-11-02T10', '2026-11-02T11', '2026-11-02T13'),
  modelId: fc.constantFrom(SONNET_45, `us.${SONNET_45}`),
  longContextBand: fc.constantFrom(0, 200_000),
  // priority has no price in the test catalog: such a class leaves its model unpriced.
  tier: fc.constantFrom('standard', 'standard', 'standard', 'priority'),
  streaming: fc.boolean(),
  errored: fc.boolean(),
  requests: fc.integer({ min: 1, max: 50 }),
  inputTokens: tokens, cacheReadTokens: tokens, cacheWrite5mTokens: tokens, cacheWrite1hTokens: tokens, cacheWriteUnsplitTokens: tokens, outputTokens: tokens,
}).map((r): InvocationLogHour => ({
  ...r, accountId: ACCOUNT, region: 'us-east-1', inferenceRegion: 'us-east-1', caller: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`, tags: {},
  activeMinutes: 1, allInputSquared: 0,
}));

describe('logs covering the window drive every figure', () => {
  it('on-demand = per-request cost per model, and the headline is their month', async () => {
    const catalog = logsCatalog();
    await fc.assert(fc.asyncProperty(fc.array(hourRow, { minLength: 1, maxLength: 8 }), async (hours) => {
      const read = { description: 'generated', files: 1, hours, duplicates: 0 };
      const { report } = await runAnalysis({
        collect: async () => ({ snapshot: snapshotFromLogs(hours) }),
        catalog,
        analyzeOptions: { now: TEST_NOW, alternatives: false },
        invocationLogs: async () => read,
      });
      const priced = [];
      for (const m of report.models) {
        const onDemand = m.scenarios.find((s) => s.mode === 'on-demand')!;
        expect(m.requests, m.modelId).toBeDefined();
        expect(m.requests!.coverage.complete).toBe(true);
        expect(onDemand.longContext).toBeUndefined();
        if (m.requests!.cost === null) {
          expect(onDemand.cost).toBeNull();
          continue;
        }
        expect(onDemand.cost!.equals(m.requests!.cost), `${onDemand.cost} = ${m.requests!.cost}`).toBe(true);
        expect(m.currentMonthlyCost!.equals(perMonth(m.requests!.cost, report.window.hours))).toBe(true);
        priced.push(m.currentMonthlyCost!);
      }
      expect(report.summary.currentMonthlyCost.equals(sumMoney(priced))).toBe(true);
    }), { numRuns: 40 });
  });
});
