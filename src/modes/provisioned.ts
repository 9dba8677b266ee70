import type { Decimal } from 'decimal.js';
import type { ModelPrices, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, termHours, type ProvisionedTermInfo } from '../catalog/terms.js';
import { instruction, provisionedSizingConfidence, sizingResolutionAssumptions } from '../domain/advice.js';
import type { CommitmentRisk, ProvisionedDetails, Scenario } from '../domain/report.js';
import type { Note, Worded } from '../domain/notes.js';
import { ZERO, exactHours, perMonth } from '../money.js';
import type { Bill, BlendedRate } from '../replay/bill.js';
import { convexMinimum } from '../replay/convex.js';
import { UnitSizer, type LoadProfile, type UnitMixResult } from '../replay/load-profile.js';
import { createProvisionedThroughput } from './commands.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens, unitHoursLine, units, type PriceBook } from './price-book.js';
import type { LineDimension } from '../domain/lines.js';

const INPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'input' };
const OUTPUT_OVERFLOW: LineDimension = { code: 'overflow-on-demand', side: 'output' };
/** What every provisioned scenario assumes, whatever the model: one frozen list shared by every scenario, copied into each one's own list. */
const PT_ASSUMPTIONS: readonly Note[] = Object.freeze([
  Object.freeze({ says: 'pt-billed-every-hour' } as const),
  Object.freeze({ says: 'pt-overflow-on-demand' } as const),
  Object.freeze({ says: 'pt-input-capacity-all-input' } as const),
]);
const PT_NO_COMMIT_LIMIT: Note = Object.freeze({ says: 'pt-no-commit-limit' } as const);

/**
 * Provisioned throughput at each term (no commitment, 1 month, 6 months): model units every hour of
 * the month, sized minute by minute at the cheapest unit count, overflow on demand.
 */
export const provisionedMode: PricingMode = {
  id: 'provisioned',
  scenarioModes: Object.values(PROVISIONED_TERMS).map((t) => t.mode),
  needs: ['tokens', 'load-profile', 'unit-histogram'],
  appliesTo: 'token-models',
  profileOptions: (prices) => (prices?.modelUnitCapacity ? { unitCapacity: prices.modelUnitCapacity } : {}),
  scenarios(ctx: ModeContext): Scenario[] {
    const { model, prices, group } = ctx;
    const ptSupported = model?.provisionedThroughput?.supported ?? false;
    if (!ptSupported && Object.keys(prices.perModelUnitHour).length === 0) return [];
    // One sizer serves every term: the load and the unit capacity are the same.
    const sizer = prices.modelUnitCapacity ? new UnitSizer(ctx.profile, prices.modelUnitCapacity) : undefined;
    // Nor does a unit count's mix: every term's search asks for the same few counts.
    const mixes = new Map<number, UnitMixResult>();
    const out: Scenario[] = [];
    for (const [term, info] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, ProvisionedTermInfo]>) {
      const rate = ctx.book.price({ modelUnitHour: term });
      const label: Note = { says: 'provisioned-label', term };
      if (!rate) {
        if (ptSupported) {
          out.push({ mode: info.mode, label, cost: null, monthlyCost: null, feasible: false,
            reason: { says: 'pt-term-unpriced', term, modelId: group.modelId, region: group.region }, assumptions: ctx.common, lines: [] });
        }
        continue;
      }
      out.push(provisionedScenario({
        term, info, label, rate, prices, book: ctx.book, profile: ctx.profile, ...(sizer ? { sizer } : {}), mixes, windowHours: ctx.windowHours, now: ctx.now,
        onDemandMonthly: ctx.monthly(ctx.onDemandCost), overflowRates: ctx.overflowRates, common: ctx.common,
        ...(model?.provisionedThroughput?.contextVariants ? { contextVariants: model.provisionedThroughput.contextVariants } : {}),
      }));
    }
    return out;
  },
  adviser: {
    action: 'buy-provisioned-throughput',
    buysCapacity: true,
    eligible: (s) => (s.provisioned?.bestUnits ?? 0) > 0,
    confidence: (s, ctx) => {
      const sizing = provisionedSizingConfidence(ctx.replay.profile.peakResolutionSeconds, s.provisioned?.unitCapacity?.source === 'rates-file' ? 'rates-file' : 'catalog');
      return { confidence: sizing.confidence, reasons: [sizing.reason] };
    },
    title: (s, where) => ({ says: 'buy-provisioned', where, units: s.provisioned?.bestUnits ?? 0, mode: s.mode }),
    risk: (s) => {
      const pt = s.provisioned;
      if (!pt?.risk) return [];
      return [
        { says: 'pt-commitment-total', termMonths: pt.risk.termMonths, units: pt.bestUnits ?? 0, total: pt.risk.commitmentTotal, breakEvenMonths: pt.risk.breakEvenMonths },
        { says: 'pt-if-usage-halves', monthlySavings: pt.risk.monthlySavingsIfUsageHalves },
      ];
    },
    nextSteps: (s, ctx) => [
      createProvisionedThroughput(ctx.replay.report.modelId, ctx.replay.model?.provisionedThroughput?.contextVariants, s.provisioned?.bestUnits ?? 1, s.provisioned?.term ?? 'noCommit'),
      instruction({ says: 'invoke-provisioned-with-fallback' }),
    ],
  },
};

