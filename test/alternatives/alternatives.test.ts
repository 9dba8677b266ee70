import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readsInFirstLifetime } from '../../src/alternatives/alternatives.js';
import { parseAlternativesConfig, type AlternativesConfig } from '../../src/alternatives/config.js';
import { candidatesFor } from '../../src/alternatives/table.js';
import { tokenRatio } from '../../src/alternatives/tokenizers.js';
import { analyze } from '../../src/engine.js';
import { ConfigurationError } from '../../src/errors.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { adviceText, ratioBasisText } from '../../src/report/advice-text.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import type { ModelReport } from '../../src/domain/report.js';
import { HAIKU, LLAMA, NOW, OPUS, OPUS_47, SONNET, catalog, opusSnapshot } from '../fixtures/model-catalog.js';

/**
 * The same traffic on another model. The fixture catalog has round, made-up prices (USD per 1K tokens)
 * so that every figure can be worked out by hand; each expected value is that arithmetic, written out.
 */
function opus(config?: AlternativesConfig): { model: ModelReport; report: ReturnType<typeof analyze> } {
  const report = analyze(opusSnapshot(), catalog, { now: NOW, ...(config ? { alternatives: config } : {}) });
  return { model: report.models.find((m) => m.modelId === OPUS)!, report };
}

