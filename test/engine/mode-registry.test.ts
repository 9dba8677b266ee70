import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_MODES } from '../../src/domain/report.js';
import { INVENTORY_MODES, MODEL_ADVICE_MODES, PRICING_MODES, adviserFor } from '../../src/modes/registry.js';

/**
 * Issue 16, item 1: adding a mode is a file under src/modes/ and its registration (README, "Adding a
 * pricing mode"). Followed once by hand (a throwaway `scratch` mode: the file, its entry in
 * PRICING_MODES and in SCENARIO_MODES; it compiled, its scenario was priced on the sample and
 * published in the JSON report, schema-valid). This holds the other half: a mode module that is
 * written but not registered, or registered twice, or emitting a mode the report does not name, fails.
 */

const MODES_DIR = join(import.meta.dirname, '..', '..', 'src', 'modes');

/** Every exported object of src/modes/ shaped as a mode: a pricing mode, a model-wide mode or an inventory mode. */
async function modeModules(): Promise<Array<{ file: string; kind: 'pricing' | 'model-advice' | 'inventory'; mode: object }>> {
  const found: Array<{ file: string; kind: 'pricing' | 'model-advice' | 'inventory'; mode: object }> = [];
  for (const file of readdirSync(MODES_DIR).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(join(MODES_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value !== 'object' || value === null || !('id' in value) || !('needs' in value)) continue;
      const kind = 'scenarios' in value ? 'pricing' : 'advise' in value ? 'model-advice' : 'review' in value ? 'inventory' : undefined;
      if (kind) found.push({ file, kind, mode: value });
    }
  }
  return found;
}

describe('the mode registry', () => {
  it('lists every mode module of src/modes/ once, in the list of its kind', async () => {
    const modules = await modeModules();
    expect(modules.filter((m) => m.kind === 'pricing').length).toBeGreaterThanOrEqual(PRICING_MODES.length);
    const lists = { pricing: PRICING_MODES, 'model-advice': MODEL_ADVICE_MODES, inventory: INVENTORY_MODES } as const;
    const unregistered = modules.filter((m) => !(lists[m.kind] as readonly object[]).includes(m.mode)).map((m) => `${m.file} (${m.kind})`);
    expect(unregistered).toEqual([]);
    const ids = [...PRICING_MODES, ...MODEL_ADVICE_MODES, ...INVENTORY_MODES].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every scenario mode the report names to exactly one pricing mode', () => {
    const emitted = PRICING_MODES.flatMap((m) => m.scenarioModes);
    expect([...emitted].sort()).toEqual([...SCENARIO_MODES].sort());
  });

  it('finds an adviser for each advised scenario mode through the registry alone', () => {
    const advised = SCENARIO_MODES.filter((m) => adviserFor(m) !== undefined);
    // On demand and no-cache are shown, never advised; Priority is priced by the Flex module's adviser, which advises Flex only.
    expect(advised).toEqual(SCENARIO_MODES.filter((m) => m !== 'on-demand' && m !== 'on-demand-no-cache'));
  });
});
