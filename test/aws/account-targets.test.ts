import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { OrganizationAccountLister, resolveAccountTargets } from '../../src/aws/organization-accounts.js';
import { ConfigurationError } from '../../src/errors.js';
import { MAX_ACCOUNTS, MAX_FANOUT_ACCOUNTS } from '../../src/limits.js';

const organizations = mockClient(OrganizationsClient);
const lister = () => new OrganizationAccountLister(new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));

beforeEach(() => organizations.reset());

describe('resolveAccountTargets', () => {
  it('returns listed roles as they are, without calling Organizations', async () => {
    const targets = [{ accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/R' }];
    expect(await resolveAccountTargets({ kind: 'roles', targets }, lister)).toBe(targets);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it('reaches each active organization account through the member role, with the external ID', async () => {
    organizations.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '222222222222', Name: 'prod', State: 'ACTIVE' },
        { Id: '333333333333', Name: 'closed', State: 'CLOSED' },
      ],
    });
    const targets = await resolveAccountTargets({ kind: 'organization', memberRoleName: 'AdvisorReader', externalId: 'ext-1' }, lister, 'aws-us-gov');
    expect(targets).toEqual([{ accountId: '222222222222', name: 'prod', roleArn: 'arn:aws-us-gov:iam::222222222222:role/AdvisorReader', externalId: 'ext-1' }]);
  });

  it(`refuses an organization of more than ${MAX_ACCOUNTS} active accounts, naming the field`, async () => {
    const Accounts = Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => ({ Id: String(i).padStart(12, '0'), State: 'ACTIVE' as const }));
    organizations.on(ListAccountsCommand).resolves({ Accounts });
    const refused = resolveAccountTargets({ kind: 'organization', memberRoleName: 'R' }, lister);
    await expect(refused).rejects.toThrow(ConfigurationError);
    await expect(resolveAccountTargets({ kind: 'organization', memberRoleName: 'R' }, lister)).rejects.toThrow(
      new RegExp(`^organization: at most ${MAX_ACCOUNTS} accounts per run, got ${MAX_ACCOUNTS + 1} active accounts`),
    );
  });

  it(`takes up to ${MAX_FANOUT_ACCOUNTS} accounts for the fanned-out digest, and says so when one Lambda refuses them`, async () => {
    const Accounts = Array.from({ length: MAX_ACCOUNTS + 50 }, (_, i) => ({ Id: String(i).padStart(12, '0'), State: 'ACTIVE' as const }));
    organizations.on(ListAccountsCommand).resolves({ Accounts });
    expect(await resolveAccountTargets({ kind: 'organization', memberRoleName: 'R' }, lister, 'aws', MAX_FANOUT_ACCOUNTS)).toHaveLength(MAX_ACCOUNTS + 50);
    await expect(resolveAccountTargets({ kind: 'organization', memberRoleName: 'R' }, lister)).rejects.toThrow(`with the Step Functions fan-out takes up to ${MAX_FANOUT_ACCOUNTS}`);
    const tooMany = Array.from({ length: MAX_FANOUT_ACCOUNTS + 1 }, (_, i) => ({ Id: String(i).padStart(12, '0'), State: 'ACTIVE' as const }));
    organizations.on(ListAccountsCommand).resolves({ Accounts: tooMany });
    await expect(resolveAccountTargets({ kind: 'organization', memberRoleName: 'R' }, lister, 'aws', MAX_FANOUT_ACCOUNTS)).rejects.toThrow(new RegExp(`^organization: at most ${MAX_FANOUT_ACCOUNTS} accounts per run, got ${MAX_FANOUT_ACCOUNTS + 1} active accounts`));
  });
});
