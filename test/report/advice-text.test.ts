import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { isNote } from '../../src/domain/notes.js';
import { adviceText, noteText } from '../../src/report/advice-text.js';
import { publishedReport, textReport, toPublishedJson } from '../../src/report/published.js';
import { fromExactJson, toExactJson } from '../../src/report/report-codec.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { sampleAnalysis } from './sample-report.js';

/** Every note left anywhere in `value`, with the path to it. */
function notesIn(value: unknown, path = ''): string[] {
  if (isNote(value)) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => notesIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => notesIn(v, `${path}.${k}`));
  return [];
}

describe('advice is data until it is published', () => {
  const report = sampleAnalysis();

  it('the engine states advice as codes with figures: titles, steps, assumptions, risks, instructions', () => {
    const lite = report.recommendations.find((r) => r.modelId === 'amazon.nova-2-lite-v1:0' && r.action === 'review-expiring-commitment')!;
    expect(lite.title).toMatchObject({ says: 'title', step: { says: 'pt-reduce' } });
    expect(notesIn(report).length).toBeGreaterThan(50);
    // No sentence in the advice the engine wrote: every title and plan step is a note.
    expect(report.recommendations.every((r) => isNote(r.title) && isNote(r.advice.step))).toBe(true);
    expect(report.plans!.every((p) => p.steps.every((s) => isNote(s.action)))).toBe(true);
  });

  it('the published view words every note once, and the JSON report and the text formats carry no note', () => {
    expect(notesIn(publishedReport(report))).toEqual([]);
    expect(notesIn(textReport(publishedReport(report)))).toEqual([]);
    expect(notesIn(toPublishedJson(publishedReport(report)))).toEqual([]);
    const published = publishedReport(report);
    const i = report.recommendations.findIndex((r) => r.action === 'review-expiring-commitment');
    expect(published.recommendations[i]!.title).toBe(adviceText(report.recommendations[i]!.title));
  });

  it('notes travel exact between the fan-out\'s processes and are worded the same on arrival', () => {
    const copy = fromExactJson<AdvisorReport>(toExactJson(report));
    expect(toPublishedJson(publishedReport(copy))).toEqual(toPublishedJson(publishedReport(report)));
  });

  it('words a title from its exact saving, rounded only in the text', () => {
    // $1,234.565 rounds half even to $1,234.56 in words; the figure in the note stays exact.
    const title = { says: 'title' as const, step: { says: 'move-to-batch' as const, where: { modelId: 'acme.m-v1:0', region: 'us-east-1' } }, monthlySavings: usd('1234.565'), upperBound: true };
    expect(noteText(title)).toBe('Move latency-tolerant acme.m-v1:0 (us-east-1) traffic to batch inference: save $1,234.56/month (upper bound)');
    expect(title.monthlySavings.toFixed()).toBe('1234.565');
  });
});
