import type { Decimal } from 'decimal.js';
import { adviceText } from './advice-text.js';
import { HOURS_PER_MONTH, exactHours, formatUsd } from '../money.js';
import { INCOMPLETE, type ScopeError, type WindowBasis } from '../usage/usage.js';
import { MONTHS, humanDate } from '../domain/dates.js';
import type { ModelPlan, ModelReport, PlanStep, PricedLine, Scenario } from '../domain/report.js';
import type { PublishedReport } from './published-view.js';
import { citationText, lineText } from './line-text.js';
import { isCitation } from '../domain/lines.js';
import type { Worded } from '../domain/notes.js';

/** Formatting every renderer shares: money, dates, counts, wrapping and escaping. */

export const money = (d: Decimal | null | undefined): string => (d === null || d === undefined ? 'unpriced' : formatUsd(d));
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (x: number): string => `${Math.round(x * 100)}%`;
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

export { humanDate };

/**
 * The window as people write it, end day inclusive: "9–22 Nov 2026", "28 Oct – 3 Nov 2026",
 * "28 Dec 2026 – 3 Jan 2027". A window ending at midnight ends on the day before.
 */
export function humanWindow(start: string, end: string): string {
  const a = new Date(start);
  const b = new Date(Date.parse(end) - 1);
  const [ad, am, ay] = [a.getUTCDate(), MONTHS[a.getUTCMonth()], a.getUTCFullYear()];
  const [bd, bm, by] = [b.getUTCDate(), MONTHS[b.getUTCMonth()], b.getUTCFullYear()];
  if (ay !== by) return `${ad} ${am} ${ay} – ${bd} ${bm} ${by}`;
  if (am !== bm) return `${ad} ${am} – ${bd} ${bm} ${by}`;
  if (ad === bd) return `${bd} ${bm} ${by}`;
  return `${ad}–${bd} ${bm} ${by}`;
}

export function windowLength(report: PublishedReport): string {
  const days = report.window.hours / 24;
  if (Number.isInteger(days)) return plural(days, 'day');
  return Number.isInteger(report.window.hours) ? plural(report.window.hours, 'hour') : `${report.window.hours.toFixed(1)} hours`;
}

/** Priced spend in the window itself: monthly figures are window x 730 / hours, so this is their inverse. */
export function windowSpend(report: PublishedReport): Decimal {
  return report.summary.pricedMonthlyCost.times(exactHours(report.window.hours)).dividedBy(HOURS_PER_MONTH);
}

/**
 * What the spend totals leave out, in words ("1 unpriced model and 2 unpriced provisioned throughputs");
 * '' when nothing. A custom model whose storage has no price is left out of the totals too, and named
 * with them: never summed in silently as $0. Its count is the summary's (a message trimmed to fit SNS
 * has no custom-model list); a report written before the summary held it counts its list.
 */
export function unpricedText(report: PublishedReport): string {
  const s = report.summary;
  const storage = s.unpricedCustomModels ?? report.customModels.filter((c) => c.storageMonthlyCost === null).length;
  return [
    s.unpricedModels ? plural(s.unpricedModels, 'unpriced model') : '',
    s.unpricedProvisionedThroughputs ? plural(s.unpricedProvisionedThroughputs, 'unpriced provisioned throughput') : '',
    storage ? `${plural(storage, 'custom model')} with unpriced storage` : '',
  ].filter(Boolean).join(' and ');
}

/**
 * The headline's spend, for every format: what is priced, with what is not named beside it. Never
 * "$0.00" for what has no price: when nothing is priced the spend is unknown. `strong` marks the
 * monthly figure (Slack's *bold*).
 */
/**
 * Nothing in the report has a price: every total would read $0.00, which is a figure nobody measured.
 * Spend and savings then say "unknown" instead (a missing price is never $0).
 */
export function nothingPriced(report: PublishedReport): boolean {
  return !!unpricedText(report) && report.summary.pricedMonthlyCost.isZero();
}

/** What the savings headline says when nothing is priced. */
export const SAVINGS_UNKNOWN = 'Savings available: unknown, nothing is priced (see the spend line for what to run).';

/** The Regions of what has no price (models and provisioned throughputs), for the command that reads their prices. */
function unpricedRegions(report: PublishedReport): string[] {
  return [...new Set([...report.unpriced.map((u) => u.region), ...report.provisionedThroughputs.filter((pt) => pt.monthlyCost === null).map((pt) => pt.region)])].sort();
}

