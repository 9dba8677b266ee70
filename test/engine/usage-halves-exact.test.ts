import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/money.js';
import { ifUsageHalves } from '../../src/modes/provisioned.js';
import { Bill } from '../../src/replay/bill.js';

/**
 * "If usage halves" adds the units' month and the half-load overflow's in whole words (`exactSum`), a
 * zero overflow by the units' month alone: the very Decimal decimal.js's `half.minus(units.plus(overflow))`
 * makes in Money, digits, exponent and sign, for months of any digits (up to Money's 40) and zero overflows.
 */
const internals = (d: Decimal) => ({ s: d.s, e: d.e, d: [...d.d!], money: d.constructor === Money });
const digits = (max: number) => fc.tuple(fc.bigInt({ min: 1n, max: 10n ** BigInt(max) - 1n }), fc.integer({ min: -30, max: 12 }))
  .map(([m, shift]) => new Money(`${m}e${shift}`));

describe('the saving if usage halves, exactly', () => {
  it('is decimal.js\'s half - (units + overflow), zero overflow or not', () => {
    fc.assert(
      fc.property(digits(40), digits(40), fc.oneof(digits(40), digits(3), fc.constant(new Money(0))), (half, units, overflow) => {
        const saving = ifUsageHalves(half, units, new Bill(), overflow).monthlySavingsIfUsageHalves!;
        expect(internals(saving)).toEqual(internals(half.minus(units.plus(overflow))));
      }),
      { numRuns: 5000 },
    );
  });

  it('a units\' month of more digits than Money holds is rounded as decimal.js\'s plus rounds it', () => {
    // new Money keeps all 45 digits; plus(0) rounds them half-even to 40.
    const units = new Money('123456789012345678901234567890123456789012345');
    const saving = ifUsageHalves(new Money(1), units, new Bill(), new Money(0)).monthlySavingsIfUsageHalves!;
    expect(internals(saving)).toEqual(internals(new Money(1).minus(units.plus(0))));
  });
});
