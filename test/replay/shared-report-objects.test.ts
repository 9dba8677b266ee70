import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import { Money, perMonth, usd } from '../../src/money.js';
import { ReplayShared } from '../../src/replay/shared.js';
import type { Priced, PriceSource } from '../../src/catalog/catalog.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import { BENCH_END, benchCatalog, collectorSnapshot } from '../../bench/fixtures.js';

/**
 * Objects the report holds that are the same for many models are one frozen object shared by them
 * (the prompt-cache what-ifs' labels, variants and figures): nothing may change them once made, and
 * every renderer must read them as it read a model's own copy.
 */
describe('ReplayShared.cacheWhatIfs', () => {
  it('gives each share its variant, label and figures, frozen', () => {
    const made = new ReplayShared().cacheWhatIfs('5m', [0.25, 0.5, 0.75], 0.2, 0);
    expect(made.variants).toEqual(['read-25%-5m', 'read-50%-5m', 'read-75%-5m']);
    expect(made.labels).toEqual([
      { says: 'prompt-cache-label', readShare: 0.25, ttl: '5m' },
      { says: 'prompt-cache-label', readShare: 0.5, ttl: '5m' },
      { says: 'prompt-cache-label', readShare: 0.75, ttl: '5m' },
    ]);
    expect(made.figures).toEqual([
      { readShare: 0.25, ttl: '5m', breakEvenReadShare: 0.2, writesPerRead: 0 },
      { readShare: 0.5, ttl: '5m', breakEvenReadShare: 0.2, writesPerRead: 0 },
      { readShare: 0.75, ttl: '5m', breakEvenReadShare: 0.2, writesPerRead: 0 },
    ]);
    // The keys in the order the report's JSON has always had them.
    expect(JSON.stringify(made.figures[0])).toBe('{"readShare":0.25,"ttl":"5m","breakEvenReadShare":0.2,"writesPerRead":0}');
    for (const o of [made.variants, made.labels, made.figures, ...made.labels, ...made.figures]) expect(Object.isFrozen(o)).toBe(true);
    expect(() => { (made.figures[0] as { readShare: number }).readShare = 1; }).toThrow(TypeError);
    expect(() => { (made.labels as unknown as unknown[]).push({}); }).toThrow(TypeError);
  });

  it('reuses the last objects for the same figures, and only those', () => {
    const shared = new ReplayShared();
    const whatIfsOf = shared.cacheWhatIfs.bind(shared);
    const shares = [0.25, 0.5, 0.75];
    const first = whatIfsOf('1h', shares, 0.3, 0.1);
    expect(whatIfsOf('1h', shares, 0.3, 0.1)).toBe(first);
    // The same shares in a new list: the same objects.
    expect(whatIfsOf('1h', [0.25, 0.5, 0.75], 0.3, 0.1)).toBe(first);
    // Other figures: new figures, the same labels and variants.
    const other = whatIfsOf('1h', shares, 0.3, 0.2);
    expect(other.figures[1]).toEqual({ readShare: 0.5, ttl: '1h', breakEvenReadShare: 0.3, writesPerRead: 0.2 });
    expect(other.labels).toBe(first.labels);
    expect(other.variants).toBe(first.variants);
    // A list changed in place after it was passed: its new shares, not the old ones.
    shares[0] = 0.1;
    expect(whatIfsOf('1h', shares, 0.3, 0.2).labels[0]).toEqual({ says: 'prompt-cache-label', readShare: 0.1, ttl: '1h' });
    // A break-even share that is not a number (no price) matches itself.
    const none = whatIfsOf('5m', [0.5], NaN, 0);
    expect(whatIfsOf('5m', [0.5], NaN, 0)).toBe(none);
    // Another analysis (its own ReplayShared) makes its own: nothing is kept from one call to the next.
    expect(new ReplayShared().cacheWhatIfs('5m', [0.5], NaN, 0)).not.toBe(none);
    expect(new ReplayShared().cacheWhatIfs('5m', [0.5], NaN, 0)).toEqual(none);
  });

  it('is what one literal per scenario was, for any shares and figures', () => {
    fc.assert(fc.property(
      fc.constantFrom('5m' as const, '1h' as const),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.double({ noNaN: false }), fc.double({ min: 0, max: 10, noNaN: true }),
      (ttl, shares, breakEven, writesPerRead) => {
        const made = new ReplayShared().cacheWhatIfs(ttl, shares, breakEven, writesPerRead);
        shares.forEach((share, i) => {
          expect(made.variants[i]).toBe(`read-${Math.round(share * 100)}%-${ttl}`);
          expect(JSON.stringify(made.labels[i])).toBe(JSON.stringify({ says: 'prompt-cache-label', readShare: share, ttl }));
          expect(JSON.stringify(made.figures[i])).toBe(JSON.stringify({ readShare: share, ttl, breakEvenReadShare: breakEven, writesPerRead }));
        });
      },
    ));
  });
});