export function spendSentence(report: PublishedReport, strong: (text: string) => string = (t) => t): string {
  const unpriced = unpricedText(report);
  if (nothingPriced(report)) {
    const regions = unpricedRegions(report).map((r) => ` --region ${r}`).join('');
    return `Bedrock spend: unknown, nothing is priced (${unpriced}); where a price is missing, run "bedrock-cost-advisor prices refresh${regions}" or give your prices in a rates file (--rates).`;
  }
  return `Bedrock spend: ${money(windowSpend(report))} in ${windowLength(report)}, ${strong(`${money(report.summary.pricedMonthlyCost)}/month`)}` +
    `${unpriced ? ` for what is priced; not in the totals: ${unpriced}` : ''}.`;
}

function signed(d: Decimal): string {
  return `${d.isNegative() ? '-' : '+'}${formatUsd(d.abs())}`;
}

/** "Since 26 Oct – 8 Nov 2026: spend +$9,308.70/month (+5.6%), savings available +$6,373.43/month." */
export function weekOverWeekLine(report: PublishedReport): string | undefined {
  const wow = report.weekOverWeek;
  if (!wow) return undefined;
  const percent = wow.changePercent ? ` (${wow.changePercent.isNegative() ? '' : '+'}${wow.changePercent.toFixed(1)}%)` : '';
  // Between totals that leave out what has no price, the change is named as what it is: of the priced spend, of the known savings.
  return `Since ${humanWindow(wow.previousWindow.start, wow.previousWindow.end)}: ${wow.pricedSpendOnly ? 'priced spend' : 'spend'} ${signed(wow.spendChange)}/month${percent}, ` +
    `${wow.knownSavingsOnly ? 'known savings' : 'savings available'} ${signed(wow.savingsChange)}/month.`;
}

/**
 * A scope the run's deadline cut off (its code is `INCOMPLETE`, src/service/analyze-account.ts): its data
 * is missing because time ran out, not because reading failed. Told by the code, never by the message.
 */
export function isIncomplete(error: ScopeError): boolean {
  return error.code === INCOMPLETE;
}

/** One scope error as a reader needs it: an incomplete scope says so itself; any other was not analysed. */
export function scopeErrorLine(error: ScopeError): string {
  return isIncomplete(error) ? `${error.scope}: ${error.message}` : `Not analysed: ${error.scope}: ${error.message}`;
}

/** How the window was set, in words (the JSON report's `window.basis`, and every format's window line). */
export function windowBasisText(basis: WindowBasis): string {
  switch (basis.how) {
    case 'given':
      return 'as given (--start/--end)';
    case 'csv-extent':
      return `from the first timestamp in ${basis.file} to the last plus its period`;
    case 'invocation-logs':
      return 'read off the invocation logs (first record to the end of the last hour)';
    case 'days-before-run': {
      const t = basis.trim;
      const trim = t
        ? `, starting ${t.minutes} minutes later, at the edge of CloudWatch's ${t.retentionDays}-day retention of ${t.periodMinutes}-minute data ` +
          '(reading those minutes at a coarser period would request every metric a second time)'
        : '';
      return `the ${basis.days} days before the run, ${basis.hourly ? 'read as hourly sums' : "widened to CloudWatch's period grid"}${trim}`;
    }
    case 'recorded':
      return basis.text;
  }
}

/** ", as given (--start/--end)": how the window was set, after the window, or nothing. */
export function windowBasisClause(report: PublishedReport): string {
  return report.window.basis ? `, ${windowBasisText(report.window.basis)}` : '';
}

/** "Window: 1 Nov 2026 (2 hours), as given (--start/--end)." — the window and how it was chosen. */
export function windowLine(report: PublishedReport): string {
  return `Window: ${humanWindow(report.window.start, report.window.end)} (${windowLength(report)})${windowBasisClause(report)}.`;
}

/** A priced line's source in words: its price's citation, or a blended rate's note; null when unpriced. */
export function lineSourceText(source: PricedLine['source']): string | null {
  return source === null ? null : isCitation(source) ? citationText(source) : adviceText(source);
}

/** The header and cells of a priced-lines table, the same in every format: quantity x unit price = cost, and the source. */
export const PRICED_LINE_HEAD = ['Dimension', 'Quantity', 'Unit', 'Unit price', 'Cost', 'Source'];
export const PRICED_LINE_NUMERIC: ReadonlySet<number> = new Set([1, 3, 4]);
export function pricedLineCells(line: PricedLine): string[] {
  return [lineText(line.dimension), line.quantity.toFixed(), line.unit, line.unitPrice === null ? 'unpriced' : `$${line.unitPrice.toFixed()}`,
    money(line.cost), lineSourceText(line.source) ?? '-'];
}

