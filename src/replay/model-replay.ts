import type { Decimal } from 'decimal.js';
import { difference, numberOf, oneWordKey, quotient } from '../money.js';
import type { Note } from '../domain/notes.js';
import type { PriceCatalog, CatalogModel, ModelPrices, Priced } from '../catalog/catalog.js';
import type { InferenceScope } from '../model-id.js';
import type { ModelReport, ModelUsageSummary, RequestQuantities } from '../domain/report.js';
import type { ModelUsage, UsageTotals } from '../usage/usage.js';
import type { LoadProfile } from './load-profile.js';
import type { ReplayShared } from './shared.js';

/** Usage of one base model in one Region and scope, possibly seen under several IDs. */
export interface ModelGroup {
  modelId: string;
  region: string;
  scope: InferenceScope;
  invokedAs: string[];
  series: ModelUsage[];
}

export interface ReplayContext {
  catalog: PriceCatalog;
  windowHours: number;
  cacheReadShares: readonly number[];
  /** The report's date: a commitment bought now runs its calendar term from here. */
  now: Date;
  /** The invocation logs' requests of a model group, when the logs cover part of the window or all of it. */
  requestsOf?: (group: ModelGroup) => RequestQuantities | undefined;
  /** What the analysis's models share in their reports (frozen, made once for the call); without it each model makes its own. */
  shared?: ReplayShared;
}

/** Everything replay learned about one model, for the recommender. */
export interface ModelReplay {
  report: ModelReport;
  profile: LoadProfile;
  model: CatalogModel | undefined;
  prices: ModelPrices | undefined;
  /**
   * Where the invocation logs priced the model: the usage a what-if prices at its own rates (every
   * token less the requests above the long-context threshold), CloudWatch's usage outside the covered
   * hours, and the logs' request classes. A plan's step prices these, as the scenarios do.
   */
  logged?: { whatIfUsage: ModelUsageSummary; restUsage: ModelUsageSummary; quantities: RequestQuantities };
}

/** Reads per write assumed for a cache what-if when the model does not cache today. */
export const DEFAULT_CACHE_WRITES_PER_READ = 0.25;

export function summariseUsage(profile: LoadProfile): ModelUsageSummary {
  return summaryOfTotals(profile.totals);
}

/** The report's usage summary of exact integer totals. */
export function summaryOfTotals(t: UsageTotals): ModelUsageSummary {
  return {
    inputTokens: t.InputTokenCount,
    outputTokens: t.OutputTokenCount,
    cacheReadInputTokens: t.CacheReadInputTokenCount,
    cacheWriteInputTokens: t.CacheWriteInputTokenCount,
    invocations: t.Invocations,
    images: t.OutputImageCount,
    throttles: t.InvocationThrottles,
  };
}

/** Cache writes price: the published 5-minute rate, or the input rate where writes are billed as input. */
export function cacheWritePrice(model: CatalogModel | undefined, prices: ModelPrices, ttl: '5m' | '1h'): { price: Priced | undefined; assumption?: Note } {
  const published = ttl === '1h' ? prices.perThousandTokens.cacheWrite1h : prices.perThousandTokens.cacheWrite5m;
  if (published) return { price: published };
  if (ttl === '5m' && model?.promptCache?.writesBilledAsInput && prices.perThousandTokens.input) {
    return {
      price: prices.perThousandTokens.input,
      assumption: { says: 'cache-writes-at-input', name: model.name },
    };
  }
  return { price: undefined };
}

/**
 * The read share of cache traffic at which caching breaks even: (w - 1) / ((w - 1) + (1 - r)), with w
 * and r the write and read prices over the input price. The input price cancels: (write - input) /
 * (write - read), one exact division instead of three rounded ones.
 *
 * A function of the three prices alone, and every model of a provider shares them: with the analysis's
 * `shared` it is worked out once per distinct triple of that analysis (`ReplayShared.breakEvenShares`,
 * keyed by the prices' exact values, so equal prices share it whatever row they are on), never kept for
 * the next analysis; without, and for a price of more than one word of digits (rare) or zero, it is worked out.
 */
export function breakEvenReadShare(input: Priced | undefined, read: Priced | undefined, write: Priced | undefined, shared?: ReplayShared): number | undefined {
  if (!input || !read || !write || input.usd.isZero()) return undefined;
  const a = input.usd, b = read.usd, c = write.usd;
  if (shared === undefined) return shareOf(a, b, c);
  const ka = oneWordKey(a), kb = oneWordKey(b), kc = oneWordKey(c);
  if (ka === undefined || kb === undefined || kc === undefined) return shareOf(a, b, c);
  const byInput = shared.breakEvenShares;
  let byRead = byInput.get(ka);
  if (byRead === undefined) byInput.set(ka, (byRead = new Map()));
  let byWrite = byRead.get(kb);
  if (byWrite === undefined) byRead.set(kb, (byWrite = new Map()));
  let share = byWrite.get(kc);
  if (share === undefined) byWrite.set(kc, (share = shareOf(a, b, c)));
  return share;
}

/**
 * In whole words where they are exact (`difference`, `quotient`, `numberOf`: decimal.js's very values),
 * and the premium's sign read, not compared with the number 0: decimal.js hands a number to its
 * constructor for that, and for each division it does itself, and one number in a run's first call
 * throws away the constructor's compiled code (see money.ts's `madeOf`).
 */
function shareOf(input: Decimal, read: Decimal, write: Decimal): number {
  const premium = difference(write, input);
  return premium.isZero() || premium.isNegative() ? 0 : numberOf(quotient(premium, difference(write, read)));
}
