import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import type { AdvisorReport, Recommendation } from '../../src/report/report.js';
import { reportFixture } from '../fixtures/advisor-report.js';

function recommendation(i: number, overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    region: i % 2 === 0 ? 'us-east-1' : 'eu-west-1',
    action: 'move-to-batch',
    fromMode: 'on-demand',
    toMode: 'batch',
    title: `Recommendation ${i}: move Claude 3 Haiku traffic to batch`,
    currentMonthlyCost: usd('2000.00'),
    newMonthlyCost: usd('1000.00'),
    monthlySavings: usd(1000 - i),
    savingsPercent: usd('50.04'),
    confidence: 'medium',
    assumptions: ['All traffic tolerates 24-hour latency.'],
    nextSteps: [`Step for recommendation ${i}`],
    ...overrides,
  };
}

function report(recommendations: Recommendation[], overrides: Partial<AdvisorReport> = {}): AdvisorReport {
  const base = reportFixture(recommendations);
  return { ...base, summary: { ...base.summary, currentMonthlyCost: usd('4567.891'), potentialMonthlySavings: usd('1234.5649'), modelsAnalysed: 3 }, ...overrides };
}

describe('buildChatbotNotification', () => {
  it('carries the required version, source and content.description, with client-markdown text', () => {
    const notification = buildChatbotNotification(report([recommendation(1)]));

    expect(notification.version).toBe('1.0');
    expect(notification.source).toBe('custom');
    expect(notification.content.textType).toBe('client-markdown');
    expect(notification.content.description.length).toBeGreaterThan(0);
    expect(notification.content.title).toBe('Bedrock cost advisor: $1,234.56/month potential savings');
  });

  it('lists the top recommendations in rank order with their savings and says how many more there are', () => {
    const recs = Array.from({ length: 7 }, (_, i) => recommendation(i + 1));

    const { content } = buildChatbotNotification(report(recs), { maxRecommendations: 3 });

    const lines = content.description.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Recommendation 1:');
    expect(lines[0]).toContain('save *$999.00/month* (50%)');
    expect(lines[2]).toContain('Recommendation 3:');
    expect(content.description).toContain('...and 4 more');
  });

  it('takes next steps from the recommendations shown, without repeats', () => {
    const recs = [recommendation(1), recommendation(2, { nextSteps: ['Step for recommendation 1'] }), recommendation(3)];

    const { content } = buildChatbotNotification(report(recs));

    expect(content.nextSteps).toEqual(['Step for recommendation 1', 'Step for recommendation 3']);
  });

  it('says no savings were found and still gives a next step when there are no recommendations', () => {
    const empty = report([], { summary: { currentMonthlyCost: usd(12), pricedMonthlyCost: usd(12), potentialMonthlySavings: usd(0), recommendations: 0, modelsAnalysed: 1, unpricedModels: 0, unpricedProvisionedThroughputs: 0 } });

    const { content } = buildChatbotNotification(empty);

    expect(content.title).toBe('Bedrock cost advisor: no savings found');
    expect(content.description).not.toContain('Top recommendations');
    expect(content.nextSteps).toHaveLength(1);
  });

  it('mentions unpriced models and failed scopes', () => {
    const r = report([recommendation(1)], {
      summary: { currentMonthlyCost: usd(10), pricedMonthlyCost: usd(10), potentialMonthlySavings: usd(5), recommendations: 1, modelsAnalysed: 4, unpricedModels: 2, unpricedProvisionedThroughputs: 0 },
      errors: [{ scope: 'region ap-south-1', message: 'AccessDenied' }],
    });

    const { content } = buildChatbotNotification(r);

    expect(content.description).toContain('2 models could not be priced');
    expect(content.description).toContain('region ap-south-1');
  });

  it('keeps the description under 3,000 characters however many recommendations are asked for', () => {
    const recs = Array.from({ length: 60 }, (_, i) => recommendation(i, { title: `${'Very long title '.repeat(20)}${i}` }));

    const { content } = buildChatbotNotification(report(recs), { maxRecommendations: 60 });

    expect(content.description.length).toBeLessThanOrEqual(3000);
    expect(content.description).toMatch(/^1\. /m);
  });

  it('serialises to a JSON object with only documented keys and string context values', () => {
    const notification = JSON.parse(JSON.stringify(buildChatbotNotification(report([recommendation(1)])))) as Record<string, unknown>;

    expect(Object.keys(notification).sort()).toEqual(['content', 'id', 'metadata', 'source', 'version']);
    const metadata = notification.metadata as { additionalContext: Record<string, unknown>; summary: unknown; eventType: unknown };
    expect(Object.values(metadata.additionalContext).every((v) => typeof v === 'string')).toBe(true);
    expect(typeof metadata.summary).toBe('string');
    expect(typeof metadata.eventType).toBe('string');
  });
});
