import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { handlePricing, recordedPricingFixture, reply, type PricingFixture } from './pricing-stub.js';
import { handleCostExplorer, type CostExplorerFixture } from './cost-explorer-stub.js';
import { handleAthena, type AthenaFixture, type AthenaStubState } from './athena-stub.js';
import { handleCloudWatchLogs, type LogGroupFixture } from './logs-stub.js';
import { seeded } from '../../src/sample/sample.js';

/**
 * A loopback AWS endpoint speaking the real wire protocols, so tests and `invoke local` run the real
 * SDK clients over HTTP with no account:
 * - CloudWatch: awsJson1_0 (`x-amz-target: GraniteServiceVersion20100801.ListMetrics|GetMetricData`),
 *   epoch-second timestamps, gzip request bodies accepted;
 * - Bedrock control plane: restJson1 (`GET /provisioned-model-throughputs`, `/custom-models`,
 *   `/inference-profiles`, `/foundation-models`);
 * - SNS: awsQuery (form-encoded `Action=Publish`), XML replies; every Publish is captured;
 * - Organizations: awsJson1_1 `ListAccounts` (one page of `organizationAccounts`);
 * - STS: awsQuery `Action=AssumeRole` into a member account: the credentials it hands out carry the
 *   account in their access key ID (`ASIA<12 digits>…`), and CloudWatch and Bedrock calls signed with
 *   them answer from that account's fixture (`memberAccounts`), so each account has its own usage.
 *
 * - S3: restXml, path-style `PUT|GET /<bucket>/<key>` into an in-memory store (`objects`), NoSuchKey
 *   for a key never written;
 * - Step Functions: awsJson1_0 `StartExecution`, recorded in `executions`; a second start of a name
 *   with another input answers ExecutionAlreadyExists, as the service does.
 * - Cost Explorer: awsJson1_1 `GetDimensionValues` and `GetCostAndUsage` (./cost-explorer-stub.ts),
 *   the bill in `costExplorer`;
 * - Athena: awsJson1_1 `StartQueryExecution`, `GetQueryExecution`, `GetQueryResults` (./athena-stub.ts).
 * - CloudWatch Logs: awsJson1_1 `Logs_20140328.FilterLogEvents`, paged (./logs-stub.ts), the groups in `logGroups`.
 *
 * Requests are routed by the Region and service in the SigV4 credential scope of the Authorization
 * header (`Credential=AKID/20260101/us-west-2/monitoring/aws4_request`), so one endpoint serves every
 * Region, and chosen Regions can be made to fail with AccessDenied.
 */

export type FixtureMetric = 'InputTokenCount' | 'OutputTokenCount' | 'CacheReadInputTokenCount' | 'CacheWriteInputTokenCount' | 'Invocations' | 'InvocationThrottles' | 'OutputImageCount';

export interface FixtureModel {
  /** The `ModelId` dimension value. */
  modelId: string;
  namespace?: 'AWS/Bedrock' | 'AWS/BedrockMantle';
  /** Average per minute; business hours (08:00-18:00 UTC) run at 1.5x, other hours at 0.5x. */
  perMinute: Partial<Record<FixtureMetric, number>>;
  /** A runaway: every metric of periods starting in [from, to) (epoch seconds) multiplied by `factor`. */
  surge?: { from: number; to: number; factor: number };
  /**
   * Series under finer dimension sets: `ModelId` plus `dimensions` (ImageSize and BucketedStepSize,
   * ServiceTier and ResolvedServiceTier), each with its own rates. ListMetrics lists them beside the
   * ModelId-only series (its `ModelId` filter matches a metric with other dimensions too), and
   * GetMetricData answers a query only from the series whose dimensions are exactly the query's.
   */
  finer?: Array<{ dimensions: Array<{ Name: string; Value: string }>; perMinute: Partial<Record<FixtureMetric, number>> }>;
}

export interface FixtureRegion {
  models: FixtureModel[];
  provisionedModelSummaries?: Array<Record<string, unknown>>;
  customModelSummaries?: Array<Record<string, unknown>>;
  inferenceProfileSummaries?: Array<Record<string, unknown>>;
  foundationModelSummaries?: Array<Record<string, unknown>>;
}

