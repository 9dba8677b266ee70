import { formatUsd, HOURS_PER_MONTH } from '../money.js';
import { MONTHLY_HOURS_RULE, PROVISIONED_TERMS } from '../catalog/terms.js';
import type { ConfidenceReason } from '../domain/advice.js';
import type { Note, ThroughputRef, Worded } from '../domain/notes.js';

/**
 * The one place advice is worded: every note the advice layers state (src/domain/notes.ts) becomes
 * text here, from its exact figures, when the report is published (`publishedReport`). The switch is
 * exhaustive: a note code without words does not compile.
 */

const throughputName = (pt: ThroughputRef): string => `provisioned throughput ${pt.name} (${pt.units} unit(s) of ${pt.modelId}, ${pt.region})`;
/** The day a commitment ends, or "its term end" when the API did not say. */
const endOf = (endsOn: string | undefined): string => endsOn ?? 'its term end';
const usedOnAverage = (averageUtilisation: number | undefined): string =>
  averageUtilisation !== undefined ? `, ${Math.round(averageUtilisation * 100)}% used on average` : '';

/** The reason in words, without its level: what a plan prints after "Confidence: high". */
export function reasonDetail(reason: ConfidenceReason): string {
  const f = reason.figures ?? {};
  switch (reason.code) {
    case 'data-residency':
      return 'the price difference is exact, but the switch depends on data-residency rules';
    case 'flex-latency':
      return 'Flex pricing is exact, but not every caller can accept slower responses';
    case 'scheduled-shape':
      return `${f.busiestQuarterPercent}% of tokens arrive in the busiest quarter of the window's hours (traffic in ${f.activeHours} of ${f.windowHours} hours), the shape of a scheduled job`;
    case 'cache-in-use':
      return 'the model already uses prompt caching, so raising the cached share is a known lever';
    case 'cache-prefix-unknown':
      return 'savings depend on how much of each prompt is a stable, reusable prefix';
    case 'sized-from-averages': {
      const seconds = f.peakResolutionSeconds!;
      const data = seconds >= 3600 ? 'hourly' : `${seconds / 60}-minute`;
      return `sized from ${data} averages (the peak comes from ${seconds}-second data), which hide minute peaks, so the sizing may be too small`;
    }
    case 'sized-per-minute-rates-file':
      return 'sized from per-minute load against the model-unit capacity in your rates file';
    case 'sized-per-minute':
      return 'sized from per-minute load';
    case 'sized-per-minute-catalog-capacity':
      return 'sized from per-minute load, but the model-unit capacity is not from your account team';
    case 'short-window':
      return 'less than 7 days of usage observed';
  }
}

/** The reason as the recommendation's assumptions state it: "confidence medium: …". */
export function reasonText(reason: ConfidenceReason): string {
  return `confidence ${reason.confidence}: ${reasonDetail(reason)}`;
}

/** A worded value as text: a note in words, text from another layer as it is. */
export function adviceText(value: Worded): string {
  return typeof value === 'string' ? value : noteText(value);
}

