import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hourColumns, type InvocationLogRead } from '../../src/logs/invocation-log.js';
import { invocationLogReadOf, invocationLogReadOfCompact } from '../../src/logs/log-rows.js';
import { snapshotFromLogs, snapshotFromRead } from '../../src/logs/logs-snapshot.js';
import { priceRequests } from '../../src/logs/price-requests.js';
import { ModelResolver } from '../../src/usage/resolve.js';
import { compactOf, seriesRows, type Row } from './compact-fixture.js';
import { logsCatalog } from './logs-catalog.js';

/**
 * The local reader keeps its hours as columns (`hourColumns`) until something reads `hours`; the
 * pricing and the usage built from the logs read the columns. What they build must be what the
 * reference builds: the same rows read as objects, one hour object a row (`invocationLogReadOf`, the
 * Athena path), priced and summed through those objects' fields.
 */
const catalog = logsCatalog();
const resolver = new ModelResolver(undefined, (id) => catalog.canonicalId(id));
// From 2026-11-02T10 to the end of 2026: the rows at 09:00 and in 2027 are outside the window.
const window = { start: Date.parse('2026-11-02T10:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') };

const columnar = (rows: Row[]): InvocationLogRead => {
  const read = invocationLogReadOfCompact(compactOf(rows), 'd', 1);
  if ('invalid' in read) throw new Error('the rows are all hours');
  return read;
};
const priced = (read: InvocationLogRead, perAccount: boolean) => priceRequests(read, { catalog, resolver, window, perAccount });

describe('the reader hours as columns', () => {
  it('are priced and summed into usage as the same rows read one object a row', () => {
    fc.assert(
      fc.property(seriesRows(25), fc.boolean(), fc.boolean(), (rows, perAccount, wholeUsage) => {
        const reference = invocationLogReadOf(rows, 'd', 1);
        const read = columnar(rows);
        if (wholeUsage) [read.wholeUsage, reference.wholeUsage] = [true, true];
        expect(hourColumns(read)?.length).toBe(rows.length);
        expect(priced(read, perAccount)).toEqual(priced(reference, perAccount));
        expect(snapshotFromRead(read)).toEqual(snapshotFromLogs(reference.hours));
        // Neither built the hours: both read the columns.
        expect(hourColumns(read)).toBeDefined();
        // The hours built from the columns are the reference's, and from then on are what is read.
        expect(read.hours).toEqual(reference.hours);
        expect(hourColumns(read)).toBeUndefined();
        expect(read).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });

  it('are not used once the hours are replaced, and a copy of the read carries the hours', () => {
    const rows = fc.sample(seriesRows(10), { numRuns: 1, seed: 11 })[0]!;
    const reference = invocationLogReadOf(rows, 'd', 1);
    const copied = { ...columnar(rows) };
    expect(copied.hours).toEqual(reference.hours);
    expect(hourColumns(copied)).toBeUndefined();

    const replaced = columnar(rows);
    replaced.hours = reference.hours.slice(1);
    expect(hourColumns(replaced)).toBeUndefined();
    expect(priced(replaced, false)).toEqual(priced({ ...reference, hours: reference.hours.slice(1) }, false));
  });
});
