import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import { compareWithPrevious } from '../../src/domain/week-over-week.js';
import { weekOverWeekLine } from '../../src/report/format.js';
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
