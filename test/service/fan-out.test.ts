import fc from 'fast-check';
import { asReported } from '../../src/domain/notes.js';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { Money } from '../../src/money.js';
import { combineRegionReports } from '../../src/service/combine-reports.js';
import { toExactStrings } from '../fixtures/exact-json.js';
import { fromExactJson, toExactJson } from '../../src/report/report-codec.js';
import { AccountCollectionError } from '../../src/service/analyze-account.js';
import {
  MISSING_PARTIAL,
  analyseItem,
  decodePartial,
  encodePartial,
  executionName,
  itemsKey,
  mergePartials,
  planFanOut,
  pricesKey,
  runPrefix,
  startFanOut,
  type FanOutRun,
  type PartialReport,
  type RunStore,
} from '../../src/service/fan-out.js';
import type { RegionSources } from '../../src/service/ports.js';
import { sampleSnapshot } from '../../src/sample/sample.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';

/**
 * The fan-out's pure parts: items, the exact codec, the merge of partial reports, the idempotent
 * start. The whole flow over the wire is test/e2e/fanout.e2e.test.ts.
 */

const catalog = PriceCatalog.bundled();
const NOW = new Date('2026-11-23T00:00:00Z');

/** Every string in a snapshot with `from` replaced by `to`; typed arrays (the usage itself) kept as they are. */
function relabel<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (ArrayBuffer.isView(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => relabel(v, from, to)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relabel(v, from, to)])) as T;
}

/** The sample account in us-east-1 and, at twice the load, the same account's twin in us-west-2. */
function twoRegions(): { east: UsageSnapshot; west: UsageSnapshot; both: UsageSnapshot } {
  const east = sampleSnapshot();
  const west = relabel(sampleSnapshot({ loadScale: 2 }), 'us-east-1', 'us-west-2');
  const both: UsageSnapshot = {
    window: east.window,
    models: [...east.models, ...west.models],
    provisionedThroughputs: [...east.provisionedThroughputs, ...west.provisionedThroughputs],
    customModels: [...east.customModels, ...west.customModels],
    inferenceProfiles: [...east.inferenceProfiles, ...west.inferenceProfiles],
    foundationModels: [...(east.foundationModels ?? []), ...(west.foundationModels ?? [])],
    errors: [],
  };
  return { east, west, both };
}

describe('Regions analysed apart, then combined', () => {
  it('give the report one analysis of both Regions gives, to the last digit', () => {
    const { east, west, both } = twoRegions();
    const options = { now: NOW, account: '111122223333' };
    const whole = analyze(both, catalog, options);
    const combined = combineRegionReports([analyze(east, catalog, options), analyze(west, catalog, options)]);

    // Both Regions carry priced spend and plans, so the comparison is not between empty reports.
    expect(whole.models.filter((m) => m.region === 'us-west-2').length).toBeGreaterThan(3);
    expect(whole.plans!.some((p) => p.region === 'us-west-2')).toBe(true);
    expect(toExactStrings(combined)).toEqual(toExactStrings(whole));
  });

  it('refuses reports of different windows: their monthly scaling would not add up', () => {
    const { east, west } = twoRegions();
    const shifted = { ...west, window: { ...west.window, start: '2026-11-08T00:00:00.000Z' } };
    expect(() => combineRegionReports([analyze(east, catalog, { now: NOW }), analyze(shifted, catalog, { now: NOW })])).toThrow(/disagree on window/);
  });
});

