import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHATBOT_LIMITS, buildChatbotNotification, chatbotNotificationSchema, isoWeek } from '../../src/report/chatbot.js';
import { SAMPLE_ACCOUNT } from '../../src/sample/sample.js';
import { sampleAnalysis } from './sample-report.js';
import { publishedReport } from '../../src/report/published.js';

describe('the Slack notification (Amazon Q Developer custom notification)', () => {
  const report = sampleAnalysis();
  const notification = buildChatbotNotification(publishedReport(report));

  it('passes the documented schema: required version, source and description; textType client-markdown; lengths', () => {
    expect(chatbotNotificationSchema.safeParse(notification).success).toBe(true);
    expect(notification.version).toBe('1.0');
    expect(notification.source).toBe('custom');
    expect(notification.content.textType).toBe('client-markdown');
    expect(notification.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.description);
  });

  it('the schema rejects what Chatbot would drop silently', () => {
    const bad = [
      { ...notification, version: '2.0' },
      { ...notification, source: 'aws.bedrock' },
      { ...notification, content: { ...notification.content, description: '' } },
      { ...notification, content: { ...notification.content, textType: 'markdown' } },
      { ...notification, content: { ...notification.content, title: 'x'.repeat(CHATBOT_LIMITS.title + 1) } },
      { ...notification, metadata: { ...notification.metadata, additionalContext: { n: 1 } } },
    ];
    for (const b of bad) expect(chatbotNotificationSchema.safeParse(b).success).toBe(false);
  });

  it('names each plan and its saving once: no "...: save $X/month* (region): save *$X/month*"', () => {
    const lines = notification.content.description.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('1. *Amazon Nova 2 Lite (us-east-1)*: save *$106,199.77/month*, confidence high. now: Route amazon.nova-2-lite-v1:0\'s on-demand traffic to support-bot: the 2 unit(s) already paid for have room for it (+1 later step)');
    for (const line of lines) {
      expect(line.match(/save/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(line.match(/us-east-1/g)?.length).toBe(1);
    }
    // The fifth plan's saving is unknown (Nova Canvas, no live successor): the total is a floor.
    // The sample's Nova Canvas migration is required and its cost unknown: the title says so.
    expect(notification.content.title).toBe(`Bedrock: save at least $109,036.25/month; required cost unknown (account ${SAMPLE_ACCOUNT}, us-east-1)`);
  });

  it('gives next steps, keywords and one thread per account and week', () => {
    expect(notification.content.nextSteps![0]).toContain('provisioned-model/q7r1x2support');
    // The top three plans' first steps; the fourth (delete the unused custom model) waits for the email.
    expect(notification.content.nextSteps).toEqual([
      expect.stringContaining('provisioned-model/q7r1x2support'),
      'Call global.anthropic.claude-sonnet-4-5-20250929-v1:0 instead of the regional or geo profile',
      'Invoke amazon.nova-pro-v1:0 (or its cross-Region profile) instead of amazon.nova-premier-v1:0',
    ]);
    expect(notification.content.keywords).toEqual(['Bedrock', 'cost', 'us-east-1', SAMPLE_ACCOUNT]);
    // The window is 9-22 Nov 2026; Sunday 22 Nov 2026 is in ISO week 47.
    expect(notification.metadata?.threadId).toBe(`bedrock-cost-advisor-${SAMPLE_ACCOUNT}-2026-W47`);
  });

  it('numbers ISO weeks by their Thursday (year boundaries)', () => {
    expect(isoWeek(new Date('2026-11-22T12:00:00Z'))).toBe('2026-W47');
    expect(isoWeek(new Date('2026-11-23T00:00:00Z'))).toBe('2026-W48');
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53'); // Friday: its Thursday is 31 Dec 2026
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01'); // Monday of the week with 2 Jan 2025
  });

  it('stays valid however many plans are asked for (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '\n\t', 'x'.repeat(200))), (maxPlans, account) => {
      const n = buildChatbotNotification(publishedReport(report), { maxPlans, ...(account ? { account } : {}) });
      expect(chatbotNotificationSchema.safeParse(n).success).toBe(true);
    }), { numRuns: 30 });
  });
});