export interface FixtureAccount {
  regions: Record<string, FixtureRegion>;
}

export interface CapturedPublish {
  /** The MessageId the stub answered with. */
  messageId: string;
  region: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageStructure?: string;
  /** Every form parameter as sent. */
  params: Record<string, string>;
}

export interface CapturedRequest {
  service: string;
  region: string;
  operation: string;
  status: number;
  /** The member account whose assumed-role credentials signed the call (absent: the stub's own credentials). */
  accountId?: string;
  /**
   * When the stub had read the request, and when it answered it (or found it abandoned, or left it hung),
   * in `performance.now()` ms of this process: the order of a call against a handler's return, whatever
   * the machine's speed.
   */
  receivedAt: number;
  recordedAt: number;
}

export interface AwsStubOptions {
  account?: FixtureAccount;
  /** Regions whose CloudWatch and Bedrock calls answer 403 AccessDenied. */
  failRegions?: string[];
  /** Regions whose CloudWatch and Bedrock calls are read and never answered (a hung endpoint). */
  hangRegions?: string[];
  /** Fraction (0-1) of CloudWatch calls answered with a Throttling error, chosen by a seeded generator. */
  throttleRate?: number;
  /** Seed of the throttling choice, so a run is reproducible. Default 1. */
  throttleSeed?: number;
  port?: number;
  /** Price List products served by GetProducts (default: the recorded pages the bundled catalog is built from). */
  pricing?: PricingFixture;
  /** Accounts reachable through AssumeRole (account ID -> its usage and inventory). */
  memberAccounts?: Record<string, FixtureAccount>;
  /** Accounts whose AssumeRole answers 403 AccessDenied (the member role is missing or does not trust the caller). */
  denyAssumeRole?: string[];
  /** Account ID -> the external ID its member role requires; AssumeRole without it is denied. */
  externalIds?: Record<string, string>;
  /** What Organizations ListAccounts answers (awsJson1_1), in one page; absent = AWSOrganizationsNotInUseException. */
  organizationAccounts?: Array<{ Id: string; Name?: string; State: string }>;
  /** The Bedrock bill Cost Explorer answers with; absent = no Bedrock service on the bill. */
  costExplorer?: CostExplorerFixture;
  /** Read-only S3 objects by `<bucket>/<key>` (binary, e.g. gzipped invocation logs), served by GetObject and listed by ListObjectsV2. */
  files?: Record<string, Buffer>;
  /** Keys per ListObjectsV2 page (default 1000, S3's own). */
  listPageSize?: number;
  /** The tables Athena queries answer from (the CUR export, the invocation logs); a query of another table fails (no such table). */
  athena?: AthenaFixture | AthenaFixture[];
  /** CloudWatch Logs groups FilterLogEvents reads (invocation logs sent to a log group). */
  logGroups?: LogGroupFixture[];
}

export interface StartedExecution {
  stateMachineArn: string;
  name: string;
  input: string;
  executionArn: string;
  /** RUNNING when started; a test closes it (SUCCEEDED, FAILED, TIMED_OUT, ABORTED) as Step Functions would. */
  status: string;
}

export interface AwsStub {
  /** `http://127.0.0.1:<port>`: use as AWS_ENDPOINT_URL. */
  url: string;
  port: number;
  /** S3 objects by `<bucket>/<key>`. */
  objects: Map<string, string>;
  /** Step Functions executions started, in order. */
  executions: StartedExecution[];
  publishes: CapturedPublish[];
  requests: CapturedRequest[];
  /**
   * Every request as the stub reads it, before any delay or hang: a call a client starts shows here at
   * once, where `requests` shows a delayed one only when it is answered.
   */
  received: Array<{ service: string; region: string; at: number }>;
  failRegions: Set<string>;
  hangRegions: Set<string>;
  /** `status` (e.g. 500): every SNS Publish fails with it; `hang`: every Publish is read and never answered. */
  publishFailure: { status?: number; hang?: boolean };
  /** Calls read and never answered, by what they ask: STS AssumeRole into these accounts, and every Pricing call. */
  hangs: { assumeRole: Set<string>; pricing: boolean };
  /** Region -> milliseconds every CloudWatch and Bedrock answer in that Region is delayed (a slow Region). */
  delays: Map<string, number>;
  /** CloudWatch calls answered with Throttling so far. */
  throttled: { count: number };
  /**
   * Back to the state the stub started in: captured requests, publishes, objects and executions
   * forgotten, and the faults (failing, hung and slow Regions, a failing Publish) as its options set
   * them. Files call it before each test, so a test that failed half-way leaves no fault behind.
   */
  reset(): void;
  close(): Promise<void>;
}

