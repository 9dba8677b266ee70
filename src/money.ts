import { Decimal } from 'decimal.js';

/**
 * Money is exact: every price and cost is a Decimal, rounding happens only when text is rendered.
 * A dedicated clone keeps our precision settings from leaking into other users of decimal.js.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = Decimal;

export const ZERO = new Money(0);
/** Hours in the month AWS uses for monthly estimates (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

export function usd(value: string | number | Decimal): Decimal {
  return new Money(typeof value === 'number' ? smallInteger(value) : value);
}

/** Exact decimal string for JSON output: never exponent notation, never rounded. */
export function toUsdString(value: Decimal): string {
  return value.toFixed();
}

/**
 * Human rendering. Cents for ordinary amounts; tiny non-zero amounts keep four significant
 * digits so a $0.0004 line does not read as $0.00.
 */
export function formatUsd(value: Decimal): string {
  const abs = value.abs();
  const sign = value.isNegative() && !abs.isZero() ? '-' : '';
  if (!abs.isZero() && abs.lessThan('0.01')) {
    return `${sign}$${abs.toSignificantDigits(4, Decimal.ROUND_HALF_EVEN).toFixed()}`;
  }
  const [whole, cents] = abs.toFixed(2, Decimal.ROUND_HALF_EVEN).split('.') as [string, string];
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export function sumMoney(values: Iterable<Decimal>): Decimal {
  let total: Decimal = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

const MS_PER_HOUR = 3_600_000;

/**
 * A window's length in hours as an exact Decimal. The window is whole milliseconds, but its length in
 * hours is a float (10,081 minutes is 168.01666666666668 hours): used as a Decimal as it stands, that
 * float's digits entered every monthly figure ("184.8359999999999853319313560162693913754"). Read back
 * as the whole milliseconds it was computed from, it is exact (to Money's 40 digits where the hours
 * do not terminate).
 */
export function exactHours(windowHours: number): Decimal {
  // One window per run: its exact hours are worked out once, not at every unit count a sizing tries.
  if (windowHours !== lastHours.of) lastHours = { of: windowHours, exact: new Money(Math.round(windowHours * MS_PER_HOUR)).dividedBy(MS_PER_HOUR) };
  return lastHours.exact;
}
let lastHours: { of: number; exact: Decimal } = { of: NaN, exact: new Money(0) };

/**
 * Scales a cost observed over `windowHours` to a 730-hour month. Multiplying first and dividing
 * once keeps it exact whenever the result is a finite decimal (a pre-computed 730/h factor would be
 * rounded to 40 digits first and leave ...0001 tails in the report). The division is by the window's
 * whole milliseconds, never by its float hours (see `exactHours`).
 */
export function perMonth(cost: Decimal, windowHours: number): Decimal {
  const scale = monthScaleOf(windowHours);
  // In Money's precision, whatever precision the cost was summed in. A cost of few enough digits that
  // cost x month-ms is exact in Money's precision (every token cost is) takes the same fraction with
  // its common factor taken out (730 h / 360 h is 73 / 36): the same exact product over the same
  // exact quotient, so the same rounding, but a one-digit division instead of a ten-digit one.
  // A cost already in Money is used as it is (the copy would be the same number); the window's factors
  // are Decimals made once a window, not converted from numbers at every call.
  const inMoney = cost.constructor === Money ? cost : new Money(cost);
  if (cost.precision() <= MAX_EXACT_DIGITS) return inMoney.times(scale.numerator).dividedBy(scale.denominator);
  return inMoney.times(MONTH_MS_MONEY).dividedBy(scale.windowMs);
}

/**
 * `n` as decimal.js best reads it: a whole number below 1e7 as a small integer, not a float that holds
 * one (a quotient like 730 / 10 is such a float). decimal.js keeps such a number's digits in an array
 * literal, and one float stored there turns that literal's arrays into float arrays for the rest of
 * the process: every Decimal's arithmetic then meets two kinds of digit array, and V8 compiles its
 * division, multiplication and comparison again for the second (on a run's first call, the largest
 * share of the compiling). The same number either way; zero stays as it is (its sign counts).
 */
export function smallInteger(n: number): number {
  return n !== 0 && n < 1e7 && n > -1e7 && Number.isInteger(n) ? n | 0 : n;
}

/**
 * `count` / 1000 as Money, for a whole count of tokens (a line's quantity in thousands): the very Decimal
 * `usd(`${count}e-3`)` parses, built from the count's base-1e7 words without the string and its parse
 * (about a fifth of the time; each model prices some twenty-five new counts). decimal.js keeps a value
 * as its sign, its base-10 exponent and its digits in words of seven aligned on the decimal point, no
 * trailing zero word: the whole part's words, then the three decimals as the first fractional word.
 * Every word is made an integer (`| 0`, see `smallInteger`). Any other count (negative, fractional, past
 * 2^53) takes the parse. test/replay/exact-fast-paths.test.ts checks it against the parse.
 */
export function thousandths(count: number): Decimal {
  if (!(count > 0 && count <= Number.MAX_SAFE_INTEGER && Number.isInteger(count))) return usd(`${count}e-3`);
  const r = count % 1000;
  let q = (count - r) / 1000;
  const d: number[] = [];
  let e: number;
  if (q === 0) {
    // Below 1: one fractional word; the exponent is that of the first digit (0.005 is 5e-3).
    e = r >= 100 ? -1 : r >= 10 ? -2 : -3;
  } else {
    let digits = 1;
    for (let t = q; t >= 10; t = Math.floor(t / 10)) digits++;
    e = digits - 1;
    // The whole part's words, least significant first, reversed after.
    while (q > 0) {
      const word = q % 1e7;
      d.push(word | 0);
      q = (q - word) / 1e7;
    }
    d.reverse();
  }
  if (r !== 0) d.push((r * 10_000) | 0);
  else while (d.length > 1 && d[d.length - 1] === 0) d.pop();
  // A new Decimal's fields set before anyone reads it (decimal.js types them read-only for its users).
  const x = new Money(1);
  const fields = x as unknown as { e: number; d: number[] };
  fields.e = e;
  fields.d = d;
  return x;
}

const MONTH_MS = HOURS_PER_MONTH * MS_PER_HOUR;
/** Significant digits a cost may have for cost x MONTH_MS (4 significant digits, 2628e6) to be exact in Money's 40. */
const MAX_EXACT_DIGITS = 40 - String(MONTH_MS).replace(/0+$/, '').length;
const MONTH_MS_MONEY = new Money(MONTH_MS);
let lastScale = { of: NaN, windowMs: new Money(1), numerator: new Money(1), denominator: new Money(1) };
/** MONTH_MS / window ms in lowest terms, for the window of the run (one a run: worked out once). */
function monthScaleOf(windowHours: number): typeof lastScale {
  if (windowHours !== lastScale.of) {
    const windowMs = Math.round(windowHours * MS_PER_HOUR);
    let a = MONTH_MS;
    let b = windowMs;
    while (b !== 0) [a, b] = [b, a % b];
    lastScale = { of: windowHours, windowMs: new Money(windowMs), numerator: new Money(smallInteger(MONTH_MS / a)), denominator: new Money(smallInteger(windowMs / a)) };
  }
  return lastScale;
}
