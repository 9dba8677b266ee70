import { describe, expect, it } from 'vitest';
import { collectAccountSnapshot } from '../../src/service/analyze-account.js';
import type { RegionSources, UsageRequest } from '../../src/service/ports.js';
import type { CollectionPlan } from '../../src/usage/cloudwatch-plan.js';
import { TEST_NOW } from '../fixtures/clock.js';
import { windowBasisText } from '../../src/report/format.js';

/**
 * CloudWatch's retention tiers are planned in one place, the collector: the service takes the plan the
 * Region's source read (its grid, its trim at a retention edge) instead of planning the window again.
 */
const DAY = 86_400;
const end = Math.floor(TEST_NOW.getTime() / 1000);
const emptyInventory = { provisionedThroughputs: [], customModels: [], inferenceProfiles: [], foundationModels: [] };

function sources(plan: CollectionPlan | undefined, asked: UsageRequest[]): RegionSources {
  return {
    usage: () => ({
      collect: async (request) => {
        asked.push(request);
        return { models: [], ...(plan ? { plan } : {}) };
      },
    }),
    inventory: () => ({ read: async () => emptyInventory }),
  };
}

describe('the collection window', () => {
  it("is the grid the collector read, with its trim at the retention edge said in the basis", async () => {
    // A plan no service-side planning would make from this request: it starts 240 s late (trimmed at
    // the 15-day edge of 1-minute data) and its slices reach 600 s past the end.
    const start = end - 15 * DAY;
    const plan: CollectionPlan = {
      start: start + 240, trimmedSeconds: 240, trimmedAtPeriodSeconds: 60,
      slices: [{ start: start + 240, end: end + 600, periodSeconds: 60 }],
    };
    const asked: UsageRequest[] = [];
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 15, now: TEST_NOW }, sources(plan, asked));
    expect(asked).toHaveLength(1);
    expect(snapshot.window.start).toBe(new Date((start + 240) * 1000).toISOString());
    expect(snapshot.window.end).toBe(new Date((end + 600) * 1000).toISOString());
    expect(windowBasisText(snapshot.window.basis!)).toContain('starting 4 minutes later, at the edge of CloudWatch\'s 15-day retention of 1-minute data');
  });

  it('is the request itself for a source with no retention tiers', async () => {
    const asked: UsageRequest[] = [];
    const snapshot = await collectAccountSnapshot({ regions: ['us-east-1'], days: 7, now: TEST_NOW }, sources(undefined, asked));
    expect(snapshot.window.start).toBe(asked[0]!.start.toISOString());
    expect(snapshot.window.end).toBe(asked[0]!.end.toISOString());
    expect(windowBasisText(snapshot.window.basis!)).toBe('the 7 days before the run, widened to CloudWatch\'s period grid');
  });
});
