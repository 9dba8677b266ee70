import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { asReported, type Note, type PublishedText, type Worded } from '../../src/domain/notes.js';
import type { ScopeError } from '../../src/usage/usage.js';
import type { Recommendation } from '../../src/domain/report.js';
import { publishedText } from '../../src/report/published.js';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';

/**
 * Issue 16, "advice is data": where a note belongs no layer can put a sentence. `Worded` is a note, or
 * a note already in words by src/report/ (`PublishedText`, a string only `publishedText` makes). The
 * type checks below run under `npx tsc --noEmit` (tsconfig includes test/): were a plain string
 * `Worded` again, each `@ts-expect-error` would be unused and tsc would fail.
 */
describe('a sentence is not a note', () => {
  it('a plain string is not Worded, nor a scope error\'s reason, nor a recommendation\'s title', () => {
    // @ts-expect-error a sentence where a note belongs
    const worded: Worded = 'save $10/month';
    // @ts-expect-error a scope error's reason is a scope problem (or published text), never a sentence
    const error: ScopeError = { scope: 'region us-east-1', message: 'AccessDenied' };
    // @ts-expect-error a title is a note
    const title: Recommendation['title'] = 'Move to batch';
    expectTypeOf<string>().not.toMatchTypeOf<Worded>();
    expectTypeOf<Note>().toMatchTypeOf<Worded>();
    expectTypeOf<PublishedText>().toMatchTypeOf<Worded>();
    // At run time they are what they are: the types above are the check.
    expect([worded, error.message, title]).toEqual(['save $10/month', 'AccessDenied', 'Move to batch']);
  });

  it('published text is a note in its words, made by the report layer', () => {
    expect(publishedText(asReported('AccessDenied'))).toBe('AccessDenied');
  });

  it('only src/report/ makes published text (no cast to PublishedText elsewhere in production code)', () => {
    const casts = PRODUCTION.flatMap(sourceFiles).filter((file) => /\bas\s+PublishedText\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(casts).toEqual(['src/report/published.ts']);
  });
});
