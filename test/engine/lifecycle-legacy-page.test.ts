import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Model-wide dates from AWS's legacy-models page (model-lifecycle-legacy.html) as public repositories quote
 * it (source aws-model-lifecycle-legacy, third party): Nova Canvas and Nova Reel end of life 2026-09-30,
 * Nova Sonic 2026-09-14, Command R and R+ 2026-08-19, Claude 3.5 Haiku 2026-06-19, Jamba 1.5 Large and Mini
 * legacy since 2026-05-26 with end of life 2026-11-26. Every run is read on a fixed day.
 */
const catalog = PriceCatalog.bundled();

function run(modelId: string, windowStart: string, now: string) {
  const start = Date.parse(windowStart) / 1000;
  const builder = new UsageBuilder();
  builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp: start, periodSeconds: 3600, value: 100 });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  const model = analyze(snapshot, catalog, { now: new Date(now) }).models[0]!;
  const onDemand = model.scenarios.find((s) => s.mode === 'on-demand')!;
  const note = onDemand.assumptions.find((a) => typeof a === 'object' && a !== null && 'says' in a && a.says === 'lifecycle');
  return { model, note: note === undefined ? undefined : adviceText(note as never) };
}

describe('dates from the legacy-models page', () => {
  it('the catalog carries each quoted date, model-wide, with its source', () => {
    const expected: Record<string, { legacyFrom?: string; endOfLife: string }> = {
      'amazon.nova-canvas-v1:0': { endOfLife: '2026-09-30' },
      'amazon.nova-reel-v1:0': { endOfLife: '2026-09-30' },
      'amazon.nova-sonic-v1:0': { endOfLife: '2026-09-14' },
      'cohere.command-r-v1:0': { endOfLife: '2026-08-19' },
      'cohere.command-r-plus-v1:0': { endOfLife: '2026-08-19' },
      'anthropic.claude-3-5-haiku-20241022-v1:0': { endOfLife: '2026-06-19' },
      'ai21.jamba-1-5-large-v1:0': { legacyFrom: '2026-05-26', endOfLife: '2026-11-26' },
      'ai21.jamba-1-5-mini-v1:0': { legacyFrom: '2026-05-26', endOfLife: '2026-11-26' },
    };
    for (const [id, dates] of Object.entries(expected)) {
      const lc = catalog.model(id)?.lifecycle;
      expect(lc?.source, id).toBe('aws-model-lifecycle-legacy');
      expect({ legacyFrom: lc?.legacyFrom, endOfLife: lc?.endOfLife, extendedAccessFrom: lc?.extendedAccessFrom }, id)
        .toEqual({ legacyFrom: dates.legacyFrom, endOfLife: dates.endOfLife, extendedAccessFrom: undefined });
      expect(lc?.regions, id).toBeUndefined();
    }
  });

  it('Command R usage in November, after its end of life (2026-08-19): worded against the window', () => {
    const { model, note } = run('cohere.command-r-v1:0', '2026-11-01T00:00:00Z', '2026-12-06T10:00:00Z');
    expect(model.lifecycle).toMatchObject({ status: 'end-of-life', since: '2026-08-19', endOfLife: '2026-08-19' });
    expect(note).toContain("Command R: AWS's end-of-life date (2026-08-19) is before this usage window, yet the model served the requests billed here: the date may have moved");
  });

  it('Command R usage in August, read on 2026-09-01: end of life inside the window', () => {
    const { note } = run('cohere.command-r-v1:0', '2026-08-01T00:00:00Z', '2026-09-01T10:00:00Z');
    expect(note).toContain('Command R reached end of life on 2026-08-19, inside this usage window: requests after that day fail');
  });

  it('Jamba 1.5 Large usage in October, read on 2026-11-01: legacy, end of life after the window', () => {
    const { model, note } = run('ai21.jamba-1-5-large-v1:0', '2026-10-01T00:00:00Z', '2026-11-01T10:00:00Z');
    expect(model.lifecycle).toMatchObject({ status: 'legacy', endOfLife: '2026-11-26' });
    expect(note).toContain('Jamba 1.5 Large is legacy since 2026-05-26; end of life 2026-11-26, after this usage window: AWS plans to retire it');
  });
});

describe('a successor that has itself reached its end of life', () => {
  // AWS named Nova Canvas as Titan Image Generator v2's successor (end of life 2026-06-30); Nova Canvas
  // reached its own end of life on 2026-09-30 (the legacy-models page, above). Read on 2026-12-06, moving
  // Titan's images to Nova Canvas would send them to a model whose requests fail.
  function titanImages(now: string) {
    const start = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const builder = new UsageBuilder();
    const modelId = 'amazon.titan-image-generator-v2:0';
    builder.add({ region: 'us-east-1', modelId, metric: 'OutputImageCount', timestamp: start, periodSeconds: 3600, value: 500 });
    builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp: start, periodSeconds: 3600, value: 500 });
    const snapshot: UsageSnapshot = {
      window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
      models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    };
    return analyze(snapshot, catalog, { now: new Date(now) }).recommendations.find((r) => r.action === 'migrate-model');
  }

  it('is not advised: the move names no successor and says why', () => {
    const migrate = titanImages('2026-12-06T10:00:00Z')!;
    expect(migrate).toBeDefined();
    expect(migrate.successorModelId).toBeUndefined();
    expect(migrate.confidence).toBe('low');
    expect(adviceText(migrate.title as never)).toContain('to a current model (the catalog names no successor still served)');
    const texts = migrate.assumptions.map((a) => adviceText(a as never));
    expect(texts).toContain('the successor AWS named, Amazon Nova Canvas, reached its own end of life on 2026-09-30, so no move to it is advised and the cost after moving is unknown, not zero');
  });

  it('read before that day (2026-09-01), Nova Canvas is still the move advised', () => {
    const migrate = titanImages('2026-09-01T10:00:00Z')!;
    expect(migrate.successorModelId).toBe('amazon.nova-canvas-v1:0');
  });
});
