/**
 * One hash of the engine's reports themselves, before any rendering: every Decimal with all its digits
 * and the precision it was computed in, every number as it is. Stricter than bench/published-hash.ts,
 * which sees figures rounded to six decimals: a speed change that keeps this hash computed every figure
 * the same way (it caught a cost read into 200 digits instead of Money's 40, which the published hash
 * did not). Inputs: the golden cases, the sample, and generated minute data (a 15-day window, one of
 * 7 days and a minute, several capacities). Usage: npx tsx bench/engine-hash.ts   (prints the hash)
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { analyze } from '../src/engine.js';
import { parseUsageCsv } from '../src/usage/csv.js';
import type { UsageSnapshot } from '../src/usage/usage.js';
import { sampleSnapshot } from '../src/sample/sample.js';
import { BENCH_END, benchCatalog, collectorSnapshot } from './fixtures.js';
const h = createHash('sha256');
const ser = (r: unknown) => JSON.stringify(r, function (this: Record<string, unknown>, k, v) {
  const raw = this[k];
  if (raw instanceof Decimal) return `D${raw.toString()}@${(raw.constructor as typeof Decimal).precision}`;
  if (typeof raw === 'number') return Number.isNaN(raw) ? 'NaN' : `n${raw}`;
  return v;
});
const GOLDEN = fileURLToPath(new URL('../test/fixtures/golden/', import.meta.url));
const goldenCatalog = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN}catalog.json`, 'utf8')), 'golden catalog');
const GOLDEN_NOW = new Date('2026-11-02T00:00:00.000Z');
for (const name of ['batch-tiers', 'new-modes', 'on-demand-cache', 'provisioned-inventory']) {
  const snapshot = parseUsageCsv(readFileSync(`${GOLDEN}${name}.csv`, 'utf8'), `${name}.csv`, { now: GOLDEN_NOW });
  if (existsSync(`${GOLDEN}${name}.inventory.json`)) Object.assign(snapshot, JSON.parse(readFileSync(`${GOLDEN}${name}.inventory.json`, 'utf8')) as Partial<UsageSnapshot>);
  h.update(ser(analyze(snapshot, goldenCatalog, { now: GOLDEN_NOW })));
}
h.update(ser(analyze(sampleSnapshot(), PriceCatalog.bundled(), { now: new Date('2026-11-23T00:00:00Z') })));
const now = new Date(BENCH_END * 1000);
for (const [models, tiers, divisor] of [[12, [[2, 60]], 1], [12, [[2, 60]], 32], [9, [[3, 3600], [2, 300], [1, 60]], 8], [5, [[1, 60]], 400], [30, [[15, 60]], 1], [7, [[10081 / 1440, 60]], 4], [20, [[1, 60]], 1]] as Array<[number, Array<[number, number]>, number]>) {
  h.update(ser(analyze(collectorSnapshot(models, tiers), benchCatalog(models, 'provisioned', divisor), { now })));
}
console.log(h.digest('hex').slice(0, 16));
