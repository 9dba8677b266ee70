import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, perMonth } from '../../src/money.js';

/**
 * A window's cost scaled to a 730-hour month is cost x 730 h / window: for a cost of up to 36
 * significant digits (every token cost) exact where it terminates and rounded once to 40 significant
 * digits where it does not, checked against that definition worked in a much wider precision; a longer
 * cost is first multiplied in 40 digits, then divided, as before.
 */
const Wide = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN });
const Forty = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

function byDefinition(cost: string, windowMs: number): string {
  const exact = new Wide(cost).times(730 * 3_600_000).dividedBy(windowMs);
  return exact.toSignificantDigits(40, Decimal.ROUND_HALF_EVEN).toFixed();
}

function inTwoSteps(cost: string, windowMs: number): string {
  return new Forty(cost).times(730 * 3_600_000).dividedBy(windowMs).toFixed();
}

describe('perMonth', () => {
  it('is the cost x 730 hours / the window, rounded once to 40 digits for costs of up to 36 digits, for any window', () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{0,44}$/);
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 90 * 1440 }), (mantissa, decimals, minutes) => {
        const cost = new Decimal(`${mantissa}e-${decimals}`);
        const windowHours = (minutes * 60_000) / 3_600_000;
        const windowMs = Math.round(windowHours * 3_600_000);
        const expected = cost.precision() <= 36 ? byDefinition(cost.toFixed(), windowMs) : inTwoSteps(cost.toFixed(), windowMs);
        expect(perMonth(cost, windowHours).toFixed()).toBe(expected);
        // A cost already in Money is taken as it is, one in a wider precision is read into Money: the
        // same figure, and a figure in Money's precision, whichever the cost came in.
        const Wider = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });
        for (const given of [new Money(cost), new Wider(cost)]) {
          const monthly = perMonth(given, windowHours);
          expect(monthly.toFixed()).toBe(expected);
          expect((monthly.constructor as typeof Decimal).precision).toBe(40);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('scales a 15-day window by 73 / 36 exactly where that terminates', () => {
    expect(perMonth(new Decimal('36'), 360).toFixed()).toBe('73');
    expect(perMonth(new Decimal('1'), 360).toFixed()).toBe('2.027777777777777777777777777777777777778');
  });
});
