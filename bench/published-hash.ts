/**
 * One hash of everything the advisor publishes for a fixed set of inputs: the JSON report, the text
 * table and the markdown of the golden cases, of the sample (`analyze --sample`, each format) and of
 * generated minute data (bench fixtures, with capacity small enough that provisioned sizing searches).
 * A speed change must leave it unchanged: money is exact, so the published bytes are the proof.
 * Usage: npx tsx bench/published-hash.ts   (prints the hash; VERBOSE=1 prints one hash per piece)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PriceCatalog } from '../src/catalog/catalog.js';
import { main } from '../src/cli/main.js';
import { analyze } from '../src/engine.js';
import { fixedClock } from '../src/clock.js';
import { publishedReport, toPublishedJson } from '../src/report/published.js';
import { renderMarkdown, renderText } from '../src/report/render-text.js';
import { parseUsageCsv } from '../src/usage/csv.js';
import type { UsageSnapshot } from '../src/usage/usage.js';
import type { AdvisorReport } from '../src/domain/report.js';
import { BENCH_END, benchCatalog, collectorSnapshot } from './fixtures.js';

const whole = createHash('sha256');
const verbose = process.env.VERBOSE === '1';
function add(name: string, text: string): void {
  whole.update(`${name}\n${text.length}\n${text}`);
  if (verbose) console.log(`${createHash('sha256').update(text).digest('hex').slice(0, 16)}  ${name}`);
}
function addReport(name: string, report: AdvisorReport): void {
  add(`${name}.json`, JSON.stringify(toPublishedJson(publishedReport(report)), null, 2));
  add(`${name}.txt`, renderText(publishedReport(report)));
  add(`${name}.md`, renderMarkdown(publishedReport(report)));
}

const GOLDEN = fileURLToPath(new URL('../test/fixtures/golden/', import.meta.url));
const goldenCatalog = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN}catalog.json`, 'utf8')) as unknown, 'golden catalog');
const GOLDEN_NOW = new Date('2026-11-02T00:00:00.000Z');
for (const name of ['batch-tiers', 'new-modes', 'on-demand-cache', 'provisioned-inventory']) {
  const snapshot = parseUsageCsv(readFileSync(`${GOLDEN}${name}.csv`, 'utf8'), `${name}.csv`, { now: GOLDEN_NOW });
  if (existsSync(`${GOLDEN}${name}.inventory.json`)) Object.assign(snapshot, JSON.parse(readFileSync(`${GOLDEN}${name}.inventory.json`, 'utf8')) as Partial<UsageSnapshot>);
  addReport(`golden/${name}`, analyze(snapshot, goldenCatalog, { now: GOLDEN_NOW }));
}

// The sample, as `npm start` prints it and in the other text formats.
const clock = fixedClock(Date.parse('2026-11-23T00:00:00Z'));
for (const format of ['table', 'markdown', 'json']) {
  let out = '';
  const code = await main(['analyze', '--sample', '--format', format], { stdout: (t) => { out += t; }, stderr: () => {}, env: {}, clock });
  add(`sample.${format}.exit${code}`, out);
}

// Generated minute data (and the collector's mixed tiers), every mode priced, sizing at several capacities.
const now = new Date(BENCH_END * 1000);
for (const [models, tiers, divisor] of [
  [12, [[2, 60]], 1],
  [12, [[2, 60]], 32],
  [9, [[3, 3600], [2, 300], [1, 60]], 8],
  [5, [[1, 60]], 400],
] as Array<[number, Array<[number, number]>, number]>) {
  addReport(`bench/${models}x${JSON.stringify(tiers)}/cap${divisor}`, analyze(collectorSnapshot(models, tiers), benchCatalog(models, 'provisioned', divisor), { now }));
}
console.log(whole.digest('hex').slice(0, 16));
