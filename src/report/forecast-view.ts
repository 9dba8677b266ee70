import type { PublishedReport } from './published-view.js';
import { pct } from './format.js';

/** One commitment against the forecast, as every text format shows it. */
export interface ForecastRow {
  model: string;
  region: string;
  /** e.g. `provisioned 6 months, 2 model units`, `reserved 1 month, input 100,000 TPM`. */
  commitment: string;
  /** `P10 61% / P50 70% / P90 78%`. */
  utilisation: string;
  breakEven: string;
  chanceBelow: string;
  /** With a target utilisation: the capacity that reaches it. */
  forTarget?: string;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function forecastRows(report: PublishedReport): ForecastRow[] {
  const rows: ForecastRow[] = [];
  for (const m of report.models) {
    for (const c of m.forecast?.commitments ?? []) {
      const kind = c.mode.startsWith('provisioned') ? 'provisioned' : 'reserved';
      const capacity = c.capacityUnit === 'model units' ? `${int(c.capacity)} model unit${c.capacity === 1 ? '' : 's'}` : `${c.side} ${int(c.capacity)} TPM`;
      const forTarget = c.target
        ? c.target.capacity === null ? `none reaches ${pct(c.target.utilisation)}` : `${c.capacityUnit === 'model units' ? `${int(c.target.capacity)} units` : `${int(c.target.capacity)} TPM`} for ${pct(c.target.utilisation)}`
        : undefined;
      rows.push({
        model: m.name ?? m.modelId, region: m.region,
        commitment: `${kind} ${c.termMonths} month${c.termMonths === 1 ? '' : 's'}, ${capacity}`,
        utilisation: `P10 ${pct(c.utilisation.p10)} / P50 ${pct(c.utilisation.p50)} / P90 ${pct(c.utilisation.p90)}`,
        breakEven: c.breakEvenUtilisation === null ? 'unpriced' : pct(c.breakEvenUtilisation),
        chanceBelow: c.belowBreakEvenProbability === null ? 'unknown' : pct(c.belowBreakEvenProbability),
        ...(forTarget ? { forTarget } : {}),
      });
    }
  }
  return rows;
}

export const FORECAST_NOTE =
  "Each commitment's utilisation over its whole term, from simulated futures of the model's own hourly load (robust trend and weekly shape fitted to the window): P10/P50/P90, the utilisation at which it breaks even against on demand, and the chance of ending below it.";
