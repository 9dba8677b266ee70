import { memberRoleArn, parseAccountsSpec, type AccountsSpec } from '../src/aws/account-targets.js';
import { ConfigurationError } from '../src/errors.js';
import { DEFAULT_FANOUT_MIN_ITEMS, LIMIT_MESSAGE, MAX_ANALYSIS_DAYS, MAX_EVENT_MODELS, MAX_REGIONS, checkDays, checkHistoryDays } from '../src/limits.js';
import { PRICE_SOURCES, type PriceSourceKind } from '../src/service/price-source-kind.js';
import { DEFAULT_SCHEDULE_PERIOD, parseSchedulePeriod, type SchedulePeriod } from '../src/service/schedule-period.js';
import { isRegionCode } from '../src/region.js';
import { ARN_PATTERNS, partitionOfArn } from '../src/model-id.js';

/**
 * Lambda configuration, read from the environment once at cold start. A misconfigured function
 * fails at init with a message naming the variable, rather than in the middle of a run.
 */

export { MAX_ANALYSIS_DAYS, MAX_EVENT_MODELS, MAX_REGIONS };
export const DEFAULT_ANALYSIS_DAYS = 30;

const TOPIC_ARN_PATTERN = ARN_PATTERNS.snsTopic;

export interface AdvisorConfig {
  /** The advisor's own SNS topic. */
  topicArn: string;
  /** The topic's Region: the SNS client must call this Region. */
  topicRegion: string;
  /** Regions analysed by default. */
  regions: string[];
  /** Days analysed by default. */
  analysisDays: number;
  /**
   * FORECAST_HISTORY_DAYS: the forecast's long read, hourly sums of the same series over this many days
   * (ANALYSIS_DAYS to 455), one more metric requested per series; absent: the forecast fits the window alone.
   */
  forecastHistoryDays?: number;
  /** `live`: read the AWS Price List once per run (bundled catalog if it cannot be read); `bundled`: never call it. */
  priceSource: PriceSourceKind;
  /** The DynamoDB table recording which schedule periods have their digest (the digest needs it). */
  idempotencyTable?: string;
  /** One digest per this period. */
  digestPeriod: SchedulePeriod;
  /** Other accounts the digest reads (absent: the advisor's own account only). */
  accounts?: AccountsSpec;
  /** The Step Functions fan-out (absent: the digest always runs in one Lambda). */
  fanOut?: FanOutConfig;
  /**
   * The bill the digest reconciles its report with (BILL_SOURCE): `ce` Cost Explorer (the digest, or
   * the fan-out's aggregator, calls it); `athena` the CUR 2.0 export on Athena (the fan-out's state
   * machine runs the query); absent: off.
   */
  billSource?: BillSourceKind;
  /** The Athena queries of a run (the bill's with `athena`, the invocation logs' when their table is set). */
  athena?: AthenaConfig;
}

export type BillSourceKind = 'ce' | 'athena';

export interface AthenaConfig {
  /** ATHENA_WORKGROUP (default primary). */
  workGroup: string;
  /** ATHENA_RESULTS_LOCATION: `s3://bucket/prefix/`, where the query results go. */
  outputLocation: string;
  /** BILL_DATABASE, BILL_TABLE: the CUR 2.0 / Data Exports table (BILL_SOURCE=athena). */
  bill?: { database: string; table: string };
  /** INVOCATION_LOGS_DATABASE, INVOCATION_LOGS_TABLE: the table over the invocation-log bucket. */
  logs?: { database: string; table: string };
}

export interface FanOutConfig {
  /** The S3 bucket of the fan-out's runs (items, prices, partial reports). */
  bucket: string;
  /** The state machine the digest starts (the digest only; the worker and aggregator need the bucket alone). */
  stateMachineArn?: string;
  /** The digest fans out when accounts x Regions reaches this many items. */
  minItems: number;
}