/** A scenario as a heading names it: its mode and, for what-ifs of one mode, the variant. */
export function scenarioName(scenario: Scenario): string {
  return `${scenario.mode}${scenario.variant ? ` ${scenario.variant}` : ''}`;
}

/**
 * The Regions a report covers: its models' and also those of its provisioned throughputs and custom
 * models, which bill in a Region with no on-demand usage there (an idle throughput in eu-west-1).
 */
export function regionsOf(report: PublishedReport): string[] {
  return [...new Set([...report.models, ...report.provisionedThroughputs, ...report.customModels].map((m) => m.region))].sort();
}

export function stepWhen(step: PlanStep): string {
  return step.when === 'now' ? 'now' : `from ${humanDate(step.when)}`;
}

/**
 * "saving unknown: no live successor is priced": a saving nobody could price, in every format, with why.
 * Never "$0.00": an unknown saving is not a zero one.
 */
export function savingUnknown(reason: Worded | undefined): string {
  return `saving unknown${reason !== undefined ? `: ${adviceText(reason)}` : ''}`;
}

/** A step's saving as an amount ("$1.95/month"), or that it is unknown and why. */
export function stepSaving(step: PlanStep): string {
  return step.monthlySavings === null ? savingUnknown(step.unpricedReason) : `${money(step.monthlySavings)}/month`;
}

/** What a step does to the monthly bill: its saving (or that it is unknown), or, for a required change that costs money, that cost. */
export function stepEffect(step: PlanStep): string {
  if (step.requiredMonthlyCost) return `required, costs ${money(step.requiredMonthlyCost)}/month more`;
  return step.monthlySavings === null ? savingUnknown(step.unpricedReason) : `saves ${money(step.monthlySavings)}/month`;
}

/**
 * What a plan's required steps cost, in a few words: "required changes cost $X/month more", that it is
 * unknown and why ("required cost unknown: ..."; a sum with an unknown part is never shown as the rest
 * alone), or '' when no step requires a cost.
 */
function planRequired(plan: ModelPlan): string {
  if (plan.requiredMonthlyCost === null) return `required cost unknown${plan.requiredCostUnpricedReason !== undefined ? `: ${adviceText(plan.requiredCostUnpricedReason)}` : ''}`;
  return plan.requiredMonthlyCost ? `required changes cost ${money(plan.requiredMonthlyCost)}/month more` : '';
}

/** A plan's effect in a few words: its saving (or upper bound, or that it is unknown), and apart from it what required steps cost. */
export function planEffect(plan: ModelPlan): string {
  const required = planRequired(plan);
  if (plan.steps.length && plan.monthlySavings === null) {
    // One reason for both unknowns is said once.
    if (plan.requiredMonthlyCost === null && plan.requiredCostUnpricedReason !== undefined && plan.unpricedReason !== undefined
      && adviceText(plan.requiredCostUnpricedReason) === adviceText(plan.unpricedReason)) return `saving and required cost unknown: ${adviceText(plan.unpricedReason)}`;
    return required ? `${savingUnknown(plan.unpricedReason)}; ${required}` : savingUnknown(plan.unpricedReason);
  }
  const hasSavings = plan.steps.some((s) => !s.requiredMonthlyCost);
  if (!hasSavings && required) return required;
  const saving = plan.steps.length ? `save ${money(plan.monthlySavings)}/month` : `up to ${money(plan.upTo?.monthlySavings)}/month`;
  return required ? `${saving}; ${required}` : saving;
}

/** Today's cost and the cost once the plan is done ("$56.05 -> $16.14"); "unknown" after the arrow when a step's saving is. */
export function planCostChange(plan: ModelPlan): string {
  return `${money(plan.currentMonthlyCost)} -> ${plan.plannedMonthlyCost === null ? 'unknown' : money(plan.plannedMonthlyCost)}`;
}

/** Plans the savings headline counts: those with a step and a known saving. */
export function pricedPlanCount(report: PublishedReport): number {
  return (report.plans ?? []).filter((p) => p.steps.length && p.monthlySavings !== null).length;
}

/**
 * The savings total as a headline states it: "$X/month"; "at least $X/month" when some plan's saving is
 * unknown (the total is then a floor); "unknown" when no plan's saving is known (never "$0.00").
 */
export function savingsTotal(report: PublishedReport, amount: Decimal): string {
  if (!report.summary.unpricedPlans) return `${money(amount)}/month`;
  return pricedPlanCount(report) === 0 && amount.isZero() ? 'unknown' : `at least ${money(amount)}/month`;
}

