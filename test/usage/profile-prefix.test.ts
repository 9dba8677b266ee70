import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModelId } from '../../src/model-id.js';

/**
 * A system profile's prefix is read off a model ID once (the text before its first dot): the same
 * prefix, scope and base ID as trying each prefix AWS documents in turn ("Supported Regions and models
 * for inference profiles": us, us-gov, eu, apac, jp, au, ca, and global), for IDs of any shape.
 */
const GEO = ['us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca'];

function byEachPrefix(id: string): { baseModelId: string; scope: string; profilePrefix?: string } {
  if (id.startsWith('global.')) return { baseModelId: id.slice(7), scope: 'global', profilePrefix: 'global' };
  for (const prefix of GEO) if (id.startsWith(prefix + '.')) return { baseModelId: id.slice(prefix.length + 1), scope: 'geo', profilePrefix: prefix };
  return { baseModelId: id, scope: 'in-region' };
}

describe('a profile prefix read once', () => {
  it('is what trying each documented prefix finds, for any ID without a context suffix', () => {
    const word = fc.stringMatching(/^[a-z-]{0,8}$/);
    const head = fc.oneof(fc.constantFrom('global', 'us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca', 'usa', 'us-', 'gov', 'european', ''), word);
    fc.assert(fc.property(head, fc.array(word, { maxLength: 3 }), (first, rest) => {
      const id = [first, ...rest].join('.');
      const parsed = parseModelId(id);
      const expected = byEachPrefix(id);
      expect({ baseModelId: parsed.baseModelId, scope: parsed.scope, profilePrefix: parsed.profilePrefix }, id).toEqual(expected);
      expect(parsed.kind).toBe(expected.profilePrefix ? 'inference-profile' : 'model-id');
    }), { numRuns: 2000 });
  });

  it('written out', () => {
    expect(parseModelId('us-gov.anthropic.claude-3-haiku-20240307-v1:0')).toMatchObject({ profilePrefix: 'us-gov', scope: 'geo', baseModelId: 'anthropic.claude-3-haiku-20240307-v1:0' });
    expect(parseModelId('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({ profilePrefix: 'global', scope: 'global' });
    // A provider is not a prefix, nor a word that only starts like one.
    expect(parseModelId('usa.model-v1:0')).toMatchObject({ scope: 'in-region', baseModelId: 'usa.model-v1:0' });
    expect(parseModelId('amazon.nova-pro-v1:0').profilePrefix).toBeUndefined();
  });
});