describe('exact JSON for partial reports', () => {
  it('brings every Decimal back exactly, whatever its digits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }))), (values) => {
        const decimals = values.map(([digits, scale]) => new Money(digits.toString()).dividedBy(new Money(10).pow(scale)));
        const back = fromExactJson<{ list: Money[] }>(toExactJson({ list: decimals })).list;
        expect(back.map((d) => d.toString())).toEqual(decimals.map((d) => d.toString()));
        expect(back.every((d) => d instanceof Money)).toBe(true);
      }),
    );
  });

  it("round-trips the sample's report unchanged", () => {
    const report = analyze(sampleSnapshot(), catalog, { now: NOW });
    const partial: PartialReport = { item: { accountId: '111122223333', region: 'us-east-1' }, status: 'analysed', report };
    const back = decodePartial(encodePartial(partial, { period: '2026-W48', now: NOW.toISOString() }));
    expect(back.status).toBe('analysed');
    expect(toExactStrings((back as Extract<PartialReport, { status: 'analysed' }>).report)).toEqual(toExactStrings(report));
    // Exact, not rounded: a plan's savings keep every digit the engine computed.
    expect((back as Extract<PartialReport, { status: 'analysed' }>).report.plans![0]!.monthlySavings!.toString()).toBe(report.plans![0]!.monthlySavings!.toString());
  });
});

describe('fan-out items and names', () => {
  it('pairs each account once with each Region once, in the order given', () => {
    const items = planFanOut([{ accountId: '111111111111' }, { accountId: '222222222222', name: 'b' }, { accountId: '111111111111' }], ['us-east-1', 'eu-west-1', 'us-east-1']);
    expect(items).toEqual([
      { accountId: '111111111111', region: 'us-east-1' },
      { accountId: '111111111111', region: 'eu-west-1' },
      { accountId: '222222222222', name: 'b', region: 'us-east-1' },
      { accountId: '222222222222', name: 'b', region: 'eu-west-1' },
    ]);
  });

  it('names executions within Step Functions rules: 1-80 of letters, digits, - and _', () => {
    expect(executionName('2026-W48')).toBe('digest-2026-W48');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (period) => {
        expect(executionName(period)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      }),
    );
  });
});

const run: FanOutRun = { period: '2026-W48', now: NOW.toISOString(), days: 14, bucket: 'runs-bucket', prefix: runPrefix('2026-W48'), mode: 'organization' };

describe('merging partial reports', () => {
  const report = (region: string) => analyze(region === 'us-east-1' ? twoRegions().east : twoRegions().west, catalog, { now: NOW, account: '111111111111' });

  it('names a failed Region and a missing partial inside their account, and keeps the rest', () => {
    const items = planFanOut([{ accountId: '111111111111' }], ['us-east-1', 'us-west-2', 'eu-west-1']);
    const partials: Array<PartialReport | undefined> = [
      { item: items[0]!, status: 'analysed', report: report('us-east-1') },
      { item: items[1]!, status: 'failed', errors: [{ scope: 'region us-west-2', message: asReported('usage collection failed: AccessDenied'), code: 'AccessDenied' }], why: asReported('AccessDenied') },
      undefined,
    ];
    const merged = mergePartials(run, items, partials);
    expect(merged.accounts).toEqual([expect.objectContaining({ accountId: '111111111111', plans: report('us-east-1').plans!.length })]);
    expect(merged.errors).toEqual([
      { scope: 'account 111111111111 region us-west-2', message: asReported('usage collection failed: AccessDenied'), code: 'AccessDenied' },
      { scope: 'account 111111111111 region eu-west-1', message: MISSING_PARTIAL },
    ]);
    expect(merged.weekOverWeek).toBeUndefined();
  });

  it('fails the run when no account could be read, so nothing is published', () => {
    const items = planFanOut([{ accountId: '111111111111' }, { accountId: '222222222222' }], ['us-east-1']);
    expect(() => mergePartials(run, items, [undefined, { item: items[1]!, status: 'failed', errors: [{ scope: 'region us-east-1', message: asReported('x') }], why: asReported('denied') }])).toThrow(AccountCollectionError);
    expect(() => mergePartials({ ...run, mode: 'own-account' }, items.slice(0, 1), [undefined])).toThrow(/usage collection failed in every Region/);
  });

  it("reads an account's week over week only when every Region has its previous period", () => {
    const items = planFanOut([{ accountId: '111111111111' }], ['us-east-1', 'us-west-2']);
    const east = report('us-east-1');
    const west = report('us-west-2');
    const withPrevious = mergePartials({ ...run, mode: 'own-account' }, items, [
      { item: items[0]!, status: 'analysed', report: east, previous: east },
      { item: items[1]!, status: 'analysed', report: west, previous: west },
    ]);
    // The same usage both periods: no change, and both periods' spend is the two Regions' sum.
    expect(withPrevious.weekOverWeek?.spendChange.toString()).toBe('0');
    expect(withPrevious.weekOverWeek?.previousMonthlyCost.toString()).toBe(east.summary.pricedMonthlyCost.plus(west.summary.pricedMonthlyCost).toString());
    const without = mergePartials({ ...run, mode: 'own-account' }, items, [
      { item: items[0]!, status: 'analysed', report: east, previous: east },
      { item: items[1]!, status: 'analysed', report: west },
    ]);
    expect(without.weekOverWeek).toBeUndefined();
  });
});

