import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { provisionedMode } from '../../src/modes/provisioned.js';
import { adviceText } from '../../src/report/advice-text.js';
import type { Scenario } from '../../src/domain/report.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Images reported beside a text model's tokens are billed today (`AsBilled.items`). A model unit serves
 * tokens only, so every provisioned figure keeps the images at today's price: left out, the scenario
 * counted them as $0 and claimed their whole cost as a saving (here $2,920 a month of images), the
 * break-even and the "if usage halves" figures weighed the units against a spend they do not replace,
 * and with no image price the scenario was priced while on demand was not.
 */
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const NOW = new Date('2026-11-04T00:00:00Z');
const MODEL = 'amazon.nova-micro-v1:0';

/** 48 hours of 1,000,000 input and 200,000 output tokens an hour, and 100 images an hour, Nova Micro in us-east-1. */
function snapshot(): UsageSnapshot {
  const builder = new UsageBuilder();
  for (let h = 0; h < 48; h++) {
    const timestamp = START + h * 3600;
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'InputTokenCount', timestamp, periodSeconds: 3600, value: 1_000_000 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'OutputTokenCount', timestamp, periodSeconds: 3600, value: 200_000 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'Invocations', timestamp, periodSeconds: 3600, value: 100 });
    builder.add({ region: 'us-east-1', modelId: MODEL, metric: 'OutputImageCount', timestamp, periodSeconds: 3600, value: 100 });
  }
  return {
    window: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' },
    models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
  };
}

/**
 * Unit-hour prices low enough that one unit beats on demand's tokens ($3.024 for the window, see below),
 * and a unit that serves a whole hour's tokens in one minute, so one unit is the peak and never overflows
 * however the hour's tokens are spread over its minutes.
 */
const PROVISIONED = { noCommit: '0.05', oneMonth: '0.04', sixMonth: '0.03', unitTokensPerMinute: { input: 1_000_000, output: 200_000 } };

function provisionedOf(rates: Record<string, unknown>, mode: Scenario['mode']): { scenario: Scenario; report: ReturnType<typeof analyze> } {
  const report = analyze(snapshot(), PriceCatalog.bundled().withRates({ rates: [{ model: MODEL, region: 'us-east-1', ...rates }] }, 'rates.json', NOW), { now: NOW });
  return { scenario: report.models[0]!.scenarios.find((s) => s.mode === mode)!, report };
}

const says = (s: Scenario) => s.assumptions.map((a) => ('says' in a ? a.says : undefined));

