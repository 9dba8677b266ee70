import { OrganizationsClient, paginateListAccounts, type Account, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigurationError } from '../errors.js';
import { MAX_ACCOUNTS } from '../limits.js';
import type { RegionSources } from '../service/ports.js';
import { awsRegionSources, type SourceClientOptions } from './sources.js';

/**
 * Which AWS accounts the advisor reads, and how it gets into each: a list of role ARNs (each with an
 * optional external ID), or every active account of an AWS Organization, reached through a role of the
 * same name in each (deployed by the StackSet template `deploy/member-account-role.yaml`).
 */

/** The member-account role the StackSet template creates, unless the deployer names another. */
export const DEFAULT_MEMBER_ROLE_NAME = 'BedrockCostAdvisorReadOnly';
/** Shows in each member account's CloudTrail as the session that read it. */
export const ROLE_SESSION_NAME = 'bedrock-cost-advisor';
/**
 * One hour: a collection of one account is bounded by the Lambda's 15 minutes, and the SDK refreshes
 * expiring credentials through the provider anyway (it memoizes until `expiration`).
 */
export const ASSUMED_ROLE_SECONDS = 3600;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
/** STS: external IDs are 2-1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export interface AccountTarget {
  accountId: string;
  /** The account's name in the organization, when known. */
  name?: string;
  /** The role to assume; absent = the advisor's own account, read with its own credentials. */
  roleArn?: string;
  externalId?: string;
}

