import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { renderMarkdown } from '../../src/report/render-text.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { toExactStrings } from '../fixtures/exact-json.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';
import { publishedReport } from '../../src/report/published.js';

/**
 * Golden reports: fixture usage (test/fixtures/golden/<case>.csv, plus an optional
 * <case>.inventory.json with provisioned throughputs and custom models) replayed against a small,
 * fictional catalog (test/fixtures/golden/catalog.json) that does not change when the bundled
 * catalog does. The JSON report and its markdown rendering are compared with committed files.
 *
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/engine/golden.test.ts
 *
 * The goldens are not just snapshots: the "hand-checked" tests below recompute the key figures
 * with independent Decimal arithmetic from the prices in catalog.json and the traffic in
 * generate-usage.mjs.
 */

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NOW = new Date('2026-11-02T00:00:00.000Z');

/** Our own Decimal, independent of the engine's clone. */
const D = Decimal.clone({ precision: 60 });
const d = (v: string | number) => new D(v);
const HOURS_PER_MONTH = 730;

const catalogDocument = JSON.parse(readFileSync(`${GOLDEN_DIR}catalog.json`, 'utf8')) as unknown;
const catalog = PriceCatalog.fromDocument(catalogDocument, 'golden catalog');

function loadSnapshot(name: string): UsageSnapshot {
  const csvFile = `${name}.csv`;
  const snapshot = parseUsageCsv(readFileSync(`${GOLDEN_DIR}${csvFile}`, 'utf8'), csvFile, { now: TEST_NOW });
  const inventoryFile = `${GOLDEN_DIR}${name}.inventory.json`;
  if (existsSync(inventoryFile)) {
    const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Partial<UsageSnapshot>;
    Object.assign(snapshot, inventory);
  }
  return snapshot;
}

function runCase(name: string): { report: AdvisorReport; json: JsonReport; jsonText: string; markdown: string } {
  const report = analyze(loadSnapshot(name), catalog, { now: NOW });
  const jsonText = `${JSON.stringify(toExactStrings(report), null, 2)}\n`;
  return { report, json: JSON.parse(jsonText) as JsonReport, jsonText, markdown: renderMarkdown(publishedReport(report)) };
}

