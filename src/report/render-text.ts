import type { Decimal } from 'decimal.js';
import { formatUsd } from '../money.js';
import type { AdvisorReport, ModelReport, Scenario } from './report.js';

/**
 * Renders the report for people: the terminal table (`--format table`), the email digest body, and,
 * with `markdown: true`, GitHub-flavoured markdown. Rounding happens here and only here.
 */
export interface RenderOptions {
  /** Show every scenario of every model (default true). The email digest keeps it short. */
  scenarioDetail?: boolean;
  /** Show each recommendation's assumptions (default true). */
  assumptions?: boolean;
  /** Under each scenario, its priced lines: quantity x unit price = cost, with the source (default false). */
  lines?: boolean;
}

export function renderText(report: AdvisorReport, options: RenderOptions = {}): string {
  return render(report, options, false);
}

export function renderMarkdown(report: AdvisorReport, options: RenderOptions = {}): string {
  return render(report, options, true);
}

const money = (d: Decimal | null | undefined): string => (d === null || d === undefined ? 'unpriced' : formatUsd(d));
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number): string => `${Math.round(x * 100)}%`;

function table(rows: string[][], markdown: boolean, rightAligned: ReadonlySet<number> = new Set()): string {
  if (markdown) {
    const [head, ...body] = rows;
    const esc = (c: string) => c.replace(/\|/g, '\\|');
    return [
      `| ${head!.map(esc).join(' | ')} |`,
      `| ${head!.map((_, i) => (rightAligned.has(i) ? '---:' : '---')).join(' | ')} |`,
      ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
    ].join('\n');
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

function heading(text: string, markdown: boolean, level = 2): string {
  return markdown ? `${'#'.repeat(level)} ${text}` : `${text}\n${'='.repeat(Math.min(text.length, 80))}`;
}

function scenarioNote(s: Scenario): string {
  if (s.cost === null) return s.reason ?? 'unpriced';
  const pt = s.provisioned;
  if (pt?.bestUnits !== undefined) {
    const used = pt.utilisation !== undefined && pt.bestUnits > 0 ? `, ${pct(pt.utilisation)} used` : '';
    return `${pt.bestUnits} unit(s) of ${pt.unitsForPeak} for peak${used}`;
  }
  if (s.reserved) return `${int(s.reserved.input.level)} input / ${int(s.reserved.output.level)} output TPM reserved, ${pct(s.reserved.input.utilisation)} / ${pct(s.reserved.output.utilisation)} used`;
  if (s.imageTiers) return `at ${s.imageTiers.tier}; all tiers ${money(s.imageTiers.minMonthlyCost)} to ${money(s.imageTiers.maxMonthlyCost)}`;
  if (s.longContext?.worstCaseMonthlyCost && s.longContext.worstCaseInputShare > 0) return `long-context worst case ${money(s.longContext.worstCaseMonthlyCost)}`;
  if (s.mode === 'batch') return 'upper bound: only latency-tolerant traffic can move';
  if (s.promptCache) return `break-even read share ${pct(s.promptCache.breakEvenReadShare)}`;
  return '';
}

function modelTitle(m: ModelReport): string {
  return `${m.name ?? m.modelId} — ${m.region}${m.scope !== 'in-region' ? ` (${m.scope})` : ''}`;
}

function render(report: AdvisorReport, options: RenderOptions, markdown: boolean): string {
  const out: string[] = [];
  const detail = options.scenarioDetail ?? true;
  const showAssumptions = options.assumptions ?? true;
  const days = report.window.hours / 24;
  const s = report.summary;
  out.push(markdown ? '# Bedrock cost advisor report' : 'BEDROCK COST ADVISOR REPORT');
  out.push(
    `Window: ${report.window.start} to ${report.window.end} (${Number.isInteger(days) ? `${days} days` : `${report.window.hours.toFixed(1)} hours`}). ` +
      `${spendSentence(report)} Potential savings: ${money(s.potentialMonthlySavings)}/month ` +
      `from ${s.recommendations} recommendation(s). Models analysed: ${s.modelsAnalysed}.`,
  );
  if (report.errors.length) {
    out.push('', heading('Not analysed', markdown));
    for (const e of report.errors) out.push(`- ${e.scope}: ${e.message}`);
  }

  out.push('', heading('Recommendations (ranked by monthly savings)', markdown));
  if (report.recommendations.length === 0) out.push('No change saves enough to recommend (floor: $1/month and 5%).');
  report.recommendations.forEach((r, i) => {
    out.push('');
    out.push(`${markdown ? `### ${i + 1}.` : `${i + 1}.`} ${r.title}`);
    out.push(`${markdown ? '- ' : '   '}Now ${money(r.currentMonthlyCost)}/month -> ${money(r.newMonthlyCost)}/month (${r.savingsPercent.toFixed(1)}% less). Confidence: ${r.confidence}.`);
    for (const risk of r.risk ?? []) out.push(`${markdown ? '- ' : '   '}Risk: ${risk}`);
    for (const step of r.nextSteps ?? []) out.push(`${markdown ? '- ' : '   '}Next: ${markdown ? `\`${step}\`` : step}`);
    if (showAssumptions) for (const a of r.assumptions) out.push(`${markdown ? '  - ' : '     * '}${a}`);
  });

  out.push('', heading('Models', markdown));
  const rows = [['Model', 'Region', 'Input tokens', 'Output tokens', 'Cache read', 'Cache write', 'Images', 'Now/month', 'Cheapest mode']];
  for (const m of report.models) {
    rows.push([
      m.modelId + (m.scope !== 'in-region' ? ` [${m.scope}]` : ''), m.region, int(m.usage.inputTokens), int(m.usage.outputTokens),
      int(m.usage.cacheReadInputTokens), int(m.usage.cacheWriteInputTokens), int(m.usage.images), money(m.currentMonthlyCost), m.bestMode ?? '-',
    ]);
  }
  out.push(markdown ? table(rows, true, new Set([2, 3, 4, 5, 6, 7])) : table(rows, false, new Set([2, 3, 4, 5, 6, 7])));

  if (detail) {
    for (const m of report.models) {
      out.push('', markdown ? `### ${modelTitle(m)}` : `${modelTitle(m)}\n${'-'.repeat(Math.min(80, modelTitle(m).length))}`);
      const hasTokens = m.peak.inputTokensPerMinute > 0 || m.peak.outputTokensPerMinute > 0;
      const peak = hasTokens
        ? ` Peak: ${int(m.peak.inputTokensPerMinute)} input / ${int(m.peak.outputTokensPerMinute)} output tokens per minute${m.peak.resolutionSeconds ? ` (${m.peak.resolutionSeconds}-second data)` : ''}.`
        : '';
      out.push(`Invoked as: ${m.invokedAs.join(', ')}.${peak}`);
      if (!m.priced) out.push(`UNPRICED: ${m.unpricedReason}`);
      if (m.scenarios.length === 0) continue;
      const current = m.currentMonthlyCost;
      const srows = [['Mode', 'Per month', 'vs now', 'Note']];
      for (const sc of m.scenarios) {
        const vs = current && sc.monthlyCost && !current.isZero() ? `${sc.monthlyCost.minus(current).dividedBy(current).times(100).toFixed(1)}%` : '';
        srows.push([sc.mode + (sc.variant ? ` ${sc.variant}` : ''), sc.monthlyCost === null ? (sc.feasible ? 'unpriced' : 'n/a') : money(sc.monthlyCost), vs, scenarioNote(sc)]);
      }
      out.push(table(srows, markdown, new Set([1, 2])));
      if (m.reservedBreakEven) out.push(reservedBreakEvenSentence(m.reservedBreakEven));
      if (options.lines) {
        for (const sc of m.scenarios) {
          if (!sc.lines?.length) continue;
          out.push('', `${sc.mode}${sc.variant ? ` ${sc.variant}` : ''}, priced lines:`);
          const lrows = [['Dimension', 'Quantity', 'Unit', 'Unit price', 'Cost', 'Source']];
          for (const l of sc.lines) lrows.push([l.dimension, l.quantity.toFixed(), l.unit, l.unitPrice === null ? 'unpriced' : `$${l.unitPrice.toFixed()}`, money(l.cost), l.source ?? '-']);
          out.push(table(lrows, markdown, new Set([1, 3, 4])));
        }
      }
    }
  }

  if (report.provisionedThroughputs.length) {
    out.push('', heading('Provisioned throughput', markdown));
    const rows2 = [['Name', 'Model', 'Region', 'Units', 'Commitment', 'Expires', 'Cost/month', 'On-demand equiv.', 'Avg used']];
    for (const pt of report.provisionedThroughputs) {
      rows2.push([
        pt.provisionedModelName, pt.modelId, pt.region, String(pt.modelUnits), pt.commitment,
        pt.commitmentExpirationTime ? `${pt.commitmentExpirationTime.slice(0, 10)}${pt.daysToExpiry !== undefined ? ` (${pt.daysToExpiry} d)` : ''}` : '-',
        money(pt.monthlyCost), money(pt.onDemandEquivalentMonthlyCost), pt.averageUtilisation !== undefined ? pct(pt.averageUtilisation) : 'unknown',
      ]);
    }
    out.push(table(rows2, markdown, new Set([3, 6, 7, 8])));
    for (const pt of report.provisionedThroughputs) {
      if (pt.unpricedReason) out.push(`- ${pt.provisionedModelName}: unpriced (${pt.unpricedReason})${pt.findings?.length ? `; ${pt.findings.join('; ')}` : ''}`);
    }
  }
  if (report.customModels.length) {
    out.push('', heading('Custom models', markdown));
    const rows3 = [['Name', 'Base model', 'Region', 'Storage/month', 'Provisioned', 'Invocations']];
    for (const c of report.customModels) {
      rows3.push([c.modelName, c.baseModelId ?? '-', c.region, money(c.storageMonthlyCost), c.hasProvisionedThroughput ? 'yes' : 'no', int(c.invocations)]);
    }
    out.push(table(rows3, markdown, new Set([3, 5])));
  }
  if (report.unpriced.length) {
    out.push('', heading('Unpriced', markdown));
    for (const u of report.unpriced) out.push(`- ${u.modelId} (${u.region}): ${u.reason}`);
  }
  if (report.collection) {
    out.push('', `This run made ${report.collection.listMetricsCalls} ListMetrics and ${report.collection.getMetricDataCalls} GetMetricData calls (${int(report.collection.metricsRequested)} metrics requested, ${int(report.collection.datapoints)} datapoints), about $${report.collection.estimatedCostUsd} in CloudWatch charges.`);
  }
  out.push('', heading('Assumptions', markdown));
  for (const a of report.assumptions) out.push(`- ${a}`);
  const ps = report.priceSource;
  out.push('', `Prices from the ${ps.name}, as of ${ps.asOf} (${ps.ageDays} day(s) old${report.stalePrices ? ': older than 30 days, refresh them' : ''}).`);
  return `${out.join('\n')}\n`;
}

/** The headline's spend: what is priced, and how much is not; never $0.00 for what has no price. */
function spendSentence(report: AdvisorReport): string {
  const s = report.summary;
  const unpriced = [
    s.unpricedModels ? `${s.unpricedModels} unpriced model(s)` : '',
    s.unpricedProvisionedThroughputs ? `${s.unpricedProvisionedThroughputs} unpriced provisioned throughput(s)` : '',
  ].filter(Boolean).join(' and ');
  if (!unpriced) return `Current spend: ${money(s.pricedMonthlyCost)}/month.`;
  if (s.pricedMonthlyCost.isZero()) return `Current spend: unknown, nothing is priced (${unpriced}).`;
  return `Current spend: ${money(s.pricedMonthlyCost)}/month for what is priced; not included: ${unpriced}.`;
}

function reservedBreakEvenSentence(b: NonNullable<ModelReport['reservedBreakEven']>): string {
  const side = (price: Decimal | null, level: number, name: string) =>
    price === null ? `${name} unpriced` : `${money(price)} per 1K ${name} TPM-month (at ${int(level)} TPM)`;
  return `Reserved tier: no published price; a reservation pays only below ${side(b.inputPerThousandTpmMonth, b.inputLevel, 'input')} and ${side(b.outputPerThousandTpmMonth, b.outputLevel, 'output')}.`;
}
