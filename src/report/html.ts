import type { EChartsCoreOption } from 'echarts/core';
import { parseModelId } from '../model-id.js';
import type { UsageSnapshot } from '../usage/usage.js';
import { attributionRows } from './attribution-view.js';
import { ALTERNATIVES_NOTE, alternativeRows } from './alternatives-view.js';
import { FORECAST_NOTE, forecastRows } from './forecast-view.js';
import { RENEWAL_NOTE, renewalRows } from './renewal-view.js';
import { CAPACITY_NOTE, capacityRows, capacitySentence } from './capacity-view.js';
import {
  PRICED_LINE_HEAD, PRICED_LINE_NUMERIC, humanDate, humanWindow, int, money, pct, planEffect, planTitle, pricedLineCells, savingsTotal, scenarioName, scopeErrorLine, stepEffect, stepSaving, unpricedPlansClause, stepWhen, todayMode,
  windowLine, nothingPriced, SAVINGS_UNKNOWN
} from './format.js';
import { textReport } from './published.js';
import { callerBatchRows, requestSentences } from './requests-view.js';
import { callerRows, headlineSavings, modelRows as reconciliationRows, outsideRows, summarySentences } from './reconciliation-view.js';
import { headlineLines, modeColumns, priceSourceLine } from './render-text.js';
import { commandText, isShellCommand } from './commands.js';
import type { ModelReport } from '../domain/report.js';
import type { PublishedReport } from './published-view.js';

/**
 * `--format html`: one self-contained file (no script, no network) with charts rendered to inline SVG
 * on the server by Apache ECharts (`renderer: 'svg', ssr: true`): spend per model per mode, usage
 * over time against the provisioned capacity, utilisation of existing provisioned throughput, and
 * week over week.
 */

type Svg = (option: EChartsCoreOption, height: number) => string;

/**
 * ECharts takes most of a second to load, so it is loaded only when HTML is asked for (the CLI bundle
 * keeps this dynamic import of an external package as it is).
 */
async function loadRenderer(): Promise<Svg> {
  const [echarts, charts, components, renderers] = await Promise.all([
    import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers'),
  ]);
  echarts.use([charts.BarChart, charts.LineChart, components.GridComponent, components.LegendComponent, components.MarkLineComponent, components.TitleComponent, renderers.SVGRenderer]);
  return (option, height) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    const out = chart.renderToSVGString();
    chart.dispose();
    return out;
  };
}

export interface HtmlOptions {
  /** The usage the report was built from: needed for the usage-over-time chart (left out without it). */
  usage?: UsageSnapshot;
}

const WIDTH = 880;
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];


function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const toNumber = (d: { toNumber(): number } | null | undefined): number | null => (d ? Number(d.toNumber().toFixed(2)) : null);

/** Spend per model per mode: each mode's cheapest priced variant, per month. */
function spendChart(svg: Svg, report: PublishedReport): string | undefined {
  const models = report.models.filter((m) => m.priced && m.scenarios.length);
  if (!models.length) return undefined;
  const modes = [...new Set(models.flatMap((m) => m.scenarios.filter((s) => s.feasible && s.monthlyCost !== null).map((s) => s.mode)))];
  const cheapest = (m: ModelReport, mode: string) => {
    let best: number | null = null;
    for (const s of m.scenarios) {
      if (s.mode !== mode || !s.feasible || s.monthlyCost === null) continue;
      const v = toNumber(s.monthlyCost);
      if (v !== null && (best === null || v < best)) best = v;
    }
    return best;
  };
  return svg({
    title: { text: 'Monthly cost of each mode, per model (USD)', left: 0, textStyle: { fontSize: 14 } },
    legend: legendFor(),
    grid: { left: 240, right: 40, top: gridTop(modes.length), bottom: 30 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: models.map((m) => `${m.name ?? m.modelId}${m.scope !== 'in-region' ? ` (${m.scope})` : ''}`) },
    series: modes.map((mode) => ({ name: mode, type: 'bar', data: models.map((m) => cheapest(m, mode)) })),
  }, Math.max(260, 90 + models.length * modes.length * 9));
}

