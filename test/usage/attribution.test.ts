import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { main } from '../../src/cli/main.js';
import { analyze } from '../../src/engine.js';
import { publishedReport } from '../../src/report/published.js';
import { UnitSizer, buildLoadProfile, type LoadProfile } from '../../src/replay/load-profile.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_READ_ON, testClock } from '../fixtures/clock.js';

const REGION = 'us-east-1';
const START = Date.parse('2026-11-01T00:00:00Z') / 1000;
const WINDOW = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' };
const CUSTOM_ARN = `arn:aws:bedrock:${REGION}:111122223333:custom-model/amazon.nova-micro-v1:0:128k/abc123`;

/** A fictional catalog: Nova Micro with Custom Model on-Demand rates. */
function catalog(): PriceCatalog {
  return PriceCatalog.fromDocument({
    schemaVersion: 2, currency: 'USD', asOf: '2026-11-01',
    sources: { s: { title: 'test prices (fictional)', url: 'https://example.invalid', readOn: '2026-11-01', reliability: 'PL' } },
    models: [{ modelId: 'amazon.nova-micro-v1:0', name: 'Nova Micro', provider: 'Amazon', modality: 'text', aliases: ['nova-micro'] }],
    prices: [{ model: 'amazon.nova-micro-v1:0', region: REGION, scope: 'in-region', source: 's', perThousandTokens: { input: '0.001', output: '0.004', customModelInput: '0.002', customModelOutput: '0.008' } }],
  }, 'test catalog');
}

function snapshot(series: Array<{ modelId: string; input: number; output: number; minute?: number }>, extra: Partial<UsageSnapshot> = {}): UsageSnapshot {
  const builder = new UsageBuilder();
  for (const s of series) {
    const timestamp = START + (s.minute ?? 0) * 60;
    builder.add({ region: REGION, modelId: s.modelId, metric: 'InputTokenCount', timestamp, periodSeconds: 60, value: s.input });
    builder.add({ region: REGION, modelId: s.modelId, metric: 'OutputTokenCount', timestamp, periodSeconds: 60, value: s.output });
  }
  return { window: WINDOW, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [], ...extra };
}

