import { describe, expect, it } from 'vitest';
import { Bill, BlendedRate } from '../../src/replay/bill.js';
import { usd } from '../../src/money.js';

/**
 * Overflow priced at a side's blended rate as billed today: a side that billed no tokens today has no
 * rate, so tokens on it are an unpriced line (the bill is unpriced and says why), never left out as $0.
 */
describe('Bill.atBlendedRate on a side with no tokens today', () => {
  it('1,000 tokens on an empty side: one unpriced line, the bill unpriced with its reason', () => {
    const empty = new BlendedRate(usd(0), 0, 'on-demand-output');
    const bill = new Bill().atBlendedRate({ code: 'output-overflow' } as never, 1000, empty);
    expect(bill.lines).toHaveLength(1);
    expect([bill.lines[0]!.quantity.toFixed(), bill.lines[0]!.unitPrice, bill.lines[0]!.cost]).toEqual(['1', null, null]);
    expect(bill.result()).toBeNull();
    expect(bill.reason()).toEqual({ says: 'unpriced-lines', dimensions: [{ code: 'output-overflow' }] });
  });

  it('no tokens: no line, and a priced side still prices (2,000 tokens at $3 for 1,000,000: $0.006)', () => {
    const empty = new BlendedRate(usd(0), 0, 'on-demand-output');
    expect(new Bill().atBlendedRate({ code: 'output-overflow' } as never, 0, empty).lines).toHaveLength(0);
    const priced = new BlendedRate(usd(3), 1_000_000, 'on-demand-output');
    expect(new Bill().atBlendedRate({ code: 'output-overflow' } as never, 2000, priced).result()!.toFixed()).toBe('0.006');
  });
});
