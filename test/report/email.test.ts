import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_WIDTH, renderEmailDigest, topActions } from '../../src/report/email.js';
import { sampleAnalysis } from './sample-report.js';
import { published } from '../fixtures/published-text.js';
import { adviceText } from '../../src/report/advice-text.js';
import { publishedReport } from '../../src/report/published.js';

describe('the email digest', () => {
  const report = sampleAnalysis();
  const text = renderEmailDigest(publishedReport(report));
  const lines = text.split('\n');

  it('opens with spend, savings and the top three actions, in that order', () => {
    expect(lines[0]).toBe('Amazon Bedrock cost advice for 9–22 Nov 2026, account 111122223333, us-east-1.');
    // $174,107.78/month x 336 h / 730 h = $80,137.28 spent in the 14 days.
    expect(lines[2]).toBe('Bedrock spend: $80,137.28 in 14 days, $174,107.78/month.');
    // 106,199.77 + 2,794.62 + 39.91 (Nova Premier -> Nova Pro) + 1.95; batch: 670.49 + 28.03. The fifth plan is
    // Nova Canvas past its end of life (2026-09-30) with no live successor: its saving is unknown, not $0.00,
    // so the total is a floor over the four priced plans.
    expect(lines[3]).toBe("Savings available: at least $109,036.25/month from 4 plans (1 plan's saving is");
    expect(lines[4]).toBe('unknown, not in the total).');
    expect(lines[5]).toBe('Up to $698.52/month more from batch (an upper bound).');
    expect(topActions(publishedReport(report))).toHaveLength(3);
    expect(text.indexOf('Top actions:')).toBeLessThan(text.indexOf('MODELS'));
    expect(text).toMatch(/^1\. Amazon Nova 2 Lite \(us-east-1\), save \$106,199\.77\/month\. Now: Route/m);
  });

  it('marks today\'s mode and the plan\'s mode in each model table, and batch as an upper bound', () => {
    expect(text).toMatch(/^ {2}on-demand +\$60,939\.77 {2}\* today$/m);
    expect(text).toMatch(/^ {2}provisioned-6-month +\$35,040\.00 {2}<- plan$/m);
    expect(text).toMatch(/^ {2}batch +\$670\.49 {2}\(upper bound\)$/m);
  });

  it('uses human dates, never millisecond timestamps, and ends with source, window, ad hoc run and unsubscribe', () => {
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect(text).toContain('commitment ends 5 Dec 2026');
    const footer = text.slice(text.lastIndexOf('-'.repeat(EMAIL_WIDTH)));
    expect(footer).toMatch(/Prices: AWS list prices from the bundled catalog, as of \d+ \w{3} \d{4}/);
    expect(footer).toContain('Window: 9–22 Nov 2026');
    expect(footer).toContain('Ad hoc analysis: npx bedrock-cost-advisor analyze --region us-east-1');
    expect(footer).toContain('Unsubscribe:');
  });

  it('keeps every line within 80 columns, whatever the names, ARNs and reasons (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 200 });
    fc.assert(fc.property(text, text, text, (name, reason, action) => {
      const hostile = {
        ...report,
        models: report.models.map((m) => ({ ...m, name: `${name}${m.modelId}`, ...(m.unpricedReason ? { unpricedReason: published(reason) } : {}) })),
        plans: report.plans!.map((p) => ({ ...p, why: [published(reason)], steps: p.steps.map((s) => ({ ...s, action: published(`${action} ${adviceText(s.action)}`) })) })),
      };
      for (const line of renderEmailDigest(publishedReport(hostile)).split('\n')) expect([...line].length).toBeLessThanOrEqual(EMAIL_WIDTH);
    }), { numRuns: 40 });
  });
});
