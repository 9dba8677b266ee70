import { Decimal } from 'decimal.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { PROVISIONED_TERMS, termHours } from '../catalog/terms.js';
import { instruction, type Command } from '../domain/advice.js';
import type { CostFan, ProvisionedThroughputRenewal, RenewalOption, RenewalReason, RenewalTerm, RenewalTermName } from '../domain/forecast.js';
import { createProvisionedThroughput, deleteProvisionedThroughput } from '../modes/commands.js';
import type { PriceBook } from '../modes/price-book.js';
import type { ModelUsage } from '../usage/usage.js';
import { FORECAST_METHOD, hoursOf, modelUnitLoad, type FitHistory, type ForecastOptions } from './commitments.js';
import { fitForecast, quantile, servedAndOverflow, simulatePaths, type ForecastPaths } from './forecast.js';
import { convexMinimum } from '../replay/convex.js';

/**
 * Renewal advice for a provisioned throughput whose commitment ends soon, against the forecast of its
 * own traffic: for a new 1-month and 6-month term from the day it ends, what renewing at its units,
 * at the cheapest fewer units (the rest on demand) and letting it lapse to on demand would cost across
 * simulated futures, and the choice with the lowest median cost per hour. Pure.
 */

export interface RenewalInput {
  provisionedModelArn: string;
  /** The foundation model it serves (the ID `create-provisioned-model-throughput` takes, with `contextVariants`). */
  modelId: string;
  contextVariants?: readonly string[];
  modelUnits: number;
  /**
   * When a new term would start: the current commitment's expiration time, or the run's time once that
   * has passed (an ended commitment can be replaced at once). ISO 8601.
   */
  termStartsAt: string;
  /** The traffic sent to the throughput's ARN, over the report's window. */
  series: readonly ModelUsage[];
  /**
   * The same model's on-demand traffic in the same Region (in-Region calls, which can be sent to the
   * throughput's ARN instead), with what it costs as billed over the window; absent when there is none.
   */
  onDemand?: { series: readonly ModelUsage[]; windowCost: Decimal | null };
  window: { start: string; end: string };
  unitCapacity: { inputTokensPerMinute: number; outputTokensPerMinute: number };
  /**
   * The model's prices in the throughput's Region: a term's units are priced by it (`unitHours`), and a
   * term it has no unit-hour price for is left out.
   */
  book: PriceBook;
  /** What the window's traffic costs on demand at list prices; null when unpriced. */
  windowOnDemandCost: Decimal | null;
  /** The same series (the throughput's and the on-demand ones) read longer, hourly, to fit to (`--history-days`). */
  history?: FitHistory;
}

