import { fromIni } from '@aws-sdk/credential-providers';
import { SnsDigestPublisher, createSnsClient } from '../aws/sns-publisher.js';
import { CostExplorerBillReader, createCostExplorerClient } from '../aws/cost-explorer.js';
import type { BillRead } from '../bill/billed-line.js';
import { billReadDays } from '../bill/read-bill.js';
import { ConfigurationError, InputError } from '../errors.js';
import type { AdvisorReport } from '../report/report.js';
import { AccountCollectionError, collectAccountSnapshot, type AccountAnalysisRequest } from '../service/analyze-account.js';
import { collectAccounts, type CollectedAccounts } from '../service/analyze-accounts.js';
import { parseAccountsSpec, type AccountsSpec } from '../aws/account-targets.js';
import { assumedRoleSources, createStsClient } from '../aws/accounts.js';
import { createOrganizationsClient, OrganizationAccountLister, resolveAccountTargets } from '../aws/organization-accounts.js';
import { awsRegionSources } from '../aws/sources.js';
import type { UsageSnapshot } from '../usage/usage.js';
import type { PublishedReport } from '../report/published.js';

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
}

function collectRequest(args: CollectArgs): AccountAnalysisRequest {
  for (const region of args.regions) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new ConfigurationError(`--region "${region}" is not an AWS Region code such as us-east-1`);
  }
  return { regions: args.regions, days: args.days, now: args.now, ...(args.deadline !== undefined ? { deadline: args.deadline } : {}) };
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
  const targets = await resolveAccountTargets(args.accounts, () => new OrganizationAccountLister(createOrganizationsClient(extra)));
  try {
    return await collectAccounts(request, targets, assumedRoleSources(() => createStsClient(region, extra)));
  } catch (error) {
    // No account could be read (no role assumable): the user can fix that, so no stack trace.
    if (error instanceof AccountCollectionError) throw new InputError(error.message, { cause: error });
    throw error;
  }
}

/** `deadline` (epoch ms): Regions not read by then are named in the snapshot's errors as incomplete. */
export async function collectFromAccount(args: CollectArgs): Promise<UsageSnapshot> {
  const request = collectRequest(args);
  const extra = credentials(args.profile);
  try {
    return await collectAccountSnapshot(request, awsRegionSources(extra));
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

export async function publishReport(report: PublishedReport, topicArn: string, profile?: string): Promise<string> {
  const publisher = new SnsDigestPublisher({ client: createSnsClient(topicRegion(topicArn), credentials(profile)), topicArn });
  return (await publisher.publish(report)).messageId;
}

/** `--bill ce`: the report's days of Bedrock bill from Cost Explorer, per analysed account when several were read. */
export async function readCostExplorerBill(report: AdvisorReport, profile: string | undefined, accountIds: string[] | undefined): Promise<BillRead> {
  const days = billReadDays(report);
  const reader = new CostExplorerBillReader(createCostExplorerClient(credentials(profile)));
  return reader.read({ start: days.firstDay, end: days.endDay, ...(accountIds ? { accountIds } : {}) });
}
