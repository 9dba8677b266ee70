import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packages the service with osls exactly as CI does (offline, no credentials) and checks the
 * CloudFormation it would deploy: least-privilege roles, the schedule, the topic, the runtime,
 * log retention and the failure queue.
 */

const repo = join(import.meta.dirname, '..', '..');
const serverlessBin = join(repo, 'node_modules', 'osls', 'bin', 'serverless.js');

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  Condition?: string;
  DependsOn?: string[];
}
interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Json;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let outDir: string;
let template: Template;
let withParams: Template;

/**
 * `serverless package` into a temp dir, with only the env it needs so stray AWS credentials can't
 * matter. osls + serverless-esbuild print an esbuild error and then never exit, so the first
 * `[ERROR]` line ends the run at once instead of waiting for the timeout.
 */
function packageService(dir: string, extraArgs: string[] = []): Promise<Template> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SLS_SCHEMA_CACHE_BASE_DIR: join(dir, 'schema-cache') };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverlessBin, 'package', '--stage', 'dev', '--package', dir, ...extraArgs], { cwd: repo, env });
    let output = '';
    let failed = false;
    const fail = (why: string) => {
      if (failed) return;
      failed = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`serverless package ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('timed out after 100 s'), 100_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!failed && /\[ERROR\]/.test(output)) {
        // Give esbuild a moment to print the rest of the diagnostic.
        setTimeout(() => fail('failed (esbuild error)'), 500);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`serverless package exited with ${code}:\n${output}`));
      readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8').then((text) => resolve(JSON.parse(text) as Template), reject);
    });
  });
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'advisor-package-'));
  template = await packageService(join(outDir, 'default'));
  withParams = await packageService(join(outDir, 'params'), ['--param=email=finops@example.com', '--param=schedule=rate(1 day)', '--param=regions=us-east-1,eu-west-1']);
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function resourcesOfType(t: Template, type: string): Array<[string, Resource]> {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

function functionResource(name: 'Analyze' | 'Digest'): Resource {
  const fn = template.Resources[`${name}LambdaFunction`];
  if (!fn) throw new Error(`no ${name}LambdaFunction in the template`);
  return fn;
}

function roleStatements(functionName: 'Analyze' | 'Digest'): Statement[] {
  const role = functionResource(functionName).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleResource = template.Resources[role['Fn::GetAtt'][0]];
  expect(roleResource?.Type).toBe('AWS::IAM::Role');
  const policies = (roleResource!.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
  expect(roleResource!.Properties.ManagedPolicyArns).toBeUndefined();
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

const READ_ACTIONS = [
  'bedrock:ListCustomModels',
  'bedrock:ListFoundationModels',
  'bedrock:ListInferenceProfiles',
  'bedrock:ListProvisionedModelThroughputs',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'pricing:GetProducts',
  'sns:Publish',
];

describe('packaged CloudFormation template', () => {
  it('runs both functions on nodejs22.x / arm64, each bundled into one .cjs file', async () => {
    for (const name of ['Analyze', 'Digest'] as const) {
      const fn = functionResource(name);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe(`functions/${name.toLowerCase()}.handler`);
      const zip = await readFile(join(outDir, 'default', `${name.toLowerCase()}.zip`));
      // Zip entry names are stored uncompressed: the bundle is there, node_modules is not.
      expect(zip.includes(`functions/${name.toLowerCase()}.cjs`)).toBe(true);
      expect(zip.includes('node_modules/')).toBe(false);
    }
  });

  it('schedules the digest weekly by default, and from the schedule param', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties.ScheduleExpression).toBe('cron(0 8 ? * MON *)');
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': ['DigestLambdaFunction', 'Arn'] } })]);
    expect(resourcesOfType(withParams, 'AWS::Events::Rule')[0]![1].Properties.ScheduleExpression).toBe('rate(1 day)');
  });

  it('creates the topic and hands its ARN (a Ref, not a literal) to both functions', () => {
    expect(template.Resources.AdvisorTopic?.Type).toBe('AWS::SNS::Topic');
    for (const name of ['Analyze', 'Digest'] as const) {
      const variables = (functionResource(name).Properties.Environment as { Variables: Json }).Variables;
      expect(variables.TOPIC_ARN).toEqual({ Ref: 'AdvisorTopic' });
      expect(variables.REGIONS).toBe('us-east-1');
      expect(variables.ANALYSIS_DAYS).toBe('30');
      expect(variables.PRICE_SOURCE).toBe('live');
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('BedrockCostAdvisor');
    }
    const digestVars = (withParams.Resources.DigestLambdaFunction!.Properties.Environment as { Variables: Json }).Variables;
    expect(digestVars.REGIONS).toBe('us-east-1,eu-west-1');
  });

  it('subscribes an email only when the email param is given', () => {
    const subscription = template.Resources.AdvisorEmailSubscription!;
    expect(subscription.Condition).toBe('HasEmailSubscription');
    expect(template.Conditions?.HasEmailSubscription).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    expect(withParams.Conditions?.HasEmailSubscription).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['finops@example.com', ''] }] });
    expect(withParams.Resources.AdvisorEmailSubscription!.Properties).toEqual({ TopicArn: { Ref: 'AdvisorTopic' }, Protocol: 'email', Endpoint: 'finops@example.com' });
  });

  it('gives each function its own role with only the actions it uses', () => {
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const analyzeRole = (functionResource('Analyze').Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const digestRole = (functionResource('Digest').Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    expect(analyzeRole).not.toBe(digestRole);
    expect(actionsOf(roleStatements('Analyze'))).toEqual(READ_ACTIONS);
    expect(actionsOf(roleStatements('Digest'))).toEqual([...READ_ACTIONS, 'sqs:SendMessage'].sort());
  });

  it('has no wildcard action anywhere, and sns:Publish only on the advisor topic', () => {
    for (const [name, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      const statements = ((role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap((p) => p.PolicyDocument.Statement);
      for (const action of actionsOf(statements)) expect(action, `${name} allows ${action}`).not.toContain('*');
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        if (actions.some((a) => a.startsWith('sns:'))) {
          expect(actions).toEqual(['sns:Publish']);
          expect(statement.Resource).toEqual({ Ref: 'AdvisorTopic' });
        }
        if (actions.some((a) => a.startsWith('logs:'))) {
          // Scoped to the function's own log group, not "*".
          expect(JSON.stringify(statement.Resource)).toMatch(/\/aws\/lambda\/bedrock-cost-advisor-dev-(analyze|digest)/);
        }
      }
    }
  });

  it('keeps logs 30 days', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups.map(([, g]) => g.Properties.LogGroupName).sort()).toEqual(['/aws/lambda/bedrock-cost-advisor-dev-analyze', '/aws/lambda/bedrock-cost-advisor-dev-digest']);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('sends failed digest runs to an SQS queue the digest role may write to', () => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(1);
    const [, config] = configs[0]!;
    expect(config.Properties.FunctionName).toEqual({ Ref: 'DigestLambdaFunction' });
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    expect(config.Properties.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': ['DigestFailureQueue', 'Arn'] } } });
    expect(template.Resources.DigestFailureQueue?.Type).toBe('AWS::SQS::Queue');
    const sqs = roleStatements('Digest').find((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(sqs?.Resource).toEqual({ 'Fn::GetAtt': ['DigestFailureQueue', 'Arn'] });
  });
});
