import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Advice is data: text for people is made by the renderers in src/report/, and the engine's advice
 * layers (src/recommend/, src/modes/) state reason codes and figures. This scan parses those layers
 * and counts, per file, the string and template literals of SENTENCE_WORDS words or more: English
 * written as output.
 *
 * No sentence is left there: every title, reason, assumption, risk and priced line's dimension is a code
 * (src/domain/notes.ts, src/domain/lines.ts) worded in src/report/. A literal of SENTENCE_WORDS words
 * or more in those layers fails this test; word it in src/report/advice-text.ts or line-text.ts.
 */

/** A literal of this many words or more reads as a sentence (a label such as "Batch inference" does not). */
const SENTENCE_WORDS = 5;
const ADVICE_LAYERS = ['src/recommend', 'src/modes'];
/**
 * Engine files outside those layers that write into a report's reasons, assumptions or warnings: they
 * state notes too. (Their directories also hold readers whose error messages and SQL are text by design.)
 */
const ADVICE_FILES = ['src/logs/apply-logs.ts', 'src/alternatives/alternatives.ts'];

/** Each literal of `SENTENCE_WORDS` words or more in `text` (a template's placeholders count as one word each). */
export function sentencesIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const words = (s: string) => s.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => `x ${s.literal.text}`)].join(' ');
    // Module names are not output.
    const imported = node.parent !== undefined && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent));
    if (literal !== undefined && !imported && words(literal) >= SENTENCE_WORDS) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${literal.slice(0, 60)}`);
    }
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else for (const span of node.templateSpans) visit(span.expression);
  };
  visit(source);
  return found;
}

describe('advice is data', () => {
  it('src/recommend, src/modes and the engine files that write report notes write no sentence', () => {
    const files = [...ADVICE_LAYERS.flatMap(sourceFiles), ...ADVICE_FILES];
    expect(files.length).toBeGreaterThan(15);
    expect(files.flatMap((f) => sentencesIn(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the scan counts sentences in strings and templates, not labels, comments, codes or imports', () => {
    const text = [
      "import { x } from '../a/b/c/d/e.js';",
      "const a = 'Move latency-tolerant traffic to batch inference';",
      'const b = `save ${formatUsd(s)} a month at the batch rate`;',
      '// a comment with many words in it, not output',
      "const c = { code: 'scheduled-shape', label: 'Batch inference' };",
      "const d = `${where}: ${why}`;",
    ].join('\n');
    expect(sentencesIn('x.ts', text)).toEqual([
      'x.ts:2: Move latency-tolerant traffic to batch inference',
      'x.ts:3: save  x  a month at the batch rate',
    ]);
  });
});
