import { OrganizationsClient, paginateListAccounts, type Account, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { ConfigurationError } from '../errors.js';
import { MAX_ACCOUNTS, MAX_FANOUT_ACCOUNTS } from '../limits.js';
import { errorMessage as describe } from '../service/analyze-account.js';
import { AccountAccessError, memberRoleArn, type AccountTarget, type AccountsSpec } from './account-targets.js';

/** The accounts of an AWS Organization, read from its management or delegated-administrator account. */

/** The accounts of a run: the listed roles, or the organization's active accounts (at most `limit`: MAX_ACCOUNTS for one Lambda). */
export async function resolveAccountTargets(spec: AccountsSpec, lister: () => OrganizationAccountLister, partition = 'aws', limit = MAX_ACCOUNTS): Promise<AccountTarget[]> {
  if (spec.kind === 'roles') return spec.targets;
  const targets = await organizationTargets(lister(), spec.memberRoleName, { partition, ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}) });
  if (targets.length > limit) {
    throw new ConfigurationError(`organization: ${targets.length} active accounts is over the limit of ${limit} per run; list up to ${limit} role ARNs in accounts instead${limit < MAX_FANOUT_ACCOUNTS ? ` (the scheduled digest with the Step Functions fan-out takes up to ${MAX_FANOUT_ACCOUNTS})` : ''}`);
  }
  return targets;
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

/** Organizations has one endpoint, in us-east-1 for the commercial partition. */
export function createOrganizationsClient(options: Partial<OrganizationsClientConfig> = {}): OrganizationsClient {
  return new OrganizationsClient({ region: 'us-east-1', retryMode: 'adaptive', maxAttempts: 8, ...options });
}
