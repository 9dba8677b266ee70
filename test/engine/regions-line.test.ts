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
 * The report's first line names the Regions it covers. A provisioned throughput bills in its Region
 * whether or not any on-demand usage runs there, so an idle one in eu-west-1 must put eu-west-1 in
 * that line, not only in the throughput table further down.
 */
const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const catalog = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN_DIR}catalog.json`, 'utf8')) as unknown, 'golden catalog');

function provisionedInventoryWithOneIn(region: string): UsageSnapshot {
  const name = 'provisioned-inventory';
  const s = parseUsageCsv(readFileSync(`${GOLDEN_DIR}${name}.csv`, 'utf8'), `${name}.csv`, { now: TEST_NOW });
  if (existsSync(`${GOLDEN_DIR}${name}.inventory.json`)) Object.assign(s, JSON.parse(readFileSync(`${GOLDEN_DIR}${name}.inventory.json`, 'utf8')) as Partial<UsageSnapshot>);
  const first = s.provisionedThroughputs![0]!;
  s.provisionedThroughputs = [...s.provisionedThroughputs!, {
    ...first, region, provisionedModelName: 'idle-far-away',
    provisionedModelArn: `arn:aws:bedrock:${region}:123456789012:provisioned-model/far01`,
  }];
  return s;
}

describe("the report's Region line", () => {
  it('names a Region where only a provisioned throughput bills', () => {
    const report = analyze(provisionedInventoryWithOneIn('ap-southeast-2'), catalog, { now: new Date('2026-11-02T00:00:00.000Z') });
    const markdown = renderMarkdown(publishedReport(report));
    expect(report.models.some((m) => m.region === 'ap-southeast-2')).toBe(false);
    expect(markdown).toContain('| idle-far-away |');
    const firstLine = markdown.split('\n').find((l) => l.startsWith('1 Nov 2026'))!;
    expect(firstLine).toBe('1 Nov 2026 (6 hours), ap-southeast-2, eu-west-1, us-east-1.');
  });
});
