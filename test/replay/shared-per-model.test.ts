import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { cheapestCount, convexMinimumOf } from '../../src/replay/convex.js';
import { withinDigits } from '../../src/replay/reserved.js';
import { exactHours, usd } from '../../src/money.js';
import { ReplayShared } from '../../src/replay/shared.js';

/**
 * Helpers the provisioned and Reserved sizings use to do less per model: each must give what the
 * plain way gives.
 */
describe('withinDigits', () => {
  // The plain way: the length of the decimal text of the magnitude, against the digits allowed.
  const plain = (n: number, digits: number) => String(Math.abs(n)).length <= digits;
  it('is whether the decimal text of the magnitude is at most that long, for any safe integer', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), fc.integer({ min: -3, max: 45 }), (n, digits) => {
      expect(withinDigits(n, digits)).toBe(plain(n, digits));
    }));
    // Around every power of ten, where a comparison with powers could be off by one.
    for (let p = 1; p <= 15; p++) {
      const power = 10 ** p;
      for (const n of [power - 1, power, -power, power + 1]) for (let digits = p - 1; digits <= p + 2; digits++) expect(withinDigits(n, digits)).toBe(plain(n, digits));
    }
    expect([withinDigits(0, 0), withinDigits(0, 1), withinDigits(Number.MAX_SAFE_INTEGER, 16), withinDigits(Number.MAX_SAFE_INTEGER, 15)]).toEqual([false, true, true, false]);
    expect(withinDigits(5, NaN)).toBe(false);
  });
});

describe('ReplayShared.exactHours', () => {
  it('is exactHours, one Decimal a window for the analysis', () => {
    const shared = new ReplayShared();
    fc.assert(fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), (hours) => {
      const first = shared.exactHours(hours);
      expect(first.equals(exactHours(hours))).toBe(true);
      expect(shared.exactHours(hours)).toBe(first);
    }));
    expect(shared.exactHours(360).toFixed()).toBe('360');
    expect(shared.exactHours(1.5).toFixed()).toBe('1.5');
  });
});

describe('convexMinimumOf (the cost as an object)', () => {
  /** k x rate plus an overflow that falls by less with each unit: the steps, decreasing, from k on, over 7. */
  class StepCost {
    readonly priced: number[] = [];
    constructor(private readonly rate: number, private readonly steps: number[], private readonly noise?: number[]) {}
    cost(k: number): Decimal {
      this.priced.push(k);
      return this.exact(k);
    }
    exact(k: number): Decimal {
      let overflow = 0;
      for (let i = k; i < this.steps.length; i++) overflow += this.steps[i]!;
      return usd(this.rate).times(k).plus(usd(overflow).dividedBy(7));
    }
    estimate(k: number): number {
      return this.exact(k).toNumber() * (1 + (this.noise?.[k] ?? 0));
    }
  }

  it('finds the first minimum a walk over every count finds, pricing no count twice, with estimates or without', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: -1e-12, max: 1e-12, noNaN: true }), { minLength: 41, maxLength: 41 }),
      fc.boolean(),
      (rate, raw, noise, withEstimates) => {
        const steps = [...raw].sort((a, b) => b - a);
        const f = new StepCost(rate, steps, noise);
        let expected = 0;
        for (let k = 1; k <= steps.length; k++) if (f.exact(k).lessThan(f.exact(expected))) expected = k;
        const found = convexMinimumOf(0, steps.length, withEstimates ? f : { cost: (k) => f.cost(k) });
        expect(found.k).toBe(expected);
        expect(found.cost.equals(f.exact(expected))).toBe(true);
        expect(new Set(f.priced).size).toBe(f.priced.length);
        expect(f.priced).toContain(expected);
        // The count alone, by the same search (its costs priced afresh).
        expect(cheapestCount(0, steps.length, withEstimates ? new StepCost(rate, steps, noise) : { cost: (k) => f.exact(k) })).toBe(expected);
      },
    ));
  });

  it('cheapestCount prices nothing when the estimates order every step', () => {
    const costs = [10, 8, 7, 9];
    const priced: number[] = [];
    expect(cheapestCount(0, 3, { cost(k: number) { priced.push(k); return usd(costs[k]!); }, estimate: (k) => costs[k]! })).toBe(2);
    expect(priced).toEqual([]);
  });

  it('prices only the minimum when the estimates order every step', () => {
    // Costs 10, 8, 7, 9: every step is decided on the estimates (methods called on the object itself).
    const costs = [10, 8, 7, 9];
    const priced: number[] = [];
    const f = { costs, cost(k: number) { priced.push(k); return usd(this.costs[k]!); }, estimate(k: number) { return this.costs[k]!; } };
    const found = convexMinimumOf(0, 3, f);
    expect(found.k).toBe(2);
    expect(found.cost.toString()).toBe('7');
    expect(priced).toEqual([2]);
  });
});
