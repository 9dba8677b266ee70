import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Issue 16, "advice is data, no text is parsed anywhere": a renderer in src/report/ decides by codes
 * and figures (a scope error's `code`, a citation's `usageType`, a token ratio's `basis.ratio`, a next
 * step's `kind`), never by reading published words back. Four renderers once did (an "ASSUMPTION"
 * prefix, "incomplete" at the start of a message, a usage type cut out of a citation with a regular
 * expression, a rates file's title); a change of wording then changed what they decided.
 *
 * The scan parses each file of src/report/ and fails on a string test (startsWith, includes, a
 * regular expression's exec or test, ...) over published text: a field that holds words for people
 * (TEXT_FIELDS), what a wording function returns (WORDING), or a name bound to either (a const, a
 * `for ... of` variable, a callback's parameter over a list of them).
 */

/** Fields of the report whose values are words for people once published. */
const TEXT_FIELDS = new Set([
  'message', 'source', 'basis', 'title', 'reason', 'unpricedReason', 'step', 'action', 'note', 'why', 'assumptions', 'risks', 'risk',
  'warnings', 'label', 'description', 'findings', 'signals', 'nextSteps', 'commands', 'confidenceReasons', 'text', 'fallback',
]);
/** The functions that word data: what they return is published text. */
const WORDING = /^(adviceText|noteText|lineText|citationText|originText|ratioBasisText|commandText|lineSourceText|reasonDetail|renewalReasonText|\w+Line|\w+Sentence)$/;
/** String methods that read text to decide something. */
const STRING_TESTS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'matchAll', 'search', 'split']);
/** A regular expression's methods that read their argument. */
const REGEX_TESTS = new Set(['exec', 'test']);
/** Array methods whose callback's first parameter is an element. */
const ITERATORS = new Set(['map', 'flatMap', 'filter', 'find', 'some', 'every', 'forEach']);

/** Each string test over published text in `text`, as `file:line: code`. */
export function textParsedIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const tainted = new Set<string>();
  const strip = (e: ts.Expression): ts.Expression => {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) return strip(e.expression);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return strip(e.left);
    return e;
  };
  const isText = (raw: ts.Expression): boolean => {
    const e = strip(raw);
    if (ts.isIdentifier(e)) return tainted.has(e.text);
    if (ts.isPropertyAccessExpression(e)) return TEXT_FIELDS.has(e.name.text);
    if (ts.isElementAccessExpression(e)) return isText(e.expression);
    if (ts.isConditionalExpression(e)) return isText(e.whenTrue) || isText(e.whenFalse);
    if (ts.isCallExpression(e)) {
      const callee = strip(e.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      return WORDING.test(name);
    }
    return false;
  };
  // Names bound to published text, to a fixed point (a const from a const).
  for (let before = -1; before !== tainted.size;) {
    before = tainted.size;
    const bind = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isText(node.initializer)) tainted.add(node.name.text);
      if (ts.isForOfStatement(node) && isText(node.expression)) {
        const decl = node.initializer;
        if (ts.isVariableDeclarationList(decl) && ts.isIdentifier(decl.declarations[0]!.name)) tainted.add(decl.declarations[0]!.name.text);
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATORS.has(node.expression.name.text) && isText(node.expression.expression)) {
        const callback = node.arguments[0];
        if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          const first = callback.parameters[0];
          if (first && ts.isIdentifier(first.name)) tainted.add(first.name.text);
        }
      }
      ts.forEachChild(node, bind);
    };
    bind(source);
  }
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const parsesReceiver = STRING_TESTS.has(method) && isText(node.expression.expression);
      const parsesArgument = REGEX_TESTS.has(method) && node.arguments.length === 1 && isText(node.arguments[0]!);
      if (parsesReceiver || parsesArgument) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${file}:${line + 1}: ${node.getText().split('\n')[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no renderer parses published text', () => {
  it('src/report/ decides by codes and figures, never by reading its own words back', () => {
    const files = sourceFiles('src/report');
    expect(files.length).toBeGreaterThan(15);
    expect(files.flatMap((f) => textParsedIn(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('finds each way text was once parsed, and passes tests over codes, identifiers and its own literals', () => {
    const text = [
      "const a = adviceText(x.tokenRatio.basis).startsWith('ASSUMPTION');",
      "const b = error.message.startsWith('incomplete');",
      'const source = line.source === null ? null : adviceText(line.source);',
      "const c = USAGETYPE.exec(source ?? '')?.[1];",
      "const d = report.models.flatMap((m) => m.prices).filter((p) => p.source.startsWith(TITLE));",
      "for (const step of r.nextSteps) if (step.startsWith('aws ')) n++;",
      "const e = r.nextSteps.map((c) => c.startsWith('aws '));",
      // Codes and identifiers are data, not words for people.
      "const f = c.mode.startsWith('provisioned');",
      "const g = plan.actions.includes('migrate-model');",
      'const h = /v\\d+$/.exec(m.modelId);',
      "const i = error.code === 'deadline-reached';",
    ].join('\n');
    expect(textParsedIn('x.ts', text)).toEqual([
      "x.ts:1: adviceText(x.tokenRatio.basis).startsWith('ASSUMPTION')",
      "x.ts:2: error.message.startsWith('incomplete')",
      "x.ts:4: USAGETYPE.exec(source ?? '')",
      'x.ts:5: p.source.startsWith(TITLE)',
      "x.ts:6: step.startsWith('aws ')",
      "x.ts:7: c.startsWith('aws ')",
    ]);
  });
});
