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
  // A list is added word by word in one pass where `exactSum` can (every value positive and the sum
  // within Money's digits, so no step of the additions rounds): the same Decimal. One value that the
  // sum would only copy is the sum itself (`keptAsMoney`).
  if (Array.isArray(values) && values.length > 0) {
    const list = values as readonly Decimal[];
    const n = list.length;
    if (n === 1 && keptAsMoney(list[0]!)) return list[0]!;
    // Read from one packed array of our own, not the caller's: callers hand in arrays of every kind (a
    // `new Array(n)` filled in place is holey), and `exactSum`, compiled for the kind it met first (the
    // replay's packed ones), was thrown away at the first holey one and compiled again (a plan's steps,
    // late in a run's first call). The terms are let go of after.
    const terms = sumTerms;
    for (let i = 0; i < n; i++) terms[i] = list[i]!;
    const total = exactSum(terms, n, Money) ?? roundedSum(terms, n);
    for (let i = 0; i < n; i++) terms[i] = ZERO;
    if (total !== undefined) return total;
  }
  let total: Decimal = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
/**
 * The sum of the first `n` of `values` (at least one) as decimal.js adds them one by one in Money (`plus`
 * from zero: each partial sum is the exact sum rounded half-even to Money's precision, `roundedWords`),
 * in whole words and one Decimal at the end: the very Decimal, for a total whose digits outrun the
 * precision (a report's savings over many models, each of 40 digits), where `exactSum` cannot. Undefined
 * where a value is not positive or lies outside Money's exponents, or a term's words lie further from the
 * total's than the precision's words and one more (decimal.js's `plus` then cuts the smaller short) or
 * past the scratch; the caller then adds with decimal.js. test/replay/exact-division.test.ts checks it.
 */
function roundedSum(values: readonly Decimal[], n: number): Decimal | undefined {
  const { precision, maxE, minE } = Money;
  // The running total's words, most significant first (worth 1e7^place[0] down, place[1] of them).
  // Each addition is its own function (`addedRounded`), not this loop's body: a report's one long sum
  // (a saving per model, at the end of a run's first call) made this loop hot enough for V8 to compile
  // it mid-loop (OSR), and compile it again whole, both finished after the call returned (issue 21).
  const place = sumPlace;
  place[0] = 0;
  place[1] = 0;
  for (let i = 0; i < n; i++) {
    if (!addedRounded(values[i]!, place, precision, minE, maxE)) return undefined;
  }
  const total = quotientWords;
  const e = 7 * place[0]! + wordDigits(total[0]!) - 1;
  if (!inRange(e, minE, maxE)) return undefined;
  return madeOf(Money, 1, e, total, 0, place[1]!);
}
/**
 * The running total of `roundedSum` (its words in `quotientWords`, its top word's place and its length in
 * `place`) plus `value`, rounded half-even to `precision`: false (nothing changed that the caller keeps)
 * where `roundedSum` gives up.
 */
function addedRounded(value: Decimal, place: number[], precision: number, minE: number, maxE: number): boolean {
  const gap = Math.ceil(precision / 7) + 1;
  const total = quotientWords;
  const columns = sumColumns;
  const totalTop = place[0]!;
  const totalLength = place[1]!;
  const { s, e, d } = value as unknown as DecimalFields;
  if (s !== 1 || d === null || d[0] === 0 || !inRange(e, minE, maxE)) return false;
  const top = Math.floor(e / 7);
  const words = d.length;
  if (totalLength > 0 && (top - totalTop > gap || totalTop - top > gap)) return false;
  // Column 0 takes the carry; the last is the lower of the two lowest words.
  const high = (totalLength > 0 && totalTop > top ? totalTop : top) + 1;
  const low = totalLength > 0 && totalTop - totalLength + 1 < top - words + 1 ? totalTop - totalLength + 1 : top - words + 1;
  const width = high - low + 1;
  if (width > MAX_SUM_WORDS) return false;
  // Column k holds the total's word k - (high - totalTop) and the value's word k - (high - top), where
  // they have one: added with the carry from the column below in one pass from the lowest column up (one
  // loop, not one to clear the columns, one for each side's words and one for the carries: issue 21).
  const totalFrom = high - totalTop;
  const from = high - top;
  let carry = 0;
  for (let k = width - 1; k >= 0; k--) {
    const kt = k - totalFrom;
    const kd = k - from;
    const column = (kt >= 0 && kt < totalLength ? total[kt]! : 0) + (kd >= 0 && kd < words ? d[kd]! : 0) + carry;
    carry = column >= 1e7 ? 1 : 0;
    columns[k] = (column - carry * 1e7) | 0;
  }
  const first = columns[0] !== 0 ? 0 : 1;
  for (let k = first; k < width; k++) total[k - first] = columns[k]!;
  const length = roundedWords(total, width - first, false, precision);
  place[0] = length < 0 ? high - first + 1 : high - first;
  place[1] = length < 0 ? 1 : length;
  return true;
}
/** `roundedSum`'s running total's top word place and length in words (reused from one sum to the next). */
const sumPlace: number[] = [0, 0];
/** The most words one addition of `roundedSum` spans (a total of Money's digits, a term of a wider class). */
const MAX_SUM_WORDS = 64;
/** `sumMoney`'s terms for `exactSum`, reused from one sum to the next (every entry a Decimal, emptied to ZERO after each). */
const sumTerms: Decimal[] = [ZERO];

const MS_PER_HOUR = 3_600_000;

/**
 * A window's length in hours as an exact Decimal. The window is whole milliseconds, but its length in
 * hours is a float (10,081 minutes is 168.01666666666668 hours): used as a Decimal as it stands, that
 * float's digits entered every monthly figure ("184.8359999999999853319313560162693913754"). Read back
 * as the whole milliseconds it was computed from, it is exact (to Money's 40 digits where the hours
 * do not terminate).
 */
export function exactHours(windowHours: number): Decimal {
  // Worked out at each call, not kept in the module for the next (a last-value cache outlived the
  // analysis): the window's whole milliseconds as a Decimal built from their words (`scaledInteger`), over
  // the ms in an hour in words (`timesOverInteger`): the very Decimal `new Money(ms).dividedBy(MS_PER_HOUR)`
  // makes, for about what the look-up cost.
  // A window of whole hours (a run of whole days) is that whole number (`scaledInteger`: the very Decimal
  // of the exact quotient), with no division: this is asked once a model, and the division, inlined
  // here, made this one of the larger functions V8 compiled in a run's first call (issue 21).
  const ms = Math.round(windowHours * MS_PER_HOUR);
  if (!(ms >= 1 && ms <= Number.MAX_SAFE_INTEGER)) return new Money(ms).dividedBy(MS_PER_HOUR);
  const hours = Math.floor(ms / MS_PER_HOUR);
  if (hours * MS_PER_HOUR === ms) return scaledInteger(hours, 0);
  return timesOverInteger(scaledInteger(ms, 0), 1, MS_PER_HOUR) ?? new Money(ms).dividedBy(MS_PER_HOUR);
}

