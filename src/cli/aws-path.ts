import { fromIni } from '@aws-sdk/credential-providers';
import { SnsDigestPublisher, createSnsClient } from '../aws/sns-publisher.js';
import { CostExplorerBillReader, createCostExplorerClient } from '../aws/cost-explorer.js';
import { createS3Client } from '../aws/run-reader.js';
import { downloadInvocationLogObjects, type DownloadedLogs } from '../aws/s3-invocation-logs.js';
import { createCloudWatchLogsClient, writeLogGroupEvents, type LogEventWindow, type LogGroupRead } from '../aws/cloudwatch-logs-invocation-logs.js';
import type { BillRead } from '../bill/billed-line.js';
import { ConfigurationError, InputError } from '../errors.js';
import type { AdvisorReport } from '../domain/report.js';
import { timeoutSignal } from '../abort.js';
import { InvocationLogError } from '../logs/log-rows.js';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { timerMs } from '../clock.js';
import { MAX_ACCOUNTS } from '../limits.js';
import { DeadlineReachedError, collectAccountPeriods, type AccountAnalysisRequest } from '../service/analyze-account.js';
import { collectAccounts, type CollectedAccounts } from '../service/analyze-accounts.js';
import { parseAccountsSpec, type AccountsSpec } from '../aws/account-targets.js';
import { assumedRoleSources, createStsClient } from '../aws/accounts.js';
import { createOrganizationsClient, OrganizationAccountLister, resolveAccountTargets } from '../aws/organization-accounts.js';
import { awsRegionSources } from '../aws/sources.js';
import type { UsageSnapshot } from '../usage/usage.js';
import type { PublishedReport } from '../report/published.js';
import { REGION_EXAMPLE, isRegionCode } from '../region.js';
import { ARN_PATTERNS } from '../model-id.js';

/**
 * The CLI's AWS path, loaded only when --region is given so offline runs never load the SDK.
 * Credentials come from the default provider chain, or from a named profile with --profile.
 */
function credentials(profile: string | undefined) {
  return profile ? { credentials: fromIni({ profile }) } : {};
}

interface CollectArgs {
  regions: string[];
  days: number;
  /** The run's clock reading: the collection window ends here. */
  now: Date;
  profile?: string;
  deadline?: number;
  /** `--history-days`: also read this many days as hourly sums, for the forecast alone. */
  historyDays?: number;
}

function collectRequest(args: CollectArgs): AccountAnalysisRequest {
  for (const region of args.regions) {
    if (!isRegionCode(region)) throw new ConfigurationError(`--region "${region}" is not ${REGION_EXAMPLE}`);
  }
  // The period before the window too, as the Lambdas read it: the report gets week over week.
  return {
    regions: args.regions, days: args.days, now: args.now, compareWithPreviousPeriod: true,
    ...(args.deadline !== undefined ? { deadline: args.deadline } : {}), ...(args.historyDays !== undefined ? { historyDays: args.historyDays } : {}),
  };
}

/** --role-arn / --organization / --member-role-name / --external-id, checked; undefined = the caller's own account. */
export function accountsFlags(flags: { roleArns?: string[]; organization?: boolean; memberRoleName?: string; externalId?: string }): AccountsSpec | undefined {
  return parseAccountsSpec(
    {
      ...(flags.roleArns ? { accounts: flags.roleArns.map((roleArn) => ({ roleArn })) } : {}),
      ...(flags.organization ? { organization: true } : {}),
      ...(flags.memberRoleName !== undefined ? { memberRoleName: flags.memberRoleName } : {}),
      ...(flags.externalId !== undefined ? { externalId: flags.externalId } : {}),
    },
    { accounts: '--role-arn', organization: '--organization', memberRoleName: '--member-role-name', externalId: '--external-id' },
  );
}

/** Every account of `accounts`, each through its assumed role (STS and Organizations with the caller's credentials). */
export async function collectFromAccounts(args: CollectArgs & { accounts: AccountsSpec }): Promise<CollectedAccounts> {
  const request = collectRequest(args);
  const extra = credentials(args.profile);
  const region = args.regions[0]!;
  // The organisation's listing counts against --timeout too.
  const listing = args.deadline !== undefined ? timeoutSignal(args.deadline - timerMs(), () => new DeadlineReachedError('--timeout reached while listing the organization\'s accounts')) : undefined;
  let targets;
  try {
    targets = await resolveAccountTargets(args.accounts, () => new OrganizationAccountLister(createOrganizationsClient(extra)), 'aws', MAX_ACCOUNTS, listing?.signal);
  } catch (error) {
    if (listing?.signal.aborted) throw new InputError(String((listing.signal.reason as Error).message), { cause: error });
    throw error;
  } finally {
    listing?.dispose();
  }
  // No account could be read (no role assumable): an AccountCollectionError, which the user can fix.
  return collectAccounts(request, targets, assumedRoleSources(() => createStsClient(region, extra)));
}

