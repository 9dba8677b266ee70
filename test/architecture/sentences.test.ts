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
 * Titles, assumptions and risks are still worded there today (issue 16, "advice is data", is partly
 * done), so the counts below are a ratchet, not an allowance: a file may not gain a sentence, a file
 * not listed may have none, and a file that loses some must have its count lowered here, so the
 * list only shrinks until it is empty.
 */

/** A literal of this many words or more reads as a sentence (a label such as "Batch inference" does not). */
const SENTENCE_WORDS = 5;
const ADVICE_LAYERS = ['src/recommend', 'src/modes'];

/** Sentences still written in the advice layers, by file: lower a count when you move one to src/report/. */
const STILL_WORDED: Record<string, number> = {
  // A priced line's dimension name ("input (cached tokens billed as input)", "cacheWrite (at the input
  // rate)"): a label of the lines table and the FOCUS export, not advice.
  'src/modes/no-cache.ts': 1,
  'src/modes/on-demand.ts': 1,
};

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
  it('src/recommend and src/modes write no new sentence, and the files still worded only lose them', () => {
    const files = ADVICE_LAYERS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(15);
    const counts: Record<string, number> = {};
    for (const f of files) {
      const n = sentencesIn(f, readFileSync(join(ROOT, f), 'utf8')).length;
      if (n > 0) counts[f] = n;
    }
    expect(counts).toEqual(STILL_WORDED);
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
