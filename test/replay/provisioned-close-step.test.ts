import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import type { Scenario } from '../../src/domain/report.js';
import { NOVA_HOURLY, NOVA_LITE, NOW, catalog, snapshotOf } from '../bill/bill-fixture.js';

/**
 * A provisioned term's search decides each step on float estimates, and prices both counts exactly only
 * when the estimates are too close to order (`cheapestCount`): the scenario then bills the count chosen
 * on the exact costs. Here one unit's window costs the same as all the tokens on demand, or a hair
 * either side of it, so only the exact costs can choose. Nova Lite, two days of 1,000,000 input and
 * 200,000 output tokens an hour (`snapshotOf`).
 */

/** The no-commitment scenario with a unit at `hourly` a unit-hour; a unit serves an hour's tokens in a minute, so one unit is the peak and never overflows. */
function noCommit(hourly: string): Scenario {
  const provisioned = { noCommit: hourly, oneMonth: '0.04', sixMonth: '0.03', unitTokensPerMinute: { input: 1_000_000, output: 200_000 } };
  const rates = catalog.withRates({ rates: [{ model: NOVA_LITE, region: 'us-east-1', provisioned }] }, 'rates.json', NOW);
  const report = analyze(snapshotOf([{ modelId: NOVA_LITE, hourly: NOVA_HOURLY }]), rates, { now: NOW });
  return report.models[0]!.scenarios.find((s) => s.mode === 'provisioned-no-commit')!;
}

describe('a provisioned step the estimates cannot order is decided on the exact costs', () => {
  // On demand by hand: 48,000K input x $0.00006 = $2.88 and 9,600K output x $0.00024 = $2.304: $5.184
  // for the window, all of it overflow at 0 units. One unit: 48 unit-hours, $5.184 at $0.108.
  it('a tie goes to fewer units: all on demand, $5.184', () => {
    const s = noCommit('0.108');
    expect(s.provisioned!.bestUnits).toBe(0);
    expect(s.cost!.toFixed()).toBe('5.184');
  });

  it('a unit a hair dearer (48 x $0.1080000000001) is not bought', () => {
    const s = noCommit('0.1080000000001');
    expect(s.provisioned!.bestUnits).toBe(0);
    expect(s.cost!.toFixed()).toBe('5.184');
  });

  it('a unit a hair cheaper (48 x $0.1079999999 = $5.1839999952) is bought, and billed at its exact cost', () => {
    const s = noCommit('0.1079999999');
    expect(s.provisioned!.bestUnits).toBe(1);
    expect([s.provisioned!.overflowInputTokens, s.provisioned!.overflowOutputTokens]).toEqual([0, 0]);
    expect(s.cost!.toFixed()).toBe('5.1839999952');
  });
});
