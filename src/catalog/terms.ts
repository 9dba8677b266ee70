import type { CommitmentTerm, ReservedTerm } from './schema.js';

/**
 * The one table of commitment terms in the code base: what each term is called by the Bedrock API,
 * by the Price List, and in the report, and how long it binds. Everything else looks terms up here.
 *
 * Provisioned throughput (model units, billed per unit-hour): no commitment, 1 month, 6 months
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html).
 * Reserved service tier (billed per 1K tokens-per-minute per month): 1 or 3 months
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/service-tiers-inference.html).
 */
export interface TermInfo {
  /** Whole months the commitment binds; 0 = none (delete any time). */
  months: number;
  /** Human label, e.g. "6-month commitment". */
  label: string;
  /** `commitmentDuration` as the Bedrock API spells it; absent for no commitment. */
  apiDuration?: 'OneMonth' | 'SixMonths';
}

export const PROVISIONED_TERMS: Readonly<Record<CommitmentTerm, TermInfo>> = {
  noCommit: { months: 0, label: 'no commitment' },
  oneMonth: { months: 1, label: '1-month commitment', apiDuration: 'OneMonth' },
  sixMonth: { months: 6, label: '6-month commitment', apiDuration: 'SixMonths' },
};

export const RESERVED_TERM_INFO: Readonly<Record<ReservedTerm, TermInfo>> = {
  oneMonth: { months: 1, label: '1-month reservation' },
  threeMonth: { months: 3, label: '3-month reservation' },
};

/** The provisioned term of a `commitmentDuration` from the Bedrock API (absent = no commitment). */
export function termOfApiDuration(duration: string | undefined): CommitmentTerm {
  for (const [term, info] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, TermInfo]>) {
    if (info.apiDuration !== undefined && info.apiDuration === duration) return term;
  }
  return 'noCommit';
}
