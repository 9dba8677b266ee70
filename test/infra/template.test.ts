import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsReachableFrom } from './sdk-actions.js';
import validateStateMachine from 'asl-validator';
import { readFileSync } from 'node:fs';

/**
 * Packages the service with osls exactly as CI does (offline, no credentials) and checks the
 * CloudFormation it would deploy: least-privilege roles (exactly the actions the code sends), the
 * schedule, the KMS-encrypted topics, the runtime, log retention, the failure queue, the idempotency
 * table and the alarms.
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
  Outputs?: Json;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let outDir: string;
let template: Template;
let withParams: Template;
let withAthena: Template;
let logsOnly: Template;
let billOnly: Template;

/**
 * `serverless package` into a temp dir, with only the env it needs so stray AWS credentials can't
 * matter. osls + serverless-esbuild print an esbuild error and then never exit, so the first
 * `[ERROR]` line ends the run at once instead of waiting for the timeout.
 */
/** What `serverless package` printed, by package directory. */
const packageOutput = new Map<string, string>();

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
    const timer = setTimeout(() => fail('timed out after 200 s'), 200_000);
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
      packageOutput.set(dir, output);
      readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8').then((text) => resolve(JSON.parse(text) as Template), reject);
    });
  });
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'advisor-package-'));
  template = await packageService(join(outDir, 'default'));
  withParams = await packageService(join(outDir, 'params'), [
    '--param=email=finops@example.com',
    '--param=schedule=rate(1 day)',
    '--param=regions=us-east-1,eu-west-1',
    '--param=operationsEmail=oncall@example.com',
    '--param=digestPeriod=day',
    '--param=organization=true',
    '--param=memberRoleName=AdvisorReader',
    '--param=billSource=ce',
    '--param=runawaySchedule=rate(6 hours)',
    '--param=runawayCooldownHours=12',
    '--param=runawaySeasonality=week',
  ]);
  withAthena = await packageService(join(outDir, 'athena'), [
    '--param=billSource=athena',
    '--param=billDatabase=cur',
    '--param=billTable=data_export',
    '--param=billBucket=payer-cur-exports',
    '--param=invocationLogsDatabase=logs',
    '--param=invocationLogsTable=bedrock_invocation_logs',
    '--param=invocationLogsBucket=bedrock-invocation-logs',
    '--param=athenaWorkGroup=advisor',
    '--param=athenaResultsBucket=advisor-athena-results',
  ]);
  logsOnly = await packageService(join(outDir, 'logs-only'), [
    '--param=invocationLogsDatabase=logs',
    '--param=invocationLogsTable=bedrock_invocation_logs',
    '--param=invocationLogsBucket=bedrock-invocation-logs',
    '--param=athenaResultsBucket=advisor-athena-results',
  ]);
  billOnly = await packageService(join(outDir, 'bill-only'), [
    '--param=billSource=athena',
    '--param=billDatabase=cur',
    '--param=billTable=data_export',
    '--param=billBucket=payer-cur-exports',
    '--param=athenaResultsBucket=advisor-athena-results',
  ]);
}, 900_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function resourcesOfType(t: Template, type: string): Array<[string, Resource]> {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

type FunctionName = 'Analyze' | 'Digest' | 'FanoutWorker' | 'FanoutAggregator' | 'Runaway';

function functionResource(name: FunctionName): Resource {
  const fn = template.Resources[`${name}LambdaFunction`];
  if (!fn) throw new Error(`no ${name}LambdaFunction in the template`);
  return fn;
}

/** A condition of the packaged template: `Fn::Equals` of two literals (as the params make them), `Fn::Not`, `Fn::Or`, `Fn::And` and `Condition`. */
function conditionHolds(t: Template, name: string): boolean {
  const evaluate = (c: unknown): boolean => {
    const node = c as { 'Fn::Equals'?: [unknown, unknown]; 'Fn::Not'?: [unknown]; 'Fn::Or'?: unknown[]; 'Fn::And'?: unknown[]; Condition?: string };
    if (node['Fn::Equals']) {
      const [a, b] = node['Fn::Equals'];
      if (typeof a !== 'string' || typeof b !== 'string') throw new Error(`condition ${name} compares a non-literal`);
      return a === b;
    }
    if (node['Fn::Not']) return !evaluate(node['Fn::Not'][0]);
    if (node['Fn::Or']) return node['Fn::Or'].some(evaluate);
    if (node['Fn::And']) return node['Fn::And'].every(evaluate);
    if (node.Condition) return conditionHolds(t, node.Condition);
    throw new Error(`condition ${name}: unsupported ${JSON.stringify(c)}`);
  };
  const condition = (t.Conditions as Record<string, unknown> | undefined)?.[name];
  if (!condition) throw new Error(`no condition ${name}`);
  return evaluate(condition);
}

/** The role's inline statements, plus those of stand-alone policies attached to it whose condition holds. */
function roleStatements(functionName: FunctionName, t: Template = template): Statement[] {
  const role = t.Resources[`${functionName}LambdaFunction`]!.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return namedRoleStatements(role['Fn::GetAtt'][0], t);
}

function namedRoleStatements(roleName: string, t: Template): Statement[] {
  const roleResource = t.Resources[roleName];
  expect(roleResource?.Type).toBe('AWS::IAM::Role');
  const policies = (roleResource!.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
  expect(roleResource!.Properties.ManagedPolicyArns).toBeUndefined();
  const attached = resourcesOfType(t, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleName })))
    .filter(([, p]) => p.Condition === undefined || conditionHolds(t, p.Condition))
    .map(([, p]) => p.Properties as unknown as { PolicyDocument: { Statement: Statement[] } });
  return [...policies, ...attached].flatMap((p) => p.PolicyDocument.Statement);
}