describe('the same traffic on another model', () => {
  it('prices Opus traffic on the cheaper tiers of the table, same tokens, with the cold cache of the switch', () => {
    const { model } = opus();
    // Today, over the window: 10K input x 0.005 + 2K output x 0.025 + 30K reads x 0.0005 + 1K writes x 0.00625
    // = 0.05 + 0.05 + 0.015 + 0.00625 = 0.12125; a 1-hour window is 730 of a month: 88.5125.
    expect(model.currentMonthlyCost!.toFixed()).toBe('88.5125');
    const byId = new Map(model.alternatives!.map((a) => [a.modelId, a]));
    expect([...byId.keys()]).toEqual([HAIKU, SONNET]); // cheapest first; Opus 4.6 is the current Opus, so no same-tier move
    const sonnet = byId.get(SONNET)!;
    // 10 x 0.003 + 2 x 0.015 + 30 x 0.0003 + 1 x 0.00375 = 0.07275 per window; x 730 = 53.1075.
    expect(sonnet.monthlyCost!.toFixed()).toBe('53.1075');
    expect(sonnet.monthlySavings!.toFixed()).toBe('35.405'); // 88.5125 - 53.1075
    // Same tokenizer family: the figure is a point, not a range.
    expect(sonnet.tokenRatio).toMatchObject({ low: 1, high: 1 });
    expect(sonnet.monthlyCostRange!.low.toFixed()).toBe('53.1075');
    // Cold cache: the reads of the first 5 minutes (5 x 3,000 = 15,000) billed as 5-minute writes once:
    // 15 x (0.00375 - 0.0003) = 0.05175.
    expect(sonnet.coldCacheReadTokens).toBe(15_000);
    expect(sonnet.switchCost!.toFixed()).toBe('0.05175');
    const haiku = byId.get(HAIKU)!;
    // 10 x 0.001 + 2 x 0.005 + 30 x 0.0001 + 1 x 0.00125 = 0.02425; x 730 = 17.7025; switch 15 x (0.00125 - 0.0001) = 0.01725.
    expect(haiku.monthlyCost!.toFixed()).toBe('17.7025');
    expect(haiku.switchCost!.toFixed()).toBe('0.01725');
    expect(haiku.relation).toBe('cheaper-tier');
    expect(adviceText(haiku.basis)).toContain('https://');
    expect(haiku.accepted).toBe(false);
  });

  it('stays out of the headline unless accepted; accepted, it joins at its least saving', () => {
    const without = opus();
    expect(without.report.recommendations.some((r) => r.successorModelId === SONNET)).toBe(false);
    const withAccepted = opus({ accepted: [{ from: OPUS, to: SONNET }] });
    const rec = withAccepted.report.recommendations.find((r) => r.successorModelId === SONNET)!;
    expect(rec.action).toBe('migrate-model');
    expect(rec.monthlySavings!.toFixed()).toBe('35.405');
    expect(withAccepted.model.alternatives!.find((a) => a.modelId === SONNET)!.accepted).toBe(true);
    // The headline grows by exactly the accepted saving (the other plan steps are the same in both runs).
    expect(withAccepted.report.summary.potentialMonthlySavings.minus(without.report.summary.potentialMonthlySavings).toFixed()).toBe('35.405');
  });

  it('a range across tokenizers, with its reason; a model without caching bills cached tokens as input', () => {
    const { model } = opus({ candidates: { [OPUS]: [OPUS_47, LLAMA] } });
    const byId = new Map(model.alternatives!.map((a) => [a.modelId, a]));
    const opus47 = byId.get(OPUS_47)!;
    // Same prices, 1x to 1.35x the tokens (Anthropic): 88.5125 to 88.5125 x 1.35 = 119.491875.
    expect(opus47.monthlyCostRange!.low.toFixed()).toBe('88.5125');
    expect(opus47.monthlyCostRange!.high.toFixed()).toBe('119.491875');
    expect(opus47.monthlySavingsRange!.low.toFixed()).toBe('-30.979375');
    expect(ratioBasisText(opus47.tokenRatio.basis)).toContain('1.35x');
    const llama = byId.get(LLAMA)!;
    // No prompt caching: (10K + 30K + 1K) input x 0.00072 + 2K output x 0.00072 = 0.03096; x 730 = 22.6008.
    expect(llama.monthlyCost!.toFixed()).toBe('22.6008');
    expect(llama.coldCacheReadTokens).toBe(0);
    expect(llama.switchCost!.toFixed()).toBe('0');
    // No source compares the two tokenizers: the assumed 0.8x to 1.25x, said to be an assumption.
    expect(llama.monthlyCostRange!.low.toFixed()).toBe('18.08064');
    expect(llama.monthlyCostRange!.high.toFixed()).toBe('28.251');
    expect(llama.tokenRatio.basis.ratio).toBe('assumed');
    expect(ratioBasisText(llama.tokenRatio.basis)).toBe('ASSUMPTION: no source compares the claude-3 and llama-3 tokenizers, so the same text is assumed to be 0.8x to 1.25x the tokens; measure a sample of your prompts on both and put the ratio in an alternatives file ("tokenRatios")');
    expect(llama.assumptions.map(adviceText).join(' ')).toContain('no prompt caching');
  });

  it('a measured token ratio in the alternatives file replaces the assumption', () => {
    const r = tokenRatio(OPUS, LLAMA, [{ from: OPUS, to: LLAMA, low: 0.9, high: 1.1, source: '200 of our prompts' }]);
    expect(r).toEqual({ low: 0.9, high: 1.1, basis: { ratio: 'measured', source: '200 of our prompts' } });
    expect(ratioBasisText(r.basis)).toBe('from the alternatives file: 200 of our prompts');
  });

  it('an unknown candidate is unpriced, never $0', () => {
    const { model } = opus({ candidates: { [OPUS]: ['amazon.nova-pro-v1:0'] } });
    const alt = model.alternatives![0]!;
    expect(alt.monthlyCost).toBeNull();
    expect(alt.monthlySavings).toBeNull();
    expect(adviceText(alt.unpricedReason!)).toContain('not in the price catalog');
  });

  it('the cold cache counts a straddling point pro rata, and a 1-hour cache for an hour', () => {
    // Hourly points of 3,600 reads: the first 5 minutes hold 3,600 x 300 / 3,600 = 300 of them.
    const hourly = opusSnapshot(3600, 3, { CacheReadInputTokenCount: 3600 }).models;
    expect(readsInFirstLifetime(hourly, 300)).toBe(300);
    expect(readsInFirstLifetime(hourly, 3600)).toBe(3600);
    // Minute points: exactly the first five.
    expect(readsInFirstLifetime(opusSnapshot().models, 300)).toBe(15_000);
    // An accepted 1-hour lifetime bills all ten minutes' reads (30,000) at the 1-hour write rate:
    // 30 x (0.006 - 0.0003) = 0.171 on Sonnet.
    const { model } = opus({ accepted: [{ from: OPUS, to: SONNET, cacheLifetime: '1h' }] });
    const sonnet = model.alternatives!.find((a) => a.modelId === SONNET)!;
    expect(sonnet.coldCacheReadTokens).toBe(30_000);
    expect(sonnet.switchCost!.toFixed()).toBe('0.171');
  });

  it('candidates: successor first, then the current models of the tiers below, at most four', () => {
    expect(candidatesFor('amazon.nova-premier-v1:0', 'amazon.nova-pro-v1:0').map((c) => [c.modelId, c.relation])).toEqual([
      ['amazon.nova-pro-v1:0', 'successor'], ['amazon.nova-2-lite-v1:0', 'cheaper-tier'], ['amazon.nova-lite-v1:0', 'cheaper-tier'], ['amazon.nova-micro-v1:0', 'cheaper-tier'],
    ]);
    // An older Sonnet: its current tier-mate, then Haiku.
    expect(candidatesFor('anthropic.claude-3-5-sonnet-20240620-v1:0', undefined).map((c) => c.modelId)).toEqual([SONNET, HAIKU]);
    // A model the table does not know gets only its successor; the file replaces the table.
    expect(candidatesFor('x.unknown', undefined)).toEqual([]);
    expect(candidatesFor(OPUS, undefined, [LLAMA]).map((c) => c.modelId)).toEqual([LLAMA]);
  });

  it('the alternatives file: a bad field is named with the file', () => {
    expect(() => parseAlternativesConfig({ accepted: [{ from: OPUS }] }, 'alt.json')).toThrow(ConfigurationError);
    expect(() => parseAlternativesConfig({ accepted: [{ from: OPUS }] }, 'alt.json')).toThrow(/alt\.json accepted\.0\.to/);
    expect(() => parseAlternativesConfig({ tokenRatios: [{ from: 'a', to: 'b', low: 2, high: 1, source: 's' }] }, 'alt.json')).toThrow(/tokenRatios\.0\.low: low must not exceed high/);
    expect(() => parseAlternativesConfig({ candidate: {} }, 'alt.json')).toThrow(/Unrecognized key/);
  });

  it('JSON follows the schema; every text format has its short section', () => {
    const { report } = opus();
    const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);
    const json = toPublishedJson(publishedReport(report)) as { models: Array<{ modelId: string; alternatives?: Array<Record<string, unknown>> }> };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const sonnet = json.models.find((m) => m.modelId === OPUS)!.alternatives!.find((a) => a.modelId === SONNET)!;
    expect(sonnet.monthlyCost).toBe('53.11');
    expect(sonnet.switchCost).toBe('0.05');
    expect(renderText(publishedReport(report))).toContain('Same traffic on another model');
    expect(renderMarkdown(publishedReport(report))).toContain('## Same traffic on another model');
    expect(renderEmailDigest(publishedReport(report))).toMatch(/SAME TRAFFIC ON ANOTHER MODEL[\s\S]*on Haiku: \$17\.70\/month, saves\s+\$70\.81/);
  });
});
