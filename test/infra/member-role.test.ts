import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * The StackSet template for member accounts: the role the advisor assumes there must be read-only,
 * grant exactly the read actions the collector and inventory reader send, and trust only the advisor's
 * own roles (optionally behind an external ID).
 */

const repo = join(import.meta.dirname, '..', '..');

interface Statement { Sid?: string; Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Condition?: Record<string, unknown> }

async function template(): Promise<{ Parameters: Record<string, { Default?: string }>; Resources: Record<string, { Type: string; Properties: Record<string, any> }> }> {
  return load(await readFile(join(repo, 'deploy', 'member-account-role.yaml'), 'utf8')) as never;
}

/** SDK commands the member-account side of the advisor sends, mapped to their IAM actions by name. */
async function readActionsTheCodeSends(): Promise<string[]> {
  const sources: Array<[string, string]> = [
    ['src/aws/cloudwatch-collector.ts', 'cloudwatch'],
    ['src/aws/bedrock-inventory.ts', 'bedrock'],
  ];
  const actions = new Set<string>();
  for (const [file, service] of sources) {
    const text = await readFile(join(repo, file), 'utf8');
    for (const m of text.matchAll(/\bnew (\w+)Command\(/g)) actions.add(`${service}:${m[1]}`);
    for (const m of text.matchAll(/\bpaginate(\w+)\(/g)) actions.add(`${service}:${m[1]}`);
  }
  return [...actions].sort();
}

describe('member-account role template', () => {
  it('grants exactly the read actions the collector and inventory reader send, and nothing that writes', async () => {
    const role = (await template()).Resources.AdvisorReadOnlyRole!;
    expect(role.Type).toBe('AWS::IAM::Role');
    const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement) as Statement[];
    const granted = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

    expect(granted).toEqual(await readActionsTheCodeSends());
    expect(granted.every((a) => /^[a-z]+:(List|Get)\w+$/.test(a))).toBe(true);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('trusts exactly the advisor\'s three roles of one stage, by ARN, from the organisation, with the external ID (issue 18)', async () => {
    const t = await template();
    const trust = t.Resources.AdvisorReadOnlyRole!.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toHaveLength(1);
    const [only] = trust;
    expect(only!.Action).toBe('sts:AssumeRole');
    // The role names serverless.yml gives (RoleName: bedrock-cost-advisor-<stage>-<function>), no wildcard, no account root.
    expect(only!.Principal).toEqual({
      AWS: ['analyze', 'digest', 'fanoutWorker'].map((f) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AdvisorAccountId}:role/bedrock-cost-advisor-\${AdvisorStage}-${f}` })),
    });
    expect(only!.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' }, 'sts:ExternalId': { Ref: 'ExternalId' } } });
    // Required, no default: a member role never trusts without an external ID.
    expect(t.Parameters.ExternalId!.Default).toBeUndefined();
    expect(t.Parameters.OrganizationId!.Default).toBeUndefined();
    expect(t.Parameters.RoleName!.Default).toBe('BedrockCostAdvisorReadOnly');
    const serverless = await readFile(join(repo, 'serverless.yml'), 'utf8');
    for (const f of ['analyze', 'digest', 'fanoutWorker']) expect(serverless).toContain(`RoleName: \${self:service}-\${sls:stage}-${f}`);
  });
});
