import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { ConfigurationError } from '../../src/errors.js';
import { MAX_ACCOUNTS } from '../../src/limits.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:bedrock-cost-advisor-dev-advice';
const ROLE_A = 'arn:aws:iam::111111111111:role/BedrockCostAdvisorReadOnly';
const ROLE_B = 'arn:aws:iam::222222222222:role/BedrockCostAdvisorReadOnly';

describe('accounts in the analyze event', () => {
  it('reads role ARNs into targets, the shared external ID applying where an entry has none', () => {
    const parsed = parseAnalyzeEvent({ accounts: [{ roleArn: ROLE_A }, { roleArn: ROLE_B, externalId: 'own-id' }], externalId: 'shared-id' });
    expect(parsed.accounts).toEqual({
      kind: 'roles',
      targets: [
        { accountId: '111111111111', roleArn: ROLE_A, externalId: 'shared-id' },
        { accountId: '222222222222', roleArn: ROLE_B, externalId: 'own-id' },
      ],
    });
  });

  it('reads organization mode with the default member role name, or the one given', () => {
    expect(parseAnalyzeEvent({ organization: true }).accounts).toEqual({ kind: 'organization', memberRoleName: 'BedrockCostAdvisorReadOnly' });
    expect(parseAnalyzeEvent({ organization: true, memberRoleName: 'Reader', externalId: 'x-1' }).accounts).toEqual({ kind: 'organization', memberRoleName: 'Reader', externalId: 'x-1' });
  });

  it.each([
    [{ accounts: [{ roleArn: 'arn:aws:iam::1111:role/x' }] }, /^invalid analyze event: accounts\[0\]: "arn:aws:iam::1111:role\/x" is not an IAM role ARN/],
    [{ accounts: [{ roleArn: ROLE_A }], organization: true }, /^invalid analyze event: accounts: give either a list of role ARNs or organization, not both$/],
    [{ accounts: [{ roleArn: ROLE_A }, { roleArn: ROLE_A }] }, /^invalid analyze event: accounts\[1\]: account 111111111111 is listed twice$/],
    [{ accounts: [] }, /^invalid analyze event: accounts: expected at least one role ARN/],
    [{ memberRoleName: 'Reader' }, /^invalid analyze event: memberRoleName: applies only with organization/],
    [{ organization: true, memberRoleName: 'no spaces allowed' }, /^invalid analyze event: memberRoleName: "no spaces allowed" is not an IAM role name/],
    [{ accounts: [{ roleArn: ROLE_A, externalId: 'x' }] }, /^invalid analyze event: accounts\[0\]: the external ID .* must be 2-1224 characters/],
    [{ accounts: [{ role: ROLE_A }] }, /accounts\.0\.role: unknown field \(allowed: roleArn, externalId\)$/],
    [{ organization: 'yes' }, /^invalid analyze event: organization: expected true or false, got "yes"$/],
  ])('rejects %j naming the field', (event, message) => {
    expect(() => parseAnalyzeEvent(event)).toThrow(ConfigurationError);
    expect(() => parseAnalyzeEvent(event)).toThrow(message);
  });

  it(`rejects more than ${MAX_ACCOUNTS} accounts, naming the field and the limit`, () => {
    const accounts = Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => ({ roleArn: `arn:aws:iam::${String(i).padStart(12, '0')}:role/R` }));
    expect(() => parseAnalyzeEvent({ accounts })).toThrow(new RegExp(`^invalid analyze event: accounts: at most ${MAX_ACCOUNTS} accounts per run, got ${MAX_ACCOUNTS + 1}$`));
    expect(() => parseAnalyzeEvent({ accounts: accounts.slice(0, MAX_ACCOUNTS) })).not.toThrow();
  });
});

describe('accounts in the Lambda environment', () => {
  const valid = { TOPIC_ARN, REGIONS: 'us-east-1' };

  it('reads the own account alone when the template passes its defaults', () => {
    expect(loadConfig({ ...valid, ACCOUNT_ROLE_ARNS: '', ORGANIZATION: 'false', MEMBER_ROLE_NAME: 'BedrockCostAdvisorReadOnly', EXTERNAL_ID: '' }).accounts).toBeUndefined();
  });

  it('reads a comma list of role ARNs, or organization mode', () => {
    expect(loadConfig({ ...valid, ACCOUNT_ROLE_ARNS: ` ${ROLE_A}, ${ROLE_B} `, EXTERNAL_ID: 'ext-1' }).accounts).toEqual({
      kind: 'roles',
      targets: [
        { accountId: '111111111111', roleArn: ROLE_A, externalId: 'ext-1' },
        { accountId: '222222222222', roleArn: ROLE_B, externalId: 'ext-1' },
      ],
    });
    expect(loadConfig({ ...valid, ORGANIZATION: 'true', MEMBER_ROLE_NAME: 'Reader' }).accounts).toEqual({ kind: 'organization', memberRoleName: 'Reader' });
  });

  it('names the variable when it is wrong', () => {
    expect(() => loadConfig({ ...valid, ORGANIZATION: 'yes' })).toThrow(/^ORGANIZATION: expected true or false, got "yes"$/);
    expect(() => loadConfig({ ...valid, ACCOUNT_ROLE_ARNS: 'arn:aws:iam::1:role/x' })).toThrow(/^ACCOUNT_ROLE_ARNS\[0\]: "arn:aws:iam::1:role\/x" is not an IAM role ARN/);
    expect(() => loadConfig({ ...valid, ACCOUNT_ROLE_ARNS: ROLE_A, ORGANIZATION: 'true' })).toThrow(/^ACCOUNT_ROLE_ARNS: give either a list of role ARNs or ORGANIZATION, not both$/);
  });
});
