import { ListAccountsCommand, OrganizationsClient, type Account, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { untilAborted } from '../abort.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import { ConfigurationError } from '../errors.js';
import { LIMIT_MESSAGE, MAX_ACCOUNTS, MAX_FANOUT_ACCOUNTS } from '../limits.js';
import { errorMessage as describe } from '../service/scope-errors.js';
import { AccountAccessError, memberRoleArn, type AccountTarget, type AccountsSpec } from './account-targets.js';

/** The accounts of an AWS Organization, read from its management or delegated-administrator account. */

/** The accounts of a run: the listed roles, or the organization's active accounts (at most `limit`: MAX_ACCOUNTS for one Lambda). */
export async function resolveAccountTargets(spec: AccountsSpec, lister: () => OrganizationAccountLister, partition = 'aws', limit = MAX_ACCOUNTS, signal?: AbortSignal): Promise<AccountTarget[]> {
  if (spec.kind === 'roles') return spec.targets;
  const targets = await organizationTargets(lister(), spec.memberRoleName, { partition, ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}), ...(signal ? { signal } : {}) });
  if (targets.length > limit) {
    throw new ConfigurationError(`organization: ${LIMIT_MESSAGE.accounts(targets.length, limit)} active accounts; list up to ${limit} role ARNs in accounts instead${limit < MAX_FANOUT_ACCOUNTS ? ` (the scheduled digest with the Step Functions fan-out takes up to ${MAX_FANOUT_ACCOUNTS})` : ''}`);
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

  /** `signal` (the run's) cancels the listing: the SDK's paginator takes none, so the pages are walked here. */
  async listActiveAccounts(signal?: AbortSignal): Promise<Array<{ accountId: string; name?: string }>> {
    const out: Array<{ accountId: string; name?: string }> = [];
    try {
      let nextToken: string | undefined;
      do {
        // Raced too: the credentials are resolved before the request sees the signal.
        const page = await untilAborted(this.client.send(new ListAccountsCommand({ ...(nextToken ? { NextToken: nextToken } : {}) }), abortable(signal)), signal);
        for (const account of page.Accounts ?? []) {
          if (!isActive(account) || !account.Id) continue;
          out.push({ accountId: account.Id, ...(account.Name ? { name: account.Name } : {}) });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      signal?.throwIfAborted();
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
export async function organizationTargets(lister: OrganizationAccountLister, roleName: string, options: { externalId?: string; partition?: string; signal?: AbortSignal } = {}): Promise<AccountTarget[]> {
  const accounts = await lister.listActiveAccounts(options.signal);
  return accounts.map((a) => ({
    accountId: a.accountId,
    ...(a.name ? { name: a.name } : {}),
    roleArn: memberRoleArn(a.accountId, roleName, options.partition),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
  }));
}

/** Organizations has one endpoint, in us-east-1 for the commercial partition; the advisor's transport (timeouts, retries). */
export function createOrganizationsClient(options: AdvisorClientOptions<OrganizationsClientConfig> = {}): OrganizationsClient {
  return new OrganizationsClient(awsClientConfig('us-east-1', options));
}
