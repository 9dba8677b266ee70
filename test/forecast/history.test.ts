import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, samplePreviousSnapshot, sampleSnapshot } from '../../src/sample/sample.js';
import type { ModelUsage, UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_READ_ON } from '../fixtures/clock.js';
import { adviceText } from '../../src/report/advice-text.js';

/**
 * The forecast fits the long read (`UsageSnapshot.forecastHistory`, from --history-days) when there is
 * one: the sample's 14 days with the 14 before them as its history.
 */
const catalog = PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON);

function withHistory(): UsageSnapshot {
  const snapshot = sampleSnapshot();
  const previous = samplePreviousSnapshot();
  const key = (u: ModelUsage) => `${u.modelId}|${u.region}`;
  const models = snapshot.models.map((m) => {
    const before = previous.models.find((p) => key(p) === key(m));
    return { ...m, segments: [...(before?.segments ?? []), ...m.segments] };
  });
  return { ...snapshot, forecastHistory: { window: { start: previous.window.start, end: snapshot.window.end }, models } };
}

describe('the forecast on a longer history', () => {
  const plain = analyze(sampleSnapshot(), catalog, { now: new Date(SAMPLE_END), forecast: {} });
  const long = analyze(withHistory(), catalog, { now: new Date(SAMPLE_END), forecast: {} });

  it('fits the 28 days of the history, not the 14 of the window, and says so', () => {
    const before = plain.models.find((m) => m.forecast)!.forecast!;
    const after = long.models.find((m) => m.modelId === plain.models.find((x) => x.forecast)!.modelId)!.forecast!;
    expect(before.historyDays).toBe(14);
    expect(after.historyDays).toBe(28);
    expect(adviceText(after.assumptions[0]!)).toContain('--history-days');
    // The previous period ran at 0.9x: a level rising over the history, where the window alone is flat.
    expect(after.trendPer30Days!).toBeGreaterThan(before.trendPer30Days! + 0.02);
    expect(long.provisionedThroughputs[0]!.renewal!.historyDays).toBe(28);
  });

  it('keeps the window\'s prices: the break-even does not move with the history', () => {
    const be = (r: typeof plain) => r.models.flatMap((m) => m.forecast?.commitments ?? []).map((c) => c.breakEvenUtilisation);
    expect(be(long)).toEqual(be(plain));
    expect(long.provisionedThroughputs[0]!.renewal!.terms.map((t) => t.breakEvenUtilisation)).toEqual(plain.provisionedThroughputs[0]!.renewal!.terms.map((t) => t.breakEvenUtilisation));
    // And the replay is the window's alone.
    expect(long.summary).toEqual(plain.summary);
  });
});
