import { Decimal } from 'decimal.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { PriceBook, units, type CatalogPriceRef } from '../modes/price-book.js';
import { sumMoney, usd, ZERO } from '../money.js';
import type { AdvisorReport, ModelReport } from '../domain/report.js';
import { addUnique, type Note, type Worded } from '../domain/notes.js';
import { tokenKindOf } from '../domain/lines.js';
import type { BillRead, BilledLine } from './billed-line.js';
import { classifyBilledLine, type ClassifiedLine } from './classify-line.js';
import { RECONCILED_DIMENSIONS, type ReconciledDimension } from './vocabulary.js';
import type {
  CallerCost, DimensionReconciliation, EffectiveRate, ModelReconciliation, OutsideReplayCharge, Reconciliation, SavingsAtEffectiveRate,
} from '../domain/reconciliation.js';

/**
 * Sets the replay beside the bill. Pure: the report (the replay), the billed lines (read by a bill
 * reader) and the catalog the replay was priced with go in; the report's `reconciliation` comes out.
 *
 * - Each billed line is classified (./classify-line.ts) and summed per model, Region and dimension
 *   (the four token series CloudWatch counts, and images). Tiers (flex, batch, priority) and cache
 *   TTLs fold into their series: CloudWatch does not split them either.
 * - Drift compares the bill's quantities at list prices with the replay, so a private discount shows
 *   as an effective rate, not as drift; where either side is unpriced it compares tokens.
 * - The effective rate is billed cost over the same lines at list prices; every saving is restated at
 *   it, on the assumption that the account's discount applies alike to the mode recommended.
 */

/** A model within this many percent of its replay is reconciled. */
export const RECONCILED_WITHIN_PERCENT = 1;
/** An effective rate this close to list (0.5%) is list: the bill's own rounding of daily lines moves the ratio that much. */
const LIST_TOLERANCE = usd('0.005');
const HUNDRED = usd(100);
const DAY_MS = 86_400_000;

interface Side {
  billedQuantity: Decimal;
  billedCost: Decimal;
  listCost: Decimal | null;
  billedAs: Set<string>;
}

