import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type IReporterOutput, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layers point down and nothing is circular: the rules are `.dependency-cruiser.cjs` (which
 * names the layers), checked over src/ and functions/ on every `npm test`. dependency-cruiser's CLI
 * refuses Node 20, so the check runs through its API, which does not.
 */

const repo = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const config = require(join(repo, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown>; layers: Array<{ name: string; path: string }> };

async function violations(): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(repo);
  try {
    const output: IReporterOutput = await cruise(['src', 'functions'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never, { extensions: ['.ts', '.js', '.json'] });
    const result = output.output as ICruiseResult;
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    // A relative import it could not follow would be a layer it could not check.
    const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} -> ${d.module}`));
    expect(unresolved).toEqual([]);
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`);
  } finally {
    process.chdir(previous);
  }
}

describe('architecture', () => {
  it('has no cycle and no import that points up a layer', async () => {
    expect(await violations()).toEqual([]);
  }, 120_000);

  it('puts every entry of src/ and functions/ in exactly one layer, so none escapes the rules', () => {
    const entries = [
      ...readdirSync(join(repo, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `src/${e.name}/x.ts` : `src/${e.name}`)),
      'functions/x.ts',
    ];
    const layersOf = (path: string) => config.layers.filter((l) => new RegExp(l.path).test(path)).map((l) => l.name);
    expect(entries.filter((e) => layersOf(e).length !== 1).map((e) => `${e}: ${layersOf(e).join(', ') || 'no layer'}`)).toEqual([]);
  });
});
