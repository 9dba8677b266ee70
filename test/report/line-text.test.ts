import { describe, expect, it } from 'vitest';
import type { LineDimension } from '../../src/domain/lines.js';
import { tokenKindOf } from '../../src/domain/lines.js';
import { skuMeterOf } from '../../src/report/focus.js';
import { lineText } from '../../src/report/line-text.js';

describe('a priced line is a code, worded in src/report', () => {
  it('words each code as the lines table and the JSON report have always read', () => {
    // The words the engine wrote before lines were codes (the goldens hold them), one per kind of code.
    const cases: Array<[LineDimension, string]> = [
      [{ code: 'input' }, 'input'],
      [{ code: 'longContextCacheWrite5m' }, 'longContextCacheWrite5m'],
      [{ code: 'input-with-cached' }, 'input (cached tokens billed as input)'],
      [{ code: 'cache-write-at-input' }, 'cacheWrite (at the input rate)'],
      [{ code: 'global', rate: 'cacheWrite5m' }, 'global cacheWrite5m'],
      [{ code: 'image' }, 'image'],
      [{ code: 'image', tier: '1024x1024/standard' }, 'image 1024x1024/standard'],
      [{ code: 'rerank-queries' }, 'rerank queries'],
      [{ code: 'custom-model', side: 'input' }, 'custom-model input'],
      [{ code: 'custom-model-storage' }, 'custom model storage'],
      [{ code: 'model-unit-hours', term: 'sixMonth' }, 'model-unit hours (sixMonth)'],
      [{ code: 'overflow-on-demand', side: 'output' }, 'output overflow on demand'],
      [{ code: 'reserved-tpm', term: 'oneMonth', side: 'input' }, 'reserved input TPM (oneMonth)'],
      [{ code: 'above-reservation', side: 'input' }, 'input + cacheWrite above the reservation (Standard)'],
      [{ code: 'above-reservation', side: 'output' }, 'output above the reservation (Standard)'],
      [{ code: 'cold-cache-write', ttl: '1h' }, 'cacheWrite1h (cold cache)'],
      [{ code: 'cache-write-ttl-unknown', longContext: true }, 'longContextCacheWrite5m (TTL not in the log: no body delivered)'],
      [{ code: 'unknown-tier', tier: 'reserved', side: 'input' }, 'reservedInput'],
    ];
    for (const [d, words] of cases) expect(lineText(d)).toBe(words);
  });

  it('the bill reconciliation and the FOCUS meter classify by code: a cache write billed at the input rate is a cache write', () => {
    expect(tokenKindOf({ code: 'cache-write-at-input' })).toBe('cacheWrite');
    expect(tokenKindOf({ code: 'cacheWrite1h' })).toBe('cacheWrite');
    expect(tokenKindOf({ code: 'image', tier: 'premium' })).toBe('image');
    // The no-cache what-if bills cached tokens as input: it is not the input line of the bill.
    expect(tokenKindOf({ code: 'input-with-cached' })).toBeUndefined();
    expect(tokenKindOf({ code: 'global', rate: 'input' })).toBeUndefined();
    expect(skuMeterOf({ code: 'cache-write-at-input' })).toBe('Cache Write Input Tokens');
    expect(skuMeterOf({ code: 'rerank-queries' })).toBe('Queries');
    expect(skuMeterOf({ code: 'image', tier: 'standard' })).toBe('Images');
    // A line with no meter of its own reads as its words.
    expect(skuMeterOf({ code: 'batchInput' })).toBe('batchInput');
  });
});
