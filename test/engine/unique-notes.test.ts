import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUnique, uniqueWorded, withoutConfidenceNotes, withoutWorded, type Note, type PublishedText, type Worded } from '../../src/domain/notes.js';
import { Money } from '../../src/money.js';

/**
 * Advice states each note once: two wordings are the same when their keys are (a note's JSON, published
 * text as it stands). addUnique keys only notes whose code another note shares; these check it keeps,
 * drops and orders exactly what the definition does, written here with a key for every item.
 */
const keyOf = (w: Worded) => (typeof w === 'string' ? w : JSON.stringify(w));
function byDefinition(list: Worded[], items: Worded[]): Worded[] {
  const out = [...list];
  const seen = new Set(list.map(keyOf));
  for (const item of items) if (!seen.has(keyOf(item))) {
    seen.add(keyOf(item));
    out.push(item);
  }
  return out;
}
const text = (s: string) => s as PublishedText;

// Few codes and few figures, so equal notes, equal codes with other figures, and texts that read as a note's key all occur.
const note: fc.Arbitrary<Worded> = fc.oneof(
  fc.constantFrom<Note>({ says: 'batch-label' }, { says: 'flex-label' }),
  fc.record({ says: fc.constant('pt-committed-quota' as const), term: fc.constantFrom('noCommit' as const, 'oneMonth' as const) }),
  fc.record({ says: fc.constant('pt-if-usage-halves' as const), monthlySavings: fc.constantFrom('1', '1.50', '-0', '0').map((v) => new Money(v)) }),
  // The same figures with the keys in another order: a different key, so a different note.
  fc.constantFrom<Note>({ says: 'pt-term-hours', months: 1, boughtOn: '2026-01-01', termHours: 744 }, { months: 1, says: 'pt-term-hours', boughtOn: '2026-01-01', termHours: 744 } as Note),
  fc.constantFrom('a', 'b', '{"says":"batch-label"}', '{"says":"flex-label"}', '{').map(text),
);

// Notes with nested figures, as a confidence note carries its reason: equal reasons as other objects, reasons
// that differ in one string or number, figures JSON writes alike (NaN and null, 0 and -0, an undefined key
// left out), arrays, and Decimals; so the comparison that reads values without writing them meets all of them.
const reason = fc.oneof(
  fc.record({ code: fc.constantFrom('short-window', 'sized-per-minute'), confidence: fc.constant('lowered') }),
  fc.record({ code: fc.constant('short-window'), confidence: fc.constant('lowered'), figures: fc.record({ hours: fc.constantFrom(0, -0, 1, NaN, Infinity, null as unknown as number) }) }),
  fc.record({ code: fc.constant('short-window'), confidence: fc.constant('lowered'), figures: fc.constantFrom(undefined, { hours: undefined }, {}) }),
);
const nested: fc.Arbitrary<Worded> = fc.oneof(
  note,
  fc.record({ says: fc.constant('confidence' as const), reason }) as fc.Arbitrary<Worded>,
  fc.record({ says: fc.constant('confidence' as const), reason, extra: fc.constantFrom(undefined, true, false, [1, 'a'], [1, 'b'], [1], new Money('1'), new Money('1.0'), 'x') }) as unknown as fc.Arbitrary<Worded>,
  fc.constantFrom('{"says":"confidence","reason":{"code":"short-window","confidence":"medium"}}').map(text),
);

describe('uniqueWorded', () => {
  // Lists of notes each of its own code (a recommendation's assumptions, most often) are told apart by
  // code alone; any other list by keys: both as the definition keeps them.
  const distinctCodes: fc.Arbitrary<Worded[]> = fc.uniqueArray(nested, { maxLength: 20, selector: (w) => (typeof w === 'string' ? w : w.says) });
  it('keeps what the definition keeps, in order, objects as they were passed', () => {
    fc.assert(fc.property(fc.oneof(distinctCodes, fc.array(nested, { maxLength: 20 })), (items) => {
      const out = uniqueWorded(items);
      const expected = byDefinition([], items);
      expect(out).not.toBe(items);
      expect(out).toHaveLength(expected.length);
      out.forEach((w, i) => expect(w).toBe(expected[i]));
    }), { numRuns: 2000 });
  });
});