/** Hourly input tokens per minute for the busiest models and each provisioned throughput, with each throughput's capacity. */
function usageChart(svg: Svg, report: PublishedReport, usage: UsageSnapshot | undefined): string | undefined {
  if (!usage) return undefined;
  const start = Math.floor(Date.parse(report.window.start) / 3_600_000);
  const hours = Math.ceil(report.window.hours);
  const lines = new Map<string, Float64Array>();
  const ptNames = new Map(report.provisionedThroughputs.map((p) => [p.provisionedModelArn, `${p.provisionedModelName} (provisioned)`]));
  // Which lines are throughputs is kept as data: a model's own name may end in the same words.
  const throughputLines = new Set(ptNames.values());
  for (const series of usage.models) {
    const parsed = parseModelId(series.modelId);
    const name = ptNames.get(series.modelId) ?? parsed.baseModelId;
    let line = lines.get(name);
    if (!line) lines.set(name, (line = new Float64Array(hours)));
    for (const seg of series.segments) {
      for (let i = 0; i < seg.length; i++) {
        const hour = Math.floor((seg.start + i * seg.periodSeconds) / 3600) - start;
        if (hour < 0 || hour >= hours) continue;
        const tokens = (seg.metrics.InputTokenCount?.[i] ?? 0) + (seg.metrics.CacheReadInputTokenCount?.[i] ?? 0) + (seg.metrics.CacheWriteInputTokenCount?.[i] ?? 0);
        line[hour]! += tokens / 60;
      }
    }
  }
  const ranked = [...lines.entries()].filter(([, l]) => l.some((v) => v > 0))
    .sort((a, b) => b[1].reduce((s, v) => s + v, 0) - a[1].reduce((s, v) => s + v, 0));
  const shown = ranked.filter(([name]) => throughputLines.has(name)).concat(ranked.filter(([name]) => !throughputLines.has(name)).slice(0, 4));
  if (!shown.length) return undefined;
  const capacityLines = report.provisionedThroughputs.flatMap((pt) => {
    const unit = report.models.find((m) => m.modelId === pt.modelId && m.region === pt.region)?.scenarios.find((s) => s.provisioned?.unitCapacity)?.provisioned?.unitCapacity;
    return unit ? [{ name: `${pt.provisionedModelName}: ${pt.modelUnits} unit(s) capacity`, yAxis: unit.inputTokensPerMinute * pt.modelUnits }] : [];
  });
  const labels = Array.from({ length: hours }, (_, h) => {
    const t = new Date((start + h) * 3_600_000);
    return `${t.getUTCDate()} ${t.toUTCString().slice(8, 11)} ${String(t.getUTCHours()).padStart(2, '0')}h`;
  });
  return svg({
    title: { text: 'Input tokens per minute, hourly average, with provisioned capacity', left: 0, textStyle: { fontSize: 14 } },
    legend: legendFor(),
    grid: { left: 90, right: 30, top: gridTop(shown.length), bottom: 40 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: Math.max(0, Math.floor(hours / 8) - 1) } },
    yAxis: { type: 'value' },
    series: shown.map(([name, line], i) => ({
      name, type: 'line', showSymbol: false, lineStyle: { width: 1.5 }, data: Array.from(line, (v) => Math.round(v)),
      ...(i === 0 && capacityLines.length ? {
        markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#dc2626', width: 2 }, label: { formatter: '{b}', position: 'insideEndTop' }, data: capacityLines },
      } : {}),
    })),
  }, 360);
}

function utilisationChart(svg: Svg, report: PublishedReport): string | undefined {
  const pts = report.provisionedThroughputs.filter((p) => p.averageUtilisation !== undefined || p.peakUtilisation !== undefined);
  if (!pts.length) return undefined;
  return svg({
    title: { text: 'Existing provisioned throughput: share of purchased capacity used (%)', left: 0, textStyle: { fontSize: 14 } },
    legend: legendFor(),
    grid: { left: 180, right: 40, top: gridTop(2), bottom: 30 },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: pts.map((p) => `${p.provisionedModelName} (${p.modelUnits} unit(s))`) },
    series: [
      { name: 'average', type: 'bar', data: pts.map((p) => Math.round((p.averageUtilisation ?? 0) * 100)), label: { show: true, position: 'right', formatter: '{c}%' } },
      { name: 'peak minute', type: 'bar', data: pts.map((p) => Math.round((p.peakUtilisation ?? 0) * 100)), label: { show: true, position: 'right', formatter: '{c}%' } },
    ],
  }, 110 + pts.length * 60);
}

