import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/report/format.js';
import { accountRows } from '../../src/report/organization.js';
import { publishedReport, type PublishedReport } from '../../src/report/published.js';
import { sampleAnalysis } from './sample-report.js';

/**
 * The "By account" table's savings: an account with a plan whose saving is unknown (the sample's Nova
 * Canvas migration: no live successor is priced) shows its known savings as a floor, "at least", as the
 * headline does; never the known sum as if it were the whole.
 */
const sample = publishedReport(sampleAnalysis());

/** The sample as a two-account report: every plan in `withPlans`, none in the other. */
function asOrganization(plans: PublishedReport['plans']): PublishedReport {
  return {
    ...sample,
    plans: plans!.map((p) => ({ ...p, accountId: '111111111111' })),
    accounts: [
      { accountId: '111111111111', pricedMonthlyCost: sample.summary.pricedMonthlyCost, potentialMonthlySavings: sample.summary.potentialMonthlySavings, plans: plans!.length, errors: [] },
      { accountId: '222222222222', pricedMonthlyCost: new Decimal(0), potentialMonthlySavings: new Decimal(0), plans: 0, errors: [] },
    ],
  } as PublishedReport;
}

describe('account rows with a plan whose saving is unknown', () => {
  it('the sample: $106,199.77 + $2,794.62 + $39.91 + $1.95 = $109,036.25 known, and Nova Canvas unknown: "at least $109,036.25"', () => {
    expect(sample.plans!.map((p) => p.monthlySavings?.toFixed(2) ?? null)).toEqual(['106199.77', '2794.62', '39.91', '1.95', null]);
    const rows = accountRows(asOrganization(sample.plans), money);
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([['111111111111', 'at least $109,036.25'], ['222222222222', '$0.00']]);
  });

  it('only the unknown plan: "unknown", never "$0.00"', () => {
    const unknownOnly = asOrganization(sample.plans!.filter((p) => p.monthlySavings === null));
    unknownOnly.accounts![0] = { ...unknownOnly.accounts![0]!, potentialMonthlySavings: new Decimal(0) };
    expect(accountRows(unknownOnly, money)[1]![3]).toBe('unknown');
  });

  it('every saving known: the sum as it is', () => {
    const known = asOrganization(sample.plans!.filter((p) => p.monthlySavings !== null));
    expect(accountRows(known, money)[1]![3]).toBe('$109,036.25');
  });
});
