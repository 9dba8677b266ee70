import { describe, expect, it } from 'vitest';
import { BENCH_END, benchCatalog, collectorSnapshot, load } from '../../bench/fixtures.js';
import { analyze } from '../../src/engine.js';

/** The bench measures what it says only if its inputs are what it says: checked here, cheaply. */
describe('bench fixtures', () => {
  it('build tiered snapshots as the collector returns them: older days at 5 minutes, then minutes', () => {
    const snapshot = collectorSnapshot(2, [[1, 300], [1, 60]]);
    expect(snapshot.models).toHaveLength(2);
    expect(snapshot.models[0]!.segments.map((s) => [s.periodSeconds, s.start, s.length])).toEqual([
      [300, BENCH_END - 2 * 86_400, 288],
      [60, BENCH_END - 86_400, 1_440],
    ]);
    // The first 5-minute point holds the 5-minute load, as CloudWatch's Sum would.
    expect(snapshot.models[0]!.segments[0]!.metrics.InputTokenCount![0]).toBe(load(0, BENCH_END - 2 * 86_400, 300).input);
  });

  it('price every mode, so the replay bench exercises each one', () => {
    const snapshot = collectorSnapshot(1, [[1, 60]]);
    const report = analyze(snapshot, benchCatalog(1), { now: new Date(BENCH_END * 1000) });
    const modes = new Set(report.models[0]!.scenarios.map((s) => s.mode));
    for (const mode of ['on-demand', 'prompt-cache', 'batch', 'flex', 'priority', 'provisioned-no-commit', 'provisioned-1-month', 'provisioned-6-month']) expect(modes).toContain(mode);
    expect(report.models[0]!.scenarios.filter((s) => s.mode.startsWith('provisioned')).every((s) => s.cost !== null)).toBe(true);
  });
});
