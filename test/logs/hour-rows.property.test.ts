import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hourRows, type InvocationLogRead } from '../../src/logs/invocation-log.js';
import { invocationLogReadOfCompact } from '../../src/logs/log-rows.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { priceRequests } from '../../src/logs/price-requests.js';
import { ModelResolver } from '../../src/usage/resolve.js';
import { compactOf, hourRow, seriesRows } from './compact-fixture.js';
import { logsCatalog } from './logs-catalog.js';

/**
 * The local reader gives its hours with their series and hour numbers (`hourRows`); the pricing and
 * the usage built from the logs then find what a row adds to by number. What they build must be what
 * they build from the same hours without the numbers (a copy of the array, as Athena's read has none),
 * and stay so when the array was changed after the read (sorted again, a row's fields edited): each row
 * is checked against its series' first row, and read through its own fields when it differs.
 */
const catalog = logsCatalog();
const resolver = new ModelResolver(undefined, (id) => catalog.canonicalId(id));
// From 2026-11-02T10 to the end of 2026: the rows at 09:00 and in 2027 are outside the window.
const window = { start: Date.parse('2026-11-02T10:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') };

const readOf = (rows: Array<Record<string, unknown>>) => {
  const read = invocationLogReadOfCompact(compactOf(rows), 'd', 1);
  if ('invalid' in read) throw new Error('the rows are all hours');
  return read;
};
const priced = (read: InvocationLogRead, perAccount: boolean) => priceRequests(read, { catalog, resolver, window, perAccount });
/** The same hours in a new array: no numbers. */
const unnumbered = (read: InvocationLogRead): InvocationLogRead => ({ ...read, hours: [...read.hours] });

describe('the hours with their series and hour numbers', () => {
  it('are priced and summed into usage as the same hours without them', () => {
    fc.assert(
      fc.property(seriesRows(25), fc.boolean(), (rows, perAccount) => {
        const read = readOf(rows);
        expect(hourRows(read.hours)?.series.length).toBe(read.hours.length);
        const plain = unnumbered(read);
        expect(hourRows(plain.hours)).toBeUndefined();
        expect(priced(read, perAccount)).toEqual(priced(plain, perAccount));
        expect(snapshotFromLogs(read.hours)).toEqual(snapshotFromLogs(plain.hours));
        expect(priced({ ...read, wholeUsage: true }, perAccount)).toEqual(priced({ ...plain, wholeUsage: true }, perAccount));
      }),
      { numRuns: 30 },
    );
  });

  it('are read through their own fields once the array is reordered or a row edited after the read', () => {
    const edits = fc.record({
      reverse: fc.boolean(),
      row: fc.nat(),
      field: fc.constantFrom('modelId', 'accountId', 'region', 'caller', 'tier', 'hour', 'streaming', 'tags'),
    });
    fc.assert(
      fc.property(seriesRows(20), edits, (rows, edit) => {
        const read = readOf(rows);
        const hours = read.hours;
        if (edit.reverse) hours.reverse();
        const h = hours[edit.row % hours.length]!;
        const other = hours.find((x) => x[edit.field] !== h[edit.field]);
        if (other) Object.assign(h, { [edit.field]: other[edit.field] });
        // The numbers are still held for this array (same length), and now wrong for some rows.
        expect(hourRows(hours)).toBeDefined();
        const plain = unnumbered(read);
        expect(priced(read, false)).toEqual(priced(plain, false));
        expect(snapshotFromLogs(hours)).toEqual(snapshotFromLogs(plain.hours));
      }),
      { numRuns: 30 },
    );
  });

  it('are not used for an array of another length', () => {
    const read = readOf(fc.sample(hourRow, { numRuns: 3, seed: 7 }));
    read.hours.pop();
    expect(hourRows(read.hours)).toBeUndefined();
  });
});