describe('ReplayShared', () => {
  const catalogSource: PriceSource = { id: 'aws-page', title: 'Amazon Bedrock pricing', url: 'https://aws.amazon.com/bedrock/pricing/', readOn: '2026-01-02', reliability: 'AWS' };
  const ratesFile: PriceSource = { id: 'rates', title: 'rates.json', url: 'rates.json', readOn: '2026-01-03', reliability: 'user' };
  const priced = (amount: string, source: PriceSource): Priced => ({ usd: usd(amount), source });

  it('gives one frozen line for equal prices from one source, as the literal the report had', () => {
    const shared = new ReplayShared();
    const a = shared.priceLine('input', '1K tokens', priced('0.003', catalogSource));
    // Another row's price of the same value: the same line.
    expect(shared.priceLine('input', '1K tokens', priced('0.0030', catalogSource))).toBe(a);
    expect(JSON.stringify(a)).toBe('{"dimension":"input","unit":"1K tokens","usd":"0.003","source":{"cites":"source","title":"Amazon Bedrock pricing"},"readOn":"2026-01-02"}');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.source)).toBe(true);
    // Another value, dimension or source: a line of its own.
    expect(shared.priceLine('input', '1K tokens', priced('0.0031', catalogSource)).usd.toString()).toBe('0.0031');
    expect(shared.priceLine('output', '1K tokens', priced('0.003', catalogSource)).dimension).toBe('output');
    const own = shared.priceLine('input', '1K tokens', priced('0.003', ratesFile));
    expect(own).not.toBe(a);
    expect(own.source).toEqual({ cites: 'rates-file', file: 'rates.json' });
    expect(own.readOn).toBe('2026-01-03');
    // 0.003 and 0.03 share a word of digits, not an exponent.
    expect(shared.priceLine('input', '1K tokens', priced('0.03', catalogSource)).usd.toString()).toBe('0.03');
  });

  it('shares a line exactly when the prices are equal, for any prices', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
      (specs) => {
        const shared = new ReplayShared();
        const made = specs.map(([units, scale, rates]) => {
          const text = scale === 0 ? units.toString() : `${units / 10n ** BigInt(scale)}.${(units % 10n ** BigInt(scale)).toString().padStart(scale, '0')}`;
          const source = rates ? ratesFile : catalogSource;
          return { value: usd(text), source, line: shared.priceLine('input', '1K tokens', { usd: usd(text), source }) };
        });
        for (const x of made) {
          // The line states the price it was asked for, by value, with its own source.
          expect(x.line.usd.equals(x.value)).toBe(true);
          expect(x.line.readOn).toBe(x.source.readOn);
          for (const y of made) {
            if (x.line === y.line) expect(x.value.equals(y.value) && x.source === y.source).toBe(true);
            // Equal prices of at most seven significant digits (one word) from one source: one line.
            else if (x.source === y.source && x.value.equals(y.value)) expect(x.value.d.length).toBeGreaterThan(1);
          }
        }
      },
    ));
  });

  it('gives the day and term hours of the date it is asked for, whatever date came before', () => {
    const shared = new ReplayShared();
    // 2026-03-01 00:00 UTC: one month is March, 31 days of 24 hours = 744 hours; six months to 2026-09-01
    // are 31 + 30 + 31 + 30 + 31 + 31 = 184 days = 4,416 hours.
    const march = new Date(Date.UTC(2026, 2, 1));
    expect(shared.boughtOn(march)).toBe('2026-03-01');
    expect(shared.termHours(march, 1)).toBe(744);
    expect(shared.termHours(march, 6)).toBe(4416);
    expect(shared.termHours(march, 1)).toBe(744);
    // February 2026 (28 days): 672 hours, and its own day.
    const february = new Date(Date.UTC(2026, 1, 1));
    expect(shared.termHours(february, 1)).toBe(672);
    expect(shared.boughtOn(february)).toBe('2026-02-01');
    expect(shared.boughtOn(march)).toBe('2026-03-01');
    expect(shared.termHours(march, 1)).toBe(744);
  });

  it('gives one frozen label for a sized term of the same figures', () => {
    const shared = new ReplayShared();
    const label = shared.provisionedLabel('oneMonth', 3, 5);
    expect(label).toEqual({ says: 'provisioned-label', term: 'oneMonth', sized: { units: 3, unitsForPeak: 5 } });
    expect(JSON.stringify(label)).toBe('{"says":"provisioned-label","term":"oneMonth","sized":{"units":3,"unitsForPeak":5}}');
    expect(shared.provisionedLabel('oneMonth', 3, 5)).toBe(label);
    expect(shared.provisionedLabel('sixMonth', 3, 5)).not.toBe(label);
    expect(shared.provisionedLabel('oneMonth', 3, 6)).toEqual({ says: 'provisioned-label', term: 'oneMonth', sized: { units: 3, unitsForPeak: 6 } });
    expect(Object.isFrozen(label)).toBe(true);
  });
});

