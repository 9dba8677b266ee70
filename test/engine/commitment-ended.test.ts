import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { renderMarkdown } from '../../src/report/render-text.js';
import { publishedReport } from '../../src/report/published.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';

/**
 * A committed provisioned throughput whose commitment expiration time is before the run: the API
 * still lists it (it bills until deleted), but nothing binds it any more. The advice must act now,
 * not "when the commitment ends" on a day already gone, and never count days to a past date.
 */
const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const catalog = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN_DIR}catalog.json`, 'utf8')) as unknown, 'golden catalog');

function snapshot(name: string): UsageSnapshot {
  const s = parseUsageCsv(readFileSync(`${GOLDEN_DIR}${name}.csv`, 'utf8'), `${name}.csv`, { now: TEST_NOW });
  const inventory = `${GOLDEN_DIR}${name}.inventory.json`;
  if (existsSync(inventory)) Object.assign(s, JSON.parse(readFileSync(inventory, 'utf8')) as Partial<UsageSnapshot>);
  return s;
}

function markdownAt(name: string, now: string): string {
  return renderMarkdown(publishedReport(analyze(snapshot(name), catalog, { now: new Date(now) })));
}

const BEFORE = '2026-11-02T00:00:00.000Z'; // the goldens' run: every commitment still binding
const AFTER = '2026-12-07T00:00:00.000Z'; // 30, 25 and 17 days after the fixtures' 7, 12 and 20 Nov 2026 expirations

describe('a commitment that ended before the run', () => {
  it('is said to have ended, never counted as "in -17 day(s)", and the idle one is deleted now', () => {
    const before = markdownAt('new-modes', BEFORE);
    expect(before).toContain('commitment ends 2026-11-20 (in 18 day(s)): decide whether to renew');
    expect(before).toContain('delete it when the commitment ends on 2026-11-20');
    const after = markdownAt('new-modes', AFTER);
    expect(after).not.toMatch(/in -\d+ day/);
    expect(after).not.toMatch(/\(-\d+ d\)/);
    expect(after).not.toContain('commitment ends 2026-11-20');
    expect(after).not.toContain('delete it when the commitment ends on 2026-11-20');
    expect(after).toContain('its commitment ended 2026-11-20 (17 days before the run) and it still bills until deleted: it can be deleted or resized now');
    expect(after).toContain('| 20 Nov 2026 (ended 17 d before the run) |');
  });

  it('a lapsed commitment is still reviewed, as overdue: buy a new commitment or delete', () => {
    const after = markdownAt('new-modes', AFTER);
    expect(after).toContain('Commitment for provisioned throughput ptonly-expiring (1 unit(s) of acme.ptonly-v1:0, us-east-1) ended 2026-11-07 and it still bills until deleted');
    expect(after).toContain('The commitment has ended and the throughput still bills: buy a new commitment, or delete the throughput');
    expect(after).toContain('its commitment ended 2026-11-07 (30 days before the run)');
    expect(after).not.toContain('Renew the commitment before it lapses');
  });

  it("a plan's step waits for a commitment's end only while it is ahead: once past, the step is now", () => {
    const before = markdownAt('provisioned-inventory', BEFORE);
    expect(before).toContain('- from 12 Nov 2026: When the commitment ends, delete idle-reports, slow-support');
    const after = markdownAt('provisioned-inventory', AFTER);
    expect(after).not.toContain('from 12 Nov 2026');
    expect(after).toContain('- now: Delete idle-reports, slow-support; buy 3 unit(s) with a 6-month commitment');
    expect(after).not.toContain('the commitment cannot be cancelled before 12 Nov 2026');
    expect(after).toContain('| 12 Nov 2026 (ended 25 d before the run) |');
  });
});
