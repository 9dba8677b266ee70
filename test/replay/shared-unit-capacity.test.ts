import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import type { PriceSource, UnitCapacity } from '../../src/catalog/catalog.js';
import { ReplayShared } from '../../src/replay/shared.js';
import { BENCH_END, benchCatalog, collectorSnapshot } from '../../bench/fixtures.js';

/**
 * A model unit's capacity is stated the same way by every sized provisioned scenario of every model with
 * that unit: its details' `unitCapacity` and the 'pt-unit-capacity' note are one frozen pair an analysis
 * (`ReplayShared.unitCapacity`), not made for each model, and read exactly as each model's own copy was.
 */
const source = (id: string): PriceSource => ({ id, title: `Source ${id}`, url: 'https://example.com', readOn: '2026-11-01', reliability: 'official' } as unknown as PriceSource);

describe('ReplayShared.unitCapacity', () => {
  it('is one frozen pair for the same throughput from the same source, another for any other', () => {
    const shared = new ReplayShared();
    const s = source('s');
    const capacity: UnitCapacity = { inputTokensPerMinute: 4_000_000, outputTokensPerMinute: 400_000, source: s };
    const figures = shared.unitCapacity(capacity);
    // The same figures in another object: the same pair.
    expect(shared.unitCapacity({ ...capacity })).toBe(figures);
    expect(JSON.stringify(figures.details)).toBe('{"inputTokensPerMinute":4000000,"outputTokensPerMinute":400000,"source":"s"}');
    expect(figures.notes).toEqual([{ says: 'pt-unit-capacity', inputTokensPerMinute: 4_000_000, outputTokensPerMinute: 400_000, source: 'Source s' }]);
    for (const o of [figures, figures.details, figures.notes, figures.notes[0]]) expect(Object.isFrozen(o)).toBe(true);
    // Another source, input or output: other figures.
    expect(shared.unitCapacity({ ...capacity, source: source('t') }).details.source).toBe('t');
    expect(shared.unitCapacity({ ...capacity, inputTokensPerMinute: 2_000_000 }).details.inputTokensPerMinute).toBe(2_000_000);
    expect(shared.unitCapacity({ ...capacity, outputTokensPerMinute: 200_000 }).notes[0]).toMatchObject({ outputTokensPerMinute: 200_000 });
  });

  it('in a report: every sized term of every model with the unit holds the one details object and an equal note', () => {
    const report = analyze(collectorSnapshot(3, [[2, 60]]), benchCatalog(3), { now: new Date(BENCH_END * 1000) });
    const sized = report.models.flatMap((m) => m.scenarios).filter((s) => s.provisioned?.unitCapacity !== undefined);
    expect(sized.length).toBeGreaterThan(3);
    const first = sized[0]!.provisioned!.unitCapacity!;
    expect(first).toEqual({ inputTokensPerMinute: 4_000_000, outputTokensPerMinute: 400_000, source: 's' });
    for (const s of sized) {
      expect(s.provisioned!.unitCapacity).toBe(first);
      const notes = s.assumptions.filter((a) => 'says' in a && a.says === 'pt-unit-capacity');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ inputTokensPerMinute: 4_000_000, outputTokensPerMinute: 400_000 });
    }
  });
});