function required(env: NodeJS.ProcessEnv, key: string, hint: string): string {
  const value = env[key]?.trim();
  if (!value) throw new ConfigurationError(`${key}: environment variable is not set (${hint})`);
  return value;
}

export function parseTopicArn(value: string, key = 'TOPIC_ARN'): { topicArn: string; region: string } {
  const match = TOPIC_ARN_PATTERN.exec(value);
  if (!match) throw new ConfigurationError(`${key}: expected an SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<name>), got "${value}"`);
  return { topicArn: value, region: match[1]! };
}

export function parseRegions(value: string, key = 'REGIONS'): string[] {
  const regions = [...new Set(value.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (regions.length === 0) throw new ConfigurationError(`${key}: expected a comma-separated list of AWS Regions, got "${value}"`);
  if (regions.length > MAX_REGIONS) throw new ConfigurationError(`${key}: ${LIMIT_MESSAGE.regions(regions.length)}`);
  const bad = regions.filter((r) => !isRegionCode(r));
  if (bad.length > 0) throw new ConfigurationError(`${key}: not an AWS Region name: ${bad.map((r) => `"${r}"`).join(', ')} (expected e.g. us-east-1,us-west-2)`);
  return regions;
}

export function parseAnalysisDays(value: string, key = 'ANALYSIS_DAYS'): number {
  return checkDays(value, key);
}

export function parsePriceSource(value: string, key = 'PRICE_SOURCE'): PriceSourceKind {
  const v = value.trim();
  if (!(PRICE_SOURCES as readonly string[]).includes(v)) throw new ConfigurationError(`${key}: expected ${PRICE_SOURCES.join(' or ')}, got "${value}"`);
  return v as PriceSourceKind;
}

export { checkHistoryDays };

/**
 * Reads and checks the advisor's environment:
 * - `TOPIC_ARN` (required): the SNS topic digests go to;
 * - `REGIONS` (optional): comma list of at most 30; default is the function's own Region (`AWS_REGION`);
 * - `ANALYSIS_DAYS` (optional): 1–455, default 30;
 * - `FORECAST_HISTORY_DAYS` (optional): ANALYSIS_DAYS–455, the forecast's hourly long read; default off;
 * - `PRICE_SOURCE` (optional): `live` (default) or `bundled`.
 * - `IDEMPOTENCY_TABLE` (digest only): the DynamoDB table of published periods;
 * - `DIGEST_PERIOD` (optional): day, week (default) or month: at most one digest per period.
 * - `ACCOUNT_ROLE_ARNS` (optional): comma list of member-account role ARNs to read, or
 * - `ORGANIZATION` (optional): `true` to read every active account of the organization through
 *   `MEMBER_ROLE_NAME` (default BedrockCostAdvisorReadOnly); `EXTERNAL_ID` (optional) for both.
 * - `BILL_SOURCE` (optional): `ce` or `athena` to reconcile the digest with the bill; the Athena
 *   settings (see athenaFromEnv).
 */
/** `BILL_SOURCE`: empty (off, the default), `ce` (Cost Explorer, $0.01 a request) or `athena` (the CUR 2.0 export). */
export function parseBillSource(value: string | undefined, key = 'BILL_SOURCE'): BillSourceKind | undefined {
  const v = value?.trim() ?? '';
  if (v === '') return undefined;
  if (v !== 'ce' && v !== 'athena') throw new ConfigurationError(`${key}: expected "ce" (read the bill from Cost Explorer), "athena" (query the CUR 2.0 export) or empty (off), got "${value}"`);
  return v;
}

const GLUE_NAME = /^[A-Za-z0-9_]{1,255}$/;
const S3_LOCATION = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/(?:[^\s]*\/)?$/;

function glueTable(env: NodeJS.ProcessEnv, prefix: string): { database: string; table: string } | undefined {
  const database = env[`${prefix}_DATABASE`]?.trim() ?? '';
  const table = env[`${prefix}_TABLE`]?.trim() ?? '';
  if (database === '' && table === '') return undefined;
  for (const [key, value] of [[`${prefix}_DATABASE`, database], [`${prefix}_TABLE`, table]] as const) {
    if (!GLUE_NAME.test(value)) throw new ConfigurationError(`${key}: expected a Glue name (letters, digits and underscores), got "${value}"`);
  }
  return { database, table };
}

/**
 * `ATHENA_WORKGROUP`, `ATHENA_RESULTS_LOCATION`, and the tables: `BILL_DATABASE`/`BILL_TABLE` (read
 * when BILL_SOURCE is athena) and `INVOCATION_LOGS_DATABASE`/`INVOCATION_LOGS_TABLE`. No table, no Athena.
 */
export function athenaFromEnv(env: NodeJS.ProcessEnv, billSource: BillSourceKind | undefined): AthenaConfig | undefined {
  const bill = glueTable(env, 'BILL');
  const logs = glueTable(env, 'INVOCATION_LOGS');
  if (billSource === 'athena' && !bill) throw new ConfigurationError('BILL_TABLE: BILL_SOURCE is athena but BILL_DATABASE and BILL_TABLE (the CUR 2.0 export table) are not set');
  const readsBill = billSource === 'athena' ? bill : undefined;
  if (!readsBill && !logs) return undefined;
  const outputLocation = env.ATHENA_RESULTS_LOCATION?.trim() ?? '';
  if (!S3_LOCATION.test(outputLocation)) throw new ConfigurationError(`ATHENA_RESULTS_LOCATION: expected s3://bucket/prefix/ (where Athena writes the query results), got "${outputLocation}"`);
  const workGroup = env.ATHENA_WORKGROUP?.trim() || 'primary';
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(workGroup)) throw new ConfigurationError(`ATHENA_WORKGROUP: expected an Athena workgroup name, got "${workGroup}"`);
  return { workGroup, outputLocation, ...(readsBill ? { bill: readsBill } : {}), ...(logs ? { logs } : {}) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AdvisorConfig {
  const { topicArn, region: topicRegion } = parseTopicArn(required(env, 'TOPIC_ARN', 'the ARN of the advisor SNS topic'));
  const regionsRaw = env.REGIONS?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!regionsRaw) throw new ConfigurationError('REGIONS: environment variable is not set and AWS_REGION is not set either (expected e.g. us-east-1,us-west-2)');
  const regions = parseRegions(regionsRaw, env.REGIONS?.trim() ? 'REGIONS' : 'AWS_REGION');
  const daysRaw = env.ANALYSIS_DAYS?.trim();
  const analysisDays = daysRaw ? parseAnalysisDays(daysRaw) : DEFAULT_ANALYSIS_DAYS;
  const historyRaw = env.FORECAST_HISTORY_DAYS?.trim();
  const forecastHistoryDays = historyRaw ? checkHistoryDays(historyRaw, analysisDays, 'FORECAST_HISTORY_DAYS', 'ANALYSIS_DAYS') : undefined;
  const priceSource = env.PRICE_SOURCE?.trim() ? parsePriceSource(env.PRICE_SOURCE) : 'live';
  const idempotencyTable = env.IDEMPOTENCY_TABLE?.trim();
  const periodRaw = env.DIGEST_PERIOD?.trim();
  const digestPeriod = periodRaw ? parseSchedulePeriod(periodRaw) : DEFAULT_SCHEDULE_PERIOD;
  const accounts = accountsFromEnv(env);
  const fanOut = fanOutFromEnv(env);
  const billSource = parseBillSource(env.BILL_SOURCE);
  const athena = athenaFromEnv(env, billSource);
  return {
    topicArn, topicRegion, regions, analysisDays, priceSource, digestPeriod, ...(forecastHistoryDays !== undefined ? { forecastHistoryDays } : {}),
    ...(idempotencyTable ? { idempotencyTable } : {}), ...(accounts ? { accounts } : {}), ...(fanOut ? { fanOut } : {}), ...(billSource ? { billSource } : {}), ...(athena ? { athena } : {}),
  };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STATE_MACHINE_ARN = ARN_PATTERNS.stateMachine;

/**
 * `RUN_BUCKET` (the fan-out's S3 bucket), `STATE_MACHINE_ARN` (digest only) and `FANOUT_MIN_ITEMS`
 * (default DEFAULT_FANOUT_MIN_ITEMS): no bucket, no fan-out.
 */
function fanOutFromEnv(env: NodeJS.ProcessEnv): FanOutConfig | undefined {
  const bucket = env.RUN_BUCKET?.trim();
  const stateMachineArn = env.STATE_MACHINE_ARN?.trim();
  const minRaw = env.FANOUT_MIN_ITEMS?.trim();
  if (!bucket) {
    if (stateMachineArn) throw new ConfigurationError('RUN_BUCKET: environment variable is not set, but STATE_MACHINE_ARN is (the fan-out needs both)');
    return undefined;
  }
  if (!BUCKET_NAME.test(bucket)) throw new ConfigurationError(`RUN_BUCKET: expected an S3 bucket name, got "${bucket}"`);
  if (stateMachineArn && !STATE_MACHINE_ARN.test(stateMachineArn)) throw new ConfigurationError(`STATE_MACHINE_ARN: expected a Step Functions state machine ARN, got "${stateMachineArn}"`);
  const minItems = minRaw ? Number(minRaw) : DEFAULT_FANOUT_MIN_ITEMS;
  if (!/^\d+$/.test(minRaw ?? '1') || !Number.isInteger(minItems) || minItems < 1) throw new ConfigurationError(`FANOUT_MIN_ITEMS: expected a whole number of (account, Region) items, at least 1, got "${minRaw}"`);
  return { bucket, minItems, ...(stateMachineArn ? { stateMachineArn } : {}) };
}

function accountsFromEnv(env: NodeJS.ProcessEnv): AccountsSpec | undefined {
  const roles = env.ACCOUNT_ROLE_ARNS?.trim();
  const organization = env.ORGANIZATION?.trim().toLowerCase();
  if (organization && organization !== 'true' && organization !== 'false') throw new ConfigurationError(`ORGANIZATION: expected true or false, got "${env.ORGANIZATION}"`);
  const memberRoleName = env.MEMBER_ROLE_NAME?.trim();
  const externalId = env.EXTERNAL_ID?.trim();
  return parseAccountsSpec(
    {
      ...(roles ? { accounts: roles.split(',').map((r) => r.trim()).filter((r) => r !== '').map((roleArn) => ({ roleArn })) } : {}),
      ...(organization === 'true' ? { organization: true } : {}),
      // The template passes the default name even when the organization mode is off: ignore it then.
      ...(memberRoleName && organization === 'true' ? { memberRoleName } : {}),
      ...(externalId && (roles || organization === 'true') ? { externalId } : {}),
    },
    { accounts: 'ACCOUNT_ROLE_ARNS', organization: 'ORGANIZATION', memberRoleName: 'MEMBER_ROLE_NAME', externalId: 'EXTERNAL_ID' },
  );
}

/** The manual `analyze` event, checked: every field optional, nothing else allowed. */
export interface AnalyzeEvent {
  days?: number;
  regions?: string[];
  models?: string[];
  publish?: boolean;
  /** State the commitments against the forecast (`models[].forecast`, `provisionedThroughputs[].renewal`); default true. */
  forecast?: boolean;
  /** The forecast's long read in days (the days analysed to 455), instead of FORECAST_HISTORY_DAYS. */
  historyDays?: number;
  /** From the event's `accounts` (role ARNs) or `organization` (+ `memberRoleName`, `externalId`). */
  accounts?: AccountsSpec;
}

/**
 * No field of an event nests deeper than a few levels. A deeper one (an attacker's 5,000 nested
 * arrays) would overflow the stack inside the checks and fail with a RangeError naming nothing; it is
 * refused first, with the path to where it goes too deep. Walked with a stack, not by recursion.
 */
export const MAX_EVENT_DEPTH = 16;

export function refuseDeepNesting(event: unknown, what = 'event'): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: event, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_EVENT_DEPTH) throw new ConfigurationError(`invalid ${what}: ${path || what}: nested more than ${MAX_EVENT_DEPTH} levels deep; no field of the ${what} nests like that`);
    for (const [key, child] of Object.entries(value)) pending.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth: depth + 1 });
  }
}

