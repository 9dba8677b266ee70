import { describe, expect, it } from 'vitest';
import type { AdvisorReport } from '../../src/domain/report.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderText } from '../../src/report/render-text.js';
import { combineAccountReports } from '../../src/service/combine-reports.js';
import { sampleAnalysis } from './sample-report.js';

/**
 * An organisation's upper bound ("up to", batch) sums its accounts'. An account whose bound is unknown
 * (its report states none and lists no plans to add it from, as a report written before the field)
 * adds nothing and is counted apart: the total says "at least", never counts that account as $0.
 * The sample's own bound is $698.52/month (its golden text: "up to $698.52/month more from batch").
 */

function olderReport(): AdvisorReport {
  const { upToMonthlySavings: _upTo, ...summary } = sampleAnalysis().summary;
  const { plans: _plans, ...rest } = sampleAnalysis();
  return { ...rest, summary };
}

describe('an organisation with an account whose upper bound is unknown', () => {
  const combined = combineAccountReports([
    { accountId: '111122223333', report: sampleAnalysis() },
    { accountId: '444455556666', report: olderReport() },
  ]);

  it('sums the known bounds and counts the unknown account apart', () => {
    expect(combined.summary.upToMonthlySavings!.eq(sampleAnalysis().summary.upToMonthlySavings!)).toBe(true);
    expect(combined.summary.upToUnknownAccounts).toBe(1);
    const json = toPublishedJson(publishedReport(combined)) as unknown as { summary: { upToMonthlySavings: string; upToUnknownAccounts?: number } };
    expect(json.summary).toMatchObject({ upToMonthlySavings: '698.52', upToUnknownAccounts: 1 });
  });

  it('every headline says "at least" and which is unknown, never the known sum as the whole', () => {
    const view = publishedReport(combined);
    expect(renderText(view)).toContain('; up to at least $698.52/month more from batch (an upper bound; unknown for 1 account).');
    expect(renderEmailDigest(view).replace(/\s+/g, ' ')).toContain('Up to at least $698.52/month more from batch (an upper bound; unknown for 1 account).');
    expect(JSON.stringify(buildChatbotNotification(view))).toContain(', up to at least $698.52/month more from batch; unknown for 1 account.');
  });

  it('an account whose report predates the total but lists its plans is added from them (known, not unknown)', () => {
    const { upToMonthlySavings: _upTo, ...summary } = sampleAnalysis().summary;
    const withPlans = combineAccountReports([
      { accountId: '111122223333', report: sampleAnalysis() },
      { accountId: '444455556666', report: { ...sampleAnalysis(), summary } },
    ]);
    expect(withPlans.summary.upToUnknownAccounts).toBeUndefined();
    expect(withPlans.summary.upToMonthlySavings!.eq(sampleAnalysis().summary.upToMonthlySavings!.times(2))).toBe(true);
  });

  it('when no account states a bound, the amount is unknown (never "$0.00")', () => {
    const none = combineAccountReports([
      { accountId: '111122223333', report: olderReport() },
      { accountId: '444455556666', report: olderReport() },
    ]);
    expect(none.summary.upToMonthlySavings!.isZero()).toBe(true);
    expect(none.summary.upToUnknownAccounts).toBe(2);
    expect(renderText(publishedReport(none))).toContain('; up to an unknown amount more from batch (an upper bound; unknown for 2 accounts).');
  });
});
