import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import { sampleAnalysis } from './sample-report.js';
import { testClock } from '../fixtures/clock.js';

/** Our own Decimal, independent of the engine's clone. */
const D = Decimal.clone({ precision: 60 });

interface JsonLine { dimension: string; quantity: string; unit: string; unitPrice: string | null; cost: string | null; source: string | null }
interface JsonModel { modelId: string; scenarios: Array<{ mode: string; lines: JsonLine[] }> }

async function run(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => { stdout += t; }, stderr: () => undefined });
  return { code, stdout };
}

describe('priced lines on demand: every dollar as quantity x unit price = cost, with its source', () => {
  const report = sampleAnalysis();

  it('the JSON quotes each line\'s unit price as the catalog does, not rounded to cents', () => {
    const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(report)))) as { models: JsonModel[] };
    const micro = json.models.find((m) => m.modelId === 'amazon.nova-micro-v1:0')!;
    const input = micro.scenarios.find((s) => s.mode === 'on-demand')!.lines.find((l) => l.dimension === 'input')!;
    // Nova Micro input: $0.035 per 1M tokens = $0.000035 per 1K (AWS pricing page). Rounded to cents it read "0.00".
    expect(input.unitPrice).toBe('0.000035');
    expect(input.quantity).toMatch(/^\d+\.\d{6}$/);
    // The line adds up: quantity x unit price is the cost to within the six-decimal rounding of each figure.
    const product = new D(input.quantity).times(input.unitPrice!);
    expect(product.minus(input.cost!).abs().lessThanOrEqualTo('0.000001')).toBe(true);
  });

  it('text and markdown show the lines only when asked', () => {
    expect(renderText(publishedReport(report))).not.toContain('priced lines:');
    const text = renderText(publishedReport(report), { lines: true });
    expect(text).toContain('on-demand, priced lines:');
    expect(text).toMatch(/input\s+\d+\.\d+\s+1K tokens\s+\$0\.000035\s+\$\d+\.\d+\s+Understanding Amazon Bedrock Pricing/);
    const md = renderMarkdown(publishedReport(report), { lines: true });
    expect(md).toContain('| Dimension | Quantity | Unit | Unit price | Cost | Source |');
  });

  it('analyze --lines shows them in the table and markdown output', async () => {
    const plain = await run('analyze', '--sample');
    const withLines = await run('analyze', '--sample', '--lines');
    const md = await run('analyze', '--sample', '--lines', '--format', 'markdown');
    expect([plain.code, withLines.code, md.code]).toEqual([0, 0, 0]);
    expect(plain.stdout).not.toContain('priced lines:');
    expect(withLines.stdout).toContain('on-demand, priced lines:');
    expect(md.stdout).toContain('| Dimension | Quantity | Unit | Unit price | Cost | Source |');
  });

  it('the HTML report folds them into one collapsed <details> per model', async () => {
    const html = await renderHtml(publishedReport(report));
    const details = html.match(/<details class="lines" data-model="[^"]+">/g) ?? [];
    expect(details.length).toBe(report.models.filter((m) => m.scenarios.some((s) => s.lines?.length)).length);
    expect(html).toContain('<details class="lines" data-model="amazon.nova-micro-v1:0"><summary>');
    expect(html).not.toMatch(/<details class="lines"[^>]* open/);
    expect(html).toContain('<td class="num">$0.000035</td>');
  });
});
