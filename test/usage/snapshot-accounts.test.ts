import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeAccountSnapshots, splitAccountSnapshot, type CollectedAccounts } from '../../src/service/analyze-accounts.js';
import { parseSnapshot, serializeSnapshot } from '../../src/usage/snapshot.js';
import type { CountArray, ModelUsage, UsageSnapshot } from '../../src/usage/usage.js';
import { asReported } from '../../src/domain/notes.js';

/**
 * A snapshot of several accounts: what `mergeAccountSnapshots` saves, read back and split, is what
 * `collectAccounts` gave; a snapshot of one account is written and read as before; every account field
 * that is wrong is named with its file, line and path.
 */

const NOW = new Date('2026-11-20T00:00:00Z');
const HOUR = 3600;
const BASE = Date.parse('2026-11-01T00:00:00Z') / 1000;
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const NOVA = 'amazon.nova-micro-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const counts = (values: number[]): CountArray => (values.every((v) => v <= 0xffffffff) ? Uint32Array.from(values) : Float64Array.from(values));

function account(accountId: string, startHour: number, models: Array<{ modelId: string; region: string; start: number; values: number[] }>): CollectedAccounts['collected'][number] {
  return {
    account: { accountId },
    snapshot: {
      window: { start: iso(BASE + startHour * HOUR), end: iso(BASE + (startHour + 24) * HOUR), basis: { how: 'days-before-run', days: 1, hourly: false } },
      models: models.map((m) => ({ modelId: m.modelId, accountId, region: m.region, segments: [{ periodSeconds: 3600, start: m.start, length: m.values.length, metrics: { InputTokenCount: counts(m.values) } }] })),
      provisionedThroughputs: [],
      customModels: [],
      inferenceProfiles: [],
      foundationModels: [],
      errors: [],
    },
  };
}

