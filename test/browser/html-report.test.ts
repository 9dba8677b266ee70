import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { renderHtml } from '../../src/report/html.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, samplePreviousSnapshot, sampleSnapshot } from '../../src/sample/sample.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { publishedReport } from '../../src/report/published.js';

/**
 * The HTML report in a real browser: Debian's chromium (installed by .ci/run), driven by
 * playwright-core. Asserts on the rendered page, not on the HTML string, and keeps a screenshot in
 * test-artifacts/ (gitignored).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
// Chromium on a closed network: no background connections, no sandbox (CI runs as root).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const money = (text: string) => new Decimal(text.replace(/[$,]/g, ''));

describe('the HTML report in headless Chromium', () => {
  let browser: Browser;
  const snapshot = sampleSnapshot();
  const report = analyze(snapshot, PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON), {
    now: new Date(SAMPLE_END), previousSnapshot: samplePreviousSnapshot(),
  });
  let html: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
    }
    html = await renderHtml(publishedReport(report), { usage: snapshot });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows four inline SVG charts, makes no network request, runs no script, and its numbers match the report', async () => {
    const page = await browser.newPage({ viewport: { width: 960, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });

    // Charts: each figure holds a rendered SVG with drawn shapes.
    const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => ({
      id: f.getAttribute('data-chart'),
      shapes: f.querySelectorAll('svg path, svg rect').length,
      width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      text: f.querySelector('svg')?.textContent ?? '',
    })));
    expect(charts.map((c) => c.id)).toEqual(['spend', 'usage', 'utilisation', 'week-over-week']);
    for (const c of charts) {
      expect(c.shapes, c.id!).toBeGreaterThan(5);
      expect(c.width, c.id!).toBeGreaterThan(300);
    }
    expect(charts[0]!.text).toContain('Amazon Nova 2 Lite');
    expect(charts[1]!.text).toContain('support-bot: 2 unit(s) capacity');
    expect(charts[2]!.text).toContain('2%'); // support-bot, 2% used on average

    expect(requests).toEqual([]);
    expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(0);

    // Numbers: the headline is the sum of the priced plans shown; both are the report's published figures.
    const headline = await page.textContent('[data-total="potentialMonthlySavings"]');
    expect(headline).toBe("Savings available: at least $109,036.25/month (1 plan's saving is unknown, not in the total)");
    const planSavings = await page.$$eval('.plan-savings', (els) => els.map((e) => e.textContent ?? ''));
    // The fifth is Nova Canvas's move off a retired model (end of life 2026-09-30) with no live successor to
    // price: its saving is unknown, said so with why, never "$0.00", and it adds nothing to the headline.
    expect(planSavings).toEqual(['save $106,199.77/month', 'save $2,794.62/month', 'save $39.91/month', 'save $1.95/month', 'saving and required cost unknown: no live successor is priced']);
    const priced = planSavings.filter((t) => !t.startsWith('saving'));
    expect(priced).toHaveLength(4);
    const sum = priced.reduce((s, t) => s.plus(money(/\$[\d,.]+/.exec(t)![0])), new Decimal(0));
    expect(headline).toContain(`Savings available: at least $${sum.toNumber().toLocaleString('en-US', { minimumFractionDigits: 2 })}/month`);
    expect(await page.textContent('body')).not.toContain('save $0.00/month');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}report.png`, fullPage: true });
    expect(existsSync(`${ARTIFACTS}report.png`)).toBe(true);
    await page.close();
  }, 60_000);
});
