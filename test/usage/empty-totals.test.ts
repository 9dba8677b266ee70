import { describe, expect, it } from 'vitest';
import { USAGE_METRICS, emptyTotals, totalsOf } from '../../src/usage/usage.js';

/**
 * `emptyTotals` is a literal (built per profile, where building it from the metric list cost time):
 * the type makes it name every metric and no other, and reports list totals in the metric list's
 * order, so its keys must follow that list.
 */
describe('emptyTotals', () => {
  it('has every metric at zero, in USAGE_METRICS order', () => {
    const totals = emptyTotals();
    expect(Object.keys(totals)).toEqual([...USAGE_METRICS]);
    expect(Object.values(totals).every((v) => v === 0)).toBe(true);
  });

  it('is a fresh object each time', () => {
    const a = emptyTotals();
    a.InputTokenCount = 5;
    expect(emptyTotals().InputTokenCount).toBe(0);
  });

  it('keeps the same key order once summed into', () => {
    const totals = totalsOf({ modelId: 'm', region: 'r', segments: [{ periodSeconds: 60, start: 0, length: 2, metrics: { OutputTokenCount: new Uint32Array([1, 2]), Invocations: new Uint32Array([1, 1]) } }] });
    expect(Object.keys(totals)).toEqual([...USAGE_METRICS]);
    expect(totals.OutputTokenCount).toBe(3);
    expect(totals.Invocations).toBe(2);
  });
});
