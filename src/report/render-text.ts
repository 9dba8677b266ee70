import type { Decimal } from 'decimal.js';
import { accountRows } from './organization.js';
import { attributionRows } from './attribution-view.js';
import { ALTERNATIVES_NOTE, alternativeRows } from './alternatives-view.js';
import { FORECAST_NOTE, forecastRows } from './forecast-view.js';
import { RENEWAL_NOTE, renewalRows } from './renewal-view.js';
import { CAPACITY_NOTE, capacityRows, capacitySentence } from './capacity-view.js';
import {
  escapeMarkdown, humanDate, humanWindow, int, markdownCode, modeLabel, money, pct, planTitle, plural, regionsOf, spendSentence, stepWhen, todayMode,
  isIncomplete, planCostChange, planEffect, pricedPlanCount, PRICED_LINE_HEAD, fromPlans, savingsTotal, unpricedPlansClause, upToSavings, requiredCostLine, stepEffect, PRICED_LINE_NUMERIC, pricedLineCells, scenarioName, weekOverWeekLine, windowLength, windowLine, windowSpend, nothingPriced, SAVINGS_UNKNOWN
} from './format.js';
import { textReport } from './published.js';
import { commandText, isShellCommand } from './commands.js';
import type { Command } from '../domain/advice.js';
import { callerBatchRows, requestSentences } from './requests-view.js';
import { callerRows, headlineSavings, modelRows, outsideRows, summarySentences } from './reconciliation-view.js';
import type { ModelPlan, ModelReport, Scenario } from '../domain/report.js';
import type { Published, PublishedReport } from './published-view.js';
import { priceListFallbackText } from './advice-text.js';

/**
 * Renders the report for people: the terminal report (`--format table`) and, with markdown, a
 * GitHub-flavoured markdown document. Every figure comes from the published report (rounded parts,
 * totals from the rounded parts), so the text and the JSON agree to the cent.
 */
export interface RenderOptions {
  /** Show every scenario of every model (default true). */
  scenarioDetail?: boolean;
  /** Show each plan's assumptions (default true). */
  assumptions?: boolean;
  /** Under each scenario, its priced lines: quantity x unit price = cost, with the source (default false). */
  lines?: boolean;
}

export function renderText(report: PublishedReport, options: RenderOptions = {}): string {
  return render(textReport(report), options, false);
}

export function renderMarkdown(report: PublishedReport, options: RenderOptions = {}): string {
  return render(textReport(report), options, true);
}

