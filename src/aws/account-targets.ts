import { AdvisorError, ConfigurationError } from '../errors.js';
import { LIMIT_MESSAGE, MAX_ACCOUNTS } from '../limits.js';
import { ARN_PATTERNS } from '../model-id.js';

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

const ROLE_ARN = ARN_PATTERNS.iamRole;
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
export class AccountAccessError extends AdvisorError {
  override readonly name = 'AccountAccessError';
  readonly code = 'account-access';
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
  if (accounts.length > MAX_ACCOUNTS) throw new ConfigurationError(`${fields.accounts}: ${LIMIT_MESSAGE.accounts(accounts.length)}`);
  const targets = accounts.map((a, i) => accountTargetFromRole(a.roleArn, a.externalId ?? externalId, `${fields.accounts}[${i}]`));
  const seen = new Set<string>();
  for (const [i, t] of targets.entries()) {
    if (seen.has(t.accountId)) throw new ConfigurationError(`${fields.accounts}[${i}]: account ${t.accountId} is listed twice`);
    seen.add(t.accountId);
  }
  return { kind: 'roles', targets };
}

/** The role ARN of the member role in an account, in the advisor's own partition. */
export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}
