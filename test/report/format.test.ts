import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, humanDate, humanWindow, markdownCode, wrap } from '../../src/report/format.js';
import { renderMarkdown } from '../../src/report/render-text.js';
import { sampleAnalysis } from './sample-report.js';
import { publishedReport } from '../../src/report/published.js';

describe('human dates', () => {
  it('writes windows as people do, the end day inclusive', () => {
    expect(humanWindow('2026-11-17T00:00:00.000Z', '2026-11-25T00:00:00.000Z')).toBe('17–24 Nov 2026');
    expect(humanWindow('2026-10-28T00:00:00Z', '2026-11-04T00:00:00Z')).toBe('28 Oct – 3 Nov 2026');
    expect(humanWindow('2026-12-28T00:00:00Z', '2027-01-04T00:00:00Z')).toBe('28 Dec 2026 – 3 Jan 2027');
    expect(humanWindow('2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z')).toBe('22 Nov 2026');
    expect(humanDate('2026-12-05T09:30:00.000Z')).toBe('5 Dec 2026');
    expect(humanDate('2026-12-05')).toBe('5 Dec 2026');
  });
});

describe('markdown escaping', () => {
  it('escapes what GitHub markdown would interpret: * _ | ` [ ] < & ~ and backslash', () => {
    expect(escapeMarkdown('a*b_c|d`e[f]<g>&h~i\\j')).toBe('a\\*b\\_c\\|d\\`e\\[f\\]&lt;g>&amp;h\\~i\\\\j');
    expect(escapeMarkdown('amazon.nova-2-lite-v1:0 (us-east-1)')).toBe('amazon.nova-2-lite-v1:0 (us-east-1)');
  });

  it('fences code spans longer than any backtick run inside them', () => {
    expect(markdownCode('aws bedrock list')).toBe('`aws bedrock list`');
    expect(markdownCode('a `b` c')).toBe('`` a `b` c ``');
  });

  it('a model name with markdown characters cannot break the report', () => {
    const report = sampleAnalysis();
    const hostile = { ...report, models: report.models.map((m, i) => (i === 0 ? { ...m, name: 'Evil *bold* _it_ | <script>' } : m)) };
    const md = renderMarkdown(publishedReport(hostile));
    expect(md).toContain('Evil \\*bold\\* \\_it\\_ \\| &lt;script>');
    expect(md).not.toContain('<script>');
  });
});

describe('wrap (property)', () => {
  it('never makes a line longer than the width, and keeps every word in order', () => {
    const word = fc.string({ minLength: 1, maxLength: 120 }).map((s) => s.replace(/\s/g, 'x'));
    fc.assert(fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 20, max: 100 }), fc.nat({ max: 8 }), (words, width, indent) => {
      const lines = wrap(words.join(' '), width, ' '.repeat(indent), ' '.repeat(indent + 2));
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines.map((l) => l.trim()).join('').replace(/\s/g, '')).toBe(words.join(''));
    }), { numRuns: 200 });
  });
});
