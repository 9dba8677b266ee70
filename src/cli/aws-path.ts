import { fromIni } from '@aws-sdk/credential-providers';
import { SnsDigestPublisher, createSnsClient } from '../aws/sns-publisher.js';
import { ConfigurationError, InputError } from '../errors.js';
import type { AdvisorReport } from '../report/report.js';
import { AccountCollectionError, collectAccountSnapshot } from '../service/analyze-account.js';
import { awsRegionSources } from '../aws/sources.js';
import type { UsageSnapshot } from '../usage/usage.js';

/**
 * The CLI's AWS path, loaded only when --region is given so offline runs never load the SDK.
 * Credentials come from the default provider chain, or from a named profile with --profile.
 */
function credentials(profile: string | undefined) {
  return profile ? { credentials: fromIni({ profile }) } : {};
}

/** `deadline` (epoch ms): Regions not read by then are named in the snapshot's errors as incomplete. */
export async function collectFromAccount(args: { regions: string[]; days: number; profile?: string; deadline?: number }): Promise<UsageSnapshot> {
  for (const region of args.regions) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new ConfigurationError(`--region "${region}" is not an AWS Region code such as us-east-1`);
  }
  const extra = credentials(args.profile);
  try {
    return await collectAccountSnapshot(
      { regions: args.regions, days: args.days, ...(args.deadline !== undefined ? { deadline: args.deadline } : {}) },
      awsRegionSources(extra),
    );
  } catch (error) {
    // Every Region failed (no credentials, no access): the user can fix that, so no stack trace.
    if (error instanceof AccountCollectionError) throw new InputError(error.message, { cause: error });
    throw error;
  }
}

/** Checks the topic before any AWS call, so a typo does not cost a whole collection. Returns its Region. */
export function topicRegion(topicArn: string): string {
  const match = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[\w-]+$/.exec(topicArn);
  if (!match) throw new ConfigurationError(`--publish "${topicArn}" is not an SNS topic ARN`);
  return match[1] as string;
}

export async function publishReport(report: AdvisorReport, topicArn: string, profile?: string): Promise<string> {
  const publisher = new SnsDigestPublisher({ client: createSnsClient(topicRegion(topicArn), credentials(profile)), topicArn });
  return (await publisher.publish(report)).messageId;
}
