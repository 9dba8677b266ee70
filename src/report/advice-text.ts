import { Decimal } from 'decimal.js';
import { formatUsd, HOURS_PER_MONTH, usd } from '../money.js';
import { PROVISIONED_TERMS, RESERVED_TERM_INFO } from '../catalog/terms.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import type { ConfidenceReason } from '../domain/advice.js';
import { humanDate } from '../domain/dates.js';
import { lineText } from './line-text.js';
import type { LineDimension, PriceListFallback } from '../domain/lines.js';
import type { BlendedSide, CallerKindWhy, FixedNoteCode, ModelPlace, Note, PartialReportProblem, RatioBasis, ThroughputRef, Worded } from '../domain/notes.js';

/**
 * The one place advice is worded: every note the advice layers state (src/domain/notes.ts) becomes
 * text here, from its exact figures, when the report is published (`publishedReport`). The switch is
 * exhaustive: a note code without words does not compile.
 */

const throughputName = (pt: ThroughputRef): string => `provisioned throughput ${pt.name} (${pt.units} unit(s) of ${pt.modelId}, ${pt.region})`;
/** The day a commitment ends, or "its term end" when the API did not say. */
const endOf = (endsOn: string | undefined): string => endsOn ?? 'its term end';
/** "amazon.nova-pro-v1:0 (us-east-1, geo)"; the model ID alone where the plan names its Region. */
const placeText = (p: ModelPlace): string => (p.region ? `${p.modelId} (${p.region}${p.scope ? `, ${p.scope}` : ''})` : p.modelId);
const int = (n: number): string => n.toLocaleString('en-US');
const percent = (share: number): string => `${Math.round(share * 100)}%`;
/** A ratio as written: whole numbers as they are, else two decimals. */
const ratio = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** The rule for monthly comparisons (`HOURS_PER_MONTH`), stated wherever a monthly figure is explained. */
const MONTHLY_HOURS_RULE = `a month is ${HOURS_PER_MONTH} hours (8,760 hours a year / 12), as in AWS's estimates`;

/** "no 1-month commitment model-unit price"; without a commitment, not "no no commitment …". */
function noUnitPrice(term: CommitmentTerm): string {
  return term === 'noCommit' ? 'no model-unit price without commitment' : `no ${PROVISIONED_TERMS[term].label} model-unit price`;
}

/** How to get a price the catalog lacks, said wherever one is missing: never "$0", always where to find it. */
export function priceHint(region: string): string {
  return `run "bedrock-cost-advisor prices refresh --region ${region}" to read it from the AWS Price List, or give your price in a rates file (--rates)`;
}

/**
 * How to get the prices a bill lacks. Images with no tier (what a text model's OutputImageCount bills
 * as) are priced per image only where the AWS Price List lists the model per image, which it does for
 * image models and not for text models (their image tokens have no catalog dimension, see
 * src/pricelist/classify.ts), so "prices refresh" is not the way there: a rates file is.
 */
function unpricedLinesHint(dimensions: readonly LineDimension[], region: string): string {
  if (!dimensions.every((d) => d.code === 'image' && d.tier === undefined)) return priceHint(region);
  return `give your price per image in a rates file ("image", --rates); "bedrock-cost-advisor prices refresh --region ${region}" finds one only where the AWS Price List prices the model per image, which it does for image models, not for text models`;
}

/** Where a token ratio comes from, in words (the JSON report's `tokenRatio.basis`, and the notes that cite it). */
export function ratioBasisText(basis: RatioBasis): string {
  switch (basis.ratio) {
    case 'measured':
      return `from the alternatives file: ${basis.source}`;
    case 'same-tokenizer':
      return `both models are assumed to share the ${basis.family} tokenizer (the provider publishes no tokenizer per model), so the token counts carry over`;
    case 'published':
      return basis.citation;
    case 'assumed':
      return `ASSUMPTION: no source compares the ${basis.from ?? 'unknown'} and ${basis.to ?? 'unknown'} tokenizers, so the same text is assumed to be ${basis.low}x to ${basis.high}x the tokens; ` +
        'measure a sample of your prompts on both and put the ratio in an alternatives file ("tokenRatios")';
  }
}