/** A read from 00:00 with a provisioned throughput, B read an hour later with a failed Region, C not read. */
function example(): CollectedAccounts {
  const a = account(A, 0, [{ modelId: NOVA, region: 'us-east-1', start: BASE, values: [1_000_000, 3_000_000] }]);
  a.snapshot.provisionedThroughputs.push({ provisionedModelArn: `arn:aws:bedrock:us-east-1:${A}:provisioned-model/p`, provisionedModelName: 'p', region: 'us-east-1', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`, modelUnits: 1, status: 'InService' });
  const b = account(B, 1, [{ modelId: HAIKU, region: 'us-east-1', start: BASE + HOUR, values: [2_000_000] }]);
  b.snapshot.errors.push({ scope: 'region eu-west-1', message: asReported('usage collection failed: AccessDenied'), code: 'AccessDenied' });
  return { collected: [a, { ...b, account: { accountId: B, name: 'team-b' } }], failed: [{ accountId: C, name: 'sandbox', error: { scope: `account ${C}`, message: asReported('account not analysed: AccessDenied'), code: 'AccessDenied' } }] };
}

/** The lines of the example saved, each as an object, to spoil one and join them again. */
function savedLines(collected = example()): Array<Record<string, unknown>> {
  return serializeSnapshot(mergeAccountSnapshots(collected)).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}
const text = (lines: Array<Record<string, unknown>>) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const read = (lines: Array<Record<string, unknown>>) => parseSnapshot(text(lines), 'snap.jsonl', { now: NOW });
function rejection(lines: Array<Record<string, unknown>>): string {
  try {
    read(lines);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the snapshot to be rejected');
}
type Header = { accounts: Array<Record<string, unknown>>; provisionedThroughputs: Array<Record<string, unknown>>; errors: Array<Record<string, unknown>> };

describe('a usage snapshot of several accounts', () => {
  it('saved, read and split, gives back each account as collected, for any accounts', () => {
    const series = fc.record({
      modelId: fc.constantFrom(NOVA, HAIKU, 'meta.llama3-8b-instruct-v1:0'),
      region: fc.constantFrom('us-east-1', 'us-west-2'),
      offsetHours: fc.integer({ min: 0, max: 3 }),
      // Up to 2^40: counts above 2^32 are kept exactly (as Float64Array).
      values: fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 5 }),
    });
    const accountArb = fc.record({
      accountId: fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }).map(String),
      name: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
      failed: fc.boolean(),
      // Each account is read at its own moment: its window starts within two hours, to the millisecond.
      startMs: fc.integer({ min: 0, max: 2 * HOUR * 1000 }),
      series: fc.uniqueArray(series, { selector: (s) => `${s.modelId} ${s.region}`, maxLength: 3 }),
      withInventory: fc.boolean(),
      calls: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(accountArb, { selector: (a) => a.accountId, minLength: 1, maxLength: 5 }), (drawn) => {
        const [first, ...rest] = drawn;
        const accounts = [{ ...first!, failed: false }, ...rest];
        const given: CollectedAccounts = { collected: [], failed: [] };
        for (const a of accounts) {
          const ref = { accountId: a.accountId, ...(a.name ? { name: a.name } : {}) };
          if (a.failed) {
            given.failed.push({ ...ref, error: { scope: `account ${a.accountId}`, message: asReported('account not analysed: AccessDenied') } });
            continue;
          }
          const start = BASE + Math.ceil(a.startMs / 1000 / HOUR) * HOUR;
          const window = { start: new Date(BASE * 1000 + a.startMs).toISOString(), end: new Date((BASE + 24 * HOUR) * 1000 + a.startMs).toISOString() };
          const models: ModelUsage[] = a.series.map((s) => ({
            modelId: s.modelId, accountId: a.accountId, region: s.region,
            segments: [{ periodSeconds: 3600, start: start + s.offsetHours * HOUR, length: s.values.length, metrics: { InputTokenCount: counts(s.values) } }],
          }));
          const arn = (kind: string) => `arn:aws:bedrock:us-east-1:${a.accountId}:${kind}/x`;
          const snapshot: UsageSnapshot = {
            window, models,
            provisionedThroughputs: a.withInventory ? [{ provisionedModelArn: arn('provisioned-model'), provisionedModelName: 'x', region: 'us-east-1', modelArn: arn('custom-model'), modelUnits: 1, status: 'InService', commitmentDuration: 'OneMonth' }] : [],
            customModels: a.withInventory ? [{ modelArn: arn('custom-model'), modelName: 'x', region: 'us-east-1' }] : [],
            inferenceProfiles: a.withInventory ? [{ inferenceProfileArn: arn('application-inference-profile'), inferenceProfileId: 'x', region: 'us-east-1', type: 'APPLICATION', modelArns: [] }] : [],
            foundationModels: a.withInventory ? [{ modelId: NOVA, region: 'us-east-1', lifecycleStatus: 'ACTIVE' }] : [],
            errors: a.withInventory ? [{ scope: 'region eu-west-1', message: asReported('usage collection failed') }] : [],
            ...(a.calls ? { collection: { listMetricsCalls: 1, getMetricDataCalls: a.calls, metricsRequested: a.calls, datapoints: 0, estimatedCostUsd: '0.01' } } : {}),
          };
          given.collected.push({ account: ref, snapshot });
        }

        const replayed = splitAccountSnapshot(parseSnapshot(serializeSnapshot(mergeAccountSnapshots(given)), 'p.jsonl', { now: NOW }));

        // The reader orders series by Region then model; otherwise each account comes back as it went in.
        const byRegionThenModel = (x: ModelUsage, y: ModelUsage) => x.region.localeCompare(y.region) || x.modelId.localeCompare(y.modelId);
        expect(replayed).toEqual({ ...given, collected: given.collected.map((c) => ({ ...c, snapshot: { ...c.snapshot, models: [...c.snapshot.models].sort(byRegionThenModel) } })) });
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the accounts apart when the same model runs in two of them', () => {
    const snapshot = read(savedLines({ collected: [account(A, 0, [{ modelId: NOVA, region: 'us-east-1', start: BASE, values: [5] }]), account(B, 0, [{ modelId: NOVA, region: 'us-east-1', start: BASE, values: [7] }])], failed: [] }));
    // Two series, not one of 12 tokens: same model, same Region, same hour, two accounts.
    expect(snapshot.models.map((m) => [m.accountId, m.segments[0]!.metrics.InputTokenCount![0]])).toEqual([[A, 5], [B, 7]]);
  });

  it('gives every account the window given with --start/--end, instead of its own', () => {
    const window = { start: BASE, end: BASE + 48 * HOUR };
    const split = splitAccountSnapshot(parseSnapshot(text(savedLines()), 'snap.jsonl', { now: NOW, window }))!;
    const expected = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z', basis: { how: 'given' } };
    expect(split.collected.map((c) => c.snapshot.window)).toEqual([expected, expected]);
  });
});

describe("a snapshot's window basis", () => {
  const header = (basis: unknown) => [
    JSON.stringify({ format: 'bedrock-cost-advisor/usage-snapshot@2', window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T02:00:00.000Z', basis }, provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] }),
    '',
  ].join('\n');

  it('is stored as a code with its figures, and read back as the same data', () => {
    const basis = { how: 'days-before-run', days: 15, hourly: false, trim: { minutes: 10, retentionDays: 15, periodMinutes: 1 } } as const;
    const written = serializeSnapshot({ ...parseSnapshot(header(basis), 'a.jsonl', { now: NOW }), window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T02:00:00.000Z', basis } });
    expect(written.split('\n')[0]).toContain('"basis":{"how":"days-before-run","days":15,"hourly":false,"trim":{"minutes":10,"retentionDays":15,"periodMinutes":1}}');
    expect(parseSnapshot(written, 'a.jsonl', { now: NOW }).window.basis).toEqual(basis);
  });

  it('written in words by an older version is kept as those words, and a code it does not know is refused naming the field', () => {
    expect(parseSnapshot(header('the 7 days before the run'), 'old.jsonl', { now: NOW }).window.basis).toEqual({ how: 'recorded', text: 'the 7 days before the run' });
    expect(() => parseSnapshot(header({ how: 'guessed' }), 'odd.jsonl', { now: NOW })).toThrow(/odd\.jsonl.*window.*basis/);
  });
});

describe('a usage snapshot of one account', () => {
  // Written by the tool before accounts existed: the same bytes are still written and read.
  const ONE_ACCOUNT = [
    '{"format":"bedrock-cost-advisor/usage-snapshot@2","window":{"start":"2026-11-01T00:00:00.000Z","end":"2026-11-01T02:00:00.000Z"},"provisionedThroughputs":[],"customModels":[],"inferenceProfiles":[],"errors":[{"scope":"region eu-west-1","message":"AccessDenied"}]}',
    '{"modelId":"amazon.nova-micro-v1:0","region":"us-east-1","periodSeconds":3600,"start":1793491200,"length":2,"metrics":{"InputTokenCount":[1000000,3000000]}}',
    '',
  ].join('\n');

  it('is read as before, has no accounts to split, and is written back byte for byte', () => {
    const snapshot = parseSnapshot(ONE_ACCOUNT, 'old.jsonl', { now: NOW });
    expect(snapshot.accounts).toBeUndefined();
    expect(snapshot.models[0]).not.toHaveProperty('accountId');
    expect(splitAccountSnapshot(snapshot)).toBeUndefined();
    expect(serializeSnapshot(snapshot)).toBe(ONE_ACCOUNT);
  });

  it('in the version 1 document is read as before, with no accounts', () => {
    const v1 = JSON.stringify({
      format: 'bedrock-cost-advisor/usage-snapshot@1',
      window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z' },
      models: [{ modelId: NOVA, region: 'us-east-1', segments: [{ periodSeconds: 3600, start: 1_793_491_200, length: 1, metrics: { InputTokenCount: [42] } }] }],
    });
    const snapshot = parseSnapshot(v1, 'v1.json', { now: NOW });
    expect(splitAccountSnapshot(snapshot)).toBeUndefined();
    expect(snapshot.models.map((m) => [m.modelId, m.accountId, m.segments[0]!.metrics.InputTokenCount![0]])).toEqual([[NOVA, undefined, 42]]);
  });

  it('refuses an account on anything when it lists no accounts, naming the field', () => {
    const [header, segment] = ONE_ACCOUNT.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    (header as Header).errors[0]!.accountId = A;
    expect(() => read([header!, segment!])).toThrow(`snap.jsonl:1: errors.0.accountId: ${A}: this snapshot has no "accounts" list, so nothing in it belongs to an account`);
    expect(() => read([JSON.parse(ONE_ACCOUNT.split('\n')[0]!) as Record<string, unknown>, { ...segment!, accountId: A }])).toThrow(
      `snap.jsonl:2: segment of ${NOVA} (us-east-1): accountId: ${A}: this snapshot has no "accounts" list`,
    );
  });
});

describe('a usage snapshot of several accounts that is wrong', () => {
  // Line 1 is the header; lines 2 and 3 are A's Nova and B's Haiku segments (the writer's order).
  it.each<[string, (lines: Array<Record<string, unknown>>) => void, string]>([
    ['a segment line account that is not 12 digits', (l) => { l[1]!.accountId = '12345'; }, `snap.jsonl:2: segment of ${NOVA} (us-east-1): accountId: "12345": expected a 12-digit AWS account ID`],
    ['a segment line of an account that was not read', (l) => { l[2]!.accountId = C; }, `snap.jsonl:3: segment of ${HAIKU} (us-east-1): accountId: ${C} is not an account read (one in "accounts" without an error)`],
    ['a segment line of an account not listed', (l) => { l[2]!.accountId = '444444444444'; }, 'snap.jsonl:3: segment of anthropic.claude-3-haiku-20240307-v1:0 (us-east-1): accountId: 444444444444 is not an account read'],
    ['a segment line with no account', (l) => { delete l[1]!.accountId; }, `snap.jsonl:2: segment of ${NOVA} (us-east-1): accountId: missing: this snapshot lists several accounts, so everything in it names its account`],
    ['an account ID in the list that is not 12 digits', (l) => { (l[0] as Header).accounts[0]!.accountId = 'abc'; }, 'snap.jsonl:1: accounts.0.accountId: expected a 12-digit AWS account ID'],
    ['an account listed twice', (l) => { (l[0] as Header).accounts[1]!.accountId = A; }, `snap.jsonl:1: accounts.1.accountId: ${A} is listed twice`],
    ['a failed account with a window', (l) => { (l[0] as Header).accounts[2]!.window = { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' }; }, 'snap.jsonl:1: accounts.2: an account with an error was not read, so it has no window or collection'],
    ['an inventory item with no account', (l) => { delete (l[0] as Header).provisionedThroughputs[0]!.accountId; }, 'snap.jsonl:1: provisionedThroughputs.0.accountId: missing: this snapshot lists several accounts'],
    ['an error of an account that failed', (l) => { (l[0] as Header).errors[0]!.accountId = C; }, `snap.jsonl:1: errors.0.accountId: ${C} is not an account read`],
    ['accounts of which none was read', (l) => { for (const a of (l[0] as Header).accounts) { delete a.window; delete a.collection; a.error = { scope: 'account', message: 'x' }; } }, 'snap.jsonl:1: accounts: no account in it was read (each has an error): nothing to analyse'],
    ['an account window in the future', (l) => { (l[0] as Header).accounts[0]!.window = { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' }; }, `snap.jsonl: account ${A}: window ends 2026-12-01T00:00:00.000Z, more than a day in the future`],
  ])('is refused, naming the file, line and field: %s', (_case, spoil, message) => {
    const lines = savedLines();
    spoil(lines);
    expect(rejection(lines)).toContain(message);
  });

  it('is refused when a segment lies in the snapshot window but outside its own account\'s', () => {
    // A's window is 00:00 to 24:00 on 1 November and B's 01:00 to 25:00: the snapshot's is their union,
    // so B's segment moved to 00:00 is inside the snapshot window and outside B's.
    const lines = savedLines();
    lines[2]!.start = BASE;
    expect(rejection(lines)).toBe(`snap.jsonl:3: segment of ${HAIKU} (us-east-1, account ${B}) covers 2026-11-01T00:00:00.000Z to 2026-11-01T01:00:00.000Z, outside account ${B}'s window 2026-11-01T01:00:00.000Z to 2026-11-02T01:00:00.000Z`);
  });
});
