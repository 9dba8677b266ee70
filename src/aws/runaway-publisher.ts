import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RunawayIncident } from '../runaway/detect.js';
import { incidentAttributes, incidentSnsMessage } from '../report/runaway-message.js';
import { abortable } from './client-config.js';
import { AwsResponseError } from '../errors.js';

/**
 * Publishes one runaway incident to the advisor's topic: one Publish, `MessageStructure: 'json'`
 * (email text, the Slack custom notification over HTTPS, the JSON form for SQS and Lambda), with
 * string message attributes for subscription filter policies.
 */
export class SnsIncidentPublisher {
  constructor(private readonly opts: { client: SNSClient; topicArn: string; account: string }) {}

  async publish(incident: RunawayIncident, signal?: AbortSignal): Promise<string> {
    const { subject, message } = incidentSnsMessage(incident, this.opts.account);
    const attributes = Object.fromEntries(Object.entries(incidentAttributes(incident, this.opts.account)).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
    const out = await this.opts.client.send(
      new PublishCommand({ TopicArn: this.opts.topicArn, Subject: subject, Message: message, MessageStructure: 'json', MessageAttributes: attributes }),
      abortable(signal),
    );
    if (!out.MessageId) throw new AwsResponseError(`SNS accepted the runaway alert for ${this.opts.topicArn} but returned no MessageId`);
    return out.MessageId;
  }
}