/** The notes that carry no figures, in words. */
const FIXED_TEXT: Record<FixedNoteCode, string> = {
  'on-demand-label': 'On demand (as billed)',
  unpriced: 'unpriced',
  'accounts-analysed-apart': "each account is analysed on its own (provisioned throughput and commitments belong to one account); organisation totals are the sums of the accounts' totals",
  'geo-at-source-rate': 'geo cross-Region inference priced at the source Region rate (no extra charge per AWS)',
  'pt-deleting-breaks-callers': 'requests sent to the provisioned model ARN will fail after deletion: point them at the base model ID first',
  'pt-lapse-keeps-running': 'when a commitment ends without renewal, the throughput keeps running, and billing, until it is deleted',
  'point-callers-at-base-model': 'Point callers at the base model ID',
  'renew-or-delete': 'Renew the commitment before it lapses, or delete the throughput',
  'recommit-or-delete': 'The commitment has ended and the throughput still bills: buy a new commitment, or delete the throughput',
  'invoke-provisioned-with-fallback': 'Invoke the provisioned model ARN and fall back to the base model ID when it throttles',
  'pt-billed-every-hour': 'provisioned units are billed every hour of the month, used or not',
  'pt-overflow-on-demand': 'overflow beyond the purchased units is served on demand at today\'s blended rate: the application must fall back to the base model ID when the provisioned model throttles',
  'pt-input-capacity-all-input': 'all input tokens, cached or not, count against unit input capacity',
  'pt-no-commit-limit': 'no-commitment units are limited to 2 per account by default',
  'pt-overflow-unpriced': 'unpriced: on-demand overflow cannot be priced',
  'plan-upper-bound': 'upper bound: only traffic that can wait hours can move',
  'point-callers-at-new-throughput': 'Point callers at the new provisioned model ARN, with the base model ID as fallback',
  'joint-sized-together': 'the on-demand traffic and the provisioned throughput\'s traffic are sized together, minute by minute; overflow is served on demand at list input and output rates, without caching',
  'joint-sized-together-by-request-class': 'the on-demand traffic and the provisioned throughput\'s traffic are sized together, minute by minute; overflow is served on demand without caching, each side at its average rate over the requests the invocation logs show, each priced at its own class (long context, tier), and at list rates outside the hours they cover: minute sums cannot say which requests overflowed',
  'callers-fall-back': 'callers must fall back to the base model ID when the provisioned model throttles',
  'plan-batch-only': 'the traffic has the shape of a scheduled job; batch costs half, but only for requests that can wait hours',
  'plan-unweighed': "buying capacity and serving the existing units' traffic on demand act on the same tokens, and one of their savings is unknown: they cannot be weighed against each other, so both are listed and the plan's saving is unknown, not the known one's",
  'custom-on-demand-label': 'Custom model on demand (as billed)',
  'custom-import-unpriced': 'Custom Model Import is billed per custom model unit minute (the ModelCopy metric), which the advisor does not read',
  'custom-cache-as-input': 'cache reads and writes priced as custom-model input: no custom-model cache rates are published',
  'custom-model-unused': 'no provisioned throughput serves it and it had no invocations in the window; custom models need provisioned throughput to serve traffic',
  'custom-delete-permanent': 'deletion is permanent: recreating the model means paying for training again',
  'no-successor-unknown': 'with no successor named, the cost after moving is unknown, not zero',
  'saving-unknown-no-live-successor': 'no live successor is priced',
  'test-successor-first': 'test quality and prompts on the successor before moving traffic',
  'pick-current-model': 'Pick a current model from the Bedrock model catalog',
  'images-per-image': 'image models are billed per image; prompt tokens are not billed',
  'video-seconds-unpriced': 'video models bill per second of video generated, which CloudWatch does not report',
  'media-seconds-unpriced': 'this model bills per second of input video and audio, which CloudWatch does not report',
  'media-seconds-left-out': 'this model bills per second of input video and audio, which CloudWatch does not report: any video or audio sent to it is not in this figure',
  'rerank-per-query': 'rerank priced per 1,000 queries, counting one query per invocation; a request with many documents may count as several queries (UNVERIFIED here), so this can be low',
  'cache-writes-5m-not-1h': 'cache writes priced at the 5-minute rate: CloudWatch does not split 5-minute and 1-hour writes, and 1-hour writes cost 2x input instead of 1.25x',
  'cache-writes-5m': 'cache writes priced at the 5-minute write rate',
  'batch-label': 'Batch inference',
  'batch-upper-bound': 'upper bound: CloudWatch cannot tell interactive from latency-tolerant traffic, so this prices all of it at batch rates',
  'batch-no-cache': 'batch has no prompt caching: cached input is billed at the batch input rate',
  'batch-limits': 'batch jobs return within their timeout (24 h minimum), need at least 100 records per job (default quota), and do not support tool calling',
  'batch-breaks-latency': 'moving interactive traffic to batch would break its latency: move only jobs that can wait hours',
  'find-waiting-callers': 'Find callers that can wait (nightly jobs, evaluations, backfills)',
  'global-label': 'On demand via the global. profile',
  'global-data-residency': 'global cross-Region inference may serve requests from any commercial Region: check data-residency requirements first',
  'flex-label': 'Flex service tier',
  'priority-label': 'Priority service tier',
  'flex-trades-latency': 'Flex trades latency for price: requests may be queued or slower',
  'priority-premium': 'Priority buys lower latency at a premium; shown for comparison',
  'tier-cache-at-standard': 'cache reads and writes priced at standard rates (tier rates for cached tokens are not published)',
  'flex-delayed': 'Flex requests can be delayed when capacity is short',
  'set-flex-tier': 'Set service_tier to "flex" on requests that tolerate queueing',
  'reserved-keep-invoking': 'Once it is active, keep invoking the model as today: tokens above the reservation bill at Standard',
  'no-cache-label': 'On demand without prompt caching',
  'cache-billed-as-input': 'cache reads and writes billed as ordinary input tokens',
  'cache-share-what-if': 'what-if: the share of input served from cache depends on how much of each prompt is a stable prefix',
  'cache-put-prefix-first': 'Put the stable part of each prompt (system prompt, tools, documents) first',
  'cache-add-checkpoint': 'Add a cachePoint (Converse) or cache_control (InvokeModel) after it and watch CacheReadInputTokenCount',
  'bill-not-in-replay': 'on the bill but not in the replay: CloudWatch reported no usage of this model in this Region',
  'replay-not-on-bill': 'in the replay but not on the bill',
  'bill-effective-rate-applies-alike': 'savings at the effective rate assume the account\'s discount applies alike to the mode recommended',
  'bill-tiers-folded': 'flex, batch, priority and cache-TTL lines fold into the token series CloudWatch counts (input, output, cache read, cache write)',
  'billed-at-list': 'billed at list prices',
  'forecast-method': 'Theil-Sen trend on daily totals; weekly seasonality from same-weekday day shapes (median hour-of-week profile for the point forecast); residual-bootstrap futures, their fan calibrated out of sample on rolling origins within the history',
  'forecast-utilisation-hourly': 'utilisation is what the capacity serves hour by hour (min(load, capacity)) over what it could serve in the term; hourly sums smooth the minute peaks, so overflow within an hour is not seen',
  'forecast-break-even': 'break-even utilisation: the commitment costs the same as its served tokens on demand at today\'s mix of input and output (as-billed prices)',
  'renewal-term-cost': 'a term\'s cost is its units at the term\'s unit-hour price for every hour, plus the load above them on demand at the window\'s on-demand cost per unit-hour (the throughput\'s traffic at list prices, the on-demand traffic as billed: today\'s mix of input, output and caching); the break-even utilisation is that unit-hour price over the on-demand cost of a unit-hour',
  'renewal-hourly-peaks': 'hourly sums smooth the minute peaks: overflow within an hour is not seen, so fewer units may throttle where the hourly load fits',
  'renewal-lapse-keeps-billing': 'renewing is buying a new commitment and deleting this throughput when its term ends; one left running past its term keeps billing until it is deleted',
  'point-callers-at-new-arn': 'Point callers at the new provisioned model ARN',
  'alt-named-in-file': 'named in the alternatives file',
  'alt-accepted-in-file': 'accepted in the alternatives file',
  'alt-successor': 'the successor AWS names in its model lifecycle (price catalog)',
  'reserved-sides': 'Reserved tier: input is reserved on input + cache-write tokens per minute, output on output tokens; cache reads are not reserved and bill at Standard',
  'reserved-cheapest-level': 'each side is reserved at its cheapest level: where the minutes running above it, times the Standard price, equal the reservation price per TPM',
  'unpriced-never-zero': 'a model or provisioned throughput with a missing price is reported as unpriced, never as $0, and left out of the totals',
  'derived-unverified': 'prices marked derived were computed by a stated rule, not read from a source that contains them: they are unverified',
  'ranked-by-weighted-savings': 'recommendations are chosen by savings weighted by confidence (high 1, medium 0.75, low 0.5) and ranked by savings',
  'logs-each-request-own-class': 'each request is priced at its own class: long-context rates for the whole request when its input (uncached + cache read + cache write) is above the model\'s threshold, its cache writes at the TTL its response body names, its service tier\'s rates',
  'logs-ttl-unknown-5m': 'cache writes whose TTL no body names (text delivery off) are priced at the 5-minute rate',
  'logs-geo-source-rate': 'cross-Region (geo) requests are priced at the source Region\'s rate, as AWS bills them; inferenceRegion only says where they ran',
  'logs-monthly-scale': 'monthly figures scale the hours the logs cover to a 730-hour month',
  'batch-nothing-priced': 'no request batch could price',
  'profile-unresolved': 'application inference profile could not be resolved to a model (no Bedrock inventory for it)',
  'pt-not-in-inventory': 'provisioned model not found in the Bedrock inventory',
  'alt-quality-unmeasured': 'quality is not measured: test the candidate on your own prompts before moving traffic',
  'alt-responses-change': 'responses change with the model: keep the old model ID ready to switch back',
};

