import { describe, expect, it } from 'vitest';
import { accountsForEvent, accountsForLog } from '../../functions/config.js';
import { redactLogValue } from '../../functions/middleware.js';
import type { AccountsSpec } from '../../src/aws/account-targets.js';

/** Issue 18: an analyze event picks among the deployment's accounts, never its own roles or external ID. */

const role = (account: string, name = 'BedrockCostAdvisorReadOnly') => `arn:aws:iam::${account}:role/${name}`;
const listed: AccountsSpec = { kind: 'roles', targets: ['111111111111', '222222222222'].map((a) => ({ accountId: a, roleArn: role(a), externalId: 'deploy-made-id' })) };
const organization: AccountsSpec = { kind: 'organization', memberRoleName: 'BedrockCostAdvisorReadOnly', externalId: 'deploy-made-id' };

describe('accountsForEvent', () => {
  it('reads the own account when the event names none, whatever the deployment reads', () => {
    expect(accountsForEvent(undefined, listed)).toBeUndefined();
  });

  it('lets the event pick listed roles, with the deployment external ID', () => {
    const picked = accountsForEvent({ kind: 'roles', targets: [{ accountId: '222222222222', roleArn: role('222222222222') }] }, listed);
    expect(picked).toEqual({ kind: 'roles', targets: [{ accountId: '222222222222', roleArn: role('222222222222'), externalId: 'deploy-made-id' }] });
  });

  it.each([
    ['a role not listed', { kind: 'roles', targets: [{ accountId: '999999999999', roleArn: role('999999999999') }] }, listed, /accounts\[0\]\.roleArn: .*999999999999.* is not one of this deployment's member roles \(ACCOUNT_ROLE_ARNS\)/],
    ['its own external ID', { kind: 'roles', targets: [{ accountId: '111111111111', roleArn: role('111111111111'), externalId: 'mine' }] }, listed, /accounts\[0\]\.externalId: set by the deployment/],
    ['another role name in organisation mode', { kind: 'roles', targets: [{ accountId: '333333333333', roleArn: role('333333333333', 'Admin') }] }, organization, /BedrockCostAdvisorReadOnly in an account of the organization/],
    ['the organisation when the deployment lists roles', { kind: 'organization', memberRoleName: 'BedrockCostAdvisorReadOnly' }, listed, /organization: this deployment reads the accounts listed/],
    ['another member role name', { kind: 'organization', memberRoleName: 'Admin' }, organization, /memberRoleName: this deployment assumes BedrockCostAdvisorReadOnly only/],
    ['any account when the deployment reads none', { kind: 'roles', targets: [{ accountId: '111111111111', roleArn: role('111111111111') }] }, undefined, /this deployment reads no other accounts/],
  ] as const)('refuses %s', (_what, requested, configured, message) => {
    expect(() => accountsForEvent(requested as AccountsSpec, configured as AccountsSpec | undefined)).toThrow(message);
  });

  it('lets the event read a member role of the organisation (IAM keeps it to the organisation: aws:ResourceOrgID)', () => {
    expect(accountsForEvent({ kind: 'roles', targets: [{ accountId: '333333333333', roleArn: role('333333333333') }] }, organization)).toEqual({
      kind: 'roles',
      targets: [{ accountId: '333333333333', roleArn: role('333333333333'), externalId: 'deploy-made-id' }],
    });
  });
});

describe('no external ID in the logs', () => {
  it('logs which accounts, never their external ID', () => {
    expect(JSON.stringify(accountsForLog(listed))).not.toContain('deploy-made-id');
    expect(JSON.stringify(accountsForLog(organization))).not.toContain('deploy-made-id');
    expect(accountsForLog(undefined)).toBe('own');
  });

  it('redacts any field named for an external ID', () => {
    for (const key of ['externalId', 'ExternalId', 'external_id', 'EXTERNAL_ID']) expect(redactLogValue(key, 'deploy-made-id')).toBe('[redacted]');
  });
});
