import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalyzeHandlerDeps, AnalyzeResponse } from '../../functions/analyze.js';
import { fixedClock } from '../../src/clock.js';
import type { RegionSources } from '../../src/service/ports.js';
import { SAMPLE_DAYS, SAMPLE_END, sampleSnapshot } from '../../src/sample/sample.js';
import { captureStdout, lambdaContext } from '../e2e/harness.js';

/**
 * The analyze function states its commitments against the forecast, as the digest does (issue 20),
 * unless its event says `forecast: false`: the sample account through the handler itself.
 */

const sample = sampleSnapshot();
/** What each collection was asked for: the long read's days reach the collector, or not. */
const asked: Array<{ historyDays?: number }> = [];
const sources: RegionSources = {
  usage: () => ({ collect: async (request) => { asked.push({ ...(request.historyDays !== undefined ? { historyDays: request.historyDays } : {}) }); return { models: sample.models }; } }),
  inventory: () => ({
    read: async () => ({ provisionedThroughputs: sample.provisionedThroughputs, customModels: sample.customModels, inferenceProfiles: sample.inferenceProfiles, foundationModels: [] }),
  }),
};

/**
 * The run's prices: the bundled catalog with the sample rates file's Nova 2 Lite quote folded in
 * (6-month unit-hour $48, a unit's tokens per minute), so its provisioned plans and throughput have a capacity.
 */
function sampleCatalogDocument(): unknown {
  const document = JSON.parse(readFileSync(new URL('../../src/catalog/data/bedrock-prices.json', import.meta.url), 'utf8')) as {
    sources: Record<string, unknown>;
    prices: Array<{ model: string; region: string; scope: string; perModelUnitHour?: Record<string, unknown>; modelUnitCapacity?: unknown }>;
  };
  document.sources['sample-quote'] = { title: 'sample account-team quote', url: 'test', readOn: '2026-11-23', reliability: 'user' };
  const row = document.prices.find((p) => p.model === 'amazon.nova-2-lite-v1:0' && p.region === 'us-east-1' && p.scope === 'in-region')!;
  row.perModelUnitHour = { ...row.perModelUnitHour, sixMonth: { usd: '48.00', source: 'sample-quote' } };
  row.modelUnitCapacity = { inputTokensPerMinute: 3_000_000, outputTokensPerMinute: 300_000, source: 'sample-quote' };
  return document;
}

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<AnalyzeResponse>;
let handler: Handler;

beforeAll(async () => {
  // The module builds its own deps at load (its configuration is read at cold start).
  vi.stubEnv('TOPIC_ARN', 'arn:aws:sns:us-east-1:111122223333:bedrock-cost-advisor');
  vi.stubEnv('REGIONS', 'us-east-1');
  vi.stubEnv('PRICE_SOURCE', 'bundled');
  const analyze = await import('../../functions/analyze.js');
  const wiring = await import('../../functions/wiring.js');
  const lambda = wiring.createLambdaDeps();
  const document = sampleCatalogDocument();
  const deps: AnalyzeHandlerDeps = {
    ...lambda,
    sources,
    prices: async () => ({ document: document as never, origin: { kind: 'file', name: 'sample catalog' }, notes: [] }),
    clock: fixedClock(SAMPLE_END),
  };
  handler = analyze.createAnalyzeHandler(deps) as unknown as Handler;
  vi.unstubAllEnvs();
});

async function run(event: unknown): Promise<AnalyzeResponse> {
  return (await captureStdout(() => handler(event, lambdaContext('analyze')))).result;
}

interface ForecastJson {
  models: Array<{ forecast?: { commitments: Array<{ utilisation: { p10: number; p50: number; p90: number } }> } }>;
  provisionedThroughputs: Array<{ renewal?: { advice: { choice: string | null } } }>;
}

describe('the analyze function forecasts', () => {
  it('by default: commitment plans against the forecast and renewal advice for the expiring throughput', async () => {
    const { report } = await run({ days: SAMPLE_DAYS });
    const json = report as unknown as ForecastJson;
    const forecast = json.models.filter((m) => m.forecast);
    expect(forecast.length).toBeGreaterThan(0);
    for (const c of forecast.flatMap((m) => m.forecast!.commitments)) {
      expect(c.utilisation.p10).toBeLessThanOrEqual(c.utilisation.p50);
      expect(c.utilisation.p50).toBeLessThanOrEqual(c.utilisation.p90);
    }
    expect(json.provisionedThroughputs[0]!.renewal?.advice.choice).toBe('renew-fewer-units');
  });

  it('not when the event says forecast: false', async () => {
    const { report } = await run({ days: SAMPLE_DAYS, forecast: false });
    const json = report as unknown as ForecastJson;
    expect(json.models.filter((m) => m.forecast)).toHaveLength(0);
    expect(json.provisionedThroughputs[0]!.renewal).toBeUndefined();
  });

  it('refuses a forecast field that is not true or false, naming it', async () => {
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // the handler logs the refusal
    try {
      await expect(handler({ forecast: 'yes' }, lambdaContext('analyze'))).rejects.toThrow('forecast: expected true or false, got "yes"');
    } finally {
      quiet.mockRestore();
    }
  });

  it('asks the collector for the long hourly read the event names, and only when it forecasts', async () => {
    asked.length = 0;
    await run({ days: SAMPLE_DAYS, historyDays: 90 });
    expect(asked[0]).toEqual({ historyDays: 90 });
    asked.length = 0;
    await run({ days: SAMPLE_DAYS, historyDays: 90, forecast: false });
    expect(asked[0]).toEqual({});
  });

  it('refuses a historyDays shorter than the days analysed or past 455, in the limit\'s words', async () => {
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(handler({ days: 30, historyDays: 14 }, lambdaContext('analyze'))).rejects.toThrow('historyDays: expected an integer between 30 (days) and 455, got 14');
      await expect(handler({ days: 30, historyDays: 456 }, lambdaContext('analyze'))).rejects.toThrow('historyDays: expected an integer between 30 (days) and 455, got 456');
      await expect(handler({ historyDays: 'all' }, lambdaContext('analyze'))).rejects.toThrow('historyDays: expected a whole number of days, got "all"');
      // Named even when the run does not forecast: a wrong value is never ignored.
      await expect(handler({ days: 30, historyDays: 7, forecast: false }, lambdaContext('analyze'))).rejects.toThrow('historyDays: expected an integer between 30 (days) and 455, got 7');
    } finally {
      quiet.mockRestore();
    }
  });
});
