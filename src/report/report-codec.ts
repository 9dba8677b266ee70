import { Decimal } from 'decimal.js';
import { Money } from '../money.js';
import type { AdvisorReport } from './report.js';

/**
 * A report as exact JSON, for handing it from one process to another (the fan-out's partial reports
 * in S3). Unlike the published JSON (`toJsonReport`, fixed scale for readers), nothing is rounded:
 * every Decimal travels as `{"$decimal": "<exact digits>"}` and comes back as the same Money value,
 * so a report merged from partials adds up exactly as one built in a single process.
 */

const DECIMAL_TAG = '$decimal';

export function encodeReport(report: AdvisorReport): string {
  // `this[key]` is the value before its toJSON ran: Decimal.toJSON would turn it into a bare string.
  return JSON.stringify(report, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return Decimal.isDecimal(original) ? { [DECIMAL_TAG]: (original as Decimal).toString() } : value;
  });
}

export function decodeReport(text: string): AdvisorReport {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      const digits = tagged[DECIMAL_TAG];
      if (typeof digits === 'string' && Object.keys(tagged).length === 1) return new Money(digits);
    }
    return value;
  }) as AdvisorReport;
}
