import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AccountAccessError } from '../../src/aws/account-targets.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { groupUsage } from '../../src/engine.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { toExactStrings } from '../fixtures/exact-json.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import { digestSubject, renderEmailDigest } from '../../src/report/email.js';
import { sumMoney } from '../../src/money.js';
import { AccountCollectionError } from '../../src/service/analyze-account.js';
import { runAccountsAnalysis } from '../../src/service/analyze-accounts.js';
import type { AccountRef, RegionSources, UsageSource } from '../../src/service/ports.js';
import type { ModelUsage, UsageSnapshot } from '../../src/usage/usage.js';

/**
 * Many accounts through the service's ports, with no AWS at all: each account's sources are plain
 * objects implementing `UsageSource` and `InventorySource`, as a newcomer's source would.
 */

const NOW = new Date('2026-06-01T00:00:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const catalog = PriceCatalog.bundled();

/** `tokens` input tokens of Claude 3 Haiku in one 1-hour point, an hour before NOW. */
function haiku(tokens: number, region = 'us-east-1'): ModelUsage {
  return { modelId: HAIKU, region, segments: [{ periodSeconds: 3600, start: NOW.getTime() / 1000 - 7200, length: 1, metrics: { InputTokenCount: Float64Array.of(tokens), OutputTokenCount: Float64Array.of(0) } }] };
}

const emptyInventory = { provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] };

function sourcesOf(usage: (region: string) => UsageSource['collect']): RegionSources {
  return { usage: (region) => ({ collect: usage(region) }), inventory: () => ({ read: async () => emptyInventory }) };
}

const denied = () => {
  const sdk = Object.assign(new Error('User is not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' });
  return new AccountAccessError(`cannot assume arn:aws:iam::${C}:role/BedrockCostAdvisorReadOnly in account ${C}: AccessDenied: User is not authorized to perform sts:AssumeRole`, C, { cause: sdk });
};

const byAccount: Record<string, RegionSources> = {
  [A]: sourcesOf((region) => async () => ({ models: region === 'us-east-1' ? [haiku(1_000_000)] : [] })),
  [B]: sourcesOf((region) => async () => ({ models: region === 'us-east-1' ? [haiku(2_000_000)] : [] })),
  [C]: sourcesOf(() => async () => { throw denied(); }),
};

function run(accounts: AccountRef[], publish = vi.fn(async (_report: AdvisorReport) => 'message-1')) {
  return {
    publish,
    result: runAccountsAnalysis(
      { regions: ['us-east-1', 'us-west-2'], days: 1, now: NOW },
      { accounts, sourcesFor: (a) => byAccount[a.accountId]!, catalog, publish: true, publisher: { publish } },
    ),
  };
}

describe('runAccountsAnalysis', () => {
  it('keeps the same model in two accounts apart, sums the organisation, names the failed account and publishes once', async () => {
    const { result, publish } = run([{ accountId: A, name: 'team-a' }, { accountId: B }, { accountId: C }]);
    const { report, published } = await result;

    expect(published).toBe('message-1');
    expect(publish).toHaveBeenCalledTimes(1);
    const haikuLines = report.models.filter((m) => m.modelId === HAIKU);
    expect(haikuLines.map((m) => m.accountId).sort()).toEqual([A, B]);
    // Window 24 h (days: 1). A: 1,000,000 x $0.00025/1k = $0.25 a day, x 730/24 = $7.6041666…
    // B: twice that, $15.2083333…; organisation 0.75 x 730 / 24 = $22.8125 exactly. C unknown, not $0.
    const accounts = report.accounts!;
    expect(accounts.map((a) => [a.accountId, a.name, a.pricedMonthlyCost?.toFixed(6) ?? null])).toEqual([
      [A, 'team-a', '7.604167'],
      [B, undefined, '15.208333'],
      [C, undefined, null],
    ]);
    expect(report.summary.pricedMonthlyCost.toFixed()).toBe('22.8125');
    expect(accounts[2]!.potentialMonthlySavings).toBeNull();
    // The failure is data (its code and the role's refusal); published, it reads as one line.
    expect(publishedReport(report).errors).toEqual([
      {
        scope: `account ${C}`,
        message: expect.stringMatching(/^account not analysed: cannot assume arn:aws:iam::333333333333:role\/BedrockCostAdvisorReadOnly .*AccessDenied.*\(every Region failed: us-east-1, us-west-2\)$/),
        code: 'AccessDenied',
      },
    ]);
    expect(accounts[2]!.errors).toEqual(report.errors);
    // The JSON form carries the null as null, never "0".
    const json = toExactStrings(report) as { accounts: Array<{ pricedMonthlyCost: unknown }> };
    expect(json.accounts[2]!.pricedMonthlyCost).toBeNull();
  });

  it('publishes nothing and keeps the cause when no account can be read', async () => {
    const { result, publish } = run([{ accountId: C }]);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountCollectionError);
    expect((error as Error).message).toMatch(/^no account could be read: account 333333333333: account not analysed: cannot assume/);
    expect((error as Error).cause).toBeInstanceOf(AccountCollectionError);
    expect(((error as Error).cause as Error).cause).toBeInstanceOf(AccountAccessError);
    expect(publish).not.toHaveBeenCalled();
  });

  it('reads an account listed twice once', async () => {
    const collect = vi.fn(async () => ({ models: [haiku(1_000_000)] }));
    const { report } = await runAccountsAnalysis(
      { regions: ['us-east-1'], days: 1, now: NOW },
      { accounts: [{ accountId: A }, { accountId: A }], sourcesFor: () => sourcesOf(() => collect), catalog, publish: false },
    );
    expect(collect).toHaveBeenCalledTimes(1);
    expect(report.accounts).toHaveLength(1);
  });
});