interface ProvisionedArgs {
  term: CommitmentTerm;
  info: ProvisionedTermInfo;
  label: Note;
  rate: Priced;
  prices: ModelPrices;
  book: PriceBook;
  profile: LoadProfile;
  sizer?: UnitSizer;
  /** The sizer's mixes by unit count, shared by the terms. */
  mixes: Map<number, UnitMixResult>;
  windowHours: number;
  now: Date;
  onDemandMonthly: Decimal | null;
  /** Each side's on-demand rate as billed today; null when either side is unpriced. */
  overflowRates: { input: BlendedRate; output: BlendedRate } | null;
  common: Worded[];
  contextVariants?: string[];
}

function provisionedScenario(a: ProvisionedArgs): Scenario {
  const { mode, months } = a.info;
  const assumptions: Worded[] = [...a.common, ...PT_ASSUMPTIONS];
  if (a.contextVariants?.length) assumptions.push({ says: 'pt-context-variants', variants: a.contextVariants });
  if (months > 0) assumptions.push({ says: 'pt-committed-quota', term: a.term });
  else assumptions.push(PT_NO_COMMIT_LIMIT);

  const capacity = a.prices.modelUnitCapacity;
  if (!capacity || !a.sizer) {
    // Without the units' throughput we can only say what one unit must deliver to pay off.
    const details: ProvisionedDetails = { term: a.term, hourlyRatePerUnit: a.rate.usd };
    let reason: Note = { says: 'pt-capacity-unknown' };
    if (a.onDemandMonthly) {
      const affordable = a.onDemandMonthly.dividedToIntegerBy(a.book.unitMonth(a.term, 1)!).toNumber();
      details.breakEven = {
        affordableUnits: affordable,
        inputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakInputPerMinute / affordable) : 0,
        outputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakOutputPerMinute / affordable) : 0,
      };
      reason = { says: 'pt-capacity-unknown', breakEven: details.breakEven };
    }
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: false, reason, assumptions, provisioned: details, lines: [] };
  }

  assumptions.push({ says: 'pt-unit-capacity', inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.title });
  assumptions.push(...sizingResolutionAssumptions(a.profile));
  const rates = a.overflowRates;
  if (rates === null) {
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: true, reason: { says: 'pt-overflow-unpriced' }, assumptions, lines: [] };
  }
  const windowMinutes = a.windowHours * 60;
  const sizer = a.sizer;
  // The search prices each unit count once, and the chosen count's bill is the one it priced.
  const bills = new Map<number, Bill>();
  const mixes = a.mixes;
  const mix = (k: number): UnitMixResult => {
    let m = mixes.get(k);
    if (!m) mixes.set(k, (m = sizer.evaluate(k, windowMinutes)));
    return m;
  };
  const bill = (k: number): Bill => {
    let priced = bills.get(k);
    if (!priced) bills.set(k, (priced = provisionedBill(a, k, mix(k))));
    return priced;
  };
  // The same cost as a float, for the search's comparisons (`convexMinimum`): unit-hours at the rate,
  // and each side's overflow at its blended rate, as `provisionedBill` lines them.
  const hourly = a.rate.usd.toNumber() * exactHours(a.windowHours).toNumber();
  const estimate = (k: number): number => {
    const m = mix(k);
    return k * hourly + rates.input.estimate(m.overflowInputTokens) + rates.output.estimate(m.overflowOutputTokens);
  };
  // cost(k) = k x rate x hours + overflow(k) x on-demand price is convex in k: the overflow falls by
  // less with each extra unit. So the cheapest k is found in O(log units) evaluations, then priced exactly.
  const best = convexMinimum(0, sizer.unitsForPeak, (k) => bill(k).result()!, estimate);
  const chosen = { units: best.k, cost: best.cost, mix: mix(best.k) };
  const atPeak = mix(sizer.unitsForPeak);
  const details: ProvisionedDetails = {
    term: a.term,
    hourlyRatePerUnit: a.rate.usd,
    unitsForPeak: sizer.unitsForPeak,
    bestUnits: chosen.units,
    utilisation: chosen.mix.utilisation,
    utilisationAtPeak: atPeak.utilisation,
    overflowInputTokens: chosen.mix.overflowInputTokens,
    overflowOutputTokens: chosen.mix.overflowOutputTokens,
    costAtPeak: a.book.unitHours(a.term, exactHours(a.windowHours).times(sizer.unitsForPeak))!,
    unitCapacity: { inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.id },
  };
  const monthlyCost = perMonth(chosen.cost, a.windowHours);
  if (months > 0 && chosen.units > 0 && a.onDemandMonthly && !a.onDemandMonthly.isZero()) {
    details.risk = commitmentRisk(a, sizer, chosen.units, windowMinutes);
    assumptions.push({ says: 'pt-term-hours', months, boughtOn: a.now.toISOString().slice(0, 10), termHours: details.risk.termHours });
  }
  const label: Note = { says: 'provisioned-label', term: a.term, sized: { units: chosen.units, unitsForPeak: sizer.unitsForPeak } };
  const chosenBill = bill(chosen.units);
  assumptions.push(...chosenBill.notes);
  return { mode, label, cost: chosen.cost, monthlyCost, feasible: true, assumptions, lines: chosenBill.lines, provisioned: details };
}

