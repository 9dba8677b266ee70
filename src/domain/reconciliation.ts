import type { Worded } from './notes.js';
import type { Decimal } from 'decimal.js';
// The bill's two vocabularies (a token series, a category of charge outside the replay), as types only:
// the lists are the bill's (src/bill/vocabulary.ts, which imports nothing).
import type { OutsideCategory, ReconciledDimension } from '../bill/vocabulary.js';

/**
 * The report's `reconciliation`: the replay set beside what AWS charged, per model and dimension,
 * with the charges the replay does not cover and the rate the account actually pays. Money is
 * Decimal; quantities are tokens (or images) as Decimal, since a bill's usage amounts are decimals.
 * The JSON shape is `reconciliation` in schema/report.schema.json.
 */

/** The source a bill was read from, and what reading it cost. */
export interface BillSource {
  kind: 'cost-explorer' | 'cur' | 'athena';
  /** The file or folder, the Cost Explorer call, the Athena table: in words, for the report. */
  description: string;
  /** Cost Explorer requests made (billed per request), when the source is Cost Explorer. */
  requests?: number;
  /** What those requests cost, USD. */
  requestCost?: Decimal;
}

export interface DimensionReconciliation {
  dimension: ReconciledDimension;
  /** Tokens (or images) on the bill. */
  billedQuantity: Decimal;
  /** Tokens (or images) CloudWatch counted; 0 when the replay has none. */
  replayedQuantity: Decimal;
  /** What the bill charged (net of discounts when the bill says). */
  billedCost: Decimal;
  /** The billed quantity at list prices; null when a billed line has no list price. */
  billedAtListCost: Decimal | null;
  /** The replay's cost of the replayed quantity (on demand, as billed); null when unpriced. */
  replayedCost: Decimal | null;
  /** (billed - replayed) / replayed quantity, in percent; null when nothing was replayed. */
  driftPercent: Decimal | null;
  /** The bill's own dimensions folded in here (`flexInput`, `cacheWrite1h`, …). */
  billedAs: string[];
  /** Why this dimension drifts, as notes worded when the report is published (src/report/advice-text.ts). */
  reasons: Worded[];
}

export interface ModelReconciliation {
  modelId: string;
  name?: string;
  region: string;
  accountId?: string;
  /** Whether CloudWatch saw the model here: its billed cost is covered by the advice. */
  inReplay: boolean;
  billedCost: Decimal;
  billedAtListCost: Decimal | null;
  /** 0 when the model is on the bill but not in the replay; null when the replay could not price it. */
  replayedCost: Decimal | null;
  /**
   * The bill's quantities at list prices against the replay, in percent: a discount is an effective
   * rate, not drift. By tokens when either side is unpriced. Null when nothing was replayed.
   */
  driftPercent: Decimal | null;
  /** |drift| within 1%. */
  reconciled: boolean;
  /** billedCost / billedAtListCost, when both are known and list is not zero. */
  billedToListRatio?: Decimal;
  /** "billed at 10% below list", when the ratio is off list; a note worded when the report is published. */
  effectiveRateNote?: Worded;
  /** Why it is not reconciled; a note is worded when the report is published (src/report/advice-text.ts). */
  reasons: Worded[];
  dimensions: DimensionReconciliation[];
}

export interface OutsideReplayCharge {
  category: OutsideCategory;
  service: string;
  usageType: string;
  billedCost: Decimal;
  quantity: Decimal;
  unit: string;
  /** Why it is outside: a note worded when the report is published. */
  reason: Worded;
}

export interface EffectiveRate {
  /** Billed cost of every usage line with a list price. */
  billedCost: Decimal;
  /** The same lines at list prices. */
  listCost: Decimal;
  billedToListRatio: Decimal;
  /** (1 - ratio) x 100: positive is a discount. */
  discountPercent: Decimal;
  /** `net unblended` when any line carried its cost after discounts, else `unblended`. */
  basis: 'net unblended' | 'unblended';
  /** "billed at 10% below list", or "billed at list prices": a note worded when the report is published. */
  note: Worded;
}

export interface SavingsAtEffectiveRate {
  modelId: string;
  region: string;
  accountId?: string;
  monthlySavingsAtList: Decimal;
  monthlySavingsAtEffectiveRate: Decimal;
  billedToListRatio: Decimal;
}

export interface CallerCost {
  kind: 'iam-principal' | 'tag';
  /** The principal's ARN, or `key=value` of a tag. */
  name: string;
  billedCost: Decimal;
}

export interface ReconciliationTotals {
  /** The whole Bedrock bill over the window's days: every line, inside the replay or not. */
  billedCost: Decimal;
  /** Billed cost of the models and Regions the replay (and so the advice) covers. */
  coveredByReplayCost: Decimal;
  /** Sum of `outsideReplay[]`. */
  outsideReplayCost: Decimal;
  /** Billed model usage the replay did not see (models absent from CloudWatch). */
  notReplayedUsageCost: Decimal;
  /** Replayed cost of the window, priced models only. */
  replayedCost: Decimal;
  /** coveredByReplayCost / billedCost x 100. */
  adviceCoveragePercent: Decimal | null;
  modelsReconciled: number;
  models: number;
  potentialMonthlySavingsAtList: Decimal;
  potentialMonthlySavingsAtEffectiveRate: Decimal;
}

export interface Reconciliation {
  source: BillSource;
  /** The UTC days of the bill read: the replay window widened to whole days. */
  days: { first: string; last: string };
  models: ModelReconciliation[];
  outsideReplay: OutsideReplayCharge[];
  /** Absent when no billed line has a list price to compare with. */
  effectiveRate?: EffectiveRate;
  savings: SavingsAtEffectiveRate[];
  totals: ReconciliationTotals;
  /** Cost by caller, when the bill carries `line_item_iam_principal` or tags. */
  callers?: CallerCost[];
  /** How to read the reconciliation, as notes worded when the report is published. */
  notes: Worded[];
}