function table(rows: string[][], markdown: boolean, rightAligned: ReadonlySet<number> = new Set()): string {
  if (markdown) {
    const [head, ...body] = rows;
    const esc = (c: string) => escapeMarkdown(c);
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
  return markdown ? `${'#'.repeat(level)} ${escapeMarkdown(text)}` : `${text}\n${'='.repeat(Math.min(text.length, 80))}`;
}

function scenarioNote(s: Published<Scenario>): string {
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

/** The headline lines every format opens with: spend, savings, and the upper bound apart. */
export function headlineLines(report: PublishedReport): string[] {
  const s = report.summary;
  const plans = report.plans ?? [];
  const upTo = upToSavings(report);
  return [
    `${humanWindow(report.window.start, report.window.end)} (${windowLength(report)}), ${regionsOf(report).join(', ') || 'no Region'}.`,
    spendSentence(report),
    nothingPriced(report)
      ? SAVINGS_UNKNOWN
      : `Savings available: ${savingsTotal(report, headlineSavings(report).amount)}${headlineSavings(report).note}${fromPlans(report, pricedPlanCount(report))}` +
        `${unpricedPlansClause(report)}${upTo ? `; up to ${upTo.amount} more from batch (an upper bound${upTo.unknown})` : ''}.`,
    ...(requiredCostLine(report) ? [requiredCostLine(report)!] : []),
    ...(weekOverWeekLine(report) ? [weekOverWeekLine(report)!] : []),
  ];
}


/** A shell command is shown as one (`$ aws …`, a code span); an instruction in words is not. */
function commandLine(command: Command, prefix: string, markdown: boolean): string {
  const c = commandText(command);
  if (isShellCommand(command)) return `${prefix}${markdown ? markdownCode(c) : `$ ${c}`}`;
  return `${prefix}${markdown ? escapeMarkdown(c) : `> ${c}`}`;
}

function planLines(plan: Published<ModelPlan>, rank: number, markdown: boolean, showAssumptions: boolean): string[] {
  const out: string[] = [];
  const e = markdown ? escapeMarkdown : (t: string) => t;
  const saving = plan.steps.length
    ? `${planEffect(plan)} (${planCostChange(plan)})`
    : `up to ${money(plan.upTo?.monthlySavings)}/month (upper bound)`;
  out.push(markdown ? `### ${rank}. ${e(planTitle(plan))}: ${e(saving)}` : `${rank}. ${planTitle(plan)}: ${saving}`);
  const bullet = markdown ? '- ' : '   ';
  const sub = markdown ? '  - ' : '     ';
  for (const why of plan.why) out.push(`${bullet}Why: ${e(why)}`);
  for (const step of plan.steps) {
    out.push(`${bullet}${e(`${stepWhen(step)}: ${step.action} (${stepEffect(step)})`)}`);
    for (const c of step.commands) out.push(commandLine(c, sub, markdown));
  }
  if (plan.upTo) {
    out.push(`${bullet}${e(`Up to ${money(plan.upTo.monthlySavings)}/month more (upper bound): ${plan.upTo.step.action}`)}`);
    for (const c of plan.upTo.step.commands) out.push(commandLine(c, sub, markdown));
  }
  out.push(`${bullet}${e(`Confidence: ${plan.confidence}${plan.confidenceReasons.length ? ` (${plan.confidenceReasons.join('; ')})` : ''}.`)}`);
  for (const risk of plan.risks) out.push(`${bullet}Risk: ${e(risk)}`);
  if (showAssumptions) for (const a of plan.assumptions) out.push(`${bullet}Assumes: ${e(a)}`);
  return out;
}

/** Recommended mode and, apart, the cheapest mode when that one is only an upper bound. */
export function modeColumns(report: PublishedReport, m: ModelReport): { recommended: string; cheapestUpperBound: string } {
  const plan = (report.plans ?? []).find((p) => p.modelId === m.modelId && p.region === m.region);
  // A model past its life moves to its successor: that, not a pricing mode, is what the plan recommends.
  const migrateTo = plan?.actions.includes('migrate-model') ? m.lifecycle?.successor : undefined;
  const recommended = migrateTo ? `migrate to ${migrateTo}` : plan && plan.recommendedMode !== 'unchanged' ? modeLabel(plan.recommendedMode) : m.priced ? 'as today' : '-';
  const cheapest = m.bestMode === 'batch' ? 'batch' : '-';
  return { recommended, cheapestUpperBound: cheapest };
}

/**
 * The footer: where prices came from and as of when. The catalog's own date when the report carries
 * it; otherwise the newest date a cited price source was read. A rates file is named apart, because
 * its date is the day of the run.
 */
export function priceSourceLine(report: PublishedReport): string {
  const ps = report.priceSource;
  const files = [...new Set(report.models.flatMap((m) => m.prices).flatMap((p) => (p.source.cites === 'rates-file' ? [p.source.file] : [])))];
  const origin = ps.kind === 'live' ? 'read from the AWS Price List in this run' : ps.kind === 'file' ? `from ${ps.name}` : ps.fallback ? `from the bundled catalog, NOT live: ${priceListFallbackText(ps.fallback)}` : 'from the bundled catalog';
  const parts = [`Prices: AWS list prices ${origin}, as of ${humanDate(ps.asOf)} (${plural(ps.ageDays, 'day')} old${report.stalePrices ? ', over 30 days: refresh them' : ''}), each with its source in the JSON report`];
  if (files.length) parts.push(`your rates from ${files.join(', ')}`);
  return `${parts.join('; ')}.`;
}

function render(report: PublishedReport, options: RenderOptions, markdown: boolean): string {
  const out: string[] = [];
  const detail = options.scenarioDetail ?? true;
  const showAssumptions = options.assumptions ?? true;
  const e = markdown ? escapeMarkdown : (t: string) => t;
  out.push(markdown ? '# Bedrock cost advisor report' : 'BEDROCK COST ADVISOR REPORT');
  out.push(...headlineLines(report).map(e));
  if (report.errors.length) {
    const incomplete = report.errors.filter(isIncomplete).length;
    out.push('', heading(incomplete === report.errors.length ? 'Incomplete' : incomplete ? 'Not analysed or incomplete' : 'Not analysed', markdown));
    for (const err of report.errors) out.push(`- ${e(`${err.scope}: ${err.message}`)}`);
  }
  if (report.warnings?.length) {
    out.push('', heading('Warnings', markdown));
    for (const w of report.warnings) out.push(`- ${e(w)}`);
  }
  const byAccount = accountRows(report, money);
  if (byAccount.length) out.push('', heading('By account', markdown), table(byAccount, markdown, new Set([2, 3, 4])));

  out.push('', heading('Plans (one per model and Region, by monthly savings)', markdown));
  const plans = report.plans ?? [];
  if (plans.length === 0) out.push('No change saves enough to recommend (floor: $1/month and 5%).');
  plans.forEach((plan, i) => out.push('', ...planLines(plan, i + 1, markdown, showAssumptions)));

  out.push('', heading('Models', markdown));
  const rows = [['Model', 'Region', 'Input tokens', 'Output tokens', 'Cache read', 'Cache write', 'Images', 'Today', 'Now/month', 'Recommended', 'Cheapest (upper bound)']];
  for (const m of report.models) {
    const modes = modeColumns(report, m);
    rows.push([
      m.modelId + (m.scope !== 'in-region' ? ` [${m.scope}]` : ''), m.region, int(m.usage.inputTokens), int(m.usage.outputTokens),
      int(m.usage.cacheReadInputTokens), int(m.usage.cacheWriteInputTokens), int(m.usage.images), todayMode(m), money(m.currentMonthlyCost),
      modes.recommended, modes.cheapestUpperBound,
    ]);
  }
  out.push(table(rows, markdown, new Set([2, 3, 4, 5, 6, 8])));

  const attribution = attributionRows(report);
  if (attribution.length) {
    out.push('', heading('Cost by profile', markdown));
    const arows = [['Model', 'Region', 'Invoked as', 'Profile', 'Input tokens', 'Output tokens', 'Per month']];
    for (const a of attribution) arows.push([a.modelId, a.region, a.invokedAs, a.profileName, int(a.inputTokens), int(a.outputTokens), money(a.monthlyCost)]);
    out.push(table(arows, markdown, new Set([4, 5, 6])));
  }

  out.push(...reconciliationSection(report, markdown));
  const alternatives = alternativeRows(report);
  if (alternatives.length) {
    out.push('', heading('Same traffic on another model', markdown), e(ALTERNATIVES_NOTE));
    const altRows = [['Model', 'Region', 'On', 'Per month', 'Saves/month', 'Switch once', 'Why a range']];
    for (const a of alternatives) altRows.push([a.modelId, a.region, `${a.to}${a.accepted ? ' (accepted)' : ''}`, a.perMonth, a.savings, a.switchOnce, a.why]);
    out.push(table(altRows, markdown, new Set([5])));
  }
  const forecasts = forecastRows(report);
  if (forecasts.length) {
    out.push('', heading('Commitments against a forecast', markdown), e(FORECAST_NOTE));
    const target = forecasts.some((f) => f.forTarget);
    const frows = [['Model', 'Region', 'Commitment', 'Utilisation over the term', 'Break-even', 'Chance below', ...(target ? ['For the target'] : [])]];
    for (const f of forecasts) frows.push([f.model, f.region, f.commitment, f.utilisation, f.breakEven, f.chanceBelow, ...(target ? [f.forTarget ?? '-'] : [])]);
    out.push(table(frows, markdown, new Set([4, 5])));
  }
  const renewals = renewalRows(report);
  if (renewals.length) {
    out.push('', heading('Renewals against a forecast', markdown), e(RENEWAL_NOTE));
    for (const r of renewals) {
      out.push('', e(`${r.name} (${r.model}, ${r.region}), ${r.ends}: ${r.advice}.`));
      for (const why of r.why) out.push(`- ${e(`Why: ${why}.`)}`);
      for (const option of r.options) out.push(`- ${e(option)}`);
      for (const step of r.nextSteps) out.push(`- Next: ${markdown && step.shell ? `\`${step.text}\`` : e(step.text)}`);
    }
  }
  const capacity = capacityRows(report);
  if (capacity.length) {
    out.push('', heading('Reserved beside Priority and Standard', markdown), e(CAPACITY_NOTE));
    for (const r of capacity) out.push(`- ${e(`${capacitySentence(r)}.`)}`);
  }
  out.push(...requestsSection(report, markdown));

  if (detail) {
    for (const m of report.models) {
      out.push('', markdown ? `### ${e(modelTitle(m))}` : `${modelTitle(m)}\n${'-'.repeat(Math.min(80, modelTitle(m).length))}`);
      const hasTokens = m.peak.inputTokensPerMinute > 0 || m.peak.outputTokensPerMinute > 0;
      const peak = hasTokens
        ? ` Peak: ${int(m.peak.inputTokensPerMinute)} input / ${int(m.peak.outputTokensPerMinute)} output tokens per minute${m.peak.resolutionSeconds ? ` (${m.peak.resolutionSeconds}-second data)` : ''}.`
        : '';
      out.push(e(`Invoked as: ${m.invokedAs.join(', ')}.${peak}`));
      if (!m.priced) out.push(e(`UNPRICED: ${m.unpricedReason}`));
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
          out.push('', e(`${scenarioName(sc)}, priced lines:`));
          out.push(table([PRICED_LINE_HEAD, ...sc.lines.map(pricedLineCells)], markdown, PRICED_LINE_NUMERIC));
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
        pt.commitmentExpirationTime ? `${humanDate(pt.commitmentExpirationTime)}${pt.daysToExpiry !== undefined ? (pt.daysToExpiry < 0 ? ` (ended ${-pt.daysToExpiry} d before the run)` : ` (${pt.daysToExpiry} d)`) : ''}` : '-',
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
    for (const u of report.unpriced) out.push(`- ${e(`${u.modelId} (${u.region}): ${u.reason}`)}`);
  }
  if (report.collection) {
    out.push('', e(`This run made ${report.collection.listMetricsCalls} ListMetrics and ${report.collection.getMetricDataCalls} GetMetricData calls (${int(report.collection.metricsRequested)} metrics requested, ${int(report.collection.datapoints)} datapoints), about $${report.collection.estimatedCostUsd} in CloudWatch charges.`));
  }
  out.push('', heading('Assumptions', markdown));
  for (const a of report.assumptions) out.push(`- ${e(a)}`);
  out.push('', e(windowLine(report)), e(priceSourceLine(report)));
  return `${out.join('\n')}\n`;
}

/** The bill beside the replay, cost by caller beside cost by profile: present only when a bill was read. */
function reconciliationSection(report: PublishedReport, markdown: boolean): string[] {
  const r = report.reconciliation;
  if (!r) return [];
  const e = markdown ? escapeMarkdown : (t: string) => t;
  const out = ['', heading('Bill reconciliation', markdown), ...summarySentences(r).map(e)];
  out.push('', table(modelRows(r), markdown, new Set([2, 3, 4, 5])));
  const outside = outsideRows(r);
  if (outside.length) out.push('', table(outside, markdown, new Set([1])));
  const callers = callerRows(r);
  if (callers.length) out.push('', heading('Cost by caller', markdown), table(callers, markdown, new Set([2])));
  return out;
}

/** What the invocation logs priced per request, and callers ranked by batch saving: only when logs were read. */
function requestsSection(report: PublishedReport, markdown: boolean): string[] {
  const sentences = requestSentences(report);
  if (!sentences.length) return [];
  const e = markdown ? escapeMarkdown : (t: string) => t;
  const out = ['', heading('Per-request prices (invocation logs)', markdown), ...sentences.map(e)];
  const callers = callerBatchRows(report);
  if (callers.length) out.push('', heading('Callers by batch saving', markdown), table(callers, markdown, new Set([1, 2, 3])));
  return out;
}

function reservedBreakEvenSentence(b: NonNullable<ModelReport['reservedBreakEven']>): string {
  const side = (price: Decimal | null, level: number, name: string) =>
    price === null ? `${name} unpriced` : `${money(price)} per 1K ${name} TPM-month (at ${int(level)} TPM)`;
  return `Reserved tier: no published price; a reservation pays only below ${side(b.inputPerThousandTpmMonth, b.inputLevel, 'input')} and ${side(b.outputPerThousandTpmMonth, b.outputLevel, 'output')}.`;
}