/** What a blended rate blends. */
const BLENDED: Record<BlendedSide, string> = {
  'on-demand-input-side': 'on-demand input, cache-read and cache-write cost as billed today / their tokens',
  'on-demand-output': 'on-demand output cost as billed today / output tokens',
  'standard-input-side': 'Standard input and cache-write cost as billed today / their tokens',
  'request-class-input': 'on-demand input cost of the logged requests, each class at its own input rate with cached tokens as input, and of the rest of the window at the list rate / their tokens',
  'request-class-output': 'on-demand output cost of the logged requests, each class at its own output rate, and of the rest of the window at the list rate / output tokens',
};

/** What a plan's step acts on, by the mode it is paid in today. */
const WHAT_IS_PAID: Record<string, string> = {
  'on-demand': 'On-demand use', provisioned: 'The provisioned throughput', 'custom-model-storage': 'Custom model storage',
};
const lapse = (note: { throughputs: string; whenCommitmentEnds: boolean }): string =>
  note.whenCommitmentEnds ? `When the commitment ends, delete ${note.throughputs}` : `Delete ${note.throughputs}`;

/** The model to move to, or that AWS names none. */
const migrationTarget = (successor: string | undefined): string => (successor ? `to ${successor}` : 'to a current model (the catalog names no successor still served)');
/** What moving changes a month: a saving, a cost, or unknown. */
function migrationDifference(monthlySavings: Decimal | null): string {
  if (monthlySavings === null) return 'the cost at the successor is unpriced';
  return monthlySavings.isNegative() ? `costs ${formatUsd(monthlySavings.negated())}/month more` : `save ${formatUsd(monthlySavings)}/month`;
}

function lifecycleText(note: Extract<Note, { says: 'lifecycle' }>): string {
  const { name } = note;
  const since = note.since ? ` since ${note.since}` : '';
  const eol = note.endOfLife && note.status !== 'end-of-life'
    ? `; end of life ${note.endOfLife}${note.endOfLifeIs === 'during' ? ', inside this usage window' : note.endOfLifeIs === 'after' ? ', after this usage window' : ''}`
    : '';
  // A model billed in extended access during the window, though past it today: what that did to the cost shown.
  const earlier = note.extendedAccessFrom === undefined ? '' : note.extendedAccessUnpriced
    ? `; in this usage window it was in public extended access (from ${note.extendedAccessFrom}), billed at an extended-access rate ` +
      'no source read here gives, higher than the standard rate priced here, so this cost is a floor'
    : `; in this usage window it was in public extended access (from ${note.extendedAccessFrom}), priced at its extended-access rates`;
  switch (note.status) {
    case 'extended-access':
      if (note.sinceIs === 'after') {
        return `${name} entered public extended access on ${note.since}, after this usage window: this usage billed at its standard rate; ` +
          `from that day its requests bill at a higher extended-access rate${eol}`;
      }
      if (note.sinceIs === 'during') {
        return note.extendedAccessUnpriced
          ? `${name} entered public extended access on ${note.since}, inside this usage window: its requests from that day bill at an ` +
            `extended-access rate no source read here gives, higher than the standard rate priced here, so this cost is a floor${eol}`
          : `${name} entered public extended access on ${note.since}, inside this usage window: priced at its extended-access rates ` +
            `throughout, though requests before that day billed at its lower standard rate${eol}`;
      }
      if (note.extendedAccessUnpriced) {
        return `${name} is in public extended access${since}: it bills at an extended-access rate no source read here gives, ` +
          `higher than the standard rate priced here, so this cost is a floor${eol}`;
      }
      return `${name} is in public extended access${since}: priced at its extended-access rates, which are higher than before${eol}`;
    case 'end-of-life':
      if (note.sinceIs === 'before') {
        return `${name}: AWS's end-of-life date (${note.since}) is before this usage window, yet the model served the requests billed here: ` +
          `the date may have moved; check AWS's model lifecycle page and move off it before its requests fail${earlier}`;
      }
      if (note.sinceIs === 'during') return `${name} reached end of life on ${note.since}, inside this usage window: requests after that day fail${earlier}`;
      if (note.sinceIs === 'after') return `${name} reached end of life on ${note.since}, after this usage window: requests to it fail from then on${earlier}`;
      return `${name} reached end of life${since}: requests to it fail from then on`;
    default:
      return `${name} is legacy${since}${eol}: AWS plans to retire it`;
  }
}

const usedOnAverage = (averageUtilisation: number | undefined): string =>
  averageUtilisation !== undefined ? `, ${Math.round(averageUtilisation * 100)}% used on average` : '';

/** What an identity ARN says about who calls. */
function callerKindText(why: CallerKindWhy): string {
  switch (why.is) {
    case 'iam-user':
      return 'an IAM user';
    case 'root-user':
      return 'the account root user';
    case 'identity-center-session':
      return `an IAM Identity Center session (${why.role})`;
    case 'person-session':
      return `a session named for a person (${why.session})`;
    case 'job-role':
      return `role ${why.role} is named for a job or service`;
    case 'job-session':
      return `session ${why.session} is named for a job or service`;
    case 'unknown':
      return 'the ARN does not say';
  }
}

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

