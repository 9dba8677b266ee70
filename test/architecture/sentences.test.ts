import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Text is made only by the renderers in src/report/: the engine's layers state reason codes and figures
 * (notes, src/domain/notes.ts; priced lines, src/domain/lines.ts) and src/report/advice-text.ts and
 * line-text.ts word them. This scan parses every file under src/ outside src/report/ and counts the
 * string and template literals of SENTENCE_WORDS words or more that are not an error's message (a
 * `throw`, a `new ...Error(...)`) and not SQL: English written as output.
 *
 * The advice layers and most of the engine hold none. The files below still hold some, each for the
 * reason given, and the count is exact: a new sentence in any file fails this test (word it in
 * src/report/ as a note), and a sentence turned into a note lowers its file's count here.
 *
 * src/cli/ is left out: it is an adapter whose own text is its help, progress and prompts. functions/
 * too: thin handlers whose text is configuration errors.
 */

/** A literal of this many words or more reads as a sentence (a label such as "Batch inference" does not). */
const SENTENCE_WORDS = 5;
/** SQL is not English: a query the readers run. */
const SQL = /^\s*\(?\s*(SELECT|CREATE|WITH|WHEN|WHERE|INSERT|FROM)\b/;
const TWO_WORDS = /[A-Za-z][\w'-]*[,;:.)]?\s+\(?[A-Za-z]/;
/** Where text for people is made: the renderers, and the CLI's own help and progress. */
const TEXT_LAYERS = ['src/report/', 'src/cli/'];

const ERRORS = "a reader's or validator's error text, built before it is thrown (the CLI prints it and exits 2)";
const SOURCES = 'a source described as the report cites it (what was read, its title): data, not advice';
const PRICE_LIST_TOOLS = 'the Price List build and check tools: their own output and the pages they cite, never the report';

/** The files outside TEXT_LAYERS that hold sentences, how many, and why. */
const TEXT_HELD: Record<string, { sentences: number; why: string }> = {
  'src/alternatives/config.ts': { sentences: 1, why: ERRORS },
  'src/alternatives/table.ts': { sentences: 8, why: `${SOURCES}: the model tables' titles` },
  'src/alternatives/tokenizers.ts': { sentences: 2, why: `${SOURCES}: a published token ratio's citation` },
  'src/aws/athena-bill.ts': { sentences: 1, why: SOURCES },
  'src/aws/athena-invocation-logs.ts': { sentences: 1, why: SOURCES },
  'src/aws/cost-explorer.ts': { sentences: 1, why: SOURCES },
  'src/aws/price-list.ts': { sentences: 1, why: SOURCES },
  'src/bill/classify-line.ts': { sentences: 1, why: 'a category name of charges outside the replay, published as data ("Credits, discounts, refunds and tax")' },
  'src/bill/vocabulary.ts': { sentences: 1, why: 'the same category name in the list of categories (moved from classify-line.ts so the domain names the list without a cycle)' },
  'src/bill/cur-reader.ts': { sentences: 1, why: SOURCES },
  'src/catalog/catalog.ts': { sentences: 6, why: ERRORS },
  'src/catalog/schema.ts': { sentences: 3, why: ERRORS },
  'src/errors.ts': { sentences: 4, why: ERRORS },
  'src/limits.ts': { sentences: 5, why: `${ERRORS}: one message per limit` },
  'src/logs/record-check.ts': { sentences: 7, why: ERRORS },
  'src/model-id.ts': { sentences: 2, why: ERRORS },
  'src/pricelist/build.ts': { sentences: 12, why: PRICE_LIST_TOOLS },
  'src/pricelist/bundled.ts': { sentences: 3, why: PRICE_LIST_TOOLS },
  'src/pricelist/check.ts': { sentences: 7, why: PRICE_LIST_TOOLS },
  'src/pricelist/classify.ts': { sentences: 10, why: PRICE_LIST_TOOLS },
  // 19: Claude Haiku 5.5's model note (its ID is only its rate card's), a model the catalog did not know before.
  'src/pricelist/model-names.ts': { sentences: 19, why: PRICE_LIST_TOOLS },
  'src/pricelist/products.ts': { sentences: 1, why: PRICE_LIST_TOOLS },
  // 18: the GPT-6 Astra model card's long-context threshold is a cited source (title and note), not report text.
  // 22: the Claude 3 Haiku model card (end of life by Region) and the GPT-5.4 card's long-context threshold, cited as sources.
  // 24: AWS's legacy-models page (model-wide end-of-life dates as public files quote it), cited as a source.
  'src/pricelist/reference-sources.ts': { sentences: 24, why: PRICE_LIST_TOOLS },
  'src/region.ts': { sentences: 1, why: ERRORS },
  'src/sample/sample.ts': { sentences: 1, why: SOURCES },
  'src/service/fan-out-logs.ts': { sentences: 1, why: SOURCES },
  'src/service/price-source.ts': { sentences: 2, why: `${SOURCES}: the live Price List read (why it fell back is data, worded in src/report/)` },
  'src/usage/csv.ts': { sentences: 12, why: ERRORS },
  'src/usage/generated-csv.ts': { sentences: 1, why: ERRORS },
  'src/usage/snapshot.ts': { sentences: 8, why: ERRORS },
};

/** Each literal of `SENTENCE_WORDS` words or more in `text` (a template's placeholders count as one word each). */
export function sentencesIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const words = (s: string) => s.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
  const isError = (node: ts.Node) => ts.isNewExpression(node) && /Error$/.test(node.expression.getText(source));
  const visit = (node: ts.Node): void => {
    // An error's message is text by design: the CLI prints it and exits 2, a Lambda logs it.
    if (ts.isThrowStatement(node) || isError(node)) return;
    let literal: string | undefined;
    let pieces: string[] = [];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) pieces = [(literal = node.text)];
    else if (ts.isTemplateExpression(node)) {
      pieces = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      literal = [node.head.text, ...node.templateSpans.map((s) => `x ${s.literal.text}`)].join(' ');
    }
    // Module names are not output.
    const imported = node.parent !== undefined && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent));
    // A sentence has two words side by side in its own text: a key (`${a}|${b}`) or an ARN pattern has none.
    const prose = pieces.some((p) => TWO_WORDS.test(p));
    if (literal !== undefined && !imported && prose && words(literal) >= SENTENCE_WORDS && !SQL.test(literal)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${literal.slice(0, 60)}`);
    }
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else for (const span of node.templateSpans) visit(span.expression);
  };
  visit(source);
  return found;
}

describe('text is made only by the renderers in src/report/', () => {
  const files = sourceFiles('src').filter((f) => !TEXT_LAYERS.some((layer) => f.startsWith(layer)));
  const found = new Map(files.map((f) => [f, sentencesIn(f, readFileSync(join(ROOT, f), 'utf8'))]));

  it('the advice layers (src/recommend, src/modes), src/bill, src/logs, src/replay and the engine write no sentence beyond those listed', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const dir of ['src/recommend/', 'src/modes/', 'src/domain/']) {
      expect(files.filter((f) => f.startsWith(dir)).flatMap((f) => found.get(f)!), dir).toEqual([]);
    }
    const unlisted = files.filter((f) => !(f in TEXT_HELD)).flatMap((f) => found.get(f)!);
    expect(unlisted).toEqual([]);
  });

  it('each file listed holds exactly the sentences it is listed with (a new one fails; one turned into a note lowers the count)', () => {
    // Every file at once, so one run shows every count that moved.
    const counts = Object.fromEntries(Object.keys(TEXT_HELD).map((file) => [file, found.get(file)?.length ?? 'not scanned']));
    const moved = Object.entries(TEXT_HELD).filter(([file, held]) => counts[file] !== held.sentences).map(([file, held]) => `${file} (${held.why}):\n${(found.get(file) ?? []).join('\n')}`);
    expect(counts, moved.join('\n\n')).toEqual(Object.fromEntries(Object.entries(TEXT_HELD).map(([file, held]) => [file, held.sentences])));
  });

  it('the scan counts sentences in strings and templates, not labels, comments, codes, imports, error messages, keys or SQL', () => {
    const text = [
      "import { x } from '../a/b/c/d/e.js';",
      "const a = 'Move latency-tolerant traffic to batch inference';",
      'const b = `save ${formatUsd(s)} a month at the batch rate`;',
      '// a comment with many words in it, not output',
      "const c = { code: 'scheduled-shape', label: 'Batch inference' };",
      "const d = `${where}: ${why}`;",
      "throw new InputError(`the usage window ${a} to ${b} is empty or reversed`);",
      "const e = new CatalogError('entry models[0]: duplicate model of an earlier row');",
      'const f = `${a}|${b}|${c}|${d}|${e}`;',
      "const g = 'SELECT count(*) AS n FROM bill WHERE day > 1';",
    ].join('\n');
    expect(sentencesIn('x.ts', text)).toEqual([
      'x.ts:2: Move latency-tolerant traffic to batch inference',
      'x.ts:3: save  x  a month at the batch rate',
    ]);
  });
});