function weekOverWeekChart(svg: Svg, report: PublishedReport): string | undefined {
  const w = report.weekOverWeek;
  if (!w) return undefined;
  return svg({
    title: { text: 'This period against the previous one (USD per month)', left: 0, textStyle: { fontSize: 14 } },
    legend: legendFor(),
    grid: { left: 180, right: 60, top: gridTop(2), bottom: 30 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: [w.pricedSpendOnly ? 'Priced spend' : 'Spend', w.knownSavingsOnly ? 'Known savings' : 'Savings available'] },
    series: [
      { name: `previous (${humanWindow(w.previousWindow.start, w.previousWindow.end)})`, type: 'bar', data: [toNumber(w.previousMonthlyCost), toNumber(w.previousPotentialMonthlySavings)] },
      { name: `this (${humanWindow(report.window.start, report.window.end)})`, type: 'bar', data: [toNumber(w.currentMonthlyCost), toNumber(report.summary.potentialMonthlySavings)] },
    ],
  }, 220);
}

/**
 * Server-side rendering measures legend text without the browser's fonts, so legend rows are spaced
 * generously and the plot starts below every row (about four entries fit a row).
 */
const LEGEND_PER_ROW = 4;
function legendFor(): Record<string, unknown> {
  return { top: 30, left: 0, width: WIDTH - 40, itemGap: 28 };
}
function gridTop(entries: number): number {
  return 50 + Math.ceil(entries / LEGEND_PER_ROW) * 42;
}

