import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { abortable } from './client-config.js';
import type { PublishedReport } from '../report/published.js';
import type { SnsMessageOptions } from '../report/sns-message.js';
import { AwsResponseError } from '../errors.js';

export { createSnsClient, PUBLISH_RETRY } from './sns-client.js';

/** Publishes the advisor's digest to one SNS topic: email, chat (Chatbot over HTTPS), SQS and Lambda subscribers each get their own form. */

export interface SnsDigestPublisherOptions extends Pick<SnsMessageOptions, 'maxBytes' | 'renderText' | 'maxChatbotRecommendations'> {
  client: SNSClient;
  topicArn: string;
}

export interface PublishResult {
  messageId: string;
  /** UTF-8 size of the published message. */
  bytes: number;
  omittedRecommendations: number;
}

export class SnsDigestPublisher {
  private readonly client: SNSClient;
  private readonly topicArn: string;
  private readonly messageOptions: SnsMessageOptions;

  constructor(opts: SnsDigestPublisherOptions) {
    const { client, topicArn, ...messageOptions } = opts;
    this.client = client;
    this.topicArn = topicArn;
    this.messageOptions = messageOptions;
  }

  /** Exactly one Publish per call, with `MessageStructure: 'json'` so each protocol gets its own body. */
  async publish(report: PublishedReport, signal?: AbortSignal): Promise<PublishResult> {
    // The message's renderers load on the first publish, not at a Lambda's cold init (bench/cold-init.ts).
    const { buildSnsMessage } = await import('../report/sns-message.js');
    const built = buildSnsMessage(report, this.messageOptions);
    const out = await this.client.send(
      new PublishCommand({ TopicArn: this.topicArn, Subject: built.subject, Message: built.message, MessageStructure: 'json' }),
      abortable(signal),
    );
    if (!out.MessageId) throw new AwsResponseError(`SNS accepted the digest for ${this.topicArn} but returned no MessageId`);
    return { messageId: out.MessageId, bytes: built.bytes, omittedRecommendations: built.omittedRecommendations };
  }
}
