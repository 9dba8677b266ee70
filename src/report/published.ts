import { Decimal } from 'decimal.js';
import { settleAccounts } from './organization.js';
import { planRequiredCost, planSaving, plannedSavingsOf, requiredCostOf, unpricedCustomModelsOf } from '../domain/summary.js';
import { sumMoney } from '../money.js';
import { settleReconciliation } from '../bill/settle.js';
import type { Reconciliation } from '../domain/reconciliation.js';
import type { AdvisorReport, ModelPlan, PlanStep, Recommendation } from '../domain/report.js';
import type { Command } from '../domain/advice.js';
import { commandText } from './commands.js';
import { isNote, isRatioBasis, type Note, type PublishedText } from '../domain/notes.js';
import { noteText, priceListFallbackText, ratioBasisText } from './advice-text.js';
import { citationText, lineText } from './line-text.js';
import { isCitation, type LineDimension, type PriceListFallback } from '../domain/lines.js';
import { isWindowBasis } from '../usage/usage.js';
import { windowBasisText } from './format.js';
import type { Published, PublishedReport } from './published-view.js';

export type { Published, PublishedReport } from './published-view.js';

/**
 * The figures people and programs see. In memory money is exact; published, every amount has a fixed
 * scale so the parts shown add up to the totals shown:
 *  - display amounts (monthly costs, savings): cents;
 *  - window figures (a scenario's cost over the observed window) and rates per unit-hour: six decimals;
 *  - ratios (percentages, months of spend): two decimals;
 *  - quoted catalog prices (`prices[].usd`, `lines[].unitPrice`): as quoted, at least six decimals, never rounded, because a
 *    price is cited with its source and $0.00000875 per 1K tokens rounded would no longer be that price.
 * Parts are rounded first and every total is computed from the rounded parts (round half even).
 */

/** A priced line's quantity (1K tokens, model-unit hours, 1K TPM-months) is not money, but it is a window figure: six decimals. */
const SIX_DECIMALS: ReadonlySet<string> = new Set(['cost', 'onDemandCost', 'batchCost', 'hourlyRatePerUnit', 'costAtPeak', 'quantity', 'billedToListRatio']);
const RATIOS: ReadonlySet<string> = new Set(['savingsPercent', 'breakEvenMonths', 'changePercent']);
/** A priced line's `unitPrice` is the catalog's price, quoted like `prices[].usd`: rounded, $0.00000875 would read $0.00. */
const QUOTED: ReadonlySet<string> = new Set(['usd', 'unitPrice']);

/** Decimal places a published amount under `key` carries; undefined = as quoted. */
export function scaleOf(key: string): number | undefined {
  if (QUOTED.has(key)) return undefined;
  if (SIX_DECIMALS.has(key)) return 6;
  return 2;
}

function roundAt(value: Decimal, key: string): Decimal {
  const scale = RATIOS.has(key) ? 2 : scaleOf(key);
  return scale === undefined ? value : value.toDecimalPlaces(scale, Decimal.ROUND_HALF_EVEN);
}

function roundDeep(value: unknown, key: string): unknown {
  if (Decimal.isDecimal(value)) return roundAt(value as Decimal, key);
  // Worded from its exact figures, as the engine computed them: a saving in a title reads as it always did.
  if (isNote(value)) return publishedText(value);
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, k);
    return out;
  }
  return value;
}

function settleRecommendation(r: Published<Recommendation>): Published<Recommendation> {
  // An unknown cost after the step leaves the saving unknown (null), as the engine stated it.
  const monthlySavings = r.newMonthlyCost === null ? null : r.currentMonthlyCost.minus(r.newMonthlyCost);
  return { ...r, monthlySavings };
}

/** The reconciliation's totals from its rounded parts: `settleReconciliation` recomputes money only and carries every other field (its notes, already in words) as it is. */
function settledReconciliation(r: Published<Reconciliation>, potentialMonthlySavings: Decimal): Published<Reconciliation> {
  return settleReconciliation(r as unknown as Reconciliation, potentialMonthlySavings) as unknown as Published<Reconciliation>;
}

function settlePlan(p: Published<ModelPlan>): Published<ModelPlan> {
  const steps: Array<Published<PlanStep>> = p.steps;
  const saving = planSaving(steps);
  // The steps do not say which unknown one is required: an unknown required cost is the engine's, kept with its reason.
  const required = planRequiredCost(steps, p.requiredMonthlyCost === null ? p.requiredCostUnpricedReason : undefined);
  const plannedMonthlyCost = saving.monthlySavings === null || required.requiredMonthlyCost === null ? null
    : p.currentMonthlyCost.minus(saving.monthlySavings).plus(required.requiredMonthlyCost ?? 0);
  return { ...p, monthlySavings: saving.monthlySavings, ...required, plannedMonthlyCost };
}