function figure(id: string, caption: string, chart: string | undefined): string {
  if (!chart) return '';
  return `<figure class="chart" data-chart="${id}">${chart}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function table(head: string[], rows: string[][], numeric: ReadonlySet<number>): string {
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;max-width:920px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
.headline{background:#f1f5f9;border-radius:8px;padding:12px 16px}.headline p{margin:2px 0}
.savings{font-size:20px;font-weight:600;color:#15803d}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{padding:4px 6px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.plan{border:1px solid #e2e8f0;border-radius:8px;padding:8px 14px;margin:10px 0}.plan h3{margin:4px 0;font-size:16px}
code{background:#f1f5f9;padding:1px 4px;border-radius:3px;font-size:12px;word-break:break-all}
figure.chart{margin:16px 0}figure.chart svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#475569}
footer{margin-top:32px;font-size:12px;color:#475569}`;

export async function renderHtml(input: PublishedReport, options: HtmlOptions = {}): Promise<string> {
  const svg = await loadRenderer();
  const report = textReport(input);
  const s = report.summary;
  const plans = report.plans ?? [];
  const headline = headlineLines(report);
  const planHtml = plans.map((p, i) => {
    const saving = p.steps.length ? planEffect(p) : `up to ${money(p.upTo?.monthlySavings)}/month (upper bound)`;
    const steps = p.steps.map((st) => `<li><strong>${esc(stepWhen(st))}</strong>: ${esc(st.action)} <em>(${esc(st.requiredMonthlyCost ? stepEffect(st) : stepSaving(st))})</em>${
      st.commands.map((c) => (isShellCommand(c) ? `<br><code>${esc(commandText(c))}</code>` : `<br>${esc(commandText(c))}`)).join('')}</li>`).join('');
    const upTo = p.upTo ? `<li>Up to ${esc(money(p.upTo.monthlySavings))}/month more, an upper bound: ${esc(p.upTo.step.action)}</li>` : '';
    return `<section class="plan" data-plan="${esc(p.modelId)}"><h3>${i + 1}. ${esc(planTitle(p))}: <span class="plan-savings">${esc(saving)}</span></h3>
${p.why.map((w) => `<p>Why: ${esc(w)}</p>`).join('')}<ol>${steps}${upTo}</ol>
<p>Confidence: <strong>${p.confidence}</strong>${p.confidenceReasons.length ? ` (${esc(p.confidenceReasons.join('; '))})` : ''}.</p>
${p.risks.map((r) => `<p>Risk: ${esc(r)}</p>`).join('')}<details><summary>Assumptions</summary><ul>${p.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul></details></section>`;
  }).join('\n');
  const modelRows = report.models.map((m) => {
    const modes = modeColumns(report, m);
    return [m.name ?? m.modelId, m.region, todayMode(m), money(m.currentMonthlyCost), modes.recommended, modes.cheapestUpperBound];
  });
  // Every dollar auditable, folded away until asked for: one <details> per model with each scenario's lines.
  const linesHtml = report.models.filter((m) => m.scenarios.some((sc) => sc.lines?.length)).map((m) =>
    `<details class="lines" data-model="${esc(m.modelId)}"><summary>${esc(m.name ?? m.modelId)} (${esc(m.region)}): priced lines, quantity x unit price = cost</summary>\n${
      m.scenarios.filter((sc) => sc.lines?.length).map((sc) => `<h4>${esc(scenarioName(sc))}</h4>\n${table(PRICED_LINE_HEAD, sc.lines!.map(pricedLineCells), PRICED_LINE_NUMERIC)}`).join('\n')}</details>`).join('\n');
  const attribution = attributionRows(report);
  const alternatives = alternativeRows(report);
  const ptRows = report.provisionedThroughputs.map((p) => [
    p.provisionedModelName, p.modelId, String(p.modelUnits), p.commitment, p.commitmentExpirationTime ? humanDate(p.commitmentExpirationTime) : '-',
    money(p.monthlyCost), p.averageUtilisation !== undefined ? pct(p.averageUtilisation) : 'unknown',
  ]);
  const charts = [
    figure('spend', 'Each mode priced on the observed usage; batch is an upper bound.', spendChart(svg, report)),
    figure('usage', 'Hourly averages; minute peaks are higher. The dashed line is what the existing units can serve.', usageChart(svg, report, options.usage)),
    figure('utilisation', 'Average over the window and the busiest minute.', utilisationChart(svg, report)),
    figure('week-over-week', 'Both periods read from CloudWatch and priced alike.', weekOverWeekChart(svg, report)),
  ].join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bedrock cost advisor: ${esc(humanWindow(report.window.start, report.window.end))}</title>
<style>${STYLE}</style></head>
<body>
<h1>Bedrock cost advisor</h1>
<div class="headline">
<p>${esc(headline[0]!)}</p>
<p>${esc(headline[1]!)}</p>
${nothingPriced(report) ? `<p class="savings">${esc(SAVINGS_UNKNOWN)}</p>` : `<p class="savings" data-total="potentialMonthlySavings">Savings available: ${esc(savingsTotal(report, headlineSavings(report).amount))}${esc(headlineSavings(report).note)}${esc(unpricedPlansClause(report))}</p>`}
${headline.slice(3).map((l) => `<p>${esc(l)}</p>`).join('\n')}
</div>
${report.errors.length ? `<div class="errors">${report.errors.map((er) => `<p class="error">${esc(scopeErrorLine(er))}</p>`).join('')}</div>` : ''}
${report.warnings?.length ? `<div class="warnings">${report.warnings.map((w) => `<p class="warning">Warning: ${esc(w)}</p>`).join('')}</div>` : ''}
<h2>Plans</h2>
${planHtml || '<p>No change saves enough to recommend.</p>'}
<h2>Charts</h2>
${charts}
<h2>Models</h2>
${table(['Model', 'Region', 'Today', 'Now/month', 'Recommended', 'Cheapest (upper bound)'], modelRows, new Set([3]))}
${linesHtml}
${attribution.length ? `<h2>Cost by profile</h2>\n${table(['Model', 'Invoked as', 'Profile', 'Input tokens', 'Output tokens', 'Per month'], attribution.map((a) => [a.modelId, a.invokedAs, a.profileName, int(a.inputTokens), int(a.outputTokens), money(a.monthlyCost)]), new Set([3, 4, 5]))}` : ''}
${reconciliationHtml(report)}${requestsHtml(report)}${alternatives.length ? `<h2>Same traffic on another model</h2>\n<p>${esc(ALTERNATIVES_NOTE)}</p>\n${table(['Model', 'Region', 'On', 'Per month', 'Saves/month', 'Switch once', 'Why a range'], alternatives.map((a) => [a.modelId, a.region, `${a.to}${a.accepted ? ' (accepted)' : ''}`, a.perMonth, a.savings, a.switchOnce, a.why]), new Set([5]))}` : ''}
${forecastHtml(report)}${renewalHtml(report)}${capacityHtml(report)}${ptRows.length ? `<h2>Provisioned throughput</h2>\n${table(['Name', 'Model', 'Units', 'Commitment', 'Ends', 'Cost/month', 'Avg used'], ptRows, new Set([2, 5, 6]))}` : ''}
<footer><p>${esc(priceSourceLine(report))}</p><p>${esc(windowLine(report))} Monthly figures scale the window to 730 hours.</p>
<ul>${report.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul></footer>
</body></html>
`;
}

/** Each commitment's utilisation over its term against the forecast: only when a model has one. */
function forecastHtml(report: PublishedReport): string {
  const rows = forecastRows(report);
  if (!rows.length) return '';
  const target = rows.some((f) => f.forTarget);
  return `<h2>Commitments against a forecast</h2>\n<p>${esc(FORECAST_NOTE)}</p>\n${table(
    ['Model', 'Region', 'Commitment', 'Utilisation over the term', 'Break-even', 'Chance below', ...(target ? ['For the target'] : [])],
    rows.map((f) => [f.model, f.region, f.commitment, f.utilisation, f.breakEven, f.chanceBelow, ...(target ? [f.forTarget ?? '-'] : [])]),
    new Set([4, 5]),
  )}\n`;
}

/** Commitments ending soon, against the forecast of their traffic: only when one has a renewal. */
function renewalHtml(report: PublishedReport): string {
  const rows = renewalRows(report);
  if (!rows.length) return '';
  return `<h2>Renewals against a forecast</h2>\n<p>${esc(RENEWAL_NOTE)}</p>\n${rows.map((r) => `<section class="renewal"><p><strong>${esc(`${r.name} (${r.model}, ${r.region}), ${r.ends}: ${r.advice}.`)}</strong> ${r.why.map((w) => esc(`${w[0]!.toUpperCase()}${w.slice(1)}.`)).join(' ')}</p>
<ul>${r.options.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>
${r.nextSteps.length ? `<ul>${r.nextSteps.map((c) => `<li>${c.shell ? `<code>${esc(c.text)}</code>` : esc(c.text)}</li>`).join('')}</ul>` : ''}</section>`).join('\n')}\n`;
}

/** The Reserved tier beside Priority and Standard, with the throttling measured: only for models with a Reserved price. */
function capacityHtml(report: PublishedReport): string {
  const rows = capacityRows(report);
  if (!rows.length) return '';
  return `<h2>Reserved beside Priority and Standard</h2>\n<p>${esc(CAPACITY_NOTE)}</p>\n<ul>${rows.map((r) => `<li>${esc(`${capacitySentence(r)}.`)}</li>`).join('')}</ul>\n`;
}

/** What the invocation logs priced per request, and callers ranked by batch saving: only when logs were read. */
function requestsHtml(report: PublishedReport): string {
  const sentences = requestSentences(report);
  if (!sentences.length) return '';
  const callers = callerBatchRows(report);
  return `<h2>Per-request prices (invocation logs)</h2>
<section class="requests">${sentences.map((l) => `<p>${esc(l)}</p>`).join('')}</section>
${callers.length ? `<h3>Callers by batch saving</h3>\n${table(callers[0]!, callers.slice(1), new Set([1, 2, 3]))}\n` : ''}`;
}

/** The bill beside the replay, and cost by caller beside cost by profile: only when a bill was read. */
function reconciliationHtml(report: PublishedReport): string {
  const r = report.reconciliation;
  if (!r) return '';
  const rows = (all: string[][], numeric: Set<number>) => (all.length ? table(all[0]!, all.slice(1), numeric) : '');
  const callers = callerRows(r);
  return `<h2>Bill reconciliation</h2>
<section class="reconciliation">${summarySentences(r).map((l) => `<p>${esc(l)}</p>`).join('')}
${rows(reconciliationRows(r), new Set([2, 3, 4, 5]))}
${rows(outsideRows(r), new Set([1]))}</section>
${callers.length ? `<h2>Cost by caller</h2>\n${rows(callers, new Set([2]))}\n` : ''}`;
}
