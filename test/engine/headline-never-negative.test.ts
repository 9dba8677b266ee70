import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW, TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Issue 16, item 2: the headline is never negative, and a required change that costs money is a
 * required cost, never netted into the savings. test/engine/required-cost.test.ts works one case by
 * hand (Acme Legacy, at end of life, moving to a successor ten times dearer); this property prices the
 * legacy model and its successor at any rates, cheaper or dearer, and checks the summary's rules:
 *  - the headline is the sum of the plans' savings, and no plan, step or headline is negative;
 *  - the required cost is the sum of the plans' required costs, absent (not $0) when none has one;
 *  - a plan that saves nothing by the migration and pays for it states it as required.
 */

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const NOW = new Date('2026-11-02T00:00:00.000Z');
const LEGACY = 'acme.legacy-v1:0';
const SUCCESSOR = 'acme.chat-pro-v1:0';
const D = Decimal.clone({ precision: 60 });

function newModes(): UsageSnapshot {
  const snapshot = parseUsageCsv(readFileSync(`${GOLDEN_DIR}new-modes.csv`, 'utf8'), 'new-modes.csv', { now: TEST_NOW });
  const inventory = `${GOLDEN_DIR}new-modes.inventory.json`;
  if (existsSync(inventory)) Object.assign(snapshot, JSON.parse(readFileSync(inventory, 'utf8')) as Partial<UsageSnapshot>);
  return snapshot;
}

const golden = PriceCatalog.fromDocument(JSON.parse(readFileSync(`${GOLDEN_DIR}catalog.json`, 'utf8')), 'golden catalog');
const snapshot = newModes();
/** A price per 1K tokens from $0.0001 to $1, as the decimal text a rates file holds. */
const rate = fc.integer({ min: 1, max: 10_000 }).map((tenThousandths) => new D(tenThousandths).dividedBy(10_000).toFixed());
const sum = (xs: Decimal[]) => xs.reduce((s, x) => s.plus(x.toFixed()), new D(0));
const at20 = (x: Decimal) => new D(x.toFixed()).toDecimalPlaces(20).toFixed();

describe('the headline (property)', () => {
  it('is never negative, and a migration that costs more is a required cost beside it, whatever the two models cost', () => {
    let required = 0;
    let saved = 0;
    fc.assert(
      fc.property(fc.record({ legacyIn: rate, legacyOut: rate, successorIn: rate, successorOut: rate }), (r) => {
        const catalog = golden.withRates({
          rates: [
            { model: LEGACY, region: 'us-east-1', onDemand: { input: r.legacyIn, output: r.legacyOut } },
            { model: SUCCESSOR, region: 'us-east-1', onDemand: { input: r.successorIn, output: r.successorOut } },
          ],
        }, 'any-rates.json', TEST_READ_ON);
        const report = analyze(snapshot, catalog, { now: NOW });
        const plans = report.plans ?? [];
        expect(report.summary.potentialMonthlySavings.isNegative()).toBe(false);
        // A plan whose saving is unknown (null) adds nothing to the headline.
        expect(at20(report.summary.potentialMonthlySavings)).toBe(at20(sum(plans.flatMap((p) => (p.monthlySavings === null ? [] : [p.monthlySavings])))));
        for (const p of plans) {
          expect(p.monthlySavings?.isNegative() ?? false, `${p.modelId} plan`).toBe(false);
          for (const s of p.steps) expect(s.monthlySavings?.isNegative() ?? false, `${p.modelId} step`).toBe(false);
          if (p.requiredMonthlyCost) expect(p.requiredMonthlyCost.greaterThan(0), `${p.modelId} required`).toBe(true);
        }
        const requiredPlans = plans.filter((p) => p.requiredMonthlyCost);
        // A plan whose required cost is unknown (a required migration to a successor with no price) adds
        // nothing to the sum and is counted apart.
        const unknownRequired = plans.filter((p) => p.requiredMonthlyCost === null).length;
        if (requiredPlans.length === 0 && unknownRequired === 0) expect(report.summary.requiredMonthlyCost).toBeUndefined();
        else {
          expect(at20(report.summary.requiredMonthlyCost!)).toBe(at20(sum(requiredPlans.map((p) => p.requiredMonthlyCost!))));
          expect(report.summary.unpricedRequiredPlans ?? 0).toBe(unknownRequired);
        }
        // The legacy model's migration: dearer is required, cheaper is a saving; never both, never netted.
        const legacy = plans.find((p) => p.modelId === LEGACY && p.actions.includes('migrate-model'));
        if (legacy?.requiredMonthlyCost) required++;
        else if (legacy) saved++;
      }),
      { numRuns: 30 },
    );
    // The generator reaches both sides of the rule, or the property proves little.
    expect(required).toBeGreaterThan(0);
    expect(saved).toBeGreaterThan(0);
  });
});