describe('groupUsage across accounts', () => {
  it('makes one line per account for the same model, Region and scope', () => {
    const snapshot: UsageSnapshot = {
      window: { start: '2026-05-31T00:00:00Z', end: NOW.toISOString() },
      models: [{ ...haiku(1), accountId: A }, { ...haiku(2), accountId: B }, { ...haiku(3), accountId: B }],
      provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [],
    };
    const { groups } = groupUsage(snapshot);
    expect(groups.map((g) => g.series.length).sort()).toEqual([1, 2]);
  });
});

describe('the organisation report', () => {
  it('shows a By account table in text, markdown and email, the failed account as not read', async () => {
    const { report } = await run([{ accountId: A, name: 'team-a' }, { accountId: B }, { accountId: C }]).result;
    const text = renderText(publishedReport(report));
    expect(text).toContain('By account');
    // $7.604166… and $15.208333… a month, rendered to the cent.
    // One plan each: the "keep as is" plan of its Haiku line, with no step (nothing saves enough at this volume).
    expect(text).toMatch(/111111111111\s+team-a\s+\$7\.60\s+\$0\.00\s+1\s+ok/);
    expect(text).toMatch(/222222222222\s+\$15\.21\s+\$0\.00\s+1\s+ok/);
    expect(text).toMatch(/333333333333\s+not read\s+not read\s+0\s+failed \(see Not analysed\)/);
    expect(renderMarkdown(publishedReport(report))).toContain('| 333333333333 |  | not read | not read | 0 | failed (see Not analysed) |');
    expect(renderEmailDigest(publishedReport(report))).toMatch(/BY ACCOUNT[\s\S]*333333333333\s+not read/);
  });

  it('names the accounts, not one of them, in the subject and first line of an organisation digest', async () => {
    const { report } = await run([{ accountId: A, name: 'team-a' }, { accountId: B }, { accountId: C }]).result;
    expect(report.account).toBeUndefined();
    expect(digestSubject(publishedReport(report))).toMatch(/\(3 accounts(, |\))/);
    expect(renderEmailDigest(publishedReport(report)).split('\n')[0]).toMatch(/, 3 accounts[,.]/);
    for (const id of [A, B, C]) expect(digestSubject(publishedReport(report))).not.toContain(id);
  });

  it('keeps the accounts adding up to the organisation, before and after rounding (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 4 }), async (tokens) => {
        const accounts = tokens.map((_, i) => ({ accountId: String(i + 1).repeat(12) }));
        const { report } = await runAccountsAnalysis(
          { regions: ['us-east-1'], days: 1, now: NOW },
          { accounts, sourcesFor: (a) => sourcesOf(() => async () => ({ models: [haiku(tokens[Number(a.accountId[0]) - 1]!)] })), catalog, publish: false },
        );
        const priced = report.accounts!.map((a) => a.pricedMonthlyCost!);
        expect(sumMoney(priced).equals(report.summary.pricedMonthlyCost)).toBe(true);
        const published = publishedReport(report);
        expect(sumMoney(published.accounts!.map((a) => a.pricedMonthlyCost!)).equals(published.summary.currentMonthlyCost)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('publishes JSON that validates against schema/report.schema.json, accounts and all', async () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
    const validate = ajv.compile(schema);
    const { report } = await run([{ accountId: A, name: 'team-a' }, { accountId: B }, { accountId: C }]).result;
    const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(report)))) as { accounts: Array<{ pricedMonthlyCost: string | null }> };
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    expect(json.accounts.map((a) => a.pricedMonthlyCost)).toEqual(['7.60', '15.21', null]);
  });
});
