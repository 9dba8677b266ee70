import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';

/**
 * Issue 16, "one orchestration shared by the CLI and the Lambdas": collect -> analyse -> reconcile ->
 * week over week -> the published view -> publish is `runAnalysis` (src/service/run-analysis.ts). The
 * CLI once called the engine and the reconciliation itself and so skipped week over week; this scan
 * fails when any production file but the orchestration runs a step of it on its own.
 */

/** The steps only the orchestration runs, and where each may be called (besides the orchestration). */
const STEPS: Record<string, string[]> = {
  // The engine analyses the previous period itself, to compare (src/engine.ts, `previousSnapshot`).
  analyze: ['src/engine.ts'],
  analyzeAccounts: [],
  reconcile: [],
  reconciliationOf: [],
};
const ORCHESTRATION = 'src/service/run-analysis.ts';

/** Every call or import of a step in `text`, as `file:line: code` (an import under another name is caught too). */
export function stepsRun(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const called = ts.isCallExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : undefined;
    const imported = ts.isImportSpecifier(node) ? (node.propertyName ?? node.name).text : undefined;
    const step = called ?? imported;
    if (step !== undefined && step in STEPS && !STEPS[step]!.includes(file)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.getText().split('\n')[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('one orchestration', () => {
  it('finds a step run outside the orchestration, under its own name or another', () => {
    expect(stepsRun('src/cli/main.ts', "import { analyze } from '../engine.js';\nconst r = analyze(s, c, o);")).toEqual([
      'src/cli/main.ts:1: analyze',
      'src/cli/main.ts:2: analyze(s, c, o)',
    ]);
    expect(stepsRun('src/cli/main.ts', "import { reconcile as settle } from '../bill/reconcile.js';")).toEqual(['src/cli/main.ts:1: reconcile as settle']);
    expect(stepsRun('src/engine.ts', 'analyze(previous, catalog, rest);')).toEqual([]);
  });

  it('is the only place production code analyses or reconciles a report', () => {
    const outside = PRODUCTION.flatMap(sourceFiles).filter((f) => f !== ORCHESTRATION).flatMap((f) => stepsRun(f, read(f)));
    expect(outside).toEqual([]);
  });

  it('is what the CLI, the one-account and many-account Lambdas and the fan-out worker run', () => {
    // Each of these is the entry of one caller: the CLI's analyze command; the analyze and digest
    // Lambdas over one account (runAccountAnalysis) or several (runAccountsAnalysis); a fan-out worker.
    for (const file of ['src/cli/main.ts', 'src/service/analyze-account.ts', 'src/service/analyze-accounts.ts', 'src/service/fan-out.ts']) {
      expect(read(file), file).toMatch(/\brunAnalysis\(/);
    }
  });
});
