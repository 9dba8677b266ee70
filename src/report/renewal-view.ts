import type { ProvisionedThroughputRenewal, RenewalOption, RenewalReason, RenewalTerm } from '../domain/forecast.js';
import type { PublishedReport } from './published-view.js';
import { commandText, isShellCommand } from './commands.js';
import { money, pct, plural } from './format.js';
import { PROVISIONED_TERMS } from '../catalog/terms.js';

/** A commitment ending soon, against the forecast of its traffic, as every text format shows it. */
export interface RenewalRow {
  name: string;
  model: string;
  region: string;
  /** `ends 2026-12-05 (in 12 days)`. */
  ends: string;
  /** `Let it lapse to on demand` / `Renew at 1 unit for 6 months` / `No advice: …`. */
  advice: string;
  /** Each reason in words. */
  why: string[];
  /** One line per option of each term: `1 month, renew 2 units: utilisation P10 2% / P50 2% / P90 2%, …`. */
  options: string[];
  /** Each next step in words, and whether it is a call to paste into a shell (shown as code) rather than an instruction. */
  nextSteps: Array<{ text: string; shell: boolean }>;
}

const months = (n: number): string => plural(n, 'month');
const units = (n: number): string => plural(n, 'unit');

/** Each renewal reason in words: the one place they are worded. */
export function renewalReasonText(reason: RenewalReason): string {
  const f = reason.figures ?? {};
  switch (reason.code) {
    case 'likely-below-break-even':
    case 'likely-above-break-even':
      return `renewed at ${units(f.units!)} for ${months(f.termMonths!)}, its median utilisation would be ${pct(f.p50Utilisation!)} against a break-even of ${pct(f.breakEvenUtilisation!)}: a ${pct(f.probability!)} chance of falling below it`;
    case 'fewer-units-cheaper':
      return `${units(f.units!)} of ${f.currentUnits} for ${months(f.termMonths!)}, with the load above them on demand, cost least at the median future (${pct(f.p50Utilisation!)} used)`;
    case 'on-demand-cheapest':
      return 'at the median future, no number of units costs less than serving the traffic on demand';
    case 'commitment-cheapest':
      return `${units(f.units!)} for ${months(f.termMonths!)} cost less than on demand at the median future`;
    case 'on-demand-unpriced':
      return 'the traffic has no on-demand price, so renewing cannot be compared with on demand';
  }
}

function adviceText(r: ProvisionedThroughputRenewal): string {
  const a = r.advice;
  switch (a.choice) {
    case 'lapse-to-on-demand':
      return 'Let it lapse to on demand';
    case 'renew':
      return `Renew at ${units(a.units!)} for ${months(PROVISIONED_TERMS[a.term!].months)}`;
    case 'renew-fewer-units':
      return `Renew at fewer units: ${units(a.units!)} for ${months(PROVISIONED_TERMS[a.term!].months)}`;
    case null:
      return 'No advice';
  }
}

function optionText(t: RenewalTerm, o: RenewalOption): string {
  const what = o.choice === 'lapse-to-on-demand' ? 'on demand' : `${o.choice === 'renew' ? 'renew' : 'fewer'} ${units(o.units)}`;
  const used = o.utilisation ? `used P10 ${pct(o.utilisation.p10)} / P50 ${pct(o.utilisation.p50)} / P90 ${pct(o.utilisation.p90)}` : '';
  const below = o.belowBreakEvenProbability !== null ? `, ${pct(o.belowBreakEvenProbability)} chance below break-even (${pct(t.breakEvenUtilisation!)})` : '';
  const cost = o.termCost ? `term cost P50 ${money(o.termCost.p50)} (P10 ${money(o.termCost.p10)}, P90 ${money(o.termCost.p90)})` : 'term cost unpriced';
  return `${months(t.termMonths)}, ${what}: ${used}${used ? below : ''}${used ? '; ' : ''}${cost}`;
}

export function renewalRows(report: PublishedReport): RenewalRow[] {
  return report.provisionedThroughputs.flatMap((pt) => {
    const r = pt.renewal;
    if (!r) return [];
    const end = pt.commitmentExpirationTime?.slice(0, 10) ?? r.termStart.slice(0, 10);
    return [{
      name: pt.provisionedModelName, model: pt.modelId, region: pt.region,
      ends: `${pt.daysToExpiry !== undefined && pt.daysToExpiry < 0 ? 'ended' : 'ends'} ${end}${pt.daysToExpiry !== undefined ? ` (${pt.daysToExpiry < 0 ? `${plural(-pt.daysToExpiry, 'day')} before the run` : `in ${plural(pt.daysToExpiry, 'day')}`})` : ''}`,
      advice: adviceText(r),
      why: r.advice.reasons.map(renewalReasonText),
      options: r.terms.flatMap((t) => t.options.map((o) => optionText(t, o))),
      nextSteps: r.advice.nextSteps.map((c) => ({ text: commandText(c), shell: isShellCommand(c) })),
    }];
  });
}

export const RENEWAL_NOTE =
  "Commitments ending soon, against a forecast of the model's usage in its Region (the throughput's traffic and the in-Region on-demand traffic it could serve) from the day each ends: renewing at its units, at fewer units (the rest on demand) or letting it lapse to on demand, over a new 1-month and 6-month term; the advice is the lowest median cost per hour.";