/** The RunStore port over a Map, counting writes. */
function memoryStore(): RunStore & { objects: Map<string, string>; puts: number } {
  const objects = new Map<string, string>();
  return {
    objects,
    puts: 0,
    async put(key, body) {
      this.puts++;
      objects.set(key, body);
    },
    async get(key) {
      return objects.get(key);
    },
  };
}

describe('starting the fan-out', () => {
  it('writes prices and items once and starts one execution per period, however often it is retried', async () => {
    const store = memoryStore();
    const started = new Map<string, string>();
    const starter = {
      async start(name: string, input: string) {
        const earlier = started.get(name);
        if (earlier === undefined) started.set(name, input);
        return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:m:${name}`, alreadyStarted: earlier !== undefined && earlier !== input };
      },
    };
    const items = planFanOut([{ accountId: '111111111111' }], ['us-east-1']);
    const prices = { origin: catalog.origin, notes: [] };
    await startFanOut({ run, items, prices }, { store, starter });
    const retried = await startFanOut({ run: { ...run, now: '2026-11-23T01:00:00.000Z' }, items: [...items, ...items], prices }, { store, starter });

    expect(store.puts).toBe(2);
    expect(JSON.parse(store.objects.get(itemsKey(run))!)).toEqual(items);
    expect(store.objects.has(pricesKey(run))).toBe(true);
    expect([...started.keys()]).toEqual(['digest-2026-W48']);
    expect(retried.alreadyStarted).toBe(true);
  });
});

describe('one item', () => {
  it('is a failed partial, naming its Region, when the Region cannot be read', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:ListMetrics'), { name: 'AccessDenied' });
    const sources: RegionSources = {
      usage: () => ({ collect: async () => Promise.reject(denied) }),
      inventory: () => ({ read: async () => Promise.reject(denied) }),
    };
    const partial = await analyseItem({ run, item: { accountId: '111111111111', region: 'eu-west-1' } }, { sources, catalog });
    expect(partial).toMatchObject({ status: 'failed', code: 'AccessDenied', why: { says: 'as-reported', text: 'User is not authorized to perform: cloudwatch:ListMetrics' } });
    expect((partial as Extract<PartialReport, { status: 'failed' }>).errors[0]).toMatchObject({ scope: 'region eu-west-1', code: 'AccessDenied' });
  });

  it("asks its collector for the run's long hourly read (FORECAST_HISTORY_DAYS), once, and none when the run has none", async () => {
    const asked: Array<number | undefined> = [];
    const sources: RegionSources = {
      usage: () => ({ collect: async (request) => { asked.push(request.historyDays); return { models: [] }; } }),
      inventory: () => ({ read: async () => ({ provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] }) }),
    };
    await analyseItem({ run: { ...run, historyDays: 90 }, item: { accountId: '111111111111', region: 'eu-west-1' } }, { sources, catalog });
    // This period's collection carries it; the period before (week over week) does not read it again.
    expect(asked.filter((d) => d !== undefined)).toEqual([90]);
    asked.length = 0;
    await analyseItem({ run, item: { accountId: '111111111111', region: 'eu-west-1' } }, { sources, catalog });
    expect(asked.filter((d) => d !== undefined)).toEqual([]);
  });
});
