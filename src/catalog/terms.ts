import type { Decimal } from 'decimal.js';
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
}

export interface ProvisionedTermInfo extends TermInfo {
  /** `commitmentDuration` as the Bedrock API spells it; absent for no commitment. */
  apiDuration?: 'OneMonth' | 'SixMonths';
  /** The report's scenario mode for this term. */
  mode: 'provisioned-no-commit' | 'provisioned-1-month' | 'provisioned-6-month';
}

export interface ReservedTermInfo extends TermInfo {
  mode: 'reserved-1-month' | 'reserved-3-month';
}

export const PROVISIONED_TERMS: Readonly<Record<CommitmentTerm, ProvisionedTermInfo>> = {
  noCommit: { months: 0, label: 'no commitment', mode: 'provisioned-no-commit' },
  oneMonth: { months: 1, label: '1-month commitment', apiDuration: 'OneMonth', mode: 'provisioned-1-month' },
  sixMonth: { months: 6, label: '6-month commitment', apiDuration: 'SixMonths', mode: 'provisioned-6-month' },
};

export const RESERVED_TERM_INFO: Readonly<Record<ReservedTerm, ReservedTermInfo>> = {
  oneMonth: { months: 1, label: '1-month reservation', mode: 'reserved-1-month' },
  threeMonth: { months: 3, label: '3-month reservation', mode: 'reserved-3-month' },
};

/** The provisioned term of a `commitmentDuration` from the Bedrock API (absent = no commitment). */
export function termOfApiDuration(duration: string | undefined): CommitmentTerm {
  for (const [term, info] of Object.entries(PROVISIONED_TERMS) as Array<[CommitmentTerm, ProvisionedTermInfo]>) {
    if (info.apiDuration !== undefined && info.apiDuration === duration) return term;
  }
  return 'noCommit';
}

/**
 * When a term of `months` calendar months bought at `start` ends. The rule: the same day of the
 * month and time of day, `months` later; when that month is shorter, its last day (1 month from
 * 2026-01-31 ends 2026-02-28; from 2026-03-31, 2026-04-30). AWS bills a commitment by the hour for
 * every hour of its term, so the term's real length (28 to 31 days a month) sets its total.
 */
export function termEnd(start: Date, months: number): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(start.getTime());
  end.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return end;
}

/** Hours in a term of `months` calendar months from `start` (see `termEnd`). */
export function termHours(start: Date, months: number): number {
  return (termEnd(start, months).getTime() - start.getTime()) / 3_600_000;
}

