import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AthenaQueryError } from '../../src/aws/athena-sql.js';
import { AdvisorError, AwsResponseError, InternalError, OutOfMemoryError } from '../../src/errors.js';
import { PriceListTimeoutError } from '../../src/service/price-source.js';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';

/** Every `throw new Error(...)` (or TypeError, RangeError) in `text`, as `file:line: code`. */
function plainThrows(file: string, text: string): string[] {
  // The opening alone, so a message spread over several lines is caught too.
  return text.split('\n').flatMap((line, i) => [...line.matchAll(/throw\s+new\s+(?:Error|TypeError|RangeError)\(/g)].map(() => `${file}:${i + 1}: ${line.trim()}`));
}

/** Issue 16, "one of each": the advisor's errors have one base, `AdvisorError` (src/errors.ts), with a code and a cause. */
describe('one error base class', () => {
  it('no error class outside src/errors.ts extends Error (or a built-in error) directly', () => {
    const direct = PRODUCTION.flatMap(sourceFiles).filter((f) => f !== join('src', 'errors.ts')).flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return [...text.matchAll(/class\s+(\w+)\s+extends\s+(Error|TypeError|RangeError)\b/g)].map((m) => `${f}: ${m[1]}`);
    });
    expect(direct).toEqual([]);
  });

  it('no production code in src/ or functions/ throws a plain Error (or a built-in error)', () => {
    // Every fault is an AdvisorError subclass, so it has a code (logs, metrics, the CLI's exit code)
    // and its cause. No file is allowed to: there is no allow-list.
    const plain = ['src', 'functions'].flatMap(sourceFiles).flatMap((f) => plainThrows(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(plain).toEqual([]);
  });

  it('finds a plain throw, built-in errors included, and passes a subclass', () => {
    expect(plainThrows('a.ts', "if (x) throw new Error('no');\nthrow new RangeError(`bad ${k}`);\nthrow new InternalError('fine');")).toEqual([
      "a.ts:1: if (x) throw new Error('no');",
      'a.ts:2: throw new RangeError(`bad ${k}`);',
    ]);
  });

  it('the internal, AWS-response and out-of-memory errors are AdvisorErrors with a code and their cause', () => {
    const cause = new Error('underlying');
    const errors = [new InternalError('x', { cause }), new AwsResponseError('x', { cause }), new OutOfMemoryError('x', { cause })];
    expect(errors.map((e) => [e instanceof AdvisorError, e.code, e.cause === cause, e.userCanFix])).toEqual([
      [true, 'internal', true, false],
      [true, 'aws-response', true, false],
      [true, 'out-of-memory', true, false],
    ]);
  });

  it('the Athena and Price List errors carry a code and their cause', () => {
    const cause = new Error('underlying');
    for (const error of [new AthenaQueryError('query failed', { cause }), new PriceListTimeoutError('too slow', { cause })]) {
      expect(error).toBeInstanceOf(AdvisorError);
      expect(error.cause).toBe(cause);
    }
    expect(new AthenaQueryError('x').code).toBe('athena-query');
    expect(new PriceListTimeoutError('x').code).toBe('price-list-timeout');
  });
});