/**
 * `k` model units for the window plus their overflow on demand. Overflow is priced at each side's
 * blended on-demand rate as billed today (input side: input, cache reads and writes together), since
 * CloudWatch cannot say which kind of token overflowed.
 */
function provisionedBill(a: ProvisionedArgs, k: number, mix: { overflowInputTokens: number; overflowOutputTokens: number }): Bill {
  return a.book.bill([
    units(unitHoursLine(a.term), exactHours(a.windowHours).times(k), 'model-unit hour', { modelUnitHour: a.term }),
    tokens(INPUT_OVERFLOW, mix.overflowInputTokens, { blended: a.overflowRates!.input }),
    tokens(OUTPUT_OVERFLOW, mix.overflowOutputTokens, { blended: a.overflowRates!.output }),
  ]);
}

function commitmentRisk(a: ProvisionedArgs, sizer: UnitSizer, k: number, windowMinutes: number): CommitmentRisk {
  const unitsMonthly = a.book.unitMonth(a.term, k)!;
  const hours = termHours(a.now, a.info.months);
  const total = a.book.termTotal(a.term, k, a.now, a.info.months)!;
  const onDemandMonthly = a.onDemandMonthly!;
  const half = sizer.evaluate(k, windowMinutes, 0.5);
  const halfOverflow = provisionedBill(a, 0, half).result() ?? ZERO;
  return {
    termMonths: a.info.months,
    termHours: hours,
    commitmentTotal: total,
    breakEvenMonths: total.dividedBy(onDemandMonthly),
    monthlySavingsIfUsageHalves: onDemandMonthly.dividedBy(2).minus(unitsMonthly.plus(perMonth(halfOverflow, a.windowHours))),
  };
}
