import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountAccessError, DEFAULT_MEMBER_ROLE_NAME, accountTargetFromRole, memberRoleArn } from '../../src/aws/account-targets.js';
import { assumeRoleCredentials } from '../../src/aws/accounts.js';
import { OrganizationAccountLister, organizationTargets } from '../../src/aws/organization-accounts.js';
import { ConfigurationError } from '../../src/errors.js';

const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);

beforeEach(() => {
  sts.reset();
  organizations.reset();
});

describe('organization accounts', () => {
  it('follows NextToken and keeps only ACTIVE accounts, reading State before the retired Status', async () => {
    organizations
      .on(ListAccountsCommand, {})
      .resolves({
        Accounts: [
          { Id: '222222222222', Name: 'prod', State: 'ACTIVE' },
          { Id: '333333333333', Name: 'closing', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
        ],
        NextToken: 'page-2',
      })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({
        Accounts: [
          { Id: '111111111111', Name: 'legacy-response', Status: 'ACTIVE' },
          { Id: '444444444444', Name: 'suspended', State: 'SUSPENDED' },
        ],
      });

    const targets = await organizationTargets(new OrganizationAccountLister(new OrganizationsClient({ region: 'us-east-1' })), DEFAULT_MEMBER_ROLE_NAME, { externalId: 'advisor-ext-1' });

    expect(organizations).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(targets).toEqual([
      { accountId: '111111111111', name: 'legacy-response', roleArn: 'arn:aws:iam::111111111111:role/BedrockCostAdvisorReadOnly', externalId: 'advisor-ext-1' },
      { accountId: '222222222222', name: 'prod', roleArn: 'arn:aws:iam::222222222222:role/BedrockCostAdvisorReadOnly', externalId: 'advisor-ext-1' },
    ]);
  });

  it('says where ListAccounts must be called from when the organization refuses, keeping the SDK error as cause', async () => {
    const denied = Object.assign(new Error('You don\'t have permissions to access this resource.'), { name: 'AccessDeniedException' });
    organizations.on(ListAccountsCommand).rejects(denied);

    const error = await new OrganizationAccountLister(new OrganizationsClient({ region: 'us-east-1' })).listActiveAccounts().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessError);
    expect((error as Error).message).toMatch(/management or a delegated-administrator account.*AccessDeniedException/);
    expect((error as Error).cause).toBe(denied);
  });
});

describe('assumed-role credentials', () => {
  const target = accountTargetFromRole('arn:aws:iam::222222222222:role/BedrockCostAdvisorReadOnly', 'advisor-ext-1') as { accountId: string; roleArn: string; externalId: string };

  it('assumes the member role with the external ID once, and reuses the credentials until they near expiry', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) },
    });
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), target);

    const [a, b] = await Promise.all([provider(), provider()]);
    const c = await provider();

    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::222222222222:role/BedrockCostAdvisorReadOnly',
      ExternalId: 'advisor-ext-1',
      RoleSessionName: 'bedrock-cost-advisor',
    });
    expect(a).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', sessionToken: 'token', accountId: '222222222222' });
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('assumes again when the credentials are within five minutes of expiring', async () => {
    sts.on(AssumeRoleCommand)
      .resolvesOnce({ Credentials: { AccessKeyId: 'FIRST', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 60_000) } })
      .resolvesOnce({ Credentials: { AccessKeyId: 'SECOND', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), target);

    expect((await provider()).accessKeyId).toBe('FIRST');
    expect((await provider()).accessKeyId).toBe('SECOND');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('names the account and role when AssumeRole is refused, and tries again on the next call', async () => {
    const denied = Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' });
    sts.on(AssumeRoleCommand).rejectsOnce(denied).resolves({ Credentials: { AccessKeyId: 'LATER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), target);

    const error = await provider().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountAccessError);
    expect((error as AccountAccessError).accountId).toBe('222222222222');
    expect((error as Error).message).toContain('cannot assume arn:aws:iam::222222222222:role/BedrockCostAdvisorReadOnly in account 222222222222: AccessDenied');
    expect((error as Error).cause).toBe(denied);
    expect((await provider()).accessKeyId).toBe('LATER');
  });
});

describe('account targets as users write them', () => {
  it('takes the account from the role ARN and builds member-role ARNs in the right partition', () => {
    expect(accountTargetFromRole('arn:aws:iam::123456789012:role/team/Advisor')).toEqual({ accountId: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/team/Advisor' });
    expect(memberRoleArn('123456789012', 'R', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::123456789012:role/R');
  });

  it.each([
    ['arn:aws:iam::12345:role/x', undefined, /not an IAM role ARN/],
    ['arn:aws:iam::123456789012:user/x', undefined, /not an IAM role ARN/],
    ['arn:aws:iam::123456789012:role/x', 'a', /external ID .* 2-1224 characters/],
    ['arn:aws:iam::123456789012:role/x', 'has space', /external ID/],
  ])('rejects %s (external ID %s) naming the field', (arn, externalId, message) => {
    expect(() => accountTargetFromRole(arn, externalId, 'accounts[3].roleArn')).toThrow(ConfigurationError);
    expect(() => accountTargetFromRole(arn, externalId, 'accounts[3].roleArn')).toThrow(/^accounts\[3\]\.roleArn: /);
    expect(() => accountTargetFromRole(arn, externalId)).toThrow(message);
  });
});