/** A note in words, as the published view holds it: the one place a `PublishedText` is made. */
export function publishedText(note: Note): PublishedText {
  return noteText(note) as PublishedText;
}

const SETTLED = Symbol('published figures');

/** Marks a report built from a published one (a trimmed part of it) as published. */
export function asPublished(report: Published<AdvisorReport>): PublishedReport {
  Object.defineProperty(report, SETTLED, { value: true, enumerable: false });
  return report as PublishedReport;
}

function isPublished(report: AdvisorReport | Published<AdvisorReport>): report is PublishedReport {
  return (report as unknown as Record<symbol, unknown>)[SETTLED] === true;
}

/**
 * The one view of a report that is published: every amount rounded to its scale, every total settled
 * from the rounded parts, every note in words. Every renderer, the CLI, every Lambda's response and the
 * SNS message are made from it, and it is made once (a published report is returned as it is). This is
 * the one function that takes the engine's report and gives published data: every renderer takes a
 * `PublishedReport` (test/architecture/published-view.test.ts). A part of it (a message trimmed to fit
 * SNS keeps fewer plans and lines) stays published, so its totals stay those of the whole report and
 * are never recomputed from what was kept.
 */
export function publishedReport(report: AdvisorReport | PublishedReport): PublishedReport {
  if (isPublished(report)) return report;
  const r = roundDeep(report, '') as Published<AdvisorReport>;
  const plans = r.plans?.map(settlePlan);
  const recommendations = r.recommendations.map(settleRecommendation);
  const parts = [
    ...r.models.map((m) => m.currentMonthlyCost ?? new Decimal(0)),
    ...r.provisionedThroughputs.map((pt) => pt.monthlyCost ?? new Decimal(0)),
    ...r.customModels.map((c) => c.storageMonthlyCost ?? new Decimal(0)),
  ];
  // A report always has its parts; a summary-only report (trimmed to fit SNS) keeps its rounded total.
  const currentMonthlyCost = parts.length ? sumMoney(parts) : r.summary.currentMonthlyCost;
  const accounts = settleAccounts({ ...r, ...(plans ? { plans } : {}) });
  const planned = plans ? plannedSavingsOf(plans) : undefined;
  const potentialMonthlySavings = planned ? planned.potentialMonthlySavings : r.summary.potentialMonthlySavings;
  return asPublished({
    ...r,
    ...(accounts ? { accounts } : {}),
    summary: {
      ...r.summary,
      currentMonthlyCost,
      potentialMonthlySavings,
      // Counted from the plans when they are here (undefined, left out, when none is unknown).
      unpricedPlans: planned ? planned.unpricedPlans : r.summary.unpricedPlans,
      // A report written before the summary counted custom models with unpriced storage: counted from its list.
      ...(r.summary.unpricedCustomModels === undefined ? unpricedCustomModelsOf(r.customModels) : {}),
      ...(plans ? { upToMonthlySavings: sumMoney(plans.map((p) => p.upTo?.monthlySavings ?? new Decimal(0))), ...requiredCostOf(plans) } : {}),
    },
    ...(plans ? { plans } : {}),
    recommendations,
    ...(r.reconciliation ? { reconciliation: settledReconciliation(r.reconciliation, potentialMonthlySavings) } : {}),
  });
}

/** Keys whose values are next steps as data (`Command[]`): the JSON report writes them out as text. */
const COMMAND_LISTS: ReadonlySet<string> = new Set(['nextSteps', 'commands']);

