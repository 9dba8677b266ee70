import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Money, exactSum, priceDigits, scaledInteger, timesOver, timesOverInteger } from '../../src/money.js';

const repo = join(import.meta.dirname, '..', '..');

/**
 * The Decimals money.ts builds from words (`madeOf`, through every exact fast path) keep decimal.js's
 * fields as small integers. A float stored in a Decimal's exponent (a -0 from `-scale` with scale 0, or
 * a whole number a float step left boxed) made V8 widen that field to a double for every Decimal of the
 * class: the class's object layout was replaced, so every compiled function that had read a Decimal was
 * thrown away and compiled again (about a fifth of a run's first analyze() call went to that), and every
 * Decimal after it carried its exponent in a box of its own. The layout is V8's: a child process with
 * V8's test intrinsics compares a Decimal made before the fast paths ran with one made after.
 */
describe('Decimals built from words', () => {
  it('leave the layout of every Decimal of the class as it was (no field widened to a double)', () => {
    const money = pathToFileURL(join(repo, 'src', 'money.ts')).href;
    const script = `
      const { Money, priceDigits, scaledInteger, thousandths, timesDigits, timesOver, timesOverInteger, exactSum } = await import(${JSON.stringify(money)});
      const sameLayout = new Function('a', 'b', 'return %HaveSameMap(a, b)');
      const before = new Money(1);
      // Whole prices and scale 0: the paths that met -0.
      scaledInteger(5, 0); scaledInteger(12_345_678, 0); scaledInteger(7, -3); thousandths(1000);
      timesDigits(priceDigits(new Money(7)), 3, 0); timesDigits(priceDigits(new Money(40)), 3, 3);
      timesDigits(priceDigits(new Money('0.003')), 1234, 3);
      timesOverInteger(new Money(7), 3, 1); timesOver(new Money(7), 3, new Money(2), 1);
      exactSum([new Money(7), new Money(3)], 2, Money);
      console.log(JSON.stringify({ sameLayout: sameLayout(before, new Money(1)) }));
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ sameLayout: true });
  });

  it('a whole price ending at the decimal point has scale +0, not -0', () => {
    expect(Object.is(priceDigits(new Money(7))!.scale, 0)).toBe(true);
    expect(priceDigits(new Money(40))).toEqual({ mantissa: 4, scale: -1 });
    expect(priceDigits(new Money('0.003'))).toEqual({ mantissa: 3, scale: 3 });
  });

  it('are made by decimal.js copying a Decimal, never from a number: the constructor, compiled on strings in set-up, was thrown away at its first number', () => {
    // A class that records what its constructor is handed; decimal.js's own copy of the fields.
    const handed: string[] = [];
    class Watched extends Money {
      constructor(v: Decimal.Value) {
        handed.push(typeof v);
        super(v);
      }
    }
    const W = Watched as unknown as typeof Money;
    const made = [
      scaledInteger(12_345_678, 3, W), scaledInteger(7, 0, W), exactSum([new Money('1.5'), new Money('2.25')], 2, W),
      timesOverInteger(new Money(7), 3, 2, W), timesOver(new Money(0), 3, new Money(2), 1, W), timesOver(new Money('-0'), 3, new Money(2), 1, W),
    ];
    expect(made.map(String)).toEqual(['12345.678', '7', '3.75', '10.5', '0', '0']);
    expect(made.map((x) => (x as unknown as { s: number }).s)).toEqual([1, 1, 1, 1, 1, -1]);
    expect(handed.length).toBe(made.length);
    expect(handed.every((kind) => kind === 'object')).toBe(true);
  });
});