interface Group {
  key: string;
  modelId: string;
  region: string;
  accountId?: string;
  replayed: ModelReport[];
  billed: Map<ReconciledDimension, Side>;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC days the window touches: its first day to the day of its last instant. */
export function billDays(window: { start: string; end: string }): { first: string; last: string; edgeHours: number } {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const firstMs = Math.floor(start / DAY_MS) * DAY_MS;
  const lastMs = Math.floor((end - 1) / DAY_MS) * DAY_MS;
  // Hours of those whole days outside the window: the bill has them, the replay does not.
  const edgeHours = (start - firstMs + (lastMs + DAY_MS - end)) / 3_600_000;
  return { first: isoDay(firstMs), last: isoDay(lastMs), edgeHours };
}

/** The days a bill is read for: the report's window widened to whole UTC days, end exclusive. */
export function billReadDays(report: { window: Pick<AdvisorReport['window'], 'start' | 'end'> }): { firstDay: string; endDay: string } {
  const days = billDays(report.window);
  return { firstDay: days.first, endDay: isoDay(Date.parse(`${days.last}T00:00:00Z`) + DAY_MS) };
}

function billedCostOf(line: BilledLine): Decimal {
  return usd(line.netCost ?? line.unblendedCost);
}

function percent(numerator: Decimal, denominator: Decimal): Decimal {
  return numerator.times(HUNDRED).dividedBy(denominator);
}

function drift(billed: Decimal, replayed: Decimal): Decimal | null {
  return replayed.isZero() ? null : percent(billed.minus(replayed), replayed);
}

/** The effective rate as a note, or undefined when within the bill's own rounding of list. */
function offList(ratio: Decimal): Note | undefined {
  return usd(1).minus(ratio).abs().lessThan(LIST_TOLERANCE) ? undefined : { says: 'billed-off-list', ratio };
}

/** On-demand replay of a model, by reconciled dimension: the scenario's priced lines, summed. */
function replayedByDimension(models: ModelReport[]): Map<ReconciledDimension, { quantity: Decimal; cost: Decimal | null }> {
  const out = new Map<ReconciledDimension, { quantity: Decimal; cost: Decimal | null }>();
  const add = (d: ReconciledDimension, quantity: number, cost: Decimal | null | undefined) => {
    const prev = out.get(d) ?? { quantity: ZERO, cost: ZERO as Decimal | null };
    out.set(d, {
      quantity: prev.quantity.plus(quantity),
      cost: prev.cost === null || cost === null ? null : cost === undefined ? prev.cost : prev.cost.plus(cost),
    });
  };
  for (const m of models) {
    const usage = m.usage;
    add('input', usage.inputTokens, undefined);
    add('output', usage.outputTokens, undefined);
    add('cacheRead', usage.cacheReadInputTokens, undefined);
    add('cacheWrite', usage.cacheWriteInputTokens, undefined);
    add('images', usage.images, undefined);
    const onDemand = m.scenarios.find((s) => s.mode === 'on-demand');
    if (!m.priced || !onDemand) {
      for (const d of RECONCILED_DIMENSIONS) add(d, 0, null);
      continue;
    }
    for (const line of onDemand.lines ?? []) {
      const kind = tokenKindOf(line.dimension);
      const d = kind === 'image' ? 'images' : kind === 'query' ? undefined : kind;
      if (d) add(d, 0, line.cost);
    }
  }
  return out;
}

/** A billed line's quantity at its list price, through the model's price book. */
function listCostOf(catalog: PriceCatalog, c: Extract<ClassifiedLine, { kind: 'usage' }>): Decimal | null {
  const prices = catalog.prices(c.modelId, c.region, c.scope);
  if (!prices) return null;
  const book = new PriceBook(catalog.model(c.modelId), prices);
  const ref: CatalogPriceRef = c.billedDimension === 'image' ? { perImage: true } : { per1kTokens: c.billedDimension };
  if (!book.price(ref)) return null;
  // Tokens are billed in any count (a CUR quantity need not be whole): priced in thousands, a shift of the point.
  return book.bill([c.billedDimension === 'image'
    ? units({ code: 'image' }, c.quantity, 'image', ref)
    : units(c.billedDimension, c.quantity.dividedBy(1000), '1K tokens', ref)]).moneyResult();
}

export function reconcile(report: AdvisorReport, bill: BillRead, catalog: PriceCatalog): Reconciliation {
  const days = billDays(report.window);
  const multiAccount = (report.accounts?.length ?? 0) > 0 || report.models.some((m) => m.accountId !== undefined);
  const keyOf = (accountId: string | undefined, region: string, modelId: string) => `${multiAccount ? accountId ?? '' : ''}|${region}|${catalog.canonicalId(modelId)}`;
  const notes: Worded[] = [];

  const groups = new Map<string, Group>();
  const groupFor = (accountId: string | undefined, region: string, modelId: string): Group => {
    const key = keyOf(accountId, region, modelId);
    let g = groups.get(key);
    if (!g) {
      g = { key, modelId: catalog.canonicalId(modelId), region, ...(multiAccount && accountId ? { accountId } : {}), replayed: [], billed: new Map() };
      groups.set(key, g);
    }
    return g;
  };
  for (const m of report.models) groupFor(m.accountId, m.region, m.modelId).replayed.push(m);

  const outside = new Map<string, OutsideReplayCharge>();
  const callers = new Map<string, CallerCost>();
  let billedTotal: Decimal = ZERO;
  let rateBilled: Decimal = ZERO;
  let rateList: Decimal = ZERO;
  let anyNet = false;
  let outsideWindow = 0;
  let otherAccounts = 0;

  for (const line of bill.lines) {
    if (line.day < days.first || line.day > days.last) {
      outsideWindow++;
      continue;
    }
    // A single-account report is reconciled with that account's lines only (a payer's export has every account's).
    if (!multiAccount && report.account && line.accountId && line.accountId !== report.account) {
      otherAccounts++;
      continue;
    }
    const cost = billedCostOf(line);
    if (line.netCost !== undefined) anyNet = true;
    billedTotal = billedTotal.plus(cost);
    if (line.iamPrincipal) addCaller(callers, 'iam-principal', line.iamPrincipal, cost);
    for (const [k, v] of Object.entries(line.tags ?? {})) if (v !== '') addCaller(callers, 'tag', `${k}=${v}`, cost);

    const c = classifyBilledLine(line);
    if (c.kind === 'outside') {
      const key = `${c.category}|${line.service}|${line.usageType}`;
      const prev = outside.get(key);
      if (prev) {
        prev.billedCost = prev.billedCost.plus(cost);
        prev.quantity = prev.quantity.plus(line.quantity);
      } else {
        outside.set(key, { category: c.category, service: line.service, usageType: line.usageType, billedCost: cost, quantity: usd(line.quantity), unit: line.unit, reason: c.reason });
      }
      continue;
    }
    const g = groupFor(line.accountId, c.region, c.modelId);
    const list = listCostOf(catalog, c);
    if (list !== null) {
      rateBilled = rateBilled.plus(cost);
      rateList = rateList.plus(list);
    }
    const side = g.billed.get(c.dimension) ?? { billedQuantity: ZERO, billedCost: ZERO, listCost: ZERO, billedAs: new Set<string>() };
    side.billedQuantity = side.billedQuantity.plus(c.quantity);
    side.billedCost = side.billedCost.plus(cost);
    side.listCost = side.listCost === null || list === null ? null : side.listCost.plus(list);
    side.billedAs.add(c.billedDimension);
    g.billed.set(c.dimension, side);
  }

  const overallRatio = rateList.isZero() ? undefined : rateBilled.dividedBy(rateList);
  const effectiveRate: EffectiveRate | undefined = overallRatio === undefined ? undefined : {
    billedCost: rateBilled,
    listCost: rateList,
    billedToListRatio: overallRatio,
    discountPercent: usd(1).minus(overallRatio).times(HUNDRED),
    basis: anyNet ? 'net unblended' : 'unblended',
    note: offList(overallRatio) ?? { says: 'billed-at-list' },
  };

  const models: ModelReconciliation[] = [];
  let covered: Decimal = ZERO;
  let notReplayed: Decimal = ZERO;
  let replayedTotal: Decimal = ZERO;
  for (const g of groups.values()) {
    const reconciled = reconcileModel(g, days.edgeHours);
    if (!reconciled) continue;
    models.push(reconciled);
    if (reconciled.inReplay) covered = covered.plus(reconciled.billedCost);
    else notReplayed = notReplayed.plus(reconciled.billedCost);
    if (reconciled.replayedCost) replayedTotal = replayedTotal.plus(reconciled.replayedCost);
  }
  models.sort((a, b) => b.billedCost.comparedTo(a.billedCost) || a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region));

