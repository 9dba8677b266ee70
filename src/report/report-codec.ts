import { Decimal } from 'decimal.js';
import { Money } from '../money.js';

/**
 * Exact JSON, for handing reports from one process to another (the fan-out's partial reports in S3).
 * Unlike the published JSON (`toJsonReport`, fixed scale for readers), nothing is rounded: every
 * Decimal travels as `{"$decimal": "<exact digits>"}` and comes back as the same Money value, so a
 * report merged from partials adds up exactly as one built in a single process.
 */

const DECIMAL_TAG = '$decimal';
/** NaN and the infinities, which plain JSON would turn into null (a ratio with nothing to compare to is NaN). */
const NUMBER_TAG = '$number';

export function toExactJson(value: unknown): string {
  // `this[key]` is the value before its toJSON ran: Decimal.toJSON would turn it into a bare string.
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, replaced: unknown) {
    const original = this[key];
    if (Decimal.isDecimal(original)) return { [DECIMAL_TAG]: (original as Decimal).toString() };
    if (typeof original === 'number' && !Number.isFinite(original)) return { [NUMBER_TAG]: String(original) };
    return replaced;
  });
}

/** The inverse of `toExactJson`; the caller states the type it wrote (the text is its own, not user input). */
export function fromExactJson<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      if (Object.keys(tagged).length === 1) {
        const digits = tagged[DECIMAL_TAG];
        if (typeof digits === 'string') return new Money(digits);
        const number = tagged[NUMBER_TAG];
        if (typeof number === 'string') return Number(number);
      }
    }
    return value;
  }) as T;
}
