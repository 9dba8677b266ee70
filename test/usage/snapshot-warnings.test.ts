import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageInputError } from '../../src/errors.js';
import { publishedReport } from '../../src/report/published.js';
import { renderText } from '../../src/report/render-text.js';
import { SAMPLE_END, sampleSnapshot } from '../../src/sample/sample.js';
import { parseSnapshot, serializeSnapshot } from '../../src/usage/snapshot.js';
import type { UsageWarning } from '../../src/domain/notes.js';

/**
 * A collection's warnings are part of what `--save-usage` writes, and a replay with `--input` says them
 * as the run that collected did. The header was strict and had no field for them: a snapshot saved from
 * a run with a warning (both spellings of a cache metric, a metric read through a finer dimension set)
 * could not be read back at all ("Unrecognized key: warnings").
 */
const NOW = new Date(SAMPLE_END);
const TWO_NAMES: UsageWarning = {
  says: 'metric-two-names', series: 'anthropic.claude-sonnet-4-5-20250929-v1:0 (us-east-1)', given: 'CacheReadInputTokens',
  countedAs: 'CacheReadInputTokenCount', times: 3, first: '2026-11-10T00:00:00.000Z',
};
const FINER: UsageWarning = {
  says: 'metric-finer-dimensions', series: 'amazon.nova-canvas-v1:0 (us-east-1)', metric: 'AWS/Bedrock OutputImageCount',
  dimensions: ['ModelId', 'ImageSize', 'BucketedStepSize'], seriesRead: 2, notRead: [['ModelId', 'ServiceTier', 'ResolvedServiceTier']], scope: 'account 111122223333',
};

function saved(warnings: unknown[]): string {
  const snapshot = sampleSnapshot();
  const text = serializeSnapshot({ ...snapshot, warnings: warnings as UsageWarning[] });
  return text;
}

describe('a saved snapshot keeps its collection warnings', () => {
  it('reads them back as they were written, and the report of the replay says them', () => {
    const back = parseSnapshot(saved([TWO_NAMES, FINER]), 'usage.jsonl', { now: NOW });
    expect(back.warnings).toEqual([TWO_NAMES, FINER]);
    const text = renderText(publishedReport(analyze(back, PriceCatalog.bundled(), { now: NOW })));
    expect(text).toContain('CacheReadInputTokens and CacheReadInputTokenCount both given at 3 time(s) (first 2026-11-10T00:00:00.000Z)');
    expect(text).toContain('account 111122223333: amazon.nova-canvas-v1:0 (us-east-1): CloudWatch publishes AWS/Bedrock OutputImageCount with no series under ModelId alone; its 2 series under ModelId + ImageSize + BucketedStepSize were read and added up per period (not ModelId + ServiceTier + ResolvedServiceTier');
  });

  it('a snapshot without warnings is read as before, with none', () => {
    expect(parseSnapshot(saved([]), 'usage.jsonl', { now: NOW }).warnings).toEqual([]);
    const { warnings: _none, ...without } = sampleSnapshot();
    expect(parseSnapshot(serializeSnapshot(without), 'usage.jsonl', { now: NOW }).warnings).toBeUndefined();
  });

  it('a malformed warning is refused, naming the file, the line and the field', () => {
    const bad = saved([{ ...FINER, seriesRead: -1 }]);
    expect(() => parseSnapshot(bad, 'usage.jsonl', { now: NOW })).toThrow(UsageInputError);
    expect(() => parseSnapshot(bad, 'usage.jsonl', { now: NOW })).toThrow(/usage\.jsonl:1: warnings\.0\.seriesRead/);
    const unknown = saved([{ says: 'made-up', series: 'x' }]);
    expect(() => parseSnapshot(unknown, 'usage.jsonl', { now: NOW })).toThrow(/usage\.jsonl:1: warnings\.0/);
  });
});
