import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';

/**
 * Every bill is built by the price book (src/modes/price-book.ts, `PriceBook.bill`): a mode, a plan,
 * the alternatives, the invocation-log pricing and the bill reconciliation name quantities and their
 * prices, and only the price book multiplies one by the other. The scan parses each production file
 * and fails on a `Bill` made, or a line priced on one, anywhere else. Where a multiplication is not
 * quantity x price (a unit conversion, a ratio) or is deliberately outside (the runaway watch's
 * hourly series), a comment above it says so; this check is about bills.
 */

/** Where a Bill is defined and the one place it is built. */
const ALLOWED = new Set(['src/replay/bill.ts', 'src/modes/price-book.ts']);
/** Bill's pricing methods, by how many arguments each takes (other objects have methods of the same names). */
const PRICING_CALLS: Record<string, number> = { tokens: 3, units: 4, priced: 5, atBlendedRate: 3 };

/** Every bill built or priced in `text`, as `file:line: code`. */
export function billsBuilt(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const newBill = ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Bill';
    const pricing = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
      && PRICING_CALLS[node.expression.name.text] === node.arguments.length;
    if (newBill || pricing) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.getText().split('\n')[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the price book', () => {
  it('is the only place a bill is built and priced', () => {
    const files = PRODUCTION.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    const built = files.filter((f) => !ALLOWED.has(f)).flatMap((f) => billsBuilt(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(built).toEqual([]);
  });

  it('the scan finds a bill made or priced, and not a component, a comment or a same-named method of another arity', () => {
    const text = [
      'const a = new Bill();',
      "a.tokens(10, price, 'input');",
      "b.units(2, price, 'image', 'image');",
      "c.priced('d', q, 'u', price, cost);",
      "d.atBlendedRate('x', 5, rate);",
      '// new Bill() in a comment',
      "const e = tokens('input', 10, { per1kTokens: 'input' });",
      'const f = mode.priced(row);',
      'const g = book.bill([e]);',
    ].join('\n');
    expect(billsBuilt('x.ts', text)).toEqual([
      'x.ts:1: new Bill()',
      "x.ts:2: a.tokens(10, price, 'input')",
      "x.ts:3: b.units(2, price, 'image', 'image')",
      "x.ts:4: c.priced('d', q, 'u', price, cost)",
      "x.ts:5: d.atBlendedRate('x', 5, rate)",
    ]);
  });
});
