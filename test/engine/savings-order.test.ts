import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/money.js';
import { byCost, savingsAt, type Cheaper } from '../../src/recommend/recommend.js';
import type { Scenario } from '../../src/domain/report.js';
import type { ModeAdviser } from '../../src/modes/mode.js';

/**
 * A model's cheaper scenarios are read largest saving first, then in scenario order. The savings are
 * worked out only when read, from a list sorted by cost: a saving is today less the cost rounded to
 * Money's 40 digits, so two costs apart can round to one saving, and those must then come in scenario
 * order, as a sort by saving puts them. The reference here works out every saving and sorts by it.
 */
const scenario = {} as Scenario;
const adviser = {} as ModeAdviser;

function cheaper(costs: string[]): Cheaper[] {
  return costs.map((c, index) => ({ index, scenario, adviser, cost: new Money(c), savings: undefined, settled: false }));
}

/** Every saving, then the order of a sort by saving (largest first), ties in scenario order. */
function reference(current: InstanceType<typeof Money>, costs: string[]): Array<[number, string]> {
  return costs.map((c, index) => ({ index, savings: current.minus(c) }))
    .sort((a, b) => b.savings.comparedTo(a.savings) || a.index - b.index)
    .map((x) => [x.index, x.savings.toString()]);
}

function ours(current: InstanceType<typeof Money>, costs: string[]): Array<[number, string]> {
  const list = cheaper(costs).sort(byCost);
  const out: Array<[number, string]> = [];
  for (let i = 0; i < list.length; i++) out.push([0, savingsAt(list, i, current).toString()]);
  // Read after every position is settled: settling reorders from the position read on.
  list.forEach((c, i) => { out[i]![0] = c.index; });
  return out;
}

// Today: 11 integer digits and 29 decimals (40 digits). A cost with 40 decimals: today less it needs 51 digits, rounded to 40.
const CURRENT = new Money('12345678901.23456789012345678901234567890');
const TINY = '0.123456789012345678901234567890123456789';

describe('savings read in order from a list sorted by cost', () => {
  it('costs that differ past the 40th digit of the saving tie, and come in scenario order (by hand)', () => {
    // Scenario 0 costs more than scenario 1 by 1e-40, yet both save the same once rounded: scenario 0 first.
    const costs = [`${TINY}2`, `${TINY}1`, '500'];
    expect(new Money(CURRENT).minus(costs[0]!).equals(new Money(CURRENT).minus(costs[1]!))).toBe(true);
    expect(ours(CURRENT, costs).map(([i]) => i)).toEqual([0, 1, 2]);
    expect(ours(CURRENT, costs)).toEqual(reference(CURRENT, costs));
  });

  it('only the savings read are worked out', () => {
    const list = cheaper(['3', '1', '2']).sort(byCost);
    expect(savingsAt(list, 0, new Money(10)).toString()).toBe('9');
    // The next one is read to know whether it ties; the last is not.
    expect(list.map((c) => c.savings?.toString())).toEqual(['9', '8', undefined]);
  });

  it('matches a sort by saving (property: near-equal costs, equal costs, any order)', () => {
    const base = fc.constantFrom(TINY, '0.5', '1234.5678', '12345678900', '99.999999999999999999999999999999999999');
    const tail = fc.constantFrom('', '1', '2', '9', '11', '99');
    const cost = fc.tuple(base, tail).map(([b, t]) => (t && b.includes('.') ? `${b}${t}` : b));
    fc.assert(fc.property(fc.array(cost, { minLength: 1, maxLength: 9 }), (costs) => {
      expect(ours(CURRENT, costs)).toEqual(reference(CURRENT, costs));
      const today = new Money('99999999999.9');
      expect(ours(today, costs)).toEqual(reference(today, costs));
    }));
  });
});
