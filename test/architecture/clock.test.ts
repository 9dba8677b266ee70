import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';
import { fixedClock, systemClock } from '../../src/clock.js';

/**
 * Production code reads the wall clock only through src/clock.ts: `new Date()` with no argument and
 * `Date.now()` anywhere else would put the day the code runs into a report, a price's "read on" date or
 * a "not in the future" check, and a test would pass on some days only (a rates file's date once did).
 * The scan parses each file, so comments and strings do not count.
 */

const CLOCK_MODULE = 'src/clock.ts';

/** Every read of the wall clock in `text`, as `file:line: code`. */
export function wallClockReads(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const isDate = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'Date';
    const bareNewDate = ts.isNewExpression(node) && isDate(node.expression) && (node.arguments?.length ?? 0) === 0;
    const dateNow = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && isDate(node.expression.expression) && node.expression.name.text === 'now';
    if (bareNewDate || dateNow) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the wall clock', () => {
  it('is read in production code only by src/clock.ts', () => {
    const files = PRODUCTION.flatMap(sourceFiles).map((f) => relative(ROOT, join(ROOT, f)));
    expect(files.length).toBeGreaterThan(50);
    const reads = files.filter((f) => f !== CLOCK_MODULE).flatMap((f) => wallClockReads(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(reads).toEqual([]);
  });

  it('the scan finds both forms and ignores comments, strings and dates built from a value', () => {
    const text = [
      'const a = new Date();',
      'const b = Date.now() + 1;',
      '// new Date() in a comment',
      "const c = 'Date.now()';",
      'const d = new Date(0);',
      'const e = new Date(Date.parse(x));',
    ].join('\n');
    expect(wallClockReads('x.ts', text)).toEqual(['x.ts:1: new Date()', 'x.ts:2: Date.now()']);
  });

  it('a fixed clock stays where it was put; the system clock moves', async () => {
    const pinned = fixedClock('2026-11-23T00:00:00Z');
    expect(pinned.now().toISOString()).toBe('2026-11-23T00:00:00.000Z');
    pinned.now().setUTCFullYear(1999); // a caller mutating the Date it got changes nothing
    expect(pinned.now().toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(() => fixedClock('not a time')).toThrow(/not a time/);
    const first = systemClock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(systemClock.now().getTime()).toBeGreaterThan(first);
  });
});