describe('a report with shared objects', () => {
  const now = new Date(BENCH_END * 1000);
  const report = analyze(collectorSnapshot(3, [[2, 60]]), benchCatalog(3), { now });

  it('shares the prompt-cache what-ifs across models with the same figures, frozen', () => {
    const cacheOf = (m: number) => report.models[m]!.scenarios.filter((s) => s.mode === 'prompt-cache');
    const [a, b] = [cacheOf(0), cacheOf(1)];
    expect(a.length).toBe(6);
    for (let i = 0; i < a.length; i++) {
      expect(b[i]!.label).toBe(a[i]!.label);
      expect(b[i]!.promptCache).toBe(a[i]!.promptCache);
      expect(Object.isFrozen(a[i]!.label)).toBe(true);
      expect(Object.isFrozen(a[i]!.promptCache)).toBe(true);
    }
  });

  it('shares the provisioned terms\' quota and term-hours notes across models, frozen, in each list\'s order', () => {
    const ptOf = (m: number, mode: string) => report.models[m]!.scenarios.find((s) => s.mode === mode)!;
    const noteOf = (m: number, mode: string, says: string) => ptOf(m, mode).assumptions.find((n) => 'says' in n && n.says === says)!;
    for (const [mode, term] of [['provisioned-1-month', 'oneMonth'], ['provisioned-6-month', 'sixMonth']] as const) {
      const quota = noteOf(0, mode, 'pt-committed-quota');
      expect(quota).toEqual({ says: 'pt-committed-quota', term });
      expect(noteOf(1, mode, 'pt-committed-quota')).toBe(quota);
      expect(Object.isFrozen(quota)).toBe(true);
      const hours = noteOf(0, mode, 'pt-term-hours');
      // Bought on the report's day (the bench window's end), for the term's calendar months.
      expect(hours).toMatchObject({ says: 'pt-term-hours', months: term === 'oneMonth' ? 1 : 6, boughtOn: now.toISOString().slice(0, 10) });
      expect(noteOf(1, mode, 'pt-term-hours')).toBe(hours);
      expect(Object.isFrozen(hours)).toBe(true);
      // The list in the order it has always had: the window, what every provisioned scenario assumes,
      // the term's quota, the unit capacity, the term's hours.
      expect(ptOf(0, mode).assumptions.map((n) => ('says' in n ? n.says : ''))).toEqual([
        'monthly-scale-window', 'pt-billed-every-hour', 'pt-overflow-on-demand', 'pt-input-capacity-all-input',
        'pt-committed-quota', 'pt-unit-capacity', 'pt-term-hours',
      ]);
    }
    // Each scenario has a list of its own, of exactly its notes.
    expect(ptOf(0, 'provisioned-1-month').assumptions).not.toBe(ptOf(1, 'provisioned-1-month').assumptions);
    // Another day: a note of its own day, not the last one's.
    const later = new Date(now.getTime() + 86_400_000);
    const nextNotes = analyze(collectorSnapshot(3, [[2, 60]]), benchCatalog(3), { now: later }).models
      .flatMap((m) => m.scenarios.filter((s) => s.mode === 'provisioned-1-month'))
      .flatMap((s) => s.assumptions.filter((n) => 'says' in n && n.says === 'pt-term-hours'));
    expect(nextNotes.length).toBeGreaterThan(0);
    for (const n of nextNotes) expect(n).toMatchObject({ boughtOn: later.toISOString().slice(0, 10) });
  });

  it('shares price lines, sized labels and a model\'s unit capacity, frozen', () => {
    const [a, b] = [report.models[0]!, report.models[1]!];
    expect(a.prices.length).toBe(14);
    a.prices.forEach((line, i) => {
      expect(b.prices[i]).toBe(line);
      expect(Object.isFrozen(line)).toBe(true);
    });
    const sized = report.models.flatMap((m) => m.scenarios.filter((s) => s.provisioned?.bestUnits !== undefined));
    expect(sized.length).toBeGreaterThan(0);
    for (const s of sized) {
      expect(Object.isFrozen(s.label)).toBe(true);
      expect(Object.isFrozen(s.provisioned!.unitCapacity)).toBe(true);
    }
    const terms = a.scenarios.filter((s) => s.provisioned?.unitCapacity);
    expect(terms.length).toBe(3);
    expect(terms[1]!.provisioned!.unitCapacity).toBe(terms[0]!.provisioned!.unitCapacity);
  });

  it('renders in every format with them frozen (no renderer changes them)', () => {
    const view = publishedReport(report);
    expect(renderText(view)).toContain('bench.model-1-v1:0');
    expect(renderMarkdown(view).length).toBeGreaterThan(0);
    const json = JSON.parse(JSON.stringify(toPublishedJson(view))) as { models: Array<{ scenarios: Array<{ variant?: string }> }> };
    expect(json.models[0]!.scenarios.map((s) => s.variant).filter(Boolean)).toEqual(['read-25%-5m', 'read-50%-5m', 'read-75%-5m', 'read-25%-1h', 'read-50%-1h', 'read-75%-1h']);
  });

  it('keeps each monthly figure as the figure itself: the same value in Money', () => {
    for (const m of report.models) {
      expect(m.currentMonthlyCost!.constructor).toBe(Money);
      for (const s of m.scenarios) {
        if (s.cost === null || s.monthlyCost === null) continue;
        expect(s.monthlyCost.constructor).toBe(Money);
        expect(s.monthlyCost.equals(perMonth(s.cost, 48))).toBe(true);
      }
    }
  });
});
