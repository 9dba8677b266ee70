import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { publishedJsonChunks, publishedReport, toPublishedJson } from '../../src/report/published.js';
import type { AdvisorReport, ModelPlan } from '../../src/domain/report.js';
import { sampleAnalysis } from './sample-report.js';
import { published as words } from '../fixtures/published-text.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

const D = Decimal.clone({ precision: 60 });
const sum = (xs: Array<string | null | undefined>) => xs.reduce((s, x) => s.plus(x ?? '0'), new D(0)).toFixed(2);

interface Json {
  summary: Record<string, string | number>;
  models: Array<{ currentMonthlyCost: string | null; scenarios: Array<{ cost: string | null; monthlyCost: string | null }>; prices: Array<{ usd: string }> }>;
  plans: Array<{ currentMonthlyCost: string; plannedMonthlyCost: string | null; monthlySavings: string | null; unpricedReason?: string; steps: Array<{ monthlySavings: string | null; unpricedReason?: string }>; upTo?: { monthlySavings: string } }>;
  provisionedThroughputs: Array<{ monthlyCost: string | null }>;
  customModels: Array<{ storageMonthlyCost: string | null }>;
}

describe('the published JSON report', () => {
  const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(sampleAnalysis())))) as Json;

  it('validates against schema/report.schema.json', () => {
    const ok = validate(json);
    expect(ajv.errorsText(validate.errors), 'schema errors').toBe('No errors');
    expect(ok).toBe(true);
  });

  it('rejects what the schema forbids: a 40-digit amount, a missing plan field, an unknown step field', () => {
    const bad = structuredClone(json);
    bad.plans[0]!.monthlySavings = '106199.7737511848214285714285714285714286';
    expect(validate(bad)).toBe(false);
    const missing = structuredClone(json) as unknown as { plans: Array<Record<string, unknown>> };
    delete missing.plans[0]!.steps;
    expect(validate(missing)).toBe(false);
    const extra = structuredClone(json) as unknown as { plans: Array<{ steps: Array<Record<string, unknown>> }> };
    extra.plans[0]!.steps[0]!.savings = '1.00';
    expect(validate(extra)).toBe(false);
  });

  it('has fixed scales: cents for display amounts, six decimals for window figures, quoted prices unrounded', () => {
    expect(json.summary.currentMonthlyCost).toMatch(/^\d+\.\d{2}$/);
    for (const m of json.models) {
      for (const s of m.scenarios) {
        if (s.cost !== null) expect(s.cost).toMatch(/^\d+\.\d{6}$/);
        if (s.monthlyCost !== null) expect(s.monthlyCost).toMatch(/^\d+\.\d{2}$/);
      }
    }
    // Nova Micro's cache-read price, $0.00000875 per 1K tokens, stays as quoted.
    expect(json.models.flatMap((m) => m.prices.map((p) => p.usd))).toContain('0.00000875');
  });

  it('adds up exactly as shown: totals are the sums of the rounded parts', () => {
    expect(json.summary.currentMonthlyCost).toBe(sum([
      ...json.models.map((m) => m.currentMonthlyCost),
      ...json.provisionedThroughputs.map((p) => p.monthlyCost),
      ...json.customModels.map((c) => c.storageMonthlyCost),
    ]));
    const priced = json.plans.filter((p) => p.monthlySavings !== null);
    expect(json.summary.potentialMonthlySavings).toBe(sum(priced.map((p) => p.monthlySavings)));
    // By hand: 106,199.77 (Nova 2 Lite) + 2,794.62 (Sonnet 4.5 global) + 39.91 (Nova Premier, past end
    // of life, to Nova Pro: $56.05 -> $16.14) + 1.95 (custom model storage). The fifth plan, Nova Canvas
    // past its end of life with no live successor, has an unknown saving: null, counted apart, not $0.
    expect(json.summary.potentialMonthlySavings).toBe('109036.25');
    expect(json.summary.unpricedPlans).toBe(1);
    expect(json.plans.filter((p) => p.monthlySavings === null)).toEqual([expect.objectContaining({ plannedMonthlyCost: null, unpricedReason: 'no live successor is priced' })]);
    // Batch upper bounds: Nova Micro 670.49 + Nova Premier 28.03.
    expect(json.summary.upToMonthlySavings).toBe('698.52');
    for (const p of priced) {
      expect(p.monthlySavings).toBe(sum(p.steps.map((s) => s.monthlySavings)));
      expect(p.plannedMonthlyCost).toBe(new D(p.currentMonthlyCost).minus(p.monthlySavings!).toFixed(2));
    }
  });
});

describe('rounding parts first (property)', () => {
  const amount = fc.bigInt({ min: 0n, max: 10n ** 12n }).map((n) => usd(n.toString()).dividedBy(7).dividedBy(13));
  it('the headline equals the sum of the published plan savings, whatever the unrounded amounts', () => {
    const sample = sampleAnalysis();
    fc.assert(fc.property(fc.array(fc.array(amount, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), (stepAmounts) => {
      const report = sampleAnalysis();
      const plans: ModelPlan[] = stepAmounts.map((steps, i) => ({
        ...report.plans![0]!, modelId: `m${i}`,
        steps: steps.map((s) => ({ when: 'now', action: words('x'), commands: [], monthlySavings: s })),
        currentMonthlyCost: steps.reduce((a, b) => a.plus(b), usd(0)).plus(1), monthlySavings: usd(0), plannedMonthlyCost: usd(0),
      }));
      const published = publishedReport({ ...report, plans });
      const shown = published.plans!.map((p) => p.monthlySavings!.toFixed(2));
      expect(published.summary.potentialMonthlySavings.toFixed(2)).toBe(sum(shown));
      for (const p of published.plans!) expect(p.monthlySavings!.toFixed(2)).toBe(sum(p.steps.map((s) => s.monthlySavings!.toFixed(2))));
    }), { numRuns: 50 });
  });
});

describe('the JSON report written a piece at a time', () => {
  const whole = (report: Parameters<typeof toPublishedJson>[0]) => `${JSON.stringify(toPublishedJson(report), null, 2)}\n`;

  it('is the whole report stringified, byte for byte, on the sample', () => {
    const report = publishedReport(sampleAnalysis());
    expect([...publishedJsonChunks(report)].join('')).toBe(whole(report));
  });

  it('is the whole report stringified for any JSON-like fields (empty, nested, undefined, text with newlines, decimals)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.integer().map((n) => new Decimal(n).div(7)));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    const sample = sampleAnalysis();
    fc.assert(fc.property(fc.dictionary(fc.string().filter((k) => k !== '__proto__'), value), fc.array(value), (extra, list) => {
      const report = publishedReport({ ...sample, ...extra, extraList: list } as AdvisorReport);
      expect([...publishedJsonChunks(report)].join('')).toBe(whole(report));
    }), { numRuns: 60 });
  });
});
