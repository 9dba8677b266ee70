import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../src/abort.js';
import { PRICE_LIST_MAX_WAIT_MS, priceListWaitMs, pricesForRun, type PriceListReader } from '../../src/service/price-source.js';

/** What bounds a wait no SDK call can see: a credential provider, a Price List read (issue 18). */

const NOW = new Date('2026-12-01T00:00:00Z');
const never = <T>() => new Promise<T>(() => undefined);

describe('untilAborted', () => {
  it('rejects with the signal reason when work never settles', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline');
    const racing = untilAborted(never<number>(), controller.signal);
    controller.abort(reason);
    await expect(racing).rejects.toBe(reason);
  });

  it('keeps the work own failure when it is already settled as the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const denied = new Error('AccessDenied');
    await expect(untilAborted(Promise.reject(denied), controller.signal)).rejects.toBe(denied);
  });

  it('passes the work result through when there is no signal or it never aborts', async () => {
    await expect(untilAborted(Promise.resolve(7), undefined)).resolves.toBe(7);
    await expect(untilAborted(Promise.resolve(8), new AbortController().signal)).resolves.toBe(8);
  });
});

describe('the Price List wait', () => {
  it('is a quarter of the time left before the deadline, at most 60 s, and none once it has passed', () => {
    expect(priceListWaitMs({}, 0)).toBe(PRICE_LIST_MAX_WAIT_MS);
    expect(priceListWaitMs({ deadline: 8_000 }, 0)).toBe(2_000);
    expect(priceListWaitMs({ deadline: 10 * 60_000 }, 0)).toBe(60_000);
    expect(priceListWaitMs({ deadline: 1_000 }, 5_000)).toBe(0);
  });

  it('a reader that never answers falls back to the bundled catalog, saying why, within the wait', async () => {
    const reader: PriceListReader = { read: () => never() };
    const warned: string[] = [];
    const started = Date.now();
    const shared = await pricesForRun('live', () => reader, ['us-east-1'], NOW, (m) => warned.push(m), { deadline: Date.now() + 800 });
    const elapsed = Date.now() - started;
    expect(shared.document).toBeUndefined();
    expect(shared.origin).toMatchObject({ kind: 'bundled', fallback: { why: 'no answer within 0.2 s' } });
    expect(warned).toEqual([expect.stringMatching(/^the AWS Price List could not be read \(no answer within 0\.2 s\); prices are from the bundled catalog as of \d{4}-\d{2}-\d{2}$/)]);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('hands the reader a signal that the run cancels', async () => {
    const run = new AbortController();
    let seen: AbortSignal | undefined;
    const reader: PriceListReader = { read: (_r, signal) => ((seen = signal), never()) };
    const pending = pricesForRun('live', () => reader, ['us-east-1'], NOW, () => undefined, { signal: run.signal });
    run.abort(new Error('invocation over'));
    const shared = await pending;
    expect(seen?.aborted).toBe(true);
    expect(shared.origin.fallback).toEqual({ why: 'invocation over' });
  });
});