function checkGolden(file: string, actual: string): void {
  const path = `${GOLDEN_DIR}${file}`;
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/engine/golden.test.ts`);
  const expected = readFileSync(path, 'utf8');
  if (file.endsWith('.json')) expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
  else expect(actual).toBe(expected);
}

// --- the JSON report, as read back --------------------------------------------------------------
interface JsonScenario {
  mode: string;
  variant?: string;
  cost: string | null;
  monthlyCost: string | null;
  feasible: boolean;
  reason?: string;
  assumptions: string[];
  provisioned?: {
    term: string;
    hourlyRatePerUnit: string;
    unitsForPeak?: number;
    bestUnits?: number;
    utilisation?: number;
    overflowInputTokens?: number;
    overflowOutputTokens?: number;
    costAtPeak?: string;
    breakEven?: { affordableUnits: number; inputTokensPerMinutePerUnit: number; outputTokensPerMinutePerUnit: number };
    risk?: { termMonths: number; termHours: number; commitmentTotal: string; breakEvenMonths: string; monthlySavingsIfUsageHalves: string };
  };
  promptCache?: { readShare: number; ttl: string; breakEvenReadShare: number | null; writesPerRead: number };
  lines: Array<{ dimension: string; quantity: string; unit: string; unitPrice: string | null; cost: string | null; source: string | null }>;
  reserved?: {
    term: string;
    input: { level: number; utilisation: number; overflowTokens: number; pricePerThousandTpmMonth: string };
    output: { level: number; utilisation: number; overflowTokens: number; pricePerThousandTpmMonth: string };
    reservationMonthlyCost: string;
  };
  longContext?: { thresholdInputTokens: number; averageInputPerInvocation: number | null; maxRequestsAbove: number; worstCaseInputShare: number; worstCaseCost: string | null; worstCaseMonthlyCost: string | null };
  imageTiers?: { tier: string; minMonthlyCost: string; minTier: string; maxMonthlyCost: string; maxTier: string };
}
interface JsonModel {
  modelId: string;
  region: string;
  scope: string;
  priced: boolean;
  unpricedReason?: string;
  currentMonthlyCost: string | null;
  bestMode?: string;
  usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheWriteInputTokens: number };
  scenarios: JsonScenario[];
  reservedBreakEven?: { inputPerThousandTpmMonth: string | null; outputPerThousandTpmMonth: string | null; inputLevel: number; outputLevel: number };
  lifecycle?: { status: string; since?: string; endOfLife?: string; successor?: string };
}
interface JsonRecommendation {
  modelId: string;
  action: string;
  toMode: string;
  currentMonthlyCost: string;
  newMonthlyCost: string | null;
  monthlySavings: string | null;
  unpricedReason?: string;
  confidence: string;
  title: string;
  successorModelId?: string;
}
interface JsonReport {
  generatedAt: string;
  window: { start: string; end: string; hours: number };
  summary: {
    currentMonthlyCost: string; pricedMonthlyCost: string; potentialMonthlySavings: string; recommendations: number;
    modelsAnalysed: number; unpricedModels: number; unpricedProvisionedThroughputs: number;
  };
  priceSource: { kind: string; name: string; asOf: string; ageDays: number };
  stalePrices: boolean;
  assumptions: string[];
  models: JsonModel[];
  recommendations: JsonRecommendation[];
  provisionedThroughputs: Array<{
    provisionedModelName: string;
    monthlyCost: string | null;
    onDemandEquivalentMonthlyCost: string | null;
    daysToExpiry?: number;
    averageUtilisation?: number;
    usage: { inputTokens: number; outputTokens: number };
    unpricedReason?: string;
    findings?: string[];
  }>;
  customModels: Array<{ modelName: string; storageMonthlyCost: string | null; invocations: number }>;
  unpriced: Array<{ modelId: string; region: string; reason: string }>;
}

function model(report: JsonReport, modelId: string, region = 'us-east-1'): JsonModel {
  const m = report.models.find((x) => x.modelId === modelId && x.region === region);
  if (!m) throw new Error(`no model ${modelId} in ${region} in the report`);
  return m;
}
function scenario(m: JsonModel, mode: string, variant?: string): JsonScenario {
  const s = m.scenarios.find((x) => x.mode === mode && (variant === undefined || x.variant === variant));
  if (!s) throw new Error(`no ${mode} ${variant ?? ''} scenario for ${m.modelId}`);
  return s;
}
function recs(report: JsonReport, modelId: string): JsonRecommendation[] {
  return report.recommendations.filter((r) => r.modelId === modelId);
}
/** Equal to the exact value at 25 decimal places: tolerant of a last-digit residue, nothing more. */
function expectMoney(actual: string | null | undefined, expected: Decimal): void {
  expect(actual).toBeTypeOf('string');
  expect(d(actual!).toDecimalPlaces(25).toFixed()).toBe(expected.toDecimalPlaces(25).toFixed());
}
/** Tokens at a price per 1,000 tokens. */
const at = (tokens: number, perThousand: string) => d(tokens).times(perThousand).dividedBy(1000);
const monthly = (cost: Decimal, windowHours: number) => cost.times(HOURS_PER_MONTH).dividedBy(windowHours);

const CASES = ['on-demand-cache', 'batch-tiers', 'provisioned-inventory', 'new-modes'] as const;

describe('golden reports (fixture usage x fixture catalog)', () => {
  for (const name of CASES) {
    it(`${name}: the JSON report matches ${name}.expected.json`, () => {
      const { jsonText } = runCase(name);
      checkGolden(`${name}.expected.json`, jsonText);
    });

    it(`${name}: the markdown rendering matches ${name}.expected.md`, () => {
      const { markdown } = runCase(name);
      checkGolden(`${name}.expected.md`, markdown);
    });
  }

  it('is reproducible: the fixed clock sets generatedAt and two runs give identical text', () => {
    const first = runCase('provisioned-inventory');
    const second = runCase('provisioned-inventory');
    expect(first.json.generatedAt).toBe(NOW.toISOString());
    expect(second.jsonText).toBe(first.jsonText);
    expect(second.markdown).toBe(first.markdown);
  });
});

describe('hand-checked: on-demand-cache (24 h hourly; cache read+write; global row; cache what-ifs)', () => {
  const { json } = runCase('on-demand-cache');
  const H = 24;
  // Per hour: chat 100,000 in / 20,000 out / 300,000 read / 50,000 write; micro 1M / 200K / 400K / 100K.
  const chatTokens = { I: 2_400_000, O: 480_000, R: 7_200_000, W: 1_200_000 };
  const microTokens = { I: 24_000_000, O: 4_800_000, R: 9_600_000, W: 2_400_000 };
  const chatOnDemand = at(chatTokens.I, '0.0033').plus(at(chatTokens.O, '0.0165')).plus(at(chatTokens.R, '0.00033')).plus(at(chatTokens.W, '0.004125'));
  const chatGlobal = at(chatTokens.I, '0.003').plus(at(chatTokens.O, '0.015')).plus(at(chatTokens.R, '0.0003')).plus(at(chatTokens.W, '0.00375'));
  // Nova-style: no cache-write rate, writes billed at the input rate.
  const microOnDemand = at(microTokens.I, '0.00004').plus(at(microTokens.O, '0.00016')).plus(at(microTokens.R, '0.00001')).plus(at(microTokens.W, '0.00004'));

  it('spans 24 hours and sums both cache-metric spellings into the usage totals', () => {
    expect(json.window).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z', hours: H, basis: 'from the first timestamp in on-demand-cache.csv to the last plus its period' });
    const chat = model(json, 'acme.chat-pro-v1:0');
    expect(chat.scope).toBe('geo');
    expect(chat.usage).toMatchObject({ inputTokens: chatTokens.I, outputTokens: chatTokens.O, cacheReadInputTokens: chatTokens.R, cacheWriteInputTokens: chatTokens.W });
    expect(model(json, 'acme.micro-v1:0').usage).toMatchObject({ cacheReadInputTokens: microTokens.R, cacheWriteInputTokens: microTokens.W });
  });

  it('prices geo on-demand at the in-Region row: I x in + O x out + R x read + W x write = $23.166', () => {
    const chat = model(json, 'acme.chat-pro-v1:0');
    const s = scenario(chat, 'on-demand');
    expect(chatOnDemand.toFixed()).toBe('23.166');
    expect(s.cost).toBe(chatOnDemand.toFixed());
    expectMoney(s.monthlyCost, monthly(chatOnDemand, H)); // 704.6325
    expect(monthly(chatOnDemand, H).toFixed()).toBe('704.6325');
    expectMoney(chat.currentMonthlyCost, monthly(chatOnDemand, H));
  });

  it('prices on-demand-no-cache with every cached token at the input rate: $43.56', () => {
    const s = scenario(model(json, 'acme.chat-pro-v1:0'), 'on-demand-no-cache');
    const expected = at(chatTokens.I + chatTokens.R + chatTokens.W, '0.0033').plus(at(chatTokens.O, '0.0165'));
    expect(expected.toFixed()).toBe('43.56');
    expect(s.cost).toBe(expected.toFixed());
  });

  it('prices on-demand-global from the global row: $21.06', () => {
    const s = scenario(model(json, 'acme.chat-pro-v1:0'), 'on-demand-global');
    expect(chatGlobal.toFixed()).toBe('21.06');
    expect(s.cost).toBe(chatGlobal.toFixed());
  });

  it('prompt-cache what-ifs keep the write mix (1 write per 6 reads) and price 5m and 1h writes', () => {
    const chat = model(json, 'acme.chat-pro-v1:0');
    const allInput = chatTokens.I + chatTokens.R + chatTokens.W; // 10.8M
    // 50% read: 5.4M reads, 0.9M writes, 4.5M uncached.
    const reads = allInput / 2;
    const writes = reads / 6;
    const uncached = allInput - reads - writes;
    const fiveMinute = at(uncached, '0.0033').plus(at(reads, '0.00033')).plus(at(writes, '0.004125')).plus(at(chatTokens.O, '0.0165'));
    const oneHour = at(uncached, '0.0033').plus(at(reads, '0.00033')).plus(at(writes, '0.0066')).plus(at(chatTokens.O, '0.0165'));
    expect(fiveMinute.toFixed()).toBe('28.2645');
    expect(oneHour.toFixed()).toBe('30.492');
    expect(scenario(chat, 'prompt-cache', 'read-50%-5m').cost).toBe(fiveMinute.toFixed());
    expect(scenario(chat, 'prompt-cache', 'read-50%-1h').cost).toBe(oneHour.toFixed());
    // Break-even read share (w - 1) / ((w - 1) + (1 - r)): 5m w=1.25, r=0.1; 1h w=2.
    expect(scenario(chat, 'prompt-cache', 'read-50%-5m').promptCache?.breakEvenReadShare).toBeCloseTo(0.25 / 1.15, 12);
    expect(scenario(chat, 'prompt-cache', 'read-50%-1h').promptCache?.breakEvenReadShare).toBeCloseTo(1 / 1.9, 12);
    expect(chat.scenarios.filter((s) => s.mode === 'prompt-cache').map((s) => s.variant)).toEqual([
      'read-25%-5m', 'read-50%-5m', 'read-75%-5m', 'read-25%-1h', 'read-50%-1h', 'read-75%-1h',
    ]);
  });

  it('prices batch as (I+R+W) x batchIn + O x batchOut: $21.78', () => {
    const s = scenario(model(json, 'acme.chat-pro-v1:0'), 'batch');
    const expected = at(chatTokens.I + chatTokens.R + chatTokens.W, '0.00165').plus(at(chatTokens.O, '0.00825'));
    expect(expected.toFixed()).toBe('21.78');
    expect(s.cost).toBe(expected.toFixed());
  });

  it('bills Nova-style cache writes at the input rate ($1.92) and says so', () => {
    const micro = model(json, 'acme.micro-v1:0');
    const s = scenario(micro, 'on-demand');
    expect(microOnDemand.toFixed()).toBe('1.92');
    expect(s.cost).toBe(microOnDemand.toFixed());
    expect(s.assumptions.some((a) => a.includes('cache writes priced at the input rate'))).toBe(true);
    // No write premium: caching pays from the first read.
    expect(scenario(micro, 'prompt-cache', 'read-50%-5m').promptCache?.breakEvenReadShare).toBe(0);
  });

  it('recommends the global profile for the geo model and more caching for the Nova-style one', () => {
    const chatRecs = recs(json, 'acme.chat-pro-v1:0');
    expect(chatRecs.map((r) => r.action)).toEqual(['use-global-cross-region-profile']);
    expectMoney(chatRecs[0]!.monthlySavings, monthly(chatOnDemand.minus(chatGlobal), H)); // 64.0575
    const microRecs = recs(json, 'acme.micro-v1:0');
    expect(microRecs.map((r) => r.action)).toEqual(['enable-prompt-caching']);
    // 50% of 36M read, writes at today's 0.25 per read, writes priced as input.
    const cached = at(36_000_000 - 18_000_000 - 4_500_000, '0.00004').plus(at(18_000_000, '0.00001')).plus(at(4_500_000, '0.00004')).plus(at(microTokens.O, '0.00016'));
    expectMoney(microRecs[0]!.monthlySavings, monthly(microOnDemand.minus(cached), H)); // 7.665
    expectMoney(json.summary.potentialMonthlySavings, monthly(microOnDemand.minus(cached).plus(chatOnDemand).minus(chatGlobal), H));
    expectMoney(json.summary.currentMonthlyCost, monthly(chatOnDemand.plus(microOnDemand), H)); // 763.0325
  });
});

describe('hand-checked: batch-tiers (48 h hourly; nightly job; flat interactive traffic with service tiers)', () => {
  const { json } = runCase('batch-tiers');
  const H = 48;
  const micro = { I: 2_400_000_000, O: 240_000_000 }; // 6 nightly hours x 400M / 40M
  const tiered = { I: 96_000_000, O: 24_000_000 }; // 48 hours x 2M / 500K

  it('nightly-shaped traffic: batch at half price is recommended (move-to-batch, $1,022/month)', () => {
    const m = model(json, 'acme.micro-v1:0');
    const onDemand = at(micro.I, '0.00004').plus(at(micro.O, '0.00016'));
    const batch = at(micro.I, '0.00002').plus(at(micro.O, '0.00008'));
    expect(onDemand.toFixed()).toBe('134.4');
    expect(batch.toFixed()).toBe('67.2');
    expect(scenario(m, 'on-demand').cost).toBe(onDemand.toFixed());
    expect(scenario(m, 'batch').cost).toBe(batch.toFixed());
    expectMoney(scenario(m, 'batch').monthlyCost, monthly(batch, H)); // 1022
    const r = recs(json, 'acme.micro-v1:0');
    expect(r.map((x) => x.action)).toEqual(['move-to-batch']);
    expectMoney(r[0]!.monthlySavings, monthly(onDemand.minus(batch), H));
  });

  it('interactive-shaped traffic: batch is shown (and cheapest) but not recommended; flex is', () => {
    const m = model(json, 'acme.tiered-v1:0');
    const onDemand = at(tiered.I, '0.00015').plus(at(tiered.O, '0.0006'));
    const flex = at(tiered.I, '0.000075').plus(at(tiered.O, '0.0003'));
    const priority = at(tiered.I, '0.0002625').plus(at(tiered.O, '0.00105'));
    const batch = at(tiered.I, '0.00006').plus(at(tiered.O, '0.00024'));
    expect([onDemand, flex, priority, batch].map((x) => x.toFixed())).toEqual(['28.8', '14.4', '50.4', '11.52']);
    expect(scenario(m, 'on-demand').cost).toBe(onDemand.toFixed());
    expect(scenario(m, 'flex').cost).toBe(flex.toFixed());
    expect(scenario(m, 'priority').cost).toBe(priority.toFixed());
    expect(scenario(m, 'batch').cost).toBe(batch.toFixed());
    expect(m.bestMode).toBe('batch');
    const r = recs(json, 'acme.tiered-v1:0');
    expect(r.map((x) => x.action)).toEqual(['switch-pricing-mode']);
    expect(r[0]!.toMode).toBe('flex');
    expectMoney(r[0]!.monthlySavings, monthly(onDemand.minus(flex), H)); // 219
  });

  it('a model that does not cache today gets what-ifs at the default 4 reads per write', () => {
    const m = model(json, 'acme.micro-v1:0');
    const s = scenario(m, 'prompt-cache', 'read-25%-5m');
    // 600M read, 150M written (priced as input), 1.65B uncached.
    const expected = at(1_650_000_000, '0.00004').plus(at(600_000_000, '0.00001')).plus(at(150_000_000, '0.00004')).plus(at(micro.O, '0.00016'));
    expect(expected.toFixed()).toBe('116.4');
    expect(s.cost).toBe(expected.toFixed());
    expect(s.promptCache?.writesPerRead).toBe(0.25);
  });
});

describe('hand-checked: provisioned-inventory (6 h; unit mix; no capacity; unpriced; idle/expiring PT; custom model)', () => {
  const { json } = runCase('provisioned-inventory');
  const H = 6;
  // acme.steady: 348 minutes at 250K in / 20K out (2.5 units of need), 12 spike minutes at 500K / 40K (5 units).
  const steady = { I: 348 * 250_000 + 12 * 500_000, O: 348 * 20_000 + 12 * 40_000 };
  const steadyOnDemand = at(steady.I, '0.001').plus(at(steady.O, '0.004'));
  /** k units for the window plus overflow at the on-demand rates, minute by minute. */
  const ptCost = (k: number, rate: string) => {
    const minute = (inTok: number, outTok: number, need: number) => {
      const served = Math.min(1, k / need);
      return { inOver: inTok * (1 - served), outOver: outTok * (1 - served) };
    };
    const base = minute(250_000, 20_000, 2.5);
    const spike = minute(500_000, 40_000, 5);
    const inOver = d(base.inOver).times(348).plus(d(spike.inOver).times(12)).toDecimalPlaces(0);
    const outOver = d(base.outOver).times(348).plus(d(spike.outOver).times(12)).toDecimalPlaces(0);
    return { cost: d(rate).times(k).times(H).plus(at(inOver.toNumber(), '0.001')).plus(at(outOver.toNumber(), '0.004')), inOver, outOver };
  };

  it('sizing from 5-minute data is low confidence, with the resolution stated once in the plan', () => {
    // slow02 serves acme.steady at 5-minute resolution, so the joint sizing's peak is a 300-second average.
    const plan = (json as unknown as { plans: Array<{ modelId: string; confidence: string; confidenceReasons: string[] }> }).plans.find((p) => p.modelId === 'acme.steady-v1:0')!;
    expect(plan.confidence).toBe('low');
    expect(plan.confidenceReasons).toEqual(['sized from 5-minute averages (the peak comes from 300-second data), which hide minute peaks, so the sizing may be too small']);
  });

  it('on-demand for the PT candidate: 93M x 0.001/1K + 7.44M x 0.004/1K = $122.76', () => {
    expect(steadyOnDemand.toFixed()).toBe('122.76');
    const m = model(json, 'acme.steady-v1:0');
    expect(scenario(m, 'on-demand').cost).toBe('122.76');
    expectMoney(m.currentMonthlyCost, monthly(steadyOnDemand, H)); // 14,935.80
  });

  it('best unit mix: 3 of 5 units with spike overflow on demand, for every term', () => {
    const m = model(json, 'acme.steady-v1:0');
    for (const [mode, rate] of [['provisioned-no-commit', '2.00'], ['provisioned-1-month', '1.50'], ['provisioned-6-month', '1.00']] as const) {
      const costs = [0, 1, 2, 3, 4, 5].map((k) => ptCost(k, rate).cost);
      const bestK = costs.reduce((best, c, k) => (c.lessThan(costs[best]!) ? k : best), 0);
      expect(bestK).toBe(3);
      const s = scenario(m, mode);
      expect(s.provisioned?.unitsForPeak).toBe(5);
      expect(s.provisioned?.bestUnits).toBe(3);
      expect(s.provisioned?.overflowInputTokens).toBe(ptCost(3, rate).inOver.toNumber()); // 2,400,000
      expect(s.provisioned?.overflowOutputTokens).toBe(ptCost(3, rate).outOver.toNumber()); // 192,000
      expect(s.cost).toBe(costs[3]!.toFixed());
      expectMoney(s.monthlyCost, monthly(costs[3]!, H));
      // Full provisioning for the peak: 5 units x rate x 6 h, no overflow.
      expect(s.provisioned?.costAtPeak).toBe(d(rate).times(5).times(H).toFixed());
      // Capacity used: 12 spike minutes x 3 units + 348 minutes x 2.5 units, of 3 units x 360 minutes.
      expect(s.provisioned?.utilisation).toBeCloseTo((12 * 3 + 348 * 2.5) / (3 * 360), 12);
    }
    expect(ptCost(3, '1.00').cost.toFixed()).toBe('21.168');
    expect(m.bestMode).toBe('provisioned-6-month');
  });

  it('states commitment risk: 6-month total, break-even months, savings if usage halves', () => {
    const s = scenario(model(json, 'acme.steady-v1:0'), 'provisioned-6-month');
    const unitsMonthly = d('1.00').times(3).times(HOURS_PER_MONTH); // 2,190
    const onDemandMonthly = monthly(steadyOnDemand, H);
    expect(s.provisioned?.risk?.termMonths).toBe(6);
    // Bought on the report's date, 2026-11-02, the term runs to 2027-05-02: 30 + 31 + 31 + 28 + 31 + 30 = 181 days
    // = 4,344 hours, so 3 units x $1.00 x 4,344 h = $13,032 (not 6 x 730 h = 4,380 h).
    const total = d('1.00').times(3).times(181 * 24);
    expect(total.toFixed()).toBe('13032');
    expect(s.provisioned?.risk?.commitmentTotal).toBe(total.toFixed());
    expectMoney(s.provisioned?.risk?.breakEvenMonths, total.dividedBy(onDemandMonthly));
    // Halved load needs at most 2.5 units, so 3 units leave no overflow.
    expectMoney(s.provisioned?.risk?.monthlySavingsIfUsageHalves, onDemandMonthly.dividedBy(2).minus(unitsMonthly)); // 5,277.90
    expect(scenario(model(json, 'acme.steady-v1:0'), 'provisioned-no-commit').provisioned?.risk).toBeUndefined();
  });

  it('recommends the 6-month term, saving on-demand minus the best mix', () => {
    const r = recs(json, 'acme.steady-v1:0').filter((x) => x.action === 'buy-provisioned-throughput');
    expect(r).toHaveLength(1);
    expect(r[0]!.toMode).toBe('provisioned-6-month');
    expectMoney(r[0]!.monthlySavings, monthly(steadyOnDemand.minus(ptCost(3, '1.00').cost), H)); // 12,360.36
  });

  it('without unit capacity: cost null, infeasible, break-even units and tokens per minute reported', () => {
    const m = model(json, 'acme.nocap-v1:0');
    const onDemand = at(36_000_000, '0.002').plus(at(3_600_000, '0.008'));
    expect(onDemand.toFixed()).toBe('100.8');
    const onDemandMonthly = monthly(onDemand, H); // 12,264
    for (const [mode, rate, units] of [['provisioned-no-commit', '5.00', 3], ['provisioned-1-month', '4.00', 4]] as const) {
      const s = scenario(m, mode);
      expect(s.cost).toBeNull();
      expect(s.monthlyCost).toBeNull();
      expect(s.feasible).toBe(false);
      const affordable = onDemandMonthly.dividedToIntegerBy(d(rate).times(HOURS_PER_MONTH)).toNumber();
      expect(affordable).toBe(units);
      // Peak: 500K input / 50K output per 5-minute point = 100K / 10K per minute.
      expect(s.provisioned?.breakEven).toEqual({
        affordableUnits: units,
        inputTokensPerMinutePerUnit: Math.ceil(100_000 / units),
        outputTokensPerMinutePerUnit: Math.ceil(10_000 / units),
      });
      expect(s.reason).toContain('Break-even');
    }
    const six = scenario(m, 'provisioned-6-month');
    expect(six.feasible).toBe(false);
    expect(six.reason).toMatch(/^unpriced: no 6-month commitment model-unit price/);
    expect(recs(json, 'acme.nocap-v1:0')).toEqual([]);
  });

  it('lists an unknown model and an unpriced Region under unpriced, and still prices the rest', () => {
    expect(json.unpriced.map((u) => `${u.modelId} ${u.region}`).sort()).toEqual(['acme.mystery-v1:0 us-east-1', 'acme.steady-v1:0 eu-west-1']);
    expect(json.unpriced.find((u) => u.modelId === 'acme.mystery-v1:0')?.reason).toContain('not in the price catalog');
    const mystery = model(json, 'acme.mystery-v1:0');
    expect(mystery.priced).toBe(false);
    expect(mystery.currentMonthlyCost).toBeNull();
    expect(json.summary.unpricedModels).toBe(2);
    expect(model(json, 'acme.steady-v1:0').priced).toBe(true);
  });

  it('flags the idle provisioned throughput for deletion at its full monthly cost', () => {
    const pt = json.provisionedThroughputs.find((p) => p.provisionedModelName === 'idle-reports');
    const monthlyCost = d('2.00').times(1).times(HOURS_PER_MONTH); // 1,460
    expect(pt?.monthlyCost).toBe(monthlyCost.toFixed());
    const r = json.recommendations.find((x) => x.action === 'delete-idle-provisioned-throughput');
    expect(r?.title).toContain('idle-reports');
    expect(r?.monthlySavings).toBe(monthlyCost.toFixed());
    expect(r?.newMonthlyCost).toBe('0');
  });

  it('flags the under-used commitment expiring in 10 days, with the cheaper unit count', () => {
    const pt = json.provisionedThroughputs.find((p) => p.provisionedModelName === 'slow-support')!;
    const monthlyCost = d('1.50').times(2).times(HOURS_PER_MONTH); // 2,190
    expect(pt.monthlyCost).toBe(monthlyCost.toFixed());
    expect(pt.daysToExpiry).toBe(10);
    expect(pt.usage).toMatchObject({ inputTokens: 7_200_000, outputTokens: 720_000 });
    expectMoney(pt.onDemandEquivalentMonthlyCost, monthly(at(7_200_000, '0.001').plus(at(720_000, '0.004')), H)); // 1,226.40
    expect(pt.averageUtilisation).toBeCloseTo(0.1, 9); // 20K of 200K input tokens a minute
    const r = json.recommendations.find((x) => x.action === 'review-expiring-commitment')!;
    expect(r.title).toContain('slow-support');
    // One unit (need is 0.2 a minute) at the same rate: 1 x 1.50 x 730 = 1,095, no overflow.
    expect(r.newMonthlyCost).toBe(d('1.50').times(HOURS_PER_MONTH).toFixed());
    expect(r.monthlySavings).toBe(monthlyCost.minus(d('1.50').times(HOURS_PER_MONTH)).toFixed());
  });

  // BUG (src/recommend/inventory.ts, the push in `if (cheapest && cheapest.monthly.lessThan(monthlyCost))`):
  // a committed throughput's "keep fewer units" alternative is priced at its committed rate
  // (1 unit x $1.50 x 730 = $1,095) but the recommendation says toMode 'provisioned-no-commit',
  // whose rate is $2.00/h ($1,460). The mode and the price disagree.
  it('reducing a committed throughput names a mode whose rate matches the quoted new cost', () => {
    const r = json.recommendations.find((x) => x.action === 'review-expiring-commitment')!;
    const rateByMode: Record<string, string> = { 'provisioned-no-commit': '2.00', 'provisioned-1-month': '1.50', 'provisioned-6-month': '1.00' };
    const rate = rateByMode[r.toMode];
    expect(rate).toBeDefined();
    expect(r.newMonthlyCost).toBe(d(rate!).times(HOURS_PER_MONTH).toFixed());
  });

  it('recommends deleting the unused custom model for its $1.95 storage', () => {
    expect(json.customModels).toEqual([expect.objectContaining({ modelName: 'tone-tuned', storageMonthlyCost: '1.95', invocations: 0 })]);
    const r = json.recommendations.find((x) => x.action === 'delete-unused-custom-model');
    expect(r?.monthlySavings).toBe('1.95');
  });

  it('adds up: current spend = models + throughputs + storage; savings = sum of the plans', () => {
    const noCapMonthly = monthly(at(36_000_000, '0.002').plus(at(3_600_000, '0.008')), H);
    const current = monthly(steadyOnDemand, H).plus(noCapMonthly).plus('1460').plus('2190').plus('1.95');
    expect(current.toDecimalPlaces(20).toFixed()).toBe('30851.75');
    expectMoney(json.summary.currentMonthlyCost, current);
    // The separate recommendations would add to 14,917.31 (buy 3 units + delete idle + shrink the
    // expiring one + custom model), but buying units and shedding them act on the same tokens: the
    // one plan for acme.steady sizes both loads together (test/report/plan.test.ts checks it), and
    // the headline is the sum of the plans' savings.
    const separate = monthly(steadyOnDemand.minus(ptCost(3, '1.00').cost), H).plus('1460').plus('1095').plus('1.95');
    expect(separate.toDecimalPlaces(20).toFixed()).toBe('14917.31');
    const plans = (json as unknown as { plans: Array<{ monthlySavings: string }> }).plans;
    expectMoney(json.summary.potentialMonthlySavings, plans.reduce((s, p) => s.plus(p.monthlySavings), d(0)));
    expect(json.summary.recommendations).toBe(4);
    expect(json.recommendations.map((x) => x.monthlySavings)).toEqual(
      [...json.recommendations].sort((a, b) => d(b.monthlySavings!).comparedTo(a.monthlySavings!)).map((x) => x.monthlySavings),
    );
  });
});

describe('exact money in monthly figures', () => {
  // BUG (src/replay/scenarios.ts, `monthFactor = usd(HOURS_PER_MONTH).dividedBy(ctx.windowHours)` and
  // `cost.times(monthFactor)`): 730/24 is rounded to 40 significant digits before multiplying, so a
  // $23.166 day becomes "704.6325000000000000000000000000000000001" a month instead of "704.6325"
  // (and $28.80 over 48 h becomes "437.9999999999999999999999999999999999999" instead of "438").
  // Multiplying by 730 before dividing by the window hours keeps terminating amounts exact.
  // The same pattern is in src/recommend/inventory.ts (monthFactor).
  it('monthly cost is exactly cost x 730 / window hours, with no rounding residue', () => {
    const { json } = runCase('on-demand-cache');
    const s = scenario(model(json, 'acme.chat-pro-v1:0'), 'on-demand');
    expect(s.monthlyCost).toBe(d(s.cost!).times(HOURS_PER_MONTH).dividedBy(24).toFixed()); // "704.6325"
  });
});

describe('hand-checked: new-modes (2 h of minute data; Reserved tier, long context, image tiers, rerank, lifecycle, unpriced PT)', () => {
  const { json, markdown } = runCase('new-modes');
  const H = 2;
  // acme.reserved per minute: 100 minutes of 150K input + 50K cache write + 100K cache read + 20K output,
  // 20 spike minutes of 300K + 100K + 100K + 40K.
  const reserved = { I: 21_000_000, W: 7_000_000, R: 12_000_000, O: 2_800_000 };
  const reservedOnDemand = at(reserved.I, '0.001').plus(at(reserved.W, '0.00125')).plus(at(reserved.R, '0.0001')).plus(at(reserved.O, '0.004'));

  it('on demand for the Reserved candidate: 21 + 8.75 + 1.2 + 11.2 = $42.15 ($15,384.75 a month)', () => {
    const m = model(json, 'acme.reserved-v1:0');
    expect(reservedOnDemand.toFixed()).toBe('42.15');
    expect(scenario(m, 'on-demand').cost).toBe('42.15');
    expect(m.currentMonthlyCost).toBe(monthly(reservedOnDemand, H).toFixed()); // 15,384.75
  });

  it('Reserved 1-month: 200K input / 20K output TPM, the spike minutes overflow to Standard', () => {
    const s = scenario(model(json, 'acme.reserved-v1:0'), 'reserved-1-month');
    // Input side per minute (input + cache writes): 200K for 100 minutes, 400K for 20. Reserving one more TPM
    // costs $30/1K/month x 2/730 h = $0.0000821918 over the window and saves $0.0010625/1K (the blend of
    // 3 parts input at $0.001 and 1 part writes at $0.00125) per minute above the level: it pays while more
    // than 77.4 minutes run above, so the level stops at 200K (120 minutes above 199,999, 20 above 200K).
    // Output: $120/1K/month -> 82.2 break-even minutes, so 20K.
    expect(s.reserved?.input.level).toBe(200_000);
    expect(s.reserved?.output.level).toBe(20_000);
    expect(s.reserved?.input.overflowTokens).toBe(20 * 200_000);
    expect(s.reserved?.output.overflowTokens).toBe(20 * 20_000);
    expect(s.reserved?.input.utilisation).toBe(1);
    // The month: 200 x $30 + 20 x $120 = $8,400 reserved, plus Standard for overflow and cache reads.
    expect(s.reserved?.reservationMonthlyCost).toBe('8400');
    const standard = at(4_000_000, '0.0010625').plus(at(400_000, '0.004')).plus(at(reserved.R, '0.0001')); // 4.25 + 1.60 + 1.20
    expect(standard.toFixed()).toBe('7.05');
    expect(s.monthlyCost).toBe(d(8400).plus(monthly(standard, H)).toFixed()); // 10,973.25
    expect(s.monthlyCost).toBe('10973.25');
    // The window's cost is the exact sum of its lines: 16,800 TPM-months x 2/730 h plus $7.05.
    expectMoney(s.cost, d(30 * 200 + 120 * 20).times(H).dividedBy(HOURS_PER_MONTH).plus(standard));
    expect(s.lines.map((l) => l.dimension)).toEqual([
      'reserved input TPM (oneMonth)', 'reserved output TPM (oneMonth)',
      'input + cacheWrite above the reservation (Standard)', 'output above the reservation (Standard)', 'cacheRead',
    ]);
    expect(s.lines[2]!.source).toMatch(/^derived:/);
  });

  it('the Reserved tier is recommended when it saves most: 3-month, bought through the account team, its commitment total stated', () => {
    const r = recs(json, 'acme.reserved-v1:0').find((x) => x.action === 'buy-reserved-tier')!;
    expect(r).toBeDefined();
    expect(r.toMode).toBe('reserved-3-month');
    // $15,384.75 on demand - $9,573.25 Reserved 3-month (hand-checked above) = $5,811.50 a month.
    expect(r.monthlySavings).toBe(d('15384.75').minus('9573.25').toFixed());
    const full = r as JsonRecommendation & { nextSteps: string[]; risk: string[] };
    expect(full.nextSteps[0]).toBe('Ask your AWS account team for a Reserved tier quote of 200,000 input / 20,000 output TPM of acme.reserved-v1:0 for 3 month(s) (terms of 1 or 3 months)');
    // 200 x $25 + 20 x $100 = $7,000 a month, x 3 months = $21,000, not cancellable.
    expect(full.risk[0]).toContain('totals $21,000.00 ($7,000.00 a month) and cannot be cancelled');
    // Sized from minute data (high), lowered once for a 2-hour window.
    expect(r.confidence).toBe('medium');
    const plan = (json as unknown as { plans: Array<{ modelId: string; recommendedMode: string; actions: string[] }> }).plans.find((p) => p.modelId === 'acme.reserved-v1:0')!;
    expect(plan.recommendedMode).toBe('reserved-3-month');
    expect(plan.actions).toEqual(['buy-reserved-tier']);
  });

  it('Reserved 3-month at $25/$100: same levels, $7,000 reserved + $2,573.25 Standard a month', () => {
    const s = scenario(model(json, 'acme.reserved-v1:0'), 'reserved-3-month');
    expect([s.reserved?.input.level, s.reserved?.output.level]).toEqual([200_000, 20_000]);
    expect(s.monthlyCost).toBe('9573.25');
  });

  it('a derived batch price is cited as derived and unverified, on its line and in the assumptions', () => {
    const s = scenario(model(json, 'acme.reserved-v1:0'), 'batch');
    // (21M + 12M + 7M) x $0.0005/1K + 2.8M x $0.002/1K = 20 + 5.6
    expect(s.cost).toBe('25.6');
    expect(s.lines[0]!.source).toContain('derived (0.5 x input), unverified');
    expect(s.assumptions.some((a) => a.includes('batchInput price is derived (0.5 x input) and unverified'))).toBe(true);
  });

  it('without a Reserved price, reports the break-even price per 1K TPM-month at the minimum level', () => {
    const m = model(json, 'acme.legacy-v1:0');
    // 100K input TPM every minute fills a 100K reservation: $0.006/1K x 100 (1K TPM) x 43,800 minutes a month / 100 = $262.80.
    expect(m.reservedBreakEven).toEqual({ inputPerThousandTpmMonth: '262.8', outputPerThousandTpmMonth: '1314', inputLevel: 100_000, outputLevel: 10_000 });
    expect(d('0.006').times(43_800).toFixed()).toBe('262.8');
    expect(d('0.03').times(43_800).toFixed()).toBe('1314');
  });

  it('long context: bounds the requests above 200K and prices the worst case separately, never silently', () => {
    const m = model(json, 'acme.longctx-v1:0');
    const s = scenario(m, 'on-demand');
    // 110 minutes of 150K input (cannot hold a 200K request) and 10 of 600K; 10K output and 10 requests a minute.
    const standard = at(22_500_000, '0.003').plus(at(1_200_000, '0.015'));
    expect(s.cost).toBe(standard.toFixed()); // 85.5: the as-billed figure stays at standard rates
    // Worst case: the 6M input and 100K output of the ten large minutes at 2x input, 1.5x output.
    const worst = at(16_500_000, '0.003').plus(at(6_000_000, '0.006')).plus(at(1_100_000, '0.015')).plus(at(100_000, '0.0225'));
    expect(worst.toFixed()).toBe('104.25');
    expect(s.longContext).toMatchObject({
      thresholdInputTokens: 200_000, averageInputPerInvocation: 18_750, maxRequestsAbove: 112, // 22.5M / 200K
      worstCaseCost: worst.toFixed(), worstCaseMonthlyCost: monthly(worst, H).toFixed(), // 38,051.25
    });
    expect(s.longContext?.worstCaseInputShare).toBeCloseTo(6 / 22.5, 12);
    expect(s.assumptions.some((a) => a.startsWith('long context: requests above 200,000 input tokens') && a.includes('$38,051.25/month'))).toBe(true);
  });

  it('image tiers: priced at the default standard tier and shown as a range across tiers', () => {
    const s = scenario(model(json, 'acme.canvas-v1:0'), 'on-demand');
    // 120 images x $0.04 = $4.80 over 2 h; x 365 = $1,752 a month; $0.08 premium 2048 = $3,504.
    expect(s.cost).toBe('4.8');
    expect(s.lines).toEqual([expect.objectContaining({ dimension: 'image 1024x1024/standard', quantity: '120', unit: 'image', unitPrice: '0.04' })]);
    expect(s.imageTiers).toEqual({ tier: '1024x1024/standard', minMonthlyCost: '1752', minTier: '1024x1024/standard', maxMonthlyCost: '3504', maxTier: '2048x2048/premium' });
    expect(s.assumptions.some((a) => a.startsWith('images priced at the 1024x1024/standard tier'))).toBe(true);
  });

  it('rerank: one query per invocation at $1.00 per 1,000 queries', () => {
    const s = scenario(model(json, 'acme.rerank-v1:0'), 'on-demand');
    // 50 invocations x 120 minutes = 6,000 queries = 6 x $1.00.
    expect(s.cost).toBe('6');
    expect(s.lines[0]).toMatchObject({ dimension: 'rerank queries', quantity: '6', unit: '1K queries' });
  });

  it('lifecycle: a model in extended access gets a migrate-model recommendation with the cost at its successor', () => {
    const m = model(json, 'acme.legacy-v1:0');
    expect(m.lifecycle).toEqual({ status: 'extended-access', since: '2026-06-01', endOfLife: '2027-03-01', successor: 'acme.chat-pro-v1:0' });
    const r = recs(json, 'acme.legacy-v1:0').find((x) => x.action === 'migrate-model')!;
    // 12M input, 1.2M output: $0.006/$0.03 today = $108; at Acme Chat Pro's in-Region $0.0033/$0.0165 = $59.40.
    const now = at(12_000_000, '0.006').plus(at(1_200_000, '0.03'));
    const then = at(12_000_000, '0.0033').plus(at(1_200_000, '0.0165'));
    expect([now.toFixed(), then.toFixed()]).toEqual(['108', '59.4']);
    expect(r.successorModelId).toBe('acme.chat-pro-v1:0');
    expect(r.newMonthlyCost).toBe(monthly(then, H).toFixed()); // 21,681
    expect(r.monthlySavings).toBe(monthly(now.minus(then), H).toFixed()); // 17,739
  });

  it('lifecycle: LEGACY from ListFoundationModels is enough; with no successor the difference is unknown, not $0', () => {
    expect(model(json, 'acme.rerank-v1:0').lifecycle).toEqual({ status: 'legacy' });
    const r = recs(json, 'acme.rerank-v1:0').find((x) => x.action === 'migrate-model')!;
    expect(r.title).toContain('the cost at the successor is unpriced');
    // Unknown, with why: null, never '0' (issue 15: a missing price is never $0).
    expect(r.monthlySavings).toBeNull();
    expect(r.newMonthlyCost).toBeNull();
    expect(r.unpricedReason).toBe('no live successor is priced');
    expect(markdown).not.toContain('Acme Rerank (us-east-1): save $0.00/month');
    // The migration is required, so its unknown cost is the plan's required cost too, for the same reason.
    expect(markdown).toContain('### 4. Acme Rerank (us-east-1): saving and required cost unknown: no live successor is priced ($2,190.00 -> unknown)');
    const plan = (json as unknown as { plans: Array<{ modelId: string; requiredMonthlyCost?: string | null; requiredCostUnpricedReason?: string }> }).plans.find((p) => p.modelId === 'acme.rerank-v1:0')!;
    expect([plan.requiredMonthlyCost, plan.requiredCostUnpricedReason]).toEqual([null, 'no live successor is priced']);
    expect(model(json, 'acme.reserved-v1:0').lifecycle).toBeUndefined();
  });

  it('never $0 for unknown: an unpriced throughput is counted, reviewed, and left out of the total', () => {
    const idle = json.provisionedThroughputs.find((p) => p.provisionedModelName === 'nocap-six-month-idle')!;
    expect(idle.monthlyCost).toBeNull();
    expect(idle.unpricedReason).toContain('no 6-month commitment model-unit price');
    expect(idle.findings?.some((f) => f.startsWith('idle:'))).toBe(true);
    expect(idle.findings?.some((f) => f.startsWith('commitment ends 2026-11-20'))).toBe(true);
    expect(json.summary.unpricedProvisionedThroughputs).toBe(1);
    // Priced: the five models' on-demand months + the priced throughput (1 unit x $3.00 x 730 = $2,190).
    const models = [reservedOnDemand, at(12_000_000, '0.006').plus(at(1_200_000, '0.03')), at(22_500_000, '0.003').plus(at(1_200_000, '0.015')), d('4.8'), d('6')];
    const priced = models.reduce((sum, c) => sum.plus(monthly(c, H)), d(0)).plus(d('3.00').times(HOURS_PER_MONTH));
    expect(priced.toFixed()).toBe('92144.25');
    expect(json.summary.pricedMonthlyCost).toBe(priced.toFixed());
    expect(markdown).toContain('Bedrock spend: $252.45 in 2 hours, $92,144.25/month for what is priced; not in the totals: 1 unpriced provisioned throughput.');
  });

  it('an expiring commitment whose on-demand price is unknown is never called the cheapest option', () => {
    const r = json.recommendations.find((x) => x.action === 'review-expiring-commitment')!;
    expect(r.title).toContain('ptonly-expiring');
    expect(r.title).toContain('renewal cannot be compared with on demand');
    expect(r.title).not.toContain('cheapest');
    expect(json.provisionedThroughputs.find((p) => p.provisionedModelName === 'ptonly-expiring')!.onDemandEquivalentMonthlyCost).toBeNull();
    // Nothing to compare with: the decision's saving is unknown, never $0.
    expect(r.monthlySavings).toBeNull();
    expect(r.unpricedReason).toBe('acme.ptonly-v1:0 has no on-demand price in us-east-1 to compare with');
    expect(markdown).toContain('### 3. acme.ptonly-v1:0 (us-east-1): saving unknown: acme.ptonly-v1:0 has no on-demand price in us-east-1 to compare with ($2,190.00 -> unknown)');
    // The headline adds the two priced plans only and counts the two unknown ones apart.
    expect(markdown).toContain("Savings available: at least $23,550.50/month from 2 plans (2 plans' savings are unknown, not in the total).");
  });

  it('shows the priced lines under each scenario when asked (render option), and not by default', () => {
    const { report } = runCase('new-modes');
    expect(markdown).not.toContain('priced lines:');
    const withLines = renderMarkdown(publishedReport(report), { lines: true });
    expect(withLines).toContain('reserved-1-month, priced lines:');
    expect(withLines).toContain('| image 1024x1024/standard | 120 | image | $0.04 | $4.80 | Golden test list prices (fictional) \\[golden-list\\] |'); // markdown escapes the brackets
    expect(withLines).toContain('derived (0.5 x input), unverified');
  });

  it('names its price source and flags prices older than 30 days', () => {
    // Catalog as of 2026-10-01, report on 2026-11-02: 32 days.
    expect(json.priceSource).toEqual({ kind: 'file', name: 'golden catalog', asOf: '2026-10-01', ageDays: 32 });
    expect(json.stalePrices).toBe(true);
    expect(json.assumptions.some((a) => a.startsWith('warning: the prices are 32 days old'))).toBe(true);
    expect(markdown).toContain('Prices: AWS list prices from golden catalog, as of 1 Oct 2026 (32 days old, over 30 days: refresh them)');
  });
});
