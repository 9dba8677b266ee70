import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, significantDigits, timesOver } from '../../src/money.js';

/**
 * `timesOver`'s long division by a divisor of two words or more (base 1e7, in place) against decimal.js:
 * the quotient's sign, exponent, digit words and class, at Money's 40 digits. The cases the kernel can get
 * wrong and random operands rarely reach: a quotient just past a half (digits 5000... up to the last word
 * worked out, the rest in a remainder of one non-zero word), quotients that end (no remainder at all),
 * dividends shorter than the divisor, divisors of two to six words. Also `significantDigits` against
 * decimal.js's `precision()`.
 */
const internals = (d: Decimal) => {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d === null ? null : [...x.d], precision: (d.constructor as typeof Decimal).precision };
};
const agrees = (x: string, a: number, y: string, b: number) => {
  const fast = timesOver(new Money(x), a, new Money(y), b);
  expect(fast).toBeDefined();
  expect(internals(fast!)).toEqual(internals(new Money(x).times(a).dividedBy(new Money(y).times(b))));
  return fast!;
};

/** b^-1 modulo m (b and m coprime), by Euclid. */
function inverse(b: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, ((b % m) + m) % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/**
 * An integer x of 40 digits and a divisor y of `dy` digits whose quotient, worked out to Money's eight
 * words (40 + m digits, m + dy a whole number of words), is H (40 digits, even) then a 5 then zeros, with
 * the remainder 5 x 10^(m - 1): one non-zero word, the divisor's top one. Just past a tie, so decimal.js
 * rounds H up; without that remainder word the quotient would be an exact tie, rounded to H (even).
 * x * 10^(m + dy) = Q y + R with Q = H 10^m + 5 10^(m - 1), R = 5 10^(m - 1): x = (H y + (y + 1) / 2) / 10^dy,
 * which is whole where H = -((y + 1) / 2) / y modulo 10^dy.
 */
function justPastATie(dy: number, m: number, yDigits: bigint, top: bigint): { x: string; y: string; h: bigint } | undefined {
  const y = yDigits;
  if (y % 2n === 0n || y % 5n === 0n || y < 5n * 10n ** BigInt(m - 1)) return undefined;
  const mod = 10n ** BigInt(dy);
  const low = (((-(y + 1n) / 2n) % mod + mod) % mod * inverse(y, mod)) % mod;
  const h = top * mod + low;
  if (h % 2n !== 0n || h.toString().length !== 40) return undefined;
  const x = (h * y + (y + 1n) / 2n) / mod;
  expect((h * y + (y + 1n) / 2n) % mod).toBe(0n);
  return { x: x.toString(), y: y.toString(), h };
}

describe('timesOver by a divisor of several words', () => {
  it('rounds up a quotient just past a half whose remainder is one word (the divisor\'s top), as decimal.js does', () => {
    // dy 14 (two words), m 14; dy 19 or 20 (three words), m 16 or 15: m + dy is 28 or 35, four or five words.
    const shapes = [[14, 14], [19, 16], [20, 15]] as const;
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.boolean(), fc.integer({ min: -30, max: 30 }),
        ([dy, m], yRandom, topRandom, negative, shift) => {
          const y = 10n ** BigInt(dy - 1) + (yRandom % (9n * 10n ** BigInt(dy - 1)));
          const top = 10n ** BigInt(40 - dy - 1) + (topRandom % (9n * 10n ** BigInt(40 - dy - 1)));
          const made = justPastATie(dy, m, y, top);
          if (!made) return;
          checked++;
          const x = `${negative ? '-' : ''}${made.x}e${shift}`;
          const q = agrees(x, 1, made.y, 1);
          // The construction holds: 40 digits, H + 1 (not H, the even neighbour a tie would keep).
          expect(q.abs().toFixed().replace('.', '').replace(/^0+/, '').padEnd(40, '0').slice(0, 40)).toBe((made.h + 1n).toString());
        }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('is decimal.js\'s quotient for divisors of two to six words and dividends of one to forty digits', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${max - 1}}$`));
    fc.assert(
      fc.property(digits(40), fc.integer({ min: -40, max: 40 }), fc.stringMatching(/^[1-9][0-9]{9,39}$/), fc.integer({ min: -40, max: 40 }), fc.boolean(),
        fc.oneof(fc.constant(1), fc.constant(100), fc.integer({ min: 1, max: 1e6 })), (x, ex, y, ey, negative, a) => {
          const xs = `${negative ? '-' : ''}${x}e${ex}`;
          const ys = `${y}e${ey}`;
          // Only where the product of x is exact in 40 digits (timesOver does not answer otherwise).
          if (x.length + String(a).length > 40) return;
          agrees(xs, a, ys, 1);
        }),
      { numRuns: 20000 },
    );
  });

  it('gives the exact quotient where it ends (no remainder), and where the dividend is shorter than the divisor', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{9,24}$/), fc.stringMatching(/^[1-9][0-9]{0,14}$/), fc.integer({ min: -20, max: 20 }), (y, k, shift) => {
        const x = (BigInt(y) * BigInt(k)).toString();
        const q = agrees(`${x}e${shift}`, 1, y, 1);
        expect(q.equals(new Money(`${k}e${shift}`))).toBe(true);
        agrees(k, 1, y, 1);
      }),
      { numRuns: 5000 },
    );
    // 1 / (1e14 + 1); 10^40 - 1 over itself and over 10^39 + 1; 1 over 38 nines.
    agrees('1', 1, '100000000000001', 1);
    agrees('9999999999999999999999999999999999999999', 1, '9999999999999999999999999999999999999999', 1);
    agrees('9999999999999999999999999999999999999999', 1, '1000000000000000000000000000000000000001', 1);
    agrees('1', 1, '99999999999999999999999999999999999999', 1);
    expect(internals(timesOver(new Money('-0'), 1, new Money('12345678901234567'), 1)!)).toEqual(internals(new Money('-0').dividedBy(new Money('12345678901234567'))));
  });
});

describe('significantDigits', () => {
  it('is decimal.js\'s precision() for any finite Decimal, zero of either sign included, and NaN for what is not finite', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,59}$/), fc.integer({ min: -9e15, max: 9e15 }), (negative, digits, exponent) => {
        const x = new Money(`${negative ? '-' : ''}${digits}e${exponent}`);
        expect(significantDigits(x)).toBe(x.precision());
      }),
      { numRuns: 5000 },
    );
    for (const text of ['0', '-0', '1', '10', '100000000', '10000000', '0.0000001', '1e-7', '123.4500', '9999999.9999999']) expect(significantDigits(new Money(text))).toBe(new Money(text).precision());
    expect(significantDigits(new Money(NaN))).toBeNaN();
    expect(significantDigits(new Money(Infinity))).toBeNaN();
  });
});

describe('significantDigits and the digits it reads', () => {
  it('leaves a Decimal\'s digit words an integer array once optimized beside the quotients\' float scratch words', () => {
    // V8's optimized code for a read of an array that has met integer and float arrays (the quotients'
    // scratch words are floats) turns an integer array into a float one in place: read through the same
    // code, every Decimal's digits would be changed, and every function compiled for them thrown away.
    const money = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'money.ts')).href;
    const script = `
      const { Money, significantDigits, timesOver } = await import(${JSON.stringify(money)});
      const smi = new Function('a', 'return %HasSmiElements(a)');
      const optimize = new Function('f', '%PrepareFunctionForOptimization(f)');
      const now = new Function('f', '%OptimizeFunctionOnNextCall(f)');
      const x = new Money('12345678901234.5678');
      const y = new Money('98765432109876543210.123');
      optimize(significantDigits);
      for (let i = 0; i < 2000; i++) { timesOver(x, 1 + i, y, 3); significantDigits(y); }
      now(significantDigits);
      const fresh = new Money('1234567.000123');
      const digits = significantDigits(fresh);
      console.log(JSON.stringify({ digits, integerWords: smi(fresh.d) && smi(y.d) }));
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ digits: 13, integerWords: true });
  });
});