/** " from 4 plans": the priced plans the total adds up, or '' when none is priced and some plan's saving is unknown. */
export function fromPlans(report: PublishedReport, count: number): string {
  return count === 0 && report.summary.unpricedPlans ? '' : ` from ${plural(count, 'plan')}`;
}

/** " (1 plan's saving is unknown, not in the total)": the plans the headline could not add, or ''. */
export function unpricedPlansClause(report: PublishedReport): string {
  const n = report.summary.unpricedPlans;
  if (!n) return '';
  return ` (${n === 1 ? "1 plan's saving is" : `${n} plans' savings are`} unknown, not in the total)`;
}

/**
 * The upper bound ("up to", batch) as a headline states it, undefined when there is none: the amount
 * ("$X/month"; "at least $X/month" when some account's bound is unknown, "an unknown amount" when none
 * is known, never "$0.00") and what is unknown ("; unknown for 1 account", or '').
 */
export function upToSavings(report: PublishedReport): { amount: string; unknown: string } | undefined {
  const s = report.summary;
  const known = s.upToMonthlySavings && !s.upToMonthlySavings.isZero() ? s.upToMonthlySavings : undefined;
  const unknown = s.upToUnknownAccounts ?? 0;
  if (!unknown) return known ? { amount: `${money(known)}/month`, unknown: '' } : undefined;
  return { amount: known ? `at least ${money(known)}/month` : 'an unknown amount', unknown: `; unknown for ${plural(unknown, 'account')}` };
}

/** The savings total in a few words, for a subject or a field: "$X", "at least $X", or "unknown" when no plan's saving is known. */
export function savingsAmount(report: PublishedReport, amount: Decimal): string {
  return savingsTotal(report, amount).replace(/\/month$/, '');
}

/**
 * What required changes cost, as a headline states it, undefined when nothing is known or unknown:
 * "$X/month"; "at least $X/month" when some plan's required cost is unknown (the sum is then a floor);
 * "an unknown amount" when none is known (never "$0.00").
 */
export function requiredCostAmount(report: PublishedReport): string | undefined {
  const required = report.summary.requiredMonthlyCost;
  const known = required && !required.isZero() ? required : undefined;
  if (!report.summary.unpricedRequiredPlans) return known ? `${money(known)}/month` : undefined;
  return known ? `at least ${money(known)}/month` : 'an unknown amount';
}

/** The headline's line for required costs (moving off end-of-life models), or undefined when there are none. */
export function requiredCostLine(report: PublishedReport): string | undefined {
  const amount = requiredCostAmount(report);
  if (amount === undefined) return undefined;
  const n = report.summary.unpricedRequiredPlans;
  const unknown = n ? `; ${n === 1 ? "1 plan's required cost is" : `${n} plans' required costs are`} unknown, not in the total` : '';
  return `Required changes: ${amount} more, to move off models at end of life (apart from the savings, never netted against them${unknown}).`;
}

export function planTitle(plan: ModelPlan): string {
  return `${plan.name ?? plan.modelId} (${plan.region})`;
}

/** What a mode is called in a table. */
export function modeLabel(mode: string): string {
  return mode === 'unchanged' ? 'as today' : mode;
}

/** The mode the model runs in today: on demand, unless its plan says it has provisioned throughput. */
export function todayMode(model: ModelReport): string {
  return model.scope === 'in-region' ? 'on-demand' : `on-demand (${model.scope})`;
}

/**
 * Greedy word wrap to `width` columns. Words longer than a line (an ARN, a command) are broken
 * hard, so no line is ever longer than `width`.
 */
export function wrap(text: string, width: number, indent = '', hangingIndent = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  const room = () => width - line.length;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const sep = empty ? '' : ' ';
    if (word.length + sep.length <= room()) {
      line += sep + word;
      empty = false;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = hangingIndent;
      empty = true;
    }
    let rest = word;
    while (rest.length > room()) {
      lines.push(line + rest.slice(0, room()));
      rest = rest.slice(room());
      line = hangingIndent;
    }
    line += rest;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

/**
 * Escapes text for GitHub-flavoured markdown: emphasis (`*`, `_`), code (backticks), tables (`|`),
 * HTML (`<`, `&`), links and strikethrough. A `>` only quotes at the start of a line, where the
 * renderer never puts one. Model IDs like `amazon.nova-2-lite-v1:0` stay readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/** A code span that survives any backticks in its content. */
export function markdownCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
