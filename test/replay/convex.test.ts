import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexMinimum } from '../../src/replay/convex.js';
import { usd } from '../../src/money.js';

/**
 * A provisioned sizing search compares costs by float estimates and prices exactly only the counts it
 * cannot tell apart: it must pick the count a walk over every count keeping the first minimum picks,
 * even where the estimates are off by as much as they are allowed to be.
 */
describe('convexMinimum with estimates', () => {
  // A convex cost: k units at `rate`, plus an overflow that falls by less with each unit (a decreasing step list).
  const convexCost = (rate: number, steps: number[]) => (k: number) => {
    let overflow = 0;
    for (let i = k; i < steps.length; i++) overflow += steps[i]!;
    return usd(rate).times(k).plus(usd(overflow).dividedBy(7));
  };
  const firstMinimum = (hi: number, cost: (k: number) => ReturnType<typeof usd>) => {
    let best = 0;
    for (let k = 1; k <= hi; k++) if (cost(k).lessThan(cost(best))) best = k;
    return best;
  };

  it('picks the first minimum, whatever the estimates error within 1e-12', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: -1e-12, max: 1e-12, noNaN: true }), { minLength: 41, maxLength: 41 }),
      (rate, raw, noise) => {
        const steps = [...raw].sort((a, b) => b - a);
        const cost = convexCost(rate, steps);
        const estimate = (k: number) => cost(k).toNumber() * (1 + noise[k]!);
        const found = convexMinimum(0, steps.length, cost, estimate);
        const expected = firstMinimum(steps.length, cost);
        expect(found.k).toBe(expected);
        expect(found.cost.equals(cost(expected))).toBe(true);
      },
    ));
  });

  it('prices exactly only the counts whose estimates are too close to order, and the minimum', () => {
    // Costs 10, 8, 8, 9: the estimates order 0 > 1 and 2 < 3; 1 and 2 tie and are priced exactly.
    const costs = [10, 8, 8, 9];
    const priced: number[] = [];
    const found = convexMinimum(0, 3, (k) => {
      priced.push(k);
      return usd(costs[k]!);
    }, (k) => costs[k]!);
    expect(found.k).toBe(1);
    expect(found.cost.toString()).toBe('8');
    expect([...priced].sort()).toEqual([1, 2]);
  });
});