/** `deadline` (epoch ms): Regions not read by then are named in the snapshot's errors as incomplete. */
export async function collectFromAccount(args: CollectArgs): Promise<{ snapshot: UsageSnapshot; previousSnapshot?: UsageSnapshot }> {
  const request = collectRequest(args);
  const extra = credentials(args.profile);
  // Every Region failed (no credentials, no access): an AccountCollectionError, which the user can fix.
  return collectAccountPeriods(request, awsRegionSources(extra));
}

/** Checks the topic before any AWS call, so a typo does not cost a whole collection. Returns its Region. */
export function topicRegion(topicArn: string): string {
  const match = ARN_PATTERNS.snsTopic.exec(topicArn);
  if (!match) throw new ConfigurationError(`--publish "${topicArn}" is not an SNS topic ARN`);
  return match[1] as string;
}

export async function publishReport(report: PublishedReport, topicArn: string, profile?: string): Promise<string> {
  const publisher = new SnsDigestPublisher({ client: createSnsClient(topicRegion(topicArn), credentials(profile)), topicArn });
  return (await publisher.publish(report)).messageId;
}

/** `--bill ce`: the report's days of Bedrock bill from Cost Explorer, per analysed account when several were read. */
export async function readCostExplorerBill(report: Pick<AdvisorReport, 'window'>, profile: string | undefined, accountIds: string[] | undefined): Promise<BillRead> {
  return new CostExplorerBillReader(createCostExplorerClient(credentials(profile))).readFor(report, accountIds);
}

/** `--invocation-logs s3://bucket/prefix`: the log objects copied into `into` in the bucket's layout, by `deadline` (--timeout). */
export async function downloadInvocationLogs(uri: string, into: string, region: string, profile: string | undefined, deadline?: number): Promise<DownloadedLogs> {
  return withLogsDeadline(uri, deadline, (signal) => downloadInvocationLogObjects(createS3Client(region, credentials(profile)), uri, into, signal));
}

/** Logs read from AWS, stopped at `deadline` (epoch ms on the run's timer): a part of the logs is never priced as the whole. */
async function withLogsDeadline<T>(source: string, deadline: number | undefined, read: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const limit = deadline !== undefined ? timeoutSignal(deadline - timerMs(), () => new InvocationLogError(`--timeout reached while reading --invocation-logs ${source}; nothing was priced from a part of the logs`)) : undefined;
  try {
    return await read(limit?.signal);
  } catch (error) {
    if (limit?.signal.aborted) throw limit.signal.reason as Error;
    throw error;
  } finally {
    limit?.dispose();
  }
}

/**
 * `--invocation-logs <log group ARN>`: the group's events in the window, each checked, into `file` as
 * gzipped JSON lines. `deadline` (epoch ms, --timeout) stops the read: a part of a group is never
 * priced as the whole. A group that does not exist or cannot be read is the user's to fix (exit 2).
 */
export async function downloadLogGroupEvents(group: { arn: string; region: string }, file: string, window: LogEventWindow, profile: string | undefined, deadline?: number): Promise<LogGroupRead> {
  const client = createCloudWatchLogsClient(group.region, credentials(profile));
  try {
    return await withLogsDeadline(group.arn, deadline, async (signal) => {
      // Level 1: the file lives for one run; writing it fast matters more than its size.
      const gzip = createGzip({ level: 1 });
      const written = pipeline(gzip, createWriteStream(file));
      try {
        const read = await writeLogGroupEvents(client, group.arn, window, gzip, signal);
        gzip.end();
        await written;
        return read;
      } catch (error) {
        gzip.destroy();
        await written.catch(() => undefined);
        throw error;
      }
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ResourceNotFoundException' || name === 'AccessDeniedException') {
      throw new InvocationLogError(`--invocation-logs ${group.arn}: ${(error as Error).message}${name === 'AccessDeniedException' ? ' (reading a log group needs logs:FilterLogEvents on it)' : ''}`, { cause: error });
    }
    throw error;
  } finally {
    client.destroy();
  }
}