/** The terms a commitment renews at: every committed term of the one table (src/catalog/terms.ts). */
const TERMS = (Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, (typeof PROVISIONED_TERMS)[CommitmentTerm]]>)
  .filter(([, info]) => info.months > 0)
  .map(([term, info]) => ({ term: term as RenewalTermName, months: info.months }));

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function sortedQuantiles(values: Float64Array): { p10: number; p50: number; p90: number } {
  const sorted = Float64Array.from(values).sort();
  return { p10: quantile(sorted, 0.1), p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/**
 * Renewal against the forecast, or undefined when the throughput has no term price to renew at or its
 * traffic has fewer than 7 whole days to fit.
 */
export function renewalAgainstForecast(input: RenewalInput, options: ForecastOptions = {}): ProvisionedThroughputRenewal | undefined {
  const terms = TERMS.filter((t) => input.book.price({ modelUnitHour: t.term }) !== undefined);
  if (terms.length === 0 || input.modelUnits <= 0) return undefined;
  // The model's usage: what the throughput served, and the on-demand traffic it could serve instead.
  const inWindow = hoursOf({ series: [...input.series, ...(input.onDemand?.series ?? [])], window: input.window });
  const load = modelUnitLoad(inWindow.series, input.unitCapacity, inWindow.fromHour, inWindow.hours);
  // Fitted to the long read when there is one; the on-demand value of a unit-hour stays the window's.
  const fitOn = input.history ? hoursOf(input.history) : inWindow;
  const fitLoad = input.history ? modelUnitLoad(fitOn.series, input.unitCapacity, fitOn.fromHour, fitOn.hours) : load;
  const windowOnDemandCost = input.windowOnDemandCost && input.onDemand
    ? input.onDemand.windowCost && input.windowOnDemandCost.plus(input.onDemand.windowCost)
    : input.windowOnDemandCost;
  const fit = fitForecast({ hourStart: fitOn.fromHour, values: fitLoad });
  if (!fit) return undefined;
  const windowUnitHours = load.reduce((a, b) => a + b, 0);
  // The on-demand value of one unit-hour of this traffic: the window's on-demand cost over the unit-hours
  // it needed. With no traffic, on demand costs nothing, and no utilisation breaks even.
  const onDemandPerUnitHour = windowOnDemandCost === null ? null
    : windowUnitHours > 0 ? windowOnDemandCost.dividedBy(windowUnitHours) : new Decimal(0);
  const expiry = new Date(input.termStartsAt);
  // The new term starts at the end of the current one (its hour), as far ahead of the window as that is.
  const termStartHour = Math.ceil(expiry.getTime() / 3_600_000) * 3600;
  const longest = Math.round(termHours(expiry, Math.max(...terms.map((t) => t.months))));
  const paths: ForecastPaths = simulatePaths(fit, termStartHour, longest, { paths: options.paths ?? 100, seed: options.seed ?? 1 });

  const renewalTerms: RenewalTerm[] = terms.map(({ term, months }) => {
    const rate = input.book.price({ modelUnitHour: term })!.usd;
    const hours = Math.round(termHours(expiry, months));
    const breakEven = onDemandPerUnitHour && onDemandPerUnitHour.greaterThan(0) ? rate.dividedBy(onDemandPerUnitHour).toNumber() : null;
    const option = (choice: RenewalOption['choice'], units: number): RenewalOption => {
      const { served, overflow } = servedAndOverflow(paths, units, hours);
      // Cost is monotone in the overflow, so its quantiles are the overflow's quantiles priced.
      const over = sortedQuantiles(overflow);
      // The units for every hour of the term, priced by the book (the one place a quantity meets its price).
      const fixed = input.book.unitHours(term, units * hours)!;
      const cost = (unitHours: number) => fixed.plus(onDemandPerUnitHour!.times(unitHours));
      const termCost: CostFan | null = onDemandPerUnitHour ? { p10: cost(over.p10), p50: cost(over.p50), p90: cost(over.p90) } : null;
      if (units === 0) return { choice, units, utilisation: null, belowBreakEvenProbability: null, termCost };
      const utilisation = served.map((s) => s / (units * hours));
      const u = sortedQuantiles(utilisation);
      return {
        choice, units,
        utilisation: { p10: round4(u.p10), p50: round4(u.p50), p90: round4(u.p90) },
        belowBreakEvenProbability: breakEven === null ? null : utilisation.filter((x) => x < breakEven).length / paths.paths,
        termCost,
      };
    };
    const choices: RenewalOption[] = [option('renew', input.modelUnits)];
    if (input.modelUnits > 1 && onDemandPerUnitHour) {
      // The median cost is convex in the units (a unit more serves less of the load above the others).
      const best = convexMinimum(1, input.modelUnits - 1, (k) => option('renew-fewer-units', k).termCost!.p50);
      choices.push(option('renew-fewer-units', best.k));
    }
    choices.push(option('lapse-to-on-demand', 0));
    return { term, termMonths: months, termHours: hours, hourlyRatePerUnit: rate, breakEvenUtilisation: breakEven === null ? null : round4(breakEven), options: choices };
  });

  return {
    method: FORECAST_METHOD,
    historyDays: fit.days,
    termStart: new Date(termStartHour * 1000).toISOString(),
    terms: renewalTerms,
    advice: adviceOf(input, renewalTerms),
    assumptions: [
      {
        says: 'renewal-load', days: fit.days, history: Boolean(input.history), provisionedModelArn: input.provisionedModelArn,
        ...(input.onDemand ? { onDemandModelId: input.modelId } : {}),
      },
      { says: 'renewal-terms-start', day: input.termStartsAt.slice(0, 10) },
      { says: 'renewal-term-cost' },
      { says: 'renewal-hourly-peaks' },
      { says: 'renewal-lapse-keeps-billing' },
      { says: 'forecast-fan', paths: options.paths ?? 100, seed: options.seed ?? 1, renewal: true },
    ],
  };
}

function adviceOf(input: RenewalInput, terms: RenewalTerm[]): ProvisionedThroughputRenewal['advice'] {
  if (terms.every((t) => t.options.every((o) => o.termCost === null))) {
    return { choice: null, reasons: [{ code: 'on-demand-unpriced' }], nextSteps: [] };
  }
  // Lapse first, then the shorter term, then fewer units: a tie goes to the smaller commitment.
  const candidates = [
    ...terms.slice(0, 1).flatMap((t) => t.options.filter((o) => o.choice === 'lapse-to-on-demand').map((o) => ({ t, o }))),
    ...terms.flatMap((t) => [...t.options].reverse().filter((o) => o.choice !== 'lapse-to-on-demand').map((o) => ({ t, o }))),
  ];
  let best = candidates[0]!;
  for (const c of candidates) {
    if (c.o.termCost!.p50.dividedBy(c.t.termHours).lessThan(best.o.termCost!.p50.dividedBy(best.t.termHours))) best = c;
  }
  const { t, o } = best;
  const current = t.options.find((x) => x.choice === 'renew')!;
  const reasons: RenewalReason[] = [];
  if (current.belowBreakEvenProbability !== null && t.breakEvenUtilisation !== null) {
    reasons.push({
      code: current.belowBreakEvenProbability >= 0.5 ? 'likely-below-break-even' : 'likely-above-break-even',
      figures: { probability: current.belowBreakEvenProbability, breakEvenUtilisation: t.breakEvenUtilisation, p50Utilisation: current.utilisation!.p50, units: current.units, termMonths: t.termMonths },
    });
  }
  const expiryDay = input.termStartsAt.slice(0, 10);
  let nextSteps: Command[];
  if (o.choice === 'lapse-to-on-demand') {
    reasons.push({ code: 'on-demand-cheapest', figures: { termMonths: t.termMonths } });
    nextSteps = [instruction({ says: 'point-callers-at-base-model' }), deleteProvisionedThroughput(input.provisionedModelArn, expiryDay)];
  } else {
    reasons.push(o.choice === 'renew-fewer-units'
      ? { code: 'fewer-units-cheaper', figures: { units: o.units, currentUnits: input.modelUnits, termMonths: t.termMonths, p50Utilisation: o.utilisation!.p50 } }
      : { code: 'commitment-cheapest', figures: { units: o.units, termMonths: t.termMonths } });
    nextSteps = [
      createProvisionedThroughput(input.modelId, input.contextVariants, o.units, t.term),
      instruction({ says: 'point-callers-at-new-arn' }),
      deleteProvisionedThroughput(input.provisionedModelArn, expiryDay),
    ];
  }
  return { choice: o.choice, ...(o.choice === 'lapse-to-on-demand' ? {} : { term: t.term, units: o.units }), reasons, nextSteps };
}