/**
 * Scales a cost observed over `windowHours` to a 730-hour month. Multiplying first and dividing
 * once keeps it exact whenever the result is a finite decimal (a pre-computed 730/h factor would be
 * rounded to 40 digits first and leave ...0001 tails in the report). The division is by the window's
 * whole milliseconds, never by its float hours (see `exactHours`).
 */
export function perMonth(cost: Decimal, windowHours: number): Decimal {
  const windowMs = Math.round(windowHours * MS_PER_HOUR);
  // In Money's precision, whatever precision the cost was summed in. A cost of few enough digits that
  // cost x month-ms is exact in Money's precision (every token cost is) takes the same fraction with
  // its common factor taken out (730 h / 360 h is 73 / 36): the same exact product over the same
  // exact quotient, so the same rounding, but a one-digit division instead of a ten-digit one.
  // A cost already in Money is used as it is (the copy would be the same number). The fraction is worked
  // out at each call (a few remainders), not kept in the module for the next call; its Decimals are made
  // only where decimal.js divides.
  // Its digits read from its words (`significantDigits`, the same count as decimal.js's `precision()`, whose
  // loop of float remainders V8 compiled for this one call site in a run's first call).
  if (significantDigits(cost) <= MAX_EXACT_DIGITS) {
    const common = greatestCommonDivisor(MONTH_MS, windowMs);
    const numerator = MONTH_MS / common;
    const denominator = windowMs / common;
    // The same product and quotient in whole base-1e7 words (`timesOverInteger`), where they fit.
    const fast = timesOverInteger(cost, numerator, denominator);
    if (fast !== undefined) return fast;
    const inMoney = cost.constructor === Money ? cost : new Money(cost);
    return inMoney.times(new Money(smallInteger(numerator))).dividedBy(new Money(smallInteger(denominator)));
  }
  const inMoney = cost.constructor === Money ? cost : new Money(cost);
  return inMoney.times(MONTH_MS_MONEY).dividedBy(new Money(windowMs));
}

/** Euclid's greatest common divisor of two whole numbers (exact below 2^53). */
function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) {
    // The remainder by division and floor, not `%`: a month's milliseconds are past 2^31, and V8 leaves `%`
    // of a float to a C call (once a monthly figure). Exact below 2^53 (a / b rounded never reaches the
    // next whole number there); the check keeps it a remainder if it ever did.
    let r = a - Math.floor(a / b) * b;
    if (r < 0) r += b;
    a = b;
    b = r;
  }
  return a;
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
 * (about a fifth of the time; each model prices some twenty-five new counts; see `scaledInteger`). Any
 * other count (negative, fractional, past 2^53) takes the parse. test/replay/exact-fast-paths.test.ts
 * checks it against the parse.
 */
export function thousandths(count: number): Decimal {
  if (!(count > 0 && count <= Number.MAX_SAFE_INTEGER && Number.isInteger(count))) return usd(`${count}e-3`);
  return scaledInteger(count, 3);
}

/** A Decimal's fields as decimal.js keeps them (it types them read-only for its users). */
interface DecimalFields {
  s: number;
  e: number;
  d: number[] | null;
}

/** Digits of a base-1e7 word (1 to 9,999,999). */
function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/** Powers of ten a word's digits are shifted by. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];

/**
 * `n` x 10^-`scale` as a Decimal of class `Ctor` (Money unless said), for a whole `n` from 1 to 2^53 and a
 * whole `scale` of either sign: the very Decimal decimal.js makes of that value, built from the number's
 * base-1e7 words without a string, a parse or a multiplication. decimal.js keeps a value as its sign, its
 * base-10 exponent (of its first digit) and its digits in words of seven aligned on the decimal point, no
 * zero word at either end; every word is made an integer (`| 0`, see `smallInteger`). Whole numbers are
 * split by division and floor (exact below 2^53), not `%`, which V8 leaves to a C call for floats.
 * test/replay/exact-fast-paths.test.ts checks it against decimal.js.
 */
export function scaledInteger(n: number, scale: number, Ctor: typeof Decimal = Money): Decimal {
  // The lowest digit's decimal position, the word it falls in and its place in that word.
  // `0 - scale`, not `-scale`: for scale 0 that is -0, a float, and every exponent worked out from it
  // would be one too (see `madeOf`).
  const low = 0 - scale;
  const lowWord = Math.floor(low / 7);
  const offset = low - 7 * lowWord;
  // The lowest word is n's lowest 7 - offset digits shifted up by offset (all of a word's seven for offset
  // 0), the rest of n the whole words above it: below 2^53, four words at most, the top one small. Written
  // at once, no loop: in straight code each caller that inlines this (a count's thousandths, a price times
  // a count) compiles a smaller graph, every model's first call (issue 21). Zero words at either end (n's
  // trailing zeros, a short n) are left out below: decimal.js keeps none, and its words are aligned on the
  // decimal point, so these are its words whether n's trailing zeros were stripped first or not.
  const part = POW10[7 - offset]!;
  const rest = Math.floor(n / part);
  const above = Math.floor(rest / 1e7);
  const top = Math.floor(above / 1e7);
  const words = wordScratch;
  words[0] = top | 0;
  words[1] = (above - top * 1e7) | 0;
  words[2] = (rest - above * 1e7) | 0;
  words[3] = ((n - rest * part) * POW10[offset]!) | 0;
  const from = words[0] !== 0 ? 0 : words[1] !== 0 ? 1 : words[2] !== 0 ? 2 : 3;
  const to = words[3] !== 0 ? 4 : words[2] !== 0 ? 3 : words[1] !== 0 ? 2 : 1;
  return madeOf(Ctor, 1, 7 * (lowWord + 3 - from) + wordDigits(words[from]!) - 1, words, from, to);
}

/**
 * Scratch words for `scaledInteger` (a whole number below 2^53 and its offset word are four words at
 * most): the Decimal's digit array is copied from it at its exact size (`madeOf`), where `push` from
 * empty would reserve sixteen slots for two or three words, in every Decimal the report keeps.
 */
const wordScratch: number[] = [0, 0, 0, 0];

/**
 * A new Decimal of class `Ctor` of sign `s`, exponent `e` and the digit words `words[from]` to
 * `words[to - 1]`: decimal.js's copy of a Decimal (`new Ctor(decimal)`) of a blank one given that sign,
 * exponent and the words in a reused array of exactly their length (every entry a small integer), which
 * the copy slices: the new Decimal's own array, at its size, the only one made. The copy is the
 * constructor's path for a Decimal, the one decimal.js's own arithmetic takes at every step, and it does
 * what decimal.js does beyond the class's exponents (infinite or zero). Not `new Ctor(0)` with the fields
 * set after: the constructor, compiled during set-up for the strings a catalog's prices are, met its
 * first number there and was thrown away (deopt: insufficient type feedback), and decimal.js's
 * `isDecimalInstance` with it (deopt: a small integer where it had seen only objects), in a run's first
 * call (issue 21).
 */
