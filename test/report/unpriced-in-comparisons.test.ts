import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import { compareWithPrevious } from '../../src/domain/week-over-week.js';
import { money, weekOverWeekLine } from '../../src/report/format.js';
import { accountRows } from '../../src/report/organization.js';
import { combineAccountReports } from '../../src/service/combine-reports.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { OPUS, catalog } from '../fixtures/model-catalog.js';

/**
 * Week over week compares the two periods' totals. When either leaves spend out for want of a price,
 * both totals are of what is priced: the change is named "priced spend", never read as the whole
 * spend's change (the unpriced model counted as $0 in one period and absent from the other).
 */

const UNKNOWN = 'acme.unknown-v1:0';
const HOUR = 3600;

function period(start: number, opusTokens: number, unknownTokens: number): ReturnType<typeof analyze> {
  const builder = new UsageBuilder();
  builder.add({ region: 'us-east-1', modelId: OPUS, metric: 'InputTokenCount', timestamp: start, periodSeconds: HOUR, value: opusTokens });
  if (unknownTokens) builder.add({ region: 'us-east-1', modelId: UNKNOWN, metric: 'InputTokenCount', timestamp: start, periodSeconds: HOUR, value: unknownTokens });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOUR) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  return analyze(snapshot, catalog, { now: new Date((start + HOUR) * 1000) });
}

describe('week over week with spend that has no price', () => {
  const START = Date.parse('2026-10-08T00:00:00Z') / 1000;
  const PREVIOUS = START - 7 * 86_400;

  it('names the change as that of the priced spend when this period has an unpriced model', () => {
    // Opus at $0.005 per 1K input, one hour, x 730 a month: 1,000 tokens $3.65/month then, 2,000 tokens $7.30 now.
    const current = period(START, 2000, 9_000_000);
    const previous = period(PREVIOUS, 1000, 0);
    const wow = compareWithPrevious(current, previous);
    expect(wow.spendChange.toFixed()).toBe('3.65');
    expect(wow.pricedSpendOnly).toBe(true);
    const view = publishedReport({ ...current, weekOverWeek: wow });
    expect(weekOverWeekLine(view)).toMatch(/: priced spend \+\$3\.65\/month \(\+100\.0%\), /);
    expect((toPublishedJson(view) as unknown as { weekOverWeek: { pricedSpendOnly?: boolean } }).weekOverWeek.pricedSpendOnly).toBe(true);
  });

  it('says plain "spend" when both periods are wholly priced', () => {
    const wow = compareWithPrevious(period(START, 2000, 0), period(PREVIOUS, 1000, 0));
    expect(wow.pricedSpendOnly).toBeUndefined();
    expect(wow.knownSavingsOnly).toBeUndefined();
    expect(weekOverWeekLine(publishedReport({ ...period(START, 2000, 0), weekOverWeek: wow }))).toMatch(/: spend \+\$3\.65\/month \(\+100\.0%\), savings available /);
  });
});

describe('the By-account table with spend that has no price', () => {
  const START = Date.parse('2026-10-08T00:00:00Z') / 1000;

  it('says "at least" the priced spend of an account when some of it has no price, and "unknown" when none is priced', () => {
    const combined = combineAccountReports([
      // Opus 2,000 tokens at $0.005 per 1K for one hour, x 730: $7.30/month, and a model with no price.
      { accountId: '111122223333', report: period(START, 2000, 9_000_000) },
      // Opus 1,000 tokens: $3.65/month, all priced.
      { accountId: '444455556666', report: period(START, 1000, 0) },
      // Only the model with no price.
      { accountId: '777788889999', report: period(START, 0, 5000) },
    ]);
    expect(combined.accounts!.map((a) => a.unpriced)).toEqual([1, undefined, 1]);
    const rows = accountRows(publishedReport(combined), money);
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['111122223333', 'at least $7.30'],
      ['444455556666', '$3.65'],
      ['777788889999', 'unknown'],
    ]);
  });
});
