import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog, type ModelPrices, type PriceSource } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { renewalAgainstForecast, type RenewalInput } from '../../src/forecast/renewal.js';
import { PriceBook } from '../../src/modes/price-book.js';
import { SAMPLE_END, SAMPLE_PROVISIONED_ARN, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../../src/sample/sample.js';
import type { ModelUsage } from '../../src/usage/usage.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Renewal advice for an expiring commitment against the forecast (src/forecast/renewal.ts). On the
 * sample account, the key figures are derived here from the raw points and the published prices.
 */

const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';
/** The sample rates file's unit capacity for Nova 2 Lite (src/sample/sample.ts SAMPLE_RATES). */
const UNIT = { inputTokensPerMinute: 3_000_000, outputTokensPerMinute: 300_000 };

describe('renewal of the sample account\'s expiring provisioned throughput', () => {
  const catalog = PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON);
  const snapshot = sampleSnapshot();
  const report = analyze(snapshot, catalog, { now: new Date(SAMPLE_END), forecast: {} });
  const pt = report.provisionedThroughputs.find((p) => p.provisionedModelArn === SAMPLE_PROVISIONED_ARN)!;
  const renewal = pt.renewal!;

  // Independently: each hour's tokens of the throughput and of Nova 2 Lite on demand, from the raw points.
  const hourly = new Map<number, { input: number; output: number }>();
  let ptInput = 0;
  let ptOutput = 0;
  let odInput = 0;
  let odOutput = 0;
  for (const series of snapshot.models.filter((m) => m.modelId === SAMPLE_PROVISIONED_ARN || m.modelId === NOVA_2_LITE)) {
    for (const s of series.segments) {
      for (let i = 0; i < s.length; i++) {
        const hour = Math.floor((s.start + i * s.periodSeconds) / 3600);
        const h = hourly.get(hour) ?? { input: 0, output: 0 };
        const input = Number(s.metrics.InputTokenCount?.[i] ?? 0) + Number(s.metrics.CacheReadInputTokenCount?.[i] ?? 0) + Number(s.metrics.CacheWriteInputTokenCount?.[i] ?? 0);
        const output = Number(s.metrics.OutputTokenCount?.[i] ?? 0);
        h.input += input;
        h.output += output;
        hourly.set(hour, h);
        if (series.modelId === SAMPLE_PROVISIONED_ARN) { ptInput += input; ptOutput += output; } else { odInput += input; odOutput += output; }
      }
    }
  }
  const windowHours = (Date.parse(snapshot.window.end) - Date.parse(snapshot.window.start)) / 3_600_000;
  let unitHours = 0;
  for (const h of hourly.values()) unitHours += Math.max(h.input / (UNIT.inputTokensPerMinute * 60), h.output / (UNIT.outputTokensPerMinute * 60));
  // List prices per 1K tokens (no caching in this traffic, so as billed = list).
  const prices = catalog.prices(NOVA_2_LITE, 'us-east-1', 'in-region')!.perThousandTokens;
  const onDemandWindowCost = new Decimal(ptInput + odInput).dividedBy(1000).times(prices.input!.usd)
    .plus(new Decimal(ptOutput + odOutput).dividedBy(1000).times(prices.output!.usd));
  const onDemandPerUnitHour = onDemandWindowCost.dividedBy(unitHours).toNumber();
  const meanUnitLoad = unitHours / windowHours;

  it('starts each term when the commitment ends, for a calendar month and six', () => {
    expect(pt.daysToExpiry).toBe(12);
    expect(renewal.termStart).toBe('2026-12-05T10:00:00.000Z'); // 09:30 rounded up to its hour
    const [one, six] = renewal.terms;
    // 5 Dec 09:30 to 5 Jan 09:30 is 31 days; to 5 Jun 2027, 31 + 31 + 28 + 31 + 30 + 31 days.
    expect(one!.termHours).toBe(31 * 24);
    expect(six!.termHours).toBe(182 * 24);
  });

  it('prices renewing at the current 2 units as 2 x the term\'s unit-hour price x its hours, whatever the future', () => {
    const [one, six] = renewal.terms;
    expect(one!.hourlyRatePerUnit.toString()).toBe('55'); // $80,300/month for 2 units over 730 h
    expect(six!.hourlyRatePerUnit.toString()).toBe('48'); // the sample rates file's quote
    const renewOne = one!.options.find((o) => o.choice === 'renew')!;
    expect(renewOne.units).toBe(2);
    expect(renewOne.termCost!.p50.toString()).toBe(String(2 * 55 * 744));
    expect(six!.options.find((o) => o.choice === 'renew')!.termCost!.p50.toString()).toBe(String(2 * 48 * 4368));
  });

  it('states break-even as the unit-hour price over what a unit-hour of the model\'s traffic costs on demand', () => {
    const [one, six] = renewal.terms;
    expect(one!.breakEvenUtilisation).toBeCloseTo(55 / onDemandPerUnitHour, 3);
    expect(six!.breakEvenUtilisation).toBeCloseTo(48 / onDemandPerUnitHour, 3);
  });

  it('projects the steady load: utilisation P10 <= P50 <= P90 near the window\'s mean, lapse near the window\'s on-demand cost scaled to the term', () => {
    for (const term of renewal.terms) {
      for (const o of term.options) {
        if (o.utilisation) {
          expect(o.utilisation.p10).toBeLessThanOrEqual(o.utilisation.p50);
          expect(o.utilisation.p50).toBeLessThanOrEqual(o.utilisation.p90);
          // No hour needs more than one unit here, so the units serve the whole load.
          expect(o.utilisation.p50).toBeGreaterThan((meanUnitLoad / o.units) * 0.97);
          expect(o.utilisation.p50).toBeLessThan((meanUnitLoad / o.units) * 1.03);
        }
        expect(o.termCost!.p10.lessThanOrEqualTo(o.termCost!.p50)).toBe(true);
        expect(o.termCost!.p50.lessThanOrEqualTo(o.termCost!.p90)).toBe(true);
      }
      const lapse = term.options.find((o) => o.choice === 'lapse-to-on-demand')!;
      const expected = onDemandWindowCost.times(term.termHours).dividedBy(windowHours).toNumber();
      expect(lapse.termCost!.p50.toNumber()).toBeGreaterThan(expected * 0.97);
      expect(lapse.termCost!.p50.toNumber()).toBeLessThan(expected * 1.03);
    }
  });

  it('advises renewing at 1 unit for 6 months: 2 units likely fall below break-even, 1 unit well above it', () => {
    const six = renewal.terms[1]!;
    const renew = six.options.find((o) => o.choice === 'renew')!;
    const fewer = six.options.find((o) => o.choice === 'renew-fewer-units')!;
    // 2 units: about 40 % used against a 44 % break-even; 1 unit: about 80 % used.
    expect(meanUnitLoad / 2).toBeLessThan(48 / onDemandPerUnitHour);
    expect(renew.belowBreakEvenProbability).toBe(1);
    expect(fewer.units).toBe(1);
    expect(fewer.belowBreakEvenProbability).toBe(0);
    // 1 unit for 6 months: 48 x 4,368 = $209,664, below on demand over the same term.
    expect(fewer.termCost!.p50.toString()).toBe(String(48 * 4368));
    expect(renewal.advice).toMatchObject({ choice: 'renew-fewer-units', term: 'sixMonth', units: 1 });
    expect(renewal.advice.reasons.map((r) => r.code)).toEqual(['likely-below-break-even', 'fewer-units-cheaper']);
    expect(renewal.advice.nextSteps).toEqual([
      { kind: 'aws-cli', service: 'bedrock', operation: 'create-provisioned-model-throughput', args: { 'model-id': 'amazon.nova-2-lite-v1:0:256k', 'model-units': 1, 'commitment-duration': 'SixMonths', 'provisioned-model-name': '<name>' } },
      { kind: 'instruction', text: { says: 'point-callers-at-new-arn' } },
      { kind: 'aws-cli', service: 'bedrock', operation: 'delete-provisioned-model-throughput', args: { 'provisioned-model-id': SAMPLE_PROVISIONED_ARN }, notBefore: '2026-12-05' },
    ]);
  });

  it('for a commitment that has already ended, starts the new term at the run, not on the day gone', () => {
    // The sample's commitment ends 2026-12-05 09:30; a run five days later can only buy a term from then.
    const later = analyze(snapshot, catalog, { now: new Date('2026-12-10T12:15:00.000Z'), forecast: {} });
    const ended = later.provisionedThroughputs.find((p) => p.provisionedModelArn === SAMPLE_PROVISIONED_ARN)!;
    expect(ended.daysToExpiry).toBe(-6); // floor(-5.11 days)
    expect(ended.renewal!.termStart).toBe('2026-12-10T13:00:00.000Z'); // 12:15 rounded up to its hour
    expect(ended.renewal!.advice.nextSteps.at(-1)).toMatchObject({ operation: 'delete-provisioned-model-throughput', notBefore: '2026-12-10' });
  });

  it('is left out when the analysis does not forecast, and for a commitment outside the expiry window', () => {
    expect(analyze(snapshot, catalog, { now: new Date(SAMPLE_END) }).provisionedThroughputs[0]!.renewal).toBeUndefined();
    expect(analyze(snapshot, catalog, { now: new Date(SAMPLE_END), forecast: {}, expiryWarningDays: 7 }).provisionedThroughputs[0]!.renewal).toBeUndefined();
  });
});

