import { describe, expect, it } from 'vitest';
import { lifecycleIn, PriceCatalog, type CatalogLifecycle } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Lifecycle by Region. AWS's Claude 3 Haiku model card (Amazon Bedrock User Guide,
 * model-card-anthropic-claude-3-haiku, read 2026-12-06 in its Traditional Chinese translation): end of life
 * on 2026-09-10 in most Regions; still available in ca-central-1, eu-central-2 and sa-east-1, and in the
 * Legacy phase in ap-northeast-2, with no date for those four. The model-wide dates (AWS's lifecycle page as
 * quoted on 2026-08-19): legacy 2026-03-10, public extended access 2026-06-10, end of life 2026-09-10.
 * Every run is read on a fixed day, so the clock CI moves does not enter.
 */
const catalog = PriceCatalog.bundled();
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVEMBER = Date.parse('2026-11-01T00:00:00Z') / 1000;
const READ_ON = '2026-12-06T10:00:00Z';

function run(region: string, start = NOVEMBER, now = READ_ON) {
  const builder = new UsageBuilder();
  builder.add({ region, modelId: HAIKU, metric: 'InputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region, modelId: HAIKU, metric: 'OutputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region, modelId: HAIKU, metric: 'Invocations', timestamp: start, periodSeconds: 3600, value: 100 });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  const model = analyze(snapshot, catalog, { now: new Date(now) }).models[0]!;
  return { model, onDemand: model.scenarios.find((s) => s.mode === 'on-demand')! };
}

const lifecycleNote = (assumptions: readonly unknown[]) => assumptions.find((a) => typeof a === 'object' && a !== null && 'says' in a && a.says === 'lifecycle');

describe('lifecycle by Region: Claude 3 Haiku', () => {
  // November usage of 1M input and 1M output tokens, at the in-Region rates each Region's source gives:
  // $0.25 + $1.25 = $1.50 in all five Regions below.

  it('ca-central-1: still served there, so November usage is in extended access (a floor), never past end of life', () => {
    const { model, onDemand } = run('ca-central-1');
    expect(onDemand.cost?.toFixed()).toBe('1.5');
    expect(model.lifecycle).toEqual({ status: 'extended-access', since: '2026-06-10', successor: 'anthropic.claude-haiku-4-5-20251001-v1:0' });
    const note = lifecycleNote(onDemand.assumptions);
    expect(note).toEqual({ says: 'lifecycle', name: 'Claude 3 Haiku', status: 'extended-access', since: '2026-06-10', sinceIs: 'before', extendedAccessUnpriced: true });
    expect(adviceText(note as never)).toBe(
      'Claude 3 Haiku is in public extended access since 2026-06-10: it bills at an extended-access rate no source read here gives, ' +
      'higher than the standard rate priced here, so this cost is a floor',
    );
    expect(onDemand.assumptions.map(adviceText).join('\n')).not.toMatch(/end of life|end-of-life/);
  });

  it('us-east-1: past its end of life (2026-09-10) before the November window, so the report says the date may have moved', () => {
    const { model, onDemand } = run('us-east-1');
    expect(onDemand.cost?.toFixed()).toBe('1.5');
    expect(model.lifecycle).toEqual({ status: 'end-of-life', since: '2026-09-10', endOfLife: '2026-09-10', successor: 'anthropic.claude-haiku-4-5-20251001-v1:0' });
    const note = lifecycleNote(onDemand.assumptions);
    expect(note).toEqual({
      says: 'lifecycle', name: 'Claude 3 Haiku', status: 'end-of-life', since: '2026-09-10', endOfLife: '2026-09-10', sinceIs: 'before', endOfLifeIs: 'before',
      extendedAccessFrom: '2026-06-10', extendedAccessIs: 'before', extendedAccessUnpriced: true,
    });
    expect(adviceText(note as never)).toBe(
      "Claude 3 Haiku: AWS's end-of-life date (2026-09-10) is before this usage window, yet the model served the requests billed here: " +
      "the date may have moved; check AWS's model lifecycle page and move off it before its requests fail; in this usage window it was in " +
      'public extended access (from 2026-06-10), billed at an extended-access rate no source read here gives, higher than the standard rate priced here, so this cost is a floor',
    );
  });

  it('the other three Regions the card names are read as ca-central-1; a Region it does not name as us-east-1', () => {
    for (const region of ['eu-central-2', 'sa-east-1', 'ap-northeast-2']) {
      expect(run(region).model.lifecycle, region).toEqual({ status: 'extended-access', since: '2026-06-10', successor: 'anthropic.claude-haiku-4-5-20251001-v1:0' });
    }
    expect(run('eu-central-1').model.lifecycle?.status).toBe('end-of-life');
  });

  it('September usage read on 2026-10-01: us-east-1 reached end of life inside the window, ca-central-1 did not', () => {
    const september = Date.parse('2026-09-01T00:00:00Z') / 1000;
    const east = lifecycleNote(run('us-east-1', september, '2026-10-01T10:00:00Z').onDemand.assumptions);
    expect(adviceText(east as never)).toBe(
      'Claude 3 Haiku reached end of life on 2026-09-10, inside this usage window: requests after that day fail; in this usage window it was in ' +
      'public extended access (from 2026-06-10), billed at an extended-access rate no source read here gives, higher than the standard rate priced here, so this cost is a floor',
    );
    const canada = lifecycleNote(run('ca-central-1', september, '2026-10-01T10:00:00Z').onDemand.assumptions);
    expect(canada).toEqual({ says: 'lifecycle', name: 'Claude 3 Haiku', status: 'extended-access', since: '2026-06-10', sinceIs: 'before', extendedAccessUnpriced: true });
  });
});

describe('lifecycleIn', () => {
  const lifecycle: CatalogLifecycle = {
    status: 'end-of-life', legacyFrom: '2026-01-01', extendedAccessFrom: '2026-02-01', endOfLife: '2026-03-01', successor: 'n', source: 'wide',
    regions: {
      'ca-central-1': { status: 'extended-access', endOfLife: null, source: 'card' },
      'eu-west-1': { status: 'legacy', extendedAccessFrom: '2026-05-01', endOfLife: '2026-06-01', source: 'card' },
    },
  };

  it('a Region without an override has the model-wide dates', () => {
    expect(lifecycleIn(lifecycle, 'us-east-1')).toEqual({ status: 'end-of-life', legacyFrom: '2026-01-01', extendedAccessFrom: '2026-02-01', endOfLife: '2026-03-01', successor: 'n', source: 'wide' });
  });

  it('endOfLife null removes the end of life; other stated dates replace the model-wide ones, the rest stay', () => {
    expect(lifecycleIn(lifecycle, 'ca-central-1')).toEqual({ status: 'extended-access', legacyFrom: '2026-01-01', extendedAccessFrom: '2026-02-01', successor: 'n', source: 'card' });
    expect(lifecycleIn(lifecycle, 'eu-west-1')).toEqual({ status: 'legacy', legacyFrom: '2026-01-01', extendedAccessFrom: '2026-05-01', endOfLife: '2026-06-01', successor: 'n', source: 'card' });
    expect(lifecycleIn(undefined, 'eu-west-1')).toBeUndefined();
  });
});