function madeOf(Ctor: typeof Decimal, s: number, e: number, words: readonly number[], from: number, to: number): Decimal {
  const length = to - from;
  // The array of a length met the first time is made by a function of its own, not here: a few calls
  // a run make one, and `madeOf` is inlined into every kernel, each of which carried that loop of `push`.
  const d = templateWords[length] ?? templateOf(length);
  for (let k = 0; k < length; k++) d[k] = words[from + k]! | 0;
  const blank = blankDecimal as unknown as DecimalFields;
  // The sign and exponent as small integers, whatever arithmetic made them: a float stored there (a -0,
  // or a whole number some float step left boxed) makes V8 widen the field to a double for EVERY
  // Decimal of the class. That throws away every compiled function that reads a Decimal (a run's first
  // call compiled money.ts and decimal.js again), and each Decimal made after it carries its exponent in
  // a box of its own. An exponent past 32 bits (within the class's range) is stored as it is. The copy
  // takes the fields as they are.
  const e32 = e | 0;
  blank.s = s | 0;
  blank.e = e32 === e ? e32 : e;
  blank.d = d;
  return new Ctor(blankDecimal);
}
/** Zero's digit words as decimal.js keeps them, for `madeOf` to copy. */
const ZERO_WORDS: number[] = [0];
/**
 * The Decimal `madeOf` hands decimal.js to copy: its fields are set just before each copy and mean
 * nothing after it (not a value anyone reads). A Decimal, so the constructor reads the fields of one
 * object layout only; one for every class: decimal.js's classes share one prototype, so a Decimal of
 * any class is a Decimal to each (`instanceof`), and the copy is of the copying class.
 */
const blankDecimal: Decimal = new Money(ZERO);
/** Word arrays by length for `madeOf` to copy (every entry a word). */
const templateWords: number[][] = [];
/** `templateWords`' array of `length` words, made (zeros, small integers) the first time it is asked for. */
function templateOf(length: number): number[] {
  const d: number[] = [];
  for (let k = 0; k < length; k++) d.push(0);
  templateWords[length] = d;
  return d;
}

/**
 * `price` x `count` x 10^-`shift` in Money, exactly (`price.times(count / 10^shift)`: a price per 1,000
 * tokens times a count, shift 3), when the price is positive with at most fourteen digits and its digits
 * times the count stay below 2^53: one multiplication of whole numbers, the Decimal built from the
 * product (`scaledInteger`). Otherwise undefined, and the caller multiplies with decimal.js. Either way
 * the product is exact (Money's 40 digits hold it), so the same Decimal.
 */
export function timesCount(price: Decimal, count: number, shift: number): Decimal | undefined {
  const digits = priceDigits(price);
  return digits === undefined ? undefined : timesDigits(digits, count, shift);
}

/**
 * A positive price whose digits fall in at most two base-1e7 words (seven digits each, aligned on the
 * decimal point: 0.003 is one) as one whole number and a power of ten (0.003 is 3 x 10^-3: `mantissa` 3,
 * `scale` 3), trailing zeros in the scale; undefined for any other value. Worked out once a price, for every count priced at it (`timesDigits`).
 */
export interface PriceDigits {
  readonly mantissa: number;
  readonly scale: number;
}
export function priceDigits(price: Decimal): PriceDigits | undefined {
  const { s, e, d } = price as unknown as DecimalFields;
  if (s !== 1 || d === null || d.length > 2 || d[0] === 0) return undefined;
  // The words aligned on the decimal point as one whole number; its trailing zeros are the scale's.
  let m = d.length === 1 ? d[0]! : d[0]! * 1e7 + d[1]!;
  // Not `-7 * (floor(e / 7) - length + 1)`: for a whole price ending at the point that is -0, a float
  // in every scale and exponent worked out from it (see `madeOf`).
  let at = 7 * (d.length - 1 - Math.floor(e / 7));
  for (let q = Math.floor(m / 10); q * 10 === m; q = Math.floor(m / 10)) {
    m = q;
    at--;
  }
  return { mantissa: m, scale: at };
}

/**
 * The price of `digits` times `count` x 10^-`shift` in Money, when the count is whole from 1 to 2^53 and
 * the mantissa times the count stays below 2^53: one multiplication of whole numbers, the Decimal built
 * from the product at its size (`scaledInteger`), exact. A count of +0 is decimal.js's product of a
 * positive price and zero, +0 (made from its word, where decimal.js's `times` hands the constructor a
 * number: `new Ctor(0)`, see `madeOf`; a provisioned search bills zero units, a model may use no cache).
 * Otherwise undefined (decimal.js multiplies).
 */
export function timesDigits(digits: PriceDigits, count: number, shift: number): Decimal | undefined {
  if (count === 0 && 1 / count > 0) return madeOf(Money, 1, 0, ZERO_WORDS, 0, 1);
  if (!(count > 0 && count <= Number.MAX_SAFE_INTEGER && Number.isInteger(count))) return undefined;
  const product = digits.mantissa * count;
  return product <= Number.MAX_SAFE_INTEGER ? scaledInteger(product, digits.scale + shift) : undefined;
}

/**
 * A Decimal's value as a number when it is a whole number from 1 to 2^53 - 1 (read from its words,
 * exactly), else undefined.
 */
export function wholeNumber(x: Decimal): number | undefined {
  const { s, e, d } = x as unknown as DecimalFields;
  if (s !== 1 || d === null || d[0] === 0) return undefined;
  // Words below the decimal point, or more than three words (past 1e21): not a whole number below 2^53.
  const top = Math.floor(e / 7);
  if (top > 2 || top - d.length + 1 < 0) return undefined;
  // Exact while the value stays below 2^53; one past it rounds to 2^53 or more, and is refused.
  let n = 0;
  for (let k = 0; k <= top; k++) n = n * 1e7 + (k < d.length ? d[k]! : 0);
  return n <= Number.MAX_SAFE_INTEGER ? n : undefined;
}

/**
 * `price` x `quantity` for a price in Money and a whole quantity below 2^53 (a number, or a Decimal
 * holding one) whose product `timesCount` can make: the very Decimal `price.times(quantity)` makes (the
 * product is exact either way). Otherwise undefined, and the caller multiplies with decimal.js.
 */