  // A plan whose saving is unknown has none to restate at the account's rate: left out, never $0 at either price.
  const savings: SavingsAtEffectiveRate[] = (report.plans ?? []).flatMap((p) => (p.steps.length > 0 && p.monthlySavings !== null ? [{ ...p, monthlySavings: p.monthlySavings }] : [])).map((p) => {
    const model = models.find((m) => m.modelId === catalog.canonicalId(p.modelId) && m.region === p.region && (!multiAccount || m.accountId === p.accountId));
    const ratio = model?.billedToListRatio ?? overallRatio ?? usd(1);
    return {
      modelId: p.modelId, region: p.region, ...(p.accountId ? { accountId: p.accountId } : {}),
      monthlySavingsAtList: p.monthlySavings, monthlySavingsAtEffectiveRate: p.monthlySavings.times(ratio), billedToListRatio: ratio,
    };
  });

  const outsideReplay = [...outside.values()].sort((a, b) => b.billedCost.comparedTo(a.billedCost) || a.usageType.localeCompare(b.usageType));
  if (days.edgeHours > 0) notes.push({ says: 'bill-daily-edge', first: days.first, last: days.last, hours: days.edgeHours });
  if (outsideWindow) notes.push({ says: 'bill-lines-outside-days', lines: outsideWindow, first: days.first, last: days.last });
  // Lines of other accounts are only counted against the report's own account.
  if (otherAccounts && report.account) notes.push({ says: 'bill-lines-other-accounts', lines: otherAccounts, account: report.account });
  notes.push({ says: 'bill-drift-measure', withinPercent: RECONCILED_WITHIN_PERCENT }, { says: 'bill-effective-rate-applies-alike' }, { says: 'bill-tiers-folded' });

  const callerList = [...callers.values()].sort((a, b) => b.billedCost.comparedTo(a.billedCost) || a.name.localeCompare(b.name));
  return {
    source: bill.source,
    days: { first: days.first, last: days.last },
    models,
    outsideReplay,
    ...(effectiveRate ? { effectiveRate } : {}),
    savings,
    totals: {
      billedCost: billedTotal,
      coveredByReplayCost: covered,
      outsideReplayCost: sumMoney(outsideReplay.map((o) => o.billedCost)),
      notReplayedUsageCost: notReplayed,
      replayedCost: replayedTotal,
      adviceCoveragePercent: billedTotal.isZero() ? null : percent(covered, billedTotal),
      modelsReconciled: models.filter((m) => m.reconciled).length,
      models: models.length,
      potentialMonthlySavingsAtList: report.summary.potentialMonthlySavings,
      potentialMonthlySavingsAtEffectiveRate: sumMoney(savings.map((s) => s.monthlySavingsAtEffectiveRate)),
    },
    ...(callerList.length ? { callers: callerList } : {}),
    notes,
  };
}

