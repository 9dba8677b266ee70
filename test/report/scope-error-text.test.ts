import { describe, expect, it } from 'vitest';
import { asReported, type ScopeProblem } from '../../src/domain/notes.js';
import { noteText } from '../../src/report/advice-text.js';
import { parseSnapshot, serializeSnapshot } from '../../src/usage/snapshot.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { TEST_NOW } from '../fixtures/clock.js';

/**
 * Why a Region, account or source was not read is data (a code, its figures, the cause's own message);
 * src/report/advice-text.ts words it once. The sentences below are the ones the service composed
 * before (issue 16, item 2), written out here by hand: the published words did not change.
 */
describe('scope errors are worded in src/report/', () => {
  const cases: Array<[ScopeProblem, string]> = [
    [{ says: 'usage-failed', cause: 'AccessDenied: no' }, 'usage collection failed: AccessDenied: no'],
    [{ says: 'usage-failed', cause: 'AccessDenied: no', inventoryCause: 'Throttled' }, 'usage collection failed: AccessDenied: no; Bedrock inventory could not be read either: Throttled'],
    [{ says: 'inventory-failed', cause: 'denied' }, 'Bedrock inventory could not be read (provisioned throughputs and custom models omitted): denied'],
    [{ says: 'usage-incomplete' }, 'incomplete: deadline reached before this Region was read; its usage is not in this report, so the report is partial'],
    [{ says: 'inventory-incomplete' }, 'incomplete: deadline reached before the Bedrock inventory was read (provisioned throughputs and custom models omitted), so the report is partial'],
    [
      { says: 'previous-period-partial', errors: [{ scope: 'region us-east-1', message: { says: 'usage-failed', cause: 'x' } }, { scope: 'region eu-west-1', message: { says: 'as-reported', text: 'y' } }] },
      'week over week left out: the previous period could not be read whole (region us-east-1: usage collection failed: x; region eu-west-1: y)',
    ],
    [{ says: 'previous-period-failed', cause: 'boom' }, 'week over week left out: boom'],
    [{ says: 'account-failed', why: { says: 'as-reported', text: 'cannot assume role' }, regions: ['region us-east-1', 'region us-west-2'] }, 'account not analysed: cannot assume role (every Region failed: us-east-1, us-west-2)'],
    [{ says: 'account-failed', why: { says: 'as-reported', text: 'cannot assume role' }, regions: [] }, 'account not analysed: cannot assume role'],
    [{ says: 'account-failed', why: { says: 'partial-report-missing' }, regions: ['region us-east-1'] },
      'account not analysed: not analysed: the fan-out worker left no partial report (it failed after its retries or timed out; see the Map Run in Step Functions) (every Region failed: us-east-1)'],
    [{ says: 'not-analysed', why: { says: 'partial-report-invalid', key: 'runs/k.json', problem: { is: 'not-json', cause: 'Unexpected end' } } }, 'not analysed: its partial report runs/k.json is not valid JSON (Unexpected end)'],
    [{ says: 'partial-report-invalid', key: 'k', problem: { is: 'no-item' } }, 'its partial report k is not a partial report (no item)'],
    [{ says: 'partial-report-invalid', key: 'k', problem: { is: 'other-run', thisRun: { period: '2026-W45', now: 'N' } } }, 'its partial report k belongs to another run (no run stamp; this run is 2026-W45, read at N)'],
    [{ says: 'partial-report-invalid', key: 'k', problem: { is: 'other-run', run: { period: 'P', now: 'M' }, thisRun: { period: '2026-W45', now: 'N' } } }, 'its partial report k belongs to another run (period P, read at M; this run is 2026-W45, read at N)'],
    [{ says: 'partial-report-invalid', key: 'k', problem: { is: 'other-item', accountId: 'B', region: 'r2', thisAccountId: 'A', thisRegion: 'r1' } }, "its partial report k is for account B in r2, not this item's account A in r1"],
    [{ says: 'partial-report-invalid', key: 'k', problem: { is: 'missing-fields', status: '"analysed"' } }, 'its partial report k is not a partial report (status "analysed" without its fields)'],
    [{ says: 'source-unread', source: 'bill', cause: 'no table' }, 'the bill could not be read: no table'],
    [{ says: 'source-unread', source: 'invocation-logs', cause: 'no table' }, 'the invocation logs could not be read: no table'],
    [{ says: 'alert-not-sent', cause: 'SNS down' }, 'could not be sent: SNS down'],
    [{ says: 'part-failed', part: 'replay', cause: 'bad' }, 'replay failed: bad'],
    [{ says: 'every-region-failed' }, 'usage collection failed in every Region'],
  ];
  it.each(cases)('%j', (problem, words) => {
    expect(noteText(problem)).toBe(words);
  });

  it('a saved snapshot keeps each scope error as data, and still reads one saved in words', () => {
    const snapshot: UsageSnapshot = {
      window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T02:00:00.000Z' },
      models: [], provisionedThroughputs: [], customModels: [], inferenceProfiles: [],
      errors: [{ scope: 'region eu-west-1', message: { says: 'usage-failed', cause: 'AccessDenied' }, code: 'AccessDenied' }, { scope: 'bill', message: asReported('read before it was data') }],
    };
    const written = serializeSnapshot(snapshot);
    // An error's own message is written in words, as snapshots always wrote it, and read back as that note.
    expect(written).toContain('{"scope":"bill","message":"read before it was data"}');
    const read = parseSnapshot(written, 'usage.jsonl', { now: TEST_NOW });
    expect(read.errors).toEqual(snapshot.errors);
  });
});