export function timesWhole(price: Decimal, quantity: number | Decimal): Decimal | undefined {
  if (price.constructor !== Money) return undefined;
  const n = typeof quantity === 'number' ? quantity : wholeNumber(quantity);
  return n === undefined ? undefined : timesCount(price, n, 0);
}

/**
 * `x` x `level` x `hours` / `denominator` in Money, as decimal.js's chain `x.times(level).times(hours).dividedBy(denominator)`
 * makes it (a monthly price prorated to a window), for a price `x` in Money, a whole `level` and whole
 * `hours` whose product stays below 2^53 and whose product with the price's digits does too (`timesCount`:
 * then both products of the chain are exact), and a whole denominator (`timesOverInteger`: the one
 * rounding, half-even to 40 digits). The very Decimal; otherwise undefined, and the caller uses decimal.js.
 */
export function timesWholeOver(x: Decimal, level: number, hours: Decimal, denominator: number): Decimal | undefined {
  if (x.constructor !== Money || !Number.isInteger(level)) return undefined;
  const h = wholeNumber(hours);
  if (h === undefined) return undefined;
  const count = level * h;
  if (!(count <= Number.MAX_SAFE_INTEGER)) return undefined;
  const product = timesCount(x, count, 0);
  return product === undefined ? undefined : timesOverInteger(product, 1, denominator);
}