/** Thrown when an account cannot be entered (AssumeRole refused) or the organization cannot be listed; keeps the SDK error as `cause`. */
export class AccountAccessError extends Error {
  override readonly name = 'AccountAccessError';
  constructor(
    message: string,
    readonly accountId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Checks a role ARN (and external ID) as a user wrote it; the error names the field. */
export function accountTargetFromRole(roleArn: string, externalId?: string, field = 'accounts'): AccountTarget {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new ConfigurationError(`${field}: "${roleArn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new ConfigurationError(`${field}: the external ID for ${roleArn} must be 2-1224 characters of letters, digits and +=,.@:/-`);
  }
  return { accountId: match[1]!, roleArn, ...(externalId !== undefined ? { externalId } : {}) };
}

/** IAM role names: 1-64 characters of letters, digits and +=,.@_- (path excluded). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Which accounts a run reads, as configured (event, environment or CLI), already checked:
 * explicit roles, or the organization's active accounts through a member role of one name.
 */
export type AccountsSpec =
  | { kind: 'roles'; targets: AccountTarget[] }
  | { kind: 'organization'; memberRoleName: string; externalId?: string };

/**
 * Checks the account options as a user wrote them (`accounts`, `organization`, `memberRoleName`,
 * `externalId`); undefined when none is given (the advisor reads its own account). Errors name the field.
 */
export function parseAccountsSpec(
  input: { accounts?: Array<{ roleArn: string; externalId?: string }>; organization?: boolean; memberRoleName?: string; externalId?: string },
  fields: { accounts: string; organization: string; memberRoleName: string; externalId: string } = { accounts: 'accounts', organization: 'organization', memberRoleName: 'memberRoleName', externalId: 'externalId' },
): AccountsSpec | undefined {
  const { accounts, organization, memberRoleName, externalId } = input;
  if (accounts !== undefined && organization) throw new ConfigurationError(`${fields.accounts}: give either a list of role ARNs or ${fields.organization}, not both`);
  if (memberRoleName !== undefined && !ROLE_NAME.test(memberRoleName)) {
    throw new ConfigurationError(`${fields.memberRoleName}: "${memberRoleName}" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`);
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new ConfigurationError(`${fields.externalId}: must be 2-1224 characters of letters, digits and +=,.@:/-`);
  }
  if (organization) return { kind: 'organization', memberRoleName: memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME, ...(externalId !== undefined ? { externalId } : {}) };
  if (memberRoleName !== undefined) throw new ConfigurationError(`${fields.memberRoleName}: applies only with ${fields.organization} (each entry of ${fields.accounts} names its own role)`);
  if (accounts === undefined) {
    if (externalId !== undefined) throw new ConfigurationError(`${fields.externalId}: applies only with ${fields.accounts} or ${fields.organization}`);
    return undefined;
  }
  if (accounts.length === 0) throw new ConfigurationError(`${fields.accounts}: expected at least one role ARN (omit it to read the advisor's own account)`);
  if (accounts.length > MAX_ACCOUNTS) throw new ConfigurationError(`${fields.accounts}: ${accounts.length} accounts is over the limit of ${MAX_ACCOUNTS} per run`);
  const targets = accounts.map((a, i) => accountTargetFromRole(a.roleArn, a.externalId ?? externalId, `${fields.accounts}[${i}]`));
  const seen = new Set<string>();
  for (const [i, t] of targets.entries()) {
    if (seen.has(t.accountId)) throw new ConfigurationError(`${fields.accounts}[${i}]: account ${t.accountId} is listed twice`);
    seen.add(t.accountId);
  }
  return { kind: 'roles', targets };
}

/** The accounts of a run: the listed roles, or the organization's active accounts (at most MAX_ACCOUNTS). */
export async function resolveAccountTargets(spec: AccountsSpec, lister: () => OrganizationAccountLister, partition = 'aws'): Promise<AccountTarget[]> {
  if (spec.kind === 'roles') return spec.targets;
  const targets = await organizationTargets(lister(), spec.memberRoleName, { partition, ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}) });
  if (targets.length > MAX_ACCOUNTS) {
    throw new ConfigurationError(`organization: ${targets.length} active accounts is over the limit of ${MAX_ACCOUNTS} per run; list up to ${MAX_ACCOUNTS} role ARNs in accounts instead`);
  }
  return targets;
}

/**
 * The sources of each account: its own CloudWatch and Bedrock clients per Region, signed with the
 * credentials of its assumed role (a target without a role is the advisor's own account). Built once
 * per account and reused, so one AssumeRole serves every Region of that account.
 */
export function assumedRoleSources(sts: () => STSClient, options: SourceClientOptions = {}): (target: AccountTarget) => RegionSources {
  const byAccount = new Map<string, RegionSources>();
  return (target) => {
    let sources = byAccount.get(target.accountId);
    if (!sources) {
      const { roleArn } = target;
      sources = awsRegionSources(roleArn ? { ...options, credentials: assumeRoleCredentials(sts(), { ...target, roleArn }) } : options);
      byAccount.set(target.accountId, sources);
    }
    return sources;
  };
}

/** The role ARN of the member role in an account, in the advisor's own partition. */
export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * Lists the organization's accounts that can be read. `State` replaced `Status` in the Organizations API
 * (Status is retired on 9 September 2026); `Status` is read only where an older response lacks `State`.
 * Suspended, closed and pending accounts are skipped, as AssumeRole into them fails anyway.
 */
export class OrganizationAccountLister {
  constructor(private readonly client: OrganizationsClient) {}

  async listActiveAccounts(): Promise<Array<{ accountId: string; name?: string }>> {
    const out: Array<{ accountId: string; name?: string }> = [];
    try {
      for await (const page of paginateListAccounts({ client: this.client }, {})) {
        for (const account of page.Accounts ?? []) {
          if (!isActive(account) || !account.Id) continue;
          out.push({ accountId: account.Id, ...(account.Name ? { name: account.Name } : {}) });
        }
      }
    } catch (error) {
      throw new AccountAccessError(
        `cannot list the organization's accounts (organizations:ListAccounts must be called from the management or a delegated-administrator account): ${describe(error)}`,
        undefined,
        { cause: error },
      );
    }
    return out.sort((a, b) => a.accountId.localeCompare(b.accountId));
  }
}

function isActive(account: Account): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

/** Every organization account as a target, through the member role of the given name. */
export async function organizationTargets(lister: OrganizationAccountLister, roleName: string, options: { externalId?: string; partition?: string } = {}): Promise<AccountTarget[]> {
  const accounts = await lister.listActiveAccounts();
  return accounts.map((a) => ({
    accountId: a.accountId,
    ...(a.name ? { name: a.name } : {}),
    roleArn: memberRoleArn(a.accountId, roleName, options.partition),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
  }));
}

/**
 * Credentials for one account: AssumeRole into its read-only advisor role. The provider is called by
 * each SDK client when it needs credentials; the SDK caches them until `expiration`, so one account's
 * clients share one AssumeRole per hour.
 */
export function assumeRoleCredentials(sts: STSClient, target: AccountTarget & { roleArn: string }): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let cached: AwsCredentialIdentity | undefined;
  const fresh = () => cached?.expiration !== undefined && cached.expiration.getTime() - Date.now() > 5 * 60_000;
  return async () => {
    if (fresh()) return cached!;
    pending ??= (async () => {
      try {
        const out = await sts.send(new AssumeRoleCommand({
          RoleArn: target.roleArn,
          RoleSessionName: ROLE_SESSION_NAME,
          DurationSeconds: ASSUMED_ROLE_SECONDS,
          ...(target.externalId !== undefined ? { ExternalId: target.externalId } : {}),
        }));
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
        cached = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: c.Expiration } : {}),
          accountId: target.accountId,
        };
        return cached;
      } catch (error) {
        throw new AccountAccessError(`cannot assume ${target.roleArn} in account ${target.accountId}: ${describe(error)}`, target.accountId, { cause: error });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' && !error.message.startsWith(error.name) ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** STS is called in the Lambda's own Region (regional endpoints; the global endpoint is legacy). */
export function createStsClient(region: string, options: Partial<STSClientConfig> = {}): STSClient {
  return new STSClient({ region, retryMode: 'adaptive', maxAttempts: 8, ...options });
}

/** Organizations has one endpoint, in us-east-1 for the commercial partition. */
export function createOrganizationsClient(options: Partial<OrganizationsClientConfig> = {}): OrganizationsClient {
  return new OrganizationsClient({ region: 'us-east-1', retryMode: 'adaptive', maxAttempts: 8, ...options });
}