/** A worded value as text: a note in words, published text (a note already in words) as it is. */
/** Why a fan-out item's stored partial report was not merged, after "its partial report <key>". */
function partialReportProblemText(problem: PartialReportProblem): string {
  switch (problem.is) {
    case 'not-json':
      return `is not valid JSON (${problem.cause})`;
    case 'no-item':
      return 'is not a partial report (no item)';
    case 'other-run':
      return `belongs to another run (${problem.run ? `period ${problem.run.period}, read at ${problem.run.now}` : 'no run stamp'}; this run is ${problem.thisRun.period}, read at ${problem.thisRun.now})`;
    case 'other-item':
      return `is for account ${problem.accountId} in ${problem.region}, not this item's account ${problem.thisAccountId} in ${problem.thisRegion}`;
    case 'missing-fields':
      return `is not a partial report (status ${problem.status} without its fields)`;
  }
}

/** Why the bundled catalog priced a run that asked for live prices, as every format words it. */
export function priceListFallbackText(fallback: PriceListFallback): string {
  return `the AWS Price List could not be read (${fallback.why})`;
}

/** A worded value as text: a note in words, published text (a note already in words) as it is. */
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
        : `${noUnitPrice(note.term)} for ${note.modelId} in ${note.region} in the catalog`}: ${priceHint(note.region)}`;
    case 'pt-idle-unpriced':
      return `idle: no invocations of ${note.arn} in the whole window; delete it${note.committed ? ` when the commitment ends on ${endOf(note.endsOn)}` : ''} (savings unpriced)`;
    case 'pt-under-used-unpriced':
      return `under-used${usedOnAverage(note.averageUtilisation)}: fewer units may serve the same load (savings unpriced)`;
    case 'pt-keep-below': {
      const label = PROVISIONED_TERMS[note.term].label;
      const comparable = note.comparable.map((c) => `${c.label} ${formatUsd(c.hourlyPerUnit)}`).join(', ');
      return `keeping it beats on demand only below ${formatUsd(note.hourlyPerUnit)} per unit-hour (${label}): its measured traffic costs ${formatUsd(note.onDemandMonthly)}/month on demand, over ${note.units} unit(s) x ${HOURS_PER_MONTH} hours` +
        (comparable ? `; published ${label} model-unit prices in ${note.region}: ${comparable}` : `; ${noUnitPrice(note.term)} is published in ${note.region} to compare`) +
        (note.elsewhere?.length ? `; this model's published ${label} model-unit prices in other Regions (a scale, not its price here): ${note.elsewhere.map((e) => `${e.region} ${formatUsd(e.hourlyPerUnit)}`).join(', ')}` : '') +
        `; ask your AWS account team for this model's price, or read it with "prices refresh --region ${note.region}"`;
    }
    case 'pt-commitment-ends-unpriced':
      return `commitment ends ${endOf(note.endsOn)} (in ${note.days} day(s)): decide whether to renew` +
        (note.keepBelow ? `: renewing pays only below ${formatUsd(note.keepBelow)} per unit-hour` : note.idle ? ': it served nothing in the window' : '; the cost comparison is unpriced');
    case 'pt-commitment-ended':
      // Prov. Throughput docs: billing continues until the throughput is deleted; the post-term rate is not in the API.
      return `its commitment ended ${endOf(note.endedOn)} (${note.daysAgo === 1 ? '1 day' : `${note.daysAgo} days`} before the run) and it still bills until deleted: it can be deleted or resized now; the figure uses its ${PROVISIONED_TERMS[note.term].label} rate, and the bill shows the rate charged since the term ended`;
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
    case 'pt-renewal-cheapest': {
      const when = note.endedOn ? `ended ${endOf(note.endedOn)} and it still bills until deleted` : `ends ${endOf(note.endsOn)}`;
      return note.compared
        ? `Commitment for ${throughputName(note.pt)} ${when}: renewing is still the cheapest option${usedOnAverage(note.averageUtilisation)}`
        : `Commitment for ${throughputName(note.pt)} ${when}: renewal cannot be compared with on demand (on-demand price unknown)${usedOnAverage(note.averageUtilisation)}`;
    }
    case 'delete-throughput-after':
      return `Delete ${note.arn}${note.committed ? ` after ${endOf(note.endsOn)}` : ''}`;
    case 'move-to-batch':
      return `Move latency-tolerant ${placeText(note.where)} traffic to batch inference`;
    case 'submit-batch-jobs':
      return `Submit them as batch jobs with CreateModelInvocationJob on ${note.modelId}`;
    case 'use-global-profile':
      return `Invoke ${placeText(note.where)} through its global. cross-Region profile`;
    case 'call-global-profile':
      return `Call global.${note.modelId} instead of the regional or geo profile`;
    case 'use-flex':
      return `Send ${placeText(note.where)} requests with service_tier "flex"`;
    case 'reserve-tier':
      return `Reserve ${int(note.inputTpm)} input / ${int(note.outputTpm)} output tokens per minute of the Reserved tier (${RESERVED_TERM_INFO[note.term].label}) for ${placeText(note.where)}`;
    case 'reservation-total':
      return `a ${note.months}-month reservation of ${int(note.inputTpm)} input / ${int(note.outputTpm)} output TPM totals ${formatUsd(note.total)} (${formatUsd(note.monthly)} a month) and cannot be cancelled; it is billed whether or not the tokens come`;
    case 'ask-reserved-quote':
      return `Ask your AWS account team for a Reserved tier quote of ${int(note.inputTpm)} input / ${int(note.outputTpm)} output TPM of ${note.modelId} for ${note.months} month(s) (terms of 1 or 3 months)`;
    case 'prompt-cache-label':
      return `Prompt cache: ${percent(note.readShare)} of input read from cache, ${note.ttl} writes`;
    case 'cache-write-mix':
      return `cache writes keep today's mix of ${ratio(note.writesPerRead)} written tokens per token read`;
    case 'cache-default-reads':
      return `each cached prefix is read ${ratio(note.readsPerWrite)} times per write (the model does not cache today)`;
    case 'cache-min-prefix':
      return `cached prefixes are at least ${int(note.tokens)} tokens (shorter ones are not cached)`;
    case 'cache-share-infeasible':
      return `at today's write mix a ${percent(note.readShare)} read share needs more cache writes than there is input`;
    case 'enable-prompt-caching':
      return `Cache stable prompt prefixes for ${placeText(note.where)} (${percent(note.readShare)} read from cache, ${note.ttl} TTL)`;
    case 'buy-provisioned':
      return `Buy ${note.units} model unit(s) of provisioned throughput (${note.mode.replace('provisioned-', '')}) for ${placeText(note.where)}`;
    case 'provisioned-label': {
      const label = `Provisioned throughput, ${PROVISIONED_TERMS[note.term].label}`;
      const sized = note.sized;
      if (!sized) return label;
      return sized.units === 0
        ? `${label}: no units pay at this load (peak needs ${sized.unitsForPeak})`
        : `${label}: ${sized.units} unit(s)${sized.units < sized.unitsForPeak ? `, overflow on demand (peak needs ${sized.unitsForPeak})` : ''}`;
    }
    case 'pt-term-unpriced':
      return `unpriced: ${noUnitPrice(note.term)} for ${note.modelId} in ${note.region}: ${priceHint(note.region)}`;
    case 'pt-commitment-total':
      return `a ${note.termMonths}-month commitment of ${note.units} unit(s) totals ${formatUsd(note.total)} and cannot be cancelled; that is ${note.breakEvenMonths.toFixed(1)} months of today's on-demand spend${note.itemsKept ? ' on the tokens it serves' : ''}`;
    case 'pt-if-usage-halves':
      // An overflow with no price leaves the saving unknown, with why: never the units against a $0 overflow.
      if (note.monthlySavings === null) return `if usage halves, the saving against on demand is unknown, not zero${note.unpricedReason !== undefined ? ` (${adviceText(note.unpricedReason)})` : ''}`;
      return note.monthlySavings.isNegative()
        ? `if usage halves, the commitment loses ${formatUsd(note.monthlySavings.negated())} a month against on demand`
        : `if usage halves, it still saves ${formatUsd(note.monthlySavings)} a month`;
    case 'pt-context-variants':
      return `provisioned model IDs carry a context-length variant (${note.variants.join(', ')}); the price assumes the variant that fits your prompts`;
    case 'pt-committed-quota':
      return `a ${PROVISIONED_TERMS[note.term].label} cannot be cancelled before its term ends; committed units need a quota increase through AWS Support`;
    case 'pt-capacity-unknown': {
      const b = note.breakEven;
      const unknown = 'model-unit capacity unknown: AWS does not publish tokens per minute per model unit; add "unitTokensPerMinute" from your account team to a rates file';
      if (!b) return unknown;
      return unknown + (b.affordableUnits > 0
        ? `. Break-even: today's on-demand spend${note.itemsKept ? ' on tokens' : ''} pays for ${b.affordableUnits} unit(s), so each must serve at least ${int(b.inputTokensPerMinutePerUnit)} input and ${int(b.outputTokensPerMinutePerUnit)} output tokens per minute at the peak`
        : `. One unit costs more per month than all of today's on-demand spend${note.itemsKept ? ' on tokens' : ''}, so this term cannot win at any capacity`);
    }
    case 'pt-unit-capacity':
      return `one model unit serves ${int(note.inputTokensPerMinute)} input and ${int(note.outputTokensPerMinute)} output tokens per minute (source: ${note.source})`;
    case 'pt-term-hours':
      return `a commitment's total is its hourly price x units x the hours of its term from the purchase date (calendar months: the same day ${note.months} month(s) later, or that month's last day); this one, bought ${note.boughtOn}, runs ${note.termHours} hours`;
    case 'image-tier-range':
      return `images priced at the ${note.tier} tier (CloudWatch does not report resolution or quality; a rates file can name your tier with "imageTier"); across its ${note.tiers} tiers the month ranges from ${formatUsd(note.minMonthly)} (${note.minTier}) to ${formatUsd(note.maxMonthly)} (${note.maxTier})`;
    case 'long-context-bound': {
      const average = note.averageInputPerInvocation !== null ? `; requests average ${int(Math.round(note.averageInputPerInvocation))} input tokens (incl. cache)` : '';
      const worst = note.worstCaseInputShare === 0
        ? 'no data point holds enough input for one, so no long-context charge is possible'
        : note.worstCaseMonthly === null
          ? `the data points that could hold one carry ${percent(note.worstCaseInputShare)} of input; their long-context cost is unpriced (${note.unpricedReason !== undefined ? adviceText(note.unpricedReason) : ''})`
          : `worst case, the data points that could hold one (${percent(note.worstCaseInputShare)} of input) billed at long-context rates: ${formatUsd(note.worstCaseMonthly)}/month instead of the on-demand figure`;
      return `long context: requests above ${int(note.threshold)} input tokens bill at long-context rates, and CloudWatch sums cannot show which requests crossed it. At most ${int(note.maxRequestsAbove)} request(s) could (total input / threshold)${average}; ${worst}`;
    }
    case 'lifecycle':
      return lifecycleText(note);
    case 'extended-access-unknown':
      return `${note.name}: no public extended-access date or rate is known for it; if AWS has moved it to public extended access, ` +
        'its requests bill at a higher extended-access rate than the standard rate priced here (check the Bedrock pricing page or your bill)';
    case 'migrate-title':
      return `Migrate ${placeText(note.where)} ${migrationTarget(note.successor)}: ${migrationDifference(note.monthlySavings)}`;
    case 'migrate-step': {
      // The plan shows a saving, or that it is unknown and why, apart; a cost stays in the step.
      const saves = note.monthlySavings === null || !note.monthlySavings.isNegative();
      return `Migrate ${note.modelId} ${migrationTarget(note.successor)}${saves ? '' : `: ${migrationDifference(note.monthlySavings)}`}`;
    }
    case 'successor-replayed':
      return `the same tokens replayed at ${note.successor}'s on-demand prices (${note.scope} scope); a newer model may use a different number of tokens for the same work`;
    case 'successor-unpriced':
      return `no price for ${note.successor} in ${note.region}: the difference is unknown, not zero`;
    case 'saving-unknown-successor-unpriced':
      return `${note.successor} has no price in ${note.region}`;
    case 'saving-unknown-on-demand-unpriced':
      return `${note.modelId} has no on-demand price in ${note.region} to compare with`;
    case 'successor-retired':
      return `the successor AWS named, ${note.successor}, reached its own end of life on ${note.since}, so no move to it is advised and the cost after moving is unknown, not zero`;
    case 'invoke-successor':
      return `Invoke ${note.successorId} (or its cross-Region profile) instead of ${note.modelId}`;
    case 'custom-not-in-inventory':
      return `${note.name} ${note.modelArn} is not in the Bedrock inventory, so its base model and rates are unknown`;
    case 'custom-rate-missing':
      return `no Custom Model on-Demand rate for ${note.baseModelId} in ${note.region} in the catalog`;
    case 'bill-region-unpriced':
      return `Region unpriced: ${note.reason !== undefined ? adviceText(note.reason) : 'the catalog has no price here'}`;
    case 'derived-price':
      return `${lineText(note.dimension)} price is derived${note.derivedFrom ? ` (${note.derivedFrom})` : ''} and unverified: ${note.title}`;
    case 'unpriced-lines':
      return `unpriced: no ${note.dimensions.map(lineText).join(', ')} price in the catalog${note.region ? ` for ${note.region}: ${unpricedLinesHint(note.dimensions, note.region)}` : ''}`;
    case 'unpriced-because':
      return `unpriced: ${adviceText(note.reason)}`;
    case 'custom-rates':
      return `priced at ${note.baseModelId}'s Custom Model on-Demand rates`;
    case 'delete-custom-model':
      return `Delete unused custom model ${note.name}`;
    case 'delete-custom-model-title':
      return `Delete unused custom model ${note.name} (${note.region}): save ${formatUsd(note.monthlySavings)}/month storage`;
    case 'custom-storage-cost':
      return `custom model storage costs ${formatUsd(note.monthly)} per model per month (${note.source})`;
    case 'stacked-on':
      return `priced together with the ${note.after} step before it: the same tokens replayed under both, so this step's saving is what it adds after that one, never counted twice`;
    case 'plan-stacked-why':
      return `After the ${note.after} step, ${formatUsd(note.afterMonthly)}/month; with this step on top of it, ${formatUsd(note.newMonthly)}/month`;
    case 'plan-step-why':
      return `${WHAT_IS_PAID[note.fromMode] ?? note.fromMode} costs ${formatUsd(note.currentMonthly)}/month today; after this step, ${note.newMonthly === null
        ? `unknown${note.unpricedReason !== undefined ? ` (${adviceText(note.unpricedReason)})` : ''}`
        : `${formatUsd(note.newMonthly)}/month`}`;
    case 'joint-why':
      return `${note.units} provisioned unit(s) of ${note.modelId} (${note.throughputs}${note.averageUtilisation !== undefined ? `, ${Math.round(note.averageUtilisation * 100)}% used` : ''}) cost ${formatUsd(note.throughputMonthly)}/month while ${formatUsd(note.onDemandMonthly)}/month of the same model runs on demand (peak ${int(note.peakInputTokensPerMinute)} input tokens/minute)`;
    case 'route-to-throughput':
      return `Invoke ${note.arn} as the modelId instead of ${note.modelId}, and fall back to ${note.modelId} when it throttles`;
    case 'route-now':
      return `Route ${note.modelId}'s on-demand traffic to ${note.throughputs}: the ${note.units} unit(s) already paid for have room for it`;
    case 'route-and-resize':
      return `Route ${note.modelId}'s on-demand traffic to ${note.throughputs}${note.resizeTo !== undefined ? ` and reduce it to ${note.resizeTo} unit(s)` : ''}`;
    case 'serve-all-on-demand':
      return `${lapse(note)}; serve all ${note.modelId} traffic on demand`;
    case 'buy-for-all':
      return `${lapse(note)}; buy ${note.units} unit(s) with a ${PROVISIONED_TERMS[note.term].label} for all ${note.modelId} traffic`;
    case 'joint-unit-capacity':
      return `one model unit serves ${int(note.inputTokensPerMinute)} input and ${int(note.outputTokensPerMinute)} output tokens per minute (${note.source})`;
    case 'joint-monthly-scale':
      return `monthly figures scale the ${note.windowDays}-day window to a 730-hour month; savings are steady-state, once every step is taken`;
    case 'joint-not-cancellable':
      return `the commitment cannot be cancelled before ${humanDate(note.endsOn)}`;
    case 'new-commitment-binds':
      return `a new ${PROVISIONED_TERMS[note.term].label} cannot be cancelled: if usage falls, the units are still billed`;
    case 'bill-cache-absent':
      return `cache tokens absent from CloudWatch: the bill has ${String(note.billedTokens)} ${note.dimension === 'cacheRead' ? 'cache-read' : 'cache-write'} tokens the replay never saw`;
    case 'bill-tiered':
      return `billed partly as ${note.billedAs.join(', ')}: the replay prices every token at Standard`;
    case 'bill-window-edge':
      return `window edge: the bill's whole days include ${note.hours} hour(s) the replay does not`;
    case 'bill-daily-edge':
      return `window edge: the bill is daily, so its days (${note.first} to ${note.last}) run ${note.hours} hour(s) beyond the replay window`;
    case 'bill-lines-outside-days':
      return `${note.lines} billed line(s) outside ${note.first} to ${note.last} were left out`;
    case 'bill-lines-other-accounts':
      return `${note.lines} billed line(s) of accounts other than ${note.account} were left out`;
    case 'bill-drift-measure':
      return `drift compares the bill's quantities at list prices with the replay (by tokens where either side is unpriced); a model within ${note.withinPercent}% is reconciled`;
    case 'billed-off-list': {
      const off = usd(1).minus(note.ratio);
      return `billed at ${off.abs().times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed()}% ${off.isPositive() ? 'below' : 'above'} list`;
    }
    case 'outside-line-item':
      return `line item type ${note.lineItemType}`;
    case 'outside-usage-type':
      return `usage type ${note.usageType}${note.detail ? ` (${note.detail.join(', ')})` : ''}`;
    case 'outside-unclassified':
      return `usage type ${note.usageType}: ${note.why}`;
    case 'outside-model-unknown':
      return `usage type ${note.usageType}: model "${note.model}" is not in the model table`;
    case 'outside-region-unknown':
      return `usage type ${note.usageType}: no known Region (prefix ${note.regionPrefix ?? 'none'})`;
    case 'outside-unit-unknown':
      return `usage type ${note.usageType}: pricing unit "${note.unit}" is not a known token unit`;
    case 'logs-long-context': {
      const exact = `long context: the invocation logs show ${int(note.longContextRequests)} of ${int(note.requests)} request(s) above ${int(note.threshold)} input tokens; this figure prices each request at its own rates (long-context rates for every token of those above)`;
      if (note.partial) return `${exact} for ${note.partial.start} to ${note.partial.end}; the bound above holds for the rest of the window`;
      return note.replacesBound ? `${exact}, exactly: the logs cover the whole window` : exact;
    }
    case 'logs-cache-ttl': {
      const named = note.cacheWriteTokens - (note.cacheWriteUnsplitTokens ?? 0);
      const unsplit = note.cacheWriteUnsplitTokens ? `; ${int(note.cacheWriteUnsplitTokens)} have no TTL in their record (no body delivered) and are priced at the 5-minute rate, a lower bound where they were 1-hour writes` : '';
      const part = note.partial ? ` for ${note.partial.start} to ${note.partial.end}` : '';
      return `cache TTL: the invocation logs name the TTL of ${int(named)} of ${int(note.cacheWriteTokens)} cache-write tokens${part} (${int(note.cacheWrite1hTokens)} at 1 hour), and this figure prices each at its own rate${unsplit}`;
    }
    case 'items-kept-as-billed':
      return "the per-item charges billed today beside the tokens (images) keep today's on-demand price here: this mode publishes no per-item price of its own";
    case 'logs-keep-long-context':
      return 'requests the invocation logs show above the long-context threshold keep their on-demand long-context rates here: this mode publishes no long-context rate of its own';
    case 'logs-unmatched-lines':
      return `the invocation logs hold requests for ${note.lines.length} model line(s) the usage does not: ${note.lines.map((l) => `${l.modelId} in ${l.region}`).join(', ')}; they are in callers[] but in no model's requests`;
    case 'forecast-fitted-to':
      return note.history
        ? `the forecast is fitted to ${note.days} whole days of hourly sums read for it (--history-days), longer than the report's window; prices and break-even are the window's; a new launch or migration not yet in the data is not foreseen`
        : `the forecast is fitted to the report's own window (${note.days} whole days); a longer read (--history-days, up to 455 days of hourly sums) gives the trend more to go on, and a new launch or migration not yet in the data is not foreseen`;
    case 'forecast-fan':
      return `the fan: ${note.paths} simulated futures (seed ${note.seed}); P10/P50/P90 are their ${note.renewal
        ? 'percentiles; the advice is the option with the lowest median cost per hour'
        : '10th, 50th and 90th percentiles, the chance below break-even their share under it'}`;
    case 'renewal-load':
      return `the load is the model's usage in ${note.history ? `${note.days} whole days of hourly sums read for the forecast (--history-days)` : `the report's window (${note.days} whole days)`}: ` +
        `the traffic sent to ${note.provisionedModelArn}${note.onDemandModelId ? ` and ${note.onDemandModelId}'s in-Region on-demand traffic, which can be sent to a throughput's ARN instead (cross-Region profiles cannot)` : ''}, ` +
        'in model units per hour: the larger of input (with cache reads and writes) and output over a unit\'s tokens per minute x 60';
    case 'renewal-terms-start':
      return `each term starts when the current commitment ends (${note.day}); the futures run from there at the fitted trend, so a launch or migration not yet in the data is not foreseen`;
    case 'blended-rate':
      return `derived: blended rate (${BLENDED[note.blended]})`;
    case 'reserved-label': {
      const label = `Reserved tier, ${RESERVED_TERM_INFO[note.term].label}`;
      return note.levels ? `${label}: ${int(note.levels.inputTpm)} input / ${int(note.levels.outputTpm)} output TPM` : label;
    }
    case 'alt-same-tier':
      return `current ${note.tier} model of ${note.family} (${note.title} <${note.url}>)`;
    case 'alt-cheaper-tier':
      return `${note.tier}, a tier below ${note.ownTier} in ${note.family} (${note.title} <${note.url}>)`;
    case 'prices-from':
      return `prices are list prices from the ${note.name}, as of ${note.asOf} (each with its source and date), unless a rates file says otherwise; EDP and private discounts are not included unless given`;
    case 'prices-stale':
      return `warning: the prices are ${note.ageDays} days old (over ${note.staleDays}); refresh them with "bedrock-cost-advisor prices refresh" or run with live prices`;
    case 'monthly-scale-hours':
      return `monthly figures scale the observed ${note.hours} hours to a month; ${MONTHLY_HOURS_RULE}`;
    case 'rates-file-prices':
      return `some prices for this model come from ${note.file}`;
    case 'rates-discount':
      return `list prices less a ${note.percent}% discount from ${note.file}`;
    case 'rates-private-only':
      return `list prices from the bundled catalog; private pricing only where ${note.file} gives it`;
    case 'price-list-unmapped':
      return `${note.rows} AWS Price List row(s) could not be mapped to a model or classified and are not priced (run "bedrock-cost-advisor prices refresh" to list them)`;
    case 'price-list-fallback':
      return `${priceListFallbackText(note)}; prices are from the bundled catalog as of ${note.asOf}`;
    case 'metric-two-names':
      return `${note.scope ? `${note.scope}: ` : ''}${note.series}: ${note.given} and ${note.countedAs} both given at ${note.times} time(s) (first ${note.first}); ` +
        `they are two names of one metric, so those tokens are counted once, as ${note.countedAs}`;
    case 'metric-finer-dimensions':
      return `${note.scope ? `${note.scope}: ` : ''}${note.series}: CloudWatch publishes ${note.metric} with no series under ModelId alone; ` +
        `its ${note.seriesRead} series under ${note.dimensions.join(' + ')} were read and added up per period` +
        `${note.notRead?.length ? ` (not ${note.notRead.map((d) => d.join(' + ')).join(' nor ')}: a breakdown of the same usage, which would count it twice)` : ''}`;
    case 'rates-key-unmatched':
      return `${note.file}: rates[${note.index}] model "${note.key}"${note.key !== note.modelId ? ` (read as ${note.modelId})` : ''} in ${note.region} matches no model in the usage or inventory; check the spelling and Region`;
    case 'no-price-here':
      return `no ${note.scope} price for ${note.modelId} in ${note.region}${note.pricedIn ? ` (priced in ${note.pricedIn.join(', ')})` : ''}${note.withHint ? `: ${priceHint(note.region)}` : ''}`;
    case 'not-in-catalog':
      return `model ${note.modelId} is not in the price catalog: ${priceHint(note.region)}`;
    case 'no-verified-price':
      return `the catalog has no verified price for ${note.name} (${note.modelId}) yet: ${priceHint(note.region)}`;
    case 'monthly-scale-window':
      return `monthly figures scale the ${note.hours % 24 === 0 ? `${note.hours / 24}-day` : `${note.hours.toFixed(1)}-hour`} window to a 730-hour month`;
    case 'cache-writes-at-input':
      return `${note.name} publishes no cache-write rate; cache writes priced at the input rate (UNVERIFIED)`;
    case 'reserved-minimum':
      return `minimum reservation ${int(note.inputTpm)} input and ${int(note.outputTpm)} output tokens per minute; tokens above the level spill to Standard`;
    case 'reserved-billed-monthly':
      return `a ${RESERVED_TERM_INFO[note.term].label} is billed monthly for the whole term and bought through your AWS account team`;
    case 'reserved-unpriced': {
      const words = { 'reserved-input': `reserved input (${note.term})`, 'reserved-output': `reserved output (${note.term})`, 'standard-input': 'Standard input', 'standard-output': 'Standard output' };
      return `unpriced: no ${note.missing.map((m) => words[m]).join(', ')} price in the catalog`;
    }
    case 'logs-tier-long-context-unpriced':
      return `no long-context ${note.tier} price is published`;
    case 'logs-tier-unpriced':
      return `service tier "${note.tier}" has no price in the catalog`;
    case 'logs-priced-from-replay':
      return `${note.kind} model: priced from the CloudWatch replay, not per request`;
    case 'logs-ttl-missing':
      return `${int(note.tokens)} cache-write tokens have no TTL in their record (no body delivered): priced at the 5-minute rate, a lower bound where they were 1-hour writes`;
    case 'logs-partial-coverage':
      return `the logs cover ${note.start} to ${note.end} (${note.hours} of ${note.windowHours} hours); the rest of the window keeps the CloudWatch bounds`;
    case 'batch-not-counted':
      return `not counted: ${note.excluded.map((e) => (e.why === 'long-context' ? 'long-context requests (no batch long-context rate)' : `${e.modelId} (no batch price in ${e.region})`)).join('; ')}`;
    case 'signal-non-streaming':
      return `${percent(note.share)} of requests do not stream (at least ${percent(note.atLeast)}): nobody reads the answer as it is written`;
    case 'signal-off-hours':
      return `${percent(note.share)} of requests run off hours (20:00-06:00 UTC or weekends; at least ${percent(note.atLeast)})`;
    case 'signal-bursts':
      return `requests come in bursts: ${note.perActiveMinute.toFixed(1)} per active minute (at least ${note.atLeast})`;
    case 'signal-alike':
      return `requests are alike: input size varies by ${percent(note.variation)} (coefficient of variation at most ${percent(note.atMost)}, over ${int(note.requests)} requests)`;
    case 'signal-job':
      return `the caller is a job, not a person: ${callerKindText(note.why)}`;
    case 'signal-person':
      return `against: the caller is a person (${callerKindText(note.why)}), likely waiting for each answer`;
    case 'alt-not-in-catalog':
      return `${note.modelId} is not in the price catalog`;
    case 'alt-no-price':
      return `no price for ${note.name} in ${note.region}`;
    case 'alt-unknown-not-zero':
      return `${adviceText(note.reason)}: the cost there is unknown, not zero`;
    case 'alt-same-tokens':
      return `the same recorded tokens and shape (input, output, cache reads and writes, point by point) at ${note.name}'s on-demand prices (${note.scope} scope)`;
    case 'alt-token-counts':
      return `token counts: ${ratioBasisText(note.basis)}`;
    case 'alt-other-scope':
      return `priced through the ${note.scope} scope: ${note.name} has no ${note.ownScope} price in ${note.region}`;
    case 'alt-no-prompt-cache':
      return `${note.name} has no prompt caching: today's cache reads and writes are billed as input`;
    case 'alt-switch':
      return `Switch ${placeText(note.where)} to ${note.to} (accepted in the alternatives file)`;
    case 'alt-accepted':
      return `you accepted ${note.to} in place of ${note.from} in the alternatives file: the advisor does not measure quality`;
    case 'alt-least-saving':
      return `the saving is the least across the tokenizer range (${note.low.toFixed(2)}x to ${note.high.toFixed(2)}x the tokens): ${ratioBasisText(note.basis)}`;
    case 'alt-switch-cost':
      return `the switch costs ${formatUsd(note.switchCost)} once, for the cold cache`;
    case 'alt-switch-cost-unknown':
      return `the switch's one-time cost for the cold cache is unknown, not zero: ${adviceText(note.reason)}`;
    case 'invoke-alternative':
      return `Invoke ${note.modelId}${note.scope !== undefined ? ` through its ${note.scope} profile` : ''} instead of ${note.instead}`;
    case 'alt-cold-cache':
      return `the switch starts with a cold cache: the ${int(note.coldReadTokens)} cache-read tokens of the first ${note.lifetime === '5m' ? '5 minutes' : 'hour'} after it are billed as ${note.lifetime} cache writes, once (${note.switchCost === null ? (note.unpricedReason ? adviceText(note.unpricedReason) : 'unpriced') : formatUsd(note.switchCost)}); after that the cache is warm again. A data point that straddles that lifetime counts pro rata`;
    case 'as-reported':
      return note.text;
    case 'price-catalog-note':
      return `price catalog note: ${note.remark}`;
    case 'accounts-unread':
      return `${note.count} account(s) could not be read and are not in the totals (see errors)`;
    case 'usage-failed':
      return `usage collection failed: ${note.cause}${note.inventoryCause !== undefined ? `; Bedrock inventory could not be read either: ${note.inventoryCause}` : ''}`;
    case 'inventory-failed':
      return `Bedrock inventory could not be read (provisioned throughputs and custom models omitted): ${note.cause}`;
    case 'usage-incomplete':
      return 'incomplete: deadline reached before this Region was read; its usage is not in this report, so the report is partial';
    case 'inventory-incomplete':
      return 'incomplete: deadline reached before the Bedrock inventory was read (provisioned throughputs and custom models omitted), so the report is partial';
    case 'previous-period-partial':
      return `week over week left out: the previous period could not be read whole (${note.errors.map((e) => `${e.scope}: ${noteText(e.message)}`).join('; ')})`;
    case 'previous-period-failed':
      return `week over week left out: ${note.cause}`;
    case 'account-failed':
      return `account not analysed: ${noteText(note.why)}${note.regions.length ? ` (every Region failed: ${note.regions.map((scope) => scope.replace('region ', '')).join(', ')})` : ''}`;
    case 'every-region-failed':
      return 'usage collection failed in every Region';
    case 'partial-report-invalid':
      return `its partial report ${note.key} ${partialReportProblemText(note.problem)}`;
    case 'not-analysed':
      return `not analysed: ${noteText(note.why)}`;
    case 'partial-report-missing':
      return 'not analysed: the fan-out worker left no partial report (it failed after its retries or timed out; see the Map Run in Step Functions)';
    case 'source-unread':
      return `the ${note.source === 'bill' ? 'bill' : 'invocation logs'} could not be read: ${note.cause}`;
    case 'alert-not-sent':
      return `could not be sent: ${note.cause}`;
    case 'part-failed':
      return `${note.part} failed: ${note.cause}`;
    default:
      // Only the notes without figures are left: a code with figures but no case above does not index the table.
      return FIXED_TEXT[note.says];
  }
}