describe('per-item charges beside a text model stay in every provisioned figure', () => {
  it('the units and their overflow plus the images at today\'s price; the saving is the tokens\' alone', () => {
    const { scenario, report } = provisionedOf({ image: '0.04', provisioned: PROVISIONED }, 'provisioned-1-month');
    // On demand by hand: 48,000K input x $0.000035 = $1.68; 9,600K output x $0.00014 = $1.344 (tokens $3.024);
    // 4,800 images x $0.04 = $192. Today: $195.024 for the window, $195.024 x 730 / 48 = $2,965.99 a month.
    expect(report.models[0]!.currentMonthlyCost!.toFixed(2)).toBe('2965.99');
    // One unit (the peak): 48 unit-hours x $0.04 = $1.92 and no overflow, against $3.024 of tokens at 0 units.
    expect(scenario.provisioned!.bestUnits).toBe(1);
    expect(scenario.provisioned!.overflowInputTokens).toBe(0);
    expect(scenario.provisioned!.overflowOutputTokens).toBe(0);
    // The images keep today's price beside the unit-hours: $1.92 + $192 = $193.92 (the units alone were $1.92).
    expect(scenario.lines!.filter((l) => l.quantity.toFixed() === '4800').map((l) => l.cost!.toFixed(2))).toEqual(['192.00']);
    expect(scenario.cost!.toFixed(2)).toBe('193.92');
    // A month: $193.92 x 730 / 48 = $2,949.20 (without the images it was $29.20).
    expect(scenario.monthlyCost!.toFixed(2)).toBe('2949.20');
    expect(says(scenario)).toContain('items-kept-as-billed');
    // The saving is the tokens': ($3.024 - $1.92) x 730 / 48 = $16.79 a month, not $2,965.99 - $29.20 = $2,936.79.
    expect(report.models[0]!.currentMonthlyCost!.minus(scenario.monthlyCost!).toFixed(2)).toBe('16.79');
    expect(report.summary.potentialMonthlySavings.lessThanOrEqualTo('45.99')).toBe(true);
    // The commitment: 1 unit x $0.04 x 720 hours (2026-11-04 to 2026-12-04) = $28.80. It replaces the
    // tokens' month, $3.024 x 730 / 48 = $45.99: 28.80 / 45.99 = 0.6262 months (against all of today's
    // month, images included, it was 28.80 / 2,965.99 = 0.0097).
    const risk = scenario.provisioned!.risk!;
    expect([risk.termHours, risk.commitmentTotal.toFixed(2)]).toEqual([720, '28.80']);
    expect(risk.breakEvenMonths.toFixed(4)).toBe('0.6262');
    // If usage halves: half the tokens' month, $22.995, less the unit's month, $0.04 x 730 = $29.20, and no
    // overflow: -$6.205 (half the images would stay as billed either way). Against half of all today's
    // month it was $1,482.995 - $29.20 = $1,453.795.
    expect(risk.monthlySavingsIfUsageHalves!.toFixed(3)).toBe('-6.205');
    // The advice says whose spend the months are of.
    const [total] = provisionedMode.adviser!.risk!(scenario);
    expect(adviceText(total!)).toBe("a 1-month commitment of 1 unit(s) totals $28.80 and cannot be cancelled; that is 0.6 months of today's on-demand spend on the tokens it serves");
  });

  it('with no image price the provisioned scenarios are unpriced, saying what is missing, never priced without the images', () => {
    const { scenario, report } = provisionedOf({ provisioned: PROVISIONED }, 'provisioned-1-month');
    expect(report.models[0]!.currentMonthlyCost).toBeNull();
    const all = report.models[0]!.scenarios.filter((s) => s.mode.startsWith('provisioned-'));
    expect(all.map((s) => s.mode)).toEqual(['provisioned-no-commit', 'provisioned-1-month', 'provisioned-6-month']);
    for (const s of all) expect([s.mode, s.cost, s.monthlyCost]).toEqual([s.mode, null, null]);
    expect(scenario.reason).toMatchObject({ says: 'unpriced-lines', dimensions: [{ code: 'image' }] });
    // The image line is there with its quantity and no price; the unit-hours keep theirs.
    expect(scenario.lines!.filter((l) => l.quantity.toFixed() === '4800').map((l) => l.cost)).toEqual([null]);
    expect(says(scenario)).toContain('items-kept-as-billed');
    // No commitment is weighed against an on-demand spend that is not known.
    expect(scenario.provisioned!.risk).toBeUndefined();
    expect(report.recommendations.filter((r) => r.action === 'buy-provisioned-throughput')).toEqual([]);
  });

  it('with no unit capacity, the break-even counts only the tokens\' spend as buying units', () => {
    const { noCommit } = PROVISIONED;
    const { scenario } = provisionedOf({ image: '0.04', provisioned: { noCommit } }, 'provisioned-no-commit');
    // A unit's month with no commitment: $0.05 x 730 = $36.50. The tokens' month, $45.99, pays for 1 unit
    // (all of today's month, $2,965.99, images included, would have "paid" for 81).
    expect(scenario.cost).toBeNull();
    expect(scenario.provisioned!.breakEven!.affordableUnits).toBe(1);
    expect(adviceText(scenario.reason!)).toContain("Break-even: today's on-demand spend on tokens pays for 1 unit(s)");
    expect(says(scenario)).toContain('items-kept-as-billed');
  });
});
