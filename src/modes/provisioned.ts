import type { Decimal } from 'decimal.js';
import type { ModelPrices, Priced } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, termHours, type ProvisionedTermInfo } from '../catalog/terms.js';
import { instruction, provisionedSizingConfidence, sizingResolutionAssumptions } from '../domain/advice.js';
import type { CommitmentRisk, ProvisionedDetails, Scenario } from '../domain/report.js';
import type { Worded } from '../domain/notes.js';
import { HOURS_PER_MONTH, ZERO, exactHours, formatUsd, perMonth } from '../money.js';
import type { Bill, BlendedRate } from '../replay/bill.js';
import { convexMinimum } from '../replay/convex.js';
import { UnitSizer, type LoadProfile } from '../replay/load-profile.js';
import { createProvisionedThroughput } from './commands.js';
import type { ModeContext, PricingMode } from './mode.js';
import { tokens, units, type PriceBook } from './price-book.js';

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
    const out: Scenario[] = [];
    for (const [term, info] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, ProvisionedTermInfo]>) {
      const rate = ctx.book.price({ modelUnitHour: term });
      const label = `Provisioned throughput, ${info.label}`;
      if (!rate) {
        if (ptSupported) {
          out.push({ mode: info.mode, label, cost: null, monthlyCost: null, feasible: false,
            reason: `unpriced: no ${info.label} model-unit price for ${group.modelId} in ${group.region}`, assumptions: ctx.common, lines: [] });
        }
        continue;
      }
      out.push(provisionedScenario({
        term, info, label, rate, prices, book: ctx.book, profile: ctx.profile, ...(sizer ? { sizer } : {}), windowHours: ctx.windowHours, now: ctx.now,
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
        `a ${pt.risk.termMonths}-month commitment of ${pt.bestUnits} unit(s) totals ${formatUsd(pt.risk.commitmentTotal)} and cannot be cancelled; that is ${pt.risk.breakEvenMonths.toFixed(1)} months of today's on-demand spend`,
        pt.risk.monthlySavingsIfUsageHalves.isNegative()
          ? `if usage halves, the commitment loses ${formatUsd(pt.risk.monthlySavingsIfUsageHalves.negated())} a month against on demand`
          : `if usage halves, it still saves ${formatUsd(pt.risk.monthlySavingsIfUsageHalves)} a month`,
      ];
    },
    nextSteps: (s, ctx) => [
      createProvisionedThroughput(ctx.replay.report.modelId, ctx.replay.model?.provisionedThroughput?.contextVariants, s.provisioned?.bestUnits ?? 1, s.provisioned?.term ?? 'noCommit'),
      instruction('Invoke the provisioned model ARN and fall back to the base model ID when it throttles'),
    ],
  },
};

interface ProvisionedArgs {
  term: CommitmentTerm;
  info: ProvisionedTermInfo;
  label: string;
  rate: Priced;
  prices: ModelPrices;
  book: PriceBook;
  profile: LoadProfile;
  sizer?: UnitSizer;
  windowHours: number;
  now: Date;
  onDemandMonthly: Decimal | null;
  /** Each side's on-demand rate as billed today; null when either side is unpriced. */
  overflowRates: { input: BlendedRate; output: BlendedRate } | null;
  common: string[];
  contextVariants?: string[];
}

