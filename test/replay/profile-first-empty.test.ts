import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { UsageBuilder } from '../../src/usage/usage.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';

// Its own file on purpose: vitest gives each file fresh modules, so the profile built here is the first
// of the process, made before any block of shared room exists (the order a CLI run on an image-only
// account has). A model with no token minutes asks for no hours and must still be replayed.
const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/golden/catalog.json', import.meta.url)), 'utf8')) as object;

describe('the first profile of a process has no token minutes', () => {
  it('an image model alone is replayed and priced: 10 images x $0.04 (1024x1024/standard in the golden catalog)', () => {
    const builder = new UsageBuilder();
    builder.add({ region: 'us-east-1', modelId: 'acme.canvas-v1:0', metric: 'OutputImageCount', timestamp: Date.parse('2026-11-01T00:00:00Z') / 1000, periodSeconds: 3600, value: 10 });
    const snapshot: UsageSnapshot = { window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z' }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
    const report = analyze(snapshot, PriceCatalog.fromDocument(golden as never, 'golden catalog'), { now: new Date('2026-11-02T00:00:00Z') });
    expect(report.errors).toEqual([]);
    expect(report.models).toHaveLength(1);
    expect(report.models[0]!.scenarios[0]!.cost?.toFixed()).toBe('0.4');
  });
});