function serialise(value: unknown, key: string): unknown {
  if (COMMAND_LISTS.has(key) && Array.isArray(value)) return (value as Command[]).map(commandText);
  // A priced line's dimension is a code in every view (renderers and the FOCUS export classify by it); JSON carries its words.
  if (key === 'dimension' && value !== null && typeof value === 'object') return lineText(value as LineDimension);
  // So is a token ratio's basis (a renderer tells an assumed ratio by its code); JSON carries its words.
  if (key === 'basis' && isRatioBasis(value)) return ratioBasisText(value);
  // And how the window was set.
  if (key === 'basis' && isWindowBasis(value)) return windowBasisText(value);
  // And why the bundled catalog stood in for the live Price List.
  if (key === 'fallback' && value !== null && typeof value === 'object' && 'why' in value) return priceListFallbackText(value as PriceListFallback);
  // And a price's citation (the FOCUS export reads its usage type, the footer its rates file).
  if (key === 'source' && isCitation(value)) return citationText(value);
  if (Decimal.isDecimal(value)) {
    const d = value as Decimal;
    if (RATIOS.has(key)) return d.toFixed(2);
    const scale = scaleOf(key);
    return scale === undefined ? d.toFixed(Math.max(6, d.decimalPlaces())) : d.toFixed(scale);
  }
  if (Array.isArray(value)) return value.map((v) => serialise(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = serialise(v, k);
    return out;
  }
  return value;
}

/** The published report as JSON: the shape of `schema/report.schema.json`. */
export type PublishedJson = Record<string, unknown>;

/**
 * Characters that would act rather than print in a terminal, an email or a chat message: controls
 * (a newline that fakes a line of the report, ESC starting a terminal escape sequence), C1 controls,
 * zero-width and bidirectional marks. They come with names from the account (a provisioned
 * throughput, an inference profile, a model ID in a CSV) and are shown escaped, never raw.
 */
// eslint-disable-next-line no-control-regex -- these are the characters being escaped
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every unprinting character written as an escape (`\n`, `\u001b`). */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function printableDeep(value: unknown): unknown {
  if (typeof value === 'string') return printable(value);
  if (Decimal.isDecimal(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(printableDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = printableDeep(v);
    return out;
  }
  return value;
}

/**
 * The published report for the text formats (table, markdown, email, Slack, HTML): its figures, and
 * every string printable. The JSON report keeps strings exact (JSON escapes them itself).
 */
export function textReport(report: PublishedReport): PublishedReport {
  if (PRINTABLE_REPORTS.has(report)) return report as PublishedReport;
  let text = TEXT_REPORTS.get(report);
  if (!text) {
    // Built once per report: an SNS message renders the same report many times while trimming it.
    text = asPublished(printableDeep(report) as Published<AdvisorReport>);
    TEXT_REPORTS.set(report, text);
    PRINTABLE_REPORTS.add(text);
  }
  return text;
}

const TEXT_REPORTS = new WeakMap<PublishedReport, PublishedReport>();
const PRINTABLE_REPORTS = new WeakSet<PublishedReport>();

/**
 * The JSON report (`--format json`, the analyze Lambda's response, the SNS `sqs`/`lambda` parts): the
 * published figures as decimal strings with a fixed scale. Its shape is `schema/report.schema.json`.
 * The only JSON form of a report that leaves the advisor (the fan-out's partials travel exact, as
 * `report-codec.ts`, and are published only once merged).
 */
export function toPublishedJson(report: PublishedReport): PublishedJson {
  return serialise(report, '') as PublishedJson;
}

/** How much text the JSON report gathers before handing it on: large writes, never the whole report. */
const JSON_CHUNK_CHARS = 1 << 16;

/**
 * `JSON.stringify(toPublishedJson(report), null, 2)` byte for byte, a piece at a time: the report and
 * its arrays (models, recommendations, ...) are written an element at a time, each element serialised
 * only when it is written. A 200-model report is about 5 MB of text; built whole it was, with its
 * serialised copy, the peak of a CLI run over a large CSV (the usage series are still held then).
 */
export function* publishedJsonChunks(report: PublishedReport): Generator<string> {
  let pending = '';
  for (const piece of prettyJson(report, '', '', 0)) {
    pending += piece;
    if (pending.length >= JSON_CHUNK_CHARS) {
      yield pending;
      pending = '';
    }
  }
  yield `${pending}\n`;
}

/** Containers this deep are written whole; shallower ones an element at a time. */
const PIECEWISE_DEPTH = 2;

/** Whether `value` is written an element at a time: a container `serialise` copies member by member. */
function piecewise(value: unknown, key: string, depth: number): value is object {
  return depth < PIECEWISE_DEPTH && value !== null && typeof value === 'object' && !COMMAND_LISTS.has(key) && key !== 'dimension' && !Decimal.isDecimal(value);
}

/** `serialise(value, key)` as `JSON.stringify(_, null, 2)` writes it at `indent`; undefined where JSON writes nothing. */
function wholeJson(value: unknown, key: string, indent: string): string | undefined {
  // JSON text holds no raw newline inside a string, so each of its newlines is a line of its layout.
  return (JSON.stringify(serialise(value, key), null, 2) as string | undefined)?.replaceAll('\n', `\n${indent}`);
}

/** `serialise(value, key)` as `JSON.stringify(_, null, 2)` writes it at `indent`, a piece at a time. */
function* prettyJson(value: unknown, key: string, indent: string, depth: number): Generator<string> {
  if (!piecewise(value, key, depth)) return yield wholeJson(value, key, indent) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      yield* prettyJson(value[i], key, inner, depth + 1);
    }
    return yield `\n${indent}]`;
  }
  let written = 0;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const whole = piecewise(v, k, depth + 1) ? undefined : wholeJson(v, k, inner);
    if (whole === undefined && !piecewise(v, k, depth + 1)) continue; // JSON leaves the member out
    yield `${written++ === 0 ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    if (whole !== undefined) yield whole;
    else yield* prettyJson(v, k, inner, depth + 1);
  }
  yield written === 0 ? '{}' : `\n${indent}}`;
}
