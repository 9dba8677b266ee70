import type { Decimal } from 'decimal.js';
import type { RatioBasis, Worded } from './notes.js';
import type { InferenceScope } from '../model-id.js';

/** Why a model is a candidate: its lifecycle successor, its tier's current model, a cheaper tier, or the user's file. */
export type CandidateRelation = 'successor' | 'same-tier' | 'cheaper-tier' | 'configured';

/** Tokens on the candidate per token today, low and high ends, and where the range comes from. */
export interface TokenRatio {
  low: number;
  high: number;
  basis: RatioBasis;
}

/** A model's recorded traffic priced on another model: `models[].alternatives[]` in the JSON report. */
export interface ModelAlternative {
  modelId: string;
  name?: string;
  /** The inference scope the candidate is priced in (its own first, then in-Region, geo, global). */
  scope: InferenceScope;
  relation: CandidateRelation;
  /** Why it is a candidate, with the table's source: a note, worded when published. */
  basis: Worded;
  /** Listed under `accepted` in the alternatives file: then, and only then, its saving is in the headline. */
  accepted: boolean;
  /** The same token counts, same shape, at the candidate's on-demand prices, with a warm cache. Null: unpriced. */
  monthlyCost: Decimal | null;
  /** `monthlyCost` across the tokenizer range (low and high ratio). */
  monthlyCostRange: { low: Decimal; high: Decimal } | null;
  /** Today's monthly cost minus `monthlyCost`; negative when the candidate costs more. */
  monthlySavings: Decimal | null;
  /** Savings across the tokenizer range: `low` is the saving at the high token ratio. */
  monthlySavingsRange: { low: Decimal; high: Decimal } | null;
  /** One-time: the cache starts cold, so the cache reads of the first cache lifetime are billed as writes. */
  switchCost: Decimal | null;
  /** Cache-read tokens of the first cache lifetime after the switch, billed as writes. */
  coldCacheReadTokens: number;
  tokenRatio: TokenRatio;
  unpricedReason?: Worded;
  assumptions: Worded[];
}