function addCaller(callers: Map<string, CallerCost>, kind: CallerCost['kind'], name: string, cost: Decimal): void {
  const key = `${kind}|${name}`;
  const prev = callers.get(key);
  if (prev) prev.billedCost = prev.billedCost.plus(cost);
  else callers.set(key, { kind, name, billedCost: cost });
}

function reconcileModel(g: Group, edgeHours: number): ModelReconciliation | undefined {
  const replayed = replayedByDimension(g.replayed);
  const inReplay = g.replayed.length > 0;
  const unpriced = g.replayed.find((m) => !m.priced);
  const dimensions: DimensionReconciliation[] = [];
  for (const d of RECONCILED_DIMENSIONS) {
    const billed = g.billed.get(d);
    const r = replayed.get(d);
    // Zeros here are counts, not missing prices: `r` is absent only for a model the replay never saw
    // (every replayed model adds every dimension), and `billed` only where the bill has no line for the
    // dimension in the days read, so nothing was billed. An unknown replayed cost stays null below.
    const replayedQuantity = r?.quantity ?? ZERO;
    if (!billed && replayedQuantity.isZero()) continue;
    const billedQuantity = billed?.billedQuantity ?? ZERO;
    const reasons: Worded[] = [];
    const billedAs = [...(billed?.billedAs ?? [])].sort();
    if ((d === 'cacheRead' || d === 'cacheWrite') && replayedQuantity.isZero() && billedQuantity.greaterThan(0) && inReplay) {
      reasons.push({ says: 'bill-cache-absent', dimension: d, billedTokens: billedQuantity.toNumber() });
    }
    const tiered = billedAs.filter((b) => /^(batch|flex|priority)/.test(b));
    if (tiered.length) reasons.push({ says: 'bill-tiered', billedAs: tiered });
    dimensions.push({
      dimension: d,
      billedQuantity,
      replayedQuantity,
      billedCost: billed?.billedCost ?? ZERO,
      billedAtListCost: billed ? billed.listCost : ZERO,
      replayedCost: inReplay ? (r?.cost ?? null) : ZERO,
      driftPercent: drift(billedQuantity, replayedQuantity),
      billedAs,
      reasons,
    });
  }
  if (dimensions.length === 0) return undefined;

  const billedCost = sumMoney(dimensions.map((d) => d.billedCost));
  const billedAtListCost = dimensions.some((d) => d.billedAtListCost === null) ? null : sumMoney(dimensions.map((d) => d.billedAtListCost!));
  const replayedCost = !inReplay ? ZERO : unpriced || dimensions.some((d) => d.replayedCost === null) ? null : sumMoney(dimensions.map((d) => d.replayedCost!));
  const tokens = (pick: (d: DimensionReconciliation) => Decimal) => sumMoney(dimensions.map(pick));
  const modelDrift = !inReplay
    ? null
    : billedAtListCost !== null && replayedCost !== null && !replayedCost.isZero()
      ? drift(billedAtListCost, replayedCost)
      : drift(tokens((d) => d.billedQuantity), tokens((d) => d.replayedQuantity));
  const reasons: Worded[] = [];
  if (!inReplay) reasons.push({ says: 'bill-not-in-replay' });
  if (unpriced) reasons.push({ says: 'bill-region-unpriced', ...(unpriced.unpricedReason !== undefined ? { reason: unpriced.unpricedReason } : {}) });
  if (inReplay && billedCost.isZero() && dimensions.every((d) => d.billedQuantity.isZero())) reasons.push({ says: 'replay-not-on-bill' });
  const reconciled = modelDrift !== null && modelDrift.abs().lessThanOrEqualTo(RECONCILED_WITHIN_PERCENT);
  if (!reconciled && edgeHours > 0 && inReplay) reasons.push({ says: 'bill-window-edge', hours: edgeHours });
  for (const d of dimensions) addUnique(reasons, d.reasons);
  const ratio = billedAtListCost !== null && !billedAtListCost.isZero() ? billedCost.dividedBy(billedAtListCost) : undefined;
  const note = ratio ? offList(ratio) : undefined;
  const name = g.replayed.find((m) => m.name)?.name;
  return {
    modelId: g.modelId,
    ...(name ? { name } : {}),
    region: g.region,
    ...(g.accountId ? { accountId: g.accountId } : {}),
    inReplay,
    billedCost,
    billedAtListCost,
    replayedCost,
    driftPercent: modelDrift,
    reconciled,
    ...(ratio ? { billedToListRatio: ratio } : {}),
    ...(note ? { effectiveRateNote: note } : {}),
    reasons,
    dimensions,
  };
}
