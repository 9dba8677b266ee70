import { describe, expect, it } from 'vitest';
import { classifyBilledLine } from '../../src/bill/classify-line.js';
import { billDays, reconcile } from '../../src/bill/reconcile.js';
import { usd } from '../../src/money.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { adviceText } from '../../src/report/advice-text.js';
import {
  ACCOUNT, billOf, catalog, NOVA_HOURLY, NOVA_LITE, replayOf, snapshotOf, SONNET_46, SONNET_HOURLY, SONNET_SERVICE,
} from './bill-fixture.js';

// The figures below are the fixture's hand-derived day costs (see bill-fixture.ts) times two days.
const NOVA_TWO_DAYS = '5.184'; // 2 x (1.44 + 1.152)
const SONNET_TWO_DAYS = '170.28'; // 2 x 85.14
const SONNET_NO_CACHE_TWO_DAYS = '118.8'; // 2 x (39.60 + 19.80)
const BOTH = [{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: SONNET_HOURLY }];

const byModel = (r: ReturnType<typeof reconcile>, id: string) => r.models.find((m) => m.modelId === id)!;

describe('classifying billed lines with the Price List classifier', () => {
  const line = (service: string, usageType: string, unit = '1K tokens') =>
    classifyBilledLine({ service, usageType, day: '2026-11-01', quantity: usd(2), unit, unblendedCost: usd(1) });
  it.each([
    ['Amazon Bedrock', 'USE1-NovaLite-input-tokens', NOVA_LITE, 'input', 'input', '2000'],
    [SONNET_SERVICE, 'USE1-Claude4.6Sonnet-input-tokens', SONNET_46, 'input', 'input', '2000'],
    ['Amazon Bedrock', 'USE1-NovaLite-input-tokens-flex', NOVA_LITE, 'flexInput', 'input', '2000'],
    ['Amazon Bedrock', 'USE1-NovaLite-cache-read-input-token-count', NOVA_LITE, 'cacheRead', 'cacheRead', '2000'],
    ['Amazon Bedrock', 'USE1-qwen.qwen3-32b-mantle-input-tokens-standard', 'qwen.qwen3-32b-v1:0', 'input', 'input', '2000'],
  ])('%s %s is %s %s', (service, usageType, modelId, billedDimension, dimension, tokens) => {
    const c = line(service, usageType);
    expect(c).toMatchObject({ kind: 'usage', modelId, region: 'us-east-1', billedDimension, dimension });
    expect(c.kind === 'usage' && c.quantity.toFixed()).toBe(tokens);
  });
  it('reads a third-party model from its "(Amazon Bedrock Edition)" service, and `Units` as millions of tokens', () => {
    const c = line(SONNET_SERVICE, 'USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units', 'Units');
    expect(c).toMatchObject({ kind: 'usage', modelId: SONNET_46, scope: 'global', billedDimension: 'cacheWrite1h', dimension: 'cacheWrite' });
    expect(c.kind === 'usage' && c.quantity.toFixed()).toBe('2000000');
  });
  it.each([
    ['USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits', 'Provisioned throughput hours'],
    ['USE1-NovaLite-Customization-Storage', 'Storage'],
    ['USE1-NovaLite-Customization-Training', 'Customization'],
    ['USE1-Guardrails-ContentPolicyTextUnits', 'Guardrails'],
    ['USE1-KnowledgeBase-Retrieve', 'Knowledge Bases'],
    ['USE1-AgentCore-Runtime-vCPU-Hours', 'Agents and AgentCore'],
    ['USE1-SomethingNew-widgets', 'Unclassified'],
  ])('%s is outside the replay as %s', (usageType, category) => {
    expect(line('Amazon Bedrock', usageType)).toMatchObject({ kind: 'outside', category });
  });
  it('does not guess a unit it does not know', () => {
    expect(line('Amazon Bedrock', 'USE1-NovaLite-input-tokens', 'N/A')).toMatchObject({ kind: 'outside', category: 'Unclassified' });
  });
  it('says why a line is outside the replay, in the words the published report has always used', () => {
    const reason = (usageType: string, unit = '1K tokens', lineItemType?: string) => {
      const c = classifyBilledLine({ service: 'Amazon Bedrock', usageType, ...(lineItemType ? { lineItemType } : {}), day: '2026-11-01', quantity: usd(2), unit, unblendedCost: usd(1) });
      return c.kind === 'outside' ? adviceText(c.reason) : undefined;
    };
    expect(reason('USE1-NovaLite-input-tokens', '1K tokens', 'Credit')).toBe('line item type Credit');
    expect(reason('USE1-NovaLite-Customization-Storage')).toBe('usage type USE1-NovaLite-Customization-Storage');
    expect(reason('USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits')).toMatch(/^usage type USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits \(\w+\)$/);
    expect(reason('USE1-Foo-input-tokens')).toBe('usage type USE1-Foo-input-tokens: model "Foo" is not in the model table');
    expect(reason('XX9-NovaLite-input-tokens')).toBe('usage type XX9-NovaLite-input-tokens: no known Region (prefix XX9)');
    expect(reason('USE1-NovaLite-input-tokens', 'N/A')).toBe('usage type USE1-NovaLite-input-tokens: pricing unit "N/A" is not a known token unit');
    expect(reason('USE1-SomethingNew-widgets')).toMatch(/^usage type USE1-SomethingNew-widgets: no dimension/);
  });
  it('keeps credits and tax out of the usage', () => {
    const c = classifyBilledLine({ service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', lineItemType: 'Credit', day: '2026-11-01', quantity: usd(0), unit: '1K tokens', unblendedCost: usd(-5) });
    expect(c).toMatchObject({ kind: 'outside', category: 'Credits, discounts, refunds and tax' });
  });
});

describe('the window in whole bill days', () => {
  it('a window on midnights has no edge; one starting at 06:00 has 6 hours of edge', () => {
    expect(billDays({ start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' })).toEqual({ first: '2026-11-01', last: '2026-11-02', edgeHours: 0 });
    expect(billDays({ start: '2026-11-01T06:00:00Z', end: '2026-11-03T00:00:00Z' })).toEqual({ first: '2026-11-01', last: '2026-11-02', edgeHours: 6 });
  });
});

describe('reconciling the replay with the bill', () => {
  it('replay and bill agree to the cent: every model reconciled, the whole bill covered, rate at list', () => {
    const r = reconcile(replayOf(snapshotOf(BOTH)), billOf(), catalog);
    expect(byModel(r, SONNET_46)).toMatchObject({ reconciled: true, inReplay: true });
    expect(byModel(r, SONNET_46).billedCost.toFixed()).toBe(SONNET_TWO_DAYS);
    expect(byModel(r, SONNET_46).replayedCost!.toFixed()).toBe(SONNET_TWO_DAYS);
    expect(byModel(r, SONNET_46).driftPercent!.toFixed()).toBe('0');
    expect(byModel(r, NOVA_LITE).replayedCost!.toFixed()).toBe(NOVA_TWO_DAYS);
    expect(r.totals.billedCost.toFixed()).toBe('175.464');
    expect(r.totals.adviceCoveragePercent!.toFixed()).toBe('100');
    expect(r.effectiveRate).toMatchObject({ basis: 'unblended' });
    expect(adviceText(r.effectiveRate!.note)).toBe('billed at list prices');
    expect(r.outsideReplay).toEqual([]);
    expect(r.callers!.map((c) => [c.name, c.billedCost.toFixed()])).toEqual([
      ['arn:aws:iam::111122223333:role/chat-app', SONNET_TWO_DAYS],
      ['arn:aws:iam::111122223333:role/batch-jobs', NOVA_TWO_DAYS],
    ]);
  });

  it('cache tokens missing from CloudWatch: drift 43.33% and the reason named', () => {
    const noCache = { input: SONNET_HOURLY.input, output: SONNET_HOURLY.output };
    const r = reconcile(replayOf(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }, { modelId: 'us.anthropic.claude-sonnet-4-6', hourly: noCache }])), billOf(), catalog);
    const sonnet = byModel(r, SONNET_46);
    expect(sonnet.replayedCost!.toFixed()).toBe(SONNET_NO_CACHE_TWO_DAYS);
    // (170.28 - 118.80) / 118.80 = 0.4333...
    expect(sonnet.driftPercent!.toDecimalPlaces(4).toFixed()).toBe('43.3333');
    expect(sonnet.reconciled).toBe(false);
    // The reason is a note; read it as published.
    expect(sonnet.reasons.map(adviceText).join(' ')).toMatch(/cache tokens absent from CloudWatch: the bill has 96000000 cache-read tokens/);
    expect(byModel(r, NOVA_LITE).reconciled).toBe(true);
    expect(r.totals.modelsReconciled).toBe(1);
  });

  it('a 10% discount is an effective rate, not drift, and every saving is restated at it', () => {
    const report = replayOf(snapshotOf(BOTH));
    const r = reconcile(report, billOf({ discount: '0.1' }), catalog);
    const sonnet = byModel(r, SONNET_46);
    expect(sonnet.reconciled).toBe(true);
    expect(sonnet.billedCost.toFixed()).toBe('153.252'); // 170.28 x 0.9
    expect(adviceText(sonnet.effectiveRateNote!)).toBe('billed at 10% below list');
    expect(adviceText(r.effectiveRate!.note)).toBe('billed at 10% below list');
    expect(r.effectiveRate!.billedToListRatio.toFixed()).toBe('0.9');
    expect(r.effectiveRate!.basis).toBe('net unblended');
    expect(r.savings.length).toBe(2); // Sonnet 4.6 and Nova Lite each have a plan
    expect(r.savings.length).toBe((report.plans ?? []).filter((p) => p.steps.length).length);
    for (const s of r.savings) expect(s.monthlySavingsAtEffectiveRate.toFixed()).toBe(s.monthlySavingsAtList.times('0.9').toFixed());
  });

  it('Guardrails charges beside token charges: listed outside the replay, the bill covered at 98.32%', () => {
    const r = reconcile(replayOf(snapshotOf(BOTH)), billOf({ guardrails: true }), catalog);
    expect(r.outsideReplay.map((o) => [o.category, o.billedCost.toFixed()])).toEqual([['Guardrails', '3']]);
    expect(r.totals.billedCost.toFixed()).toBe('178.464');
    // 175.464 / 178.464 = 98.3189...%
    expect(r.totals.adviceCoveragePercent!.toDecimalPlaces(2).toFixed()).toBe('98.32');
    expect(r.models.every((m) => m.reconciled)).toBe(true);
  });

  it('a model on the bill that CloudWatch never saw is billed, not covered, and not reconciled', () => {
    const r = reconcile(replayOf(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }])), billOf(), catalog);
    expect(byModel(r, SONNET_46)).toMatchObject({ inReplay: false, reconciled: false, driftPercent: null });
    expect(r.totals.notReplayedUsageCost.toFixed()).toBe(SONNET_TWO_DAYS);
    expect(r.totals.coveredByReplayCost.toFixed()).toBe(NOVA_TWO_DAYS);
  });

  it('another account\'s lines in a payer export are left out of a one-account report', () => {
    const bill = billOf();
    bill.lines.push({ ...bill.lines[0]!, accountId: '999988887777' });
    const r = reconcile(replayOf(snapshotOf(BOTH)), bill, catalog);
    expect(r.totals.billedCost.toFixed()).toBe('175.464');
    expect(r.notes.map(adviceText).join(' ')).toMatch(`accounts other than ${ACCOUNT}`);
  });

  it('publishes cents whose parts add up to the totals', () => {
    const report = replayOf(snapshotOf(BOTH));
    report.reconciliation = reconcile(report, billOf({ guardrails: true }), catalog);
    const json = toPublishedJson(publishedReport(report)) as { reconciliation: { totals: Record<string, string>; models: Array<{ billedCost: string }>; outsideReplay: Array<{ billedCost: string }> } };
    const rec = json.reconciliation;
    const sum = [...rec.models, ...rec.outsideReplay].reduce((s, m) => s.plus(m.billedCost), usd(0));
    expect(rec.totals.billedCost).toBe(sum.toFixed(2));
    expect(rec.totals.billedCost).toBe('178.46');
  });
});