/** Real AccessDenied messages quote the caller, account ID included; so do the stub's (the log tests rely on it). */
export const CALLER_ARN = 'arn:aws:sts::123456789012:assumed-role/bedrock-cost-advisor-dev-digest/session';

const sonnet4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

/** A small account: Claude and Nova in us-east-1 (one through a US cross-Region profile), Llama in us-west-2. */
export const FIXTURE_ACCOUNT: FixtureAccount = {
  regions: {
    'us-east-1': {
      models: [
        {
          modelId: `us.${sonnet4}`,
          perMinute: { InputTokenCount: 60_000, OutputTokenCount: 6_000, CacheReadInputTokenCount: 20_000, CacheWriteInputTokenCount: 2_000, Invocations: 30 },
        },
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', perMinute: { InputTokenCount: 40_000, OutputTokenCount: 4_000, Invocations: 50 } },
        { modelId: 'amazon.nova-micro-v1:0', namespace: 'AWS/Bedrock', perMinute: { InputTokenCount: 5_000, OutputTokenCount: 1_000, Invocations: 10 } },
      ],
      inferenceProfileSummaries: [
        {
          inferenceProfileId: `us.${sonnet4}`,
          inferenceProfileArn: `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${sonnet4}`,
          inferenceProfileName: 'US Anthropic Claude Sonnet 4',
          type: 'SYSTEM_DEFINED',
          status: 'ACTIVE',
          models: [
            { modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${sonnet4}` },
            { modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${sonnet4}` },
          ],
        },
      ],
      foundationModelSummaries: [
        { modelId: sonnet4, modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${sonnet4}`, inferenceTypesSupported: ['INFERENCE_PROFILE'] },
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0', inferenceTypesSupported: ['ON_DEMAND', 'PROVISIONED'] },
        { modelId: 'amazon.nova-micro-v1:0', modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0', inferenceTypesSupported: ['ON_DEMAND'] },
      ],
    },
    'us-west-2': {
      models: [{ modelId: 'meta.llama3-1-8b-instruct-v1:0', perMinute: { InputTokenCount: 8_000, OutputTokenCount: 2_000, Invocations: 12 } }],
      foundationModelSummaries: [
        { modelId: 'meta.llama3-1-8b-instruct-v1:0', modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0', inferenceTypesSupported: ['ON_DEMAND'] },
      ],
    },
    'eu-west-1': {
      models: [{ modelId: 'amazon.nova-lite-v1:0', perMinute: { InputTokenCount: 1_000, OutputTokenCount: 200, Invocations: 2 } }],
    },
  },
};

function hourFactor(epochSeconds: number): number {
  const hour = new Date(epochSeconds * 1000).getUTCHours();
  return hour >= 8 && hour < 18 ? 1.5 : 0.5;
}

/** Sum of a per-minute rate over one period starting at `start`, integer like real token counts. */
function periodSum(perMinute: number, start: number, periodSeconds: number): number {
  if (periodSeconds <= 3600 && Math.floor(start / 3600) === Math.floor((start + periodSeconds - 1) / 3600)) {
    return Math.round(perMinute * hourFactor(start) * (periodSeconds / 60));
  }
  let sum = 0;
  for (let t = start; t < start + periodSeconds; t += 60) sum += perMinute * hourFactor(t);
  return Math.round(sum);
}

function credentialScope(req: IncomingMessage): { region: string; service: string; accountId?: string } {
  const auth = req.headers.authorization ?? '';
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  // Keys the stub's AssumeRole handed out name their account: ASIA<12 digits>STUB.
  const accountId = /^ASIA(\d{12})STUB$/.exec(match?.[1] ?? '')?.[1];
  return { region: match?.[2] ?? 'unknown', service: match?.[3] ?? 'unknown', ...(accountId ? { accountId } : {}) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body = Buffer.concat(chunks);
  if (/gzip/i.test(String(req.headers['content-encoding'] ?? ''))) body = gunzipSync(body);
  return body.toString('utf8');
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': `stub-${Date.now()}`, ...headers });
  res.end(body);
}

/**
 * The object's bytes: the SDK may send a body `aws-chunked` (chunks of `<hex size>;chunk-signature=…`
 * and a checksum trailer) when it adds a flexible checksum.
 */
function awsChunkedPayload(req: IncomingMessage, body: string): string {
  if (!/aws-chunked/i.test(String(req.headers['content-encoding'] ?? ''))) return body;
  // Chunk sizes count bytes, not characters.
  const bytes = Buffer.from(body, 'utf8');
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!(size > 0)) return Buffer.concat(chunks).toString('utf8');
    chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface MetricQuery {
  Id: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string; Value: string }> }; Period: number; Stat: string };
}

export async function startAwsStub(options: AwsStubOptions = {}): Promise<AwsStub> {
  const account = options.account ?? FIXTURE_ACCOUNT;
  const failRegions = new Set(options.failRegions ?? []);
  const hangRegions = new Set(options.hangRegions ?? []);
  const throttleRate = options.throttleRate ?? 0;
  // The sample account's seeded generator, so "throttle 50%" picks the same calls on every run.
  const throttleDraw = seeded(options.throttleSeed ?? 1);
  const throttled = { count: 0 };
  const publishFailure: { status?: number; hang?: boolean } = {};
  const delays = new Map<string, number>();
  const hangs = { assumeRole: new Set<string>(), pricing: false };
  const publishes: CapturedPublish[] = [];
  const requests: CapturedRequest[] = [];
  const received: AwsStub['received'] = [];
  let messageCounter = 0;
  let pricingFixture: PricingFixture | undefined;
  const athenaFixtures = options.athena === undefined ? [] : Array.isArray(options.athena) ? options.athena : [options.athena];
  const athenaState: AthenaStubState = { queries: [] };
  const objects = new Map<string, string>();
  const executions: StartedExecution[] = [];

  function s3(req: IncomingMessage, url: URL, body: string, res: ServerResponse): { status: number; operation: string } {
    const xml = 'application/xml';
    const key = decodeURIComponent(url.pathname.slice(1));
    if (req.method === 'PUT') {
      objects.set(key, awsChunkedPayload(req, body));
      send(res, 200, xml, '', { etag: `"${objects.size}"` });
      return { status: 200, operation: 'PutObject' };
    }
    if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      // ListObjectsV2 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), keys in UTF-8 order, paged by continuation token.
      const bucket = key.replace(/\/$/, '');
      const prefix = url.searchParams.get('prefix') ?? '';
      const all = [...new Set([...objects.keys(), ...Object.keys(options.files ?? {})])]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 1)).sort();
      const size = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), options.listPageSize ?? 1000);
      const start = Number(url.searchParams.get('continuation-token') ?? 0);
      const page = all.slice(start, start + size);
      const truncated = start + size < all.length;
      const contents = page.map((k) => {
        const length = options.files?.[`${bucket}/${k}`]?.length ?? objects.get(`${bucket}/${k}`)?.length ?? 0;
        return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2026-11-30T00:00:00.000Z</LastModified><ETag>"stub"</ETag><Size>${length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      }).join('');
      send(res, 200, xml, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${size}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${start + size}</NextContinuationToken>` : ''}</ListBucketResult>`);
      return { status: 200, operation: 'ListObjectsV2' };
    }
    if (req.method === 'GET' && options.files?.[key] !== undefined) {
      send(res, 200, 'application/octet-stream', options.files[key]!);
      return { status: 200, operation: 'GetObject' };
    }
    if (req.method === 'GET' && !url.searchParams.has('list-type')) {
      const object = objects.get(key);
      if (object === undefined) {
        send(res, 404, xml, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${xmlEscape(key)}</Key><RequestId>stub</RequestId></Error>`);
        return { status: 404, operation: 'GetObject' };
      }
      send(res, 200, 'application/json', object);
      return { status: 200, operation: 'GetObject' };
    }
    send(res, 400, xml, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>stub does not implement ${xmlEscape(`${req.method} ${url.pathname}${url.search}`)}</Message></Error>`);
    return { status: 400, operation: `${req.method} ${url.pathname}` };
  }

  /**
   * StartExecution and DescribeExecution as a standard workflow answers them: a name is unique; the
   * same name and input as a RUNNING execution answers with it, a closed one or another input is
   * ExecutionAlreadyExists (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
   */
  function stepFunctions(region: string, target: string, body: string, res: ServerResponse): number {
    const json = 'application/x-amz-json-1.0';
    const input = JSON.parse(body || '{}') as { stateMachineArn?: string; name?: string; input?: string; executionArn?: string };
    const fail = (status: number, type: string, message: string) => {
      send(res, status, json, JSON.stringify({ __type: `com.amazonaws.swf.service.v2.model#${type}`, message }));
      return status;
    };
    if (target === 'AWSStepFunctions.DescribeExecution' && input.executionArn) {
      const execution = executions.find((e) => e.executionArn === input.executionArn);
      if (!execution) return fail(400, 'ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
      send(res, 200, json, JSON.stringify({ executionArn: execution.executionArn, stateMachineArn: execution.stateMachineArn, name: execution.name, status: execution.status, input: execution.input, startDate: 1 }));
      return 200;
    }
    if (target !== 'AWSStepFunctions.StartExecution' || !input.stateMachineArn || !input.name) {
      return fail(400, 'InvalidParameterValue', `stub does not implement ${target} (or the request lacks stateMachineArn/name)`);
    }
    const executionArn = `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`;
    const earlier = executions.find((e) => e.executionArn === executionArn);
    if (earlier && (earlier.input !== (input.input ?? '{}') || earlier.status !== 'RUNNING')) return fail(400, 'ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    if (!earlier) executions.push({ stateMachineArn: input.stateMachineArn, name: input.name, input: input.input ?? '{}', executionArn, status: 'RUNNING' });
    send(res, 200, json, JSON.stringify({ executionArn, startDate: Date.now() / 1000 }));
    return 200;
  }

  const memberAccounts = options.memberAccounts ?? {};
  const denyAssumeRole = new Set(options.denyAssumeRole ?? []);
  const regionFixture = (region: string, accountId?: string): FixtureRegion =>
    (accountId !== undefined ? memberAccounts[accountId] : account)?.regions[region] ?? { models: [] };

  function sts(body: string, res: ServerResponse): number {
    const params = Object.fromEntries(new URLSearchParams(body));
    const xml = 'text/xml';
    const roleArn = params.RoleArn ?? '';
    const accountId = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
    const deny = (message: string) => {
      send(res, 403, xml, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`);
      return 403;
    };
    if (params.Action !== 'AssumeRole') return deny(`stub does not implement sts:${params.Action ?? ''}`);
    const notAuthorized = `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    if (!accountId || !memberAccounts[accountId] || denyAssumeRole.has(accountId)) return deny(notAuthorized);
    const required = options.externalIds?.[accountId];
    if (required !== undefined && params.ExternalId !== required) return deny(notAuthorized);
    const expiration = new Date(Date.now() + Number(params.DurationSeconds ?? 3600) * 1000).toISOString();
    send(res, 200, xml, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${accountId}STUB</AccessKeyId><SecretAccessKey>stub-secret-${accountId}</SecretAccessKey><SessionToken>stub-session-${accountId}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASTUB:${xmlEscape(params.RoleSessionName ?? '')}</AssumedRoleId><Arn>arn:aws:sts::${accountId}:assumed-role/${xmlEscape(roleArn.split('/').pop() ?? '')}/${xmlEscape(params.RoleSessionName ?? '')}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>stub-sts</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    return 200;
  }

  function cloudWatch(region: string, target: string, body: string, res: ServerResponse, accountId?: string): number {
    const operation = target.split('.').pop() ?? '';
    const json = 'application/x-amz-json-1.0';
    if (throttleRate > 0 && throttleDraw() < throttleRate) {
      throttled.count++;
      // awsQuery-compatible: the query error code travels in x-amzn-query-error, as CloudWatch sends it.
      send(res, 400, json, JSON.stringify({ __type: 'com.amazonaws.cloudwatch#ThrottlingException', message: 'Rate exceeded' }), { 'x-amzn-query-error': 'Throttling;Sender' });
      return 400;
    }
    if (failRegions.has(region)) {
      send(res, 403, json, JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message: `User: ${CALLER_ARN} is not authorized to perform: cloudwatch:${operation} in ${region}` }), {
        'x-amzn-query-error': 'AccessDenied;Sender',
      });
      return 403;
    }
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const fixture = regionFixture(region, accountId);
    if (operation === 'ListMetrics') {
      const namespace = input.Namespace as string | undefined;
      const metrics = fixture.models
        .filter((m) => !namespace || (m.namespace ?? 'AWS/Bedrock') === namespace)
        .flatMap((m) => [
          ...Object.keys(m.perMinute).map((metricName) => ({
            Namespace: m.namespace ?? 'AWS/Bedrock',
            MetricName: metricName,
            Dimensions: [{ Name: 'ModelId', Value: m.modelId }],
          })),
          ...(m.finer ?? []).flatMap((f) =>
            Object.keys(f.perMinute).map((metricName) => ({
              Namespace: m.namespace ?? 'AWS/Bedrock',
              MetricName: metricName,
              Dimensions: [{ Name: 'ModelId', Value: m.modelId }, ...f.dimensions],
            })),
          ),
        ]);
      send(res, 200, json, JSON.stringify({ Metrics: metrics }));
      return 200;
    }
    if (operation === 'GetMetricData') {
      const start = Number(input.StartTime);
      const end = Number(input.EndTime);
      const results = ((input.MetricDataQueries ?? []) as MetricQuery[]).map((query) => {
        const stat = query.MetricStat;
        const dimensions = stat?.Metric.Dimensions ?? [];
        const modelId = dimensions.find((d) => d.Name === 'ModelId')?.Value;
        const model = fixture.models.find((m) => m.modelId === modelId && (m.namespace ?? 'AWS/Bedrock') === stat?.Metric.Namespace);
        // A series is its exact dimension set: ModelId alone, or ModelId with one finer entry's dimensions.
        const others = dimensions.filter((d) => d.Name !== 'ModelId');
        const rates = others.length === 0
          ? model?.perMinute
          : model?.finer?.find((f) => f.dimensions.length === others.length && f.dimensions.every((d) => others.some((o) => o.Name === d.Name && o.Value === d.Value)))?.perMinute;
        const rate = rates?.[stat?.Metric.MetricName as FixtureMetric];
        const timestamps: number[] = [];
        const values: number[] = [];
        if (stat && rate !== undefined) {
          const period = stat.Period;
          for (let t = Math.ceil(start / period) * period; t < end; t += period) {
            timestamps.push(t);
            const surge = model?.surge && t >= model.surge.from && t < model.surge.to ? model.surge.factor : 1;
            values.push(Math.round(periodSum(rate, t, period) * surge));
          }
        }
        return { Id: query.Id, Label: stat?.Metric.MetricName ?? query.Id, Timestamps: timestamps, Values: values, StatusCode: 'Complete' };
      });
      send(res, 200, json, JSON.stringify({ MetricDataResults: results, Messages: [] }));
      return 200;
    }
    send(res, 400, json, JSON.stringify({ __type: 'com.amazon.coral.service#UnknownOperationException', message: `stub does not implement ${target}` }));
    return 400;
  }

  function bedrock(region: string, url: URL, res: ServerResponse, accountId?: string): number {
    const json = 'application/json';
    if (failRegions.has(region)) {
      send(res, 403, json, JSON.stringify({ message: `User: ${CALLER_ARN} is not authorized to perform: bedrock:List* in ${region}` }), { 'x-amzn-errortype': 'AccessDeniedException' });
      return 403;
    }
    const fixture = regionFixture(region, accountId);
    switch (url.pathname) {
      case '/provisioned-model-throughputs':
        send(res, 200, json, JSON.stringify({ provisionedModelSummaries: fixture.provisionedModelSummaries ?? [] }));
        return 200;
      case '/custom-models':
        send(res, 200, json, JSON.stringify({ modelSummaries: fixture.customModelSummaries ?? [] }));
        return 200;
      case '/inference-profiles': {
        const type = url.searchParams.get('type');
        const profiles = (fixture.inferenceProfileSummaries ?? []).filter((p) => !type || p.type === type);
        send(res, 200, json, JSON.stringify({ inferenceProfileSummaries: profiles }));
        return 200;
      }
      case '/foundation-models':
        send(res, 200, json, JSON.stringify({ modelSummaries: fixture.foundationModelSummaries ?? [] }));
        return 200;
      default:
        send(res, 404, json, JSON.stringify({ message: `stub has no route ${url.pathname}` }), { 'x-amzn-errortype': 'ResourceNotFoundException' });
        return 404;
    }
  }

  function sns(region: string, body: string, res: ServerResponse): number {
    const params = Object.fromEntries(new URLSearchParams(body));
    const xml = 'text/xml';
    if (params.Action !== 'Publish') {
      send(res, 400, xml, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>stub does not implement ${xmlEscape(params.Action ?? '')}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`);
      return 400;
    }
    // Real SNS rejects a JSON-structured message without a top-level "default" string.
    if (params.MessageStructure === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(params.Message ?? '');
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof (parsed as Record<string, unknown>).default !== 'string') {
        send(res, 400, xml, '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: Message Structure - No default entry in JSON message body</Message></Error><RequestId>stub</RequestId></ErrorResponse>');
        return 400;
      }
    }
    if (publishFailure.status !== undefined) {
      send(res, publishFailure.status, xml, '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>stub: Publish failed</Message></Error><RequestId>stub</RequestId></ErrorResponse>');
      return publishFailure.status;
    }
    const messageId = `stub-message-${++messageCounter}`;
    publishes.push({
      messageId,
      region,
      topicArn: params.TopicArn ?? '',
      ...(params.Subject !== undefined ? { subject: params.Subject } : {}),
      message: params.Message ?? '',
      ...(params.MessageStructure !== undefined ? { messageStructure: params.MessageStructure } : {}),
      params,
    });
    send(res, 200, xml, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>stub-request-${messageCounter}</RequestId></ResponseMetadata></PublishResponse>`);
    return 200;
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const { region, service, accountId } = credentialScope(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const receivedAt = performance.now();
      received.push({ service, region, at: receivedAt });
      const isSns = service === 'sns' || /Action=Publish/.test(body);
      const hungAssumeRole = service === 'sts' && hangs.assumeRole.has(/iam::(\d{12}):role/.exec(decodeURIComponent(body))?.[1] ?? '');
      const hungPricing = hangs.pricing && String(req.headers['x-amz-target'] ?? '').startsWith('AWSPriceListService.');
      if ((hangRegions.has(region) && !isSns) || (publishFailure.hang && isSns) || hungAssumeRole || hungPricing) {
        // Read, never answered: only the client's own timeout or abort (or close()) ends this request.
        requests.push({ service, region, operation: 'hung', status: 0, receivedAt, recordedAt: receivedAt });
        return;
      }
      const delay = isSns ? 0 : (delays.get(region) ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      // The client may have given up (abort) while the answer was delayed.
      if (delay > 0 && (res.destroyed || req.socket.destroyed)) {
        requests.push({ service, region, operation: 'abandoned', status: 0, receivedAt, recordedAt: performance.now() });
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      let status: number;
      let operation: string;
      if (target.startsWith('AWSPriceListService.')) {
        operation = target.split('.').pop() ?? '';
        status = handlePricing(options.pricing ?? (pricingFixture ??= recordedPricingFixture()), target, body, res);
      } else if (target.startsWith('GraniteServiceVersion20100801.')) {
        operation = target.split('.').pop() ?? '';
        status = cloudWatch(region, target, body, res, accountId);
      } else if (service === 'bedrock' && req.method === 'GET') {
        operation = url.pathname;
        status = bedrock(region, url, res, accountId);
      } else if (target.startsWith('AWSOrganizationsV20161128.')) {
        operation = target.split('.').pop() ?? '';
        const json = 'application/x-amz-json-1.1';
        if (operation === 'ListAccounts' && options.organizationAccounts) {
          status = 200;
          send(res, 200, json, JSON.stringify({ Accounts: options.organizationAccounts }));
        } else {
          status = 400;
          send(res, 400, json, JSON.stringify({ __type: 'AWSOrganizationsNotInUseException', Message: 'Your account is not a member of an organization.' }));
        }
      } else if (service === 's3') {
        ({ status, operation } = s3(req, url, body, res));
      } else if (target.startsWith('AWSInsightsIndexService.')) {
        operation = target.split('.').pop() ?? '';
        status = handleCostExplorer(options.costExplorer ?? { perDay: [] }, target, body, res);
      } else if (target.startsWith('AmazonAthena.')) {
        operation = target.split('.').pop() ?? '';
        status = handleAthena(athenaFixtures, athenaState, target, body, res);
      } else if (target.startsWith('Logs_20140328.')) {
        operation = target.split('.').pop() ?? '';
        status = failRegions.has(region)
          ? reply(res, 400, { __type: 'AccessDeniedException', message: `User: ${CALLER_ARN} is not authorized to perform: logs:${operation} in ${region}` })
          : handleCloudWatchLogs(options.logGroups ?? [], target, body, res);
      } else if (target.startsWith('AWSStepFunctions.')) {
        operation = target.split('.').pop() ?? '';
        status = stepFunctions(region, target, body, res);
      } else if (service === 'sts') {
        operation = new URLSearchParams(body).get('Action') ?? 'unknown';
        status = sts(body, res);
      } else if (service === 'sns' || /Action=Publish/.test(body)) {
        operation = new URLSearchParams(body).get('Action') ?? 'unknown';
        status = sns(region, body, res);
      } else {
        operation = `${req.method} ${url.pathname}`;
        status = 400;
        send(res, 400, 'application/json', JSON.stringify({ message: `stub cannot route ${service} ${operation}` }));
      }
      requests.push({ service, region, operation, status, ...(accountId !== undefined ? { accountId } : {}), receivedAt, recordedAt: performance.now() });
    })().catch((error: unknown) => {
      send(res, 500, 'application/json', JSON.stringify({ message: `stub failure: ${String(error)}` }));
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    objects,
    executions,
    publishes,
    requests,
    received,
    failRegions,
    hangRegions,
    publishFailure,
    hangs,
    delays,
    throttled,
    reset: () => {
      publishes.length = 0;
      requests.length = 0;
      received.length = 0;
      objects.clear();
      executions.length = 0;
      athenaState.queries.length = 0;
      for (const group of options.logGroups ?? []) group.requests = [];
      failRegions.clear();
      for (const r of options.failRegions ?? []) failRegions.add(r);
      hangRegions.clear();
      for (const r of options.hangRegions ?? []) hangRegions.add(r);
      hangs.assumeRole.clear();
      hangs.pricing = false;
      delays.clear();
      delete publishFailure.status;
      delete publishFailure.hang;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Points every SDK client created from now on at the stub, with fake credentials. Call it before
 * importing the code under test: clients read their configuration when they are built.
 */
export function pointSdkAtStub(stub: AwsStub, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: stub.url,
    AWS_ACCESS_KEY_ID: 'AKIDSTUBSTUBSTUB',
    AWS_SECRET_ACCESS_KEY: 'stub-secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