describe('custom-model usage', () => {
  it('gets its own line, priced at the base model\'s Custom Model on-Demand rates', () => {
    const report = analyze(snapshot([{ modelId: CUSTOM_ARN, input: 1_000_000, output: 100_000 }], {
      customModels: [{ modelArn: CUSTOM_ARN, modelName: 'support-tone', region: REGION, baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-micro-v1:0:128k` }],
    }), catalog(), { now: new Date('2026-11-02T00:00:00Z') });
    const line = report.models.find((m) => m.modelId === CUSTOM_ARN)!;
    expect(line.usage).toMatchObject({ inputTokens: 1_000_000, outputTokens: 100_000 });
    // 1,000 x $0.002 + 100 x $0.008 = $2.80 over 24 hours; x 730 / 24 = $85.166…
    expect(line.scenarios[0]!.cost!.toFixed(2)).toBe('2.80');
    expect(line.currentMonthlyCost!.toFixed(4)).toBe('85.1667');
    expect(line.name).toBe('custom model support-tone (from amazon.nova-micro-v1:0)');
    // …and the custom-model review sees its invocations' owner: the usage is not folded into Nova Micro.
    expect(report.models.some((m) => m.modelId === 'amazon.nova-micro-v1:0')).toBe(false);
  });

  it('is reported as unpriced, never dropped, when the model is not in the inventory', () => {
    const report = analyze(snapshot([{ modelId: CUSTOM_ARN, input: 5, output: 5 }]), catalog(), { now: new Date('2026-11-02T00:00:00Z') });
    expect(report.unpriced).toEqual([expect.objectContaining({ modelId: CUSTOM_ARN, reason: { says: 'custom-not-in-inventory', name: 'custom model', modelArn: CUSTOM_ARN } })]);
    expect(publishedReport(report).unpriced).toEqual([expect.objectContaining({ modelId: CUSTOM_ARN, reason: expect.stringContaining('not in the Bedrock inventory') })]);
    expect(report.models.find((m) => m.modelId === CUSTOM_ARN)!.usage.inputTokens).toBe(5);
  });
});

describe('rates-file keys', () => {
  it('are normalised like usage keys, and a key matching no model seen is warned about by name', () => {
    const rates = {
      rates: [
        { model: 'us.amazon.nova-micro-v1:0', region: REGION, onDemand: { input: '0.0005', output: '0.002' } },
        { model: 'amazon.nova-micor-v1:0', region: REGION, onDemand: { input: '0.0001' } },
      ],
    };
    const report = analyze(snapshot([{ modelId: 'nova-micro', input: 1_000_000, output: 0 }]), catalog().withRates(rates, 'my-rates.json', TEST_READ_ON), { now: new Date('2026-11-02T00:00:00Z') });
    const line = report.models.find((m) => m.modelId === 'amazon.nova-micro-v1:0')!;
    // The profile-ID key priced the bare-ID usage: 1,000 x $0.0005 = $0.50.
    expect(line.scenarios[0]!.cost!.toFixed(2)).toBe('0.50');
    expect(publishedReport(report).warnings).toEqual([
      'my-rates.json: rates[1] model "amazon.nova-micor-v1:0" in us-east-1 matches no model in the usage or inventory; check the spelling and Region',
    ]);
  });
});

describe('one model under several IDs', () => {
  it('merges to the same profile as the summed series under one ID', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ minute: fc.integer({ min: 0, max: 200 }), a: fc.nat(10_000), b: fc.nat(10_000) }), { minLength: 1, maxLength: 40 }), (points) => {
        const byMinute = new Map<number, { minute: number; a: number; b: number }>();
        for (const p of points) byMinute.set(p.minute, p);
        const two = snapshot([...byMinute.values()].flatMap((p) => [
          { modelId: 'amazon.nova-micro-v1:0', input: p.a, output: 0, minute: p.minute },
          { modelId: 'us.amazon.nova-micro-v1:0', input: p.b, output: 0, minute: p.minute },
        ]));
        const one = snapshot([...byMinute.values()].map((p) => ({ modelId: 'amazon.nova-micro-v1:0', input: p.a + p.b, output: 0, minute: p.minute })));
        const merged = buildLoadProfile(two.models);
        const single = buildLoadProfile(one.models);
        expect(Array.from(merged.inputPerMinute)).toEqual(Array.from(single.inputPerMinute));
        expect(merged.totals).toEqual(single.totals);
        expect(Array.from(merged.hourlyTokensDescending)).toEqual(Array.from(single.hourlyTokensDescending));
      }),
      { numRuns: 100 },
    );
  });
});

describe('UnitSizer', () => {
  /** The definition, one point and one unit count at a time: what the grouped sums must equal. */
  function naive(profile: LoadProfile, cap: { inputTokensPerMinute: number; outputTokensPerMinute: number }, k: number): number {
    let overflow = 0;
    for (let i = 0; i < profile.inputPerMinute.length; i++) {
      const tokens = profile.inputPerMinute[i]! * profile.minutes[i]!;
      const need = Math.max(profile.inputPerMinute[i]! / cap.inputTokensPerMinute, profile.outputPerMinute[i]! / cap.outputTokensPerMinute);
      if (need > k + 1e-9) overflow += tokens - (k * tokens) / need;
    }
    return Math.max(0, Math.round(overflow));
  }

  it('prices any unit count as the per-point definition does, for small and huge unit counts alike', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ input: fc.nat(5_000_000), output: fc.nat(500_000) }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 100, 1_000_000),
        (points, divisor) => {
          const s = snapshot(points.map((p, minute) => ({ modelId: 'm', input: p.input, output: p.output, minute })));
          const profile = buildLoadProfile(s.models);
          // Capacity 1,000,000 / divisor: the same load needs up to 5 units, or 5 million.
          const cap = { inputTokensPerMinute: 1_000_000 / divisor, outputTokensPerMinute: 100_000 / divisor };
          const sizer = new UnitSizer(profile, cap);
          for (const k of [0, 1, Math.floor(sizer.unitsForPeak / 2), sizer.unitsForPeak - 1, sizer.unitsForPeak]) {
            if (k < 0) continue;
            expect(Math.abs(sizer.evaluate(k, 1440).overflowInputTokens - naive(profile, cap, k))).toBeLessThanOrEqual(1);
          }
          expect(sizer.evaluate(sizer.unitsForPeak, 1440).overflowInputTokens).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('CLI: hostile CSV input', () => {
  it('exits 2 with file:line for each bad timestamp, and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-hostile-'));
    const path = join(dir, 'hostile.csv');
    writeFileSync(path, ['timestamp,region,modelId,metric,value', '1970-01-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '9999-12-31T23:59:00Z,us-east-1,m,InputTokenCount,1', '1970-01-01T00:01:00Z,us-east-1,m,InputTokenCount,1'].join('\n'));
    let stderr = '';
    const code = await main(['analyze', '--input', path], { clock: testClock, stdout: () => {}, stderr: (t) => { stderr += t; } });
    expect(code).toBe(2);
    expect(stderr).toContain(`${path}:2: timestamp "1970-01-01T00:00:00Z" is before 2023`);
    expect(stderr).toContain(`${path}:3: timestamp "9999-12-31T23:59:00Z" is more than a day in the future`);
    expect(stderr).toContain(`${path}:4: timestamp "1970-01-01T00:01:00Z" is before 2023`);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 naming both lines of a duplicate, and rejects --start without --end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-hostile-'));
    const path = join(dir, 'dup.csv');
    writeFileSync(path, ['timestamp,region,modelId,metric,value', '2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1', '2026-11-01T00:00:00Z,us-east-1,m,InputTokenCount,1'].join('\n'));
    let stderr = '';
    const io = { clock: testClock, stdout: () => {}, stderr: (t: string) => { stderr += t; } };
    expect(await main(['analyze', '--input', path], io)).toBe(2);
    expect(stderr).toContain(`${path}:3: duplicate InputTokenCount for m (us-east-1) at 2026-11-01T00:00:00.000Z, already given at ${path}:2`);
    expect(await main(['analyze', '--input', path, '--start', '2026-11-01'], io)).toBe(2);
    expect(stderr).toContain('give both --start and --end');
  });
});

describe('CLI: rates keys and windows', () => {
  it('warns on stderr, by name, about a rates key no usage matches, and still exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-rates-'));
    const csv = join(dir, 'u.csv');
    writeFileSync(csv, ['timestamp,region,modelId,metric,value', '2026-11-01T00:00:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000', '2026-11-01T00:01:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000'].join('\n'));
    const rates = join(dir, 'rates.json');
    writeFileSync(rates, JSON.stringify({ rates: [{ model: 'amazon.nova-micor-v1:0', region: 'us-east-1', onDemand: { input: '0.0001' } }] }));
    let stderr = '';
    const code = await main(['analyze', '--input', csv, '--rates', rates], { clock: testClock, stdout: () => {}, stderr: (t) => { stderr += t; } });
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: ${rates}: rates[0] model "amazon.nova-micor-v1:0" in us-east-1 matches no model in the usage or inventory`);
  });

  it('analyses exactly --start to --end, and rejects rows outside it by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bca-window-'));
    const csv = join(dir, 'u.csv');
    writeFileSync(csv, ['timestamp,region,modelId,metric,value', '2026-11-01T00:00:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000', '2026-11-02T00:00:00Z,us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000'].join('\n'));
    let stdout = '';
    let stderr = '';
    const io = { clock: testClock, stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; } };
    expect(await main(['analyze', '--input', csv, '--start', '2026-11-01', '--end', '2026-11-03', '--format', 'json'], io)).toBe(0);
    // Two days as given, not [first timestamp, last + 60 s] (24 h 1 min).
    expect(JSON.parse(stdout).window).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z', hours: 48, basis: 'as given (--start/--end)' });
    expect(await main(['analyze', '--input', csv, '--start', '2026-11-01', '--end', '2026-11-02'], io)).toBe(2);
    expect(stderr).toContain(`${csv}:3: timestamp "2026-11-02T00:00:00Z" is outside the window 2026-11-01T00:00:00.000Z to 2026-11-02T00:00:00.000Z`);
  });
});
