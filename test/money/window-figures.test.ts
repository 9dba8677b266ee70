import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, exactHours, perMonth } from '../../src/money.js';

/**
 * A window's exact hours and the monthly scale are worked out at each call, not kept in the module from
 * one call to the next (a last-value cache outlived the analyze() call that filled it). Worked in whole
 * words, they are the very Decimals decimal.js makes the long way, for any window, asked in any order.
 */
const internals = (d: Decimal) => ({ s: d.s, e: d.e, d: [...d.d!], class: d.constructor === Money });

describe('a window\'s figures', () => {
  it('exactHours is new Money(ms) / 3,600,000 in Money, for any window of whole milliseconds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 400 * 86_400_000 }), fc.integer({ min: 1, max: 9_000 }).map((h) => h * 3_600_000),
        fc.integer({ min: 1, max: Math.floor((2 ** 53 - 1) / 3_600_000) }).map((h) => h * 3_600_000), fc.integer({ min: 1, max: 2 ** 53 - 1 })), (ms) => {
        const hours = ms / 3_600_000;
        const long = new Money(Math.round(hours * 3_600_000)).dividedBy(3_600_000);
        expect(internals(exactHours(hours))).toEqual(internals(long));
      }),
      { numRuns: 5000 },
    );
  });

  it('each call its own window: alternating windows give each its own figures', () => {
    const windows = [360, 168.01666666666668, 360, 24, 168.01666666666668];
    for (const hours of windows) {
      expect(exactHours(hours).toFixed()).toBe(new Money(Math.round(hours * 3_600_000)).dividedBy(3_600_000).toFixed());
      expect(perMonth(new Money('1.5'), hours).toFixed()).toBe(new Money('1.5').times(730 * 3_600_000).dividedBy(Math.round(hours * 3_600_000)).toFixed());
    }
    expect(perMonth(new Money('36'), 360).toFixed()).toBe('73');
  });

  it('no last-value variable at module scope in the files that kept one', () => {
    for (const file of ['src/money.ts', 'src/replay/scenarios.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/^let \w+/m);
    }
  });
});
