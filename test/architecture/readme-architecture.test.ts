import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Issue 16, item 6: the README's "Architecture" section draws the current layout and follows one
 * series from CloudWatch to SNS by file and function. A rename or a move that leaves the README behind
 * fails here: every path it names exists, every `name` (`file`) it pairs is in that file, every
 * identifier it quotes is in production code, and every entry of src/ is in the drawing.
 */

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Architecture\n'), readme.indexOf('\n## Development\n'));
const drawing = section.slice(section.indexOf('```'), section.indexOf('```', section.indexOf('```') + 3));

/** Repository paths the text names (a placeholder such as `<mode>.ts` is a pattern, not a file). */
export function pathsNamed(text: string): string[] {
  const found = [...text.matchAll(/(?:^|[\s(`'])((?:src|functions|test|schema|bench|scripts)\/[A-Za-z0-9_./<>-]*)/g)];
  return [...new Set(found.map((m) => m[1]!.replace(/[.,;:)]+$/, '')).filter((p) => !p.includes('<')))];
}

/** Each `name` (`file.ts`) the text pairs, as [name, file]. */
export function namesInFiles(text: string): Array<[string, string]> {
  return [...text.matchAll(/`([A-Za-z_][A-Za-z0-9_.]*)`\s*\(`((?:src|functions)\/[^`]+\.ts)`/g)].map((m) => [m[1]!, m[2]!]);
}

const word = (name: string) => new RegExp(`\\b${name}\\b`);

describe('the README architecture section', () => {
  it('is found, with its drawing', () => {
    expect(section.length).toBeGreaterThan(2000);
    expect(drawing).toContain('src/service/');
  });

  it('names only paths that exist', () => {
    const paths = pathsNamed(section);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('puts each name it pairs with a file in that file', () => {
    const pairs = namesInFiles(section);
    expect(pairs.length).toBeGreaterThan(15);
    const missing = pairs.filter(([name, file]) => !word(name.split('.').pop()!).test(readFileSync(join(ROOT, file), 'utf8')));
    expect(missing).toEqual([]);
  });

  it('quotes only identifiers that production code has', () => {
    const code = ['src', 'functions'].flatMap(sourceFiles).map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    const identifiers = [...new Set([...section.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!).filter((s) => /[A-Z]/.test(s)))];
    expect(identifiers.length).toBeGreaterThan(30);
    expect(identifiers.filter((name) => !word(name).test(code))).toEqual([]);
  });

  it('draws every entry of src/', () => {
    const entries = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`));
    expect(entries.filter((e) => !drawing.includes(e))).toEqual([]);
  });

  it('the scans find a path, a pair and a placeholder as meant', () => {
    expect(pathsNamed('see `src/a/b.ts`, and src/c/ (`src/modes/<mode>.ts`).')).toEqual(['src/a/b.ts', 'src/c/']);
    expect(namesInFiles('`runAnalysis` (`src/service/run-analysis.ts`) and `x` (`README.md`)')).toEqual([['runAnalysis', 'src/service/run-analysis.ts']]);
  });
});