export function noteText(note: Note): string {
  switch (note.says) {
    case 'title':
      return `${adviceText(note.step)}: save ${formatUsd(note.monthlySavings)}/month${note.upperBound ? ' (upper bound)' : ''}`;
    case 'confidence':
      return reasonText(note.reason);
    case 'confidence-detail':
      return reasonDetail(note.reason);
    case 'part-coarse-data':
      return `part of the window has only ${note.coarsestResolutionSeconds / 60}-minute data: peaks inside those periods are averaged away, so sizing may be low there`;
    case 'pt-unpriced':
      return `${note.term === undefined
        ? `no price for ${note.modelId} in ${note.region} in the catalog`
        : `no ${PROVISIONED_TERMS[note.term].label} model-unit price for ${note.modelId} in ${note.region} in the catalog`}: ${note.hint}`;
    case 'pt-idle-unpriced':
      return `idle: no invocations of ${note.arn} in the whole window; delete it${note.committed ? ` when the commitment ends on ${endOf(note.endsOn)}` : ''} (savings unpriced)`;
    case 'pt-under-used-unpriced':
      return `under-used${usedOnAverage(note.averageUtilisation)}: fewer units may serve the same load (savings unpriced)`;
    case 'pt-keep-below': {
      const label = PROVISIONED_TERMS[note.term].label;
      const comparable = note.comparable.map((c) => `${c.label} ${formatUsd(c.hourlyPerUnit)}`).join(', ');
      return `keeping it beats on demand only below ${formatUsd(note.hourlyPerUnit)} per unit-hour (${label}): its measured traffic costs ${formatUsd(note.onDemandMonthly)}/month on demand, over ${note.units} unit(s) x ${HOURS_PER_MONTH} hours` +
        (comparable ? `; published ${label} model-unit prices in ${note.region}: ${comparable}` : `; no ${label} model-unit price is published in ${note.region} to compare`) +
        `; ask your AWS account team for this model's price, or read it with "prices refresh --region ${note.region}"`;
    }
    case 'pt-commitment-ends-unpriced':
      return `commitment ends ${endOf(note.endsOn)} (in ${note.days} day(s)): decide whether to renew` +
        (note.keepBelow ? `: renewing pays only below ${formatUsd(note.keepBelow)} per unit-hour` : note.idle ? ': it served nothing in the window' : '; the cost comparison is unpriced');
    case 'pt-units-billed-hourly':
      return `${note.units} unit(s) at ${formatUsd(note.hourlyPerUnit)} per unit-hour (${note.term}), billed every hour whether used or not; ${MONTHLY_HOURS_RULE}`;
    case 'pt-not-cancellable-before':
      return `the commitment cannot be cancelled before ${endOf(note.endsOn)}: savings start then`;
    case 'pt-delete-idle':
      return note.committed
        ? `Do not renew idle ${throughputName(note.pt)}; delete it when the commitment ends on ${endOf(note.endsOn)}`
        : `Delete idle ${throughputName(note.pt)}`;
    case 'pt-no-invocations':
      return `no invocations of ${note.arn} in the whole window`;
    case 'pt-deleting-breaks-callers':
      return 'requests sent to the provisioned model ARN will fail after deletion: point them at the base model ID first';
    case 'pt-reduce': {
      const change = note.keepUnits !== undefined ? `keep ${note.keepUnits} unit(s) and overflow on demand` : 'serve its traffic on demand';
      return `${note.endsOn ? `Commitment ends ${note.endsOn}: ` : ''}${change} for ${throughputName(note.pt)}${usedOnAverage(note.averageUtilisation)}`;
    }
    case 'pt-under-used':
      return `under ${note.thresholdPercent}% of the purchased capacity is used`;
    case 'pt-on-demand-equivalent':
      return `the same tokens on demand would cost ${formatUsd(note.monthly)} a month at list prices without caching`;
    case 'pt-on-demand-unknown':
      return `the on-demand price of ${note.modelId} in ${note.region} is unknown, so serving the traffic on demand cannot be compared`;
    case 'pt-change-after':
      return `the change can only take effect after ${endOf(note.endsOn)}`;
    case 'pt-renewal-cheapest':
      return note.compared
        ? `Commitment for ${throughputName(note.pt)} ends ${endOf(note.endsOn)}: renewing is still the cheapest option${usedOnAverage(note.averageUtilisation)}`
        : `Commitment for ${throughputName(note.pt)} ends ${endOf(note.endsOn)}: renewal cannot be compared with on demand (on-demand price unknown)${usedOnAverage(note.averageUtilisation)}`;
    case 'pt-lapse-keeps-running':
      return 'when a commitment ends without renewal, the throughput keeps running at the no-commitment rate until deleted';
    case 'point-callers-at-base-model':
      return 'Point callers at the base model ID';
    case 'delete-throughput-after':
      return `Delete ${note.arn}${note.committed ? ` after ${endOf(note.endsOn)}` : ''}`;
    case 'renew-or-delete':
      return 'Renew the commitment before it lapses, or delete the throughput';
    default:
      return unworded(note);
  }
}

/** Reached only when a note code has no case above: `note` is then not `never`, and this does not compile. */
function unworded(note: never): never {
  throw new Error(`advice note without words: ${JSON.stringify(note)}`);
}