/** Sent only in organization mode: the role has it only when the `organization` param is 'true'. */
const ORGANIZATION_ACTIONS = ['organizations:ListAccounts'];
/** Sent only by the digest, only when the `billSource` param is 'ce'. */
const BILL_ACTIONS = ['ce:GetCostAndUsage', 'ce:GetDimensionValues'];

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

/**
 * Actions no line of our code sends, which the platform performs with the function's role: the Lambda
 * runtime writes logs; SNS encrypts a Publish to a KMS topic with the publisher's permissions; Lambda
 * delivers a failed async digest to its SQS destination with the digest's role.
 */
const PLATFORM_ACTIONS = {
  Analyze: ['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt'],
  // s3:ListBucket: S3 answers a GET of a missing key with NoSuchKey only to a caller that may list the
  // bucket (AccessDenied otherwise), and "not there yet" is an answer the code relies on.
  Digest: ['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt', 'sqs:SendMessage', 's3:ListBucket'],
  FanoutWorker: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  FanoutAggregator: ['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt', 's3:ListBucket'],
  Runaway: ['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt'],
};

describe('packaged CloudFormation template', () => {
  it('runs every function on nodejs22.x / arm64, each bundled into one .cjs file', async () => {
    for (const name of ['Analyze', 'Digest', 'FanoutWorker', 'FanoutAggregator', 'Runaway'] as const) {
      const fn = functionResource(name);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const file = name.replace(/^Fanout/, 'fanout-').toLowerCase();
      expect(fn.Properties.Handler).toBe(`functions/${file}.handler`);
      const zip = await readFile(join(outDir, 'default', `${name[0]!.toLowerCase()}${name.slice(1)}.zip`));
      // Zip entry names are stored uncompressed: the bundle is there, node_modules is not.
      expect(zip.includes(`functions/${file}.cjs`)).toBe(true);
      expect(zip.includes('node_modules/')).toBe(false);
    }
  });

  it('schedules the digest weekly by default, and from the schedule param', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes('DigestLambdaFunction'));
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    // Daily: one digest per period (the ISO week), the other days' runs are the heartbeat and the retry.
    expect(rule.Properties.ScheduleExpression).toBe('cron(0 8 * * ? *)');
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': ['DigestLambdaFunction', 'Arn'] } })]);
    const digestRule = (t: Template) => resourcesOfType(t, 'AWS::Events::Rule').find(([, r]) => JSON.stringify(r.Properties.Targets).includes('DigestLambdaFunction'))!;
    expect(digestRule(withParams)[1].Properties.ScheduleExpression).toBe('rate(1 day)');
  });

  it('schedules the runaway watch daily by default, from its own param, with its settings in its environment', () => {
    const runawayRule = (t: Template) => resourcesOfType(t, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes('RunawayLambdaFunction'));
    expect(runawayRule(template)).toHaveLength(1);
    expect(resourcesOfType(template, 'AWS::Events::Rule')).toHaveLength(2);
    expect(runawayRule(template)[0]![1].Properties.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    expect(runawayRule(withParams)[0]![1].Properties.ScheduleExpression).toBe('rate(6 hours)');
    const env = (t: Template) => (t.Resources.RunawayLambdaFunction!.Properties.Environment as { Variables: Json }).Variables;
    expect(env(template)).toEqual(expect.objectContaining({
      TOPIC_ARN: { Ref: 'AdvisorTopic' }, IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' }, RUNAWAY_BASELINE_DAYS: '14', RUNAWAY_SEASONALITY: 'day',
      RUNAWAY_THRESHOLD: '4', RUNAWAY_MARGIN: '0.5', RUNAWAY_MINIMUM_HOURLY_USD: '1', RUNAWAY_COOLDOWN_HOURS: '20',
    }));
    expect(env(withParams)).toEqual(expect.objectContaining({ RUNAWAY_COOLDOWN_HOURS: '12', RUNAWAY_SEASONALITY: 'week' }));
    // Read only its own account: no member-account settings reach it through its role.
    expect(functionResource('Runaway').Properties.MemorySize).toBe(512);
  });

  it('gives the runaway watch exactly the actions its code sends: its own account, no AssumeRole, no Organizations', () => {
    const code = actionsReachableFrom('functions/runaway.ts');
    expect(code.files).toEqual(expect.arrayContaining(['src/aws/cloudwatch-collector.ts', 'src/aws/runaway-publisher.ts', 'src/aws/idempotency-store.ts']));
    expect(code.actions).toEqual([
      'bedrock:ListCustomModels', 'bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles', 'bedrock:ListProvisionedModelThroughputs',
      'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics',
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
      'pricing:GetProducts', 'sns:Publish',
    ]);
    for (const t of [template, withParams]) expect(actionsOf(roleStatements('Runaway', t))).toEqual([...code.actions, ...PLATFORM_ACTIONS.Runaway].sort());
    for (const statement of roleStatements('Runaway')) {
      const actions = actionsOf([statement]);
      if (actions.some((a) => a.startsWith('dynamodb:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] });
      if (actions.some((a) => a.startsWith('kms:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['TopicKey', 'Arn'] });
    }
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

  it('gives each function its own role with exactly the actions its code sends, plus the platform ones', () => {
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const analyzeRole = (functionResource('Analyze').Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const digestRole = (functionResource('Digest').Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    expect(analyzeRole).not.toBe(digestRole);
    for (const name of ['Analyze', 'Digest'] as const) {
      const code = actionsReachableFrom(`functions/${name.toLowerCase()}.ts`);
      // The scan must see the adapters, or an empty list would pass for "exact".
      expect(code.files).toEqual(expect.arrayContaining(['src/aws/cloudwatch-collector.ts', 'src/aws/bedrock-inventory.ts', 'src/aws/sns-publisher.ts']));
      expect(code.actions).toEqual(expect.arrayContaining(['cloudwatch:GetMetricData', 'bedrock:ListFoundationModels', 'sns:Publish']));
      expect(code.actions).toEqual(expect.arrayContaining(['sts:AssumeRole', ...ORGANIZATION_ACTIONS]));
      // Only the digest can read the bill; its role may only once billSource turns it on.
      expect(code.actions.filter((a) => BILL_ACTIONS.includes(a))).toEqual(name === 'Digest' ? BILL_ACTIONS : []);
      const outsideOrganization = code.actions.filter((a) => !ORGANIZATION_ACTIONS.includes(a) && !BILL_ACTIONS.includes(a));
      expect(actionsOf(roleStatements(name)), `${name} role vs code`).toEqual([...outsideOrganization, ...PLATFORM_ACTIONS[name]].sort());
      expect(actionsOf(roleStatements(name, withParams)), `${name} role vs code, organization mode`).toEqual([...code.actions, ...PLATFORM_ACTIONS[name]].sort());
    }
    // Only the digest marks periods, and only its role can touch the table.
    expect(actionsReachableFrom('functions/digest.ts').actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
    expect(actionsReachableFrom('functions/analyze.ts').actions.some((a) => a.startsWith('dynamodb:'))).toBe(false);
  });

  it('scopes the table, key and queue statements to their own resources', () => {
    for (const name of ['Analyze', 'Digest'] as const) {
      for (const statement of roleStatements(name)) {
        const actions = actionsOf([statement]);
        if (actions.some((a) => a.startsWith('kms:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['TopicKey', 'Arn'] });
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] });
      }
    }
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
          expect(JSON.stringify(statement.Resource)).toMatch(/\/aws\/lambda\/bedrock-cost-advisor-dev-(analyze|digest|fanoutWorker|fanoutAggregator|runaway)"/);
        }
      }
    }
  });

  it('keeps logs 30 days', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups.map(([, g]) => g.Properties.LogGroupName).sort()).toEqual(
      ['analyze', 'digest', 'fanoutAggregator', 'fanoutWorker', 'runaway'].map((f) => `/aws/lambda/bedrock-cost-advisor-dev-${f}`),
    );
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('sends failed digest runs to an SQS queue the digest role may write to', () => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) => JSON.stringify(c.Properties.FunctionName).includes('Digest'));
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

describe('faults and operations in the template', () => {
  it('declares the idempotency table (key id, TTL on expiration) and hands its name to the digest only', () => {
    const table = template.Resources.IdempotencyTable!;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.Properties.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    const env = (name: 'Analyze' | 'Digest', t = template) => (t.Resources[`${name}LambdaFunction`]!.Properties.Environment as { Variables: Json }).Variables;
    expect(env('Digest').IDEMPOTENCY_TABLE).toEqual({ Ref: 'IdempotencyTable' });
    expect(env('Analyze').IDEMPOTENCY_TABLE).toBeUndefined();
    expect(env('Digest').DIGEST_PERIOD).toBe('week');
    expect(env('Digest', withParams).DIGEST_PERIOD).toBe('day');
  });

  it("alarms on the failure queue depth and on each function's errors, to the operations topic", () => {
    // The heartbeat and the aborted-fan-out alarm have their own test below.
    const counted = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([name]) => !['NoDigestAlarm', 'FanOutAbortedAlarm'].includes(name));
    const alarms = Object.fromEntries(counted.map(([, a]) => [`${a.Properties.Namespace} ${a.Properties.MetricName}`, a.Properties]));
    expect(Object.keys(alarms).sort()).toEqual(['AWS/Lambda Errors', 'AWS/SQS ApproximateNumberOfMessagesVisible', 'AWS/States ExecutionsFailed']);
    expect(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).toHaveLength(7);
    const all = counted.map(([, a]) => a.Properties);
    expect(all).toHaveLength(5);
    for (const alarm of all) {
      expect(alarm.AlarmActions).toEqual([{ Ref: 'OperationsTopic' }]);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(alarm.Threshold).toBe(0);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    const dimensions = all.map((a) => a.Dimensions);
    expect(dimensions).toEqual(
      expect.arrayContaining([
        [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DigestFailureQueue', 'QueueName'] } }],
        [{ Name: 'FunctionName', Value: { Ref: 'AnalyzeLambdaFunction' } }],
        [{ Name: 'FunctionName', Value: { Ref: 'DigestLambdaFunction' } }],
        [{ Name: 'FunctionName', Value: { Ref: 'RunawayLambdaFunction' } }],
        [{ Name: 'StateMachineArn', Value: { Ref: 'DigestFanOutStateMachine' } }],
      ]),
    );
    expect(template.Resources.OperationsEmailSubscription!.Condition).toBe('HasOperationsEmail');
    expect(withParams.Conditions?.HasOperationsEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['oncall@example.com', ''] }] });
    expect(withParams.Resources.OperationsEmailSubscription!.Properties).toEqual({ TopicArn: { Ref: 'OperationsTopic' }, Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  it('encrypts both topics with a rotating customer key that CloudWatch alarms may use', () => {
    for (const topic of ['AdvisorTopic', 'OperationsTopic']) {
      expect(template.Resources[topic]!.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['TopicKey', 'Arn'] });
    }
    const key = template.Resources.TopicKey!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = (key.Properties.KeyPolicy as { Statement: Array<Statement & { Principal: Json; Condition?: Json }> }).Statement;
    const alarms = statements.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }));
    expect(alarms?.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(alarms?.Resource).toBe('*');
    // No other service principal may use the key.
    expect(statements.filter((s) => 'Service' in s.Principal)).toHaveLength(1);
  });

  it('lets the functions assume only the member role, by the name the memberRoleName param gives', () => {
    for (const [t, roleName] of [[template, 'BedrockCostAdvisorReadOnly'], [withParams, 'AdvisorReader']] as const) {
      for (const name of ['Analyze', 'Digest', 'FanoutWorker'] as const) {
        const assume = roleStatements(name, t).filter((s) => actionsOf([s]).includes('sts:AssumeRole'));
        expect(assume).toHaveLength(1);
        expect(assume[0]!.Action).toBe('sts:AssumeRole');
        // The listed role ARNs when there are any; else that name, only in accounts of this organisation.
        expect(assume[0]!.Resource).toEqual({
          'Fn::If': ['HasRoleList', { 'Fn::Split': [',', ''] }, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${roleName}`]] }],
        });
        expect((assume[0] as Statement & { Condition?: Json }).Condition).toEqual({ 'Fn::If': ['HasRoleList', { Ref: 'AWS::NoValue' }, { StringEquals: { 'aws:ResourceOrgID': { 'Fn::Join': ['', ['$', '{aws:PrincipalOrgID}']] } } }] });
      }
    }
    expect(template.Conditions?.HasRoleList).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    const vars = (withParams.Resources.DigestLambdaFunction!.Properties.Environment as { Variables: Json }).Variables;
    expect(vars).toEqual(expect.objectContaining({ ORGANIZATION: 'true', MEMBER_ROLE_NAME: 'AdvisorReader', ACCOUNT_ROLE_ARNS: '' }));
    // Never empty: the one given, or one made at deploy from the stack's ID, and the stack says which.
    const generated = { 'Fn::If': ['HasExternalId', '', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] };
    expect(vars.EXTERNAL_ID).toEqual(generated);
    expect((template.Outputs as Record<string, { Value: Json }>).MemberRoleExternalId!.Value).toEqual(generated);
  });

  it('names the roles the member roles trust, by a fixed ARN of this stage', () => {
    for (const [resource, name] of [['AnalyzeRole', 'analyze'], ['DigestRole', 'digest'], ['FanoutWorkerRole', 'fanoutWorker']] as const) {
      expect(template.Resources[resource]!.Properties.RoleName).toBe(`bedrock-cost-advisor-dev-${name}`);
    }
  });

  it('gives both topics a policy: this account only, TLS only, and only the protocols the readers use', () => {
    for (const [policy, topic] of [['AdvisorTopicPolicy', 'AdvisorTopic'], ['OperationsTopicPolicy', 'OperationsTopic']] as const) {
      const resource = template.Resources[policy]!;
      expect(resource.Type).toBe('AWS::SNS::TopicPolicy');
      expect(resource.Properties.Topics).toEqual([{ Ref: topic }]);
      const statements = (resource.Properties.PolicyDocument as { Statement: Array<Statement & { Sid: string; Principal: Json; Condition?: Json }> }).Statement;
      const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
      expect(bySid.AccountUse).toMatchObject({ Effect: 'Allow', Principal: { AWS: { Ref: 'AWS::AccountId' } } });
      expect(bySid.TlsOnly).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(bySid.AllowedProtocols).toMatchObject({ Effect: 'Deny', Action: 'sns:Subscribe', Condition: { StringNotEquals: { 'sns:Protocol': ['email', 'email-json', 'https', 'sqs', 'lambda'] } } });
      expect(statements.filter((st) => st.Effect === 'Allow').every((st) => JSON.stringify(st.Principal) !== '"*"')).toBe(true);
    }
  });

  it('alarms on an aborted or timed-out fan-out, and when the period has no digest (the heartbeat)', () => {
    const aborted = template.Resources.FanOutAbortedAlarm!.Properties as { Metrics: Array<{ Id: string; MetricStat?: { Metric: { MetricName: string } }; Expression?: string }>; AlarmActions: Json };
    expect(aborted.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual(['ExecutionsAborted', 'ExecutionsTimedOut']);
    expect(aborted.AlarmActions).toEqual([{ Ref: 'OperationsTopic' }]);
    const heartbeat = template.Resources.NoDigestAlarm!.Properties;
    expect(Number(heartbeat.EvaluationPeriods)).toBe(2);
    expect(heartbeat).toMatchObject({ Namespace: 'BedrockCostAdvisor', MetricName: 'DigestPeriodCovered', Period: 86400, Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', AlarmActions: [{ Ref: 'OperationsTopic' }] });
    // The metric is the one the code records (functions/middleware.ts), from the digest and the aggregator.
    expect(readFileSync(join(repo, 'functions', 'middleware.ts'), 'utf8')).toContain("addMetric('DigestPeriodCovered'");
  });

  it('says loudly, on package and in the stack outputs, when nobody is subscribed to the operations topic', () => {
    const [defaultOutput, paramsOutput] = [...packageOutput.values()];
    expect(defaultOutput).toMatch(/WARNING: no subscriber on the operations topic: alarms .* reach NO ONE/);
    expect(paramsOutput).not.toMatch(/no subscriber on the operations topic/);
    const goesTo = (t: Template) => (t.Outputs as Record<string, { Value: { 'Fn::If': [string, string, string] } }>).OperationsAlarmsGoTo!.Value['Fn::If'];
    expect(goesTo(template)).toEqual(['HasOperationsEmail', '', expect.stringMatching(/^NOBODY/)]);
    expect(goesTo(withParams)[1]).toBe('oncall@example.com');
  });
});

describe('the digest fan-out in the template', () => {
  const definitionFile = JSON.parse(readFileSync(join(repo, 'statemachine', 'digest-fanout.asl.json'), 'utf8')) as Json;

  it('declares the state machine from statemachine/digest-fanout.asl.json, a valid Distributed Map over S3 items', () => {
    const machine = template.Resources.DigestFanOutStateMachine!;
    expect(machine.Type).toBe('AWS::StepFunctions::StateMachine');
    expect(machine.Properties.StateMachineName).toBe('bedrock-cost-advisor-dev-digest-fanout');
    const definition = JSON.parse(machine.Properties.DefinitionString as string) as Json;
    expect(definition).toEqual(definitionFile);
    const checked = validateStateMachine(definition);
    expect(checked.errors).toEqual([]);
    expect(checked.isValid).toBe(true);
    // The function ARNs are CloudFormation's substitutions, each the function the template declares.
    expect(machine.Properties.DefinitionSubstitutions).toEqual({
      FanoutWorkerArn: { 'Fn::GetAtt': ['FanoutWorkerLambdaFunction', 'Arn'] },
      FanoutAggregatorArn: { 'Fn::GetAtt': ['FanoutAggregatorLambdaFunction', 'Arn'] },
    });
    // The Map comes after the optional Athena queries (tested below).
    const map = (definition.States as Record<string, Json>).AnalyseEachAccountRegion!;
    expect(map.Type).toBe('Map');
    expect((map.ItemProcessor as { ProcessorConfig: Json }).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect((map.ItemReader as Json).Resource).toBe('arn:aws:states:::s3:getObject');
    // A failed item is named by the aggregator; it must not fail the whole digest.
    expect(map.ToleratedFailurePercentage).toBe(100);
    // Express children run at most 5 minutes: the worker's timeout must fit, with room for a retry.
    expect(functionResource('FanoutWorker').Properties.Timeout).toBeLessThanOrEqual(240);
  });

  it('hands the bucket, state machine and threshold to the digest, and the bucket to the worker and aggregator', () => {
    const env = (name: FunctionName, t = template) => (t.Resources[`${name}LambdaFunction`]!.Properties.Environment as { Variables: Json }).Variables;
    expect(env('Digest')).toEqual(expect.objectContaining({ RUN_BUCKET: { Ref: 'RunBucket' }, STATE_MACHINE_ARN: { Ref: 'DigestFanOutStateMachine' }, FANOUT_MIN_ITEMS: '40' }));
    expect(env('FanoutWorker').RUN_BUCKET).toEqual({ Ref: 'RunBucket' });
    expect(env('FanoutWorker').IDEMPOTENCY_TABLE).toBeUndefined();
    expect(env('FanoutAggregator')).toEqual(expect.objectContaining({ RUN_BUCKET: { Ref: 'RunBucket' }, IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' } }));
    for (const name of ['Analyze', 'FanoutWorker', 'FanoutAggregator'] as const) expect(env(name).STATE_MACHINE_ARN).toBeUndefined();
  });

  it('gives the worker and aggregator exactly the actions their code sends, each on its own part of the run bucket', () => {
    const worker = actionsReachableFrom('functions/fanout-worker.ts');
    expect(worker.files).toEqual(expect.arrayContaining(['src/aws/cloudwatch-collector.ts', 'src/aws/run-store.ts']));
    expect(worker.actions).toEqual(['athena:GetQueryResults', 'bedrock:ListCustomModels', 'bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles', 'bedrock:ListProvisionedModelThroughputs', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 's3:GetObject', 's3:PutObject', 'sts:AssumeRole']);
    const aggregator = actionsReachableFrom('functions/fanout-aggregator.ts');
    expect(aggregator.actions).toEqual(['athena:GetQueryResults', ...BILL_ACTIONS, 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 's3:GetObject', 'sns:Publish']);
    // By default the aggregator reads no bill and no Athena result: those actions only with their params (below).
    const aggregatorByDefault = { actions: aggregator.actions.filter((a) => !BILL_ACTIONS.includes(a) && a !== 'athena:GetQueryResults') };
    // Nor does the worker read the invocation-log query's rows without the logs params (below).
    const workerByDefault = { actions: worker.actions.filter((a) => a !== 'athena:GetQueryResults') };
    for (const [name, code] of [['FanoutWorker', workerByDefault], ['FanoutAggregator', aggregatorByDefault]] as const) {
      expect(actionsOf(roleStatements(name)), `${name} role vs code`).toEqual([...code.actions, ...PLATFORM_ACTIONS[name]].sort());
    }
    const digest = actionsReachableFrom('functions/digest.ts');
    expect(digest.actions).toEqual(expect.arrayContaining(['states:StartExecution', 's3:GetObject', 's3:PutObject']));
    const objectsOf = (name: FunctionName, action: string) =>
      roleStatements(name).filter((st) => actionsOf([st]).includes(action)).flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])).map((r) => JSON.stringify(r));
    const runObject = (suffix: string) => JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['RunBucket', 'Arn'] }, suffix]] });
    expect(objectsOf('FanoutWorker', 's3:PutObject')).toEqual([runObject('/runs/*/partials/*')]);
    expect(objectsOf('FanoutWorker', 's3:GetObject')).toEqual([runObject('/runs/*/prices.json')]);
    expect(objectsOf('FanoutAggregator', 's3:GetObject').sort()).toEqual([runObject('/runs/*/items.json'), runObject('/runs/*/partials/*')].sort());
    expect(objectsOf('Digest', 's3:PutObject').sort()).toEqual([runObject('/runs/*/items.json'), runObject('/runs/*/prices.json')].sort());
    const start = roleStatements('Digest').find((st) => actionsOf([st]).includes('states:StartExecution'));
    expect(start?.Resource).toEqual({ Ref: 'DigestFanOutStateMachine' });
  });

  it("lets the state machine invoke only its two functions and manage only its own child executions", () => {
    const role = template.Resources.FanOutStateMachineRole!;
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Array<{ Principal: Json; Condition?: Json }> }).Statement;
    expect(trust).toEqual([expect.objectContaining({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]);
    const statements = ((role.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>)).flatMap((p) => p.PolicyDocument.Statement);
    const invoke = statements.find((st) => actionsOf([st]).includes('lambda:InvokeFunction'));
    expect(invoke?.Resource).toEqual([{ 'Fn::GetAtt': ['FanoutWorkerLambdaFunction', 'Arn'] }, { 'Fn::GetAtt': ['FanoutAggregatorLambdaFunction', 'Arn'] }]);
    expect(actionsOf(statements)).toEqual(
      ['lambda:InvokeFunction', 's3:AbortMultipartUpload', 's3:GetObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject', 'states:DescribeExecution', 'states:StartExecution', 'states:StopExecution'].sort(),
    );
    const children = statements.find((st) => actionsOf([st]).includes('states:StartExecution'));
    expect(JSON.stringify(children?.Resource)).toContain('bedrock-cost-advisor-dev-digest-fanout');
  });

  it('keeps runs in a private, encrypted, TLS-only bucket that forgets them after 35 days', () => {
    const bucket = template.Resources.RunBucket!;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('AES256');
    expect((bucket.Properties.LifecycleConfiguration as { Rules: Json[] }).Rules).toEqual([expect.objectContaining({ Prefix: 'runs/', ExpirationInDays: 35, Status: 'Enabled' })]);
    const policy = template.Resources.RunBucketPolicy!.Properties.PolicyDocument as { Statement: Array<Statement & { Condition: Json }> };
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });
});

/** The fan-out state machine's role, and the ARNs and resources of its and the functions' statements, as JSON text. */
const sfnRole = 'FanOutStateMachineRole';
const arn = (suffix: string) => JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, suffix]] });
const regional = (service: string, suffix: string) =>
  JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, suffix]] });
const resourcesOf = (statements: Statement[], action: string) =>
  statements.filter((st) => actionsOf([st]).includes(action)).flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])).map((r) => JSON.stringify(r)).sort();

describe('the bill and the invocation logs on Athena in the template', () => {
  const stateMachineActions = (t: Template) => actionsOf(namedRoleStatements(sfnRole, t)).filter((a) => !a.startsWith('lambda:') && !a.startsWith('states:'));
  const runBucketActions = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'];

  it('lets the state machine run the queries, read the two tables and write results only when the params turn them on', () => {
    // Default and Cost Explorer: the state machine reaches nothing of Athena, Glue or another bucket.
    expect(stateMachineActions(template)).toEqual(runBucketActions);
    expect(stateMachineActions(withParams)).toEqual(runBucketActions);
    const statements = namedRoleStatements(sfnRole, withAthena);
    expect(stateMachineActions(withAthena)).toEqual([
      ...runBucketActions,
      'athena:GetDataCatalog', 'athena:GetQueryExecution', 'athena:StartQueryExecution', 'athena:StopQueryExecution',
      'glue:GetDatabase', 'glue:GetDatabase', 'glue:GetPartitions', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTable',
      's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetBucketLocation', 's3:GetBucketLocation', 's3:GetObject', 's3:GetObject', 's3:GetObject',
      's3:ListBucket', 's3:ListBucket', 's3:ListMultipartUploadParts', 's3:PutObject',
    ].sort());
    expect(resourcesOf(statements, 'athena:StartQueryExecution')).toEqual([regional('athena', ':workgroup/advisor')]);
    expect(resourcesOf(statements, 'glue:GetTable')).toEqual([
      regional('glue', ':catalog'), regional('glue', ':database/cur'), regional('glue', ':table/cur/data_export'),
      regional('glue', ':catalog'), regional('glue', ':database/logs'), regional('glue', ':table/logs/bedrock_invocation_logs'),
    ].sort());
    expect(resourcesOf(statements, 's3:ListBucket')).toEqual([arn(':s3:::payer-cur-exports'), arn(':s3:::bedrock-invocation-logs')].sort());
    // Objects: the export's and the logs' read, the results written under the prefix alone.
    expect(resourcesOf(statements, 's3:PutObject').filter((r) => !r.includes('RunBucket'))).toEqual([arn(':s3:::advisor-athena-results/bedrock-cost-advisor/*')]);
    expect(resourcesOf(statements, 's3:GetObject').filter((r) => !r.includes('RunBucket'))).toEqual(
      [arn(':s3:::payer-cur-exports/*'), arn(':s3:::bedrock-invocation-logs/*'), arn(':s3:::advisor-athena-results/bedrock-cost-advisor/*')].sort(),
    );
  });

  it('gives the aggregator the Athena results and the run prices only with Athena, Cost Explorer only with ce, and the digest nothing of Athena', () => {
    const aggregator = actionsReachableFrom('functions/fanout-aggregator.ts').actions;
    const base = aggregator.filter((a) => !BILL_ACTIONS.includes(a) && a !== 'athena:GetQueryResults');
    const prices = JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['RunBucket', 'Arn'] }, '/runs/*/prices.json']] });
    // ce: Cost Explorer and the run's prices.
    expect(actionsOf(roleStatements('FanoutAggregator', withParams))).toEqual([...base, ...BILL_ACTIONS, 's3:GetObject', ...PLATFORM_ACTIONS.FanoutAggregator].sort());
    expect(resourcesOf(roleStatements('FanoutAggregator', withParams), 's3:GetObject')).toContain(prices);
    // athena: the results (GetQueryResults on the workgroup, the result objects) and the run's prices; no Cost Explorer.
    const athenaStatements = roleStatements('FanoutAggregator', withAthena);
    expect(actionsOf(athenaStatements)).toEqual([...base, 'athena:GetQueryResults', 's3:GetObject', 's3:GetObject', ...PLATFORM_ACTIONS.FanoutAggregator].sort());
    expect(resourcesOf(athenaStatements, 'athena:GetQueryResults')).toEqual([regional('athena', ':workgroup/advisor')]);
    expect(resourcesOf(athenaStatements, 's3:GetObject')).toEqual(expect.arrayContaining([prices, arn(':s3:::advisor-athena-results/bedrock-cost-advisor/*')]));
    // The worker, with the logs on: the query's rows (GetQueryResults on the workgroup, the result objects), beside its own reads.
    const worker = actionsReachableFrom('functions/fanout-worker.ts').actions;
    const workerStatements = roleStatements('FanoutWorker', withAthena);
    expect(actionsOf(workerStatements)).toEqual([...worker, 's3:GetObject', ...PLATFORM_ACTIONS.FanoutWorker].sort());
    expect(resourcesOf(workerStatements, 'athena:GetQueryResults')).toEqual([regional('athena', ':workgroup/advisor')]);
    expect(resourcesOf(workerStatements, 's3:GetObject')).toEqual(expect.arrayContaining([arn(':s3:::advisor-athena-results/bedrock-cost-advisor/*')]));
    // The digest builds the queries' text and sends nothing to Athena; its role never has an Athena action.
    expect(actionsReachableFrom('functions/digest.ts').actions.filter((a) => a.startsWith('athena:') || a.startsWith('glue:'))).toEqual([]);
    expect(actionsOf(roleStatements('Digest', withAthena)).filter((a) => a.startsWith('athena:') || a.startsWith('glue:') || a.startsWith('ce:'))).toEqual([]);
  });

  it('hands the tables, workgroup and result location to the digest and the aggregator', () => {
    const env = (name: FunctionName) => (withAthena.Resources[`${name}LambdaFunction`]!.Properties.Environment as { Variables: Json }).Variables;
    for (const name of ['Digest', 'FanoutAggregator'] as const) {
      expect(env(name)).toEqual(expect.objectContaining({
        BILL_SOURCE: 'athena', BILL_DATABASE: 'cur', BILL_TABLE: 'data_export', INVOCATION_LOGS_DATABASE: 'logs', INVOCATION_LOGS_TABLE: 'bedrock_invocation_logs',
        ATHENA_WORKGROUP: 'advisor', ATHENA_RESULTS_LOCATION: 's3://advisor-athena-results/bedrock-cost-advisor/',
      }));
    }
  });

  it('runs both queries in the state machine before the Map, each caught so the digest still goes out', () => {
    const definition = JSON.parse(readFileSync(join(repo, 'statemachine', 'digest-fanout.asl.json'), 'utf8')) as { StartAt: string; States: Record<string, Json> };
    const order: string[] = [];
    for (let name: string | undefined = definition.StartAt; name && !order.includes(name); ) {
      order.push(name);
      const st: Json = definition.States[name]!;
      name = (st.Type === 'Choice' ? (st.Choices as Array<{ Next: string }>)[0]!.Next : (st.Next as string | undefined));
    }
    expect(order).toEqual(['HasBillQuery', 'RunBillQuery', 'HasLogsQuery', 'RunLogsQuery', 'HandLogsToWorkers', 'AnalyseEachAccountRegion', 'MergeAndPublish']);
    for (const [run, caught] of [['RunBillQuery', 'HasLogsQuery'], ['RunLogsQuery', 'NoLogsForWorkers']]) {
      const st = definition.States[run!]!;
      expect(st.Resource).toBe('arn:aws:states:::athena:startQueryExecution.sync');
      expect(st.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: caught })]);
    }
    // The workers get the logs query's ID on every path (`{}` without it), never its rows.
    expect((definition.States.AnalyseEachAccountRegion!.ItemSelector as Json)['logs.$']).toBe('$.workerLogs');
    expect(definition.States.HasLogsQuery!.Default).toBe('NoLogsForWorkers');
    expect(definition.States.NoLogsForWorkers).toMatchObject({ Type: 'Pass', Result: {}, ResultPath: '$.workerLogs', Next: 'AnalyseEachAccountRegion' });
    expect(definition.States.HandLogsToWorkers).toMatchObject({ Type: 'Pass', ResultPath: '$.workerLogs', Parameters: { 'queryExecutionId.$': '$.logsQuery.queryExecutionId' }, Next: 'AnalyseEachAccountRegion' });
  });
});

describe('the invocation logs and the bill on Athena, each alone, both, neither, or half set', () => {
  /** What the stack lets Athena reach for a template: the tables, the buckets listed and the objects read outside the run bucket. */
  const athenaReach = (t: Template) => {
    const statements = namedRoleStatements(sfnRole, t);
    return {
      logs: conditionHolds(t, 'ReadsInvocationLogsWithAthena'),
      bill: conditionHolds(t, 'ReadsBillWithAthena'),
      queries: resourcesOf(statements, 'athena:StartQueryExecution'),
      tables: resourcesOf(statements, 'glue:GetTable').filter((r) => r.includes(':table/')),
      listed: resourcesOf(statements, 's3:ListBucket'),
      read: resourcesOf(statements, 's3:GetObject').filter((r) => !r.includes('RunBucket')),
      aggregatorReadsResults: actionsOf(roleStatements('FanoutAggregator', t)).includes('athena:GetQueryResults'),
      workerReadsResults: actionsOf(roleStatements('FanoutWorker', t)).includes('athena:GetQueryResults'),
    };
  };
  const results = arn(':s3:::advisor-athena-results/bedrock-cost-advisor/*');
  const logsTable = regional('glue', ':table/logs/bedrock_invocation_logs');
  const billTable = regional('glue', ':table/cur/data_export');

  it('logs on, bill off: the log table and bucket alone, the queries in the default workgroup', () => {
    expect(athenaReach(logsOnly)).toEqual({
      logs: true, bill: false, queries: [regional('athena', ':workgroup/primary')], tables: [logsTable],
      listed: [arn(':s3:::bedrock-invocation-logs')], read: [arn(':s3:::bedrock-invocation-logs/*'), results].sort(), aggregatorReadsResults: true, workerReadsResults: true,
    });
    expect(JSON.stringify(logsOnly.Resources)).not.toContain('payer-cur-exports');
    expect(logsOnly.Resources.ReadBillTablePolicy?.Condition).toBe('ReadsBillWithAthena');
    const env = (logsOnly.Resources.FanoutAggregatorLambdaFunction!.Properties.Environment as { Variables: Json }).Variables;
    expect(env).toEqual(expect.objectContaining({ BILL_SOURCE: '', INVOCATION_LOGS_DATABASE: 'logs', INVOCATION_LOGS_TABLE: 'bedrock_invocation_logs' }));
  });

  it('logs off, bill on: the CUR table and export bucket alone', () => {
    expect(athenaReach(billOnly)).toEqual({
      logs: false, bill: true, queries: [regional('athena', ':workgroup/primary')], tables: [billTable],
      listed: [arn(':s3:::payer-cur-exports')], read: [arn(':s3:::payer-cur-exports/*'), results].sort(), aggregatorReadsResults: true, workerReadsResults: false,
    });
    expect(JSON.stringify(billOnly.Resources)).not.toContain('bedrock-invocation-logs');
  });

  it('both: both tables and both buckets; neither: nothing of Athena, Glue or another bucket', () => {
    expect(athenaReach(withAthena)).toEqual({
      logs: true, bill: true, queries: [regional('athena', ':workgroup/advisor')], tables: [logsTable, billTable].sort(),
      listed: [arn(':s3:::bedrock-invocation-logs'), arn(':s3:::payer-cur-exports')].sort(),
      read: [arn(':s3:::bedrock-invocation-logs/*'), arn(':s3:::payer-cur-exports/*'), results].sort(), aggregatorReadsResults: true, workerReadsResults: true,
    });
    for (const t of [template, withParams]) {
      expect(athenaReach(t)).toEqual({ logs: false, bill: false, queries: [], tables: [], listed: [], read: [], aggregatorReadsResults: false, workerReadsResults: false });
    }
  });

  // Each of these stops before esbuild runs (the plugin's before:package:initialize hook): seconds each.
  it.each([
    { given: ['invocationLogsTable=bedrock_invocation_logs'], says: 'invocation logs are half set: invocationLogsTable set but invocationLogsDatabase, invocationLogsBucket empty' },
    { given: ['invocationLogsDatabase=logs', 'invocationLogsTable=bedrock_invocation_logs'], says: 'invocationLogsBucket empty' },
    { given: ['invocationLogsBucket=bedrock-invocation-logs'], says: 'invocationLogsDatabase, invocationLogsTable empty' },
    {
      given: ['invocationLogsDatabase=logs', 'invocationLogsTable=bedrock_invocation_logs', 'invocationLogsBucket=bedrock-invocation-logs'],
      says: 'the invocation logs run on Athena but athenaResultsBucket is empty',
    },
    { given: ['billSource=athena', 'billDatabase=cur', 'billTable=data_export', 'athenaResultsBucket=r-bucket'], says: 'billSource is athena but billBucket is empty' },
  ])('refuses to package with half-set Athena parameters: $says', async ({ given, says }) => {
    const run = packageService(join(outDir, `half-${given.join('-').replace(/[^a-z0-9-]/gi, '')}`), given.map((g) => `--param=${g}`));
    await expect(run).rejects.toThrow(says);
    await expect(run).rejects.toThrow('Athena parameters:');
  }, 60_000);
});
