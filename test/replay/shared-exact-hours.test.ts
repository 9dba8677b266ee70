import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, exactHours, usd } from '../../src/money.js';
import { reservedBreakEvenPrice } from '../../src/replay/reserved.js';
import { ReplayShared } from '../../src/replay/shared.js';

/**
 * The window's exact hours, worked out once for an analysis's models (`ReplayShared.exactHours`), and
 * the Reserved break-even price given them: the same figures as worked out for each model.
 */
describe('ReplayShared.exactHours', () => {
  it('is exactHours of the window, one Decimal while the window stays the same, a new one for another window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 24 * 400 }), fc.integer({ min: 1, max: 60 * 24 * 400 }), (minutesA, minutesB) => {
        const shared = new ReplayShared();
        const a = minutesA / 60;
        const b = minutesB / 60;
        const first = shared.exactHours(a);
        expect(first.equals(exactHours(a))).toBe(true);
        expect(shared.exactHours(a)).toBe(first);
        const other = shared.exactHours(b);
        expect(other.equals(exactHours(b))).toBe(true);
        if (minutesA !== minutesB) expect(other).not.toBe(first);
        // And back: worked out again for the first window, the same value.
        expect(shared.exactHours(a).equals(first)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the Reserved break-even price the per-model hours gave', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,13}$/), fc.integer({ min: -8, max: 2 }), fc.integer({ min: 1, max: 1e12 }), fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(100_000, 10_000), fc.integer({ min: 1, max: 60 * 24 * 90 }), (digits, exponent, sideTokens, share, level, minutes) => {
          const windowHours = minutes / 60;
          const served = Math.round(sideTokens * share);
          const cost = usd(`${digits}e${exponent}`);
          const shared = new ReplayShared();
          const given = reservedBreakEvenPrice(cost, sideTokens, served, level, windowHours, shared.exactHours(windowHours));
          const own = reservedBreakEvenPrice(cost, sideTokens, served, level, windowHours);
          expect(given!.constructor).toBe(Money);
          expect(given!.equals(own!)).toBe(true);
          expect(given!.toString()).toBe(own!.toString());
        }),
      { numRuns: 2000 },
    );
  });
});