function provisionedScenario(a: ProvisionedArgs): Scenario {
  const { mode, months } = a.info;
  const unitMonthly = a.book.unitMonth(a.term, 1)!;
  const assumptions: Worded[] = [...a.common,
    'provisioned units are billed every hour of the month, used or not',
    'overflow beyond the purchased units is served on demand at today\'s blended rate: the application must fall back to the base model ID when the provisioned model throttles',
    'all input tokens, cached or not, count against unit input capacity'];
  if (a.contextVariants?.length) assumptions.push(`provisioned model IDs carry a context-length variant (${a.contextVariants.join(', ')}); the price assumes the variant that fits your prompts`);
  if (months > 0) assumptions.push(`a ${a.info.label} cannot be cancelled before its term ends; committed units need a quota increase through AWS Support`);
  else assumptions.push('no-commitment units are limited to 2 per account by default');

  const capacity = a.prices.modelUnitCapacity;
  if (!capacity || !a.sizer) {
    // Without the units' throughput we can only say what one unit must deliver to pay off.
    const details: ProvisionedDetails = { term: a.term, hourlyRatePerUnit: a.rate.usd };
    let reason = 'model-unit capacity unknown: AWS does not publish tokens per minute per model unit; add "unitTokensPerMinute" from your account team to a rates file';
    if (a.onDemandMonthly) {
      const affordable = a.onDemandMonthly.dividedToIntegerBy(unitMonthly).toNumber();
      details.breakEven = {
        affordableUnits: affordable,
        inputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakInputPerMinute / affordable) : 0,
        outputTokensPerMinutePerUnit: affordable > 0 ? Math.ceil(a.profile.peakOutputPerMinute / affordable) : 0,
      };
      reason += affordable > 0
        ? `. Break-even: today's on-demand spend pays for ${affordable} unit(s), so each must serve at least ${details.breakEven.inputTokensPerMinutePerUnit.toLocaleString('en-US')} input and ${details.breakEven.outputTokensPerMinutePerUnit.toLocaleString('en-US')} output tokens per minute at the peak`
        : `. One unit costs more per month than all of today's on-demand spend, so this term cannot win at any capacity`;
    }
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: false, reason, assumptions, provisioned: details, lines: [] };
  }

  assumptions.push(`one model unit serves ${capacity.inputTokensPerMinute.toLocaleString('en-US')} input and ${capacity.outputTokensPerMinute.toLocaleString('en-US')} output tokens per minute (source: ${capacity.source.title})`);
  assumptions.push(...sizingResolutionAssumptions(a.profile));
  if (a.overflowRates === null) {
    return { mode, label: a.label, cost: null, monthlyCost: null, feasible: true, reason: 'unpriced: on-demand overflow cannot be priced', assumptions, lines: [] };
  }
  const windowMinutes = a.windowHours * 60;
  const sizer = a.sizer;
  // The search prices each unit count once, and the chosen count's bill is the one it priced.
  const bills = new Map<number, Bill>();
  const bill = (k: number): Bill => {
    let priced = bills.get(k);
    if (!priced) bills.set(k, (priced = provisionedBill(a, k, sizer.evaluate(k, windowMinutes))));
    return priced;
  };
  // cost(k) = k x rate x hours + overflow(k) x on-demand price is convex in k: the overflow falls by
  // less with each extra unit. So the cheapest k is found in O(log units) evaluations, then priced exactly.
  const best = convexMinimum(0, sizer.unitsForPeak, (k) => bill(k).result()!);
  const chosen = { units: best.k, cost: best.cost, mix: sizer.evaluate(best.k, windowMinutes) };
  const atPeak = sizer.evaluate(sizer.unitsForPeak, windowMinutes);
  const details: ProvisionedDetails = {
    term: a.term,
    hourlyRatePerUnit: a.rate.usd,
    unitsForPeak: sizer.unitsForPeak,
    bestUnits: chosen.units,
    utilisation: chosen.mix.utilisation,
    utilisationAtPeak: atPeak.utilisation,
    overflowInputTokens: chosen.mix.overflowInputTokens,
    overflowOutputTokens: chosen.mix.overflowOutputTokens,
    costAtPeak: a.book.bill([units(`model-unit hours (${a.term})`, exactHours(a.windowHours).times(sizer.unitsForPeak), 'model-unit hour', { modelUnitHour: a.term })]).moneyResult()!,
    unitCapacity: { inputTokensPerMinute: capacity.inputTokensPerMinute, outputTokensPerMinute: capacity.outputTokensPerMinute, source: capacity.source.id },
  };
  const monthlyCost = perMonth(chosen.cost, a.windowHours);
  if (months > 0 && chosen.units > 0 && a.onDemandMonthly && !a.onDemandMonthly.isZero()) {
    details.risk = commitmentRisk(a, sizer, chosen.units, windowMinutes);
    assumptions.push(`a commitment's total is its hourly price x units x the hours of its term from the purchase date (calendar months: the same day ${months} month(s) later, or that month's last day); this one, bought ${a.now.toISOString().slice(0, 10)}, runs ${details.risk.termHours} hours`);
  }
  const label = chosen.units === 0
    ? `${a.label}: no units pay at this load (peak needs ${sizer.unitsForPeak})`
    : `${a.label}: ${chosen.units} unit(s)${chosen.units < sizer.unitsForPeak ? `, overflow on demand (peak needs ${sizer.unitsForPeak})` : ''}`;
  const chosenBill = bill(chosen.units);
  return { mode, label, cost: chosen.cost, monthlyCost, feasible: true, assumptions: [...assumptions, ...chosenBill.notes], lines: chosenBill.lines, provisioned: details };
}

/**
 * `k` model units for the window plus their overflow on demand. Overflow is priced at each side's
 * blended on-demand rate as billed today (input side: input, cache reads and writes together), since
 * CloudWatch cannot say which kind of token overflowed.
 */
function provisionedBill(a: ProvisionedArgs, k: number, mix: { overflowInputTokens: number; overflowOutputTokens: number }): Bill {
  return a.book.bill([
    units(`model-unit hours (${a.term})`, exactHours(a.windowHours).times(k), 'model-unit hour', { modelUnitHour: a.term }),
    tokens('input overflow on demand', mix.overflowInputTokens, { blended: a.overflowRates!.input }),
    tokens('output overflow on demand', mix.overflowOutputTokens, { blended: a.overflowRates!.output }),
  ]);
}

function commitmentRisk(a: ProvisionedArgs, sizer: UnitSizer, k: number, windowMinutes: number): CommitmentRisk {
  const unitsMonthly = a.book.unitMonth(a.term, k)!;
  const total = a.book.termTotal(a.term, k, a.now, a.info.months)!;
  const onDemandMonthly = a.onDemandMonthly!;
  const half = sizer.evaluate(k, windowMinutes, 0.5);
  const halfOverflow = provisionedBill(a, 0, half).result() ?? ZERO;
  return {
    termMonths: a.info.months,
    termHours: termHours(a.now, a.info.months),
    commitmentTotal: total,
    breakEvenMonths: total.dividedBy(onDemandMonthly),
    monthlySavingsIfUsageHalves: onDemandMonthly.dividedBy(2).minus(unitsMonthly.plus(perMonth(halfOverflow, a.windowHours))),
  };
}