/**
 * The accounts an analyze event may read: only those the deployment reads. The event picks among them
 * (a few of the listed roles, or accounts of the organisation through its member role), never a role
 * of its own choosing: whoever may invoke analyze could otherwise read any account that trusts the
 * advisor and publish its data to the organisation's topic. The external ID is the deployment's own.
 */
export function accountsForEvent(requested: AccountsSpec | undefined, configured: AccountsSpec | undefined): AccountsSpec | undefined {
  if (!requested) return undefined; // the advisor's own account, as ever
  const refuse = (why: string) => new ConfigurationError(`invalid analyze event: ${why}`);
  if (!configured) throw refuse('accounts: this deployment reads no other accounts (ACCOUNT_ROLE_ARNS and ORGANIZATION are not set), so an event cannot name any');
  const configuredExternalId = configured.kind === 'organization' ? configured.externalId : configured.targets[0]?.externalId;
  if (requested.kind === 'organization') {
    if (configured.kind !== 'organization') throw refuse('organization: this deployment reads the accounts listed in ACCOUNT_ROLE_ARNS, not the organization');
    if (requested.externalId !== undefined && requested.externalId !== configured.externalId) throw refuse('externalId: set by the deployment (EXTERNAL_ID), not by the event');
    if (requested.memberRoleName !== configured.memberRoleName) throw refuse(`memberRoleName: this deployment assumes ${configured.memberRoleName} only`);
    return configured;
  }
  const allowed = configured.kind === 'roles' ? new Set(configured.targets.map((t) => t.roleArn)) : undefined;
  const targets = requested.targets.map((target, i) => {
    if (target.externalId !== undefined && target.externalId !== configuredExternalId) throw refuse(`accounts[${i}].externalId: set by the deployment (EXTERNAL_ID), not by the event`);
    const permitted = allowed
      ? allowed.has(target.roleArn)
      : configured.kind === 'organization' && target.roleArn === memberRoleArn(target.accountId, configured.memberRoleName, partitionOfArn(target.roleArn));
    if (!permitted) {
      throw refuse(`accounts[${i}].roleArn: ${target.roleArn} is not one of this deployment's member roles (${configured.kind === 'roles' ? 'ACCOUNT_ROLE_ARNS' : `${configured.memberRoleName} in an account of the organization`})`);
    }
    return { ...target, ...(configuredExternalId !== undefined ? { externalId: configuredExternalId } : {}) };
  });
  return { kind: 'roles', targets };
}

/** An accounts spec as a log line: which accounts, never an external ID. */
export function accountsForLog(accounts: AccountsSpec | undefined): string | string[] {
  if (!accounts) return 'own';
  if (accounts.kind === 'organization') return `organization, through ${accounts.memberRoleName}`;
  return accounts.targets.map((t) => t.roleArn ?? t.accountId);
}

/** IDEMPOTENCY_TABLE, the table in the function's own Region (its own stack): checked at init, the stores built on first use. */
export function idempotencyTableFromEnv(table: string | undefined): string {
  if (!table) throw new ConfigurationError('IDEMPOTENCY_TABLE: environment variable is not set (the DynamoDB table recording which periods have their digest)');
  return table;
}
