import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsDigestPublisher } from '../../src/aws/sns-publisher.js';
import { usd } from '../../src/money.js';
import { publishedReport, type PublishedReport } from '../../src/report/published.js';
import type { AdvisorReport, Recommendation } from '../../src/domain/report.js';
import { reportFixture } from '../fixtures/advisor-report.js';
import { published } from '../fixtures/published-text.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:bedrock-cost-advisor-advice';

function recommendation(i: number): Recommendation {
  return {
    advice: { reasons: [], step: published(`step ${i}`) },
    modelId: 'amazon.nova-pro-v1:0',
    region: 'us-east-1',
    action: 'enable-prompt-caching',
    fromMode: 'on-demand',
    toMode: 'prompt-cache',
    title: published(`Enable prompt caching for Nova Pro (${i})`),
    currentMonthlyCost: usd('300'),
    newMonthlyCost: usd('120'),
    monthlySavings: usd('180'),
    savingsPercent: usd('60'),
    confidence: 'low',
    assumptions: [published('Half of the input is a repeated prefix. '.repeat(10))],
  };
}

function report(recommendations: number): PublishedReport {
  const base = reportFixture(Array.from({ length: recommendations }, (_, i) => recommendation(i + 1)));
  return publishedReport({ ...base, summary: { ...base.summary, currentMonthlyCost: usd('300'), potentialMonthlySavings: usd('180') } });
}

const simpleText = (r: AdvisorReport): string => `Digest with ${r.recommendations.length} recommendations`;

const sns = mockClient(SNSClient);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('SnsDigestPublisher', () => {
  it('publishes exactly once, with MessageStructure json, the topic and the subject', async () => {
    // Prepare
    const publisher = new SnsDigestPublisher({ client: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC, renderText: simpleText });

    // Act
    const result = await publisher.publish(report(2));

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: 'Bedrock: save $180.00/month',
    });
    const message = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;
    expect(message.default).toBe('Digest with 2 recommendations');
    expect(result).toEqual({ messageId: 'msg-1', bytes: Buffer.byteLength(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!, 'utf8'), omittedRecommendations: 0 });
  });

  it('publishes a trimmed message and reports how many recommendations were left out', async () => {
    const publisher = new SnsDigestPublisher({ client: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC, renderText: simpleText, maxBytes: 8000 });

    const result = await publisher.publish(report(40));

    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(result.omittedRecommendations).toBeGreaterThan(0);
    expect(result.bytes).toBeLessThanOrEqual(8000);
    const message = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;
    expect(JSON.parse(message.sqs!)).toMatchObject({ omittedRecommendations: result.omittedRecommendations });
  });

  it('fails when SNS returns no message ID', async () => {
    sns.on(PublishCommand).resolves({});
    const publisher = new SnsDigestPublisher({ client: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC, renderText: simpleText });

    await expect(publisher.publish(report(1))).rejects.toThrow(/no MessageId/);
  });

  it('passes an SNS error through', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
    const publisher = new SnsDigestPublisher({ client: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC, renderText: simpleText });

    await expect(publisher.publish(report(1))).rejects.toThrow(/Topic does not exist/);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});