describe('renewalAgainstForecast', () => {
  const start = Date.parse('2026-03-02T00:00:00Z') / 1000; // a Monday
  const days = 28;
  /** A throughput's traffic: `unitsPerHour` of a 1,000/100 TPM unit every hour, on input and output alike. */
  function traffic(unitsPerHour: (hour: number) => number): ModelUsage[] {
    const hours = days * 24;
    const input = new Float64Array(hours);
    const output = new Float64Array(hours);
    for (let h = 0; h < hours; h++) {
      input[h] = Math.round(unitsPerHour(h) * 1_000 * 60);
      output[h] = Math.round(unitsPerHour(h) * 100 * 60);
    }
    return [{ modelId: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/x', region: 'us-east-1', segments: [{ periodSeconds: 3600, start, length: hours, metrics: { InputTokenCount: input, OutputTokenCount: output } }] }];
  }
  /** A book with only unit-hour prices, in dollars per term (a term left out is unpriced). */
  const unitHourBook = (perHour: Partial<Record<'oneMonth' | 'sixMonth', number>>): PriceBook => {
    const source = { id: 'test' } as PriceSource;
    const perModelUnitHour = Object.fromEntries(Object.entries(perHour).map(([term, usd]) => [term, { usd: new Decimal(usd), source }]));
    return new PriceBook(undefined, { perModelUnitHour } as Pick<ModelPrices, 'perModelUnitHour'> as ModelPrices);
  };
  const base = (series: ModelUsage[], cost: Decimal | null): RenewalInput => ({
    provisionedModelArn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/x', modelId: 'amazon.nova-pro-v1:0', modelUnits: 3,
    termStartsAt: new Date((start + (days + 10) * 86_400) * 1000).toISOString(),
    series, window: { start: new Date(start * 1000).toISOString(), end: new Date((start + days * 86_400) * 1000).toISOString() },
    unitCapacity: { inputTokensPerMinute: 1_000, outputTokensPerMinute: 100 },
    book: unitHourBook({ oneMonth: 20, sixMonth: 15 }),
    windowOnDemandCost: cost,
  });

  it('renews at its units when they are nearly full and a unit-hour on demand costs far more', () => {
    const series = traffic((h) => 2.9 + 0.05 * Math.sin(h));
    // $60 per unit-hour on demand: break-even 15 / 60 = 25 % at 6 months.
    const r = renewalAgainstForecast(base(series, new Decimal(60 * 2.9 * days * 24)))!;
    expect(r.terms[1]!.breakEvenUtilisation).toBeCloseTo(0.25, 2);
    expect(r.advice).toMatchObject({ choice: 'renew', term: 'sixMonth', units: 3 });
    expect(r.advice.reasons[0]!.code).toBe('likely-above-break-even');
  });

  it('lets an idle throughput lapse: on demand costs nothing for no traffic', () => {
    const r = renewalAgainstForecast(base(traffic(() => 0), new Decimal(0)))!;
    expect(r.terms[0]!.breakEvenUtilisation).toBeNull();
    expect(r.advice.choice).toBe('lapse-to-on-demand');
    expect(r.advice.nextSteps.at(-1)).toMatchObject({ operation: 'delete-provisioned-model-throughput' });
  });

  it('gives no choice when the traffic has no on-demand price, and leaves out a term without a unit price', () => {
    const input = { ...base(traffic(() => 1), null), book: unitHourBook({ sixMonth: 15 }) };
    const r = renewalAgainstForecast(input)!;
    expect(r.terms.map((t) => t.term)).toEqual(['sixMonth']);
    expect(r.advice).toEqual({ choice: null, reasons: [{ code: 'on-demand-unpriced' }], nextSteps: [] });
    expect(r.terms[0]!.options.every((o) => o.termCost === null)).toBe(true);
  });

  it('needs a week of history and a unit price', () => {
    const short = { ...base(traffic(() => 1), new Decimal(1)), window: { start: new Date(start * 1000).toISOString(), end: new Date((start + 5 * 86_400) * 1000).toISOString() } };
    expect(renewalAgainstForecast(short)).toBeUndefined();
    expect(renewalAgainstForecast({ ...base(traffic(() => 1), new Decimal(1)), book: unitHourBook({}) })).toBeUndefined();
  });
});