describe('addUnique', () => {
  it('adds what the definition adds for notes with nested figures, to short lists and long ones', () => {
    for (const maxLength of [8, 30]) {
      fc.assert(fc.property(fc.array(nested, { maxLength: maxLength / 2 }), fc.array(nested, { maxLength }), (start, items) => {
        const list = [...start];
        addUnique(list, items);
        const expected = byDefinition(start, items);
        expect(list).toHaveLength(expected.length);
        list.forEach((w, i) => expect(w).toBe(expected[i]));
        // The same for withoutWorded, each item against the stated list alone.
        const keys = new Set(start.map(keyOf));
        const kept = withoutWorded(items, start);
        const left = items.filter((i) => !keys.has(keyOf(i)));
        expect(kept).toHaveLength(left.length);
        kept.forEach((w, i) => expect(w).toBe(left[i]));
      }), { numRuns: 1500 });
    }
  });


  it('adds what the definition adds, in the same order, to any list', () => {
    fc.assert(fc.property(fc.array(note, { maxLength: 6 }), fc.array(note, { maxLength: 8 }), (start, items) => {
      // A list built by addUnique has no duplicates; one built otherwise may have (the definition keeps them).
      const list = [...start];
      addUnique(list, items);
      const expected = byDefinition(start, items);
      expect(list).toHaveLength(expected.length);
      list.forEach((w, i) => expect(w).toBe(expected[i]));
    }), { numRuns: 2000 });
  });

  it('keeps the first of equal notes, objects as they were passed', () => {
    const first: Note = { says: 'pt-if-usage-halves', monthlySavings: new Money('2.5') };
    const again: Note = { says: 'pt-if-usage-halves', monthlySavings: new Decimal('2.50') };
    const other: Note = { says: 'pt-if-usage-halves', monthlySavings: new Money('3') };
    const out = uniqueWorded([first, { says: 'batch-label' }, again, other, { says: 'batch-label' }]);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe(first);
    expect(out[1]).toEqual({ says: 'batch-label' });
    expect(out[2]).toBe(other);
  });

  it('drops published text that is word for word a note already in the list, and the note after such text', () => {
    expect(uniqueWorded([{ says: 'flex-label' }, text('{"says":"flex-label"}')])).toEqual([{ says: 'flex-label' }]);
    expect(uniqueWorded([text('{"says":"flex-label"}'), { says: 'flex-label' }])).toEqual(['{"says":"flex-label"}']);
  });
});

describe('withoutWorded', () => {
  it('leaves out exactly the items whose key a stated wording has, keeping repeats among the rest', () => {
    fc.assert(fc.property(fc.array(note, { maxLength: 8 }), fc.array(note, { maxLength: 5 }), (items, stated) => {
      const keys = new Set(stated.map(keyOf));
      const expected = items.filter((i) => !keys.has(keyOf(i)));
      const out = withoutWorded(items, stated);
      expect(out).toHaveLength(expected.length);
      out.forEach((w, i) => expect(w).toBe(expected[i]));
    }), { numRuns: 2000 });
  });
});

describe('withoutConfidenceNotes', () => {
  // Reasons shared by identity with some of the items' confidence notes (as a recommendation states them),
  // equal reasons made apart, notes of the reason's code with other keys or in another order, and text.
  const reasons = fc.array(reason, { minLength: 0, maxLength: 3 });
  const itemsFor = (rs: Array<{ code: string }>) => fc.array(fc.oneof(
    nested,
    ...(rs.length ? [fc.constantFrom(...rs).map((r) => ({ says: 'confidence', reason: r }) as unknown as Worded)] : []),
    ...(rs.length ? [fc.constantFrom(...rs).map((r) => ({ reason: r, says: 'confidence' }) as unknown as Worded)] : []),
    ...(rs.length ? [fc.constantFrom(...rs).map((r) => text(JSON.stringify({ says: 'confidence', reason: r })))] : []),
  ), { maxLength: 10 });
  it('leaves out exactly the items whose key a stated confidence note has, keeping the rest in order', () => {
    fc.assert(fc.property(reasons.chain((rs) => fc.tuple(fc.constant(rs), itemsFor(rs))), ([rs, items]) => {
      const keys = new Set(rs.map((r) => keyOf({ says: 'confidence', reason: r } as unknown as Worded)));
      const expected = items.filter((i) => !keys.has(keyOf(i)));
      const out = withoutConfidenceNotes(items, rs as never);
      expect(out).not.toBe(items);
      expect(out).toHaveLength(expected.length);
      out.forEach((w, i) => expect(w).toBe(expected[i]));
    }), { numRuns: 3000 });
  });
});
