import { describe, expect, it } from 'vitest';
import { asReported } from '../../src/domain/notes.js';
import { adviceText } from '../../src/report/advice-text.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { longContextThresholds } from '../../src/logs/logs-sql.js';
import { readInvocationLogs } from '../../src/logs/read-invocation-logs.js';
import { snapshotFromLogs } from '../../src/logs/logs-snapshot.js';
import { checkedPartial, decodePartial, encodePartial, logInventoryOf, mergedLogInventory, type FanOutInput, type FanOutRun, type PartialReport } from '../../src/service/fan-out.js';
import { settleFanOutReport } from '../../src/service/fan-out-settle.js';
import type { InferenceProfileInfo, UsageSnapshot } from '../../src/usage/usage.js';
import { ACCOUNT, logRecord, SONNET_45, writeLogFolder } from '../logs/log-fixture.js';

/**
 * The fan-out's aggregator reads invocation logs that name a request's model as it was invoked: an
 * application inference profile's ARN, where CloudWatch (the workers' usage) names the model. The
 * workers' partials carry their inventories, so the aggregator matches the two as the CLI does.
 */
const catalog = PriceCatalog.bundled();
const PROFILE_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/a1b2c3d4e5f6`;
const profile: InferenceProfileInfo = {
  inferenceProfileArn: PROFILE_ARN,
  inferenceProfileId: 'a1b2c3d4e5f6',
  inferenceProfileName: 'team-search',
  region: 'us-east-1',
  type: 'APPLICATION',
  modelArns: [`arn:aws:bedrock:us-east-1::foundation-model/${SONNET_45}`],
};
const systemProfile: InferenceProfileInfo = { inferenceProfileArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${SONNET_45}`, inferenceProfileId: `us.${SONNET_45}`, region: 'us-east-1', type: 'SYSTEM_DEFINED', modelArns: [] };
const run: FanOutRun = { period: '2026-W45', now: '2026-11-03T00:00:00Z', days: 1, bucket: 'runs', prefix: 'runs/2026-W45/', mode: 'own-account', account: ACCOUNT };
const item = { accountId: ACCOUNT, region: 'us-east-1' };

/** Three requests through the profile; one above Sonnet 4.5's 200K threshold. */
const specs = [
  { requestId: 'r1', timestamp: '2026-11-02T10:01:00Z', input: 1_000, output: 100 },
  { requestId: 'r2', timestamp: '2026-11-02T10:02:00Z', input: 250_000, output: 100 },
  { requestId: 'r3', timestamp: '2026-11-02T11:30:00Z', input: 3_000, output: 300 },
];

/** The hourly rows the Athena query returns (every value text), from the logs naming the profile ARN. */
async function athenaRows(): Promise<Array<Record<string, string | null>>> {
  const { hours } = await readInvocationLogs(writeLogFolder(specs.map((s) => logRecord({ ...s, modelId: PROFILE_ARN }))), { longContextThresholds: longContextThresholds() });
  return hours.map((h) => ({
    kind: 'hour', hour: h.hour, account_id: h.accountId, region: h.region, model_id: h.modelId, caller: h.caller, tags: JSON.stringify(h.tags),
    long_context_band: String(h.longContextBand), tier: h.tier, inference_region: h.inferenceRegion, streaming: h.streaming ? '1' : '0', errored: h.errored ? '1' : '0',
    requests: String(h.requests), active_minutes: String(h.activeMinutes), input_tokens: String(h.inputTokens), cache_read_tokens: String(h.cacheReadTokens),
    cache_write_5m_tokens: String(h.cacheWrite5mTokens), cache_write_1h_tokens: String(h.cacheWrite1hTokens), cache_write_unsplit_tokens: String(h.cacheWriteUnsplitTokens),
    output_tokens: String(h.outputTokens), all_input_squared: String(h.allInputSquared), duplicates: '0', file: null, bad_field: null,
  }));
}

/** The worker's partial: the same requests as CloudWatch sums them, under the model's own ID, and the item's inventory. */
async function workerPartial(inventory: boolean): Promise<PartialReport> {
  const { hours } = await readInvocationLogs(writeLogFolder(specs.map((s) => logRecord(s))), { longContextThresholds: longContextThresholds() });
  const snapshot: UsageSnapshot = { ...snapshotFromLogs(hours), inferenceProfiles: [profile, systemProfile] };
  return { item, status: 'analysed', report: analyze(snapshot, catalog, { now: new Date(run.now), account: ACCOUNT }), ...(inventory ? { inventory: logInventoryOf(snapshot) } : {}) };
}

const input: FanOutInput = {
  run, itemsKey: 'items', resultsPrefix: 'results/',
  athena: { workGroup: 'primary', outputLocation: 's3://results/', logs: { database: 'logs', table: 'invocations', query: 'SELECT 1' } },
  logsQuery: { queryExecutionId: 'q-1' },
};

async function settled(partial: PartialReport, withInventory: boolean) {
  // As the aggregator has it: read back from the stored partial.
  const report = (decodePartial(encodePartial(partial, run)) as Extract<PartialReport, { status: 'analysed' }>).report;
  const rows = await athenaRows();
  await settleFanOutReport(report, input, [item], { catalog, queryResults: () => ({ rows: async () => rows }), ...(withInventory ? { inventory: mergedLogInventory([partial, undefined]) } : {}) });
  return report;
}

describe('the fan-out aggregator and invocation logs under an application inference profile', () => {
  it("matches the profile's requests to its model line through the partials' inventory, as the CLI does", async () => {
    const report = await settled(await workerPartial(true), true);
    expect(report.errors).toEqual([]);
    const model = report.models.find((m) => m.modelId === SONNET_45)!;
    expect(model.requests).toMatchObject({ requests: 3, longContextRequests: 1 });
    expect(report.invocationLogs!.unresolved).toEqual([]);
    expect(report.warnings ?? []).not.toContainEqual(expect.stringMatching(/model line\(s\) the usage does not/));
  });

  it('without the inventory, leaves them unresolved and unpriced on no model line, and says so', async () => {
    const report = await settled(await workerPartial(true), false);
    expect(report.models.find((m) => m.modelId === SONNET_45)!.requests).toBeUndefined();
    expect(report.invocationLogs!.unresolved).toEqual([{ modelId: PROFILE_ARN, region: 'us-east-1', requests: 3, reason: { says: 'profile-unresolved' } }]);
  });
});

describe('the inventory a partial carries', () => {
  it('holds application profiles, provisioned and custom models, not system profiles; merged, each ARN once', async () => {
    const partial = await workerPartial(true);
    expect((partial as { inventory?: unknown }).inventory).toEqual({ provisionedThroughputs: [], customModels: [], inferenceProfiles: [profile] });
    const other = { ...partial, item: { accountId: ACCOUNT, region: 'us-west-2' } } as PartialReport;
    const failed: PartialReport = { item, status: 'failed', errors: [], why: asReported('denied') };
    expect(mergedLogInventory([partial, other, failed, undefined]).inferenceProfiles).toEqual([profile]);
  });

  it('is checked when the partial is read: a malformed inventory makes the item a named failure', async () => {
    const partial = await workerPartial(true);
    const good = checkedPartial(encodePartial(partial, run), run, item);
    expect(good.status).toBe('analysed');
    const bad = checkedPartial(encodePartial({ ...partial, inventory: { inferenceProfiles: 'x' } } as unknown as PartialReport, run), run, item);
    expect(bad.status).toBe('failed');
    expect(adviceText((bad as Extract<PartialReport, { status: 'failed' }>).why)).toMatch(/is not a partial report/);
  });
});
