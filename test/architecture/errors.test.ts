import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AthenaQueryError } from '../../src/aws/athena-sql.js';
import { AdvisorError } from '../../src/errors.js';
import { PriceListTimeoutError } from '../../src/service/price-source.js';
import { PRODUCTION, ROOT, sourceFiles } from './source-files.js';

/** Issue 16, "one of each": the advisor's errors have one base, `AdvisorError` (src/errors.ts), with a code and a cause. */
describe('one error base class', () => {
  it('no error class outside src/errors.ts extends Error (or a built-in error) directly', () => {
    const direct = PRODUCTION.flatMap(sourceFiles).filter((f) => f !== join('src', 'errors.ts')).flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return [...text.matchAll(/class\s+(\w+)\s+extends\s+(Error|TypeError|RangeError)\b/g)].map((m) => `${f}: ${m[1]}`);
    });
    expect(direct).toEqual([]);
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
