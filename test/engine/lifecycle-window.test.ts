import { describe, expect, it } from 'vitest';
import { lifecycleAssumption } from '../../src/modes/lifecycle.js';
import { adviceText } from '../../src/report/advice-text.js';

/** End-of-life notes speak of the usage window the report read, not of the day it was run. */
describe('lifecycle notes against the usage window', () => {
  const november = { start: '2026-11-01T00:00:00Z', end: '2026-11-15T00:00:00Z' };

  it('an end of life before the window: the model was still served, so the note does not say requests fail', () => {
    const text = adviceText(lifecycleAssumption('Amazon Nova Premier', { status: 'end-of-life', since: '2026-09-14', endOfLife: '2026-09-14' }, november));
    expect(text).toBe("Amazon Nova Premier: AWS's end-of-life date (2026-09-14) is before this usage window, yet the model served the requests billed here: the date may have moved; check AWS's model lifecycle page and move off it before its requests fail");
    expect(text).not.toMatch(/requests to it fail from then on/);
  });

  it('an end of life inside the window: requests after that day fail', () => {
    expect(adviceText(lifecycleAssumption('Claude Sonnet 4', { status: 'end-of-life', since: '2026-11-10', endOfLife: '2026-11-10' }, november)))
      .toBe('Claude Sonnet 4 reached end of life on 2026-11-10, inside this usage window: requests after that day fail');
  });

  it('a legacy model with an end of life after the window says so; without a window, the old wording', () => {
    expect(adviceText(lifecycleAssumption('Claude 3 Haiku', { status: 'legacy', endOfLife: '2027-01-10' }, november))).toBe('Claude 3 Haiku is legacy; end of life 2027-01-10, after this usage window: AWS plans to retire it');
    expect(adviceText(lifecycleAssumption('Claude 3 Haiku', { status: 'end-of-life', since: '2026-09-10' }))).toBe('Claude 3 Haiku reached end of life since 2026-09-10: requests to it fail from then on');
  });
});
