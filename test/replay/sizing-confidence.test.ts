import { describe, expect, it } from 'vitest';
import { provisionedSizingConfidence, sizingResolutionAssumptions } from '../../src/domain/advice.js';
import { adviceText, reasonText } from '../../src/report/advice-text.js';

describe('capacity sizing confidence, decided in one place from the resolution of the peak', () => {
  it('is low from 5-minute or hourly averages whatever the capacity source, and says which', () => {
    for (const capacity of ['rates-file', 'catalog', 'not-needed'] as const) {
      // As data: the reason code and the resolution; worded once, by the renderer (reasonText).
      expect(provisionedSizingConfidence(300, capacity)).toEqual({ confidence: 'low', reason: { code: 'sized-from-averages', confidence: 'low', figures: { peakResolutionSeconds: 300 } } });
      expect(reasonText(provisionedSizingConfidence(300, capacity).reason)).toContain('5-minute averages (the peak comes from 300-second data)');
      expect(reasonText(provisionedSizingConfidence(3600, capacity).reason)).toContain('hourly averages (the peak comes from 3600-second data)');
    }
  });

  it('from minute data: high with a known capacity (or none needed), medium with the catalog\'s', () => {
    expect(provisionedSizingConfidence(60, 'rates-file').confidence).toBe('high');
    expect(provisionedSizingConfidence(60, 'not-needed').confidence).toBe('high');
    expect(provisionedSizingConfidence(60, 'catalog').confidence).toBe('medium');
  });

  it('scenario assumptions carry the low label when the peak is averaged, else only a note on coarser parts', () => {
    expect(sizingResolutionAssumptions({ peakResolutionSeconds: 300, coarsestResolutionSeconds: 3600 }).map(adviceText)).toEqual([
      'confidence low: sized from 5-minute averages (the peak comes from 300-second data), which hide minute peaks, so the sizing may be too small',
    ]);
    expect(sizingResolutionAssumptions({ peakResolutionSeconds: 60, coarsestResolutionSeconds: 3600 }).map(adviceText)[0]).toMatch(/^part of the window has only 60-minute data/);
    expect(sizingResolutionAssumptions({ peakResolutionSeconds: 60, coarsestResolutionSeconds: 60 })).toEqual([]);
  });
});
