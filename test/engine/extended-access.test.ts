import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { adviceText } from '../../src/report/advice-text.js';
import { HOURS_PER_MONTH } from '../../src/money.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Extended access: a model whose extended-access rate is known is priced at it (Claude 3.5 Sonnet v2,
 * $6 / $30 per 1M since 2025-12-01); a legacy or retired model without one is priced at its standard
 * rate and the report says the extended-access rate is unknown, instead of charging standard silently.
 */
const catalog = PriceCatalog.bundled();
const START = Date.parse('2026-09-01T00:00:00Z') / 1000;

function run(modelId: string, start = START, now = '2026-10-01T10:00:00Z') {
  const builder = new UsageBuilder();
  builder.add({ region: 'us-east-1', modelId, metric: 'InputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region: 'us-east-1', modelId, metric: 'OutputTokenCount', timestamp: start, periodSeconds: 3600, value: 1_000_000 });
  builder.add({ region: 'us-east-1', modelId, metric: 'Invocations', timestamp: start, periodSeconds: 3600, value: 100 });
  const snapshot: UsageSnapshot = {
    window: { start: new Date(start * 1000).toISOString(), end: new Date((start + HOURS_PER_MONTH * 3600) * 1000).toISOString() },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
  const report = analyze(snapshot, catalog, { now: new Date(now) });
  return report.models[0]!.scenarios.find((s) => s.mode === 'on-demand')!;
}

describe('extended access', () => {
  it('Claude Sonnet 4 (public extended access since 2026-07-14, rate unknown): standard $3 + $15 = $18, said to be a floor', () => {
    const onDemand = run('anthropic.claude-sonnet-4-20250514-v1:0');
    expect(onDemand.cost?.toFixed()).toBe('18');
    // As data: in extended access since before the window, end of life after it, and the rate not in the price book.
    expect(onDemand.assumptions).toContainEqual({
      says: 'lifecycle', name: 'Claude Sonnet 4', status: 'extended-access', since: '2026-07-14', endOfLife: '2026-10-14',
      sinceIs: 'before', endOfLifeIs: 'after', extendedAccessUnpriced: true,
    });
    expect(onDemand.assumptions.map(adviceText)).toContain(
      'Claude Sonnet 4 is in public extended access since 2026-07-14: it bills at an extended-access rate no source read here gives, ' +
      'higher than the standard rate priced here, so this cost is a floor; end of life 2026-10-14, after this usage window',
    );
    // Its extended-access date is known now, so the "no date known" note is not added beside it.
    expect(onDemand.assumptions).not.toContainEqual({ says: 'extended-access-unknown', name: 'Claude Sonnet 4' });
  });

  it('Claude Opus 4.1 (legacy since 2026-07-08, extended access from 2026-10-08): legacy, standard rates, no unknown-date note', () => {
    const onDemand = run('anthropic.claude-opus-4-1-20250805-v1:0');
    // $15 + $75 per 1M (the offer-file extract's us-east-1 in-Region figures).
    expect(onDemand.cost?.toFixed()).toBe('90');
    expect(onDemand.assumptions.map(adviceText)).toContain('Claude Opus 4.1 is legacy since 2026-07-08; end of life 2027-01-08, after this usage window: AWS plans to retire it');
    expect(onDemand.assumptions.map(adviceText).join('\n')).not.toMatch(/no public extended-access date or rate is known/);
  });

  it('Claude 3.5 Sonnet v2 (extended access since 2025-12-01): $6 + $30 = $36, with no unknown-rate note', () => {
    const onDemand = run('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(onDemand.cost?.toFixed()).toBe('36');
    expect(onDemand.assumptions.map(adviceText).join('\n')).toMatch(/public extended access since 2025-12-01: priced at its extended-access rates/);
    expect(onDemand.assumptions.map(adviceText).join('\n')).not.toMatch(/no public extended-access date or rate is known/);
  });

  // Read later (2026-12-06), the same September usage: today's status moves on, but what the usage cost does not.
  const LATER = '2026-12-06T10:00:00Z';

  it('Claude Sonnet 4 read after its end of life (2026-10-14): the September usage was billed in extended access, so the cost is still a floor', () => {
    const onDemand = run('anthropic.claude-sonnet-4-20250514-v1:0', START, LATER);
    expect(onDemand.cost?.toFixed()).toBe('18');
    expect(onDemand.assumptions).toContainEqual({
      says: 'lifecycle', name: 'Claude Sonnet 4', status: 'end-of-life', since: '2026-10-14', endOfLife: '2026-10-14',
      sinceIs: 'after', endOfLifeIs: 'after', extendedAccessFrom: '2026-07-14', extendedAccessIs: 'before', extendedAccessUnpriced: true,
    });
    expect(onDemand.assumptions.map(adviceText)).toContain(
      'Claude Sonnet 4 reached end of life on 2026-10-14, after this usage window: requests to it fail from then on; ' +
      'in this usage window it was in public extended access (from 2026-07-14), billed at an extended-access rate no source read here gives, ' +
      'higher than the standard rate priced here, so this cost is a floor',
    );
  });

  it('Claude Opus 4.1 read after its extended access began (2026-10-08): the September usage billed at the standard rate, not a floor', () => {
    const onDemand = run('anthropic.claude-opus-4-1-20250805-v1:0', START, LATER);
    // $15 + $75 per 1M, its standard rates, and nothing says they are too low for this window.
    expect(onDemand.cost?.toFixed()).toBe('90');
    const lifecycle = onDemand.assumptions.find((a) => typeof a === 'object' && 'says' in a && a.says === 'lifecycle');
    expect(lifecycle).toEqual({
      says: 'lifecycle', name: 'Claude Opus 4.1', status: 'extended-access', since: '2026-10-08', endOfLife: '2027-01-08', sinceIs: 'after', endOfLifeIs: 'after',
    });
    expect(adviceText(lifecycle!)).toBe(
      'Claude Opus 4.1 entered public extended access on 2026-10-08, after this usage window: this usage billed at its standard rate; ' +
      'from that day its requests bill at a higher extended-access rate; end of life 2027-01-08, after this usage window',
    );
  });

  it('Claude Opus 4.1, usage from 2026-10-01 for 730 hours: extended access began inside the window, so from that day the cost is a floor', () => {
    const october = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const onDemand = run('anthropic.claude-opus-4-1-20250805-v1:0', october, LATER);
    expect(onDemand.cost?.toFixed()).toBe('90');
    expect(onDemand.assumptions.map(adviceText)).toContain(
      'Claude Opus 4.1 entered public extended access on 2026-10-08, inside this usage window: its requests from that day bill at an ' +
      'extended-access rate no source read here gives, higher than the standard rate priced here, so this cost is a floor; end of life 2027-01-08, after this usage window',
    );
  });

  it('an active model carries no lifecycle note at all', () => {
    expect(run('anthropic.claude-sonnet-4-6-v1:0').assumptions.map(adviceText).join('\n')).not.toMatch(/extended-access/);
  });
});