/** Powers of ten exact as floats (10^22 is the last). */
const EXACT_POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * `x.toNumber()` (the float nearest the Decimal's value), read from its words without the text decimal.js
 * makes and parses, where that is exact: digits that form a whole number below 2^53 and a power of ten of
 * at most 22 (both exact floats), so one multiplication or division, rounded once to the nearest float,
 * as the parse rounds the text. Any other finite value is its words written out and parsed
 * (`numberOfWords`); only NaN and the infinities take `toNumber`. test/money/exact-quotient.test.ts checks it.
 */
export function numberOf(x: Decimal): number {
  const { s, e, d } = x as unknown as DecimalFields;
  if (d === null) return x.toNumber();
  if (d.length <= 3 && d[0] !== 0) {
    let m = 0;
    for (let k = 0; k < d.length; k++) m = m * 1e7 + d[k]!;
    if (m <= Number.MAX_SAFE_INTEGER) {
      const scale = 7 * (Math.floor(e / 7) - d.length + 1);
      if (scale >= 0 && scale <= 22) return s * (m * EXACT_POW10[scale]!);
      if (scale < 0 && scale >= -22) return s * (m / EXACT_POW10[-scale]!);
    }
  }
  // Zero of either sign: decimal.js's text is "0" or "-0".
  return s * (d[0] === 0 ? 0 : numberOfWords(d, e));
}

/**
 * The float nearest a positive value of digit words `d` (the first non-zero) and exponent `e`: its digits
 * written out whole, each word after the first in full seven digits, and the power of ten of the last word,
 * parsed. decimal.js's `toNumber` parses text of the same value (its `valueOf`, written with a point or in
 * exponent notation), and the parse of a value's text is that value rounded once to the nearest float,
 * whatever its form: the same float. A monthly saving of 40 digits (a score in `recommendationsForModel`,
 * every model) took decimal.js's `valueOf` and digit-text functions, compiled in a run's first call (issue 21).
 */
function numberOfWords(d: readonly number[], e: number): number {
  let text = '' + d[0]!;
  for (let k = 1; k < d.length; k++) text += ('' + (d[k]! + 1e7)).slice(1);
  return +(text + 'e' + 7 * (Math.floor(e / 7) - d.length + 1));
}

/** One in Money: a quantity's price when the quantity itself is prorated (`timesWholeOver`). */
export const ONE = new Money(1);

/**
 * The exact sum of the first `count` of `values` (at least one) as a Decimal of class `Ctor`, added
 * word by word in one pass (decimal.js's `plus` copies both sides at every step): the very Decimal
 * the additions make, when every value is positive and the sum's words span no more than `Ctor`'s
 * precision can hold without rounding. Otherwise undefined, and the caller adds with decimal.js.
 */
export function exactSum(values: readonly Decimal[], count: number, Ctor: typeof Decimal): Decimal | undefined {
  // Word positions (base-1e7 exponents) of the highest and lowest words over all values.
  let high = -Infinity;
  let low = Infinity;
  for (let i = 0; i < count; i++) {
    const { s, e, d } = values[i] as unknown as DecimalFields;
    if (s !== 1 || d === null || d[0] === 0) return undefined;
    const top = Math.floor(e / 7);
    if (top > high) high = top;
    if (top - d.length + 1 < low) low = top - d.length + 1;
  }
  // Column sums of words below 1e7 stay exact; the span keeps the sum's digits within the precision
  // (seven a word, one more word for a carry), so decimal.js would not round it either.
  const width = high - low + 1;
  if (width > Math.floor(Ctor.precision / 7) - 1) return undefined;
  // Column j of the sum is columns[j + 1]; columns[0] takes the last carry, so the digits are one
  // run of the columns, with or without it (copied at its size by `madeOf`).
  // Column by column from the lowest up, each value's word there (if it has one) and the carry from the
  // column below: one loop over the values inside one over the columns, not loops to clear the columns,
  // add each value's words and carry (each loop a part of the graph V8 compiles, in a kernel every model
  // calls: issue 21). A value's word k is column high - floor(e / 7) + 1 + k.
  const columns = sumColumns;
  let carry = 0;
  for (let j = width; j >= 1; j--) {
    let column = carry;
    for (let i = 0; i < count; i++) {
      const { e, d } = values[i] as unknown as DecimalFields;
      const k = j - high + Math.floor(e / 7) - 1;
      if (k >= 0 && k < d!.length) column += d![k]!;
    }
    carry = Math.floor(column / 1e7);
    columns[j] = (column - carry * 1e7) | 0;
  }
  columns[0] = carry | 0;
  let last = width;
  while (columns[last] === 0) last--;
  const from = carry > 0 ? 0 : 1;
  return madeOf(Ctor, 1, 7 * (carry > 0 ? high + 1 : high) + wordDigits(columns[from]!) - 1, columns, from, last + 1);
}
/** Column sums, reused from one sum to the next (only copies of them are handed to decimal.js; every entry a small integer). */
const sumColumns: number[] = [0];

/**
 * `x.minus(y)`: the very Decimal decimal.js makes (in `x`'s class), from `exactDifference` where it can
 * answer, else from decimal.js.
 */
export function difference(x: Decimal, y: Decimal): Decimal {
  return exactDifference(x, y) ?? x.minus(y);
}

/**
 * The exact difference `x` - `y` as the Decimal decimal.js's `x.minus(y)` makes in `x`'s class, worked
 * out in whole base-1e7 words in one pass (decimal.js copies and shifts the digit arrays, and rounds the
 * result with `finalise`): the very Decimal where that difference has no more digits than the class's
 * precision and lies within its exponents (then decimal.js does not round it either). Either sign, zero
 * included (decimal.js's zero of a difference is +0, -0 only for -0 - +0 or when rounding to -Infinity).
 * Otherwise undefined (a non-finite operand, a difference to round, operands whose words span more than
 * the precision and two words), and the caller subtracts with decimal.js.
 * test/money/exact-difference.test.ts checks it against decimal.js.
 */
export function exactDifference(x: Decimal, y: Decimal): Decimal | undefined {
  const { s: xs, e: xe, d: xd } = x as unknown as DecimalFields;
  const { s: ys, e: ye, d: yd } = y as unknown as DecimalFields;
  if (xd === null || yd === null) return undefined;
  const Ctor = x.constructor as typeof Decimal;
  // The class's settings, read once (each a slow look-up on a class with decimal.js's sixty-odd statics).
  const { precision, maxE, minE } = Ctor;
  // Word positions (base-1e7 exponents): column j of `columns` is worth 1e7^(high + 1 - j); column 0
  // takes the carry out of the top word.
  const xTop = Math.floor(xe / 7);
  const yTop = Math.floor(ye / 7);
  const high = xTop > yTop ? xTop : yTop;
  const xLow = xTop - xd.length + 1;
  const yLow = yTop - yd.length + 1;
  const width = high - (xLow < yLow ? xLow : yLow) + 1;
  if (width > Math.ceil(precision / 7) + 2) return undefined;
  // x's word k is column xFrom + k, y's word k column yFrom + k. Like signs take y's magnitude from x's;
  // unlike signs add them (the sign is x's). One pass from the lowest column up: each column's x word,
  // less (or plus) its y word, and the carry or borrow of one from the column below, within (-1e7, 2e7).
  // One loop, not one to clear the columns, one for each side's words and one for the carries: each loop
  // is a part of the graph V8 compiles (and peels), in a kernel every model calls (issue 21).
  const columns = differenceColumns;
  const xFrom = high - xTop + 1;
  const yFrom = high - yTop + 1;
  const xn = xd.length;
  const yn = yd.length;
  const ySign = xs === ys ? -1 : 1;
  let carry = 0;
  for (let j = width; j >= 1; j--) {
    const kx = j - xFrom;
    const ky = j - yFrom;
    const v = (kx >= 0 && kx < xn ? xd[kx]! : 0) + ySign * (ky >= 0 && ky < yn ? yd[ky]! : 0) + carry;
    carry = v >= 1e7 ? 1 : v < 0 ? -1 : 0;
    columns[j] = (v - carry * 1e7) | 0;
  }
  let s = xs;
  if (carry < 0) {
    // |y| was the larger: the words hold 1e7^width - (|y| - |x|); take that from 1e7^width.
    s = -xs;
    complementOf(columns, width);
    carry = 0;
  }
  columns[0] = carry | 0;
  let first = 0;
  while (first <= width && columns[first] === 0) first++;
  if (first > width) {
    // decimal.js's zero: -0 for -0 - +0 (it adds -0 and -0) and when rounding to -Infinity, else +0.
    const zeroSign = xs !== ys && xd[0] === 0 && yd[0] === 0 ? xs : Ctor.rounding === Decimal.ROUND_FLOOR ? -1 : 1;
    return madeOf(Ctor, zeroSign, 0, columns, 0, 1);
  }
  let last = width;
  while (columns[last] === 0) last--;
  const e = 7 * (high + 1 - first) + wordDigits(columns[first]!) - 1;
  // Its digits counted here, not by `digitsOfWords`: that one reads the quotients' scratch words, which
  // hold floats (`timesFactorInto`), and V8, compiling it for both kinds of array, turned these columns
  // into float arrays too, and through `madeOf` every scratch array of money.ts (deopts: wrong map).
  const digits = wordDigits(columns[first]!) + 7 * (last - first) - trailingZeros(columns[last]!);
  if (digits > precision || !inRange(e, minE, maxE)) return undefined;
  return madeOf(Ctor, s, e, columns, first, last + 1);
}
/** `exactDifference`'s columns, reused from one difference to the next (only copies are handed to decimal.js; every entry a small integer). */
const differenceColumns: number[] = [0];
/**
 * 1e7^`width` less the value of the words `columns[1..width]`, in place: `exactDifference`'s magnitude
 * where |y| was the larger. A function of its own: a model's differences are most often of a smaller
 * figure from a larger one, so this loop stays out of the kernel's compiled graph.
 */
function complementOf(columns: number[], width: number): void {
  let borrow = 0;
  for (let j = width; j >= 1; j--) {
    const v = -columns[j]! - borrow;
    borrow = v < 0 ? 1 : 0;
    columns[j] = (v + borrow * 1e7) | 0;
  }
}

/** The largest factor a word (below 1e7) is multiplied by with a carry, or a remainder is scaled by, within 2^53. */
const MAX_WORD_FACTOR = 900_000_000;
/**
 * Scratch words of the exact quotients below: a dividend (a product), a divisor, a remainder and the
 * quotient's words (only copies of the quotient's are handed to decimal.js, by `madeOf`).
 */
const productWords: number[] = [0];
const divisorWords: number[] = [0];
const remainderWords: number[] = [0];
const quotientWords: number[] = [0];

/**
 * `x` x `numerator` / `denominator` in `Ctor`'s precision, as decimal.js's `x.times(numerator).dividedBy(denominator)`
 * makes it in `Ctor` (half-even rounding): the very Decimal, where the product is exact (no more digits than
 * the precision) and both factors are whole numbers from 1 to MAX_WORD_FACTOR; a zero `x` is decimal.js's
 * zero of its sign. Otherwise undefined, and the caller uses decimal.js. `timesOver` over one (its division
 * by one number): a copy of that division of its own, specialised for this case, was one more hot
 * function for V8 to compile in a run's first call (10-40 ms of background compiling), for a few
 * nanoseconds a call saved. test/replay/exact-division.test.ts checks it against decimal.js.
 */
export function timesOverInteger(x: Decimal, numerator: number, denominator: number, Ctor: typeof Decimal = Money): Decimal | undefined {
  if (!(numerator <= MAX_WORD_FACTOR && denominator <= MAX_WORD_FACTOR)) return undefined;
  return timesOver(x, numerator, ONE, denominator, Ctor);
}

/**
 * `x` x `xFactor` / (`y` x `yFactor`) in `Ctor`'s precision, as decimal.js makes it in `Ctor`
 * (`new Ctor(x).times(xFactor).dividedBy(new Ctor(y).times(yFactor))`, half-even rounding): the very
 * Decimal, worked out in whole base-1e7 words. Each product is exact (no more digits than the precision,
 * else decimal.js would round it: then undefined), and the quotient is a long division producing
 * words until the precision and one word more are known, the remainder (and any dividend words left)
 * telling whether anything follows: the one rounding, as decimal.js's division makes it (correctly
 * rounded). The factors are whole numbers from 1 to 2^53 - 1; `x` and `y` finite, `y` not zero (a zero `x`
 * is decimal.js's zero of the quotient's sign). Otherwise undefined, and the caller uses decimal.js.
 * test/money/exact-quotient.test.ts checks it against decimal.js.
 */
export function timesOver(x: Decimal, xFactor: number, y: Decimal, yFactor: number, Ctor: typeof Decimal = Money): Decimal | undefined {
  const { s, e, d } = x as unknown as DecimalFields;
  const { s: ys, e: ye, d: yd } = y as unknown as DecimalFields;
  // The class's settings, read once: each is a slow look-up on a class with decimal.js's sixty-odd statics.
  const { rounding, precision, maxE, minE } = Ctor;
  if (d === null || yd === null || yd[0] === 0 || rounding !== HALF_EVEN) return undefined;
  if (!(xFactor >= 1 && xFactor <= Number.MAX_SAFE_INTEGER && Number.isInteger(xFactor))) return undefined;
  if (!(yFactor >= 1 && yFactor <= Number.MAX_SAFE_INTEGER && Number.isInteger(yFactor))) return undefined;
  const sign = s === ys ? 1 : -1;
  // A zero as decimal.js makes it (`new Ctor(sign * 0)`), from its one word (`madeOf`: no number reaches the constructor).
  if (d[0] === 0) return madeOf(Ctor, sign, 0, d, 0, 1);
  // Each side's words times its factor, the top word (index 0) worth 1e7^(floor(e / 7) + 3); each
  // product exact and within the class's exponents (else decimal.js rounds it, or makes it infinite or zero).
  const p = productWords;
  const pLength = timesFactorInto(d, xFactor, p);
  let pFirst = 0;
  while (p[pFirst] === 0) pFirst++;
  let pLast = pLength - 1;
  while (p[pLast] === 0) pLast--;
  const pTop = Math.floor(e / 7) + 3;
  if (digitsOfWords(p, pFirst, pLast) > precision || !inRange(7 * (pTop - pFirst) + wordDigits(p[pFirst]!) - 1, minE, maxE)) return undefined;
  // The divisor as a whole number of words, its last word worth 1e7^yLow (one number where it is at most
  // MAX_WORD_FACTOR: a one-word divisor times a small factor, as every count over tokens is); quotient
  // word from dividend word i is worth 1e7^(pTop - i - yLow).
  const y2 = divisorWords;
  let yFirst = 0;
  let yLast = 0;
  let yLow: number;
  let small = Infinity;
  if (yd.length === 1 && yd[0]! * yFactor <= MAX_WORD_FACTOR) {
    small = yd[0]! * yFactor;
    yLow = Math.floor(ye / 7);
    const digits = small < 1e7 ? wordDigits(small) : small < 1e8 ? 8 : 9;
    // Its digits less its trailing zeros: counted only for a precision below nine digits.
    if ((digits > precision && digits - trailingZeros(small) > precision) || !inRange(7 * yLow + digits - 1, minE, maxE)) return undefined;
  } else {
    const yLength = timesFactorInto(yd, yFactor, y2);
    while (y2[yFirst] === 0) yFirst++;
    yLast = yLength - 1;
    while (y2[yLast] === 0) yLast--;
    if (digitsOfWords(y2, yFirst, yLast) > precision || !inRange(7 * (Math.floor(ye / 7) + 3 - yFirst) + wordDigits(y2[yFirst]!) - 1, minE, maxE)) return undefined;
    yLow = Math.floor(ye / 7) + 3 - yLast;
    if (yLast === yFirst) small = y2[yFirst]!;
    else if (yLast === yFirst + 1) small = y2[yFirst]! * 1e7 + y2[yFirst + 1]!;
  }
  const qShift = pTop - yLow;
  const enough = Math.floor((precision + 5) / 7) + 2;
  const q = quotientWords;
  let count = 0;
  let qTop = 0;
  // Anything after the words produced (a remainder, or dividend words not yet brought down): the rounding's sticky bit.
  let sticky = false;
  if (small <= MAX_WORD_FACTOR) {
    // A divisor of one number: each step's remainder times 1e7 plus a word stays below 2^53.
    let rem = 0;
    let i = pFirst;
    for (; count < enough && (i <= pLast || rem !== 0); i++) {
      const value = rem * 1e7 + (i <= pLast ? p[i]! : 0);
      let word = Math.floor(value / small);
      rem = value - word * small;
      if (rem < 0) {
        word--;
        rem += small;
      }
      if (count === 0) {
        if (word === 0) continue;
        qTop = qShift - i;
      }
      q[count++] = word | 0;
    }
    sticky = rem !== 0;
    for (let k = i; !sticky && k <= pLast; k++) sticky = p[k] !== 0;
  } else {
    // Long division by a divisor of two words or more, in place (Knuth's algorithm D in base 1e7): the
    // dividend's words in u[1..], zeros after; step t takes the window u[t..t + yn] (the remainder so far
    // and the next word) over the divisor, a quotient word estimated from the top words in floating point
    // (off by one at most, corrected exactly), and leaves the remainder in u[t + 1..t + yn]. The window of
    // step 0 is the top yn words of the dividend: the steps before it, with fewer words than the divisor,
    // would give nothing but zero words. No step stops at a zero remainder: the words after it are zeros,
    // which the rounding drops (`roundedWords`), so the test is not made at every step.
    const u = remainderWords;
    const yn = yLast - yFirst + 1;
    const length = pLast - pFirst + 1;
    const end = length > enough + yn ? length : enough + yn;
    u[0] = 0;
    for (let k = 0; k < length; k++) u[k + 1] = p[pFirst + k]!;
    for (let k = length + 1; k <= end; k++) u[k] = 0;
    const estimateOver = y2[yFirst]! * 1e7 + y2[yFirst + 1]! + (yn > 2 ? y2[yFirst + 2]! / 1e7 : 0);
    // The word of step t is worth 1e7^(qShift - (pFirst + yn - 1 + t)).
    const firstShift = qShift - pFirst - yn + 1;
    let t = 0;
    for (; count < enough; t++) {
      let word = Math.floor((u[t]! * 1e14 + u[t + 1]! * 1e7 + u[t + 2]!) / estimateOver);
      if (word > 9_999_999) word = 9_999_999;
      if (word > 0) {
        // u[t..t + yn] -= word x divisor, then add the divisor back while that went below zero.
        let carry = 0;
        for (let k = yn; k >= 1; k--) {
          const v = u[t + k]! - word * y2[yFirst + k - 1]! + carry;
          carry = Math.floor(v / 1e7);
          u[t + k] = v - carry * 1e7;
        }
        u[t] = u[t]! + carry;
        while (u[t]! < 0) {
          word--;
          carry = 0;
          for (let k = yn; k >= 1; k--) {
            const v = u[t + k]! + y2[yFirst + k - 1]! + carry;
            carry = v >= 1e7 ? 1 : 0;
            u[t + k] = v - carry * 1e7;
          }
          u[t] = u[t]! + carry;
        }
      }
      // And take the divisor away while the window is still not below it.
      while (notBelow(u, t, y2, yFirst, yn)) {
        word++;
        let borrow = 0;
        for (let k = yn; k >= 1; k--) {
          const v = u[t + k]! - y2[yFirst + k - 1]! - borrow;
          borrow = v < 0 ? 1 : 0;
          u[t + k] = v + borrow * 1e7;
        }
        u[t] = u[t]! - borrow;
      }
      if (count === 0) {
        if (word === 0) continue;
        qTop = firstShift - t;
      }
      q[count++] = word | 0;
    }
    // The last step was t - 1: its remainder is u[t..t + yn - 1], any dividend words not brought down after it.
    for (let k = t; !sticky && k <= end; k++) sticky = u[k] !== 0;
  }
  return roundedQuotient(count, qTop, sticky, sign, Ctor, precision, minE, maxE);
}

/**
 * decimal.js's half-even rounding mode, read once: a static of a class with sixty-odd of them is a slow
 * look-up at every call (`timesOver` compares each class's rounding with it).
 */
const HALF_EVEN = Decimal.ROUND_HALF_EVEN;

/**
 * `x.precision()` (its significant digits, trailing zeros not counted; 1 for zero, NaN where `x` is not
 * finite) read from its words, without decimal.js's loop of float remainders: for the exactness tests
 * that choose a product's way (a product of integers of a and b digits has at most a + b).
 * test/money/quotient-kernel.test.ts checks it against decimal.js.
 */
export function significantDigits(x: Decimal): number {
  const { d } = x as unknown as DecimalFields;
  if (d === null) return NaN;
  // Its own reads of the words, not `digitsOfWords`: that one reads the quotients' scratch words (float
  // arrays), and V8's optimized code for a read that has met both kinds turns an integer array into a
  // float one in place: every Decimal's digits read here would be changed, and the code of every
  // function that had met them thrown away (a run's first call recompiled a dozen).
  const n = d.length;
  return d[0] === 0 ? 1 : wordDigits(d[0]!) + 7 * (n - 1) - trailingZeros(d[n - 1]!);
}

/**
 * The words of `d` times a whole `factor` (below 2^53, so three base-1e7 words) into `out` from index 0,
 * most significant first: `d.length + 3` words, the top one worth 1e7^(floor(e / 7) + 3) for `d`'s
 * exponent `e`. Column sums stay below three word products (3e14) and their carry: exact.
 */
function timesFactorInto(d: readonly number[], factor: number, out: number[]): number {
  const n = d.length;
  const length = n + 3;
  if (factor <= MAX_WORD_FACTOR) {
    // One pass: a word times the factor plus the carry stays below 2^53.
    let carry = 0;
    for (let k = n - 1; k >= 0; k--) {
      const v = d[k]! * factor + carry;
      carry = Math.floor(v / 1e7);
      out[k + 3] = v - carry * 1e7;
    }
    const top = Math.floor(carry / 1e7);
    out[2] = carry - top * 1e7;
    out[1] = top;
    out[0] = 0;
    return length;
  }
  const high = Math.floor(factor / 1e7);
  const f2 = factor - high * 1e7;
  const f0 = Math.floor(high / 1e7);
  const f1 = high - f0 * 1e7;
  for (let k = 0; k < length; k++) out[k] = 0;
  for (let k = 0; k < n; k++) {
    const w = d[k]!;
    out[k + 1] = out[k + 1]! + w * f0;
    out[k + 2] = out[k + 2]! + w * f1;
    out[k + 3] = out[k + 3]! + w * f2;
  }
  let carry = 0;
  for (let k = length - 1; k >= 0; k--) {
    const v = out[k]! + carry;
    carry = Math.floor(v / 1e7);
    out[k] = v - carry * 1e7;
  }
  return length;
}

/** Is `e` within `Ctor`'s exponents (beyond them decimal.js makes a value infinite or zero)? */
function inRange(e: number, minE: number, maxE: number): boolean {
  return e <= maxE && e >= minE;
}

/** Significant digits of the words `w[first..last]` (both non-zero). */
function digitsOfWords(w: readonly number[], first: number, last: number): number {
  return wordDigits(w[first]!) + 7 * (last - first) - trailingZeros(w[last]!);
}

/** Is the window `u[at..at + yn]` at least the divisor `y[from..from + yn - 1]`? */
function notBelow(u: readonly number[], at: number, y: readonly number[], from: number, yn: number): boolean {
  if (u[at] !== 0) return u[at]! > 0;
  for (let k = 0; k < yn; k++) {
    const a = u[at + k + 1]!;
    const b = y[from + k]!;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * The quotient words `quotientWords[0..count - 1]` (the first non-zero, worth 1e7^`qTop`) rounded half-even
 * to `precision` (`Ctor`'s, read by the caller with its exponent range), `sticky` telling whether anything
 * non-zero follows them, as a Decimal of sign `s`: decimal.js's rounding (`finalise`) of its quotient.
 * Undefined where the exponent leaves [`minE`, `maxE`] (decimal.js would make it infinite or zero).
 */
function roundedQuotient(count: number, qTop: number, sticky: boolean, s: number, Ctor: typeof Decimal, precision: number, minE: number, maxE: number): Decimal | undefined {
  const q = quotientWords;
  let length = roundedWords(q, count, sticky, precision);
  if (length < 0) {
    length = 1;
    qTop++;
  }
  const e = 7 * qTop + wordDigits(q[0]!) - 1;
  if (!inRange(e, minE, maxE)) return undefined;
  return madeOf(Ctor, s, e, q, 0, length);
}

/**
 * The words `q[0..count - 1]` (the first non-zero) rounded in place half-even to `precision` significant
 * digits, `sticky` telling whether anything non-zero follows them: decimal.js's rounding (`finalise`) of
 * a value it worked out exactly. Returns how many words are left (no zero word at the end), or -1 where
 * every kept digit was a 9 and the value rounded up to the next power of 1e7 (`q[0]` is then 1, a word
 * higher than the first word was).
 */
function roundedWords(q: number[], count: number, sticky: boolean, precision: number): number {
  // The kept digits end `kept` digits into word `j`, counting the first word's leading zeros as digits.
  const slots = 7 - wordDigits(q[0]!) + precision;
  const j = Math.floor((slots - 1) / 7);
  const kept = slots - 7 * j;
  let length = count;
  if (j < count) {
    // What is dropped, against half of one unit in the last kept digit, and whether anything follows.
    let unit = 1;
    let dropped = 0;
    let half = 5_000_000;
    let odd = false;
    let restFrom = j + 2;
    if (kept < 7) {
      unit = POW10[7 - kept]!;
      const keptPart = Math.floor(q[j]! / unit);
      dropped = q[j]! - keptPart * unit;
      half = unit / 2;
      odd = keptPart % 2 === 1;
      restFrom = j + 1;
    } else {
      dropped = j + 1 < count ? q[j + 1]! : 0;
      odd = q[j]! % 2 === 1;
    }
    let rest = sticky;
    for (let k = restFrom; !rest && k < count; k++) rest = q[k] !== 0;
    q[j] = (q[j]! - (kept < 7 ? dropped : 0)) | 0;
    length = j + 1;
    if (dropped > half || (dropped === half && (rest || odd))) {
      q[j] = (q[j]! + unit) | 0;
      for (let k = j; k > 0 && q[k]! >= 1e7; k--) {
        q[k] = 0;
        q[k - 1] = (q[k - 1]! + 1) | 0;
      }
      if (q[0]! >= 1e7) {
        // Every kept digit was a 9: the value rounds up to the next power of 1e7.
        q[0] = 1;
        return -1;
      }
    }
  }
  while (length > 1 && q[length - 1] === 0) length--;
  return length;
}

/** Trailing zero digits of a non-zero word. */
function trailingZeros(w: number): number {
  // By division and floor (exact below 2^53), not `%`: a product's words are floats, and V8 leaves `%`
  // of a float to a C call (a tenth of the time of the quotients by several words, in a profile).
  let z = 0;
  for (let q = Math.floor(w / 10); q * 10 === w; q = Math.floor(w / 10)) {
    w = q;
    z++;
  }
  return z;
}

const MONTH_MS = HOURS_PER_MONTH * MS_PER_HOUR;
/** Significant digits a cost may have for cost x MONTH_MS (4 significant digits, 2628e6) to be exact in Money's 40. */
const MAX_EXACT_DIGITS = 40 - String(MONTH_MS).replace(/0+$/, '').length;
const MONTH_MS_MONEY = new Money(MONTH_MS);

/**
 * `x.dividedBy(y)` as decimal.js makes it in `x`'s class (half-even to its precision): the very Decimal,
 * worked out in whole words by `timesOver` (factors of one) where it can, else by decimal.js. decimal.js's
 * long division by a divisor of several words (a monthly figure of 40 digits) makes a new array for every
 * word of the quotient; this makes one, the quotient's own. test/money/quotient.test.ts checks it.
 */
export function quotient(x: Decimal, y: Decimal): Decimal {
  return timesOver(x, 1, y, 1, x.constructor as typeof Decimal) ?? x.dividedBy(y);
}

/**
 * A positive Decimal of one word of digits (decimal.js keeps words of up to seven digits in `d`, the
 * exponent in `e`: a price like 0.003 or 0.00375) as one exact integer: equal values have equal words and
 * exponents, so equal keys, and unequal values unequal keys. Undefined for any other value (several
 * words, zero, negative, an exponent beyond +-500), which the caller keeps apart.
 * test/replay/price-facts.test.ts checks it against decimal.js's equality.
 */
export function oneWordKey(x: Decimal): number | undefined {
  const { s, e, d } = x as unknown as DecimalFields;
  if (d === null || d.length !== 1 || s !== 1 || d[0] === 0 || e < -500 || e >= 500) return undefined;
  return d[0]! * 1000 + (e + 500);
}

/**
 * Floats that order Decimals without comparing their digits each time (a sort or a scan compares each
 * value with many): `x`'s top two words (8 to 14 digits, truncated toward zero) times their power of
 * ten, rounded once. Truncation and one correctly rounded operation are both weakly increasing, so
 * `leadingNumber(a) < leadingNumber(b)` proves `a < b` (and `>` proves `>`); equal floats say nothing,
 * and the caller then compares the Decimals. NaN (every comparison false) where the power of ten is not
 * an exact float (|scale| past 22) or the value is not finite. test/money/leading-number.test.ts checks it.
 */
export function leadingNumber(x: Decimal): number {
  const { s, e, d } = x as unknown as DecimalFields;
  if (d === null) return NaN;
  if (d[0] === 0) return 0;
  const m = d.length > 1 ? d[0]! * 1e7 + d[1]! : d[0]! * 1e7;
  const scale = 7 * (Math.floor(e / 7) - 1);
  if (scale >= 0) return scale <= 22 ? s * (m * EXACT_POW10[scale]!) : NaN;
  return scale >= -22 ? s * (m / EXACT_POW10[-scale]!) : NaN;
}

/**
 * The other side of `leadingNumber` for a positive `x`: a float at or above `x.toNumber()`, from the same
 * top two words with one added to the second where digits follow them (truncation plus one unit of the
 * kept words is at or above `x`, and rounding once is weakly increasing), so `leadingNumber(x) <=
 * x.toNumber() <= leadingNumberAbove(x)`, both equal to it where `x` has two words or fewer. A caller
 * that only compares `x`'s float with others decides most comparisons from the two, without the text
 * `toNumber` makes and parses. NaN (every comparison false) where `leadingNumber` is, and for a negative
 * `x`. test/money/leading-number.test.ts checks it.
 */
export function leadingNumberAbove(x: Decimal): number {
  const { s, e, d } = x as unknown as DecimalFields;
  if (d === null || s < 0) return NaN;
  if (d[0] === 0) return 0;
  const m = (d.length > 1 ? d[0]! * 1e7 + d[1]! : d[0]! * 1e7) + (d.length > 2 ? 1 : 0);
  const scale = 7 * (Math.floor(e / 7) - 1);
  if (scale >= 0) return scale <= 22 ? m * EXACT_POW10[scale]! : NaN;
  return scale >= -22 ? m / EXACT_POW10[-scale]! : NaN;
}

/**
 * `sumMoney([x])` without adding: `x` itself where it is a finite, non-zero Money of no more digits than
 * Money's precision (the sum would be a copy of it, and a Decimal is never changed), else the sum. A
 * plan's cost today is most often one recommendation's. test/money/leading-number.test.ts checks it.
 */
export function moneyOf(x: Decimal): Decimal {
  return keptAsMoney(x) ? x : sumMoney([x]);
}

/**
 * Is `x` its own sum in Money (a finite, non-zero Money of no more digits than Money's precision: the
 * sum would be a copy of it, and a Decimal is never changed)?
 */
function keptAsMoney(x: Decimal): boolean {
  const { d } = x as unknown as DecimalFields;
  if (x.constructor !== Money || d === null || d[0] === 0) return false;
  return significantDigits(x) <= Money.precision;
}

